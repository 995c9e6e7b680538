// Ear clipping with hole bridging. Written for Maraude from the textbook method:
//  1. each ring becomes a circular doubly linked list (exterior CCW, holes CW);
//  2. holes, by decreasing max x, are joined to the exterior by a two-way "bridge"
//     from the hole's rightmost vertex to a vertex visible from it along +x;
//  3. ears (convex vertices whose triangle holds no reflex vertex) are clipped
//     until three vertices remain. Collinear and repeated vertices are dropped when
//     no ear is found; as a last resort an ear is forced so the loop always ends.
#include "render/triangulate.h"

#include <algorithm>
#include <cmath>

namespace maraude::render {
namespace {

struct Node {
  double x, y;
  uint32_t idx;
  int prev, next;
};

inline double cross(const Node& a, const Node& b, const Node& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}
inline bool same(const Node& a, const Node& b) { return a.x == b.x && a.y == b.y; }

class EarClipper {
 public:
  std::vector<Node> n;

  // Adds a ring as a cycle with the requested orientation; returns a node of it or -1.
  int add_ring(const Ring& r, uint32_t base, bool want_ccw) {
    if (r.size() < 3) return -1;
    const bool is_ccw = signed_area(r) > 0;
    const size_t m = r.size();
    int first = -1, last = -1;
    for (size_t k = 0; k < m; ++k) {
      const size_t i = (is_ccw == want_ccw) ? k : m - 1 - k;
      if (last >= 0 && n[last].x == r[i].x && n[last].y == r[i].y) continue;  // repeated vertex
      n.push_back({r[i].x, r[i].y, base + static_cast<uint32_t>(i), last, -1});
      const int id = static_cast<int>(n.size()) - 1;
      if (last >= 0) n[last].next = id; else first = id;
      last = id;
    }
    if (first < 0) return -1;
    if (last != first && same(n[last], n[first])) {  // closing repeat
      const int p = n[last].prev;
      n.pop_back();
      last = p;
    }
    n[last].next = first;
    n[first].prev = last;
    if (count(first) < 3) return -1;
    return first;
  }

  int count(int start) const {
    int c = 0, p = start;
    do { ++c; p = n[p].next; } while (p != start && c < 1 << 30);
    return c;
  }

  int clone(int i) {
    Node c = n[i];
    n.push_back(c);
    return static_cast<int>(n.size()) - 1;
  }

  // Joins the hole cycle containing `hole` to the outer cycle through `outer`.
  bool bridge(int outer, int hole) {
    // Rightmost vertex of the hole.
    int m = hole;
    for (int p = n[hole].next; p != hole; p = n[p].next)
      if (n[p].x > n[m].x || (n[p].x == n[m].x && n[p].y < n[m].y)) m = p;
    const double mx = n[m].x, my = n[m].y;
    // Nearest edge of the outer cycle hit by the ray from m towards +x.
    double qx = INFINITY;
    int cand = -1;
    int p = outer;
    do {
      const Node& a = n[p];
      const Node& b = n[a.next];
      if ((a.y <= my && b.y >= my) || (b.y <= my && a.y >= my)) {
        if (a.y != b.y) {
          const double x = a.x + (my - a.y) * (b.x - a.x) / (b.y - a.y);
          if (x >= mx && x < qx) {
            qx = x;
            cand = (a.x > b.x) ? p : a.next;
            if (x == a.x && a.y == my) cand = p;
            else if (x == b.x && b.y == my) cand = a.next;
          }
        } else if (a.y == my && std::max(a.x, b.x) >= mx) {
          const double x = std::max(mx, std::min(a.x, b.x));
          if (x < qx) { qx = x; cand = (a.x < b.x && a.x >= mx) ? p : (b.x >= mx ? a.next : p); }
        }
      }
      p = a.next;
    } while (p != outer);
    if (cand < 0) return false;
    // A vertex inside triangle (m, hit point, cand) may hide cand: take the one with the
    // smallest angle to the ray (ties: the closest).
    if (n[cand].x != qx || n[cand].y != my) {
      const Node hit{qx, my, 0, 0, 0};
      const Node& mn = n[m];
      const Node& cn = n[cand];
      const bool up = cn.y > my;
      double best_tan = INFINITY, best_d = INFINITY;
      int best = cand;
      p = outer;
      do {
        const Node& r = n[p];
        if (p != cand && r.x >= mx && r.x <= std::max(qx, cn.x)) {
          const double s1 = cross(mn, hit, r), s2 = cross(hit, cn, r), s3 = cross(cn, mn, r);
          const bool inside = up ? (s1 >= 0 && s2 >= 0 && s3 >= 0) : (s1 <= 0 && s2 <= 0 && s3 <= 0);
          if (inside && !(r.x == mx && r.y == my)) {
            const double t = std::abs(r.y - my) / std::max(r.x - mx, 1e-12);
            const double d = (r.x - mx) * (r.x - mx) + (r.y - my) * (r.y - my);
            if (t < best_tan || (t == best_tan && d < best_d)) { best_tan = t; best_d = d; best = p; }
          }
        }
        p = n[p].next;
      } while (p != outer);
      if (best_tan < INFINITY) {
        const double tc = std::abs(cn.y - my) / std::max(cn.x - mx, 1e-12);
        if (best_tan <= tc) cand = best;
      }
    }
    // Splice: cand -> m -> (hole) -> m' -> cand' -> cand.next
    const int m2 = clone(m), c2 = clone(cand);
    const int cnext = n[cand].next, mprev = n[m].prev;
    n[cand].next = m; n[m].prev = cand;
    n[mprev].next = m2; n[m2].prev = mprev;
    n[m2].next = c2; n[c2].prev = m2;
    n[c2].next = cnext; n[cnext].prev = c2;
    return true;
  }

