#include "core/roads/router.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <cmath>
#include <functional>
#include <iterator>
#include <thread>

#include "core/error.h"
#include "core/roads/ch.h"
#include "core/roads/router_impl.h"

namespace maraude::roads {

namespace {

constexpr uint32_t kSeedFwd = 0xFFFFFFFEu;  // pred_edge of a node seeded through its segment's forward edge
constexpr uint32_t kSeedBwd = 0xFFFFFFFDu;  // ... through the backward edge
constexpr uint32_t kSeedAt = 0xFFFFFFFCu;   // ... because the point is that node
inline bool is_seed(uint32_t pred_edge) { return pred_edge >= kSeedAt; }

// The directed edges of one segment: forward runs a→b, backward b→a (either may be missing).
struct SegEdges {
  const Edge* fwd = nullptr;
  const Edge* bwd = nullptr;
};

SegEdges seg_edges(const Graph& g, uint32_t s) {
  const Segment& sg = g.segs[s];
  SegEdges r;
  for (uint32_t k = g.first_out[sg.a]; k < g.first_out[sg.a + 1]; ++k)
    if (g.out[k].seg == s && !g.out[k].reversed) r.fwd = &g.out[k];
  for (uint32_t k = g.first_out[sg.b]; k < g.first_out[sg.b + 1]; ++k)
    if (g.out[k].seg == s && g.out[k].reversed) r.bwd = &g.out[k];
  return r;
}

inline double ecost(const Edge& e, Metric m) { return m == Metric::Time ? e.time_s : e.length_m; }
inline double eother(const Edge& e, Metric m) { return m == Metric::Time ? e.length_m : e.time_s; }
inline double extra_cost(const Endpoint& e, Metric m) { return m == Metric::Time ? e.extra_s : e.extra_m; }
inline double extra_other(const Endpoint& e, Metric m) { return m == Metric::Time ? e.extra_m : e.extra_s; }

// Share of the segment between its first point and position t (0..1).
inline double frac(const Graph& g, uint32_t s, double t) {
  const double L = g.segs[s].length_m;
  if (!(L > 0)) return 0;
  return std::clamp(t / L, 0.0, 1.0);
}

inline void relax(SearchBuffers& b, uint32_t v, double c, double o, uint32_t src, uint32_t pe, uint32_t pn) {
  NodeState& ns = b.node[v];
  if (ns.stamp == b.cur && !(c < ns.cost)) return;
  ns.stamp = b.cur;
  ns.cost = c;
  ns.other = o;
  ns.src = src;
  ns.pred_edge = pe;
  ns.pred_node = pn;
  b.heap.emplace_back(c, v);
  std::push_heap(b.heap.begin(), b.heap.end(), std::greater<>());
}

// The seeds of a search from a snapped point: the ends of its segment the allowed
// directions lead to, f(node, cost, other, marker, pred_node) for each.
template <class F>
void for_seeds(const Graph& g, const Endpoint& e, Metric m, double base, double base_other, double bound, F&& f) {
  if (!e.snap.ok) return;
  const uint32_t s = e.snap.seg;
  const Segment& sg = g.segs[s];
  const SegEdges se = seg_edges(g, s);
  const double fr = frac(g, s, e.snap.t);
  if (se.fwd) {
    const double c = base + (1 - fr) * ecost(*se.fwd, m);
    if (c <= bound) f(sg.b, c, base_other + (1 - fr) * eother(*se.fwd, m), kSeedFwd, sg.a);
  }
  if (se.bwd) {
    const double c = base + fr * ecost(*se.bwd, m);
    if (c <= bound) f(sg.a, c, base_other + fr * eother(*se.bwd, m), kSeedBwd, sg.b);
  }
  // A point right on a junction leaves by any of its edges, whatever the segment's direction.
  if (base <= bound) {
    if (fr <= 0) f(sg.a, base, base_other, kSeedAt, sg.a);
    if (fr >= 1) f(sg.b, base, base_other, kSeedAt, sg.b);
  }
}

// Seeds a search from a snapped point.
void seed(const Graph& g, SearchBuffers& b, const Endpoint& e, Metric m, double base, double base_other,
          uint32_t src, double bound) {
  for_seeds(g, e, m, base, base_other, bound, [&](uint32_t v, double c, double o, uint32_t marker, uint32_t pn) {
    relax(b, v, c, o, src, marker, pn);
  });
}

// Settles nodes in cost order until the heap is empty or on_settle(v) returns true.
// Nothing costing more than `bound` is ever queued.
// `backward`: follows the reverse adjacency (costs *to* the seeds instead of *from* them).
template <class OnSettle>
void run(const Graph& g, SearchBuffers& b, Metric m, double bound, OnSettle on_settle, bool backward = false) {
  const std::vector<uint32_t>& first = backward ? g.first_in : g.first_out;
  const std::vector<Edge>& adj = backward ? g.in : g.out;
  auto& heap = b.heap;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>());
    const auto [c, u] = heap.back();
    heap.pop_back();
    NodeState& nu = b.node[u];
    if (nu.done == b.cur || c > nu.cost) continue;  // stale entry
    nu.done = b.cur;
    if (on_settle(u)) return;
    const double ou = nu.other;
    const uint32_t su = nu.src;
    const uint32_t k_end = first[u + 1];
    for (uint32_t k = first[u]; k < k_end; ++k) {
      const Edge& e = adj[k];
      const double nc = c + ecost(e, m);
      if (nc > bound) continue;
      NodeState& nv = b.node[e.to];
      if (nv.stamp == b.cur && !(nc < nv.cost)) continue;
      nv.stamp = b.cur;
      nv.cost = nc;
      nv.other = ou + eother(e, m);
      nv.src = su;
      nv.pred_edge = k;
      nv.pred_node = u;
      heap.emplace_back(nc, e.to);
      std::push_heap(heap.begin(), heap.end(), std::greater<>());
    }
  }
}

inline bool settled(const SearchBuffers& b, uint32_t v) { return b.node[v].done == b.cur; }

// Cost-only search (reach areas): per node its cost alone (LeanState), a radix heap.
inline void lean_relax(SearchBuffers& b, uint32_t v, double c) {
  LeanState& s = b.lean[v];
  if (s.stamp == b.cur && !(c < s.cost)) return;
  s.stamp = b.cur;
  s.cost = c;
  b.radix.push(c, v);
}

