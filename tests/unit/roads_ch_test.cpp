// Contraction hierarchy: many-to-many must give exactly what plain Dijkstra gives on
// directed synthetic road graphs (one-ways, parallel edges, self loops, an island).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <queue>
#include <random>

#include "core/error.h"
#include "core/roads/ch.h"

using namespace maraude;
using namespace maraude::roads;
using Seed = ContractionHierarchy::Seed;

namespace {

const double kInf = std::numeric_limits<double>::infinity();

struct RawEdge {
  uint32_t from, to;
  float len, time;
};

Graph make_graph(size_t n, std::vector<RawEdge> edges) {
  Graph g;
  g.node.resize(n);
  for (size_t i = 0; i < n; ++i) g.node[i] = {double(i % 97) * 100, double(i / 97) * 100};
  std::stable_sort(edges.begin(), edges.end(), [](const RawEdge& a, const RawEdge& b) { return a.from < b.from; });
  g.first_out.assign(n + 1, 0);
  for (const RawEdge& e : edges) ++g.first_out[e.from + 1];
  for (size_t i = 0; i < n; ++i) g.first_out[i + 1] += g.first_out[i];
  for (const RawEdge& e : edges) {
    Edge ed;
    ed.to = e.to;
    ed.length_m = e.len;
    ed.time_s = e.time;
    g.out.push_back(ed);
  }
  return g;
}

// W×H grid, random lengths and speeds, ~15 % one-ways (random direction), ~10 % of the
// links missing, some parallel edges and self loops, faster every 5th row and column,
// plus a 3×3 island (two-way) with no link to the grid, and one node reachable only by
// a one-way in (a dead end) and one only left by a one-way out.
Graph synthetic(int W, int H, uint32_t seed, size_t* island_first = nullptr) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<RawEdge> edges;
  auto id = [W](int x, int y) { return uint32_t(y * W + x); };
  auto link = [&](uint32_t a, uint32_t b, bool fast) {
    if (U(rng) < 0.10) return;
    float len = float(80 + 120 * U(rng));
    float kmh = float(fast ? 70 + 20 * U(rng) : 20 + 30 * U(rng));
    float t = len / (kmh / 3.6f);
    double r = U(rng);
    if (r < 0.075) edges.push_back({a, b, len, t});
    else if (r < 0.15) edges.push_back({b, a, len, t});
    else {
      edges.push_back({a, b, len, t});
      edges.push_back({b, a, len, t});
    }
    if (U(rng) < 0.05) edges.push_back({a, b, float(len * (0.8 + 0.4 * U(rng))), float(t * (0.7 + 0.6 * U(rng)))});
  };
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      if (x + 1 < W) link(id(x, y), id(x + 1, y), y % 5 == 0);
      if (y + 1 < H) link(id(x, y), id(x, y + 1), x % 5 == 0);
      if (U(rng) < 0.02) edges.push_back({id(x, y), id(x, y), 10, 1});
    }
  size_t base = size_t(W) * H;
  if (island_first) *island_first = base;
  for (int i = 0; i < 9; ++i) {
    uint32_t a = uint32_t(base + i);
    if (i % 3 < 2) {
      edges.push_back({a, a + 1, 100, 10});
      edges.push_back({a + 1, a, 100, 10});
    }
    if (i < 6) {
      edges.push_back({a, a + 3, 120, 12});
      edges.push_back({a + 3, a, 120, 12});
    }
  }
  uint32_t sink = uint32_t(base + 9), spring = uint32_t(base + 10);
  edges.push_back({id(0, 0), sink, 50, 5});
  edges.push_back({spring, id(W - 1, H - 1), 50, 5});
  return make_graph(base + 11, edges);
}

// Plain multi-source Dijkstra: cost and other unit of every node.
void dijkstra(const Graph& g, Metric m, const std::vector<Seed>& seeds, std::vector<double>& cost,
              std::vector<double>& other) {
  cost.assign(g.node.size(), kInf);
  other.assign(g.node.size(), kInf);
  using Item = std::pair<double, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  for (const Seed& s : seeds)
    if (s.cost < cost[s.node]) {
      cost[s.node] = s.cost;
      other[s.node] = s.other;
      pq.push({s.cost, s.node});
    }
  while (!pq.empty()) {
    auto [d, v] = pq.top();
    pq.pop();
    if (d > cost[v]) continue;
    for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
      const Edge& ed = g.out[e];
      double c = m == Metric::Time ? ed.time_s : ed.length_m;
      double o = m == Metric::Time ? ed.length_m : ed.time_s;
      if (d + c < cost[ed.to]) {
        cost[ed.to] = d + c;
        other[ed.to] = other[v] + o;
        pq.push({d + c, ed.to});
      }
    }
  }
}

