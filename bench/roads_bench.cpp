// Road network benchmark: Maraude's product paths against pgRouting (PostgreSQL 15 +
// pgRouting 3) in a throw-away cluster, on a synthetic road network the size of
// Hauts-de-France's drivable graph (generated deterministically from a seed over the
// region's extent in Lambert-93) and on the real Monaco extract.
//
//  (a) union service area of 338 sites at 20 min: RoadTravel::union_area (the sites snapped
//      to the roads, one cost-only multi-source search on two threads, the reached lines in
//      one pass, the raster polygon), on a fresh model and again, by parts, and checked equal
//      to the former path (Router::reach + reached_lines + area_of) and GEOS-valid; vs
//      pgr_drivingDistance(equicost) from the nearest junctions (pgRouting gets node ids: no
//      snapping, no polygon).
//  (b) 1000 × 1000 time matrix on points (snapping included) through Router::matrix: with
//      the contraction hierarchy stored in the road sidecar (the workspace's case) and
//      without it (built on the first table); vs pgr_dijkstraCostMatrix on a subset
//      (extrapolated to the full table, labelled as such).
//  (c) one drag step: CoverageEngine::move_point of one of 338 sites moved 300 m, on the
//      RoadTravel of the region, 20 min reach, synthetic square targets with populations.
//  Tour: 1,000 candidate places, 1 team × 10 days: build_costs through RoadTravel (the
//  matrix) + routing::plan_tours with the command line's defaults, per search seed: at the
//  iteration budget (maraude plan's default 20,000) and with a time limit such that matrix +
//  search fit in --tour-seconds (default 10 s: the limit is 10 s minus the measured matrix
//  time, as `maraude plan --seconds`), side by side with the value ratio.
//  Memory: the region's graph + hierarchy saved as a road sidecar (io/road_store) and
//  loaded by a fresh process (what opening a workspace costs), its peak RSS.
//  Monaco: (a) and (b) on the real extract, and the graph build (io::read_osm_roads +
//  roads::build_graph) beside `osmium cat` of the same file.
//
// Usage: roads_bench [--seed N] [--points N] [--pg-points N] [--sites N] [--minutes M]
//                    [--steps N] [--tour-iterations N] [--work DIR] [--monaco FILE] [--pg-bin DIR --pg-socket DIR --pg-port P]
//                    [--cache FILE] [--skip matrix,drag,steps,tour,monaco] [--tour-seeds 1,2,3]
//                    [--tour-seconds S]
// --tour-seeds runs the tour once per search seed (value, wall and CPU time each);
// --tour-seconds S (default 10; 0: not run) also runs each seed with matrix + search within
// S seconds of wall clock. E.g. the tour alone on a kept sidecar:
//   roads_bench --work DIR --cache DIR/region.roads --skip matrix,steps,monaco --tour-seeds 1,2,3
// Without --pg-socket only Maraude's figures are printed. bench/roads.sh starts a
// throw-away PostgreSQL cluster and passes the options.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <queue>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <geos_c.h>

#include "core/coverage/engine.h"
#include "core/coverage/geos_util.h"
#include "core/error.h"
#include "core/roads/ch.h"
#include "core/roads/graph.h"
#include "core/roads/network.h"
#include "core/roads/reach_area.h"
#include "core/roads/road_travel.h"
#include "core/roads/router.h"
#include "core/routing/planner.h"
#include "io/osm_roads.h"
#include "io/road_store.h"

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

// ---------------------------------------------------------------------------------------
// Results table: every row Maraude, peer, ratio, goal, met / not met.

struct Row {
  std::string what, maraude, peer, ratio, goal, verdict;
};
std::vector<Row> g_rows;

std::string fmt(const char* f, double v) {
  char b[96];
  std::snprintf(b, sizeof b, f, v);
  return b;
}
std::string verdict(bool ok) { return ok ? "met" : "NOT met"; }
void add_row(const std::string& what, const std::string& maraude, const std::string& peer = "",
             const std::string& ratio = "", const std::string& goal = "", const std::string& v = "") {
  g_rows.push_back({what, maraude, peer, ratio, goal, v});
}
void print_rows() {
  std::printf("\n%-58s | %-22s | %-30s | %-16s | %-22s | %s\n", "measure", "Maraude", "peer", "ratio", "goal", "");
  std::printf("%s\n", std::string(170, '-').c_str());
  for (const Row& r : g_rows)
    std::printf("%-58s | %-22s | %-30s | %-16s | %-22s | %s\n", r.what.c_str(), r.maraude.c_str(), r.peer.c_str(),
                r.ratio.c_str(), r.goal.c_str(), r.verdict.c_str());
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t k = static_cast<size_t>(std::ceil(p * v.size())) - 1;
  return v[std::min(k, v.size() - 1)];
}

struct Options {
  uint64_t seed = 1;
  size_t n_points = 1000, pg_points = 100, n_sites = 338, steps = 60;
  long tour_iterations = 20000;  // maraude plan's default
  double tour_seconds = 10;      // --tour-seconds S: also the tour with matrix + search within S s (0: not run)
  double minutes = 20;
  std::string monaco;
  std::string self;  // this executable (for the sidecar-load child process)
  std::string cache;  // --cache FILE: keep the region sidecar there and reuse it (iteration)
  std::string skip;   // --skip LIST: any of matrix,drag,steps,tour,monaco (iteration; steps: the drag steps only)
  std::vector<uint64_t> tour_seeds;  // --tour-seeds 1,2,3: the tour once per search seed (default: seed 1)
  bool skips(const char* what) const { return ("," + skip + ",").find("," + std::string(what) + ",") != std::string::npos; }
  Pg pg;
};

