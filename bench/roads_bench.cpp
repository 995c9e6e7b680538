// Road network benchmark: Maraude's contraction hierarchy and multi-source search against
// pgRouting (PostgreSQL 15 + pgRouting 3), on a synthetic road network the size of
// Hauts-de-France's drivable graph, generated deterministically from a seed over the
// region's extent in Lambert-93.
//
//  (b) time matrix over N points (N×N, default 1000): Maraude CH (build timed apart) vs
//      pgr_dijkstraCostMatrix, on a subset (default 100×100) when the full table would
//      take pgRouting too long; the extrapolated full time is labelled as such.
//  (a) union service area of 338 sites at 20 min: pgr_drivingDistance(equicost) vs a
//      bounded multi-source Dijkstra (maraude_reach() below; to become Router::reach).
//
// Usage: roads_bench [--seed N] [--points N] [--pg-points N] [--sites N] [--minutes M]
//                    [--threads T] [--work DIR] [--pg-bin DIR --pg-socket DIR --pg-port P]
// Without --pg-socket only Maraude's figures are printed. bench/roads.sh starts a
// throw-away PostgreSQL cluster and passes the options.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <queue>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/roads/ch.h"
#include "core/roads/graph.h"

using namespace maraude;
using namespace maraude::roads;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double maxrss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

// Portable deterministic random numbers (the std distributions differ between libraries).
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9e3779b97f4a7c15ULL + 0x1234567ULL) {}
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uni() { return (next() >> 11) * (1.0 / 9007199254740992.0); }
  double uni(double a, double b) { return a + (b - a) * uni(); }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(uni() * n); }
};

// ---------------------------------------------------------------------------------------
// Synthetic region

struct Link {  // one two-way or one-way road piece, before node compaction
  uint32_t a, b;
  float len, time_s;
  bool fwd, bwd;
  RoadClass cls;
};

