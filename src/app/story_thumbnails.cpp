// Story view thumbnails (see story_thumbnails.h).
#include "app/story_thumbnails.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "core/error.h"
#include "render/gl.h"
#include "render/gl_program.h"
#include "render/map_renderer.h"
#include "render/offscreen.h"
#include "render/view_spec.h"

namespace maraude::app {

namespace {
// Style revisions of the thumbnails' draws: far above any the window's style reaches, so
// MapRenderer never takes the tables a thumbnail left for the window's own.
uint64_t g_revision = uint64_t{1} << 62;

// The GL state a thumbnail render changes, restored afterwards.
class GlStateGuard {
 public:
  GlStateGuard() {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fbo_);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fbo_);
    glGetIntegerv(GL_RENDERBUFFER_BINDING, &rb_);
    glGetIntegerv(GL_VIEWPORT, viewport_);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao_);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &array_buffer_);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active_texture_);
    for (int i = 0; i < kUnits; ++i) {
      glActiveTexture(GL_TEXTURE0 + i);
      glGetIntegerv(GL_TEXTURE_BINDING_2D, &textures_[i]);
    }
    glActiveTexture(static_cast<GLenum>(active_texture_));
    glGetIntegerv(GL_PACK_ALIGNMENT, &pack_);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &unpack_);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &unpack_row_);
    glGetIntegerv(GL_BLEND_SRC_RGB, &blend_[0]);
    glGetIntegerv(GL_BLEND_DST_RGB, &blend_[1]);
    glGetIntegerv(GL_BLEND_SRC_ALPHA, &blend_[2]);
    glGetIntegerv(GL_BLEND_DST_ALPHA, &blend_[3]);
    glGetIntegerv(GL_BLEND_EQUATION_RGB, &equation_[0]);
    glGetIntegerv(GL_BLEND_EQUATION_ALPHA, &equation_[1]);
    glGetFloatv(GL_COLOR_CLEAR_VALUE, clear_);
    blend_on_ = glIsEnabled(GL_BLEND);
    scissor_on_ = glIsEnabled(GL_SCISSOR_TEST);
    depth_on_ = glIsEnabled(GL_DEPTH_TEST);
    cull_on_ = glIsEnabled(GL_CULL_FACE);
  }
  ~GlStateGuard() {
    // The render may have deleted an object that was bound (the renderer re-uploads the
    // hover outline for the thumbnail's style, freeing the buffer still bound to
    // GL_ARRAY_BUFFER): a core profile refuses to bind a deleted name (GL_INVALID_OPERATION,
    // reported later by the window's own draw), so such a binding comes back as 0.
    auto alive = [](GLint name, GLboolean (*is)(GLuint)) {
      return name > 0 && is(static_cast<GLuint>(name)) ? static_cast<GLuint>(name) : 0u;
    };
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, alive(draw_fbo_, glIsFramebuffer));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, alive(read_fbo_, glIsFramebuffer));
    glBindRenderbuffer(GL_RENDERBUFFER, alive(rb_, glIsRenderbuffer));
    glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
    glUseProgram(alive(program_, glIsProgram));
    glBindVertexArray(alive(vao_, glIsVertexArray));
    glBindBuffer(GL_ARRAY_BUFFER, alive(array_buffer_, glIsBuffer));
    for (int i = 0; i < kUnits; ++i) {
      glActiveTexture(GL_TEXTURE0 + i);
      glBindTexture(GL_TEXTURE_2D, alive(textures_[i], glIsTexture));
    }
    glActiveTexture(static_cast<GLenum>(active_texture_));
    glPixelStorei(GL_PACK_ALIGNMENT, pack_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, unpack_);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, unpack_row_);
    glBlendFuncSeparate(static_cast<GLenum>(blend_[0]), static_cast<GLenum>(blend_[1]), static_cast<GLenum>(blend_[2]),
                        static_cast<GLenum>(blend_[3]));
    glBlendEquationSeparate(static_cast<GLenum>(equation_[0]), static_cast<GLenum>(equation_[1]));
    glClearColor(clear_[0], clear_[1], clear_[2], clear_[3]);
    auto set = [](GLenum cap, GLboolean on) { on ? glEnable(cap) : glDisable(cap); };
    set(GL_BLEND, blend_on_);
    set(GL_SCISSOR_TEST, scissor_on_);
    set(GL_DEPTH_TEST, depth_on_);
    set(GL_CULL_FACE, cull_on_);
  }
  GlStateGuard(const GlStateGuard&) = delete;
  GlStateGuard& operator=(const GlStateGuard&) = delete;

 private:
  static constexpr int kUnits = 8;
  GLint draw_fbo_ = 0, read_fbo_ = 0, rb_ = 0, viewport_[4] = {0, 0, 0, 0}, program_ = 0, vao_ = 0, array_buffer_ = 0;
  GLint active_texture_ = GL_TEXTURE0, textures_[kUnits] = {}, pack_ = 4, unpack_ = 4, unpack_row_ = 0;
  GLint blend_[4] = {}, equation_[2] = {};
  GLfloat clear_[4] = {};
  GLboolean blend_on_ = GL_FALSE, scissor_on_ = GL_FALSE, depth_on_ = GL_FALSE, cull_on_ = GL_FALSE;
};
}  // namespace

