// Paints the shared overlay display list (render/overlay.h) with ImGui's background draw
// list, above the GL map and below the panels — the same layout as the cairo painter.
#include <cmath>

#include "app/panels.h"
#include "imgui.h"
#include "render/overlay.h"

namespace maraude::app {

namespace {
ImU32 col(render::Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

void symbol(ImDrawList* dl, const render::OvItem& it) {
  const float r = it.w * 0.5f;
  const ImVec2 c(it.x, it.y);
  const ImU32 f = col(it.fill), s = col(it.stroke);
  switch (it.shape) {
    case render::Shape::Square:
      dl->AddRectFilled({c.x - r * 0.86f, c.y - r * 0.86f}, {c.x + r * 0.86f, c.y + r * 0.86f}, f);
      dl->AddRect({c.x - r * 0.86f, c.y - r * 0.86f}, {c.x + r * 0.86f, c.y + r * 0.86f}, s, 0, 0, it.stroke_w);
      break;
    case render::Shape::Triangle: {
      const float top = c.y - r * 0.75f, base = c.y + r * 0.75f, half = (base - top) / std::sqrt(3.0f);
      dl->AddTriangleFilled({c.x, top}, {c.x + half, base}, {c.x - half, base}, f);
      dl->AddTriangle({c.x, top}, {c.x + half, base}, {c.x - half, base}, s, it.stroke_w);
      break;
    }
    case render::Shape::Diamond: {
      const float q = r * 0.72f * std::sqrt(2.0f);
      dl->AddQuadFilled({c.x, c.y - q}, {c.x + q, c.y}, {c.x, c.y + q}, {c.x - q, c.y}, f);
      dl->AddQuad({c.x, c.y - q}, {c.x + q, c.y}, {c.x, c.y + q}, {c.x - q, c.y}, s, it.stroke_w);
      break;
    }
    default:
      dl->AddCircleFilled(c, r, f, 24);
      dl->AddCircle(c, r - it.stroke_w * 0.5f, s, 24, it.stroke_w);
      break;
  }
}
}  // namespace

std::vector<BBox> draw_map_overlay(const AppState& s, const Fonts& fonts, float legend_top, double min_label_population,
                                   bool legend, bool compact, BBox* legend_box) {
  if (legend_box) *legend_box = BBox{};
  if (!s.loaded()) return {};
  auto measure = [&](const std::string& t, float size, bool bold) {
    ImFont* f = bold ? fonts.bold : fonts.regular;
    return f->CalcTextSizeA(size, 1e9f, 0, t.c_str()).x;
  };
  render::OverlayParts parts;
  parts.title = false;  // the window title says it
  parts.legend_top = legend_top;
  parts.legend = legend;
  parts.legend_compact = compact;
  parts.min_label_population = min_label_population;
  // Laid out in the map's free part (right of the side bar, between the menu and status
  // bars: AppState::insets), then moved there on screen.
  render::Overlay ov = render::build_overlay(*s.workspace(), *s.map_data(), s.free_camera(), s.style, measure, parts);
  const float ox = static_cast<float>(s.insets.left), oy = static_cast<float>(s.insets.top);
  for (auto& it : ov.items) {
    it.x += ox;
    it.y += oy;
  }
  for (auto& b : ov.occupied) {
    b.minx += ox;
    b.maxx += ox;
    b.miny += oy;
    b.maxy += oy;
  }
  // The legend is the first box when drawn (render/overlay.cpp: legend, scale bar, arrow).
  if (legend_box && legend && ov.occupied.size() == (parts.scale_bar ? 1u : 0u) + (parts.north_arrow ? 1u : 0u) + 1u)
    *legend_box = ov.occupied.front();
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  for (const auto& it : ov.items) {
    switch (it.type) {
      case render::OvItem::Type::Rect:
        if (it.fill.a) dl->AddRectFilled({it.x, it.y}, {it.x + it.w, it.y + it.h}, col(it.fill));
        if (it.stroke.a && it.stroke_w > 0) dl->AddRect({it.x, it.y}, {it.x + it.w, it.y + it.h}, col(it.stroke), 0, 0, it.stroke_w);
        break;
      case render::OvItem::Type::HatchRect: {
        dl->PushClipRect({it.x, it.y}, {it.x + it.w, it.y + it.h}, true);
        const float spacing = 7.0f * (it.stroke_w / 1.6f);
        for (float d = -it.h; d < it.w + it.h; d += spacing)
          dl->AddLine({it.x + d, it.y + it.h}, {it.x + d + it.h, it.y}, col(it.stroke), it.stroke_w);
        dl->PopClipRect();
        break;
      }
      case render::OvItem::Type::Line:
        dl->AddLine({it.x, it.y}, {it.x + it.w, it.y + it.h}, col(it.stroke), it.stroke_w);
        break;
      case render::OvItem::Type::Symbol: symbol(dl, it); break;
      case render::OvItem::Type::Text: {
        ImFont* f = it.bold ? fonts.bold : fonts.regular;
        const ImVec2 sz = f->CalcTextSizeA(it.size, 1e9f, 0, it.text.c_str());
        float x = it.x;
        if (it.align == 1) x -= sz.x / 2;
        else if (it.align == 2) x -= sz.x;
        // ImGui places the top of the line; the layout gives the baseline.
        const float y = it.y - f->Ascent * (it.size / f->FontSize);
        if (it.stroke.a) {
          const float h = std::max(1.0f, it.stroke_w * 0.45f);
          for (int k = 0; k < 8; ++k) {
            const float a = k * 0.785398f;
            dl->AddText(f, it.size, {x + h * std::cos(a), y + h * std::sin(a)}, col(it.stroke), it.text.c_str());
          }
        }
        dl->AddText(f, it.size, {x, y}, col(it.fill), it.text.c_str());
        break;
      }
    }
  }
  return ov.occupied;
}

float fit_legend_scale(const AppState& s, const Fonts& fonts, float k, float legend_bottom) {
  if (!s.loaded()) return k;
  auto measure = [&](const std::string& t, float size, bool bold) {
    return (bold ? fonts.bold : fonts.regular)->CalcTextSizeA(size, 1e9f, 0, t.c_str()).x;
  };
  render::OverlayParts parts;
  parts.title = parts.scale_bar = parts.north_arrow = parts.labels = false;
  render::MapStyle st = s.style;
  // The legend's height grows about linearly with the scale (rows squeezed by the layout
  // when too tall make it a little less): a few corrections settle it.
  for (int i = 0; i < 4; ++i) {
    st.scale = k;
    const render::Overlay ov = render::build_overlay(*s.workspace(), *s.map_data(), s.camera, st, measure, parts);
    if (ov.occupied.empty() || ov.occupied.front().maxy <= legend_bottom) return k;
    const BBox& b = ov.occupied.front();
    k *= 0.98f * (legend_bottom - b.miny) / std::max(1.0, b.maxy - b.miny);
    k = std::max(k, 0.6f);
  }
  return k;
}

}  // namespace maraude::app
