// Thin helpers over the reentrant GEOS C API (geos_c.h, *_r functions).
// Each thread gets its own GEOS context handle (thread_local), created on first use.
// Geometries are not tied to a handle: one made on a thread may be used or freed on
// another, as long as two threads never touch the same geometry at once.
#pragma once
#include <memory>

#include "core/geometry.h"

typedef struct GEOSContextHandle_HS* GEOSContextHandle_t;
typedef struct GEOSGeom_t GEOSGeometry;
typedef struct GEOSPrepGeom_t GEOSPreparedGeometry;

namespace maraude::coverage::geos {

// The calling thread's GEOS handle.
GEOSContextHandle_t handle();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const;
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PrepDeleter {
  void operator()(const GEOSPreparedGeometry* g) const;
};
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PrepDeleter>;

// Polygon / MultiPolygon from the model (open rings are closed here). Empty → empty collection.
Geom from_model(const MultiPolygon& mp);
Geom from_ring(const Ring& exterior);
// Back to the model: polygons of any (multi)polygon or collection; other types ignored.
MultiPolygon to_model(const GEOSGeometry* g);
double area(const GEOSGeometry* g);
// The union of the polygons of `parts` (which may overlap), as one valid multipolygon.
MultiPolygon union_all(const MultiPolygon& parts);
Geom clone(const GEOSGeometry* g);
Geom empty_polygon();
bool is_empty(const GEOSGeometry* g);
// Throws Error(Internal) with the GEOS message when `g` is null.
Geom check(GEOSGeometry* g, const char* op);
// Makes a valid geometry (GEOSMakeValid) when `g` is invalid; returns it unchanged otherwise.
Geom make_valid(Geom g);
Prepared prepare(const GEOSGeometry* g);
bool prepared_contains(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
bool prepared_intersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g);

}  // namespace maraude::coverage::geos
