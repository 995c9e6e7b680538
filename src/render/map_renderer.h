// Retained GPU buffers of every map layer and the draw pass. Geometry is uploaded
// once (set_data); per-feature colours live in small colour-table textures that are
// re-uploaded only when the style changes (dirty check per table). One draw call per
// layer and style. Requires a current OpenGL 3.3 core context.
#pragma once
#include <memory>
#include <vector>

#include "core/model.h"
#include "render/camera.h"
#include "render/gl.h"
#include "render/map_data.h"
#include "render/route_layer.h"
#include "render/style.h"

namespace maraude::render {

// The part of a larger image a draw renders (tiled exports). y down from the image top.
struct TileRect {
  int x = 0, y = 0, w = 0, h = 0;
};

struct RenderStats {
  int draw_calls = 0;          // last frame
  int table_uploads = 0;       // colour tables re-uploaded (cumulative)
  int geometry_uploads = 0;    // vertex buffers uploaded (cumulative)
  double upload_ms = 0;        // time spent in set_data
  size_t gpu_bytes = 0;        // vertex/index bytes resident
  int lod = -1;                // level of detail of the last frame (-1 = full detail)
  bool cache_hit = false;      // last draw_cached() reused the cached map image
  bool cache_shifted = false;  // ... shifted/scaled, the view moving (re-rendered once it settles)
  int cache_redraws = 0;       // map layers re-rendered into the cache (cumulative)
};

class MapRenderer {
 public:
  MapRenderer();  // compiles the programs; throws Error(Graphics)
  ~MapRenderer();
  MapRenderer(const MapRenderer&) = delete;
  MapRenderer& operator=(const MapRenderer&) = delete;

  // Uploads every layer. `ws` must outlive the renderer (selection outlines read it).
  void set_data(const Workspace& ws, MapData data);
  // Coverage gaps (from the coverage engine), drawn by the "gaps" layer. Re-uploads that layer only.
  void set_gaps(const std::vector<MultiPolygon>& gaps);
  // Covered area (union of the reach areas), drawn by the same layer as its edge only.
  void set_coverage(const MultiPolygon& covered);
  bool has_data() const { return ws_ != nullptr; }

  // Draws into the bound framebuffer (viewport = tile size, or the camera size).
  void draw(const Camera& cam, const MapStyle& style, const TileRect* tile = nullptr);
  // The window's draw: the map layers are rendered into a cached texture (same sample
  // count as the bound framebuffer, a margin around the window) only when the view, the
  // style (other than the hover) or the data changed; otherwise the cached image is
  // drawn as one quad. While the view moves (pan, a small zoom step) the cached image is
  // drawn shifted/scaled as long as it covers the window, and the layers re-render once
  // the view settles (the same camera two frames running). The hover and selection
  // outlines are drawn on top every frame.
  void draw_cached(const Camera& cam, const MapStyle& style);
  // Forces the next draw_cached() to re-render the layers.
  void invalidate_cache();

  // Planned tours drawn over every layer (app/planner_controller feeds it).
  RouteLayer& routes() { return *routes_; }
  const RenderStats& stats() const { return stats_; }
  const MapData& data() const { return data_; }

 private:
  static constexpr int kPassLayers = 1, kPassTop = 2;  // the map layers; hover and selection outlines
  void draw_pass(const Camera& cam, const MapStyle& style, const TileRect* tile, int passes);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<RouteLayer> routes_;
  const Workspace* ws_ = nullptr;
  MapData data_;
  RenderStats stats_;
};

}  // namespace maraude::render
