#include "core/geometry.h"

#include <algorithm>

namespace maraude {

double signed_area(const Ring& r) {
  const size_t n = r.size();
  if (n < 3) return 0;
  double s = 0;
  for (size_t i = 0, j = n - 1; i < n; j = i++) s += (r[j].x - r[i].x) * (r[j].y + r[i].y);
  return s / 2;
}

double area(const Polygon& p) {
  if (p.rings.empty()) return 0;
  double a = std::abs(signed_area(p.rings[0]));
  for (size_t i = 1; i < p.rings.size(); ++i) a -= std::abs(signed_area(p.rings[i]));
  return std::max(0.0, a);
}

double area(const MultiPolygon& mp) {
  double a = 0;
  for (const auto& p : mp.polys) a += area(p);
  return a;
}

BBox bbox(const Ring& r) {
  BBox b;
  for (auto v : r) b.extend(v);
  return b;
}

BBox bbox(const MultiPolygon& mp) {
  BBox b;
  for (const auto& p : mp.polys)
    if (!p.rings.empty()) b.extend(bbox(p.rings[0]));
  return b;
}

static bool ring_crossings(const Ring& r, Vec2 pt) {
  bool inside = false;
  const size_t n = r.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Vec2 a = r[i], b = r[j];
    if ((a.y > pt.y) != (b.y > pt.y)) {
      const double x = a.x + (pt.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (pt.x < x) inside = !inside;
    }
  }
  return inside;
}

bool contains(const Polygon& p, Vec2 pt) {
  bool inside = false;
  for (const auto& r : p.rings)
    if (ring_crossings(r, pt)) inside = !inside;
  return inside;
}

bool contains(const MultiPolygon& mp, Vec2 pt) {
  for (const auto& p : mp.polys)
    if (contains(p, pt)) return true;
  return false;
}

Vec2 centroid(const MultiPolygon& mp) {
  double ax = 0, ay = 0, at = 0;
  for (const auto& p : mp.polys) {
    for (size_t k = 0; k < p.rings.size(); ++k) {
      const Ring& r = p.rings[k];
      const double sign = (k == 0) ? 1.0 : -1.0;
      const size_t n = r.size();
      if (n < 3) continue;
      double a = 0, cx = 0, cy = 0;
      const Vec2 o = r[0];  // local origin for precision
      for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const Vec2 pi = r[i] - o, pj = r[j] - o;
        const double cr = pj.x * pi.y - pi.x * pj.y;
        a += cr; cx += (pj.x + pi.x) * cr; cy += (pj.y + pi.y) * cr;
      }
      if (a == 0) continue;
      const double w = sign * std::abs(a) / 2;
      ax += w * (o.x + cx / (3 * a));
      ay += w * (o.y + cy / (3 * a));
      at += w;
    }
  }
  if (at == 0) return bbox(mp).center();
  return {ax / at, ay / at};
}

Vec2 point_on_surface(const MultiPolygon& mp) {
  const Polygon* best = nullptr;
  double best_area = -1;
  for (const auto& p : mp.polys) {
    const double a = area(p);
    if (a > best_area) { best_area = a; best = &p; }
  }
  if (!best || best->rings.empty()) return {};
  // Try the centroid first: it is the nicest label point when it is inside.
  MultiPolygon one; one.polys.push_back(*best);
  const Vec2 c = centroid(one);
  if (contains(*best, c)) return c;
  // Scan-line at the centroid's y (or the bbox middle): take the widest inside interval.
  const BBox b = bbox(best->rings[0]);
  for (double frac : {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8}) {
    const double y = (c.y >= b.miny && c.y <= b.maxy && frac == 0.5) ? c.y : b.miny + frac * b.height();
    std::vector<double> xs;
    for (const auto& r : best->rings) {
      const size_t n = r.size();
      for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const Vec2 a = r[i], bb = r[j];
        if ((a.y > y) != (bb.y > y)) xs.push_back(a.x + (y - a.y) * (bb.x - a.x) / (bb.y - a.y));
      }
    }
    std::sort(xs.begin(), xs.end());
    double best_w = 0; Vec2 pt{};
    for (size_t i = 0; i + 1 < xs.size(); i += 2) {
      const double w = xs[i + 1] - xs[i];
      if (w > best_w) { best_w = w; pt = {(xs[i] + xs[i + 1]) / 2, y}; }
    }
    if (best_w > 0) return pt;
  }
  return best->rings[0][0];
}

size_t vertex_count(const MultiPolygon& mp) {
  size_t n = 0;
  for (const auto& p : mp.polys)
    for (const auto& r : p.rings) n += r.size();
  return n;
}

void normalize(MultiPolygon& mp) {
  for (auto& p : mp.polys) {
    for (size_t k = 0; k < p.rings.size(); ++k) {
      Ring& r = p.rings[k];
      if (r.size() > 1 && r.front().x == r.back().x && r.front().y == r.back().y) r.pop_back();
      const double a = signed_area(r);
      if ((k == 0 && a < 0) || (k > 0 && a > 0)) std::reverse(r.begin(), r.end());
    }
  }
}

}  // namespace maraude
