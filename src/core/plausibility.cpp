#include "core/plausibility.h"

#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace maraude {

namespace {

std::string xy(Vec2 p) {
  char b[96];
  std::snprintf(b, sizeof b, "(x = %.6g, y = %.6g)", p.x, p.y);
  return b;
}

struct Checker {
  BBox allowed;         // the region's envelope plus the margin (empty: Lambert-93 domain only)
  std::string problem;

  bool ok(Vec2 p) const {
    if (!plausible_l93(p)) return false;
    return allowed.empty() || allowed.contains(p);
  }
  // False (and `problem` set) at the first implausible vertex.
  bool check(const MultiPolygon& g, const std::string& what) {
    for (const auto& poly : g.polys)
      for (const auto& ring : poly.rings)
        for (const Vec2& p : ring)
          if (!ok(p)) return fail(p, what);
    return true;
  }
  bool check(Vec2 p, const std::string& what) { return ok(p) || fail(p, what); }
  bool fail(Vec2 p, const std::string& what) {
    problem = what + " : un sommet " + xy(p) +
              (plausible_l93(p) ? " est à plus de " + std::to_string(static_cast<int>(kRegionMarginM / 1000)) +
                                      " km de l'enveloppe de la région"
                                : " est hors du domaine du Lambert-93 (France métropolitaine)");
    return false;
  }
};

// A vertex far from both its neighbours while they are close to each other: a spike (a
// typo in one coordinate). No commune has two consecutive edges of this length.
std::string spike_of(const MultiPolygon& g) {
  for (const auto& poly : g.polys)
    for (const auto& ring : poly.rings) {
      const size_t n = ring.size();
      if (n < 4) continue;
      for (size_t i = 0; i < n; ++i) {
        const Vec2 a = ring[(i + n - 1) % n], v = ring[i], b = ring[(i + 1) % n];
        if (dist(a, v) > kSpikeM && dist(v, b) > kSpikeM && dist(a, b) < kSpikeM / 10)
          return "un sommet en pic " + xy(v) + ", à plus de " + std::to_string(static_cast<int>(kSpikeM / 1000)) +
                 " km de ses deux voisins";
      }
    }
  return {};
}

}  // namespace

bool plausible_l93(Vec2 p) {
  return std::isfinite(p.x) && std::isfinite(p.y) && p.x >= kL93MinX && p.x <= kL93MaxX && p.y >= kL93MinY &&
         p.y <= kL93MaxY;
}

std::string workspace_problem(const Workspace& ws) {
  if (ws.communes.empty()) return "la table des communes est vide";
  Checker c;
  if (!c.check(ws.region.geom, "région « " + ws.region.name + " »")) return c.problem;
  const BBox r = bbox(ws.region.geom);
  if (!r.empty()) {
    c.allowed = r;
    c.allowed.minx -= kRegionMarginM;
    c.allowed.miny -= kRegionMarginM;
    c.allowed.maxx += kRegionMarginM;
    c.allowed.maxy += kRegionMarginM;
  }
  for (const auto& d : ws.departements)
    if (!c.check(d.geom, "département " + d.code + " « " + d.name + " »")) return c.problem;
  std::unordered_set<std::string> codes;
  for (const auto& m : ws.communes) {
    const std::string what = "commune " + m.code + " « " + m.name + " »";
    if (!codes.insert(m.code).second) return "code de commune en double : " + what;
    if (m.population < 0) return what + " : population négative (" + std::to_string(m.population) + ")";
    if (static_cast<int>(m.density) < 0 || static_cast<int>(m.density) > 7)
      return what + " : niveau de densité " + std::to_string(static_cast<int>(m.density)) + " hors de la grille (0 à 7)";
    if (!std::isfinite(m.pop_15_29) || m.pop_15_29 < 0 || m.pop_15_29 > static_cast<double>(m.population) + 1)
      return what + " : population des 15-29 ans invraisemblable";
    if (!c.check(m.geom, what) || !c.check(m.anchor, what + " (point d'ancrage)")) return c.problem;
    if (const std::string spike = spike_of(m.geom); !spike.empty()) return what + " : " + spike;
  }
  // Zones d'emploi cross the region's border, and QPVs or services may come from another
  // region's files (tests, other regions): the Lambert-93 domain only.
  c.allowed = BBox{};
  for (const auto& z : ws.zones)
    if (!c.check(z.geom, "zone d'emploi " + z.code + " « " + z.name + " »")) return c.problem;
  for (const auto& q : ws.qpvs) {
    if (q.population < -1) return "QPV " + q.code + " « " + q.name + " » : population négative";
    if (q.has_perimeter && !c.check(q.perimeter, "QPV " + q.code + " « " + q.name + " »")) return c.problem;
  }
  for (const auto& s : ws.services)
    if (!c.check(s.pos, "service " + s.id + " « " + s.name + " »")) return c.problem;
  return {};
}

}  // namespace maraude
