// Coverage and gaps: the value types shared by the engine, the scenario store,
// the CLI and the GUI. Every length is in metres, every duration in seconds,
// every coordinate in Lambert-93 (EPSG:2154). Conversions happen at the edges.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/model.h"

namespace maraude::coverage {

// ---------------------------------------------------------------------------
// Reach: how far a service point reaches, as a road distance or a travel time
// (both estimated by the TravelModel).
enum class ReachMode { Distance, Time };

struct Reach {
  ReachMode mode = ReachMode::Distance;
  double value = 15000;  // metres (Distance) or seconds (Time)

  static Reach km(double v) { return {ReachMode::Distance, v * 1000}; }
  static Reach minutes(double v) { return {ReachMode::Time, v * 60}; }
  // "15km", "15 km", "800m", "20min", "20 min", "1h". Throws Error(Usage) with a hint.
  static Reach parse(const std::string& text, const std::string& where = "--reach");
  std::string label() const;  // "15 km", "20 min" (French decimal comma)
  std::string token() const;  // "15km", "20min" (what parse() reads back)
};
bool operator==(const Reach& a, const Reach& b);

// Hard limits: a reach below the minimum or above the maximum is refused.
constexpr double kMinReachM = 100;       // 100 m
constexpr double kMaxReachM = 100000;    // 100 km
constexpr double kMinReachS = 60;        // 1 min
constexpr double kMaxReachS = 180 * 60;  // 180 min
// Why the reach is refused (zero, negative, NaN, below the minimum, above the maximum), in
// French with the allowed range; empty when it is acceptable.
std::string reach_problem(const Reach& r);
// Throws Error(Usage) naming `where` when reach_problem() is not empty.
void validate_reach(const Reach& r, const std::string& where);

// ---------------------------------------------------------------------------
// Service points: permanences and mobile-office stops (plus the existing public
// services of the workspace, which act as fixed permanences).
struct ServicePoint {
  std::string id;                 // unique within a scenario
  ServiceKind kind = ServiceKind::Permanence;
  std::string name;
  std::string carrier;            // carrier / laureate id running it (may be empty)
  std::string vehicle;            // mobile-office stops: the vehicle
  std::string days;               // opening days (permanence) or visit days (stop): "lun,mer"
  std::string hours;              // "09:00-12:00"
  std::string commune;            // INSEE code where known
  std::string ref;                // id of a workspace service this point comes from, or empty
  Vec2 pos;
  std::optional<Reach> reach;     // overrides the scenario's default reach
};

// A named set of service points and reach settings, stored in the workspace
// `documents` table (kind "scenario"). Text format: see scenario.h.
struct Scenario {
  std::string name;
  std::string description;
  Reach default_reach;
  std::vector<ServicePoint> points;
  const ServicePoint* find(const std::string& id) const;
  Reach reach_of(const ServicePoint& p) const { return p.reach ? *p.reach : default_reach; }
};

// ---------------------------------------------------------------------------
// Targets: where the people to reach live.
enum class TargetKind {
  Qpv,              // a QPV with its perimeter
  QpvCommuneLevel,  // a QPV whose perimeter is unknown: its communes stand for it (flagged)
  RuralCommune,     // a rural commune of a high-unemployment employment zone
};
const char* target_kind_id(TargetKind k);        // "qpv", "qpv_commune", "rural"
const char* target_kind_label_fr(TargetKind k);

struct Target {
  std::string id;       // "qpv:QN05912M", "commune:02001"
  TargetKind kind = TargetKind::RuralCommune;
  std::string code, name;
  std::vector<std::string> communes;  // INSEE codes (first = the main one, used for totals)
  MultiPolygon geom;                  // the area the people live in
  double area_m2 = 0;
  Vec2 anchor;                        // reference point for distances to services
  bool population_known = false;      // false: counted in no population total, flagged
  double population = 0;
  double pop_15_29 = 0;               // estimated (commune age structure)
  double neet = 0;                    // estimated NEETs (share × 16-29)
  std::vector<std::string> flags;     // French notes: "niveau commune", "population inconnue"...
};

// Parameters of the estimation; all of them are written into every output.
struct CoverageParams {
  // Share of NEETs among 16-29 year-olds and its source. An empty source means "the
  // workspace's values" (manifest [parameters] neet_share / neet_source, default 12.8 %,
  // core/region_text.h): build_targets and the engine resolve it with for_workspace().
  double neet_share = 0.128;
  std::string neet_source;
  // The 15-29 estimate is turned into 16-29 by assuming a uniform spread over the band.
  double share_16_29_in_15_29 = 14.0 / 15.0;
  int quadrant_segments = 8;  // vertices per quarter circle of a reach area (PostGIS default quad_segs=8)
  bool include_qpv = true;
  bool include_rural = true;
  // Reach areas in minutes are star polygons found by bisection along each direction.
  int time_bisection_steps = 28;
  // Threads of a full recompute (0 = every core). Results do not depend on it.
  int threads = 0;

  // A copy with the NEET share and source taken from the workspace when none was given.
  CoverageParams for_workspace(const Workspace* ws) const;
};

// ---------------------------------------------------------------------------
// Results.
struct TargetResult {
  double covered_share = 0;     // of the target's area, 0..1
  double gap_area_m2 = 0;
  double uncovered_pop = 0, uncovered_15_29 = 0, uncovered_neet = 0;  // areal weighting
  int nearest = -1;             // index into the scenario's points; -1 when there is none
  double nearest_m = -1;        // travel-model distance from the anchor to the nearest point
  double nearest_s = -1;        // travel-model time to it
  bool operator==(const TargetResult& o) const;
};

struct Totals {
  int targets = 0;
  int targets_without_population = 0;
  int targets_fully_uncovered = 0;   // covered share below 0.1 %
  double area_m2 = 0, gap_area_m2 = 0;
  double population = 0, pop_15_29 = 0, neet = 0;
  double uncovered_pop = 0, uncovered_15_29 = 0, uncovered_neet = 0;
  void add(const Target& t, const TargetResult& r);
  double pct_pop_covered() const { return population > 0 ? 100.0 * (1 - uncovered_pop / population) : 0; }
  double pct_neet_covered() const { return neet > 0 ? 100.0 * (1 - uncovered_neet / neet) : 0; }
  double pct_area_covered() const { return area_m2 > 0 ? 100.0 * (1 - gap_area_m2 / area_m2) : 0; }
};

struct GroupTotals {
  std::string level;  // "region", "departement", "epci", "zone_emploi", "laureat"
  std::string code, name;
  Totals totals;
};

struct RankedGap {
  size_t target = 0;
  int rank = 0;           // 1-based
  std::string reason;     // French sentence: population, distance to the nearest point
};

struct Suggestion {
  struct Site {
    Vec2 pos;
    std::string label;    // commune name or the user's label
    std::string commune;  // INSEE code when the candidate is a commune anchor
    double gain_neet = 0; // newly covered NEETs when added (exact geometry, in order)
  };
  std::vector<Site> sites;
  double before_uncovered_neet = 0;
  double after_uncovered_neet = 0;      // exact recomputation with the sites added
  double greedy_gain_neet = 0;          // before - after
  double upper_bound_gain_neet = 0;     // no k sites can gain more than this (on the demand grid)
  double grid_gain_neet = 0;            // gain on the demand grid the greedy optimised
  double grid_step_m = 0;
  int candidates = 0;
  std::string method;                   // French text: lazy greedy, (1 − 1/e) guarantee...
};

struct Candidate {
  Vec2 pos;
  std::string label;
  std::string commune;
};

}  // namespace maraude::coverage
