#include "core/routing/planner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/text.h"
#include "core/travel.h"

namespace maraude::routing {
namespace {

// Lexicographic weight of one unit of value, in metres: above any plausible total driving.
constexpr double kValueWeight = 1e7;

std::string hhmm(double s) {
  if (!std::isfinite(s)) return "--:--";
  const long m = std::lround(s / 60.0);
  char b[48];
  std::snprintf(b, sizeof b, "%02ld:%02ld", m / 60, m % 60);
  return b;
}

std::string stop_label(const PlanInput& in, int j) {
  const Stop& s = in.stops[static_cast<size_t>(j)];
  return s.id.empty() ? "#" + std::to_string(j) : "« " + s.id + " »";
}

int slot_of(const Problem& p, int team, int day) {
  for (size_t r = 0; r < p.slots.size(); ++r)
    if (p.slots[r].vehicle == team && p.slots[r].day == day) return static_cast<int>(r);
  return -1;
}


}  // namespace

const char* reason_id(LeftOutReason r) {
  switch (r) {
    case LeftOutReason::NoRoom: return "no_room";
    case LeftOutReason::TimeWindowUnreachable: return "time_window";
    case LeftOutReason::DrivingLimit: return "driving_limit";
    case LeftOutReason::ValueTooLow: return "value_too_low";
  }
  return "?";
}

const char* reason_label_fr(LeftOutReason r) {
  switch (r) {
    case LeftOutReason::NoRoom: return "aucune journée n'a la place";
    case LeftOutReason::TimeWindowUnreachable: return "créneau horaire inatteignable";
    case LeftOutReason::DrivingLimit: return "au-delà de la limite de conduite";
    case LeftOutReason::ValueTooLow: return "valeur trop faible pour le détour";
  }
  return "?";
}

void build_costs(const TravelModel& tm, const std::vector<Vec2>& places, PlanInput& in) {
  tm.matrices(places, in.dist_m, in.time_s);
  in.n_places = static_cast<int>(places.size());
}

LegLines leg_lines(const TravelModel& tm, const std::vector<Vec2>& places, const PlanInput& in, const Plan& plan) {
  LegLines out;
  if (!tm.on_roads()) return out;
  for (const auto& d : plan.days) {
    if (d.visits.empty()) continue;
    std::vector<int> seq{in.teams[static_cast<size_t>(d.team)].base};
    for (const auto& v : d.visits) seq.push_back(in.stops[static_cast<size_t>(v.stop)].place);
    seq.push_back(seq.front());
    for (size_t k = 0; k + 1 < seq.size(); ++k) {
      const auto key = std::make_pair(seq[k], seq[k + 1]);
      if (key.first == key.second || out.count(key)) continue;
      out[key] = tm.route_line(places[static_cast<size_t>(key.first)], places[static_cast<size_t>(key.second)]);
    }
  }
  return out;
}

std::vector<Vec2> leg_line(const LegLines* legs, int a, int b, Vec2 pa, Vec2 pb) {
  if (legs) {
    auto it = legs->find({a, b});
    if (it != legs->end() && it->second.size() >= 2) return it->second;
  }
  return {pa, pb};
}

void add_day_plan(const Problem& p, size_t r, const std::vector<int>& seq, const std::function<int(int)>& stop_of, Plan& plan) {
  DayPlan d;
  d.team = p.slots[r].vehicle;
  d.day = p.slots[r].day;
  RouteSchedule sch;
  if (!seq.empty() && check_route(p, static_cast<int>(r), seq, &sch)) {
    d.depart_s = sch.depart_s;
    d.return_s = sch.return_s;
    d.distance_m = sch.distance;
    d.drive_s = sch.drive_s;
    d.lunch_start_s = sch.break_start_s;
    for (size_t k = 0; k < seq.size(); ++k)
      d.visits.push_back({stop_of(seq[k]), sch.visits[k].arrival_s, sch.visits[k].start_s, sch.visits[k].departure_s});
    plan.distance_m += d.distance_m;
    plan.drive_s += d.drive_s;
    plan.visits += static_cast<int>(seq.size());
  } else {
    d.depart_s = d.return_s = p.slots[r].open_s;
  }
  plan.days.push_back(std::move(d));
}

RouteSlot team_day_slot(const Team& tm, int t, int day) {
  RouteSlot s;
  s.start_node = s.end_node = tm.base;
  s.open_s = tm.day_start_s;
  s.close_s = tm.day_end_s;
  s.max_drive_s = tm.max_drive_s;
  if (tm.lunch_s > 0) {
    s.break_open_s = tm.lunch_open_s;
    s.break_close_s = tm.lunch_close_s;
    s.break_s = tm.lunch_s;
  }
  s.group = t;
  s.vehicle = t;
  s.day = day;
  return s;
}

Problem planner_problem(const PlanInput& in) {
  if (in.teams.empty())
    throw Error(ErrorKind::Usage, "aucune équipe", "planification",
                "déclarez au moins une équipe avec sa base");
  if (in.days <= 0)
    throw Error(ErrorKind::Usage, "horizon de " + std::to_string(in.days) + " jour(s)", "planification",
                "planifiez sur au moins un jour");
  const size_t n = static_cast<size_t>(std::max(0, in.n_places));
  if (in.n_places <= 0 || in.dist_m.size() != n * n || in.time_s.size() != n * n)
    throw Error(ErrorKind::Usage, "matrices de distances/temps incohérentes avec " + std::to_string(in.n_places) + " lieux",
                "planification", "construisez-les avec build_costs()");
  Problem p;
  p.n_nodes = in.n_places;
  p.dist = in.dist_m;
  p.time = in.time_s;
  for (size_t t = 0; t < in.teams.size(); ++t) {
    const Team& tm = in.teams[t];
    const std::string who = "équipe « " + (tm.name.empty() ? std::to_string(t) : tm.name) + " »";
    if (tm.base < 0 || tm.base >= in.n_places)
      throw Error(ErrorKind::Usage, "base hors des lieux connus", who, "vérifiez l'index de la base");
    if (!(tm.day_end_s > tm.day_start_s))
      throw Error(ErrorKind::Usage, "journée de travail vide (" + hhmm(tm.day_start_s) + "-" + hhmm(tm.day_end_s) + ")", who,
                  "la fin de journée doit suivre son début");
    if (tm.lunch_s > 0 && tm.lunch_close_s - tm.lunch_open_s < tm.lunch_s)
      throw Error(ErrorKind::Usage, "la pause déjeuner ne tient pas dans son créneau", who,
                  "élargissez le créneau ou raccourcissez la pause");
    for (int d = 0; d < in.days; ++d) {
      if (std::find(tm.days_off.begin(), tm.days_off.end(), d) != tm.days_off.end()) continue;
      p.slots.push_back(team_day_slot(tm, static_cast<int>(t), d));
    }
  }
  if (p.slots.empty())
    throw Error(ErrorKind::Usage, "aucun jour travaillé sur l'horizon", "planification",
                "retirez des jours de repos ou allongez l'horizon");
  double longest_day = 0;
  for (const Team& tm : in.teams) longest_day = std::max(longest_day, tm.day_end_s - tm.day_start_s - tm.lunch_s);
  for (size_t j = 0; j < in.stops.size(); ++j) {
    const Stop& st = in.stops[j];
    const std::string where = "arrêt " + stop_label(in, static_cast<int>(j));
    if (st.place < 0 || st.place >= in.n_places) throw Error(ErrorKind::Usage, "lieu inconnu", where, "vérifiez l'index du lieu");
    if (st.service_s > longest_day)
      throw Error(ErrorKind::Infeasible,
                  "la visite dure " + hhmm(st.service_s) + ", plus qu'une journée de travail (" + hhmm(longest_day) +
                      " hors pause)",
                  where, "raccourcissez la visite ou allongez la journée");
    Job jb;
    jb.node = st.place;
    jb.service_s = st.service_s;
    jb.open_s = st.open_s;
    jb.close_s = st.close_s;
    jb.penalty = st.must_visit ? kMustPenalty
                               : st.value * (in.metres_per_value > 0 ? in.metres_per_value : kValueWeight);
    if (st.pin_team >= 0 || st.pin_day >= 0) {
      const int r = slot_of(p, st.pin_team, st.pin_day);
      if (r < 0)
        throw Error(ErrorKind::Usage,
                    "épinglé à l'équipe " + std::to_string(st.pin_team) + " le jour " + std::to_string(st.pin_day) +
                        ", qui ne travaille pas ce jour-là (ou n’existe pas)",
                    where, "choisissez un jour travaillé de cette équipe");
      jb.only_slot = r;
      jb.penalty = kMustPenalty;
    }
    p.jobs.push_back(jb);
  }
  return p;
}

namespace {

// Why stop `j` cannot be served even alone on any day it may use (fills reason, label,
// explanation). Returns false when some allowed day can take it alone.
bool unfit_alone(const PlanInput& in, const Problem& p, int j, LeftOut& lo) {
  const Stop& st = in.stops[static_cast<size_t>(j)];
  const Job& jb = p.jobs[static_cast<size_t>(j)];
  bool alone_ok = false, drive_ok = false;
  const std::vector<int> one{j};
  for (size_t r = 0; r < p.slots.size() && !alone_ok; ++r) {
    if (jb.only_slot >= 0 && jb.only_slot != static_cast<int>(r)) continue;
    const RouteSlot& s = p.slots[r];
    if (p.t(s.start_node, jb.node) + p.t(jb.node, s.end_node) <= s.max_drive_s) drive_ok = true;
    if (check_route(p, static_cast<int>(r), one)) alone_ok = true;
  }
  if (alone_ok) return false;
  lo.stop = j;
  if (!drive_ok) {
    lo.reason = LeftOutReason::DrivingLimit;
    lo.explanation = "L'aller-retour depuis la base dépasse la limite de conduite quotidienne de chaque équipe.";
  } else {
    lo.reason = LeftOutReason::TimeWindowUnreachable;
    if (st.open_s <= 0 && !std::isfinite(st.close_s)) {
      // No window of its own: the working day's shape is what the stop cannot fit.
      double go = kInf, back = kInf;
      for (const RouteSlot& s : p.slots) {
        go = std::min(go, p.t(s.start_node, jb.node));
        back = std::min(back, p.t(jb.node, s.end_node));
      }
      lo.label = "trop loin de la base pour une journée de travail";
      lo.explanation = "Trop loin de la base pour une journée de travail : " + format_fr(go / 60, 0) + " min aller, " +
                       format_fr(back / 60, 0) + " min retour ; avec la visite de " + format_fr(st.service_s / 60, 0) +
                       " min et la pause, elle ne tient pas dans la journée. Essayez une base plus proche "
                       "ou une visite plus courte.";
    } else {
      lo.explanation = "Le créneau " + hhmm(st.open_s) + "–" + hhmm(st.close_s) +
                       " ne peut pas être tenu depuis la base dans la journée de travail (pause comprise).";
    }
  }
  return true;
}

double route_distance(const Problem& p, int r, const std::vector<int>& seq) {
  if (seq.empty()) return 0;
  const RouteSlot& s = p.slots[static_cast<size_t>(r)];
  double d = 0;
  int prev = s.start_node;
  for (int j : seq) {
    d += p.d(prev, p.jobs[static_cast<size_t>(j)].node);
    prev = p.jobs[static_cast<size_t>(j)].node;
  }
  return d + p.d(prev, s.end_node);
}

// What forcing stop `j` into the plan would cost: on one day, drop the fewest-value set of
// at most 3 of its stops that makes room for `j`, then put the dropped stops back elsewhere
// where they fit. Returns false when no day can make room that way.
// `keep` maps the engine's jobs to stops.
bool force_cost(const PlanInput& in, const std::vector<int>& keep, const Problem& p, const Solution& sol, int j,
                double& value_loss, double& extra_m) {
  const Job& jb = p.jobs[static_cast<size_t>(j)];
  auto value = [&](int k) { return in.stops[static_cast<size_t>(keep[static_cast<size_t>(k)])].value; };
  double best_loss = kInf, best_extra = kInf;
  int best_r = -1;
  std::vector<int> best_seq, best_removed, rest, cand, removed;
  for (size_t r = 0; r < p.slots.size(); ++r) {
    if (jb.only_slot >= 0 && jb.only_slot != static_cast<int>(r)) continue;
    const auto& seq = sol.routes[r];
    const size_t L = seq.size();
    if (L == 0) continue;
    const double base_d = route_distance(p, static_cast<int>(r), seq);
    // Subsets of up to 3 removed stops (bit masks; routes longer than 12 stops: up to 2).
    const size_t max_k = L <= 12 ? 3 : 2;
    auto try_subset = [&](const std::vector<size_t>& idx) {
      double loss = 0;
      removed.clear();
      for (size_t i : idx) {
        loss += value(seq[i]);
        removed.push_back(seq[i]);
      }
      if (loss > best_loss + 1e-9) return;
      rest.clear();
      for (size_t i = 0; i < L; ++i)
        if (std::find(idx.begin(), idx.end(), i) == idx.end()) rest.push_back(seq[i]);
      for (size_t k = 0; k <= rest.size(); ++k) {
        cand = rest;
        cand.insert(cand.begin() + static_cast<long>(k), j);
        if (!check_route(p, static_cast<int>(r), cand)) continue;
        const double extra = route_distance(p, static_cast<int>(r), cand) - base_d;
        if (loss < best_loss - 1e-9 || extra < best_extra) {
          best_loss = loss;
          best_extra = extra;
          best_r = static_cast<int>(r);
          best_seq = cand;
          best_removed = removed;
        }
      }
    };
    for (size_t a = 0; a < L; ++a) {
      try_subset({a});
      if (max_k < 2) continue;
      for (size_t b = a + 1; b < L; ++b) {
        try_subset({a, b});
        if (max_k < 3) continue;
        for (size_t c = b + 1; c < L; ++c) try_subset({a, b, c});
      }
    }
  }
  if (best_r < 0) return false;
  // Put the dropped stops back where they still fit.
  Solution s = sol;
  s.routes[static_cast<size_t>(best_r)] = best_seq;
  double loss = best_loss, extra = best_extra;
  for (int k : best_removed) {
    int r, pos;
    double delta;
    if (!best_insertion(p, s, k, r, pos, delta)) continue;
    s.routes[static_cast<size_t>(r)].insert(s.routes[static_cast<size_t>(r)].begin() + pos, k);
    loss -= value(k);
    extra += delta;
  }
  value_loss = std::max(0.0, loss);
  extra_m = extra;
  return true;
}

}  // namespace

Plan plan_tours(const PlanInput& in, const SolveOptions& opt, const Plan* previous) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  Problem p = planner_problem(in);

