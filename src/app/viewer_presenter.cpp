// Presenter mode of the window (viewer_window.h): a story full screen on the chosen monitor,
// its frame (map overlay in large type, title band, sources), and the notes window.
#include <algorithm>
#include <cmath>

#include "app/viewer_window.h"
#include "core/error.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

void Viewer::start_presenting(const Story& st) {
  presenter_.start(s_, st, [this](const std::string& n) {
    if (!cov_) return true;
    const auto names = cov_->scenario_names();
    return std::find(names.begin(), names.end(), n) != names.end();
  });
  if (!opt_.hidden) set_full_screen(true, story_panel_.monitor);
  if (story_panel_.notes_window) presenter_.notes_window = true;
  present_t0_ = Clock::now();
}

// Full screen on monitor `index` (GLFW's list), or back to the saved window frame.
void Viewer::set_full_screen(bool on, int index) {
  if (on) {
    int n = 0;
    GLFWmonitor** mons = glfwGetMonitors(&n);
    if (n <= 0) return;
    GLFWmonitor* m = mons[std::clamp(index, 0, n - 1)];
    const GLFWvidmode* mode = glfwGetVideoMode(m);
    glfwGetWindowPos(win_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(win_, &windowed_[2], &windowed_[3]);
    glfwSetWindowMonitor(win_, m, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else if (glfwGetWindowMonitor(win_)) {
    glfwSetWindowMonitor(win_, nullptr, windowed_[0], windowed_[1], std::max(200, windowed_[2]), std::max(150, windowed_[3]), 0);
  }
}

void Viewer::draw_presenter_frame() {
  ImGuiIO& io = ImGui::GetIO();
  // The pointer ring follows the mouse over the map even while the notes window has the
  // focus (the GLFW backend reads the cursor of the focused window only).
  if (!glfwGetWindowAttrib(win_, GLFW_FOCUSED) && glfwGetWindowAttrib(win_, GLFW_HOVERED)) {
    double mx = 0, my = 0;
    glfwGetCursorPos(win_, &mx, &my);
    io.MousePos = ImVec2(static_cast<float>(mx), static_cast<float>(my));
  }
  // Towns only: legible from the back of the room. The presenter's boxes keep clear of the legend.
  const std::vector<BBox> taken = draw_map_overlay(s_, big_fonts_, 0, 4000);
  const BBox free = draw_presenter_screen(s_, presenter_, big_fonts_, !opt_.hidden, taken);  // ring in screenshots too
  // Each view's extent framed in the part of the window the title band, legend and
  // sources leave free: again when those boxes or the window size change.
  Presenter::Insets in;
  in.left = std::max(0.0, free.minx * f_.sx);
  in.top = std::max(0.0, free.miny * f_.sy);
  in.right = std::max(0.0, f_.fbw - free.maxx * f_.sx);
  in.bottom = std::max(0.0, f_.fbh - free.maxy * f_.sy);
  auto moved = [](double a, double b) { return std::abs(a - b) > 6; };
  if (f_.fbw != present_fb_[0] || f_.fbh != present_fb_[1] || moved(in.left, presenter_.insets.left) ||
      moved(in.top, presenter_.insets.top) || moved(in.right, presenter_.insets.right) ||
      moved(in.bottom, presenter_.insets.bottom)) {
    presenter_.insets = in;
    presenter_.reframe(s_, s_.animating() ? 0.35 : 0);
    present_fb_[0] = f_.fbw;
    present_fb_[1] = f_.fbh;
  }
}

// After the main window's swap. The notes window follows the presenter: opened / closed by
// F2 or S (either window), closed with its close button (the presentation goes on) and when
// the presentation ends.
void Viewer::step_notes_window() {
  if (notes_ && (notes_->close_requested() || !presenter_.active() || !presenter_.notes_window)) {
    if (notes_->close_requested()) presenter_.notes_window = false;
    notes_.reset();
  }
  if (!notes_ && presenter_.active() && presenter_.notes_window) {
    try {
      notes_ = std::make_unique<NotesWindow>(story_panel_.monitor, !opt_.hidden, s_.style.english);
    } catch (const Error& e) {
      presenter_.notes_window = false;
      error_ = e.format();
    }
    settle_frames_ = std::max(settle_frames_, 2);
  }
  if (notes_) {
    std::string png;  // scripted screenshot: the notes window beside the window's (NAME-notes.png)
    if (f_.scripted && !opt_.screenshot.empty() && script_frame_ + 1 >= opt_.script_frames) {
      png = opt_.screenshot;
      const size_t dot = png.rfind('.');
      png = (dot == std::string::npos || dot < png.find_last_of('/') + 1 ? png : png.substr(0, dot)) + "-notes.png";
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - present_t0_).count();
    notes_->draw(notes_content(presenter_, s_.style.english, elapsed), s_.style.english, png);
  }
}

}  // namespace maraude::app