// A perturbed grid over the region (≈270 m spacing), local streets at 30–50 km/h with
// 22 % of the links missing and 6 % one-way; every 8th row and column a secondary road
// (70–80 km/h), every 40th a primary one (90 km/h); four motorways (130 km/h) laid over
// the grid with interchanges every ~5.4 km; three rivers that only arterial bridges and
// motorways cross. Nodes left without any link are dropped.
Graph make_region(uint64_t seed) {
  const double x0 = 580000, x1 = 780000, y0 = 6860000, y1 = 7120000;
  const int nx = 740, ny = 962;
  const double sx = (x1 - x0) / (nx - 1), sy = (y1 - y0) / (ny - 1);
  Rng rng(seed);
  std::vector<Vec2> pos(size_t(nx) * ny);
  auto id = [nx](int c, int r) { return uint32_t(r * nx + c); };
  for (int r = 0; r < ny; ++r)
    for (int c = 0; c < nx; ++c)
      pos[id(c, r)] = {x0 + c * sx + rng.uni(-0.3, 0.3) * sx, y0 + r * sy + rng.uni(-0.3, 0.3) * sy};

  // Rivers: f(p) changes sign across the river.
  auto river1 = [&](Vec2 p) { return p.y - (6990000 + 8000 * std::sin((p.x - x0) / 15000)); };  // west–east
  auto river2 = [&](Vec2 p) { return p.x - (650000 + 6000 * std::sin((p.y - y0) / 12000)); };   // south–north
  auto river3 = [&](Vec2 p) {                                                                   // diagonal
    double t = (p.y - 6860000) / 140000;
    return p.x - (700000 + 80000 * t + 3000 * std::sin(p.y / 9000));
  };
  auto crosses = [&](Vec2 a, Vec2 b) {
    return (river1(a) > 0) != (river1(b) > 0) || (river2(a) > 0) != (river2(b) > 0) ||
           ((river3(a) > 0) != (river3(b) > 0) && a.y < 7000000);
  };

  std::vector<Link> links;
  links.reserve(size_t(nx) * ny * 2);
  auto grid_link = [&](uint32_t a, uint32_t b, int line) {  // line: row or column index of the link
    bool primary = line % 40 == 0, secondary = line % 8 == 0;
    double keep = rng.uni(), kmh_r = rng.uni(), dir = rng.uni(), detour = rng.uni(1.0, 1.25), bridge = rng.uni();
    if (!secondary && keep < 0.22) return;
    if (crosses(pos[a], pos[b]) && !(primary || (secondary && bridge < 0.5))) return;
    Link l;
    l.a = a;
    l.b = b;
    l.len = float(dist(pos[a], pos[b]) * detour);
    double kmh = primary ? 90 : secondary ? 70 + 10 * kmh_r : 30 + 20 * kmh_r;
    l.cls = primary ? RoadClass::Primary : secondary ? RoadClass::Secondary : RoadClass::Residential;
    l.time_s = float(l.len / (kmh / 3.6));
    l.fwd = l.bwd = true;
    if (!secondary && dir < 0.06) (dir < 0.03 ? l.fwd : l.bwd) = false;
    links.push_back(l);
  };
  for (int r = 0; r < ny; ++r)
    for (int c = 0; c < nx; ++c) {
      if (c + 1 < nx) grid_link(id(c, r), id(c + 1, r), r);
      if (r + 1 < ny) grid_link(id(c, r), id(c, r + 1), c);
    }
  // Motorways: (column, row) at t = 0..steps, interchanges every 20 steps.
  auto motorway = [&](int c0, int r0, int c1, int r1) {
    int steps = std::max(std::abs(c1 - c0), std::abs(r1 - r0));
    auto at = [&](int t) {
      int c = c0 + int(std::lround(double(c1 - c0) * t / steps));
      int r = r0 + int(std::lround(double(r1 - r0) * t / steps));
      return id(c, r);
    };
    for (int t = 0; t < steps; t += 20) {
      int t2 = std::min(steps, t + 20);
      double len = 0;
      for (int k = t; k < t2; ++k) len += dist(pos[at(k)], pos[at(k + 1)]);
      Link l{at(t), at(t2), float(len * 1.03), float(len * 1.03 / (130 / 3.6)), true, true, RoadClass::Motorway};
      links.push_back(l);
    }
  };
  motorway(370, 0, 370, ny - 1);   // north–south
  motorway(0, 480, nx - 1, 480);   // west–east
  motorway(0, 100, nx - 1, 800);   // south-west → north-east
  motorway(120, 200, 120, ny - 1);

  // Drop nodes without links, keep the grid order (spatially coherent ids).
  std::vector<uint32_t> newid(pos.size(), kNoNode);
  for (const Link& l : links) newid[l.a] = newid[l.b] = 0;
  Graph g;
  g.profile = Profile::Car;
  for (size_t v = 0; v < pos.size(); ++v)
    if (newid[v] == 0) {
      newid[v] = uint32_t(g.node.size());
      g.node.push_back(pos[v]);
    }
  const size_t n = g.node.size();
  g.first_out.assign(n + 1, 0);
  for (const Link& l : links) {
    if (l.fwd) ++g.first_out[newid[l.a] + 1];
    if (l.bwd) ++g.first_out[newid[l.b] + 1];
  }
  for (size_t i = 0; i < n; ++i) g.first_out[i + 1] += g.first_out[i];
  g.out.resize(g.first_out[n]);
  std::vector<uint32_t> fill(g.first_out.begin(), g.first_out.end() - 1);
  g.segs.reserve(links.size());
  g.seg_pts.reserve(links.size() * 2);
  for (const Link& l : links) {
    uint32_t a = newid[l.a], b = newid[l.b], s = uint32_t(g.segs.size());
    Segment seg;
    seg.a = a;
    seg.b = b;
    seg.first_pt = uint32_t(g.seg_pts.size());
    seg.n_pts = 2;
    seg.cls = l.cls;
    seg.length_m = l.len;
    g.segs.push_back(seg);
    g.seg_pts.push_back(g.node[a]);
    g.seg_pts.push_back(g.node[b]);
    if (l.fwd) g.out[fill[a]++] = {b, s, l.len, l.time_s, false};
    if (l.bwd) g.out[fill[b]++] = {a, s, l.len, l.time_s, true};
  }
  return g;
}

