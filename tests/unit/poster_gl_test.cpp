// Posters (run under xvfb-run): exact pixel sizes from the paper and DPI, the A0 tile plan,
// dark text where the title, legend and credits go, land colour in the map, and the
// command's errors (bad format/DPI, unwritable output: no partial file).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/coverage/coverage.h"
#include "core/error.h"
#include "core/story.h"
#include "io/pdf_atlas.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/poster.h"
#include "render/poster_panel.h"
#include "render/view_spec.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::render;
namespace fs = std::filesystem;

namespace {
int mm_px(double mm, double dpi) { return static_cast<int>(std::lround(mm / 25.4 * dpi)); }

struct Px { int r, g, b; };
Px px(const Image& img, int x, int y) {
  const uint32_t v = img.argb(x, y);
  return {int(v >> 16 & 255), int(v >> 8 & 255), int(v & 255)};
}
// Pixels darker than `lum` inside the box.
int dark_pixels(const Image& img, const BBox& b, int lum = 110) {
  int n = 0;
  for (int y = std::max(0, int(b.miny)); y < std::min(img.height, int(b.maxy)); ++y)
    for (int x = std::max(0, int(b.minx)); x < std::min(img.width, int(b.maxx)); ++x) {
      const Px p = px(img, x, y);
      n += (p.r + p.g + p.b) / 3 < lum;
    }
  return n;
}

struct PosterEnv {
  Workspace ws;
  std::unique_ptr<GlContext> ctx;
  std::unique_ptr<MapRenderer> r;
  fs::path dir;
  Image a3;  // A3 at 150 dpi, rendered once
  PosterStats a3_stats;
};
PosterEnv& env() {
  static PosterEnv* e = [] {
    auto* x = new PosterEnv;
    x->ws = io::load_workspace(test::real_workspace());
    x->ctx = std::make_unique<GlContext>(false, 64, 64, "poster test", 0);
    x->r = std::make_unique<MapRenderer>();
    x->r->set_data(x->ws, build_map_data(x->ws));
    x->dir = test::temp_dir("poster");
    PosterSpec spec;
    spec.format = "A3";
    spec.dpi = 150;
    spec.title = "Affiche de test";
    spec.date = "1er janvier 2026";
    make_poster(*x->r, x->ws, MapStyle::defaults(x->ws), resolve_view(x->ws, "region"), spec,
                (x->dir / "a3.png").string(), "", &x->a3_stats);
    x->a3 = read_png((x->dir / "a3.png").string());
    return x;
  }();
  return *e;
}
}  // namespace

TEST(Poster, PaperSizesInPixels) {
  PosterSpec s;
  s.format = "A0";
  s.dpi = 300;
  PosterLayout L = poster_layout(s);
  EXPECT_EQ(L.width, 9933);
  EXPECT_EQ(L.height, 14043);
  EXPECT_EQ(L.width, mm_px(841, 300));
  s.landscape = true;
  L = poster_layout(s);
  EXPECT_EQ(L.width, 14043);
  EXPECT_EQ(L.height, 9933);
  s = {};
  s.format = "a3";
  s.dpi = 150;
  L = poster_layout(s);
  EXPECT_EQ(L.width, 1754);
  EXPECT_EQ(L.height, 2480);
  // Type grows with the DPI: the same poster at twice the DPI has twice the overlay scale.
  s.dpi = 300;
  EXPECT_NEAR(poster_layout(s).k, 2 * L.k, 1e-4);
}

TEST(Poster, A0TilePlanCoversTheMapArea) {
  PosterSpec s;
  s.format = "A0";
  s.dpi = 300;
  const PosterLayout L = poster_layout(s);
  EXPECT_GT(L.map.width(), 9000);
  EXPECT_GT(L.map.height(), 12000);
  EXPECT_LE(L.map.maxy, L.footer.miny);
  EXPECT_GE(L.map.miny, L.header.maxy);
  for (int max_tile : {4096, 8192, 16384}) {
    const TilePlan p = plan_tiles(int(L.map.width()), int(L.map.height()), max_tile);
    EXPECT_LE(p.tile_w, max_tile);
    EXPECT_LE(p.tile_h, max_tile);
    EXPECT_GE(p.cols * p.tile_w, int(L.map.width()));
    EXPECT_GE(p.rows * p.tile_h, int(L.map.height()));
    EXPECT_LT((p.cols - 1) * p.tile_w, int(L.map.width()));
    EXPECT_LT((p.rows - 1) * p.tile_h, int(L.map.height()));
  }
  EXPECT_EQ(plan_tiles(9933, 14043, 8192).count(), 4);
}

