// Presenter mode, headless: the keys and clicker buttons walk a story, each view sets the
// layers and flies the camera (stepped with a fixed time step), a view naming a missing
// layer or scenario still shows with a note, Esc leaves and restores the layers.
// Plus `maraude view --present` errors and a presenter screenshot (under xvfb-run).
#include <gtest/gtest.h>

#include <filesystem>

#include "app/presenter.h"
#include "core/error.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "render/view_spec.h"
#include "app_test_support.h"
#include "test_support.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

using namespace maraude;
using render::LayerId;

namespace {
const test::AppFixture& fixture() { return test::app_fixture(); }
app::AppState make_state() { return test::make_app_state(1600, 900); }
void settle(app::AppState& s) {
  for (int i = 0; i < 200 && s.animating(); ++i) s.step_animation(1.0 / 60);
}
Story three_views() {
  const Workspace& ws = *fixture().ws;
  Story st;
  st.name = "Essai";
  StoryView a;
  a.title = "La région";
  a.extent = "region";
  a.layers = {"zones", "departements", "region"};
  StoryView b;
  b.title = "Un département";
  b.extent = "departement:" + ws.departements.front().code;
  b.layers = {"basins", "services", "departements"};
  b.opacity["basins"] = 0.5;
  StoryView c;
  c.title = "Une commune";
  c.extent = "commune:" + ws.communes.front().code;
  c.layers = {"communes", "qpv", "labels"};
  c.highlights = {"commune:" + ws.communes.front().code};
  st.views = {a, b, c};
  return st;
}
bool near_center(const app::AppState& s, const BBox& b) {
  const Vec2 c = b.center();
  return std::abs(s.camera.center.x - c.x) < 2 * s.camera.mpp && std::abs(s.camera.center.y - c.y) < 2 * s.camera.mpp;
}
}  // namespace

TEST(Presenter, KeysWalkTheViewsAndMoveTheCamera) {
  auto s = make_state();
  app::Presenter p;
  p.start(s, three_views());
  settle(s);
  ASSERT_TRUE(p.active());
  EXPECT_EQ(p.index(), 0u);
  EXPECT_TRUE(near_center(s, p.target()));
  const BBox region = p.target();

  EXPECT_TRUE(p.key(s, GLFW_KEY_RIGHT));
  EXPECT_EQ(p.index(), 1u);
  EXPECT_TRUE(s.animating());  // a smooth fly-to, not a jump
  settle(s);
  EXPECT_TRUE(near_center(s, p.target()));
  EXPECT_LT(p.target().width(), region.width());

  EXPECT_TRUE(p.key(s, GLFW_KEY_SPACE));
  EXPECT_EQ(p.index(), 2u);
  settle(s);
  EXPECT_TRUE(near_center(s, p.target()));
  EXPECT_TRUE(p.key(s, GLFW_KEY_PAGE_DOWN));  // past the end: stays on the last view
  EXPECT_EQ(p.index(), 2u);

  EXPECT_TRUE(p.key(s, GLFW_KEY_LEFT));
  EXPECT_EQ(p.index(), 1u);
  EXPECT_TRUE(p.key(s, GLFW_KEY_PAGE_UP));
  EXPECT_EQ(p.index(), 0u);
  settle(s);
  EXPECT_TRUE(near_center(s, region));
  EXPECT_TRUE(p.key(s, GLFW_KEY_PAGE_DOWN));
  EXPECT_EQ(p.index(), 1u);
  EXPECT_TRUE(p.key(s, GLFW_KEY_END));
  EXPECT_EQ(p.index(), 2u);
  EXPECT_TRUE(p.key(s, GLFW_KEY_HOME));
  EXPECT_EQ(p.index(), 0u);
  EXPECT_FALSE(p.key(s, GLFW_KEY_Q));
  EXPECT_FALSE(p.show_notes);  // notes stay hidden unless asked for
  EXPECT_TRUE(p.key(s, GLFW_KEY_N));
  EXPECT_TRUE(p.show_notes);
  EXPECT_EQ(p.index(), 0u);

  EXPECT_TRUE(p.key(s, GLFW_KEY_ESCAPE));
  EXPECT_FALSE(p.active());
  EXPECT_FALSE(p.key(s, GLFW_KEY_RIGHT));
}

