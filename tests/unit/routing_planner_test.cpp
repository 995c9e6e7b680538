// Multi-day tour planner on synthetic data. The schedule checker and the
// nearest-neighbour baseline are written here, independently of the planner's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <random>
#include <set>

#include "core/error.h"
#include "core/routing/planner.h"
#include "core/routing/problem.h"
#include "core/travel.h"

using namespace maraude;
using namespace maraude::routing;

namespace {

constexpr double H = 3600;

struct Lcg {
  unsigned long long s;
  double uni() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  }
};

// Two teams with bases 30 km apart, 60 candidate stops in a 60 km square, 5 days.
PlanInput synthetic(int n_stops = 60, unsigned long long seed = 42) {
  Lcg r{seed};
  std::vector<Vec2> places = {{700000, 7000000}, {730000, 7000000}};
  PlanInput in;
  in.days = 5;
  for (int t = 0; t < 2; ++t) {
    Team tm;
    tm.name = t == 0 ? "Arras" : "Lens";
    tm.base = t;
    tm.max_drive_s = 2.5 * H;
    if (t == 1) tm.days_off = {2};
    in.teams.push_back(tm);
  }
  for (int k = 0; k < n_stops; ++k) {
    places.push_back({685000 + 60000 * r.uni(), 6970000 + 60000 * r.uni()});
    Stop s;
    s.id = "S" + std::to_string(k);
    s.place = static_cast<int>(places.size()) - 1;
    s.value = 1 + std::floor(9 * r.uni());
    s.service_s = (0.75 + 0.75 * r.uni()) * H;
    if (k % 7 == 3) { s.open_s = 14 * H; s.close_s = 15.5 * H; }
    if (k % 11 == 5) s.must_visit = true;
    in.stops.push_back(s);
  }
  build_costs(CrowFlyTravel{}, places, in);
  return in;
}

double T(const PlanInput& in, int a, int b) { return in.time_s[static_cast<size_t>(a) * in.n_places + b]; }

// Independent check of a plan; returns "" when valid.
std::string check_plan(const PlanInput& in, const Plan& plan) {
  std::set<int> seen;
  double value = 0;
  for (const DayPlan& d : plan.days) {
    const Team& tm = in.teams[static_cast<size_t>(d.team)];
    if (std::find(tm.days_off.begin(), tm.days_off.end(), d.day) != tm.days_off.end()) return "tour on a day off";
    if (d.visits.empty()) continue;
    const std::string where = tm.name + " day " + std::to_string(d.day) + ": ";
    if (d.depart_s < tm.day_start_s - 1e-6) return where + "leaves before the day starts";
    if (d.return_s > tm.day_end_s + 1e-6) return where + "returns after the day ends";
    // Lunch: inside its window, not overlapping any visit or drive.
    const double ls = d.lunch_start_s, le = d.lunch_start_s + tm.lunch_s;
    if (tm.lunch_s > 0) {
      if (ls < tm.lunch_open_s - 1e-6 || le > tm.lunch_close_s + 1e-6) return where + "lunch outside its window";
    }
    int prev = tm.base;
    double t = d.depart_s, drive = 0;
    bool lunch_done = tm.lunch_s <= 0;
    for (const PlannedVisit& v : d.visits) {
      const Stop& s = in.stops[static_cast<size_t>(v.stop)];
      if (!seen.insert(v.stop).second) return "stop visited twice: " + s.id;
      const double leg = T(in, prev, s.place);
      drive += leg;
      // Lunch may sit between t and the arrival (before driving).
      if (!lunch_done && ls >= t - 1e-6 && le <= v.arrival_s - leg + 1e-6) { lunch_done = true; t = std::max(t, le); }
      if (v.arrival_s + 1e-6 < t + leg) return where + "arrives at " + s.id + " faster than the drive allows";
      if (v.start_s + 1e-6 < v.arrival_s || v.start_s + 1e-6 < s.open_s || v.start_s > s.close_s + 1e-6)
        return where + "starts " + s.id + " outside its window";
      if (std::fabs(v.end_s - v.start_s - s.service_s) > 1e-6) return where + "wrong service time at " + s.id;
      if (!lunch_done && ls < v.end_s - 1e-6 && le > v.start_s + 1e-6) return where + "lunch overlaps visit " + s.id;
      t = v.end_s;
      prev = s.place;
      value += s.value;
    }
    const double back = T(in, prev, tm.base);
    drive += back;
    if (!lunch_done && ls >= t - 1e-6 && le <= d.return_s - back + 1e-6) { lunch_done = true; t = le; }
    if (!lunch_done && ls >= d.return_s - 1e-6) lunch_done = true;  // lunch at the base after the tour
    if (!lunch_done) return where + "no valid lunch break";
    if (d.return_s + 1e-6 < t + back) return where + "returns faster than the drive allows";
    if (drive > tm.max_drive_s + 1e-6) return where + "exceeds the driving limit";
  }
  std::set<int> out;
  for (const LeftOut& lo : plan.left_out) {
    if (seen.count(lo.stop)) return "left-out stop is also planned";
    if (!out.insert(lo.stop).second) return "stop left out twice";
    if (lo.explanation.empty()) return "left-out stop without explanation";
  }
  if (seen.size() + out.size() != in.stops.size()) return "some stops are neither planned nor explained";
  for (size_t j = 0; j < in.stops.size(); ++j)
    if (in.stops[j].must_visit && !seen.count(static_cast<int>(j))) return "must-visit not served";
  if (std::fabs(value - plan.value) > 1e-6) return "plan value does not add up";
  return "";
}