// Points near random junctions of the main component (up to `jitter` metres off), so
// that every one is snapped onto a road piece.
std::vector<Vec2> near_nodes(const Graph& g, const std::vector<uint32_t>& comp, size_t k, Rng& rng, double jitter) {
  std::vector<Vec2> out;
  out.reserve(k);
  for (size_t i = 0; i < k; ++i) {
    const Vec2 p = g.node[comp[rng.below(uint32_t(comp.size()))]];
    out.push_back({p.x + rng.uni(-jitter, jitter), p.y + rng.uni(-jitter, jitter)});
  }
  return out;
}

bool same_shape(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.polys.size() != b.polys.size()) return false;
  for (size_t i = 0; i < a.polys.size(); ++i) {
    if (a.polys[i].rings.size() != b.polys[i].rings.size()) return false;
    for (size_t k = 0; k < a.polys[i].rings.size(); ++k) {
      const Ring &ra = a.polys[i].rings[k], &rb = b.polys[i].rings[k];
      if (ra.size() != rb.size()) return false;
      for (size_t j = 0; j < ra.size(); ++j)
        if (ra[j].x != rb[j].x || ra[j].y != rb[j].y) return false;
    }
  }
  return true;
}

// The junction nearest to where a point joins the road (what pgRouting is given).
uint32_t nearest_node(const Graph& g, const Endpoint& e) {
  const Segment& s = g.segs[e.snap.seg];
  return e.snap.t <= s.length_m / 2 ? s.a : s.b;
}

double load_edges(const Pg& pg, const Graph& g, const std::string& name) {
  const std::string csv = pg.work + "/" + name + "-edges.csv";
  {
    std::ofstream f(csv);
    char line[160];
    // One row per segment: cost / reverse_cost in seconds, -1 where the direction is closed.
    std::vector<double> fwd(g.segs.size(), -1), bwd(g.segs.size(), -1);
    for (uint32_t v = 0; v < g.n_nodes(); ++v)
      for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e)
        (g.out[e].reversed ? bwd : fwd)[g.out[e].seg] = g.out[e].time_s;
    for (size_t s = 0; s < g.segs.size(); ++s) {
      std::snprintf(line, sizeof line, "%zu,%u,%u,%.9g,%.9g\n", s + 1, g.segs[s].a + 1, g.segs[s].b + 1, fwd[s], bwd[s]);
      f << line;
    }
  }
  auto t0 = Clock::now();
  pg.run("DROP TABLE IF EXISTS edges;\n"
         "CREATE TABLE edges (id BIGINT PRIMARY KEY, source BIGINT, target BIGINT, cost FLOAT8, reverse_cost FLOAT8);\n"
         "\\copy edges FROM '" + csv + "' WITH (FORMAT csv)\nANALYZE edges;\n",
         name + "-load");
  return since(t0);
}

const char* kEdgesSql = "'SELECT id, source, target, cost, reverse_cost FROM edges'";