TEST(Presenter, ViewsSetTheirLayersAndLeavingRestoresThem) {
  auto s = make_state();
  const render::MapStyle before = s.style;
  app::Presenter p;
  p.start(s, three_views(), {}, 1);
  EXPECT_TRUE(s.style.visible(LayerId::Basins));
  EXPECT_TRUE(s.style.visible(LayerId::Services));
  EXPECT_FALSE(s.style.visible(LayerId::Zones));
  EXPECT_FLOAT_EQ(s.style.opacity(LayerId::Basins), 0.5f);
  p.next(s);
  EXPECT_TRUE(s.style.visible(LayerId::Communes));
  EXPECT_TRUE(s.style.visible(LayerId::Qpv));
  EXPECT_FALSE(s.style.visible(LayerId::Basins));
  EXPECT_EQ(s.style.selection.kind, render::Selection::Kind::Commune);
  p.prev(s);
  EXPECT_FLOAT_EQ(s.style.opacity(LayerId::Basins), 0.5f);
  p.go(s, 0);
  EXPECT_TRUE(s.style.visible(LayerId::Zones));
  EXPECT_FLOAT_EQ(s.style.opacity(LayerId::Basins), before.opacity(LayerId::Basins));  // not named: as before
  EXPECT_TRUE(s.style.selection.empty());
  p.leave(s);
  for (const auto& l : before.layers) {
    EXPECT_EQ(s.style.visible(l.id), before.visible(l.id)) << render::layer_key(l.id);
    EXPECT_FLOAT_EQ(s.style.opacity(l.id), before.opacity(l.id));
  }
}

TEST(Presenter, MissingLayerOrScenarioShowsTheViewWithANote) {
  auto s = make_state();
  Story st = three_views();
  st.views[1].layers.push_back("routes_osm");
  st.views[1].scenario = "scénario disparu";
  std::vector<std::string> switched;
  app::Presenter p;
  p.on_scenario = [&](const std::string& n) { switched.push_back(n); };
  p.start(s, st, [](const std::string& n) { return n == "services publics existants"; });
  EXPECT_TRUE(p.problems().empty());
  p.next(s);
  EXPECT_EQ(p.index(), 1u);
  ASSERT_FALSE(p.problems().empty());
  std::string all;
  for (const auto& n : p.problems()) all += n + "\n";
  EXPECT_NE(all.find("routes_osm"), std::string::npos) << all;
  EXPECT_NE(all.find("scénario disparu"), std::string::npos) << all;
  EXPECT_TRUE(switched.empty());               // a missing scenario is not switched to
  EXPECT_TRUE(s.style.visible(LayerId::Basins));  // the known layers still show
  settle(s);
  EXPECT_TRUE(near_center(s, p.target()));

  // An unknown extent falls back to the region, with a note.
  st.views[2].extent = "commune:00000";
  st.views[2].scenario = "services publics existants";
  p.start(s, st, [](const std::string& n) { return n == "services publics existants"; }, 2);
  EXPECT_FALSE(p.problems().empty());
  EXPECT_FALSE(p.target().empty());
  ASSERT_EQ(switched.size(), 1u);
  EXPECT_EQ(switched[0], "services publics existants");
}

TEST(Presenter, EmptyStoryIsRefusedAndCurrentViewBecomesAStoryView) {
  auto s = make_state();
  app::Presenter p;
  Story empty;
  empty.name = "vide";
  EXPECT_THROW(p.start(s, empty), Error);
  EXPECT_FALSE(p.active());

  s.fly_to(render::resolve_view(*fixture().ws, "departement:" + fixture().ws->departements.back().code), 0);
  s.set_layer_visible(LayerId::Zones, false);
  s.set_layer_opacity(LayerId::Basins, 0.4f);
  const StoryView v = app::view_from_state(s, "Vue actuelle");
  EXPECT_EQ(v.extent.rfind("bbox:", 0), 0u);
  EXPECT_EQ(std::find(v.layers.begin(), v.layers.end(), "zones"), v.layers.end());
  EXPECT_NEAR(v.opacity.at("basins"), 0.4, 1e-6);
  // Round trip: presenting that view frames the same place.
  Story st;
  st.name = "x";
  st.views = {v};
  const Vec2 c = s.camera.center;
  s.fit_region();
  p.start(s, st);
  settle(s);
  EXPECT_NEAR(s.camera.center.x, c.x, 3 * s.camera.mpp);
  EXPECT_NEAR(s.camera.center.y, c.y, 3 * s.camera.mpp);
  EXPECT_FALSE(s.style.visible(LayerId::Zones));
}

TEST(Presenter, ViewCommandPresentsAStory) {
  const std::string ws = test::real_workspace_copy("present");
  const std::filesystem::path dir = std::filesystem::path(ws).parent_path();
  auto r = test::run_maraude("view " + ws + " --present 'Récit absent' --hidden --script-frames 2");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("Récit absent"), std::string::npos) << r.err;
  r = test::run_maraude("story create-starter " + ws);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string shot = (dir / "present.png").string();
  r = test::run_maraude("view " + ws + " --size 1280x720 --present '" + std::string(kStarterStoryName) +
                        "' --screenshot " + shot);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const render::Image img = render::read_png(shot);
  EXPECT_GE(img.width, 1280);
  // The title band at the top left holds dark text over a light panel.
  int dark = 0;
  for (int y = 0; y < 90; ++y)
    for (int x = 0; x < 500; ++x) {
      const uint32_t v = img.argb(x, y);
      dark += ((v >> 16 & 255) + (v >> 8 & 255) + (v & 255)) / 3 < 90;
    }
  EXPECT_GT(dark, 400);
}
