// Reading a vector file (GeoJSON, Shapefile, GeoPackage... anything GDAL opens)
// into plain rows reprojected to Lambert-93, with validation: CRS present or
// assumed from the manifest, coordinates plausible for that CRS, geometry type,
// invalid polygons repaired with GEOS (through GDAL's MakeValid) and reported.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"

namespace maraude::io {

enum class GeomExpect { Polygons, Points, Any };

struct SourceFeature {
  long long fid = -1;
  std::vector<std::string> values;  // attribute values as text, in VectorTable::fields order
  MultiPolygon poly;                // when polygons are expected
  Vec2 point;                       // when points are expected
  bool has_geometry = false;
};

struct VectorTable {
  std::string path, layer;
  std::vector<std::string> fields;
  std::vector<SourceFeature> features;

  std::optional<size_t> column(const std::string& name) const;
  // Throws BadInput naming file, layer and field when absent.
  size_t require(const std::string& name) const;
  std::string where(const SourceFeature& f) const;  // "file, layer L, feature FID"
};

// `assumed_crs` is used when the file declares none; with neither, BadInput.
// Warnings (repairs, skipped empty geometries) are appended to `warnings`.
VectorTable read_vector(const std::string& path, const std::string& assumed_crs, GeomExpect expect,
                        std::vector<std::string>& warnings);

// Ensures GDAL drivers are registered (idempotent, thread-safe).
void ensure_gdal();

}  // namespace maraude::io