// Seeds every source (source i at offset[i] plus its off-road part), then settles nodes in
// cost order; nothing costing more than `bound` is queued, so the settled nodes (appended
// to `reached` in settle order) are the reached ones. The same costs as run() gives.
void run_lean(const Graph& g, const LeanArc* arcs, SearchBuffers& b, const std::vector<Endpoint>& sources,
              const std::vector<double>& offset, Metric m, double bound, std::vector<uint32_t>& reached) {
  b.lean_resize(g.n_nodes());
  b.start();
  for (size_t i = 0; i < sources.size(); ++i) {
    const Endpoint& s = sources[i];
    for_seeds(g, s, m, offset[i] + extra_cost(s, m), extra_other(s, m), bound,
              [&](uint32_t v, double c, double, uint32_t, uint32_t) { lean_relax(b, v, c); });
  }
  auto& lean = b.lean;
  const uint32_t cur = b.cur;
  const uint32_t* first = g.first_out.data();
  while (!b.radix.empty()) {
    const auto [c, u] = b.radix.pop();
    if (c > lean[u].cost) continue;  // stale entry (every push is a strict improvement)
    reached.push_back(u);
    const uint32_t k_end = first[u + 1];
    for (uint32_t k = first[u]; k < k_end; ++k) {
      const LeanArc& e = arcs[k];
      const double nc = c + static_cast<double>(e.cost);
      if (nc > bound) continue;
      LeanState& s = lean[e.to];
      if (s.stamp == cur && !(nc < s.cost)) continue;
      s.stamp = cur;
      s.cost = nc;
      b.radix.push(nc, e.to);
    }
  }
}

// How a search reaches a target point: via the start of its segment (forward edge), via its
// end (backward edge), or directly along the source's own segment.
enum class Via { None, A, B, Direct };
struct PointCost {
  double cost = kUnreachable, other = kUnreachable;
  Via via = Via::None;
};

// Both points on one segment, the target ahead in an allowed direction: straight along it.
void offer_direct(const Graph& g, const Endpoint& s, const Endpoint& t, Metric m, PointCost& best) {
  if (s.snap.seg != t.snap.seg) return;
  const uint32_t seg = t.snap.seg;
  const SegEdges se = seg_edges(g, seg);
  const double fs = frac(g, seg, s.snap.t), ft = frac(g, seg, t.snap.t);
  auto offer = [&](double c, double o) {
    if (c < best.cost) best = {c, o, Via::Direct};
  };
  if (se.fwd && ft >= fs) offer((ft - fs) * ecost(*se.fwd, m), (ft - fs) * eother(*se.fwd, m));
  if (se.bwd && ft <= fs) offer((fs - ft) * ecost(*se.bwd, m), (fs - ft) * eother(*se.bwd, m));
}

// Cost of reaching target point `t` once the search from `s` (seeded with zero base) has
// settled what it could. Excludes both off-road extras.
PointCost to_point(const Graph& g, const SearchBuffers& b, const Endpoint& s, const Endpoint& t, Metric m) {
  PointCost best;
  if (!s.snap.ok || !t.snap.ok) return best;
  const uint32_t ts = t.snap.seg;
  const Segment& sg = g.segs[ts];
  const SegEdges te = seg_edges(g, ts);
  const double ft = frac(g, ts, t.snap.t);
  auto offer = [&](double c, double o, Via via) {
    if (c < best.cost) best = {c, o, via};
  };
  if (te.fwd && settled(b, sg.a)) offer(b.node[sg.a].cost + ft * ecost(*te.fwd, m), b.node[sg.a].other + ft * eother(*te.fwd, m), Via::A);
  if (te.bwd && settled(b, sg.b))
    offer(b.node[sg.b].cost + (1 - ft) * ecost(*te.bwd, m), b.node[sg.b].other + (1 - ft) * eother(*te.bwd, m), Via::B);
  // A target right on a junction is reached with the junction, whatever the segment's direction.
  if (ft <= 0 && settled(b, sg.a)) offer(b.node[sg.a].cost, b.node[sg.a].other, Via::A);
  if (ft >= 1 && settled(b, sg.b)) offer(b.node[sg.b].cost, b.node[sg.b].other, Via::B);
  offer_direct(g, s, t, m, best);
  return best;
}

// Seeds a backward search from target point `t`: the segment ends from which an allowed
// direction leads to it, at the cost of the part between that end and the point.
void seed_backward(const Graph& g, SearchBuffers& b, const Endpoint& t, Metric m) {
  if (!t.snap.ok) return;
  const uint32_t s = t.snap.seg;
  const Segment& sg = g.segs[s];
  const SegEdges te = seg_edges(g, s);
  const double f = frac(g, s, t.snap.t);
  if (te.fwd) relax(b, sg.a, f * ecost(*te.fwd, m), f * eother(*te.fwd, m), 0, kSeedFwd, sg.b);
  if (te.bwd) relax(b, sg.b, (1 - f) * ecost(*te.bwd, m), (1 - f) * eother(*te.bwd, m), 0, kSeedBwd, sg.a);
  if (f <= 0) relax(b, sg.a, 0, 0, 0, kSeedAt, sg.a);
  if (f >= 1) relax(b, sg.b, 0, 0, 0, kSeedAt, sg.b);
}

// Cost from source point `s` to the target of a settled backward search. Excludes the extras.
PointCost from_point(const Graph& g, const SearchBuffers& b, const Endpoint& s, const Endpoint& t, Metric m) {
  PointCost best;
  if (!s.snap.ok || !t.snap.ok) return best;
  const uint32_t ss = s.snap.seg;
  const Segment& sg = g.segs[ss];
  const SegEdges se = seg_edges(g, ss);
  const double fs = frac(g, ss, s.snap.t);
  auto offer = [&](double c, double o, Via via) {
    if (c < best.cost) best = {c, o, via};
  };
  if (se.fwd && settled(b, sg.b))
    offer(b.node[sg.b].cost + (1 - fs) * ecost(*se.fwd, m), b.node[sg.b].other + (1 - fs) * eother(*se.fwd, m), Via::B);
  if (se.bwd && settled(b, sg.a))
    offer(b.node[sg.a].cost + fs * ecost(*se.bwd, m), b.node[sg.a].other + fs * eother(*se.bwd, m), Via::A);
  if (fs <= 0 && settled(b, sg.a)) offer(b.node[sg.a].cost, b.node[sg.a].other, Via::A);
  if (fs >= 1 && settled(b, sg.b)) offer(b.node[sg.b].cost, b.node[sg.b].other, Via::B);
  offer_direct(g, s, t, m, best);
  return best;
}

// Appends p unless it repeats the last point of the line that begins at line[start].
void push_point(std::vector<Vec2>& line, Vec2 p, size_t start = 0) {
  if (line.size() == start || dist2(line.back(), p) > 1e-12) line.push_back(p);
}

