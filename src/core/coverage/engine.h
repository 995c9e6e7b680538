// CoverageEngine: covered area, gaps, per-target figures, totals, ranking and
// the "where to add the next permanences" suggestion, with incremental updates
// while a point is dragged.
//
// Model (every figure below is stated in parameters()):
//  - the reach area of a point is the TravelModel's reach_area(): on the road network, the
//    roads reached within the budget widened by the access distance (core/roads); crow-fly,
//    a polygon of 4 × quadrant_segments vertices: for a distance reach, the straight-line
//    radius reach / circuity (the same vertices as GEOS / PostGIS ST_Buffer(quad_segs)); for
//    a time reach, in each direction the radius at which the time equals the reach (bisection);
//  - covered area = union of the reach areas; gap of a target = target − covered area;
//  - uncovered population / 15-29 / NEET of a target = its figure × gap area / target area
//    (areal weighting: people assumed spread evenly inside the target);
//  - nearest point: by road distance (or time, when the default reach is a time) from the
//    target's anchor (its commune centre, or a point inside its perimeter).
//
// Incremental updates: targets and points are kept in uniform grids; moving a point
// recomputes only the targets whose bounding box meets its old or new reach area, and
// the nearest point of every target by one comparison (a full search only for targets
// whose nearest point was the one moved). On a road network the nearest points come from
// one multi-source search kept between edits; a move repairs it around the moved point
// (only the nodes it had won or now wins are searched again, Router::move_source). Results are bit-identical to a full recompute
// (same candidate order, same GEOS operations).
//
// Threading: full recomputes spread the targets over CoverageParams::threads threads
// (default: all cores), each with its own GEOS handle. An engine is used by one thread at a time (GEOS handle per thread, see
// geos_util.h). For the GUI, CoverageWorker (worker.h) owns an engine on a worker
// thread and hands frames back.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/coverage/coverage.h"
#include "core/coverage/geos_util.h"
#include "core/model.h"
#include "core/travel.h"

namespace maraude::coverage {

class CoverageEngine {
 public:
  // `ws` may be null (synthetic tests): then group totals only know codes, not names,
  // and laureate totals are empty. When given, it must outlive the engine.
  CoverageEngine(const Workspace* ws, std::vector<Target> targets, std::shared_ptr<const TravelModel> travel,
                 CoverageParams params = {});
  ~CoverageEngine();
  CoverageEngine(const CoverageEngine&) = delete;
  CoverageEngine& operator=(const CoverageEngine&) = delete;

  // Replaces the scenario and recomputes everything. Throws Error on a bad reach or
  // a duplicate id (the region check is scenario.h's validate(), done by callers with a workspace).
  void set_scenario(const Scenario& s);
  const Scenario& scenario() const { return scenario_; }

  struct Update {
    Totals totals;
    std::vector<size_t> changed;  // targets whose gap or figures may have changed (sorted)
    bool operator==(const Update&) const = default;
  };
  // Incremental edits (the GUI's per-frame calls). Throw Error(Usage) for an unknown id
  // or a bad reach; a point moved outside the region is accepted (the GUI may pass there).
  Update move_point(const std::string& id, Vec2 new_pos);
  Update set_point_reach(const std::string& id, std::optional<Reach> reach);
  Update add_point(const ServicePoint& p);
  Update remove_point(const std::string& id);  // full recompute (indices shift)
  void recompute_all();

  const std::vector<Target>& targets() const { return targets_; }
  const std::vector<TargetResult>& results() const { return results_; }
  const Totals& totals() const { return totals_; }
  MultiPolygon gap(size_t target) const;           // uncovered part of a target
  MultiPolygon reach_area(size_t point) const;     // reach polygon of a scenario point
  MultiPolygon covered_area() const;               // union of all reach areas (for display/export)
  // Area a point at `pos` with reach `r` would cover (same construction as the engine's:
  // the travel model's reach_area()).
  MultiPolygon reach_shape(Vec2 pos, const Reach& r) const;

