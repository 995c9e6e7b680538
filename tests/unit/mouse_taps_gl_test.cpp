// Clicks under slow frames (run under xvfb-run): the window's ImGui context with its GLFW
// backend and the mouse-tap filter (app/mouse_taps.h). Button events are fed through the
// GLFW callbacks the window installed, as the event loop would deliver them between two
// frames; frames are drawn 200 ms apart, as under software OpenGL.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "app/imgui_context.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "render/offscreen.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

using namespace maraude;

namespace {
struct Window {
  render::GlContext ctx{false, 640, 400, "mouse taps test", 0};
  app::ImGuiContextOwner imgui;
  GLFWmousebuttonfun button = nullptr;
  GLFWcursorposfun cursor = nullptr;
  Window() {
    ImGui::GetIO().IniFilename = nullptr;
    imgui.init_backends(ctx.window());
    // The callbacks the window's event loop calls (the filter's, chained to the backend's).
    button = glfwSetMouseButtonCallback(ctx.window(), nullptr);
    glfwSetMouseButtonCallback(ctx.window(), button);
    cursor = glfwSetCursorPosCallback(ctx.window(), nullptr);
    glfwSetCursorPosCallback(ctx.window(), cursor);
    ImGui_ImplGlfw_CursorEnterCallback(ctx.window(), 1);  // the cursor is over the window
  }
  void move(double x, double y) { cursor(ctx.window(), x, y); }
  void press() { button(ctx.window(), GLFW_MOUSE_BUTTON_LEFT, GLFW_PRESS, 0); }
  void release() { button(ctx.window(), GLFW_MOUSE_BUTTON_LEFT, GLFW_RELEASE, 0); }

  struct Seen {
    int clicks = 0, double_clicks = 0, releases = 0;
    ImVec2 click_pos{-1, -1};
  };
  // Frames as the viewer draws them, `ms` apart, until no event waits (and two more).
  Seen frames(int ms = 200) {
    Seen s;
    for (int n = 0, idle = 0; n < 20 && idle < 2; ++n) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      imgui.mouse_taps()->apply();
      ImGui::NewFrame();
      if (ImGui::IsMouseClicked(0)) {
        ++s.clicks;
        s.click_pos = ImGui::GetIO().MousePos;
      }
      if (ImGui::IsMouseDoubleClicked(0)) ++s.double_clicks;
      if (ImGui::IsMouseReleased(0)) ++s.releases;
      ImGui::EndFrame();
      idle = imgui.mouse_taps()->pending() ? 0 : idle + 1;
    }
    return s;
  }
};
}  // namespace

// A double click whose four events all arrive within one slow frame: ImGui 1.86 alone saw
// one click (one "just pressed" flag a frame); each press now gets a frame, and the second
// counts as a double click although it is applied 400 ms of frames after the first.
TEST(MouseTaps, DoubleClickWithinOneFrameIsTwoClicksAndADoubleClick) {
  Window w;
  w.frames(1);
  w.move(120, 80);
  w.press();
  w.release();
  w.press();
  w.release();
  const auto s = w.frames();
  EXPECT_EQ(s.clicks, 2);
  EXPECT_EQ(s.releases, 2);
  EXPECT_EQ(s.double_clicks, 1);
}

// Two single clicks far apart in time stay two single clicks.
TEST(MouseTaps, SlowClicksAreNotADoubleClick) {
  Window w;
  w.frames(1);
  w.move(120, 80);
  w.press();
  w.release();
  auto s = w.frames(1);
  EXPECT_EQ(s.clicks, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  w.press();
  w.release();
  s = w.frames(1);
  EXPECT_EQ(s.clicks, 1);
  EXPECT_EQ(s.double_clicks, 0);
}

// A click, then the cursor moved on before the frame: the click lands where it was made.
TEST(MouseTaps, ClickLandsWhereItWasMadeNotWhereTheCursorWentAfter) {
  Window w;
  w.frames(1);
  w.move(100, 100);
  w.press();
  w.release();
  w.move(400, 300);
  const auto s = w.frames();
  EXPECT_EQ(s.clicks, 1);
  EXPECT_FLOAT_EQ(s.click_pos.x, 100);
  EXPECT_FLOAT_EQ(s.click_pos.y, 100);
}

// A press held over several frames: down the whole time, one release at the end.
TEST(MouseTaps, HeldPressStaysDownUntilItsRelease) {
  Window w;
  w.frames(1);
  w.move(50, 50);
  w.press();
  auto s = w.frames(1);
  EXPECT_EQ(s.clicks, 1);
  EXPECT_EQ(s.releases, 0);
  w.release();
  s = w.frames(1);
  EXPECT_EQ(s.clicks, 0);
  EXPECT_EQ(s.releases, 1);
}
