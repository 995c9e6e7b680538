#include "io/vector_source.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <mutex>

#include "core/error.h"
#include "core/projection.h"
#include "io/ogr_convert.h"

namespace maraude::io {

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
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
  throw Error(ErrorKind::BadInput, "required field '" + name + "' is missing (fields: " + list + ")",
              path + ", layer " + layer, "rename the field in the file or map it with field.X = NAME in the manifest");
}

std::string VectorTable::where(const SourceFeature& f) const {
  return path + ", layer " + layer + ", feature " + std::to_string(f.fid);
}

VectorTable read_vector(const std::string& path, const std::string& assumed_crs, GeomExpect expect,
                        std::vector<std::string>& warnings) {
  ensure_gdal();
  if (!std::filesystem::exists(path)) throw Error(ErrorKind::MissingFile, "file not found", path);
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
    throw Error(ErrorKind::BadInput, "the file declares a CRS that PROJ does not know (" + open_msg + ")", path,
                "fix the file's 'crs' member / .prj, or reproject it to EPSG:4326 or EPSG:2154 with ogr2ogr");
  if (!ds) {
    std::string msg = open_msg;
    throw Error(ErrorKind::BadInput, "cannot be read as a vector file" + (msg.empty() ? std::string() : ": " + msg), path,
                "the file may be truncated or not GeoJSON/Shapefile/GeoPackage; download it again");
  }
  if (ds->GetLayerCount() < 1) throw Error(ErrorKind::BadInput, "the file holds no layer", path);
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
      throw Error(ErrorKind::BadInput, "unknown CRS '" + assumed_crs + "' in the manifest", where_layer,
                  "use an EPSG code such as EPSG:4326 or EPSG:2154");
  } else if (expect != GeomExpect::Any) {
    throw Error(ErrorKind::BadInput, "the layer has no CRS and the manifest gives none", where_layer,
                "add 'crs = EPSG:NNNN' to this layer's section of the manifest (or a .prj next to a shapefile)");
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
      throw Error(ErrorKind::BadInput, "no transformation from the layer's CRS to Lambert-93 (EPSG:2154)", where_layer,
                  "check the layer's CRS");
  }

  const auto layer_type = wkbFlatten(lyr->GetGeomType());
  if (expect == GeomExpect::Polygons && (layer_type == wkbPoint || layer_type == wkbMultiPoint ||
                                         layer_type == wkbLineString || layer_type == wkbMultiLineString))
    throw Error(ErrorKind::BadInput, std::string("wrong geometry type: the layer holds ") + OGRGeometryTypeToName(layer_type) +
                    ", polygons were expected", where_layer, "check that the manifest points at the right file");
  if (expect == GeomExpect::Points && (layer_type == wkbPolygon || layer_type == wkbMultiPolygon ||
                                       layer_type == wkbLineString || layer_type == wkbMultiLineString))
    throw Error(ErrorKind::BadInput, std::string("wrong geometry type: the layer holds ") + OGRGeometryTypeToName(layer_type) +
                    ", points were expected", where_layer, "check that the manifest points at the right file");

  lyr->ResetReading();
  for (auto& feat : *lyr) {
    SourceFeature f;
    f.fid = feat->GetFID();
    f.values.reserve(t.fields.size());
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      f.values.emplace_back(feat->IsFieldSetAndNotNull(i) ? feat->GetFieldAsString(i) : "");
    OGRGeometry* g = feat->GetGeometryRef();
    if (g && !g->IsEmpty() && expect != GeomExpect::Any) {
      const auto gt = wkbFlatten(g->getGeometryType());
      const bool is_poly = gt == wkbPolygon || gt == wkbMultiPolygon;
      const bool is_point = gt == wkbPoint;
      if ((expect == GeomExpect::Polygons && !is_poly) || (expect == GeomExpect::Points && !is_point))
        throw Error(ErrorKind::BadInput, std::string("wrong geometry type ") + OGRGeometryTypeToName(gt) + " (expected " +
                        (expect == GeomExpect::Polygons ? "Polygon or MultiPolygon" : "Point") + ")",
                    t.where(f), "fix or remove this feature");
      if (geographic) {
        OGREnvelope env;
        g->getEnvelope(&env);
        if (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90)
          throw Error(ErrorKind::BadInput,
                      "coordinates out of range for a geographic CRS (x " + std::to_string(env.MinX) + ".." +
                          std::to_string(env.MaxX) + "): the declared or assumed CRS is wrong",
                      t.where(f), "declare the file's real CRS (e.g. 'crs = EPSG:2154' for Lambert-93 metres)");
      }
      std::unique_ptr<OGRGeometry> owned;
      if (is_poly && !g->IsValid()) {
        CPLErrorReset();
        owned.reset(g->MakeValid());
        if (owned) {
          warnings.push_back(t.where(f) + ": invalid polygon (e.g. self-intersection) repaired with GEOS MakeValid");
          g = owned.get();
        } else {
          warnings.push_back(t.where(f) + ": invalid polygon could not be repaired; kept as is");
        }
      }
      if (ct) {
        if (!owned) owned.reset(g->clone());
        if (owned->transform(ct.get()) != OGRERR_NONE)
          throw Error(ErrorKind::BadInput, "cannot reproject this geometry to Lambert-93", t.where(f));
        g = owned.get();
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
    throw Error(ErrorKind::BadInput, "the layer is empty (0 features)", where_layer,
                "the file may be an empty extract; download it again");
  return t;
}

}  // namespace maraude::io
