// The viewer's coverage state — engine on a worker thread, current gaps and totals,
// the edited scenario (add, drag, delete, reach, enable per kind / laureate), the
// ranking of gaps and the scenario store — as plain C++ with no GL and no ImGui, so
// tests drive it headless. The panels (panel_coverage, panel_ranking, panel_scenarios)
// draw from it; the window feeds its gaps to MapRenderer::set_gaps each time they change.
//
// Ordering: drags go through CoverageWorker::request_move (coalesced, latest wins);
// every other edit is a job posted to the same worker that first drains the worker's
// pending frame, so poll() always applies updates in the order the engine made them.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/coverage/coverage.h"
#include "core/coverage/engine.h"
#include "core/travel_choice.h"
#include "core/coverage/worker.h"
#include "core/model.h"
#include "app/edit_history.h"

namespace maraude::io {
class DocumentWatcher;
}

namespace maraude::app {

struct GapRow {
  size_t target = 0;
  std::string name, kind;       // target name, "QPV" / "commune rurale"
  double uncovered_neet = 0, uncovered_pop = 0, uncovered_15_29 = 0;
  double population = 0;
  double covered_pct = 0;
  double nearest_km = -1;       // travel-model distance to the nearest active point; -1 none
  std::string nearest_name;
  std::string reason;           // sentence in the UI language
  BBox box;                     // for fly-to
};

struct ScenarioSummary {
  std::string name;
  coverage::Totals totals;
};

class CoverageController {
 public:
  // `ws_path` is the workspace file (scenario store); may be empty (no store: the
  // default scenario only). `ws` must outlive the controller.
  CoverageController(std::shared_ptr<const Workspace> ws, std::string ws_path);
  ~CoverageController();
  CoverageController(const CoverageController&) = delete;
  CoverageController& operator=(const CoverageController&) = delete;

  // Loads `scenario` (default: "services publics existants") and builds the engine on a
  // background thread; poll() picks it up. `reach` overrides the scenario's default reach.
  void start(const std::string& scenario = "", std::optional<coverage::Reach> reach = {});
  // Measures reach with another travel model (road network by car or on foot, crow-fly):
  // rebuilds the engines, keeping the edited scenario and its unsaved edits. Throws Error
  // (French) when the workspace has no roads.
  void set_travel(TravelChoice c);
  TravelChoice travel() const { return travel_; }
  bool has_roads() const { return ws_ && ws_->roads != nullptr; }
  // The default reach as measured, in French ("20 min en voiture par la route (OpenStreetMap,
  // profil voiture)", "15 km de route estimée = 11,5 km à vol d'oiseau").
  std::string reach_label() const;
  // How far the point is from the nearest road when the model cannot join it to the
  // network (it then covers nothing); 0 when it joins it, or crow-fly.
  double off_network_m(const coverage::ServicePoint& p) const;
  // The model the figures come from (resolved: never Auto).
  TravelChoice travel_resolved() const { return resolve(*ws_, travel_); }
  bool ready() const { return worker_ != nullptr; }
  bool starting() const { return starter_.joinable() && !ready(); }
  // Each frame: takes what the worker computed. True when totals, gaps or results changed.
  bool poll();
  // Blocks until the engine exists and every posted edit is applied, then poll()s (tests, CLI).
  void wait_idle();

  // ---- figures ------------------------------------------------------------------------------
  const coverage::Totals& totals() const { return totals_; }
  const std::vector<coverage::Target>& targets() const { return targets_; }
  const std::vector<coverage::TargetResult>& results() const { return results_; }
  const std::vector<MultiPolygon>& gaps() const { return gaps_; }  // one per target
  const MultiPolygon& covered() const { return covered_; }
  const std::vector<std::pair<std::string, std::string>>& parameters() const { return parameters_; }
  const coverage::CoverageParams& params() const { return params_; }
  // True once after the gaps (resp. covered area) changed: the window re-uploads them.
  bool take_gaps_dirty() { bool d = gaps_dirty_; gaps_dirty_ = false; return d; }
  bool take_covered_dirty() { bool d = covered_dirty_; covered_dirty_ = false; return d; }
  // Targets with uncovered people, most uncovered NEETs first; reasons in the UI language.
  std::vector<GapRow> ranking(bool english, size_t limit = 0) const;
  std::string error;  // last refused edit or failed load (French); the window shows it
  // Called from the engine's threads when new results are waiting for poll() (the window
  // wakes its event loop with it). Set before start().
  std::function<void()> on_update;

