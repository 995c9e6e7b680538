// Rotation planner: a mobile office that comes back to the same stops on a fixed weekly
// pattern, as coordinators publish it ("le bureau mobile passe à Marle le mardi de 9 h 30
// à 12 h 30, une semaine sur deux").
//
// Model
//  - A week pattern: the working weekdays and, for each, its half-day slots (on-site hours,
//    e.g. 09:30–12:30 and 13:30–16:00). A cycle of 1, 2 or 4 weeks repeats forever.
//  - A cell is (team, week of the cycle, weekday, half-day). Each chosen stop takes one
//    cell and keeps it every cycle. A stop whose period P (weeks: 1, 2 or 4; 0 = the cycle
//    length C) is shorter than the cycle takes the same weekday and half-day in weeks
//    w0, w0 + P, ... of the cycle (C / P cells). P must divide C.
//  - A stop acts as a permanence during its slot: the van is on site for the whole slot
//    (arrival by the slot's start, departure at its end).
//  - Each (team, cycle day) is one route of the routing engine (core/routing/problem.h):
//    it leaves the base at the team's day start at the earliest, is back by its day end,
//    drives at most max_drive_s, and takes the optional break. A stop served in slot u is
//    the engine job (stop, u) whose window opens and closes at the slot's start and whose
//    service fills the slot, so check_route() is the single test of a day: the drive
//    between the morning and the afternoon stop must fit in the gap between the slots
//    (the lunch-time move), the first stop must be reachable from the base and the base
//    from the last one.
//  - Why not the engine's search: a stop must take the same half-day in several weeks
//    and at most one cell, which its route model cannot express. The search here is a
//    ruin-and-recreate over stop → cell assignments (greedy by value, then random ruins of
//    a few stops refilled greedily, with threshold acceptance on the driving).
//
// Objective (lexicographic): every must-visit stop served, then the most weighted value,
// then the least driving. Weighted value of a stop = value × share, share = visits per
// 4 weeks / 4 = 1 / P: a weekly stop counts its NEETs in full, a stop every 2 weeks half,
// every 4 weeks a quarter. With one frequency for all stops this only scales the total,
// so the plan maximises the NEETs of the stops served.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "core/routing/planner.h"

namespace maraude::routing {

struct HalfDay {
  double start_s = 0, end_s = 0;  // on-site hours, seconds since midnight
};

struct WeekPattern {
  std::array<std::vector<HalfDay>, 7> days;  // 0 = Monday; sorted, non-overlapping; empty: not worked
  int slots_per_week() const;
  bool works(int weekday) const { return weekday >= 0 && weekday < 7 && !days[static_cast<size_t>(weekday)].empty(); }
};

// Monday to Friday, 09:30–12:30 and 13:30–16:00.
WeekPattern default_week_pattern();

// "weekly" = 1, "biweekly" = 2, "4weekly" = 4 (French words accepted: hebdomadaire,
// "1 semaine sur 2", bimensuel, mensuel...). Returns 0 when not recognised.
int parse_frequency_weeks(const std::string& s);
std::string frequency_label_fr(int period_weeks);  // "chaque semaine", "une semaine sur deux", "une semaine sur quatre"
std::string frequency_id(int period_weeks);        // "weekly", "biweekly", "4weekly"

// Throws Error(Usage) when a period does not fit the cycle (P must divide C; C in 1, 2, 4).
// `where` names the option or file.
void check_cycle_frequency(int cycle_weeks, int period_weeks, const std::string& where);

struct RotationInput {
  // Costs, teams (base, day window = leaving / back at base, break, driving limit; days_off
  // = cycle days 0..7C-1 without passages) and stops (value, must_visit, open_s/close_s
  // restricting the slot's start, period_weeks). `in.days` is ignored (7 × cycle_weeks).
  PlanInput in;
  WeekPattern pattern = default_week_pattern();
  int cycle_weeks = 1;
};

struct Passage {
  int stop = 0, team = 0;
  int week = 0;        // first week of the cycle (0-based) with this passage
  int weekday = 0;     // 0 = Monday
  int half = 0;        // index into pattern.days[weekday]
  double start_s = 0, end_s = 0;
  int period_weeks = 1;  // comes back every period_weeks weeks
};

struct RotationPlan {
  int cycle_weeks = 1;
  WeekPattern pattern;
  std::vector<Passage> passages;  // one per served stop, by (team, week, weekday, half)
  double weighted_value = 0;      // Σ value × share (see above)
  double raw_value = 0;           // Σ value of the stops served
  int cells = 0;                  // cells of the cycle over all teams (days off removed)
  int cells_used = 0;
};

// The effective period of a stop in weeks (0 → the cycle).
inline int stop_period(const Stop& s, int cycle_weeks) { return s.period_weeks > 0 ? s.period_weeks : cycle_weeks; }

// Plans the rotation. Fills `plan` with one DayPlan per worked (team, cycle day), day =
// 7 × week + weekday, visits at their slot's hours, and the left-out stops with reasons.
// Throws Error(Usage) for bad settings and Error(Infeasible) when must-visit stops cannot
// all be served (the message lists them).
Plan plan_rotation(const RotationInput& rin, const SolveOptions& opt, RotationPlan& rot);

}  // namespace maraude::routing