  // Candidates that cannot fit any day they may use, even alone, never enter the search.
  std::vector<LeftOut> left_out;
  std::vector<int> keep;  // engine job -> stop index
  std::vector<int> sub_of(p.jobs.size(), -1);
  for (size_t j = 0; j < p.jobs.size(); ++j) {
    LeftOut lo;
    if (unfit_alone(in, p, static_cast<int>(j), lo)) {
      if (lo.label.empty()) lo.label = reason_label_fr(lo.reason);
      const Stop& st = in.stops[j];
      if (st.must_visit || p.jobs[j].only_slot >= 0)
        throw Error(ErrorKind::Infeasible,
                    "l'arrêt obligatoire ne peut pas être servi : " + std::string(reason_label_fr(lo.reason)) + ". " +
                        lo.explanation,
                    "arrêt " + stop_label(in, static_cast<int>(j)),
                    p.jobs[j].only_slot >= 0 ? "changez l'épinglage ou libérez du temps ce jour-là"
                                             : "ajoutez une journée, une équipe, ou retirez l'obligation");
      left_out.push_back(std::move(lo));
    } else {
      sub_of[j] = static_cast<int>(keep.size());
      keep.push_back(static_cast<int>(j));
    }
  }
  // The engine works on the kept jobs only (same nodes and matrices).
  Problem sp;
  sp.n_nodes = p.n_nodes;
  sp.dist = std::move(p.dist);
  sp.time = std::move(p.time);
  sp.slots = p.slots;
  for (int j : keep) sp.jobs.push_back(p.jobs[static_cast<size_t>(j)]);
  auto view_stop = [&](int sj) { return keep[static_cast<size_t>(sj)]; };

