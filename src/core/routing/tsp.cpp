#include "core/routing/tsp.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

namespace maraude::routing {
namespace {

class Tour {
 public:
  Tour(size_t m, std::vector<double> D) : m_(m), D_(std::move(D)), tour_(m), pos_(m) {}

  double d(int a, int b) const { return D_[static_cast<size_t>(a) * m_ + static_cast<size_t>(b)]; }
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
  std::vector<double> D_;
  std::vector<int> tour_, pos_;
};

class Ils {
 public:
  Ils(const Problem& p, const std::vector<int>& nodes, const SolveOptions& o)
      : O(o), m(nodes.size()), T(m, {}), rng(o.seed * 0x9E3779B97F4A7C15ULL + 777) {
    std::vector<double> D(m * m);
    for (size_t i = 0; i < m; ++i)
      for (size_t j = 0; j < m; ++j) D[i * m + j] = p.d(nodes[i], nodes[j]);
    T = Tour(m, std::move(D));
    const size_t K = std::min<size_t>(10, m - 1);
    neigh.resize(m);
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
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    // Nearest-neighbour construction from city 0.
    std::vector<int> order{0};
    std::vector<char> used(m, 0);
    used[0] = 1;
    for (size_t k = 1; k < m; ++k) {
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
      if (O.seconds > 0 && it % 16 == 0 &&
          std::chrono::duration<double>(Clock::now() - t0).count() >= O.seconds) break;
      if (O.stop && O.stop->load(std::memory_order_relaxed)) break;
      if (O.max_iterations <= 0 && O.seconds <= 0 && !O.stop) break;
      ++it;
      kick();
      local_search();
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
  Ils ils(p, nodes, opt);
  return ils.run();
}

}  // namespace maraude::routing
