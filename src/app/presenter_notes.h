// The presenter-notes window (issue 6): a second GLFW window showing the current view's
// title and notes, the next view's title, the elapsed time and the position ("3 / 12"),
// while the map is full screen on the other monitor.
//
// Dear ImGui 1.86 constraints, and how this window lives with them:
// - one ImGui context draws one window: the notes window has its own ImGui context (with
//   its own font atlas) and its own OpenGL context (not shared with the map's: nothing GL
//   crosses over, the OpenGL3 backend builds its shader and font texture in each);
// - the GLFW backend's callbacks feed whatever ImGui context is current when glfwPollEvents
//   runs, so they are installed on the main window only, and the main ImGui context is
//   always the current one outside draw(). The notes window gets plain GLFW callbacks of
//   its own: keys are queued for the viewer (take_keys(): the same presenter keys as the
//   main window), the mouse and wheel are fed to its ImGui context at the next draw().
// Closing the window (its close button, F2 or S) never ends the presentation.
#pragma once
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/presenter.h"

struct GLFWwindow;
struct ImGuiContext;

namespace maraude::app {

class NotesWindow {
 public:
  // Opens the window on a monitor other than `present_monitor` (0-based) when there are
  // several (filling its work area), else as a normal 1000 x 700 window. `visible` = false
  // for scripted runs. Leaves the main window's GL and ImGui contexts current. Throws
  // Error(Graphics) when the window cannot be created.
  NotesWindow(int present_monitor, bool visible, bool english);
  ~NotesWindow();
  NotesWindow(const NotesWindow&) = delete;
  NotesWindow& operator=(const NotesWindow&) = delete;

  bool close_requested() const;        // its close button
  std::vector<int> take_keys();        // GLFW keys pressed in the notes window since the last call
  void inject_key(int glfw_key) { in_.keys.push_back(glfw_key); }  // tests: what the key callback does
  int monitor() const { return monitor_; }  // the monitor it was placed on, -1 = a normal window
  GLFWwindow* window() const { return win_; }

  // Draws one frame of `c` and swaps; with `png` non-empty, also saves the frame there.
  // Restores the GL and ImGui contexts current before the call. Button clicks in the
  // window come back as keys through take_keys() (→ next, ← previous).
  void draw(const NotesContent& c, bool english, const std::string& png = "");

 private:
  GLFWwindow* win_ = nullptr;
  ImGuiContext* imgui_ = nullptr;
  int monitor_ = -1;
  double last_time_ = 0;
  Fonts text_, big_;  // in the notes window's own font atlas
  // Input from the window's own callbacks (they run inside glfwPollEvents).
  struct Input {
    std::vector<int> keys;
    float wheel = 0;
    bool clicked[3] = {false, false, false};  // a press since the last draw (kept down one frame)
  } in_;
  static void on_key(GLFWwindow* w, int key, int scancode, int action, int mods);
  static void on_scroll(GLFWwindow* w, double dx, double dy);
  static void on_button(GLFWwindow* w, int button, int action, int mods);
};

}  // namespace maraude::app
