// The coverage panels of the viewer (one file each): coverage header and editing tools
// (panel_coverage.cpp), ranking of gaps (panel_ranking.cpp), scenario switcher
// (panel_scenarios.cpp), and the scenario's service points drawn over the map.
// They draw from CoverageController and call its commands; none touches GL.
#pragma once
#include <optional>
#include <string>

#include "app/app_state.h"
#include "app/close_guard.h"
#include "app/coverage_controller.h"
#include "app/save_conflict.h"

namespace maraude::app {

struct CoveragePanelState {
  bool add_tool = false;         // "ajouter une permanence": the next map click adds a point
  std::string dragging;          // id of the point being dragged (button down on it)
  Vec2 grab_offset;              // point position − cursor at the press (no jump on grab)
  float press_x = 0, press_y = 0;
  bool moved = false;            // the cursor left the 3-pixel click tolerance
  char new_name[128] = {0};      // scenario name field (duplicate / rename / save as)
  std::string chosen;            // scenario selected in the list
  std::string message;           // last store message (saved, renamed...) or error
  int compare_a = 0, compare_b = 0;
  std::optional<ScenarioSummary> sum_a, sum_b;
  std::string compare_note;      // what A and B are when not two stored names (a save conflict)
  bool open_compare = false;     // unfold the comparison at the next frame
  SaveConflictState conflict;    // « Enregistrer » refused: someone saved meanwhile (save_conflict.h)
  std::string reach_message;     // why the last typed reach was refused (empty: accepted)
  ScenarioGuardState guard;      // showing / deleting with unsaved edits asks first (close_guard.h)
  std::vector<std::string> names;  // the stored scenarios, read at most once a second
  double names_read_at = -10;      // ImGui time of that read; -10 = read at the next frame
};

void draw_coverage_panel(AppState& s, CoverageController& c, CoveragePanelState& ps);
void draw_ranking_panel(AppState& s, const CoverageController& c);
// A ranking row's action (no ImGui): selects the gap's commune or QPV and flies to it.
void go_to_gap(AppState& s, const CoverageController& c, const GapRow& r, double duration_s = 0.6);
void draw_scenarios_panel(AppState& s, CoverageController& c, CoveragePanelState& ps);
// The scenario's points over the map (kind colours; disabled ones grey; the selected one
// ringed). sx, sy: framebuffer pixels per window pixel.
// True when the map shows the scenario's points (the gaps and the « Services » layers are
// both visible): only then are they drawn and can they be dragged.
bool scenario_points_shown(const AppState& s);
void draw_scenario_points(const AppState& s, const CoverageController& c, float sx, float sy);
// Style note of the legend for the current scenario ("scénario « … », portée 15 km").
std::string coverage_legend_note(const AppState& s, const CoverageController& c);

}  // namespace maraude::app
