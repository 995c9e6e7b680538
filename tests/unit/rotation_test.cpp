// Rotation mode (core/routing/rotation.h, `maraude plan --cycle`): the slot-pattern parser,
// the frequency/cycle rules, the rotation planner on a small hand-made instance, and an
// independent checker that reads planning.ics and planning.csv of a real
// `maraude plan --cycle 2w` run back and checks them against the travel model itself
// (it never calls the planner's own checks).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/projection.h"
#include "core/routing/rotation.h"
#include "core/travel.h"
#include "core/travel_choice.h"
#include "io/csv.h"
#include "io/plan_export.h"
#include "io/plan_setup.h"
#include "io/workspace.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::test;

namespace {

constexpr double H = 3600;

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.where() + " : " + e.what_text() + " (" + e.hint() + ")";
  }
  return "";
}

}  // namespace

// ---------------------------------------------------------------- slot parser

TEST(SlotParser, DefaultPattern) {
  const auto p = io::parse_slots("lun-ven 09:30-12:30,13:30-16:00", "slots");
  for (int d = 0; d < 5; ++d) {
    ASSERT_EQ(p.days[static_cast<size_t>(d)].size(), 2u) << d;
    EXPECT_EQ(p.days[static_cast<size_t>(d)][0].start_s, 9.5 * H);
    EXPECT_EQ(p.days[static_cast<size_t>(d)][0].end_s, 12.5 * H);
    EXPECT_EQ(p.days[static_cast<size_t>(d)][1].start_s, 13.5 * H);
    EXPECT_EQ(p.days[static_cast<size_t>(d)][1].end_s, 16 * H);
  }
  EXPECT_TRUE(p.days[5].empty());
  EXPECT_TRUE(p.days[6].empty());
  EXPECT_EQ(p.slots_per_week(), 10);
  const auto d = routing::default_week_pattern();
  EXPECT_EQ(io::slots_text(d), "lun-ven 09:30-12:30,13:30-16:00");
}

TEST(SlotParser, GroupsListsAndNoDays) {
  const auto p = io::parse_slots("lundi,Mercredi 13:30-16:00,09:30-12:30 ; ven 09:00-12:00", "slots");
  EXPECT_EQ(p.days[0].size(), 2u);
  EXPECT_EQ(p.days[0][0].start_s, 9.5 * H);  // sorted
  EXPECT_TRUE(p.days[1].empty());
  EXPECT_EQ(p.days[2].size(), 2u);
  ASSERT_EQ(p.days[4].size(), 1u);
  EXPECT_EQ(p.days[4][0].start_s, 9 * H);
  EXPECT_EQ(io::slots_text(p), "lun 09:30-12:30,13:30-16:00; mer 09:30-12:30,13:30-16:00; ven 09:00-12:00");
  // Round trip.
  EXPECT_EQ(io::slots_text(io::parse_slots(io::slots_text(p), "slots")), io::slots_text(p));
  const auto q = io::parse_slots("09:00-12:00", "slots");
  EXPECT_EQ(q.slots_per_week(), 5);
  EXPECT_TRUE(q.days[5].empty());
}

TEST(SlotParser, HostileInputSaysWhere) {
  struct Case {
    const char* text;
    const char* token;
  };
  const Case cases[] = {
      {"lun-vxn 09:30-12:30", "lun-vxn"},       {"lun-ven 09:30-25:00", "09:30-25:00"}, {"lun-ven 12:30-09:30", "12:30-09:30"},
      {"lun-ven", "lun-ven"},                   {"lun-ven 09:30", "09:30"},             {"ven-lun 09:30-12:30", "ven-lun"},
      {"lun 09:00-12:00,11:00-13:00", "09:00-12:00,11:00-13:00"}, {"lun 09:00-12:00; lun 14:00-16:00", "lun 14:00-16:00"},
      {"", ""},                                  {";", ""},                              {"lun 9h30-12h30", "9h30-12h30"},
      {"lun,,mar 09:00-10:00", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const std::string msg = error_text([&] { io::parse_slots(c.text, "slots"); });
    ASSERT_FALSE(msg.empty()) << "accepted";
    EXPECT_NE(msg.find("--slots"), std::string::npos) << msg;
    EXPECT_NE(msg.find("caractère"), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::string("« ") + c.token), std::string::npos) << msg;
  }
  // The position points at the bad token.
  const std::string msg = error_text([] { io::parse_slots("lun-ven 09:30-12:30,13:30-1600", "slots"); });
  EXPECT_NE(msg.find("caractère 21"), std::string::npos) << msg;
}

