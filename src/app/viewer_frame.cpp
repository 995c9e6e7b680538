// One frame's panels (viewer_window.h), run under guard_panels: the controllers polled, the
// menu's shortcuts, input routed to the modal, the presenter or the map, then the side bar,
// the wide windows, the overlay and the modals; the menu's commands (undo / redo, save,
// quit, open).
#include <algorithm>
#include <cmath>

#include "app/layout.h"
#include "app/save_conflict.h"
#include "app/viewer_window.h"
#include "render/view_spec.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

void Viewer::frame_panels() {
  ImGuiIO& io = ImGui::GetIO();
  update_coverage();
  {
    int nm = 0;
    GLFWmonitor** mons = glfwGetMonitors(&nm);
    story_panel_.monitors.clear();
    for (int i = 0; i < nm; ++i) story_panel_.monitors.push_back(std::to_string(i + 1) + ". " + glfwGetMonitorName(mons[i]));
  }
  MenuActions acts;
  if (!presenter_.active() && !close_guard_.open && !cov_panel_.guard.open && error_.empty())
    menu_shortcuts(s_, menu_, menu_context(), acts);
  if (story_panel_.present_requested || acts.present) {
    story_panel_.present_requested = false;
    if (story_panel_.selected >= 0) start_presenting(story_panel_.stories[story_panel_.selected]);
  }
  if (presenter_.active() && notes_)  // keys pressed in the notes window drive the presentation too
    for (int k : notes_->take_keys())
      if (!close_guard_.open) presenter_.key(s_, k);
  if (close_guard_.open || cov_panel_.guard.open) {
    // The modal has the keys and the mouse: no map or presenter command behind it.
  } else if (presenter_.active()) {
    handle_presenter_input(s_, presenter_, f_.sx, f_.sy);
    // Legend, scale and labels legible across the room: twice the window's size at 1080
    // lines, less when the legend would run into the sources box (bottom right, < 125 u).
    const float u = std::max(1.0f, f_.fbh / 1080.0f);
    const float k = fit_legend_scale(s_, big_fonts_, 2.0f * u, f_.fbh - 125 * u);
    if (presenter_.active() && std::abs(s_.style.scale - k) > 0.01f) {
      s_.style.scale = k;
      s_.style.touch();
    }
  } else {
    handle_map_input(s_, input_, f_.sx, f_.sy, cov_.get(), &cov_panel_, planner_.get(), &planner_panel_);
  }
  if (was_presenting_ && !presenter_.active() && !opt_.hidden) set_full_screen(false, 0);
  was_presenting_ = presenter_.active();
  update_planner();
  s_.step_animation(std::min(0.1, static_cast<double>(io.DeltaTime)));
  if (presenter_.active()) {
    draw_presenter_frame();
  } else {
    draw_window_panels(acts);
    run_menu_actions(acts);
  }
  draw_modals();
}

// The coverage engine's news: gaps and covered area to the renderer, the scenario a
// presentation asks for, the legend's note, an error to the modal.
void Viewer::update_coverage() {
  if (!cov_) return;
  if (cov_->poll()) settle_frames_ = std::max(settle_frames_, 1);
  if (cov_->take_gaps_dirty()) {
    renderer_->set_gaps(cov_->gaps());
    s_.style.gaps_loaded = true;
    s_.mark_dirty();
  }
  if (cov_->take_covered_dirty()) {
    renderer_->set_coverage(cov_->covered());
    s_.mark_dirty();
  }
  if (presenter_.active() && cov_->ready() && !present_scenario_.empty()) {
    const std::string name = std::move(present_scenario_);
    present_scenario_.clear();
    cov_->show_scenario(name);
  }
  if (s_.style.gaps_loaded) s_.style.gaps_note = coverage_legend_note(s_, *cov_);
  if (!cov_->error.empty()) {
    error_ = cov_->error;
    cov_->error.clear();
  }
}