// Nearest-neighbour baseline: each team-day, repeatedly drive to the nearest stop that still
// fits (lunch taken as soon as the window opens, or earlier if needed).
double nearest_neighbour_value(const PlanInput& in) {
  std::vector<char> used(in.stops.size(), 0);
  double value = 0;
  for (int day = 0; day < in.days; ++day)
    for (const Team& tm : in.teams) {
      if (std::find(tm.days_off.begin(), tm.days_off.end(), day) != tm.days_off.end()) continue;
      int at = tm.base;
      double t = tm.day_start_s, drive = 0;
      bool lunch = tm.lunch_s <= 0;
      while (true) {
        int best = -1;
        double best_leg = 1e300, best_end = 0, best_t0 = 0;
        bool best_lunch = false;
        for (size_t j = 0; j < in.stops.size(); ++j) {
          if (used[j]) continue;
          const Stop& s = in.stops[j];
          const double leg = T(in, at, s.place), back = T(in, s.place, tm.base);
          if (leg >= best_leg || drive + leg + back > tm.max_drive_s) continue;
          for (int take = 0; take < 2; ++take) {
            if (take && lunch) break;
            double t0 = t;
            if (take) t0 = std::max(t, tm.lunch_open_s) + tm.lunch_s;
            if (take && t0 > tm.lunch_close_s) continue;
            const double st = std::max(t0 + leg, s.open_s);
            if (st > s.close_s) continue;
            const double end = st + s.service_s;
            const bool l = lunch || take;
            if (!l && end > tm.lunch_close_s - tm.lunch_s) continue;  // lunch must still fit after
            if (end + back > tm.day_end_s) continue;
            best = static_cast<int>(j); best_leg = leg; best_end = end; best_t0 = t0; best_lunch = l;
            break;
          }
        }
        if (best < 0) break;
        (void)best_t0;
        used[static_cast<size_t>(best)] = 1;
        value += in.stops[static_cast<size_t>(best)].value;
        drive += best_leg;
        t = best_end;
        lunch = best_lunch;
        at = in.stops[static_cast<size_t>(best)].place;
      }
    }
  return value;
}

SolveOptions opts(long it = 4000) {
  SolveOptions o;
  o.max_iterations = it;
  o.seed = 5;
  return o;
}

}  // namespace

