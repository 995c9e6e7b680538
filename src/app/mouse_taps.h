// Dear ImGui 1.86 reads the mouse buttons as a "down" array sampled once a frame (the GLFW
// backend keeps one "just pressed" flag per button): under software OpenGL a frame takes
// long enough for a whole double click (press, release, press, release) to arrive between
// two frames, and ImGui then sees one click only; a click whose cursor moved on before the
// frame lands where the cursor is, not where it was pressed. MouseTaps sits in front of the
// backend's mouse-button and cursor callbacks and queues the button events with the cursor
// position of each: every frame applies the next change of each button (one per button a
// frame, in order), at the position it happened, and tells ImGui a second press that came
// within the double-click time of the first, however many frames later it is applied.
#pragma once

struct GLFWwindow;

namespace maraude::app {

class MouseTaps {
 public:
  // After ImGui_ImplGlfw_InitForOpenGL(win, true): chains the backend's callbacks.
  explicit MouseTaps(GLFWwindow* win);
  ~MouseTaps();  // puts the backend's callbacks back
  MouseTaps(const MouseTaps&) = delete;
  MouseTaps& operator=(const MouseTaps&) = delete;
  // After ImGui_ImplGlfw_NewFrame(), before ImGui::NewFrame(): sets io.MouseDown (and
  // io.MousePos when a button changed) from the queued events.
  void apply();
  // Button events wait for later frames: draw them without waiting for new input.
  bool pending() const;

 private:
  GLFWwindow* win_;
};

}  // namespace maraude::app
