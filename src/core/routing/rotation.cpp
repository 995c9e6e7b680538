#include "core/routing/rotation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "core/error.h"
#include "core/text.h"

namespace maraude::routing {

int WeekPattern::slots_per_week() const {
  int n = 0;
  for (const auto& d : days) n += static_cast<int>(d.size());
  return n;
}

WeekPattern default_week_pattern() {
  WeekPattern p;
  for (int d = 0; d < 5; ++d) p.days[static_cast<size_t>(d)] = {{9.5 * 3600, 12.5 * 3600}, {13.5 * 3600, 16 * 3600}};
  return p;
}

int parse_frequency_weeks(const std::string& raw) {
  std::string s;
  for (char c : fold(trim(raw)))
    if (c != ' ' && c != '-' && c != '_') s += c;
  if (s == "weekly" || s == "1w" || s == "1" || s == "hebdomadaire" || s == "hebdo" || s == "chaquesemaine") return 1;
  if (s == "biweekly" || s == "2w" || s == "2" || s == "bimensuel" || s == "1semainesur2" || s == "unesemainesurdeux" ||
      s == "quinzaine")
    return 2;
  if (s == "4weekly" || s == "4w" || s == "4" || s == "mensuel" || s == "1semainesur4" || s == "unesemainesurquatre" ||
      s == "monthly")
    return 4;
  return 0;
}

std::string frequency_label_fr(int p) {
  switch (p) {
    case 1: return "chaque semaine";
    case 2: return "une semaine sur deux";
    case 4: return "une semaine sur quatre";
  }
  return "toutes les " + std::to_string(p) + " semaines";
}

std::string frequency_id(int p) {
  switch (p) {
    case 1: return "weekly";
    case 2: return "biweekly";
    case 4: return "4weekly";
  }
  return std::to_string(p) + "w";
}

void check_cycle_frequency(int cycle, int period, const std::string& where) {
  if (cycle != 1 && cycle != 2 && cycle != 4)
    throw Error(ErrorKind::Usage, "cycle de " + std::to_string(cycle) + " semaines : 1, 2 ou 4 semaines seulement", where,
                "--cycle 1w, 2w ou 4w");
  if (period != 0 && period != 1 && period != 2 && period != 4)
    throw Error(ErrorKind::Usage, "fréquence de " + std::to_string(period) + " semaines inconnue", where,
                "weekly (chaque semaine), biweekly (une semaine sur deux) ou 4weekly (une semaine sur quatre)");
  if (period > cycle)
    throw Error(ErrorKind::Usage,
                "un passage " + frequency_label_fr(period) + " ne tient pas dans un cycle de " + std::to_string(cycle) +
                    (cycle > 1 ? " semaines" : " semaine") + " : le cycle doit durer au moins " + std::to_string(period) +
                    " semaines",
                where, "allongez le cycle (--cycle " + std::to_string(period) + "w) ou choisissez une fréquence plus élevée");
}

namespace {

std::string hhmm(double s) {
  const long m = std::lround(s / 60.0);
  char b[48];
  std::snprintf(b, sizeof b, "%02ld:%02ld", m / 60, m % 60);
  return b;
}

struct Option {
  int team = 0, w0 = 0, day = 0, half = 0;
};

class Rotator {
 public:
  Rotator(const RotationInput& rin, const SolveOptions& opt) : R(rin), O(opt), in(rin.in), C(rin.cycle_weeks), rng(opt.seed) {}

  Plan run(RotationPlan& rot);

 private:
  const RotationInput& R;
  const SolveOptions& O;
  const PlanInput& in;
  int C;
  std::mt19937_64 rng;
  Problem p;
  int T = 0, H = 0, K = 0;            // teams, most halves in a day, slot kinds
  std::vector<HalfDay> kinds;
  std::array<std::vector<int>, 7> kind_of;  // weekday → half → kind
  std::vector<int> route_of;          // (t, w, d) → engine slot, -1 when not worked
  std::vector<int> occ;               // cell (t, w, d, h) → stop, -1 free
  std::vector<double> rdist;          // per engine slot: distance of its route
  std::vector<int> assign;            // stop → option index in opts[stop], -1
  std::vector<std::vector<Option>> opts;  // per stop: the options whose slot fits its window
  std::vector<double> wval;           // weighted value
  std::vector<int> period;
  std::vector<char> fits;             // can be served alone somewhere

