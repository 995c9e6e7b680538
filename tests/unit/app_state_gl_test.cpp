// Interaction tests: drive the viewer's own commands headless (no window, no GL) on the
// real workspace and check the resulting view and selection.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "app/app_state.h"
#include "core/error.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/view_spec.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using render::LayerId;
using render::Selection;

namespace {
const test::AppFixture& fixture() { return test::app_fixture(); }
app::AppState make_state() { return test::make_app_state(1200, 800); }
}  // namespace

TEST(AppState, StartsFramingTheRegion) {
  auto s = make_state();
  const BBox region = bbox(fixture().ws->region.geom);
  const BBox v = s.camera.visible();
  EXPECT_LE(v.minx, region.minx);
  EXPECT_GE(v.maxx, region.maxx);
  EXPECT_LE(v.miny, region.miny);
  EXPECT_GE(v.maxy, region.maxy);
}

TEST(AppState, WheelZoomKeepsTheCursorPoint) {
  auto s = make_state();
  const Vec2 before = s.camera.screen_to_world(300, 200);
  const double mpp = s.camera.mpp;
  s.zoom_at(1.25, 300, 200);
  s.zoom_at(1.25, 300, 200);
  EXPECT_NEAR(s.camera.mpp, mpp / 1.5625, 1e-9);
  const Vec2 after = s.camera.screen_to_world(300, 200);
  EXPECT_NEAR(before.x, after.x, 1e-6);
  EXPECT_NEAR(before.y, after.y, 1e-6);
}

TEST(AppState, DragPansAndArrowsMove) {
  auto s = make_state();
  const Vec2 c0 = s.camera.center;
  s.pan(100, -50);  // content follows the cursor: the centre moves the other way
  EXPECT_NEAR(s.camera.center.x, c0.x - 100 * s.camera.mpp, 1e-6);
  EXPECT_NEAR(s.camera.center.y, c0.y - 50 * s.camera.mpp, 1e-6);
  const Vec2 c1 = s.camera.center;
  s.arrow(1, 0);  // show what is to the east
  EXPECT_GT(s.camera.center.x, c1.x);
  s.arrow(0, -1);  // north
  EXPECT_GT(s.camera.center.y, c1.y - 1);
  s.fit_region();
  EXPECT_NEAR(s.camera.center.x, bbox(fixture().ws->region.geom).center().x, 1);
}

TEST(AppState, ClickSelectsTheCommuneUnderTheCursor) {
  auto s = make_state();
  const Commune* lille = fixture().ws->commune("59350");
  ASSERT_NE(lille, nullptr);
  s.set_layer_visible(LayerId::Services, false);  // symbols would win the pick
  s.set_layer_visible(LayerId::Qpv, false);
  s.fly_to(bbox(lille->geom), 0);
  const Vec2 p = s.camera.world_to_screen(lille->anchor);
  s.click_at(p.x, p.y);
  EXPECT_EQ(s.style.selection.kind, Selection::Kind::Commune);
  EXPECT_EQ(s.style.selection.code, "59350");
  s.hover_at(p.x, p.y);
  EXPECT_EQ(s.style.hover.code, "59350");
  ASSERT_TRUE(s.cursor_world().has_value());
  EXPECT_NEAR(s.cursor_world()->x, lille->anchor.x, s.camera.mpp);
  // Clicking the sea clears the selection.
  s.fit_region();
  s.click_at(2, 2);
  EXPECT_TRUE(s.style.selection.empty());
}

TEST(AppState, SearchIgnoresAccentsAndFindsEveryKind) {
  auto s = make_state();
  auto r = s.search("lievin");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r.front().kind, "commune");
  EXPECT_EQ(r.front().label, "Liévin");
  r = s.search("SAINT QUENTIN");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r.front().code, "02691");
  r = s.search("59350");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r.front().label, "Lille");
  bool zone = false, laureate = false, qpv = false;
  for (const auto& x : s.search("roubaix", 30)) {
    zone |= x.kind == "zone";
    qpv |= x.kind == "qpv";
  }
  for (const auto& x : s.search("tour emploi", 30)) laureate |= x.kind == "laureate";
  EXPECT_TRUE(zone);
  EXPECT_TRUE(qpv);
  EXPECT_TRUE(laureate);
  EXPECT_TRUE(s.search("zzzzqqq").empty());
}

