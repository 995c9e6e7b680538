#include "render/map_data.h"
#include "render/style.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <cmath>
#include <map>
#include <unordered_map>

#include <geos_c.h>

#include "core/coverage/geos_util.h"
#include "core/roads/network.h"

namespace maraude::render {

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// An undirected edge keyed by its endpoints quantized to the centimetre.
struct EdgeKey {
  long long ax, ay, bx, by;
  bool operator==(const EdgeKey& o) const { return ax == o.ax && ay == o.ay && bx == o.bx && by == o.by; }
};
struct EdgeHash {
  size_t operator()(const EdgeKey& k) const {
    uint64_t h = 1469598103934665603ull;
    for (long long v : {k.ax, k.ay, k.bx, k.by}) { h ^= static_cast<uint64_t>(v); h *= 1099511628211ull; h ^= h >> 29; }
    return h;
  }
};
struct EdgeRec {
  LineSeg seg;
  int32_t c1 = -1, c2 = -1;  // the communes on each side (c2 = -1: border edge)
};
EdgeKey key_of(Vec2 a, Vec2 b) {
  long long ax = std::llround(a.x * 100), ay = std::llround(a.y * 100);
  long long bx = std::llround(b.x * 100), by = std::llround(b.y * 100);
  if (ax > bx || (ax == bx && ay > by)) { std::swap(ax, bx); std::swap(ay, by); }
  return {ax, ay, bx, by};
}
LineSeg seg_of(Vec2 a, Vec2 b, Vec2 o, uint32_t id) {
  return {float(a.x - o.x), float(a.y - o.y), float(b.x - o.x), float(b.y - o.y), id};
}
// Drops the connected pieces of `segs` shorter than `min_len` metres in total: derived
// boundaries (zones, laureates) pick up specks where neighbouring communes' vertices do
// not match exactly (slivers at triple points of the source data).
void drop_specks(std::vector<LineSeg>& segs, double min_len) {
  if (segs.empty()) return;
  std::unordered_map<long long, int> node_of;
  std::vector<int> parent;
  auto node = [&](float x, float y) {
    const long long k = (static_cast<long long>(std::llround(x * 10.0)) << 32) ^ static_cast<long long>(std::llround(y * 10.0) & 0xffffffff);
    auto [it, fresh] = node_of.try_emplace(k, static_cast<int>(parent.size()));
    if (fresh) parent.push_back(static_cast<int>(parent.size()));
    return it->second;
  };
  auto find = [&](int a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  std::vector<std::pair<int, int>> ends(segs.size());
  for (size_t i = 0; i < segs.size(); ++i) {
    const int a = node(segs[i].x0, segs[i].y0), b = node(segs[i].x1, segs[i].y1);
    ends[i] = {a, b};
    const int ra = find(a), rb = find(b);
    if (ra != rb) parent[ra] = rb;
  }
  std::vector<double> len(parent.size(), 0);
  for (size_t i = 0; i < segs.size(); ++i)
    len[find(ends[i].first)] += std::hypot(segs[i].x1 - segs[i].x0, segs[i].y1 - segs[i].y0);
  size_t w = 0;
  for (size_t i = 0; i < segs.size(); ++i)
    if (len[find(ends[i].first)] >= min_len) segs[w++] = segs[i];
  segs.resize(w);
}
}  // namespace

void append_fill(const MultiPolygon& mp, uint32_t id, Vec2 o, FillMesh& out, TriangulateStats* stats) {
  thread_local std::vector<Vec2> verts;
  thread_local std::vector<uint32_t> idx;
  verts.clear();
  idx.clear();
  triangulate(mp, verts, idx, stats);
  const uint32_t base = static_cast<uint32_t>(out.ids.size());
  for (const auto& v : verts) {
    out.xy.push_back(float(v.x - o.x));
    out.xy.push_back(float(v.y - o.y));
    out.ids.push_back(id);
  }
  out.first.push_back(static_cast<uint32_t>(out.indices.size()));
  out.count.push_back(static_cast<uint32_t>(idx.size()));
  const BBox bb = bbox(mp);
  out.boxes.push_back(bb.empty() ? bb : BBox{bb.minx - o.x, bb.miny - o.y, bb.maxx - o.x, bb.maxy - o.y});
  for (uint32_t k : idx) out.indices.push_back(base + k);
}

void append_outline(const MultiPolygon& mp, Vec2 origin, uint32_t id, std::vector<LineSeg>& out) {
  for (const auto& p : mp.polys)
    for (const auto& r : p.rings)
      for (size_t i = 0, n = r.size(); i < n; ++i) out.push_back(seg_of(r[i], r[(i + 1) % n], origin, id));
}

namespace {
// Sorts segments along a Z-order curve of their midpoints (2 km cells); by_id first: keeps
// the order of the ids (one colour per id).
void spatial_sort(std::vector<LineSeg>& segs, bool by_id) {
  auto z = [](const LineSeg& q) {
    const auto cell = [](double v) { return static_cast<uint32_t>(std::max(0.0, v / 2000.0 + 32768.0)) & 0xffff; };
    uint32_t x = cell((q.x0 + q.x1) * 0.5), y = cell((q.y0 + q.y1) * 0.5);
    uint64_t k = 0;
    for (int b = 0; b < 16; ++b) k |= uint64_t((x >> b) & 1) << (2 * b) | uint64_t((y >> b) & 1) << (2 * b + 1);
    return k;
  };
  std::vector<std::pair<uint64_t, uint32_t>> keys(segs.size());
  for (size_t i = 0; i < segs.size(); ++i) keys[i] = {(by_id ? uint64_t(segs[i].id) << 40 : 0) | z(segs[i]), uint32_t(i)};
  std::stable_sort(keys.begin(), keys.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<LineSeg> out(segs.size());
  for (size_t i = 0; i < keys.size(); ++i) out[i] = segs[keys[i].second];
  segs = std::move(out);
}

// Commune fills, commune/zone/laureate boundaries and department/region outlines of one
// level of detail, from the given geometries (one per commune, per department).
void build_level(const Workspace& ws, const std::vector<const MultiPolygon*>& cg,
                 const std::vector<const MultiPolygon*>& dg, const MultiPolygon& rg, Vec2 o, MapLod& out,
                 TriangulateStats* stats, double& tri_ms, const std::function<void(float)>& report) {
  const size_t nc = cg.size();
  for (size_t i = 0; i < nc; ++i) {
    const auto tt = Clock::now();
    append_fill(*cg[i], static_cast<uint32_t>(i), o, out.communes, stats);
    tri_ms += ms_since(tt);
    if (report && (i & 127) == 0) report(float(i) / float(std::max<size_t>(1, nc)));
  }

  // Shared commune edges, once each, with the communes on both sides.
  std::unordered_map<EdgeKey, EdgeRec, EdgeHash> edges;
  edges.reserve(out.communes.ids.size());
  for (size_t i = 0; i < nc; ++i)
    for (const auto& p : cg[i]->polys)
      for (const auto& r : p.rings)
        for (size_t k = 0, n = r.size(); k < n; ++k) {
          const Vec2 a = r[k], b = r[(k + 1) % n];
          auto [it, fresh] = edges.try_emplace(key_of(a, b));
          if (fresh) { it->second.seg = seg_of(a, b, o, uint32_t(i)); it->second.c1 = int32_t(i); }
          else if (it->second.c1 != int32_t(i)) it->second.c2 = int32_t(i);
        }
  std::vector<std::vector<char>> in_laureate(ws.laureates.size(), std::vector<char>(nc, 0));
  for (size_t l = 0; l < ws.laureates.size(); ++l)
    for (const auto& code : ws.laureates[l].communes)
      if (auto it = ws.commune_by_code.find(code); it != ws.commune_by_code.end()) in_laureate[l][it->second] = 1;
  out.commune_lines.reserve(edges.size());
  for (const auto& [k, e] : edges) {
    out.commune_lines.push_back(e.seg);
    const auto& z1 = ws.communes[e.c1].zone_emploi;
    if (e.c2 < 0 || ws.communes[e.c2].zone_emploi != z1) out.zone_lines.push_back(e.seg);
    for (size_t l = 0; l < in_laureate.size(); ++l) {
      const bool a = in_laureate[l][e.c1], b = e.c2 >= 0 && in_laureate[l][e.c2];
      if (a != b) {
        LineSeg s = e.seg;
        s.id = static_cast<uint32_t>(l);
        out.laureate_lines.push_back(s);
      }
    }
  }
  drop_specks(out.zone_lines, 250);
  {
    // Per laureate, so that one territory's specks are judged on their own.
    std::vector<std::vector<LineSeg>> per(ws.laureates.size());
    for (const auto& s : out.laureate_lines) per[s.id].push_back(s);
    out.laureate_lines.clear();
    for (auto& v : per) {
      drop_specks(v, 250);
      out.laureate_lines.insert(out.laureate_lines.end(), v.begin(), v.end());
    }
  }
  {
    // A border between two departments once (drawn twice it costs twice and thickens its fringe).
    std::vector<LineSeg> all;
    for (size_t i = 0; i < dg.size(); ++i) append_outline(*dg[i], o, uint32_t(i), all);
    std::unordered_map<EdgeKey, char, EdgeHash> seen;
    seen.reserve(all.size());
    for (const LineSeg& q : all)
      if (seen.try_emplace(key_of({q.x0, q.y0}, {q.x1, q.y1}), 1).second) out.dep_lines.push_back(q);
  }
  append_outline(rg, o, 0, out.region_lines);
  // Spatial order (the renderer culls chunks of consecutive segments). Segments of one
  // colour blend the same in any order; laureate lines stay grouped by territory.
  spatial_sort(out.commune_lines, false);
  spatial_sort(out.zone_lines, false);
  spatial_sort(out.laureate_lines, true);
}

// One fill per group of communes (group[i] in [0, ngroups), or < 0: in none): the union of
// the members' simplified polygons, triangulated; id = group index. Shared borders were
// simplified once, so members meet exactly and a coverage union dissolves them; holes
// smaller than `min_hole` m² (slivers between source polygons) are dropped.
FillMesh dissolve_fill(const std::vector<const MultiPolygon*>& cg, const std::vector<int>& group, int ngroups,
                       double min_hole, Vec2 o) {
  namespace gg = coverage::geos;
  GEOSContextHandle_t h = gg::handle();
  std::vector<std::vector<GEOSGeometry*>> parts(static_cast<size_t>(ngroups));
  for (size_t i = 0; i < cg.size(); ++i) {
    if (group[i] < 0 || cg[i]->empty()) continue;
    gg::Geom g = gg::from_model(*cg[i]);
    if (g && !gg::is_empty(g.get())) parts[static_cast<size_t>(group[i])].push_back(g.release());
  }
  FillMesh out;
  for (int k = 0; k < ngroups; ++k) {
    auto& v = parts[static_cast<size_t>(k)];
    MultiPolygon mp;
    if (!v.empty()) {
      gg::Geom coll(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, v.data(), static_cast<unsigned>(v.size())));
      v.clear();
      // The coverage union assumes members that only share edges; where the source
      // overlaps slightly it may fail, then the general (slower) union serves.
      GEOSGeometry* u = coll ? GEOSCoverageUnion_r(h, coll.get()) : nullptr;
      if (!u || GEOSisValid_r(h, u) != 1) {
        if (u) GEOSGeom_destroy_r(h, u);
        u = coll ? GEOSUnaryUnion_r(h, coll.get()) : nullptr;
      }
      if (u) {
        gg::Geom ug(u);
        mp = gg::to_model(ug.get());
      }
      if (mp.empty()) {
        // Simplification can leave a member self-intersecting, and GEOS then refuses the
        // union: repaired members, else the members themselves (correct, just more triangles).
        std::vector<GEOSGeometry*> fixed;
        for (size_t i = 0; i < cg.size(); ++i)
          if (group[i] == k && !cg[i]->empty())
            if (gg::Geom g = gg::make_valid(gg::from_model(*cg[i])); g && !gg::is_empty(g.get())) fixed.push_back(g.release());
        gg::Geom coll2(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, fixed.data(), static_cast<unsigned>(fixed.size())));
        if (GEOSGeometry* u2 = coll2 ? GEOSUnaryUnion_r(h, coll2.get()) : nullptr) {
          gg::Geom ug(u2);
          mp = gg::to_model(ug.get());
        }
        if (mp.empty())
          for (size_t i = 0; i < cg.size(); ++i)
            if (group[i] == k) mp.polys.insert(mp.polys.end(), cg[i]->polys.begin(), cg[i]->polys.end());
      }
      for (auto& p : mp.polys) {
        if (p.rings.size() <= 1) continue;
        std::vector<Ring> keep{std::move(p.rings[0])};
        for (size_t r = 1; r < p.rings.size(); ++r)
          if (std::fabs(signed_area(p.rings[r])) >= min_hole) keep.push_back(std::move(p.rings[r]));
        p.rings = std::move(keep);
      }
    }
    append_fill(mp, static_cast<uint32_t>(k), o, out);
  }
  return out;
}

uint64_t vkey(Vec2 p) {
  // Lambert-93 coordinates are positive; centimetres fit in 32 bits each.
  return static_cast<uint64_t>(std::llround(p.x * 100)) << 32 ^ (static_cast<uint64_t>(std::llround(p.y * 100)) & 0xffffffffull);
}

double seg_dist2(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  if (l2 <= 0) return dist2(p, a);
  double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2;
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  return dist2(p, {a.x + t * dx, a.y + t * dy});
}

// Douglas-Peucker on pts[0..n): sets keep[i] for the retained vertices.
void douglas_peucker(const std::vector<Vec2>& pts, double tol, std::vector<char>& keep) {
  const size_t n = pts.size();
  keep.assign(n, 0);
  if (n == 0) return;
  keep[0] = keep[n - 1] = 1;
  const double tol2 = tol * tol;
  std::vector<std::pair<size_t, size_t>> stack{{0, n - 1}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    double best = -1;
    size_t bi = a;
    for (size_t i = a + 1; i < b; ++i) {
      const double d = seg_dist2(pts[i], pts[a], pts[b]);
      if (d > best) { best = d; bi = i; }
    }
    if (best > tol2) {
      keep[bi] = 1;
      stack.push_back({a, bi});
      stack.push_back({bi, b});
    }
  }
}

// One segment per boundary edge shared by several laureates' territories (a third of
// them on the real catalogue): id becomes the index in `sets` of the laureates along it.
void dedupe_laureate_lines(std::vector<LineSeg>& segs, std::vector<std::vector<uint32_t>>& sets) {
  std::unordered_map<EdgeKey, size_t, EdgeHash> at;
  std::vector<LineSeg> uniq;
  std::vector<std::vector<uint32_t>> members;
  for (const LineSeg& q : segs) {
    auto [it, fresh] = at.try_emplace(key_of({q.x0, q.y0}, {q.x1, q.y1}), uniq.size());
    if (fresh) {
      uniq.push_back(q);
      members.emplace_back();
    }
    members[it->second].push_back(q.id);
  }
  std::map<std::vector<uint32_t>, uint32_t> set_index;
  sets.clear();
  for (size_t i = 0; i < uniq.size(); ++i) {
    auto& m = members[i];
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
    auto [it, fresh] = set_index.try_emplace(m, static_cast<uint32_t>(sets.size()));
    if (fresh) sets.push_back(m);
    uniq[i].id = it->second;
  }
  segs = std::move(uniq);
}

// Joins `segs` into polylines (broken where other than two segments meet, and where the
// id changes when by_id) and simplifies each with Douglas-Peucker at `tol` metres. The
// boundaries derived from the communes (zones, laureates) are cut at every commune
// junction along them; re-chained, most of those vertices go.
void merge_simplify(std::vector<LineSeg>& segs, double tol, bool by_id) {
  if (segs.empty()) return;
  std::vector<std::vector<LineSeg>> groups;
  if (by_id) {
    std::unordered_map<uint32_t, size_t> gi;
    for (const LineSeg& q : segs) {
      auto [it, fresh] = gi.try_emplace(q.id, groups.size());
      if (fresh) groups.emplace_back();
      groups[it->second].push_back(q);
    }
  } else {
    groups.push_back(segs);
  }
  std::vector<LineSeg> out;
  out.reserve(segs.size());
  std::vector<Vec2> pts;
  std::vector<char> keep;
  for (const auto& g : groups) {
    std::unordered_map<uint64_t, uint32_t> node_of;
    std::vector<Vec2> pos;
    std::vector<std::vector<uint32_t>> adj;
    auto node = [&](float x, float y) {
      const uint64_t k = static_cast<uint64_t>(std::llround(x * 10.0)) << 32 ^
                         (static_cast<uint64_t>(std::llround(y * 10.0)) & 0xffffffffull);
      auto [it, fresh] = node_of.try_emplace(k, static_cast<uint32_t>(pos.size()));
      if (fresh) {
        pos.push_back({x, y});
        adj.emplace_back();
      }
      return it->second;
    };
    std::vector<std::pair<uint32_t, uint32_t>> ends(g.size());
    std::vector<char> used(g.size(), 0);
    for (size_t i = 0; i < g.size(); ++i) {
      ends[i] = {node(g[i].x0, g[i].y0), node(g[i].x1, g[i].y1)};
      if (ends[i].first == ends[i].second) { used[i] = 1; continue; }  // zero length
      adj[ends[i].first].push_back(static_cast<uint32_t>(i));
      adj[ends[i].second].push_back(static_cast<uint32_t>(i));
    }
    auto walk = [&](uint32_t from, uint32_t s) {
      const uint32_t id = g[s].id;
      pts.assign(1, pos[from]);
      uint32_t cur = from;
      for (;;) {
        used[s] = 1;
        const uint32_t next = ends[s].first == cur ? ends[s].second : ends[s].first;
        pts.push_back(pos[next]);
        if (adj[next].size() != 2) break;
        const uint32_t s2 = adj[next][0] == s ? adj[next][1] : adj[next][0];
        if (used[s2]) break;
        cur = next;
        s = s2;
      }
      keep.assign(pts.size(), 0);
      douglas_peucker(pts, tol, keep);
      size_t prev = 0;
      for (size_t k = 1; k < pts.size(); ++k) {
        if (!keep[k] && k + 1 < pts.size()) continue;
        out.push_back({float(pts[prev].x), float(pts[prev].y), float(pts[k].x), float(pts[k].y), id});
        prev = k;
      }
    };
    for (uint32_t n = 0; n < adj.size(); ++n)
      if (adj[n].size() != 2)
        for (uint32_t s : adj[n])
          if (!used[s]) walk(n, s);
    for (uint32_t s = 0; s < g.size(); ++s)  // closed rings with no junction
      if (!used[s]) walk(ends[s].first, s);
  }
  segs = std::move(out);
}
}  // namespace