// Appends the part of segment s from position t0 to position t1 (t1 < t0: walked backwards).
// One walk along the segment (the same sums as point_at), no temporary vector.
// `start`: where the line begins in `line` (flat arrays of several lines).
void append_part(const Graph& g, uint32_t s, double t0, double t1, std::vector<Vec2>& line, size_t start = 0) {
  const Segment& sg = g.segs[s];
  const Vec2* p = &g.seg_pts[sg.first_pt];
  const double lo = std::min(t0, t1), hi = std::max(t0, t1);
  const uint32_t n = sg.n_pts;
  // The point at lo, the shape points strictly between lo and hi, the point at hi: acc is
  // the length up to p[k]; a point at t lies on the first piece whose end is at t or beyond.
  Vec2 at_lo = p[n - 1], at_hi = p[n - 1];
  bool lo_done = lo <= 0, hi_done = hi <= 0;
  if (lo_done) at_lo = p[0];
  if (hi_done) at_hi = p[0];
  Vec2 part_buf[64];
  std::vector<Vec2> part_big;
  size_t n_mid = 0;
  auto mid = [&](Vec2 q) {
    if (n_mid < 64) part_buf[n_mid] = q;
    else {
      if (part_big.empty()) part_big.assign(part_buf, part_buf + 64);
      part_big.push_back(q);
    }
    ++n_mid;
  };
  double acc = 0;
  for (uint32_t k = 0; k + 1 < n; ++k) {
    const double l = dist(p[k], p[k + 1]);
    if (!lo_done && acc + l >= lo) {
      const double u = l > 0 ? (lo - acc) / l : 0;
      at_lo = p[k] + (p[k + 1] - p[k]) * u;
      lo_done = true;
    }
    if (!hi_done && acc + l >= hi) {
      const double u = l > 0 ? (hi - acc) / l : 0;
      at_hi = p[k] + (p[k + 1] - p[k]) * u;
      hi_done = true;
    }
    acc += l;
    if (k + 2 < n && acc > lo && acc < hi) mid(p[k + 1]);
  }
  const Vec2* mids = n_mid <= 64 ? part_buf : part_big.data();
  if (t1 < t0) {
    push_point(line, at_hi, start);
    for (size_t k = n_mid; k-- > 0;) push_point(line, mids[k], start);
    push_point(line, at_lo, start);
  } else {
    push_point(line, at_lo, start);
    for (size_t k = 0; k < n_mid; ++k) push_point(line, mids[k], start);
    push_point(line, at_hi, start);
  }
}

void append_edge(const Graph& g, const Edge& e, std::vector<Vec2>& line) {
  const Segment& sg = g.segs[e.seg];
  const Vec2* p = &g.seg_pts[sg.first_pt];
  if (!e.reversed)
    for (uint32_t k = 0; k < sg.n_pts; ++k) push_point(line, p[k]);
  else
    for (uint32_t k = sg.n_pts; k-- > 0;) push_point(line, p[k]);
}

// The pieces [first, last) of one segment, sorted by their start, merged into maximal runs
// (overlapping or touching pieces joined); emit(lo, hi) gets each run longer than a micrometre.
template <class It, class Emit>
void merge_runs(It first, It last, Emit&& emit) {
  double lo = first->lo, hi = first->hi;
  for (It p = std::next(first); p != last; ++p) {
    if (p->lo <= hi + 1e-9) {
      hi = std::max(hi, p->hi);
      continue;
    }
    if (hi - lo > 1e-6) emit(lo, hi);
    lo = p->lo;
    hi = p->hi;
  }
  if (hi - lo > 1e-6) emit(lo, hi);
}

// Share (0..1) of edge `e` still within budget with `left` of it left.
double edge_share(double left, const Edge& e, Metric m) {
  const double c = ecost(e, m);
  return c > 0 ? std::min(1.0, left / c) : 1.0;
}

// The part [lo, hi] (metres along the segment) of a source's own segment reached before
// either end, with `left` of the budget once the source's off-road access is paid.
struct SourcePart {
  uint32_t seg;
  double lo, hi;
};
SourcePart source_part(const Graph& g, const Endpoint& s, double left, Metric m) {
  const double L = g.segs[s.snap.seg].length_m;
  const SegEdges se = seg_edges(g, s.snap.seg);
  double lo = s.snap.t, hi = s.snap.t;
  if (se.fwd) hi = std::min(L, s.snap.t + edge_share(left, *se.fwd, m) * L);
  if (se.bwd) lo = std::max(0.0, s.snap.t - edge_share(left, *se.bwd, m) * L);
  return {s.snap.seg, lo, hi};
}

}  // namespace

// ---- SegmentIndex -------------------------------------------------------------------------

SegmentIndex::SegmentIndex(const Graph& g, double cell_m) : g_(g), cell_m_(cell_m > 0 ? cell_m : 500) {
  pt_seg_.assign(g.seg_pts.size(), kNoNode);
  for (uint32_t s = 0; s < g.segs.size(); ++s)
    for (uint32_t k = 0; k < g.segs[s].n_pts; ++k) pt_seg_[g.segs[s].first_pt + k] = s;
  for (const Vec2& p : g.seg_pts) box_.extend(p);
  if (box_.empty() || g.segs.empty()) return;
  // At most ~4 million cells, whatever the extent.
  const double area = std::max(box_.width(), 1.0) * std::max(box_.height(), 1.0);
  cell_m_ = std::max(cell_m_, std::sqrt(area / 4e6));
  nx_ = std::max(1, static_cast<int>(std::floor(box_.width() / cell_m_)) + 1);
  ny_ = std::max(1, static_cast<int>(std::floor(box_.height() / cell_m_)) + 1);
  const size_t n_cells = static_cast<size_t>(nx_) * ny_;
  auto cell_range = [&](uint32_t k, int& x0, int& x1, int& y0, int& y1) {
    const Vec2 a = g.seg_pts[k], b = g.seg_pts[k + 1];
    x0 = std::clamp(static_cast<int>((std::min(a.x, b.x) - box_.minx) / cell_m_), 0, nx_ - 1);
    x1 = std::clamp(static_cast<int>((std::max(a.x, b.x) - box_.minx) / cell_m_), 0, nx_ - 1);
    y0 = std::clamp(static_cast<int>((std::min(a.y, b.y) - box_.miny) / cell_m_), 0, ny_ - 1);
    y1 = std::clamp(static_cast<int>((std::max(a.y, b.y) - box_.miny) / cell_m_), 0, ny_ - 1);
  };
  // Two passes (count, fill) into a CSR of cells.
  first_.assign(n_cells + 1, 0);
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<uint32_t> fill;
    if (pass == 1) {
      for (size_t c = 0; c < n_cells; ++c) first_[c + 1] += first_[c];
      items_.resize(first_[n_cells]);
      fill.assign(first_.begin(), first_.end() - 1);
    }
    for (const Segment& sg : g.segs)
      for (uint32_t k = sg.first_pt; k + 1 < sg.first_pt + sg.n_pts; ++k) {
        int x0, x1, y0, y1;
        cell_range(k, x0, x1, y0, y1);
        for (int y = y0; y <= y1; ++y)
          for (int x = x0; x <= x1; ++x) {
            const size_t c = static_cast<size_t>(y) * nx_ + x;
            if (pass == 0) ++first_[c + 1];
            else items_[fill[c]++] = k;
          }
      }
  }
}

