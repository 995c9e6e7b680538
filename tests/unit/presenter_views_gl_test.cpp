// Presenter mode, what a view carries beyond its extent (run under xvfb-run): the drawing
// order of its layers (style order and a pixel where the top layer must win), the current
// order recorded by "create from the current view", and unsaved coverage edits kept when a
// view shows another scenario.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "app/coverage_controller.h"
#include "app/presenter.h"
#include "core/coverage/scenario.h"
#include "core/error.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "render/gl.h"
#include "render/map_data.h"
#include "render/map_renderer.h"
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
app::AppState make_state(int w = 1600, int h = 900) { return test::make_app_state(w, h); }
void settle(app::AppState& s) {
  for (int i = 0; i < 200 && s.animating(); ++i) s.step_animation(1.0 / 60);
}
long position(const render::MapStyle& st, LayerId id) {
  for (size_t i = 0; i < st.layers.size(); ++i)
    if (st.layers[i].id == id) return static_cast<long>(i);
  return -1;
}
std::vector<LayerId> order_of(const render::MapStyle& st) {
  std::vector<LayerId> o;
  for (const auto& l : st.layers) o.push_back(l.id);
  return o;
}
// Pixels of the basins' purple hatch (blended over land or the choropleth, which are never bluish).
int hatch_pixels(const render::Image& img) {
  int n = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const uint32_t v = img.argb(x, y);
      const int r = v >> 16 & 255, g = v >> 8 & 255, b = v & 255;
      n += b > r + 5 && b > g + 30 && r > g;  // purple: the blue choropleth classes have g > r
    }
  return n;
}
}  // namespace

TEST(StyleOrder, NamedLayersArePermutedAmongTheirPlacesOthersStay) {
  render::MapStyle st = render::MapStyle::defaults(*fixture().ws);
  const auto before = order_of(st);
  const uint64_t rev = st.revision;
  EXPECT_TRUE(st.order_layers({LayerId::Services, LayerId::Basins, LayerId::Zones}));
  EXPECT_GT(st.revision, rev);
  EXPECT_LT(position(st, LayerId::Services), position(st, LayerId::Basins));
  EXPECT_LT(position(st, LayerId::Basins), position(st, LayerId::Zones));
  // The three slots they held are reused; every other layer keeps its place.
  for (size_t i = 0; i < before.size(); ++i)
    if (before[i] != LayerId::Services && before[i] != LayerId::Basins && before[i] != LayerId::Zones) {
      EXPECT_EQ(st.layers[i].id, before[i]) << i;
    }
  EXPECT_EQ(st.layers.size(), before.size());
  // Same order again: nothing changes; repeats count once.
  EXPECT_FALSE(st.order_layers({LayerId::Services, LayerId::Basins, LayerId::Services, LayerId::Zones}));
}

TEST(PresenterViews, AViewReordersTheLayersAndTheTopLayerWins) {
  auto s = make_state(800, 600);
  const auto* zone = high_unemployment_zones(*fixture().ws).front();
  StoryView top_zones;
  top_zones.title = "Choroplèthe au-dessus";
  top_zones.extent = "zone:" + zone->code;
  top_zones.layers = {"basins", "zones"};
  StoryView top_basins = top_zones;
  top_basins.title = "Bassins au-dessus";
  top_basins.layers = {"zones", "basins"};
  Story st;
  st.name = "Ordre";
  st.views = {top_zones, top_basins};

  const auto before = order_of(s.style);
  ASSERT_LT(position(s.style, LayerId::Zones), position(s.style, LayerId::Basins));  // the default
  app::Presenter p;
  p.fly_seconds = 0;
  p.start(s, st);
  settle(s);
  EXPECT_LT(position(s.style, LayerId::Basins), position(s.style, LayerId::Zones));

  render::GlContext ctx(false, 64, 64, "presenter views test", 0);
  render::MapRenderer r;
  r.set_data(*fixture().ws, *fixture().data);
  const render::Image zones_on_top = render::render_map_image(r, s.camera, s.style);
  p.next(s);
  settle(s);
  EXPECT_LT(position(s.style, LayerId::Zones), position(s.style, LayerId::Basins));
  const render::Image basins_on_top = render::render_map_image(r, s.camera, s.style);
  // The opaque choropleth hides the hatch when drawn above it, and not the other way round.
  const int hidden = hatch_pixels(zones_on_top), shown = hatch_pixels(basins_on_top);
  EXPECT_GT(shown, 2000) << "hatch pixels with the basins on top";
  EXPECT_LT(hidden, shown / 50) << "hatch pixels under the choropleth";

  p.leave(s);
  EXPECT_EQ(order_of(s.style), before);  // leaving restores the order of before
}