TEST(Poster, ValidationInFrench) {
  PosterSpec s;
  s.format = "B5";
  try {
    validate_poster(s);
    FAIL() << "B5 accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("format d’affiche inconnu"), std::string::npos) << e.what();
  }
  for (double dpi : {0.0, -5.0, 1201.0, std::nan("")}) {
    s.format = "A1";
    s.dpi = dpi;
    EXPECT_THROW(validate_poster(s), Error) << dpi;
  }
  s.dpi = 1200;
  EXPECT_THROW(validate_poster(s), Error);  // A1 at 1200 dpi is over 32000 px a side
  s.format = "A4";
  s.dpi = 300;
  EXPECT_NO_THROW(validate_poster(s));
}

TEST(Poster, A3At150DpiHasTextAndLand) {
  const Image& img = env().a3;
  ASSERT_EQ(img.width, 1754);
  ASSERT_EQ(img.height, 2480);
  PosterSpec s;
  s.format = "A3";
  s.dpi = 150;
  const PosterLayout L = poster_layout(s);
  // Title band: dark text in its left part.
  EXPECT_GT(dark_pixels(img, {L.header.minx, L.header.miny, L.header.minx + L.width * 0.5, L.header.maxy}), 2000);
  // Credits line in the footer.
  EXPECT_GT(dark_pixels(img, L.footer), 800);
  // Legend: top-right of the map area, dark text.
  EXPECT_GT(dark_pixels(img, {L.map.maxx - L.map.width() * 0.3, L.map.miny, L.map.maxx, L.map.miny + L.map.height() * 0.3}),
            1500);
  // Margins stay white.
  const Px corner = px(img, 3, 3);
  EXPECT_EQ(corner.r + corner.g + corner.b, 3 * 255);
  // The map area holds the choropleth / land colours (not white, not black) around its middle.
  int coloured = 0;
  for (int y = int(L.map.miny + L.map.height() * 0.3); y < L.map.miny + L.map.height() * 0.7; y += 7)
    for (int x = int(L.map.minx + L.map.width() * 0.2); x < L.map.minx + L.map.width() * 0.6; x += 7) {
      const Px p = px(img, x, y);
      const int lum = (p.r + p.g + p.b) / 3;
      coloured += lum > 120 && lum < 250 && (std::abs(p.r - p.b) > 12 || std::abs(p.r - p.g) > 12);
    }
  EXPECT_GT(coloured, 500);
}

TEST(Poster, CreditsNameTheSources) {
  const std::string c = poster_credits(env().ws);
  EXPECT_NE(c.find("IGN ADMIN EXPRESS"), std::string::npos);
  EXPECT_NE(c.find("Licence Ouverte"), std::string::npos);
  Workspace w;
  EXPECT_EQ(poster_credits(w).find("OpenStreetMap"), std::string::npos);
  w.meta["source.roads"] = "osm/hauts-de-france.pbf";
  EXPECT_NE(poster_credits(w).find("© OpenStreetMap contributors"), std::string::npos);
}