// Territories the laureates name and planners search for (issue 14): pays, arrondissements,
// EPCIs, whatever the accents and the case; choosing one frames its communes.
TEST(AppState, SearchFindsNamedTerritories) {
  auto s = make_state();
  auto find = [&](const std::string& q, const std::string& label_part) -> std::optional<app::SearchResult> {
    for (const auto& x : s.search(q, 10))
      if (x.kind == "territory" && x.label.find(label_part) != std::string::npos) return x;
    return std::nullopt;
  };
  const auto thierache = find("thierache", "Thiérache");
  ASSERT_TRUE(thierache) << "Thierache";
  EXPECT_EQ(thierache->code, "arrondissement:025");
  EXPECT_TRUE(find("THIÉRACHE", "Thiérache"));
  const auto sambre = find("sambre-avesnois", "Sambre-Avesnois");
  ASSERT_TRUE(sambre);
  EXPECT_EQ(sambre->code, "arrondissement:591");
  EXPECT_TRUE(find("Sambre Avesnois", "Sambre-Avesnois"));
  EXPECT_TRUE(find("arrondissement de vervins", "Vervins"));
  const auto minier = find("bassin minier", "Bassin minier");
  ASSERT_TRUE(minier);
  EXPECT_GE(std::count(minier->code.begin(), minier->code.end(), ';'), 4) << minier->code;  // several EPCIs
  const auto douaisis = find("douaisis", "Douaisis");
  ASSERT_TRUE(douaisis);
  // Choosing it frames its communes: Thiérache lies in the north-east of the Aisne.
  s.go_to(*thierache, 0);
  const BBox b = s.territory_bbox(thierache->code);
  ASSERT_FALSE(b.empty());
  EXPECT_GT(b.width(), 20000);
  EXPECT_LT(b.width(), 120000);
  const Vec2 c = s.free_camera().center;
  EXPECT_NEAR(c.x, b.center().x, 2000);
  EXPECT_NEAR(c.y, b.center().y, 2000);
}

TEST(AppState, GoToSelectsAndFliesThere) {
  auto s = make_state();
  auto r = s.search("Saint-Omer");
  ASSERT_FALSE(r.empty());
  s.go_to(r.front(), 0.6);
  EXPECT_EQ(s.style.selection.code, r.front().code);
  EXPECT_TRUE(s.animating());
  for (int i = 0; i < 100 && s.step_animation(1.0 / 60); ++i) {
  }
  EXPECT_FALSE(s.animating());
  const Commune* c = fixture().ws->commune(r.front().code);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(s.camera.visible().contains(c->anchor));
  EXPECT_LT(s.camera.mpp, 60);
}

TEST(AppState, LayerToggleOpacityAndOrder) {
  auto s = make_state();
  const auto rev = s.style.revision;
  s.toggle_layer(LayerId::Zones);
  EXPECT_FALSE(s.style.visible(LayerId::Zones));
  EXPECT_GT(s.style.revision, rev);
  s.set_layer_opacity(LayerId::Basins, 0.3f);
  EXPECT_FLOAT_EQ(s.style.opacity(LayerId::Basins), 0.3f);
  auto index_of = [&](LayerId id) {
    for (size_t i = 0; i < s.style.layers.size(); ++i)
      if (s.style.layers[i].id == id) return static_cast<int>(i);
    return -1;
  };
  const int before = index_of(LayerId::Basins);
  s.move_layer(LayerId::Basins, +1);
  EXPECT_EQ(index_of(LayerId::Basins), before + 1);
  s.set_laureate_visible(0, false);
  EXPECT_EQ(s.style.laureate_visible[0], 0);
  s.set_english(true);
  EXPECT_TRUE(s.style.english);
}

TEST(AppState, ViewSpecsResolve) {
  const Workspace& ws = *fixture().ws;
  EXPECT_FALSE(render::resolve_view(ws, "region").empty());
  EXPECT_FALSE(render::resolve_view(ws, "commune:59350").empty());
  EXPECT_FALSE(render::resolve_view(ws, "bbox:650000,7000000,700000,7050000").empty());
  EXPECT_THROW(render::resolve_view(ws, "commune:99999"), Error);
  EXPECT_THROW(render::resolve_view(ws, "bbox:1,2,3"), Error);
  EXPECT_THROW(render::resolve_view(ws, "nowhere"), Error);
}

// The measure behind the map's share of the window (viewer_gl_test): overlapping boxes count
// once, parts outside the window not at all.
TEST(Layout, MapShareCountsTheUnionOfTheBoxesInsideTheWindow) {
  auto box = [](double x0, double y0, double x1, double y1) {
    BBox b;
    b.extend(Vec2{x0, y0});
    b.extend(Vec2{x1, y1});
    return b;
  };
  EXPECT_DOUBLE_EQ(app::map_share({}, 100, 100), 1.0);
  EXPECT_DOUBLE_EQ(app::map_share({box(0, 0, 50, 100)}, 100, 100), 0.5);
  EXPECT_DOUBLE_EQ(app::map_share({box(0, 0, 50, 100), box(25, 0, 75, 100)}, 100, 100), 0.25);  // overlap once
  EXPECT_DOUBLE_EQ(app::map_share({box(-50, -50, 10, 10)}, 100, 100), 0.99);                  // clipped to the window
  EXPECT_DOUBLE_EQ(app::map_share({box(0, 0, 100, 10), box(0, 90, 100, 100), box(0, 0, 30, 100)}, 100, 100), 1 - 0.44);
}
