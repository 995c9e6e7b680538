// The laureates' territories on the PDF pages (io/pdf_atlas.cpp): a handout view listing
// « laureates » in its layers outlines each laureate's territory (the union of its communes)
// in its hue (core/laureate_colours.h, the window's palette::laureate) with a legend entry;
// a view without the layer has none of it, nor a laureate switched off in the window.
// Checked on the rasterised PDF (pdftoppm, poppler-utils) along the territory's boundary.
// Run under xvfb-run (links maraude_app).
#include <gtest/gtest.h>

#include "core/cartography.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "app/export_controller.h"
#include "core/laureate_colours.h"
#include "core/story.h"
#include "io/pdf_atlas.h"
#include "io/present_export.h"
#include "io/workspace.h"
#include "render/offscreen.h"
#include "render/style.h"
#include "test_support.h"

using namespace maraude;
namespace fs = std::filesystem;

namespace {
const Workspace& workspace() {
  static Workspace ws = io::load_workspace(test::real_workspace());
  return ws;
}

// The last laureate with communes: drawn last, so no other laureate's border covers its own.
size_t top_laureate(const Workspace& ws) {
  for (size_t l = ws.laureates.size(); l-- > 0;)
    if (!ws.laureates[l].communes.empty()) return l;
  ADD_FAILURE() << "no laureate with communes in the workspace";
  return 0;
}

StoryView view(const std::string& title, const std::string& extent, std::vector<std::string> layers) {
  StoryView v;
  v.title = title;
  v.extent = extent;
  v.layers = std::move(layers);
  return v;
}

// Page `n` of `pdf` at 72 dpi: one pixel per point, as io::atlas_map_frame counts.
render::Image page_image(const fs::path& pdf, int n, const fs::path& dir) {
  const fs::path out = dir / ("p" + std::to_string(n));
  const auto r = test::run("pdftoppm -r 72 -png -f " + std::to_string(n) + " -l " + std::to_string(n) + " -singlefile '" +
                           pdf.string() + "' '" + out.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << "pdftoppm (poppler-utils) is needed: " << r.err;
  return render::read_png(out.string() + ".png");
}

bool near_colour(const render::Image& im, int x, int y, uint32_t rgb, int tol = 60) {
  if (x < 0 || y < 0 || x >= im.width || y >= im.height) return false;
  const uint32_t v = im.argb(x, y);
  const int d = std::abs(int(v >> 16 & 255) - int(rgb >> 16 & 255)) + std::abs(int(v >> 8 & 255) - int(rgb >> 8 & 255)) +
                std::abs(int(v & 255) - int(rgb & 255));
  return d < tol;
}

// Pixels of the hue inside the map frame.
int count_in_frame(const render::Image& im, const io::AtlasMapFrame& f, uint32_t rgb) {
  int n = 0;
  for (int y = int(f.y) + 1; y < int(f.y + f.h) - 1; ++y)
    for (int x = int(f.x) + 1; x < int(f.x + f.w) - 1; ++x) n += near_colour(im, x, y, rgb);
  return n;
}

// Points on the territory's outer boundary: the extreme vertices of its communes (W, E, S, N)
// and, along each, the vertices of those communes that no other commune of the territory shares.
std::vector<Vec2> boundary_points(const Workspace& ws, const Laureate& l) {
  Vec2 w{1e18, 0}, e{-1e18, 0}, s{0, 1e18}, n{0, -1e18};
  for (const auto& c : l.communes)
    if (const Commune* cm = ws.commune(c))
      for (const auto& poly : cm->geom.polys)
        for (const auto& v : poly.rings.at(0)) {
          if (v.x < w.x) w = v;
          if (v.x > e.x) e = v;
          if (v.y < s.y) s = v;
          if (v.y > n.y) n = v;
        }
  return {w, e, s, n};
}

// How many of `pts` have a pixel of the hue within 3 px of where the page puts them.
int hits(const render::Image& im, const io::AtlasMapFrame& f, const std::vector<Vec2>& pts, uint32_t rgb) {
  const double k = f.w / f.world.width();
  int found = 0;
  for (const auto& p : pts) {
    const int px = int(std::lround(f.x + (p.x - f.world.minx) * k)), py = int(std::lround(f.y + (f.world.maxy - p.y) * k));
    bool hit = false;
    for (int dy = -3; dy <= 3 && !hit; ++dy)
      for (int dx = -3; dx <= 3 && !hit; ++dx) hit = near_colour(im, px + dx, py + dy, rgb);
    found += hit;
  }
  return found;
}
}  // namespace

TEST(HandoutLaureates, TerritoryOutlinedInItsHueOnlyWhenTheLayerIsShown) {
  const Workspace& ws = workspace();
  const size_t li = top_laureate(ws);
  const Laureate& lau = ws.laureates[li];
  const uint32_t hue = laureate_hue(li);
  const render::Rgba screen = render::palette::laureate(li);  // the window's colour
  EXPECT_EQ(uint32_t(screen.r) << 16 | uint32_t(screen.g) << 8 | screen.b, hue)
      << "paper and screen disagree on the laureate's colour";
  const std::string extent = "laureate:" + lau.id;
  Story st;
  st.name = "Lauréats";
  st.views.push_back(view("Territoire du lauréat", extent, {"zones", "laureates", "departements"}));
  st.views.push_back(view("Sans les lauréats", extent, {"zones", "departements"}));
  st.views.push_back(view("Lauréats seuls", "region", {"laureates"}));

  const fs::path dir = test::temp_dir("handout_laureates");
  const fs::path pdf = dir / "recit.pdf";
  const io::ExportResult r = io::export_handout(test::real_workspace(), ws, st, pdf.string());
  ASSERT_EQ(r.pages, 3);

  const io::AtlasMapFrame f = io::atlas_map_frame(resolve_extent(ws, extent));
  const std::vector<Vec2> pts = boundary_points(ws, lau);
  const render::Image shown = page_image(pdf, 1, dir), hidden = page_image(pdf, 2, dir);
  EXPECT_GE(hits(shown, f, pts, hue), 3) << "the territory's boundary is not drawn in laureate " << lau.id << "'s hue";
  EXPECT_GT(count_in_frame(shown, f, hue), 300);
  EXPECT_EQ(hits(hidden, f, pts, hue), 0);
  EXPECT_LT(count_in_frame(hidden, f, hue), 10) << "laureate hue drawn with the layer hidden";

  // The legend names the laureates on the pages showing them, and only there.
  const std::string p1 = test::run("pdftotext -f 1 -l 1 '" + pdf.string() + "' -").out;
  const std::string p2 = test::run("pdftotext -f 2 -l 2 '" + pdf.string() + "' -").out;
  EXPECT_NE(p1.find("Territoires des lauréats"), std::string::npos) << p1;
  EXPECT_EQ(p2.find("Territoires des lauréats"), std::string::npos) << p2;

  // The region page: several laureates' hues.
  const render::Image region = page_image(pdf, 3, dir);
  const io::AtlasMapFrame fr = io::atlas_map_frame(resolve_extent(ws, "region"));
  int hues = 0;
  for (size_t l = 0; l < ws.laureates.size() && l < 18; ++l) hues += count_in_frame(region, fr, laureate_hue(l)) > 20;
  EXPECT_GE(hues, std::min<int>(5, int(ws.laureates.size())));
}

// The choropleth at the window's default opacity (0.75, render::MapStyle::defaults) when the
// view names none: a zone's fill on paper is its class colour blended at 0.75 over the land.
TEST(HandoutLaureates, BaseOpacitiesAreTheWindowDefaults) {
  const render::MapStyle d = render::MapStyle::defaults(workspace());
  const std::vector<ViewLayer> v = default_view_layers();
  for (const auto& l : v)
    for (const auto& m : d.layers)
      if (render::layer_key(m.id) == l.key) EXPECT_NEAR(m.opacity, l.opacity, 1e-6) << l.key;
  EXPECT_NEAR(d.opacity(render::LayerId::Zones), 0.75, 1e-6);

  // On paper: the lightest blue class over the land at 0.75 and at 0.4 (a view's own value).
  const Workspace& ws = workspace();
  Story st;
  st.name = "Opacité";
  st.views.push_back(view("Défaut", "region", {"zones"}));
  StoryView half = view("Moitié", "region", {"zones"});
  half.opacity["zones"] = 0.4;
  st.views.push_back(half);
  const fs::path dir = test::temp_dir("handout_opacity");
  const fs::path pdf = dir / "o.pdf";
  ASSERT_EQ(io::export_handout(test::real_workspace(), ws, st, pdf.string()).pages, 2);
  const io::AtlasMapFrame f = io::atlas_map_frame(resolve_extent(ws, "region"));
  // The darkest class (the window's, core/cartography.h) over the land: its red channel shows the opacity.
  auto expected_red = [](double a) { return carto::palette::kLand.r * (1 - a) + carto::palette::kChoropleth[4].r * a; };
  // The darkest bluish colour covering a large area (a fill; the zone lines are thin).
  auto darkest_red = [&](const render::Image& im) {
    std::vector<int> n(256, 0);
    for (int y = int(f.y) + 2; y < int(f.y + f.h) - 2; ++y)
      for (int x = int(f.x) + 2; x < int(f.x + f.w) - 2; ++x) {
        const uint32_t p = im.argb(x, y);
        const int r = p >> 16 & 255, g = p >> 8 & 255, b = p & 255;
        if (b > r + 20 && b > g) ++n[r];
      }
    for (int r = 0; r < 256; ++r)
      if (n[r] > 400) return r;
    return 255;
  };
  EXPECT_NEAR(darkest_red(page_image(pdf, 1, dir)), expected_red(0.75), 12);
  EXPECT_NEAR(darkest_red(page_image(pdf, 2, dir)), expected_red(0.4), 12);
}

// From the window (the Exporter, ExportController): the laureates switched off in the
// « Couches » panel are left out of the handout, as the presenter leaves them out.
TEST(HandoutLaureates, LaureatesSwitchedOffInTheWindowAreLeftOut) {
  const Workspace& ws = workspace();
  const size_t li = top_laureate(ws);
  const Laureate& lau = ws.laureates[li];
  const std::string extent = "laureate:" + lau.id;
  app::ExportRequest r;
  r.kind = app::ExportKind::Handout;
  r.story.name = "Lauréats masqués";
  r.story.views.push_back(view("Territoire", extent, {"laureates"}));
  r.style = render::MapStyle::defaults(ws);
  r.style.laureate_visible.at(li) = 0;
  const fs::path dir = test::temp_dir("handout_laureates_window");
  r.path = (dir / "off.pdf").string();
  auto shared = std::make_shared<const Workspace>(io::load_workspace(test::real_workspace()));
  app::ExportController c(shared, test::real_workspace());
  ASSERT_TRUE(c.start(r)) << c.message();
  c.wait();
  ASSERT_EQ(c.state(), app::ExportController::State::Done) << c.message();
  const io::AtlasMapFrame f = io::atlas_map_frame(resolve_extent(ws, extent));
  const render::Image off = page_image(r.path, 1, dir);
  EXPECT_EQ(hits(off, f, boundary_points(ws, lau), laureate_hue(li)), 0);
  EXPECT_LT(count_in_frame(off, f, laureate_hue(li)), 10);

  r.style.laureate_visible.at(li) = 1;  // switched on again: drawn
  r.path = (dir / "on.pdf").string();
  ASSERT_TRUE(c.start(r)) << c.message();
  c.wait();
  const render::Image on = page_image(r.path, 1, dir);
  EXPECT_GE(hits(on, f, boundary_points(ws, lau), laureate_hue(li)), 3);
}
