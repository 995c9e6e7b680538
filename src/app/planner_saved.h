// Saved plans in the window: the Tournées panel's « Plans enregistrés » section (save under a
// name, the list of stored plans to reopen), « Ajouter la tournée au scénario » (the plan's
// served stops as mobile-office points of the edited coverage scenario, one undo step), and
// what the close guard lists for a plan not saved. Plain C++ here (tests drive it headless);
// draw_saved_plans_section is the ImGui face (panel_planner_saved.cpp).
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/coverage_controller.h"
#include "app/planner_controller.h"
#include "io/plan_store.h"

namespace maraude::app {

struct PlannerPanelState;

struct SavedPlansState {
  char name[128] = "";                    // « Enregistrer le plan… » name field
  std::vector<io::SavedPlanInfo> list;    // stored plans (refreshed on demand)
  bool stale = true;                      // the list must be read again
  std::string message;                    // outcome of the last action (French)
  bool failed = false;
};

// Saves the controller's plan under `name` (trimmed); message says what happened.
bool save_plan_as(PlannerController& c, SavedPlansState& st, const std::string& name, bool english);
// Reopens a stored plan: the controller's result and pins, and the panel's settings (base,
// horizon, days off, hours, territory, reach, date) so a new solve starts from them.
bool open_saved_plan(const AppState& s, PlannerController& c, PlannerPanelState& ps, SavedPlansState& st, const std::string& name);
// Reads the stored plans again (when stale).
void refresh_saved_plans(const PlannerController& c, SavedPlansState& st);
// « Ajouter la tournée au scénario »: io::plan_stop_points (the function `maraude plan
// --add-to-scenario` uses) into the edited scenario, as one undoable edit. Returns the
// number of points added; message says what happened.
size_t add_tour_to_scenario(const PlannerController& c, CoverageController& cov, std::string& message, bool english);
// The close guard's line for the plan, empty when nothing is unsaved.
std::string unsaved_plan_item(const PlannerController* c, bool english);
// The close guard's « Enregistrer et quitter »: the plan under its name (or a dated name).
// Returns the error text, empty on success.
std::string save_unsaved_plan(PlannerController* c);

void draw_saved_plans_section(AppState& s, PlannerController& c, PlannerPanelState& ps, CoverageController* cov);

}  // namespace maraude::app
