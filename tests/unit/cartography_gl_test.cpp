// One cartography (core/cartography.h): the window's renderer (offscreen GL) and the PDF
// pages (io/pdf_atlas, cairo, rasterised with pdftoppm) draw the same view with the same
// class colour for chosen zones — one of them with a rate exactly on a class break — and the
// same symbol colour for each service kind. And "gaps first": with the gaps on, the
// choropleth steps back to greys, the gaps' red is used by nothing else, and QPV and rural
// basins stay apart for a deuteranope (Machado et al. 2009 simulation, CIE ΔE on pixels).
// Run under xvfb-run; needs pdftoppm (poppler-utils).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/cartography.h"
#include "core/laureate_colours.h"
#include "io/pdf_atlas.h"
#include "io/workspace.h"
#include "render/compose.h"
#include "render/gl.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "render/view_spec.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::render;
namespace fs = std::filesystem;

namespace {
constexpr int kDpi = 150;

struct Env {
  Workspace ws;
  std::string tied_zone;  // a zone whose rate was set exactly on a class break
  std::unique_ptr<GlContext> ctx;
  std::unique_ptr<MapRenderer> r;
};
Env& env() {
  static Env* e = [] {
    auto* x = new Env;
    x->ws = io::load_workspace(test::real_workspace());
    // Put one zone's rate exactly on a break: it must take the class above it everywhere.
    const carto::ChoroplethClasses c0 = carto::compute_classes(x->ws);
    for (auto& z : x->ws.zones)
      if (z.rate_latest > c0.breaks[1] && z.rate_latest < c0.breaks[2]) {
        z.rate_latest = c0.breaks[1];
        x->tied_zone = z.code;
        break;
      }
    x->ctx = std::make_unique<GlContext>(false, 64, 64, "cartography test", 0);
    x->r = std::make_unique<MapRenderer>();
    x->r->set_data(x->ws, build_map_data(x->ws));
    return x;
  }();
  return *e;
}

struct Px { int r = 0, g = 0, b = 0; };
Px px(const Image& img, double x, double y) {
  const uint32_t v = img.argb(static_cast<int>(x), static_cast<int>(y));
  return {int(v >> 16 & 255), int(v >> 8 & 255), int(v & 255)};
}
std::string str(Px p) { return "(" + std::to_string(p.r) + "," + std::to_string(p.g) + "," + std::to_string(p.b) + ")"; }
int dist(Px a, Px b) { return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)}); }
Px blend(carto::Rgba c, double a, carto::Rgba under = carto::palette::kLand) {
  const double k = c.a / 255.0 * a;
  return {int(std::lround(under.r + (c.r - under.r) * k)), int(std::lround(under.g + (c.g - under.g) * k)),
          int(std::lround(under.b + (c.b - under.b) * k))};
}

// The window's image of `extent` with `layers`, its camera framing exactly the PDF's world box.
struct Shot {
  Image img;
  Camera cam;
};
Shot window_shot(const BBox& extent, const std::vector<LayerId>& layers, bool gaps_loaded = false) {
  const io::AtlasMapFrame f = io::atlas_map_frame(extent);
  Camera c;
  c.width = static_cast<int>(std::lround(f.w * 2));
  c.height = static_cast<int>(std::lround(f.h * 2));
  c.center = f.world.center();
  c.mpp = f.world.width() / c.width;
  MapStyle st = MapStyle::defaults(env().ws);
  st.show_only(layers);
  st.gaps_loaded = gaps_loaded;
  OffscreenOptions o;
  return {render_map_image(*env().r, c, st, o), c};
}

