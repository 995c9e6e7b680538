// Saved plan text (io/plan_store): any input is read or refused with a maraude::Error; an
// accepted plan has every index inside its table, every leg a cost, and reads back the same
// through plan_to_text. The seed is a small plan written by plan_to_text.
#include <cmath>

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

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("FUZZ_WRITE_SEEDS")) fuzz::write_seed("small.plan", seed_plan());
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
