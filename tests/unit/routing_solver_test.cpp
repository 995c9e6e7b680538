// Route planner engine on the public benchmark instances. The feasibility checker
// and the instance readers below are written independently of the solver's code:
// they re-read the instance files and the JSON written by `maraude solve`.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/routing/instance.h"
#include "test_support.h"

using namespace maraude;
namespace fs = std::filesystem;

namespace {

// ---- independent readers ---------------------------------------------------
struct Node {
  double x = 0, y = 0, demand = 0, ready = 0, due = 0, service = 0;
};

std::map<long, Node> read_tsp_nodes(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  bool in = false;
  std::map<long, Node> out;
  while (std::getline(f, line)) {
    if (line.find("NODE_COORD_SECTION") != std::string::npos) { in = true; continue; }
    if (!in) continue;
    std::istringstream is(line);
    long id;
    double x, y;
    if (is >> id >> x >> y) out[id] = {x, y};
  }
  return out;
}

struct Vrptw {
  double capacity = 0;
  std::map<long, Node> nodes;  // 0 = depot
};

Vrptw read_solomon(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  Vrptw v;
  int numeric_lines = 0;
  while (std::getline(f, line)) {
    std::istringstream is(line);
    std::vector<double> vals;
    double d;
    while (is >> d) vals.push_back(d);
    if (vals.size() == 2 && numeric_lines == 0) { v.capacity = vals[1]; ++numeric_lines; }
    else if (vals.size() == 7) v.nodes[static_cast<long>(vals[0])] = {vals[1], vals[2], vals[3], vals[4], vals[5], vals[6]};
  }
  return v;
}

struct JsonSolution {
  std::string instance;
  double objective = -1;
  int vehicles = -1;
  std::vector<std::vector<long>> routes;
};

JsonSolution read_json(const std::string& text) {
  JsonSolution s;
  std::smatch m;
  if (std::regex_search(text, m, std::regex(R"re("instance"\s*:\s*"([^"]*)")re"))) s.instance = m[1];
  if (std::regex_search(text, m, std::regex(R"re("objective"\s*:\s*([0-9.eE+-]+))re"))) s.objective = std::stod(m[1]);
  if (std::regex_search(text, m, std::regex(R"re("vehicles"\s*:\s*([0-9]+))re"))) s.vehicles = std::stoi(m[1]);
  const auto r = text.find("\"routes\"");
  if (r == std::string::npos) return s;
  const std::string rest = text.substr(text.find('[', r) + 1);
  std::regex inner(R"(\[([^\[\]]*)\])");
  for (auto it = std::sregex_iterator(rest.begin(), rest.end(), inner); it != std::sregex_iterator(); ++it) {
    std::vector<long> ids;
    std::istringstream is(std::regex_replace((*it)[1].str(), std::regex(","), " "));
    long id;
    while (is >> id) ids.push_back(id);
    s.routes.push_back(ids);
  }
  return s;
}

// ---- independent checkers ----------------------------------------------------
// Returns "" when feasible, else what is wrong; `length` gets the recomputed tour length.
std::string check_tsp(const std::map<long, Node>& nodes, const JsonSolution& s, double& length) {
  if (s.routes.size() != 1) return "expected exactly one route";
  const auto& r = s.routes[0];
  if (r.size() != nodes.size()) return "route has " + std::to_string(r.size()) + " nodes, expected " + std::to_string(nodes.size());
  std::set<long> seen;
  for (long id : r) {
    if (!nodes.count(id)) return "unknown node " + std::to_string(id);
    if (!seen.insert(id).second) return "node visited twice: " + std::to_string(id);
  }
  length = 0;
  for (size_t k = 0; k < r.size(); ++k) {
    const Node& a = nodes.at(r[k]);
    const Node& b = nodes.at(r[(k + 1) % r.size()]);
    length += std::floor(std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)) + 0.5);
  }
  return "";
}

std::string check_vrptw(const Vrptw& in, const JsonSolution& s, double& distance) {
  const Node& depot = in.nodes.at(0);
  std::set<long> seen;
  distance = 0;
  for (size_t r = 0; r < s.routes.size(); ++r) {
    const auto& route = s.routes[r];
    if (route.empty()) return "empty route " + std::to_string(r);
    double t = depot.ready, load = 0;
    const Node* prev = &depot;
    for (long id : route) {
      if (id == 0 || !in.nodes.count(id)) return "bad customer id " + std::to_string(id);
      if (!seen.insert(id).second) return "customer served twice: " + std::to_string(id);
      const Node& c = in.nodes.at(id);
      const double d = std::hypot(c.x - prev->x, c.y - prev->y);
      distance += d;
      t = std::max(t + d, c.ready);
      if (t > c.due + 1e-6) return "customer " + std::to_string(id) + " served after its due date";
      t += c.service;
      load += c.demand;
      prev = &c;
    }
    const double back = std::hypot(depot.x - prev->x, depot.y - prev->y);
    distance += back;
    if (t + back > depot.due + 1e-6) return "route " + std::to_string(r) + " returns after the depot closes";
    if (load > in.capacity + 1e-9) return "route " + std::to_string(r) + " exceeds the capacity";
  }
  if (seen.size() != in.nodes.size() - 1) return "served " + std::to_string(seen.size()) + " customers, expected " + std::to_string(in.nodes.size() - 1);
  return "";
}

std::string bench(const std::string& rel) { return test::bench_dir() + "/" + rel; }

}  // namespace

// ---- TSPLIB -------------------------------------------------------------------
struct TspCase {
  const char* file;
  double optimum;
};
class TsplibTest : public ::testing::TestWithParam<TspCase> {};

TEST_P(TsplibTest, CliSolutionIsAValidTourWithin2PercentOfOptimum) {
  const auto c = GetParam();
  const fs::path dir = test::temp_dir("tsp");
  const std::string out = (dir / "sol.json").string();
  const auto r = test::run_maraude("solve '" + bench(c.file) + "' --iterations 1500 --seed 7 --out '" + out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Objectif"), std::string::npos);
  const JsonSolution s = read_json(test::read_file(out));
  double len = 0;
  const auto nodes = read_tsp_nodes(bench(c.file));
  ASSERT_EQ(check_tsp(nodes, s, len), "");
  EXPECT_DOUBLE_EQ(len, s.objective);
  EXPECT_EQ(s.vehicles, 1);
  EXPECT_LE(len, c.optimum * 1.02);
  EXPECT_GE(len, c.optimum);
}

INSTANTIATE_TEST_SUITE_P(Bench, TsplibTest,
                         ::testing::Values(TspCase{"tsplib/eil51.tsp", 426}, TspCase{"tsplib/berlin52.tsp", 7542},
                                           TspCase{"tsplib/kroA100.tsp", 21282}));

// ---- Solomon ------------------------------------------------------------------
struct VrpCase {
  const char* file;
  int vehicles;
  double distance;
};
class SolomonTest : public ::testing::TestWithParam<VrpCase> {};

TEST_P(SolomonTest, CliSolutionIsFeasibleAndClose) {
  const auto c = GetParam();
  const fs::path dir = test::temp_dir("vrptw");
  const std::string out = (dir / "sol.json").string();
  const auto r = test::run_maraude("solve '" + bench(c.file) + "' --seed 1 --out '" + out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const JsonSolution s = read_json(test::read_file(out));
  const Vrptw in = read_solomon(bench(c.file));
  ASSERT_EQ(in.nodes.size(), 101u);
  double d = 0;
  ASSERT_EQ(check_vrptw(in, s, d), "");
  EXPECT_NEAR(d, s.objective, 0.006);
  EXPECT_EQ(static_cast<int>(s.routes.size()), s.vehicles);
  EXPECT_LE(s.vehicles, c.vehicles + 1);
  if (s.vehicles == c.vehicles) EXPECT_LE(d, c.distance * 1.05);
}

INSTANTIATE_TEST_SUITE_P(Bench, SolomonTest,
                         ::testing::Values(VrpCase{"solomon/C101.txt", 10, 828.94}, VrpCase{"solomon/C201.txt", 3, 591.56},
                                           VrpCase{"solomon/R101.txt", 19, 1650.80},
                                           VrpCase{"solomon/R201.txt", 4, 1252.37},
                                           VrpCase{"solomon/RC101.txt", 14, 1696.95}));

// ---- engine behaviour ---------------------------------------------------------
TEST(RoutingEngine, SameSeedSameResult) {
  const auto in = routing::read_instance(bench("solomon/R201.txt"));
  const auto p = routing::to_problem(in);
  routing::SolveOptions o = routing::default_options(in);
  o.max_iterations = 3000;
  o.seed = 11;
  const auto a = routing::solve(p, o);
  const auto b = routing::solve(p, o);
  EXPECT_EQ(a.routes, b.routes);
  EXPECT_DOUBLE_EQ(a.distance, b.distance);
}

TEST(RoutingEngine, StopFlagReturnsBestSoFar) {
  const auto in = routing::read_instance(bench("solomon/C101.txt"));
  const auto p = routing::to_problem(in);
  routing::SolveOptions o = routing::default_options(in);
  o.max_iterations = 0;  // unlimited: only the stop flag ends it
  std::atomic<bool> stop{false};
  long calls = 0;
  o.stop = &stop;
  o.progress_every = 100;
  o.on_progress = [&](const routing::Progress& pr) {
    ++calls;
    EXPECT_EQ(pr.best_unassigned, 0);
    if (pr.iteration >= 500) stop = true;
  };
  const auto s = routing::solve(p, o);
  EXPECT_GE(calls, 5);
  EXPECT_TRUE(s.unassigned.empty());
  for (size_t r = 0; r < s.routes.size(); ++r) EXPECT_TRUE(routing::check_route(p, static_cast<int>(r), s.routes[r]));
}

TEST(RoutingEngine, TspStopFlagAndSeconds) {
  const auto in = routing::read_instance(bench("tsplib/kroA100.tsp"));
  const auto p = routing::to_problem(in);
  routing::SolveOptions o;
  o.max_iterations = 0;
  o.seconds = 0.05;
  const auto s = routing::solve(p, o);
  ASSERT_EQ(s.routes.size(), 1u);
  EXPECT_EQ(s.routes[0].size(), 99u);
  EXPECT_LE(s.distance, 21282 * 1.05);
}

// ---- parsers --------------------------------------------------------------------
TEST(RoutingParsers, TsplibToleratesSeparatorsScientificAndMissingEof) {
  const std::string text =
      "NAME: tiny\nTYPE : TSP\nCOMMENT : four points\nDIMENSION:4\nEDGE_WEIGHT_TYPE :EUC_2D\n"
      "NODE_COORD_SECTION\n1 0 0\n2 3.0e+00 0\n3 3 4.00000e+00\n 4   0.0  4 \n";
  const auto in = routing::parse_tsplib(text, "tiny.tsp");
  EXPECT_EQ(in.name, "tiny");
  ASSERT_EQ(in.pts.size(), 4u);
  EXPECT_DOUBLE_EQ(in.pts[2].y, 4.0);
  const auto p = routing::to_problem(in);
  EXPECT_DOUBLE_EQ(p.d(0, 2), 5.0);
  const auto s = routing::solve(p, routing::default_options(in));
  EXPECT_DOUBLE_EQ(s.distance, 14.0);
}

TEST(RoutingParsers, TsplibRoundsHalfUp) {
  const std::string text = "NAME : r\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 2.5 0\nEOF\n";
  const auto p = routing::to_problem(routing::parse_tsplib(text, "r.tsp"));
  EXPECT_DOUBLE_EQ(p.d(0, 1), 3.0);
}

namespace {
void expect_bad(const std::string& text, bool tsp, const std::string& where, const std::string& needle) {
  try {
    if (tsp) routing::parse_tsplib(text, "f");
    else routing::parse_solomon(text, "f");
    ADD_FAILURE() << "no error for " << where;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_EQ(e.where(), where) << e.format();
    EXPECT_NE(e.format().find(needle), std::string::npos) << e.format();
  }
}
const std::string kTspHead = "NAME : t\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n";
const std::string kSolHead =
    "T1\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  25         200\r\n\r\nCUSTOMER\r\n"
    "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n \r\n";
}  // namespace

TEST(RoutingParsers, TsplibMalformedFilesNameTheLine) {
  expect_bad(kTspHead + "1 0 0\n2 5\n3 1 1\n", true, "f:6", "id x y");              // missing coordinate
  expect_bad(kTspHead + "1 0 0\n2 5 abc\n3 1 1\n", true, "f:6", "abc");             // bad number
  expect_bad(kTspHead + "1 0 0\n2 5 1\n", true, "f:6", "tronqué");  // names the last line read                  // truncated
  expect_bad(kTspHead + "1 0 0\n1 5 1\n3 1 1\n", true, "f:6", "double");            // duplicate
  expect_bad("NAME : t\nDIMENSION : x3\n", true, "f:2", "DIMENSION");
  // A DIMENSION far beyond the file (found by the fuzzer): refused as truncated, nothing allocated.
  expect_bad("NAME : t\nDIMENSION : 999999999999\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n", true,
             "f:5", "DIMENSION annonce 999999999999");
  expect_bad("NAME : t\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : GEO\nNODE_COORD_SECTION\n", true, "f:1", "EUC_2D");
}

TEST(RoutingParsers, SolomonCrlfAndPaddedColumns) {
  const std::string text = kSolHead +
                           "    0      40         50          0          0       1236          0   \r\n"
                           "    1      45         68         10        912        967         90   \r\n"
                           "    2      45         70         30        825        870         90   \r\n";
  const auto in = routing::parse_solomon(text, "t.txt");
  EXPECT_EQ(in.name, "T1");
  EXPECT_EQ(in.fleet, 25);
  EXPECT_DOUBLE_EQ(in.capacity, 200);
  ASSERT_EQ(in.pts.size(), 3u);
  EXPECT_DOUBLE_EQ(in.due[2], 870);
}

TEST(RoutingParsers, SolomonMalformedFilesNameTheLine) {
  const std::string depot = "    0      40         50          0          0       1236          0   \r\n";
  expect_bad(kSolHead + depot + "    1      45         68         10        912        967\r\n", false, "f:11", "7");
  expect_bad(kSolHead + depot + "    1      45         6x8         10        912        967   90\r\n", false, "f:11", "6x8");
  expect_bad(kSolHead + depot + "    3      45         68         10        912        967   90\r\n", false, "f:11", "3");
  expect_bad(kSolHead, false, "f:8", "tronqué");
  expect_bad("T1\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n", false, "f:4", "tronqué");
}

TEST(RoutingCli, BadFileGivesLineOnStderrAndNonZeroExit) {
  const fs::path dir = test::temp_dir("badtsp");
  test::write_file(dir / "bad.tsp", kTspHead + "1 0 0\n2 1.5 zz\n3 1 1\nEOF\n");
  const auto r = test::run_maraude("solve '" + (dir / "bad.tsp").string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("bad.tsp:6"), std::string::npos) << r.err;
  const auto m = test::run_maraude("solve '" + (dir / "missing.tsp").string() + "'");
  EXPECT_NE(m.exit_code, 0);
  EXPECT_NE(m.err.find("missing.tsp"), std::string::npos) << m.err;
}

TEST(RoutingSolver, LargeTspRunsFromCoordinatesWithoutTables) {
  // 20,000 uniform points: no n x n table is built (it would take 6.4 GB), the tour is a
  // permutation, and a stop flag already raised ends the search in its setup (the
  // nearest-neighbour tour is returned).
  using namespace maraude::routing;
  Instance in;
  in.kind = InstanceKind::Tsplib;
  in.name = "u20000";
  unsigned long long s = 99;
  for (int k = 0; k < 20000; ++k) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const double x = static_cast<double>(s >> 40);
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    in.pts.push_back({x, static_cast<double>(s >> 40)});
    in.ids.push_back(k + 1);
  }
  const Problem p = to_problem(in);
  EXPECT_TRUE(p.dist.empty());
  EXPECT_TRUE(p.time.empty());
  EXPECT_EQ(p.d(3, 7), std::floor(dist(in.pts[3], in.pts[7]) + 0.5));
  std::atomic<bool> stop{true};
  SolveOptions o;
  o.max_iterations = 0;
  o.stop = &stop;
  const Solution sol = solve(p, o);
  ASSERT_EQ(sol.routes.size(), 1u);
  std::vector<int> seen(p.jobs.size(), 0);
  for (int j : sol.routes[0]) ++seen[static_cast<size_t>(j)];
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(p.jobs.size()));
}

// ---- fleet lower bound ----------------------------------------------------------
namespace {

// A small VRPTW on random points (depot 0): identical slots, random windows and demands.
routing::Problem small_vrptw(std::mt19937_64& g, int n, int slots) {
  std::uniform_real_distribution<double> xy(0, 50), u(0, 1);
  routing::Problem p;
  p.n_nodes = n + 1;
  for (int i = 0; i <= n; ++i) {
    p.x.push_back(xy(g));
    p.y.push_back(xy(g));
  }
  for (int i = 1; i <= n; ++i) {
    routing::Job j;
    j.node = i;
    j.demand = std::floor(1 + 9 * u(g));
    j.service_s = std::floor(5 + 20 * u(g));
    j.open_s = std::floor(200 * u(g));
    j.close_s = j.open_s + std::floor(5 + 60 * u(g));
    p.jobs.push_back(j);
  }
  const double capacity = 10 + std::floor(20 * u(g));
  for (int k = 0; k < slots; ++k) {
    routing::RouteSlot s;
    s.close_s = 320;
    s.capacity = capacity;
    s.fixed_cost = 1e6;
    s.group = 0;
    p.slots.push_back(s);
  }
  return p;
}

// Fewest routes serving every job, by brute force: a subset is one feasible route when
// some order of it passes check_route; then a cover of all jobs by such subsets (DP).
int brute_force_fleet(const routing::Problem& p) {
  const int n = static_cast<int>(p.jobs.size());
  std::vector<char> ok(1u << n, 0);
  for (unsigned m = 1; m < (1u << n); ++m) {
    std::vector<int> seq;
    for (int i = 0; i < n; ++i)
      if (m >> i & 1) seq.push_back(i);
    do {
      if (routing::check_route(p, 0, seq)) { ok[m] = 1; break; }
    } while (std::next_permutation(seq.begin(), seq.end()));
  }
  std::vector<int> best(1u << n, 1000);
  best[0] = 0;
  for (unsigned m = 1; m < (1u << n); ++m) {
    const unsigned low = m & (~m + 1);  // the lowest job must be in some route
    for (unsigned s = m; s; s = (s - 1) & m)
      if ((s & low) && ok[s]) best[m] = std::min(best[m], best[m ^ s] + 1);
  }
  return best[(1u << n) - 1];
}

// Largest set of jobs no two of which share a feasible route (any order), by brute force.
int brute_force_clique(const routing::Problem& p) {
  const int n = static_cast<int>(p.jobs.size());
  auto inc = [&](int a, int b) { return !routing::check_route(p, 0, {a, b}) && !routing::check_route(p, 0, {b, a}); };
  int best = 1;
  for (unsigned m = 1; m < (1u << n); ++m) {
    std::vector<int> v;
    for (int i = 0; i < n; ++i)
      if (m >> i & 1) v.push_back(i);
    bool all = true;
    for (size_t a = 0; a < v.size() && all; ++a)
      for (size_t b = a + 1; b < v.size() && all; ++b) all = inc(v[a], v[b]);
    if (all) best = std::max(best, static_cast<int>(v.size()));
  }
  return best;
}

}  // namespace

TEST(FleetLowerBound, KPairwiseIncompatibleJobsNeedKRoutes) {
  // k jobs at one place, each with a 10 s window at the same time and a 60 s service:
  // no route serves two of them, whatever the order.
  for (int k = 1; k <= 12; ++k) {
    routing::Problem p;
    p.n_nodes = 2;
    p.x = {0, 10};
    p.y = {0, 0};
    for (int i = 0; i < k; ++i) {
      routing::Job j;
      j.node = 1;
      j.service_s = 60;
      j.open_s = 100 + i;
      j.close_s = 110 + i;
      p.jobs.push_back(j);
    }
    // Two jobs that fit anywhere: they add no route to the bound.
    for (int i = 0; i < 2; ++i) {
      routing::Job j;
      j.node = 1;
      j.close_s = 1000;
      p.jobs.push_back(j);
    }
    routing::RouteSlot s;
    s.close_s = 1000;
    p.slots.assign(static_cast<size_t>(k + 2), s);
    EXPECT_EQ(routing::fleet_lower_bound(p), k) << k;
    const auto sol = routing::solve(p, [] { routing::SolveOptions o; o.max_iterations = 200; o.minimize_vehicles = true; return o; }());
    EXPECT_TRUE(sol.unassigned.empty());
    EXPECT_EQ(sol.vehicles, k);  // the bound is reached: k routes are enough here
  }
}

TEST(FleetLowerBound, BetweenLargestIncompatibleSetAndBruteForceOptimum) {
  std::mt19937_64 g(2024);
  int checked = 0, above_capacity = 0;
  for (int t = 0; t < 300 && checked < 60; ++t) {
    const int n = 5 + static_cast<int>(g() % 4);  // 5..8 jobs
    routing::Problem p = small_vrptw(g, n, n);
    bool each_alone = true;
    for (int i = 0; i < n; ++i) each_alone = each_alone && routing::check_route(p, 0, {i});
    if (!each_alone) continue;
    ++checked;
    const int lb = routing::fleet_lower_bound(p);
    const int opt = brute_force_fleet(p);
    const int clique = brute_force_clique(p);
    double demand = 0;
    for (const auto& j : p.jobs) demand += j.demand;
    const int cap_lb = static_cast<int>(std::ceil(demand / p.slots[0].capacity - 1e-9));
    EXPECT_LE(lb, opt) << "instance " << t;             // a valid bound
    EXPECT_GE(lb, clique) << "instance " << t;          // the largest incompatible set
    EXPECT_GE(lb, cap_lb) << "instance " << t;          // never below capacity alone
    if (lb > cap_lb) ++above_capacity;
  }
  EXPECT_GE(checked, 40);
  EXPECT_GE(above_capacity, 5);  // the windows do tighten the bound on these instances
}

TEST(FleetLowerBound, NoClaimWhenSlotsDifferOrJobsAreOptional) {
  std::mt19937_64 g(7);
  routing::Problem p = small_vrptw(g, 6, 3);
  p.slots[1].close_s = 200;
  EXPECT_EQ(routing::fleet_lower_bound(p), 0);
  p = small_vrptw(g, 6, 3);
  for (auto& j : p.jobs) j.penalty = 100;
  EXPECT_EQ(routing::fleet_lower_bound(p), 0);
}

// ---- time use -------------------------------------------------------------------
// The search uses its whole budget: with a deterministic iteration budget, the last
// iteration reported is the budget's, also when the fleet reaches its bound early and the
// search restarts from fresh constructions (C201), and when it never does (R101, RC101).
TEST(RoutingEngine, WholeIterationBudgetUsedAfterRestarts) {
  for (const char* f : {"solomon/C201.txt", "solomon/R101.txt", "solomon/RC101.txt"}) {
    const auto in = routing::read_instance(bench(f));
    const auto p = routing::to_problem(in);
    routing::SolveOptions o = routing::default_options(in);
    o.max_iterations = 4000;
    o.threads = 1;
    o.progress_every = 1;
    long last = -1;
    o.on_progress = [&](const routing::Progress& pr) { last = std::max(last, pr.iteration); };
    const auto s = routing::solve(p, o);
    EXPECT_EQ(last, o.max_iterations) << f;
    EXPECT_TRUE(s.unassigned.empty()) << f;
    EXPECT_GE(s.vehicles, routing::fleet_lower_bound(p)) << f;
  }
}

// A restart that cannot reach the fleet of the first solution anneals from the best one
// instead of being skipped: on a packing-tight instance (6 routes only when the demands
// 6 + 4 pair up exactly) with a small iteration budget, the fresh constructions of the
// restarts often need a 7th route, and every seed still uses its whole budget.
TEST(RoutingEngine, FailedRestartsStillUseTheIterationBudget) {
  routing::Problem p;
  p.n_nodes = 13;
  std::mt19937_64 g(5);
  std::uniform_real_distribution<double> xy(0, 100);
  for (int i = 0; i < p.n_nodes; ++i) {
    p.x.push_back(i == 0 ? 50 : xy(g));
    p.y.push_back(i == 0 ? 50 : xy(g));
  }
  for (int i = 1; i <= 12; ++i) {
    routing::Job j;
    j.node = i;
    j.demand = i % 2 ? 6 : 4;
    p.jobs.push_back(j);
  }
  routing::RouteSlot s;
  s.capacity = 10;
  s.fixed_cost = 1e6;
  s.group = 0;
  p.slots.assign(12, s);
  ASSERT_EQ(routing::fleet_lower_bound(p), 6);
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    routing::SolveOptions o;
    o.minimize_vehicles = true;
    o.max_iterations = 60;
    o.seed = seed;
    o.threads = 1;
    o.progress_every = 1;
    long last = -1;
    o.on_progress = [&](const routing::Progress& pr) { last = std::max(last, pr.iteration); };
    const auto sol = routing::solve(p, o);
    EXPECT_EQ(last, o.max_iterations) << "seed " << seed;
    EXPECT_EQ(sol.vehicles, 6) << "seed " << seed;
  }
}

// ---- local search (2-opt*, Or-opt) ------------------------------------------------
namespace {

// Schedule of one route simulated here from the coordinates (or the tables when the problem
// has them), independently of the engine's caches and of check_route: "" when feasible.
std::string route_problem(const routing::Problem& p, const std::vector<int>& seq) {
  const routing::RouteSlot& s = p.slots[0];
  auto travel = [&](int a, int b) {
    if (!p.time.empty()) return p.time[static_cast<size_t>(a) * static_cast<size_t>(p.n_nodes) + static_cast<size_t>(b)];
    return std::hypot(p.x[static_cast<size_t>(a)] - p.x[static_cast<size_t>(b)], p.y[static_cast<size_t>(a)] - p.y[static_cast<size_t>(b)]);
  };
  double t = s.open_s, load = 0;
  int at = s.start_node;
  for (int j : seq) {
    const routing::Job& jb = p.jobs[static_cast<size_t>(j)];
    t = std::max(t + travel(at, jb.node), jb.open_s);
    if (t > jb.close_s + 1e-6) return "job " + std::to_string(j) + " late";
    t += jb.service_s;
    load += jb.demand;
    at = jb.node;
  }
  if (t + travel(at, s.end_node) > s.close_s + 1e-6) return "back late";
  if (load > s.capacity + 1e-9) return "over capacity";
  return "";
}

double route_distance(const routing::Problem& p, const std::vector<int>& seq) {
  if (seq.empty()) return 0;
  auto d = [&](int a, int b) {
    if (!p.dist.empty()) return p.dist[static_cast<size_t>(a) * static_cast<size_t>(p.n_nodes) + static_cast<size_t>(b)];
    return std::hypot(p.x[static_cast<size_t>(a)] - p.x[static_cast<size_t>(b)], p.y[static_cast<size_t>(a)] - p.y[static_cast<size_t>(b)]);
  };
  double sum = 0;
  int at = p.slots[0].start_node;
  for (int j : seq) {
    sum += d(at, p.jobs[static_cast<size_t>(j)].node);
    at = p.jobs[static_cast<size_t>(j)].node;
  }
  return sum + d(at, p.slots[0].end_node);
}

// A feasible but poor start: jobs in random order, each appended to the first route it
// keeps feasible (by the independent check), else to a new route.
routing::Solution random_feasible(const routing::Problem& p, std::mt19937_64& g) {
  routing::Solution s;
  s.routes.assign(p.slots.size(), {});
  std::vector<int> order(p.jobs.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), g);
  size_t used = 0;
  for (int j : order) {
    bool placed = false;
    for (size_t r = 0; r < used && !placed; ++r) {
      s.routes[r].push_back(j);
      placed = route_problem(p, s.routes[r]).empty();
      if (!placed) s.routes[r].pop_back();
    }
    if (!placed) s.routes[used++].push_back(j);
  }
  routing::evaluate(p, s);
  return s;
}

}  // namespace

