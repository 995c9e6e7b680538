// Coverage in the viewer (run under xvfb-run): the headless CoverageController (engine on
// its worker, drag, add, delete, reach, enable per kind, ranking), the gaps layer drawn by
// the renderer and its legend entry.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/coverage_controller.h"
#include "app/coverage_panels.h"
#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "render/overlay.h"
#include "render/view_spec.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

namespace {
std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

// A controller on the real workspace with the default scenario, fully computed.
std::unique_ptr<CoverageController> ready_controller() {
  auto c = std::make_unique<CoverageController>(workspace(), "");
  c->start();
  c->wait_idle();
  EXPECT_TRUE(c->ready()) << c->error;
  return c;
}

int target_of_commune(const CoverageController& c, const std::string& insee) {
  for (size_t t = 0; t < c.targets().size(); ++t)
    if (c.targets()[t].kind == coverage::TargetKind::RuralCommune && c.targets()[t].code == insee) return static_cast<int>(t);
  return -1;
}

// What a fresh engine computes for the controller's current (active) points.
std::unique_ptr<coverage::CoverageEngine> full_recompute(const CoverageController& c) {
  auto e = std::make_unique<coverage::CoverageEngine>(workspace().get(), c.targets(), coverage::default_travel(*workspace()),
                                                      c.params());
  coverage::Scenario s = c.scenario();
  s.points.clear();
  for (const auto& p : c.scenario().points)
    if (c.active(p)) s.points.push_back(p);
  e->set_scenario(s);
  return e;
}

void expect_matches_full(const CoverageController& c) {
  auto e = full_recompute(c);
  EXPECT_EQ(c.totals().targets, e->totals().targets);
  EXPECT_NEAR(c.totals().uncovered_pop, e->totals().uncovered_pop, 1e-6 * (1 + e->totals().uncovered_pop));
  EXPECT_NEAR(c.totals().uncovered_neet, e->totals().uncovered_neet, 1e-6 * (1 + e->totals().uncovered_neet));
  EXPECT_NEAR(c.totals().gap_area_m2, e->totals().gap_area_m2, 1e-6 * (1 + e->totals().gap_area_m2));
  ASSERT_EQ(c.results().size(), e->results().size());
  int differ = 0;
  for (size_t t = 0; t < c.results().size(); ++t)
    differ += std::abs(c.results()[t].uncovered_pop - e->results()[t].uncovered_pop) > 1e-6 ||
              c.results()[t].nearest != e->results()[t].nearest;
  EXPECT_EQ(differ, 0);
}
}  // namespace

TEST(CoverageController, LoadsGapsTotalsAndParameters) {
  auto c = ready_controller();
  ASSERT_FALSE(c->targets().empty());
  EXPECT_EQ(c->gaps().size(), c->targets().size());
  size_t with_gap = 0;
  for (const auto& g : c->gaps()) with_gap += !g.empty();
  EXPECT_GT(with_gap, 0u);
  EXPECT_TRUE(c->take_gaps_dirty());
  EXPECT_FALSE(c->take_gaps_dirty());
  EXPECT_GT(c->totals().population, 0);
  EXPECT_GT(c->totals().uncovered_neet, 0);
  EXPECT_FALSE(c->covered().empty());
  EXPECT_FALSE(c->parameters().empty());
  ASSERT_FALSE(c->scenario().points.empty());
  const auto& p0 = c->scenario().points[0];
  const MultiPolygon& area = c->reach_shape(p0);
  ASSERT_EQ(area.polys.size(), 1u);  // crow-fly: one circle
  const Ring& ring = area.polys[0].rings[0];
  ASSERT_GE(ring.size(), 16u);
  const double radius = std::hypot(ring[0].x - p0.pos.x, ring[0].y - p0.pos.y);
  EXPECT_GT(radius, 1000);
  EXPECT_LE(radius, 15000 + 1);  // a 15 km road reach is at most 15 km as the crow flies
  // Chaulnes (80186) is a rural target left uncovered at 15 km.
  const int t = target_of_commune(*c, "80186");
  ASSERT_GE(t, 0);
  EXPECT_FALSE(c->gaps()[t].empty());
  EXPECT_GT(c->results()[t].uncovered_pop, 0);
  expect_matches_full(*c);
}