// (a) and (b) on one network, through the product classes (RoadTravel, Router).
void bench_ab(const std::string& label, const std::shared_ptr<const RoadNetwork>& net, const Options& o,
              size_t pg_points) {
  const Graph& g = net->car;
  RoadTravel travel(net, Profile::Car);  // adopts the stored hierarchy, as travel_for does
  const Router& router = travel.router();
  std::vector<uint32_t> comp = main_component(g);
  Rng rng(o.seed + 1000);
  const std::vector<Vec2> sites = near_nodes(g, comp, o.n_sites, rng, 100);
  const std::vector<Vec2> points = near_nodes(g, comp, o.n_points, rng, 100);
  pg_points = std::min(pg_points, points.size());
  std::printf("\n[%s] %zu nodes, %zu edges; main component %zu nodes; %zu sites and %zu matrix points within 100 m "
              "of its junctions\n",
              label.c_str(), g.n_nodes(), g.n_edges(), comp.size(), sites.size(), points.size());
  if (o.pg.on()) std::printf("  pgRouting edges load (COPY) %.1f s\n", load_edges(o.pg, g, label));

  // --- (a) union service area.
  std::vector<uint32_t> site_nodes;
  for (Vec2 p : sites) site_nodes.push_back(nearest_node(g, router.endpoint(p)));
  std::vector<double> budgets = {o.minutes};
  if (o.minutes != 5) budgets.push_back(5);
  for (double minutes : budgets) {
    const double budget = minutes * 60;
    // The product path (what the coverage engine's covered area calls): snapping, one
    // cost-only multi-source search, its reached lines in one pass, the raster polygon.
    const std::vector<double> site_budgets(sites.size(), budget);
    auto t0 = Clock::now();
    double cpu0 = cpu_seconds();
    const MultiPolygon shape = travel.union_area(sites, site_budgets, true, 8);
    const double total_s = since(t0), total_cpu = cpu_seconds() - cpu0;
    // Once more on the same model (its search buffers and compact adjacency kept): what a
    // second covered area of the same workspace costs.
    t0 = Clock::now();
    cpu0 = cpu_seconds();
    const MultiPolygon again = travel.union_area(sites, site_budgets, true, 8);
    const double again_s = since(t0), again_cpu = cpu_seconds() - cpu0;
    // The same by parts.
    t0 = Clock::now();
    std::vector<Endpoint> eps;
    for (Vec2 p : sites) eps.push_back(router.endpoint(p));
    const double snap_s = since(t0);
    t0 = Clock::now();
    const std::vector<Polylines> flat = router.reach_line_parts(eps, std::vector<double>(eps.size(), 0.0), budget, Metric::Time);
    size_t n_lines = 0;
    for (const auto& part : flat) n_lines += part.size();
    const double search_lines_s = since(t0);
    t0 = Clock::now();
    const SearchResult r = router.reach(eps, std::vector<double>(eps.size(), 0.0), budget, Metric::Time, false);
    const double search_s = since(t0);
    // The former path's search (per-node state with sources and paths, binary heap), for the check.
    t0 = Clock::now();
    const SearchResult rd = router.reach(eps, std::vector<double>(eps.size(), 0.0), budget, Metric::Time, true);
    const double dense_s = since(t0);
    t0 = Clock::now();
    reach_polygon(flat, net->table.reach_buffer_m);
    const double poly_s = since(t0);
    // Check: the former path (the full search, reached_lines sorted and merged, one vector
    // per line) gives the same polygon.
    t0 = Clock::now();
    const MultiPolygon former = travel.area_of(rd, budget, Metric::Time);
    const double former_s = dense_s + since(t0);
    const bool same = same_shape(shape, former);
    coverage::geos::Geom gg = coverage::geos::from_model(shape);
    const bool valid = GEOSisValid_r(coverage::geos::handle(), gg.get()) == 1;
    const size_t reached = r.reached.size();
    size_t vertices = 0;
    for (const auto& p : shape.polys)
      for (const auto& ring : p.rings) vertices += ring.size();
    std::printf("  (a) %zu sites, %.0f min: union_area %.3f s (CPU %.3f s), again %.3f s (CPU %.3f s, same: %s); by parts: snapping %.3f s, search + reached "
                "lines %.3f s (%zu lines; the search alone %.3f s, %zu nodes reached), polygon %.3f s; %.3f km², %zu "
                "polygons, %zu vertices, GEOS valid: %s; the former path (full reach + reached_lines + area_of) %.3f s, "
                "%.3f km², same polygon: %s\n",
                sites.size(), minutes, total_s, total_cpu, again_s, again_cpu, same_shape(shape, again) ? "yes" : "NO", snap_s, search_lines_s, n_lines, search_s, reached, poly_s,
                maraude::area(shape) / 1e6, shape.polys.size(), vertices, valid ? "yes" : "NO", former_s,
                maraude::area(former) / 1e6, same ? "yes" : "NO");
    double pg_s = -1;
    size_t pg_reached = 0;
    if (o.pg.on()) {
      const std::string out = o.pg.run("\\timing on\nSELECT count(DISTINCT node) FROM pgr_drivingDistance(" +
                                           std::string(kEdgesSql) + ", " + vid_array(site_nodes, site_nodes.size()) +
                                           ", " + fmt("%.1f", budget) + ", directed => true, equicost => true);\n",
                                       label + "-reach");
      pg_s = psql_seconds(out);
      pg_reached = std::strtoul(out.c_str(), nullptr, 10);
    }
    const std::string what = "[" + label + "] (a) reach " + std::to_string(sites.size()) + " sites " + fmt("%.0f", minutes) + " min";
    const double total = total_s;
    const std::string peer = pg_s >= 0 ? fmt("%.2f s", pg_s) + " drivingDistance" : "n/a";
    add_row(what + ": search", fmt("%.3f s", search_s), peer, pg_s >= 0 ? fmt("x%.0f", pg_s / search_s) : "", "", "");
    add_row(what + ": search + lines, polygon", fmt("%.3f s", search_lines_s) + fmt(", %.3f s", poly_s),
            "(pgRouting: no polygon)", "", "", "");
    const bool goal_on = minutes == o.minutes;
    add_row(what + ": union_area again (warm)", fmt("%.3f s", again_s), peer, pg_s >= 0 ? fmt("x%.1f", pg_s / again_s) : "");
    add_row(what + ": total (union_area)", fmt("%.3f s", total), peer, pg_s >= 0 ? fmt("x%.1f", pg_s / total) : "",
            goal_on ? "<= 0.5 s, >= x20" : "",
            goal_on ? verdict(total <= 0.5 && (pg_s < 0 || pg_s / total >= 20)) + (pg_s < 0 ? " (time only)" : "") : "");
    add_row(what + ": nodes reached", std::to_string(reached),
            o.pg.on() ? std::to_string(pg_reached) + " (from nearest junctions)" : "n/a");
  }

  if (o.skips("matrix")) return;
  // --- (b) matrix on points, snapping included.
  std::vector<double> sec, met, sec2, met2;
  auto t0 = Clock::now();
  travel.table(points, points, met, sec);  // Router::matrix with the stored hierarchy
  const double stored_s = since(t0);
  Router fresh(g, net->table.access_walk_kmh, net->table.max_snap_m);
  t0 = Clock::now();
  fresh.matrix(points, points, Metric::Time, sec2, met2);  // builds its hierarchy first
  const double fresh_s = since(t0);
  const double build_s = fresh.hierarchy_of(Metric::Time)->stats().build_seconds;
  size_t finite = 0, differ = 0;
  for (size_t k = 0; k < sec.size(); ++k) {
    finite += std::isfinite(sec[k]);
    differ += !(sec[k] == sec2[k] || (std::isinf(sec[k]) && std::isinf(sec2[k])));
  }
  std::printf("  (b) %zux%zu on points: %.3f s with the stored hierarchy, %.3f s without (of which build %.2f s); %zu "
              "finite pairs; %zu pairs differ between the two\n",
              points.size(), points.size(), stored_s, fresh_s, build_s, finite, differ);
  // pgRouting on the first pg_points points' nearest junctions; Maraude's hierarchy on the
  // same junctions for the check.
  double pg_s = -1, max_rel = -1;
  size_t pg_pairs = 0, mismatch = 0;
  if (o.pg.on() && pg_points > 0) {
    std::vector<uint32_t> nodes;
    for (size_t i = 0; i < pg_points; ++i) nodes.push_back(nearest_node(g, router.endpoint(points[i])));
    const std::string out = o.pg.run("\\timing on\nSELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCostMatrix(" +
                                         std::string(kEdgesSql) + ", " + vid_array(nodes, nodes.size()) +
                                         ", directed => true);\n",
                                     label + "-matrix");
    pg_s = psql_seconds(out);
    std::vector<std::vector<ContractionHierarchy::Seed>> ends(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) ends[i] = {{nodes[i], 0, 0}};
    std::vector<double> c, oth;
    router.hierarchy_of(Metric::Time)->many_to_many(ends, ends, c, oth);
    std::vector<std::pair<uint32_t, size_t>> idx;
    for (size_t i = 0; i < nodes.size(); ++i) idx.push_back({nodes[i] + 1, i});
    std::sort(idx.begin(), idx.end());
    std::istringstream in(out);
    std::string ln;
    std::vector<double> pgc(nodes.size() * nodes.size(), kUnreachable);
    while (std::getline(in, ln)) {
      unsigned long a, b;
      double cost;
      if (std::sscanf(ln.c_str(), "%lu|%lu|%lf", &a, &b, &cost) != 3) continue;
      ++pg_pairs;
      auto ia = std::lower_bound(idx.begin(), idx.end(), std::make_pair(uint32_t(a), size_t(0)));
      for (; ia != idx.end() && ia->first == a; ++ia) {
        auto ib = std::lower_bound(idx.begin(), idx.end(), std::make_pair(uint32_t(b), size_t(0)));
        for (; ib != idx.end() && ib->first == b; ++ib) pgc[ia->second * nodes.size() + ib->second] = cost;
      }
    }
    max_rel = 0;
    for (size_t i = 0; i < nodes.size(); ++i)
      for (size_t j = 0; j < nodes.size(); ++j) {
        if (nodes[i] == nodes[j]) continue;
        const double a = c[i * nodes.size() + j], b = pgc[i * nodes.size() + j];
        if (std::isinf(a) || std::isinf(b)) {
          mismatch += std::isinf(a) != std::isinf(b);
          continue;
        }
        max_rel = std::max(max_rel, std::abs(a - b) / std::max(1.0, b));
      }
    std::printf("  (b) pgr_dijkstraCostMatrix %zux%zu: %.2f s; check against Maraude's hierarchy on the same junctions: "
                "%zu pairs, max rel. diff %.1e, %zu reachability mismatches\n",
                nodes.size(), nodes.size(), pg_s, pg_pairs, max_rel, mismatch);
  }
  const double scale = pg_points > 0 ? double(points.size()) / double(pg_points) : 0;
  const bool extrap = pg_points < points.size();
  const std::string n = std::to_string(points.size());
  const std::string peer = pg_s >= 0 ? fmt("%.1f s", pg_s * scale) + (extrap ? " (extrap. from " + std::to_string(pg_points) + "²)" : "") : "n/a";
  add_row("[" + label + "] (b) " + n + "x" + n + " matrix on points, stored CH", fmt("%.3f s", stored_s), peer,
          pg_s >= 0 ? fmt("x%.0f", pg_s * scale / stored_s) : "", "<= 3 s, >= x50",
          verdict(stored_s <= 3 && (pg_s < 0 || pg_s * scale / stored_s >= 50)) + (pg_s < 0 ? " (time only)" : ""));
  add_row("[" + label + "] (b) " + n + "x" + n + " matrix on points, CH built on demand", fmt("%.2f s", fresh_s), peer,
          pg_s >= 0 ? fmt("x%.1f", pg_s * scale / fresh_s) : "", "<= 3 s", verdict(fresh_s <= 3));
}

