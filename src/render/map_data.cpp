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
    for (uint32_t k : idx) d.communes.indices.push_back(base + k);
    if ((i & 127) == 0) report(0.8f * float(i) / float(std::max<size_t>(1, nc)));
  }
  for (size_t i = 0; i < ws.qpvs.size(); ++i) {
    const auto& q = ws.qpvs[i];
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