TEST(CoverageController, DraggingAPointChangesTotalsAndMatchesAFullRecompute) {
  auto c = ready_controller();
  const int t = target_of_commune(*c, "80186");
  ASSERT_GE(t, 0);
  const Vec2 goal = c->targets()[t].anchor;
  ASSERT_FALSE(c->scenario().points.empty());
  // The point nearest to Chaulnes, dragged onto it in small steps (one request per "frame").
  const int i = c->hit_test(goal, 1e9);
  ASSERT_GE(i, 0);
  const std::string id = c->scenario().points[i].id;
  const Vec2 from = c->scenario().points[i].pos;
  const double before = c->totals().uncovered_neet;
  const double before_t = c->results()[t].uncovered_pop;
  for (int k = 1; k <= 20; ++k) {
    c->move_point(id, from + (goal - from) * (k / 20.0));
    c->poll();  // never blocks
  }
  c->end_drag(id);
  c->wait_idle();
  EXPECT_NE(c->totals().uncovered_neet, before);
  EXPECT_LT(c->results()[t].uncovered_pop, before_t);
  EXPECT_TRUE(c->modified());
  expect_matches_full(*c);
}

TEST(CoverageController, AddRemoveReachAndKindToggleMatchAFullRecompute) {
  auto c = ready_controller();
  const int t = target_of_commune(*c, "80186");
  ASSERT_GE(t, 0);
  const double before = c->totals().uncovered_neet;
  const std::string id = c->add_point(c->targets()[t].anchor);
  c->wait_idle();
  EXPECT_LT(c->totals().uncovered_neet, before);
  EXPECT_NEAR(c->results()[t].uncovered_pop, 0, 1e-6);
  expect_matches_full(*c);

  c->set_point_reach(id, coverage::Reach::km(30));
  c->wait_idle();
  expect_matches_full(*c);

  c->set_kind_enabled(ServiceKind::FranceTravail, false);
  c->wait_idle();
  EXPECT_FALSE(c->kind_enabled(ServiceKind::FranceTravail));
  expect_matches_full(*c);
  c->set_kind_enabled(ServiceKind::FranceTravail, true);

  c->remove_point(id);
  c->wait_idle();
  EXPECT_NEAR(c->totals().uncovered_neet, before, 1e-6 * before);
  expect_matches_full(*c);
}

TEST(CoverageController, RankingIsSortedWithReasons) {
  auto c = ready_controller();
  const auto rows = c->ranking(false, 50);
  ASSERT_FALSE(rows.empty());
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_GE(rows[i - 1].uncovered_neet, rows[i].uncovered_neet);
  EXPECT_NE(rows[0].reason.find("habitants non couverts"), std::string::npos) << rows[0].reason;
  EXPECT_NE(rows[0].reason.find("km"), std::string::npos) << rows[0].reason;
  EXPECT_FALSE(rows[0].box.empty());
  const auto en = c->ranking(true, 1);
  EXPECT_NE(en[0].reason.find("people uncovered"), std::string::npos);

  // Clicking a row flies to the gap (the app's fly-to command) and selects it.
  AppState s;
  s.set_workspace(workspace(), std::make_shared<const render::MapData>());
  s.resize(1280, 800);
  s.fit_region();
  go_to_gap(s, *c, rows[0], 0.2);
  EXPECT_TRUE(s.animating());
  for (int i = 0; i < 20 && s.step_animation(0.05); ++i) {}
  EXPECT_FALSE(s.animating());
  EXPECT_TRUE(rows[0].box.inflated(3000).contains(s.camera.center));
  EXPECT_LT(s.camera.mpp, 200);  // zoomed in from the whole region
  EXPECT_EQ(s.style.selection.code, c->targets()[rows[0].target].code);
}

TEST(CoverageRender, ChaulnesShowsTheGapHatchWhenTheGapsLayerIsOn) {
  using namespace maraude::render;
  auto c = ready_controller();
  const Workspace& ws = *workspace();
  GlContext ctx(false, 64, 64, "coverage gui test", 0);
  MapRenderer r;
  r.set_data(ws, build_map_data(ws));
  r.set_gaps(c->gaps());
  r.set_coverage(c->covered());
  const Commune* chaulnes = ws.commune("80186");
  ASSERT_NE(chaulnes, nullptr);
  Camera cam;
  cam.width = 640;
  cam.height = 480;
  frame(cam, resolve_view(ws, "commune:80186"), 20);
  MapStyle st = MapStyle::defaults(ws);
  st.show_only({LayerId::Gaps});
  st.gaps_loaded = true;
  auto reddish_pixels = [&](const Image& img) {
    const Vec2 s = cam.world_to_screen(chaulnes->anchor);
    int n = 0;
    for (int dy = -12; dy <= 12; ++dy)
      for (int dx = -12; dx <= 12; ++dx) {
        const uint32_t v = img.argb(static_cast<int>(s.x) + dx, static_cast<int>(s.y) + dy);
        const int R = v >> 16 & 255, G = v >> 8 & 255, B = v & 255;
        // The hatch colour (palette::kGaps) blended over the land: red well above green and blue.
        n += R > 180 && G < 150 && B < 150 && std::abs(G - B) < 30;
      }
    return n;
  };
  const Image on = render_map_image(r, cam, st);
  EXPECT_GT(reddish_pixels(on), 20) << "gap hatch inside Chaulnes";
  MapStyle off = st;
  off.show_only({});
  const Image none = render_map_image(r, cam, off);
  EXPECT_EQ(reddish_pixels(none), 0);
}