// ---------------------------------------------------------------- frequency and cycle

TEST(FrequencyRules, ParseAndFit) {
  EXPECT_EQ(routing::parse_frequency_weeks("weekly"), 1);
  EXPECT_EQ(routing::parse_frequency_weeks("Biweekly"), 2);
  EXPECT_EQ(routing::parse_frequency_weeks("4weekly"), 4);
  EXPECT_EQ(routing::parse_frequency_weeks("une semaine sur deux"), 2);
  EXPECT_EQ(routing::parse_frequency_weeks("mensuel"), 4);
  EXPECT_EQ(routing::parse_frequency_weeks("3weekly"), 0);
  EXPECT_EQ(routing::parse_frequency_weeks(""), 0);
  for (int c : {1, 2, 4})
    for (int p : {0, 1, 2, 4}) {
      const bool fits = p <= c;
      const std::string msg = error_text([&] { routing::check_cycle_frequency(c, p, "--frequency"); });
      EXPECT_EQ(msg.empty(), fits) << "cycle " << c << " period " << p << " : " << msg;
    }
  const std::string msg = error_text([] { routing::check_cycle_frequency(1, 4, "--frequency"); });
  EXPECT_NE(msg.find("une semaine sur quatre"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cycle de 1 semaine"), std::string::npos) << msg;
  EXPECT_FALSE(error_text([] { routing::check_cycle_frequency(3, 0, "--cycle"); }).empty());
}

// ---------------------------------------------------------------- planner on a small instance

namespace {

// Places on a line, `km` kilometres from the base (place 0), 60 km/h.
routing::RotationInput line_instance(const std::vector<double>& km, const std::vector<double>& values) {
  routing::RotationInput r;
  auto& in = r.in;
  std::vector<double> x{0};
  x.insert(x.end(), km.begin(), km.end());
  in.n_places = static_cast<int>(x.size());
  for (double a : x)
    for (double b : x) {
      in.dist_m.push_back(std::abs(a - b) * 1000);
      in.time_s.push_back(std::abs(a - b) * 60);
    }
  routing::Team t;
  t.base = 0;
  t.day_start_s = 8 * H;
  t.day_end_s = 17.5 * H;
  t.lunch_s = 0;
  in.teams.push_back(t);
  for (size_t i = 0; i < km.size(); ++i) {
    routing::Stop s;
    s.id = "s" + std::to_string(i + 1);
    s.place = static_cast<int>(i + 1);
    s.value = values[i];
    in.stops.push_back(s);
  }
  // Two days (Monday, Tuesday), two slots each.
  r.pattern = routing::WeekPattern{};
  r.pattern.days[0] = r.pattern.days[1] = {{9.5 * H, 12.5 * H}, {13.5 * H, 16 * H}};
  return r;
}

routing::SolveOptions quick() {
  routing::SolveOptions o;
  o.max_iterations = 300;
  return o;
}

}  // namespace

TEST(RotationPlanner, SameSlotEveryWeekAndLunchMove) {
  // s1 and s2 are 100 km apart: never the same day (a 100-minute move in a 60-minute gap).
  auto r = line_instance({10, -90, 12, 14, 500}, {50, 40, 30, 20, 100});
  r.cycle_weeks = 2;
  r.in.stops[0].period_weeks = 1;  // s1 weekly in a 2-week cycle: two cells
  routing::RotationPlan rot;
  const auto plan = routing::plan_rotation(r, quick(), rot);
  EXPECT_EQ(rot.cells, 8);
  // s5 (500 km away) cannot hold any slot: left out with its reason.
  bool s5_out = false;
  for (const auto& lo : plan.left_out)
    if (lo.stop == 4) {
      s5_out = true;
      EXPECT_EQ(lo.reason, routing::LeftOutReason::TimeWindowUnreachable);
      EXPECT_FALSE(lo.explanation.empty());
    }
  EXPECT_TRUE(s5_out);
  // s1..s4 all served (8 cells: s1 takes 2, the others 1 each).
  std::map<int, routing::Passage> by_stop;
  for (const auto& p : rot.passages) by_stop[p.stop] = p;
  for (int j = 0; j < 4; ++j) EXPECT_TRUE(by_stop.count(j)) << j;
  ASSERT_TRUE(by_stop.count(0));
  EXPECT_EQ(by_stop[0].period_weeks, 1);
  EXPECT_EQ(by_stop[1].period_weeks, 2);
  // The weekly stop is in its cell in both weeks; nothing shares a cell; s1 and s2 never on one day.
  std::map<std::pair<int, double>, int> cell;
  int s1_days = 0;
  for (const auto& dp : plan.days) {
    std::set<int> here;
    for (const auto& v : dp.visits) {
      EXPECT_TRUE(cell.emplace(std::make_pair(dp.day, v.start_s), v.stop).second);
      here.insert(v.stop);
      if (v.stop == 0) {
        ++s1_days;
        EXPECT_EQ(dp.day % 7, by_stop[0].weekday);
        EXPECT_EQ(v.start_s, by_stop[0].start_s);
      }
      EXPECT_LE(v.arrival_s, v.start_s + 1e-6);
    }
    EXPECT_FALSE(here.count(0) && here.count(1)) << "day " << dp.day;
  }
  EXPECT_EQ(s1_days, 2);
  EXPECT_DOUBLE_EQ(rot.weighted_value, 50.0 + (40 + 30 + 20) / 2.0);
  EXPECT_DOUBLE_EQ(rot.raw_value, 140);
}

TEST(RotationPlanner, MoreMustVisitsThanSlotsAreListed) {
  auto r = line_instance({10, 11, 12, 13, 14, 15}, {1, 2, 3, 4, 5, 6});
  r.cycle_weeks = 1;
  for (auto& s : r.in.stops) s.must_visit = true;
  routing::RotationPlan rot;
  try {
    routing::plan_rotation(r, quick(), rot);
    FAIL() << "6 must-visit stops in 4 slots accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Infeasible);
    const std::string m = e.what_text();
    EXPECT_NE(m.find("6 passages obligatoires"), std::string::npos) << m;
    EXPECT_NE(m.find("4 créneaux"), std::string::npos) << m;
    int listed = 0;
    for (int i = 1; i <= 6; ++i) listed += m.find("« s" + std::to_string(i) + " »") != std::string::npos;
    EXPECT_EQ(listed, 2) << m;
  }
  // A day off removes its cells; a day off outside the cycle is refused.
  auto r2 = line_instance({10, 11}, {1, 2});
  r2.in.teams[0].days_off = {0};
  routing::plan_rotation(r2, quick(), rot);
  EXPECT_EQ(rot.cells, 2);
  for (const auto& p : rot.passages) EXPECT_EQ(p.weekday, 1);
  r2.in.teams[0].days_off = {7};
  EXPECT_THROW(routing::plan_rotation(r2, quick(), rot), Error);
  // A frequency the cycle cannot hold.
  auto r3 = line_instance({10}, {1});
  r3.in.stops[0].period_weeks = 4;
  r3.cycle_weeks = 2;
  EXPECT_THROW(routing::plan_rotation(r3, quick(), rot), Error);
}

TEST(RotationPlanner, MatchesBruteForceOnSmallInstances) {
  // 8 stops scattered around the base, one week, Monday and Tuesday with two slots each
  // (4 cells), 30 km/h: the morning-afternoon move and the trips to and from the base bind.
  // The optimum is found by enumerating every assignment with a feasibility test written
  // here (not the engine's): the planner must reach the same value.
  const double day_start = 8.75 * H, day_end = 16.75 * H;  // 45 min before / after the slots
  const double s0 = 9.5 * H, e0 = 12.5 * H, s1 = 13.5 * H, e1 = 16 * H;
  int binding = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-30, 30), val(1, 100);
    const int n = 8;
    std::vector<Vec2> pos{{0, 0}};
    std::vector<double> value;
    for (int i = 0; i < n; ++i) {
      pos.push_back({u(rng), u(rng)});
      value.push_back(std::round(val(rng)));
    }
    routing::RotationInput r;
    auto& in = r.in;
    in.n_places = n + 1;
    for (const Vec2& a : pos)
      for (const Vec2& b : pos) {
        const double km = std::hypot(a.x - b.x, a.y - b.y);
        in.dist_m.push_back(km * 1000);
        in.time_s.push_back(km * 120);  // 30 km/h
      }
    routing::Team t;
    t.day_start_s = day_start;
    t.day_end_s = day_end;
    t.lunch_s = 0;
    in.teams.push_back(t);
    for (int i = 0; i < n; ++i) {
      routing::Stop st;
      st.id = "s" + std::to_string(i);
      st.place = i + 1;
      st.value = value[static_cast<size_t>(i)];
      in.stops.push_back(st);
    }
    r.pattern = routing::WeekPattern{};
    r.pattern.days[0] = r.pattern.days[1] = {{s0, e0}, {s1, e1}};
    auto tt = [&](int a, int b) { return in.time_s[static_cast<size_t>(a * (n + 1) + b)]; };
    // A day with stop m in the morning and stop a in the afternoon (-1: none).
    auto day_ok = [&](int m, int a) {
      if (m >= 0 && day_start + tt(0, m + 1) > s0 + 1e-6) return false;
      if (m >= 0 && a < 0 && e0 + tt(m + 1, 0) > day_end + 1e-6) return false;
      if (a >= 0 && m < 0 && day_start + tt(0, a + 1) > s1 + 1e-6) return false;
      if (m >= 0 && a >= 0 && e0 + tt(m + 1, a + 1) > s1 + 1e-6) return false;
      if (a >= 0 && e1 + tt(a + 1, 0) > day_end + 1e-6) return false;
      return true;
    };
    double best = 0;
    std::vector<int> cell(4, -1);  // Monday am/pm, Tuesday am/pm
    std::function<void(int, double, unsigned)> rec = [&](int c, double v, unsigned used) {
      if (c == 4) {
        if (day_ok(cell[0], cell[1]) && day_ok(cell[2], cell[3])) best = std::max(best, v);
        return;
      }
      cell[static_cast<size_t>(c)] = -1;
      rec(c + 1, v, used);
      for (int j = 0; j < n; ++j)
        if (!(used & (1u << j))) {
          cell[static_cast<size_t>(c)] = j;
          rec(c + 1, v + value[static_cast<size_t>(j)], used | (1u << j));
        }
      cell[static_cast<size_t>(c)] = -1;
    };
    rec(0, 0, 0);
    routing::SolveOptions o;
    o.max_iterations = 2000;
    o.seed = seed;
    routing::RotationPlan rot;
    routing::plan_rotation(r, o, rot);
    std::string got;
    for (const auto& ps : rot.passages) got += " s" + std::to_string(ps.stop) + "@" + std::to_string(ps.weekday) + "/" + std::to_string(ps.half);
    for (int j = 0; j < n; ++j) got += " t" + std::to_string(j) + "=" + std::to_string(tt(0, j + 1) / 60);
    EXPECT_NEAR(rot.raw_value, best, 1e-6) << "planner " << rot.raw_value << got;
    std::vector<double> sorted = value;
    std::sort(sorted.rbegin(), sorted.rend());
    binding += best < sorted[0] + sorted[1] + sorted[2] + sorted[3] - 1e-6;
  }
  EXPECT_GE(binding, 10) << "instances where the drives keep the best stops apart";
}

