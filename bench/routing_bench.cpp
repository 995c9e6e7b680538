// Route planner benchmark: the 8 public instances of ../shared/bench (TSPLIB and
// Solomon VRPTW), Maraude's objective against the known optimum / best-known value,
// and VROOM's published Solomon figure as the peer.
//
// Usage: routing_bench [--dir BENCH_DIR] [--seconds S] [--iterations N] [--seed N] [--runs R]
//                      [--fleet-share F] [--t-start T] [--t-end T] [--removed N] [--only NAME]
// Without --seconds the budget is a fixed iteration count (deterministic results).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <sys/resource.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/routing/instance.h"

using namespace maraude;

namespace {

struct Case {
  const char* file;
  int bk_vehicles;  // 0 for TSP
  double bk;
};

const Case kCases[] = {
    {"tsplib/eil51.tsp", 0, 426},        {"tsplib/berlin52.tsp", 0, 7542},   {"tsplib/kroA100.tsp", 0, 21282},
    {"solomon/C101.txt", 10, 828.94},    {"solomon/C201.txt", 3, 591.56},    {"solomon/R101.txt", 19, 1650.80},
    {"solomon/R201.txt", 4, 1252.37},    {"solomon/RC101.txt", 14, 1696.95},
};

// VROOM's published Solomon result (vroom-scripts benchmarks, 4-core Xeon): average gap
// to best-known distance and average time per instance over the Solomon set.
constexpr double kVroomGapPct = 1.63;
constexpr double kVroomSeconds = 0.36;

}  // namespace

