#include "app/mouse_taps.h"

#include <deque>

#include "imgui.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

namespace {
constexpr int kButtons = 5;  // ImGui's io.MouseDown

struct ButtonEvent {
  int button;
  bool down;
  double x, y;  // window coordinates of the cursor when it happened
  double t;     // glfwGetTime() when it was received
};

// GLFW callbacks are plain functions: the state of the one window with MouseTaps.
struct MouseTapState {
  GLFWmousebuttonfun previous_button = nullptr;
  GLFWcursorposfun previous_cursor = nullptr;
  std::deque<ButtonEvent> queue;
  bool down[kButtons] = {};         // as ImGui was told
  double last_press[kButtons] = {-1e9, -1e9, -1e9, -1e9, -1e9};  // event time of the last press applied
  double x = 0, y = 0;
  bool have_cursor = false;
};
MouseTapState* g_mouse = nullptr;

void on_button(GLFWwindow* w, int button, int action, int mods) {
  MouseTapState* m = g_mouse;
  if (m && m->previous_button) m->previous_button(w, button, action, mods);
  if (!m || button < 0 || button >= kButtons || (action != GLFW_PRESS && action != GLFW_RELEASE)) return;
  double x = m->x, y = m->y;
  if (!m->have_cursor) glfwGetCursorPos(w, &x, &y);
  m->queue.push_back({button, action == GLFW_PRESS, x, y, glfwGetTime()});
}

void on_cursor(GLFWwindow* w, double x, double y) {
  MouseTapState* m = g_mouse;
  if (!m) return;
  m->x = x;
  m->y = y;
  m->have_cursor = true;
  if (m->previous_cursor) m->previous_cursor(w, x, y);
}
}  // namespace

MouseTaps::MouseTaps(GLFWwindow* win) : win_(win) {
  g_mouse = new MouseTapState;
  g_mouse->previous_button = glfwSetMouseButtonCallback(win, on_button);
  g_mouse->previous_cursor = glfwSetCursorPosCallback(win, on_cursor);
}

MouseTaps::~MouseTaps() {
  glfwSetMouseButtonCallback(win_, g_mouse->previous_button);
  glfwSetCursorPosCallback(win_, g_mouse->previous_cursor);
  delete g_mouse;
  g_mouse = nullptr;
}

bool MouseTaps::pending() const { return g_mouse && !g_mouse->queue.empty(); }

void MouseTaps::apply() {
  MouseTapState* m = g_mouse;
  if (!m) return;
  ImGuiIO& io = ImGui::GetIO();
  bool changed[kButtons] = {};
  bool any = false;
  double px = 0, py = 0;
  while (!m->queue.empty()) {
    const ButtonEvent e = m->queue.front();
    if (changed[e.button]) break;  // its next change waits for the next frame (and so do later events)
    m->queue.pop_front();
    if (e.down == m->down[e.button]) continue;
    m->down[e.button] = e.down;
    changed[e.button] = true;
    if (e.down) {
      // A second press within the double-click time of the first, in event time: ImGui
      // compares its own frame times, later here than the user's clicks.
      const double gap = e.t - m->last_press[e.button];
      if (gap >= 0 && gap < io.MouseDoubleClickTime)
        io.MouseClickedTime[e.button] = ImGui::GetTime() + io.DeltaTime - gap;
      m->last_press[e.button] = e.t;
    }
    px = e.x;
    py = e.y;
    any = true;
  }
  // Every change comes through the callback (GLFW releases the buttons held when the window
  // loses the focus, through the callback too).
  for (int b = 0; b < kButtons; ++b) io.MouseDown[b] = m->down[b];
  // The frame sees the change where it happened (the backend read the cursor of now).
  if (any && io.MousePos.x > -1e6f && io.MousePos.y > -1e6f) io.MousePos = ImVec2(static_cast<float>(px), static_cast<float>(py));
}

}  // namespace maraude::app
