// 2D map camera: a centre in Lambert-93 metres, a scale in metres per pixel and a
// viewport in pixels (y down on screen, y up in the world). Pure maths, no GL.
#pragma once
#include <algorithm>

#include "core/geometry.h"

namespace maraude::render {

struct Camera {
  Vec2 center{700000, 6600000};
  double mpp = 250;  // metres per pixel
  int width = 1280, height = 720;

  static constexpr double kMinMpp = 0.5;    // closest zoom: 0.5 m per pixel
  static constexpr double kMaxMpp = 5000;   // farthest zoom

  Vec2 screen_to_world(double sx, double sy) const {
    return {center.x + (sx - width * 0.5) * mpp, center.y - (sy - height * 0.5) * mpp};
  }
  Vec2 world_to_screen(Vec2 w) const {
    return {(w.x - center.x) / mpp + width * 0.5, height * 0.5 - (w.y - center.y) / mpp};
  }
  BBox visible() const {
    return {center.x - width * 0.5 * mpp, center.y - height * 0.5 * mpp,
            center.x + width * 0.5 * mpp, center.y + height * 0.5 * mpp};
  }
  // Frames `b` with `margin_px` pixels around it.
  void fit(const BBox& b, double margin_px = 24) {
    if (b.empty()) return;
    center = b.center();
    const double w = std::max(1.0, width - 2 * margin_px), h = std::max(1.0, height - 2 * margin_px);
    mpp = clamp_mpp(std::max(std::max(b.width(), 1.0) / w, std::max(b.height(), 1.0) / h));
  }
  // Zooms by `factor` (> 1 = closer) keeping the world point under (sx, sy) fixed.
  void zoom_at(double factor, double sx, double sy) {
    const Vec2 before = screen_to_world(sx, sy);
    mpp = clamp_mpp(mpp / factor);
    const Vec2 after = screen_to_world(sx, sy);
    center = center + (before - after);
  }
  // Moves the map by (dx, dy) screen pixels (the content follows the cursor).
  void pan_pixels(double dx, double dy) {
    center.x -= dx * mpp;
    center.y += dy * mpp;
  }
  static double clamp_mpp(double m) { return m < kMinMpp ? kMinMpp : (m > kMaxMpp ? kMaxMpp : m); }
};

}  // namespace maraude::render