  // level: "region", "departement", "epci", "zone_emploi", "laureat". Sorted by code.
  std::vector<GroupTotals> group_totals(const std::string& level) const;
  // Targets with uncovered people, most uncovered NEETs first (then population, then id);
  // targets of unknown population come last, flagged. limit 0 = all.
  std::vector<RankedGap> ranking(size_t limit = 0) const;
  // k new sites among `candidates` maximising the newly covered NEETs, existing points
  // fixed, each new site with the scenario's default reach. Lazy greedy on a demand grid
  // of `grid_step_m`; figures recomputed exactly with the engine.
  Suggestion suggest(int k, const std::vector<Candidate>& candidates, double grid_step_m = 500) const;

  // Scenario points farther than the travel model's snapping limit from any road: they
  // reach nothing. One French sentence each ("point « X » : à 4,2 km de la route la plus
  // proche, injoignable par la route ; déplacez-le ..."). Empty crow-fly.
  std::vector<std::string> unreachable_points() const;

  // Every parameter in French, one "key: value" per line (written into every output).
  std::vector<std::pair<std::string, std::string>> parameters() const;
  const TravelModel& travel() const { return *travel_; }
  // The scenario's default reach as the travel model measures it, in French ("20 min en
  // voiture par la route (OpenStreetMap, profil voiture)", "15 km de route estimée = ...").
  std::string reach_label() const {
    return travel_->reach_label(scenario_.default_reach.value, scenario_.default_reach.mode == ReachMode::Time);
  }
  const CoverageParams& params() const { return params_; }
  const Workspace* workspace() const { return ws_; }

 private:
  struct PointGeo;
  struct TargetGeo;
  using Cell = long long;

  int threads() const;
  void build_target_index();
  void build_point(size_t i);
  void index_point(size_t i, bool insert);
  std::vector<size_t> targets_touching(const BBox& b) const;
  // Applies `change` to point i, rebuilds its reach and recomputes the targets it touched (old or new reach).
  std::vector<size_t> rebuild_point(size_t i, const std::function<void()>& change);
  // `serial`: called from one thread at a time (edits), so the points' GEOS areas may be
  // read directly instead of copied from their rings.
  void compute_target(size_t t, bool serial = false);
  void compute_nearest(size_t t);
  double metric(Vec2 from, Vec2 to) const;
  void update_nearest_after_move(size_t moved);
  void nearest_batch();
  void copy_nearest();  // results_' nearest fields from nearest_state_
  void sum_totals();
  size_t index_of(const std::string& id) const;
  std::vector<Cell> cells_of(const BBox& b) const;

  const Workspace* ws_;
  std::vector<Target> targets_;
  std::shared_ptr<const TravelModel> travel_;
  CoverageParams params_;
  Scenario scenario_;
  std::vector<TargetResult> results_;
  Totals totals_;
  std::vector<std::unique_ptr<TargetGeo>> tgeo_;
  std::vector<std::unique_ptr<PointGeo>> pgeo_;
  double cell_m_ = 10000;
  std::unordered_map<Cell, std::vector<size_t>> target_cells_;
  std::unordered_map<Cell, std::vector<size_t>> point_cells_;
  std::unordered_map<std::string, size_t> point_index_;
  // On a road network: the nearest-point search kept between edits (TravelModel::nearest_start).
  std::unique_ptr<TravelModel::NearestState> nearest_state_;
};

// Every commune's anchor as a candidate site (label = commune name).
std::vector<Candidate> commune_candidates(const Workspace& ws);

// A density-level lookup (INSEE grid level of the commune containing a point) for
// CrowFlyTravel, over a uniform grid of the communes' bounding boxes. Thread-safe.
std::function<int(Vec2)> density_lookup(const Workspace& ws);

// The default travel model for a workspace: travel_for(ws, TravelChoice::Auto): its car
// road network when it has one, else CrowFlyTravel with the workspace's density levels.
std::shared_ptr<const TravelModel> default_travel(const Workspace& ws);

}  // namespace maraude::coverage