TEST(Poster, CommandWritesPngAndPdfAndRefusesBadInput) {
  const fs::path dir = test::temp_dir("poster_cli");
  const std::string ws = test::real_workspace();
  auto r = test::run_maraude("render " + ws + " --poster A4 --landscape --dpi 10 --out " + (dir / "p.png").string());
  EXPECT_NE(r.exit_code, 0);  // too small
  EXPECT_FALSE(fs::exists(dir / "p.png"));
  r = test::run_maraude("render " + ws + " --poster A4 --landscape --dpi 72 --title 'Essai' --out " +
                        (dir / "p.png").string() + " --pdf " + (dir / "p.pdf").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Image img = read_png((dir / "p.png").string());
  EXPECT_EQ(img.width, mm_px(297, 72));
  EXPECT_EQ(img.height, mm_px(210, 72));
  ASSERT_TRUE(fs::exists(dir / "p.pdf"));
  EXPECT_EQ(test::read_file(dir / "p.pdf").substr(0, 5), "%PDF-");
  for (const auto& e : fs::directory_iterator(dir))  // no temporary left (core/atomic_file.h)
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();

  r = test::run_maraude("render " + ws + " --poster A7 --out " + (dir / "q.png").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("format d’affiche inconnu"), std::string::npos) << r.err;
  r = test::run_maraude("render " + ws + " --poster A3 --dpi 0 --out " + (dir / "q.png").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("résolution invalide"), std::string::npos) << r.err;
  r = test::run_maraude("render " + ws + " --poster A3 --dpi 5000 --out " + (dir / "q.png").string());
  EXPECT_EQ(r.exit_code, 2);
  r = test::run_maraude("render " + ws + " --poster A3 --dpi 72 --out " + (dir / "nope" / "q.png").string());
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_NE(r.err.find("existe pas"), std::string::npos) << r.err;  // the folder is missing
  EXPECT_FALSE(fs::exists(dir / "q.png"));
}

// ---- Composition (issue 6): the map frame fits the territory, no blank band beside or below it ----
namespace {
// True for the pixels that carry nothing: paper white (outside the map frame: inside it, white
// is the legend's box), the sea / outside colour of the map, the tint of the key-figures panel.
bool empty_px(const Px& p, bool in_frame) {
  auto near = [&](unsigned rgb, int tol) {
    return std::abs(p.r - int(rgb >> 16 & 255)) <= tol && std::abs(p.g - int(rgb >> 8 & 255)) <= tol &&
           std::abs(p.b - int(rgb & 255)) <= tol;
  };
  return (!in_frame && p.r >= 243 && p.g >= 243 && p.b >= 243) || near(0xdfe7ec, 6) || near(0xf3f5f7, 4);
}
// Longest run of consecutive empty lines (rows, or columns) between the title band and the
// footer, as a fraction of that span. A line is empty when under 2 % of it carries anything.
double longest_empty_run(const Image& img, const PosterLayout& L, const BBox& frame, bool rows) {
  const int a0 = rows ? int(L.header.maxy) + 2 : int(L.map.minx) + 2;
  const int a1 = rows ? int(L.footer.miny) - 2 : int(L.map.maxx) - 2;
  const int b0 = rows ? int(L.map.minx) + 2 : int(L.header.maxy) + 2;
  const int b1 = rows ? int(L.map.maxx) - 2 : int(L.footer.miny) - 2;
  int run = 0, best = 0;
  for (int a = a0; a < a1; ++a) {
    int full = 0;
    for (int b = b0; b < b1; ++b) {
      const int x = rows ? b : a, y = rows ? a : b;
      full += !empty_px(px(img, x, y), frame.contains({x + 0.5, y + 0.5}));
    }
    run = full < 0.02 * (b1 - b0) ? run + 1 : 0;
    best = std::max(best, run);
  }
  return double(best) / (a1 - a0);
}
}  // namespace

TEST(Poster, PortraitMapFillsTheSheetWithoutABlankBand) {
  const Image& img = env().a3;
  PosterSpec s;
  s.format = "A3";
  s.dpi = 150;
  const PosterLayout L = poster_layout(s);
  // The map fitted to the whole sheet's width left a band about 12 % of the height below the
  // region (sea colour); the composed poster has no empty band over 5 %.
  const double run = longest_empty_run(img, L, env().a3_stats.layout.map, true);
  EXPECT_LT(run, 0.05) << "longest blank band: " << run * 100 << " % of the height";
  // The freed space holds the key figures: dark text in the lower fifth of the sheet.
  EXPECT_GT(dark_pixels(img, {L.map.minx, L.footer.miny - L.height * 0.2, L.map.maxx, L.footer.miny - 4}), 3000);
}

TEST(Poster, LandscapeAndA0CompositionsKeepTheMapLargeAndThePanelReadable) {
  PosterEnv& e = env();
  PosterSpec s;
  s.format = "A3";
  s.landscape = true;
  s.dpi = 100;
  s.date = "1er janvier 2026";
  PosterStats st;
  const fs::path out = e.dir / "a3l.png";
  make_poster(*e.r, e.ws, MapStyle::defaults(e.ws), resolve_view(e.ws, "region"), s, out.string(), "", &st);
  const Image img = read_png(out.string());
  const PosterLayout L = poster_layout(s);
  EXPECT_LT(longest_empty_run(img, L, st.layout.map, false), 0.06);
  EXPECT_LT(longest_empty_run(img, L, st.layout.map, true), 0.06);
  // Landscape: the panel is beside the map, full height; it holds the key figures.
  ASSERT_FALSE(st.layout.panel.empty());
  EXPECT_GE(st.layout.panel.minx, st.layout.map.maxx);
  EXPECT_GT(st.layout.panel.width(), L.width * 0.15);
  EXPECT_GT(dark_pixels(img, st.layout.panel), 1500);
  // Portrait A0: panel below the map, the map still over 70 % of the sheet's height.
  PosterSpec a0;
  a0.format = "A0";
  a0.dpi = 300;
  const PosterLayout L0 = poster_layout(a0);
  const PosterComposition c = compose_poster(L0.map, resolve_view(e.ws, "region"), 0.18 * L0.map.width(),
                                             0.3 * L0.map.height(), 14 * L0.k, L0.mm);
  EXPECT_TRUE(c.panel_below);
  EXPECT_GT(c.map.height(), 0.7 * L0.map.height());
  EXPECT_GT(c.panel.height(), 40 * L0.mm);
  EXPECT_LE(c.panel.maxy, L0.map.maxy + 0.5);
}

TEST(Poster, PanelFiguresAreFrench) {
  const PosterFigures f = poster_figures(env().ws);
  ASSERT_GE(f.size(), 5u);
  EXPECT_EQ(f[0].second, "habitants");
  // Thousands separated by a (narrow) space, never a comma.
  EXPECT_EQ(f[0].first.find(','), std::string::npos);
  EXPECT_NE(f[0].first, std::to_string(std::stoll(f[0].first)));  // grouped: "5 992 194"
  coverage::Totals t;
  t.targets = 10;
  t.neet = 1000;
  t.uncovered_neet = 125;
  const PosterFigures g = poster_figures(env().ws, &t);
  EXPECT_EQ(g.back().first, "87,5 %");
  bool ign = false, lic = false;
  for (const auto& l : poster_sources(env().ws)) {
    ign |= l.find("IGN") != std::string::npos;
    lic |= l.find("Licence Ouverte") != std::string::npos;
  }
  EXPECT_TRUE(ign && lic);
}

// ---- Dossier (issue 6): a territory is highlighted by its own outline ----
namespace {
bool highlight_px(const Px& p) { return p.r < 110 && p.b - p.r > 90 && p.g - p.r > 60; }  // cyan 00a3c4
// Fraction of the points whose 3x3 neighbourhood on the page (pixels of `scale` per point)
// holds a highlight-coloured pixel.
double highlighted_share(const Image& page, const io::AtlasMapFrame& f, const std::vector<Vec2>& pts, double scale) {
  int hit = 0, n = 0;
  for (const Vec2& w : pts) {
    const double s = f.w / f.world.width();
    const int x = int(std::lround((f.x + (w.x - f.world.minx) * s) * scale));
    const int y = int(std::lround((f.y + (f.world.maxy - w.y) * s) * scale));
    if (x < 2 || y < 2 || x >= page.width - 2 || y >= page.height - 2) continue;
    bool h = false;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) h |= highlight_px(px(page, x + dx, y + dy));
    hit += h;
    ++n;
  }
  return n ? double(hit) / n : -1;
}
double dist_to(const MultiPolygon& mp, Vec2 p) {
  double best = 1e18;
  for (const auto& poly : mp.polys)
    for (const auto& ring : poly.rings)
      for (size_t i = 0; i + 1 < ring.size(); ++i) {
        const Vec2 a = ring[i], b = ring[i + 1];
        const double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
        const double t = l2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / l2, 0.0, 1.0) : 0;
        best = std::min(best, std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy));
      }
  return best;
}
}  // namespace

