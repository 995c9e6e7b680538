// Mouse and keyboard over the map → AppState and controller commands (the same path for
// real and synthetic input): pan, zoom, hover, click, arrows; the coverage editing tools
// (add a service point, drag one), the route planner's map clicks; presenter-mode keys.
// Call between ImGui::NewFrame and ImGui::Render, after the synthetic input if any.
#pragma once
#include "app/app_state.h"
#include "imgui.h"

namespace maraude::app {

class CoverageController;
class PlannerController;
class Presenter;
struct CoveragePanelState;
struct PlannerPanelState;

// A press on the map and whether it became a drag (panning) rather than a click.
struct MapInputState {
  bool pressed = false, dragging = false;
  ImVec2 press_pos, last_pos;
  bool was_over_map = false;
  // The camera the hover was last picked with: a fly-to or a zoom under a still cursor
  // picks again (the tooltip names what is under the cursor now).
  double hover_cx = 0, hover_cy = 0, hover_mpp = 0;
};

// sx, sy: framebuffer pixels per window pixel. The controllers and panels may be null
// (workspace not loaded yet).
void handle_map_input(AppState& s, MapInputState& in, float sx, float sy, CoverageController* cov = nullptr,
                      CoveragePanelState* cps = nullptr, PlannerController* pc = nullptr,
                      PlannerPanelState* pps = nullptr);
// Presenter mode: keys and clicker buttons walk the story; the wheel still zooms.
void handle_presenter_input(AppState& s, Presenter& p, float sx, float sy);

}  // namespace maraude::app