TEST(RoutingPlanner, PlanIsValidAndBeatsNearestNeighbour) {
  const PlanInput in = synthetic();
  const Plan plan = plan_tours(in, opts());
  ASSERT_EQ(check_plan(in, plan), "");
  EXPECT_EQ(plan.days.size(), 9u);  // 2 teams × 5 days, one day off
  const double nn = nearest_neighbour_value(in);
  EXPECT_GE(plan.value, nn) << "nearest neighbour value " << nn;
  EXPECT_GT(plan.visits, 20);
  EXPECT_FALSE(plan.left_out.empty());  // 60 stops do not fit in 9 days
  for (const LeftOut& lo : plan.left_out) {
    EXPECT_FALSE(lo.explanation.empty());
    if (lo.reason == LeftOutReason::NoRoom && lo.can_force) EXPECT_GE(lo.force_value_loss, 0);
  }
}

TEST(RoutingPlanner, DeterministicForASeed) {
  const PlanInput in = synthetic(30);
  const Plan a = plan_tours(in, opts(1500)), b = plan_tours(in, opts(1500));
  EXPECT_DOUBLE_EQ(a.value, b.value);
  EXPECT_DOUBLE_EQ(a.distance_m, b.distance_m);
}

TEST(RoutingPlanner, PinningIsHonouredWhenReplanning) {
  PlanInput in = synthetic(40);
  const Plan first = plan_tours(in, opts(2000));
  ASSERT_EQ(check_plan(in, first), "");
  // Pin a stop that team 1 did not serve on day 3 to exactly that day.
  int pinned = -1;
  for (const DayPlan& d : first.days)
    if (d.team == 0)
      for (const PlannedVisit& v : d.visits)
        if (in.stops[static_cast<size_t>(v.stop)].open_s == 0) { pinned = v.stop; break; }
  ASSERT_GE(pinned, 0);
  in.stops[static_cast<size_t>(pinned)].pin_team = 1;
  in.stops[static_cast<size_t>(pinned)].pin_day = 3;
  const Plan second = plan_tours(in, opts(2000), &first);
  ASSERT_EQ(check_plan(in, second), "");
  bool found = false;
  for (const DayPlan& d : second.days)
    for (const PlannedVisit& v : d.visits)
      if (v.stop == pinned) { found = true; EXPECT_EQ(d.team, 1); EXPECT_EQ(d.day, 3); }
  EXPECT_TRUE(found);
  // Pinning to a day off is refused with a clear message.
  in.stops[static_cast<size_t>(pinned)].pin_day = 2;
  try {
    plan_tours(in, opts(100));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(e.format().find("ne travaille pas"), std::string::npos) << e.format();
  }
}

TEST(RoutingPlanner, LeftOutReasons) {
  PlanInput in = synthetic(0);
  std::vector<Vec2> places = {{700000, 7000000}, {730000, 7000000},
                              {705000, 7002000},   // 0: fine
                              {700000, 7070000},   // 1: 70 km away: beyond the 2.5 h driving limit
                              {706000, 7001000},   // 2: window at dawn
                              {701000, 7001000}};  // 3: fine
  for (int k = 0; k < 4; ++k) {
    Stop s;
    s.id = "T" + std::to_string(k);
    s.place = 2 + k;
    s.service_s = H;
    s.value = 3;
    in.stops.push_back(s);
  }
  in.stops[2].open_s = 5 * H;
  in.stops[2].close_s = 6 * H;
  build_costs(CrowFlyTravel{}, places, in);
  Plan plan = plan_tours(in, opts(500));
  ASSERT_EQ(check_plan(in, plan), "");
  std::map<int, LeftOutReason> why;
  for (const auto& lo : plan.left_out) why[lo.stop] = lo.reason;
  ASSERT_EQ(why.size(), 2u);
  EXPECT_EQ(why[1], LeftOutReason::DrivingLimit);
  EXPECT_EQ(why[2], LeftOutReason::TimeWindowUnreachable);

  // With a value/driving trade-off, a far stop worth little is left out as "value too low".
  in.metres_per_value = 1000;  // one unit of value = 1 km of driving
  in.teams[0].max_drive_s = in.teams[1].max_drive_s = 8 * H;
  plan = plan_tours(in, opts(500));
  ASSERT_EQ(check_plan(in, plan), "");
  why.clear();
  for (const auto& lo : plan.left_out) {
    why[lo.stop] = lo.reason;
    if (lo.stop == 1) EXPECT_TRUE(lo.can_force);
  }
  EXPECT_EQ(why[1], LeftOutReason::ValueTooLow);
}

