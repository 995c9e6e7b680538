#include "app/viewer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <random>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "app/app_state.h"
#include "app/close_guard.h"
#include "app/coverage_panels.h"
#include "app/planner_panels.h"
#include "app/panel_export.h"
#include "app/panel_story.h"
#include "app/panels.h"
#include "app/presenter.h"
#include "app/presenter_notes.h"
#include "core/region_text.h"
#include "core/error.h"
#include "app/frame_guard.h"
#include "app/key_taps.h"
#include "app/layout.h"
#include "app/menu_bar.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "io/workspace.h"
#include "render/gl.h"
#include "render/map_renderer.h"
#include "render/offscreen.h"
#include "render/view_spec.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

namespace {
using Clock = std::chrono::steady_clock;

long rss_kb() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, rss = 0;
  f >> pages >> rss;
  return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

// Loads the workspace and builds the CPU geometry on a worker thread.
class Loader {
 public:
  explicit Loader(std::string path) : path_(std::move(path)) {
    th_ = std::thread([this] { run(); });
  }
  ~Loader() {
    if (th_.joinable()) th_.join();
  }
  bool done() const { return done_.load(); }
  float progress() const { return progress_.load(); }
  std::string stage() const {
    std::lock_guard<std::mutex> l(m_);
    return stage_;
  }
  std::string error;
  ErrorKind kind = ErrorKind::Internal;  // of `error`
  std::shared_ptr<Workspace> ws;
  std::shared_ptr<render::MapData> data;

