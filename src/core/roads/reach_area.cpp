#include "core/roads/reach_area.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <thread>

namespace maraude::roads {

namespace {
constexpr uint8_t kNone = 255;
constexpr size_t kMaxCells = 8'000'000;

// A row's inside cells as runs [a, b] (inclusive), in increasing order.
struct Run {
  int a, b;
};

// Appends the runs of a row of 0/1 bytes, skipping eight empty or eight full cells at once.
void row_runs(const uint8_t* row, int n, std::vector<Run>& out) {
  int x = 0;
  while (x < n) {
    while (x + 8 <= n) {  // skip outside cells
      uint64_t w;
      std::memcpy(&w, row + x, 8);
      if (w) break;
      x += 8;
    }
    while (x < n && !row[x]) ++x;
    if (x >= n) break;
    const int a = x;
    while (x + 8 <= n) {  // skip inside cells
      uint64_t w;
      std::memcpy(&w, row + x, 8);
      if (w != 0x0101010101010101ULL) break;
      x += 8;
    }
    while (x < n && row[x]) ++x;
    out.push_back({a, x - 1});
  }
}

// True when the n cells from p are all inside (1), eight at a time.
bool all_inside(const uint8_t* p, int n) {
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    uint64_t w;
    std::memcpy(&w, p + k, 8);
    if (w != 0x0101010101010101ULL) return false;
  }
  for (; k < n; ++k)
    if (!p[k]) return false;
  return true;
}

int find_root(std::vector<int32_t>& parent, int32_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}
}  // namespace

MultiPolygon reach_polygon(const std::vector<std::vector<Vec2>>& lines, double buffer_m, double cell_m) {
  Polylines flat;
  size_t n = 0;
  for (const auto& l : lines) n += l.size();
  flat.pts.reserve(n);
  flat.first.reserve(lines.size() + 1);
  for (const auto& l : lines) flat.push(l);
  return reach_polygon(flat, buffer_m, cell_m);
}

MultiPolygon reach_polygon(const Polylines& lines, double buffer_m, double cell_m) {
  return reach_polygon_parts(&lines, 1, buffer_m, cell_m);
}

MultiPolygon reach_polygon(const std::vector<Polylines>& parts, double buffer_m, double cell_m) {
  return reach_polygon_parts(parts.data(), parts.size(), buffer_m, cell_m);
}