  int ridx(int t, int w, int d) const { return route_of[static_cast<size_t>((t * C + w) * 7 + d)]; }
  size_t cidx(int t, int w, int d, int h) const { return static_cast<size_t>(((t * C + w) * 7 + d) * H + h); }
  int job(int stop, int d, int h) const { return stop * K + kind_of[static_cast<size_t>(d)][static_cast<size_t>(h)]; }

  // The route of (t, w, d) as engine jobs, with `extra` in half `eh` (-1: none) and half `skip` emptied.
  std::vector<int> seq_of(int t, int w, int d, int extra = -1, int eh = -1) const {
    std::vector<int> seq;
    const int nh = static_cast<int>(R.pattern.days[static_cast<size_t>(d)].size());
    for (int h = 0; h < nh; ++h) {
      const int s = h == eh ? extra : occ[cidx(t, w, d, h)];
      if (s >= 0) seq.push_back(job(s, d, h));
    }
    return seq;
  }
  double route_distance(int r, const std::vector<int>& seq, bool& ok) const {
    RouteSchedule sch;
    ok = check_route(p, r, seq, &sch);
    return ok ? sch.distance : 0;
  }
  // Cost of putting stop j at option o (all its weeks free); false when infeasible.
  bool try_option(int j, const Option& o, double& delta) const {
    delta = 0;
    for (int w = o.w0; w < C; w += period[static_cast<size_t>(j)]) {
      const int r = ridx(o.team, w, o.day);
      if (r < 0 || occ[cidx(o.team, w, o.day, o.half)] >= 0) return false;
    }
    for (int w = o.w0; w < C; w += period[static_cast<size_t>(j)]) {
      const int r = ridx(o.team, w, o.day);
      bool ok = false;
      const double d = route_distance(r, seq_of(o.team, w, o.day, j, o.half), ok);
      if (!ok) return false;
      delta += d - rdist[static_cast<size_t>(r)];
    }
    return true;
  }
  void set(int j, int oi) {
    const Option& o = opts[static_cast<size_t>(j)][static_cast<size_t>(oi)];
    assign[static_cast<size_t>(j)] = oi;
    for (int w = o.w0; w < C; w += period[static_cast<size_t>(j)]) {
      occ[cidx(o.team, w, o.day, o.half)] = j;
      refresh(o.team, w, o.day);
    }
  }
  void unset(int j) {
    const int oi = assign[static_cast<size_t>(j)];
    if (oi < 0) return;
    const Option& o = opts[static_cast<size_t>(j)][static_cast<size_t>(oi)];
    assign[static_cast<size_t>(j)] = -1;
    for (int w = o.w0; w < C; w += period[static_cast<size_t>(j)]) {
      occ[cidx(o.team, w, o.day, o.half)] = -1;
      refresh(o.team, w, o.day);
    }
  }
  void refresh(int t, int w, int d) {
    const int r = ridx(t, w, d);
    bool ok = false;
    rdist[static_cast<size_t>(r)] = route_distance(r, seq_of(t, w, d), ok);
  }
  // Best option of stop j among the free cells; -1 when none.
  int best_option(int j, double& best_delta) const {
    int best = -1;
    best_delta = kInf;
    const auto& os = opts[static_cast<size_t>(j)];
    for (size_t k = 0; k < os.size(); ++k) {
      double dl;
      if (try_option(j, os[k], dl) && dl < best_delta) {
        best_delta = dl;
        best = static_cast<int>(k);
      }
    }
    return best;
  }
  struct Score {
    int must = 0;
    double value = 0, dist = 0;
  };
  Score score() const {
    Score s;
    for (size_t j = 0; j < assign.size(); ++j)
      if (assign[j] >= 0) {
        s.value += wval[j];
        if (in.stops[j].must_visit) ++s.must;
      }
    for (double d : rdist) s.dist += d;
    return s;
  }
  static bool better(const Score& a, const Score& b, double threshold) {
    if (a.must != b.must) return a.must > b.must;
    if (std::abs(a.value - b.value) > 1e-9) return a.value > b.value;
    return a.dist <= b.dist + threshold;
  }
  // Greedy fill: candidates in order, each at its cheapest free option.
  void recreate(const std::vector<int>& order, size_t limit) {
    size_t tried = 0;
    for (int j : order) {
      if (assign[static_cast<size_t>(j)] >= 0 || !fits[static_cast<size_t>(j)]) continue;
      if (++tried > limit) break;
      double dl;
      const int oi = best_option(j, dl);
      if (oi >= 0) set(j, oi);
    }
  }
  void explain_unfit(int j, LeftOut& lo) const;
  double force_loss(int j) const;
};

void Rotator::explain_unfit(int j, LeftOut& lo) const {
  const Stop& st = in.stops[static_cast<size_t>(j)];
  lo.stop = j;
  const Team& tm = in.teams.front();
  const double go = p.t(tm.base, st.place), back = p.t(st.place, tm.base);
  if (opts[static_cast<size_t>(j)].empty()) {
    lo.reason = LeftOutReason::TimeWindowUnreachable;
    lo.label = "aucun créneau dans sa fenêtre";
    lo.explanation = "Sa fenêtre d'arrivée " + hhmm(st.open_s) + "–" + (std::isfinite(st.close_s) ? hhmm(st.close_s) : "--:--") +
                     " ne contient le début d'aucun créneau du cycle (ou sa fréquence n'y trouve pas de jour travaillé).";
    return;
  }
  if (go + back > tm.max_drive_s) {
    lo.reason = LeftOutReason::DrivingLimit;
    lo.label = reason_label_fr(lo.reason);
    lo.explanation = "L'aller-retour depuis la base (" + format_fr((go + back) / 60, 0) +
                     " min) dépasse la limite de conduite quotidienne (" + format_fr(tm.max_drive_s / 60, 0) + " min).";
    return;
  }
  lo.reason = LeftOutReason::TimeWindowUnreachable;
  lo.label = "trop loin de la base pour tenir un créneau";
  lo.explanation = "À " + format_fr(go / 60, 0) + " min de la base (retour " + format_fr(back / 60, 0) +
                   " min) : partie au plus tôt à " + hhmm(tm.day_start_s) + " et rentrée avant " + hhmm(tm.day_end_s) +
                   ", l'équipe ne peut pas y tenir un créneau entier. Essayez une base plus proche ou élargissez --start/--end.";
}

// Least weighted value to remove from the cells of one option so that j fits there.
double Rotator::force_loss(int j) const {
  double best = kInf;
  Rotator& self = const_cast<Rotator&>(*this);
  for (const Option& o : opts[static_cast<size_t>(j)]) {
    std::vector<int> removed;
    bool any_off = false, must = false;
    for (int w = o.w0; w < C; w += period[static_cast<size_t>(j)]) {
      if (ridx(o.team, w, o.day) < 0) any_off = true;
      else if (const int s = occ[cidx(o.team, w, o.day, o.half)]; s >= 0) {
        if (std::find(removed.begin(), removed.end(), s) == removed.end()) removed.push_back(s);
        if (in.stops[static_cast<size_t>(s)].must_visit) must = true;
      }
    }
    if (any_off || must) continue;
    double loss = 0;
    for (int s : removed) loss += wval[static_cast<size_t>(s)];
    if (loss >= best) continue;
    std::vector<int> saved;
    for (int s : removed) {
      saved.push_back(assign[static_cast<size_t>(s)]);
      self.unset(s);
    }
    double dl;
    if (try_option(j, o, dl)) best = loss;
    for (size_t k = 0; k < removed.size(); ++k) self.set(removed[k], saved[k]);
  }
  return best;
}

Plan Rotator::run(RotationPlan& rot) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  if (in.teams.empty()) throw Error(ErrorKind::Usage, "aucune équipe", "planification", "déclarez au moins une équipe");
  check_cycle_frequency(C, 0, "--cycle");
  const size_t n = static_cast<size_t>(std::max(0, in.n_places));
  if (in.n_places <= 0 || in.dist_m.size() != n * n || in.time_s.size() != n * n)
    throw Error(ErrorKind::Usage, "matrices de distances/temps incohérentes", "planification", "construisez-les avec build_costs()");
  if (R.pattern.slots_per_week() == 0)
    throw Error(ErrorKind::Usage, "aucun créneau dans la semaine type", "--slots", "par exemple --slots \"lun-ven 09:30-12:30,13:30-16:00\"");
  T = static_cast<int>(in.teams.size());
  // Slot kinds (distinct hours) and halves.
  for (int d = 0; d < 7; ++d) {
    const auto& hs = R.pattern.days[static_cast<size_t>(d)];
    H = std::max(H, static_cast<int>(hs.size()));
    for (const HalfDay& h : hs) {
      if (!(h.end_s > h.start_s) || h.start_s < 0 || h.end_s > 24 * 3600)
        throw Error(ErrorKind::Usage, "créneau vide ou hors de la journée (" + hhmm(h.start_s) + "-" + hhmm(h.end_s) + ")", "--slots");
      int k = -1;
      for (size_t u = 0; u < kinds.size(); ++u)
        if (kinds[u].start_s == h.start_s && kinds[u].end_s == h.end_s) k = static_cast<int>(u);
      if (k < 0) {
        k = static_cast<int>(kinds.size());
        kinds.push_back(h);
      }
      kind_of[static_cast<size_t>(d)].push_back(k);
    }
  }
  K = static_cast<int>(kinds.size());
  // Engine problem: one route per worked (team, cycle day), one job per (stop, slot kind).
  p.n_nodes = in.n_places;
  p.dist = in.dist_m;
  p.time = in.time_s;
  route_of.assign(static_cast<size_t>(T * C * 7), -1);
  for (int t = 0; t < T; ++t) {
    const Team& tm = in.teams[static_cast<size_t>(t)];
    if (tm.base < 0 || tm.base >= in.n_places) throw Error(ErrorKind::Usage, "base hors des lieux connus", "équipe " + tm.name);
    for (int d : tm.days_off)
      if (d < 0 || d >= 7 * C)
        throw Error(ErrorKind::Usage, "jour de repos « " + std::to_string(d + 1) + " » hors du cycle 1.." + std::to_string(7 * C),
                    "--days-off", "numéros de jour du cycle, 1 = lundi de la première semaine");
    for (int w = 0; w < C; ++w)
      for (int d = 0; d < 7; ++d) {
        if (!R.pattern.works(d)) continue;
        if (std::find(tm.days_off.begin(), tm.days_off.end(), 7 * w + d) != tm.days_off.end()) continue;
        RouteSlot s = team_day_slot(tm, t, 7 * w + d);
        s.group = -1;  // the rotation's routes are not grouped per team (as before)
        route_of[static_cast<size_t>((t * C + w) * 7 + d)] = static_cast<int>(p.slots.size());
        p.slots.push_back(s);
        rot.cells += static_cast<int>(R.pattern.days[static_cast<size_t>(d)].size());
      }
  }
  if (p.slots.empty())
    throw Error(ErrorKind::Usage, "aucun jour travaillé dans le cycle", "--days-off/--slots", "retirez des jours de repos");
  const size_t S = in.stops.size();
  for (size_t j = 0; j < S; ++j) {
    const Stop& st = in.stops[j];
    if (st.place < 0 || st.place >= in.n_places) throw Error(ErrorKind::Usage, "lieu inconnu", "arrêt " + st.id);
    check_cycle_frequency(C, st.period_weeks, st.id.empty() ? "--frequency" : "arrêt « " + st.id + " »");
    for (const HalfDay& h : kinds) {
      Job jb;
      jb.node = st.place;
      jb.open_s = jb.close_s = h.start_s;
      jb.service_s = h.end_s - h.start_s;
      p.jobs.push_back(jb);
    }
  }
  occ.assign(static_cast<size_t>(T * C * 7 * std::max(H, 1)), -1);
  rdist.assign(p.slots.size(), 0);
  assign.assign(S, -1);
  opts.assign(S, {});
  wval.assign(S, 0);
  period.assign(S, C);
  fits.assign(S, 0);
  for (size_t j = 0; j < S; ++j) {
    const Stop& st = in.stops[j];
    const int P = stop_period(st, C);
    period[j] = P;
    wval[j] = st.value / P;
    for (int t = 0; t < T; ++t)
      for (int w0 = 0; w0 < P; ++w0)
        for (int d = 0; d < 7; ++d)
          for (int h = 0; h < static_cast<int>(R.pattern.days[static_cast<size_t>(d)].size()); ++h) {
            const double s0 = R.pattern.days[static_cast<size_t>(d)][static_cast<size_t>(h)].start_s;
            if (s0 < st.open_s - 1e-9 || s0 > st.close_s + 1e-9) continue;
            bool all = true;
            for (int w = w0; w < C && all; w += P) all = ridx(t, w, d) >= 0;
            if (all) opts[j].push_back({t, w0, d, h});
          }
    double dl;
    fits[j] = best_option(static_cast<int>(j), dl) >= 0;  // the plan is empty: alone
  }
  // Must-visit stops first (fewest options first), then by weighted value.
  std::vector<int> order(S);
  for (size_t j = 0; j < S; ++j) order[j] = static_cast<int>(j);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const Stop &sa = in.stops[static_cast<size_t>(a)], &sb = in.stops[static_cast<size_t>(b)];
    if (sa.must_visit != sb.must_visit) return sa.must_visit;
    if (sa.must_visit) return opts[static_cast<size_t>(a)].size() < opts[static_cast<size_t>(b)].size();
    return wval[static_cast<size_t>(a)] > wval[static_cast<size_t>(b)];
  });
  std::vector<std::string> must_unfit;
  int must_demand = 0;
  for (size_t j = 0; j < S; ++j)
    if (in.stops[j].must_visit) {
      must_demand += C / period[j];
      if (!fits[j]) must_unfit.push_back("« " + in.stops[j].id + " »");
    }
  if (!must_unfit.empty())
    throw Error(ErrorKind::Infeasible,
                "arrêt(s) obligatoire(s) qu'aucun créneau ne peut tenir, même seuls dans leur journée : " + join(must_unfit, ", "),
                "--stops", "une base plus proche, des créneaux plus espacés ou une journée plus longue (--start/--end)");
  recreate(order, S);
  {
    std::vector<std::string> missing;
    for (int j : order)
      if (in.stops[static_cast<size_t>(j)].must_visit && assign[static_cast<size_t>(j)] < 0)
        missing.push_back("« " + in.stops[static_cast<size_t>(j)].id + " »");
    if (!missing.empty())
      throw Error(ErrorKind::Infeasible,
                  std::to_string(must_demand) + " passages obligatoires par cycle pour " + std::to_string(rot.cells) +
                      (rot.cells > 1 ? " créneaux" : " créneau") + " ; ne trouvent pas de place : " + join(missing, ", "),
                  "--stops", "allongez le cycle, ajoutez une équipe ou des créneaux (--slots), ou retirez des obligations");
  }
  // Ruin and recreate.
  std::vector<int> best_assign = assign;
  Score cur = score(), best = cur;
  std::vector<int> pool;  // candidates worth trying: fit alone
  for (int j : order)
    if (fits[static_cast<size_t>(j)]) pool.push_back(j);
  std::uniform_real_distribution<double> uni(0, 1);
  const long max_it = O.max_iterations > 0 ? O.max_iterations : (O.seconds > 0 || O.stop ? -1 : 1);
  double mean_leg = 0;
  for (double d : in.dist_m) mean_leg += d;
  mean_leg /= std::max<size_t>(1, in.dist_m.size());
  const double t_start = 0.05 * mean_leg;
  long it = 0;
  std::vector<int> assigned, cand;
  for (; max_it < 0 || it < max_it; ++it) {
    if (O.stop && O.stop->load()) break;
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    if (O.seconds > 0 && elapsed > O.seconds) break;
    double frac = max_it > 0 ? static_cast<double>(it) / static_cast<double>(max_it) : 0;
    if (O.seconds > 0) frac = std::max(frac, elapsed / O.seconds);
    if (O.on_progress && O.progress_every > 0 && it % O.progress_every == 0) {
      Progress pr;
      pr.iteration = it;
      pr.best_distance = best.dist;
      pr.fraction = std::min(1.0, frac);
      pr.elapsed_s = elapsed;
      O.on_progress(pr);
    }
    assigned.clear();
    for (size_t j = 0; j < S; ++j)
      if (assign[j] >= 0) assigned.push_back(static_cast<int>(j));
    if (assigned.empty()) break;
    const std::vector<int> saved = assign;
    // Ruin: a few random stops, or a whole day with a neighbour.
    std::vector<int> removed;
    if (uni(rng) < 0.5) {
      const int k = 1 + static_cast<int>(rng() % 3);
      for (int i = 0; i < k; ++i) {
        const int j = assigned[rng() % assigned.size()];
        if (assign[static_cast<size_t>(j)] >= 0) {
          unset(j);
          removed.push_back(j);
        }
      }
    } else {
      const int j0 = assigned[rng() % assigned.size()];
      const Option o = opts[static_cast<size_t>(j0)][static_cast<size_t>(assign[static_cast<size_t>(j0)])];
      const int w = o.w0;
      for (int h = 0; h < H; ++h)
        if (const int s = occ[cidx(o.team, w, o.day, h)]; s >= 0) {
          unset(s);
          removed.push_back(s);
        }
    }
    // Recreate: the removed ones and the pool, by noisy weighted value (must first).
    cand = pool;
    std::vector<double> key(S, 0);
    for (int j : cand)
      key[static_cast<size_t>(j)] = (in.stops[static_cast<size_t>(j)].must_visit ? 1e12 : 0) +
                                    wval[static_cast<size_t>(j)] * (1 + 0.3 * uni(rng));
    std::stable_sort(cand.begin(), cand.end(), [&](int a, int b) { return key[static_cast<size_t>(a)] > key[static_cast<size_t>(b)]; });
    recreate(cand, 400);
    const Score sc = score();
    const double thr = t_start * (1 - frac);
    if (better(sc, cur, thr * uni(rng))) {
      cur = sc;
      if (better(sc, best, 0) && (sc.must > best.must || sc.value > best.value + 1e-9 || sc.dist < best.dist - 1e-6)) {
        best = sc;
        best_assign = assign;
      }
    } else {
      for (size_t j = 0; j < S; ++j)
        if (assign[j] >= 0 && assign[j] != saved[j]) unset(static_cast<int>(j));
      for (size_t j = 0; j < S; ++j)
        if (saved[j] >= 0 && assign[j] != saved[j]) {
          if (assign[j] >= 0) unset(static_cast<int>(j));
          set(static_cast<int>(j), saved[j]);
        }
    }
  }
  // Restore the best.
  for (size_t j = 0; j < S; ++j) unset(static_cast<int>(j));
  for (size_t j = 0; j < S; ++j)
    if (best_assign[j] >= 0) set(static_cast<int>(j), best_assign[j]);
  if (O.on_progress) {
    Progress pr;
    pr.iteration = it;
    pr.fraction = 1;
    pr.best_distance = best.dist;
    pr.elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
    O.on_progress(pr);
  }

  // Result.
  Plan plan;
  rot.cycle_weeks = C;
  rot.pattern = R.pattern;
  for (size_t j = 0; j < S; ++j) {
    if (assign[j] < 0) continue;
    const Option& o = opts[j][static_cast<size_t>(assign[j])];
    const HalfDay& hd = R.pattern.days[static_cast<size_t>(o.day)][static_cast<size_t>(o.half)];
    rot.passages.push_back({static_cast<int>(j), o.team, o.w0, o.day, o.half, hd.start_s, hd.end_s, period[j]});
    rot.weighted_value += wval[j];
    rot.raw_value += in.stops[j].value;
    rot.cells_used += C / period[j];
  }
  std::sort(rot.passages.begin(), rot.passages.end(), [](const Passage& a, const Passage& b) {
    return std::tie(a.team, a.week, a.weekday, a.half) < std::tie(b.team, b.week, b.weekday, b.half);
  });
  plan.value = rot.raw_value;
  for (size_t r = 0; r < p.slots.size(); ++r) {
    const RouteSlot& sl = p.slots[r];
    add_day_plan(p, r, seq_of(sl.vehicle, sl.day / 7, sl.day % 7), [&](int job) { return job / K; }, plan);
  }
  for (size_t j = 0; j < S; ++j) {
    if (assign[j] >= 0) continue;
    LeftOut lo;
    lo.stop = static_cast<int>(j);
    if (!fits[j]) {
      explain_unfit(static_cast<int>(j), lo);
    } else {
      lo.reason = LeftOutReason::NoRoom;
      lo.label = "aucun créneau libre";
      lo.explanation = "Les créneaux du cycle qu'il pourrait tenir sont pris par des arrêts de plus grande valeur.";
      const double loss = force_loss(static_cast<int>(j));
      if (std::isfinite(loss)) {
        lo.can_force = true;
        lo.force_value_loss = loss;
        lo.explanation += " Le forcer coûterait " + format_fr(loss, 1) + " NEET pondérés (arrêts déplacés hors du plan).";
      }
    }
    plan.left_out.push_back(std::move(lo));
  }
  return plan;
}

}  // namespace

Plan plan_rotation(const RotationInput& rin, const SolveOptions& opt, RotationPlan& rot) {
  rot = RotationPlan{};
  Rotator r(rin, opt);
  return r.run(rot);
}

}  // namespace maraude::routing
