#include "app/map_input.h"

#include <cmath>

#include "app/coverage_panels.h"
#include "app/planner_panels.h"
#include "app/presenter.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

namespace {
// Coverage editing on the map: the "ajouter une permanence" tool, and dragging a
// scenario point (request_move every frame while the button is down). True when the
// mouse went to the editing rather than to panning / selecting.
bool handle_coverage_input(AppState& s, CoverageController* cov, CoveragePanelState* cps, ImVec2 mp, float sx) {
  if (!cov || !cps || !cov->ready() || !scenario_points_shown(s)) return false;
  const Vec2 world = s.camera.screen_to_world(mp.x, mp.y);
  if (!cps->dragging.empty()) {
    if (!cps->moved && std::hypot(mp.x - cps->press_x, mp.y - cps->press_y) > 3) cps->moved = true;
    if (ImGui::IsMouseDown(0)) {
      if (cps->moved) cov->move_point(cps->dragging, world + cps->grab_offset);
    } else {
      if (cps->moved) cov->end_drag(cps->dragging);
      else s.click_at(mp.x, mp.y);  // a plain click on a point: its details, as before
      cps->dragging.clear();
    }
    s.mark_dirty();
    return true;
  }
  if (!ImGui::IsMouseClicked(0)) return false;
  if (cps->add_tool) {
    cov->add_point(world);
    cps->add_tool = false;
    s.mark_dirty();
    return true;
  }
  const int hit = cov->hit_test(world, 8.0 * sx * s.camera.mpp);
  if (hit < 0) return false;
  const auto& p = cov->scenario().points[hit];
  cps->dragging = p.id;
  cps->grab_offset = p.pos - world;
  cps->press_x = mp.x;
  cps->press_y = mp.y;
  cps->moved = false;
  cov->selected_point = p.id;
  s.mark_dirty();
  return true;
}

}  // namespace

void handle_map_input(AppState& s, MapInputState& in, float sx, float sy, CoverageController* cov,
                      CoveragePanelState* cps, PlannerController* pc, PlannerPanelState* pps) {
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 mp(io.MousePos.x * sx, io.MousePos.y * sy);
  const bool valid = io.MousePos.x > -1e6f && io.MousePos.y > -1e6f;
  if (cps && !cps->dragging.empty() && valid) {  // a drag continues over the panels
    handle_coverage_input(s, cov, cps, mp, sx);
    return;
  }
  if (!io.WantCaptureMouse && valid) {
    if (io.MouseWheel != 0) s.zoom_at(std::pow(1.25, io.MouseWheel), mp.x, mp.y);
    // Route planner: picking the base, or selecting a planned stop (to pin it).
    if (!in.pressed && pc && pps && ImGui::IsMouseClicked(0) &&
        planner_map_click(s, *pc, *pps, s.camera.screen_to_world(mp.x, mp.y), 10.0 * sx * s.camera.mpp)) {
      s.hover_at(mp.x, mp.y);
      return;
    }
    if (!in.pressed && handle_coverage_input(s, cov, cps, mp, sx)) {
      s.hover_at(mp.x, mp.y);
      return;
    }
    if (ImGui::IsMouseClicked(0)) {
      in.pressed = true;
      in.dragging = false;
      in.press_pos = in.last_pos = mp;
    }
    if (in.pressed && ImGui::IsMouseDown(0)) {
      if (!in.dragging && std::hypot(mp.x - in.press_pos.x, mp.y - in.press_pos.y) > 3) in.dragging = true;
      if (in.dragging && (mp.x != in.last_pos.x || mp.y != in.last_pos.y)) s.pan(mp.x - in.last_pos.x, mp.y - in.last_pos.y);
      in.last_pos = mp;
    }
    if (in.pressed && ImGui::IsMouseReleased(0)) {
      if (!in.dragging) s.click_at(mp.x, mp.y);
      in.pressed = in.dragging = false;
    }
    const bool camera_moved =
        s.camera.center.x != in.hover_cx || s.camera.center.y != in.hover_cy || s.camera.mpp != in.hover_mpp;
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || !in.was_over_map || camera_moved) {
      s.hover_at(mp.x, mp.y);
      in.hover_cx = s.camera.center.x;
      in.hover_cy = s.camera.center.y;
      in.hover_mpp = s.camera.mpp;
    }
    in.was_over_map = true;
  } else {
    if (in.was_over_map) s.leave();
    in.was_over_map = false;
    if (!ImGui::IsMouseDown(0)) in.pressed = in.dragging = false;
  }
  if (!io.WantCaptureKeyboard) {
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) s.arrow(-1, 0);
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) s.arrow(1, 0);
    if (ImGui::IsKeyPressed(GLFW_KEY_UP)) s.arrow(0, -1);
    if (ImGui::IsKeyPressed(GLFW_KEY_DOWN)) s.arrow(0, 1);
    if (ImGui::IsKeyPressed(GLFW_KEY_KP_ADD) || ImGui::IsKeyPressed(GLFW_KEY_EQUAL)) s.zoom_center(1.5);
    if (ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT) || ImGui::IsKeyPressed(GLFW_KEY_MINUS)) s.zoom_center(1 / 1.5);
    if (ImGui::IsKeyPressed(GLFW_KEY_HOME)) s.fit_region();
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) {
      s.clear_selection();
      if (cps) cps->add_tool = false;
      if (cov) cov->selected_point.clear();
    }
  }
}

void handle_presenter_input(AppState& s, Presenter& p, float sx, float sy) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.MouseWheel != 0 && io.MousePos.x > -1e6f)
    s.zoom_at(std::pow(1.25, io.MouseWheel), io.MousePos.x * sx, io.MousePos.y * sy);
  for (int k : {GLFW_KEY_RIGHT, GLFW_KEY_LEFT, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_SPACE, GLFW_KEY_PAGE_UP,
                GLFW_KEY_PAGE_DOWN, GLFW_KEY_HOME, GLFW_KEY_END, GLFW_KEY_ENTER, GLFW_KEY_KP_ENTER, GLFW_KEY_BACKSPACE,
                GLFW_KEY_N, GLFW_KEY_F2, GLFW_KEY_S, GLFW_KEY_ESCAPE})
    if (ImGui::IsKeyPressed(k, false)) p.key(s, k);
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) s.mark_dirty();  // the pointer ring follows
}


}  // namespace maraude::app
