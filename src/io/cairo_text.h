// Shared cairo drawing helpers for the PDF writers (atlas/handout, roadbook):
// colours, the DejaVu Sans font (every French character), measured text.
#pragma once
#include <cairo.h>

#include <string>

namespace maraude::io::draw {

constexpr const char* kFont = "DejaVu Sans";

struct Rgb {
  double r, g, b;
};
constexpr Rgb hex(unsigned v) { return {((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0}; }

inline void set(cairo_t* cr, Rgb c, double a = 1) { cairo_set_source_rgba(cr, c.r, c.g, c.b, a); }
void font(cairo_t* cr, double size, bool bold = false, bool italic = false);
double text_w(cairo_t* cr, const std::string& s);
void text_at(cairo_t* cr, double x, double y, const std::string& s);
inline void text_right(cairo_t* cr, double x, double y, const std::string& s) { text_at(cr, x - text_w(cr, s), y, s); }

}  // namespace maraude::io::draw