Snap SegmentIndex::snap(Vec2 p, double max_m) const {
  Snap best;
  best.off_m = kUnreachable;
  if (nx_ == 0 || !std::isfinite(p.x) || !std::isfinite(p.y)) return best;
  double best_d2 = kUnreachable;
  uint32_t best_k = kNoNode;
  double best_u = 0;
  auto test = [&](uint32_t k) {
    const Vec2 a = g_.seg_pts[k], b = g_.seg_pts[k + 1];
    const Vec2 d = b - a;
    const double l2 = d.x * d.x + d.y * d.y;
    double u = l2 > 0 ? ((p.x - a.x) * d.x + (p.y - a.y) * d.y) / l2 : 0;
    u = std::clamp(u, 0.0, 1.0);
    const double d2 = dist2(p, a + d * u);
    if (d2 < best_d2 || (d2 == best_d2 && k < best_k)) {
      best_d2 = d2;
      best_k = k;
      best_u = u;
    }
  };
  // The point's cell, possibly outside the grid; rings of cells around it, clipped to the grid.
  const double fx = std::floor((p.x - box_.minx) / cell_m_), fy = std::floor((p.y - box_.miny) / cell_m_);
  const long long cx = static_cast<long long>(std::clamp(fx, -1e15, 1e15));
  const long long cy = static_cast<long long>(std::clamp(fy, -1e15, 1e15));
  auto gap = [](long long c, long long n) { return c < 0 ? -c : (c >= n ? c - (n - 1) : 0); };
  const long long r0 = std::max(gap(cx, nx_), gap(cy, ny_));
  const long long r_max = std::max({std::llabs(cx), std::llabs(cx - (nx_ - 1)), std::llabs(cy), std::llabs(cy - (ny_ - 1))});
  auto scan_cell = [&](long long x, long long y) {
    if (x < 0 || y < 0 || x >= nx_ || y >= ny_) return;
    const size_t c = static_cast<size_t>(y) * nx_ + static_cast<size_t>(x);
    for (uint32_t i = first_[c]; i < first_[c + 1]; ++i) test(items_[i]);
  };
  for (long long r = r0; r <= r_max; ++r) {
    if (r == 0) scan_cell(cx, cy);
    else {
      const long long xa = std::max(cx - r, 0LL), xb = std::min(cx + r, static_cast<long long>(nx_ - 1));
      const long long ya = std::max(cy - r + 1, 0LL), yb = std::min(cy + r - 1, static_cast<long long>(ny_ - 1));
      for (long long x = xa; x <= xb; ++x) {
        scan_cell(x, cy - r);
        scan_cell(x, cy + r);
      }
      for (long long y = ya; y <= yb; ++y) {
        scan_cell(cx - r, y);
        scan_cell(cx + r, y);
      }
    }
    // Every cell of ring r+1 lies at least r cells away from the point.
    if (best_k != kNoNode && std::sqrt(best_d2) <= static_cast<double>(r) * cell_m_) break;
  }
  if (best_k == kNoNode) return best;
  const uint32_t s = pt_seg_[best_k];
  const Segment& sg = g_.segs[s];
  double t = 0;
  for (uint32_t k = sg.first_pt; k < best_k; ++k) t += dist(g_.seg_pts[k], g_.seg_pts[k + 1]);
  t += best_u * dist(g_.seg_pts[best_k], g_.seg_pts[best_k + 1]);
  best.seg = s;
  best.t = std::clamp(t, 0.0, static_cast<double>(sg.length_m));
  // Exactly on a junction: say so exactly (the float length may differ from the sum above).
  if (best_k == sg.first_pt && best_u <= 0) best.t = 0;
  if (best_k + 2 == sg.first_pt + sg.n_pts && best_u >= 1) best.t = sg.length_m;
  best.at = g_.seg_pts[best_k] + (g_.seg_pts[best_k + 1] - g_.seg_pts[best_k]) * best_u;
  best.off_m = std::sqrt(best_d2);
  best.ok = best.off_m <= max_m;
  return best;
}

// ---- Router -------------------------------------------------------------------------------

Router::Router(const Graph& g, double access_walk_kmh, double max_snap_m)
    : g_(g),
      index_(g),
      access_ms_((access_walk_kmh > 0 ? access_walk_kmh : 4.5) / 3.6),
      max_snap_m_(max_snap_m),
      impl_(std::make_unique<Impl>()) {}

Router::~Router() = default;

Endpoint Router::endpoint(Vec2 p) const {
  Endpoint e;
  e.pos = p;
  e.snap = index_.snap(p, max_snap_m_);
  if (e.snap.ok) {
    e.extra_m = e.snap.off_m;
    e.extra_s = e.snap.off_m / access_ms_;
  } else {
    e.extra_m = e.extra_s = kUnreachable;
  }
  return e;
}

void Router::matrix(const std::vector<Vec2>& from, const std::vector<Vec2>& to, Metric metric,
                    std::vector<double>& seconds, std::vector<double>& metres) const {
  std::vector<Endpoint> ef(from.size()), et(to.size());
  for (size_t i = 0; i < from.size(); ++i) ef[i] = endpoint(from[i]);
  for (size_t j = 0; j < to.size(); ++j) et[j] = endpoint(to[j]);
  matrix_snapped(ef, et, metric, seconds, metres);
}

void Router::matrix_snapped(const std::vector<Endpoint>& from, const std::vector<Endpoint>& to, Metric metric,
                            std::vector<double>& seconds, std::vector<double>& metres) const {
  seconds.assign(from.size() * to.size(), kUnreachable);
  metres.assign(from.size() * to.size(), kUnreachable);
  if (from.empty() || to.empty()) return;
  if (!matrix_ch(from, to, metric, seconds, metres)) matrix_dijkstra(from, to, metric, seconds, metres);
  // A point to itself (same snap, same off-road part) is 0, not twice its walk to the road.
  for (size_t i = 0; i < from.size(); ++i)
    for (size_t j = 0; j < to.size(); ++j) {
      const Snap &a = from[i].snap, &b = to[j].snap;
      if (a.ok && b.ok && from[i].pos.x == to[j].pos.x && from[i].pos.y == to[j].pos.y)
        seconds[i * to.size() + j] = metres[i * to.size() + j] = 0;
    }
}

// --- Contraction hierarchy ---------------------------------------------------------

namespace {
// Where a point leaves the network towards the rest of it (source side), or is entered
// from it (target side): the seeds of the hierarchy's searches, as seed() / seed_backward().
std::vector<ContractionHierarchy::Seed> ch_seeds(const Graph& g, const Endpoint& e, Metric m, bool source) {
  std::vector<ContractionHierarchy::Seed> out;
  if (!e.snap.ok) return out;
  const uint32_t s = e.snap.seg;
  const Segment& sg = g.segs[s];
  const SegEdges se = seg_edges(g, s);
  const double f = frac(g, s, e.snap.t);
  const double x = extra_cost(e, m), xo = extra_other(e, m);
  if (source) {
    if (se.fwd) out.push_back({sg.b, x + (1 - f) * ecost(*se.fwd, m), xo + (1 - f) * eother(*se.fwd, m)});
    if (se.bwd) out.push_back({sg.a, x + f * ecost(*se.bwd, m), xo + f * eother(*se.bwd, m)});
  } else {
    if (se.fwd) out.push_back({sg.a, x + f * ecost(*se.fwd, m), xo + f * eother(*se.fwd, m)});
    if (se.bwd) out.push_back({sg.b, x + (1 - f) * ecost(*se.bwd, m), xo + (1 - f) * eother(*se.bwd, m)});
  }
  if (f <= 0) out.push_back({sg.a, x, xo});
  if (f >= 1) out.push_back({sg.b, x, xo});
  return out;
}
}  // namespace

// A hierarchy costs seconds to build (about 20 s for a region of 700,000 junctions on
// 2 cores) and answers a 1,000 × 1,000 table in a fraction of a second: it is built for
// tables of at least kChMinSide points on each side (or by prepare()) and kept.
constexpr size_t kChMinSide = 100;