TEST(RoutingPlanner, NoRoomGivesTheCostOfForcing) {
  PlanInput in = synthetic(12);
  in.days = 1;
  in.teams.resize(1);
  for (auto& s : in.stops) { s.must_visit = false; s.open_s = 0; s.close_s = kInf; s.service_s = 2 * H; }
  const Plan plan = plan_tours(in, opts(1000));
  ASSERT_EQ(check_plan(in, plan), "");
  ASSERT_FALSE(plan.left_out.empty());
  bool forced = false;
  for (const auto& lo : plan.left_out)
    if (lo.reason == LeftOutReason::NoRoom && lo.can_force) {
      forced = true;
      EXPECT_GT(lo.force_value_loss, 0);  // a full day: something else has to go
      EXPECT_NE(lo.explanation.find("forcer"), std::string::npos) << lo.explanation;
    }
  EXPECT_TRUE(forced);
}

TEST(RoutingPlanner, InfeasibleSettingsAreExplained) {
  auto expect_error = [](PlanInput in, ErrorKind kind, const std::string& needle) {
    try {
      plan_tours(in, opts(300));
      ADD_FAILURE() << "no error, expected " << needle;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), kind) << e.format();
      EXPECT_NE(e.format().find(needle), std::string::npos) << e.format();
    }
  };
  PlanInput in = synthetic(10);
  PlanInput a = in;
  a.teams.clear();
  expect_error(a, ErrorKind::Usage, "aucune équipe");
  PlanInput b = in;
  b.days = 0;
  expect_error(b, ErrorKind::Usage, "jour");
  PlanInput c = in;
  c.stops[4].service_s = 9 * H;
  expect_error(c, ErrorKind::Infeasible, "plus qu'une journée");
  PlanInput d = in;
  d.stops[6].must_visit = true;
  d.stops[6].open_s = 4 * H;
  d.stops[6].close_s = 5 * H;
  expect_error(d, ErrorKind::Infeasible, "obligatoire");
  PlanInput e = in;
  for (auto& t : e.teams) t.days_off = {0, 1, 2, 3, 4};
  expect_error(e, ErrorKind::Usage, "aucun jour");
}

// A region-size instance: 400 candidates around one base, most of them beyond a working
// day's reach (80 km/h crow-fly speed as in CrowFlyTravel; 3 h visits).
PlanInput region(int n = 400, int teams = 1, int days = 10) {
  Lcg r{7};
  std::vector<Vec2> places = {{700000, 7000000}};
  PlanInput in;
  in.days = days;
  for (int t = 0; t < teams; ++t) {
    Team tm;
    tm.base = 0;
    in.teams.push_back(tm);
  }
  for (int k = 0; k < n; ++k) {
    const double a = 6.283185307179586 * r.uni(), d = 400000 * r.uni();
    places.push_back({700000 + d * std::cos(a), 7000000 + d * std::sin(a)});
    Stop s;
    s.id = "R" + std::to_string(k);
    s.place = static_cast<int>(places.size()) - 1;
    s.value = 1 + std::floor(50 * r.uni());
    s.service_s = 3 * H;
    in.stops.push_back(s);
  }
  build_costs(CrowFlyTravel{}, places, in);
  return in;
}

