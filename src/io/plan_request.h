// One plan request for `maraude plan` and the viewer's Tournées panel: the settings of a
// tour plan (base, horizon, teams, working day, territory, reach, travel model, stop
// constraints, pins, search budget), run_plan() which builds the candidates from the gaps
// of a coverage scenario, the travel costs, the teams, solves and traces each leg along
// the roads, and write_plan_files() which writes the field files and the French report.
// Both the command line and the window go through these, so the window exports exactly
// the files the command line writes for the same settings.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/model.h"
#include "core/routing/planner.h"
#include "core/routing/rotation.h"
#include "core/travel.h"
#include "core/travel_choice.h"
#include "io/plan_export.h"
#include "io/stop_rules.h"

namespace maraude::io {

struct PlanRequest {
  std::string base = "59178";           // INSEE code, commune name or "lon,lat" (WGS 84)
  std::optional<Vec2> base_point;       // a point picked on the map (Lambert-93): wins over `base`
  int teams = 1;                        // vehicles, all leaving from the base
  int days = 5;                         // calendar days of the horizon
  std::vector<int> days_off;            // 0-based day indices
  std::optional<Date> date;             // calendar date of day 1; unset: the next Monday
  double day_start_s = 9 * 3600.0, day_end_s = 17 * 3600.0;
  bool lunch = true;
  double lunch_open_s = 12 * 3600.0, lunch_close_s = 14 * 3600.0, lunch_s = 3600;
  double max_drive_s = 0;               // per day; 0 = no limit
  double service_s = 3 * 3600.0;        // time on site per stop
  std::string territory;                // "laureate:ID", "zone:CODE", "epci:SIREN"; "" = whole region
  std::string scenario;                 // stored scenario name; "" = the default one
  std::optional<coverage::Reach> reach; // overrides the scenario's default reach
  TravelChoice travel = TravelChoice::Auto;  // road network (car / foot) or crow-fly
  std::string stops_csv;                // columns code,must,window ("" = none), see `maraude plan`
  StopRules rules;                      // which candidates may be stops (io/stop_rules.h)
  std::map<std::string, std::pair<int, int>> pins;  // candidate target id → (team, day), 0-based
  long iterations = 20000;              // search budget (reproducible); <= 0 with `seconds`: no budget
  double seconds = 0;                   // > 0: wall-clock limit as well
  std::uint64_t seed = 1;
  // Rotation mode (core/routing/rotation.h): each chosen stop keeps a half-day slot of a
  // weekly pattern repeated every `cycle_weeks`. `days` is then ignored (the horizon is the
  // cycle), `days_off` are days of the cycle (0 = Monday of week 1), `day_start_s` /
  // `day_end_s` bound leaving and coming back to the base, the break applies only when
  // `lunch` is set, and the time on site is the slot.
  bool rotation = false;
  int cycle_weeks = 1;                  // 1, 2 or 4
  routing::WeekPattern slots = routing::default_week_pattern();
  int frequency_weeks = 0;              // every stop: 1, 2 or 4 weeks; 0 = once per cycle (--stops column `frequence` wins)
  double slot_min_s = 0;                // rotation: every slot must last at least this (--service given)
};

// One solved plan with everything the panel shows and the exports need.
struct PlanResult {
  routing::PlanInput input;
  routing::Plan plan;
  std::vector<PlanPlace> places;        // place index → place (0 = the base)
  std::vector<std::string> team_names;
  std::string territory_label;          // "région entière", "lauréat ..."
  std::string scenario_name, reach_label;
  std::string scenario_label;           // "« name », portée 3 km"
  size_t candidates = 0;                // stops offered to the planner
  double candidates_value = 0;          // estimated NEETs of every candidate
  int skipped_unknown = 0;              // gap targets of unknown population (not planned)
  std::vector<std::string> unknown_names;
  RuleOutcome rules;                    // candidates the stop rules removed, conflicts
  Date start;                           // calendar date of day 1 (resolved)
  bool stopped = false;                 // the search was stopped early (best plan so far)
  long iterations_done = 0;
  double prepare_ms = 0, solve_ms = 0;
  std::shared_ptr<const TravelModel> travel;  // what the times and distances come from
  routing::LegLines legs;               // each leg's line along the roads (empty: straight)
  const Workspace* ws = nullptr;        // the workspace planned on (must outlive the exports)
  std::string ws_path;                  // its file (written into the report parameters)
  // Rotation mode: the slot of each served stop (plan.days then cover one cycle, day =
  // 7 × week + weekday from `start`, a Monday).
  std::optional<routing::RotationPlan> rotation;
  std::string dtstamp;                  // ICS DTSTAMP ("20261205T202601Z"); empty: the time of writing
};

// The coverage engine of the last scenario, reused while the scenario, reach and travel
// choice do not change (the window re-plans often on the same scenario).
struct PlanEngineCache {
  std::shared_ptr<coverage::CoverageEngine> engine;
  std::shared_ptr<const TravelModel> travel;
  std::string key;
};

struct PlanHooks {
  const std::atomic<bool>* stop = nullptr;             // set: the search returns its best plan
  std::function<void(const std::string&)> stage;      // "lacunes du scénario", ...
  std::function<void(float)> progress;                 // 0..1
  PlanEngineCache* cache = nullptr;
};

// Checks that do not need the workspace (teams, horizon, day shape, stop length, days off).
// Throws Error(Usage / Infeasible) naming the option of `maraude plan`.
void check_request(const PlanRequest& r);

// The date of the Monday after today (local time): day 1 when the request has no date.
Date next_monday();
// "2026-03-02" → Date; `opt` names the option in the error. Throws Error(Usage).
Date parse_date(const std::string& s, const std::string& opt);

// Loads the stored scenario (`request.scenario`, or the default; `edited` wins when given,
// the default scenario when `ws_path` is empty), builds the candidates, costs and teams,
// solves and traces the legs. Throws Error.
PlanResult run_plan(const Workspace& ws, const std::string& ws_path, const PlanRequest& request,
                    const coverage::Scenario* edited = nullptr, const PlanHooks& hooks = {});

// Re-solves `result` with `pins` (candidate target id → team, day) from its current plan.
void replan_with_pins(PlanResult& result, const std::map<std::string, std::pair<int, int>>& pins,
                      const PlanRequest& request, const PlanHooks& hooks = {});

// The French report (rapport.txt, printed by `maraude plan`).
std::string plan_report(const PlanResult& result, const PlanRequest& request);

// plan.gpx, plan.kml, plan.geojson, plan.gpkg, planning.csv, planning.xlsx, planning.ics,
// roadbook.pdf, passages.pdf (rotation mode), exclus.csv (io/left_out.h) and rapport.txt into
// `dir` (created when missing). Returns the paths written.
std::vector<std::string> write_plan_files(const std::string& dir, const PlanResult& result, const PlanRequest& request);

// The output folder exists (created when missing) and is writable, else Error(Io).
void prepare_output_dir(const std::string& dir);

}  // namespace maraude::io