int main(int argc, char** argv) {
  std::string dir = MARAUDE_BENCH_DATA;
  double seconds = 0;
  long iterations = -1;
  unsigned long long seed = 1;
  int runs = 1;
  double fleet_share = -1, t_start = -1, t_end = -1;
  int removed = -1;
  std::string only;
  long big = 18512;  // large uniform random TSP (memory and time limit check); 0: skip
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--iterations")) iterations = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--fleet-share")) fleet_share = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    else if (!std::strcmp(argv[i], "--big")) big = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--t-start")) t_start = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--t-end")) t_end = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--removed")) removed = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "option inconnue %s\n", argv[i]);
      return 2;
    }
  }
  std::printf("Maraude routing benchmark — budget: %s, seed %llu, runs %d\n",
              seconds > 0 ? (std::to_string(seconds) + " s / instance").c_str()
                          : (iterations > 0 ? std::to_string(iterations) + " iterations" : std::string("default iterations")).c_str(),
              seed, runs);
  std::printf("%-9s | %-18s | %-18s | %7s | %7s | %-26s\n", "instance", "Maraude", "optimum/best-known", "gap %", "time s",
              "peer (VROOM, published)");
  std::printf("----------+--------------------+--------------------+---------+---------+---------------------------\n");
  double tsp_gap = 0, tsp_time = 0, vrp_gap = 0, vrp_time = 0;
  int tsp_n = 0, vrp_n = 0, vrp_bk_fleet = 0, vrp_veh_extra = 0;
  // Fewest-vehicles-first: the gap on distance only counts where the fleet matches.
  double vrp_match_gap = 0, worst_match_gap = -1e9, spread_sum = 0, worst_time_ratio = 0;
  int spread_n = 0;
  for (const Case& c : kCases) {
    if (!only.empty() && std::string(c.file).find(only) == std::string::npos) continue;
    try {
      const routing::Instance in = routing::read_instance(dir + "/" + c.file);
      const routing::Problem p = routing::to_problem(in);
      double lo = 1e300, hi = -1e300;
      for (int run = 0; run < runs; ++run) {
        routing::SolveOptions o = routing::default_options(in);
        o.seed = seed + static_cast<unsigned long long>(run);
        if (seconds > 0) { o.seconds = seconds; o.max_iterations = 0; }
        if (iterations > 0) o.max_iterations = iterations;
        if (fleet_share >= 0) o.fleet_share = fleet_share;
        if (t_start > 0) o.t_start = t_start;
        if (t_end > 0) o.t_end = t_end;
        if (removed > 0) o.avg_removed = removed;
        const auto t0 = std::chrono::steady_clock::now();
        const routing::Solution s = routing::solve(p, o);
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        bool ok = s.unassigned.empty();
        for (size_t r = 0; r < s.routes.size(); ++r) ok = ok && routing::check_route(p, static_cast<int>(r), s.routes[r]);
        const double gap = 100.0 * (s.distance - c.bk) / c.bk;
        char mine[64], ref[64];
        if (c.bk_vehicles == 0) {
          std::snprintf(mine, sizeof mine, "%.0f", s.distance);
          std::snprintf(ref, sizeof ref, "%.0f", c.bk);
          tsp_gap += gap; tsp_time += t; ++tsp_n;
        } else {
          std::snprintf(mine, sizeof mine, "%d veh / %.2f", s.vehicles, s.distance);
          std::snprintf(ref, sizeof ref, "%d veh / %.2f", c.bk_vehicles, c.bk);
          vrp_gap += gap; vrp_time += t; ++vrp_n;
          if (s.vehicles == c.bk_vehicles) {
            ++vrp_bk_fleet;
            vrp_match_gap += gap;
            worst_match_gap = std::max(worst_match_gap, gap);
          }
          vrp_veh_extra += s.vehicles - c.bk_vehicles;
        }
        std::printf("%-9s | %-18s | %-18s | %7.2f | %7.3f | %-26s%s\n", in.name.c_str(), mine, ref, gap, t,
                    c.bk_vehicles ? "avg 1.63 % at 0.36 s" : "-",
                    !ok ? "  INFEASIBLE" : (c.bk_vehicles && s.vehicles > c.bk_vehicles ? "  (+veh: gap not comparable)" : ""));
        std::fflush(stdout);
        // Spread across seeds: on the objective (vehicles first), in % of the best known.
        const double obj = c.bk_vehicles ? s.vehicles * 1e6 + s.distance : s.distance;
        lo = std::min(lo, obj);
        hi = std::max(hi, obj);
        if (seconds > 0) worst_time_ratio = std::max(worst_time_ratio, t / seconds);
      }
      if (runs > 1) {
        spread_sum += hi - lo >= 1e5 ? 100.0 : 100.0 * (hi - lo) / c.bk;
        ++spread_n;
      }
    } catch (const Error& e) {
      std::printf("%-9s | erreur : %s\n", c.file, e.format().c_str());
    }
  }
  std::printf("----------+--------------------+--------------------+---------+---------+---------------------------\n");
  if (tsp_n)
    std::printf("TSPLIB  average: gap %.2f %%, time %.3f s\n", tsp_gap / tsp_n, tsp_time / tsp_n);
  if (vrp_n) {
    std::printf("Solomon, fewest vehicles first: best-known fleet on %d/%d runs, extra vehicles %d; gap on distance where "
                "the fleet matches: average %.2f %%, worst %.2f %%\n",
                vrp_bk_fleet, vrp_n, vrp_veh_extra, vrp_bk_fleet ? vrp_match_gap / vrp_bk_fleet : 0.0,
                vrp_bk_fleet ? worst_match_gap : 0.0);
    std::printf("Solomon, distance only over all runs (extra vehicles included, not comparable): %.2f %%, time %.3f s\n",
                vrp_gap / vrp_n, vrp_time / vrp_n);
    std::printf("  (distance-only best-known values, as used by VROOM's figure, are not in the bench folder: not printed)\n");
    if (spread_n) std::printf("Spread across seeds (max - min, %% of best known; 100 when the fleet differs): average %.2f %%\n", spread_sum / spread_n);
    if (seconds > 0) std::printf("Time used vs asked: worst %.1f %% of the time asked\n", 100 * worst_time_ratio);
    std::printf("Peer VROOM (published, Solomon set, 4-core Xeon): gap %.2f %%, time %.2f s / instance\n", kVroomGapPct,
                kVroomSeconds);
  }
  if (big >= 5 && only.empty()) {
    // Uniform random points in a 10^6 square (fixed seed): a TSP the size of d18512 with
    // the memory it needs (peak resident size of this process) and the time it takes.
    routing::Instance in;
    in.kind = routing::InstanceKind::Tsplib;
    in.name = "random" + std::to_string(big);
    std::mt19937_64 g(12345);
    for (long k = 0; k < big; ++k) {
      in.pts.push_back({static_cast<double>(g() % 1000001), static_cast<double>(g() % 1000001)});
      in.ids.push_back(k + 1);
    }
    const double asked = seconds > 0 ? seconds : 2.0;
    const auto t0 = std::chrono::steady_clock::now();
    const routing::Problem p = routing::to_problem(in);
    routing::SolveOptions o = routing::default_options(in);
    o.seconds = asked;
    o.max_iterations = 0;
    const routing::Solution s = routing::solve(p, o);
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    // Beardwood-Halton-Hammersley: an optimal tour of n uniform points in a square of
    // area A is about 0.7124 * sqrt(n * A) long (asymptotically).
    const double bhh = 0.7124 * std::sqrt(static_cast<double>(big) * 1e12);
    std::printf("TSP %ld uniform random nodes: length %.0f (%.2f %% above the BHH estimate), %.2f s for %.2f s asked "
                "(setup included), peak memory %.0f MB\n",
                big, s.distance, 100 * (s.distance - bhh) / bhh, t, asked, ru.ru_maxrss / 1024.0);
  }
  return 0;
}
