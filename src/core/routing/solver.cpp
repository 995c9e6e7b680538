// Ruin-and-recreate engine (SISR: slack induction by string removals, Christiaens &
// Vanden Berghe 2020) with simulated annealing and a route-elimination phase (ejection
// search with penalty counters, Nagata & Bräysy 2009). Routes cache earliest/latest service starts so that an
// insertion is checked in O(1) (routes with a break are re-simulated in full). Each new best
// solution of the annealing is taken to a local optimum of 2-opt* (tails exchanged between
// two routes, checked in O(1) on the same caches) and intra-route Or-opt.
#include <algorithm>
#include <map>
#include <chrono>
#include <cmath>
#include <numeric>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <random>
#include <thread>

#include "core/error.h"
#include "core/routing/break_check.h"
#include "core/routing/problem.h"
#include "core/routing/tsp.h"

namespace maraude::routing {
namespace {

using Clock = std::chrono::steady_clock;

struct Rng {
  std::mt19937_64 g;
  explicit Rng(std::uint64_t seed) : g(seed * 0x9E3779B97F4A7C15ULL + 12345) {}
  double uni() { return static_cast<double>(g() >> 11) * 0x1.0p-53; }
  int below(int n) { return n <= 1 ? 0 : static_cast<int>(g() % static_cast<std::uint64_t>(n)); }
};

struct Route {
  std::vector<int> seq;
  std::vector<double> early, late;  // size L + 2 (0: start, L + 1: end)
  std::vector<int> nodes;           // size L + 2: the start, the jobs' nodes, the end
  std::vector<double> leg_d, leg_t;  // size L + 1: the legs nodes[k] -> nodes[k + 1]
  double load = 0, dist = 0, drive = 0;
  // Longest time a new visit could take between two consecutive nodes (windows and
  // travel aside): no job with a longer service fits anywhere in this route.
  double gap = 0;
};

struct State {
  std::vector<Route> r;
  std::vector<int> unassigned;
  double cost = 0;
  int vehicles = 0;
};

// Copies of the two tables for the insertion loop, distance and time side by side, both
// directions in one entry: entry x·n + j holds the legs x → j and j → x (32 bytes, half a
// cache line). Trying a job j at every place of a route reads the legs a → j and j → b for
// consecutive route nodes a and b: entry a·n + j, then entry b·n + j, which is the next
// place's a → j; one line per route node instead of two per place, and rows that stay in
// the cache over all the jobs tried, instead of one row per job (a cache miss each). Same
// values, same results.
struct Leg {
  double d, t;
};
struct alignas(32) LegPair {
  Leg out, in;  // x → j, j → x
};
struct Tables {
  std::vector<LegPair> both;
};

Tables make_tables(const Problem& p) {
  Tables c;
  const size_t n = static_cast<size_t>(p.n_nodes);
  if (n == 0 || n > 2048 || p.dist.size() != n * n || p.time.size() != n * n) return c;  // at most 128 MB
  c.both.resize(n * n);
  for (size_t i = 0; i < n * n; ++i) c.both[i].out = {p.dist[i], p.time[i]};
  constexpr size_t B = 32;  // by blocks, so that both sides are read and written by lines
  for (size_t i0 = 0; i0 < n; i0 += B)
    for (size_t j0 = 0; j0 < n; j0 += B)
      for (size_t i = i0; i < std::min(n, i0 + B); ++i)
        for (size_t j = j0; j < std::min(n, j0 + B); ++j) c.both[j * n + i].in = c.both[i * n + j].out;
  return c;
}

class Engine {
 public:
  Engine(const Problem& p, const SolveOptions& o, Clock::time_point start, const Tables* tables = nullptr)
      : P(p), O(o), rng(o.seed), t0(start) {
    N = static_cast<size_t>(P.n_nodes);
    if (P.dist.size() == N * N && N > 0) Dp = P.dist.data();
    if (P.time.size() == N * N && N > 0) Tp = P.time.data();
    if (tables && Dp && Tp && tables->both.size() == N * N) Both = tables->both.data();
    const size_t n = P.jobs.size();
    // Adjacency lists (nearest jobs first), capped for large problems.
    const size_t cap = std::min<size_t>(n, 300);
    adj.resize(n);
    std::vector<int> idx(n);
    std::vector<double> key(n);
    for (size_t i = 0; i < n; ++i) {
      std::iota(idx.begin(), idx.end(), 0);
      const int ni = P.jobs[i].node;
      for (size_t j = 0; j < n; ++j) key[j] = dd(ni, P.jobs[j].node) + (j == i ? -1.0 : 0.0);
      std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(cap), idx.end(), [&](int a, int b) {
        const double ka = key[static_cast<size_t>(a)], kb = key[static_cast<size_t>(b)];
        return ka < kb || (ka == kb && a < b);
      });
      adj[i].assign(idx.begin(), idx.begin() + static_cast<long>(cap));
    }
    // Mean arc cost for the annealing temperatures.
    double sum = 0;
    long cnt = 0;
    for (size_t i = 0; i < n; i += std::max<size_t>(1, n / 60))
      for (size_t j = 0; j < n; j += std::max<size_t>(1, n / 60))
        if (i != j) { sum += P.d(P.jobs[i].node, P.jobs[j].node); ++cnt; }
    mean_arc = cnt ? sum / static_cast<double>(cnt) : 1.0;
    if (!(mean_arc > 0)) mean_arc = 1.0;
    const int depot = P.slots[0].start_node;
    far.resize(n);
    for (size_t i = 0; i < n; ++i) far[i] = P.d(depot, P.jobs[i].node);
    // Value per unit of working time (prize-collecting plans): penalty over service plus
    // the round trip from the first slot's start.
    yield_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Job& jb = P.jobs[i];
      const double tm = jb.service_s + P.t(depot, jb.node) + P.t(jb.node, P.slots[0].end_node);
      yield_[i] = jb.penalty / std::max(tm, 1.0);
    }
    for (const Job& jb : P.jobs) prize_ = prize_ || jb.penalty != P.jobs[0].penalty;
    // The local search's O(1) checks read a route's cached latest starts, which hold for
    // any route of the same end and closing time: all slots alike, no break, no driving
    // limit, no pinned job.
    ls_ok_ = !P.slots.empty();
    for (const RouteSlot& sl : P.slots)
      ls_ok_ = ls_ok_ && sl.start_node == P.slots[0].start_node && sl.end_node == P.slots[0].end_node &&
               sl.open_s == P.slots[0].open_s && sl.close_s == P.slots[0].close_s && sl.break_s <= 0 && !(sl.max_drive_s < kInf);
    for (const Job& jb : P.jobs) ls_ok_ = ls_ok_ && jb.only_slot < 0;
  }

  const Problem& P;
  const SolveOptions& O;
  bool ls_ok_ = false;
  // Table reads, inlined; leg_from(a, j) / leg_to(j, b): the leg with both figures, from
  // the copies (Tables) when there are.
  size_t N = 0;
  const double *Dp = nullptr, *Tp = nullptr;
  const LegPair* Both = nullptr;
  double dd(int a, int b) const { return Dp ? Dp[static_cast<size_t>(a) * N + static_cast<size_t>(b)] : P.d(a, b); }
  double tt(int a, int b) const { return Tp ? Tp[static_cast<size_t>(a) * N + static_cast<size_t>(b)] : P.t(a, b); }
  Leg leg_from(int a, int j) const {
    return Both ? Both[static_cast<size_t>(a) * N + static_cast<size_t>(j)].out : Leg{dd(a, j), tt(a, j)};
  }
  Leg leg_to(int j, int b) const {
    return Both ? Both[static_cast<size_t>(b) * N + static_cast<size_t>(j)].in : Leg{dd(j, b), tt(j, b)};
  }
  Rng rng;
  Clock::time_point t0;
  std::vector<std::vector<int>> adj;
  std::vector<double> far, yield_;
  bool prize_ = false;  // jobs have different penalties (values)
  double mean_arc = 1;
  long iter = 0;
  // Undo journal: routes are modified in place and restored when a move is rejected.
  std::vector<std::pair<size_t, Route>> saved;
  std::vector<char> is_saved;
  std::vector<int> saved_unassigned;
  double saved_cost = 0;
  int saved_vehicles = 0;
  void begin(const State& st) {
    saved.clear();
    is_saved.assign(st.r.size(), 0);
    saved_unassigned = st.unassigned;
    saved_cost = st.cost;
    saved_vehicles = st.vehicles;
  }
  void touch(const State& st, size_t r) {
    if (r < is_saved.size() && !is_saved[r]) {
      is_saved[r] = 1;
      saved.emplace_back(r, st.r[r]);
    }
  }
  void rollback(State& st) {
    for (auto& [r, rt] : saved) st.r[r] = std::move(rt);
    saved.clear();
    st.unassigned = saved_unassigned;
    st.cost = saved_cost;
    st.vehicles = saved_vehicles;
  }
  bool stopped = false;
  // Jobs left out before a ruin could not be inserted in any route then, and routes the
  // ruin did not touch only grew since: they are tried in the ruined routes only (an
  // oversubscribed plan has hundreds of them; this keeps an iteration proportional to the
  // ruin's size). `fresh` marks the jobs the ruin removed.
  bool restrict_old = false;
  std::vector<char> route_ruined, fresh;

