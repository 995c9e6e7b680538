#include "core/routing/tsp.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

namespace maraude::routing {
namespace {

using Clock = std::chrono::steady_clock;

class Tour {
 public:
  // Distances are read from the problem (its table, or computed from coordinates): no copy.
  Tour(const Problem& p, const std::vector<int>& nodes) : m_(nodes.size()), P_(&p), nodes_(&nodes), tour_(m_), pos_(m_) {}

  double d(int a, int b) const {
    return P_->d((*nodes_)[static_cast<size_t>(a)], (*nodes_)[static_cast<size_t>(b)]);
  }
  int next(int c) const { return tour_[(pos_[c] + 1) % m_]; }
  int prev(int c) const { return tour_[(pos_[c] + m_ - 1) % m_]; }

  void set(const std::vector<int>& order) {
    tour_ = order;
    for (size_t i = 0; i < m_; ++i) pos_[tour_[i]] = static_cast<int>(i);
  }
  const std::vector<int>& order() const { return tour_; }
  double length() const {
    double L = 0;
    for (size_t i = 0; i < m_; ++i) L += d(tour_[i], tour_[(i + 1) % m_]);
    return L;
  }

  // Reverses the cyclic path from position i forward to position j (or its complement).
  void reverse(size_t i, size_t j) {
    size_t len = (j + m_ - i) % m_ + 1;
    if (2 * len > m_) {
      const size_t ni = (j + 1) % m_, nj = (i + m_ - 1) % m_;
      i = ni;
      j = nj;
      len = m_ - len;
    }
    for (size_t k = 0; k < len / 2; ++k) {
      const size_t a = (i + k) % m_, b = (j + m_ - k) % m_;
      std::swap(tour_[a], tour_[b]);
      pos_[tour_[a]] = static_cast<int>(a);
      pos_[tour_[b]] = static_cast<int>(b);
    }
  }

  // Removes edges (x1,x2), (y1,y2) and adds (x1,y1), (x2,y2). x2 follows x1 and y2
  // follows y1 in the same direction of travel.
  void swap_edges(int x1, int x2, int y1, int y2) {
    if (next(x1) == x2) reverse(static_cast<size_t>(pos_[x2]), static_cast<size_t>(pos_[y1]));
    else reverse(static_cast<size_t>(pos_[y1]), static_cast<size_t>(pos_[x2]));
  }

  size_t m_;
  const Problem* P_;
  const std::vector<int>* nodes_;
  std::vector<int> tour_, pos_;
};

class Ils {
 public:
  Ils(const Problem& p, const std::vector<int>& nodes, const SolveOptions& o, Clock::time_point start)
      : O(o), m(nodes.size()), T(p, nodes), rng(o.seed * 0x9E3779B97F4A7C15ULL + 777), t0(start) {
    const size_t K = std::min<size_t>(10, m - 1);
    neigh.resize(m);
    if (p.on_the_fly()) {
      grid_setup(p, nodes);
      for (size_t i = 0; i < m; ++i) neigh[i] = grid_nearest(static_cast<int>(i), K);
      active.assign(m, 0);
      return;
    }
    std::vector<int> idx(m);
    for (size_t i = 0; i < m; ++i) {
      std::iota(idx.begin(), idx.end(), 0);
      std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(K + 1), idx.end(), [&](int a, int b) {
        const double da = T.d(static_cast<int>(i), a) + (static_cast<size_t>(a) == i ? -1e300 : 0);
        const double db = T.d(static_cast<int>(i), b) + (static_cast<size_t>(b) == i ? -1e300 : 0);
        return da < db || (da == db && a < b);
      });
      neigh[i].assign(idx.begin() + 1, idx.begin() + static_cast<long>(K + 1));
    }
    active.assign(m, 0);
  }

  const SolveOptions& O;
  size_t m;
  Tour T;
  std::mt19937_64 rng;
  Clock::time_point t0;
  bool out_of_time = false;
  long polls = 0;
  // Time limit and stop flag, polled inside the local search too (setup included).
  bool over() {
    if (out_of_time) return true;
    if (O.stop && O.stop->load(std::memory_order_relaxed)) out_of_time = true;
    if (O.seconds > 0 && (++polls & 63) == 0 && std::chrono::duration<double>(Clock::now() - t0).count() >= O.seconds)
      out_of_time = true;
    return out_of_time;
  }

