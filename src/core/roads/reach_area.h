// Reach area ("zone atteinte"): the roads reached within a time or distance budget turned
// into a surface — chaque tronçon atteint élargi de reach_buffer_m.
//
// Method (raster, not GEOS buffering, which is far too slow on thousands of lines):
//  1. a grid of square cells (side cell_m, by default buffer_m / 3) covers the lines plus
//     the buffer; a cell is inside when its centre lies within buffer_m of a reached line;
//  2. wherever two inside cells touch only by a corner, one of the two outside cells of
//     that 2×2 block is set inside, so no grid vertex is shared by two pieces of boundary;
//  3. the boundary between inside and outside cells is traced along cell sides into rings,
//     inside on the left: exteriors come out counter-clockwise, holes clockwise; collinear
//     vertices are dropped; each 4-connected group of inside cells is one polygon.
// The result is a valid (OGC) multipolygon in the lines' coordinates, within two cells of
// the exact buffer: every point of a line is inside, and every point farther than
// buffer_m + 2·cell_m from all lines is outside.
#pragma once
#include <cstdint>
#include <vector>

#include "core/geometry.h"

namespace maraude::roads {

// Polylines in one flat array (no allocation per line): line k is
// pts[first[k] .. first[k + 1]). What Router::reach_lines gives for an area.
struct Polylines {
  std::vector<Vec2> pts;
  std::vector<uint32_t> first{0};
  size_t size() const { return first.size() - 1; }
  void push(const std::vector<Vec2>& line) {
    pts.insert(pts.end(), line.begin(), line.end());
    first.push_back(static_cast<uint32_t>(pts.size()));
  }
  void close_line() { first.push_back(static_cast<uint32_t>(pts.size())); }  // ends the line begun after the last one
};

// `cell_m` <= 0: buffer_m / 3. The grid is kept under ~8 million cells by widening the
// cells when the lines span a very large area. No lines (or buffer_m <= 0): empty result.
MultiPolygon reach_polygon(const std::vector<std::vector<Vec2>>& lines, double buffer_m, double cell_m = 0);
// The same on flat lines (the same cells, so the same polygon, for the same set of lines in
// any order).
MultiPolygon reach_polygon(const Polylines& lines, double buffer_m, double cell_m = 0);
// The same on lines given in several flat arrays (Router::reach_line_parts).
MultiPolygon reach_polygon(const std::vector<Polylines>& parts, double buffer_m, double cell_m = 0);
MultiPolygon reach_polygon_parts(const Polylines* parts, size_t n_parts, double buffer_m, double cell_m = 0);

}  // namespace maraude::roads
