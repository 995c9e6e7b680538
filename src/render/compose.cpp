#include "render/compose.h"

#include <chrono>

#include "render/overlay_cairo.h"

namespace maraude::render {

Image compose_map(MapRenderer& r, const Workspace& ws, const Camera& cam, const MapStyle& style,
                  const OverlayParts& parts, const OffscreenOptions& opt, ComposeTimings* t) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  Image img = render_map_image(r, cam, style, opt, t ? &t->offscreen : nullptr);
  const auto t1 = Clock::now();
  const Overlay ov = build_overlay(ws, r.data(), cam, style, cairo_measure(), parts);
  draw_overlay_cairo(img, ov);
  if (t) {
    t->gl_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    t->overlay_ms = std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
  }
  return img;
}

}  // namespace maraude::render
