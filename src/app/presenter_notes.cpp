// The presenter-notes window (see presenter_notes.h).
#include "app/presenter_notes.h"

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "core/error.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "render/gl.h"
#include "render/offscreen.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

namespace {
// Makes the notes window's GL and ImGui contexts current for a scope, then puts back the
// ones that were (the main window's: its GLFW callbacks feed the current ImGui context).
class Current {
 public:
  Current(GLFWwindow* w, ImGuiContext* c) : gl_(glfwGetCurrentContext()), imgui_(ImGui::GetCurrentContext()) {
    glfwMakeContextCurrent(w);
    ImGui::SetCurrentContext(c);
  }
  ~Current() {
    ImGui::SetCurrentContext(imgui_);
    glfwMakeContextCurrent(gl_);
  }

 private:
  GLFWwindow* gl_;
  ImGuiContext* imgui_;
};

void save_png(const std::string& path, int w, int h) {
  render::Image img;
  img.width = w;
  img.height = h;
  img.pixels.resize(static_cast<size_t>(w) * h * 4);
  std::vector<uint8_t> rows(img.pixels.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_BGRA, GL_UNSIGNED_BYTE, rows.data());
  const size_t stride = static_cast<size_t>(w) * 4;
  for (int y = 0; y < h; ++y) std::memcpy(&img.pixels[y * stride], &rows[(h - 1 - y) * stride], stride);
  for (size_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;
  render::write_png(img, path);
}
}  // namespace

NotesWindow::NotesWindow(int present_monitor, bool visible, bool english) {
  GLFWwindow* main_gl = glfwGetCurrentContext();
  ImGuiContext* main_imgui = ImGui::GetCurrentContext();
  // A monitor other than the presentation's, when there is one.
  int n = 0;
  GLFWmonitor** mons = glfwGetMonitors(&n);
  int x = 0, y = 0, w = 1000, h = 700;
  if (n > 1) {
    monitor_ = present_monitor == 0 ? 1 : 0;
    glfwGetMonitorWorkarea(mons[monitor_], &x, &y, &w, &h);
    w = std::max(w, 400);
    h = std::max(h, 300);
  }
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);  // shown once placed
  win_ = glfwCreateWindow(w, h, english ? "Maraude — presenter notes" : "Maraude — notes du présentateur", nullptr,
                          nullptr);
  glfwDefaultWindowHints();
  if (!win_) {
    glfwMakeContextCurrent(main_gl);
    throw Error(ErrorKind::Graphics, "la fenêtre des notes ne s’ouvre pas", "mode présentateur",
                "les notes restent disponibles à l’écran avec la touche N");
  }
  if (monitor_ >= 0) glfwSetWindowPos(win_, x, y);
  glfwSetWindowUserPointer(win_, this);
  glfwSetKeyCallback(win_, on_key);
  glfwSetScrollCallback(win_, on_scroll);
  glfwSetMouseButtonCallback(win_, on_button);