TEST(RoutingPlanner, StopsThatFitNoDayArePrunedWithTheirReason) {
  const PlanInput in = region();
  const Plan plan = plan_tours(in, opts(300));
  ASSERT_EQ(check_plan(in, plan), "");
  // A stop is "too far" exactly when it cannot fit a day even alone (the route checker
  // on a one-stop day); a sure case: the round trip and the visit exceed 7 h.
  const Problem prob = planner_problem(in);
  int too_far = 0;
  for (size_t j = 0; j < in.stops.size(); ++j) {
    const int pl = in.stops[j].place;
    const bool fits = check_route(prob, 0, {static_cast<int>(j)});
    if (T(in, 0, pl) + T(in, pl, 0) + in.stops[j].service_s > 7 * H) EXPECT_FALSE(fits);
    const auto it = std::find_if(plan.left_out.begin(), plan.left_out.end(),
                                 [&](const LeftOut& lo) { return lo.stop == static_cast<int>(j); });
    if (fits) {
      if (it != plan.left_out.end()) EXPECT_NE(it->label, "trop loin de la base pour une journée de travail") << j;
      continue;
    }
    ++too_far;
    ASSERT_NE(it, plan.left_out.end()) << "stop " << j << " cannot fit a day yet is planned";
    EXPECT_EQ(it->reason, LeftOutReason::TimeWindowUnreachable);
    EXPECT_EQ(it->label, "trop loin de la base pour une journée de travail");
    EXPECT_FALSE(it->can_force);
  }
  EXPECT_GT(too_far, 100);  // the instance really exercises the pruning
  // Driving limit: with 1 h of driving a day, farther stops get that reason.
  PlanInput lim = in;
  lim.teams[0].max_drive_s = 1 * H;
  const Plan p2 = plan_tours(lim, opts(100));
  int driving = 0;
  for (const LeftOut& lo : p2.left_out)
    if (lo.reason == LeftOutReason::DrivingLimit) {
      ++driving;
      const int pl = lim.stops[static_cast<size_t>(lo.stop)].place;
      EXPECT_GT(T(lim, 0, pl) + T(lim, pl, 0), 1 * H);
    }
  EXPECT_GT(driving, 0);
}

TEST(RoutingPlanner, SameSeedAndIterationsGiveTheSamePlanWhateverTheThreads) {
  const PlanInput in = region(300, 3, 5);
  SolveOptions one = opts(400), two = opts(400);
  one.threads = 1;
  two.threads = 2;
  const Plan a = plan_tours(in, two), b = plan_tours(in, two), c = plan_tours(in, one);
  ASSERT_EQ(check_plan(in, a), "");
  EXPECT_DOUBLE_EQ(a.value, b.value);
  EXPECT_DOUBLE_EQ(a.distance_m, b.distance_m);
  ASSERT_EQ(a.days.size(), b.days.size());
  for (size_t d = 0; d < a.days.size(); ++d) {
    ASSERT_EQ(a.days[d].visits.size(), b.days[d].visits.size());
    for (size_t v = 0; v < a.days[d].visits.size(); ++v) EXPECT_EQ(a.days[d].visits[v].stop, b.days[d].visits[v].stop);
  }
  // Two searches keep the better of two seeds, the first being the single search's.
  EXPECT_GE(a.value, c.value);
}

TEST(RoutingPlanner, StopIsHonouredInsideTheSearchAndTheBestPlanKept) {
  const PlanInput in = region(400, 3, 20);
  std::atomic<bool> stop{false};
  SolveOptions o = opts(0);  // unlimited: only the stop flag ends the search
  o.stop = &stop;
  o.progress_every = 1;
  std::vector<double> fractions;
  long calls = 0;
  o.on_progress = [&](const Progress& p) {
    fractions.push_back(p.fraction);
    if (++calls == 50) stop = true;  // from inside the search
  };
  const Plan plan = plan_tours(in, o);
  ASSERT_EQ(check_plan(in, plan), "");
  EXPECT_GT(plan.visits, 0);  // the best plan so far is returned
  ASSERT_FALSE(fractions.empty());
  EXPECT_EQ(fractions.back(), 1.0);  // complete only once the plan is returned
  // Progress stays below 100 % while the search runs.
  for (size_t k = 0; k + 1 < fractions.size(); ++k) EXPECT_LT(fractions[k], 1.0);
  // Once stopped, the search ends within a handful of calls, not after its budget.
  EXPECT_LT(calls, 60);
}