  int node_at(const Route& rt, size_t r, size_t k) const {
    if (k == 0) return P.slots[r].start_node;
    if (k == rt.seq.size() + 1) return P.slots[r].end_node;
    return P.jobs[static_cast<size_t>(rt.seq[k - 1])].node;
  }
  double svc_at(const Route& rt, size_t k) const {
    if (k == 0 || k == rt.seq.size() + 1) return 0;
    return P.jobs[static_cast<size_t>(rt.seq[k - 1])].service_s;
  }

  void update(State& st, size_t r) {
    Route& rt = st.r[r];
    const RouteSlot& s = P.slots[r];
    const size_t L = rt.seq.size();
    rt.early.resize(L + 2);
    rt.late.resize(L + 2);
    rt.nodes.resize(L + 2);
    rt.leg_d.resize(L + 1);
    rt.leg_t.resize(L + 1);
    rt.load = rt.dist = rt.drive = 0;
    rt.early[0] = s.open_s;
    rt.nodes[0] = s.start_node;
    int prev = s.start_node;
    for (size_t k = 1; k <= L + 1; ++k) {
      const int nd = node_at(rt, r, k);
      rt.nodes[k] = nd;
      rt.leg_d[k - 1] = dd(prev, nd);
      rt.leg_t[k - 1] = tt(prev, nd);
      const double arr = rt.early[k - 1] + svc_at(rt, k - 1) + tt(prev, nd);
      if (k <= L) {
        const Job& jb = P.jobs[static_cast<size_t>(rt.seq[k - 1])];
        rt.early[k] = std::max(arr, jb.open_s);
        rt.load += jb.demand;
      } else {
        rt.early[k] = arr;
      }
      rt.dist += dd(prev, nd);
      rt.drive += tt(prev, nd);
      prev = nd;
    }
    if (L == 0) rt.dist = rt.drive = 0;
    rt.late[L + 1] = s.close_s;
    for (size_t k = L + 1; k-- > 0;) {
      const double lim = rt.late[k + 1] - tt(node_at(rt, r, k), node_at(rt, r, k + 1)) - svc_at(rt, k);
      rt.late[k] = (k >= 1 && k <= L) ? std::min(P.jobs[static_cast<size_t>(rt.seq[k - 1])].close_s, lim) : lim;
    }
    rt.gap = -kInf;
    for (size_t k = 0; k <= L; ++k) rt.gap = std::max(rt.gap, rt.late[k + 1] - rt.early[k] - svc_at(rt, k));
  }

  void recompute_cost(State& st) const {
    st.cost = 0;
    st.vehicles = 0;
    for (size_t r = 0; r < st.r.size(); ++r)
      if (!st.r[r].seq.empty()) {
        st.cost += st.r[r].dist + P.slots[r].fixed_cost;
        ++st.vehicles;
      }
    for (int j : st.unassigned) st.cost += P.jobs[static_cast<size_t>(j)].penalty;
  }

  // check_route(P, r, route r's jobs with j inserted before position k + 1) on a slot with a
  // break and neither a capacity nor a driving limit (the route's jobs and j may all use
  // slot r): the simulation of route_check.cpp's fits_with_break, step for step on the
  // same times, without building the sequence. The new route's leg m (from its node m to
  // node m + 1, node 0 the start) is the route's cached leg, or one of the two new legs
  // t_aj (a → j) and t_jb (j → b): the same values as the tables', no table read.
  bool fits_with_break(const Route& rt, size_t r, int j, size_t ins, double t_aj, double t_jb) const {
    const RouteSlot& s = P.slots[r];
    const size_t L = rt.seq.size() + 1;  // the new route's length
    auto job_at = [&](size_t i) { return i < ins ? rt.seq[i] : (i == ins ? j : rt.seq[i - 1]); };
    auto leg = [&](size_t m) { return m < ins ? rt.leg_t[m] : m == ins ? t_aj : m == ins + 1 ? t_jb : rt.leg_t[m - 1]; };
    return break_fits(P, s, L, job_at, leg, brk_pre);
  }
  mutable std::vector<double> brk_pre;

