// Draws an Overlay onto an Image with cairo (DejaVu Sans through fontconfig).
#pragma once
#include "render/offscreen.h"
#include "render/overlay.h"

namespace maraude::render {

MeasureText cairo_measure();
void draw_overlay_cairo(Image& img, const Overlay& ov);

}  // namespace maraude::render
