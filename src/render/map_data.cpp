#include "render/map_data.h"
#include "render/style.h"

#include <chrono>
#include <cmath>
#include <unordered_map>

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

void append_outline(const MultiPolygon& mp, Vec2 origin, uint32_t id, std::vector<LineSeg>& out) {
  for (const auto& p : mp.polys)
    for (const auto& r : p.rings)
      for (size_t i = 0, n = r.size(); i < n; ++i) out.push_back(seg_of(r[i], r[(i + 1) % n], origin, id));
}

MapData build_map_data(const Workspace& ws, const std::function<void(float)>& progress) {
  const auto t0 = Clock::now();
  MapData d;
  BBox ext = ws.extent();
  d.origin = ext.empty() ? Vec2{} : Vec2{std::round(ext.center().x), std::round(ext.center().y)};
  const Vec2 o = d.origin;
  auto report = [&](float f) { if (progress) progress(f); };

  // Commune fills (the heavy part: 0 → 0.8 of the progress).
  double tri_ms = 0;
  std::vector<Vec2> verts;
  std::vector<uint32_t> idx;
  const size_t nc = ws.communes.size();
  for (size_t i = 0; i < nc; ++i) {
    verts.clear();
    idx.clear();
    const auto tt = Clock::now();
    triangulate(ws.communes[i].geom, verts, idx, &d.tri_stats);
    tri_ms += ms_since(tt);
    const uint32_t base = static_cast<uint32_t>(d.communes.ids.size());
    for (const auto& v : verts) {
      d.communes.xy.push_back(float(v.x - o.x));
      d.communes.xy.push_back(float(v.y - o.y));
      d.communes.ids.push_back(static_cast<uint32_t>(i));
    }
    d.communes.first.push_back(static_cast<uint32_t>(d.communes.indices.size()));
    d.communes.count.push_back(static_cast<uint32_t>(idx.size()));
    BBox bb = bbox(ws.communes[i].geom);
    d.communes.boxes.push_back(bb.empty() ? bb : BBox{bb.minx - o.x, bb.miny - o.y, bb.maxx - o.x, bb.maxy - o.y});
    for (uint32_t k : idx) d.communes.indices.push_back(base + k);
    if ((i & 127) == 0) report(0.8f * float(i) / float(std::max<size_t>(1, nc)));
  }
  for (size_t i = 0; i < ws.qpvs.size(); ++i) {
    const auto& q = ws.qpvs[i];
    d.qpv.first.push_back(static_cast<uint32_t>(d.qpv.indices.size()));
    d.qpv.count.push_back(0);
    d.qpv.boxes.push_back({});
    if (!q.has_perimeter || q.perimeter.empty()) continue;
    verts.clear();
    idx.clear();
    const auto tt = Clock::now();
    triangulate(q.perimeter, verts, idx, &d.tri_stats);
    tri_ms += ms_since(tt);
    const uint32_t base = static_cast<uint32_t>(d.qpv.ids.size());
    for (const auto& v : verts) {
      d.qpv.xy.push_back(float(v.x - o.x));
      d.qpv.xy.push_back(float(v.y - o.y));
      d.qpv.ids.push_back(static_cast<uint32_t>(i));
    }
    for (uint32_t k : idx) d.qpv.indices.push_back(base + k);
    d.qpv.count.back() = static_cast<uint32_t>(idx.size());
    const BBox bb = bbox(q.perimeter);
    d.qpv.boxes.back() = {bb.minx - o.x, bb.miny - o.y, bb.maxx - o.x, bb.maxy - o.y};
    append_outline(q.perimeter, o, static_cast<uint32_t>(i), d.qpv_lines);
  }
  d.triangulate_ms = tri_ms;
  report(0.85f);

  // Shared commune edges, once each, with the communes on both sides.
  std::unordered_map<EdgeKey, EdgeRec, EdgeHash> edges;
  edges.reserve(d.communes.ids.size());
  for (size_t i = 0; i < nc; ++i)
    for (const auto& p : ws.communes[i].geom.polys)
      for (const auto& r : p.rings)
        for (size_t k = 0, n = r.size(); k < n; ++k) {
          const Vec2 a = r[k], b = r[(k + 1) % n];
          auto [it, fresh] = edges.try_emplace(key_of(a, b));
          if (fresh) { it->second.seg = seg_of(a, b, o, uint32_t(i)); it->second.c1 = int32_t(i); }
          else if (it->second.c1 != int32_t(i)) it->second.c2 = int32_t(i);
        }
  report(0.92f);
  std::vector<std::vector<char>> in_laureate(ws.laureates.size(), std::vector<char>(nc, 0));
  for (size_t l = 0; l < ws.laureates.size(); ++l)
    for (const auto& code : ws.laureates[l].communes)
      if (auto it = ws.commune_by_code.find(code); it != ws.commune_by_code.end()) in_laureate[l][it->second] = 1;
  d.commune_lines.reserve(edges.size());
  for (const auto& [k, e] : edges) {
    d.commune_lines.push_back(e.seg);
    const auto& z1 = ws.communes[e.c1].zone_emploi;
    if (e.c2 < 0 || ws.communes[e.c2].zone_emploi != z1) d.zone_lines.push_back(e.seg);
    for (size_t l = 0; l < in_laureate.size(); ++l) {
      const bool a = in_laureate[l][e.c1], b = e.c2 >= 0 && in_laureate[l][e.c2];
      if (a != b) {
        LineSeg s = e.seg;
        s.id = static_cast<uint32_t>(l);
        d.laureate_lines.push_back(s);
      }
    }
  }
  drop_specks(d.zone_lines, 250);
  {
    // Per laureate, so that one territory's specks are judged on their own.
    std::vector<std::vector<LineSeg>> per(ws.laureates.size());
    for (const auto& s : d.laureate_lines) per[s.id].push_back(s);
    d.laureate_lines.clear();
    for (auto& v : per) {
      drop_specks(v, 250);
      d.laureate_lines.insert(d.laureate_lines.end(), v.begin(), v.end());
    }
  }
  for (size_t i = 0; i < ws.departements.size(); ++i) append_outline(ws.departements[i].geom, o, uint32_t(i), d.dep_lines);
  append_outline(ws.region.geom, o, 0, d.region_lines);

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