// Square targets of `side` metres over the region's extent, with populations.
std::vector<coverage::Target> square_targets(const BBox& box, double side, Rng& rng) {
  std::vector<coverage::Target> out;
  int k = 0;
  for (double y = box.miny; y < box.maxy; y += side)
    for (double x = box.minx; x < box.maxx; x += side) {
      coverage::Target t;
      t.id = "carre:" + std::to_string(k++);
      t.kind = coverage::TargetKind::RuralCommune;
      t.code = t.id;
      t.name = t.id;
      t.geom.polys.push_back(Polygon{{Ring{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}}}});
      t.area_m2 = side * side;
      t.anchor = {x + side * rng.uni(0.3, 0.7), y + side * rng.uni(0.3, 0.7)};
      t.population_known = true;
      t.population = std::floor(rng.uni(200, 20000));
      t.pop_15_29 = std::floor(t.population * 0.18);
      t.neet = t.pop_15_29 * 0.128;
      out.push_back(std::move(t));
    }
  return out;
}

void bench_drag_steps(const std::shared_ptr<const RoadNetwork>& net, const std::shared_ptr<const RoadTravel>& travel,
                      const std::vector<coverage::Target>& targets, coverage::Scenario sc, const Options& o);
void bench_tour(const Graph& g, const std::vector<uint32_t>& comp, const BBox& box,
                const std::shared_ptr<const RoadTravel>& travel, Rng& rng, const Options& o);

