// The main loop of the window (viewer_window.h): construction, events and close requests,
// frame begin and end, teardown.
#include "app/viewer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "app/frame_guard.h"
#include "app/layout.h"
#include "app/viewer_window.h"
#include "core/error.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "render/gl.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

namespace {
using Clock = Viewer::Clock;

long rss_kb() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, rss = 0;
  f >> pages >> rss;
  return rss * (sysconf(_SC_PAGESIZE) / 1024);
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

// A hash of what ImGui draws this frame (vertices, indices, commands) and the framebuffer
// size: equal to the last drawn frame's, nothing of the interface changed on screen.
uint64_t hash_draw_data(const ImDrawData* d, int fbw, int fbh) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  mix(&fbw, sizeof fbw);
  mix(&fbh, sizeof fbh);
  if (!d) return h;
  for (int n = 0; n < d->CmdListsCount; ++n) {
    const ImDrawList* l = d->CmdLists[n];
    mix(l->VtxBuffer.Data, static_cast<size_t>(l->VtxBuffer.Size) * sizeof(ImDrawVert));
    mix(l->IdxBuffer.Data, static_cast<size_t>(l->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : l->CmdBuffer) {
      mix(&c.ClipRect, sizeof c.ClipRect);
      mix(&c.TextureId, sizeof c.TextureId);
      mix(&c.VtxOffset, sizeof c.VtxOffset);
      mix(&c.IdxOffset, sizeof c.IdxOffset);
      mix(&c.ElemCount, sizeof c.ElemCount);
    }
  }
  return h;
}

bool same_camera(const render::Camera& a, const render::Camera& b) {
  return a.center.x == b.center.x && a.center.y == b.center.y && a.mpp == b.mpp && a.width == b.width &&
         a.height == b.height;
}

// The new window's settings, and --monitor N refused at once when the machine has fewer
// monitors (before ImGui is set up).
GLFWwindow* prepare_window(GLFWwindow* win, const ViewerOptions& opt) {
  glfwSwapInterval(opt.script_frames > 0 ? 0 : 1);
  // Full screen stays up when the focus goes to the notes window on the other monitor.
  glfwSetWindowAttrib(win, GLFW_AUTO_ICONIFY, GLFW_FALSE);
  if (opt.monitor > 0) {
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
  return win;
}
}  // namespace

ViewerReport run_viewer(const ViewerOptions& opt) {
  Viewer v(opt);
  return v.run();
}

Viewer::Viewer(const ViewerOptions& opt)
    : opt_(opt),
      t_start_(Clock::now()),
      ctx_(!opt.hidden, opt.width, opt.height, "Maraude", 4),
      win_(prepare_window(ctx_.window(), opt)),
      monkey_(opt.monkey_seed) {
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
  base_style_ = st;
  imgui_.init_backends(win_);
  // The window uncovered or resized by the system: drawn again even if nothing changed.
  glfwSetWindowUserPointer(win_, this);
  glfwSetWindowRefreshCallback(win_, [](GLFWwindow* w) {
    if (auto* v = static_cast<Viewer*>(glfwGetWindowUserPointer(w))) v->drawn_.valid = false;
  });
  taps_ = imgui_.taps();
  mouse_taps_ = imgui_.mouse_taps();
  fonts_ = load_fonts(15.0f);
  big_fonts_ = load_fonts(40.0f);

  s_.style.english = opt_.english;
  s_.layout.ui_scale = opt_.ui_scale;
  if (opt_.workspace.empty())
    error_ = opt_.english ? "No workspace given.\nUsage: maraude view WORKSPACE.gpkg (create one with `maraude import`)."
                          : "Aucun espace de travail.\nUsage : maraude view ESPACE.gpkg (créez-le avec `maraude import`).";
  else
    loader_ = std::make_unique<WorkspaceLoader>(opt_.workspace);

  // A failure here (no usable OpenGL) leaves through the context owner, which ends ImGui.
  renderer_ = std::make_unique<render::MapRenderer>();
  story_panel_.workspace_path = opt_.workspace;
  if (opt_.monitor > 0) story_panel_.monitor = opt_.monitor - 1;
  if (opt_.notes_window) story_panel_.notes_window = true;
  present_t0_ = Clock::now();
  export_panel_.dir = default_export_dir(opt_.workspace);
  windowed_[2] = opt_.width;
  windowed_[3] = opt_.height;
  if (opt_.script_frames > 0) presenter_.fly_seconds = 0;  // scripted stills: land at once
  presenter_.on_scenario = [this](const std::string& name) { present_scenario_ = name; };
  presenter_.on_leave = [this] {
    present_scenario_.clear();
    if (cov_ && cov_->ready()) cov_->end_showing();
  };
  menu_.recent = load_recent();
  story_panel_.on_edit = [this] { history_.record(EditSource::Story); };
  load_failed_ = opt_.workspace.empty();
}

ViewerReport Viewer::run() {
  while (!close_guard_.quit) {
    if (!pump_events()) break;
    if (loader_ && loader_->done()) on_loader_done();
    if (!begin_frame()) continue;  // minimized
    // Every panel of the frame runs under the guard (frame_guard.h): an exception thrown in
    // the middle of one closes what it opened, so the frame ends cleanly, and the error modal
    // shows it next frame; the session and its unsaved edits go on.
    guard_panels([this] { frame_panels(); }, error_);
    if (end_frame()) break;
  }
  return finish();
}

bool Viewer::pump_events() {
  ImGuiIO& io = ImGui::GetIO();
  const bool loading = loader_ && !loader_->done();
  const bool scripted = opt_.script_frames > 0;
  f_.scripted = scripted;
  taps_->release_held();
  if (scripted || s_.animating() || settle_frames_ > 0 || close_deferred_ > 0 || (exporter_ && exporter_->running())) glfwPollEvents();
  else if (cov_ && cov_->starting()) glfwWaitEventsTimeout(0.05);  // coverage being computed
  else if (planner_ && planner_->running()) glfwWaitEventsTimeout(0.05);  // tours being planned
  else if (loading) glfwWaitEventsTimeout(0.05);  // keep the progress bar moving
  else if (notes_) glfwWaitEventsTimeout(0.5);     // the notes window's clock ticks
  else { glfwWaitEvents(); settle_frames_ = 2; }   // idle: sleep until input arrives
  if (settle_frames_ > 0) --settle_frames_;
  if (glfwWindowShouldClose(win_)) {  // the close button, Alt+F4...: not before the guard agrees
    glfwSetWindowShouldClose(win_, GLFW_FALSE);
    if (!close_guard_.open && close_deferred_ == 0) {
      if (io.WantTextInput && !scripted && !opt_.hidden) {
        drop_focus_ = true;
        close_deferred_ = 2;
      } else if (request_close(close_guard_, cov_.get(), &story_panel_, s_.style.english, scripted || opt_.hidden,
                               exporter_.get())) {
        return false;
      }
    }
    settle_frames_ = std::max(settle_frames_, 2);
  } else if (close_deferred_ > 0 && --close_deferred_ == 0) {
    if (request_close(close_guard_, cov_.get(), &story_panel_, s_.style.english, false, exporter_.get())) return false;
    settle_frames_ = std::max(settle_frames_, 2);
  }
  // One modal at a time: closing asks about everything, so a pending scenario switch is
  // dropped (nothing was switched, the edits are listed by the close guard).
  if (close_guard_.open) cov_panel_.guard.open = false;
  f_.t0 = Clock::now();
  return true;
}

bool Viewer::begin_frame() {
  ImGuiIO& io = ImGui::GetIO();
  f_.fbw = f_.fbh = f_.ww = f_.wh = 0;
  glfwGetFramebufferSize(win_, &f_.fbw, &f_.fbh);
  glfwGetWindowSize(win_, &f_.ww, &f_.wh);
  if (f_.fbw <= 0 || f_.fbh <= 0) return false;  // minimized
  s_.resize(f_.fbw, f_.fbh);
  f_.sx = f_.ww > 0 ? float(f_.fbw) / f_.ww : 1;
  f_.sy = f_.wh > 0 ? float(f_.fbh) / f_.wh : 1;

  if (std::abs(applied_scale_ - s_.layout.ui_scale) > 0.001f) {  // Affichage → Taille de l'interface
    ImGuiStyle& st = ImGui::GetStyle();
    st = base_style_;
    st.ScaleAllSizes(s_.layout.ui_scale);
    io.FontGlobalScale = s_.layout.ui_scale;
    applied_scale_ = s_.layout.ui_scale;
  }
  // Framing and the map overlay keep to the part of the window the bars leave free.
  if (presenter_.active()) {
    s_.insets = {};
  } else {
    const float side = std::min(s_.layout.sidebar_width * s_.layout.ui_scale, f_.ww * 0.45f);
    s_.insets.left = side * f_.sx;
    s_.insets.top = menu_.height * f_.sy;
    s_.insets.right = 0;
    s_.insets.bottom = (menu_.height + 6) * f_.sy;  // the status bar: a frame height + 6, as the menu bar's
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  mouse_taps_->apply();
  if (f_.scripted && s_.loaded() && opt_.screenshot.empty()) {
    if (opt_.monkey_seed) monkey_.inject(f_.ww, f_.wh);
    else inject_script_input(s_, script_frame_, f_.ww, f_.wh);
  }
  ImGui::NewFrame();
  taps_->frame_seen();
  if (drop_focus_) {  // before the panels: the field sees itself deactivated after an edit and saves
    ImGui::SetWindowFocus(nullptr);
    drop_focus_ = false;
    settle_frames_ = std::max(settle_frames_, 3);
  }
  return true;
}

bool Viewer::end_frame() {
  ImGuiIO& io = ImGui::GetIO();
  if (exporter_ && exporter_->running() && !exporter_->step()) {
    renderer_->invalidate_cache();  // a poster's tiles drew with the poster's style
    s_.mark_dirty();
  }
  // Story thumbnails: at most one a frame, offscreen with the map's renderer (its cached
  // image and the GL state stay as they were); more frames while the panel asks for others.
  if (story_panel_.thumbnails && renderer_ && story_panel_.thumbnails->step(*renderer_))
    settle_frames_ = std::max(settle_frames_, 1);
  // A click or a key may open a menu or a popup, which ImGui shows a frame or two later
  // (sized while hidden): a few more frames before waiting for events again.
  {
    bool input = ImGui::IsAnyMouseDown() || ImGui::IsMouseReleased(0) || ImGui::IsMouseReleased(1);
    for (bool k : io.KeysDown) input = input || k;
    if (mouse_taps_->pending()) settle_frames_ = std::max(settle_frames_, 1);  // clicks still queued
    if (input) settle_frames_ = std::max(settle_frames_, 3);
  }
  if (s_.loaded() && !presenter_.active()) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    rep_.min_map_share = std::min(rep_.min_map_share, map_share(drawn_window_boxes(), vp->Size.x, vp->Size.y));
  }
  // A close asked by Ouvrir… and cancelled in the « Modifications non enregistrées » modal:
  // no reopening later.
  if (guard_was_open_ && !close_guard_.open && !close_guard_.quit) pending_open_.clear();
  guard_was_open_ = close_guard_.open;
  ImGui::Render();
  const bool last_scripted = f_.scripted && script_frame_ + 1 >= opt_.script_frames;
  const bool screenshot = last_scripted && !opt_.screenshot.empty();
  // A frame that would show exactly what the window shows (the same interface, map view and
  // style, the map's image settled) is not drawn again: under software OpenGL drawing and
  // swapping are most of a frame's cost, and an event often changes nothing on screen (the
  // cursor over a panel, the frames that let a popup settle).
  const uint64_t ui = hash_draw_data(ImGui::GetDrawData(), f_.fbw, f_.fbh);
  const bool unchanged = drawn_.valid && ui == drawn_.ui && same_camera(s_.camera, drawn_.camera) &&
                         s_.style.revision == drawn_.style_revision && !s_.needs_redraw() &&
                         !renderer_->stats().cache_shifted && !screenshot;
  if (unchanged) {
    ++rep_.frames_not_drawn;
    // Polling frames that show nothing new (waiting for the coverage in a scripted run, the
    // last settle frames) would spin: a short pause leaves the core to the workers.
    std::this_thread::sleep_for(std::chrono::milliseconds(4));
  } else {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    try {
      renderer_->draw_cached(s_.camera, s_.style);  // the map layers re-render only on a view/style/data change
    } catch (const Error& e) {
      error_ = e.format();
    }
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (screenshot) save_screenshot(opt_.screenshot, f_.fbw, f_.fbh);
    drawn_ = {true, ui, s_.camera, s_.style.revision};
  }
  frame_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - f_.t0).count();
  if (!unchanged) glfwSwapBuffers(win_);
  if (s_.loaded()) {  // the report's mean frame times (sums until finish())
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - f_.t0).count();
    (unchanged ? rep_.frame_ms_not_drawn : rep_.frame_ms_drawn) += ms;
    ++(unchanged ? frames_timed_[1] : frames_timed_[0]);
  }
  s_.mark_drawn();
  step_notes_window();
  rep_.max_draw_calls = std::max(rep_.max_draw_calls, renderer_->stats().draw_calls);
  if (s_.loaded() && rep_.first_frame_ms == 0)
    rep_.first_frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - t_start_).count();
  ++rep_.frames;
  const bool cov_waiting = !opt_.screenshot.empty() && cov_ && !cov_->ready() && error_.empty();
  const bool plan_waiting = !opt_.screenshot.empty() && !opt_.plan.empty() && error_.empty() && planner_ &&
                            planner_->error.empty() && (!plan_started_ || planner_->running() || !planner_->result());
  const bool thumbs_waiting = !opt_.screenshot.empty() && error_.empty() && story_panel_.thumbnails &&
                              (story_panel_.thumbnails->pending() || story_panel_.expand);
  if (f_.scripted && (s_.loaded() || !error_.empty() || !loader_) && !cov_waiting && !plan_waiting && !thumbs_waiting) {
    ++script_frame_;
    if (script_frame_ == 50) rep_.rss_kb_start = rss_kb();
    if (script_frame_ >= opt_.script_frames) return true;
  }
  return false;
}

ViewerReport Viewer::finish() {
  rep_.rss_kb_end = rss_kb();
  if (frames_timed_[0]) rep_.frame_ms_drawn /= frames_timed_[0];
  if (frames_timed_[1]) rep_.frame_ms_not_drawn /= frames_timed_[1];
  notes_.reset();  // its ImGui context goes before the main one
  cov_.reset();
  exporter_.reset();  // before the renderer: a poster's framebuffers
  story_panel_.thumbnails.reset();  // its textures, while the context is current
  rep_.error = error_;
  rep_.reopen = pending_open_;
  renderer_.reset();
  return rep_;
}

}  // namespace maraude::app