TEST(Dossier, DepartmentIsOutlinedNotItsCommunes) {
  const Workspace& ws = env().ws;
  const fs::path dir = test::temp_dir("dossier_outline");
  const std::string ws_path = test::real_workspace();
  // The Oise page of the department dossier, rasterised at 2 pixels per point.
  auto r = test::run_maraude("dossier " + ws_path + " --by departement --pdf " + (dir / "dep.pdf").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> codes = [&] {
    std::vector<std::string> c;
    for (const auto& cm : ws.communes) c.push_back(cm.departement);
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    return c;
  }();
  const auto it = std::find(codes.begin(), codes.end(), "60");
  ASSERT_NE(it, codes.end());
  const int page_no = int(it - codes.begin()) + 1;  // pages in code order
  r = test::run("pdftoppm -r 144 -png -f " + std::to_string(page_no) + " -l " + std::to_string(page_no) +
                " -singlefile " + (dir / "dep.pdf").string() + " " + (dir / "oise").string());
  ASSERT_EQ(r.exit_code, 0) << "pdftoppm (poppler-utils) is needed: " << r.err;
  const Image page = read_png((dir / "oise.png").string());
  const io::AtlasMapFrame f = io::atlas_map_frame(resolve_extent(ws, "departement:60"));
  const Departement* oise = nullptr;
  for (const auto& d : ws.departements)
    if (d.code == "60") oise = &d;
  ASSERT_NE(oise, nullptr);
  // Boundary points of Oise communes at least 3 km inside the department: interior limits.
  std::vector<Vec2> inner, outer;
  for (const auto& cm : ws.communes) {
    if (cm.departement != "60") continue;
    for (const auto& poly : cm.geom.polys)
      for (size_t i = 0; i < poly.rings[0].size(); i += 7)
        if (dist_to(oise->geom, poly.rings[0][i]) > 3000) inner.push_back(poly.rings[0][i]);
  }
  for (const auto& poly : oise->geom.polys)
    for (size_t i = 0; i < poly.rings[0].size(); i += 5) outer.push_back(poly.rings[0][i]);
  ASSERT_GT(inner.size(), 300u);
  ASSERT_GT(outer.size(), 100u);
  // The department's outline is highlighted; the limits between its communes are not.
  // (Stroking the communes clipped to the outside left 5 % of the interior points highlighted.)
  const double on_outline = highlighted_share(page, f, outer, 2.0), inside = highlighted_share(page, f, inner, 2.0);
  EXPECT_GT(on_outline, 0.8);
  EXPECT_LT(inside, 0.02) << inner.size() << " interior points, " << inside * 100 << " % highlighted";
  std::printf("outline points highlighted: %.1f %%, interior limits: %.2f %%\n", 100 * on_outline, 100 * inside);
}

TEST(Poster, LocatorOnlyWhenThePosterShowsPartOfTheRegion) {
  const Workspace& ws = env().ws;
  EXPECT_TRUE(poster_inset(ws, resolve_view(ws, "region").inflated(5000)).empty());
  const BBox oise = resolve_view(ws, "departement:60");
  const PosterInset in = poster_inset(ws, oise);
  ASSERT_FALSE(in.empty());
  EXPECT_EQ(in.parts.size(), ws.departements.size());
  EXPECT_TRUE(in.world.intersects(in.shown));
  // Part of the region: the figures count only the framed communes.
  const PosterFigures f = poster_figures(ws, nullptr, &oise);
  EXPECT_NE(f[0].second.find("dans le cadre"), std::string::npos);
  EXPECT_LT(std::stoll(f[0].first), static_cast<long long>(ws.communes.size()));
}
