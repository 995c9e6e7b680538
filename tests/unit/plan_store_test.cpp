// Saved plans (io/plan_store.h) on the real-data workspace: the text round trip, the
// command line's store / list / show / export (byte-identical files from the stored result),
// hostile stored documents (every truncation, byte flips, out-of-range indices) refused with
// a French message and nothing else lost, and the tour's stops added to a scenario cover
// their catchment (uncovered NEETs decrease).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "io/plan_request.h"
#include "io/plan_store.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::test;

namespace {

io::PlanRequest small_request() {
  io::PlanRequest r;
  r.base = "02691";  // Saint-Quentin
  r.days = 3;
  r.date = io::Date{2026, 12, 7};
  r.iterations = 2000;
  r.territory = "";
  return r;
}

struct Fixture {
  std::string ws_path;
  Workspace ws;
  io::PlanRequest req;
  io::PlanResult res;
};

Fixture& fixture() {
  static Fixture f = [] {
    Fixture x;
    x.ws_path = real_workspace_copy("plan_store");
    x.ws = io::load_workspace(x.ws_path);
    x.req = small_request();
    x.req.pins = {};
    x.res = io::run_plan(x.ws, x.ws_path, x.req);
    x.res.dtstamp = "20261205T101500Z";
    return x;
  }();
  return f;
}

std::string slurp(const fs::path& p) { return read_file(p); }

double uncovered_neet(const Workspace& ws, const coverage::Scenario& sc) {
  coverage::CoverageParams params;
  coverage::CoverageEngine e(&ws, coverage::build_targets(ws, params), travel_for(ws, TravelChoice::Auto), params);
  e.set_scenario(sc);
  return e.totals().uncovered_neet;
}

}  // namespace

TEST(PlanStore, TextRoundTripIsExact) {
  auto& f = fixture();
  ASSERT_GT(f.res.plan.visits, 0);
  const std::string t = io::plan_to_text("Thiérache\tdéc. « 1 »\\n", 3, "2026-12-05T10:15:00Z", f.req, f.res);
  const io::SavedPlan sp = io::plan_from_text(t, "test");
  EXPECT_EQ(sp.name, "Thiérache\tdéc. « 1 »\\n");
  EXPECT_EQ(sp.revision, 3);
  EXPECT_EQ(io::plan_to_text(sp.name, sp.revision, sp.saved, sp.request, sp.result), t);
  EXPECT_EQ(sp.result.plan.visits, f.res.plan.visits);
  EXPECT_EQ(sp.result.plan.left_out.size(), f.res.plan.left_out.size());
  EXPECT_EQ(sp.result.places.size(), f.res.places.size());
  EXPECT_EQ(sp.request.base, "02691");
  ASSERT_TRUE(sp.request.date.has_value());
  EXPECT_EQ(io::date_iso(*sp.request.date), "2026-12-07");
}

TEST(PlanStore, SaveListShowExportMatchTheOriginalFiles) {
  auto& f = fixture();
  const fs::path a = temp_dir("plan_store_a"), b = temp_dir("plan_store_b");
  io::write_plan_files(a.string(), f.res, f.req);
  EXPECT_EQ(io::save_plan(f.ws_path, "Saint-Quentin déc.", f.req, f.res), 1);
  EXPECT_EQ(io::save_plan(f.ws_path, "Saint-Quentin déc.", f.req, f.res), 2);  // versioned
  const auto list = io::list_plans(f.ws_path);
  bool seen = false;
  for (const auto& p : list)
    if (p.name == "Saint-Quentin déc.") {
      seen = true;
      EXPECT_EQ(p.revision, 2);
      EXPECT_EQ(p.stops, f.res.plan.visits);
      EXPECT_EQ(p.base, "Saint-Quentin");
      EXPECT_NEAR(p.neet, f.res.plan.value, 1e-9);
      EXPECT_TRUE(p.damaged.empty());
    }
  EXPECT_TRUE(seen);
  const io::SavedPlan sp = io::load_plan(f.ws_path, f.ws, "Saint-Quentin déc.");
  io::export_saved_plan(sp, b.string());
  for (const char* name : {"planning.csv", "planning.ics", "rapport.txt", "plan.gpx", "plan.geojson"})  // the PDF carries its creation time
    EXPECT_EQ(slurp(a / name), slurp(b / name)) << name;
  EXPECT_NE(slurp(b / "planning.ics").find("DTSTAMP:20261205T101500Z"), std::string::npos);
  const std::string show = io::saved_plan_summary(sp);
  EXPECT_NE(show.find("Plan « Saint-Quentin déc. » (révision 2"), std::string::npos) << show;
  EXPECT_NE(show.find("Arrêts servis : " + std::to_string(f.res.plan.visits)), std::string::npos) << show;
}

