// Thumbnails of story views (run under xvfb-run): rendered with the window's MapRenderer as
// the presenter shows each view, one per step, cached by content (reordering, retitling or
// duplicating renders nothing; editing one view's extent renders that view only), freed
// when their view goes; a view naming missing things still gets one; and the window's map
// (its cached image, its colour tables, the bound framebuffer and viewport) is untouched.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <set>

#include "app/story_thumbnails.h"
#include "io/workspace.h"
#include "render/gl.h"
#include "render/map_data.h"
#include "render/map_renderer.h"
#include "render/offscreen.h"
#include "render/view_spec.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using app::StoryThumbnails;

namespace {
const test::AppFixture& fixture() { return test::app_fixture(); }

// A GL context with the renderer holding the real workspace.
struct Gl {
  render::GlContext ctx{false, 64, 64, "story thumbnails test", 0};
  render::MapRenderer r;
  Gl() { r.set_data(*fixture().ws, *fixture().data); }
};

app::ThumbnailContext context() {
  app::ThumbnailContext c;
  c.base = render::MapStyle::defaults(*fixture().ws);
  return c;
}

// One panel frame: sync, ask for every view of `shown`, render at most one thumbnail.
// Returns the textures asked for (0 = not rendered yet).
std::vector<unsigned> frame(StoryThumbnails& t, Gl& gl, const std::vector<Story>& stories, const Story& shown,
                            const app::ThumbnailContext& c) {
  t.sync(stories, c, *fixture().ws);
  std::vector<unsigned> tex;
  for (const auto& v : shown.views) tex.push_back(t.texture(v));
  t.step(gl.r);
  return tex;
}
// Frames until nothing is pending; the textures of the last frame.
std::vector<unsigned> settle(StoryThumbnails& t, Gl& gl, const std::vector<Story>& stories, const Story& shown,
                             const app::ThumbnailContext& c) {
  for (int i = 0; i < 100; ++i) {
    auto tex = frame(t, gl, stories, shown, c);
    if (std::find(tex.begin(), tex.end(), 0u) == tex.end() && !t.pending()) return tex;
  }
  ADD_FAILURE() << "thumbnails never settled";
  return {};
}

std::vector<uint32_t> read_texture(unsigned tex, int w, int h) {
  std::vector<uint32_t> px(static_cast<size_t>(w) * h);
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glGetTexImage(GL_TEXTURE_2D, 0, GL_BGRA, GL_UNSIGNED_BYTE, px.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  for (auto& p : px) p |= 0xff000000u;
  return px;
}
uint32_t argb(render::Rgba c) { return 0xff000000u | uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | c.b; }
int differing(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  int n = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) n += a[i] != b[i];
  return n;
}
// The choropleth's tones: its blue classes, or the neutral greys it steps back to while the
// gaps are shown (land, sea and the light panel tones are not).
int warm(const std::vector<uint32_t>& px) {
  int n = 0;
  for (uint32_t v : px) {
    const int r = v >> 16 & 255, g = v >> 8 & 255, b = v & 255;
    const int hi = std::max({r, g, b}), lo = std::min({r, g, b});
    n += b > r + 30 || (hi - lo < 10 && hi < 235);
  }
  return n;
}
// Saves a thumbnail as PNG when MARAUDE_TEST_DUMP names a folder (to look at them).
void dump(const std::vector<uint32_t>& px, int w, int h, const std::string& name) {
  const char* dir = std::getenv("MARAUDE_TEST_DUMP");
  if (!dir) return;
  render::Image img;
  img.width = w;
  img.height = h;
  img.pixels.resize(px.size() * 4);
  std::memcpy(img.pixels.data(), px.data(), img.pixels.size());
  render::write_png(img, std::string(dir) + "/" + name + ".png");
}

StoryView view(const std::string& title, const std::string& extent, std::vector<std::string> layers) {
  StoryView v;
  v.title = title;
  v.extent = extent;
  v.layers = std::move(layers);
  return v;
}

Story three_views() {
  const auto* zone = high_unemployment_zones(*fixture().ws).front();
  Story st;
  st.name = "Vignettes";
  st.views = {view("Région", "region", default_story_layers()),
              view("Zone", "zone:" + zone->code, {"zones", "basins", "departements"}),
              view("Services", "departement:59", {"region", "services"})};
  st.views[2].highlights = {"commune:59350"};
  return st;
}
}  // namespace

