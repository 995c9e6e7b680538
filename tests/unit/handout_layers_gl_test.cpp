// The handout draws each view's map with the layers the presenter shows it with
// (core story_view_layers, shared by app::apply_story_view and io::handout_page): the
// view's order, the others hidden, the map's defaults when the view names none, no gaps when
// its scenario is missing. Checked on the page specification against the presenter's style,
// and on the rasterised PDF (pdftoppm, poppler-utils). Run under xvfb-run (maraude_app).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/panel_export.h"
#include "app/panel_story.h"
#include "app/presenter.h"
#include "core/coverage/scenario.h"
#include "core/story.h"
#include "io/pdf_atlas.h"
#include "io/scenario_store.h"
#include "io/present_export.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "render/style.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
namespace fs = std::filesystem;

namespace {
const test::AppFixture& fixture() { return test::app_fixture(); }

// A zone d'emploi holding rural communes of a high-unemployment basin.
std::string basin_zone(const Workspace& ws) {
  std::map<std::string, int> n;
  for (const auto& c : ws.communes)
    if (c.in_rural_basin) ++n[c.zone_emploi];
  std::string best;
  for (const auto& [z, k] : n)
    if (best.empty() || k > n[best]) best = z;
  return best;
}

StoryView view(const std::string& title, const std::string& extent, std::vector<std::string> layers) {
  StoryView v;
  v.title = title;
  v.extent = extent;
  v.layers = std::move(layers);
  return v;
}

// Views that the old handout drew differently from the presenter, and the plain orders.
Story order_story(const Workspace& ws) {
  const std::string zone = "zone:" + basin_zone(ws);
  Story st;
  st.name = "Ordre des couches";
  st.views.push_back(view("Hachures au-dessus", zone, {"zones", "basins", "departements"}));
  st.views.push_back(view("Choroplèthe au-dessus", zone, {"departements", "basins", "zones"}));
  st.views.push_back(view("Aucune couche nommée", zone, {}));
  StoryView missing = view("Scénario absent", zone, {"zones", "gaps", "departements"});
  missing.scenario = "Scénario disparu";
  st.views.push_back(missing);
  StoryView repeated = view("Doublons", zone, {"basins", "zones", "basins", "volcans"});
  repeated.opacity["zones"] = 0.4;
  st.views.push_back(repeated);
  st.views.push_back(view("Lacunes du scénario par défaut", zone, {"zones", "gaps", "region"}));
  return st;
}

std::vector<std::string> visible_keys(const render::MapStyle& s) {
  std::vector<std::string> out;
  for (const auto& l : s.layers)
    if (l.visible) out.push_back(render::layer_key(l.id));
  return out;
}

struct Px {
  int r, g, b;
};
Px px(const render::Image& im, int x, int y) {
  const uint32_t v = im.argb(x, y);
  return {int(v >> 16 & 255), int(v >> 8 & 255), int(v & 255)};
}
// Page `n` (1-based) of `pdf` at 72 dpi: one pixel per point, as io::atlas_map_frame counts.
render::Image page_image(const fs::path& pdf, int n, const fs::path& dir) {
  const fs::path out = dir / ("p" + std::to_string(n));
  const auto r = test::run("pdftoppm -r 72 -png -f " + std::to_string(n) + " -l " + std::to_string(n) + " -singlefile " +
                           pdf.string() + " " + out.string());
  EXPECT_EQ(r.exit_code, 0) << "pdftoppm (poppler-utils) is needed: " << r.err;
  return render::read_png(out.string() + ".png");
}
}  // namespace

TEST(HandoutLayers, DefaultStackIsTheMapStyleDefaults) {
  const render::MapStyle d = render::MapStyle::defaults(*fixture().ws);
  const std::vector<ViewLayer> v = default_view_layers();
  ASSERT_EQ(d.layers.size(), v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(render::layer_key(d.layers[i].id), v[i].key);
    EXPECT_EQ(d.layers[i].visible, v[i].visible);
    EXPECT_NEAR(d.layers[i].opacity, v[i].opacity, 1e-6);
  }
}

