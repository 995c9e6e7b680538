// An OpenGL 3.3 core context from GLFW (hidden window for offscreen work), offscreen
// rendering into an FBO (tiled when the image exceeds the driver limits) and PNG output.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "render/camera.h"
#include "render/map_renderer.h"
#include "render/style.h"

struct GLFWwindow;

namespace maraude::render {

// Creates a GLFW window with a current OpenGL 3.3 core context.
// Throws Error(Graphics) with a hint when there is no display or no OpenGL 3.3.
class GlContext {
 public:
  GlContext(bool visible, int width, int height, const std::string& title, int samples = 4);
  ~GlContext();
  GlContext(const GlContext&) = delete;
  GlContext& operator=(const GlContext&) = delete;
  GLFWwindow* window() const { return win_; }
  std::string renderer_name() const;  // GL_RENDERER

 private:
  GLFWwindow* win_ = nullptr;
};

// 8-bit image in cairo's ARGB32 layout (premultiplied, native-endian BGRA), top row first.
struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // width * height * 4
  uint32_t argb(int x, int y) const;  // 0xAARRGGBB
};

struct OffscreenOptions {
  int max_tile = 0;   // 0 = the driver limits (GL_MAX_RENDERBUFFER_SIZE, GL_MAX_VIEWPORT_DIMS)
  int samples = 4;    // multisampling (clamped to GL_MAX_SAMPLES)
};
struct OffscreenStats {
  int tiles = 0;
  int tile_size = 0;
};

// Renders the map for `cam` (its width/height = image size) into an Image, in tiles
// when needed. The caller's context must be current.
Image render_map_image(MapRenderer& r, const Camera& cam, const MapStyle& style, const OffscreenOptions& opt = {},
                       OffscreenStats* stats = nullptr);
// Same, but streams the tiles straight into `dst` with the map's top-left corner at
// (dst_x, dst_y) — a poster's map area — so no second full-size copy is made.
void render_map_into(MapRenderer& r, const Camera& cam, const MapStyle& style, Image& dst, int dst_x, int dst_y,
                     const OffscreenOptions& opt = {}, OffscreenStats* stats = nullptr);

// How an image of width x height splits into tiles of at most max_tile pixels a side.
struct TilePlan {
  int tile_w = 0, tile_h = 0, cols = 0, rows = 0;
  int count() const { return cols * rows; }
};
TilePlan plan_tiles(int width, int height, int max_tile);

// Offscreen rendering one tile at a time, for a window that keeps drawing frames between
// tiles (poster export from the viewer). Owns the framebuffers: create, step and destroy
// it on the GL thread, with the context current.
class TileRenderer {
 public:
  TileRenderer(const Camera& cam, const OffscreenOptions& opt = {});  // throws Error(Graphics)
  ~TileRenderer();
  TileRenderer(const TileRenderer&) = delete;
  TileRenderer& operator=(const TileRenderer&) = delete;
  int count() const { return plan_.count(); }
  int done() const { return done_; }
  bool finished() const { return done_ >= plan_.count(); }
  int tile_size() const { return tile_; }
  // Renders the next tile into `dst`, the map's top-left corner at (dst_x, dst_y).
  void step(MapRenderer& r, const MapStyle& style, Image& dst, int dst_x, int dst_y);

 private:
  struct Gl;
  Camera cam_;
  TilePlan plan_;
  int tile_ = 0, done_ = 0;
  std::vector<uint8_t> buf_;
  std::unique_ptr<Gl> gl_;
};

// Writes the image as PNG with cairo. Throws Error(Io).
void write_png(const Image& img, const std::string& path);
// Reads a PNG with cairo (tests, golden images). Throws Error(MissingFile/BadInput).
Image read_png(const std::string& path);

}  // namespace maraude::render