TEST(StoryThumbnails, TwoViewsDifferAndShowMapColours) {
  Gl gl;
  StoryThumbnails t;
  const Story st = three_views();
  const auto c = context();
  // Lazy: nothing before a frame asks; then one thumbnail a frame.
  t.sync({st}, c, *fixture().ws);
  EXPECT_FALSE(t.pending());
  auto tex = frame(t, gl, {st}, st, c);
  EXPECT_EQ(tex, std::vector<unsigned>(3, 0u));
  EXPECT_EQ(t.renders(), 1);
  EXPECT_TRUE(t.pending());
  tex = frame(t, gl, {st}, st, c);
  EXPECT_EQ(t.renders(), 2);
  tex = settle(t, gl, {st}, st, c);
  ASSERT_EQ(tex.size(), 3u);
  EXPECT_EQ(t.renders(), 3);
  EXPECT_EQ(t.size(), 3u);
  std::printf("thumbnail %dx%d: last %.2f ms, max %.2f ms\n", t.pixel_width(), t.pixel_height(), t.last_ms(), t.max_ms());

  const int w = t.pixel_width(), h = t.pixel_height(), n = w * h;
  const auto region = read_texture(tex[0], w, h), zone = read_texture(tex[1], w, h), dep = read_texture(tex[2], w, h);
  // Map colours, not a blank or uniform image: mostly not the sea, land and choropleth tones.
  for (const auto* px : {&region, &zone, &dep}) {
    std::set<uint32_t> colours(px->begin(), px->end());
    int sea = 0;
    for (uint32_t v : *px) sea += v == argb(render::palette::kBackground);
    EXPECT_GT(colours.size(), 20u);
    EXPECT_LT(sea, n * 85 / 100);
    EXPECT_NE((*px)[static_cast<size_t>(h / 2) * w + w / 2], argb(render::palette::kBackground))
        << "the view's centre is on land";
  }
  dump(region, w, h, "region");
  dump(zone, w, h, "zone");
  dump(dep, w, h, "departement");
  // The region fills about a third of a 16:9 thumbnail; most of it is choropleth.
  EXPECT_GT(warm(region), n / 10) << "the region view shows the unemployment choropleth";
  // Two different views, two different images.
  EXPECT_GT(differing(region, zone), n / 4);
  EXPECT_GT(differing(region, dep), n / 4);
  EXPECT_GT(differing(zone, dep), n / 4);
  // Its time is printed above (a figure to read, not a wall-clock check: the machine may be busy).
}

TEST(StoryThumbnails, EditingOneViewRerendersThatViewOnlyAndDeletingFreesIt) {
  Gl gl;
  StoryThumbnails t;
  Story st = three_views();
  const auto c = context();
  const auto tex = settle(t, gl, {st}, st, c);
  ASSERT_EQ(tex.size(), 3u);
  const int renders = t.renders();
  ASSERT_EQ(renders, 3);

  // Reorder, retitle, annotate and duplicate: the images are the same, nothing renders.
  move_view(st, 2, 0);
  st.views[1].title = "Toute la région";
  st.views[1].notes = "Commencer par là.";
  duplicate_view(st, 1);
  auto now = settle(t, gl, {st}, st, c);
  EXPECT_EQ(t.renders(), renders);
  EXPECT_EQ(now, (std::vector<unsigned>{tex[2], tex[0], tex[0], tex[1]}));
  // The map's style changing under views that name their layers (a view applied to the map
  // reorders and hides layers): nothing renders either.
  auto c2 = c;
  c2.base.order_layers({render::LayerId::Services, render::LayerId::Zones, render::LayerId::Region});
  for (auto& l : c2.base.layers) l.visible = !l.visible;
  c2.base.selection = {render::Selection::Kind::Commune, "80021"};
  c2.base.touch();
  now = settle(t, gl, {st}, st, c2);
  EXPECT_EQ(t.renders(), renders);
  EXPECT_EQ(now, (std::vector<unsigned>{tex[2], tex[0], tex[0], tex[1]}));

  // A new extent for one view: that thumbnail only.
  st.views[3].extent = "departement:80";
  now = settle(t, gl, {st}, st, c);
  EXPECT_EQ(t.renders(), renders + 1);
  EXPECT_EQ(now[0], tex[2]);
  EXPECT_EQ(now[1], tex[0]);
  EXPECT_EQ(now[2], tex[0]);
  EXPECT_NE(now[3], tex[1]);
  EXPECT_FALSE(glIsTexture(tex[1])) << "the old image of the edited view is freed";
  EXPECT_TRUE(glIsTexture(now[3]));
  EXPECT_EQ(t.size(), 3u);

  // Deleting a view frees its texture (not the one its duplicate still shows).
  const unsigned dep = now[0];
  remove_view(st, 0);
  remove_view(st, 0);
  now = settle(t, gl, {st}, st, c);
  EXPECT_FALSE(glIsTexture(dep));
  EXPECT_TRUE(glIsTexture(tex[0]));
  EXPECT_EQ(t.size(), 2u);
  // A story that goes frees all of its thumbnails.
  t.sync({}, c, *fixture().ws);
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(glIsTexture(tex[0]));
  EXPECT_FALSE(glIsTexture(now[1]));
  EXPECT_EQ(t.renders(), renders + 1);
}