TEST(HandoutLayers, EachPageHasTheLayersThePresenterShows) {
  const Workspace& ws = *fixture().ws;
  const Story st = order_story(ws);
  io::GapsCache gaps(test::real_workspace(), ws);
  app::AppState s;
  s.resize(1600, 900);
  s.set_workspace(fixture().ws, fixture().data);
  app::Presenter p;
  p.fly_seconds = 0;
  p.start(s, st, [&](const std::string& n) { return gaps.exists(n); });
  for (size_t i = 0; i < st.views.size(); ++i) {
    p.go(s, i);
    const io::AtlasPage page = io::handout_page(ws, st, i, gaps);
    EXPECT_EQ(page.layers, visible_keys(s.style)) << "view " << i + 1 << " « " << st.views[i].title << " »";
    for (const auto& [k, op] : page.opacity) {
      const auto id = render::parse_layer(k);
      ASSERT_TRUE(id.has_value()) << k;
      EXPECT_NEAR(op, s.style.opacity(*id), 1e-6) << k;
    }
  }
  // The two orders are each other's reverse; the missing scenario shows no gaps at all.
  EXPECT_EQ(io::handout_page(ws, st, 0, gaps).layers, (std::vector<std::string>{"zones", "basins", "departements"}));
  EXPECT_EQ(io::handout_page(ws, st, 1, gaps).layers, (std::vector<std::string>{"departements", "basins", "zones"}));
  EXPECT_EQ(io::handout_page(ws, st, 2, gaps).layers, story_layer_keys());
  const io::AtlasPage missing = io::handout_page(ws, st, 3, gaps);
  EXPECT_EQ(missing.gaps, nullptr);
  EXPECT_EQ(std::count(missing.layers.begin(), missing.layers.end(), "gaps"), 0);
  EXPECT_FALSE(missing.warnings.empty());
  EXPECT_EQ(io::handout_page(ws, st, 4, gaps).layers, (std::vector<std::string>{"basins", "zones"}));
  const io::AtlasPage by_default = io::handout_page(ws, st, 5, gaps);  // no scenario named: the default one
  ASSERT_NE(by_default.gaps, nullptr);
  EXPECT_EQ(by_default.gaps->scenario, coverage::kDefaultScenarioName);
  p.leave(s);
}

TEST(HandoutLayers, ReversedOrderAndUnnamedLayersChangeThePageMap) {
  const Workspace& ws = *fixture().ws;
  const Story st = order_story(ws);
  const fs::path dir = test::temp_dir("handout_layers");
  const fs::path pdf = dir / "ordre.pdf";
  io::export_handout(test::real_workspace(), ws, st, pdf.string());
  const render::Image hatch_top = page_image(pdf, 1, dir), choro_top = page_image(pdf, 2, dir),
                      unnamed = page_image(pdf, 3, dir);
  const io::AtlasMapFrame f = io::atlas_map_frame(resolve_extent(ws, st.views[0].extent));
  // The basin communes' pixels: the hatching drawn over the choropleth (page 1) or veiled by
  // it (page 2) — the same pixels differ.
  const std::string zone = st.views[0].extent.substr(5);
  std::vector<std::pair<const Commune*, BBox>> in_zone;
  for (const auto& cm : ws.communes)
    if (cm.zone_emploi == zone) in_zone.push_back({&cm, bbox(cm.geom)});
  int basin_px = 0, differ = 0, bare = 0, inside = 0;
  for (int y = int(f.y) + 2; y < int(f.y + f.h) - 2; y += 2)
    for (int x = int(f.x) + 2; x < int(f.x + f.w) - 2; x += 2) {
      const Vec2 w{f.world.minx + (x + 0.5 - f.x) / f.w * f.world.width(), f.world.maxy - (y + 0.5 - f.y) / f.h * f.world.height()};
      const Commune* c = nullptr;
      for (const auto& [cm, box] : in_zone)
        if (box.contains(w) && contains(cm->geom, w)) {
          c = cm;
          break;
        }
      if (!c) continue;
      ++inside;
      const Px u = px(unnamed, x, y);
      bare += std::abs(u.r - 0xfb) + std::abs(u.g - 0xfa) + std::abs(u.b - 0xf6) < 6;  // the land, nothing on it
      if (!c->in_rural_basin) continue;
      ++basin_px;
      const Px a = px(hatch_top, x, y), b = px(choro_top, x, y);
      differ += std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b) > 24;
    }
  ASSERT_GT(basin_px, 200) << "no basin commune in the frame";
  ASSERT_GT(inside, 1000);
  EXPECT_GT(differ, basin_px / 20) << differ << " of " << basin_px << " basin pixels differ between the two orders";
  // A view naming no layer shows the map's default layers, not a bare map.
  EXPECT_LT(bare, inside / 10) << bare << " of " << inside << " pixels of the zone are bare land";
  std::printf("basin pixels differing between the orders: %d / %d; bare land on the unnamed view: %d / %d\n", differ,
              basin_px, bare, inside);
}

