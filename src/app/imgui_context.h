// The ImGui context of the window and its backends (GLFW input, OpenGL 3 drawing), with the
// key-tap and mouse-tap filters (key_taps.h, mouse_taps.h) in front of the GLFW backend:
// created in order, ended in reverse order whatever way the window leaves (return or
// exception). The GLFW window and its GL context are render::GlContext's (render/offscreen.h),
// created before this.
#pragma once
#include <memory>

#include "app/key_taps.h"
#include "app/mouse_taps.h"

struct GLFWwindow;

namespace maraude::app {

class ImGuiContextOwner {
 public:
  ImGuiContextOwner();  // the context (fonts and style may be set before init_backends)
  ~ImGuiContextOwner();
  ImGuiContextOwner(const ImGuiContextOwner&) = delete;
  ImGuiContextOwner& operator=(const ImGuiContextOwner&) = delete;
  // The GLFW and OpenGL 3 backends on `win` (current GL context), then the tap filters.
  void init_backends(GLFWwindow* win);
  KeyTaps* taps() const { return taps_.get(); }
  MouseTaps* mouse_taps() const { return mouse_taps_.get(); }

 private:
  std::unique_ptr<KeyTaps> taps_;
  std::unique_ptr<MouseTaps> mouse_taps_;
  bool glfw_ = false, gl_ = false;
};

}  // namespace maraude::app
