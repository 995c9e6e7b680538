#include "core/projection.h"

#include <proj.h>

#include <cmath>
#include <limits>
#include <memory>

#include "core/error.h"

namespace maraude {

Projector::Projector(const std::string& from, const std::string& to) : from_(from), to_(to) {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, from.c_str(), to.c_str(), nullptr);
  if (!raw) {
    const int err = proj_context_errno(ctx);
    std::string msg = proj_context_errno_string(ctx, err);
    proj_context_destroy(ctx);
    throw Error(ErrorKind::BadInput, "impossible de construire une transformation de " + from + " vers " + to + " : " + msg,
                "PROJ", "vérifiez les noms des CRS (par exemple EPSG:4326, EPSG:2154) et que proj-data est installé");
  }
  PJ* norm = proj_normalize_for_visualization(ctx, raw);
  proj_destroy(raw);
  if (!norm) {
    proj_context_destroy(ctx);
    throw Error(ErrorKind::Internal, "impossible de normaliser la transformation " + from + " → " + to, "PROJ");
  }
  ctx_ = ctx;
  pj_ = norm;
}

Projector::~Projector() {
  if (pj_) proj_destroy(static_cast<PJ*>(pj_));
  if (ctx_) proj_context_destroy(static_cast<PJ_CONTEXT*>(ctx_));
}

Vec2 Projector::forward(Vec2 p) const {
  PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
  PJ_COORD r = proj_trans(static_cast<PJ*>(pj_), PJ_FWD, c);
  if (r.xy.x == HUGE_VAL) return {std::nan(""), std::nan("")};
  return {r.xy.x, r.xy.y};
}

Vec2 Projector::inverse(Vec2 p) const {
  PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
  PJ_COORD r = proj_trans(static_cast<PJ*>(pj_), PJ_INV, c);
  if (r.xy.x == HUGE_VAL) return {std::nan(""), std::nan("")};
  return {r.xy.x, r.xy.y};
}

void Projector::forward_in_place(MultiPolygon& mp) const {
  for (auto& poly : mp.polys)
    for (auto& ring : poly.rings) {
      if (ring.empty()) continue;
      proj_trans_generic(static_cast<PJ*>(pj_), PJ_FWD, &ring[0].x, sizeof(Vec2), ring.size(),
                         &ring[0].y, sizeof(Vec2), ring.size(), nullptr, 0, 0, nullptr, 0, 0);
    }
}

static const Projector& wgs_l93() {
  thread_local std::unique_ptr<Projector> p;
  if (!p) p = std::make_unique<Projector>(kWgs84, kLambert93);
  return *p;
}

Vec2 lonlat_to_l93(double lon, double lat) { return wgs_l93().forward({lon, lat}); }
Vec2 l93_to_lonlat(Vec2 p) { return wgs_l93().inverse(p); }

}  // namespace maraude