  // ---- the edited scenario ------------------------------------------------------------------
  const coverage::Scenario& scenario() const { return scenario_; }
  bool modified() const { return modified_; }
  bool active(const coverage::ServicePoint& p) const;
  int find_point(const std::string& id) const;  // index into scenario().points, -1
  // Outline of the area a point reaches (same construction as the engine), for display;
  // empty before the engine is ready.
  // Reach area of a point as the engine builds it (cached for the last point asked).
  const MultiPolygon& reach_shape(const coverage::ServicePoint& p) const;
  // Index of the point nearest to `world` within `radius_m`, or -1.
  int hit_test(Vec2 world, double radius_m) const;
  std::string add_point(Vec2 pos, ServiceKind kind = ServiceKind::Permanence);
  // Adds these points (ids not already used) as one edit (one undo step). Returns how many.
  size_t add_points(std::vector<coverage::ServicePoint> points);
  void move_point(const std::string& id, Vec2 pos);  // while dragging: every frame
  void end_drag(const std::string& id);              // applies the last position, refreshes the covered area
  void remove_point(const std::string& id);
  void set_point_reach(const std::string& id, std::optional<coverage::Reach> reach);
  void set_default_reach(const coverage::Reach& r);
  void set_kind_enabled(ServiceKind k, bool on);
  bool kind_enabled(ServiceKind k) const { return !disabled_kinds_.count(static_cast<int>(k)); }
  void set_carrier_enabled(const std::string& carrier, bool on);
  bool carrier_enabled(const std::string& c) const { return !disabled_carriers_.count(c); }
  std::vector<std::string> carriers() const;  // carriers of the scenario's points, sorted
  std::string selected_point;                 // id, or empty

  // ---- undo / redo ------------------------------------------------------------------------
  // Every edit above (add, move — one step per drag —, delete, reach, enable per kind or
  // carrier) keeps the state before it; undo() brings it back (the engine recomputes), redo()
  // the state undone. Loading or switching scenario drops the history. Nothing while a
  // presentation shows another scenario.
  struct EditState {
    coverage::Scenario scenario;
    std::set<int> disabled_kinds;
    std::set<std::string> disabled_carriers;
    std::string selected_point;
  };
  EditState edit_state() const { return {scenario_, disabled_kinds_, disabled_carriers_, selected_point}; }
  bool can_undo() const { return !kept_ && history_.can_undo(); }
  bool can_redo() const { return !kept_ && history_.can_redo(); }
  void undo();
  void redo();
  std::function<void()> on_edit;             // after each recorded edit (the window orders them)
  std::function<void()> on_history_cleared;  // the history was dropped (another scenario)

  // ---- scenario store -----------------------------------------------------------------------
  bool has_store() const { return !ws_path_.empty(); }
  std::vector<std::string> scenario_names() const;
  // Drops unsaved edits: the Scénarios panel asks first (request_scenario_action, close_guard.h).
  void switch_to(const std::string& name);
  // Under the current name. For the paths that cannot ask (close guard, « Enregistrer puis
  // changer »): when someone saved it meanwhile, the edits are kept as a copy (DocumentConflict
  // names it) and the window goes on with it. The panel's « Enregistrer » uses try_save().
  void save();
  // Saves of stored scenarios by others since the last call (PostgreSQL workspace: LISTEN /
  // NOTIFY, never blocks), one French line each — « X » modifié par Y à HH:MM —; always empty
  // for a GeoPackage. This window's own saves are not reported.
  std::vector<std::string> remote_changes();
  // A copy with the current edits; becomes current. Refused when another stored scenario
  // has that name (it would be overwritten).
  void save_as(const std::string& name);
  void duplicate(const std::string& from, const std::string& to);
  void rename(const std::string& from, const std::string& to);
  void remove(const std::string& name);
  // Presenter mode: a story view shows a stored scenario without losing the edited one.
  // The first show_scenario() of another name keeps the edited scenario aside (its points,
  // unsaved edits, "modified" flag and selected point); showing its name again brings those
  // edits back rather than the stored version; end_showing() restores it (leaving the
  // presentation). Only once ready(). Throws, with nothing changed, when `name` cannot be loaded.
  void show_scenario(const std::string& name);
  void end_showing();
  bool showing_other() const { return kept_.has_value(); }
  // Unsaved edits of the edited scenario, including the one kept aside while presenting
  // another (the close guard lists and saves them). Empty name: nothing unsaved.
  std::string unsaved_scenario() const;
  // Saves the edited scenario (the kept one when a presentation shows another) without
  // leaving the presentation. Throws Error, with the edits still unsaved, on failure.
  void save_unsaved();
  // Totals of a stored scenario with the current reach settings (a synchronous full compute
  // on a private engine; for the A/B comparison).
  ScenarioSummary summarize(const std::string& name) const;