  Solution init;
  const Solution* init_ptr = nullptr;
  if (previous) {
    init.routes.assign(sp.slots.size(), {});
    for (const DayPlan& d : previous->days) {
      const int r = slot_of(sp, d.team, d.day);
      if (r < 0) continue;
      for (const PlannedVisit& v : d.visits)
        if (v.stop >= 0 && static_cast<size_t>(v.stop) < sub_of.size() && sub_of[static_cast<size_t>(v.stop)] >= 0)
          init.routes[static_cast<size_t>(r)].push_back(sub_of[static_cast<size_t>(v.stop)]);
    }
    init_ptr = &init;
  }
  // A time limit covers the whole call: the search gets what the pruning left, minus a
  // small share for the reasons below.
  SolveOptions so = opt;
  if (opt.seconds > 0) {
    const double used = std::chrono::duration<double>(Clock::now() - t0).count();
    so.seconds = std::max(0.01, 0.96 * opt.seconds - used);
  }
  if (opt.on_progress)
    so.on_progress = [&opt](const Progress& pr) {
      Progress q = pr;
      q.fraction = 0.95 * pr.fraction;  // the last 5 %: reasons for the left-out stops
      opt.on_progress(q);
    };
  Solution sol;
  if (sp.jobs.empty()) {
    sol.routes.assign(sp.slots.size(), {});
  } else {
    sol = solve(sp, so, init_ptr);
  }
  const bool stopped = opt.stop && opt.stop->load();

