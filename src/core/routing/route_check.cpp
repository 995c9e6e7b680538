// Feasibility of one route and solution evaluation: the single source of truth the
// search's fast incremental checks must agree with.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/routing/break_check.h"
#include "core/routing/problem.h"

namespace maraude::routing {

void Problem::validate() const {
  const size_t nn = static_cast<size_t>(n_nodes) * static_cast<size_t>(n_nodes);
  const bool coords = dist.empty() && time.empty() && x.size() == static_cast<size_t>(std::max(0, n_nodes)) &&
                      y.size() == x.size();
  if (n_nodes <= 0 || (!coords && (dist.size() != nn || time.size() != nn)))
    throw Error(ErrorKind::Usage, "les matrices de coûts ne correspondent pas au nombre de lieux (" + std::to_string(n_nodes) + ")",
                "problème de tournées", "donnez des matrices de distances et de temps n×n, ligne par ligne");
  if (slots.empty())
    throw Error(ErrorKind::Usage, "aucun véhicule / aucune journée disponible", "problème de tournées",
                "ajoutez au moins un véhicule avec au moins un jour travaillé");
  for (size_t j = 0; j < jobs.size(); ++j) {
    const Job& jb = jobs[j];
    if (jb.node < 0 || jb.node >= n_nodes)
      throw Error(ErrorKind::Usage, "l’arrêt n° " + std::to_string(j) + " désigne le lieu " + std::to_string(jb.node) +
                                        ", hors de la matrice de coûts", "problème de tournées");
    if (jb.only_slot >= static_cast<int>(slots.size()))
      throw Error(ErrorKind::Usage, "l’arrêt n° " + std::to_string(j) + " est épinglé à une tournée qui n’existe pas",
                  "problème de tournées");
  }
  for (const RouteSlot& s : slots)
    if (s.start_node < 0 || s.start_node >= n_nodes || s.end_node < 0 || s.end_node >= n_nodes)
      throw Error(ErrorKind::Usage, "la base d’un véhicule est hors de la matrice de coûts", "problème de tournées");
}

namespace {

// Feasibility only, with a break (what the search asks for each insertion it considers):
// the same simulation as below, step for step (break_check.h).
bool fits_with_break(const Problem& p, const RouteSlot& s, const std::vector<int>& seq) {
  const size_t L = seq.size();
  thread_local std::vector<double> pre;
  auto node = [&](size_t k) { return p.jobs[static_cast<size_t>(seq[k])].node; };
  return break_fits(
      p, s, L, [&](size_t k) { return seq[k]; },
      [&](size_t k) { return p.t(k == 0 ? s.start_node : node(k - 1), k < L ? node(k) : s.end_node); }, pre);
}

}  // namespace

bool check_route(const Problem& p, int slot_index, const std::vector<int>& seq, RouteSchedule* out) {
  const RouteSlot& s = p.slots[static_cast<size_t>(slot_index)];
  const size_t L = seq.size();
  if (L == 0) {
    if (out) *out = RouteSchedule{};
    return true;
  }
  double load = 0, drive = 0, distance = 0;
  int prev = s.start_node;
  for (int j : seq) {
    const Job& jb = p.jobs[static_cast<size_t>(j)];
    if (jb.only_slot >= 0 && jb.only_slot != slot_index) return false;
    load += jb.demand;
    drive += p.t(prev, jb.node);
    distance += p.d(prev, jb.node);
    prev = jb.node;
  }
  drive += p.t(prev, s.end_node);
  distance += p.d(prev, s.end_node);
  if (load > s.capacity + 1e-9 || drive > s.max_drive_s + 1e-6) return false;

  // Forward simulation with the break taken before leg `b` (b = L + 1: after return).
  const bool has_break = s.break_s > 0;
  if (!out && has_break) return fits_with_break(p, s, seq);
  const size_t nb = has_break ? L + 2 : 1;
  RouteSchedule best;
  bool found = false;
  std::vector<VisitTimes> visits(out ? L : 0);  // feasibility only: no schedule kept
  for (size_t b = 0; b < nb; ++b) {
    double t = s.open_s;
    double break_start = -1;
    bool ok = true;
    int from = s.start_node;
    for (size_t k = 0; k <= L && ok; ++k) {
      if (has_break && b == k) {
        const double bs = std::max(t, s.break_open_s);
        if (bs + s.break_s > s.break_close_s + 1e-9) { ok = false; break; }
        break_start = bs;
        t = bs + s.break_s;
      }
      const int to = k < L ? p.jobs[static_cast<size_t>(seq[k])].node : s.end_node;
      t += p.t(from, to);
      if (k < L) {
        const Job& jb = p.jobs[static_cast<size_t>(seq[k])];
        const double st = std::max(t, jb.open_s);
        if (st > jb.close_s + 1e-9) { ok = false; break; }
        if (out) visits[k] = {t, st, st + jb.service_s};
        t = st + jb.service_s;
      }
      from = to;
    }
    if (!ok) continue;
    if (t > s.close_s + 1e-9) continue;
    if (has_break && b == L + 1) {
      const double bs = std::max(t, s.break_open_s);
      if (bs + s.break_s > s.break_close_s + 1e-9) continue;
      break_start = bs;
    }
    if (!found || t < best.return_s) {
      found = true;
      best.visits = visits;
      best.return_s = t;
      best.break_before = has_break ? static_cast<int>(b) : -1;
      best.break_start_s = break_start;
    }
    if (!out) break;  // feasibility only
  }
  if (!found) return false;
  if (out) {
    best.depart_s = s.open_s;
    best.distance = distance;
    best.drive_s = drive;
    best.load = load;
    // Leave as late as possible without changing the first visit's start (nicer schedules).
    if (best.break_before != 0 && !best.visits.empty()) {
      const Job& j0 = p.jobs[static_cast<size_t>(seq[0])];
      const double slack = best.visits[0].start_s - best.visits[0].arrival_s;
      if (slack > 0 && j0.open_s > s.open_s) {
        best.depart_s += slack;
        best.visits[0].arrival_s += slack;
      }
    }
    *out = std::move(best);
  }
  return true;
}

void evaluate(const Problem& p, Solution& s) {
  s.distance = 0;
  s.vehicles = 0;
  double fixed = 0;
  for (size_t r = 0; r < s.routes.size(); ++r) {
    const auto& seq = s.routes[r];
    if (seq.empty()) continue;
    const RouteSlot& sl = p.slots[r];
    ++s.vehicles;
    fixed += sl.fixed_cost;
    int prev = sl.start_node;
    for (int j : seq) {
      s.distance += p.d(prev, p.jobs[static_cast<size_t>(j)].node);
      prev = p.jobs[static_cast<size_t>(j)].node;
    }
    s.distance += p.d(prev, sl.end_node);
  }
  double pen = 0;
  for (int j : s.unassigned) pen += p.jobs[static_cast<size_t>(j)].penalty;
  s.cost = s.distance + fixed + pen;
}

bool best_insertion(const Problem& p, const Solution& s, int job, int& slot, int& pos, double& delta) {
  bool found = false;
  const Job& jb = p.jobs[static_cast<size_t>(job)];
  std::vector<int> cand;
  for (size_t r = 0; r < p.slots.size(); ++r) {
    if (jb.only_slot >= 0 && jb.only_slot != static_cast<int>(r)) continue;
    const auto& seq = r < s.routes.size() ? s.routes[r] : std::vector<int>{};
    const RouteSlot& sl = p.slots[r];
    for (size_t k = 0; k <= seq.size(); ++k) {
      const int a = k == 0 ? sl.start_node : p.jobs[static_cast<size_t>(seq[k - 1])].node;
      const int b = k == seq.size() ? sl.end_node : p.jobs[static_cast<size_t>(seq[k])].node;
      double dd = p.d(a, jb.node) + p.d(jb.node, b) - (seq.empty() ? 0.0 : p.d(a, b));
      if (seq.empty()) dd += sl.fixed_cost;
      if (found && dd >= delta) continue;
      cand = seq;
      cand.insert(cand.begin() + static_cast<long>(k), job);
      if (!check_route(p, static_cast<int>(r), cand)) continue;
      found = true;
      slot = static_cast<int>(r);
      pos = static_cast<int>(k);
      delta = dd;
    }
  }
  return found;
}

}  // namespace maraude::routing
