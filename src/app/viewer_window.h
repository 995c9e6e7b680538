// The window of `maraude view` as a class (run_viewer in viewer.h drives it), after Tracy's
// View and its TracyView_*.cpp: one object owns the window, the ImGui context, the
// controllers and every panel's state; its frame is split over a few files:
//   viewer.cpp            construction, the main loop (events, close requests, frame begin
//                         and end, screenshots, the report), teardown
//   viewer_load.cpp       the workspace once loaded: renderer, controllers, command-line views
//   viewer_frame.cpp      one frame's panels under the guard: controllers polled, menu and
//                         shortcuts, input routed, side bar and windows, modals, undo / redo
//   viewer_presenter.cpp  presenter mode: full screen, its frame, the notes window
// The panels themselves draw in panel_*.cpp from their state structs (panels.h,
// coverage_panels.h, planner_panels.h, panel_story.h, panel_export.h, menu_bar.h,
// close_guard.h); map input in map_input.cpp; synthetic input in synthetic_input.cpp.
// No panel keeps state in function-local statics: it all lives here.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "app/app_state.h"
#include "app/close_guard.h"
#include "app/coverage_panels.h"
#include "app/edit_history.h"
#include "app/imgui_context.h"
#include "app/map_input.h"
#include "app/menu_bar.h"
#include "app/panel_export.h"
#include "app/panel_story.h"
#include "app/panels.h"
#include "app/planner_panels.h"
#include "app/presenter.h"
#include "app/presenter_notes.h"
#include "app/synthetic_input.h"
#include "app/viewer.h"
#include "app/workspace_loader.h"
#include "imgui.h"
#include "render/map_renderer.h"
#include "render/offscreen.h"

struct GLFWwindow;

namespace maraude::app {

class Viewer {
 public:
  using Clock = std::chrono::steady_clock;
  // Opens the window (Error(Graphics) when no OpenGL 3.3 window can be created; Error(Usage)
  // for a --monitor the machine lacks), sets up ImGui and starts loading the workspace.
  explicit Viewer(const ViewerOptions& opt);
  Viewer(const Viewer&) = delete;
  Viewer& operator=(const Viewer&) = delete;
  // Runs until the window is closed (through the close guard) or the script ends; once.
  ViewerReport run();

 private:
  // viewer.cpp
  bool pump_events();   // waits for / polls events, handles close requests; false: leave the loop
  bool begin_frame();   // sizes, interface scale, insets, ImGui's new frame; false: minimized
  bool end_frame();     // render, swap, notes window, report; true: the script has ended
  ViewerReport finish();
  // viewer_load.cpp
  void on_loader_done();
  // viewer_frame.cpp
  void frame_panels();  // under guard_panels
  void update_coverage();
  void update_planner();
  MenuContext menu_context() const;
  void draw_window_panels(MenuActions& acts);
  void run_menu_actions(const MenuActions& acts);
  void draw_modals();
  void undo_redo(bool redo);
  // viewer_presenter.cpp
  void start_presenting(const Story& st);
  void set_full_screen(bool on, int index);
  void draw_presenter_frame();
  void step_notes_window();

  // Declared in the order they are built; destroyed in reverse (finish() frees the GL
  // resources first, in order, on a normal end).
  ViewerOptions opt_;
  Clock::time_point t_start_;
  ViewerReport rep_;
  render::GlContext ctx_;  // the GLFW window and its OpenGL context
  GLFWwindow* win_;
  ImGuiContextOwner imgui_;  // the ImGui context and its GLFW / OpenGL backends, ended in order
  ImGuiStyle base_style_;    // scaled copies of it for the interface sizes
  float applied_scale_ = 1.0f;
  KeyTaps* taps_ = nullptr;  // quick key taps reach ImGui (key_taps.h)
  MouseTaps* mouse_taps_ = nullptr;  // every click and double click reaches ImGui (mouse_taps.h)
  Fonts fonts_, big_fonts_;  // big: presenter mode, large type stays crisp

  AppState s_;
  std::string error_;  // the message of the error modal (empty: none)
  std::unique_ptr<WorkspaceLoader> loader_;
  std::unique_ptr<render::MapRenderer> renderer_;
  SearchPanelState search_;
  MapInputState input_;
  std::unique_ptr<CoverageController> cov_;
  CoveragePanelState cov_panel_;
  std::unique_ptr<PlannerController> planner_;
  PlannerPanelState planner_panel_;
  bool plan_started_ = false;  // --plan BASE solved once loaded
  Presenter presenter_;
  StoryPanelState story_panel_;
  std::unique_ptr<NotesWindow> notes_;  // presenter notes in a second window (presenter_notes.h)
  Clock::time_point present_t0_;
  int present_fb_[2] = {0, 0};  // window size the presenter's framing was made for
  std::unique_ptr<ExportController> exporter_;  // handout, dossier, poster (the Exporter window)
  ExportPanelState export_panel_;
  int windowed_[4] = {0, 0, 0, 0};  // the window's frame before full screen
  bool was_presenting_ = false;
  // A view naming a scenario shows it once the coverage is ready (--present starts before
  // the engine is built); the edited scenario and its unsaved edits are kept aside and come
  // back when the presentation ends (CoverageController::show_scenario / end_showing).
  std::string present_scenario_;
  MenuState menu_;
  EditHistory history_;  // the order of the edits across the controllers (edit_history.h)
  bool load_failed_ = false;  // the error modal offers « Ouvrir… »
  std::string pending_open_;  // Ouvrir… / Récents: the workspace the window reopens on once closed
  MonkeyInput monkey_;
  bool guard_was_open_ = false;
  int script_frame_ = 0, settle_frames_ = 3;
  double frame_ms_ = 0;
  // Closing with unsaved edits or an export running asks first (close_guard.h); scripted runs
  // close without saving (an export still running is cancelled with the controller).
  CloseGuardState close_guard_;
  // A close while a text field is being typed in (a view's title or notes, saved when the
  // field loses the focus): the focus is taken from it first, the guard decides a frame later.
  int close_deferred_ = 0;
  bool drop_focus_ = false;

  // What the window shows: the last frame drawn (frames showing the same are not drawn).
  struct Drawn {
    bool valid = false;
    uint64_t ui = 0;  // hash of ImGui's draw data and the framebuffer size
    render::Camera camera;
    uint64_t style_revision = 0;
  } drawn_;
  int frames_timed_[2] = {0, 0};  // frames drawn / not drawn once loaded (the report's means)

  // The frame being drawn.
  struct Frame {
    Clock::time_point t0;
    int fbw = 0, fbh = 0, ww = 0, wh = 0;  // framebuffer and window sizes
    float sx = 1, sy = 1;                  // framebuffer pixels per window pixel
    bool scripted = false;
  } f_;
};

}  // namespace maraude::app