  // Inserts every job of `jobs` at its cheapest feasible place (blinks, SISR order).
  void recreate(State& st, std::vector<int>& jobs, bool allow_new, bool fleet_mode) {
    const double u = rng.uni();
    if (prize_ && u >= 6.0 / 11 && u < 8.0 / 11) {
      // Best value per hour first: leaves room for pairs of nearby stops.
      std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) { return yield_[static_cast<size_t>(a)] > yield_[static_cast<size_t>(b)]; });
    } else if (u < 4.0 / 11) {
      std::shuffle(jobs.begin(), jobs.end(), rng.g);
    } else if (u < 8.0 / 11) {
      // Most valuable first (prize-collecting plans), then largest demand.
      std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) {
        const Job& x = P.jobs[static_cast<size_t>(a)];
        const Job& y = P.jobs[static_cast<size_t>(b)];
        return x.penalty != y.penalty ? x.penalty > y.penalty : x.demand > y.demand;
      });
    } else if (u < 10.0 / 11) {
      std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) { return far[a] > far[b]; });
    } else {
      std::stable_sort(jobs.begin(), jobs.end(), [&](int a, int b) { return far[a] < far[b]; });
    }
    std::vector<int> scratch;
    std::vector<char> group_seen;
    for (size_t q = 0; q < jobs.size(); ++q) {
      const int j = jobs[q];
      if (interrupted()) {
        st.unassigned.push_back(j);
        continue;
      }
      // The legs the job after next will read (table entries x·n + its node for the nodes
      // x of the routes it may try), requested from memory while this job is placed: one
      // cache line each, scattered over the tables (the loads the insertion loop waited
      // for). A hint only: no value read, so the same results. Small tables stay in the
      // cache anyway (Solomon's 101 places: 326 kB), so from 256 places on (2 MB).
#if defined(__GNUC__)
      if (Both && N >= 256 && q + 2 < jobs.size()) {
        const int nn = jobs[q + 2];
        const Job& nx = P.jobs[static_cast<size_t>(nn)];
        const bool nold = restrict_old && !fresh[static_cast<size_t>(nn)];
        for (size_t r = 0; r < st.r.size(); ++r) {
          const Route& rt = st.r[r];
          if ((nold && !route_ruined[r]) || nx.service_s > rt.gap + 1e-9) continue;
          for (int x : rt.nodes) __builtin_prefetch(&Both[static_cast<size_t>(x) * N + static_cast<size_t>(nx.node)]);
        }
      }
#endif
      const Job& jb = P.jobs[static_cast<size_t>(j)];
      double best = kInf;
      size_t br = 0, bk = 0;
      group_seen.assign(P.slots.size() + 1, 0);
      const bool old = restrict_old && !fresh[static_cast<size_t>(j)];
      for (size_t r = 0; r < st.r.size(); ++r) {
        if (jb.only_slot >= 0 && static_cast<size_t>(jb.only_slot) != r) continue;
        if (old && !route_ruined[r]) continue;
        const Route& rt = st.r[r];
        if (jb.service_s > rt.gap + 1e-9 || rt.load + jb.demand > P.slots[r].capacity + 1e-9) continue;
        if (rt.seq.empty()) {
          if (!allow_new) continue;
          const int g = P.slots[r].group;
          if (g >= 0 && jb.only_slot < 0) {
            if (static_cast<size_t>(g) < group_seen.size() && group_seen[static_cast<size_t>(g)]) continue;
            if (static_cast<size_t>(g) < group_seen.size()) group_seen[static_cast<size_t>(g)] = 1;
          }
        }
        // fits_at() inlined, with the blink (the same sums, in the same order).
        const RouteSlot& s = P.slots[r];
        const size_t L = rt.seq.size();
        const int nj = jb.node;
        rr_work_ += static_cast<long long>(L) + 1;
        for (size_t k = 0; k <= L; ++k) {
          const int a = rt.nodes[k], b = rt.nodes[k + 1];
          const Leg aj = leg_from(a, nj), jb_leg = leg_to(nj, b);
          const double lower = aj.d + jb_leg.d - (L ? rt.leg_d[k] : 0.0);
          if (lower >= best) continue;
          const double dl = lower + (L ? 0.0 : s.fixed_cost);
          if (s.max_drive_s < kInf && rt.drive + aj.t + jb_leg.t - (L ? rt.leg_t[k] : 0.0) > s.max_drive_s + 1e-6) continue;
          const double arr = rt.early[k] + svc_at(rt, k) + aj.t;
          const double start = std::max(arr, jb.open_s);
          if (start > jb.close_s + 1e-9) continue;
          if (start + jb.service_s + jb_leg.t > rt.late[k + 1] + 1e-9) continue;
          if (s.break_s > 0) {
            if (s.capacity >= kInf && s.max_drive_s >= kInf) {
              if (!fits_with_break(rt, r, j, k, aj.t, jb_leg.t)) continue;
            } else {
              scratch = rt.seq;
              scratch.insert(scratch.begin() + static_cast<long>(k), j);
              if (!check_route(P, static_cast<int>(r), scratch)) continue;
            }
          }
          // Blink: each place is skipped with probability 0.01. Only a place that would
          // become the best needs the draw (a skipped place that would not is no change),
          // so the choice has the same law with a draw per improvement instead of per place.
          if (dl < best && !(rng.uni() < 0.01)) { best = dl; br = r; bk = k; }
        }
      }
      if (best < kInf && (fleet_mode || best < jb.penalty)) {
        touch(st, br);
        auto& seq = st.r[br].seq;
        seq.insert(seq.begin() + static_cast<long>(bk), j);
        update(st, br);
      } else {
        st.unassigned.push_back(j);
      }
    }
    recompute_cost(st);
  }

  // SISR ruin: removes strings of consecutive jobs from routes near a random seed job.
  void ruin(State& st, std::vector<int>& removed) {
    const size_t n = P.jobs.size();
    std::vector<int> route_of(n, -1);
    size_t used = 0, served = 0;
    for (size_t r = 0; r < st.r.size(); ++r) {
      if (st.r[r].seq.empty()) continue;
      ++used;
      served += st.r[r].seq.size();
      for (int j : st.r[r].seq) route_of[static_cast<size_t>(j)] = static_cast<int>(r);
    }
    if (served == 0) {
      route_ruined.assign(st.r.size(), 1);  // nothing to ruin: everything may be tried
      fresh.assign(n, 1);
      return;
    }
    const double avg_len = static_cast<double>(served) / static_cast<double>(used);
    const double ls_max = std::min<double>(O.max_string, avg_len);
    const double ks_max = 4.0 * O.avg_removed / (1.0 + ls_max) - 1.0;
    const int ks = static_cast<int>(std::floor(rng.uni() * ks_max)) + 1;
    int seed;
    do { seed = rng.below(static_cast<int>(n)); } while (route_of[static_cast<size_t>(seed)] < 0);
    std::vector<char> ruined(st.r.size(), 0);
    int done = 0;
    std::vector<size_t> touched;
    for (int c : adj[static_cast<size_t>(seed)]) {
      if (done >= ks) break;
      const int r = route_of[static_cast<size_t>(c)];
      if (r < 0 || ruined[static_cast<size_t>(r)]) continue;
      touch(st, static_cast<size_t>(r));
      auto& seq = st.r[static_cast<size_t>(r)].seq;
      const int L = static_cast<int>(seq.size());
      const double lmax = std::min<double>(L, ls_max);
      const int l = std::min(L, static_cast<int>(std::floor(rng.uni() * lmax)) + 1);
      const int pos = static_cast<int>(std::find(seq.begin(), seq.end(), c) - seq.begin());
      if (l < L && rng.uni() < 0.5) {
        // Split string: remove l jobs out of a window of l + m, keeping m in the middle.
        int m = 1;
        while (l + m < L && rng.uni() < 0.5) ++m;
        const int win = l + m;
        int start = std::clamp(pos - rng.below(win), 0, L - win);
        const int keep_at = start + rng.below(l + 1);
        std::vector<int> kept;
        for (int i = start; i < start + win; ++i) {
          if (i >= keep_at && i < keep_at + m) kept.push_back(seq[static_cast<size_t>(i)]);
          else removed.push_back(seq[static_cast<size_t>(i)]);
        }
        seq.erase(seq.begin() + start, seq.begin() + start + win);
        seq.insert(seq.begin() + start, kept.begin(), kept.end());
      } else {
        const int start = std::clamp(pos - rng.below(l), 0, L - l);
        removed.insert(removed.end(), seq.begin() + start, seq.begin() + start + l);
        seq.erase(seq.begin() + start, seq.begin() + start + l);
      }
      for (int j : removed) route_of[static_cast<size_t>(j)] = -1;
      ruined[static_cast<size_t>(r)] = 1;
      touched.push_back(static_cast<size_t>(r));
      ++done;
    }
    for (size_t r : touched) update(st, r);
    route_ruined.assign(st.r.size(), 0);
    for (size_t r : touched) route_ruined[r] = 1;
    fresh.assign(n, 0);
    for (int j : removed) fresh[static_cast<size_t>(j)] = 1;
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - t0).count(); }

  // Polled between insertions: the stop flag at every call, the clock every 16 calls.
  bool interrupted() {
    if (stopped) return true;
    if (O.stop && O.stop->load(std::memory_order_relaxed)) stopped = true;
    if (O.seconds > 0 && (++polls & 15) == 0 && elapsed() >= O.seconds) stopped = true;
    return stopped;
  }
  unsigned polls = 0;

  // Fraction of the budget used, in [0, 1]; sets `stopped` when exhausted.
  double budget_fraction() {
    double f = 0;
    if (O.max_iterations > 0) f = std::max(f, static_cast<double>(iter) / static_cast<double>(O.max_iterations));
    if (O.seconds > 0 && (iter % 16 == 0 || last_time_frac < 0)) last_time_frac = elapsed() / O.seconds;
    if (O.seconds > 0) f = std::max(f, last_time_frac);
    if (O.stop && O.stop->load(std::memory_order_relaxed)) stopped = true;
    if (f >= 1) stopped = true;
    // No budget at all (no iterations, no time, no stop flag): the construction only.
    if (O.max_iterations <= 0 && O.seconds <= 0 && !O.stop) stopped = true;
    return std::min(f, 1.0);
  }
  double last_time_frac = -1;

  void report(const State& best, bool force = false) {
    if (!O.on_progress || O.progress_every <= 0 || (!force && iter % O.progress_every != 0)) return;
    Progress pr;
    pr.iteration = iter;
    pr.best_cost = best.cost;
    double d = 0;
    for (const auto& rt : best.r) d += rt.dist;
    pr.best_distance = d;
    pr.best_vehicles = best.vehicles;
    pr.best_unassigned = static_cast<int>(best.unassigned.size());
    pr.elapsed_s = elapsed();
    double f = 0;
    if (O.max_iterations > 0) f = static_cast<double>(iter) / static_cast<double>(O.max_iterations);
    if (O.seconds > 0) f = std::max(f, pr.elapsed_s / O.seconds);
    pr.fraction = std::clamp(f, 0.0, 1.0);
    O.on_progress(pr);
  }

  State initial(const Solution* init) {
    State st;
    st.r.resize(P.slots.size());
    std::vector<int> todo;
    std::vector<char> placed(P.jobs.size(), 0);
    for (size_t r = 0; r < st.r.size(); ++r) update(st, r);
    if (init) {
      for (size_t r = 0; r < P.slots.size() && r < init->routes.size(); ++r) {
        std::vector<int> seq;
        for (int j : init->routes[r]) {
          if (j < 0 || static_cast<size_t>(j) >= P.jobs.size() || placed[static_cast<size_t>(j)]) continue;
          seq.push_back(j);
          if (!check_route(P, static_cast<int>(r), seq)) { seq.pop_back(); continue; }
          placed[static_cast<size_t>(j)] = 1;
        }
        st.r[r].seq = std::move(seq);
        update(st, r);
      }
    }
    for (size_t j = 0; j < P.jobs.size(); ++j)
      if (!placed[j]) todo.push_back(static_cast<int>(j));
    // Hardest first: pinned and must-visit jobs, then far jobs.
    std::stable_sort(todo.begin(), todo.end(), [&](int a, int b) {
      const auto& ja = P.jobs[static_cast<size_t>(a)];
      const auto& jb = P.jobs[static_cast<size_t>(b)];
      if ((ja.only_slot >= 0) != (jb.only_slot >= 0)) return ja.only_slot >= 0;
      if (ja.penalty != jb.penalty) return ja.penalty > jb.penalty;
      return far[static_cast<size_t>(a)] > far[static_cast<size_t>(b)];
    });
    // recreate() reorders randomly; the construction wants these exact orders.
    auto build = [&](State from, const std::vector<int>& order) {
      for (int j : order) {
        std::vector<int> one{j};
        recreate_fixed(from, one);
      }
      recompute_cost(from);
      return from;
    };
    State best = build(st, todo);
    if (prize_) {
      // Prize-collecting: also best value per hour first (pairs of nearby stops).
      std::stable_sort(todo.begin(), todo.end(), [&](int a, int b) {
        const auto& ja = P.jobs[static_cast<size_t>(a)];
        const auto& jb = P.jobs[static_cast<size_t>(b)];
        if ((ja.only_slot >= 0) != (jb.only_slot >= 0)) return ja.only_slot >= 0;
        if ((ja.penalty >= kMustPenalty) != (jb.penalty >= kMustPenalty)) return ja.penalty >= kMustPenalty;
        return yield_[static_cast<size_t>(a)] > yield_[static_cast<size_t>(b)];
      });
      State other = build(st, todo);
      if (other.cost < best.cost) best = std::move(other);
    }
    return best;
  }

  void recreate_fixed(State& st, std::vector<int>& one) {
    // Same as recreate() for a single job, without reordering or blinking.
    const int j = one[0];
    const Job& jb = P.jobs[static_cast<size_t>(j)];
    if (interrupted()) {
      st.unassigned.push_back(j);
      return;
    }
    std::vector<int> scratch;
    double best = kInf;
    size_t br = 0, bk = 0;
    for (size_t r = 0; r < st.r.size(); ++r) {
      if (jb.only_slot >= 0 && static_cast<size_t>(jb.only_slot) != r) continue;
      const Route& rt = st.r[r];
      if (jb.service_s > rt.gap + 1e-9 || rt.load + jb.demand > P.slots[r].capacity + 1e-9) continue;
      for (size_t k = 0; k <= rt.seq.size(); ++k) {
        double dl;
        const int a = node_at(rt, r, k), b = node_at(rt, r, k + 1);
        const double lower = dd(a, jb.node) + dd(jb.node, b) - (rt.seq.empty() ? 0.0 : dd(a, b));
        if (lower >= best) continue;
        if (!fits_at(rt, r, j, k, dl, scratch)) continue;
        if (dl < best) { best = dl; br = r; bk = k; }
      }
    }
    if (best < kInf && best < jb.penalty) {
      auto& seq = st.r[br].seq;
      seq.insert(seq.begin() + static_cast<long>(bk), j);
      update(st, br);
    } else {
      st.unassigned.push_back(j);
    }
  }

  State random_start() {
    State st;
    st.r.resize(P.slots.size());
    for (size_t r = 0; r < st.r.size(); ++r) update(st, r);
    std::vector<int> all(P.jobs.size());
    std::iota(all.begin(), all.end(), 0);
    recreate(st, all, true, false);
    return st;
  }

  static double distance_of(const State& st) {
    double d = 0;
    for (const auto& rt : st.r) d += rt.dist;
    return d;
  }

  // Route elimination: repeatedly empties a route and tries to re-insert its jobs in
  // the others by an ejection search. Returns the best complete solution found.
  State eliminate_routes(State cur, double share) {
    State best = cur;
    auto drop_route = [&](State& s) {
      // Remove the route with fewest jobs (ties: random).
      size_t pick = s.r.size();
      for (size_t r = 0; r < s.r.size(); ++r) {
        if (s.r[r].seq.empty()) continue;
        if (pick == s.r.size() || s.r[r].seq.size() < s.r[pick].seq.size() ||
            (s.r[r].seq.size() == s.r[pick].seq.size() && rng.uni() < 0.5))
          pick = r;
      }
      if (pick == s.r.size()) return false;
      for (int j : s.r[pick].seq) s.unassigned.push_back(j);
      s.r[pick].seq.clear();
      update(s, pick);
      recompute_cost(s);
      return true;
    };
    const int lb = std::max(1, fleet_lower_bound(P));
    if (!cur.unassigned.empty() || cur.vehicles <= lb) return best;
    // Ejection search (Nagata & Bräysy 2009): the emptied route's jobs form a pool; each
    // step takes the last pooled job and inserts it where it fits, else inserts it by
    // ejecting at most two jobs of one route, those that failed least often (penalty
    // counters), and shakes the routes with SISR moves that keep every job served.
    std::vector<long> pc(P.jobs.size(), 1);
    drop_route(cur);
    std::vector<int> removed;
    while (true) {
      if (budget_fraction() >= share || stopped) break;
      ++iter;
      if (cur.unassigned.empty()) {
        best = cur;
        if (cur.vehicles <= lb) break;
        std::fill(pc.begin(), pc.end(), 1);
        drop_route(cur);
        continue;
      }
      const int v = cur.unassigned.back();
      cur.unassigned.pop_back();
      begin(cur);
      std::vector<int> one{v};
      recreate(cur, one, false, true);
      if (!cur.unassigned.empty() && cur.unassigned.back() == v) {
        cur.unassigned.pop_back();
        ++pc[static_cast<size_t>(v)];
        if (!eject_insert(cur, v, pc)) cur.unassigned.insert(cur.unassigned.begin(), v);
        for (int m = 0; m < 2 && !stopped; ++m) {
          // Shake: a ruin-and-recreate kept only when every removed job finds a place again.
          begin(cur);
          removed.clear();
          ruin(cur, removed);
          cur.unassigned.clear();
          recreate(cur, removed, false, true);
          if (!cur.unassigned.empty()) {
            rollback(cur);
          } else {
            cur.unassigned = saved_unassigned;
            recompute_cost(cur);
          }
        }
      }
      report(best);
    }
    return best;
  }

  // Inserts job v into a used route by ejecting at most two of its jobs (not pinned
  // elsewhere): among all (route, position, ejected set) that leave the route feasible,
  // the smallest sum of penalty counters `pc` wins (ties: random). The ejected jobs join
  // st.unassigned. False when no route can take v even so.
  bool eject_insert(State& st, int v, const std::vector<long>& pc) {
    const Job& jv = P.jobs[static_cast<size_t>(v)];
    long best_p = std::numeric_limits<long>::max();
    size_t br = 0, bk = 0;
    int ba = -1, bb = -1, ties = 0;
    std::vector<int> seq, trial;
    std::vector<double> start, late;
    std::vector<char> ok_from;
    for (size_t r = 0; r < st.r.size(); ++r) {
      const Route& rt = st.r[r];
      if (rt.seq.empty() || (jv.only_slot >= 0 && static_cast<size_t>(jv.only_slot) != r)) continue;
      const RouteSlot& s = P.slots[r];
      const bool slow = s.break_s > 0 || s.max_drive_s < kInf;
      const size_t L = rt.seq.size();
      for (size_t k = 0; k <= L; ++k) {
        seq = rt.seq;
        seq.insert(seq.begin() + static_cast<long>(k), v);
        const size_t M = L + 1;
        // Service starts along seq; fv: first late visit (M: late back, M + 1: none).
        start.assign(M, 0);
        size_t fv = M + 1;
        double tm = s.open_s, svc = 0;
        int prev = s.start_node;
        for (size_t i = 0; i < M; ++i) {
          const Job& jb = P.jobs[static_cast<size_t>(seq[i])];
          tm = std::max(tm + svc + P.t(prev, jb.node), jb.open_s);
          start[i] = tm;
          svc = jb.service_s;
          prev = jb.node;
          if (tm > jb.close_s + 1e-9) { fv = i; break; }
        }
        if (fv == M + 1 && tm + svc + P.t(prev, s.end_node) > s.close_s + 1e-9) fv = M;
        const double load = rt.load + jv.demand;
        // Feasibility of seq without positions a and b (b may be -1), from position a on.
        auto consider = [&](long p, size_t a, long b) {
          if (p < best_p) { best_p = p; ties = 0; }
          if (rng.below(++ties) == 0) { br = r; bk = k; ba = static_cast<int>(a); bb = static_cast<int>(b); }
        };
        auto demand_of = [&](size_t i) { return P.jobs[static_cast<size_t>(seq[i])].demand; };
        auto ejectable = [&](size_t i) { return i != k && P.jobs[static_cast<size_t>(seq[i])].only_slot < 0; };
        // The first ejected job is at or before the first late visit.
        const size_t last_a = std::min(fv, M - 1);
        if (slow) {
          // Breaks or a driving limit: each candidate route checked in full.
          auto fits = [&](size_t a, long b) {
            trial.clear();
            for (size_t i = 0; i < M; ++i)
              if (i != a && static_cast<long>(i) != b) trial.push_back(seq[i]);
            return check_route(P, static_cast<int>(r), trial);
          };
          for (size_t a = 0; a <= last_a; ++a) {
            if (!ejectable(a)) continue;
            const long pa = pc[static_cast<size_t>(seq[a])];
            if (pa > best_p) continue;
            if (load - demand_of(a) <= s.capacity + 1e-9 && fits(a, -1)) consider(pa, a, -1);
            for (size_t b = a + 1; b < M; ++b) {
              if (!ejectable(b)) continue;
              const long pb = pa + pc[static_cast<size_t>(seq[b])];
              if (pb <= best_p && load - demand_of(a) - demand_of(b) <= s.capacity + 1e-9 && fits(a, static_cast<long>(b)))
                consider(pb, a, static_cast<long>(b));
            }
          }
          continue;
        }
        // Latest service starts along seq that keep the rest of the route feasible: a
        // changed prefix joins the unchanged suffix in O(1).
        // ok_from[i]: no visit after i opens after its latest start (else no start at i works).
        late.assign(M + 1, 0);
        ok_from.assign(M + 1, 1);
        late[M] = s.close_s;
        int nx = s.end_node;
        for (size_t i = M; i-- > 0;) {
          const Job& jb = P.jobs[static_cast<size_t>(seq[i])];
          late[i] = std::min(jb.close_s, late[i + 1] - P.t(jb.node, nx) - jb.service_s);
          ok_from[i] = ok_from[i + 1] && (i + 1 == M || P.jobs[static_cast<size_t>(seq[i + 1])].open_s <= late[i + 1] + 1e-9);
          nx = jb.node;
        }
        // Service at position i (M: the end) reached after a visit that started at tp.
        auto joins = [&](size_t i, double tp, double svp, int pv) {
          if (i == M) return tp + svp + P.t(pv, s.end_node) <= s.close_s + 1e-9;
          const Job& jb = P.jobs[static_cast<size_t>(seq[i])];
          return ok_from[i] && std::max(tp + svp + P.t(pv, jb.node), jb.open_s) <= late[i] + 1e-9;
        };
        for (size_t a = 0; a <= last_a; ++a) {
          if (!ejectable(a)) continue;
          const long pa = pc[static_cast<size_t>(seq[a])];
          if (pa > best_p) continue;
          double t = a == 0 ? s.open_s : start[a - 1];
          double sv = a == 0 ? 0.0 : P.jobs[static_cast<size_t>(seq[a - 1])].service_s;
          int pv = a == 0 ? s.start_node : P.jobs[static_cast<size_t>(seq[a - 1])].node;
          const double la = load - demand_of(a);
          if (la <= s.capacity + 1e-9 && joins(a + 1, t, sv, pv)) consider(pa, a, -1);
          // Second ejected job b: walk the route without a, visit by visit.
          for (size_t b = a + 1; b < M; ++b) {
            if (ejectable(b)) {
              const long pb = pa + pc[static_cast<size_t>(seq[b])];
              if (pb <= best_p && la - demand_of(b) <= s.capacity + 1e-9 && joins(b + 1, t, sv, pv))
                consider(pb, a, static_cast<long>(b));
            }
            const Job& jb = P.jobs[static_cast<size_t>(seq[b])];
            t = std::max(t + sv + P.t(pv, jb.node), jb.open_s);
            if (t > jb.close_s + 1e-9) break;  // late at b: b or an earlier job must go
            sv = jb.service_s;
            pv = jb.node;
          }
        }
      }
    }
    if (ba < 0) return false;
    touch(st, br);
    seq = st.r[br].seq;
    seq.insert(seq.begin() + static_cast<long>(bk), v);
    if (bb >= 0) {
      st.unassigned.push_back(seq[static_cast<size_t>(bb)]);
      seq.erase(seq.begin() + bb);
    }
    st.unassigned.push_back(seq[static_cast<size_t>(ba)]);
    seq.erase(seq.begin() + ba);
    st.r[br].seq = std::move(seq);
    update(st, br);
    recompute_cost(st);
    return true;
  }

  // ---- local search (descent), on problems where ls_ok_ -----------------------------
  // 2-opt*: routes A and B exchange their tails, A' = A[0, i) + B[j, Lb) and
  // B' = B[0, j) + A[i, La). Both joins are checked in O(1) against the cached earliest
  // and latest service starts; capacity by prefix loads. The first improving move is
  // applied; returns true when one was. A route left empty saves its fixed cost.
  bool two_opt_star(State& st) {
    const size_t R = st.r.size();
    // The scan starts where the last move was found (the routes before it were just
    // checked), and wraps around.
    for (size_t ao = 0; ao < R; ++ao) {
      const size_t a = (ls_from_ + ao) % R;
      const Route& A = st.r[a];
      if (A.seq.empty()) continue;
      const size_t La = A.seq.size();
      pre_a.assign(La + 1, 0);
      for (size_t k = 0; k < La; ++k) pre_a[k + 1] = pre_a[k] + P.jobs[static_cast<size_t>(A.seq[k])].demand;
      for (size_t b = a + 1; b < R; ++b) {
        const Route& B = st.r[b];
        if (B.seq.empty()) continue;
        const size_t Lb = B.seq.size();
        pre_b.assign(Lb + 1, 0);
        for (size_t k = 0; k < Lb; ++k) pre_b[k + 1] = pre_b[k] + P.jobs[static_cast<size_t>(B.seq[k])].demand;
        const double cap_a = P.slots[a].capacity, cap_b = P.slots[b].capacity;
        for (size_t i = 0; i <= La; ++i) {
          // A' keeps A's nodes 0..i (node i: the last kept; 0: the start) and goes on to
          // B's node j + 1; B' keeps B's nodes 0..j and goes on to A's node i + 1.
          const int ai = A.nodes[i], ai1 = A.nodes[i + 1];
          const double dep_a = A.early[i] + svc_at(A, i);
          ls_work_ += static_cast<long long>(Lb) + 1;
          for (size_t j = 0; j <= Lb; ++j) {
            if ((i == La && j == Lb) || (i == 0 && j == 0)) continue;  // no change / routes swapped
            const int bj = B.nodes[j], bj1 = B.nodes[j + 1];
            const bool a_empty = i == 0 && j == Lb, b_empty = j == 0 && i == La;
            double delta = dd(ai, bj1) + dd(bj, ai1) - A.leg_d[i] - B.leg_d[j];
            if (a_empty) delta -= dd(ai, bj1) + P.slots[a].fixed_cost;
            if (b_empty) delta -= dd(bj, ai1) + P.slots[b].fixed_cost;
            if (delta > -1e-7) continue;
            if (pre_a[i] + B.load - pre_b[j] > cap_a + 1e-9 || pre_b[j] + A.load - pre_a[i] > cap_b + 1e-9) continue;
            if (dep_a + tt(ai, bj1) > B.late[j + 1] + 1e-9) continue;
            if (B.early[j] + svc_at(B, j) + tt(bj, ai1) > A.late[i + 1] + 1e-9) continue;
            std::vector<int> na(A.seq.begin(), A.seq.begin() + static_cast<long>(i));
            na.insert(na.end(), B.seq.begin() + static_cast<long>(j), B.seq.end());
            std::vector<int> nb(B.seq.begin(), B.seq.begin() + static_cast<long>(j));
            nb.insert(nb.end(), A.seq.begin() + static_cast<long>(i), A.seq.end());
            st.r[a].seq = std::move(na);
            st.r[b].seq = std::move(nb);
            update(st, a);
            update(st, b);
            ls_from_ = a;
            return true;
          }
        }
      }
    }
    return false;
  }
  std::vector<double> pre_a, pre_b;
  long long ls_work_ = 0, rr_work_ = 0;  // places tried by the descent / by the recreation
  size_t ls_from_ = 0;

  // Or-opt inside one route: a string of 1 to 3 consecutive jobs moves to another place
  // of the same route, possibly reversed. Distance first (O(1)), then the new order is
  // simulated in full. The first improving move is applied.
  bool or_opt(State& st) {
    for (size_t ro = 0; ro < st.r.size(); ++ro) {
      const size_t r = (ls_from_ + ro) % st.r.size();
      const Route& rt = st.r[r];
      const size_t L = rt.seq.size();
      if (L < 2) continue;
      for (size_t len = 1; len <= 3 && len < L; ++len)
        for (size_t i = 0; i + len <= L; ++i) {
          // String seq[i, i + len): route nodes i + 1 .. i + len, between nodes i and i + len + 1.
          const int p = rt.nodes[i], f = rt.nodes[i + 1], l = rt.nodes[i + len], n = rt.nodes[i + len + 1];
          const double gain = rt.leg_d[i] + rt.leg_d[i + len] - dd(p, n);
          // Reversing the string changes its inner legs when the costs are asymmetric.
          double inner_rev = 0;
          for (size_t q = i + 1; q < i + len; ++q) inner_rev += dd(rt.nodes[q + 1], rt.nodes[q]) - rt.leg_d[q];
          ls_work_ += static_cast<long long>(L) + 1;
          for (size_t k = 0; k <= L; ++k) {
            // Insert between nodes k and k + 1 of the current route (outside the string).
            if (k >= i && k <= i + len) continue;
            const int x = rt.nodes[k], y = rt.nodes[k + 1];
            for (int rev = 0; rev < 2; ++rev) {
              const int u = rev ? l : f, w = rev ? f : l;
              if (rev && len == 1) continue;  // same as forward
              const double delta = dd(x, u) + dd(w, y) - rt.leg_d[k] - gain + (rev ? inner_rev : 0.0);
              if (delta > -1e-7) continue;
              trial_.clear();
              for (size_t q = 0; q < L; ++q) {
                if (q >= i && q < i + len) continue;
                trial_.push_back(rt.seq[q]);
              }
              // Position of the string in trial_: after the route's node k (a job index k - 1).
              size_t at = k > i + len ? k - len : k;
              std::vector<int> str(rt.seq.begin() + static_cast<long>(i), rt.seq.begin() + static_cast<long>(i + len));
              if (rev) std::reverse(str.begin(), str.end());
              trial_.insert(trial_.begin() + static_cast<long>(at), str.begin(), str.end());
              if (!route_fits(r, trial_)) continue;
              st.r[r].seq = trial_;
              update(st, r);
              ls_from_ = r;
              return true;
            }
          }
        }
    }
    return false;
  }
  std::vector<int> trial_;

  // Windows, capacity and return of a route of slot r visiting `seq` (no break, no
  // driving limit: ls_ok_).
  bool route_fits(size_t r, const std::vector<int>& seq) const {
    const RouteSlot& s = P.slots[r];
    double t = s.open_s, svc = 0, load = 0;
    int prev = s.start_node;
    for (int j : seq) {
      const Job& jb = P.jobs[static_cast<size_t>(j)];
      t = std::max(t + svc + tt(prev, jb.node), jb.open_s);
      if (t > jb.close_s + 1e-9) return false;
      load += jb.demand;
      svc = jb.service_s;
      prev = jb.node;
    }
    return load <= s.capacity + 1e-9 && t + svc + tt(prev, s.end_node) <= s.close_s + 1e-9;
  }

  // ---- day rebuild (prize-collecting plans) ------------------------------------------
  // Feasibility and cost increase (detour, plus the fixed cost of a route it opens) of job
  // j inserted before position k + 1 (k = 0..L) of route r (the checks of recreate(),
  // without the blink).
  bool fits_at(const Route& rt, size_t r, int j, size_t k, double& dl, std::vector<int>& scratch) const {
    const RouteSlot& s = P.slots[r];
    const Job& jb = P.jobs[static_cast<size_t>(j)];
    const size_t L = rt.seq.size();
    if (jb.service_s > rt.gap + 1e-9 || rt.load + jb.demand > s.capacity + 1e-9) return false;
    const int a = rt.nodes[k], b = rt.nodes[k + 1];
    const Leg aj = leg_from(a, jb.node), jb_leg = leg_to(jb.node, b);
    dl = aj.d + jb_leg.d - (L ? rt.leg_d[k] : 0.0) + (L ? 0.0 : s.fixed_cost);
    if (s.max_drive_s < kInf && rt.drive + aj.t + jb_leg.t - (L ? rt.leg_t[k] : 0.0) > s.max_drive_s + 1e-6) return false;
    const double start = std::max(rt.early[k] + svc_at(rt, k) + aj.t, jb.open_s);
    if (start > jb.close_s + 1e-9 || start + jb.service_s + jb_leg.t > rt.late[k + 1] + 1e-9) return false;
    if (s.break_s > 0) {
      if (s.capacity >= kInf && s.max_drive_s >= kInf) return fits_with_break(rt, r, j, k, aj.t, jb_leg.t);
      scratch = rt.seq;
      scratch.insert(scratch.begin() + static_cast<long>(k), j);
      return check_route(P, static_cast<int>(r), scratch);
    }
    return true;
  }

  // Cost of a route of slot r in the plan's terms: its driving and fixed cost minus the
  // penalties (values) of the jobs it serves.
  double route_cost(const Route& x, size_t r) const {
    double c = x.seq.empty() ? 0.0 : x.dist + P.slots[r].fixed_cost;
    for (int j : x.seq) c -= P.jobs[static_cast<size_t>(j)].penalty;
    return c;
  }

  // Grows route r of `st` (already holding its first jobs, caches up to date) greedily
  // with the nearest jobs of `seed` whose in_pool_ mark is 1: the largest penalty minus
  // detour first, while one gains. The jobs taken are marked 2.
  void grow(State& st, size_t r, int seed, std::vector<int>& scratch) {
    constexpr size_t kGrow = 24;  // nearest jobs tried
    Route& rt = st.r[r];
    for (int j : rt.seq) in_pool_[static_cast<size_t>(j)] = 2;
    for (;;) {
      double gain = 0, dl;
      int bj = -1;
      size_t bk = 0, tried = 0;
      for (int c : adj[static_cast<size_t>(seed)]) {
        if (in_pool_[static_cast<size_t>(c)] != 1) continue;
        if (++tried > kGrow) break;
        const double pen = P.jobs[static_cast<size_t>(c)].penalty;
        for (size_t k = 0; k <= rt.seq.size(); ++k) {
          ++rb_work_;
          if (!fits_at(rt, r, c, k, dl, scratch)) continue;
          if (pen - dl > gain) { gain = pen - dl; bj = c; bk = k; }
        }
      }
      if (bj < 0) return;
      rt.seq.insert(rt.seq.begin() + static_cast<long>(bk), bj);
      update(st, r);
      in_pool_[static_cast<size_t>(bj)] = 2;
    }
  }

  // Starts route r afresh with `first` (when it fits and gains), grows it, and returns its
  // cost (kInf when it does not fit); route r holds the result, in_pool_ is left as found.
  double seeded_route(State& st, size_t r, std::initializer_list<int> first, int seed, std::vector<int>& scratch) {
    Route& rt = st.r[r];
    rt.seq.clear();
    update(st, r);
    double dl;
    for (int j : first) {
      size_t bk = 0;
      double best = kInf;
      rb_work_ += static_cast<long long>(rt.seq.size()) + 1;
      for (size_t k = 0; k <= rt.seq.size(); ++k)
        if (fits_at(rt, r, j, k, dl, scratch) && dl < best) { best = dl; bk = k; }
      if (best >= P.jobs[static_cast<size_t>(j)].penalty) return kInf;
      rt.seq.insert(rt.seq.begin() + static_cast<long>(bk), j);
      update(st, r);
    }
    grow(st, r, seed, scratch);
    for (int j : rt.seq) in_pool_[static_cast<size_t>(j)] = 1;
    return route_cost(rt, r);
  }

  // Marks in_pool_ = 1 the jobs of `pool` that slot r may serve, 0 the others.
  void mark_pool(const std::vector<int>& pool, size_t r) {
    in_pool_.assign(P.jobs.size(), 0);
    for (int j : pool) {
      const Job& jb = P.jobs[static_cast<size_t>(j)];
      if (jb.only_slot < 0 || static_cast<size_t>(jb.only_slot) == r) in_pool_[static_cast<size_t>(j)] = 1;
    }
  }

  // Route r rebuilt from scratch: every job it may take (left out, or its own) seeds a new
  // route, grown greedily from the seed's nearest jobs. The best new route replaces the
  // old one when the plan's cost falls; the old route's jobs it leaves go back to the
  // left-out ones. A ruin of strings seldom finds the day where two nearby stops fit
  // instead of one far stop: its recreation fills an emptied day with the first stop that fits.
  bool rebuild_route(State& st, size_t r) {
    Route& rt = st.r[r];
    const std::vector<int> old_seq = rt.seq;
    double best_cost = route_cost(rt, r);
    std::vector<int> pool = st.unassigned;
    pool.insert(pool.end(), old_seq.begin(), old_seq.end());
    mark_pool(pool, r);
    std::vector<int> scratch, best_seq = old_seq;
    for (int seed : pool) {
      if (!in_pool_[static_cast<size_t>(seed)]) continue;
      if (interrupted()) break;
      const double c = seeded_route(st, r, {seed}, seed, scratch);
      if (c < best_cost - 1e-9) { best_cost = c; best_seq = rt.seq; }
    }
    rt.seq = best_seq;
    update(st, r);
    if (best_seq == old_seq) return false;
    settle_pool(st, pool);
    return true;
  }

  // After routes were rebuilt from `pool`: the jobs of the pool no route serves are the
  // left-out ones (with those outside the pool), and the cost is summed again.
  void settle_pool(State& st, const std::vector<int>& pool) {
    std::vector<char> used(P.jobs.size(), 0);
    for (const Route& x : st.r)
      for (int j : x.seq) used[static_cast<size_t>(j)] = 1;
    std::vector<int> left;
    for (int j : pool)
      if (!used[static_cast<size_t>(j)]) left.push_back(j);
    st.unassigned = std::move(left);
    recompute_cost(st);
  }

  struct Cand {
    double cost;
    std::vector<int> seq;
  };
  struct CandList {
    std::vector<int> pool;  // sorted; empty until built
    std::vector<Cand> cands;
  };
  std::map<size_t, CandList> cand_cache_;  // rebuild_pairs' candidate days, by the group's first route

  // rebuild_pairs' candidate days for the slot of route r0 (whose route it uses as a
  // workbench), from the jobs of `pool` (in_pool_ marked): each job alone, and with each of
  // its best partners, then grown.
  void build_cands(State& st, size_t r0, const std::vector<int>& pool, std::vector<Cand>& cands, std::vector<int>& scratch) {
    constexpr size_t kPartners = 10;  // best partners paired with each seed
    std::vector<std::pair<double, int>> partners;
    for (int seed : pool) {
      if (interrupted()) break;
      double c = seeded_route(st, r0, {seed}, seed, scratch);
      if (c >= kInf) continue;
      cands.push_back({c, st.r[r0].seq});
      // Partners: the jobs that fit with the seed alone, the largest gain first (not
      // only its nearest: on days of one or two long visits, any two places near the base pair up).
      Route& rt = st.r[r0];
      rt.seq.assign(1, seed);
      update(st, r0);
      partners.clear();
      for (int b : pool) {
        if (b == seed || in_pool_[static_cast<size_t>(b)] != 1) continue;
        double g = 0, dl;
        rb_work_ += 2;
        for (size_t k = 0; k <= 1; ++k)
          if (fits_at(rt, r0, b, k, dl, scratch)) g = std::max(g, P.jobs[static_cast<size_t>(b)].penalty - dl);
        if (g > 0) partners.push_back({g, b});
      }
      const size_t np = std::min(kPartners, partners.size());
      std::partial_sort(partners.begin(), partners.begin() + static_cast<long>(np), partners.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
      for (size_t q = 0; q < np; ++q) {
        const int b = partners[q].second;
        in_pool_[static_cast<size_t>(seed)] = 2;
        c = seeded_route(st, r0, {seed, b}, seed, scratch);
        in_pool_[static_cast<size_t>(seed)] = 1;
        if (c < kInf) cands.push_back({c, st.r[r0].seq});
      }
    }
  }

  // Two days rebuilt together. Slots alike (same start, end, window, break, limits) can
  // take the same routes: a list of candidate routes is built once for them (build_cands,
  // kept while their pool of jobs is the same), sorted by cost. For each pair of alike routes, the best two disjoint candidates made
  // of their jobs and left-out ones replace them when the plan's cost falls. Finds the
  // exchanges a single day's rebuild cannot (two pairs of stops recombined, a stop
  // traded for a better one in another day).
  bool rebuild_pairs(State& st) {
    if (!prize_ || st.r.size() < 2) return false;
    auto alike = [&](size_t a, size_t b) {
      const RouteSlot &x = P.slots[a], &y = P.slots[b];
      return x.start_node == y.start_node && x.end_node == y.end_node && x.open_s == y.open_s && x.close_s == y.close_s &&
             x.capacity == y.capacity && x.max_drive_s == y.max_drive_s && x.break_open_s == y.break_open_s &&
             x.break_close_s == y.break_close_s && x.break_s == y.break_s && x.fixed_cost == y.fixed_cost;
    };
    bool improved = false;
    std::vector<char> grouped(st.r.size(), 0);
    std::vector<int> scratch;
    for (size_t r0 = 0; r0 < st.r.size(); ++r0) {
      if (grouped[r0]) continue;
      std::vector<size_t> group;
      for (size_t r = r0; r < st.r.size(); ++r)
        if (!grouped[r] && alike(r0, r)) { group.push_back(r); grouped[r] = 1; }
      if (group.size() < 2) continue;
      // The candidates, built in route r0 (restored afterwards), from every job without a pin.
      std::vector<int> pool = st.unassigned;
      for (size_t r : group) pool.insert(pool.end(), st.r[r].seq.begin(), st.r[r].seq.end());
      std::erase_if(pool, [&](int j) { return P.jobs[static_cast<size_t>(j)].only_slot >= 0; });
      std::sort(pool.begin(), pool.end());
      // The list depends only on the group's slot and its pool, which stays the same while
      // jobs move between its days and the left-out ones: built once, kept for later calls.
      CandList& cl = cand_cache_[r0];
      std::vector<Cand>& cands = cl.cands;
      if (cl.pool != pool) {
        cl.pool.clear();
        cands.clear();
        const Route keep = st.r[r0];
        mark_pool(pool, r0);
        build_cands(st, r0, pool, cands, scratch);
        st.r[r0] = keep;
        if (stopped) return improved;
        std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) { return a.cost < b.cost; });
        cl.pool = pool;
      }
      // Pairs of routes of the group; a job is usable when left out or in one of the two.
      std::vector<char> is_free(P.jobs.size(), 0);
      for (int j : st.unassigned) is_free[static_cast<size_t>(j)] = 1;
      std::vector<int> mark(P.jobs.size(), 0);
      int stamp = 0;
      auto usable = [&](const Cand& c) {
        for (int j : c.seq)
          if (!is_free[static_cast<size_t>(j)]) return false;
        return true;
      };
      for (size_t x = 0; x < group.size(); ++x)
        for (size_t y = x + 1; y < group.size(); ++y) {
          if (interrupted()) return improved;
          const size_t r1 = group[x], r2 = group[y];
          for (int j : st.r[r1].seq) is_free[static_cast<size_t>(j)] = 1;
          for (int j : st.r[r2].seq) is_free[static_cast<size_t>(j)] = 1;
          const double now = route_cost(st.r[r1], r1) + route_cost(st.r[r2], r2);
          double best = now - 1e-9 * std::max(1.0, std::abs(now));
          const Cand *ba = nullptr, *bb = nullptr;
          // The lowest usable cost bounds the second route of any pair.
          size_t first = 0;
          while (first < cands.size() && !usable(cands[first])) ++first;
          for (size_t i = first; i < cands.size(); ++i) {
            const Cand& a = cands[i];
            if (first < cands.size() && a.cost + cands[first].cost >= best) break;
            if (!usable(a)) continue;
            ++stamp;
            for (int j : a.seq) mark[static_cast<size_t>(j)] = stamp;
            for (size_t k = first; k < cands.size(); ++k) {
              const Cand& b = cands[k];
              if (a.cost + b.cost >= best) break;
              if (&b == &a || !usable(b)) continue;
              bool overlap = false;
              for (int j : b.seq) overlap = overlap || mark[static_cast<size_t>(j)] == stamp;
              if (overlap) continue;
              best = a.cost + b.cost;
              ba = &a;
              bb = &b;
              break;  // sorted: the first disjoint partner is a's best
            }
          }
          if (ba && check_route(P, static_cast<int>(r1), ba->seq) && check_route(P, static_cast<int>(r2), bb->seq)) {
            std::vector<int> both = st.r[r1].seq;
            both.insert(both.end(), st.r[r2].seq.begin(), st.r[r2].seq.end());
            st.r[r1].seq = ba->seq;
            st.r[r2].seq = bb->seq;
            update(st, r1);
            update(st, r2);
            for (int j : st.unassigned) both.push_back(j);
            settle_pool(st, both);
            // The jobs they left are usable by the next pairs; the ones they took are not.
            for (int j : st.r[r1].seq) is_free[static_cast<size_t>(j)] = 0;
            for (int j : st.r[r2].seq) is_free[static_cast<size_t>(j)] = 0;
            for (int j : st.unassigned) is_free[static_cast<size_t>(j)] = 1;
            improved = true;
          } else {
            for (int j : st.r[r1].seq) is_free[static_cast<size_t>(j)] = 0;
            for (int j : st.r[r2].seq) is_free[static_cast<size_t>(j)] = 0;
          }
        }
    }
    return improved;
  }

  std::vector<char> in_pool_;  // day rebuilds: 1 a job the route may take, 2 taken, 0 neither
  long long rb_work_ = 0;       // places tried by the day rebuilds

  // Every route rebuilt in turn (random order) until none improves (prize-collecting).
  void rebuild_days(State& st) {
    if (!prize_) return;
    std::vector<size_t> order(st.r.size());
    std::iota(order.begin(), order.end(), size_t{0});
    for (int pass = 0; pass < 4; ++pass) {
      std::shuffle(order.begin(), order.end(), rng.g);
      bool any = false;
      for (size_t r : order) {
        if (interrupted()) return;
        any = rebuild_route(st, r) || any;
      }
      any = rebuild_pairs(st) || any;
      if (!any) break;
    }
  }

  // Descent with both neighbourhoods until neither improves (or the budget ends).
  // `capped`: stop once the descent has used a quarter of the recreation's effort (the
  // moves made so far are kept; each one improves).
  void local_search(State& st, bool capped = false) {
    if (!ls_ok_) return;
    for (int guard = 0; guard < 10000 && (!capped || ls_work_ <= rr_work_ / 4); ++guard) {
      // The clock at every pass (a pass can be long on large instances), not every 16th.
      if (interrupted() || (O.seconds > 0 && elapsed() >= O.seconds)) {
        stopped = true;
        break;
      }
      if (!two_opt_star(st) && !or_opt(st)) break;
    }
    recompute_cost(st);
  }

  State anneal(State cur, double from_fraction, double to_fraction = 1.0) {
    State best = cur;
    std::vector<int> removed;
    const double T0 = O.t_start * mean_arc, Tf = O.t_end * mean_arc;
    while (true) {
      const double f = budget_fraction();
      if (stopped || f >= to_fraction) break;
      ++iter;
      const double g = from_fraction < to_fraction ? std::clamp((f - from_fraction) / (to_fraction - from_fraction), 0.0, 1.0) : 1.0;
      const double T = T0 * std::pow(Tf / T0, g);
      const double old_cost = cur.cost;
      begin(cur);
      removed.clear();
      ruin(cur, removed);
      std::vector<int> todo = removed;
      todo.insert(todo.end(), cur.unassigned.begin(), cur.unassigned.end());
      cur.unassigned.clear();
      restrict_old = true;
      recreate(cur, todo, true, false);
      restrict_old = false;
      if (cur.cost < old_cost - T * std::log(std::max(rng.uni(), 1e-300))) {
        if (cur.cost < best.cost - 1e-9) {
          // The descent takes at most about a quarter of the search's effort (places
          // tried), counted, not timed, so that a seed and an iteration budget still
          // give one result: on large instances with frequent new bests it runs less often.
          if (ls_work_ <= rr_work_ / 4) local_search(cur, true);
          // The day rebuilds likewise take at most a quarter of the recreation's effort.
          if (prize_ && rb_work_ <= rr_work_ / 4) rebuild_days(cur);
          best = cur;
        }
      } else {
        rollback(cur);
      }
      report(best);
    }
    return best;
  }

  Solution to_solution(const State& st) const {
    Solution s;
    for (const auto& rt : st.r) s.routes.push_back(rt.seq);
    s.unassigned = st.unassigned;
    std::sort(s.unassigned.begin(), s.unassigned.end());
    evaluate(P, s);
    return s;
  }
};

}  // namespace