// (c) drag steps and the region-size tour on the region's RoadTravel (the same draws
// whether the steps run or not).
void bench_drag_and_tour(const std::shared_ptr<const RoadNetwork>& net, const Options& o) {
  const Graph& g = net->car;
  auto travel = std::make_shared<const RoadTravel>(net, Profile::Car);
  std::vector<uint32_t> comp = main_component(g);
  Rng rng(o.seed + 2000);
  const BBox box = g.extent();
  auto targets = square_targets(box, 5000, rng);
  coverage::Scenario sc;
  sc.name = "bench";
  sc.default_reach = coverage::Reach::minutes(o.minutes);
  const std::vector<Vec2> pos = near_nodes(g, comp, o.n_sites, rng, 100);
  for (size_t i = 0; i < pos.size(); ++i) {
    coverage::ServicePoint p;
    p.id = "p" + std::to_string(i);
    p.name = p.id;
    p.pos = pos[i];
    sc.points.push_back(p);
  }
  if (!o.skips("steps")) bench_drag_steps(net, travel, targets, sc, o);
  if (o.skips("tour")) return;
  bench_tour(g, comp, box, travel, rng, o);
}

void bench_drag_steps(const std::shared_ptr<const RoadNetwork>& net, const std::shared_ptr<const RoadTravel>& travel,
                      const std::vector<coverage::Target>& targets, coverage::Scenario sc, const Options& o) {
  coverage::CoverageParams params;
  params.threads = 2;
  coverage::CoverageEngine eng(nullptr, targets, travel, params);
  auto t0 = Clock::now();
  eng.set_scenario(sc);
  const double full_s = since(t0);
  std::printf("\n[region] (c) %zu square targets of 5 km, %zu sites at %.0f min: full computation %.2f s, uncovered "
              "population %.0f of %.0f\n",
              targets.size(), sc.points.size(), o.minutes, full_s, eng.totals().uncovered_pop, eng.totals().population);
  std::vector<double> step_ms, step_cpu_ms;  // wall, and CPU of the process (both threads)
  size_t touched = 0;
  for (size_t k = 0; k < o.steps; ++k) {
    const size_t i = (k * 37) % sc.points.size();
    const double ang = 0.7 * double(k);
    const Vec2 to = sc.points[i].pos + Vec2{300 * std::cos(ang), 300 * std::sin(ang)};
    t0 = Clock::now();
    const double cpu0 = cpu_seconds();
    const auto up = eng.move_point(sc.points[i].id, to);
    step_ms.push_back(since(t0) * 1000);
    step_cpu_ms.push_back((cpu_seconds() - cpu0) * 1000);
    touched += up.changed.size();
    sc.points[i].pos = to;
  }
  const double med = median(step_ms), p95 = percentile(step_ms, 0.95);
  std::printf("  (c) CPU time of a step (process, all threads): median %.1f ms, p95 %.1f ms\n", median(step_cpu_ms),
              percentile(step_cpu_ms, 0.95));
  std::printf("  (c) %zu drag steps of 300 m: median %.1f ms, p95 %.1f ms, max %.1f ms (%.1f targets recomputed per "
              "step)\n",
              step_ms.size(), med, p95, *std::max_element(step_ms.begin(), step_ms.end()),
              double(touched) / double(step_ms.size()));
  // Where a step's time goes: the moved site's reach area alone, and the nearest-site
  // update alone (repaired search vs a new one over the whole graph).
  {
    std::vector<Vec2> sites;
    for (const auto& p : sc.points) sites.push_back(p.pos);
    std::vector<Vec2> anchors;
    for (const auto& t : targets) anchors.push_back(t.anchor);
    std::vector<double> area_ms, move_ms, full_ms, s_ms, l_ms, p_ms;
    auto state = travel->nearest_start(sites, anchors, true);
    for (size_t k = 0; k < std::min<size_t>(o.steps, 20); ++k) {
      const size_t i = (k * 53) % sites.size();
      const Vec2 to = sites[i] + Vec2{300, 0};
      t0 = Clock::now();
      const ReachShape shape = travel->reach_area(to, o.minutes * 60, true, 8);
      area_ms.push_back(since(t0) * 1000);
      {  // the same, by parts: the search alone, the search and its lines, the polygon
        const Router& router = travel->router();
        const Endpoint ep = router.endpoint(to);
        t0 = Clock::now();
        const SearchResult r = router.reach({ep}, {0.0}, o.minutes * 60, Metric::Time, false);
        s_ms.push_back(since(t0) * 1000);
        t0 = Clock::now();
        const auto lines = router.reach_line_parts({ep}, {0.0}, o.minutes * 60, Metric::Time);
        l_ms.push_back(since(t0) * 1000);
        t0 = Clock::now();
        reach_polygon(lines, net->table.reach_buffer_m);
        p_ms.push_back(since(t0) * 1000);
      }
      t0 = Clock::now();
      travel->nearest_move(*state, i, to);
      move_ms.push_back(since(t0) * 1000);
      sites[i] = to;
      if (k < 5) {
        std::vector<int> site;
        std::vector<double> m, sec;
        t0 = Clock::now();
        travel->nearest(sites, anchors, true, site, m, sec);
        full_ms.push_back(since(t0) * 1000);
      }
    }
    std::printf("  (c) of a step: the moved site's reach area (search + lines + polygon) median %.1f ms; nearest sites "
                "of every target: repaired search median %.1f ms, new full search median %.1f ms; the rest is GEOS "
                "(gaps of the targets under the old and new areas)\n",
                median(area_ms), median(move_ms), median(full_ms));
    std::printf("  (c) the moved site's reach area by parts, medians: search alone %.1f ms, search + reached lines %.1f ms, polygon %.1f ms\n",
                median(s_ms), median(l_ms), median(p_ms));
    add_row("[region] (c) of which: reach area of the moved site", fmt("%.1f ms", median(area_ms)),
            fmt("search+lines %.1f", median(l_ms)) + fmt(" (search %.1f)", median(s_ms)) + fmt(" + polygon %.1f ms", median(p_ms)));
    add_row("[region] (c) of which: nearest sites, repaired search", fmt("%.1f ms", median(move_ms)),
            fmt("full search %.1f ms", median(full_ms)));
  }
  // Check: the engine after the steps equals a full computation of the final scenario.
  {
    coverage::CoverageEngine full(nullptr, targets, travel, params);
    full.set_scenario(eng.scenario());
    size_t differ = 0;
    for (size_t t = 0; t < targets.size(); ++t) differ += !(full.results()[t] == eng.results()[t]);
    std::printf("  (c) check: after the steps, %zu of %zu targets differ from a full recompute\n", differ,
                targets.size());
  }
  add_row("[region] (c) drag step (300 m), median", fmt("%.1f ms", med), "(pgRouting: no live edit)", "",
          "<= 16 ms", verdict(med <= 16));
  add_row("[region] (c) drag step (300 m), p95", fmt("%.1f ms", p95));
  add_row("[region] (c) drag step, CPU time (all threads), median", fmt("%.1f ms", median(step_cpu_ms)));
}

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  double a = -1, b = -1, c = -1;
  f >> a >> b >> c;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", a, b, c);
  return buf;
}

