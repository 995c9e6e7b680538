#include "core/coverage/engine.h"

#include <geos_c.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <cmath>
#include <set>
#include <system_error>
#include <unordered_set>

#include "core/error.h"
#include "core/parallel.h"
#include "core/text.h"
#include "core/travel_choice.h"
#include "core/region_text.h"

namespace maraude::coverage {

namespace {
constexpr double kPi = 3.14159265358979323846;

// Where a target lies with respect to a reach area, from the rings alone: wholly inside it,
// wholly outside it, or anything else (boundaries touching or crossing, an area ring inside
// the target). Inside and Outside are only said when no edge of one touches an edge of the
// other: then each ring of one lies wholly on one side of the other, and one vertex per
// ring tells which. Touching is counted generously (collinear or end on edge): Crossing.
enum class Relation { Inside, Outside, Crossing };

inline double orient(Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

bool segments_meet(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
  if (std::max(a.x, b.x) < std::min(c.x, d.x) || std::max(c.x, d.x) < std::min(a.x, b.x) ||
      std::max(a.y, b.y) < std::min(c.y, d.y) || std::max(c.y, d.y) < std::min(a.y, b.y))
    return false;
  const double o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0) return true;  // collinear or touching: not decided here
  return (o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0);
}

// Boxes of runs of kChunk consecutive ring vertices (and the vertex on either side), one list
// per ring in the order of area.polys / rings: a run whose box misses what is looked for is
// skipped whole. Road reach areas have thousands of vertices and a target meets few runs.
constexpr size_t kChunk = 32;
using ChunkBoxes = std::vector<std::vector<BBox>>;

ChunkBoxes chunk_boxes(const MultiPolygon& area) {
  ChunkBoxes out;
  for (const auto& poly : area.polys)
    for (const auto& ring : poly.rings) {
      auto& boxes = out.emplace_back();
      const size_t n = ring.size();
      for (size_t c = 0; c < n; c += kChunk) {
        BBox b;
        const size_t end = std::min(n, c + kChunk);
        b.extend(ring[(c + n - 1) % n]);
        for (size_t i = c; i < end; ++i) b.extend(ring[i]);
        b.extend(ring[end % n]);
        boxes.push_back(b);
      }
    }
  return out;
}

// contains(area, pt) (even-odd per polygon, the first polygon containing it wins), reading
// only the runs whose boxes straddle pt.y: the others hold no edge crossing the ray.
bool contains_chunked(const MultiPolygon& area, const ChunkBoxes& boxes, Vec2 pt) {
  size_t ri = 0;
  for (const auto& poly : area.polys) {
    bool inside = false;
    for (const auto& r : poly.rings) {
      const auto& rb = boxes[ri++];
      bool odd = false;
      const size_t n = r.size();
      for (size_t c = 0; c < rb.size(); ++c) {
        if (rb[c].miny > pt.y || rb[c].maxy <= pt.y) continue;
        const size_t end = std::min(n, (c + 1) * kChunk);
        for (size_t i = c * kChunk; i < end; ++i) {
          const Vec2 a = r[i], b = r[(i + n - 1) % n];
          if ((a.y > pt.y) != (b.y > pt.y)) {
            const double x = a.x + (pt.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (pt.x < x) odd = !odd;
          }
        }
      }
      if (odd) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

Relation relate_rings(const MultiPolygon& target, const BBox& tbox, const MultiPolygon& area, const BBox& abox,
                      const ChunkBoxes* boxes = nullptr) {
  if (!tbox.intersects(abox)) return Relation::Outside;
  if (boxes) {
    size_t rings = 0;
    for (const auto& poly : area.polys) rings += poly.rings.size();
    if (boxes->size() != rings) boxes = nullptr;  // not this area's: read every edge
  }
  // The target's edges, then the area's edges near the target tested against them.
  std::vector<std::pair<Vec2, Vec2>> tedges;
  for (const auto& poly : target.polys)
    for (const auto& ring : poly.rings)
      for (size_t i = 0, n = ring.size(); i < n; ++i) tedges.push_back({ring[i], ring[(i + 1) % n]});
  size_t ri = 0;
  for (const auto& poly : area.polys)
    for (const auto& ring : poly.rings) {
      const std::vector<BBox>* rb = boxes ? &(*boxes)[ri++] : nullptr;
      for (size_t i = 0, n = ring.size(); i < n; ++i) {
        if (rb && i % kChunk == 0) {
          const BBox& cb = (*rb)[i / kChunk];
          if (cb.maxx < tbox.minx || cb.minx > tbox.maxx || cb.maxy < tbox.miny || cb.miny > tbox.maxy) {
            i += kChunk - 1;  // no edge of this run comes near the target
            continue;
          }
        }
        const Vec2 a = ring[i], b = ring[(i + 1) % n];
        if (std::max(a.x, b.x) < tbox.minx || std::min(a.x, b.x) > tbox.maxx || std::max(a.y, b.y) < tbox.miny ||
            std::min(a.y, b.y) > tbox.maxy)
          continue;
        for (const auto& e : tedges)
          if (segments_meet(a, b, e.first, e.second)) return Relation::Crossing;
      }
    }
  // No contact: an area ring inside the target makes it Crossing (a hole or an island of
  // the area within the target).
  for (const auto& poly : area.polys)
    for (const auto& ring : poly.rings)
      if (!ring.empty() && tbox.contains(ring[0]) && contains(target, ring[0])) return Relation::Crossing;
  bool any_in = false, any_out = false;
  for (const auto& poly : target.polys)
    for (const auto& ring : poly.rings) {
      if (ring.empty()) continue;
      ((boxes ? contains_chunked(area, *boxes, ring[0]) : contains(area, ring[0])) ? any_in : any_out) = true;
    }
  if (any_in && !any_out) return Relation::Inside;
  if (any_out && !any_in) return Relation::Outside;
  return Relation::Crossing;
}

}

struct CoverageEngine::PointGeo {
  MultiPolygon area;  // empty when the site reaches nothing (off the road network)
  ChunkBoxes chunks;  // of the area's rings (road reach areas), for relate_rings
  BBox box;
  double inscribed = 0;  // every point closer than this to the centre is inside the ring
  double outer = 0;      // no vertex of the ring is farther than this from the centre
  Vec2 center;
  geos::Geom geom;
};

struct CoverageEngine::TargetGeo {
  geos::Geom geom;
  geos::Geom gap;
  BBox box;
};

// --- Totals / results ------------------------------------------------------------

bool TargetResult::operator==(const TargetResult& o) const {
  return covered_share == o.covered_share && gap_area_m2 == o.gap_area_m2 && uncovered_pop == o.uncovered_pop &&
         uncovered_15_29 == o.uncovered_15_29 && uncovered_neet == o.uncovered_neet && nearest == o.nearest &&
         nearest_m == o.nearest_m && nearest_s == o.nearest_s;
}

void Totals::add(const Target& t, const TargetResult& r) {
  ++targets;
  area_m2 += t.area_m2;
  gap_area_m2 += r.gap_area_m2;
  if (r.covered_share < 0.001) ++targets_fully_uncovered;
  if (!t.population_known) {
    ++targets_without_population;
    return;
  }
  population += t.population;
  pop_15_29 += t.pop_15_29;
  neet += t.neet;
  uncovered_pop += r.uncovered_pop;
  uncovered_15_29 += r.uncovered_15_29;
  uncovered_neet += r.uncovered_neet;
}

// --- Construction ----------------------------------------------------------------

CoverageEngine::CoverageEngine(const Workspace* ws, std::vector<Target> targets,
                               std::shared_ptr<const TravelModel> travel, CoverageParams params)
    : ws_(ws), targets_(std::move(targets)), travel_(std::move(travel)), params_(params.for_workspace(ws)) {
  if (!travel_) travel_ = std::make_shared<CrowFlyTravel>();
  if (params_.quadrant_segments < 1 || params_.quadrant_segments > 90)
    throw Error(ErrorKind::Usage, "quadrant_segments hors limites", "couverture", "utilisez 1..90 (8 = valeur par défaut de PostGIS)");
  if (!(params_.neet_share >= 0 && params_.neet_share <= 1))
    throw Error(ErrorKind::Usage, "part de NEET hors de [0, 1]", "couverture", "12,8 % s’écrit 0.128");
  build_target_index();
  results_.assign(targets_.size(), {});
  sum_totals();
}

CoverageEngine::~CoverageEngine() = default;

int CoverageEngine::threads() const {
  if (params_.threads > 0) return params_.threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::vector<CoverageEngine::Cell> CoverageEngine::cells_of(const BBox& b) const {
  std::vector<Cell> out;
  if (b.empty()) return out;
  const long long x0 = static_cast<long long>(std::floor(b.minx / cell_m_));
  const long long x1 = static_cast<long long>(std::floor(b.maxx / cell_m_));
  const long long y0 = static_cast<long long>(std::floor(b.miny / cell_m_));
  const long long y1 = static_cast<long long>(std::floor(b.maxy / cell_m_));
  for (long long x = x0; x <= x1; ++x)
    for (long long y = y0; y <= y1; ++y) out.push_back((x << 32) ^ (y & 0xffffffffLL));
  return out;
}

void CoverageEngine::build_target_index() {
  tgeo_.clear();
  target_cells_.clear();
  tgeo_.resize(targets_.size());
  parallel_for(targets_.size(), threads(), [&](size_t i) {
    auto g = std::make_unique<TargetGeo>();
    // The workspace holds validated geometry (import repairs it); an invalid one is
    // repaired on the first GEOS failure (compute_target), not checked up front.
    g->geom = geos::from_model(targets_[i].geom);
    g->box = bbox(targets_[i].geom);
    if (targets_[i].area_m2 <= 0) targets_[i].area_m2 = geos::area(g->geom.get());
    tgeo_[i] = std::move(g);
  });
  for (size_t i = 0; i < targets_.size(); ++i)
    for (Cell c : cells_of(tgeo_[i]->box)) target_cells_[c].push_back(i);
}

std::vector<size_t> CoverageEngine::targets_touching(const BBox& b) const {
  std::vector<size_t> out;
  for (Cell c : cells_of(b)) {
    auto it = target_cells_.find(c);
    if (it == target_cells_.end()) continue;
    for (size_t t : it->second)
      if (tgeo_[t]->box.intersects(b)) out.push_back(t);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double CoverageEngine::metric(Vec2 from, Vec2 to) const {
  return scenario_.default_reach.mode == ReachMode::Distance ? travel_->distance_m(from, to) : travel_->time_s(from, to);
}

MultiPolygon CoverageEngine::reach_shape(Vec2 c, const Reach& r) const {
  return travel_->reach_area(c, r.value, r.mode == ReachMode::Time, params_.quadrant_segments,
                             params_.time_bisection_steps)
      .area;
}

void CoverageEngine::build_point(size_t i) {
  const ServicePoint& p = scenario_.points[i];
  const Reach r = scenario_.reach_of(p);
  ReachShape shape =
      travel_->reach_area(p.pos, r.value, r.mode == ReachMode::Time, params_.quadrant_segments, params_.time_bisection_steps);
  auto g = std::make_unique<PointGeo>();
  g->center = p.pos;
  g->area = std::move(shape.area);
  g->box = bbox(g->area);
  if (travel_->on_roads()) g->chunks = chunk_boxes(g->area);
  for (const auto& poly : g->area.polys)
    for (const auto& ring : poly.rings)
      for (auto v : ring) g->outer = std::max(g->outer, dist(v, p.pos));
  g->inscribed = shape.inscribed_m;
  g->geom = geos::from_model(g->area);
  pgeo_[i] = std::move(g);
}

void CoverageEngine::index_point(size_t i, bool insert) {
  for (Cell c : cells_of(pgeo_[i]->box)) {
    auto& v = point_cells_[c];
    if (insert) {
      v.insert(std::lower_bound(v.begin(), v.end(), i), i);
    } else {
      auto it = std::lower_bound(v.begin(), v.end(), i);
      if (it != v.end() && *it == i) v.erase(it);
    }
  }
}

size_t CoverageEngine::index_of(const std::string& id) const {
  auto it = point_index_.find(id);
  if (it == point_index_.end())
    throw Error(ErrorKind::Usage, "point « " + id + " » absent du scénario « " + scenario_.name + " »", "couverture",
                "vérifiez l’identifiant du point (voir `maraude scenario list`)");
  return it->second;
}

// --- Per-target computation ----------------------------------------------------------

void CoverageEngine::compute_target(size_t t, bool serial) {
  const Target& tg = targets_[t];
  TargetGeo& g = *tgeo_[t];
  GEOSContextHandle_t h = geos::handle();
  // Candidate points: reach box meets the target box. Sorted: same order in full and incremental runs.
  std::vector<size_t> cands;
  for (Cell c : cells_of(g.box)) {
    auto it = point_cells_.find(c);
    if (it == point_cells_.end()) continue;
    for (size_t p : it->second) {
      const PointGeo& pg = *pgeo_[p];
      if (!pg.box.intersects(g.box)) continue;
      // The reach polygon lies inside the circle of radius `outer`: skip it when that
      // circle misses the target's box.
      const double dx = std::max({g.box.minx - pg.center.x, 0.0, pg.center.x - g.box.maxx});
      const double dy = std::max({g.box.miny - pg.center.y, 0.0, pg.center.y - g.box.maxy});
      if (dx * dx + dy * dy > pg.outer * pg.outer) continue;
      cands.push_back(p);
    }
  }
  std::sort(cands.begin(), cands.end());
  cands.erase(std::unique(cands.begin(), cands.end()), cands.end());

  bool full = false;
  for (size_t p : cands) {
    const PointGeo& pg = *pgeo_[p];
    // Quick test with the box corners, then every vertex of the target.
    const double r2 = pg.inscribed * pg.inscribed;
    const BBox& b = g.box;
    bool inside = dist2(pg.center, {b.minx, b.miny}) <= r2 && dist2(pg.center, {b.maxx, b.miny}) <= r2 &&
                  dist2(pg.center, {b.minx, b.maxy}) <= r2 && dist2(pg.center, {b.maxx, b.maxy}) <= r2;
    if (!inside) {
      inside = true;
      for (const auto& poly : tg.geom.polys) {
        for (const auto& ring : poly.rings) {
          for (auto v : ring)
            if (dist2(pg.center, v) > r2) { inside = false; break; }
          if (!inside) break;
        }
        if (!inside) break;
      }
    }
    if (inside) { full = true; break; }
  }

  if (full) {
    g.gap = geos::empty_polygon();
  } else if (cands.empty()) {
    g.gap = geos::clone(g.geom.get());
  } else if (travel_->on_roads()) {
    // Road reach areas are large polygons with many vertices: their union costs far more
    // than the target needs. The target minus each area in turn only ever works inside the
    // target's box (the overlay clips its inputs to it), and stops once nothing is left.
    // An area the target lies wholly inside leaves no gap; one it lies wholly outside
    // changes nothing; both are told from the rings (relate_rings), and GEOS only runs for
    // the areas whose boundary meets the target. The same order in full and incremental
    // runs (sorted candidates): same result.
    std::vector<size_t> crossing;
    bool covered = false;
    for (size_t p : cands) {
      const Relation rel = relate_rings(tg.geom, g.box, pgeo_[p]->area, pgeo_[p]->box, &pgeo_[p]->chunks);
      if (rel == Relation::Inside) {
        covered = true;
        break;
      }
      if (rel == Relation::Crossing) crossing.push_back(p);
    }
    geos::Geom gap = covered ? geos::empty_polygon() : geos::clone(g.geom.get());
    for (size_t p : covered ? std::vector<size_t>{} : crossing) {
      // The same rings either way: the point's own GEOS copy when no other thread reads it.
      geos::Geom copy;
      const GEOSGeometry* area = serial && pgeo_[p]->geom ? pgeo_[p]->geom.get() : (copy = geos::from_model(pgeo_[p]->area)).get();
      GEOSGeometry* d = GEOSDifference_r(h, gap.get(), area);
      if (!d) {  // invalid target geometry (self-intersection...): repair once and retry
        gap = geos::make_valid(std::move(gap));
        d = GEOSDifference_r(h, gap.get(), area);
      }
      gap = geos::check(d, "Difference");
      if (GEOSisEmpty_r(h, gap.get()) == 1) break;
    }
    g.gap = std::move(gap);
  } else {
    geos::Geom cover;
    // Built from the rings (plain data), so that threads never share a GEOS geometry.
    if (cands.size() == 1) {
      cover = geos::from_model(pgeo_[cands[0]]->area);
    } else {
      std::vector<GEOSGeometry*> parts;
      parts.reserve(cands.size());
      bool single = true;  // every area one polygon (the crow-fly circles): a multipolygon, as before
      for (size_t p : cands) single = single && pgeo_[p]->area.polys.size() == 1;
      for (size_t p : cands) parts.push_back(geos::from_model(pgeo_[p]->area).release());
      geos::Geom coll = geos::check(
          GEOSGeom_createCollection_r(h, single ? GEOS_MULTIPOLYGON : GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
          "createCollection");
      cover = geos::check(GEOSUnaryUnion_r(h, coll.get()), "UnaryUnion");
    }
    GEOSGeometry* d = GEOSDifference_r(h, g.geom.get(), cover.get());
    if (!d) {  // invalid target geometry (self-intersection...): repair once and retry
      g.geom = geos::make_valid(std::move(g.geom));
      d = GEOSDifference_r(h, g.geom.get(), cover.get());
    }
    g.gap = geos::check(d, "Difference");
  }

  TargetResult& r = results_[t];
  const double total = tg.area_m2;
  r.gap_area_m2 = std::min(total, geos::area(g.gap.get()));
  const double unc = total > 0 ? r.gap_area_m2 / total : 1.0;
  r.covered_share = 1.0 - unc;
  r.uncovered_pop = tg.population_known ? tg.population * unc : 0;
  r.uncovered_15_29 = tg.pop_15_29 * unc;
  r.uncovered_neet = tg.neet * unc;
}

void CoverageEngine::compute_nearest(size_t t) {
  TargetResult& r = results_[t];
  const Vec2 a = targets_[t].anchor;
  const bool by_distance = scenario_.default_reach.mode == ReachMode::Distance;
  int best = -1;
  double best_m = std::numeric_limits<double>::infinity();
  double bound = best_m;  // straight-line distance beyond which no point can beat best_m
  // Start from the straight-line nearest point: gives a tight bound at once.
  size_t first = 0;
  double dmin = std::numeric_limits<double>::infinity();
  for (size_t p = 0; p < pgeo_.size(); ++p) {
    const double d2 = dist2(pgeo_[p]->center, a);
    if (d2 < dmin) { dmin = d2; first = p; }
  }
  auto consider = [&](size_t p) {
    const double m = metric(pgeo_[p]->center, a);
    if (m < best_m || (m == best_m && static_cast<int>(p) < best)) {
      best_m = m;
      best = static_cast<int>(p);
      bound = by_distance ? best_m : travel_->max_crow_m_for_time(a, best_m);
    }
  };
  if (!pgeo_.empty()) consider(first);
  for (size_t p = 0; p < pgeo_.size(); ++p) {
    if (p == first) continue;
    if (dist2(pgeo_[p]->center, a) > bound * bound) continue;
    consider(p);
  }
  r.nearest = best;
  if (best >= 0) {
    r.nearest_m = travel_->distance_m(pgeo_[best]->center, a);
    r.nearest_s = travel_->time_s(pgeo_[best]->center, a);
  } else {
    r.nearest_m = r.nearest_s = -1;
  }
}

void CoverageEngine::update_nearest_after_move(size_t moved) {
  if (travel_->on_roads()) {
    // On a road network: the kept multi-source search is repaired around the moved point
    // (TravelModel::nearest_move), not run again over the whole graph.
    const bool by_time = scenario_.default_reach.mode == ReachMode::Time;
    if (!nearest_state_ || nearest_state_->sites.size() != pgeo_.size() || nearest_state_->by_time != by_time ||
        nearest_state_->places.size() != targets_.size()) {
      nearest_batch();
      return;
    }
    travel_->nearest_move(*nearest_state_, moved, pgeo_[moved]->center);
    copy_nearest();
    return;
  }
  const bool by_distance = scenario_.default_reach.mode == ReachMode::Distance;
  for (size_t t = 0; t < targets_.size(); ++t) {
    TargetResult& r = results_[t];
    if (r.nearest == static_cast<int>(moved) || r.nearest < 0) {
      compute_nearest(t);
      continue;
    }
    const Vec2 a = targets_[t].anchor;
    const double cur = by_distance ? r.nearest_m : r.nearest_s;
    const double d2 = dist2(pgeo_[moved]->center, a);
    if (by_distance && d2 > cur * cur) continue;
    if (!by_distance) {
      const double bound = travel_->max_crow_m_for_time(a, cur);
      if (d2 > bound * bound) continue;
    }
    const double m = metric(pgeo_[moved]->center, a);
    if (m < cur || (m == cur && static_cast<int>(moved) < r.nearest)) {
      r.nearest = static_cast<int>(moved);
      r.nearest_m = travel_->distance_m(pgeo_[moved]->center, a);
      r.nearest_s = travel_->time_s(pgeo_[moved]->center, a);
    }
  }
}

void CoverageEngine::sum_totals() {
  totals_ = {};
  for (size_t t = 0; t < targets_.size(); ++t) totals_.add(targets_[t], results_[t]);
}

// --- Scenario and edits --------------------------------------------------------------

void CoverageEngine::set_scenario(const Scenario& s) {
  validate_reach(s.default_reach, "scénario « " + s.name + " », portée par défaut");
  std::unordered_map<std::string, size_t> idx;
  for (size_t i = 0; i < s.points.size(); ++i) {
    const auto& p = s.points[i];
    if (!idx.emplace(p.id, i).second)
      throw Error(ErrorKind::BadInput, "identifiant de point en double « " + p.id + " »", "scénario « " + s.name + " »",
                  "les identifiants doivent être uniques dans un scénario");
    if (!std::isfinite(p.pos.x) || !std::isfinite(p.pos.y))
      throw Error(ErrorKind::BadInput, "coordonnées invalides", "scénario « " + s.name + " », point « " + p.id + " »",
                  "x et y sont en mètres Lambert-93");
    if (p.reach) validate_reach(*p.reach, "scénario « " + s.name + " », point « " + p.id + " »");
  }
  scenario_ = s;
  point_index_ = std::move(idx);
  recompute_all();
}

void CoverageEngine::recompute_all() {
  pgeo_.clear();
  pgeo_.resize(scenario_.points.size());
  point_cells_.clear();
  // Grid cell: about the size of a reach area, so a lookup touches a few cells.
  parallel_for(pgeo_.size(), threads(), [&](size_t i) { build_point(i); });
  for (size_t i = 0; i < pgeo_.size(); ++i) index_point(i, true);
  results_.assign(targets_.size(), {});
  const bool batch = travel_->on_roads();
  parallel_for(targets_.size(), threads(), [&](size_t t) {
    compute_target(t);
    if (!batch) compute_nearest(t);
  });
  if (batch) nearest_batch();
  sum_totals();
}

void CoverageEngine::nearest_batch() {
  // On a road network, one multi-source search from every point gives each target its
  // nearest point (the model's nearest()), instead of a search per pair.
  std::vector<Vec2> sites(pgeo_.size()), places(targets_.size());
  for (size_t p = 0; p < pgeo_.size(); ++p) sites[p] = pgeo_[p]->center;
  for (size_t t = 0; t < targets_.size(); ++t) places[t] = targets_[t].anchor;
  nearest_state_ = travel_->nearest_start(sites, places, scenario_.default_reach.mode == ReachMode::Time);
  copy_nearest();
}

void CoverageEngine::copy_nearest() {
  const auto& st = *nearest_state_;
  for (size_t t = 0; t < targets_.size(); ++t) {
    results_[t].nearest = st.site[t];
    results_[t].nearest_m = st.site[t] >= 0 ? st.metres[t] : -1;
    results_[t].nearest_s = st.site[t] >= 0 ? st.seconds[t] : -1;
  }
}

std::vector<size_t> CoverageEngine::rebuild_point(size_t i, const std::function<void()>& change) {
  // Targets under the point's old or new reach are the only ones whose coverage can change.
  const BBox old_box = pgeo_[i]->box;
  index_point(i, false);
  std::unique_ptr<PointGeo> old = std::move(pgeo_[i]);
  change();
  try {
    build_point(i);
  } catch (...) {
    pgeo_[i] = std::move(old);  // as before the call (the change stays applied, as it did)
    index_point(i, true);
    throw;
  }
  index_point(i, true);
  std::vector<size_t> touched = targets_touching(old_box);
  for (size_t t : targets_touching(pgeo_[i]->box)) touched.push_back(t);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  // The touched targets are independent (each writes only its own result and gap): with
  // several of them, two threads share them, each reading the points' areas from their
  // rings (compute_target's non-serial mode) since a GEOS geometry is not shared across
  // threads. Same operations in the same order per target: the same results either way.
  const int nthreads = touched.size() >= 4 ? std::min(threads(), 2) : 1;
  std::vector<char> redo(touched.size(), 0);
  parallel_for(
      touched.size(), nthreads,
      [&](size_t k) {
        const size_t t = touched[k];
        if (travel_->on_roads()) {
          // A target wholly outside both the old and the new area, or wholly inside both, keeps
          // its result: compute_target would meet the same areas crossing it, in the same order
          // (or find it covered again). Only the targets the moved area's boundary crosses, now
          // or before, are recomputed.
          const TargetGeo& g = *tgeo_[t];
          const Relation was = relate_rings(targets_[t].geom, g.box, old->area, old->box, &old->chunks);
          if (was != Relation::Crossing &&
              was == relate_rings(targets_[t].geom, g.box, pgeo_[i]->area, pgeo_[i]->box, &pgeo_[i]->chunks))
            return;
        }
        compute_target(t, nthreads == 1);
        redo[k] = 1;
      },
      2);
  std::vector<size_t> changed;
  changed.reserve(touched.size());
  for (size_t k = 0; k < touched.size(); ++k)
    if (redo[k]) changed.push_back(touched[k]);
  return changed;
}

CoverageEngine::Update CoverageEngine::move_point(const std::string& id, Vec2 pos) {
  if (!std::isfinite(pos.x) || !std::isfinite(pos.y))
    throw Error(ErrorKind::Usage, "position non finie pour « " + id + " »", "couverture", "donnez des mètres Lambert-93");
  const size_t i = index_of(id);
  const bool by_time = scenario_.default_reach.mode == ReachMode::Time;
  if (travel_->on_roads() && nearest_state_ && nearest_state_->sites.size() == pgeo_.size() &&
      nearest_state_->by_time == by_time && nearest_state_->places.size() == targets_.size()) {
    // On roads, the nearest sites (the kept search repaired around the new place) do not
    // depend on the reach areas: repaired on a second thread while the moved point's area
    // and the targets under it are rebuilt on this one.
    std::exception_ptr error;
    std::thread nearest;
    try {
      nearest = std::thread([&] {
        try {
          travel_->nearest_move(*nearest_state_, i, pos);
        } catch (...) {
          error = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      // no second thread: repaired below, on this one
    }
    std::vector<size_t> touched;
    try {
      touched = rebuild_point(i, [&] { scenario_.points[i].pos = pos; });
    } catch (...) {
      if (nearest.joinable()) nearest.join();
      throw;
    }
    if (nearest.joinable()) nearest.join();
    else travel_->nearest_move(*nearest_state_, i, pos);
    if (error) std::rethrow_exception(error);
    copy_nearest();
    sum_totals();
    return {totals_, touched};
  }
  std::vector<size_t> touched = rebuild_point(i, [&] { scenario_.points[i].pos = pos; });
  update_nearest_after_move(i);
  sum_totals();
  return {totals_, touched};
}

CoverageEngine::Update CoverageEngine::set_point_reach(const std::string& id, std::optional<Reach> reach) {
  const size_t i = index_of(id);
  if (reach) validate_reach(*reach, "point « " + id + " »");
  std::vector<size_t> touched = rebuild_point(i, [&] { scenario_.points[i].reach = reach; });
  sum_totals();
  return {totals_, touched};
}

CoverageEngine::Update CoverageEngine::add_point(const ServicePoint& p) {
  if (point_index_.count(p.id))
    throw Error(ErrorKind::Usage, "identifiant de point déjà utilisé « " + p.id + " »", "couverture", "choisissez un autre identifiant");
  if (!std::isfinite(p.pos.x) || !std::isfinite(p.pos.y))
    throw Error(ErrorKind::Usage, "position non finie pour « " + p.id + " »", "couverture", "donnez des mètres Lambert-93");
  if (p.reach) validate_reach(*p.reach, "point « " + p.id + " »");
  const size_t i = scenario_.points.size();
  scenario_.points.push_back(p);
  point_index_[p.id] = i;
  pgeo_.emplace_back();
  build_point(i);
  index_point(i, true);
  std::vector<size_t> touched = targets_touching(pgeo_[i]->box);
  for (size_t t : touched) compute_target(t, true);
  update_nearest_after_move(i);
  sum_totals();
  return {totals_, touched};
}

CoverageEngine::Update CoverageEngine::remove_point(const std::string& id) {
  const size_t i = index_of(id);
  Scenario s = scenario_;
  s.points.erase(s.points.begin() + static_cast<long>(i));
  set_scenario(s);
  std::vector<size_t> all(targets_.size());
  for (size_t t = 0; t < all.size(); ++t) all[t] = t;
  return {totals_, all};
}

// --- Outputs -------------------------------------------------------------------------

MultiPolygon CoverageEngine::gap(size_t t) const { return geos::to_model(tgeo_.at(t)->gap.get()); }

MultiPolygon CoverageEngine::reach_area(size_t p) const { return pgeo_.at(p)->area; }

MultiPolygon CoverageEngine::covered_area() const {
  if (pgeo_.empty()) return {};
  if (travel_->on_roads()) {
    // One multi-source search per unit of reach (distance, time), not one per point.
    MultiPolygon all;
    for (const bool by_time : {false, true}) {
      std::vector<Vec2> sites;
      std::vector<double> budgets;
      for (const auto& p : scenario_.points) {
        const Reach r = scenario_.reach_of(p);
        if ((r.mode == ReachMode::Time) != by_time) continue;
        sites.push_back(p.pos);
        budgets.push_back(r.value);
      }
      if (sites.empty()) continue;
      for (auto& poly : travel_->union_area(sites, budgets, by_time, params_.quadrant_segments).polys)
        all.polys.push_back(std::move(poly));
    }
    bool both = false;
    for (const auto& p : scenario_.points) both |= scenario_.reach_of(p).mode != scenario_.default_reach.mode;
    return both ? geos::union_all(all) : all;
  }
  GEOSContextHandle_t h = geos::handle();
  std::vector<GEOSGeometry*> parts;
  bool single = true;
  for (const auto& p : pgeo_) single = single && p->area.polys.size() == 1;
  for (const auto& p : pgeo_) parts.push_back(GEOSGeom_clone_r(h, p->geom.get()));
  geos::Geom coll = geos::check(
      GEOSGeom_createCollection_r(h, single ? GEOS_MULTIPOLYGON : GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
      "createCollection");
  geos::Geom u = geos::check(GEOSUnaryUnion_r(h, coll.get()), "UnaryUnion");
  return geos::to_model(u.get());
}

std::vector<GroupTotals> CoverageEngine::group_totals(const std::string& level) const {
  std::map<std::string, GroupTotals> groups;
  auto add = [&](const std::string& code, const std::string& name, size_t t) {
    auto& g = groups[code];
    if (g.code.empty()) {
      g.level = level;
      g.code = code;
      g.name = name;
    }
    g.totals.add(targets_[t], results_[t]);
  };
  if (level == "laureat") {
    if (!ws_) return {};
    for (const auto& l : ws_->laureates) {
      std::unordered_set<std::string> cs(l.communes.begin(), l.communes.end());
      GroupTotals g{level, l.id, l.carrier + (l.project.empty() ? "" : " — " + l.project), {}};
      for (size_t t = 0; t < targets_.size(); ++t)
        for (const auto& c : targets_[t].communes)
          if (cs.count(c)) { g.totals.add(targets_[t], results_[t]); break; }
      groups[l.id] = g;
    }
  } else {
    for (size_t t = 0; t < targets_.size(); ++t) {
      if (level == "region") {
        add(ws_ ? ws_->region.code : "", ws_ ? region_name(*ws_) : "région", t);
        continue;
      }
      const Commune* c = (ws_ && !targets_[t].communes.empty()) ? ws_->commune(targets_[t].communes[0]) : nullptr;
      if (level == "departement") {
        std::string code = c ? c->departement : (targets_[t].communes.empty() ? "" : targets_[t].communes[0].substr(0, 2));
        std::string name;
        if (ws_)
          for (const auto& d : ws_->departements)
            if (d.code == code) name = d.name;
        add(code.empty() ? "?" : code, name, t);
      } else if (level == "epci") {
        add(c && !c->epci.empty() ? c->epci : "?", c ? c->epci_name : "", t);
      } else if (level == "zone_emploi") {
        const ZoneEmploi* z = (c && ws_) ? ws_->zone(c->zone_emploi) : nullptr;
        add(c && !c->zone_emploi.empty() ? c->zone_emploi : "?", z ? z->name : "", t);
      } else {
        throw Error(ErrorKind::Usage, "niveau de totaux inconnu « " + level + " »", "couverture",
                    "utilisez region, departement, epci, zone_emploi ou laureat");
      }
    }
  }
  std::vector<GroupTotals> out;
  for (auto& [k, v] : groups) out.push_back(std::move(v));
  return out;
}

static std::string km_text(double m) { return format_fr(m / 1000, 1) + " km"; }
static std::string min_text(double s) { return format_fr(s / 60, 0) + " min"; }

std::vector<RankedGap> CoverageEngine::ranking(size_t limit) const {
  std::vector<size_t> idx;
  for (size_t t = 0; t < targets_.size(); ++t)
    if (results_[t].gap_area_m2 > 0 && (results_[t].uncovered_neet > 0 || !targets_[t].population_known))
      idx.push_back(t);
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    const bool ka = targets_[a].population_known, kb = targets_[b].population_known;
    if (ka != kb) return ka;
    if (results_[a].uncovered_neet != results_[b].uncovered_neet)
      return results_[a].uncovered_neet > results_[b].uncovered_neet;
    if (results_[a].uncovered_pop != results_[b].uncovered_pop) return results_[a].uncovered_pop > results_[b].uncovered_pop;
    return targets_[a].id < targets_[b].id;
  });
  if (limit && idx.size() > limit) idx.resize(limit);
  std::vector<RankedGap> out;
  for (size_t i = 0; i < idx.size(); ++i) {
    const Target& t = targets_[idx[i]];
    const TargetResult& r = results_[idx[i]];
    std::string reason;
    if (!t.population_known) {
      reason = "population inconnue : zone non couverte à " + format_fr(100 * (1 - r.covered_share), 0) +
               " %, à vérifier";
    } else {
      reason = format_fr(r.uncovered_neet, 0) + " NEET estimés hors de portée (" + format_fr(100 * (1 - r.covered_share), 0) +
               " % de la zone non couverte ; " + format_thousands(std::llround(t.population)) + " habitants, " +
               format_thousands(std::llround(t.pop_15_29)) + " de 15-29 ans)";
    }
    if (r.nearest >= 0) {
      const ServicePoint& p = scenario_.points[static_cast<size_t>(r.nearest)];
      reason += " ; point le plus proche : " + p.name + " à " + km_text(r.nearest_m) + " / " + min_text(r.nearest_s) +
                " (portée " + scenario_.reach_of(p).label() + ")";
    } else {
      reason += " ; aucun point de service dans le scénario";
    }
    if (t.kind == TargetKind::QpvCommuneLevel) reason += " ; QPV au niveau commune";
    out.push_back({idx[i], static_cast<int>(i + 1), reason});
  }
  return out;
}

std::vector<std::string> CoverageEngine::unreachable_points() const {
  std::vector<std::string> out;
  if (!travel_->on_roads()) return out;
  for (const auto& p : scenario_.points) {
    const double off = travel_->off_network_m(p.pos);
    if (off <= 0) continue;
    out.push_back("point « " + (p.name.empty() ? p.id : p.name) + " » (" + p.id + ") : " +
                  (std::isfinite(off) ? "à " + km_text(off) + " de la route la plus proche" : "aucune route") +
                  ", injoignable par la route : il ne couvre rien ; déplacez-le sur une route ou mesurez à vol "
                  "d'oiseau (--travel crowfly)");
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> CoverageEngine::parameters() const {
  std::vector<std::pair<std::string, std::string>> p;
  p.emplace_back("scenario", scenario_.name);
  p.emplace_back("points", std::to_string(scenario_.points.size()));
  p.emplace_back("portee_par_defaut", scenario_.default_reach.label());
  int overrides = 0;
  for (const auto& pt : scenario_.points) overrides += pt.reach ? 1 : 0;
  p.emplace_back("points_a_portee_propre", std::to_string(overrides));
  p.emplace_back("modele_de_deplacement", travel_->describe());
  const auto unreachable = unreachable_points();
  if (!unreachable.empty()) p.emplace_back("points_injoignables", std::to_string(unreachable.size()));
  p.emplace_back("mesure_de_la_portee", travel_->reach_label(scenario_.default_reach.value,
                                                               scenario_.default_reach.mode == ReachMode::Time));
  if (travel_->on_roads())
    p.emplace_back("zone_atteinte",
                   "routes atteintes dans la portée (recherche multi-sources sur le réseau routier), élargies de la "
                   "distance d'accès à pied indiquée dans le modèle de déplacement ; un point à plus de la distance "
                   "maximale d'une route n'atteint rien");
  else
  p.emplace_back("zone_atteinte",
                 "polygone de " + std::to_string(4 * params_.quadrant_segments) +
                     " sommets (quad_segs=" + std::to_string(params_.quadrant_segments) +
                     ") ; portée en distance : rayon à vol d'oiseau = portée / circuité ; portée en temps : rayon où le "
                     "temps estimé atteint la portée, par dichotomie dans chaque direction");
  p.emplace_back("part_neet", format_fr(100 * params_.neet_share, 1) + " % des 16-29 ans");
  p.emplace_back("source_part_neet", params_.neet_source);
  p.emplace_back("16_29_parmi_15_29", format_fr(100 * params_.share_16_29_in_15_29, 1) +
                                          " % (répartition uniforme des âges dans la tranche)");
  p.emplace_back("ponderation", "pondération surfacique : population non couverte = population × surface non couverte / "
                                "surface de la cible (population supposée répartie uniformément)");
  p.emplace_back("cibles", "QPV (périmètre, sinon communes du QPV, signalé) et communes rurales (densité 5-7) des zones "
                           "d'emploi au chômage supérieur à la moyenne régionale");
  p.emplace_back("point_le_plus_proche", std::string("depuis le point de référence de la cible, par ") +
                                             (scenario_.default_reach.mode == ReachMode::Distance ? "distance" : "temps") +
                                             (travel_->on_roads() ? " par la route" : " estimé(e)"));
  if (ws_)
    for (const char* k : {"import_date", "source_communes", "source_services", "rural_rule"}) {
      auto it = ws_->meta.find(k);
      if (it != ws_->meta.end()) p.emplace_back(std::string("espace_") + k, it->second);
    }
  return p;
}

// --- Helpers ---------------------------------------------------------------------------

std::vector<Candidate> commune_candidates(const Workspace& ws) {
  std::vector<Candidate> out;
  out.reserve(ws.communes.size());
  for (const auto& c : ws.communes) out.push_back({c.anchor, c.name, c.code});
  return out;
}

std::function<int(Vec2)> density_lookup(const Workspace& ws) {
  struct Index {
    double cell = 5000;
    std::unordered_map<long long, std::vector<size_t>> cells;
    std::vector<BBox> boxes;
    std::vector<const Commune*> communes;
  };
  auto idx = std::make_shared<Index>();
  for (const auto& c : ws.communes) {
    const BBox b = bbox(c.geom);
    if (b.empty()) continue;
    const size_t k = idx->communes.size();
    idx->communes.push_back(&c);
    idx->boxes.push_back(b);
    for (long long x = static_cast<long long>(std::floor(b.minx / idx->cell)); x <= std::floor(b.maxx / idx->cell); ++x)
      for (long long y = static_cast<long long>(std::floor(b.miny / idx->cell)); y <= std::floor(b.maxy / idx->cell); ++y)
        idx->cells[(x << 32) ^ (y & 0xffffffffLL)].push_back(k);
  }
  return [idx](Vec2 p) -> int {
    const long long x = static_cast<long long>(std::floor(p.x / idx->cell));
    const long long y = static_cast<long long>(std::floor(p.y / idx->cell));
    auto it = idx->cells.find((x << 32) ^ (y & 0xffffffffLL));
    if (it == idx->cells.end()) return 0;
    for (size_t k : it->second)
      if (idx->boxes[k].contains(p) && contains(idx->communes[k]->geom, p))
        return static_cast<int>(idx->communes[k]->density);
    return 0;
  };
}

std::shared_ptr<const TravelModel> default_travel(const Workspace& ws) { return travel_for(ws, TravelChoice::Auto); }

}  // namespace maraude::coverage