// From the window's Exporter, a view naming no scenario (or naming the map's) shows the map's
// scenario as edited, unsaved points included, as the presenter does; the command line has
// no map: the stored default one.
TEST(HandoutLayers, ViewsShowTheMapsScenarioAsEditedFromTheWindow) {
  const Workspace& ws = *fixture().ws;
  const std::string ws_path = test::real_workspace();
  coverage::Scenario edited = io::load_scenario(ws_path, ws, coverage::kDefaultScenarioName);
  const Commune* chaulnes = nullptr;
  for (const auto& c : ws.communes)
    if (c.code == "80186") chaulnes = &c;
  ASSERT_NE(chaulnes, nullptr);
  coverage::ServicePoint pt;
  pt.id = "essai-1";
  pt.name = "Permanence d'essai";
  pt.pos = chaulnes->anchor;
  edited.points.push_back(pt);  // unsaved: only the map has it

  Story st;
  st.name = "Lacunes";
  st.views.push_back(view("Sans scénario nommé", "region", {"zones", "gaps", "region"}));
  StoryView named = view("Le scénario de la carte", "region", {"zones", "gaps", "region"});
  named.scenario = coverage::kDefaultScenarioName;
  st.views.push_back(named);

  auto gap_area = [](const io::AtlasPage& p) {
    double a = 0;
    for (const auto& mp : p.gaps->polys) a += area(mp);
    return a;
  };
  io::GapsCache stored(ws_path, ws);
  const io::AtlasPage cli = io::handout_page(ws, st, 0, stored);
  ASSERT_NE(cli.gaps, nullptr);
  io::GapsCache window(ws_path, ws);
  window.set_shown(edited);
  for (size_t i = 0; i < 2; ++i) {
    const io::AtlasPage p = io::handout_page(ws, st, i, window);
    ASSERT_NE(p.gaps, nullptr) << i;
    EXPECT_EQ(p.gaps->scenario, coverage::kDefaultScenarioName);
    EXPECT_LT(gap_area(p), gap_area(cli) - 1e6) << "view " << i + 1 << ": the permanence at Chaulnes closes a gap";
  }
}

TEST(HandoutLayers, TheExporterPassesTheMapsScenarioToTheHandout) {
  app::AppState s;
  s.set_workspace(fixture().ws, fixture().data);
  app::StoryPanelState sp;
  sp.stories = {order_story(*fixture().ws)};
  sp.selected = 0;
  app::ExportPanelState ps;
  app::open_export_panel(ps, app::ExportKind::Handout);
  coverage::Scenario edited;
  edited.name = "Essai non enregistré";
  const app::ExportRequest r = app::export_request(s, ps, sp, &edited);
  ASSERT_TRUE(r.shown.has_value());
  EXPECT_EQ(r.shown->name, edited.name);
  EXPECT_FALSE(app::export_request(s, ps, sp).shown.has_value());  // no map scenario yet
}