// Two must-visit jobs are incompatible when no route of the (common) slot serves both,
// in either order: capacity, windows from the start, return in time, driving limit.
// A set of pairwise incompatible jobs (a clique of that graph) needs one route each.
int fleet_lower_bound(const Problem& P) {
  if (P.slots.empty()) return 0;
  const RouteSlot& s0 = P.slots[0];
  for (const RouteSlot& s : P.slots)
    if (s.start_node != s0.start_node || s.end_node != s0.end_node || s.open_s != s0.open_s ||
        s.close_s != s0.close_s || s.capacity != s0.capacity || s.max_drive_s != s0.max_drive_s || s.break_s > 0)
      return 0;  // not one kind of route: no bound claimed
  std::vector<size_t> must;
  double demand = 0;
  for (size_t i = 0; i < P.jobs.size(); ++i) {
    const Job& jb = P.jobs[i];
    if (jb.penalty < kMustPenalty || jb.only_slot >= 0) continue;
    must.push_back(i);
    demand += jb.demand;
  }
  if (must.empty()) return 0;
  int lb = 1;
  if (s0.capacity < kInf && s0.capacity > 0) lb = std::max(lb, static_cast<int>(std::ceil(demand / s0.capacity - 1e-9)));
  const size_t n = must.size();
  if (n < 2 || n > 3000) return lb;
  std::vector<double> early(n);
  for (size_t i = 0; i < n; ++i) {
    const Job& jb = P.jobs[must[i]];
    early[i] = std::max(jb.open_s, s0.open_s + P.t(s0.start_node, jb.node));
  }
  auto before = [&](size_t i, size_t j) {
    const Job& a = P.jobs[must[i]];
    const Job& b = P.jobs[must[j]];
    if (early[i] > a.close_s + 1e-9) return true;  // a cannot be served at all: no claim on it
    if (a.demand + b.demand > s0.capacity + 1e-9) return false;
    if (P.t(s0.start_node, a.node) + P.t(a.node, b.node) + P.t(b.node, s0.end_node) > s0.max_drive_s + 1e-6) return false;
    const double sb = std::max(b.open_s, early[i] + a.service_s + P.t(a.node, b.node));
    return sb <= b.close_s + 1e-9 && sb + b.service_s + P.t(b.node, s0.end_node) <= s0.close_s + 1e-9;
  };
  const size_t words = (n + 63) / 64;
  std::vector<std::uint64_t> adjm(n * words, 0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j)
      if (!before(i, j) && !before(j, i)) {
        adjm[i * words + j / 64] |= 1ULL << (j % 64);
        adjm[j * words + i / 64] |= 1ULL << (i % 64);
      }
  // Maximum clique by branch and bound (greedy colouring bound, Tomita & Seki), with a
  // node budget: when it runs out, the largest clique found so far is still a bound.
  int best = 1;
  long nodes = 0;
  constexpr long kNodeBudget = 200000;
  std::vector<int> order;
  std::vector<int> colour;
  auto count = [&](const std::vector<std::uint64_t>& set) {
    int c = 0;
    for (std::uint64_t w : set) c += __builtin_popcountll(w);
    return c;
  };
  std::function<void(std::vector<std::uint64_t>&, int)> expand = [&](std::vector<std::uint64_t>& cand, int size) {
    if (++nodes > kNodeBudget) return;
    // Greedy colouring of the candidates: a clique takes at most one vertex per colour.
    std::vector<int> verts, cols;
    std::vector<std::uint64_t> left = cand;
    int c = 0;
    while (count(left) > 0) {
      ++c;
      std::vector<std::uint64_t> q = left;
      for (size_t w = 0; w < words; ++w)
        while (q[w]) {
          const size_t v = w * 64 + static_cast<size_t>(__builtin_ctzll(q[w]));
          q[w] &= q[w] - 1;
          left[v / 64] &= ~(1ULL << (v % 64));
          for (size_t x = 0; x < words; ++x) q[x] &= ~adjm[v * words + x];
          verts.push_back(static_cast<int>(v));
          cols.push_back(c);
        }
    }
    for (size_t k = verts.size(); k-- > 0;) {
      if (size + cols[k] <= best || nodes > kNodeBudget) return;
      const size_t v = static_cast<size_t>(verts[k]);
      std::vector<std::uint64_t> next(words);
      for (size_t x = 0; x < words; ++x) next[x] = cand[x] & adjm[v * words + x];
      if (count(next) == 0) best = std::max(best, size + 1);
      else expand(next, size + 1);
      cand[v / 64] &= ~(1ULL << (v % 64));
    }
  };
  std::vector<std::uint64_t> all(words, 0);
  for (size_t i = 0; i < n; ++i) all[i / 64] |= 1ULL << (i % 64);
  expand(all, 0);
  return std::max(lb, best);
}

