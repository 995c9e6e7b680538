#include "render/offscreen.h"

#include "core/atomic_file.h"

#include <cairo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "core/error.h"
#include "render/gl.h"
#include "render/gl_program.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::render {

namespace {
int g_glfw_users = 0;
std::mutex g_glfw_mutex;
std::string g_glfw_error;
void on_glfw_error(int code, const char* msg) { g_glfw_error = msg ? msg : "erreur GLFW inconnue"; }
}  // namespace

GlContext::GlContext(bool visible, int width, int height, const std::string& title, int samples) {
  std::lock_guard<std::mutex> lock(g_glfw_mutex);
  glfwSetErrorCallback(on_glfw_error);
  if (g_glfw_users == 0 && !glfwInit()) {
    const char* disp = std::getenv("DISPLAY");
    throw Error(ErrorKind::Graphics, "aucun écran accessible (" + g_glfw_error + ")",
                std::string("DISPLAY=") + (disp ? disp : "(non défini)"),
                "lancez-le dans une session graphique, ou sans écran : xvfb-run -s \"-screen 0 1920x1080x24\" maraude ...");
  }
  ++g_glfw_users;
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_SAMPLES, samples);
  win_ = glfwCreateWindow(std::max(1, width), std::max(1, height), title.c_str(), nullptr, nullptr);
  if (!win_) {
    const std::string why = g_glfw_error;
    if (--g_glfw_users == 0) glfwTerminate();
    throw Error(ErrorKind::Graphics, "OpenGL 3.3 (profil core) n’est pas disponible (" + why + ")", "pilote graphique",
                "mettez à jour le pilote graphique, ou utilisez le rendu logiciel de Mesa : LIBGL_ALWAYS_SOFTWARE=1");
  }
  glfwMakeContextCurrent(win_);
}

GlContext::~GlContext() {
  std::lock_guard<std::mutex> lock(g_glfw_mutex);
  if (win_) glfwDestroyWindow(win_);
  if (--g_glfw_users == 0) glfwTerminate();
}

std::string GlContext::renderer_name() const {
  const auto* s = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return s ? s : "?";
}

uint32_t Image::argb(int x, int y) const {
  uint32_t v;
  std::memcpy(&v, &pixels[(static_cast<size_t>(y) * width + x) * 4], 4);
  return v;
}

TilePlan plan_tiles(int width, int height, int max_tile) {
  TilePlan p;
  max_tile = std::max(max_tile, 16);
  p.tile_w = std::min(max_tile, std::max(1, width));
  p.tile_h = std::min(max_tile, std::max(1, height));
  p.cols = (std::max(1, width) + p.tile_w - 1) / p.tile_w;
  p.rows = (std::max(1, height) + p.tile_h - 1) / p.tile_h;
  return p;
}

Image render_map_image(MapRenderer& r, const Camera& cam, const MapStyle& style, const OffscreenOptions& opt,
                       OffscreenStats* stats) {
  if (cam.width <= 0 || cam.height <= 0)
    throw Error(ErrorKind::Usage, "la taille de l’image doit être positive", "--size");
  Image img;
  img.width = cam.width;
  img.height = cam.height;
  img.pixels.assign(static_cast<size_t>(img.width) * img.height * 4, 0);
  render_map_into(r, cam, style, img, 0, 0, opt, stats);
  return img;
}

struct TileRenderer::Gl {
  GLuint fbo_ms = 0, rb_ms = 0, fbo = 0, rb = 0;
  void release() {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (fbo_ms) glDeleteFramebuffers(1, &fbo_ms);
    if (rb_ms) glDeleteRenderbuffers(1, &rb_ms);
    if (fbo) glDeleteFramebuffers(1, &fbo);
    if (rb) glDeleteRenderbuffers(1, &rb);
    fbo_ms = rb_ms = fbo = rb = 0;
  }
};

TileRenderer::TileRenderer(const Camera& cam, const OffscreenOptions& opt) : cam_(cam), gl_(std::make_unique<Gl>()) {
  if (cam.width <= 0 || cam.height <= 0)
    throw Error(ErrorKind::Usage, "la taille de l’image doit être positive", "--size");
  GLint max_rb = 0, max_vp[2] = {0, 0}, max_samples = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_rb);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_vp);
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  int tile = std::min({max_rb, max_vp[0], max_vp[1]});
  if (opt.max_tile > 0) tile = std::min(tile, opt.max_tile);
  if (const char* e = std::getenv("MARAUDE_MAX_TILE"); e && std::atoi(e) > 0) tile = std::min(tile, std::atoi(e));
  tile = std::max(tile, 16);
  tile_ = tile;
  plan_ = plan_tiles(cam.width, cam.height, tile);
  const int tw = plan_.tile_w, th = plan_.tile_h;
  const int samples = std::clamp(opt.samples, 0, std::max(0, static_cast<int>(max_samples)));

  Gl& g = *gl_;
  glGenFramebuffers(1, &g.fbo);
  glGenRenderbuffers(1, &g.rb);
  glBindRenderbuffer(GL_RENDERBUFFER, g.rb);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, tw, th);
  glBindFramebuffer(GL_FRAMEBUFFER, g.fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, g.rb);
  bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  if (ok && samples > 1) {
    glGenFramebuffers(1, &g.fbo_ms);
    glGenRenderbuffers(1, &g.rb_ms);
    glBindRenderbuffer(GL_RENDERBUFFER, g.rb_ms);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, tw, th);
    glBindFramebuffer(GL_FRAMEBUFFER, g.fbo_ms);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, g.rb_ms);
    ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (!ok) {
    g.release();
    throw Error(ErrorKind::Graphics, "impossible de créer une image hors écran de " + std::to_string(tw) + "x" +
                                         std::to_string(th) + " px", "pilote OpenGL", "essayez une --size plus petite");
  }
  buf_.resize(static_cast<size_t>(tw) * th * 4);
}