 private:
  void set_stage(const std::string& s) {
    std::lock_guard<std::mutex> l(m_);
    stage_ = s;
  }
  void run() {
    try {
      set_stage(path_);
      progress_ = 0.05f;
      auto w = std::make_shared<Workspace>(io::load_workspace(path_));
      progress_ = 0.3f;
      set_stage("triangulation des couches");
      auto d = std::make_shared<render::MapData>(
          render::build_map_data(*w, [this](float f) { progress_ = 0.3f + 0.65f * f; }));
      ws = std::move(w);
      data = std::move(d);
    } catch (const Error& e) {
      error = e.format();
      kind = e.kind();
    } catch (const std::exception& e) {
      error = std::string("erreur interne : ") + e.what();
      kind = ErrorKind::Internal;
    }
    progress_ = 1.0f;
    done_ = true;
  }
  std::string path_;
  std::thread th_;
  std::atomic<bool> done_{false};
  std::atomic<float> progress_{0};
  mutable std::mutex m_;
  std::string stage_;
};

// The ImGui context of the window and its backends (GLFW input, OpenGL 3 drawing), with the
// key-tap filter in front of the GLFW backend: created in order, ended in reverse order
// whatever way run_viewer leaves (return or exception).
struct ImGuiContextOwner {
  ImGuiContextOwner() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
  }
  void init_backends(GLFWwindow* win) {
    ImGui_ImplGlfw_InitForOpenGL(win, true);
    glfw = true;
    taps = std::make_unique<KeyTaps>(win);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    gl = true;
  }
  ~ImGuiContextOwner() {
    taps.reset();  // the backend's key callback back before the backend goes
    if (gl) ImGui_ImplOpenGL3_Shutdown();
    if (glfw) ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  ImGuiContextOwner(const ImGuiContextOwner&) = delete;
  ImGuiContextOwner& operator=(const ImGuiContextOwner&) = delete;
  std::unique_ptr<KeyTaps> taps;
  bool glfw = false, gl = false;
};

// Mouse and keyboard → AppState commands (the same path for real and synthetic input).
struct InputState {
  bool pressed = false, dragging = false;
  ImVec2 press_pos, last_pos;
  bool was_over_map = false;
};

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

void handle_map_input(AppState& s, InputState& in, float sx, float sy, CoverageController* cov = nullptr,
                      CoveragePanelState* cps = nullptr, PlannerController* pc = nullptr, PlannerPanelState* pps = nullptr) {
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
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || !in.was_over_map) s.hover_at(mp.x, mp.y);
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

// Synthetic input of scripted runs: a repeating tour of every interaction.
void inject_script_input(AppState& s, int f, int w, int h) {
  ImGuiIO& io = ImGui::GetIO();
  const int phase = f % 240;
  const float cx = w * 0.55f, cy = h * 0.5f;
  io.MouseDown[0] = false;
  io.MouseWheel = 0;
  for (int k : {GLFW_KEY_LEFT, GLFW_KEY_RIGHT, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_EQUAL, GLFW_KEY_MINUS, GLFW_KEY_HOME})
    io.KeysDown[k] = false;
  if (phase < 40) {  // hover sweep
    io.MousePos = {cx - 200 + phase * 10.0f, cy + std::sin(phase * 0.3f) * 80};
  } else if (phase < 50) {  // wheel zoom in about the cursor
    io.MousePos = {cx + 40, cy - 30};
    io.MouseWheel = 1;
  } else if (phase < 80) {  // drag
    io.MousePos = {cx + (phase - 50) * 6.0f, cy + (phase - 50) * 2.0f};
    io.MouseDown[0] = phase < 78;
  } else if (phase < 84) {  // click (press and release on the spot)
    io.MousePos = {cx, cy};
    io.MouseDown[0] = phase < 82;
  } else if (phase < 120) {  // keyboard
    const int keys[] = {GLFW_KEY_LEFT, GLFW_KEY_UP, GLFW_KEY_RIGHT, GLFW_KEY_DOWN, GLFW_KEY_EQUAL, GLFW_KEY_MINUS};
    if (phase % 4 == 0) io.KeysDown[keys[(phase / 4) % 6]] = true;
    io.MousePos = {cx, cy};
  } else if (phase == 130) {
    auto r = s.search("lille");
    if (!r.empty()) s.go_to(r.front());
  } else if (phase == 170) {
    s.toggle_layer(render::LayerId::Zones);
    s.set_english(!s.style.english);
  } else if (phase == 180) {
    s.toggle_layer(render::LayerId::Zones);
    auto r = s.search("thierache");
    if (!r.empty()) s.go_to(r.front(), 0.2);
  } else if (phase == 230) {
    io.KeysDown[GLFW_KEY_HOME] = true;
  } else {
    io.MousePos = {cx + 100 * std::cos(f * 0.1f), cy + 100 * std::sin(f * 0.1f)};
  }
}
// Monkey test input: one random event a frame (deterministic from the seed) anywhere in
// the window, panels and menus included, with absurd typed values.
void inject_monkey_input(std::mt19937_64& rng, int w, int h) {
  ImGuiIO& io = ImGui::GetIO();
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned long long>(n)); };
  io.MouseWheel = 0;
  io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
  for (int k = 0; k < 512; ++k) io.KeysDown[k] = false;
  static bool down = false;  // a press is released on a later event
  const int kind = pick(100);
  if (kind < 30) {  // click somewhere (press now, release on the next event)
    io.MousePos = {static_cast<float>(pick(w)), static_cast<float>(pick(h))};
    down = !down;
  } else if (kind < 45) {  // drag a little
    io.MousePos = {io.MousePos.x + static_cast<float>(pick(81) - 40), io.MousePos.y + static_cast<float>(pick(81) - 40)};
    down = true;
  } else if (kind < 55) {  // wheel
    io.MouseWheel = pick(2) ? 1.0f : -1.0f;
    down = false;
  } else if (kind < 80) {  // type a value (the focused field, if any, receives it)
    static const char* values[] = {"0", "-5", "1e9", "1e308", "abc", "", "15", "20min", "1e9km", "-0", "NaN", "99999999999",
                                   "2024-02-30", "12:00-14:00/500", "é€ü", "  "};
    for (const char* c = values[pick(16)]; *c; ++c) io.AddInputCharacter(static_cast<unsigned char>(*c));
    down = false;
  } else {  // a key: Enter, Tab, Esc, Backspace, arrows, F5, or a Ctrl combination
    static const int keys[] = {GLFW_KEY_ENTER, GLFW_KEY_TAB, GLFW_KEY_ESCAPE, GLFW_KEY_BACKSPACE, GLFW_KEY_LEFT,
                               GLFW_KEY_RIGHT, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_F5, GLFW_KEY_DELETE, GLFW_KEY_Z,
                               GLFW_KEY_Y, GLFW_KEY_E, GLFW_KEY_A, GLFW_KEY_HOME, GLFW_KEY_EQUAL, GLFW_KEY_MINUS};
    const int k = keys[pick(17)];
    io.KeysDown[k] = true;
    io.KeyCtrl = (k == GLFW_KEY_Z || k == GLFW_KEY_Y || k == GLFW_KEY_E || k == GLFW_KEY_A) && pick(2);
    down = false;
  }
  io.MouseDown[0] = down;
}

// Presenter mode input: keys and clicker buttons walk the story; the wheel still zooms.
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

