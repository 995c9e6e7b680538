#include "io/vector_source.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/error.h"
#include "core/plausibility.h"
#include "core/projection.h"
#include "core/text.h"
#include "io/gdal_messages.h"
#include "io/ogr_convert.h"

namespace maraude::io {

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    install_gdal_message_handler();
    CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
  });
}

std::optional<size_t> VectorTable::column(const std::string& name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i] == name) return i;
  return std::nullopt;
}

size_t VectorTable::require(const std::string& name) const {
  if (auto c = column(name)) return *c;
  std::string list;
  for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
  throw Error(ErrorKind::BadInput, "le champ obligatoire « " + name + " » est absent (champs : " + list + ")",
              path + ", couche " + layer, "renommez le champ dans le fichier ou associez-le avec field.X = NOM dans le manifeste");
}

std::string VectorTable::where(const SourceFeature& f) const {
  return path + ", couche " + layer + ", entité " + std::to_string(f.fid);
}

VectorTable read_vector(const std::string& path, const std::string& assumed_crs, GeomExpect expect,
                        std::vector<std::string>& warnings) {
  ensure_gdal();
  if (!std::filesystem::exists(path)) throw Error(ErrorKind::MissingFile, "fichier introuvable", path);
  CPLErrorReset();
  // Collect every error GDAL reports while opening (it may report and go on, e.g. an unknown CRS).
  std::string open_msg;
  CPLPushErrorHandlerEx(
      [](CPLErr cls, CPLErrorNum, const char* msg) {
        if (cls >= CE_Failure) {
          auto* acc = static_cast<std::string*>(CPLGetErrorHandlerUserData());
          if (!acc->empty()) *acc += "; ";
          *acc += msg;
        }
      },
      &open_msg);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  CPLPopErrorHandler();
  if (ds && (open_msg.find("crs") != std::string::npos || open_msg.find("PROJ") != std::string::npos))
    throw Error(ErrorKind::BadInput, "le fichier déclare un système de coordonnées (CRS) inconnu de PROJ\n    texte d'origine (GDAL) : " + open_msg, path,
                "corrigez le membre « crs » du fichier ou son .prj, ou reprojetez-le en EPSG:4326 ou EPSG:2154 avec ogr2ogr");
  if (!ds) {
    const std::string msg = gdal_text(open_msg);
    throw Error(ErrorKind::BadInput, "illisible comme fichier vectoriel" + (msg.empty() ? std::string() : " : " + msg), path,
                "le fichier est peut-être tronqué ou n’est pas un GeoJSON, Shapefile ou GeoPackage : téléchargez-le de nouveau");
  }
  if (ds->GetLayerCount() < 1) throw Error(ErrorKind::BadInput, "le fichier ne contient aucune couche", path);
  OGRLayer* lyr = ds->GetLayer(0);
  VectorTable t;
  t.path = path;
  t.layer = lyr->GetName();
  const std::string where_layer = path + ", layer " + t.layer;

  OGRFeatureDefn* defn = lyr->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) t.fields.push_back(defn->GetFieldDefn(i)->GetNameRef());

  // CRS: the file's own, else the manifest's assumption, else an error.
  OGRSpatialReference src;
  const OGRSpatialReference* file_srs = lyr->GetSpatialRef();
  if (file_srs) {
    src = *file_srs;
  } else if (!assumed_crs.empty()) {
    if (src.SetFromUserInput(assumed_crs.c_str()) != OGRERR_NONE)
      throw Error(ErrorKind::BadInput, "CRS « " + assumed_crs + " » inconnu dans le manifeste", where_layer,
                  "utilisez un code EPSG, par exemple EPSG:4326 ou EPSG:2154");
  } else if (expect != GeomExpect::Any) {
    throw Error(ErrorKind::BadInput, "la couche n’a pas de CRS et le manifeste n’en indique aucun", where_layer,
                "ajoutez « crs = EPSG:NNNN » dans la section de cette couche du manifeste (ou un .prj à côté du shapefile)");
  }
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference dst;
  dst.importFromEPSG(2154);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct;
  const bool geographic = src.IsGeographic();
  if (!src.IsEmpty() && !src.IsSame(&dst)) {
    ct.reset(OGRCreateCoordinateTransformation(&src, &dst));
    if (!ct)
      throw Error(ErrorKind::BadInput, "aucune transformation du CRS de la couche vers Lambert-93 (EPSG:2154)", where_layer,
                  "vérifiez le CRS de la couche");
  }

  const auto layer_type = wkbFlatten(lyr->GetGeomType());
  if (expect == GeomExpect::Polygons && (layer_type == wkbPoint || layer_type == wkbMultiPoint ||
                                         layer_type == wkbLineString || layer_type == wkbMultiLineString))
    throw Error(ErrorKind::BadInput, std::string("type de géométrie inattendu : la couche contient des ") + OGRGeometryTypeToName(layer_type) +
                    ", des polygones étaient attendus", where_layer, "vérifiez que le manifeste désigne le bon fichier");
  if (expect == GeomExpect::Points && (layer_type == wkbPolygon || layer_type == wkbMultiPolygon ||
                                       layer_type == wkbLineString || layer_type == wkbMultiLineString))
    throw Error(ErrorKind::BadInput, std::string("type de géométrie inattendu : la couche contient des ") + OGRGeometryTypeToName(layer_type) +
                    ", des points étaient attendus", where_layer, "vérifiez que le manifeste désigne le bon fichier");

  lyr->ResetReading();
  for (auto& feat : *lyr) {
    SourceFeature f;
    f.fid = feat->GetFID();
    f.values.reserve(t.fields.size());
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      f.values.emplace_back(feat->IsFieldSetAndNotNull(i) ? feat->GetFieldAsString(i) : "");
      // Text is stored as UTF-8: a Latin-1 (or other) file would store broken names.
      if (!valid_utf8(f.values.back()))
        throw Error(ErrorKind::BadInput, "texte qui n'est pas de l'UTF-8 valide dans le champ « " + t.fields[i] + " »",
                    t.where(f), "le fichier est sans doute en Latin-1 (ISO-8859-1) : convertissez-le en UTF-8, par exemple "
                                "iconv -f LATIN1 -t UTF-8 ENTREE > SORTIE, ou ogr2ogr avec --config SHAPE_ENCODING");
    }
    OGRGeometry* g = feat->GetGeometryRef();
    if (g && !g->IsEmpty() && expect != GeomExpect::Any) {
      const auto gt = wkbFlatten(g->getGeometryType());
      const bool is_poly = gt == wkbPolygon || gt == wkbMultiPolygon;
      const bool is_point = gt == wkbPoint;
      if ((expect == GeomExpect::Polygons && !is_poly) || (expect == GeomExpect::Points && !is_point))
        throw Error(ErrorKind::BadInput, std::string("type de géométrie inattendu : ") + OGRGeometryTypeToName(gt) + " (attendu : " +
                        (expect == GeomExpect::Polygons ? "Polygon ou MultiPolygon" : "Point") + ")",
                    t.where(f), "corrigez ou supprimez cette entité");
      OGREnvelope declared;  // in the layer's own CRS
      g->getEnvelope(&declared);
      if (geographic) {
        const OGREnvelope& env = declared;
        if (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90)
          throw Error(ErrorKind::BadInput,
                      "coordonnées hors limites pour un CRS géographique (x " + std::to_string(env.MinX) + ".." +
                          std::to_string(env.MaxX) + ") : le CRS déclaré ou supposé est faux",
                      t.where(f), "déclarez le vrai CRS du fichier (par exemple « crs = EPSG:2154 » pour des mètres Lambert-93)");
      }
      std::unique_ptr<OGRGeometry> owned;
      if (is_poly && !g->IsValid()) {
        CPLErrorReset();
        owned.reset(g->MakeValid());
        if (owned) {
          warnings.push_back(t.where(f) + " : polygone invalide (par exemple auto-intersection) réparé avec GEOS MakeValid");
          g = owned.get();
        } else {
          warnings.push_back(t.where(f) + " : polygone invalide impossible à réparer ; gardé tel quel");
        }
      }
      if (ct) {
        if (!owned) owned.reset(g->clone());
        if (owned->transform(ct.get()) != OGRERR_NONE)
          throw Error(ErrorKind::BadInput, "impossible de reprojeter cette géométrie en Lambert-93", t.where(f));
        g = owned.get();
      }
      // Plausible for the declared CRS: once in Lambert-93, inside metropolitan France.
      {
        OGREnvelope env;
        g->getEnvelope(&env);
        if (!plausible_l93({env.MinX, env.MinY}) || !plausible_l93({env.MaxX, env.MaxY})) {
          const bool degrees_in_metres = !geographic && declared.MinX >= -180 && declared.MaxX <= 180 &&
                                         declared.MinY >= -90 && declared.MaxY <= 90;
          const char* crs_name = src.GetName() ? src.GetName() : "?";
          char box[200];
          std::snprintf(box, sizeof box, "x %.6g..%.6g, y %.6g..%.6g", declared.MinX, declared.MaxX, declared.MinY,
                        declared.MaxY);
          if (degrees_in_metres)
            throw Error(ErrorKind::BadInput,
                        std::string("coordonnées en degrés (") + box + ") dans une couche déclarée en " + crs_name +
                            ", un CRS en mètres : le CRS déclaré est faux",
                        t.where(f), "déclarez le vrai CRS du fichier (EPSG:4326 pour des longitudes et latitudes) ou reprojetez-le");
          throw Error(ErrorKind::BadInput,
                      std::string("coordonnées invraisemblables (") + box + ", CRS " + crs_name +
                          ") : hors de la France métropolitaine une fois en Lambert-93",
                      t.where(f), "corrigez ou supprimez cette entité (un sommet aberrant, ou un CRS faux)");
        }
      }
      if (expect == GeomExpect::Polygons) {
        ogr_to_multipolygon(g, f.poly);
        normalize(f.poly);
        f.has_geometry = !f.poly.empty();
      } else {
        const auto* p = g->toPoint();
        f.point = {p->getX(), p->getY()};
        f.has_geometry = true;
      }
    }
    t.features.push_back(std::move(f));
  }
  if (t.features.empty())
    throw Error(ErrorKind::BadInput, "la couche est vide (0 entité)", where_layer,
                "le fichier est peut-être un extrait vide : téléchargez-le de nouveau");
  return t;
}

}  // namespace maraude::io
