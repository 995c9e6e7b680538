// Multi-day tour planner: teams leave their base every working day, visit candidate
// stops (each worth an estimated number of NEETs reached), take a lunch break and come
// back within the working window and the daily driving limit. Built on the routing
// engine: one route slot per (team, working day). Objective: serve every must-visit
// stop, then maximise the collected value, then minimise driving.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/routing/problem.h"

namespace maraude {
class TravelModel;
}

namespace maraude::routing {

struct Team {
  std::string name;
  int base = 0;                        // place index (start and end of every day)
  double day_start_s = 9 * 3600.0;     // working window, seconds since midnight
  double day_end_s = 17 * 3600.0;
  double lunch_open_s = 12 * 3600.0;   // the lunch break lies fully within this window
  double lunch_close_s = 14 * 3600.0;
  double lunch_s = 3600;               // 0: no break
  double max_drive_s = kInf;           // per day
  std::vector<int> days_off;           // day indices (0-based) without tours
};

struct Stop {
  std::string id;
  int place = 0;                       // place index
  double value = 1;                    // estimated NEETs reached
  double service_s = 3600;
  double open_s = 0, close_s = kInf;   // optional window for the start of the visit (seconds since midnight)
  bool must_visit = false;
  int pin_team = -1, pin_day = -1;     // both >= 0: must be served by this team on this day
  int period_weeks = 0;                // rotation mode (rotation.h): 1, 2 or 4 weeks; 0 = once per cycle
};

struct PlanInput {
  std::vector<double> dist_m, time_s;  // row-major n×n over places (see build_costs)
  int n_places = 0;
  std::vector<Team> teams;
  std::vector<Stop> stops;
  int days = 5;
  // 0: lexicographic (value first, then driving). > 0: a unit of value is worth this many
  // metres of driving, so a stop whose detour costs more is left out ("value too low").
  double metres_per_value = 0;
};

// Fills dist_m / time_s / n_places from places through the travel model.
void build_costs(const TravelModel& tm, const std::vector<Vec2>& places, PlanInput& in);

struct PlannedVisit {
  int stop = 0;
  double arrival_s = 0, start_s = 0, end_s = 0;
};

struct DayPlan {
  int team = 0, day = 0;
  std::vector<PlannedVisit> visits;
  double depart_s = 0, return_s = 0;
  double distance_m = 0, drive_s = 0;
  double lunch_start_s = -1;  // -1: no lunch break planned (no visit that day)
};

enum class LeftOutReason { NoRoom, TimeWindowUnreachable, DrivingLimit, ValueTooLow };
const char* reason_id(LeftOutReason r);        // "no_room", "time_window", "driving_limit", "value_too_low"
const char* reason_label_fr(LeftOutReason r);

struct LeftOut {
  int stop = 0;
  LeftOutReason reason = LeftOutReason::NoRoom;
  std::string label;            // short French reason (reason_label_fr, or "trop loin de la base...")
  std::string explanation;      // French sentence
  bool can_force = false;       // false: no plan can contain it
  double force_value_loss = 0;  // value of the stops it would push out
  double force_extra_m = 0;     // extra driving (metres) to force it in
};

struct Plan {
  std::vector<DayPlan> days;    // one per (team, working day), visits may be empty
  std::vector<LeftOut> left_out;
  double value = 0, distance_m = 0, drive_s = 0;
  int visits = 0;
};

// The line followed on each leg of a plan, keyed by (from place, to place): along the
// roads when the travel model has them (TravelModel::route_line), else absent (straight).
using LegLines = std::map<std::pair<int, int>, std::vector<Vec2>>;
LegLines leg_lines(const TravelModel& tm, const std::vector<Vec2>& places, const PlanInput& in, const Plan& plan);
// The line from place a to place b: the stored one, or the straight segment.
std::vector<Vec2> leg_line(const LegLines* legs, int a, int b, Vec2 pa, Vec2 pb);

// Plans the tours. `previous`, when given, is the starting point (re-optimisation after
// pinning). Throws Error(Usage) for impossible settings (no team, no day) and
// Error(Infeasible) when a stop cannot fit in any day or a must-visit stop cannot be served.
Plan plan_tours(const PlanInput& in, const SolveOptions& opt, const Plan* previous = nullptr);

// The day of engine route r with the job sequence `seq` (its schedule by check_route; stop_of
// maps a job to its stop), added to `plan`'s days and totals (distance, drive, visits; not value).
void add_day_plan(const Problem& p, size_t r, const std::vector<int>& seq, const std::function<int(int)>& stop_of, Plan& plan);

// One working day of team `tm` (index `t`) as an engine route: from and back to its base,
// within its working window, its driving limit and its lunch break.
RouteSlot team_day_slot(const Team& tm, int t, int day);

// The engine problem behind a plan (exposed for tests and the GUI's what-if tools).
Problem planner_problem(const PlanInput& in);

}  // namespace maraude::routing
