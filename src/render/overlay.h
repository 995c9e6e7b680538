// The map's overlay — title, legend, scale bar, north arrow and non-overlapping labels —
// laid out once as a display list, then drawn by a backend: cairo for `maraude render`
// (overlay_cairo.h) and Dear ImGui in the window (app/overlay_imgui.cpp). One layout,
// two painters, so the window and the PNG look the same.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/model.h"
#include "render/camera.h"
#include "render/map_data.h"
#include "render/style.h"

namespace maraude::render {

struct OvItem {
  enum class Type { Text, Rect, Line, Symbol, HatchRect } type = Type::Rect;
  float x = 0, y = 0, w = 0, h = 0;  // Rect/HatchRect: box; Line: from (x,y) to (x+w,y+h); Symbol: centre (x,y), size w
  std::string text;                  // Text: UTF-8, drawn with its baseline at y
  float size = 12;                   // Text: pixel size
  bool bold = false, italic = false;
  int align = 0;                     // Text: 0 left, 1 centre, 2 right of x
  Rgba fill, stroke;                 // Text: fill = colour, stroke = halo (a=0: none)
  float stroke_w = 0;
  Shape shape = Shape::Circle;
};

struct Overlay {
  std::vector<OvItem> items;
  std::vector<BBox> occupied;  // screen boxes of panels (legend, title...): labels avoid them
};

// Width in pixels of `text` at `size` (the backend's font metrics).
using MeasureText = std::function<float(const std::string& text, float size, bool bold)>;

struct OverlayParts {
  bool title = true, legend = true, scale_bar = true, north_arrow = true, labels = true;
  float legend_top = 0;  // pixels kept free above the legend (window toolbar)
  double min_label_population = 0;  // communes below this are never labelled (presenter mode: less clutter)
  size_t legend_name_chars = 34;     // laureate names longer than this end in "…" (posters allow more)
  // The window's legend, which sits over the map: more than kCompactLaureates laureates
  // visible make one row (their colours in one swatch, the names in Couches → Lauréats), and
  // notes wrap at the width of the other rows instead of widening the legend.
  bool legend_compact = false;
};
constexpr size_t kCompactLaureates = 6;

Overlay build_overlay(const Workspace& ws, const MapData& data, const Camera& cam, const MapStyle& style,
                      const MeasureText& measure, const OverlayParts& parts = {});

// Round length for a scale bar of about `target_px` pixels at `mpp` metres per pixel.
double nice_scale_length(double mpp, double target_px);
std::string format_distance(double metres);  // "500 m", "2 km", "20 km"

}  // namespace maraude::render
