// Saved plan text (io/plan_store): any input is read or refused with a maraude::Error; an
// accepted plan has every index inside its table, every leg a cost, and reads back the same
// through plan_to_text; a rotation's passages lie inside its stops, teams, week pattern and
// cycle. The seeds are a small one-off plan, a small rotation and the one-off plan with stop
// rules, written by plan_to_text.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "core/error.h"
#include "fuzz_support.h"
#include "io/plan_store.h"

using namespace maraude;

namespace {

std::string seed_plan() {
  io::PlanRequest r;
  r.base = "99003";
  r.days = 2;
  r.date = io::Date{2026, 12, 7};
  r.pins["commune:99001"] = {0, 1};
  io::PlanResult res;
  res.territory_label = "région entière";
  res.scenario_name = "services publics existants";
  res.reach_label = "15 km";
  res.start = io::Date{2026, 12, 7};
  res.candidates = 2;
  res.candidates_value = 7.5;
  res.places = {{"99003", "Base", "", {1044000, 6300000}, {}},
                {"99001", "Nord", "commune:99001", {1045000, 6301000}, {}},
                {"99002", "QPV Sud", "qpv:QN1", {1043000, 6299000},
                 MultiPolygon{{Polygon{{Ring{{1042900, 6298900}, {1043100, 6298900}, {1043100, 6299100}, {1042900, 6298900}}}}}}}};
  auto& in = res.input;
  in.n_places = 3;
  in.days = 2;
  in.dist_m = {0, 1500, 1500, 1500, 0, 2800, 1500, 2800, 0};
  in.time_s = {0, 180, 180, 180, 0, 300, 180, 300, 0};
  routing::Team t;
  t.name = "Équipe du bureau mobile";
  in.teams = {t};
  res.team_names = {t.name};
  routing::Stop a, b;
  a.id = "Nord", a.place = 1, a.value = 5, a.pin_team = 0, a.pin_day = 1;
  b.id = "QPV Sud", b.place = 2, b.value = 2.5;
  in.stops = {a, b};
  routing::DayPlan d0, d1;
  d0.team = 0, d0.day = 0, d0.depart_s = 9 * 3600, d0.return_s = 12 * 3600 + 360;
  d0.visits = {{1, 9 * 3600 + 300, 9 * 3600 + 300, 12 * 3600}};
  d1.team = 0, d1.day = 1, d1.depart_s = 9 * 3600, d1.return_s = 9 * 3600;
  res.plan.days = {d0, d1};
  res.plan.visits = 1;
  res.plan.value = 5;
  res.plan.left_out = {{1, routing::LeftOutReason::NoRoom, "aucune journée n'a la place", "Explication ; « test »", true, 5, 1200}};
  return io::plan_to_text("Tournée « essai »\tdéc.", 1, "2026-12-05T10:15:00Z", r, res);
}

// A 2-week rotation of the same places (format version 2): two stops on Monday of week 1,
// morning and afternoon, once per cycle.
std::string seed_rotation() {
  io::PlanRequest r;
  r.base = "99003";
  r.rotation = true;
  r.cycle_weeks = 2;
  r.day_start_s = 8 * 3600, r.day_end_s = 17.5 * 3600;
  r.lunch = false;
  r.date = io::Date{2026, 11, 30};
  r.days_off = {9};
  io::PlanResult res;
  res.territory_label = "région entière";
  res.scenario_name = "services publics existants";
  res.reach_label = "1 km";
  res.start = io::Date{2026, 11, 30};
  res.candidates = 2;
  res.candidates_value = 7.5;
  res.places = {{"99003", "Base", "", {1044000, 6300000}, {}},
                {"99001", "Nord", "commune:99001", {1045000, 6301000}, {}},
                {"99002", "Sud", "commune:99002", {1043000, 6299000}, {}}};
  auto& in = res.input;
  in.n_places = 3;
  in.days = 14;
  in.dist_m = {0, 1500, 1500, 1500, 0, 2800, 1500, 2800, 0};
  in.time_s = {0, 180, 180, 180, 0, 300, 180, 300, 0};
  routing::Team t;
  t.name = "Équipe du bureau mobile";
  t.day_start_s = r.day_start_s, t.day_end_s = r.day_end_s, t.lunch_s = 0;
  t.days_off = r.days_off;
  in.teams = {t};
  res.team_names = {t.name};
  routing::Stop a, b;
  a.id = "Nord", a.place = 1, a.value = 5, a.service_s = 3 * 3600;
  b.id = "Sud", b.place = 2, b.value = 2.5, b.service_s = 2.5 * 3600;
  in.stops = {a, b};
  routing::DayPlan d0;
  d0.team = 0, d0.day = 0, d0.depart_s = 9.5 * 3600 - 180, d0.return_s = 16 * 3600 + 180, d0.distance_m = 5800, d0.drive_s = 660;
  d0.visits = {{0, 9.5 * 3600, 9.5 * 3600, 12.5 * 3600}, {1, 13.5 * 3600, 13.5 * 3600, 16 * 3600}};
  res.plan.days = {d0};
  res.plan.visits = 2;
  res.plan.value = 7.5;
  routing::RotationPlan rot;
  rot.cycle_weeks = 2;
  rot.pattern = routing::default_week_pattern();
  rot.passages = {{0, 0, 0, 0, 0, 9.5 * 3600, 12.5 * 3600, 2}, {1, 0, 0, 0, 1, 13.5 * 3600, 16 * 3600, 2}};
  rot.raw_value = 7.5, rot.weighted_value = 3.75, rot.cells = 18, rot.cells_used = 2;
  res.rotation = rot;
  return io::plan_to_text("Rotation « essai »", 2, "2026-12-05T10:15:00Z", r, res);
}

// The one-off plan with stop rules and their outcome (format version 3): every rule record,
// list entries holding a tab, a newline, quotes and a backslash.
std::string seed_rules() {
  io::SavedPlan sp = io::plan_from_text(seed_plan(), "seed");
  auto& R = sp.request.rules;
  R.max_population = 4999;
  R.min_uncovered_15_29 = 12.5;
  R.min_neet = 1;
  R.min_service = coverage::Reach::minutes(15);
  R.service_kinds = {ServiceKind::FranceTravail, ServiceKind::MissionLocale};
  R.within = {"zone:3220"};
  R.exclude = {"99004", "Nom\tavec « tab »\net \"guillemets\" \\"};
  R.must = {"commune:99001"};
  auto& O = sp.result.rules;
  O.before = 4;
  O.summary = {"commune de 4 999 habitants au plus", "au moins 1 NEET estimé"};
  O.excluded = {{"99004", "Est", "commune:99004", "exclusion", "liste d'exclusion", "exclu par « 99004 »", 3.25},
                {"99005", "Ouest", "commune:99005", "population", "commune de plus de 4 999 habitants", "12 345 habitants", 1}};
  O.conflicts = {"Nord : arrêt obligatoire gardé malgré la règle « neet »"};
  O.notes = {"aucun service « mission locale »\tdans la région"};
  return io::plan_to_text("Règles « essai »", 1, "2026-12-05T10:15:00Z", sp.request, sp.result);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("FUZZ_WRITE_SEEDS")) {
    for (const auto& [name, body] : {std::pair{"small.plan", seed_plan()}, std::pair{"rotation.plan", seed_rotation()},
                                     std::pair{"rules.plan", seed_rules()}}) {
      try {  // a seed the reader refuses would fuzz nothing
        io::plan_from_text(body, name);
      } catch (const Error& e) {
        std::fprintf(stderr, "fuzz_plan: seed %s refused: %s\n", name, e.format().c_str());
        std::abort();
      }
      fuzz::write_seed(name, body);
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t = fuzz::text(data, size);
  io::SavedPlan sp;
  try {
    sp = io::plan_from_text(t, "fuzz.plan");
  } catch (const Error&) {
    return 0;
  }
  const auto& in = sp.result.input;
  const size_t n = static_cast<size_t>(in.n_places);
  fuzz::require(sp.result.places.size() == n && in.time_s.size() == n * n, "places or costs of the wrong size", t);
  for (const auto& dp : sp.result.plan.days) {
    fuzz::require(dp.team >= 0 && static_cast<size_t>(dp.team) < in.teams.size(), "a day of an unknown team", t);
    int prev = in.teams[static_cast<size_t>(dp.team)].base;
    for (const auto& v : dp.visits) {
      fuzz::require(v.stop >= 0 && static_cast<size_t>(v.stop) < in.stops.size(), "a visit of an unknown stop", t);
      const int pl = in.stops[static_cast<size_t>(v.stop)].place;
      fuzz::require(!std::isnan(in.time_s[static_cast<size_t>(prev) * n + static_cast<size_t>(pl)]), "a leg without cost", t);
      prev = pl;
    }
  }
  if (const auto& rot = sp.result.rotation) {
    fuzz::require(sp.request.rotation && rot->cycle_weeks == sp.request.cycle_weeks && in.days == 7 * rot->cycle_weeks,
                  "a rotation result that does not match its settings", t);
    for (const auto& ps : rot->passages) {
      fuzz::require(ps.stop >= 0 && static_cast<size_t>(ps.stop) < in.stops.size(), "a passage of an unknown stop", t);
      fuzz::require(ps.team >= 0 && static_cast<size_t>(ps.team) < in.teams.size(), "a passage of an unknown team", t);
      fuzz::require(ps.weekday >= 0 && ps.weekday < 7 && ps.half >= 0 &&
                        static_cast<size_t>(ps.half) < rot->pattern.days[static_cast<size_t>(ps.weekday)].size(),
                    "a passage outside the week pattern", t);
      fuzz::require(ps.week >= 0 && ps.week < ps.period_weeks && ps.period_weeks >= 1 && rot->cycle_weeks % ps.period_weeks == 0,
                    "a passage outside its cycle", t);
    }
  } else {
    fuzz::require(!sp.request.rotation, "a rotation request without its result", t);
  }
  try {
    const std::string back = io::plan_to_text(sp.name, sp.revision, sp.saved, sp.request, sp.result);
    const io::SavedPlan again = io::plan_from_text(back, "round trip");
    fuzz::require(io::plan_to_text(again.name, again.revision, again.saved, again.request, again.result) == back,
                  "plan_to_text / plan_from_text not stable", t);
  } catch (const Error& e) {
    fuzz::require(false, ("a plan written by plan_to_text is refused: " + e.format()).c_str(), t);
  }
  return 0;
}
