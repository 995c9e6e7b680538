// Posters (run under xvfb-run): exact pixel sizes from the paper and DPI, the A0 tile plan,
// dark text where the title, legend and credits go, land colour in the map, and the
// command's errors (bad format/DPI, unwritable output: no partial file).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/poster.h"
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
                (x->dir / "a3.png").string(), "");
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
  EXPECT_FALSE(fs::exists(dir / "p.png.part"));

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
  EXPECT_NE(r.err.find("n’existe pas"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "q.png"));
}