uint64_t checksum(const Graph& g) {
  uint64_t h = 1469598103934665603ULL;
  auto add = [&h](uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ULL;
    }
  };
  for (const Vec2& p : g.node) {
    add(uint64_t(int64_t(std::llround(p.x * 100))));
    add(uint64_t(int64_t(std::llround(p.y * 100))));
  }
  for (uint32_t f : g.first_out) add(f);
  for (const Edge& e : g.out) {
    uint32_t lb, tb;
    std::memcpy(&lb, &e.length_m, 4);
    std::memcpy(&tb, &e.time_s, 4);
    add(e.to);
    add(uint64_t(lb) << 32 | tb);
  }
  return h;
}

size_t graph_bytes(const Graph& g) {
  return g.node.capacity() * sizeof(Vec2) + g.first_out.capacity() * 4 + g.out.capacity() * sizeof(Edge) +
         g.first_in.capacity() * 4 + g.in.capacity() * sizeof(Edge) + g.segs.capacity() * sizeof(Segment) +
         g.seg_pts.capacity() * sizeof(Vec2);
}

// Largest weakly connected component (union-find): its nodes, to pick points from.
std::vector<uint32_t> main_component(const Graph& g) {
  std::vector<uint32_t> parent(g.n_nodes());
  for (uint32_t v = 0; v < parent.size(); ++v) parent[v] = v;
  auto find = [&](uint32_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (uint32_t v = 0; v < g.n_nodes(); ++v)
    for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
      uint32_t a = find(v), b = find(g.out[e].to);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  std::vector<uint32_t> size(g.n_nodes(), 0);
  for (uint32_t v = 0; v < g.n_nodes(); ++v) ++size[find(v)];
  uint32_t best = uint32_t(std::max_element(size.begin(), size.end()) - size.begin());
  std::vector<uint32_t> nodes;
  for (uint32_t v = 0; v < g.n_nodes(); ++v)
    if (find(v) == best) nodes.push_back(v);
  return nodes;
}

// ---------------------------------------------------------------------------------------
// Maraude side

// Plain Dijkstra (time), to check the CH rows.
std::vector<double> dijkstra_time(const Graph& g, uint32_t s) {
  std::vector<double> d(g.n_nodes(), kUnreachable);
  using Item = std::pair<double, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  d[s] = 0;
  pq.push({0, s});
  while (!pq.empty()) {
    auto [c, v] = pq.top();
    pq.pop();
    if (c > d[v]) continue;
    for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
      double nc = c + g.out[e].time_s;
      if (nc < d[g.out[e].to]) {
        d[g.out[e].to] = nc;
        pq.push({nc, g.out[e].to});
      }
    }
  }
  return d;
}

// Union service area: every node within `budget` seconds of the nearest site. This is a
// bounded multi-source Dijkstra written here because Router::reach (branch roads-core)
// is not merged yet; once it is, this function is the one place to call it instead.
std::vector<double> maraude_reach(const Graph& g, const std::vector<uint32_t>& sites, double budget) {
  std::vector<double> d(g.n_nodes(), kUnreachable);
  using Item = std::pair<double, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  for (uint32_t s : sites) {
    d[s] = 0;
    pq.push({0, s});
  }
  while (!pq.empty()) {
    auto [c, v] = pq.top();
    pq.pop();
    if (c > d[v]) continue;
    for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
      double nc = c + g.out[e].time_s;
      if (nc <= budget && nc < d[g.out[e].to]) {
        d[g.out[e].to] = nc;
        pq.push({nc, g.out[e].to});
      }
    }
  }
  return d;
}

// ---------------------------------------------------------------------------------------
// pgRouting side (psql through a pipe)