TEST(StoryThumbnails, AViewNamingMissingThingsStillGetsOneAndGapsFollowTheScenario) {
  Gl gl;
  // Gaps held by the renderer (those of the scenario shown): a box in the middle of the region.
  const BBox reg = render::resolve_view(*fixture().ws, "region");
  const Vec2 m = reg.center();
  const double d = reg.width() / 6;
  MultiPolygon gap;
  gap.polys.push_back({{{{m.x - d, m.y - d}, {m.x + d, m.y - d}, {m.x + d, m.y + d}, {m.x - d, m.y + d}}}});
  gl.r.set_gaps({gap});

  app::ThumbnailContext c = context();
  c.base.gaps_loaded = true;
  c.shown_scenario = "services publics existants";
  StoryView shown = view("Lacunes", "region", {"zones", "gaps", "region"});
  shown.scenario = "services publics existants";
  StoryView other = shown;
  other.scenario = "un autre scénario";
  StoryView broken = view("Cassée", "zone:inconnue", {"couche-inconnue", "zones", "gaps", "region"});
  broken.scenario = "scénario disparu";
  broken.highlights = {"qpv:QN00000X", "commune:00000"};
  StoryView malformed = view("Malformée", "bbox:n'importe quoi", {});
  StoryView region_no_gaps = view("Sans lacunes", "region", {"zones", "region"});
  StoryView unknown_no_gaps = view("Sans lacunes, inconnue", "zone:autre-inconnue", {"zones", "region"});
  Story st;
  st.name = "Problèmes";
  st.views = {shown, other, broken, malformed, region_no_gaps, unknown_no_gaps};
  StoryThumbnails t;
  const auto tex = settle(t, gl, {st}, st, c);
  ASSERT_EQ(tex.size(), 6u);
  for (unsigned x : tex) EXPECT_NE(x, 0u);
  const int w = t.pixel_width(), h = t.pixel_height(), n = w * h;
  const auto with_gaps = read_texture(tex[0], w, h), without = read_texture(tex[1], w, h);
  const auto broken_px = read_texture(tex[2], w, h), malformed_px = read_texture(tex[3], w, h);
  dump(with_gaps, w, h, "gaps");
  dump(without, w, h, "other_scenario");
  dump(broken_px, w, h, "broken");
  dump(malformed_px, w, h, "malformed");
  EXPECT_GT(differing(with_gaps, without), n / 100) << "the scenario shown: its gaps are drawn";
  EXPECT_EQ(differing(without, read_texture(tex[4], w, h)), 0) << "another scenario: not the gaps of the one shown";
  // A missing scenario (no gaps, as in the presenter) with unknown layers, features and
  // extent (the region, as the presenter frames it then): the image of the same map without gaps.
  EXPECT_EQ(differing(broken_px, read_texture(tex[5], w, h)), 0);
  EXPECT_NE(malformed_px[static_cast<size_t>(h / 2) * w + w / 2], argb(render::palette::kBackground));
}