// One end-to-end tour run: the matrix (build_costs through RoadTravel) then plan_tours,
// timed as one wall-clock interval (and the process's CPU time, both search threads).
struct TourRun {
  double matrix_s = 0, matrix_cpu = 0, search_s = 0, search_cpu = 0, total_s = 0, total_cpu = 0;
  double limit_s = 0;  // the time limit given to plan_tours (0: iteration budget)
  long iterations = 0; // iterations per search thread (time limit: the slower thread's at its last report, every 50)
  double value = 0, km = 0;
  int visits = 0;
  std::string load;    // /proc/loadavg at the end of the run
};

void bench_tour(const Graph& g, const std::vector<uint32_t>& comp, const BBox& box,
                const std::shared_ptr<const RoadTravel>& travel, Rng& rng, const Options& o) {
  // Tour: 1,000 candidates + a base, 1 team × 10 days.
  std::vector<Vec2> places = {box.center()};
  for (Vec2 p : near_nodes(g, comp, 1000, rng, 100)) places.push_back(p);
  routing::PlanInput in;
  routing::Team team;
  team.name = "équipe 1";
  team.base = 0;
  in.teams = {team};
  in.days = 10;
  for (size_t k = 1; k < places.size(); ++k) {
    routing::Stop st;
    st.id = "c" + std::to_string(k);
    st.place = int(k);
    st.value = std::floor(rng.uni(1, 20));
    in.stops.push_back(st);
  }
  // The matrix is built again for every run (a fresh PlanInput), so each total is one
  // measured interval: what `maraude plan` spends on a region-size tour.
  // iterations > 0: the deterministic budget (maraude plan's default 20,000); otherwise
  // `goal_s` is the wall-clock goal for matrix + search: the search's time limit is the
  // goal minus the measured matrix time (as `maraude plan --seconds S`, iterations 0).
  auto run = [&](uint64_t seed, long iterations, double goal_s) {
    TourRun r;
    routing::PlanInput pin = in;
    pin.dist_m.clear();
    pin.time_s.clear();
    const auto t0 = Clock::now();
    const double cpu0 = cpu_seconds();
    routing::build_costs(*travel, places, pin);
    r.matrix_s = since(t0);
    r.matrix_cpu = cpu_seconds() - cpu0;
    routing::SolveOptions opt;  // the command line's defaults
    opt.seed = seed;
    if (iterations > 0) {
      opt.max_iterations = iterations;
      r.iterations = iterations;
    } else {
      opt.max_iterations = 0;
      r.limit_s = std::max(0.1, goal_s - r.matrix_s);
      opt.seconds = r.limit_s;
      opt.progress_every = 50;
      opt.on_progress = [&r](const routing::Progress& pr) { r.iterations = std::max(r.iterations, pr.iteration); };
    }
    const auto t1 = Clock::now();
    const double cpu1 = cpu_seconds();
    const routing::Plan plan = routing::plan_tours(pin, opt);
    r.search_s = since(t1);
    r.search_cpu = cpu_seconds() - cpu1;
    r.total_s = since(t0);
    r.total_cpu = cpu_seconds() - cpu0;
    r.value = plan.value;
    r.km = plan.distance_m / 1000;
    r.visits = plan.visits;
    r.load = loadavg();
    std::printf("\n[region] tour: %zu places, 1 team x 10 days, seed %llu, %s: matrix %.2f s (CPU %.2f s) + "
                "plan_tours %.2f s (CPU %.2f s) = %.2f s wall (CPU %.2f s); %s%ld iterations per search thread; %d "
                "visits, value %.0f, %.0f km driven; load average %s\n",
                places.size(), (unsigned long long)seed,
                iterations > 0 ? (std::to_string(iterations) + " iterations").c_str()
                               : fmt("time limit %.2f s", r.limit_s).c_str(),
                r.matrix_s, r.matrix_cpu, r.search_s, r.search_cpu, r.total_s, r.total_cpu,
                iterations > 0 ? "" : "at least ", r.iterations, r.visits,
                r.value, r.km, r.load.c_str());
    return r;
  };
  const std::vector<uint64_t> seeds = o.tour_seeds.empty() ? std::vector<uint64_t>{1} : o.tour_seeds;
  std::vector<TourRun> fixed, timed;
  for (uint64_t seed : seeds) fixed.push_back(run(seed, o.tour_iterations, 0));
  if (o.tour_seconds > 0)
    for (uint64_t seed : seeds) timed.push_back(run(seed, 0, o.tour_seconds));

  // Side by side, one line per seed.
  std::printf("\n[region] tour 1000 candidates x 10 days, 1 team, matrix + plan_tours (2 search threads), load "
              "average now %s\n",
              loadavg().c_str());
  std::printf("%-5s | %-26s | %7s %7s %7s %7s %8s %7s %6s %6s | %s\n", "seed", "budget", "matrix", "search", "wall",
              "CPU", "iter.", "visits", "value", "km", "value ratio (limit / it.)");
  auto line = [&](uint64_t seed, const TourRun& r, const std::string& budget, const std::string& ratio) {
    std::printf("%-5llu | %-26s | %6.2fs %6.2fs %6.2fs %6.2fs %8ld %7d %6.0f %6.0f | %s\n", (unsigned long long)seed,
                budget.c_str(), r.matrix_s, r.search_s, r.total_s, r.total_cpu, r.iterations, r.visits, r.value, r.km,
                ratio.c_str());
  };
  double ratio_sum = 0, ratio_min = 1e300, worst_fixed = 0, worst_timed = 0;
  for (size_t i = 0; i < seeds.size(); ++i) {
    line(seeds[i], fixed[i], std::to_string(o.tour_iterations) + " iterations", "");
    worst_fixed = std::max(worst_fixed, fixed[i].total_s);
    if (i < timed.size()) {
      const double ratio = fixed[i].value > 0 ? timed[i].value / fixed[i].value : 0;
      ratio_sum += ratio;
      ratio_min = std::min(ratio_min, ratio);
      worst_timed = std::max(worst_timed, timed[i].total_s);
      line(seeds[i], timed[i], fmt("%g s goal: limit ", o.tour_seconds) + fmt("%.2f s", timed[i].limit_s),
           fmt("%.4f", ratio));
    }
  }
  if (!timed.empty())
    std::printf("(iter. of a time-limited run: the slower search thread's count at its last progress report, every 50; "
                "the time-limited plan depends on the machine's speed, the iteration budget's does not)\n");
  const std::string it = std::to_string(o.tour_iterations) + " it.";
  add_row("[region] tour 1000 x 10 days, incl. matrix, " + it + ", slowest of " + std::to_string(seeds.size()) +
              " seeds",
          fmt("%.2f s", worst_fixed), "load " + fixed.back().load, "", "<= 10 s", verdict(worst_fixed <= 10));
  if (!timed.empty()) {
    add_row("[region] tour as above, time limit " + fmt("%g s", o.tour_seconds) + " - matrix, slowest seed",
            fmt("%.2f s", worst_timed), "load " + timed.back().load, "", "<= 10 s", verdict(worst_timed <= 10));
    add_row("[region] tour: value with the time limit / value at " + it + " (mean, min)",
            fmt("%.4f", ratio_sum / double(timed.size())), fmt("min %.4f", ratio_min));
  }
}