const ContractionHierarchy* Router::hierarchy(Metric metric, bool build) const {
  std::lock_guard<std::mutex> lock(impl_->ch_mutex);
  auto& slot = impl_->ch[metric == Metric::Time ? 0 : 1];
  if (!slot && build) slot = std::make_shared<const ContractionHierarchy>(g_, metric, 2);
  return slot.get();
}

void Router::prepare() const { hierarchy(Metric::Time, true); }

void Router::adopt_hierarchy(std::shared_ptr<const ContractionHierarchy> ch) {
  if (!ch) return;
  if (ch->n_nodes() != g_.n_nodes())
    throw Error(ErrorKind::Internal,
                "la hiérarchie de contraction fournie a " + std::to_string(ch->n_nodes()) + " nœuds, le graphe " +
                    std::to_string(g_.n_nodes()),
                "calculateur d’itinéraires");
  std::lock_guard<std::mutex> lock(impl_->ch_mutex);
  impl_->ch[ch->metric() == Metric::Time ? 0 : 1] = std::move(ch);
}

std::shared_ptr<const ContractionHierarchy> Router::hierarchy_of(Metric metric) const {
  std::lock_guard<std::mutex> lock(impl_->ch_mutex);
  return impl_->ch[metric == Metric::Time ? 0 : 1];
}

bool Router::matrix_ch(const std::vector<Endpoint>& from, const std::vector<Endpoint>& to, Metric metric,
                       std::vector<double>& seconds, std::vector<double>& metres) const {
  const bool big = from.size() >= kChMinSide && to.size() >= kChMinSide;
  const ContractionHierarchy* ch = hierarchy(metric, big);
  if (!ch) return false;
  std::vector<std::vector<ContractionHierarchy::Seed>> src(from.size()), dst(to.size());
  for (size_t i = 0; i < from.size(); ++i) src[i] = ch_seeds(g_, from[i], metric, true);
  for (size_t j = 0; j < to.size(); ++j) dst[j] = ch_seeds(g_, to[j], metric, false);
  std::vector<double> cost, other;
  ch->many_to_many(src, dst, cost, other);
  const size_t nt = to.size();
  for (size_t i = 0; i < from.size(); ++i)
    for (size_t j = 0; j < nt; ++j) {
      double c = cost[i * nt + j], o = other[i * nt + j];
      // Both points on one segment: straight along it may beat leaving it.
      if (from[i].snap.ok && to[j].snap.ok && from[i].snap.seg == to[j].snap.seg) {
        PointCost d;
        offer_direct(g_, from[i], to[j], metric, d);
        if (d.via == Via::Direct) {
          const double dc = d.cost + extra_cost(from[i], metric) + extra_cost(to[j], metric);
          if (dc < c) {
            c = dc;
            o = d.other + extra_other(from[i], metric) + extra_other(to[j], metric);
          }
        }
      }
      if (!(c < kUnreachable)) continue;
      seconds[i * nt + j] = metric == Metric::Time ? c : o;
      metres[i * nt + j] = metric == Metric::Time ? o : c;
    }
  return true;
}

void Router::matrix_dijkstra(const std::vector<Endpoint>& from, const std::vector<Endpoint>& to, Metric metric,
                             std::vector<double>& seconds, std::vector<double>& metres) const {
  const size_t n = g_.n_nodes(), nt = to.size();
  // One search per point of the smaller side: forward from each source, or backward (on the
  // reverse adjacency) from each target when there are fewer targets than sources.
  const bool backward = to.size() < from.size();
  const std::vector<Endpoint>& searched = backward ? to : from;  // one search each
  const std::vector<Endpoint>& others = backward ? from : to;
  // The nodes a search must settle before every other point is known: for a forward search,
  // the segment ends from which the targets are entered; for a backward one, the ends by
  // which the sources leave.
  std::vector<uint8_t> needed(n, 0);
  size_t n_needed = 0;
  for (const Endpoint& p : others) {
    if (!p.snap.ok) continue;
    const Segment& sg = g_.segs[p.snap.seg];
    const SegEdges se = seg_edges(g_, p.snap.seg);
    const double f = frac(g_, p.snap.seg, p.snap.t);
    const bool use_a = backward ? (se.bwd || f <= 0) : (se.fwd || f <= 0);
    const bool use_b = backward ? (se.fwd || f >= 1) : (se.bwd || f >= 1);
    for (uint32_t v : {use_a ? sg.a : kNoNode, use_b ? sg.b : kNoNode})
      if (v != kNoNode && !needed[v]) {
        needed[v] = 1;
        ++n_needed;
      }
  }
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&]() {
    auto buf = impl_->acquire(n);
    SearchBuffers& b = *buf;
    for (size_t k; (k = next.fetch_add(1)) < searched.size();) {
      const Endpoint& p = searched[k];
      if (!p.snap.ok) continue;
      b.start();
      if (backward) seed_backward(g_, b, p, metric);
      else seed(g_, b, p, metric, 0, 0, 0, kUnreachable);
      size_t left = n_needed;
      if (left > 0)
        run(g_, b, metric, kUnreachable, [&](uint32_t v) { return needed[v] && --left == 0; }, backward);
      for (size_t l = 0; l < others.size(); ++l) {
        const size_t i = backward ? l : k, j = backward ? k : l;
        const Endpoint& s = from[i];
        const Endpoint& t = to[j];
        const PointCost pc = backward ? from_point(g_, b, s, t, metric) : to_point(g_, b, s, t, metric);
        if (pc.via == Via::None) continue;
        const double c = pc.cost + extra_cost(s, metric) + extra_cost(t, metric);
        const double o = pc.other + extra_other(s, metric) + extra_other(t, metric);
        seconds[i * nt + j] = metric == Metric::Time ? c : o;
        metres[i * nt + j] = metric == Metric::Time ? o : c;
      }
    }
    impl_->release(std::move(buf));
  };
  auto worker = [&]() {
    try {
      work();
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next = searched.size();  // the other thread stops too
    }
  };
  const size_t n_threads = std::min<size_t>(2, searched.size());
  std::vector<std::thread> threads;
  for (size_t k = 1; k < n_threads; ++k) {
    try {
      threads.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // no second thread available: this one does all the searches
    }
  }
  worker();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

const LeanArc* Router::lean_arcs(Metric metric) const {
  const int k = metric == Metric::Time ? 0 : 1;
  std::call_once(impl_->lean_once[k], [&] {
    std::vector<LeanArc>& a = impl_->lean_adj[k];
    a.resize(g_.out.size());
    for (size_t i = 0; i < g_.out.size(); ++i)
      a[i] = {g_.out[i].to, metric == Metric::Time ? g_.out[i].time_s : g_.out[i].length_m};
  });
  return impl_->lean_adj[k].data();
}

