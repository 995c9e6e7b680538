// The viewer's route planner — settings, candidate stops from the gaps of a coverage
// scenario, the multi-day tour planner on a worker thread (progress, stop request),
// pinning a stop to a day and re-optimising the rest — as plain C++ with no GL and no
// ImGui, so tests drive it headless. panel_planner.cpp draws from it; the window feeds
// route_draws() to MapRenderer::routes() each time take_routes_dirty() says so.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/model.h"
#include "app/edit_history.h"
#include "core/routing/planner.h"
#include "core/travel_choice.h"
#include "io/plan_export.h"
#include "render/route_layer.h"

namespace maraude::app {

struct PlannerSettings {
  std::string base = "59178";           // INSEE code, commune name or "lon,lat" (WGS 84)
  std::optional<Vec2> base_point;       // a point picked on the map (Lambert-93): wins over `base`
  int teams = 1;                        // vehicles, all leaving from the base
  int days = 5;                         // calendar days of the horizon
  std::vector<int> days_off;            // 0-based day indices
  double day_start_s = 9 * 3600.0, day_end_s = 17 * 3600.0;
  bool lunch = true;
  double lunch_open_s = 12 * 3600.0, lunch_close_s = 14 * 3600.0, lunch_s = 3600;
  double max_drive_s = 0;               // per day; 0 = no limit
  double service_s = 3 * 3600.0;        // time on site per stop
  std::string territory;                // "laureate:ID", "zone:CODE", "epci:SIREN"; "" = whole region
  std::string scenario;                 // stored scenario name; "" = the default one
  std::optional<coverage::Reach> reach; // overrides the scenario's default reach
  TravelChoice travel = TravelChoice::Auto;  // road network (car / foot) or crow-fly
  long iterations = 20000;              // search budget (reproducible)
  std::uint64_t seed = 1;
};

// One solved plan with everything the panel shows.
struct PlannerResult {
  routing::PlanInput input;
  routing::Plan plan;
  std::vector<io::PlanPlace> places;    // place index → place (0 = the base)
  std::vector<std::string> team_names;
  std::string territory_label, scenario_label;
  size_t candidates = 0;
  double candidates_value = 0;          // estimated NEETs of every candidate
  int skipped_unknown = 0;              // gap targets of unknown population (not planned)
  bool stopped = false;                 // the search was stopped early (best plan so far)
  long iterations_done = 0;
  std::shared_ptr<const TravelModel> travel;  // what the times and distances come from
  routing::LegLines legs;               // each leg's line along the roads (empty: straight)
};

class PlannerController {
 public:
  // `ws` must outlive the controller; `ws_path` is the workspace file (stored scenarios),
  // may be empty (default scenario only).
  PlannerController(std::shared_ptr<const Workspace> ws, std::string ws_path);
  ~PlannerController();  // stops and joins the worker
  PlannerController(const PlannerController&) = delete;
  PlannerController& operator=(const PlannerController&) = delete;

  // Plans on the worker thread (a running solve is stopped first). `scenario`, when given,
  // replaces the stored one (the viewer passes its edited scenario). Pins of stops that
  // are still candidates are kept.
  void solve(const PlannerSettings& settings, std::optional<coverage::Scenario> scenario = {});
  void request_stop();                  // the planner returns its best plan so far
  bool running() const { return running_.load(); }
  float progress() const { return progress_.load(); }  // 0..1 while running
  std::string stage() const;
  // Each frame: takes a finished solve. True when the result (or the error) changed.
  bool poll();
  void wait();                          // blocks until the worker is done, then poll()s (tests)

  const PlannerResult* result() const { return result_.get(); }
  size_t generation() const { return generation_; }  // +1 per new result
  const PlannerSettings& settings() const { return settings_; }
  std::string error;                    // last failure (French); the window shows it
  std::function<void()> on_update;      // called from the worker when poll() has news

  // ---- pinning ------------------------------------------------------------------------------
  // Pins stop `stop` (index into result()->input.stops) to `team` on `day` (0-based) and
  // re-optimises the rest from the current plan. A pin that cannot be served is refused
  // (error set, the previous plan stays).
  void pin(int stop, int team, int day);
  void unpin(int stop);
  bool pinned(int stop, int* team = nullptr, int* day = nullptr) const;
  // Undo / redo of pins: each pin or unpin keeps the pins before it; undo() brings them back
  // and re-optimises from the current plan (as a pin does).
  bool can_undo() const { return result_ && pin_history_.can_undo(); }
  bool can_redo() const { return result_ && pin_history_.can_redo(); }
  void undo();
  void redo();
  using Pins = std::map<std::string, std::pair<int, int>>;  // candidate target id → (team, day)
  const Pins& pins() const { return pins_; }
  std::function<void()> on_edit;  // after each recorded pin (the window orders the edits)
  // Where a stop is in the current plan: its DayPlan index and visit number, or false.
  bool find_visit(int stop, int* day_index, int* visit) const;

  // ---- map ----------------------------------------------------------------------------------
  // True once after the result changed: the window re-uploads the routes.
  bool take_routes_dirty() { bool d = routes_dirty_; routes_dirty_ = false; return d; }
  // One route per team-day with visits: base, stops, base; colour per day.
  std::vector<render::RouteDraw> route_draws() const;
  // The served or left-out stop nearest to `world` within `radius_m`, or -1.
  int hit_stop(Vec2 world, double radius_m) const;
  int selected_stop = -1;               // panel + map highlight

 private:
  struct Job;
  void launch(std::shared_ptr<Job> job);
  void run(std::shared_ptr<Job> job);
  void join();
  void set_pins(Pins pins);  // re-optimises with these pins from the current plan
  SnapshotStack<Pins> pin_history_;

  std::shared_ptr<const Workspace> ws_;
  std::string ws_path_;
  PlannerSettings settings_;
  std::unique_ptr<PlannerResult> result_;
  std::map<std::string, std::pair<int, int>> pins_;  // candidate target id → (team, day)
  bool routes_dirty_ = false;
  size_t generation_ = 0;

  std::thread th_;
  std::atomic<bool> running_{false}, stop_{false};
  std::atomic<float> progress_{0};
  mutable std::mutex m_;
  std::string stage_;
  std::unique_ptr<PlannerResult> finished_;  // handed from the worker to poll()
  std::string finished_error_;
  bool has_finished_ = false;
  std::map<std::string, std::pair<int, int>> failed_pins_;  // the pins to restore when a solve fails
  // The coverage engine of the last scenario (worker-only), reused while the scenario and
  // the reach do not change.
  std::shared_ptr<coverage::CoverageEngine> engine_;
  std::string engine_key_;
};

}  // namespace maraude::app