std::vector<std::vector<MultiPolygon>> simplify_shared(const std::vector<const MultiPolygon*>& geoms,
                                                       const std::vector<double>& tolerances) {
  const size_t nl = tolerances.size();
  // Vertex degree = number of distinct neighbours over every ring.
  std::vector<std::pair<uint64_t, uint64_t>> und;
  for (const MultiPolygon* g : geoms)
    for (const auto& p : g->polys)
      for (const auto& r : p.rings)
        for (size_t k = 0, n = r.size(); k < n; ++k) {
          uint64_t a = vkey(r[k]), b = vkey(r[(k + 1) % n]);
          if (a == b) continue;
          if (a > b) std::swap(a, b);
          und.push_back({a, b});
        }
  std::sort(und.begin(), und.end());
  und.erase(std::unique(und.begin(), und.end()), und.end());
  std::unordered_map<uint64_t, uint32_t> degree;
  degree.reserve(und.size());
  for (const auto& [a, b] : und) {
    ++degree[a];
    ++degree[b];
  }
  und = {};
  // Per vertex: the levels that keep it (bit per level), decided once per arc.
  std::unordered_map<uint64_t, uint32_t> kept;
  kept.reserve(degree.size());
  const uint32_t all = nl >= 32 ? ~0u : ((1u << nl) - 1);
  std::vector<Vec2> arc;
  std::vector<uint64_t> arc_keys;
  std::vector<char> keep;
  auto process_arc = [&]() {
    // Canonical direction, so that both polygons sharing the arc decide the same way.
    const size_t n = arc.size();
    if (n < 3) return;
    if (kept.count(arc_keys[1])) return;  // interior vertices belong to one arc only: already done
    const bool flip = arc_keys.front() != arc_keys.back() ? arc_keys.front() > arc_keys.back()
                                                          : arc_keys[1] > arc_keys[n - 2];
    if (flip) {
      std::reverse(arc.begin(), arc.end());
      std::reverse(arc_keys.begin(), arc_keys.end());
    }
    std::vector<uint32_t> mask(n, 0);
    for (size_t l = 0; l < nl; ++l) {
      douglas_peucker(arc, tolerances[l], keep);
      for (size_t i = 0; i < n; ++i)
        if (keep[i]) mask[i] |= 1u << l;
    }
    for (size_t i = 1; i + 1 < n; ++i) kept[arc_keys[i]] = mask[i];
  };
  std::vector<uint64_t> keys;
  for (const MultiPolygon* g : geoms)
    for (const auto& p : g->polys)
      for (const auto& r : p.rings) {
        const size_t n = r.size();
        if (n < 3) continue;
        keys.resize(n);
        for (size_t k = 0; k < n; ++k) keys[k] = vkey(r[k]);
        auto is_node = [&](size_t k) { auto it = degree.find(keys[k]); return it == degree.end() || it->second != 2; };
        size_t start = n, far_k = n;
        for (size_t k = 0; k < n && start == n; ++k)
          if (is_node(k)) start = k;
        if (start == n) {  // no junction on this ring: start at its smallest vertex
          start = 0;
          for (size_t k = 1; k < n; ++k)
            if (keys[k] < keys[start]) start = k;
          kept[keys[start]] = all;
          // and keep the farthest vertex too, so the ring cannot collapse
          size_t far = start;
          double fd = -1;
          for (size_t k = 0; k < n; ++k)
            if (double d = dist2(r[k], r[start]); d > fd) { fd = d; far = k; }
          kept[keys[far]] = all;
          far_k = far;
        }
        // Walk the ring from `start`, cutting at junctions (and the forced vertices).
        arc.clear();
        arc_keys.clear();
        for (size_t j = 0; j <= n; ++j) {
          const size_t k = (start + j) % n;
          arc.push_back(r[k]);
          arc_keys.push_back(keys[k]);
          const bool cut = j > 0 && (is_node(k) || k == far_k);
          if (cut || j == n) {
            process_arc();
            arc.assign(1, r[k]);
            arc_keys.assign(1, keys[k]);
          }
        }
      }
  std::vector<std::vector<MultiPolygon>> out(nl, std::vector<MultiPolygon>(geoms.size()));
  for (size_t gi = 0; gi < geoms.size(); ++gi) {
    const MultiPolygon& g = *geoms[gi];
    for (size_t l = 0; l < nl; ++l) {
      MultiPolygon& m = out[l][gi];
      for (const auto& p : g.polys) {
        Polygon q;
        for (size_t ri = 0; ri < p.rings.size(); ++ri) {
          const Ring& r = p.rings[ri];
          Ring s;
          for (const Vec2& v : r) {
            auto it = kept.find(vkey(v));
            if (it == kept.end() || (it->second >> l & 1)) s.push_back(v);
          }
          if (s.size() < 3) {
            if (ri == 0) s = r;  // never lose a polygon: keep its exterior as it is
            else continue;       // a hole smaller than the tolerance
          }
          q.rings.push_back(std::move(s));
        }
        if (!q.rings.empty()) m.polys.push_back(std::move(q));
      }
    }
  }
  return out;
}