TEST(RoutingPlanner, ProgressFractionFollowsTheIterations) {
  const PlanInput in = region(200, 1, 5);
  SolveOptions o = opts(1000);
  o.threads = 1;
  o.progress_every = 100;
  std::vector<double> fr;
  o.on_progress = [&](const Progress& p) { fr.push_back(p.fraction); };
  plan_tours(in, o);
  ASSERT_GE(fr.size(), 5u);
  for (size_t k = 1; k < fr.size(); ++k) EXPECT_GE(fr[k], fr[k - 1]);
  EXPECT_NEAR(fr[fr.size() / 2], 0.95 * 0.5, 0.15);
}

TEST(RoutingPlanner, StopBeforeStartEndsEvenTheConstruction) {
  // The stop flag is polled between insertions: a search stopped from the start returns
  // at once, with a valid (here empty) plan, every candidate left out with a reason.
  const PlanInput in = region(400, 3, 20);
  std::atomic<bool> stop{true};
  SolveOptions o = opts(0);
  o.stop = &stop;
  const Plan plan = plan_tours(in, o);
  ASSERT_EQ(check_plan(in, plan), "");
  EXPECT_EQ(plan.visits, 0);
  EXPECT_EQ(plan.left_out.size(), in.stops.size());
}

TEST(RoutingPlanner, BreakFeasibilityShortcutAgreesWithTheFullSimulation) {
  // check_route without a schedule (what the search asks) runs the part before the break
  // once and tries the likeliest break first; with a schedule it simulates every break
  // position in full. Both must give the same answer on routes with windows and a break.
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> U(0, 1);
  routing::Problem p;
  p.n_nodes = 25;
  p.dist.assign(25 * 25, 0);
  p.time.assign(25 * 25, 0);
  for (int a = 0; a < 25; ++a)
    for (int b = 0; b < 25; ++b)
      if (a != b) {
        p.time[a * 25 + b] = 300 + 2400 * U(rng);
        p.dist[a * 25 + b] = p.time[a * 25 + b] * 14;
      }
  routing::RouteSlot s;
  s.start_node = s.end_node = 0;
  s.open_s = 8 * 3600;
  s.close_s = 18 * 3600;
  s.break_open_s = 12 * 3600;
  s.break_close_s = 14 * 3600;
  s.break_s = 3600;
  p.slots = {s};
  for (int j = 1; j < 25; ++j) {
    routing::Job jb;
    jb.node = j;
    jb.service_s = 900 + 2700 * U(rng);
    if (j % 3 == 0) {
      jb.open_s = 8 * 3600 + 8 * 3600 * U(rng);
      jb.close_s = jb.open_s + 3600 * (0.5 + 2 * U(rng));
    }
    p.jobs.push_back(jb);
  }
  int yes = 0, no = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::vector<int> seq;
    const int len = 1 + trial % 7;
    for (int k = 0; k < len; ++k) seq.push_back(static_cast<int>(rng() % p.jobs.size()));
    routing::RouteSchedule sched;
    const bool fast = routing::check_route(p, 0, seq);
    const bool full = routing::check_route(p, 0, seq, &sched);
    ASSERT_EQ(fast, full) << "trial " << trial;
    (fast ? yes : no)++;
  }
  EXPECT_GT(yes, 400);
  EXPECT_GT(no, 400);
}