// Reference table: for each source, one Dijkstra; a target is the best of its seeds.
void reference(const Graph& g, Metric m, const std::vector<std::vector<Seed>>& src,
               const std::vector<std::vector<Seed>>& dst, std::vector<double>& cost, std::vector<double>& other) {
  cost.assign(src.size() * dst.size(), kInf);
  other.assign(src.size() * dst.size(), kInf);
  std::vector<double> c, o;
  for (size_t i = 0; i < src.size(); ++i) {
    dijkstra(g, m, src[i], c, o);
    for (size_t j = 0; j < dst.size(); ++j)
      for (const Seed& s : dst[j]) {
        double v = c[s.node] + s.cost;
        if (v < cost[i * dst.size() + j]) {
          cost[i * dst.size() + j] = v;
          other[i * dst.size() + j] = o[s.node] + s.other;
        }
      }
  }
}

bool close(double a, double b) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= 1e-6 * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

// Compares the CH table with the reference one; returns the number of mismatches and
// the number of unreachable pairs.
std::pair<size_t, size_t> compare(const ContractionHierarchy& ch, const Graph& g, Metric m,
                                  const std::vector<std::vector<Seed>>& src, const std::vector<std::vector<Seed>>& dst) {
  std::vector<double> c1, o1, c2, o2;
  ch.many_to_many(src, dst, c1, o1);
  reference(g, m, src, dst, c2, o2);
  EXPECT_EQ(c1.size(), c2.size());
  size_t bad = 0, inf = 0;
  for (size_t k = 0; k < c2.size(); ++k) {
    if (std::isinf(c2[k])) ++inf;
    if (!close(c1[k], c2[k]) || !close(o1[k], o2[k])) {
      if (bad < 5)
        ADD_FAILURE() << "pair " << k / dst.size() << "→" << k % dst.size() << ": CH " << c1[k] << " / " << o1[k]
                      << ", Dijkstra " << c2[k] << " / " << o2[k];
      ++bad;
    }
  }
  return {bad, inf};
}

std::vector<std::vector<Seed>> single_seeds(size_t n) {
  std::vector<std::vector<Seed>> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = {{uint32_t(i), 0, 0}};
  return s;
}

// Endpoints that join the network at one or two nodes with random offsets, and a few
// with no seed at all (off the network).
std::vector<std::vector<Seed>> random_endpoints(const Graph& g, size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> node(0, uint32_t(g.node.size() - 1));
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<std::vector<Seed>> ends(count);
  for (size_t i = 0; i < count; ++i) {
    double r = U(rng);
    if (r < 0.03) continue;
    ends[i].push_back({node(rng), 100 * U(rng), 1000 * U(rng)});
    if (r < 0.7) ends[i].push_back({node(rng), 100 * U(rng), 1000 * U(rng)});
  }
  return ends;
}

}  // namespace

TEST(RoadsCh, AllPairsEqualDijkstraBothMetrics) {
  size_t island = 0;
  Graph g = synthetic(14, 12, 7, &island);
  auto all = single_seeds(g.node.size());
  for (Metric m : {Metric::Time, Metric::Distance}) {
    ContractionHierarchy ch(g, m, 2);
    EXPECT_GT(ch.stats().shortcuts, 0u);
    auto [bad, inf] = compare(ch, g, m, all, all);
    EXPECT_EQ(bad, 0u);
    // The island and the dead ends make many pairs unreachable, but not all.
    EXPECT_GT(inf, 2 * 9 * (g.node.size() - 9));
    EXPECT_LT(inf, g.node.size() * g.node.size() / 2);
    std::vector<double> c, o;
    ch.many_to_many({{{0, 0, 0}}}, {{{uint32_t(island), 0, 0}}}, c, o);
    EXPECT_TRUE(std::isinf(c[0]) && std::isinf(o[0]));
    ch.many_to_many({{{uint32_t(island), 0, 0}}}, {{{uint32_t(island + 8), 0, 0}}}, c, o);
    EXPECT_DOUBLE_EQ(c[0], m == Metric::Time ? 44 : 440);
  }
}