TEST(PlanStore, UnknownNameListsTheKnownOnes) {
  auto& f = fixture();
  io::save_plan(f.ws_path, "connu", f.req, f.res);
  try {
    io::load_plan(f.ws_path, f.ws, "inconnu");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(e.format().find("« connu »"), std::string::npos) << e.format();
  }
  EXPECT_THROW(io::save_plan(f.ws_path, "  ", f.req, f.res), Error);
}

TEST(PlanStore, DamagedDocumentIsSaidAndNothingElseLost) {
  auto& f = fixture();
  io::save_plan(f.ws_path, "intact", f.req, f.res);
  io::save_scenario(f.ws_path, coverage::Scenario{"sc-intact", "", coverage::Reach::km(10), {}});
  std::string body = io::plan_to_text("abîmé", 1, "2026-12-05T10:15:00Z", f.req, f.res);
  body.resize(body.size() / 2);
  io::put_document(f.ws_path, io::Document{io::kPlanKind, "abîmé", body, ""});
  bool listed = false;
  for (const auto& p : io::list_plans(f.ws_path))
    if (p.name == "abîmé") {
      listed = true;
      EXPECT_NE(p.damaged.find("endommagé"), std::string::npos) << p.damaged;
    }
  EXPECT_TRUE(listed);
  try {
    io::load_plan(f.ws_path, f.ws, "abîmé");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_NE(e.format().find("plan enregistré endommagé"), std::string::npos) << e.format();
  }
  EXPECT_NO_THROW(io::load_plan(f.ws_path, f.ws, "intact"));
  EXPECT_TRUE(io::scenario_exists(f.ws_path, "sc-intact"));
}

TEST(PlanStore, HostileDocumentsAreRefusedNeverCrash) {
  auto& f = fixture();
  const std::string good = io::plan_to_text("p", 1, "2026-12-05T10:15:00Z", f.req, f.res);
  // Every truncation at a line boundary but the full text is refused (the final "fin").
  size_t refused = 0, cuts = 0;
  for (size_t i = 0; i + 1 < good.size(); ++i) {
    if (good[i] != '\n') continue;
    ++cuts;
    try {
      io::plan_from_text(good.substr(0, i + 1), "t");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput);
      ++refused;
    }
  }
  EXPECT_EQ(refused, cuts);
  // Byte flips: read or refused, never anything else.
  for (size_t i = 0; i < good.size(); i += 7) {
    std::string t = good;
    t[i] = static_cast<char>(t[i] ^ 0x15);
    try {
      io::plan_from_text(t, "t");
    } catch (const Error&) {
    }
  }
  // Indices past their tables.
  auto replace_first = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) t.replace(at, from.size(), to);
    return t;
  };
  EXPECT_THROW(io::plan_from_text(replace_first("\nvisit\t", "\nvisit\t99999999\t0\t0\t0\nvisit\t"), "t"), Error);
  EXPECT_THROW(io::plan_from_text(replace_first("\nin\t", "\nin\t999999\t"), "t"), Error);
  EXPECT_THROW(io::plan_from_text(replace_first("\nday\t0\t", "\nday\t77\t"), "t"), Error);
  EXPECT_THROW(io::plan_from_text(replace_first("\nreq_teams_days\t1\t3", "\nreq_teams_days\t1\t0"), "t"), Error);
  EXPECT_THROW(io::plan_from_text("", "t"), Error);
  EXPECT_THROW(io::plan_from_text("# maraude-plan 1\nfin\n", "t"), Error);
  EXPECT_THROW(io::plan_from_text(good + "place\tx\n", "t"), Error);
}

TEST(PlanStore, TourAddedToScenarioCoversItsStops) {
  auto& f = fixture();
  const auto base = io::load_scenario(f.ws_path, f.ws, coverage::kDefaultScenarioName);
  const double before = uncovered_neet(f.ws, base);
  const size_t n = io::add_plan_to_scenario(f.ws_path, f.ws, "avec tournée", f.res, "Saint-Quentin déc.");
  EXPECT_EQ(n, static_cast<size_t>(f.res.plan.visits));
  const auto sc = io::load_scenario(f.ws_path, f.ws, "avec tournée");
  EXPECT_EQ(sc.points.size(), base.points.size() + n);
  const auto& p = sc.points.back();
  EXPECT_EQ(p.kind, ServiceKind::MobileStop);
  EXPECT_NE(p.days.find("passage unique"), std::string::npos) << p.days;
  EXPECT_EQ(p.hours.size(), 11u) << p.hours;  // "09:57-12:57"
  const double after = uncovered_neet(f.ws, sc);
  EXPECT_LT(after, before - 0.5 * f.res.plan.value) << before << " → " << after;
}