// The PDF page of `extent` with `layers`, rasterised at kDpi.
Image pdf_shot(const BBox& extent, const std::vector<std::string>& layers, const std::string& tag,
               const io::GapLayer* gaps = nullptr) {
  const fs::path dir = test::temp_dir("carto_" + tag);
  const std::string pdf = (dir / "page.pdf").string();
  {
    io::PdfAtlas atlas(pdf, env().ws, "test");
    io::AtlasPage p;
    p.title = "test";
    p.extent = extent;
    p.layers = layers;
    p.gaps = gaps;
    atlas.add_page(p);
    atlas.finish();
  }
  const auto r = test::run("pdftoppm -r " + std::to_string(kDpi) + " -png -singlefile '" + pdf + "' '" + (dir / "page").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << "pdftoppm (poppler-utils) is needed: " << r.err;
  return read_png((dir / "page.png").string());
}
// Pixel of world point `w` on the rasterised page.
Px pdf_px(const Image& page, const BBox& extent, Vec2 w) {
  const io::AtlasMapFrame f = io::atlas_map_frame(extent);
  const double x = f.x + (w.x - f.world.minx) / f.world.width() * f.w;
  const double y = f.y + (f.world.maxy - w.y) / f.world.height() * f.h;
  return px(page, x * kDpi / 72.0, y * kDpi / 72.0);
}
Px win_px(const Shot& s, Vec2 w) {
  const Vec2 p = s.cam.world_to_screen(w);
  return px(s.img, p.x, p.y);
}
// A commune whose anchor is far from its zone's edge (inside the zone, away from lines).
const Commune* inner_commune(const Workspace& ws, const std::string& zone) {
  const Commune* best = nullptr;
  for (const auto& c : ws.communes)
    if (c.zone_emploi == zone && (!best || c.area_m2 > best->area_m2)) best = &c;
  return best;
}
}  // namespace

TEST(Cartography, BreakRuleIsOneRule) {
  const carto::ChoroplethClasses c = carto::compute_classes(env().ws);
  ASSERT_EQ(c.breaks.size(), 4u);
  for (size_t i = 0; i < c.breaks.size(); ++i) {
    EXPECT_EQ(c.class_of(c.breaks[i]), static_cast<int>(i) + 1) << "a rate equal to a break goes to the class above";
    EXPECT_EQ(c.class_of(c.breaks[i] - 1e-9), static_cast<int>(i));
  }
  EXPECT_NE(c.label(1).find("à moins de"), std::string::npos) << c.label(1);
}

TEST(Cartography, ZoneClassColourSameOnScreenAndPaper) {
  const Workspace& ws = env().ws;
  ASSERT_FALSE(env().tied_zone.empty());
  const carto::ChoroplethClasses cls = carto::compute_classes(ws);
  ASSERT_EQ(ws.zone(env().tied_zone)->rate_latest, cls.breaks[1]) << "the breaks moved: pick another zone";
  const BBox extent = resolve_view(ws, "region");
  const Shot win = window_shot(extent, {LayerId::Zones});
  const Image page = pdf_shot(extent, {"zones"}, "zones");
  const double op = carto::palette::kChoroplethOpacity;
  // One zone per class, and the tied one.
  std::vector<std::string> zones = {env().tied_zone};
  std::vector<int> seen(5, 0);
  for (const auto& z : ws.zones) {
    const int k = cls.class_of(z.rate_latest);
    if (z.rate_latest > 0 && !seen[static_cast<size_t>(k)]) {
      seen[static_cast<size_t>(k)] = 1;
      zones.push_back(z.code);
    }
  }
  int checked = 0;
  for (const auto& code : zones) {
    const ZoneEmploi* z = ws.zone(code);
    const Commune* c = inner_commune(ws, code);
    ASSERT_NE(c, nullptr) << code;
    const int k = cls.class_of(z->rate_latest);
    const Px want = blend(carto::palette::kChoropleth[static_cast<size_t>(k)], op);
    const Px a = win_px(win, c->anchor), b = pdf_px(page, extent, c->anchor);
    EXPECT_LE(dist(a, want), 4) << "screen, zone " << code << " class " << k << ": " << str(a) << " vs " << str(want);
    EXPECT_LE(dist(b, want), 4) << "paper, zone " << code << " class " << k << ": " << str(b) << " vs " << str(want);
    EXPECT_LE(dist(a, b), 5) << "zone " << code;
    ++checked;
  }
  EXPECT_GE(checked, 6);
  // The tied zone is drawn in the class above the break on both.
  EXPECT_EQ(cls.class_of(ws.zone(env().tied_zone)->rate_latest), 2);
}