render::MapStyle story_view_style(const render::MapStyle& base, const Workspace& ws, const StoryView& v,
                                  bool gaps_drawable) {
  render::MapStyle st = base;
  // The presenter's and the handout's stack: order, visibility, opacities (core/story.h).
  std::vector<ViewLayer> stack;
  for (const auto& l : base.layers) stack.push_back({render::layer_key(l.id), l.visible, l.opacity});
  st.layers.clear();
  for (const auto& l : story_view_layers(stack, v))
    if (auto id = render::parse_layer(l.key)) st.layers.push_back({*id, l.visible, static_cast<float>(l.opacity)});
  st.selection = {};
  for (const auto& h : v.highlights)
    if (auto p = render::parse_selection(h); p && !ref_bbox(ws, h).empty()) {
      st.selection = *p;
      break;
    }
  st.hover = {};
  if (!gaps_drawable)
    if (auto* g = st.layer(render::LayerId::Gaps)) g->visible = false;
  st.touch();
  return st;
}

render::Camera story_view_camera(const Workspace& ws, const StoryView& v, int w, int h) {
  render::Camera cam;
  cam.width = std::max(1, w);
  cam.height = std::max(1, h);
  BBox target;
  try {
    target = resolve_extent(ws, v.extent);
  } catch (const Error&) {
    target = {};
  }
  if (target.empty()) {
    try {
      target = render::resolve_view(ws, "region");
    } catch (const Error&) {
      target = {};
    }
  }
  // The presenter keeps 60 px around the extent on a 1080-line screen: the same share here.
  if (!target.empty()) render::frame(cam, target, std::max(2.0, cam.height * 60.0 / 1080.0));
  return cam;
}

bool thumbnail_gaps_drawable(const StoryView& v, const ThumbnailContext& ctx) {
  if (ctx.shown_scenario.empty()) return false;
  return v.scenario.empty() || v.scenario == ctx.shown_scenario;
}

std::string thumbnail_key(const StoryView& v, const ThumbnailContext& ctx, const Workspace& ws, int w, int h) {
  // What the image depends on: the frame, then the style the view is drawn with (its visible
  // layers in drawing order with their opacities, the highlight, the laureates shown) — not
  // the places or opacities of hidden layers, so that applying one view to the map (which
  // reorders the map's layers) does not change the other views' keys.
  constexpr char kSep = '\x1f';
  const bool gaps = thumbnail_gaps_drawable(v, ctx);
  const render::MapStyle st = story_view_style(ctx.base, ws, v, gaps);
  std::string k = std::to_string(w) + "x" + std::to_string(h) + kSep + v.extent + kSep;
  char buf[64];
  bool gaps_visible = false;
  for (const auto& l : st.layers) {
    if (!l.visible || l.opacity <= 0) continue;
    std::snprintf(buf, sizeof buf, "%d:%.4f,", static_cast<int>(l.id), l.opacity);
    k += buf;
    gaps_visible = gaps_visible || l.id == render::LayerId::Gaps;
  }
  k += kSep + std::to_string(static_cast<int>(st.selection.kind)) + ":" + st.selection.code + kSep;
  for (char c : st.laureate_visible) k += c ? '1' : '0';
  // The gaps drawn are those of the scenario shown.
  if (gaps_visible) k += kSep + ctx.shown_scenario;
  return k;
}