// --plan BASE solved once loaded; the planner's news: its routes to the renderer.
void Viewer::update_planner() {
  if (!planner_) return;
  if (!opt_.plan.empty() && !plan_started_ && cov_ && cov_->ready()) {
    init_planner_panel(s_, planner_panel_);
    planner_panel_.settings.base = opt_.plan;
    planner_panel_.base_label = opt_.plan;
    planner_->solve(with_travel(planner_settings(s_, planner_panel_), cov_.get()), planner_scenario(*cov_));
    plan_started_ = true;
  }
  if (planner_->poll()) settle_frames_ = std::max(settle_frames_, 1);
  if (planner_->take_routes_dirty()) {
    renderer_->routes().set_routes(planner_->route_draws());
    s_.mark_dirty();
  }
}

MenuContext Viewer::menu_context() const {
  MenuContext c;
  c.loaded = s_.loaded();
  c.workspace = opt_.workspace;
  c.can_undo = history_.next_undo().has_value();
  c.can_redo = history_.next_redo().has_value();
  c.can_save = (cov_ && cov_->modified()) || !story_panel_.unsaved.empty();
  c.can_present = s_.loaded() && story_panel_.selected >= 0 &&
                  story_panel_.selected < static_cast<int>(story_panel_.stories.size()) &&
                  !story_panel_.stories[static_cast<size_t>(story_panel_.selected)].views.empty();
  return c;
}

// The window outside presenter mode: menu bar, side bar (one section per panel), the wide
// panels as windows, the points and labels over the map, status bar, legend, Exporter.
void Viewer::draw_window_panels(MenuActions& acts) {
  draw_menu_bar(s_, menu_, menu_context(), acts);
  const float status_h = ImGui::GetFrameHeight() + 6;
  if (loader_) draw_loading_panel(s_, loader_->progress(), loader_->stage());
  // The side bar: search on top, then one collapsible section per panel (layout.h).
  begin_sidebar(s_, menu_.height, status_h);
  draw_search_panel(s_, search_);
  if (cov_) draw_coverage_panel(s_, *cov_, cov_panel_);
  draw_details_panel(s_);
  draw_layers_panel(s_);
  if (cov_) draw_scenarios_panel(s_, *cov_, cov_panel_);
  story_panel_.shown_scenario = cov_ && cov_->ready() && s_.style.gaps_loaded ? cov_->scenario().name : std::string();
  if (s_.loaded()) draw_story_panel(s_, story_panel_);
  if (s_.loaded()) {
    ImGui::Spacing();
    // The wide panels open as windows over the map.
    const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    if (ImGui::Button(tr(s_, "Classement des lacunes…", "Gap ranking…"), {bw, 0})) s_.layout.show(Panel::Ranking);
    ImGui::SameLine();
    if (ImGui::Button(tr(s_, "Tournées…", "Tours…"), {bw, 0})) s_.layout.show(Panel::Planner);
  }
  end_sidebar(s_);
  if (cov_) {
    draw_ranking_panel(s_, *cov_);
    draw_scenario_points(s_, *cov_, f_.sx, f_.sy);
  }
  if (planner_) draw_planner_panel(s_, *planner_, planner_panel_, cov_.get());
  draw_tooltip(s_);
  draw_status_bar(s_, frame_ms_, renderer_->stats().draw_calls);
  if (s_.loaded() && draw_export_status_button(s_)) acts.export_ = true;
  // The legend at the top right of the map's free part, below the menu bar; framing keeps
  // clear of its column (the region framed again while the view is Home's).
  BBox legend;
  draw_map_overlay(s_, fonts_, 8, 0, s_.layout.legend, true, &legend);
  const double column = legend.empty() ? 0 : std::max(0.0, s_.camera.width - s_.insets.right - legend.minx + 8);
  if (std::abs(column - s_.insets.legend) > 4) {
    s_.insets.legend = column;
    if (s_.at_region_fit() && !s_.animating()) {
      s_.fit_region();
      settle_frames_ = std::max(settle_frames_, 1);  // the labels follow the new framing next frame
    }
  }
  if (s_.loaded() && s_.at_region_fit()) {  // the report's legend_over_region
    const BBox r = render::resolve_view(*s_.workspace(), "region");
    const Vec2 a = s_.camera.world_to_screen({r.minx, r.maxy}), b = s_.camera.world_to_screen({r.maxx, r.miny});
    const double area = (b.x - a.x) * (b.y - a.y);
    const double ix = std::max(0.0, std::min(b.x, legend.maxx) - std::max(a.x, legend.minx));
    const double iy = std::max(0.0, std::min(b.y, legend.maxy) - std::max(a.y, legend.miny));
    rep_.legend_over_region = legend.empty() || area <= 0 ? 0 : ix * iy / area;
  }
  if (planner_) draw_route_labels(s_, *planner_, f_.sx, f_.sy);  // stop numbers above the map labels
  if (story_panel_.export_requested || acts.export_) {
    story_panel_.export_requested = false;
    open_export_panel(export_panel_, acts.export_ ? (story_panel_.selected >= 0 ? ExportKind::Handout : ExportKind::Dossier)
                                                  : story_panel_.export_requested_kind,
                      story_panel_.selected);
  }
  if (exporter_) {
    std::optional<coverage::Scenario> shown;  // the dossier's default: the scenario as the map shows it
    if (export_panel_.open && cov_ && cov_->ready()) shown = planner_scenario(*cov_);
    draw_export_panel(s_, export_panel_, *exporter_, story_panel_,
                      cov_ ? cov_->scenario_names() : std::vector<std::string>{}, shown ? &*shown : nullptr,
                      cov_ && cov_->modified(), renderer_.get());
  }
}