TEST(StoryThumbnails, TheWindowsMapIsUntouched) {
  Gl gl;
  // The window's framebuffer: an FBO of its own, with a viewport set.
  const int W = 480, H = 320;
  GLuint fbo = 0, rb = 0;
  glGenFramebuffers(1, &fbo);
  glGenRenderbuffers(1, &rb);
  glBindRenderbuffer(GL_RENDERBUFFER, rb);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
  ASSERT_EQ(glCheckFramebufferStatus(GL_FRAMEBUFFER), static_cast<GLenum>(GL_FRAMEBUFFER_COMPLETE));
  auto readback = [&] {
    std::vector<uint32_t> px(static_cast<size_t>(W) * H);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, W, H, GL_BGRA, GL_UNSIGNED_BYTE, px.data());
    return px;
  };

  render::Camera cam;
  cam.width = W;
  cam.height = H;
  render::frame(cam, render::resolve_view(*fixture().ws, "departement:62"), 20);
  render::MapStyle style = render::MapStyle::defaults(*fixture().ws);
  // A commune under the pointer: its outline is uploaded by this draw and its buffer stays
  // bound to GL_ARRAY_BUFFER; the thumbnails (no hover) free it.
  style.hover = {render::Selection::Kind::Commune, "62041"};
  glViewport(0, 0, W, H);
  gl.r.draw_cached(cam, style);
  ASSERT_EQ(glGetError(), static_cast<GLenum>(GL_NO_ERROR));
  const auto before = readback();
  const int redraws = gl.r.stats().cache_redraws;

  // Thumbnails of views unlike the window's map: other layers, a highlighted commune.
  Story st = three_views();
  st.views[0].layers = {"services"};
  st.views[0].highlights = {"commune:62041"};
  st.views[1].highlights = {"zone:" + high_unemployment_zones(*fixture().ws).front()->code};
  st.views[2].highlights = {"commune:62041"};  // the last one drawn: its tint is in the window's frame
  StoryThumbnails t;
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glViewport(7, 5, W - 20, H - 10);
  const auto tex = settle(t, gl, {st}, st, context());
  ASSERT_EQ(tex.size(), 3u);
  std::printf("thumbnails after the window's map: %d rendered, max %.2f ms, last %.2f ms\n", t.renders(), t.max_ms(),
              t.last_ms());
  GLint bound = -1, vp[4] = {0, 0, 0, 0};
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &bound);
  glGetIntegerv(GL_VIEWPORT, vp);
  EXPECT_EQ(bound, static_cast<GLint>(fbo)) << "the bound framebuffer is restored";
  EXPECT_EQ(vp[0], 7);
  EXPECT_EQ(vp[1], 5);
  EXPECT_EQ(vp[2], W - 20);
  EXPECT_EQ(vp[3], H - 10);
  // Nothing deleted by the thumbnails is bound again (a core profile refuses that, and the
  // window's next draw would fail on the pending error).
  EXPECT_EQ(glGetError(), static_cast<GLenum>(GL_NO_ERROR));

  // The next frame reuses the cached image: the same pixels, no re-render.
  glViewport(0, 0, W, H);
  gl.r.draw_cached(cam, style);
  EXPECT_TRUE(gl.r.stats().cache_hit);
  EXPECT_EQ(gl.r.stats().cache_redraws, redraws);
  EXPECT_EQ(differing(readback(), before), 0);

  // Zoomed out (the layers re-render): the window's own colours, not the thumbnails' (their
  // highlight, their layers) — the same image as with the colour tables rebuilt afresh.
  cam.mpp *= 2;
  gl.r.draw_cached(cam, style);
  EXPECT_FALSE(gl.r.stats().cache_hit);
  const auto zoomed = readback();
  style.touch();  // a new revision: the renderer rebuilds its tables for this style
  gl.r.invalidate_cache();
  gl.r.draw_cached(cam, style);
  EXPECT_EQ(differing(readback(), zoomed), 0);

  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers(1, &fbo);
  glDeleteRenderbuffers(1, &rb);
}

TEST(StoryThumbnails, ViewCommandShowsThePanelWithThumbnails) {
  const std::string ws = test::real_workspace_copy("thumbnails");
  const std::filesystem::path dir = std::filesystem::path(ws).parent_path();
  auto r = test::run_maraude("view " + ws + " --story-panel 'Récit absent' --hidden --script-frames 2");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("Récit absent"), std::string::npos) << r.err;
  r = test::run_maraude("story create-starter " + ws);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string shot = (dir / "panel.png").string();
  r = test::run_maraude("view " + ws + " --size 1280x720 --story-panel '" + std::string(kStarterStoryName) +
                        "' --screenshot " + shot);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("error -"), std::string::npos) << r.out;
  const render::Image img = render::read_png(shot);
  ASSERT_GE(img.width, 1280);
  // The unfolded panel is a section of the left side bar (about 380 px wide): its list's
  // left column holds the thumbnails, maps drawn over the map's background colour (the
  // sea / outside the region), which none of the panel's widgets use.
  int vivid = 0;
  const render::Rgba bg = render::palette::kBackground;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < 400; ++x) {
      const uint32_t v = img.argb(x, y);
      vivid += std::abs(static_cast<int>(v >> 16 & 255) - bg.r) <= 3 && std::abs(static_cast<int>(v >> 8 & 255) - bg.g) <= 3 &&
               std::abs(static_cast<int>(v & 255) - bg.b) <= 3;
    }
  EXPECT_GT(vivid, 1000) << "thumbnail pixels (the map background) in the side bar";
}
