// maraude workspace copy: a whole workspace, layer by layer, between GeoPackage and PostgreSQL.
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/atomic_file.h"
#include "core/error.h"
#include "io/document_store.h"
#include "io/gdal_messages.h"
#include "io/pg.h"
#include "io/pg_workspace.h"
#include "io/road_store.h"
#include "io/workspace.h"
#include "io/workspace_internal.h"
#include "io/workspace_lock.h"

namespace fs = std::filesystem;

namespace maraude::io {

namespace {

std::string shown(const std::string& location) { return pg::is_location(location) ? pg::masked(location) : location; }

std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorKind::Workspace, "fichier du réseau routier illisible", path, "relancez maraude import");
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Every layer of `in` except the documents and the road bytes (copied apart), same fids.
size_t copy_layers(GDALDataset* in, GDALDataset* out, const std::string& where, CopyReport& rep) {
  size_t n = 0;
  for (int i = 0; i < in->GetLayerCount(); ++i) {
    OGRLayer* src = in->GetLayer(i);
    const std::string name = src->GetName();
    if (name == "documents" || name == "road_network" || detail::is_sync_layer(name)) continue;
    OGRFeatureDefn* defn = src->GetLayerDefn();
    std::vector<Col> cols;
    for (int k = 0; k < defn->GetFieldCount(); ++k) cols.push_back({defn->GetFieldDefn(k)->GetNameRef(), defn->GetFieldDefn(k)->GetType()});
    const OGRwkbGeometryType gt = defn->GetGeomFieldCount() == 0 ? wkbNone : src->GetGeomType();
    OGRLayer* dst = detail::make_workspace_layer(out, name.c_str(), gt, cols);
    src->ResetReading();
    for (auto& f : *src) {
      OGRFeature g(dst->GetLayerDefn());
      if (g.SetFrom(f.get(), TRUE) != OGRERR_NONE)
        throw Error(ErrorKind::Io, "copie impossible de l’objet " + std::to_string(f->GetFID()), where + ", couche " + name);
      g.SetFID(f->GetFID());
      if (dst->CreateFeature(&g) != OGRERR_NONE)
        throw Error(ErrorKind::Io, "écriture impossible dans la couche " + name + " : " + pg::masked(gdal_last_error()), where);
      ++n;
    }
    ++rep.layers;
  }
  return n;
}

}  // namespace

CopyReport copy_workspace(const std::string& src, const std::string& dst) {
  if (src == dst) throw Error(ErrorKind::Usage, "la source et la destination sont le même espace de travail", shown(src), "indiquez une autre destination");
  CopyReport rep;
  const auto meta = read_workspace_metadata(src);  // a Maraude workspace (French error otherwise)
  auto docs = open_document_store(src)->list("");
  rep.documents = docs.size();
  std::string blob;
  const auto sig = meta.find("roads.signature");
  if (sig != meta.end() && !sig->second.empty()) {
    blob = pg::is_location(src) ? read_pg_road_blob(src) : read_bytes(roads_path_for(src));
    rep.roads = true;
  }
  auto in = detail::open_workspace_dataset(src, false);
  const std::string where = shown(dst);
  auto fill = [&](GDALDataset* out) {
    rep.features = copy_layers(in.get(), out, where, rep);
    // PostgreSQL → GeoPackage: an offline copy, which remembers where it comes from and the
    // version of each document (maraude workspace sync).
    if (pg::is_location(src) && !pg::is_location(dst)) detail::write_sync_origin(out, src, docs);
  };
  if (pg::is_location(dst)) {
    detail::write_pg_workspace(dst, fill, &docs, &blob);
    return rep;
  }
  WorkspaceLock lock(dst);
  const std::string roads_path = roads_path_for(dst);
  std::unique_ptr<AtomicFile> roads_file;
  if (!blob.empty()) {
    roads_file = std::make_unique<AtomicFile>(roads_path);
    std::ofstream f(roads_file->tmp(), std::ios::binary);
    f.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    f.close();
    if (!f) throw Error(ErrorKind::Io, "écriture impossible du réseau routier", roads_file->tmp(), "vérifiez la place disque");
  }
  detail::write_gpkg_workspace_with(dst, fill, docs);
  if (roads_file) {
    roads_file->commit();
  } else if (fs::exists(roads_path)) {
    std::error_code ec;
    fs::remove(roads_path, ec);
  }
  return rep;
}

}  // namespace maraude::io
