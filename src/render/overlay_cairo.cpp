#include "render/overlay_cairo.h"

#include <cairo.h>

#include <cmath>

namespace maraude::render {

namespace {
constexpr const char* kFontFamily = "DejaVu Sans";

void set_rgba(cairo_t* cr, Rgba c) { cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0); }

void select_font(cairo_t* cr, float size, bool bold, bool italic) {
  cairo_select_font_face(cr, kFontFamily, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

// Symbol outline path centred on (x, y) with outer diameter d (same shapes as point.frag.glsl).
void symbol_path(cairo_t* cr, Shape s, double x, double y, double d) {
  const double r = d / 2;
  switch (s) {
    case Shape::Square: cairo_rectangle(cr, x - r * 0.86, y - r * 0.86, r * 1.72, r * 1.72); break;
    case Shape::Triangle: {
      // Same triangle as the shader: apex up, base at 0.75 r below the centre line (y down here).
      const double top = y - r * 0.75, base = y + r * 0.75;
      const double half = (base - top) / std::sqrt(3.0);
      cairo_move_to(cr, x, top);
      cairo_line_to(cr, x + half, base);
      cairo_line_to(cr, x - half, base);
      cairo_close_path(cr);
      break;
    }
    case Shape::Diamond: {
      const double q = r * 0.72 * std::sqrt(2.0);
      cairo_move_to(cr, x, y - q);
      cairo_line_to(cr, x + q, y);
      cairo_line_to(cr, x, y + q);
      cairo_line_to(cr, x - q, y);
      cairo_close_path(cr);
      break;
    }
    default: cairo_arc(cr, x, y, r, 0, 2 * M_PI); break;
  }
}
}  // namespace

MeasureText cairo_measure() {
  // A private 1x1 surface: thread-safe enough for one caller at a time.
  return [](const std::string& text, float size, bool bold) -> float {
    static cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    static cairo_t* cr = cairo_create(s);
    select_font(cr, size, bold, false);
    cairo_text_extents_t e;
    cairo_text_extents(cr, text.c_str(), &e);
    return static_cast<float>(e.x_advance);
  };
}

void draw_overlay_cairo(Image& img, const Overlay& ov) {
  cairo_surface_t* s = cairo_image_surface_create_for_data(img.pixels.data(), CAIRO_FORMAT_ARGB32, img.width,
                                                           img.height, img.width * 4);
  cairo_t* cr = cairo_create(s);
  draw_overlay_cairo(cr, ov);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  cairo_surface_destroy(s);
}

void draw_overlay_cairo(cairo_t* cr, const Overlay& ov) {
  cairo_save(cr);
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
  cairo_set_font_options(cr, fo);
  for (const OvItem& it : ov.items) {
    switch (it.type) {
      case OvItem::Type::Rect:
        cairo_rectangle(cr, it.x, it.y, it.w, it.h);
        if (it.fill.a) { set_rgba(cr, it.fill); cairo_fill_preserve(cr); }
        if (it.stroke.a && it.stroke_w > 0) {
          // Align 1-px strokes on pixel centres for crisp panel borders.
          cairo_new_path(cr);
          const double o = std::fmod(it.stroke_w, 2.0) == 1.0 ? 0.5 : 0.0;
          cairo_rectangle(cr, std::round(it.x) + o, std::round(it.y) + o, std::round(it.w), std::round(it.h));
          set_rgba(cr, it.stroke);
          cairo_set_line_width(cr, it.stroke_w);
          cairo_stroke(cr);
        }
        cairo_new_path(cr);
        break;
      case OvItem::Type::HatchRect: {
        cairo_save(cr);
        cairo_rectangle(cr, it.x, it.y, it.w, it.h);
        cairo_clip(cr);
        set_rgba(cr, it.stroke);
        cairo_set_line_width(cr, it.stroke_w);
        const double spacing = 7.0 * (it.stroke_w / 1.6);
        for (double d = -it.h; d < it.w + it.h; d += spacing) {
          cairo_move_to(cr, it.x + d, it.y + it.h);
          cairo_line_to(cr, it.x + d + it.h, it.y);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
        break;
      }
      case OvItem::Type::Line:
        set_rgba(cr, it.stroke);
        cairo_set_line_width(cr, it.stroke_w);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_move_to(cr, it.x, it.y);
        cairo_line_to(cr, it.x + it.w, it.y + it.h);
        cairo_stroke(cr);
        break;
      case OvItem::Type::Symbol:
        symbol_path(cr, it.shape, it.x, it.y, it.w);
        if (it.shape == Shape::Ring) {
          set_rgba(cr, it.fill);
          cairo_fill_preserve(cr);
          set_rgba(cr, it.stroke);
          cairo_set_line_width(cr, it.stroke_w);
          cairo_stroke(cr);
        } else {
          set_rgba(cr, it.fill);
          cairo_fill_preserve(cr);
          set_rgba(cr, it.stroke);
          cairo_set_line_width(cr, it.stroke_w);
          cairo_stroke(cr);
        }
        break;
      case OvItem::Type::Text: {
        select_font(cr, it.size, it.bold, it.italic);
        cairo_text_extents_t e;
        cairo_text_extents(cr, it.text.c_str(), &e);
        double x = it.x;
        if (it.align == 1) x -= e.x_advance / 2;
        else if (it.align == 2) x -= e.x_advance;
        if (it.stroke.a && it.stroke_w > 0) {
          cairo_move_to(cr, x, it.y);
          cairo_text_path(cr, it.text.c_str());
          set_rgba(cr, it.stroke);
          cairo_set_line_width(cr, it.stroke_w);
          cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke(cr);
        }
        cairo_move_to(cr, x, it.y);
        set_rgba(cr, it.fill);
        cairo_show_text(cr, it.text.c_str());
        cairo_new_path(cr);
        break;
      }
    }
  }
  cairo_font_options_destroy(fo);
  cairo_restore(cr);
}

}  // namespace maraude::render