SearchResult Router::reach(const std::vector<Endpoint>& sources, const std::vector<double>& offset, double budget,
                           Metric metric, bool dense) const {
  if (!offset.empty() && offset.size() != sources.size())
    throw Error(ErrorKind::Internal, "recherche d’accessibilité : " + std::to_string(offset.size()) +
                                         " décalages pour " + std::to_string(sources.size()) + " sources");
  const size_t n = g_.n_nodes();
  SearchResult r;
  r.seeds = sources;
  r.seed_offset = offset.empty() ? std::vector<double>(sources.size(), 0.0) : offset;
  auto buf = impl_->acquire(n, !dense);
  SearchBuffers& b = *buf;
  if (!dense) {
    // Costs alone (no other unit, source nor path): the lean search.
    run_lean(g_, lean_arcs(metric), b, sources, r.seed_offset, metric, budget, r.reached);
    r.reached_cost.reserve(r.reached.size());
    for (uint32_t v : r.reached) r.reached_cost.push_back(b.lean[v].cost);
    impl_->release(std::move(buf));
    return r;
  }
  b.start();
  for (size_t i = 0; i < sources.size(); ++i) {
    const Endpoint& s = sources[i];
    seed(g_, b, s, metric, r.seed_offset[i] + extra_cost(s, metric), extra_other(s, metric), static_cast<uint32_t>(i),
         budget);
  }
  // Nothing costing more than the budget is queued, and every queued node is settled: the
  // settled nodes are the reached ones.
  run(g_, b, metric, budget, [&](uint32_t v) {
    r.reached.push_back(v);
    return false;
  });
  r.reached_cost.reserve(r.reached.size());
  for (uint32_t v : r.reached) r.reached_cost.push_back(b.node[v].cost);
  r.cost.assign(n, kUnreachable);
  r.other.assign(n, kUnreachable);
  r.source.assign(n, kNoNode);
  for (uint32_t v : r.reached) {
    r.cost[v] = b.node[v].cost;
    r.other[v] = b.node[v].other;
    r.source[v] = b.node[v].src;
  }
  impl_->release(std::move(buf));
  return r;
}