// Full screen on monitor `index` (GLFW's list), or back to the saved window frame.
void set_full_screen(GLFWwindow* win, bool on, int index, int saved[4]) {
  if (on) {
    int n = 0;
    GLFWmonitor** mons = glfwGetMonitors(&n);
    if (n <= 0) return;
    GLFWmonitor* m = mons[std::clamp(index, 0, n - 1)];
    const GLFWvidmode* mode = glfwGetVideoMode(m);
    glfwGetWindowPos(win, &saved[0], &saved[1]);
    glfwGetWindowSize(win, &saved[2], &saved[3]);
    glfwSetWindowMonitor(win, m, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else if (glfwGetWindowMonitor(win)) {
    glfwSetWindowMonitor(win, nullptr, saved[0], saved[1], std::max(200, saved[2]), std::max(150, saved[3]), 0);
  }
}

// The back buffer as a PNG (scripted screenshots).
void save_screenshot(const std::string& path, int w, int h) {
  render::Image img;
  img.width = w;
  img.height = h;
  img.pixels.resize(static_cast<size_t>(w) * h * 4);
  std::vector<uint8_t> rows(img.pixels.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_BGRA, GL_UNSIGNED_BYTE, rows.data());
  for (int y = 0; y < h; ++y)
    std::memcpy(&img.pixels[static_cast<size_t>(y) * w * 4], &rows[static_cast<size_t>(h - 1 - y) * w * 4], static_cast<size_t>(w) * 4);
  for (size_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;
  render::write_png(img, path);
}
}  // namespace

ViewerReport run_viewer(const ViewerOptions& opt) {
  const auto t_start = Clock::now();
  ViewerReport rep;
  render::GlContext ctx(!opt.hidden, opt.width, opt.height, "Maraude", 4);
  GLFWwindow* win = ctx.window();
  glfwSwapInterval(opt.script_frames > 0 ? 0 : 1);
  // Full screen stays up when the focus goes to the notes window on the other monitor.
  glfwSetWindowAttrib(win, GLFW_AUTO_ICONIFY, GLFW_FALSE);
  if (opt.monitor > 0) {  // --monitor N: refused at once when the machine has fewer monitors
    int nm = 0;
    GLFWmonitor** mons = glfwGetMonitors(&nm);
    if (opt.monitor > nm) {
      std::string list;
      for (int i = 0; i < nm; ++i) list += (i ? ", " : "") + std::to_string(i + 1) + ". " + glfwGetMonitorName(mons[i]);
      throw Error(ErrorKind::Usage,
                  "écran " + std::to_string(opt.monitor) + " absent : " + std::to_string(nm) + " écran(s) détecté(s)",
                  "--monitor",
                  nm > 1    ? "choisissez entre 1 et " + std::to_string(nm) + " (" + list + ")"
                  : nm == 1 ? "seul l'écran 1 est branché (" + list + ") : branchez le projecteur ou ôtez --monitor"
                            : "aucun écran détecté");
    }
  }

  ImGuiContextOwner imgui;  // the ImGui context and its GLFW / OpenGL backends, ended in order
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini dropped in the working folder
  ImGui::StyleColorsLight();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowRounding = 4;
  st.FrameRounding = 3;
  st.WindowBorderSize = 1;
  // Opaque panels: no map text showing through them.
  st.Colors[ImGuiCol_WindowBg].w = 1.0f;
  st.Colors[ImGuiCol_PopupBg].w = 1.0f;
  st.Colors[ImGuiCol_MenuBarBg].w = 1.0f;
  const ImGuiStyle base_style = st;  // scaled copies of it for the interface sizes
  float applied_scale = 1.0f;
  imgui.init_backends(win);
  KeyTaps* taps = imgui.taps.get();  // quick key taps reach ImGui (key_taps.h)
  const Fonts fonts = load_fonts(15.0f);
  const Fonts big_fonts = load_fonts(40.0f);  // presenter mode: large type stays crisp

  AppState s;
  s.style.english = opt.english;
  s.layout.ui_scale = opt.ui_scale;
  std::string error;
  std::unique_ptr<Loader> loader;
  if (opt.workspace.empty())
    error = opt.english ? "No workspace given.\nUsage: maraude view WORKSPACE.gpkg (create one with `maraude import`)."
                        : "Aucun espace de travail.\nUsage : maraude view ESPACE.gpkg (créez-le avec `maraude import`).";
  else
    loader = std::make_unique<Loader>(opt.workspace);

  // A failure here (no usable OpenGL) leaves through the context owner, which ends ImGui.
  std::unique_ptr<render::MapRenderer> renderer = std::make_unique<render::MapRenderer>();
  SearchPanelState search;
  InputState input;
  std::unique_ptr<CoverageController> cov;
  CoveragePanelState cov_panel;
  std::unique_ptr<PlannerController> planner;
  PlannerPanelState planner_panel;
  bool plan_started = false;
  Presenter presenter;
  StoryPanelState story_panel;
  story_panel.workspace_path = opt.workspace;
  if (opt.monitor > 0) story_panel.monitor = opt.monitor - 1;
  if (opt.notes_window) story_panel.notes_window = true;
  std::unique_ptr<NotesWindow> notes;  // presenter notes in a second window (presenter_notes.h)
  Clock::time_point present_t0 = Clock::now();
  int present_fb[2] = {0, 0};  // window size the presenter's framing was made for
  std::unique_ptr<ExportController> exporter;  // handout, dossier, poster (the Exporter window)
  ExportPanelState export_panel;
  export_panel.dir = default_export_dir(opt.workspace);
  int windowed[4] = {0, 0, opt.width, opt.height};
  bool was_presenting = false;
  if (opt.script_frames > 0) presenter.fly_seconds = 0;  // scripted stills: land at once
  // A view naming a scenario shows it once the coverage is ready (--present starts before
  // the engine is built); the edited scenario and its unsaved edits are kept aside and come
  // back when the presentation ends (CoverageController::show_scenario / end_showing).
  std::string present_scenario;
  presenter.on_scenario = [&present_scenario](const std::string& name) { present_scenario = name; };
  presenter.on_leave = [&cov, &present_scenario] {
    present_scenario.clear();
    if (cov && cov->ready()) cov->end_showing();
  };
  auto start_presenting = [&](const Story& st) {
    presenter.start(s, st, [&cov](const std::string& n) {
      if (!cov) return true;
      const auto names = cov->scenario_names();
      return std::find(names.begin(), names.end(), n) != names.end();
    });
    if (!opt.hidden) set_full_screen(win, true, story_panel.monitor, windowed);
    if (story_panel.notes_window) presenter.notes_window = true;
    present_t0 = Clock::now();
  };
  MenuState menu;
  menu.recent = load_recent();
  EditHistory history;  // the order of the edits across the controllers (edit_history.h)
  story_panel.on_edit = [&history] { history.record(EditSource::Story); };
  bool load_failed = opt.workspace.empty();  // the error modal offers « Ouvrir… »
  std::string pending_open;  // Ouvrir… / Récents: the workspace the window reopens on once closed
  std::mt19937_64 monkey_rng(opt.monkey_seed);
  bool guard_was_open = false;
  // Ctrl+Z / Ctrl+Y and Édition: the last edit whichever controller made it. An entry whose
  // controller has nothing left to undo (its history dropped) is passed over.
  auto undo_redo = [&](bool redo) {
    for (int n = 0; n < 10000; ++n) {
      const std::optional<EditSource> src = redo ? history.next_redo() : history.next_undo();
      if (!src) return;
      bool done = false;
      switch (*src) {
        case EditSource::Coverage:
          if (cov && (redo ? cov->can_redo() : cov->can_undo())) {
            redo ? cov->redo() : cov->undo();
            done = true;
          }
          break;
        case EditSource::Planner:
          if (planner && (redo ? planner->can_redo() : planner->can_undo())) {
            redo ? planner->redo() : planner->undo();
            done = true;
          }
          break;
        case EditSource::Story:
          if (redo ? story_panel.history.can_redo() : story_panel.history.can_undo()) {
            redo ? story_redo(story_panel) : story_undo(story_panel);
            done = true;
          }
          break;
      }
      redo ? history.redone() : history.undone();
      if (done) {
        s.mark_dirty();
        return;
      }
    }
  };
  int script_frame = 0, settle_frames = 3;
  double frame_ms = 0;
  // Closing with unsaved edits or an export running asks first (close_guard.h); scripted runs
  // close without saving (an export still running is cancelled with the controller).
  CloseGuardState close_guard;
  // A close while a text field is being typed in (a view's title or notes, saved when the
  // field loses the focus): the focus is taken from it first, the guard decides a frame later.
  int close_deferred = 0;
  bool drop_focus = false;
  while (!close_guard.quit) {
    const bool loading = loader && !loader->done();
    const bool scripted = opt.script_frames > 0;
    taps->release_held();
    if (scripted || s.animating() || settle_frames > 0 || close_deferred > 0 || (exporter && exporter->running())) glfwPollEvents();
    else if (cov && cov->starting()) glfwWaitEventsTimeout(0.05);  // coverage being computed
    else if (planner && planner->running()) glfwWaitEventsTimeout(0.05);  // tours being planned
    else if (loading) glfwWaitEventsTimeout(0.05);  // keep the progress bar moving
    else if (notes) glfwWaitEventsTimeout(0.5);     // the notes window's clock ticks
    else { glfwWaitEvents(); settle_frames = 2; }   // idle: sleep until input arrives
    if (settle_frames > 0) --settle_frames;
    if (glfwWindowShouldClose(win)) {  // the close button, Alt+F4...: not before the guard agrees
      glfwSetWindowShouldClose(win, GLFW_FALSE);
      if (!close_guard.open && close_deferred == 0) {
        if (io.WantTextInput && !scripted && !opt.hidden) {
          drop_focus = true;
          close_deferred = 2;
        } else if (request_close(close_guard, cov.get(), &story_panel, s.style.english, scripted || opt.hidden,
                                 exporter.get())) {
          break;
        }
      }
      settle_frames = std::max(settle_frames, 2);
    } else if (close_deferred > 0 && --close_deferred == 0) {
      if (request_close(close_guard, cov.get(), &story_panel, s.style.english, false, exporter.get())) break;
      settle_frames = std::max(settle_frames, 2);
    }
    // One modal at a time: closing asks about everything, so a pending scenario switch is
    // dropped (nothing was switched, the edits are listed by the close guard).
    if (close_guard.open) cov_panel.guard.open = false;
    const auto t0 = Clock::now();

    if (loader && loader->done()) {
      if (!loader->error.empty()) {
        // The loader's message says what failed and what to do (core/error.h); the modal adds
        // the way out inside the window: « Ouvrir… ».
        error = std::string(s.style.english ? "The workspace could not be opened.\n\n" : "L’espace de travail n’a pas pu être ouvert.\n\n") +
                loader->error + "\n\n" +
                (s.style.english ? "You can also open another workspace: the « Open… » button below, or the File menu."
                                 : "Vous pouvez aussi ouvrir un autre espace de travail : le bouton « Ouvrir… » ci-dessous, ou le menu Fichier.");
        rep.load_exit_code = exit_code(loader->kind);
        load_failed = true;
      } else {
        try {
          renderer->set_data(*loader->ws, *loader->data);
          s.set_workspace(loader->ws, loader->data);
          rep.window_title = window_title(*loader->ws);
          glfwSetWindowTitle(win, rep.window_title.c_str());
          if (!opt.view.empty()) s.fly_to(render::resolve_view(*loader->ws, opt.view), 0.01);
          // Coverage: the engine starts on its own thread; gaps arrive in a later frame.
          cov = std::make_unique<CoverageController>(loader->ws, opt.workspace);
          cov->on_update = [] { glfwPostEmptyEvent(); };
          cov->on_edit = [&history] { history.record(EditSource::Coverage); };
          cov->on_history_cleared = [&history] { history.forget(EditSource::Coverage); };
          cov->set_travel(parse_travel_choice(opt.travel));
          cov->start();
          planner = std::make_unique<PlannerController>(loader->ws, opt.workspace);
          planner->on_update = [] { glfwPostEmptyEvent(); };
          planner->on_edit = [&history] { history.record(EditSource::Planner); };
          close_guard.planner = planner.get();
          load_stories(story_panel);
          if (opt.script_frames == 0) add_recent(menu, opt.workspace);  // tests leave the user's list alone
          {
            int fw = 0, fh = 0, w = 0, h = 0;
            glfwGetFramebufferSize(win, &fw, &fh);
            glfwGetWindowSize(win, &w, &h);
            story_panel.thumbnails = std::make_shared<StoryThumbnails>(w > 0 && fw > 0 ? float(fw) / w : 1.0f);
          }
          if (!opt.story_panel.empty()) {  // --story-panel STORY: the panel unfolded on its first view
            auto it = std::find_if(story_panel.stories.begin(), story_panel.stories.end(),
                                   [&](const Story& x) { return x.name == opt.story_panel; });
            if (it == story_panel.stories.end())
              throw Error(ErrorKind::Usage, "récit « " + opt.story_panel + " » introuvable", opt.workspace,
                          "maraude story list " + opt.workspace);
            story_panel.selected = static_cast<int>(it - story_panel.stories.begin());
            story_panel.expand = true;
            if (!it->views.empty()) {
              story_panel.selected_view = 0;
              apply_story_view(s, it->views.front(), 0.01);
            }
          }
          exporter = std::make_unique<ExportController>(loader->ws, opt.workspace);
          exporter->on_update = [] { glfwPostEmptyEvent(); };
          if (!opt.export_dialog.empty())
            open_export_panel(export_panel, opt.export_dialog == "dossier" ? ExportKind::Dossier
                                            : opt.export_dialog == "affiche" ? ExportKind::Poster
                                                                             : ExportKind::Handout);
          if (!opt.present.empty()) {
            auto it = std::find_if(story_panel.stories.begin(), story_panel.stories.end(),
                                   [&](const Story& x) { return x.name == opt.present; });
            if (it == story_panel.stories.end())
              throw Error(ErrorKind::Usage, "récit « " + opt.present + " » introuvable", opt.workspace,
                          "maraude story list " + opt.workspace);
            story_panel.selected = static_cast<int>(it - story_panel.stories.begin());
            start_presenting(*it);
          }
        } catch (const Error& e) {
          error = e.format();
        }
      }
      loader.reset();
      settle_frames = 2;
    }
    int fbw = 0, fbh = 0, ww = 0, wh = 0;
    glfwGetFramebufferSize(win, &fbw, &fbh);
    glfwGetWindowSize(win, &ww, &wh);
    if (fbw <= 0 || fbh <= 0) continue;  // minimized
    s.resize(fbw, fbh);
    const float sx = ww > 0 ? float(fbw) / ww : 1, sy = wh > 0 ? float(fbh) / wh : 1;

    if (std::abs(applied_scale - s.layout.ui_scale) > 0.001f) {  // Affichage → Taille de l'interface
      st = base_style;
      st.ScaleAllSizes(s.layout.ui_scale);
      io.FontGlobalScale = s.layout.ui_scale;
      applied_scale = s.layout.ui_scale;
    }
    // Framing and the map overlay keep to the part of the window the bars leave free.
    if (presenter.active()) {
      s.insets = {};
    } else {
      const float side = std::min(s.layout.sidebar_width * s.layout.ui_scale, ww * 0.45f);
      s.insets.left = side * sx;
      s.insets.top = menu.height * sy;
      s.insets.right = 0;
      s.insets.bottom = (menu.height + 6) * sy;  // the status bar: a frame height + 6, as the menu bar's
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (scripted && s.loaded() && opt.screenshot.empty()) {
      if (opt.monkey_seed) inject_monkey_input(monkey_rng, ww, wh);
      else inject_script_input(s, script_frame, ww, wh);
    }
    ImGui::NewFrame();
    taps->frame_seen();
    if (drop_focus) {  // before the panels: the field sees itself deactivated after an edit and saves
      ImGui::SetWindowFocus(nullptr);
      drop_focus = false;
      settle_frames = std::max(settle_frames, 3);
    }
    // Every panel of the frame runs under the guard (frame_guard.h): an exception thrown in
    // the middle of one closes what it opened, so the frame ends cleanly, and the error modal
    // shows it next frame; the session and its unsaved edits go on.
    guard_panels([&] {
      if (cov) {
        if (cov->poll()) settle_frames = std::max(settle_frames, 1);
        if (cov->take_gaps_dirty()) {
          renderer->set_gaps(cov->gaps());
          s.style.gaps_loaded = true;
          s.mark_dirty();
        }
        if (cov->take_covered_dirty()) renderer->set_coverage(cov->covered());
        if (presenter.active() && cov->ready() && !present_scenario.empty()) {
          const std::string name = std::move(present_scenario);
          present_scenario.clear();
          cov->show_scenario(name);
        }
        if (s.style.gaps_loaded) s.style.gaps_note = coverage_legend_note(s, *cov);
        if (!cov->error.empty()) {
          error = cov->error;
          cov->error.clear();
        }
      }
      {
        int nm = 0;
        GLFWmonitor** mons = glfwGetMonitors(&nm);
        story_panel.monitors.clear();
        for (int i = 0; i < nm; ++i) story_panel.monitors.push_back(std::to_string(i + 1) + ". " + glfwGetMonitorName(mons[i]));
      }
      MenuActions acts;
      if (!presenter.active() && !close_guard.open && !cov_panel.guard.open && error.empty()) {
        MenuContext kctx;
        kctx.loaded = s.loaded();
        kctx.workspace = opt.workspace;
        kctx.can_undo = history.next_undo().has_value();
        kctx.can_redo = history.next_redo().has_value();
        kctx.can_save = (cov && cov->modified()) || !story_panel.unsaved.empty();
        kctx.can_present = s.loaded() && story_panel.selected >= 0 &&
                           story_panel.selected < static_cast<int>(story_panel.stories.size()) &&
                           !story_panel.stories[static_cast<size_t>(story_panel.selected)].views.empty();
        menu_shortcuts(s, menu, kctx, acts);
      }
      if (story_panel.present_requested || acts.present) {
        story_panel.present_requested = false;
        if (story_panel.selected >= 0) start_presenting(story_panel.stories[story_panel.selected]);
      }
      if (presenter.active() && notes)  // keys pressed in the notes window drive the presentation too
        for (int k : notes->take_keys())
          if (!close_guard.open) presenter.key(s, k);
      if (close_guard.open || cov_panel.guard.open) {
        // The modal has the keys and the mouse: no map or presenter command behind it.
      } else if (presenter.active()) {
        handle_presenter_input(s, presenter, sx, sy);
        // Legend, scale and labels legible across the room: twice the window's size at 1080
        // lines, less when the legend would run into the sources box (bottom right, < 125 u).
        const float u = std::max(1.0f, fbh / 1080.0f);
        const float k = fit_legend_scale(s, big_fonts, 2.0f * u, fbh - 125 * u);
        if (presenter.active() && std::abs(s.style.scale - k) > 0.01f) {
          s.style.scale = k;
          s.style.touch();
        }
      } else {
        handle_map_input(s, input, sx, sy, cov.get(), &cov_panel, planner.get(), &planner_panel);
      }
      if (was_presenting && !presenter.active() && !opt.hidden) set_full_screen(win, false, 0, windowed);
      was_presenting = presenter.active();
      if (planner) {
        if (!opt.plan.empty() && !plan_started && cov && cov->ready()) {  // --plan BASE: solve once loaded
          init_planner_panel(s, planner_panel);
          planner_panel.settings.base = opt.plan;
          planner_panel.base_label = opt.plan;
          planner->solve(with_travel(planner_settings(s, planner_panel), cov.get()), planner_scenario(*cov));
          plan_started = true;
        }
        if (planner->poll()) settle_frames = std::max(settle_frames, 1);
        if (planner->take_routes_dirty()) {
          renderer->routes().set_routes(planner->route_draws());
          s.mark_dirty();
        }
      }
      s.step_animation(std::min(0.1, static_cast<double>(io.DeltaTime)));
      if (presenter.active()) {
        // The pointer ring follows the mouse over the map even while the notes window has the
        // focus (the GLFW backend reads the cursor of the focused window only).
        if (!glfwGetWindowAttrib(win, GLFW_FOCUSED) && glfwGetWindowAttrib(win, GLFW_HOVERED)) {
          double mx = 0, my = 0;
          glfwGetCursorPos(win, &mx, &my);
          io.MousePos = ImVec2(static_cast<float>(mx), static_cast<float>(my));
        }
        // Towns only: legible from the back of the room. The presenter's boxes keep clear of the legend.
        const std::vector<BBox> taken = draw_map_overlay(s, big_fonts, 0, 4000);
        const BBox free = draw_presenter_screen(s, presenter, big_fonts, !opt.hidden, taken);  // ring in screenshots too
        // Each view's extent framed in the part of the window the title band, legend and
        // sources leave free: again when those boxes or the window size change.
        Presenter::Insets in;
        in.left = std::max(0.0, free.minx * sx);
        in.top = std::max(0.0, free.miny * sy);
        in.right = std::max(0.0, fbw - free.maxx * sx);
        in.bottom = std::max(0.0, fbh - free.maxy * sy);
        auto moved = [](double a, double b) { return std::abs(a - b) > 6; };
        if (fbw != present_fb[0] || fbh != present_fb[1] || moved(in.left, presenter.insets.left) ||
            moved(in.top, presenter.insets.top) || moved(in.right, presenter.insets.right) ||
            moved(in.bottom, presenter.insets.bottom)) {
          presenter.insets = in;
          presenter.reframe(s, s.animating() ? 0.35 : 0);
          present_fb[0] = fbw;
          present_fb[1] = fbh;
        }
      } else {
      MenuContext mctx;
      mctx.loaded = s.loaded();
      mctx.workspace = opt.workspace;
      mctx.can_undo = history.next_undo().has_value();
      mctx.can_redo = history.next_redo().has_value();
      mctx.can_save = (cov && cov->modified()) || !story_panel.unsaved.empty();
      draw_menu_bar(s, menu, mctx, acts);
      const float status_h = ImGui::GetFrameHeight() + 6;
      if (loader) draw_loading_panel(s, loader->progress(), loader->stage());
      // The side bar: search on top, then one collapsible section per panel (layout.h).
      begin_sidebar(s, menu.height, status_h);
      draw_search_panel(s, search);
      if (cov) draw_coverage_panel(s, *cov, cov_panel);
      draw_details_panel(s);
      draw_layers_panel(s);
      if (cov) draw_scenarios_panel(s, *cov, cov_panel);
      story_panel.shown_scenario = cov && cov->ready() && s.style.gaps_loaded ? cov->scenario().name : std::string();
      if (s.loaded()) draw_story_panel(s, story_panel);
      if (s.loaded()) {
        ImGui::Spacing();
        // The wide panels open as windows over the map.
        const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
        if (ImGui::Button(tr(s, "Classement des lacunes…", "Gap ranking…"), {bw, 0})) s.layout.show(Panel::Ranking);
        ImGui::SameLine();
        if (ImGui::Button(tr(s, "Tournées…", "Tours…"), {bw, 0})) s.layout.show(Panel::Planner);
      }
      end_sidebar(s);
      if (cov) {
        draw_ranking_panel(s, *cov);
        draw_scenario_points(s, *cov, sx, sy);
      }
      if (planner) {
        draw_planner_panel(s, *planner, planner_panel, cov.get());
      }
      draw_tooltip(s);
      draw_status_bar(s, frame_ms, renderer->stats().draw_calls);
      if (s.loaded() && draw_export_status_button(s)) acts.export_ = true;
      // The legend at the top right of the map's free part, below the menu bar.
      draw_map_overlay(s, fonts, 8, 0, s.layout.legend);
      if (planner) draw_route_labels(s, *planner, sx, sy);  // stop numbers above the map labels
      if (story_panel.export_requested || acts.export_) {
        story_panel.export_requested = false;
        open_export_panel(export_panel, acts.export_ ? (story_panel.selected >= 0 ? ExportKind::Handout : ExportKind::Dossier)
                                                     : story_panel.export_requested_kind,
                          story_panel.selected);
      }
      if (exporter) {
        std::optional<coverage::Scenario> shown;  // the dossier's default: the scenario as the map shows it
        if (export_panel.open && cov && cov->ready()) shown = planner_scenario(*cov);
        draw_export_panel(s, export_panel, *exporter, story_panel,
                          cov ? cov->scenario_names() : std::vector<std::string>{}, shown ? &*shown : nullptr,
                          cov && cov->modified(), renderer.get());
      }
      // The menu's and the shortcuts' commands.
      if (acts.undo || acts.redo) undo_redo(acts.redo);
      if (acts.save) {
        if (cov && cov->modified()) cov->save();  // an error goes to the modal (guard)
        for (const std::string name : std::vector<std::string>(story_panel.unsaved))
          for (const auto& st : story_panel.stories)
            if (st.name == name) save_story(story_panel, st);
      }
      if (acts.quit && !opt.monkey_seed) glfwSetWindowShouldClose(win, GLFW_TRUE);  // the monkey stays
      if (!acts.open.empty() && !opt.monkey_seed) {
        pending_open = acts.open;
        glfwSetWindowShouldClose(win, GLFW_TRUE);  // through the close guard: unsaved edits first
      }
      }  // presenter mode
      bool open_other = false;
      if (!error.empty() && draw_error_modal(s, error, load_failed ? &open_other : nullptr)) error.clear();
      if (open_other) open_open_dialog(menu, opt.workspace);
      {
        const std::string before = close_guard.error;
        const size_t items = close_guard.items.size();
        draw_close_modal(s, close_guard, cov.get(), &story_panel, exporter.get());
        // An answer changed the modal (a save error): a few frames so it resizes to fit.
        if (close_guard.error != before || close_guard.items.size() != items) settle_frames = std::max(settle_frames, 3);
      }
    }, error);
    if (exporter && exporter->running() && !exporter->step()) {
      renderer->invalidate_cache();  // a poster's tiles drew with the poster's style
      s.mark_dirty();
    }
    // Story thumbnails: at most one a frame, offscreen with the map's renderer (its cached
    // image and the GL state stay as they were); more frames while the panel asks for others.
    if (story_panel.thumbnails && renderer && story_panel.thumbnails->step(*renderer))
      settle_frames = std::max(settle_frames, 1);
    // A click or a key may open a menu or a popup, which ImGui shows a frame or two later
    // (sized while hidden): a few more frames before waiting for events again.
    {
      bool input = ImGui::IsAnyMouseDown() || ImGui::IsMouseReleased(0) || ImGui::IsMouseReleased(1);
      for (bool k : io.KeysDown) input = input || k;
      if (input) settle_frames = std::max(settle_frames, 3);
    }
    if (s.loaded() && !presenter.active()) {
      const ImGuiViewport* vp = ImGui::GetMainViewport();
      rep.min_map_share = std::min(rep.min_map_share, map_share(drawn_window_boxes(), vp->Size.x, vp->Size.y));
    }
    // A close asked by Ouvrir… and cancelled in the « Modifications non enregistrées » modal:
    // no reopening later.
    if (guard_was_open && !close_guard.open && !close_guard.quit) pending_open.clear();
    guard_was_open = close_guard.open;
    ImGui::Render();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    try {
      renderer->draw_cached(s.camera, s.style);  // the map layers re-render only on a view/style/data change
    } catch (const Error& e) {
      error = e.format();
    }
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (scripted && !opt.screenshot.empty() && script_frame + 1 >= opt.script_frames) save_screenshot(opt.screenshot, fbw, fbh);
    frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    glfwSwapBuffers(win);
    s.mark_drawn();
    // The notes window follows the presenter: opened / closed by F2 or S (either window),
    // closed with its close button (the presentation goes on) and when the presentation ends.
    if (notes && (notes->close_requested() || !presenter.active() || !presenter.notes_window)) {
      if (notes->close_requested()) presenter.notes_window = false;
      notes.reset();
    }
    if (!notes && presenter.active() && presenter.notes_window) {
      try {
        notes = std::make_unique<NotesWindow>(story_panel.monitor, !opt.hidden, s.style.english);
      } catch (const Error& e) {
        presenter.notes_window = false;
        error = e.format();
      }
      settle_frames = std::max(settle_frames, 2);
    }
    if (notes) {
      std::string png;  // scripted screenshot: the notes window beside the window's (NAME-notes.png)
      if (scripted && !opt.screenshot.empty() && script_frame + 1 >= opt.script_frames) {
        png = opt.screenshot;
        const size_t dot = png.rfind('.');
        png = (dot == std::string::npos || dot < png.find_last_of('/') + 1 ? png : png.substr(0, dot)) + "-notes.png";
      }
      const double elapsed = std::chrono::duration<double>(Clock::now() - present_t0).count();
      notes->draw(notes_content(presenter, s.style.english, elapsed), s.style.english, png);
    }
    rep.max_draw_calls = std::max(rep.max_draw_calls, renderer->stats().draw_calls);
    if (s.loaded() && rep.first_frame_ms == 0)
      rep.first_frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - t_start).count();
    ++rep.frames;
    const bool cov_waiting = !opt.screenshot.empty() && cov && !cov->ready() && error.empty();
    const bool plan_waiting = !opt.screenshot.empty() && !opt.plan.empty() && error.empty() && planner &&
                              planner->error.empty() && (!plan_started || planner->running() || !planner->result());
    const bool thumbs_waiting = !opt.screenshot.empty() && error.empty() && story_panel.thumbnails &&
                                (story_panel.thumbnails->pending() || story_panel.expand);
    if (scripted && (s.loaded() || !error.empty() || !loader) && !cov_waiting && !plan_waiting && !thumbs_waiting) {
      ++script_frame;
      if (script_frame == 50) rep.rss_kb_start = rss_kb();
      if (script_frame >= opt.script_frames) break;
    }
  }
  rep.rss_kb_end = rss_kb();
  notes.reset();  // its ImGui context goes before the main one
  cov.reset();
  exporter.reset();  // before the renderer: a poster's framebuffers
  story_panel.thumbnails.reset();  // its textures, while the context is current
  rep.error = error;
  rep.reopen = pending_open;
  renderer.reset();
  return rep;
}

}  // namespace maraude::app