  // ---- a save refused because someone else saved meanwhile (issue 16) -----------------------
  // The window's « Enregistrer » goes through try_save(): when the stored scenario is no longer
  // the version this window read, nothing is written, the edits stay, and conflict() says who
  // saved and when; the dialog (app/save_conflict.h) then offers the three ways out below.
  struct SaveConflict {
    std::string name;                          // the edited scenario
    std::string changed_by;                    // "modifié par alice à 14:32" ("supprimé")
    std::string author, updated;               // theirs (empty when deleted)
    std::optional<coverage::Scenario> theirs;  // the stored one now; nullopt: deleted meanwhile
    std::int64_t their_version = 0;
  };
  // Saves under the current name (true), or writes nothing and sets conflict() (false).
  // Throws Error like save() for any other failure.
  bool try_save();
  const std::optional<SaveConflict>& conflict() const { return conflict_; }
  void clear_conflict() { conflict_.reset(); }
  // « Garder la mienne (copie) »: the edits are stored as a new scenario « NOM (copie de MOI) »
  // (MOI: the store's user; numbered « … 2 » when taken), which becomes the edited one; the
  // other's version stays as it is. Returns the copy's name.
  std::string keep_mine_as_copy();
  // « Prendre la leur »: the stored version replaces the edits (lost: the dialog confirms
  // first); deleted meanwhile: the default scenario is shown.
  void take_theirs();
  // « Comparer »: totals of the edits (A) and of the stored version (B), same reach settings.
  // Throws Error(Usage) when theirs was deleted.
  std::pair<ScenarioSummary, ScenarioSummary> compare_conflict() const;

 private:
  struct Pending;
  coverage::Scenario engine_scenario() const;  // the active points only
  void post_full();                             // set_scenario(engine_scenario()) on the worker
  void post_edit(std::function<coverage::CoverageEngine::Update(coverage::CoverageEngine&)> edit,
                 bool refresh_covered);
  void apply_frame(coverage::CoverageFrame& f);

  std::shared_ptr<const Workspace> ws_;
  // The stored version each scenario was read at (io/scenario_store.h): a save checks it,
  // so a scenario changed meanwhile by someone else is never overwritten.
  std::map<std::string, std::int64_t> base_versions_;
  std::shared_ptr<io::DocumentWatcher> watcher_;  // opened on the first remote_changes()
  bool watch_tried_ = false;
  coverage::Scenario load_tracked(const std::string& name);
  std::string ws_path_;
  coverage::CoverageParams params_;
  std::vector<coverage::Target> targets_;
  std::vector<coverage::TargetResult> results_;
  std::vector<MultiPolygon> gaps_;
  MultiPolygon covered_;
  coverage::Totals totals_;
  std::vector<std::pair<std::string, std::string>> parameters_;
  bool gaps_dirty_ = false, covered_dirty_ = false, modified_ = false;
  coverage::Scenario scenario_;
  std::set<int> disabled_kinds_;
  std::set<std::string> disabled_carriers_;
  int next_id_ = 1;
  struct Kept {
    coverage::Scenario scenario;
    bool modified = false;
    std::string selected_point;
  };
  std::optional<Kept> kept_;  // the edited scenario while presenting another one
  std::optional<SaveConflict> conflict_;
  ScenarioSummary summarize_scenario(coverage::Scenario s) const;  // active points only
  SnapshotStack<EditState> history_;
  bool in_drag_ = false;  // a drag's first move recorded the state before it
  void record_edit();     // before an edit: keeps the current state
  void clear_history();
  void restore(EditState st);

  std::thread starter_;
  std::unique_ptr<coverage::CoverageWorker> worker_;
  void launch();  // builds the engines for scenario_ on the starter thread
  TravelChoice travel_ = TravelChoice::Auto;
  std::unique_ptr<coverage::CoverageEngine> shapes_;  // no targets: reach areas on the UI thread
  struct ReachCache {
    bool valid = false;
    Vec2 pos;
    coverage::Reach reach;
    const coverage::CoverageEngine* engine = nullptr;
    MultiPolygon area;
  };
  mutable ReachCache reach_cache_;
  std::shared_ptr<Pending> pending_;  // shared with worker jobs and the starter thread
};

}  // namespace maraude::app