// ---------------------------------------------------------------- independent checker

namespace {

constexpr double kTol = 61;  // times are written to the minute
// A tight day so that the drives bind: 15 minutes between the slots, 30 minutes to leave
// the base before the first one and to come back after the last one.
const double kSlotStart[2] = {9.5 * H, 12.75 * H}, kSlotEnd[2] = {12.5 * H, 15.5 * H};
const double kDayStart = 9 * H, kDayEnd = 16 * H;
const int kDayOff = 2;  // --days-off 3: the Wednesday of week 1

double clock_s(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  return std::stoi(s.substr(0, 2)) * H + std::stoi(s.substr(3, 2)) * 60.0;
}

long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
long day_number(const std::string& iso) {  // "2026-11-30" or "20261130"
  const std::string s = iso.size() == 8 ? iso.substr(0, 4) + "-" + iso.substr(4, 2) + "-" + iso.substr(6, 2) : iso;
  return days_from_civil(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2)));
}
int weekday_of(long dn) { return static_cast<int>(((dn % 7) + 7 + 3) % 7); }  // 1970-01-01 was a Thursday

struct IcsEvent {
  std::map<std::string, std::string> props;  // name (with parameters) -> value
  std::string get(const std::string& prefix) const {
    for (const auto& [k, v] : props)
      if (k == prefix || k.rfind(prefix + ";", 0) == 0) return v;
    return "";
  }
};