  // Greedy repair: anything still insertable at a gain goes in.
  if (!stopped)
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t k = 0; k < sol.unassigned.size(); ++k) {
        const int j = sol.unassigned[k];
        int r, pos;
        double delta;
        if (best_insertion(sp, sol, j, r, pos, delta) && delta < sp.jobs[static_cast<size_t>(j)].penalty) {
          sol.routes[static_cast<size_t>(r)].insert(sol.routes[static_cast<size_t>(r)].begin() + pos, j);
          sol.unassigned.erase(sol.unassigned.begin() + static_cast<long>(k));
          changed = true;
          break;
        }
      }
    }
  evaluate(sp, sol);

  // Reasons for each left-out stop that entered the search.
  for (int sj : sol.unassigned) {
    const int j = view_stop(sj);
    const Stop& st = in.stops[static_cast<size_t>(j)];
    const Job& jb = sp.jobs[static_cast<size_t>(sj)];
    LeftOut lo;
    lo.stop = j;
    int r, pos;
    double delta;
    if (best_insertion(sp, sol, sj, r, pos, delta)) {
      lo.reason = LeftOutReason::ValueTooLow;
      lo.can_force = true;
      lo.force_extra_m = delta;
      lo.explanation = "Le détour minimal (" + format_fr(delta / 1000, 1) + " km) coûte plus que sa valeur (" +
                       format_fr(st.value, 2) + " NEET) ne rapporte.";
    } else {
      lo.reason = LeftOutReason::NoRoom;
      lo.explanation = "Aucune journée n'a assez de temps libre pour cette visite sans retirer d'autres arrêts.";
      double loss = 0, extra = 0;
      if (!stopped && force_cost(in, keep, sp, sol, sj, loss, extra)) {
        lo.can_force = true;
        lo.force_value_loss = loss;
        lo.force_extra_m = extra;
        const double km = extra / 1000;
        lo.explanation += " La forcer coûterait " + format_fr(loss, 2) + " NEET (arrêts retirés), avec " +
                          format_fr(std::abs(km), 1) + (km >= 0 ? " km de route en plus." : " km de route en moins.");
      }
    }
    if (lo.label.empty()) lo.label = reason_label_fr(lo.reason);
    if (st.must_visit || jb.only_slot >= 0)
      throw Error(ErrorKind::Infeasible,
                  "l'arrêt obligatoire ne peut pas être servi : " + std::string(reason_label_fr(lo.reason)) + ". " +
                      lo.explanation,
                  "arrêt " + stop_label(in, j),
                  jb.only_slot >= 0 ? "changez l'épinglage ou libérez du temps ce jour-là"
                                    : "ajoutez une journée, une équipe, ou retirez l'obligation");
    left_out.push_back(std::move(lo));
  }
  std::sort(left_out.begin(), left_out.end(), [](const LeftOut& a, const LeftOut& b) { return a.stop < b.stop; });

  Plan plan;
  plan.left_out = std::move(left_out);
  if (opt.on_progress) {
    Progress pr;
    pr.fraction = 1;
    pr.best_cost = sol.cost;
    pr.best_distance = sol.distance;
    pr.best_vehicles = sol.vehicles;
    pr.best_unassigned = static_cast<int>(sol.unassigned.size());
    pr.elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
    opt.on_progress(pr);
  }
  for (size_t r = 0; r < sp.slots.size(); ++r) {
    add_day_plan(sp, r, sol.routes[r], view_stop, plan);
    for (const PlannedVisit& v : plan.days.back().visits) plan.value += in.stops[static_cast<size_t>(v.stop)].value;
  }
  return plan;
}

}  // namespace maraude::routing