std::vector<Polylines> Router::reach_line_parts(const std::vector<Endpoint>& sources, const std::vector<double>& offset,
                                               double budget, Metric metric) const {
  if (!offset.empty() && offset.size() != sources.size())
    throw Error(ErrorKind::Internal, "recherche d’accessibilité : " + std::to_string(offset.size()) +
                                         " décalages pour " + std::to_string(sources.size()) + " sources");
  const std::vector<double> off = offset.empty() ? std::vector<double>(sources.size(), 0.0) : offset;
  const LeanArc* arcs = lean_arcs(metric);
  auto buf = impl_->acquire(g_.n_nodes(), true);
  SearchBuffers& b = *buf;
  std::vector<uint32_t> reached;
  // Many sources: two searches on two threads, each from the sources of one half of their
  // extent (cut across its longer side), and each node's cost the lower of the two. Exact:
  // a search's cost is the least sum over the paths from its sources, so the lower of the
  // two is the least over all sources. Each search spreads over its half and a budget's
  // width beyond the cut.
  std::unique_ptr<SearchBuffers> buf2;
  std::vector<uint32_t> reached2;
  if (sources.size() >= 16 && std::thread::hardware_concurrency() > 1) {
    BBox ext;
    for (const Endpoint& e : sources) ext.extend(e.pos);
    const bool by_x = ext.width() >= ext.height();
    std::vector<size_t> idx(sources.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    const size_t mid = idx.size() / 2;
    std::nth_element(idx.begin(), idx.begin() + static_cast<long>(mid), idx.end(), [&](size_t x, size_t y) {
      const double kx = by_x ? sources[x].pos.x : sources[x].pos.y, ky = by_x ? sources[y].pos.x : sources[y].pos.y;
      return kx != ky ? kx < ky : x < y;
    });
    std::vector<Endpoint> s1, s2;
    std::vector<double> o1, o2;
    for (size_t k = 0; k < idx.size(); ++k) {
      (k < mid ? s1 : s2).push_back(sources[idx[k]]);
      (k < mid ? o1 : o2).push_back(off[idx[k]]);
    }
    buf2 = impl_->acquire(g_.n_nodes(), true);
    std::exception_ptr error;
    std::thread other([&] {
      try {
        run_lean(g_, arcs, *buf2, s2, o2, metric, budget, reached2);
      } catch (...) {
        error = std::current_exception();
      }
    });
    run_lean(g_, arcs, b, s1, o1, metric, budget, reached);
    other.join();
    if (error) std::rethrow_exception(error);
  } else {
    run_lean(g_, arcs, b, sources, off, metric, budget, reached);
  }
  // A node's cost: the lower of the two searches' (+inf when neither labelled it).
  const uint32_t cur1 = b.cur, cur2 = buf2 ? buf2->cur : 0;
  auto cost_of = [&](uint32_t u) {
    double c = b.lean[u].stamp == cur1 ? b.lean[u].cost : kUnreachable;
    if (buf2 && buf2->lean[u].stamp == cur2) c = std::min(c, buf2->lean[u].cost);
    return c;
  };
  // The pieces reached_lines() makes, gathered per segment in one pass instead of sorted:
  // the reached length from each end (an edge out of a junction at cost c reaches
  // min(1, (budget - c) / edge cost) of its segment), and the pieces around the sources,
  // then each touched segment's pieces merged as reached_lines() merges them.
  b.seg_resize(g_.segs.size());
  const uint32_t cur = b.cur;
  std::vector<uint32_t> touched;
  touched.reserve(reached.size() * 2);
  struct Piece {
    uint32_t seg;
    double lo, hi;
    bool operator<(const Piece& o) const { return seg != o.seg ? seg < o.seg : (lo != o.lo ? lo < o.lo : hi < o.hi); }
  };
  auto share = [&](double left, const Edge& e) { return edge_share(left, e, metric); };
  auto touch = [&](uint32_t s) -> SegReach& {
    SegReach& sr = b.seg[s];
    if (sr.stamp != cur) {
      sr.stamp = cur;
      sr.from_a = sr.from_b = -1;
      sr.pad = 0;
      touched.push_back(s);
    }
    return sr;
  };
  std::vector<Piece> seed_pieces;  // sorted; their segments flagged (pad = 1)
  for (size_t i = 0; i < sources.size(); ++i) {
    const Endpoint& s = sources[i];
    if (!s.snap.ok) continue;
    const double left = budget - off[i] - extra_cost(s, metric);
    if (!(left >= 0)) continue;
    const SourcePart p = source_part(g_, s, left, metric);
    seed_pieces.push_back({p.seg, p.lo, p.hi});
    touch(s.snap.seg).pad = 1;
  }
  std::sort(seed_pieces.begin(), seed_pieces.end());
  auto from_node = [&](uint32_t u, double cost) {
    const double left = budget - cost;
    for (uint32_t k = g_.first_out[u]; k < g_.first_out[u + 1]; ++k) {
      const Edge& e = g_.out[k];
      const double d = share(left, e) * static_cast<double>(g_.segs[e.seg].length_m);
      SegReach& sr = touch(e.seg);
      double& to = e.reversed ? sr.from_b : sr.from_a;
      to = std::max(to, d);
    }
  };
  // In node order rather than settle order: the graph's arrays are read in sequence (node
  // and segment numbers follow the ground), and so are the segments touched. Every
  // labelled node is settled (nothing above the budget is queued).
  const size_t n = g_.n_nodes();
  if ((reached.size() + reached2.size()) * 4 > n) {
    for (uint32_t u = 0; u < n; ++u) {
      const double c = cost_of(u);
      if (c <= budget) from_node(u, c);
    }
  } else {
    reached.insert(reached.end(), reached2.begin(), reached2.end());
    if (!reached2.empty() || reached.size() > 65536) {  // (a few thousand nodes stay in cache: no sort)
      std::sort(reached.begin(), reached.end());
      reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
    }
    for (uint32_t u : reached) from_node(u, cost_of(u));
  }
  // Each touched segment's pieces merged into lines; two threads take a half of the
  // segments each when there are many (each its own flat array).
  auto emit = [&](size_t from, size_t to, Polylines& out) {
    out.pts.reserve((to - from) * 2 + 16);
    out.first.reserve(to - from + 16);
    Piece ps[8];
    std::vector<Piece> many;
    for (size_t ti = from; ti < to; ++ti) {
      const uint32_t s = touched[ti];
      const SegReach& sr = b.seg[s];
      const double L = g_.segs[s].length_m;
      size_t np = 0;
      many.clear();
      if (sr.from_a >= 0) ps[np++] = {s, 0.0, sr.from_a};
      if (sr.from_b >= 0) ps[np++] = {s, L - sr.from_b, L};
      Piece* p = ps;
      if (sr.pad) {  // a source's segment: its pieces too
        many.assign(ps, ps + np);
        auto it = std::lower_bound(seed_pieces.begin(), seed_pieces.end(), Piece{s, -HUGE_VAL, -HUGE_VAL});
        for (; it != seed_pieces.end() && it->seg == s; ++it) many.push_back(*it);
        np = many.size();
        p = many.data();
      }
      if (np == 0) continue;
      if (np > 1) std::sort(p, p + np);
      merge_runs(p, p + np, [&](double lo, double hi) {
        append_part(g_, s, lo, hi, out.pts, out.pts.size());
        out.close_line();
      });
    }
  };
  std::vector<Polylines> parts(1);
  if (touched.size() > 100000 && std::thread::hardware_concurrency() > 1) {
    parts.resize(2);
    const size_t mid = touched.size() / 2;
    std::exception_ptr error;
    std::thread other([&] {
      try {
        emit(mid, touched.size(), parts[1]);
      } catch (...) {
        error = std::current_exception();
      }
    });
    emit(0, mid, parts[0]);
    other.join();
    if (error) std::rethrow_exception(error);
  } else {
    emit(0, touched.size(), parts[0]);
  }
  impl_->release(std::move(buf));
  if (buf2) impl_->release(std::move(buf2));
  return parts;
}

Polylines Router::reach_lines(const std::vector<Endpoint>& sources, const std::vector<double>& offset, double budget,
                              Metric metric) const {
  std::vector<Polylines> parts = reach_line_parts(sources, offset, budget, metric);
  Polylines out = std::move(parts[0]);
  for (size_t k = 1; k < parts.size(); ++k)
    for (size_t i = 0; i < parts[k].size(); ++i) {
      out.pts.insert(out.pts.end(), parts[k].pts.begin() + parts[k].first[i], parts[k].pts.begin() + parts[k].first[i + 1]);
      out.close_line();
    }
  return out;
}

void Router::move_source(SearchResult& r, size_t moved, const Endpoint& to, Metric metric) const {
  const size_t n = g_.n_nodes();
  if (moved >= r.seeds.size() || r.cost.size() != n || r.other.size() != n || r.source.size() != n ||
      r.seed_offset.size() != r.seeds.size())
    throw Error(ErrorKind::Internal, "mise à jour d’une recherche multi-source : source " + std::to_string(moved) +
                                         " sur " + std::to_string(r.seeds.size()) + ", ou résultat d’un autre graphe");
  const uint32_t m = static_cast<uint32_t>(moved);
  r.reached.clear();  // the per-node arrays are the result from here on
  r.reached_cost.clear();
  // 1. The nodes the moved source had won lose their value; every other node keeps its
  //    cost, which is its cost from the other sources (its path never runs through them).
  std::vector<uint8_t> orphan(n, 0);
  std::vector<uint32_t> orphans;
  for (uint32_t v = 0; v < n; ++v)
    if (r.source[v] == m) {
      orphan[v] = 1;
      orphans.push_back(v);
      r.cost[v] = r.other[v] = kUnreachable;
      r.source[v] = kNoNode;
    }
  r.seeds[moved] = to;
  std::vector<std::pair<double, uint32_t>> heap;
  auto offer = [&](uint32_t v, double c, double o, uint32_t src) {
    if (!(c < r.cost[v])) return;
    r.cost[v] = c;
    r.other[v] = o;
    r.source[v] = src;
    heap.emplace_back(c, v);
    std::push_heap(heap.begin(), heap.end(), std::greater<>());
  };
  // 2. Orphans are re-entered from their kept neighbours, and from the other sources'
  //    seeds that fall on them.
  for (uint32_t v : orphans)
    for (uint32_t k = g_.first_in[v]; k < g_.first_in[v + 1]; ++k) {
      const Edge& e = g_.in[k];  // e.to: the tail
      const uint32_t u = e.to;
      if (orphan[u] || r.source[u] == kNoNode) continue;
      offer(v, r.cost[u] + ecost(e, metric), r.other[u] + eother(e, metric), r.source[u]);
    }
  if (!orphans.empty())
    for (size_t i = 0; i < r.seeds.size(); ++i) {
      if (i == moved) continue;
      const Endpoint& s = r.seeds[i];
      for_seeds(g_, s, metric, r.seed_offset[i] + extra_cost(s, metric), extra_other(s, metric), kUnreachable,
                [&](uint32_t v, double c, double o, uint32_t, uint32_t) {
                  if (orphan[v]) offer(v, c, o, static_cast<uint32_t>(i));
                });
    }
  // 3. The moved source from its new place, wherever it is cheaper.
  for_seeds(g_, to, metric, r.seed_offset[moved] + extra_cost(to, metric), extra_other(to, metric), kUnreachable,
            [&](uint32_t v, double c, double o, uint32_t, uint32_t) { offer(v, c, o, m); });
  // 4. Dijkstra from those offers: a node is expanded only when its value improved.
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>());
    const auto [c, u] = heap.back();
    heap.pop_back();
    if (c > r.cost[u]) continue;  // stale entry
    const double ou = r.other[u];
    const uint32_t su = r.source[u];
    for (uint32_t k = g_.first_out[u]; k < g_.first_out[u + 1]; ++k) {
      const Edge& e = g_.out[k];
      offer(e.to, c + ecost(e, metric), ou + eother(e, metric), su);
    }
  }
}