struct Pg {
  std::string bin, socket, port, work;
  bool on() const { return !socket.empty(); }
  // Runs a SQL script; returns psql's stdout (tuples only, unaligned). Throws on failure.
  std::string run(const std::string& sql, const std::string& name) const {
    std::string file = work + "/" + name + ".sql";
    std::ofstream(file) << sql;
    std::string cmd = bin + "/psql -h '" + socket + "' -p " + port + " -U postgres -d postgres -X -q -A -t " +
                      "-v ON_ERROR_STOP=1 -f '" + file + "' 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw Error(ErrorKind::Io, "impossible de lancer psql", cmd);
    std::string out;
    char buf[65536];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, k);
    int rc = pclose(p);
    if (rc != 0) throw Error(ErrorKind::Io, "psql a échoué : " + out.substr(0, 2000), file);
    return out;
  }
};

// Sum of the "Time: X ms" lines psql prints with \timing on, in seconds.
double psql_seconds(const std::string& out) {
  static const std::regex re("Time: ([0-9.]+) ms");
  double s = 0;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), re); it != std::sregex_iterator(); ++it)
    s += std::stod((*it)[1]) / 1000;
  return s;
}

std::string vid_array(const std::vector<uint32_t>& nodes, size_t count) {
  std::string s = "ARRAY[";
  for (size_t i = 0; i < count; ++i) {
    if (i) s += ',';
    s += std::to_string(nodes[i] + 1);
  }
  return s + "]::BIGINT[]";
}

void print_row(const char* what, const std::string& maraude, const std::string& pg, const std::string& ratio) {
  std::printf("  %-48s %-22s %-26s %s\n", what, maraude.c_str(), pg.c_str(), ratio.c_str());
}
std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

}  // namespace

struct Options {
  uint64_t seed = 1;
  size_t n_points = 1000, pg_points = 100, n_sites = 338;
  double minutes = 20;
  int threads = 2;
  Pg pg;
};

