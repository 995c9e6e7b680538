// Named views of the map: "region", "bbox:minx,miny,maxx,maxy", "commune:CODE", "zone:CODE",
// "qpv:CODE", "laureate:ID", "departement:CODE". Shared by `maraude render` and the window.
#pragma once
#include <string>

#include "core/model.h"
#include "render/camera.h"

namespace maraude::render {

// The area a view spec frames. Throws Error(Usage) for a malformed spec and
// Error(BadInput) for an unknown code (with a hint).
BBox resolve_view(const Workspace& ws, const std::string& spec);
// Bounding box of what a selection designates (empty when unknown).
BBox selection_bbox(const Workspace& ws, const std::string& kind, const std::string& code);
// Frames `b` with a small margin, keeping a minimum extent (a point or a tiny commune).
void frame(Camera& cam, const BBox& b, double margin_px = 40, double min_extent_m = 3000);

}  // namespace maraude::render