  // Uniform grid over the coordinates (coordinate mode): k nearest neighbours and the
  // nearest-neighbour construction in O(n·k) time and memory instead of n × n.
  double gx0 = 0, gy0 = 0, cell = 1;
  int gw = 1, gh = 1;
  std::vector<std::vector<int>> cells;
  std::vector<double> px, py;
  void grid_setup(const Problem& p, const std::vector<int>& nodes) {
    px.resize(m);
    py.resize(m);
    double x1 = -kInf, y1 = -kInf;
    gx0 = gy0 = kInf;
    for (size_t i = 0; i < m; ++i) {
      px[i] = p.x[static_cast<size_t>(nodes[i])];
      py[i] = p.y[static_cast<size_t>(nodes[i])];
      gx0 = std::min(gx0, px[i]); gy0 = std::min(gy0, py[i]);
      x1 = std::max(x1, px[i]); y1 = std::max(y1, py[i]);
    }
    const double w = std::max(x1 - gx0, 1e-9), h = std::max(y1 - gy0, 1e-9);
    cell = std::max(std::sqrt(w * h / (static_cast<double>(m) / 2.0)), 1e-9);  // ~2 points per cell
    gw = std::max(1, std::min(1 << 15, static_cast<int>(w / cell) + 1));
    gh = std::max(1, std::min(1 << 15, static_cast<int>(h / cell) + 1));
    cells.assign(static_cast<size_t>(gw) * static_cast<size_t>(gh), {});
    for (size_t i = 0; i < m; ++i) cells[cell_of(px[i], py[i])].push_back(static_cast<int>(i));
  }
  int cx(double x) const { return std::clamp(static_cast<int>((x - gx0) / cell), 0, gw - 1); }
  int cy(double y) const { return std::clamp(static_cast<int>((y - gy0) / cell), 0, gh - 1); }
  size_t cell_of(double x, double y) const { return static_cast<size_t>(cy(y)) * static_cast<size_t>(gw) + static_cast<size_t>(cx(x)); }
  // Visits the cells of ring r around (c0, r0) (r = 0: the cell itself).
  template <class F>
  void ring(int c0, int r0, int r, F&& f) const {
    for (int yy = r0 - r; yy <= r0 + r; ++yy) {
      if (yy < 0 || yy >= gh) continue;
      const bool edge = yy == r0 - r || yy == r0 + r;
      for (int xx = c0 - r; xx <= c0 + r; xx += (edge || r == 0) ? 1 : 2 * r) {
        if (xx >= 0 && xx < gw) f(cells[static_cast<size_t>(yy) * static_cast<size_t>(gw) + static_cast<size_t>(xx)]);
      }
    }
  }
  std::vector<int> grid_nearest(int i, size_t K) const {
    std::vector<std::pair<double, int>> best;  // (distance, index), at most K, sorted
    const int c0 = cx(px[static_cast<size_t>(i)]), r0 = cy(py[static_cast<size_t>(i)]);
    const int rmax = std::max(gw, gh);
    for (int r = 0; r <= rmax; ++r) {
      // Points in ring r are at least (r - 1) * cell away.
      if (best.size() == K && best.back().first < (r - 1) * cell) break;
      ring(c0, r0, r, [&](const std::vector<int>& c) {
        for (int j : c) {
          if (j == i) continue;
          const double dj = T.d(i, j);
          if (best.size() == K && !(dj < best.back().first || (dj == best.back().first && j < best.back().second))) continue;
          const std::pair<double, int> e{dj, j};
          best.insert(std::upper_bound(best.begin(), best.end(), e), e);
          if (best.size() > K) best.pop_back();
        }
      });
    }
    std::vector<int> out;
    for (const auto& e : best) out.push_back(e.second);
    return out;
  }
  // Nearest-neighbour tour from city 0 through the grid (cities removed once used).
  std::vector<int> grid_nn_tour() {
    std::vector<int> where(m);  // position of each city in its cell
    for (auto& c : cells)
      for (size_t k = 0; k < c.size(); ++k) where[static_cast<size_t>(c[k])] = static_cast<int>(k);
    auto remove = [&](int i) {
      auto& c = cells[cell_of(px[static_cast<size_t>(i)], py[static_cast<size_t>(i)])];
      const int k = where[static_cast<size_t>(i)];
      c[static_cast<size_t>(k)] = c.back();
      where[static_cast<size_t>(c.back())] = k;
      c.pop_back();
    };
    std::vector<int> order{0};
    remove(0);
    const int rmax = std::max(gw, gh);
    for (size_t k = 1; k < m; ++k) {
      const int last = order.back();
      const int c0 = cx(px[static_cast<size_t>(last)]), r0 = cy(py[static_cast<size_t>(last)]);
      int best = -1;
      double bd = kInf;
      for (int r = 0; r <= rmax; ++r) {
        if (best >= 0 && bd < (r - 1) * cell) break;
        ring(c0, r0, r, [&](const std::vector<int>& c) {
          for (int j : c) {
            const double dj = T.d(last, j);
            if (dj < bd || (dj == bd && j < best)) { bd = dj; best = j; }
          }
        });
      }
      remove(best);
      order.push_back(best);
    }
    return order;
  }
  std::vector<std::vector<int>> neigh;
  std::vector<char> active;
  std::vector<int> queue;