StoryThumbnails::StoryThumbnails(float pixel_scale)
    : pw_(std::max(16, static_cast<int>(kWidth * std::max(0.5f, pixel_scale) + 0.5f))),
      ph_(std::max(9, static_cast<int>(kHeight * std::max(0.5f, pixel_scale) + 0.5f))) {}

StoryThumbnails::~StoryThumbnails() { clear(); }

void StoryThumbnails::clear() {
  for (auto& [k, e] : entries_)
    if (e.tex) {
      const GLuint t = e.tex;
      glDeleteTextures(1, &t);
    }
  entries_.clear();
  queue_.clear();
}

void StoryThumbnails::sync(const std::vector<Story>& stories, const ThumbnailContext& ctx, const Workspace& ws) {
  ctx_ = ctx;
  ws_ = &ws;
  queue_.clear();
  std::set<std::string> live;
  for (const auto& st : stories)
    for (const auto& v : st.views) live.insert(thumbnail_key(v, ctx_, *ws_, pw_, ph_));
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (live.count(it->first)) {
      ++it;
      continue;
    }
    if (it->second.tex) {
      const GLuint t = it->second.tex;
      glDeleteTextures(1, &t);
    }
    it = entries_.erase(it);
  }
}

unsigned StoryThumbnails::texture(const StoryView& v) {
  if (!ws_) return 0;
  std::string key = thumbnail_key(v, ctx_, *ws_, pw_, ph_);
  if (auto it = entries_.find(key); it != entries_.end()) return it->second.tex;
  if (std::none_of(queue_.begin(), queue_.end(), [&](const Request& r) { return r.key == key; }))
    queue_.push_back({std::move(key), v});
  return 0;
}

bool StoryThumbnails::step(render::MapRenderer& r) {
  if (queue_.empty() || !ws_ || !r.has_data()) return false;
  const Workspace& ws = *ws_;
  const Request req = std::move(queue_.front());
  queue_.erase(queue_.begin());
  const auto t0 = std::chrono::steady_clock::now();
  Entry e;
  {
    GlStateGuard guard;
    try {
      const render::Camera cam = story_view_camera(ws, req.view, pw_, ph_);
      render::MapStyle st = story_view_style(ctx_.base, ws, req.view, thumbnail_gaps_drawable(req.view, ctx_));
      st.scale = 0.22f * static_cast<float>(ph_) / kHeight;  // thin lines and small symbols at this size
      st.revision = ++g_revision;
      render::OffscreenOptions opt;
      opt.samples = 4;
      render::Image img = render::render_map_image(r, cam, st, opt);
      for (size_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;  // opaque
      GLuint tex = 0;
      glGenTextures(1, &tex);
      glActiveTexture(GL_TEXTURE0);
      glBindTexture(GL_TEXTURE_2D, tex);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
      glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img.width, img.height, 0, GL_BGRA, GL_UNSIGNED_BYTE, img.pixels.data());
      e.tex = tex;
      render::check_gl("vignette du récit");
    } catch (const Error&) {
      // No image (a driver refusing the framebuffer...): the panel shows an empty frame.
      if (e.tex) {
        const GLuint t = e.tex;
        glDeleteTextures(1, &t);
      }
      e = Entry{0, true};
    }
  }
  entries_[req.key] = e;
  ++renders_;
  last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  max_ms_ = std::max(max_ms_, last_ms_);
  return true;
}

}  // namespace maraude::app