// From poor feasible starts on random instances with tight and loose windows (Euclidean,
// and asymmetric tables where reversing a string changes its length): every route of the
// result passes the independent schedule check, the same jobs are served, the recomputed
// cost never exceeds the start's, the result is a local optimum (a second pass changes
// nothing), and the descent does find improvements (routes merged, distance cut).
TEST(LocalSearch, ImproveRoutesKeepsSchedulesFeasibleAndNeverWorsens) {
  std::mt19937_64 g(2024);
  int checked = 0, improved = 0, merged = 0;
  for (int t = 0; t < 120; ++t) {
    const int n = 10 + t % 25;
    routing::Problem p = small_vrptw(g, n, n);
    std::uniform_real_distribution<double> u(0, 1);
    if (t % 3 == 1)
      for (auto& j : p.jobs) j.close_s = j.open_s + 150;  // loose windows: long routes, Or-opt at work
    if (t % 3 == 2) {
      // Asymmetric tables: going "up" (a < b) costs 30 % more.
      const size_t N = static_cast<size_t>(p.n_nodes);
      p.dist.assign(N * N, 0);
      p.time.assign(N * N, 0);
      for (size_t a = 0; a < N; ++a)
        for (size_t b = 0; b < N; ++b) {
          const double e = std::hypot(p.x[a] - p.x[b], p.y[a] - p.y[b]) * (a < b ? 1.3 : 1.0);
          p.dist[a * N + b] = p.time[a * N + b] = e;
        }
      for (auto& j : p.jobs) j.close_s = j.open_s + 120;
    }
    bool each_alone = true;
    for (int i = 0; i < n; ++i) each_alone = each_alone && route_problem(p, {i}).empty();
    if (!each_alone) continue;
    ++checked;
    const routing::Solution start = random_feasible(p, g);
    const routing::Solution out = routing::improve_routes(p, start);
    ASSERT_EQ(out.routes.size(), p.slots.size());
    EXPECT_TRUE(out.unassigned.empty()) << t;
    std::vector<int> seen(p.jobs.size(), 0);
    double dist = 0;
    for (const auto& r : out.routes) {
      EXPECT_EQ(route_problem(p, r), "") << "instance " << t;
      for (int j : r) ++seen[static_cast<size_t>(j)];
      dist += route_distance(p, r);
    }
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), n) << "instance " << t;
    EXPECT_NEAR(dist, out.distance, 1e-6) << t;
    EXPECT_LE(out.cost, start.cost + 1e-6) << "instance " << t;
    if (out.cost < start.cost - 1e-6) ++improved;
    if (out.vehicles < start.vehicles) ++merged;
    const routing::Solution again = routing::improve_routes(p, out);
    EXPECT_NEAR(again.cost, out.cost, 1e-6) << "not a local optimum, instance " << t;
  }
  EXPECT_GE(checked, 60);
  EXPECT_GE(improved, checked * 3 / 4);
  EXPECT_GE(merged, 5);
}