  void push(int c) {
    if (!active[static_cast<size_t>(c)]) {
      active[static_cast<size_t>(c)] = 1;
      queue.push_back(c);
    }
  }

  bool two_opt(int a) {
    constexpr double eps = 1e-9;
    for (int dir = 0; dir < 2; ++dir) {
      const int an = dir == 0 ? T.next(a) : T.prev(a);
      const double d1 = T.d(a, an);
      for (int c : neigh[static_cast<size_t>(a)]) {
        const double g1 = d1 - T.d(a, c);
        if (g1 <= eps) break;
        const int cn = dir == 0 ? T.next(c) : T.prev(c);
        if (c == an || cn == a) continue;
        const double gain = g1 + T.d(c, cn) - T.d(an, cn);
        if (gain > eps) {
          if (dir == 0) T.swap_edges(a, an, c, cn);
          else T.swap_edges(an, a, cn, c);
          push(a); push(an); push(c); push(cn);
          return true;
        }
      }
    }
    return false;
  }

  bool or_opt(int a) {
    constexpr double eps = 1e-9;
    for (int len = 1; len <= 3; ++len) {
      if (m < static_cast<size_t>(len) + 4) break;
      for (int dir = 0; dir < 2; ++dir) {
        // Segment s1..s2 of `len` cities with s1 = a, extending forward (dir 0) or backward.
        int s1 = a, s2 = a;
        for (int k = 1; k < len; ++k) s2 = dir == 0 ? T.next(s2) : T.prev(s2);
        if (dir == 1) std::swap(s1, s2);  // keep s1 -> s2 in forward order
        const int p = T.prev(s1), n = T.next(s2);
        const double g0 = T.d(p, s1) + T.d(s2, n) - T.d(p, n);
        if (g0 <= eps) continue;
        auto in_seg = [&](int c) {
          for (int x = s1;; x = T.next(x)) {
            if (x == c) return true;
            if (x == s2) return false;
          }
        };
        for (int end = 0; end < 2; ++end) {
          const int from = end == 0 ? s1 : s2;
          for (int c : neigh[static_cast<size_t>(from)]) {
            if (T.d(from, c) >= g0) break;
            if (in_seg(c)) continue;
            for (int e = 0; e < 2; ++e) {
              const int u = e == 0 ? c : T.prev(c);
              const int v = T.next(u);
              if (in_seg(u) || in_seg(v) || v == p) continue;
              const double base = T.d(u, v);
              const double fwd = T.d(u, s1) + T.d(s2, v) - base;
              const double rev = T.d(u, s2) + T.d(s1, v) - base;
              const bool forward = fwd <= rev;
              const double gain = g0 - (forward ? fwd : rev);
              if (gain <= eps) continue;
              // Three edge swaps: p u..n s2..s1 v, then optionally flip the segment.
              T.swap_edges(p, s1, u, v);
              if (u != n) {
                if (T.next(p) == u) T.swap_edges(p, u, n, s2);
                else T.swap_edges(u, p, s2, n);
              }
              if (forward && s1 != s2) {
                if (T.next(u) == s2) T.swap_edges(u, s2, s1, v);
                else T.swap_edges(s2, u, v, s1);
              }
              push(p); push(n); push(u); push(v); push(s1); push(s2);
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  void local_search() {
    while (!queue.empty()) {
      if (over()) return;
      const int a = queue.back();
      queue.pop_back();
      active[static_cast<size_t>(a)] = 0;
      if (two_opt(a) || or_opt(a)) push(a);
    }
  }

  // Double bridge on a window of the tour: A B C D -> A C B D.
  void kick() {
    const size_t maxseg = std::max<size_t>(1, std::min<size_t>(50, (m - 2) / 3));
    const size_t l1 = 1 + rng() % maxseg, l2 = 1 + rng() % maxseg;
    if (l1 + l2 + 1 >= m) return;
    const size_t start = rng() % m;
    std::vector<int> rel(m);
    const auto& t = T.order();
    for (size_t k = 0; k < m; ++k) rel[k] = t[(start + k) % m];
    // A = rel[0], B = rel[1 .. l1], C = rel[l1+1 .. l1+l2], D = rest.
    std::vector<int> out;
    out.reserve(m);
    out.push_back(rel[0]);
    for (size_t k = l1 + 1; k <= l1 + l2; ++k) out.push_back(rel[k]);
    for (size_t k = 1; k <= l1; ++k) out.push_back(rel[k]);
    for (size_t k = l1 + l2 + 1; k < m; ++k) out.push_back(rel[k]);
    for (int c : {rel[0], rel[1], rel[l1], rel[l1 + 1], rel[l1 + l2], rel[(l1 + l2 + 1) % m]}) push(c);
    T.set(out);
  }

  TspResult run() {
    // Nearest-neighbour construction from city 0.
    std::vector<int> order{0};
    std::vector<char> used(m, 0);
    used[0] = 1;
    if (!cells.empty()) order = grid_nn_tour();
    for (size_t k = order.size(); k < m; ++k) {
      const int last = order.back();
      int best = -1;
      for (size_t c = 0; c < m; ++c)
        if (!used[c] && (best < 0 || T.d(last, static_cast<int>(c)) < T.d(last, best))) best = static_cast<int>(c);
      used[static_cast<size_t>(best)] = 1;
      order.push_back(best);
    }
    T.set(order);
    for (size_t c = 0; c < m; ++c) push(static_cast<int>(c));
    local_search();
    std::vector<int> cur = T.order();
    double cur_len = T.length();
    TspResult res;
    long it = 0;
    while (true) {
      if (O.max_iterations > 0 && it >= O.max_iterations) break;
      if (out_of_time || (O.seconds > 0 && std::chrono::duration<double>(Clock::now() - t0).count() >= O.seconds)) break;
      if (O.stop && O.stop->load(std::memory_order_relaxed)) break;
      if (O.max_iterations <= 0 && O.seconds <= 0 && !O.stop) break;
      ++it;
      kick();
      local_search();
      if (out_of_time) {
        T.set(cur);  // an interrupted local search may leave a worse tour: keep the best
        break;
      }
      const double len = T.length();
      if (len <= cur_len + 1e-9) {
        cur = T.order();
        cur_len = len;
      } else {
        T.set(cur);
      }
      if (O.on_progress && O.progress_every > 0 && it % O.progress_every == 0) {
        Progress pr;
        pr.iteration = it;
        pr.best_cost = pr.best_distance = cur_len;
        pr.best_vehicles = 1;
        pr.elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
        O.on_progress(pr);
      }
    }
    // Rotate so that the tour starts at city 0.
    const auto z = std::find(cur.begin(), cur.end(), 0);
    std::rotate(cur.begin(), z, cur.end());
    res.order = cur;
    res.length = cur_len;
    res.iterations = it;
    return res;
  }
};

}  // namespace

TspResult tsp_ils(const Problem& p, const std::vector<int>& nodes, const SolveOptions& opt) {
  TspResult r;
  if (nodes.size() < 5) {
    r.order.resize(nodes.size());
    std::iota(r.order.begin(), r.order.end(), 0);
    return r;
  }
  Ils ils(p, nodes, opt, std::chrono::steady_clock::now());
  return ils.run();
}

}  // namespace maraude::routing