TileRenderer::~TileRenderer() { gl_->release(); }

void TileRenderer::step(MapRenderer& r, const MapStyle& style, Image& img, int dst_x, int dst_y) {
  if (finished()) return;
  if (dst_x < 0 || dst_y < 0 || dst_x + cam_.width > img.width || dst_y + cam_.height > img.height)
    throw Error(ErrorKind::Internal, "zone de la carte hors de l’image cible");
  const Gl& g = *gl_;
  const int tw = plan_.tile_w, th = plan_.tile_h;
  const int tx = (done_ % plan_.cols) * tw, ty = (done_ / plan_.cols) * th;
  const int w = std::min(tw, cam_.width - tx), h = std::min(th, cam_.height - ty);
  TileRect rect{tx, ty, w, h};
  glBindFramebuffer(GL_FRAMEBUFFER, g.fbo_ms ? g.fbo_ms : g.fbo);
  r.draw(cam_, style, &rect);
  if (g.fbo_ms) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, g.fbo_ms);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, g.fbo);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, g.fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(0, 0, w, h, GL_BGRA, GL_UNSIGNED_BYTE, buf_.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  for (int row = 0; row < h; ++row) {  // GL rows are bottom-up
    const uint8_t* src = buf_.data() + static_cast<size_t>(h - 1 - row) * w * 4;
    uint8_t* dst = img.pixels.data() + (static_cast<size_t>(dst_y + ty + row) * img.width + dst_x + tx) * 4;
    std::memcpy(dst, src, static_cast<size_t>(w) * 4);
  }
  ++done_;
  check_gl("rendu hors écran");
}

void render_map_into(MapRenderer& r, const Camera& cam, const MapStyle& style, Image& img, int dst_x, int dst_y,
                     const OffscreenOptions& opt, OffscreenStats* stats) {
  if (dst_x < 0 || dst_y < 0 || dst_x + cam.width > img.width || dst_y + cam.height > img.height)
    throw Error(ErrorKind::Internal, "zone de la carte hors de l’image cible");
  TileRenderer tiles(cam, opt);
  while (!tiles.finished()) tiles.step(r, style, img, dst_x, dst_y);
  if (stats) {
    stats->tiles = tiles.count();
    stats->tile_size = tiles.tile_size();
  }
}

void write_png(const Image& img, const std::string& path) {
  const int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, img.width);
  if (stride != img.width * 4) throw Error(ErrorKind::Internal, "pas de ligne cairo inattendu");
  cairo_surface_t* s = cairo_image_surface_create_for_data(const_cast<uint8_t*>(img.pixels.data()), CAIRO_FORMAT_ARGB32,
                                                           img.width, img.height, stride);
  AtomicFile file(path);  // a complete PNG or none: written beside the target, then renamed
  const cairo_status_t st = cairo_surface_write_to_png(s, file.tmp().c_str());
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorKind::Io, std::string("impossible d’écrire le PNG : ") + cairo_status_to_string(st), path,
                "vérifiez que le dossier existe et est accessible en écriture");
  file.commit();
}

Image read_png(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Error(ErrorKind::MissingFile, "fichier introuvable", path);
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    throw Error(ErrorKind::BadInput, "PNG illisible", path);
  }
  cairo_surface_t* conv = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(s),
                                                     cairo_image_surface_get_height(s));
  cairo_t* cr = cairo_create(conv);
  cairo_set_source_surface(cr, s, 0, 0);
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(conv);
  Image img;
  img.width = cairo_image_surface_get_width(conv);
  img.height = cairo_image_surface_get_height(conv);
  img.pixels.resize(static_cast<size_t>(img.width) * img.height * 4);
  const int stride = cairo_image_surface_get_stride(conv);
  const uint8_t* data = cairo_image_surface_get_data(conv);
  for (int y = 0; y < img.height; ++y)
    std::memcpy(&img.pixels[static_cast<size_t>(y) * img.width * 4], data + static_cast<size_t>(y) * stride,
                static_cast<size_t>(img.width) * 4);
  cairo_surface_destroy(conv);
  cairo_surface_destroy(s);
  return img;
}

}  // namespace maraude::render