// Every measurement on one graph. The synthetic region is the only graph for now; a
// real extract (e.g. Monaco, once io/road_store lands) plugs in here unchanged.
void bench_graph(const Graph& g, const Options& o, double rss_graph) {
  const uint64_t seed = o.seed;
  const size_t n_points = o.n_points, n_sites = o.n_sites;
  size_t pg_points = o.pg_points;
  const double minutes = o.minutes;
  const int threads = o.threads;
  const Pg& pg = o.pg;

  std::vector<uint32_t> comp = main_component(g);
  Rng pick(seed + 1000);
  auto sample = [&](size_t k) {
    std::vector<uint32_t> s;
    for (size_t i = 0; i < k; ++i) s.push_back(comp[pick.below(uint32_t(comp.size()))]);
    return s;
  };
  std::vector<uint32_t> points = sample(n_points), sites = sample(n_sites);
  pg_points = std::min(pg_points, n_points);
  std::printf("  main component %zu nodes; %zu matrix points and %zu sites drawn in it\n\n", comp.size(),
              points.size(), sites.size());

  // --- Maraude: CH build, matrices, check against Dijkstra.
  auto t0 = Clock::now();
  double cpu0 = cpu_seconds();
  ContractionHierarchy ch(g, Metric::Time, threads);
  double build_s = since(t0), build_cpu = cpu_seconds() - cpu0;
  double rss_ch = maxrss_mb();
  const auto& st = ch.stats();
  std::printf("Maraude CH (time): built in %.1f s wall, %.1f s CPU on %d threads (rating %.1f s, contracting %.1f s "
              "wall), %zu rounds, %zu shortcuts, %zu up + %zu down arcs, %.0f MB, peak RSS %.0f MB\n",
              build_s, build_cpu, threads, st.rate_seconds, st.contract_seconds, st.rounds, st.shortcuts, st.up_arcs, st.down_arcs, st.memory_bytes / 1048576.0, rss_ch);
  std::vector<std::vector<ContractionHierarchy::Seed>> ends(points.size());
  for (size_t i = 0; i < points.size(); ++i) ends[i] = {{points[i], 0, 0}};
  std::vector<double> sec, met;
  t0 = Clock::now();
  ch.many_to_many(ends, ends, sec, met, threads);
  double m_full = since(t0);
  std::vector<std::vector<ContractionHierarchy::Seed>> sub(ends.begin(), ends.begin() + pg_points);
  std::vector<double> sec_sub, met_sub;
  t0 = Clock::now();
  ch.many_to_many(sub, sub, sec_sub, met_sub, threads);
  double m_sub = since(t0);
  size_t finite = 0;
  for (double v : sec) finite += std::isfinite(v);
  double max_rel = 0;
  size_t mismatch = 0;
  for (size_t i = 0; i < 3 && i < points.size(); ++i) {
    auto d = dijkstra_time(g, points[i]);
    for (size_t j = 0; j < points.size(); ++j) {
      double a = sec[i * points.size() + j], b = d[points[j]];
      if (std::isinf(a) || std::isinf(b)) {
        mismatch += std::isinf(a) != std::isinf(b);
        continue;
      }
      max_rel = std::max(max_rel, std::abs(a - b) / std::max(1.0, b));
    }
  }
  std::printf("  %zux%zu matrix %.3f s (%zu finite pairs), %zux%zu %.3f s; 3 rows vs plain Dijkstra: max rel. diff "
              "%.1e, %zu reachability mismatches; peak RSS %.0f MB\n",
              points.size(), points.size(), m_full, finite, pg_points, pg_points, m_sub, max_rel, mismatch,
              maxrss_mb());

  // The asked budget, and 5 min where the reached area is far from covering the region.
  std::vector<double> budgets_min = {minutes};
  if (minutes != 5) budgets_min.push_back(5);
  const size_t nb = budgets_min.size();
  std::vector<double> r_s(nb), pg_dd(nb, -1), pg_union(nb, -1);
  std::vector<size_t> reached(nb, 0), pg_reached(nb, 0), pg_union_reached(nb, 0);
  for (size_t k = 0; k < nb; ++k) {
    t0 = Clock::now();
    auto reach = maraude_reach(g, sites, budgets_min[k] * 60);
    r_s[k] = since(t0);
    for (double v : reach) reached[k] += std::isfinite(v);
    std::printf("  reach of %zu sites at %.0f min: %.3f s, %zu nodes reached (bounded multi-source Dijkstra in the "
                "bench, Router::reach not merged yet)\n",
                sites.size(), budgets_min[k], r_s[k], reached[k]);
  }
  std::printf("\n");

  // --- pgRouting.
  double pg_load = 0, pg_sub = -1, pg_max_rel = -1;
  size_t pg_pairs = 0, pg_mismatch = 0;
  if (pg.on()) {
    std::string csv = pg.work + "/edges.csv";
    {
      std::ofstream f(csv);
      char line[160];
      // One row per segment: cost / reverse_cost in seconds, -1 where the direction is closed.
      std::vector<double> fwd(g.segs.size(), -1), bwd(g.segs.size(), -1);
      for (uint32_t v = 0; v < g.n_nodes(); ++v)
        for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e)
          (g.out[e].reversed ? bwd : fwd)[g.out[e].seg] = g.out[e].time_s;
      for (size_t s = 0; s < g.segs.size(); ++s) {
        std::snprintf(line, sizeof line, "%zu,%u,%u,%.9g,%.9g\n", s + 1, g.segs[s].a + 1, g.segs[s].b + 1, fwd[s],
                      bwd[s]);
        f << line;
      }
    }
    t0 = Clock::now();
    pg.run("DROP TABLE IF EXISTS edges;\n"
           "CREATE TABLE edges (id BIGINT PRIMARY KEY, source BIGINT, target BIGINT, cost FLOAT8, reverse_cost FLOAT8);\n"
           "\\copy edges FROM '" + csv + "' WITH (FORMAT csv)\nANALYZE edges;\n",
           "load");
    pg_load = since(t0);
    const std::string edges_sql = "'SELECT id, source, target, cost, reverse_cost FROM edges'";

    // (b) cost matrix on the subset.
    std::string out = pg.run("\\timing on\nSELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCostMatrix(" + edges_sql +
                                 ", " + vid_array(points, pg_points) + ", directed => true);\n",
                             "matrix");
    pg_sub = psql_seconds(out);
    // Compare with Maraude's subset table (pgRouting omits unreachable and diagonal pairs).
    std::vector<double> pgc(pg_points * pg_points, kUnreachable);
    std::vector<size_t> index_of;
    std::istringstream in(out);
    std::string ln;
    std::vector<std::pair<uint32_t, size_t>> idx;
    for (size_t i = 0; i < pg_points; ++i) idx.push_back({points[i] + 1, i});
    std::sort(idx.begin(), idx.end());
    auto find = [&](uint32_t vid) {
      auto it = std::lower_bound(idx.begin(), idx.end(), std::make_pair(vid, size_t(0)));
      return it != idx.end() && it->first == vid ? it->second : size_t(-1);
    };
    while (std::getline(in, ln)) {
      unsigned long a, b;
      double c;
      if (std::sscanf(ln.c_str(), "%lu|%lu|%lf", &a, &b, &c) != 3) continue;
      size_t i = find(uint32_t(a)), j = find(uint32_t(b));
      if (i == size_t(-1) || j == size_t(-1)) continue;
      ++pg_pairs;
      // Duplicate points share a vid: fill every row/column holding it.
      for (size_t ii = 0; ii < pg_points; ++ii)
        if (points[ii] + 1 == a)
          for (size_t jj = 0; jj < pg_points; ++jj)
            if (points[jj] + 1 == b) pgc[ii * pg_points + jj] = c;
    }
    pg_max_rel = 0;
    for (size_t i = 0; i < pg_points; ++i)
      for (size_t j = 0; j < pg_points; ++j) {
        if (points[i] == points[j]) continue;
        double a = sec_sub[i * pg_points + j], b = pgc[i * pg_points + j];
        if (std::isinf(a) || std::isinf(b)) {
          pg_mismatch += std::isinf(a) != std::isinf(b);
          continue;
        }
        pg_max_rel = std::max(pg_max_rel, std::abs(a - b) / std::max(1.0, b));
      }

    // (a) union service area.
    for (size_t k = 0; k < nb; ++k) {
      out = pg.run("\\timing on\nSELECT count(DISTINCT node) FROM pgr_drivingDistance(" + edges_sql + ", " +
                       vid_array(sites, sites.size()) + ", " + fmt("%.1f", budgets_min[k] * 60) +
                       ", directed => true, equicost => true);\n",
                   "reach");
      pg_dd[k] = psql_seconds(out);
      pg_reached[k] = std::strtoul(out.c_str(), nullptr, 10);
      // pgRouting 3.4's equicost prunes each tree where another start got first, which
      // loses some nodes near the budget; the exact union is every tree, least cost per node.
      out = pg.run("\\timing on\nSELECT count(*) FROM (SELECT node, min(agg_cost) FROM pgr_drivingDistance(" +
                       edges_sql + ", " + vid_array(sites, sites.size()) + ", " + fmt("%.1f", budgets_min[k] * 60) +
                       ", directed => true, equicost => false) GROUP BY node) u;\n",
                   "union");
      pg_union[k] = psql_seconds(out);
      pg_union_reached[k] = std::strtoul(out.c_str(), nullptr, 10);
    }
  }

  // --- Table.
  std::printf("Results (seed %llu, %zu nodes, %zu edges; wall-clock, %d threads for Maraude)\n",
              (unsigned long long)seed, g.n_nodes(), g.n_edges(), threads);
  print_row("", "Maraude", "pgRouting 3", "ratio");
  print_row("(b) CH build / edges load (COPY)", fmt("%.1f s", build_s), pg.on() ? fmt("%.1f s", pg_load) : "n/a", "");
  std::string np = std::to_string(pg_points) + "x" + std::to_string(pg_points);
  std::string nf = std::to_string(points.size()) + "x" + std::to_string(points.size());
  print_row(("(b) time matrix " + np + " (measured)").c_str(), fmt("%.3f s", m_sub),
            pg_sub >= 0 ? fmt("%.1f s", pg_sub) : "n/a", pg_sub >= 0 ? fmt("x%.0f", pg_sub / m_sub) : "");
  double scale = double(points.size()) / double(std::max<size_t>(1, pg_points));
  print_row(("(b) time matrix " + nf).c_str(), fmt("%.3f s", m_full),
            pg_sub >= 0 ? fmt("%.0f s extrapolated", pg_sub * scale) : "n/a",
            pg_sub >= 0 ? fmt("x%.0f (extrap.)", pg_sub * scale / m_full) : "");
  print_row(("(b) " + nf + " including the CH build").c_str(), fmt("%.1f s", build_s + m_full),
            pg_sub >= 0 ? fmt("%.0f s extrapolated", pg_sub * scale) : "n/a",
            pg_sub >= 0 ? fmt("x%.0f (extrap.)", pg_sub * scale / (build_s + m_full)) : "");
  for (size_t k = 0; k < nb; ++k) {
    std::string what = "(a) reach, " + std::to_string(sites.size()) + " sites, " + fmt("%.0f", budgets_min[k]) + " min";
    print_row(what.c_str(), fmt("%.3f s", r_s[k]), pg_dd[k] >= 0 ? fmt("%.1f s", pg_dd[k]) : "n/a",
              pg_dd[k] >= 0 ? fmt("x%.0f", pg_dd[k] / r_s[k]) : "");
    print_row("    nodes reached", std::to_string(reached[k]), pg.on() ? std::to_string(pg_reached[k]) : "n/a", "");
    print_row("    pgRouting without equicost + GROUP BY node", fmt("%.3f s", r_s[k]),
              pg_union[k] >= 0 ? fmt("%.1f s", pg_union[k]) : "n/a",
              pg_union[k] >= 0 ? fmt("x%.0f", pg_union[k] / r_s[k]) : "");
    print_row("    nodes reached", std::to_string(reached[k]), pg.on() ? std::to_string(pg_union_reached[k]) : "n/a", "");
  }
  print_row("peak RSS (graph / +CH / end)",
            fmt("%.0f", rss_graph) + " / " + fmt("%.0f", rss_ch) + " / " + fmt("%.0f MB", maxrss_mb()), "", "");
  if (pg.on())
    std::printf("  check: %zu pgRouting pairs, max rel. diff to Maraude %.1e, %zu reachability mismatches\n", pg_pairs,
                pg_max_rel, pg_mismatch);
  if (pg.on())
    std::printf("  pgRouting's %s figure is extrapolated, not measured: its %s time x%.0f (it runs one Dijkstra per "
                "point, each until every other point is settled, i.e. over most of the graph). Its times include "
                "reading the edges table, which it does on every call.\n",
                nf.c_str(), np.c_str(), scale);
}