MultiPolygon reach_polygon_parts(const Polylines* parts, size_t n_parts, double buffer_m, double cell_m) {
  MultiPolygon mp;
  if (!(buffer_m > 0)) return mp;
  BBox box;
  size_t n_pts = 0;
  for (size_t pi = 0; pi < n_parts; ++pi) {
    n_pts += parts[pi].pts.size();
    for (const Vec2& p : parts[pi].pts)
      if (std::isfinite(p.x) && std::isfinite(p.y)) box.extend(p);
  }
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
  //    band between them) and filled at once. Rows [row_lo, row_hi] only, so that two
  //    threads can paint the two halves of the grid.
  const double r = buffer_m, r2 = r * r;
  auto span = [](double lo, double hi, double& a, double& b) {
    if (lo <= hi) {
      a = std::min(a, lo);
      b = std::max(b, hi);
    }
  };
  auto paint = [&](Vec2 a, Vec2 b, int row_lo, int row_hi) {
    const int ya = std::max(row_lo, static_cast<int>(std::floor((std::min(a.y, b.y) - r - y0) / c)));
    const int yb = std::min(row_hi, static_cast<int>(std::floor((std::max(a.y, b.y) + r - y0) / c)));
    if (ya > yb) return;
    const Vec2 d = b - a;
    const double len = std::sqrt(d.x * d.x + d.y * d.y);
    // The band: 0 <= u <= len and |v| <= r with u, v the coordinates along and across the
    // segment; on a row, u = ux·t + ry·uy and v = -uy·t + ry·ux with t = x - a.x.
    const double ux = len > 0 ? d.x / len : 0, uy = len > 0 ? d.y / len : 0;
    const double iux = ux != 0 ? 1 / ux : 0, iuy = uy != 0 ? 1 / uy : 0;
    // Every cell this piece can set lies in columns [bxa, bxb] (its box widened by the
    // buffer and a cell): a row whose cells there are all inside already is left as it is,
    // without working out its interval (setting inside cells again changes nothing).
    const int bxa = std::max(0, static_cast<int>(std::floor((std::min(a.x, b.x) - r - x0) / c)) - 1);
    const int bxb = std::min(nx - 1, static_cast<int>(std::floor((std::max(a.x, b.x) + r - x0) / c)) + 1);
    for (int y = ya; y <= yb; ++y) {
      if (bxa <= bxb && all_inside(&at(bxa, y), bxb - bxa + 1)) continue;
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
      if (xa <= xb) std::memset(&at(xa, y), 1, static_cast<size_t>(xb - xa + 1));
    }
  };
  auto paint_rows = [&](int row_lo, int row_hi) {
    for (size_t pi = 0; pi < n_parts; ++pi) {
      const Polylines& lines = parts[pi];
      const Vec2* pts = lines.pts.data();
      for (size_t li = 0; li + 1 < lines.first.size(); ++li) {
        const uint32_t b0 = lines.first[li], b1 = lines.first[li + 1];
        if (b1 - b0 == 1 && std::isfinite(pts[b0].x) && std::isfinite(pts[b0].y)) paint(pts[b0], pts[b0], row_lo, row_hi);
        for (uint32_t k = b0; k + 1 < b1; ++k) {
          const Vec2 a = pts[k], b = pts[k + 1];
          if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y)) continue;
          paint(a, b, row_lo, row_hi);
        }
      }
    }
  };
  // Two threads (each painting half of the rows, so no cell is written by both) once
  // there is enough to share; the same cells either way.
  // (A site's own area is painted on the calling thread: a few milliseconds, less than a
  // thread may wait for a core on a busy machine.)
  const bool two = n_pts > 200000 && ny > 64 && std::thread::hardware_concurrency() > 1;
  if (two) {
    const int mid = ny / 2;
    std::thread other([&] { paint_rows(mid, ny - 1); });
    paint_rows(0, mid - 1);
    other.join();
  } else {
    paint_rows(0, ny - 1);
  }

  // Each row as runs of inside cells (CSR: row y's runs are runs[first[y] .. first[y+1])).
  std::vector<Run> runs;
  std::vector<size_t> first(static_cast<size_t>(ny) + 1, 0);
  {
    std::vector<std::vector<Run>> part(two ? 2 : 1);
    const int mid = two ? ny / 2 : ny;
    std::vector<size_t> count(static_cast<size_t>(ny), 0);
    auto extract = [&](int lo, int hi, std::vector<Run>& out) {
      for (int y = lo; y < hi; ++y) {
        const size_t before = out.size();
        row_runs(&at(0, y), nx, out);
        count[static_cast<size_t>(y)] = out.size() - before;
      }
    };
    if (two) {
      std::thread other([&] { extract(mid, ny, part[1]); });
      extract(0, mid, part[0]);
      other.join();
    } else {
      extract(0, ny, part[0]);
    }
    for (int y = 0; y < ny; ++y) first[static_cast<size_t>(y) + 1] = first[static_cast<size_t>(y)] + count[static_cast<size_t>(y)];
    runs.reserve(first[static_cast<size_t>(ny)]);
    for (auto& p : part) runs.insert(runs.end(), p.begin(), p.end());
  }

  // 2. No two inside cells touching by a corner only. In a 2×2 block (x, y)…(x+1, y+1) the
  //    repair sets cells of row y only, and only where both rows change between x and x+1,
  //    so only the run ends of rows y and y+1 are looked at. A repair in row y can make a
  //    new corner contact with row y−1 only: that row pair is looked at again in the next
  //    pass, as a full rescan of the grid would (the same cells are set, in the same order).
  {
    std::vector<int> cand;
    auto ends_of = [&](int y, std::vector<int>& out) {
      for (size_t k = first[static_cast<size_t>(y)]; k < first[static_cast<size_t>(y) + 1]; ++k) {
        if (runs[k].a > 0) out.push_back(runs[k].a - 1);  // x: outside at x, inside at x + 1
        if (runs[k].b + 1 < nx) out.push_back(runs[k].b);  // x: inside at x, outside at x + 1
      }
    };
    std::vector<char> dirty(static_cast<size_t>(ny), 1), next(static_cast<size_t>(ny), 0);
    std::vector<int> changed_rows;
    bool any = true;
    while (any) {
      any = false;
      std::fill(next.begin(), next.end(), 0);
      for (int y = 0; y + 1 < ny; ++y) {
        if (!dirty[static_cast<size_t>(y)]) continue;
        cand.clear();
        ends_of(y, cand);
        const size_t mid = cand.size();
        ends_of(y + 1, cand);
        std::inplace_merge(cand.begin(), cand.begin() + static_cast<long>(mid), cand.end());
        bool changed = false;
        for (size_t i = 0; i < cand.size(); ++i) {
          if (i + 1 < cand.size() && cand[i + 1] == cand[i]) continue;  // both rows change here
          if (i == 0 || cand[i - 1] != cand[i]) continue;
          const int x = cand[i];
          const bool a = at(x, y), b = at(x + 1, y), cc = at(x, y + 1), d = at(x + 1, y + 1);
          if ((a && d && !b && !cc) || (b && cc && !a && !d)) {
            at(x + 1, y) = 1;
            if (!a) at(x, y) = 1;
            changed = true;
          }
        }
        if (changed) {
          changed_rows.push_back(y);
          if (y > 0) next[static_cast<size_t>(y) - 1] = 1;
          any = true;
        }
      }
      // The runs of the repaired rows, read again from the grid.
      if (!changed_rows.empty()) {
        std::sort(changed_rows.begin(), changed_rows.end());
        changed_rows.erase(std::unique(changed_rows.begin(), changed_rows.end()), changed_rows.end());
        std::vector<Run> fresh;
        std::vector<size_t> nfirst(first.size(), 0);
        size_t ci = 0;
        std::vector<Run> row;
        for (int y = 0; y < ny; ++y) {
          nfirst[static_cast<size_t>(y)] = fresh.size();
          if (ci < changed_rows.size() && changed_rows[ci] == y) {
            row.clear();
            row_runs(&at(0, y), nx, row);
            fresh.insert(fresh.end(), row.begin(), row.end());
            ++ci;
          } else {
            fresh.insert(fresh.end(), runs.begin() + static_cast<long>(first[static_cast<size_t>(y)]),
                         runs.begin() + static_cast<long>(first[static_cast<size_t>(y) + 1]));
          }
        }
        nfirst[static_cast<size_t>(ny)] = fresh.size();
        runs.swap(fresh);
        first.swap(nfirst);
        changed_rows.clear();
      }
      dirty.swap(next);
    }
  }

  // 4-connected groups of inside cells (one polygon each): runs of adjacent rows that share
  // a column are joined (union-find over the runs).
  std::vector<int32_t> parent(runs.size());
  for (size_t k = 0; k < runs.size(); ++k) parent[k] = static_cast<int32_t>(k);
  for (int y = 1; y < ny; ++y) {
    size_t i = first[static_cast<size_t>(y) - 1], j = first[static_cast<size_t>(y)];
    const size_t ie = first[static_cast<size_t>(y)], je = first[static_cast<size_t>(y) + 1];
    while (i < ie && j < je) {
      if (runs[i].a <= runs[j].b && runs[j].a <= runs[i].b) {
        const int32_t ra = find_root(parent, static_cast<int32_t>(i)), rb = find_root(parent, static_cast<int32_t>(j));
        if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
      }
      if (runs[i].b < runs[j].b) ++i;
      else ++j;
    }
  }
  auto group_of = [&](int x, int y) {
    const auto b = runs.begin() + static_cast<long>(first[static_cast<size_t>(y)]);
    const auto e = runs.begin() + static_cast<long>(first[static_cast<size_t>(y) + 1]);
    const auto it = std::lower_bound(b, e, x, [](const Run& rr, int v) { return rr.b < v; });
    return find_root(parent, static_cast<int32_t>(it - runs.begin()));
  };

  // 3. Boundary sides, inside on the left; one outgoing side per grid vertex at most.
  const int vx_n = nx + 1;
  std::vector<uint8_t> out_dir(static_cast<size_t>(vx_n) * (ny + 1), kNone);
  auto vid = [&](int x, int y) { return static_cast<size_t>(y) * vx_n + x; };
  // Cells of row y's runs not covered by row o's runs (o = y ± 1, or none outside the grid).
  auto uncovered = [&](int y, int o, auto&& emit) {
    const bool has_o = o >= 0 && o < ny;
    size_t j = has_o ? first[static_cast<size_t>(o)] : 0;
    const size_t je = has_o ? first[static_cast<size_t>(o) + 1] : 0;
    for (size_t k = first[static_cast<size_t>(y)]; k < first[static_cast<size_t>(y) + 1]; ++k) {
      int x = runs[k].a;
      const int b = runs[k].b;
      while (x <= b) {
        while (j < je && runs[j].b < x) ++j;
        if (j < je && runs[j].a <= x) {
          x = runs[j].b + 1;  // covered up to there
          continue;
        }
        const int stop = j < je ? std::min(b, runs[j].a - 1) : b;
        for (int t = x; t <= stop; ++t) emit(t);
        x = stop + 1;
      }
    }
  };
  for (int y = 0; y < ny; ++y) {
    uncovered(y, y - 1, [&](int x) { out_dir[vid(x, y)] = 0; });          // bottom, +x
    uncovered(y, y + 1, [&](int x) { out_dir[vid(x + 1, y + 1)] = 2; });  // top, -x
    for (size_t k = first[static_cast<size_t>(y)]; k < first[static_cast<size_t>(y) + 1]; ++k) {
      out_dir[vid(runs[k].b + 1, y)] = 1;  // right, +y
      out_dir[vid(runs[k].a, y + 1)] = 3;  // left, -y
    }
  }
  static constexpr int kDx[4] = {1, 0, -1, 0}, kDy[4] = {0, 1, 0, -1};
  std::vector<int32_t> poly_of(runs.size(), -1);
  std::vector<std::pair<int, int>> verts;
  std::vector<uint8_t> dirs;
  std::vector<int> cand;
  // Rings are traced from their first vertex in row-major order, which always lies at a run
  // end of the cell rows below or above the vertex row.
  for (int y = 0; y <= ny; ++y) {
    cand.clear();
    for (int row : {y - 1, y}) {
      if (row < 0 || row >= ny) continue;
      for (size_t k = first[static_cast<size_t>(row)]; k < first[static_cast<size_t>(row) + 1]; ++k) {
        cand.push_back(runs[k].a);
        cand.push_back(runs[k].b + 1);
      }
    }
    std::sort(cand.begin(), cand.end());
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
    for (int x : cand) {
      if (out_dir[vid(x, y)] == kNone) continue;
      verts.clear();
      dirs.clear();
      int cx = x, cy = y;
      const uint8_t d0 = out_dir[vid(x, y)];
      // The inside cell left of the first side names the group.
      const int lx = d0 == 0 ? x : (d0 == 1 ? x - 1 : (d0 == 2 ? x - 1 : x));
      const int ly = d0 == 0 ? y : (d0 == 1 ? y : (d0 == 2 ? y - 1 : y - 1));
      const int32_t group = group_of(lx, ly);
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
      int32_t& pi = poly_of[static_cast<size_t>(group)];
      if (pi < 0) {
        pi = static_cast<int32_t>(mp.polys.size());
        mp.polys.emplace_back();
      }
      Polygon& poly = mp.polys[pi];
      if (signed_area(ring) > 0) poly.rings.insert(poly.rings.begin(), std::move(ring));
      else poly.rings.push_back(std::move(ring));
    }
  }
  return mp;
}

}  // namespace maraude::roads
