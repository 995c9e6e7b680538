// Rotation mode of the Tournées panel (issue 11): the mode choice (weekly rotation, the
// default as for `maraude plan`, or a one-off tour over days), the cycle (1, 2 or 4 weeks),
// the working days, the half-day slots typed as `--slots` (io::parse_slots, its French
// error shown under the field), the frequency, and the checks the panel makes before
// planning (a frequency the cycle cannot hold is refused there). Everything lands in the
// panel's PlanRequest (PlannerPanelState::settings), the one request the command line uses.
// Also: the names of a rotation's slots ("mar. matin") for the map and the itinerary.
#pragma once
#include <string>

#include "app/planner_controller.h"
#include "core/routing/rotation.h"

namespace maraude::app {

class AppState;
struct PlannerPanelState;

// The panel's state of the rotation settings (the settings themselves are in the request).
struct RotationPanelState {
  char slots_text[256] = "lun-ven 09:30-12:30,13:30-16:00";  // as `maraude plan --slots`
  std::string slots_message;   // the pattern does not read (French, shown in red); empty: it does
  std::string synced;          // slots_text(settings.slots) last written into the field
  // The week grid window (week_grid.cpp).
  bool grid_open = true;       // closed with its ×; opens again with the next rotation plan
  size_t grid_seen = 0;        // result generation the grid was placed for
  int hovered_stop = -1;       // the stop of the grid cell under the mouse (ringed on the map)
};

// A request in rotation mode with the command line's defaults (1-week cycle, Monday to
// Friday, 09:30–12:30 and 13:30–16:00, once per cycle): the panel's first settings.
PlannerSettings rotation_default_settings();

// The mode line (« Rotation hebdomadaire » / « Tournée ponctuelle (jours) »).
void draw_plan_mode(AppState& s, PlannerPanelState& ps);
// In rotation mode, on the line of the teams: the cycle, then the frequency, the working
// days and the slots. Returns false in one-off mode (nothing drawn).
bool draw_rotation_settings(AppState& s, PlannerPanelState& ps);
// What keeps the panel from planning in rotation mode (French), or "" when it may plan.
std::string rotation_problem(const PlannerPanelState& ps);
// Folds the rotation settings into the request sent to the planner: in rotation mode, the
// team's day around the slots as `maraude plan` does (leave 1 h 30 before the first slot,
// back 1 h 30 after the last), no imposed break, days off of the one-off horizon dropped.
void apply_rotation(const PlannerPanelState& ps, PlannerSettings& S);
// The slots text field follows a request set from elsewhere (a saved plan reopened).
void sync_rotation_panel(PlannerPanelState& ps);

// "mar. matin", "jeu. après-midi", or "mar. 09:30" when a day has several mornings.
std::string slot_name(const routing::WeekPattern& p, int weekday, int half, bool english = false);
// A rotation's passage on the map: "mar. matin", "mar. matin · sem. 2", "mar. matin · sem. 1 et 3".
std::string passage_label(const routing::RotationPlan& rot, const routing::Passage& ps, bool english = false);
// The title of a day of the plan: "Jour 3", or "mardi" / "mardi, semaine 2" for a rotation.
std::string plan_day_title(const PlannerResult& R, int day, bool english = false);
// A rotation's stops labelled with their slot next to their dot (ImGui background list).
void draw_slot_labels(const AppState& s, const PlannerController& c, float sx, float sy);

}  // namespace maraude::app
