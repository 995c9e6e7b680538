// Dear ImGui 1.86 reads keys as a "down" array: a key pressed and released between two frames
// (a quick tap, or xdotool's instantaneous key events) is never seen down, so F5, Ctrl+E or
// Enter did nothing. KeyTaps sits in front of the GLFW backend's key callback: a release that
// follows its press before the next frame is held back and applied after that frame, so every
// press is seen for at least one frame (with its modifiers).
#pragma once

struct GLFWwindow;

namespace maraude::app {

class KeyTaps {
 public:
  // After ImGui_ImplGlfw_InitForOpenGL(win, true): chains the backend's key callback.
  explicit KeyTaps(GLFWwindow* win);
  ~KeyTaps();  // puts the backend's callback back
  KeyTaps(const KeyTaps&) = delete;
  KeyTaps& operator=(const KeyTaps&) = delete;
  // Call once per frame, after ImGui::NewFrame(): the next events may release the keys held.
  void frame_seen();
  // Call before polling events: applies the releases held back for the frame just drawn.
  void release_held();

 private:
  GLFWwindow* win_;
};

}  // namespace maraude::app