int road_draw_class(roads::RoadClass c) {
  using RC = roads::RoadClass;
  switch (c) {
    case RC::Motorway: case RC::MotorwayLink: case RC::Trunk: case RC::TrunkLink: return 0;
    case RC::Primary: case RC::PrimaryLink: case RC::Secondary: case RC::SecondaryLink: return 1;
    default: return 2;
  }
}

RoadLines build_road_lines(const roads::Graph& g, Vec2 o) {
  const auto t0 = Clock::now();
  RoadLines out;
  if (g.segs.empty()) return out;
  // Full detail (half a metre: the shape as mapped, less its collinear points), then a
  // level from 8 m/px and one from kRoadMinorMaxMpp (the major and middle classes only:
  // the minor roads are not drawn there). Tolerances: 3/4 pixel at the level's scale.
  const double min_mpp[] = {0, 8, kRoadMinorMaxMpp};
  const double tol[] = {0.5, 6, 0.75 * kRoadMinorMaxMpp};
  constexpr size_t nl = sizeof(min_mpp) / sizeof(min_mpp[0]);
  out.levels.resize(nl);
  for (size_t l = 0; l < nl; ++l) {
    out.levels[l].min_mpp = min_mpp[l];
    out.levels[l].tolerance_m = tol[l];
  }
  std::vector<Vec2> pts;
  std::vector<char> keep;
  for (size_t s = 0; s < g.segs.size(); ++s) {
    const roads::Segment& sg = g.segs[s];
    // A malformed segment (points out of range) is skipped rather than read past the end.
    if (sg.n_pts < 2 || size_t(sg.first_pt) + sg.n_pts > g.seg_pts.size()) continue;
    const int cls = road_draw_class(sg.cls);
    pts.assign(g.seg_pts.begin() + sg.first_pt, g.seg_pts.begin() + sg.first_pt + sg.n_pts);
    for (size_t l = 0; l < nl; ++l) {
      if (cls == 2 && min_mpp[l] >= kRoadMinorMaxMpp) continue;
      douglas_peucker(pts, tol[l], keep);
      auto& dst = out.levels[l].lines[cls];
      size_t prev = 0;
      for (size_t k = 1; k < pts.size(); ++k) {
        if (!keep[k]) continue;
        if (pts[k].x != pts[prev].x || pts[k].y != pts[prev].y)
          dst.push_back(seg_of(pts[prev], pts[k], o, static_cast<uint32_t>(s)));
        prev = k;
      }
    }
    ++out.segments;
  }
  // Spatial order: the renderer culls chunks of consecutive segments.
  for (auto& lv : out.levels)
    for (auto& v : lv.lines) spatial_sort(v, false);
  out.build_ms = ms_since(t0);
  return out;
}

