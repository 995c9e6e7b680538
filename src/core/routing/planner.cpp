#include "core/routing/planner.h"

#include <algorithm>
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

double served_value(const PlanInput& in, const Solution& s) {
  double v = 0;
  for (const auto& r : s.routes)
    for (int j : r) v += in.stops[static_cast<size_t>(j)].value;
  return v;
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
      s.group = static_cast<int>(t);
      s.vehicle = static_cast<int>(t);
      s.day = d;
      p.slots.push_back(s);
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

Plan plan_tours(const PlanInput& in, const SolveOptions& opt, const Plan* previous) {
  const Problem p = planner_problem(in);
  Solution init;
  const Solution* init_ptr = nullptr;
  if (previous) {
    init.routes.assign(p.slots.size(), {});
    for (const DayPlan& d : previous->days) {
      const int r = slot_of(p, d.team, d.day);
      if (r < 0) continue;
      for (const PlannedVisit& v : d.visits)
        if (v.stop >= 0 && static_cast<size_t>(v.stop) < p.jobs.size()) init.routes[static_cast<size_t>(r)].push_back(v.stop);
    }
    init_ptr = &init;
  }
  Solution sol = solve(p, opt, init_ptr);

  // Greedy repair: anything still insertable at a gain goes in.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t k = 0; k < sol.unassigned.size(); ++k) {
      const int j = sol.unassigned[k];
      int r, pos;
      double delta;
      if (best_insertion(p, sol, j, r, pos, delta) && delta < p.jobs[static_cast<size_t>(j)].penalty) {
        sol.routes[static_cast<size_t>(r)].insert(sol.routes[static_cast<size_t>(r)].begin() + pos, j);
        sol.unassigned.erase(sol.unassigned.begin() + static_cast<long>(k));
        changed = true;
        break;
      }
    }
  }
  evaluate(p, sol);

  Plan plan;
  // Reasons for each left-out stop.
  int forced_runs = 0;
  for (int j : sol.unassigned) {
    const Stop& st = in.stops[static_cast<size_t>(j)];
    const Job& jb = p.jobs[static_cast<size_t>(j)];
    LeftOut lo;
    lo.stop = j;
    bool alone_ok = false, drive_ok = false;
    for (size_t r = 0; r < p.slots.size(); ++r) {
      if (jb.only_slot >= 0 && jb.only_slot != static_cast<int>(r)) continue;
      const RouteSlot& s = p.slots[r];
      if (p.t(s.start_node, jb.node) + p.t(jb.node, s.end_node) <= s.max_drive_s) drive_ok = true;
      if (check_route(p, static_cast<int>(r), {j})) alone_ok = true;
    }
    int r, pos;
    double delta;
    if (!drive_ok) {
      lo.reason = LeftOutReason::DrivingLimit;
      lo.explanation = "L'aller-retour depuis la base dépasse la limite de conduite quotidienne de chaque équipe.";
    } else if (!alone_ok) {
      lo.reason = LeftOutReason::TimeWindowUnreachable;
      if (st.open_s <= 0 && !std::isfinite(st.close_s)) {
        // No window of its own: the working day's shape is what the stop cannot fit.
        double go = kInf, back = kInf;
        for (const RouteSlot& s : p.slots) {
          go = std::min(go, p.t(s.start_node, jb.node));
          back = std::min(back, p.t(jb.node, s.end_node));
        }
        lo.label = "trop loin de la base pour une journée de travail";
        lo.explanation = "Trop loin de la base pour une journée de travail : " + format_fr(go / 60, 0) +
                         " min aller, " + format_fr(back / 60, 0) + " min retour ; avec la visite de " +
                         format_fr(st.service_s / 60, 0) +
                         " min et la pause, elle ne tient pas dans la journée. Essayez une base plus proche "
                         "ou une visite plus courte.";
      } else {
        lo.explanation = "Le créneau " + hhmm(st.open_s) + "–" + hhmm(st.close_s) +
                         " ne peut pas être tenu depuis la base dans la journée de travail (pause comprise).";
      }
    } else if (best_insertion(p, sol, j, r, pos, delta)) {
      lo.reason = LeftOutReason::ValueTooLow;
      lo.can_force = true;
      lo.force_extra_m = delta;
      lo.explanation = "Le détour minimal (" + format_fr(delta / 1000, 1) + " km) coûte plus que sa valeur (" +
                       format_fr(st.value, 2) + " NEET) ne rapporte.";
    } else {
      lo.reason = LeftOutReason::NoRoom;
      lo.explanation = "Aucune journée n'a assez de temps libre pour cette visite sans retirer d'autres arrêts.";
      if (forced_runs < 40) {
        ++forced_runs;
        Problem fp = p;
        fp.jobs[static_cast<size_t>(j)].penalty = kMustPenalty;
        SolveOptions fo;
        fo.seed = opt.seed;
        fo.stop = opt.stop;  // a stopped solve does not linger on the explanations
        fo.max_iterations = 400;
        const Solution fs = solve(fp, fo, &sol);
        if (std::find(fs.unassigned.begin(), fs.unassigned.end(), j) == fs.unassigned.end()) {
          lo.can_force = true;
          lo.force_value_loss = std::max(0.0, served_value(in, sol) + st.value - served_value(in, fs));
          lo.force_extra_m = fs.distance - sol.distance;
          const double km = lo.force_extra_m / 1000;
          lo.explanation += " La forcer coûterait " + format_fr(lo.force_value_loss, 2) + " NEET (arrêts retirés), avec " +
                            format_fr(std::abs(km), 1) + (km >= 0 ? " km de route en plus." : " km de route en moins.");
        }
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
    plan.left_out.push_back(lo);
  }

  for (size_t r = 0; r < p.slots.size(); ++r) {
    DayPlan d;
    d.team = p.slots[r].vehicle;
    d.day = p.slots[r].day;
    const auto& seq = sol.routes[r];
    RouteSchedule sch;
    if (!seq.empty() && check_route(p, static_cast<int>(r), seq, &sch)) {
      d.depart_s = sch.depart_s;
      d.return_s = sch.return_s;
      d.distance_m = sch.distance;
      d.drive_s = sch.drive_s;
      d.lunch_start_s = sch.break_start_s;
      for (size_t k = 0; k < seq.size(); ++k) {
        d.visits.push_back({seq[k], sch.visits[k].arrival_s, sch.visits[k].start_s, sch.visits[k].departure_s});
        plan.value += in.stops[static_cast<size_t>(seq[k])].value;
      }
      plan.distance_m += d.distance_m;
      plan.drive_s += d.drive_s;
      plan.visits += static_cast<int>(seq.size());
    } else {
      d.depart_s = d.return_s = p.slots[r].open_s;
    }
    plan.days.push_back(std::move(d));
  }
  return plan;
}

}  // namespace maraude::routing