TEST(Cartography, ServiceSymbolColourSameOnScreenAndPaper) {
  const Workspace& ws = env().ws;
  int kinds = 0;
  for (int k = 0; k < 4; ++k) {
    // An isolated service of this kind: no other service within 3 km.
    const Service* pick = nullptr;
    for (const auto& s : ws.services) {
      if (static_cast<int>(s.kind) != k) continue;
      bool alone = true;
      for (const auto& o : ws.services)
        if (&o != &s && std::hypot(o.pos.x - s.pos.x, o.pos.y - s.pos.y) < 3000) alone = false;
      if (alone) { pick = &s; break; }
    }
    if (!pick) continue;
    ++kinds;
    const BBox extent{pick->pos.x - 10000, pick->pos.y - 10000, pick->pos.x + 10000, pick->pos.y + 10000};
    const Shot win = window_shot(extent, {LayerId::Services});
    const Image page = pdf_shot(extent, {"services"}, "svc" + std::to_string(k));
    const carto::Rgba f = carto::point_style(k).fill;
    const Px want{f.r, f.g, f.b};
    const Px a = win_px(win, pick->pos), b = pdf_px(page, extent, pick->pos);
    EXPECT_LE(dist(a, want), 6) << "screen, " << service_kind_id(pick->kind) << ": " << str(a) << " vs " << str(want);
    EXPECT_LE(dist(b, want), 6) << "paper, " << service_kind_id(pick->kind) << ": " << str(b) << " vs " << str(want);
  }
  EXPECT_GE(kinds, 3) << "the real workspace holds France Services, France Travail and missions locales";
}

// ---- Gaps first -------------------------------------------------------------------------

namespace {
// sRGB → deuteranopia (Machado, Oliveira & Fernandes 2009, severity 1.0, linear RGB) → CIE Lab.
double lin(double c) { c /= 255; return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double gam(double c) { c = std::clamp(c, 0.0, 1.0); return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055); }
Px deutan(Px p) {
  const double r = lin(p.r), g = lin(p.g), b = lin(p.b);
  return {int(gam(0.367322 * r + 0.860646 * g - 0.227968 * b)), int(gam(0.280085 * r + 0.672501 * g + 0.047413 * b)),
          int(gam(-0.011820 * r + 0.042940 * g + 0.968881 * b))};
}
std::array<double, 3> lab(Px p) {
  const double r = lin(p.r), g = lin(p.g), b = lin(p.b);
  const double X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, Y = 0.2126 * r + 0.7152 * g + 0.0722 * b,
               Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
  return {116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
}
double delta_e(Px a, Px b) {
  const auto A = lab(a), B = lab(b);
  return std::sqrt((A[0] - B[0]) * (A[0] - B[0]) + (A[1] - B[1]) * (A[1] - B[1]) + (A[2] - B[2]) * (A[2] - B[2]));
}
Px px_of(carto::Rgba c) { return {c.r, c.g, c.b}; }
bool is_gap_red(Px p) { return p.r > 150 && p.g < 90 && p.b < 90; }
}  // namespace

TEST(GapsFirst, GapRedIsUsedByNothingElse) {
  const Px red = px_of(carto::palette::kGaps);
  for (int k = 0; k < 5; ++k) {
    EXPECT_GT(delta_e(red, px_of(carto::palette::kChoropleth[static_cast<size_t>(k)])), 40) << "class " << k;
    EXPECT_GT(delta_e(red, px_of(carto::palette::choropleth_muted(k))), 40) << "muted class " << k;
  }
  for (int s = 0; s < carto::kPointStyles; ++s) EXPECT_GT(delta_e(red, px_of(carto::point_style(s).fill)), 25) << "symbol " << s;
  for (size_t l = 0; l < 18; ++l) EXPECT_GT(delta_e(red, px_of(carto::rgb(laureate_hue(l)))), 20) << "laureate " << l;
  for (carto::Rgba c : {carto::palette::kQpvLine, carto::palette::kBasinHatch, carto::palette::kCoverageLine,
                        carto::palette::kSelection, carto::palette::kRoadMajor})
    EXPECT_GT(delta_e(red, px_of(c)), 25);
  // The muted choropleth is grey (no hue left to compete) and keeps its order.
  for (int k = 0; k < 5; ++k) {
    const Px m = px_of(carto::palette::choropleth_muted(k));
    EXPECT_LE(std::max({m.r, m.g, m.b}) - std::min({m.r, m.g, m.b}), 4);
    if (k > 0) EXPECT_LT(m.r, px_of(carto::palette::choropleth_muted(k - 1)).r);
  }
}

TEST(GapsFirst, ChoroplethStepsBackAndGapsLeadOnScreen) {
  const Workspace& ws = env().ws;
  // A made-up gap: the largest commune of the region, the rest of the map covered.
  const Commune* big = nullptr;
  for (const auto& c : ws.communes)
    if (!big || c.area_m2 > big->area_m2) big = &c;
  env().r->set_gaps({big->geom});
  env().r->set_coverage(ws.region.geom);
  const BBox extent = resolve_view(ws, "region");
  const Shot off = window_shot(extent, {LayerId::Zones});
  const Shot on = window_shot(extent, {LayerId::Zones, LayerId::Gaps}, true);
  const carto::ChoroplethClasses cls = carto::compute_classes(ws);
  // Outside the gap the zone colour is the muted grey of its class, not its blue.
  const Commune* other = inner_commune(ws, ws.zones.back().code);
  ASSERT_NE(other, nullptr);
  const int k = cls.class_of(ws.zone(other->zone_emploi)->rate_latest);
  const Px muted = blend(carto::palette::choropleth_muted(k), carto::palette::kChoroplethOpacity);
  EXPECT_LE(dist(win_px(on, other->anchor), muted), 4) << str(win_px(on, other->anchor)) << " vs " << str(muted);
  EXPECT_GT(dist(win_px(off, other->anchor), muted), 8) << "without gaps: the blue classes";
  // The gap is solid red, not hatched: its anchor and the pixels around it are red.
  const Vec2 s = on.cam.world_to_screen(big->anchor);
  int red = 0;
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx) red += is_gap_red(px(on.img, s.x + dx, s.y + dy));
  EXPECT_EQ(red, 25) << "gap fill at " << str(px(on.img, s.x, s.y));
  // The covered area is not filled: away from its edge, the muted class colour shows as is.
  // (checked above on `other`, inside the covered region). No red outside the gap.
  int stray = 0;
  for (int y = 0; y < on.img.height; y += 3)
    for (int x = 0; x < on.img.width; x += 3) {
      const Vec2 w = on.cam.screen_to_world(x, y);
      if (!big->geom.empty() && bbox(big->geom).inflated(3000).contains(w)) continue;
      stray += is_gap_red(px(on.img, x, y));
    }
  EXPECT_EQ(stray, 0);
  env().r->set_gaps({});
  env().r->set_coverage({});
}