  glfwMakeContextCurrent(win_);
  glfwSwapInterval(0);  // never wait for this window's vertical sync: the map's frames pace the loop
  imgui_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(imgui_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowPadding = {28, 22};
  st.FramePadding = {18, 10};
  st.ItemSpacing = {14, 12};
  st.FrameRounding = 6;
  st.ScrollbarSize = 18;
  st.Colors[ImGuiCol_WindowBg] = {0.09f, 0.10f, 0.12f, 1.0f};
  text_ = load_fonts(30.0f);
  big_ = load_fonts(46.0f);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ImGui::SetCurrentContext(main_imgui);
  glfwMakeContextCurrent(main_gl);
  if (visible) glfwShowWindow(win_);
}

NotesWindow::~NotesWindow() {
  {
    Current cur(win_, imgui_);
    ImGui_ImplOpenGL3_Shutdown();
  }
  ImGuiContext* main_imgui = ImGui::GetCurrentContext();
  ImGui::DestroyContext(imgui_);
  ImGui::SetCurrentContext(main_imgui == imgui_ ? nullptr : main_imgui);
  GLFWwindow* main_gl = glfwGetCurrentContext();
  glfwDestroyWindow(win_);
  if (main_gl != win_) glfwMakeContextCurrent(main_gl);
}

bool NotesWindow::close_requested() const { return glfwWindowShouldClose(win_); }

std::vector<int> NotesWindow::take_keys() {
  std::vector<int> k;
  k.swap(in_.keys);
  return k;
}

void NotesWindow::on_key(GLFWwindow* w, int key, int, int action, int) {
  auto* self = static_cast<NotesWindow*>(glfwGetWindowUserPointer(w));
  if (self && action == GLFW_PRESS) self->in_.keys.push_back(key);
}
void NotesWindow::on_scroll(GLFWwindow* w, double, double dy) {
  auto* self = static_cast<NotesWindow*>(glfwGetWindowUserPointer(w));
  if (self) self->in_.wheel += static_cast<float>(dy);
}
void NotesWindow::on_button(GLFWwindow* w, int button, int action, int) {
  auto* self = static_cast<NotesWindow*>(glfwGetWindowUserPointer(w));
  if (self && action == GLFW_PRESS && button >= 0 && button < 3) self->in_.clicked[button] = true;
}

void NotesWindow::draw(const NotesContent& c, bool en, const std::string& png) {
  Current cur(win_, imgui_);
  int fbw = 0, fbh = 0, ww = 0, wh = 0;
  glfwGetFramebufferSize(win_, &fbw, &fbh);
  glfwGetWindowSize(win_, &ww, &wh);
  if (fbw <= 0 || fbh <= 0 || ww <= 0 || wh <= 0) return;  // minimized
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = {float(ww), float(wh)};
  io.DisplayFramebufferScale = {float(fbw) / ww, float(fbh) / wh};
  const double now = glfwGetTime();
  io.DeltaTime = last_time_ > 0 && now > last_time_ ? static_cast<float>(now - last_time_) : 1.0f / 60;
  last_time_ = now;
  // The mouse, fed by hand (no GLFW backend on this window).
  double mx = 0, my = 0;
  glfwGetCursorPos(win_, &mx, &my);
  const bool focused = glfwGetWindowAttrib(win_, GLFW_FOCUSED) != 0;
  io.MousePos = focused || glfwGetWindowAttrib(win_, GLFW_HOVERED) ? ImVec2(float(mx), float(my)) : ImVec2(-FLT_MAX, -FLT_MAX);
  for (int b = 0; b < 3; ++b) {
    io.MouseDown[b] = in_.clicked[b] || glfwGetMouseButton(win_, b) == GLFW_PRESS;
    in_.clicked[b] = false;
  }
  io.MouseWheel = in_.wheel;
  in_.wheel = 0;

  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  const ImVec2 size = io.DisplaySize;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(size);
  ImGui::Begin("##notes", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  const ImVec4 muted{0.68f, 0.72f, 0.78f, 1}, accent{0.55f, 0.78f, 1.0f, 1}, warn{1.0f, 0.78f, 0.35f, 1};
  // Header: position (left), elapsed time (right).
  ImGui::PushFont(big_.bold);
  ImGui::TextColored(accent, "%s", c.position.c_str());
  const std::string clock = c.elapsed;
  const float cw = ImGui::CalcTextSize(clock.c_str()).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), size.x - ImGui::GetStyle().WindowPadding.x - cw));
  ImGui::TextUnformatted(clock.c_str());
  ImGui::PopFont();
  ImGui::PushFont(text_.regular);
  {
    const char* lbl = en ? "elapsed" : "écoulé";
    const float lw = ImGui::CalcTextSize(lbl).x * 0.75f;
    ImGui::SetCursorPosX(size.x - ImGui::GetStyle().WindowPadding.x - lw);
    ImGui::SetWindowFontScale(0.75f);
    ImGui::TextColored(muted, "%s", lbl);
    ImGui::SetWindowFontScale(1.0f);
  }
  ImGui::PopFont();
  ImGui::Separator();
  // The current view's title, large.
  ImGui::PushFont(big_.bold);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(c.title.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  // What the view names but the workspace lacks.
  ImGui::PushFont(text_.regular);
  ImGui::SetWindowFontScale(0.8f);
  ImGui::PushTextWrapPos(0);
  for (const auto& pb : c.problems) ImGui::TextColored(warn, "%s", pb.c_str());
  ImGui::PopTextWrapPos();
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
  // The notes, scrolled with the wheel when long; the footer keeps its room.
  const float line = text_.regular ? text_.regular->FontSize : 30;
  const ImGuiStyle& gs = ImGui::GetStyle();
  const float help_lines = size.x < 1500 ? 2 : 1;  // the keys line wraps on narrow windows
  const float footer = line * 2.0f + gs.FramePadding.y * 2 + gs.ItemSpacing.y * 5 + help_lines * line * 0.7f + 4;
  ImGui::BeginChild("##text", {0, std::max(line * 2, ImGui::GetContentRegionAvail().y - footer)}, false);
  ImGui::PushFont(text_.regular);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(c.notes.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::EndChild();
  ImGui::Separator();
  // Footer: the next view, previous / next buttons, the keys.
  ImGui::PushFont(text_.regular);
  ImGui::TextColored(muted, "%s", c.next.c_str());
  if (ImGui::Button(en ? "Previous" : "Précédente")) in_.keys.push_back(GLFW_KEY_LEFT);
  ImGui::SameLine();
  if (ImGui::Button(en ? "Next" : "Suivante")) in_.keys.push_back(GLFW_KEY_RIGHT);
  ImGui::SetWindowFontScale(0.7f);
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(muted, "%s",
                     en ? "→ / space / Page Down: next · ← / Page Up: previous · N: notes on the screen · F2: close this window · Esc: end"
                        : "→ / espace / Page suiv. : suivante · ← / Page préc. : précédente · N : notes à l’écran · F2 : fermer cette fenêtre · Échap : fin");
  ImGui::PopTextWrapPos();
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
  ImGui::End();
  ImGui::Render();

  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, fbw, fbh);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (!png.empty()) save_png(png, fbw, fbh);
  glfwSwapBuffers(win_);
}

}  // namespace maraude::app