// Runs `self --load-only FILE` and reads back "seconds rss_mb".
bool child_load(const Options& o, const std::string& file, double& secs, double& rss) {
  const std::string cmd = "'" + o.self + "' --load-only '" + file + "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char buf[256] = {};
  const bool ok = std::fgets(buf, sizeof buf, p) != nullptr;
  const int rc = pclose(p);
  return ok && rc == 0 && std::sscanf(buf, "%lf %lf", &secs, &rss) == 2;
}

double run_timed(const std::string& cmd) {
  auto t0 = Clock::now();
  const int rc = std::system(cmd.c_str());
  return rc == 0 ? since(t0) : -1;
}

void bench_monaco(const Options& o) {
  if (o.monaco.empty() || !std::filesystem::exists(o.monaco)) {
    std::printf("\n[monaco] extract not found (%s): skipped\n", o.monaco.c_str());
    return;
  }
  // Graph build: what import does (read the ways, both profiles), hierarchy apart.
  auto net = std::make_shared<RoadNetwork>();
  net->table = ProfileTable::defaults();
  auto t0 = Clock::now();
  const auto ways = io::read_osm_roads({o.monaco}, net->table);
  net->car = build_graph(ways, Profile::Car);
  net->foot = build_graph(ways, Profile::Foot);
  const double build_s = since(t0);
  t0 = Clock::now();
  net->ch_car = std::make_shared<const ContractionHierarchy>(net->car, Metric::Time, 2);
  const double ch_s = since(t0);
  const double osmium_s =
      run_timed("osmium cat -O -o '" + o.pg.work + "/monaco-copy.osm.pbf' '" + o.monaco + "' >/dev/null 2>&1");
  std::printf("\n[monaco] graph build (read_osm_roads + build_graph car and foot) %.3f s; car hierarchy %.3f s; "
              "osmium cat %.3f s\n",
              build_s, ch_s, osmium_s);
  add_row("[monaco] graph build (read + car + foot graphs)", fmt("%.3f s", build_s),
          osmium_s >= 0 ? fmt("%.3f s osmium cat", osmium_s) : "osmium n/a",
          osmium_s > 0 ? fmt("x%.2f", build_s / osmium_s) + " of osmium" : "", "printed beside osmium", "");
  bench_ab("monaco", net, o, o.n_points);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress visible through a pipe
  Options o;
  Pg& pg = o.pg;
  pg.bin = "/usr/lib/postgresql/15/bin";
  pg.work = "/tmp";
  o.self = argv[0];
  o.monaco = MARAUDE_TEST_DATA "/roads/monaco_osrm-testdata_2016-03-05.osm.pbf";
  if (argc == 3 && std::string(argv[1]) == "--load-only") {
    // Child process: open a road sidecar the way a workspace does; print time and peak RSS.
    try {
      auto t0 = Clock::now();
      RoadNetwork net = io::read_roads(argv[2]);
      std::printf("%.3f %.1f %zu\n", since(t0), maxrss_mb(), net.car.n_nodes());
      return 0;
    } catch (const Error& e) {
      std::fprintf(stderr, "%s\n", e.format().c_str());
      return 1;
    }
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--seed") o.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (k == "--points") o.n_points = std::strtoul(v.c_str(), nullptr, 10);
    else if (k == "--pg-points") o.pg_points = std::strtoul(v.c_str(), nullptr, 10);
    else if (k == "--sites") o.n_sites = std::strtoul(v.c_str(), nullptr, 10);
    else if (k == "--steps") o.steps = std::max<size_t>(1, std::strtoul(v.c_str(), nullptr, 10));
    else if (k == "--minutes") o.minutes = std::atof(v.c_str());
    else if (k == "--monaco") o.monaco = v;
    else if (k == "--tour-iterations") o.tour_iterations = std::max(1L, std::atol(v.c_str()));
    else if (k == "--tour-seconds") o.tour_seconds = std::max(0.0, std::atof(v.c_str()));
    else if (k == "--cache") o.cache = v;
    else if (k == "--skip") o.skip = v;
    else if (k == "--tour-seeds") {
      for (size_t a = 0; a < v.size();) {
        size_t b = v.find(',', a);
        if (b == std::string::npos) b = v.size();
        o.tour_seeds.push_back(std::strtoull(v.substr(a, b - a).c_str(), nullptr, 10));
        a = b + 1;
      }
    }
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
    if (!o.cache.empty() && std::filesystem::exists(o.cache)) {
      // Iteration mode: the sidecar of an earlier run (same seed), no generation nor build.
      auto t0 = Clock::now();
      auto loaded = std::make_shared<const RoadNetwork>(io::read_roads(o.cache));
      std::printf("Synthetic network read from %s in %.1f s: %zu nodes, checksum %016llx\n", o.cache.c_str(), since(t0),
                  loaded->car.n_nodes(), (unsigned long long)checksum(loaded->car));
      bench_ab("region", loaded, o, o.pg_points);
      if (!o.skips("drag")) bench_drag_and_tour(loaded, o);
      if (!o.skips("monaco")) bench_monaco(o);
      print_rows();
      return 0;
    }
    auto t0 = Clock::now();
    auto net = std::make_shared<RoadNetwork>();
    net->table = ProfileTable::defaults();
    net->car = make_region(o.seed);
    net->car.build_reverse();
    net->foot.profile = Profile::Foot;
    net->foot.first_out = {0};
    net->foot.build_reverse();
    const double gen_s = since(t0);
    const double rss_graph = maxrss_mb();
    const Graph& g = net->car;
    std::printf("Synthetic Hauts-de-France road network, seed %llu: %zu nodes, %zu directed edges, %zu segments\n",
                (unsigned long long)o.seed, g.n_nodes(), g.n_edges(), g.segs.size());
    std::printf("  checksum %016llx, generated in %.1f s, graph %.0f MB, peak RSS %.0f MB\n",
                (unsigned long long)checksum(g), gen_s, graph_bytes(g) / 1048576.0, rss_graph);

    // The import's work: the time hierarchy, then the sidecar.
    t0 = Clock::now();
    const double cpu0 = cpu_seconds();
    net->ch_car = std::make_shared<const ContractionHierarchy>(g, Metric::Time, 2);
    const double ch_s = since(t0), ch_cpu = cpu_seconds() - cpu0;
    const auto& st = net->ch_car->stats();
    std::printf("  hierarchy (time, at import): %.1f s wall, %.1f s CPU on 2 threads, %zu shortcuts, %.0f MB; peak RSS "
                "%.0f MB\n",
                ch_s, ch_cpu, st.shortcuts, st.memory_bytes / 1048576.0, maxrss_mb());
    const std::string file = pg.work + "/region.roads";
    t0 = Clock::now();
    io::save_roads(*net, file);
    const double save_s = since(t0);
    const double file_mb = std::filesystem::file_size(file) / 1048576.0;
    net.reset();
    double load_s = -1, load_rss = -1;
    const bool child = child_load(o, file, load_s, load_rss);
    t0 = Clock::now();
    auto loaded = std::make_shared<const RoadNetwork>(io::read_roads(file));
    const double load_here_s = since(t0);
    if (o.cache.empty()) std::filesystem::remove(file);
    else if (!(std::filesystem::exists(o.cache) && std::filesystem::equivalent(file, o.cache))) {  // --cache may name the work file
      std::filesystem::copy_file(file, o.cache, std::filesystem::copy_options::overwrite_existing);
      std::filesystem::remove(file);
    }
    std::printf("  sidecar: written in %.1f s (%.0f MB); read back in %.1f s; a fresh process opening it: %.1f s, peak "
                "RSS %.0f MB\n",
                save_s, file_mb, load_here_s, load_s, load_rss);
    add_row("[region] hierarchy build (once, at import)", fmt("%.1f s", ch_s), "", "", "", "");
    add_row("[region] sidecar open (graph + CH), fresh process", child ? fmt("%.2f s", load_s) : "failed");
    add_row("[region] peak memory, graph + CH loaded", child ? fmt("%.0f MB", load_rss) : "failed", "", "", "<= 1 GB",
            child ? verdict(load_rss <= 1024) : "");

    bench_ab("region", loaded, o, o.pg_points);
    if (!o.skips("drag")) bench_drag_and_tour(loaded, o);
    if (!o.skips("monaco")) bench_monaco(o);
    add_row("peak RSS of this whole run (generation + CH build + two copies)", fmt("%.0f MB", maxrss_mb()));
    print_rows();
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "%s\n", e.format().c_str());
    return 1;
  }
}