  bool is_ear(int e) const {
    const Node& a = n[n[e].prev];
    const Node& b = n[e];
    const Node& c = n[b.next];
    if (cross(a, b, c) <= 0) return false;
    const double minx = std::min({a.x, b.x, c.x}), maxx = std::max({a.x, b.x, c.x});
    const double miny = std::min({a.y, b.y, c.y}), maxy = std::max({a.y, b.y, c.y});
    for (int p = c.next; p != b.prev; p = n[p].next) {
      const Node& q = n[p];
      if (q.x < minx || q.x > maxx || q.y < miny || q.y > maxy) continue;
      if (same(q, a) || same(q, b) || same(q, c)) continue;
      if (cross(n[q.prev], q, n[q.next]) > 0) continue;  // only reflex vertices can hide an ear
      if (cross(a, b, q) >= 0 && cross(b, c, q) >= 0 && cross(c, a, q) >= 0) return false;
    }
    return true;
  }

  void unlink(int e) {
    n[n[e].prev].next = n[e].next;
    n[n[e].next].prev = n[e].prev;
  }

  void clip(int start, std::vector<uint32_t>& out, TriangulateStats& st) {
    int remaining = count(start);
    int ear = start, stop = start;
    bool cleaned = false;
    while (remaining > 3) {
      const int a = n[ear].prev, c = n[ear].next;
      if (is_ear(ear)) {
        out.push_back(n[a].idx); out.push_back(n[ear].idx); out.push_back(n[c].idx);
        ++st.triangles;
        unlink(ear);
        --remaining;
        ear = n[c].next;  // skipping ahead keeps triangles less sliver-like
        stop = ear;
        cleaned = false;
        continue;
      }
      ear = c;
      if (ear != stop) continue;
      if (!cleaned) {
        // No ear in a full turn: drop collinear / repeated vertices, then retry.
        int p = ear, guard = remaining;
        while (guard-- > 0 && remaining > 3) {
          const int nx = n[p].next;
          if (same(n[p], n[nx]) || cross(n[n[p].prev], n[p], n[nx]) == 0) {
            unlink(p);
            --remaining;
            if (p == ear) ear = nx;
          }
          p = nx;
        }
        cleaned = true;
      } else {
        // Degenerate input (self-touching or crossing ring): force the most convex-looking ear.
        int best = ear;
        double best_c = -INFINITY;
        int p = ear;
        for (int k = 0; k < remaining; ++k, p = n[p].next) {
          const double cr = cross(n[n[p].prev], n[p], n[n[p].next]);
          if (cr > best_c) { best_c = cr; best = p; }
        }
        const int pa = n[best].prev, pc = n[best].next;
        if (best_c > 0) {
          out.push_back(n[pa].idx); out.push_back(n[best].idx); out.push_back(n[pc].idx);
          ++st.triangles;
        }
        ++st.fallbacks;
        unlink(best);
        --remaining;
        ear = pc;
        cleaned = false;
      }
      stop = ear;
    }
    if (remaining == 3) {
      const int a = n[ear].prev, c = n[ear].next;
      if (cross(n[a], n[ear], n[c]) > 0) {
        out.push_back(n[a].idx); out.push_back(n[ear].idx); out.push_back(n[c].idx);
        ++st.triangles;
      }
    }
  }
};

}  // namespace

void triangulate(const Polygon& p, std::vector<Vec2>& verts, std::vector<uint32_t>& indices,
                 TriangulateStats* stats) {
  TriangulateStats local;
  TriangulateStats& st = stats ? *stats : local;
  if (p.rings.empty()) return;
  const uint32_t base0 = static_cast<uint32_t>(verts.size());
  std::vector<uint32_t> bases;
  for (const auto& r : p.rings) {
    bases.push_back(static_cast<uint32_t>(verts.size()));
    verts.insert(verts.end(), r.begin(), r.end());
  }
  (void)base0;
  EarClipper ec;
  size_t total = 0;
  for (const auto& r : p.rings) total += r.size();
  ec.n.reserve(total + 4 * p.rings.size());
  const int outer = ec.add_ring(p.rings[0], bases[0], true);
  if (outer < 0) return;
  struct HoleStart { int node; double maxx; };
  std::vector<HoleStart> holes;
  for (size_t i = 1; i < p.rings.size(); ++i) {
    const int h = ec.add_ring(p.rings[i], bases[i], false);
    if (h < 0) continue;
    double mx = -INFINITY;
    for (const auto& v : p.rings[i]) mx = std::max(mx, v.x);
    holes.push_back({h, mx});
  }
  std::sort(holes.begin(), holes.end(), [](const HoleStart& a, const HoleStart& b) { return a.maxx > b.maxx; });
  for (const auto& h : holes)
    if (!ec.bridge(outer, h.node)) ++st.fallbacks;
  ec.clip(outer, indices, st);
}

void triangulate(const MultiPolygon& mp, std::vector<Vec2>& verts, std::vector<uint32_t>& indices,
                 TriangulateStats* stats) {
  for (const auto& p : mp.polys) triangulate(p, verts, indices, stats);
}

}  // namespace maraude::render