TEST(PresenterViews, CurrentViewRecordsTheDrawingOrder) {
  auto s = make_state();
  s.move_layer(LayerId::Zones, +1);  // zones above basins
  s.move_layer(LayerId::Services, -3);
  StoryView v = app::view_from_state(s, "Vue");
  std::vector<std::string> expect;
  for (const auto& l : s.style.layers)
    if (l.visible) expect.push_back(render::layer_key(l.id));
  EXPECT_EQ(v.layers, expect);
  auto pos = [&](const std::string& k) { return std::find(v.layers.begin(), v.layers.end(), k) - v.layers.begin(); };
  EXPECT_LT(pos("basins"), pos("zones"));
  // Round trip: reset the order, apply the view, the order is back.
  const auto recorded = order_of(s.style);
  s.style = render::MapStyle::defaults(*fixture().ws);
  app::apply_story_view(s, v, 0);
  std::vector<LayerId> visible_now, visible_rec;
  for (const auto& l : s.style.layers)
    if (l.visible) visible_now.push_back(l.id);
  for (LayerId id : recorded)
    if (std::find(v.layers.begin(), v.layers.end(), render::layer_key(id)) != v.layers.end()) visible_rec.push_back(id);
  EXPECT_EQ(visible_now, visible_rec);
}

TEST(PresenterViews, AnotherScenarioInAViewKeepsTheUnsavedEdits) {
  const std::string path = test::real_workspace_copy("present-scenario");
  const std::string edited_name = coverage::kDefaultScenarioName;
  app::CoverageController c(fixture().ws, path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  c.duplicate(edited_name, "Autre");  // a stored scenario the story shows
  // Unsaved edits on the edited scenario: a permanence in Chaulnes (a rural gap).
  int target = -1;
  for (size_t t = 0; t < c.targets().size(); ++t)
    if (c.targets()[t].kind == coverage::TargetKind::RuralCommune && c.targets()[t].code == "80186") target = static_cast<int>(t);
  ASSERT_GE(target, 0);
  const std::string id = c.add_point(c.targets()[target].anchor);
  c.wait_idle();
  ASSERT_TRUE(c.modified());
  const double edited = c.totals().uncovered_neet;
  const size_t edited_points = c.scenario().points.size();

  auto s = make_state();
  Story st;
  st.name = "Scénarios";
  StoryView a;
  a.title = "Autre scénario";
  a.layers = {"zones", "gaps", "departements"};
  a.scenario = "Autre";
  StoryView b = a;
  b.title = "Le scénario modifié";
  b.scenario = edited_name;
  st.views = {a, b, a};
  app::Presenter p;
  p.fly_seconds = 0;
  p.on_scenario = [&](const std::string& n) { c.show_scenario(n); };
  p.on_leave = [&] { c.end_showing(); };
  p.start(s, st, [&](const std::string& n) {
    const auto names = c.scenario_names();
    return std::find(names.begin(), names.end(), n) != names.end();
  });
  c.wait_idle();
  EXPECT_EQ(c.scenario().name, "Autre");
  EXPECT_TRUE(c.showing_other());
  EXPECT_FALSE(c.modified());
  EXPECT_LT(c.find_point(id), 0);
  EXPECT_GT(c.totals().uncovered_neet, edited);  // without the permanence

  p.next(s);  // the view naming the edited scenario shows its unsaved edits, not the stored copy
  c.wait_idle();
  EXPECT_EQ(c.scenario().name, edited_name);
  EXPECT_GE(c.find_point(id), 0);
  EXPECT_TRUE(c.modified());
  EXPECT_NEAR(c.totals().uncovered_neet, edited, 1e-6 * edited);

  p.next(s);
  c.wait_idle();
  EXPECT_EQ(c.scenario().name, "Autre");
  EXPECT_TRUE(p.key(s, GLFW_KEY_ESCAPE));  // leaving brings the edited scenario back, edits included
  c.wait_idle();
  EXPECT_FALSE(p.active());
  EXPECT_FALSE(c.showing_other());
  EXPECT_EQ(c.scenario().name, edited_name);
  EXPECT_TRUE(c.modified());
  ASSERT_GE(c.find_point(id), 0);
  EXPECT_EQ(c.scenario().points.size(), edited_points);
  EXPECT_NEAR(c.totals().uncovered_neet, edited, 1e-6 * edited);
  // Nothing was written behind the user's back: the stored copy has no permanence.
  EXPECT_EQ(io::load_scenario(path, *fixture().ws, edited_name).points.size(), edited_points - 1);
  // The edits still save as usual.
  c.save();
  EXPECT_EQ(io::load_scenario(path, *fixture().ws, edited_name).points.size(), edited_points);
}

TEST(PresenterViews, AMissingScenarioHidesTheGapsItWouldHaveShown) {
  auto s = make_state();
  StoryView v;
  v.title = "Scénario disparu";
  v.layers = {"zones", "gaps", "departements"};
  v.scenario = "scénario disparu";
  StoryView w = v;
  w.scenario = "services publics existants";
  Story st;
  st.name = "Lacunes";
  st.views = {v, w};
  app::Presenter p;
  p.start(s, st, [](const std::string& n) { return n == "services publics existants"; });
  EXPECT_FALSE(s.style.visible(LayerId::Gaps));  // not another scenario's gaps under its name
  EXPECT_TRUE(s.style.visible(LayerId::Zones));
  ASSERT_FALSE(p.problems().empty());
  p.next(s);
  EXPECT_TRUE(s.style.visible(LayerId::Gaps));
}

TEST(PresenterViews, ExtentIsFramedInTheAreaTheBoxesLeaveFree) {
  auto s = make_state(1600, 900);
  Story st;
  st.name = "Cadre";
  StoryView v;
  v.title = "Un département";
  v.extent = "departement:" + fixture().ws->departements.front().code;
  st.views = {v};
  app::Presenter p;
  p.fly_seconds = 0;
  p.insets = {0, 150, 500, 100};  // title band, legend, sources
  p.start(s, st);
  settle(s);
  const BBox& t = p.target();
  const Vec2 lo = s.camera.world_to_screen({t.minx, t.maxy}), hi = s.camera.world_to_screen({t.maxx, t.miny});
  // The whole extent inside the free area, centred there, and using most of it.
  EXPECT_GE(lo.x, -1);
  EXPECT_GE(lo.y, 150 - 1);
  EXPECT_LE(hi.x, 1600 - 500 + 1);
  EXPECT_LE(hi.y, 900 - 100 + 1);
  const Vec2 c = s.camera.world_to_screen(t.center());
  EXPECT_NEAR(c.x, (1600 - 500) / 2.0, 2);
  EXPECT_NEAR(c.y, 150 + (900 - 250) / 2.0, 2);
  EXPECT_GT(std::max((hi.x - lo.x) / 1100.0, (hi.y - lo.y) / 650.0), 0.85);
  // A resized window: framed again for the new size.
  s.resize(1200, 700);
  p.reframe(s);
  const Vec2 c2 = s.camera.world_to_screen(t.center());
  EXPECT_NEAR(c2.x, (1200 - 500) / 2.0, 2);
  EXPECT_NEAR(c2.y, 150 + (700 - 250) / 2.0, 2);
}
