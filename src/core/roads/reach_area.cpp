#include "core/roads/reach_area.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace maraude::roads {

namespace {
constexpr uint8_t kNone = 255;
constexpr size_t kMaxCells = 8'000'000;
}  // namespace

MultiPolygon reach_polygon(const std::vector<std::vector<Vec2>>& lines, double buffer_m, double cell_m) {
  MultiPolygon mp;
  if (!(buffer_m > 0)) return mp;
  BBox box;
  for (const auto& l : lines)
    for (const Vec2& p : l)
      if (std::isfinite(p.x) && std::isfinite(p.y)) box.extend(p);
  if (box.empty()) return mp;

  double c = cell_m > 0 ? cell_m : buffer_m / 3;
  const double pad = buffer_m + 2 * c;
  {
    const double w = box.width() + 2 * pad, h = box.height() + 2 * pad;
    if (w * h / (c * c) > static_cast<double>(kMaxCells)) c = std::sqrt(w * h / kMaxCells) * 1.01;
  }
  const double margin = buffer_m + 2 * c;  // at least two empty cells around everything
  // The grid is anchored on multiples of the cell size, so that the areas of several sites
  // and the area of their union (one multi-source search) fall on the same cells.
  const double x0 = std::floor((box.minx - margin) / c) * c, y0 = std::floor((box.miny - margin) / c) * c;
  const int nx = static_cast<int>(std::ceil((box.maxx + margin - x0) / c)) + 1;
  const int ny = static_cast<int>(std::ceil((box.maxy + margin - y0) / c)) + 1;
  std::vector<uint8_t> in(static_cast<size_t>(nx) * ny, 0);
  auto at = [&](int x, int y) -> uint8_t& { return in[static_cast<size_t>(y) * nx + x]; };

  // 1. Rasterise each line piece: a cell is inside when its centre lies within buffer_m of
  //    the piece. The points within buffer_m of a segment form a convex capsule, so on each
  //    row of cell centres they form one interval, computed here (the two end discs and the
  //    band between them) and filled at once.
  const double r = buffer_m, r2 = r * r;
  auto span = [](double lo, double hi, double& a, double& b) {
    if (lo <= hi) {
      a = std::min(a, lo);
      b = std::max(b, hi);
    }
  };
  auto paint = [&](Vec2 a, Vec2 b) {
    const Vec2 d = b - a;
    const double len = std::sqrt(d.x * d.x + d.y * d.y);
    const int ya = std::max(0, static_cast<int>(std::floor((std::min(a.y, b.y) - r - y0) / c)));
    const int yb = std::min(ny - 1, static_cast<int>(std::floor((std::max(a.y, b.y) + r - y0) / c)));
    // The band: 0 <= u <= len and |v| <= r with u, v the coordinates along and across the
    // segment; on a row, u = ux·t + ry·uy and v = -uy·t + ry·ux with t = x - a.x.
    const double ux = len > 0 ? d.x / len : 0, uy = len > 0 ? d.y / len : 0;
    const double iux = ux != 0 ? 1 / ux : 0, iuy = uy != 0 ? 1 / uy : 0;
    for (int y = ya; y <= yb; ++y) {
      const double cy = y0 + (y + 0.5) * c;
      double lo = HUGE_VAL, hi = -HUGE_VAL;
      const double dya = cy - a.y, dyb = cy - b.y;
      if (dya * dya <= r2) {
        const double h = std::sqrt(r2 - dya * dya);
        span(a.x - h, a.x + h, lo, hi);
      }
      if (dyb * dyb <= r2) {
        const double h = std::sqrt(r2 - dyb * dyb);
        span(b.x - h, b.x + h, lo, hi);
      }
      if (len > 0) {
        const double ry = dya;
        double xl = -HUGE_VAL, xr = HUGE_VAL;
        const double mu = ry * uy, mv = ry * ux;
        if (ux == 0) {
          if (mu < 0 || mu > len) xl = HUGE_VAL;
        } else {
          double t0 = -mu * iux, t1 = (len - mu) * iux;
          if (t0 > t1) std::swap(t0, t1);
          xl = a.x + t0;
          xr = a.x + t1;
        }
        if (uy == 0) {
          if (mv < -r || mv > r) xl = HUGE_VAL;
        } else {
          double t0 = (mv + r) * iuy, t1 = (mv - r) * iuy;  // -uy·t + mv in [-r, r]
          if (t0 > t1) std::swap(t0, t1);
          xl = std::max(xl, a.x + t0);
          xr = std::min(xr, a.x + t1);
        }
        span(xl, xr, lo, hi);
      }
      if (!(lo <= hi)) continue;
      const int xa = std::max(0, static_cast<int>(std::ceil((lo - x0) / c - 0.5)));
      const int xb = std::min(nx - 1, static_cast<int>(std::floor((hi - x0) / c - 0.5)));
      if (xa <= xb) std::fill(&at(xa, y), &at(xb, y) + 1, uint8_t{1});
    }
  };
  for (const auto& l : lines) {
    if (l.size() == 1 && std::isfinite(l[0].x) && std::isfinite(l[0].y)) paint(l[0], l[0]);
    for (size_t k = 0; k + 1 < l.size(); ++k) {
      const Vec2 a = l[k], b = l[k + 1];
      if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y)) continue;
      paint(a, b);
    }
  }

  // 2. No two inside cells touching by a corner only.
  for (bool changed = true; changed;) {
    changed = false;
    for (int y = 0; y + 1 < ny; ++y)
      for (int x = 0; x + 1 < nx; ++x) {
        const bool a = at(x, y), b = at(x + 1, y), cc = at(x, y + 1), d = at(x + 1, y + 1);
        if ((a && d && !b && !cc) || (b && cc && !a && !d)) {
          at(x + 1, y) = 1;
          if (!a) at(x, y) = 1;
          changed = true;
        }
      }
  }

  // 4-connected groups of inside cells (one polygon each).
  std::vector<int32_t> label(in.size(), -1);
  int32_t n_groups = 0;
  {
    std::vector<size_t> stack;
    for (size_t i = 0; i < in.size(); ++i) {
      if (!in[i] || label[i] >= 0) continue;
      label[i] = n_groups;
      stack.push_back(i);
      while (!stack.empty()) {
        const size_t k = stack.back();
        stack.pop_back();
        const int x = static_cast<int>(k % nx), y = static_cast<int>(k / nx);
        const size_t nb[4] = {k - 1, k + 1, k - nx, k + nx};
        const bool ok[4] = {x > 0, x + 1 < nx, y > 0, y + 1 < ny};
        for (int j = 0; j < 4; ++j)
          if (ok[j] && in[nb[j]] && label[nb[j]] < 0) {
            label[nb[j]] = n_groups;
            stack.push_back(nb[j]);
          }
      }
      ++n_groups;
    }
  }

  // 3. Boundary sides, inside on the left; one outgoing side per grid vertex at most.
  const int vx_n = nx + 1;
  std::vector<uint8_t> out_dir(static_cast<size_t>(vx_n) * (ny + 1), kNone);
  auto vid = [&](int x, int y) { return static_cast<size_t>(y) * vx_n + x; };
  auto inside = [&](int x, int y) { return x >= 0 && y >= 0 && x < nx && y < ny && at(x, y); };
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x) {
      if (!at(x, y)) continue;
      if (!inside(x, y - 1)) out_dir[vid(x, y)] = 0;          // bottom, +x
      if (!inside(x + 1, y)) out_dir[vid(x + 1, y)] = 1;      // right, +y
      if (!inside(x, y + 1)) out_dir[vid(x + 1, y + 1)] = 2;  // top, -x
      if (!inside(x - 1, y)) out_dir[vid(x, y + 1)] = 3;      // left, -y
    }
  static constexpr int kDx[4] = {1, 0, -1, 0}, kDy[4] = {0, 1, 0, -1};
  std::vector<int32_t> poly_of(n_groups, -1);
  std::vector<std::pair<int, int>> verts;
  std::vector<uint8_t> dirs;
  for (int y = 0; y <= ny; ++y)
    for (int x = 0; x <= nx; ++x) {
      if (out_dir[vid(x, y)] == kNone) continue;
      verts.clear();
      dirs.clear();
      int cx = x, cy = y;
      const uint8_t d0 = out_dir[vid(x, y)];
      // The inside cell left of the first side names the group.
      const int lx = d0 == 0 ? x : (d0 == 1 ? x - 1 : (d0 == 2 ? x - 1 : x));
      const int ly = d0 == 0 ? y : (d0 == 1 ? y : (d0 == 2 ? y - 1 : y - 1));
      const int32_t group = label[static_cast<size_t>(ly) * nx + lx];
      while (true) {
        const size_t v = vid(cx, cy);
        const uint8_t d = out_dir[v];
        if (d == kNone) break;  // back at the start
        out_dir[v] = kNone;
        verts.emplace_back(cx, cy);
        dirs.push_back(d);
        cx += kDx[d];
        cy += kDy[d];
      }
      Ring ring;
      const size_t m = verts.size();
      for (size_t i = 0; i < m; ++i)
        if (dirs[i] != dirs[(i + m - 1) % m]) ring.push_back({x0 + verts[i].first * c, y0 + verts[i].second * c});
      if (ring.size() < 4) continue;
      int32_t& pi = poly_of[group];
      if (pi < 0) {
        pi = static_cast<int32_t>(mp.polys.size());
        mp.polys.emplace_back();
      }
      Polygon& poly = mp.polys[pi];
      if (signed_area(ring) > 0) poly.rings.insert(poly.rings.begin(), std::move(ring));
      else poly.rings.push_back(std::move(ring));
    }
  return mp;
}

}  // namespace maraude::roads
