// Conversions between OGR geometries and the core's plain geometry (io only).
#pragma once
#include <memory>

#include <ogr_geometry.h>

#include "core/geometry.h"

namespace maraude::io {

// Appends every polygon found in g (Polygon, MultiPolygon, GeometryCollection) to out.
void ogr_to_multipolygon(const OGRGeometry* g, MultiPolygon& out);
std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& mp);

}  // namespace maraude::io