Router::Route Router::route(Vec2 pa, Vec2 pb, Metric metric) const {
  Route out;
  const Endpoint s = endpoint(pa), t = endpoint(pb);
  if (!s.snap.ok || !t.snap.ok) return out;
  auto buf = impl_->acquire(g_.n_nodes());
  SearchBuffers& b = *buf;
  b.start();
  seed(g_, b, s, metric, 0, 0, 0, kUnreachable);
  const Segment& tsg = g_.segs[t.snap.seg];
  const SegEdges te = seg_edges(g_, t.snap.seg);
  const double ft = frac(g_, t.snap.seg, t.snap.t);
  const uint32_t need_a = te.fwd || ft <= 0 ? tsg.a : kNoNode, need_b = te.bwd || ft >= 1 ? tsg.b : kNoNode;
  run(g_, b, metric, kUnreachable, [&](uint32_t) {
    return (need_a == kNoNode || settled(b, need_a)) && (need_b == kNoNode || settled(b, need_b));
  });
  const PointCost pc = to_point(g_, b, s, t, metric);
  if (pc.via != Via::None) {
    const double c = pc.cost + extra_cost(s, metric) + extra_cost(t, metric);
    const double o = pc.other + extra_other(s, metric) + extra_other(t, metric);
    out.seconds = metric == Metric::Time ? c : o;
    out.metres = metric == Metric::Time ? o : c;
    std::vector<Vec2>& line = out.line;
    push_point(line, pa);
    push_point(line, s.snap.at);
    if (pc.via == Via::Direct) {
      append_part(g_, s.snap.seg, s.snap.t, t.snap.t, line);
    } else {
      const uint32_t end = pc.via == Via::A ? tsg.a : tsg.b;
      // Edges back from the end node to the seed node.
      std::vector<uint32_t> edges;
      uint32_t v = end;
      while (!is_seed(b.node[v].pred_edge)) {
        edges.push_back(b.node[v].pred_edge);
        v = b.node[v].pred_node;
      }
      const double L = g_.segs[s.snap.seg].length_m;
      const uint32_t seed_kind = b.node[v].pred_edge;
      if (seed_kind != kSeedAt) append_part(g_, s.snap.seg, s.snap.t, seed_kind == kSeedFwd ? L : 0.0, line);
      for (size_t k = edges.size(); k-- > 0;) append_edge(g_, g_.out[edges[k]], line);
      append_part(g_, t.snap.seg, pc.via == Via::A ? 0.0 : static_cast<double>(tsg.length_m), t.snap.t, line);
    }
    push_point(line, t.snap.at);
    push_point(line, pb);
  }
  impl_->release(std::move(buf));
  return out;
}

std::vector<std::vector<Vec2>> Router::reached_lines(const SearchResult& r, double budget, Metric metric) const {
  struct Piece {
    uint32_t seg;
    double lo, hi;
    bool operator<(const Piece& o) const { return seg != o.seg ? seg < o.seg : (lo != o.lo ? lo < o.lo : hi < o.hi); }
  };
  std::vector<Piece> pieces;
  auto share = [&](double left, const Edge& e) { return edge_share(left, e, metric); };
  auto from_node = [&](uint32_t u, double cost) {
    if (!(cost <= budget)) return;
    const double left = budget - cost;
    for (uint32_t k = g_.first_out[u]; k < g_.first_out[u + 1]; ++k) {
      const Edge& e = g_.out[k];
      const double L = g_.segs[e.seg].length_m;
      const double d = share(left, e) * L;
      if (!e.reversed) pieces.push_back({e.seg, 0.0, d});
      else pieces.push_back({e.seg, L - d, L});
    }
  };
  if (!r.reached.empty() && r.reached_cost.size() == r.reached.size()) {
    size_t out_edges = r.seeds.size();
    for (uint32_t u : r.reached)
      if (u < g_.n_nodes()) out_edges += g_.first_out[u + 1] - g_.first_out[u];
    pieces.reserve(out_edges);
    for (size_t i = 0; i < r.reached.size(); ++i)
      if (r.reached[i] < g_.n_nodes()) from_node(r.reached[i], r.reached_cost[i]);
  } else {
    const size_t n = std::min(g_.n_nodes(), r.cost.size());
    for (uint32_t u = 0; u < n; ++u) from_node(u, r.cost[u]);
  }
  // Around each source, the part of its own segment reached before either end.
  for (size_t i = 0; i < r.seeds.size(); ++i) {
    const Endpoint& s = r.seeds[i];
    if (!s.snap.ok) continue;
    const double off = i < r.seed_offset.size() ? r.seed_offset[i] : 0;
    const double left = budget - off - extra_cost(s, metric);
    if (!(left >= 0)) continue;
    const SourcePart p = source_part(g_, s, left, metric);
    pieces.push_back({p.seg, p.lo, p.hi});
  }
  if (pieces.size() > 4096) {
    // Many pieces (in settle order): bucket them by segment first (two counting passes
    // on 16 bits of the segment number, in proportion to the pieces), then order each
    // segment's few pieces.
    std::vector<Piece> tmp(pieces.size());
    std::vector<uint32_t> count(65537);
    for (int shift : {0, 16}) {
      std::fill(count.begin(), count.end(), 0u);
      for (const Piece& p : pieces) ++count[((p.seg >> shift) & 0xFFFFu) + 1];
      for (size_t k = 1; k < count.size(); ++k) count[k] += count[k - 1];
      for (const Piece& p : pieces) tmp[count[(p.seg >> shift) & 0xFFFFu]++] = p;
      pieces.swap(tmp);
    }
    for (size_t i = 0; i < pieces.size();) {
      size_t j = i + 1;
      while (j < pieces.size() && pieces[j].seg == pieces[i].seg) ++j;
      if (j - i > 1) std::sort(pieces.begin() + i, pieces.begin() + j);
      i = j;
    }
  } else {
    std::sort(pieces.begin(), pieces.end());
  }
  // The pieces of each segment merged into lines, in segment order; two threads take a half
  // of the pieces each (split between two segments) when there are many.
  auto build = [&](size_t from, size_t to, std::vector<std::vector<Vec2>>& lines) {
    lines.reserve((to - from) / 2 + 16);
    for (size_t i = from; i < to;) {
      const uint32_t s = pieces[i].seg;
      size_t j = i + 1;
      while (j < to && pieces[j].seg == s) ++j;
      merge_runs(pieces.begin() + static_cast<std::ptrdiff_t>(i), pieces.begin() + static_cast<std::ptrdiff_t>(j),
                 [&](double lo, double hi) {
                   lines.emplace_back();
                   lines.back().reserve(std::max<uint32_t>(2, g_.segs[s].n_pts));
                   append_part(g_, s, lo, hi, lines.back());
                 });
      i = j;
    }
  };
  std::vector<std::vector<Vec2>> lines;
  size_t mid = pieces.size() / 2;
  while (mid > 0 && mid < pieces.size() && pieces[mid].seg == pieces[mid - 1].seg) ++mid;
  if (pieces.size() > 200000 && mid < pieces.size() && std::thread::hardware_concurrency() > 1) {
    std::vector<std::vector<Vec2>> second;
    std::thread other([&] { build(mid, pieces.size(), second); });
    build(0, mid, lines);
    other.join();
    lines.reserve(lines.size() + second.size());
    for (auto& l : second) lines.push_back(std::move(l));
  } else {
    build(0, pieces.size(), lines);
  }
  return lines;
}

}  // namespace maraude::roads
