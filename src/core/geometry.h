// Planar geometry in metres (Lambert-93, EPSG:2154). No GL, no GDAL.
#pragma once
#include <cmath>
#include <limits>
#include <vector>

namespace maraude {

struct Vec2 {
  double x = 0, y = 0;
};
inline Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
inline Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
inline Vec2 operator*(Vec2 a, double s) { return {a.x * s, a.y * s}; }
inline double dist(Vec2 a, Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }
inline double dist2(Vec2 a, Vec2 b) { double dx = a.x - b.x, dy = a.y - b.y; return dx * dx + dy * dy; }

// A ring is stored open: the last vertex is NOT a repeat of the first.
using Ring = std::vector<Vec2>;

// rings[0] is the exterior (counter-clockwise), the others are holes (clockwise).
struct Polygon {
  std::vector<Ring> rings;
};

struct MultiPolygon {
  std::vector<Polygon> polys;
  bool empty() const { return polys.empty(); }
};

struct BBox {
  double minx = std::numeric_limits<double>::infinity();
  double miny = std::numeric_limits<double>::infinity();
  double maxx = -std::numeric_limits<double>::infinity();
  double maxy = -std::numeric_limits<double>::infinity();

  bool empty() const { return !(minx <= maxx && miny <= maxy); }
  void extend(Vec2 p) {
    minx = std::min(minx, p.x); miny = std::min(miny, p.y);
    maxx = std::max(maxx, p.x); maxy = std::max(maxy, p.y);
  }
  void extend(const BBox& b) {
    if (b.empty()) return;
    extend(Vec2{b.minx, b.miny}); extend(Vec2{b.maxx, b.maxy});
  }
  BBox inflated(double d) const { return {minx - d, miny - d, maxx + d, maxy + d}; }
  bool contains(Vec2 p) const { return p.x >= minx && p.x <= maxx && p.y >= miny && p.y <= maxy; }
  bool intersects(const BBox& b) const {
    return !(b.minx > maxx || b.maxx < minx || b.miny > maxy || b.maxy < miny);
  }
  double width() const { return maxx - minx; }
  double height() const { return maxy - miny; }
  Vec2 center() const { return {(minx + maxx) / 2, (miny + maxy) / 2}; }
};

double signed_area(const Ring& r);             // > 0 when counter-clockwise
double area(const Polygon& p);                 // exterior minus holes, >= 0
double area(const MultiPolygon& mp);
BBox bbox(const Ring& r);
BBox bbox(const MultiPolygon& mp);
// Even-odd point-in-polygon over all rings of all parts (boundary counts as inside or outside arbitrarily).
bool contains(const Polygon& p, Vec2 pt);
bool contains(const MultiPolygon& mp, Vec2 pt);
// Area-weighted centroid (may fall outside a concave shape).
Vec2 centroid(const MultiPolygon& mp);
// A point guaranteed inside the largest part (horizontal scan-line through its middle).
Vec2 point_on_surface(const MultiPolygon& mp);
size_t vertex_count(const MultiPolygon& mp);
// Makes exteriors counter-clockwise and holes clockwise, drops repeated closing vertices.
void normalize(MultiPolygon& mp);

}  // namespace maraude
