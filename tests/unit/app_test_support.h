// Shared fixture of the window (app) test suites: the real workspace, loaded once per test
// process with its map data, and a window state showing it.
#pragma once
#include <memory>

#include "app/app_state.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "test_support.h"

namespace maraude::test {

struct AppFixture {
  std::shared_ptr<Workspace> ws;
  std::shared_ptr<render::MapData> data;
};

inline const AppFixture& app_fixture() {
  static const AppFixture f = [] {
    AppFixture x;
    x.ws = std::make_shared<Workspace>(io::load_workspace(real_workspace()));
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

}  // namespace maraude::test
