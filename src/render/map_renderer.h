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
  // Covered area (union of the reach areas), drawn translucent under the gaps by the same layer.
  void set_coverage(const MultiPolygon& covered);
  bool has_data() const { return ws_ != nullptr; }

  // Draws into the bound framebuffer (viewport = tile size, or the camera size).
  void draw(const Camera& cam, const MapStyle& style, const TileRect* tile = nullptr);

  const RenderStats& stats() const { return stats_; }
  const MapData& data() const { return data_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const Workspace* ws_ = nullptr;
  MapData data_;
  RenderStats stats_;
};

}  // namespace maraude::render