// Problems the descent does not handle (a break, a pinned job) come back unchanged.
TEST(LocalSearch, NoChangeWhenSlotsHaveBreaksOrJobsArePinned) {
  std::mt19937_64 g(7);
  routing::Problem p = small_vrptw(g, 12, 12);
  for (auto& j : p.jobs) j.close_s = j.open_s + 150;
  const routing::Solution start = random_feasible(p, g);
  routing::Problem pinned = p;
  pinned.jobs[0].only_slot = 0;
  for (size_t r = 0; r < start.routes.size(); ++r)
    if (std::find(start.routes[r].begin(), start.routes[r].end(), 0) != start.routes[r].end()) pinned.jobs[0].only_slot = static_cast<int>(r);
  EXPECT_EQ(routing::improve_routes(pinned, start).routes, start.routes);
  EXPECT_LT(routing::improve_routes(p, start).cost, start.cost);
}

// The whole search on variants of the public instances built the way the Solomon
// families are (same customers; windows removed from half of them, or widened 2.5 times):
// the CLI's solution passes the independent checker and its distance is the one printed.
TEST(LocalSearch, CliSolutionsOfFamilyVariantsAreFeasible) {
  const fs::path dir = test::temp_dir("vrptw_variants");
  for (const char* base : {"solomon/R101.txt", "solomon/C201.txt", "solomon/RC101.txt"}) {
    for (int variant = 0; variant < 2; ++variant) {
      std::ifstream f(bench(base));
      std::ostringstream out;
      std::string line;
      std::mt19937_64 g(static_cast<std::uint64_t>(variant + 1));
      double depot_due = 0, dx = 0, dy = 0;
      while (std::getline(f, line)) {
        std::istringstream is(line);
        std::vector<double> v;
        double x;
        while (is >> x) v.push_back(x);
        if (v.size() != 7) {
          out << line << "\n";
          continue;
        }
        if (v[0] == 0) {
          depot_due = v[5];
          dx = v[1];
          dy = v[2];
        } else {
          const double back = depot_due - std::hypot(v[1] - dx, v[2] - dy) - v[6];
          const double centre = (v[4] + v[5]) / 2, half = (v[5] - v[4]) / 2;
          if (variant == 0 && g() % 2) {
            v[4] = 0;
            v[5] = std::floor(back);
          } else if (variant == 1) {
            v[4] = std::max(0.0, std::round(centre - 2.5 * half));
            v[5] = std::max(v[5], std::min(std::floor(back), std::round(centre + 2.5 * half)));
          }
        }
        char buf[160];
        std::snprintf(buf, sizeof buf, "%5.0f %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f", v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        out << buf << "\n";
      }
      const fs::path file = dir / (std::string(fs::path(base).stem()) + "v" + std::to_string(variant) + ".txt");
      test::write_file(file, out.str());
      const std::string sol = (dir / "sol.json").string();
      const auto r = test::run_maraude("solve '" + file.string() + "' --iterations 3000 --seed 3 --out '" + sol + "'");
      ASSERT_EQ(r.exit_code, 0) << file << r.err;
      const JsonSolution s = read_json(test::read_file(sol));
      const Vrptw in = read_solomon(file.string());
      double d = 0;
      EXPECT_EQ(check_vrptw(in, s, d), "") << file;
      EXPECT_NEAR(d, s.objective, 0.006) << file;
    }
  }
}

// A solution that does not fit the problem is refused with a usage error, not read out of range.
TEST(LocalSearch, MalformedSolutionIsRefused) {
  std::mt19937_64 g(3);
  const routing::Problem p = small_vrptw(g, 6, 6);
  routing::Solution s;
  s.routes.assign(5, {});
  EXPECT_THROW(routing::improve_routes(p, s), Error);
  s.routes.assign(6, {});
  s.routes[0] = {0, 1};
  s.routes[1] = {1};
  EXPECT_THROW(routing::improve_routes(p, s), Error);
  s.routes[1] = {6};
  EXPECT_THROW(routing::improve_routes(p, s), Error);
  s.routes[1] = {-1};
  EXPECT_THROW(routing::improve_routes(p, s), Error);
}
