// The routing engine's problem model: one representation for TSP, VRPTW and the
// multi-day tour planner. A problem is a set of jobs (stops) on nodes of a cost
// matrix and a set of route slots (a vehicle on a day). Every slot starts and
// ends at a node, has a working window, a capacity, an optional driving-time
// limit and an optional break. A job may be left out at a penalty; must-visit
// jobs simply carry a huge penalty. std only: no GL, no GDAL.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace maraude::routing {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Penalty of leaving a job that must be served unserved. Dominates any distance.
constexpr double kMustPenalty = 1e13;

struct Job {
  int node = 0;             // index into the cost matrices
  double demand = 0;
  double service_s = 0;
  double open_s = 0;        // service may start at open_s at the earliest (wait if early)
  double close_s = kInf;    // ... and at close_s at the latest
  double penalty = kMustPenalty;  // cost of leaving the job out
  int only_slot = -1;       // >= 0: the job may only be served by this slot (pinning)
};

struct RouteSlot {
  int start_node = 0, end_node = 0;
  double open_s = 0;        // departure from start_node at open_s at the earliest
  double close_s = kInf;    // arrival at end_node by close_s
  double capacity = kInf;
  double max_drive_s = kInf;  // sum of travel times of the route
  // Break: when break_s > 0 a used route takes a break of break_s seconds that
  // lies fully within [break_open_s, break_close_s], between two stops, before
  // leaving the start or after coming back.
  double break_open_s = 0, break_close_s = 0, break_s = 0;
  double fixed_cost = 0;    // added when the route serves at least one job
  int group = -1;           // slots of one group (>= 0) are interchangeable while empty
  int vehicle = 0, day = 0; // labels for the caller
};

struct Problem {
  int n_nodes = 0;
  std::vector<double> dist;  // row-major n_nodes × n_nodes, the objective's cost
  std::vector<double> time;  // row-major n_nodes × n_nodes, seconds (travel time)
  std::vector<Job> jobs;
  std::vector<RouteSlot> slots;

  // Coordinate mode, for large Euclidean instances (memory O(n), no tables): when `dist`
  // and `time` are empty, both are the Euclidean distance between (x[a], y[a]) and
  // (x[b], y[b]), rounded to the nearest integer (halves up) when `round_nint`.
  std::vector<double> x, y;
  bool round_nint = false;
  bool on_the_fly() const { return dist.empty(); }
  double euclid(int a, int b) const {
    const double dx = x[static_cast<size_t>(a)] - x[static_cast<size_t>(b)];
    const double dy = y[static_cast<size_t>(a)] - y[static_cast<size_t>(b)];
    const double e = std::sqrt(dx * dx + dy * dy);
    return round_nint ? std::floor(e + 0.5) : e;
  }
  double d(int a, int b) const { return dist.empty() ? euclid(a, b) : dist[static_cast<size_t>(a) * n_nodes + b]; }
  double t(int a, int b) const { return time.empty() ? euclid(a, b) : time[static_cast<size_t>(a) * n_nodes + b]; }
  // Throws Error(Usage) when sizes or indices are inconsistent.
  void validate() const;
};

struct Solution {
  std::vector<std::vector<int>> routes;  // one per slot: job indices in visiting order
  std::vector<int> unassigned;           // jobs left out
  double cost = 0;                       // distance + fixed costs + penalties
  double distance = 0;
  int vehicles = 0;                      // routes serving at least one job
};

// Schedule of one route, as computed by check_route().
struct VisitTimes {
  double arrival_s = 0, start_s = 0, departure_s = 0;
};
struct RouteSchedule {
  std::vector<VisitTimes> visits;
  double depart_s = 0, return_s = 0;
  double distance = 0, drive_s = 0, load = 0;
  int break_before = -1;    // break taken before driving to visit #k (k = size: before driving back; size+1: after return)
  double break_start_s = -1;
};

// Full feasibility check of one route of `slot` (capacity, windows, return, driving, break).
// Fills `out` when given and the route is feasible.
bool check_route(const Problem& p, int slot, const std::vector<int>& seq, RouteSchedule* out = nullptr);
// Recomputes cost, distance and vehicles of a solution (no feasibility check).
void evaluate(const Problem& p, Solution& s);

struct Progress {
  long iteration = 0;
  double best_cost = 0, best_distance = 0;
  int best_vehicles = 0;
  int best_unassigned = 0;
  double elapsed_s = 0;
  // Share of the budget (iterations or seconds) used so far, in [0, 1]: what a progress
  // bar shows. Reported from inside the search, so it moves while the search runs.
  double fraction = 0;
};

struct SolveOptions {
  std::uint64_t seed = 1;
  // Deterministic budget: number of ruin-and-recreate (or perturbation) iterations.
  // <= 0 means unlimited (then `seconds` or `stop` must end the search).
  long max_iterations = 20000;
  // > 0: wall-clock limit. The result then depends on machine speed (anytime mode).
  double seconds = 0;
  // Hierarchical objective: spend `fleet_share` of the budget removing routes first.
  bool minimize_vehicles = false;
  double fleet_share = 0.4;
  // Simulated annealing temperatures, relative to the mean arc cost of the problem.
  double t_start = 0.15, t_end = 0.002;
  int avg_removed = 10;       // SISR: average number of jobs removed per ruin
  int max_string = 10;        // SISR: longest string removed from one route
  // Set to true to stop: the best solution found is returned. Polled inside the insertion
  // loops, so the search answers within milliseconds.
  const std::atomic<bool>* stop = nullptr;
  // Independent searches run in parallel (seeds seed, seed + 1000003, ...), each with the
  // whole iteration budget; the best result is kept (ties: the lowest seed), so a fixed
  // seed and iteration count give the same result whatever the machine's speed.
  // 0: as many as the machine has cores, at most 2.
  int threads = 0;
  // Called from the search (possibly from a worker thread, never from two at once).
  std::function<void(const Progress&)> on_progress;
  long progress_every = 2000;
};

// Runs the engine. Single-route problems without constraints use a 2-opt + Or-opt
// iterated local search; every other problem uses ruin-and-recreate (SISR strings,
// simulated annealing) with an optional route-elimination phase first.
// `initial`, when given, must list one route per slot (it is repaired if infeasible).
Solution solve(const Problem& p, const SolveOptions& opt, const Solution* initial = nullptr);

// Lower bound on the number of routes that serve every must-visit job, when all slots are
// alike (same base, window, capacity, driving limit, no break; else 0): the larger of the
// capacity bound and the largest set of pairwise incompatible jobs found (time windows,
// capacity), each of which needs its own route.
int fleet_lower_bound(const Problem& p);

// Local search descent from `s` (one route per slot): 2-opt* (two routes exchange their
// tails) and Or-opt (a string of 1 to 3 jobs moved, possibly reversed, inside its route),
// first improvement, until neither improves. The result serves the same jobs, is feasible
// when `s` is, and costs no more (a route may empty). Applies when all slots share their
// start, end and working window, with neither break nor driving limit, and no job is
// pinned; otherwise `s` comes back unchanged (re-evaluated). The search applies it to
// each new best solution. Throws Error(Usage) when `s` does not list one route per slot or
// names a job twice or out of range.
Solution improve_routes(const Problem& p, const Solution& s);

// Cheapest feasible insertion of `job` into the solution (any allowed slot). Returns
// false when there is none; else the slot, position and distance increase.
bool best_insertion(const Problem& p, const Solution& s, int job, int& slot, int& pos, double& delta);

}  // namespace maraude::routing