TEST(RoadsCh, MultiSeedEndpointsOnLargerGraph) {
  Graph g = synthetic(70, 60, 11);
  for (Metric m : {Metric::Time, Metric::Distance}) {
    ContractionHierarchy ch(g, m, 2);
    auto src = random_endpoints(g, 120, 1), dst = random_endpoints(g, 90, 2);
    auto [bad, inf] = compare(ch, g, m, src, dst);
    EXPECT_EQ(bad, 0u);
    EXPECT_GT(inf, 0u);  // the seedless endpoints at least
    // One pair through query().
    double o = 0;
    double c = ch.query(src[3], dst[5], &o);
    std::vector<double> c2, o2;
    reference(g, m, {src[3]}, {dst[5]}, c2, o2);
    EXPECT_TRUE(close(c, c2[0]) && close(o, o2[0])) << c << " vs " << c2[0];
  }
}

TEST(RoadsCh, SameTablesWithOneOrTwoThreads) {
  Graph g = synthetic(40, 40, 5);
  ContractionHierarchy a(g, Metric::Time, 1), b(g, Metric::Time, 2);
  EXPECT_EQ(a.stats().shortcuts, b.stats().shortcuts);
  EXPECT_EQ(a.stats().rounds, b.stats().rounds);
  auto src = random_endpoints(g, 50, 3), dst = random_endpoints(g, 70, 4);
  std::vector<double> c1, o1, c2, o2;
  a.many_to_many(src, dst, c1, o1, 1);
  b.many_to_many(src, dst, c2, o2, 2);
  EXPECT_EQ(c1, c2);
  EXPECT_EQ(o1, o2);
}

TEST(RoadsCh, PathFollowsEdgesAndCostsTheDistance) {
  Graph g = synthetic(30, 30, 9);
  ContractionHierarchy ch(g, Metric::Time, 2);
  std::vector<double> c, o;
  int checked = 0;
  for (uint32_t s : {0u, 17u, 431u}) {
    dijkstra(g, Metric::Time, {{s, 0, 0}}, c, o);
    for (uint32_t t : {5u, 250u, 899u, 612u}) {
      auto p = ch.path(s, t);
      if (std::isinf(c[t])) {
        EXPECT_TRUE(p.empty());
        continue;
      }
      ASSERT_FALSE(p.empty());
      EXPECT_EQ(p.front(), s);
      EXPECT_EQ(p.back(), t);
      double sum = 0;
      for (size_t i = 0; i + 1 < p.size(); ++i) {
        double best = kInf;
        for (uint32_t e = g.first_out[p[i]]; e < g.first_out[p[i] + 1]; ++e)
          if (g.out[e].to == p[i + 1]) best = std::min(best, double(g.out[e].time_s));
        ASSERT_FALSE(std::isinf(best)) << "no edge " << p[i] << "→" << p[i + 1];
        sum += best;
      }
      EXPECT_TRUE(close(sum, c[t])) << sum << " vs " << c[t];
      ++checked;
    }
  }
  EXPECT_GT(checked, 6);
}

TEST(RoadsCh, EmptyAndBadInput) {
  Graph empty = make_graph(0, {});
  ContractionHierarchy ch0(empty, Metric::Time);
  std::vector<double> c, o;
  ch0.many_to_many({{}}, {{}, {}}, c, o);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_TRUE(std::isinf(c[0]) && std::isinf(c[1]));

  Graph g = make_graph(3, {{0, 1, 10, 1}, {1, 2, 10, 1}});
  ContractionHierarchy ch(g, Metric::Distance);
  EXPECT_THROW(ch.many_to_many({{{7, 0, 0}}}, {{{0, 0, 0}}}, c, o), Error);
  ch.many_to_many({{{0, 0, 0}}, {{2, 0, 0}}}, {{{2, 0, 0}}}, c, o);
  EXPECT_DOUBLE_EQ(c[0], 20);
  EXPECT_DOUBLE_EQ(o[0], 2);
  EXPECT_TRUE(std::isinf(c[1]) == false && c[1] == 0);

  Graph bad = make_graph(2, {{0, 1, 10, 1}});
  bad.out[0].to = 5;
  EXPECT_THROW(ContractionHierarchy(bad, Metric::Time), Error);
  Graph neg = make_graph(2, {{0, 1, -10, 1}});
  EXPECT_THROW(ContractionHierarchy(neg, Metric::Distance), Error);
  Graph short_csr = make_graph(2, {{0, 1, 10, 1}});
  short_csr.first_out.pop_back();
  EXPECT_THROW(ContractionHierarchy(short_csr, Metric::Time), Error);
}
