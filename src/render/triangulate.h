// Polygon triangulation by ear clipping, with holes bridged into the exterior ring.
// Pure CPU code (no GL): used to build the retained fill buffers of the map layers.
#pragma once
#include <cstdint>
#include <vector>

#include "core/geometry.h"

namespace maraude::render {

struct TriangulateStats {
  size_t triangles = 0;
  size_t fallbacks = 0;  // ears forced on degenerate input (self-touching rings, collinear runs)
};

// Appends every vertex of `p` (all rings, in order) to `verts` and the triangles covering
// the polygon (exterior minus holes) to `indices`, as indices into `verts`.
// Ring orientation is not trusted: exteriors and holes are re-oriented as needed.
// Always terminates; degenerate input yields a best-effort cover counted in `stats`.
void triangulate(const Polygon& p, std::vector<Vec2>& verts, std::vector<uint32_t>& indices,
                 TriangulateStats* stats = nullptr);

void triangulate(const MultiPolygon& mp, std::vector<Vec2>& verts, std::vector<uint32_t>& indices,
                 TriangulateStats* stats = nullptr);

}  // namespace maraude::render
