#include "io/gdal_messages.h"
#include "io/roads_export.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"
#include "io/ogr_convert.h"
#include "io/ogr_write.h"
#include "io/vector_source.h"

namespace fs = std::filesystem;

namespace maraude::io {

namespace {

void require_folder(const std::string& path) {
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) throw Error(ErrorKind::Io, "le dossier de sortie n’existe pas", dir.string(), "créez-le d’abord");
}

}  // namespace

// Both writers go through core/atomic_file.h: a temporary beside the target (removed on any
// failure, and left by a killed process removed by the next write), fsync, rename.
void write_text_atomic(const std::string& path, const std::string& text) {
  require_folder(path);
  AtomicFile out(path);
  const int fd = ::open(out.tmp().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(ErrorKind::Io, std::string("impossible de créer le fichier : ") + std::strerror(errno), path);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t k = ::write(fd, text.data() + done, text.size() - done);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw Error(ErrorKind::Io, "écriture impossible : " + why, path, "vérifiez que le disque n’est pas plein");
    }
    done += static_cast<size_t>(k);
  }
  if (::close(fd) != 0)
    throw Error(ErrorKind::Io, std::string("écriture impossible : ") + std::strerror(errno), path, "vérifiez que le disque n’est pas plein");
  out.commit();
}

void write_reach_areas(const std::string& path, const std::vector<ReachArea>& areas) {
  ensure_gdal();
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool geojson = ext == ".geojson" || ext == ".json";
  if (!geojson && ext != ".gpkg")
    throw Error(ErrorKind::Usage, "format de sortie inconnu « " + ext + " »", path, "utilisez une sortie .gpkg ou .geojson");
  require_folder(path);
  AtomicFile out(path);
  const std::string& tmp = out.tmp();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "GPKG");
  if (!drv) throw Error(ErrorKind::Io, "pilote GDAL absent", path, "installez gdal-bin / libgdal");
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  try {
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(ErrorKind::Io, std::string("impossible de créer le fichier : ") + gdal_last_error(), path);
    char** opts = geojson ? CSLSetNameValue(nullptr, "RFC7946", "YES") : nullptr;
    OGRLayer* l = nullptr;
    try {
      l = create_layer(ds.get(), "zones_atteintes", wkbMultiPolygon, 2154,
                       {{"site", OFTString}, {"lon", OFTReal}, {"lat", OFTReal}, {"profil", OFTString}, {"budget", OFTReal},
                        {"unite", OFTString}, {"voies_km", OFTReal}, {"surface_km2", OFTReal}},
                       path, opts);
    } catch (...) {
      CSLDestroy(opts);
      throw;
    }
    CSLDestroy(opts);
    for (const auto& a : areas)
      add_feature(l, path, [&](OGRFeature& f) {
        f.SetField("site", a.site.c_str());
        if (a.has_point) { f.SetField("lon", a.lon); f.SetField("lat", a.lat); }
        f.SetField("profil", a.profile.c_str());
        f.SetField("budget", a.budget);
        f.SetField("unite", a.unit.c_str());
        f.SetField("voies_km", a.road_km);
        f.SetField("surface_km2", area(a.area) / 1e6);
        if (!a.area.empty()) f.SetGeometryDirectly(to_ogr(a.area).release());
      });
    ds.reset();
  } catch (...) {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    throw;  // the AtomicFile removes the temporary
  }
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  out.commit();
}

}  // namespace maraude::io