// The menu's and the shortcuts' commands.
void Viewer::run_menu_actions(const MenuActions& acts) {
  if (acts.undo || acts.redo) undo_redo(acts.redo);
  if (acts.save) {
    // The Scénarios panel's « Enregistrer » (an error goes to the modal): saved by someone else
    // meanwhile, nothing is overwritten and its dialog asks (save_conflict.h), the panel shown.
    if (cov_ && cov_->modified() && !request_save(cov_panel_.conflict, *cov_)) s_.layout.show(Panel::Scenarios);
    const std::vector<std::string> unsaved = story_panel_.unsaved;  // save_story updates the list
    for (const std::string& name : unsaved)
      for (const auto& st : story_panel_.stories)
        if (st.name == name) save_story(story_panel_, st);
  }
  if (acts.quit && !opt_.monkey_seed) glfwSetWindowShouldClose(win_, GLFW_TRUE);  // the monkey stays
  if (!acts.open.empty() && !opt_.monkey_seed) {
    pending_open_ = acts.open;
    glfwSetWindowShouldClose(win_, GLFW_TRUE);  // through the close guard: unsaved edits first
  }
}

// The error modal (with « Ouvrir… » when the workspace could not be loaded) and the
// « Modifications non enregistrées » modal.
void Viewer::draw_modals() {
  bool open_other = false;
  if (!error_.empty() && draw_error_modal(s_, error_, load_failed_ ? &open_other : nullptr)) error_.clear();
  if (open_other) open_open_dialog(menu_, opt_.workspace);
  const std::string before = close_guard_.error;
  const size_t items = close_guard_.items.size();
  draw_close_modal(s_, close_guard_, cov_.get(), &story_panel_, exporter_.get());
  // An answer changed the modal (a save error): a few frames so it resizes to fit.
  if (close_guard_.error != before || close_guard_.items.size() != items) settle_frames_ = std::max(settle_frames_, 3);
}

// Ctrl+Z / Ctrl+Y and Édition: the last edit whichever controller made it. An entry whose
// controller has nothing left to undo (its history dropped) is passed over.
void Viewer::undo_redo(bool redo) {
  for (int n = 0; n < 10000; ++n) {
    const std::optional<EditSource> src = redo ? history_.next_redo() : history_.next_undo();
    if (!src) return;
    bool done = false;
    switch (*src) {
      case EditSource::Coverage:
        if (cov_ && (redo ? cov_->can_redo() : cov_->can_undo())) {
          redo ? cov_->redo() : cov_->undo();
          done = true;
        }
        break;
      case EditSource::Planner:
        if (planner_ && (redo ? planner_->can_redo() : planner_->can_undo())) {
          redo ? planner_->redo() : planner_->undo();
          done = true;
        }
        break;
      case EditSource::Story:
        if (redo ? story_panel_.history.can_redo() : story_panel_.history.can_undo()) {
          redo ? story_redo(story_panel_) : story_undo(story_panel_);
          done = true;
        }
        break;
    }
    redo ? history_.redone() : history_.undone();
    if (done) {
      s_.mark_dirty();
      return;
    }
  }
}

}  // namespace maraude::app
