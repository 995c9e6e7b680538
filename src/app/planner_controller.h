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
#include "io/plan_request.h"
#include "render/route_layer.h"

namespace maraude::app {

// The settings of a plan and its result are the command line's (`maraude plan`): one request
// type, one function that plans, one that writes the files (io/plan_request.h).
using PlannerSettings = io::PlanRequest;
using PlannerResult = io::PlanResult;

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
  // The settings the current result was planned with (its pins are in result()->input).
  const PlannerSettings& result_settings() const { return result_settings_; }
  // Writes the current plan's files into `dir` exactly as `maraude plan --out dir` does with
  // the same settings (io::write_plan_files); a saved plan not modified since is exported
  // from the store through io::export_saved_plan, as `maraude plan export` does. Returns the paths written; throws Error
  // (no plan yet, folder not writable).
  std::vector<std::string> export_plan(const std::string& dir) const;
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

  // ---- saved plans (io/plan_store.h; planner_saved.cpp) -------------------------------------
  // Stores the current plan (its settings, pins and result) under `name` in the workspace;
  // throws Error (no plan, no workspace file, empty name, write failure). Returns the revision.
  // Versioned (io/plan_store.h save_plan_checked): on top of the version this window opened or
  // last saved under that name (another name: the version stored now). When someone else saved
  // it meanwhile nothing is overwritten: the plan is stored as « NOM (copie de MOI) », which
  // becomes the saved name, and io::DocumentConflict says who saved the original and when.
  int save_plan(const std::string& name);
  // Replaces the current plan by the stored one (stops a running solve, drops the pin
  // history); throws Error (unknown name listing the known ones, damaged document).
  void open_saved(const std::string& name);
  // Name of the stored plan the current result was saved as or opened from ("" = none).
  const std::string& saved_name() const { return saved_name_; }
  int saved_revision() const { return saved_revision_; }
  // A plan exists that differs from its stored version (or was never saved).
  bool plan_unsaved() const { return result_ && generation_ != saved_generation_; }
  bool has_store() const { return !ws_path_.empty(); }
  const std::string& workspace_path() const { return ws_path_; }

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
  PlannerSettings result_settings_;
  std::map<std::string, std::pair<int, int>> pins_;  // candidate target id → (team, day)
  bool routes_dirty_ = false;
  size_t generation_ = 0;

  std::thread th_;
  std::atomic<bool> running_{false}, stop_{false};
  std::atomic<float> progress_{0};
  mutable std::mutex m_;
  std::string stage_;
  std::unique_ptr<PlannerResult> finished_;  // handed from the worker to poll()
  PlannerSettings finished_settings_;
  std::string finished_error_;
  bool has_finished_ = false;
  std::map<std::string, std::pair<int, int>> failed_pins_;  // the pins to restore when a solve fails
  // The coverage engine of the last scenario (worker-only), reused while the scenario and
  // the reach do not change.
  io::PlanEngineCache engine_cache_;
  // Saved plans: the stored name, its revision, the result generation it matches, and whether
  // the current result holds only the stored (sparse) travel costs.
  std::string saved_name_;
  int saved_revision_ = 0;
  std::int64_t saved_version_ = 0;  // the stored document's version for saved_name_
  size_t saved_generation_ = 0;
  bool partial_costs_ = false;
};

// The Tournées panel's « Exporter le plan… »: writes the plan's files into `dir` (as
// `maraude plan --out dir`), but an existing folder that already holds files is only
// written into when `overwrite` (the user confirmed). `message` says what happened, in French.
enum class PlanExportStep { Written, AskOverwrite, Failed };
PlanExportStep export_plan_to(const PlannerController& c, const std::string& dir, bool overwrite, std::string& message);

}  // namespace maraude::app