TEST(CoverageRender, LegendListsTheGapsOnlyOnceComputed) {
  using namespace maraude::render;
  const Workspace& ws = *workspace();
  const MapData data;  // the legend does not need geometry
  Camera cam;
  cam.width = 1280;
  cam.height = 800;
  frame(cam, resolve_view(ws, "region"), 20);
  MapStyle st = MapStyle::defaults(ws);
  auto measure = [](const std::string& t, float size, bool) { return static_cast<float>(t.size()) * size * 0.5f; };
  auto has = [&](const MapStyle& s, const std::string& text) {
    OverlayParts parts;
    parts.labels = false;
    for (const auto& it : build_overlay(ws, data, cam, s, measure, parts).items)
      if (it.text == text) return true;
    return false;
  };
  EXPECT_FALSE(has(st, "Zones non couvertes (lacunes)"));
  st.gaps_loaded = true;
  st.gaps_note = "portée 15 km";
  EXPECT_TRUE(has(st, "Zones non couvertes (lacunes)"));
  EXPECT_TRUE(has(st, "portée 15 km"));
  st.english = true;
  EXPECT_TRUE(has(st, "Uncovered areas (gaps)"));
}

TEST(CoverageController, ScenarioStoreSaveDuplicateRenameDeleteAndCompare) {
  const std::string path = test::real_workspace_copy("covgui-store");
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  const int t = target_of_commune(c, "80186");
  ASSERT_GE(t, 0);
  c.add_point(c.targets()[t].anchor);
  c.wait_idle();
  const double edited = c.totals().uncovered_neet;
  c.save_as("Somme Est");
  EXPECT_FALSE(c.modified());
  EXPECT_EQ(c.scenario().name, "Somme Est");
  auto names = c.scenario_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "Somme Est"), names.end());

  c.duplicate("Somme Est", "Somme Est bis");
  c.rename("Somme Est bis", "Somme Est ter");
  names = c.scenario_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "Somme Est ter"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "Somme Est bis"), names.end());

  // A vs B: the default scenario leaves more NEETs uncovered than the one with Chaulnes.
  const auto a = c.summarize(coverage::kDefaultScenarioName);
  const auto b = c.summarize("Somme Est ter");
  EXPECT_GT(a.totals.uncovered_neet, b.totals.uncovered_neet);
  EXPECT_NEAR(b.totals.uncovered_neet, edited, 1e-6 * edited);

  c.switch_to(coverage::kDefaultScenarioName);
  c.wait_idle();
  EXPECT_NEAR(c.totals().uncovered_neet, a.totals.uncovered_neet, 1e-6 * a.totals.uncovered_neet);
  c.switch_to("Somme Est ter");
  c.wait_idle();
  EXPECT_NEAR(c.totals().uncovered_neet, edited, 1e-6 * edited);
  c.remove("Somme Est ter");
  EXPECT_EQ(c.scenario().name, coverage::kDefaultScenarioName);
  c.wait_idle();
  names = c.scenario_names();
  EXPECT_EQ(std::find(names.begin(), names.end(), "Somme Est ter"), names.end());
}

TEST(CoverageRenderCli, GapsLayerScenarioAndReach) {
  const auto dir = test::temp_dir("covgui-cli");
  const std::string out = (dir / "gaps.png").string();
  auto r = test::run_maraude("render " + test::real_workspace() + " --layers zones,gaps --view commune:80186 --size 320x240 --reach 15km --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("lacunes du scénario"), std::string::npos) << r.err;
  const render::Image img = render::read_png(out);
  EXPECT_EQ(img.width, 320);
  // --reach without the gaps layer, an unknown scenario and a bad reach are usage errors.
  r = test::run_maraude("render " + test::real_workspace() + " --layers zones --reach 15km --out " + out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("gaps"), std::string::npos) << r.err;
  r = test::run_maraude("render " + test::real_workspace() + " --layers gaps --scenario nulle-part --out " + out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.find("Segmentation"), std::string::npos);
  r = test::run_maraude("render " + test::real_workspace() + " --layers gaps --reach -3km --out " + out);
  EXPECT_NE(r.exit_code, 0);
}
