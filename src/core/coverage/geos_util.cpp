#include "core/coverage/geos_util.h"

#include <geos_c.h>

#include <cstdarg>
#include <cstdio>
#include <string>

#include "core/error.h"

namespace maraude::coverage::geos {

namespace {
thread_local std::string last_error;

void on_message(const char* fmt, void*) { last_error = fmt ? fmt : "?"; }

struct Handle {
  GEOSContextHandle_t h;
  Handle() {
    h = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(h, on_message, nullptr);
  }
  ~Handle() { GEOS_finish_r(h); }
};
}  // namespace

GEOSContextHandle_t handle() {
  thread_local Handle h;
  return h.h;
}

void GeomDeleter::operator()(GEOSGeometry* g) const {
  if (g) GEOSGeom_destroy_r(handle(), g);
}
void PrepDeleter::operator()(const GEOSPreparedGeometry* g) const {
  if (g) GEOSPreparedGeom_destroy_r(handle(), g);
}

Geom check(GEOSGeometry* g, const char* op) {
  if (!g)
    throw Error(ErrorKind::Internal, std::string("échec de GEOS ") + op + " : " + last_error, "couverture",
                "la géométrie d’entrée est peut-être invalide ; relancez `maraude import` pour la réparer");
  return Geom(g);
}

static GEOSGeometry* ring_to_geos(GEOSContextHandle_t h, const Ring& r, bool linear_ring) {
  const size_t n = r.size();
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(n + 1), 2);
  for (size_t i = 0; i <= n; ++i) {
    const Vec2 v = r[i % n];
    GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), v.x, v.y);
  }
  return linear_ring ? GEOSGeom_createLinearRing_r(h, seq) : nullptr;
}

static GEOSGeometry* polygon_to_geos(GEOSContextHandle_t h, const Polygon& p) {
  std::vector<GEOSGeometry*> holes;
  GEOSGeometry* shell = nullptr;
  for (size_t k = 0; k < p.rings.size(); ++k) {
    if (p.rings[k].size() < 3) continue;
    GEOSGeometry* r = ring_to_geos(h, p.rings[k], true);
    if (!r) continue;
    if (k == 0) shell = r; else holes.push_back(r);
  }
  if (!shell) {
    for (auto* r : holes) GEOSGeom_destroy_r(h, r);
    return nullptr;
  }
  return GEOSGeom_createPolygon_r(h, shell, holes.empty() ? nullptr : holes.data(), static_cast<unsigned>(holes.size()));
}

Geom from_model(const MultiPolygon& mp) {
  GEOSContextHandle_t h = handle();
  std::vector<GEOSGeometry*> parts;
  for (const auto& p : mp.polys)
    if (GEOSGeometry* g = polygon_to_geos(h, p)) parts.push_back(g);
  if (parts.size() == 1) return Geom(parts[0]);
  return check(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.empty() ? nullptr : parts.data(),
                                           static_cast<unsigned>(parts.size())),
               "createCollection");
}

MultiPolygon union_all(const MultiPolygon& mp) {
  GEOSContextHandle_t h = handle();
  std::vector<GEOSGeometry*> parts;
  for (const auto& p : mp.polys)
    if (GEOSGeometry* g = polygon_to_geos(h, p)) parts.push_back(g);
  if (parts.empty()) return {};
  Geom coll = check(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
                    "createCollection");
  Geom u = check(GEOSUnaryUnion_r(h, coll.get()), "UnaryUnion");
  return to_model(u.get());
}

Geom from_ring(const Ring& exterior) {
  GEOSContextHandle_t h = handle();
  GEOSGeometry* r = ring_to_geos(h, exterior, true);
  return check(GEOSGeom_createPolygon_r(h, r, nullptr, 0), "createPolygon");
}

static Ring ring_from(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  Ring out;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  out.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    out.push_back({x, y});
  }
  if (out.size() > 1 && out.front().x == out.back().x && out.front().y == out.back().y) out.pop_back();
  return out;
}

static void collect(GEOSContextHandle_t h, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(h, g)) return;
    Polygon p;
    p.rings.push_back(ring_from(h, GEOSGetExteriorRing_r(h, g)));
    const int nh = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < nh; ++i) p.rings.push_back(ring_from(h, GEOSGetInteriorRingN_r(h, g, i)));
    out.polys.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collect(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

MultiPolygon to_model(const GEOSGeometry* g) {
  MultiPolygon out;
  if (g) collect(handle(), g, out);
  normalize(out);
  return out;
}

double area(const GEOSGeometry* g) {
  double a = 0;
  if (g && !GEOSisEmpty_r(handle(), g)) GEOSArea_r(handle(), g, &a);
  return a;
}

Geom clone(const GEOSGeometry* g) { return check(GEOSGeom_clone_r(handle(), g), "clone"); }
Geom empty_polygon() { return check(GEOSGeom_createEmptyPolygon_r(handle()), "createEmptyPolygon"); }
bool is_empty(const GEOSGeometry* g) { return !g || GEOSisEmpty_r(handle(), g) == 1; }

Geom make_valid(Geom g) {
  if (!g) return g;
  if (GEOSisValid_r(handle(), g.get()) == 1) return g;
  Geom v = check(GEOSMakeValid_r(handle(), g.get()), "MakeValid");
  // Keep the polygonal part only.
  MultiPolygon mp = to_model(v.get());
  return from_model(mp);
}

Prepared prepare(const GEOSGeometry* g) { return Prepared(GEOSPrepare_r(handle(), g)); }
bool prepared_contains(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
  return GEOSPreparedContains_r(handle(), p, g) == 1;
}
bool prepared_intersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
  return GEOSPreparedIntersects_r(handle(), p, g) == 1;
}

}  // namespace maraude::coverage::geos