int main(int argc, char** argv) {
  Options o;
  Pg& pg = o.pg;
  pg.bin = "/usr/lib/postgresql/15/bin";
  pg.work = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--seed") o.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (k == "--points") o.n_points = std::strtoul(v.c_str(), nullptr, 10);
    else if (k == "--pg-points") o.pg_points = std::strtoul(v.c_str(), nullptr, 10);
    else if (k == "--sites") o.n_sites = std::strtoul(v.c_str(), nullptr, 10);
    else if (k == "--minutes") o.minutes = std::atof(v.c_str());
    else if (k == "--threads") o.threads = std::max(1, std::atoi(v.c_str()));
    else if (k == "--work") pg.work = v;
    else if (k == "--pg-bin") pg.bin = v;
    else if (k == "--pg-socket") pg.socket = v;
    else if (k == "--pg-port") pg.port = v;
    else {
      std::fprintf(stderr, "option inconnue : %s\n", k.c_str());
      return 2;
    }
  }
  try {
    auto t0 = Clock::now();
    Graph g = make_region(o.seed);
    double gen_s = since(t0);
    double rss_graph = maxrss_mb();
    std::printf("Synthetic Hauts-de-France road network, seed %llu: %zu nodes, %zu directed edges, %zu segments\n",
                (unsigned long long)o.seed, g.n_nodes(), g.n_edges(), g.segs.size());
    std::printf("  checksum %016llx, generated in %.1f s, graph %.0f MB, peak RSS %.0f MB\n",
                (unsigned long long)checksum(g), gen_s, graph_bytes(g) / 1048576.0, rss_graph);

    bench_graph(g, o, rss_graph);
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "%s\n", e.format().c_str());
    return 1;
  }
}