namespace {

bool is_plain_tsp(const Problem& p) {
  if (p.slots.size() != 1 || p.jobs.size() < 4) return false;
  const RouteSlot& s = p.slots[0];
  if (s.start_node != s.end_node || s.break_s > 0 || s.max_drive_s < kInf || s.close_s < kInf) return false;
  double demand = 0;
  for (const Job& j : p.jobs) {
    demand += j.demand;
    if (j.open_s > s.open_s || j.close_s < kInf || j.penalty < kMustPenalty || j.node == s.start_node) return false;
  }
  return demand <= s.capacity;
}

// One search (one seed), on the calling thread.
Solution run_engine(const Problem& p, const SolveOptions& opt, const Solution* initial, Clock::time_point t0,
                    const Tables* tables = nullptr) {
  Engine e(p, opt, t0, tables);
  State st = e.initial(initial);
  e.rebuild_days(st);  // prize-collecting plans: each day rebuilt from its best seed
  e.report(st, true);  // the first plan, as soon as it is built
  if (opt.minimize_vehicles) st = e.eliminate_routes(std::move(st), opt.fleet_share);
  const double f = e.budget_fraction();
  if (opt.minimize_vehicles && f < 0.5 * opt.fleet_share && !e.stopped) {
    // The fleet reached its lower bound early: spend the budget on independent annealing
    // runs (a single run can stall in a deep basin, e.g. C201). A restart whose fresh
    // construction cannot be squeezed to the same fleet anneals from the best solution
    // instead, so that no time is left unused.
    constexpr int kRuns = 3;
    State best = st;
    for (int k = 0; k < kRuns && !e.stopped; ++k) {
      const double from = f + (1 - f) * k / kRuns, to = f + (1 - f) * (k + 1) / kRuns;
      State start = st;
      if (k > 0) {
        State fresh = e.random_start();
        fresh = e.eliminate_routes(std::move(fresh), from + 0.3 * (to - from));
        start = (fresh.vehicles > st.vehicles || !fresh.unassigned.empty()) ? best : std::move(fresh);
      }
      State r = e.anneal(std::move(start), std::max(from, e.budget_fraction()), to);
      if (r.cost < best.cost - 1e-9) best = std::move(r);
    }
    st = std::move(best);
  } else if (!e.stopped) {
    st = e.anneal(std::move(st), f);
  }
  return e.to_solution(st);
}

}  // namespace

