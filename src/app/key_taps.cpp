#include "app/key_taps.h"

#include <vector>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

namespace {
// GLFW callbacks are plain functions: the state of the one window with KeyTaps.
struct TapState {
  GLFWkeyfun previous = nullptr;
  std::vector<bool> pressed_this_frame = std::vector<bool>(GLFW_KEY_LAST + 1, false);
  std::vector<int> held;  // keys whose release waits for the next frame
  std::vector<int> held_scancodes;
  bool frame_started = false;
};
TapState* g_taps = nullptr;

void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
  TapState* t = g_taps;
  if (!t || key < 0 || key > GLFW_KEY_LAST) {
    if (t && t->previous) t->previous(w, key, scancode, action, mods);
    return;
  }
  if (action == GLFW_PRESS) t->pressed_this_frame[static_cast<size_t>(key)] = true;
  // Released before any frame saw it down: later. Once one release waits, the later ones wait
  // too, in order — Ctrl released after Z in the same burst (xdotool key ctrl+z) must not
  // leave the frame seeing Z without Ctrl.
  if (action == GLFW_RELEASE && (t->pressed_this_frame[static_cast<size_t>(key)] || !t->held.empty())) {
    t->held.push_back(key);
    t->held_scancodes.push_back(scancode);
    return;
  }
  if (t->previous) t->previous(w, key, scancode, action, mods);
}
}  // namespace

KeyTaps::KeyTaps(GLFWwindow* win) : win_(win) {
  g_taps = new TapState;
  g_taps->previous = glfwSetKeyCallback(win, on_key);
}

KeyTaps::~KeyTaps() {
  glfwSetKeyCallback(win_, g_taps->previous);
  delete g_taps;
  g_taps = nullptr;
}

void KeyTaps::frame_seen() {
  if (!g_taps) return;
  std::fill(g_taps->pressed_this_frame.begin(), g_taps->pressed_this_frame.end(), false);
  g_taps->frame_started = true;
}

void KeyTaps::release_held() {
  TapState* t = g_taps;
  if (!t || !t->frame_started) return;
  for (size_t i = 0; i < t->held.size(); ++i)
    if (t->previous) t->previous(win_, t->held[i], t->held_scancodes[i], GLFW_RELEASE, 0);
  t->held.clear();
  t->held_scancodes.clear();
}

}  // namespace maraude::app