namespace {

// One day of `seq` (stop indices) for team 0, checked here independently of the planner:
// leave at the day's start, drive and visit in order (waiting for a window), and take the
// lunch break whole inside its window before leaving, between two visits or after coming
// back; true when some placement of the break brings the team back by the day's end.
bool day_fits(const PlanInput& in, const std::vector<int>& seq) {
  const Team& tm = in.teams[0];
  for (size_t brk = 0; brk <= seq.size() + 1; ++brk) {  // the break after leg brk - 1
    double t = tm.day_start_s;
    bool ok = true;
    int at = tm.base;
    auto lunch = [&] {
      t = std::max(t, tm.lunch_open_s) + tm.lunch_s;
      ok = ok && t <= tm.lunch_close_s + 1e-9;
    };
    for (size_t k = 0; k <= seq.size() && ok; ++k) {
      if (k == brk) lunch();
      const int next = k < seq.size() ? in.stops[static_cast<size_t>(seq[k])].place : tm.base;
      t += T(in, at, next);
      at = next;
      if (k < seq.size()) {
        const Stop& s = in.stops[static_cast<size_t>(seq[k])];
        t = std::max(t, s.open_s);
        ok = ok && t <= s.close_s + 1e-9;
        t += s.service_s;
      }
    }
    if (brk == seq.size() + 1) lunch();
    if (ok && t <= tm.day_end_s + 1e-9) return true;
  }
  return false;
}

}  // namespace

// Days of 3-hour visits hold one far stop or two near ones: which stops pair up decides
// the plan's value. The first plan (construction, then the days rebuilt one by one and
// two by two) reaches the best value, found here by enumerating every set of days.
TEST(RoutingPlanner, FirstPlanPairsLongVisitsAsWellAsEnumeration) {
  for (unsigned long long seed = 1; seed <= 8; ++seed) {
    Lcg r{seed};
    std::vector<Vec2> places = {{700000, 7000000}};
    PlanInput in;
    in.days = 4;
    Team tm;
    tm.name = "Saint-Quentin";
    in.teams.push_back(tm);
    for (int k = 0; k < 14; ++k) {
      const double radius = k < 10 ? 4000 + 14000 * r.uni() : 40000 + 30000 * r.uni();
      const double angle = 6.283185307179586 * r.uni();
      places.push_back({700000 + radius * std::cos(angle), 7000000 + radius * std::sin(angle)});
      Stop s;
      s.id = "S" + std::to_string(k);
      s.place = k + 1;
      s.value = 20 + std::floor(40 * r.uni());
      s.service_s = 3 * H;
      in.stops.push_back(s);
    }
    build_costs(CrowFlyTravel{}, places, in);
    // Every day a team can make (one stop, or two in either order), then the best set of
    // at most `days` of them without a stop twice.
    struct Day {
      double value;
      std::vector<int> stops;
    };
    std::vector<Day> days;
    const int n = static_cast<int>(in.stops.size());
    for (int a = 0; a < n; ++a) {
      if (day_fits(in, {a})) days.push_back({in.stops[static_cast<size_t>(a)].value, {a}});
      for (int b = a + 1; b < n; ++b)
        if (day_fits(in, {a, b}) || day_fits(in, {b, a}))
          days.push_back({in.stops[static_cast<size_t>(a)].value + in.stops[static_cast<size_t>(b)].value, {a, b}});
    }
    double best = 0;
    std::vector<char> used(static_cast<size_t>(n), 0);
    std::function<void(size_t, int, double)> pick = [&](size_t from, int left, double value) {
      best = std::max(best, value);
      if (left == 0) return;
      for (size_t i = from; i < days.size(); ++i) {
        bool free = true;
        for (int s : days[i].stops) free = free && !used[static_cast<size_t>(s)];
        if (!free) continue;
        for (int s : days[i].stops) used[static_cast<size_t>(s)] = 1;
        pick(i + 1, left - 1, value + days[i].value);
        for (int s : days[i].stops) used[static_cast<size_t>(s)] = 0;
      }
    };
    pick(0, in.days, 0);
    size_t pairs = 0;
    for (const Day& d : days) pairs += d.stops.size() == 2;
    ASSERT_GT(pairs, 3u) << "seed " << seed << ": the instance should offer pairs to choose from";

    SolveOptions o;
    o.seed = 1;
    o.max_iterations = 1;
    o.threads = 1;
    const Plan plan = plan_tours(in, o);
    ASSERT_EQ(check_plan(in, plan), "") << "seed " << seed;
    for (const DayPlan& d : plan.days) EXPECT_LE(d.visits.size(), 2u);
    EXPECT_NEAR(plan.value, best, 1e-9) << "seed " << seed << ": " << days.size() << " possible days";
  }
}