Solution improve_routes(const Problem& p, const Solution& s) {
  p.validate();
  SolveOptions o;
  o.max_iterations = 0;
  const Tables tables = make_tables(p);
  Engine e(p, o, Clock::now(), &tables);
  if (s.routes.size() != p.slots.size())
    throw Error(ErrorKind::Usage, "solution de " + std::to_string(s.routes.size()) + " tournée(s) pour " +
                std::to_string(p.slots.size()) + " créneau(x)", "amélioration des tournées", "une tournée par créneau, vide au besoin");
  std::vector<char> seen(p.jobs.size(), 0);
  State st;
  st.r.resize(p.slots.size());
  for (size_t r = 0; r < s.routes.size(); ++r) {
    for (int j : s.routes[r]) {
      if (j < 0 || static_cast<size_t>(j) >= p.jobs.size() || seen[static_cast<size_t>(j)])
        throw Error(ErrorKind::Usage, "arrêt " + std::to_string(j) + " inconnu ou visité deux fois", "amélioration des tournées",
                    "chaque arrêt au plus une fois");
      seen[static_cast<size_t>(j)] = 1;
    }
    st.r[r].seq = s.routes[r];
    e.update(st, r);
  }
  st.unassigned = s.unassigned;
  e.recompute_cost(st);
  e.local_search(st);
  return e.to_solution(st);
}