MapData build_map_data(const Workspace& ws, const std::function<void(float)>& progress) {
  const auto t0 = Clock::now();
  MapData d;
  BBox ext = ws.extent();
  d.origin = ext.empty() ? Vec2{} : Vec2{std::round(ext.center().x), std::round(ext.center().y)};
  const Vec2 o = d.origin;
  auto report = [&](float f) { if (progress) progress(f); };

  std::vector<const MultiPolygon*> cg, dg;
  for (const auto& c : ws.communes) cg.push_back(&c.geom);
  for (const auto& dep : ws.departements) dg.push_back(&dep.geom);
  // Levels of detail, on a second thread while this one builds the full detail: a level
  // serves from min_mpp outwards; its tolerance stays under a pixel there, and shared
  // borders are simplified once, so the fills meet without cracks.
  auto lods = std::async(std::launch::async, [&ws, &cg, &dg, o] {
    const auto ts = Clock::now();
    const std::vector<double> min_mpp = {60, 250};
    std::vector<double> tol;
    for (double m : min_mpp) tol.push_back(0.75 * m);
    auto sc = simplify_shared(cg, tol);
    std::vector<const MultiPolygon*> bg = dg;
    bg.push_back(&ws.region.geom);
    auto sb = simplify_shared(bg, tol);
    // Dissolved fills: at these scales the land, the choropleth and the basins are drawn
    // from a few dozen polygons instead of every commune's triangles. One more thread per
    // level (the unions are the longest part here, the full detail beside runs shorter).
    struct Dissolved { FillMesh zones, basins; double ms = 0; };
    std::vector<std::future<Dissolved>> dissolved;
    for (size_t l = 0; l < min_mpp.size(); ++l)
      dissolved.push_back(std::async(std::launch::async, [&ws, &sc, &tol, l, o] {
        const auto td = Clock::now();
        std::vector<const MultiPolygon*> c2;
        for (const auto& m : sc[l]) c2.push_back(&m);
        const int nz = static_cast<int>(ws.zones.size());
        std::vector<int> zg(c2.size()), bgp(c2.size());
        for (size_t i = 0; i < c2.size(); ++i) {
          const auto it = ws.zone_by_code.find(ws.communes[i].zone_emploi);
          zg[i] = it == ws.zone_by_code.end() ? nz : static_cast<int>(it->second);
          bgp[i] = ws.communes[i].in_rural_basin ? 0 : -1;
        }
        const double min_hole = 4 * tol[l] * tol[l];
        Dissolved r;
        r.zones = dissolve_fill(c2, zg, nz + 1, min_hole, o);
        r.basins = dissolve_fill(c2, bgp, 1, min_hole, o);
        r.ms = ms_since(td);
        return r;
      }));
    std::vector<MapLod> out;
    double unused_ms = 0;
    for (size_t l = 0; l < min_mpp.size(); ++l) {
      MapLod lod;
      lod.min_mpp = min_mpp[l];
      lod.tolerance_m = tol[l];
      std::vector<const MultiPolygon*> c2, d2;
      for (const auto& m : sc[l]) c2.push_back(&m);
      for (size_t i = 0; i < dg.size(); ++i) d2.push_back(&sb[l][i]);
      build_level(ws, c2, d2, sb[l].back(), o, lod, nullptr, unused_ms, {});
      // Derived boundaries re-chained across commune junctions (half the tolerance: they
      // stay within a pixel of the fills they border).
      merge_simplify(lod.zone_lines, 0.5 * tol[l], false);
      dedupe_laureate_lines(lod.laureate_lines, lod.laureate_sets);
      merge_simplify(lod.laureate_lines, 0.5 * tol[l], true);
      merge_simplify(lod.dep_lines, 0.5 * tol[l], false);
      merge_simplify(lod.region_lines, 0.5 * tol[l], false);
      spatial_sort(lod.zone_lines, false);
      spatial_sort(lod.laureate_lines, true);
      spatial_sort(lod.dep_lines, false);
      spatial_sort(lod.region_lines, false);
      Dissolved dz = dissolved[l].get();
      lod.zone_fill = std::move(dz.zones);
      lod.basin_fill = std::move(dz.basins);
      lod.dissolve_ms = dz.ms;
      out.push_back(std::move(lod));
    }
    return std::make_pair(std::move(out), ms_since(ts));
  });
  double tri_ms = 0;
  {
    // Full detail (the heavy part: 0 -> 0.8 of the progress).
    MapLod full;
    build_level(ws, cg, dg, ws.region.geom, o, full, &d.tri_stats, tri_ms, [&](float f) { report(0.8f * f); });
    d.communes = std::move(full.communes);
    d.commune_lines = std::move(full.commune_lines);
    d.zone_lines = std::move(full.zone_lines);
    d.dep_lines = std::move(full.dep_lines);
    d.region_lines = std::move(full.region_lines);
    d.laureate_lines = std::move(full.laureate_lines);
  }

  for (size_t i = 0; i < ws.qpvs.size(); ++i) {
    const auto& q = ws.qpvs[i];
    const bool drawn = q.has_perimeter && !q.perimeter.empty();  // else an empty range (commune-level QPV)
    const auto tt = Clock::now();
    append_fill(drawn ? q.perimeter : MultiPolygon{}, static_cast<uint32_t>(i), o, d.qpv, &d.tri_stats);
    tri_ms += ms_since(tt);
    if (drawn) append_outline(q.perimeter, o, static_cast<uint32_t>(i), d.qpv_lines);
  }
  d.triangulate_ms = tri_ms;
  {
    auto [levels, lod_ms] = lods.get();
    d.lods = std::move(levels);
    d.simplify_ms = lod_ms;
  }
  report(0.9f);
  if (ws.roads) d.roads = build_road_lines(ws.roads->car, o);

  // Points.
  for (size_t i = 0; i < ws.services.size(); ++i) {
    const auto& s = ws.services[i];
    d.services.push_back({float(s.pos.x - o.x), float(s.pos.y - o.y), uint32_t(static_cast<int>(s.kind)), uint32_t(i)});
  }
  std::unordered_map<size_t, size_t> marker_of_commune;
  for (const auto& q : ws.qpvs) {
    if (q.has_perimeter) continue;
    for (const auto& code : q.communes) {
      auto it = ws.commune_by_code.find(code);
      if (it == ws.commune_by_code.end()) continue;
      auto [m, fresh] = marker_of_commune.try_emplace(it->second, d.qpv_markers.size());
      if (fresh) {
        const Vec2 a = ws.communes[it->second].anchor;
        d.qpv_markers.push_back({float(a.x - o.x), float(a.y - o.y), uint32_t(kQpvMarkerStyle), uint32_t(it->second)});
        d.qpv_marker_count.push_back(0);
      }
      ++d.qpv_marker_count[m->second];
    }
  }
  d.build_ms = ms_since(t0);
  report(1.0f);
  return d;
}

}  // namespace maraude::render