std::vector<IcsEvent> read_ics(const std::string& text, bool& crlf_ok, bool& has_vtimezone) {
  crlf_ok = true;
  std::vector<std::string> lines;
  size_t i = 0;
  while (i < text.size()) {
    const size_t e = text.find("\r\n", i);
    if (e == std::string::npos) {
      crlf_ok = false;
      break;
    }
    std::string l = text.substr(i, e - i);
    if (l.find('\n') != std::string::npos || l.size() > 75) crlf_ok = false;
    if (!l.empty() && l[0] == ' ' && !lines.empty())
      lines.back() += l.substr(1);
    else
      lines.push_back(l);
    i = e + 2;
  }
  std::vector<IcsEvent> out;
  bool in_event = false, in_tz = false;
  has_vtimezone = false;
  for (const auto& l : lines) {
    if (l == "BEGIN:VEVENT") {
      in_event = true;
      out.emplace_back();
    } else if (l == "END:VEVENT") {
      in_event = false;
    } else if (l == "BEGIN:VTIMEZONE") {
      in_tz = true;
    } else if (l == "END:VTIMEZONE") {
      in_tz = false;
    } else if (in_tz && l == "TZID:Europe/Paris") {
      has_vtimezone = true;
    } else if (in_event) {
      const auto c = l.find(':');
      if (c != std::string::npos) out.back().props[l.substr(0, c)] = l.substr(c + 1);
    }
  }
  return out;
}