TEST(GapsFirst, QpvAndBasinsApartForDeuteranopes) {
  const Workspace& ws = env().ws;
  // A QPV perimeter and a basin commune, as drawn on the map (over land, with the gaps shown
  // so the choropleth is muted), simulated for a deuteranope.
  const Qpv* q = nullptr;
  for (const auto& x : ws.qpvs)
    if (x.has_perimeter && (!q || area(x.perimeter) > area(q->perimeter))) q = &x;
  const Commune* basin = nullptr;
  for (const auto& c : ws.communes)
    if (c.in_rural_basin && (!basin || c.area_m2 > basin->area_m2)) basin = &c;
  ASSERT_NE(basin, nullptr);
  // Basin hatching: mean colour of the stripes inside the commune.
  const BBox be = bbox(basin->geom);
  const Shot b = window_shot(be, {LayerId::Basins});
  Px stripe{255, 255, 255};
  int darkest = 255 * 3;
  const Vec2 bs = b.cam.world_to_screen(basin->anchor);
  for (int dy = -6; dy <= 6; ++dy)
    for (int dx = -6; dx <= 6; ++dx) {
      const Px p = px(b.img, bs.x + dx, bs.y + dy);
      if (p.r + p.g + p.b < darkest) { darkest = p.r + p.g + p.b; stripe = p; }
    }
  Px qpv_px;
  if (q) {
    const Shot s = window_shot(bbox(q->perimeter), {LayerId::Qpv});
    qpv_px = win_px(s, point_on_surface(q->perimeter));
  } else {
    qpv_px = blend(carto::palette::kQpvFill, 1.0);
  }
  const double normal = delta_e(stripe, qpv_px), cvd = delta_e(deutan(stripe), deutan(qpv_px));
  std::printf("basin stripe %s, QPV %s: ΔE %.1f, deuteranopia ΔE %.1f\n", str(stripe).c_str(), str(qpv_px).c_str(), normal, cvd);
  EXPECT_GT(cvd, 20) << "QPV and basins too close for a deuteranope";
  // Gaps against both, for a deuteranope too.
  const Px red = blend(carto::palette::kGaps, 1.0);
  EXPECT_GT(delta_e(deutan(red), deutan(stripe)), 20);
  EXPECT_GT(delta_e(deutan(red), deutan(qpv_px)), 20);
  for (int k = 0; k < 5; ++k) EXPECT_GT(delta_e(deutan(red), deutan(blend(carto::palette::choropleth_muted(k), 0.75))), 20);
}
