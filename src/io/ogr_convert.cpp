#include "io/ogr_convert.h"

namespace maraude::io {

static void append_polygon(const OGRPolygon* p, MultiPolygon& out) {
  Polygon poly;
  auto add_ring = [&](const OGRLinearRing* r) {
    Ring ring;
    ring.reserve(r->getNumPoints());
    for (int i = 0; i < r->getNumPoints(); ++i) ring.push_back({r->getX(i), r->getY(i)});
    if (ring.size() >= 3) poly.rings.push_back(std::move(ring));
  };
  if (!p->getExteriorRing()) return;
  add_ring(p->getExteriorRing());
  if (poly.rings.empty()) return;
  for (int i = 0; i < p->getNumInteriorRings(); ++i) add_ring(p->getInteriorRing(i));
  out.polys.push_back(std::move(poly));
}

void ogr_to_multipolygon(const OGRGeometry* g, MultiPolygon& out) {
  if (!g) return;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: append_polygon(g->toPolygon(), out); break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const auto* part : *g->toGeometryCollection()) ogr_to_multipolygon(part, out);
      break;
    default: break;  // lines and points (e.g. produced by MakeValid) are not polygons
  }
}

std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& mp) {
  auto out = std::make_unique<OGRMultiPolygon>();
  for (const auto& p : mp.polys) {
    auto poly = std::make_unique<OGRPolygon>();
    for (const auto& r : p.rings) {
      if (r.size() < 3) continue;
      auto ring = std::make_unique<OGRLinearRing>();
      ring->setNumPoints(static_cast<int>(r.size() + 1), FALSE);
      for (size_t i = 0; i < r.size(); ++i) ring->setPoint(static_cast<int>(i), r[i].x, r[i].y);
      ring->setPoint(static_cast<int>(r.size()), r[0].x, r[0].y);
      poly->addRingDirectly(ring.release());
    }
    if (!poly->IsEmpty()) out->addGeometryDirectly(poly.release());
  }
  return out;
}

}  // namespace maraude::io