struct Occurrence {
  long day = 0;           // day number
  double start = 0, end = 0;
  Vec2 pos;
  std::string code;       // commune code from LOCATION
  int interval = 0;
};

}  // namespace

TEST(RotationChecker, IcsAndCsvOfARealTwoWeekRotation) {
  const fs::path dir = temp_dir("rotation_check");
  const std::string ws_path = real_workspace();
  const auto res = run_maraude("plan '" + ws_path +
                               "' --base 59178 --cycle 2w --slots 'lun-ven 09:30-12:30,12:45-15:30' --start 09:00 --end 16:00"
                               " --territory laureate:tour_emploi --reach 3km --days-off 3"
                               " --date 2026-11-30 --iterations 3000 --out '" + dir.string() + "'");
  ASSERT_EQ(res.exit_code, 0) << res.err << res.out;
  for (const char* f : {"planning.ics", "planning.csv", "planning.xlsx", "plan.gpx", "plan.kml", "plan.geojson", "roadbook.pdf",
                        "passages.pdf", "rapport.txt"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  const long cycle0 = day_number("2026-11-30");  // a Monday

  // --- planning.ics
  bool crlf = false, vtz = false;
  const auto events = read_ics(read_file(dir / "planning.ics"), crlf, vtz);
  EXPECT_TRUE(crlf) << "every line ends with CRLF, at most 75 octets";
  EXPECT_TRUE(vtz) << "VTIMEZONE Europe/Paris";
  ASSERT_GE(events.size(), 10u);
  std::vector<Occurrence> occ;  // each event expanded over 3 cycles
  std::map<std::pair<long, double>, Occurrence> by_slot;  // (day, start) over the first cycle
  static const char* const byday[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  for (const auto& ev : events) {
    const std::string ds = ev.get("DTSTART"), de = ev.get("DTEND"), rr = ev.get("RRULE");
    SCOPED_TRACE(ev.get("SUMMARY"));
    ASSERT_TRUE(ev.props.count("DTSTART;TZID=Europe/Paris")) << "local time with TZID";
    ASSERT_EQ(ds.size(), 15u);
    ASSERT_EQ(de.size(), 15u);
    EXPECT_EQ(ds.substr(0, 8), de.substr(0, 8));
    const long d0 = day_number(ds.substr(0, 8));
    const double st = std::stoi(ds.substr(9, 2)) * H + std::stoi(ds.substr(11, 2)) * 60;
    const double en = std::stoi(de.substr(9, 2)) * H + std::stoi(de.substr(11, 2)) * 60;
    // Inside a slot of the pattern, on a working weekday.
    const int wd = weekday_of(d0);
    EXPECT_LT(wd, 5) << "weekend";
    const int half = std::abs(st - kSlotStart[0]) < 1 ? 0 : std::abs(st - kSlotStart[1]) < 1 ? 1 : -1;
    ASSERT_GE(half, 0) << "start " << st;
    EXPECT_NEAR(en, kSlotEnd[half], 1);
    // The RRULE: weekly, interval = the cycle (no --frequency), on DTSTART's weekday.
    EXPECT_EQ(rr, std::string("FREQ=WEEKLY;INTERVAL=2;BYDAY=") + byday[wd]);
    EXPECT_GE(d0, cycle0);
    EXPECT_LT(d0, cycle0 + 14) << "first passage inside the first cycle";
    const std::string geo = ev.get("GEO");
    const auto sc = geo.find(';');
    ASSERT_NE(sc, std::string::npos);
    Occurrence o;
    o.start = st;
    o.end = en;
    o.pos = lonlat_to_l93(std::stod(geo.substr(sc + 1)), std::stod(geo.substr(0, sc)));
    const std::string loc = ev.get("LOCATION");
    const auto cp = loc.find("(commune ");
    if (cp != std::string::npos) o.code = loc.substr(cp + 9, 5);
    o.interval = 2;
    for (int k = 0; k < 3; ++k) {
      o.day = d0 + 14L * k;
      occ.push_back(o);
    }
    o.day = d0;
    EXPECT_TRUE(by_slot.emplace(std::make_pair(d0, st), o).second) << "two stops in one slot";
  }
  // No two passages in one slot for the team, no passage on a day off, over 3 cycles.
  std::set<std::pair<long, double>> taken;
  for (const auto& o : occ) {
    EXPECT_TRUE(taken.insert({o.day, o.start}).second) << "two stops in one slot, day " << o.day;
    EXPECT_NE((o.day - cycle0) % 14, kDayOff) << "passage on the day off";
  }

  // --- planning.csv: one cycle of events, agreeing with the calendar
  const auto t = io::CsvTable::read((dir / "planning.csv").string());
  const size_t c_date = t.require("date"), c_type = t.require("type"), c_code = t.require("code"), c_arr = t.require("arrivee"),
               c_deb = t.require("debut"), c_dep = t.require("depart"), c_cren = t.require("creneau"),
               c_freq = t.require("frequence"), c_ordre = t.require("ordre");
  struct Row {
    int order;
    std::string type, code, creneau, freq;
    double arr, deb, dep;
  };
  std::map<long, std::vector<Row>> days;
  for (const auto& row : t.rows()) {
    const std::string date = t.get(row, c_date);
    days[day_number(date)].push_back({std::stoi(t.get(row, c_ordre)), t.get(row, c_type), t.get(row, c_code), t.get(row, c_cren),
                                      t.get(row, c_freq), clock_s(t.get(row, c_arr)), clock_s(t.get(row, c_deb)),
                                      clock_s(t.get(row, c_dep))});
  }
  const Workspace ws = io::load_workspace(ws_path);
  const auto travel = travel_for(ws, TravelChoice::Auto);
  const Vec2 base = io::parse_base(ws, "59178").pos;
  static const char* const jour[7] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  size_t stops = 0;
  for (auto& [dn, rows] : days) {
    SCOPED_TRACE("jour " + std::to_string(dn - cycle0 + 1));
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.order < b.order; });
    EXPECT_GE(dn, cycle0);
    EXPECT_LT(dn, cycle0 + 14) << "rows cover one cycle";
    EXPECT_NE(dn - cycle0, kDayOff) << "a tour on the day off";
    EXPECT_LT(weekday_of(dn), 5);
    ASSERT_GE(rows.size(), 3u);
    EXPECT_EQ(rows.front().type, "depart");
    EXPECT_EQ(rows.back().type, "retour");
    EXPECT_GE(rows.front().dep, kDayStart - kTol);
    EXPECT_LE(rows.back().arr, kDayEnd + kTol);
    Vec2 at = base;
    double free_from = rows.front().dep;
    for (const auto& r : rows) {
      if (r.type != "arret") continue;
      ++stops;
      // Inside its slot's hours, the slot named in `creneau`.
      const int half = std::abs(r.deb - kSlotStart[0]) < 1 ? 0 : std::abs(r.deb - kSlotStart[1]) < 1 ? 1 : -1;
      ASSERT_GE(half, 0) << r.code << " starts at " << r.deb;
      EXPECT_NEAR(r.dep, kSlotEnd[half], 1);
      EXPECT_LE(r.arr, r.deb + 1);
      char want[64];
      std::snprintf(want, sizeof want, "%s %02d:%02d-%02d:%02d", jour[weekday_of(dn)], static_cast<int>(kSlotStart[half] / H),
                    static_cast<int>(std::fmod(kSlotStart[half], H) / 60), static_cast<int>(kSlotEnd[half] / H),
                    static_cast<int>(std::fmod(kSlotEnd[half], H) / 60));
      EXPECT_EQ(r.creneau, want);
      EXPECT_EQ(r.freq, "une semaine sur deux");
      // The same passage is in the calendar.
      const auto it = by_slot.find({dn, r.deb});
      ASSERT_NE(it, by_slot.end()) << "stop of the CSV missing from the ICS: " << r.code;
      EXPECT_EQ(it->second.code, r.code);
      // The drive from the previous place fits between the previous slot's end and this one's start.
      const double drive = travel->time_s(at, it->second.pos);
      EXPECT_LE(free_from + drive, r.deb + kTol) << "drive of " << drive / 60 << " min to " << r.code;
      at = it->second.pos;
      free_from = r.dep;
    }
    EXPECT_LE(free_from + travel->time_s(at, base), rows.back().arr + kTol);
    EXPECT_LE(free_from + travel->time_s(at, base), kDayEnd + kTol) << "back to base in time";
  }
  EXPECT_EQ(stops, events.size()) << "each ICS event once in the cycle of the CSV";
  // The default 2-slot days: the day off removes its 2 cells from the 20.
  EXPECT_LE(stops, 18u);
  EXPECT_GE(stops, 15u);
  // The report says how frequency weighs the value.
  const std::string rep = read_file(dir / "rapport.txt");
  EXPECT_NE(rep.find("Valeur pondérée par la fréquence"), std::string::npos);
  EXPECT_NE(rep.find("une semaine sur deux"), std::string::npos);
  // passages.pdf: one page per stop.
  const auto info = maraude::test::run("pdfinfo '" + (dir / "passages.pdf").string() + "' 2>/dev/null | grep Pages");
  if (info.exit_code == 0) EXPECT_NE(info.out.find(std::to_string(events.size())), std::string::npos) << info.out;
}

TEST(RotationChecker, FrequencyWeeklyInTwoWeekCycle) {
  const fs::path dir = temp_dir("rotation_weekly");
  const auto res = run_maraude("plan '" + real_workspace() +
                               "' --base 59178 --cycle 2w --frequency weekly --slots 'lun,jeu 09:30-12:30,13:30-16:00'"
                               " --territory laureate:tour_emploi --reach 3km --date 2026-11-30 --iterations 500 --out '" +
                               dir.string() + "'");
  ASSERT_EQ(res.exit_code, 0) << res.err << res.out;
  bool crlf = false, vtz = false;
  const auto events = read_ics(read_file(dir / "planning.ics"), crlf, vtz);
  EXPECT_EQ(events.size(), 4u) << "4 weekly cells in the week";
  for (const auto& ev : events) {
    EXPECT_EQ(ev.get("RRULE").rfind("FREQ=WEEKLY;INTERVAL=1;BYDAY=", 0), 0u) << ev.get("RRULE");
    const std::string by = ev.get("RRULE").substr(ev.get("RRULE").size() - 2);
    EXPECT_TRUE(by == "MO" || by == "TH") << by;
    EXPECT_LT(day_number(ev.get("DTSTART").substr(0, 8)), day_number("2026-12-07")) << "first passage in week 1";
  }
  // The CSV repeats each weekly stop in both weeks: 8 stop rows.
  const auto t = io::CsvTable::read((dir / "planning.csv").string());
  int stops = 0;
  for (const auto& row : t.rows()) stops += t.get(row, t.require("type")) == "arret";
  EXPECT_EQ(stops, 8);
}

TEST(RotationChecker, BadInputSaysWhere) {
  const std::string ws = real_workspace();
  const fs::path dir = temp_dir("rotation_bad");
  auto plan = [&](const std::string& args) {
    return run_maraude("plan '" + ws + "' --out '" + dir.string() + "' --territory laureate:tour_emploi --reach 3km " + args);
  };
  auto r = plan("--base 59178 --slots 'lun-vxn 09:30-12:30'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--slots"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("« lun-vxn »"), std::string::npos) << r.err;
  r = plan("--base 59178 --cycle 1w --frequency 4weekly");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--frequency"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cycle de 1 semaine"), std::string::npos) << r.err;
  r = plan("--base 2.3522,48.8566");  // Paris
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("hors de la région"), std::string::npos) << r.err;
  r = plan("--base 59178 --days 5 --cycle 2w");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("s'excluent"), std::string::npos) << r.err;
  r = plan("--base 59178 --cycle 3w");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--cycle"), std::string::npos) << r.err;
  // Three must-visit communes for one slot: the two that cannot fit are named.
  const fs::path stops = dir / "must.csv";
  write_file(stops, "code,must\n59028,1\n59637,1\n59314,1\n");
  r = plan("--base 59178 --slots 'lun 09:30-12:30' --stops '" + stops.string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("3 passages obligatoires par cycle pour 1 créneau ;"), std::string::npos) << r.err;
  int named = 0;
  for (const char* n : {"Auby", "Wandignies", "Hornaing"}) named += r.err.find(n) != std::string::npos;
  EXPECT_GE(named, 2) << r.err;
  // A per-stop frequency the cycle cannot hold, from --stops.
  write_file(stops, "code,frequence\n59028,4weekly\n");
  r = plan("--base 59178 --cycle 2w --stops '" + stops.string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("must.csv, ligne 2"), std::string::npos) << r.err;
}

