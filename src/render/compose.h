// The whole picture of `maraude render`: map layers through GL (tiled), then the
// overlay (legend, scale bar, north arrow, labels) with cairo.
#pragma once
#include "render/offscreen.h"
#include "render/overlay.h"

namespace maraude::render {

struct ComposeTimings {
  double gl_ms = 0, overlay_ms = 0;
  OffscreenStats offscreen;
};

Image compose_map(MapRenderer& r, const Workspace& ws, const Camera& cam, const MapStyle& style,
                  const OverlayParts& parts = {}, const OffscreenOptions& opt = {}, ComposeTimings* t = nullptr);

}  // namespace maraude::render
