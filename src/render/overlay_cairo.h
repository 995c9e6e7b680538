// Draws an Overlay onto an Image with cairo (DejaVu Sans through fontconfig).
#pragma once
#include "render/offscreen.h"
#include "render/overlay.h"

typedef struct _cairo cairo_t;

namespace maraude::render {

MeasureText cairo_measure();
void draw_overlay_cairo(Image& img, const Overlay& ov);
// Draws onto any cairo context (its current transformation applies: posters, PDF pages).
void draw_overlay_cairo(cairo_t* cr, const Overlay& ov);

}  // namespace maraude::render
