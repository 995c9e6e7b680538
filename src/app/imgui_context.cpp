#include "app/imgui_context.h"

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace maraude::app {

ImGuiContextOwner::ImGuiContextOwner() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
}

void ImGuiContextOwner::init_backends(GLFWwindow* win) {
  ImGui_ImplGlfw_InitForOpenGL(win, true);
  glfw_ = true;
  taps_ = std::make_unique<KeyTaps>(win);
  mouse_taps_ = std::make_unique<MouseTaps>(win);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  gl_ = true;
}

ImGuiContextOwner::~ImGuiContextOwner() {
  mouse_taps_.reset();  // the backend's callbacks back before the backend goes
  taps_.reset();
  if (gl_) ImGui_ImplOpenGL3_Shutdown();
  if (glfw_) ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

}  // namespace maraude::app
