// Shared fixture of the window (app) test suites: the real workspace, loaded once per test
// process with its map data, and a window state showing it.
#pragma once
#include <memory>

#include "app/app_state.h"
#include "imgui.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "test_support.h"

namespace maraude::test {

struct AppFixture {
  std::shared_ptr<Workspace> ws;
  std::shared_ptr<render::MapData> data;
};

// The real workspace, loaded once per test process.
inline const std::shared_ptr<Workspace>& shared_workspace() {
  static const std::shared_ptr<Workspace> ws = std::make_shared<Workspace>(io::load_workspace(real_workspace()));
  return ws;
}

inline const AppFixture& app_fixture() {
  static const AppFixture f = [] {
    AppFixture x;
    x.ws = shared_workspace();
    x.data = std::make_shared<render::MapData>(render::build_map_data(*x.ws));
    return x;
  }();
  return f;
}

// A window state of w x h pixels holding the shared workspace.
inline app::AppState make_app_state(int w, int h) {
  app::AppState s;
  s.resize(w, h);
  s.set_workspace(app_fixture().ws, app_fixture().data);
  return s;
}

// An ImGui context without a backend for driving panels frame by frame: fonts built, no
// ini file, the keys the tests press mapped to the codes below (io.KeysDown[kKeyTab]...).
constexpr int kKeyTab = 300, kKeyEnter = 301, kKeyBackspace = 302, kKeyEscape = 303;
struct HeadlessImGui {
  HeadlessImGui(float width, float height) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = {width, height};
    io.DeltaTime = 1.0f / 60;
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    io.KeyMap[ImGuiKey_Tab] = kKeyTab;
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
    io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
};

}  // namespace maraude::test