TEST(RotationChecker, DefaultsAreTwoHalfDaysMondayToFriday) {
  // No --days, --cycle, --slots nor --frequency: a weekly rotation, two stops a day, Monday to Friday.
  const fs::path dir = temp_dir("rotation_default");
  const auto res = run_maraude("plan '" + real_workspace() + "' --base 59178 --territory laureate:tour_emploi --reach 3km" +
                               " --date 2026-12-02 --iterations 500 --out '" + dir.string() + "'");
  ASSERT_EQ(res.exit_code, 0) << res.err << res.out;
  bool crlf = false, vtz = false;
  const auto events = read_ics(read_file(dir / "planning.ics"), crlf, vtz);
  ASSERT_EQ(events.size(), 10u);
  std::map<std::string, int> per_day;
  for (const auto& ev : events) {
    EXPECT_EQ(ev.get("RRULE").rfind("FREQ=WEEKLY;INTERVAL=1;BYDAY=", 0), 0u) << ev.get("RRULE");
    const std::string ds = ev.get("DTSTART");
    ++per_day[ds.substr(0, 8)];
    EXPECT_TRUE(ds.substr(9) == "093000" || ds.substr(9) == "133000") << ds;
    // The cycle starts on the first Monday on or after --date (2026-12-02 is a Wednesday).
    EXPECT_GE(day_number(ds.substr(0, 8)), day_number("2026-12-07"));
    EXPECT_LE(day_number(ds.substr(0, 8)), day_number("2026-12-11"));
  }
  EXPECT_EQ(per_day.size(), 5u);
  for (const auto& [d, n] : per_day) EXPECT_EQ(n, 2) << d;
  EXPECT_NE(read_file(dir / "rapport.txt").find("Semaine type : lun-ven 09:30-12:30,13:30-16:00"), std::string::npos);
}