Solution solve(const Problem& p, const SolveOptions& opt, const Solution* initial) {
  const auto t0 = Clock::now();
  p.validate();
  if (p.jobs.empty()) {
    Solution s;
    s.routes.assign(p.slots.size(), {});
    return s;
  }
  if (is_plain_tsp(p) && !initial) {
    std::vector<int> nodes{p.slots[0].start_node};
    for (const Job& j : p.jobs) nodes.push_back(j.node);
    TspResult tr = tsp_ils(p, nodes, opt);
    Solution s;
    s.routes.assign(1, {});
    // tr.order is a permutation of `nodes` positions starting with 0 (the start).
    for (size_t k = 1; k < tr.order.size(); ++k) s.routes[0].push_back(tr.order[k] - 1);
    evaluate(p, s);
    return s;
  }
  int threads = opt.threads;
  if (threads <= 0) threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));
  const Tables tables = make_tables(p);  // shared by the searches
  if (threads == 1) return run_engine(p, opt, initial, t0, &tables);

  // Parallel independent searches; progress merged (best so far over all, the slowest fraction).
  std::mutex m;
  std::vector<Progress> last(static_cast<size_t>(threads));
  std::vector<char> seen(static_cast<size_t>(threads), 0);
  std::vector<SolveOptions> opts(static_cast<size_t>(threads), opt);
  for (int k = 0; k < threads; ++k) {
    SolveOptions& o = opts[static_cast<size_t>(k)];
    o.seed = opt.seed + 1000003ULL * static_cast<std::uint64_t>(k);
    if (opt.on_progress)
      o.on_progress = [&, k](const Progress& pr) {
        std::lock_guard<std::mutex> l(m);
        last[static_cast<size_t>(k)] = pr;
        seen[static_cast<size_t>(k)] = 1;
        Progress out = pr;
        for (int i = 0; i < threads; ++i) {
          const Progress& q = last[static_cast<size_t>(i)];
          if (!seen[static_cast<size_t>(i)]) {
            out.fraction = 0;
            continue;
          }
          out.fraction = std::min(out.fraction, q.fraction);
          out.iteration = std::min(out.iteration, q.iteration);
          if (q.best_cost < out.best_cost) {
            out.best_cost = q.best_cost;
            out.best_distance = q.best_distance;
            out.best_vehicles = q.best_vehicles;
            out.best_unassigned = q.best_unassigned;
          }
        }
        opt.on_progress(out);
      };
  }
  std::vector<Solution> res(static_cast<size_t>(threads));
  std::vector<std::exception_ptr> err(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  for (int k = 1; k < threads; ++k)
    pool.emplace_back([&, k] {
      try {
        res[static_cast<size_t>(k)] = run_engine(p, opts[static_cast<size_t>(k)], initial, t0, &tables);
      } catch (...) {
        err[static_cast<size_t>(k)] = std::current_exception();
      }
    });
  try {
    res[0] = run_engine(p, opts[0], initial, t0, &tables);
  } catch (...) {
    err[0] = std::current_exception();
  }
  for (auto& th : pool) th.join();
  for (auto& e : err)
    if (e) std::rethrow_exception(e);
  size_t best = 0;
  for (size_t k = 1; k < res.size(); ++k)
    if (res[k].cost < res[best].cost - 1e-9) best = k;
  return std::move(res[best]);
}

}  // namespace maraude::routing
