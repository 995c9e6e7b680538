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
#include "core/text.h"
#include "io/plan_request.h"
#include "io/plan_setup.h"
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

// `maraude plan --cycle 2w` from Saint-Quentin: each stop once per 2-week cycle.
io::PlanRequest rotation_request(int cycle_weeks, int frequency_weeks) {
  io::PlanRequest r;
  r.base = "02691";
  r.rotation = true;
  r.cycle_weeks = cycle_weeks;
  r.frequency_weeks = frequency_weeks;
  r.day_start_s = 8 * 3600.0;  // the command line's rotation day: 1 h 30 around the slots
  r.day_end_s = 17.5 * 3600.0;
  r.lunch = false;
  r.date = io::Date{2026, 12, 7};
  r.iterations = 2000;
  return r;
}

struct Fixture {
  std::string ws_path;
  Workspace ws;
  io::PlanRequest req;
  io::PlanResult res;
  io::PlanRequest rot_req;  // a 2-week rotation on the same workspace
  io::PlanResult rot;
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
    x.rot_req = rotation_request(2, 0);
    x.rot = io::run_plan(x.ws, x.ws_path, x.rot_req);
    x.rot.dtstamp = "20261205T101500Z";
    return x;
  }();
  return f;
}

// The text the version 1 writer gave for the same plan: its header, no rotation records,
// stops without their frequency (what a document saved before rotations looks like).
std::string as_version_1(const std::string& v2) {
  std::string out;
  for (const auto& line : split(v2, '\n')) {
    if (line.empty()) continue;
    if (line == "# maraude-plan 3") {
      out += "# maraude-plan 1\n";
      continue;
    }
    const std::string key = line.substr(0, line.find('\t'));
    if (key == "req_rotation" || key == "req_slot" || key == "rot" || key == "rot_slot" || key == "passage") continue;
    out += (key == "stop" ? line.substr(0, line.rfind('\t')) : line) + "\n";
  }
  return out;
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

// ---- rotations (format version 2) ------------------------------------------------------------

TEST(PlanStore, RotationTextRoundTripIsExact) {
  auto& f = fixture();
  ASSERT_TRUE(f.rot.rotation.has_value());
  ASSERT_GT(f.rot.rotation->passages.size(), 0u);
  const std::string t = io::plan_to_text("Rotation « 2 semaines »", 1, "2026-12-05T10:15:00Z", f.rot_req, f.rot);
  EXPECT_EQ(t.rfind("# maraude-plan 3\n", 0), 0u);
  const io::SavedPlan sp = io::plan_from_text(t, "test");
  EXPECT_EQ(io::plan_to_text(sp.name, sp.revision, sp.saved, sp.request, sp.result), t);
  EXPECT_TRUE(sp.request.rotation);
  EXPECT_EQ(sp.request.cycle_weeks, 2);
  EXPECT_EQ(sp.request.frequency_weeks, 0);
  EXPECT_EQ(io::slots_text(sp.request.slots), "lun-ven 09:30-12:30,13:30-16:00");
  ASSERT_TRUE(sp.result.rotation.has_value());
  const auto& a = *f.rot.rotation;
  const auto& b = *sp.result.rotation;
  EXPECT_EQ(b.cycle_weeks, 2);
  EXPECT_EQ(b.cells, a.cells);
  EXPECT_EQ(b.cells_used, a.cells_used);
  EXPECT_EQ(b.raw_value, a.raw_value);
  EXPECT_EQ(b.weighted_value, a.weighted_value);
  ASSERT_EQ(b.passages.size(), a.passages.size());
  for (size_t i = 0; i < a.passages.size(); ++i) {
    EXPECT_EQ(b.passages[i].stop, a.passages[i].stop);
    EXPECT_EQ(b.passages[i].week, a.passages[i].week);
    EXPECT_EQ(b.passages[i].weekday, a.passages[i].weekday);
    EXPECT_EQ(b.passages[i].half, a.passages[i].half);
    EXPECT_EQ(b.passages[i].start_s, a.passages[i].start_s);
    EXPECT_EQ(b.passages[i].period_weeks, 2);
  }
  // A 4-week cycle of stops every 2 weeks (each stop takes two cells), and one-off plans
  // keep one-off: the mode is written either way.
  const io::PlanRequest r4 = rotation_request(4, 2);
  io::PlanResult res4 = io::run_plan(f.ws, f.ws_path, r4);
  const std::string t4 = io::plan_to_text("r4", 1, "2026-12-05T10:15:00Z", r4, res4);
  const io::SavedPlan sp4 = io::plan_from_text(t4, "test");
  EXPECT_EQ(io::plan_to_text(sp4.name, sp4.revision, sp4.saved, sp4.request, sp4.result), t4);
  ASSERT_TRUE(sp4.result.rotation.has_value());
  EXPECT_EQ(sp4.request.frequency_weeks, 2);
  EXPECT_EQ(sp4.result.rotation->cells_used, 2 * static_cast<int>(sp4.result.rotation->passages.size()));
  for (const auto& st : sp4.result.input.stops) EXPECT_EQ(st.period_weeks, 2);
  const io::SavedPlan one = io::plan_from_text(io::plan_to_text("p", 1, "2026-12-05T10:15:00Z", f.req, f.res), "t");
  EXPECT_FALSE(one.request.rotation);
  EXPECT_FALSE(one.result.rotation.has_value());
}

TEST(PlanStore, SavedRotationExportsTheSameFiles) {
  auto& f = fixture();
  const fs::path a = temp_dir("plan_store_rot_a"), b = temp_dir("plan_store_rot_b");
  io::write_plan_files(a.string(), f.rot, f.rot_req);
  io::save_plan(f.ws_path, "rotation Saint-Quentin", f.rot_req, f.rot);
  io::save_plan(f.ws_path, "ponctuel", f.req, f.res);
  const io::SavedPlan sp = io::load_plan(f.ws_path, f.ws, "rotation Saint-Quentin");
  ASSERT_TRUE(sp.result.rotation.has_value());
  const auto files = io::export_saved_plan(sp, b.string());
  bool passages = false;
  for (const auto& p : files) passages |= fs::path(p).filename() == "passages.pdf";
  EXPECT_TRUE(passages) << "no passages.pdf from the saved rotation";
  for (const char* name : {"planning.csv", "planning.ics", "plan.kml", "rapport.txt", "plan.gpx", "plan.geojson"})
    EXPECT_EQ(slurp(a / name), slurp(b / name)) << name;
  const std::string ics = slurp(b / "planning.ics");
  EXPECT_NE(ics.find("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY="), std::string::npos) << ics.substr(0, 2000);
  const std::string csv = slurp(b / "planning.csv");
  EXPECT_NE(csv.find("une semaine sur deux"), std::string::npos);
  // list and show say it is a rotation.
  const std::string type = "rotation 2 semaines, " + std::to_string(f.rot.rotation->cells_used) + " créneaux";
  bool listed = false;
  for (const auto& p : io::list_plans(f.ws_path))
    if (p.name == "rotation Saint-Quentin") {
      listed = true;
      EXPECT_TRUE(p.rotation);
      EXPECT_EQ(p.cycle_weeks, 2);
      EXPECT_EQ(p.slots, f.rot.rotation->cells_used);
      EXPECT_EQ(p.type, type);
      EXPECT_EQ(p.type_en, "rotation 2 weeks, " + std::to_string(f.rot.rotation->cells_used) + " slots");
    } else if (p.name == "ponctuel") {
      EXPECT_FALSE(p.rotation);
      EXPECT_EQ(p.type, "ponctuel, 3 jours");
      EXPECT_EQ(p.type_en, "one-off, 3 days");
    }
  EXPECT_TRUE(listed);
  const std::string show = io::saved_plan_summary(sp);
  EXPECT_NE(show.find("Type : " + type), std::string::npos) << show;
  EXPECT_NE(show.find("une semaine sur deux : "), std::string::npos) << show;
  EXPECT_EQ(show.find("Horizon"), std::string::npos) << show;
}

TEST(PlanStore, Version1DocumentsLoadAsOneOffPlans) {
  auto& f = fixture();
  // Documents written by the version 1 writer (Monaco test region): the one-off plan and a
  // rotation saved before rotations were stored (its cycle comes back as a 14-day horizon).
  const io::SavedPlan one = io::plan_from_text(read_file(fs::path(source_dir()) / "tests/unit/data/plan_v1_oneoff.plan"), "v1");
  EXPECT_EQ(one.name, "ancien ponctuel");
  EXPECT_FALSE(one.request.rotation);
  EXPECT_FALSE(one.result.rotation.has_value());
  EXPECT_EQ(one.request.days, 2);
  EXPECT_EQ(one.result.plan.visits, 3);
  EXPECT_EQ(io::plan_type_label(one.request, one.result), "ponctuel, 2 jours");
  const io::SavedPlan old_rot = io::plan_from_text(read_file(fs::path(source_dir()) / "tests/unit/data/plan_v1_rotation.plan"), "v1");
  EXPECT_FALSE(old_rot.request.rotation);
  EXPECT_FALSE(old_rot.result.rotation.has_value());
  EXPECT_EQ(old_rot.request.days, 14);
  for (const auto* sp : {&one, &old_rot}) {  // rewritten as version 2, read back the same
    const std::string v2 = io::plan_to_text(sp->name, sp->revision, sp->saved, sp->request, sp->result);
    EXPECT_EQ(v2.rfind("# maraude-plan 3\n", 0), 0u);
    const io::SavedPlan again = io::plan_from_text(v2, "v2");
    EXPECT_EQ(io::plan_to_text(again.name, again.revision, again.saved, again.request, again.result), v2);
  }
  // A version 1 document of this workspace's plan: loaded and exported like the plan itself.
  const std::string v1 = as_version_1(io::plan_to_text("ancien", 1, "2026-12-05T10:15:00Z", f.req, f.res));
  ASSERT_EQ(v1.rfind("# maraude-plan 1\n", 0), 0u);
  io::put_document(f.ws_path, io::Document{io::kPlanKind, "ancien", v1, ""});
  const io::SavedPlan sp = io::load_plan(f.ws_path, f.ws, "ancien");
  const fs::path a = temp_dir("plan_store_v1_a"), b = temp_dir("plan_store_v1_b");
  io::write_plan_files(a.string(), f.res, f.req);
  io::export_saved_plan(sp, b.string());
  for (const char* name : {"planning.csv", "planning.ics", "rapport.txt", "plan.gpx", "plan.geojson"})
    EXPECT_EQ(slurp(a / name), slurp(b / name)) << name;
  // Version 1 knows no rotation record.
  std::string with_rot = v1;
  with_rot.insert(with_rot.rfind("fin\n"), "rot\t1\t0\t0\t0\t0\n");
  EXPECT_THROW(io::plan_from_text(with_rot, "t"), Error);
}

TEST(PlanStore, DamagedRotationIsRefused) {
  auto& f = fixture();
  const std::string good = io::plan_to_text("r", 1, "2026-12-05T10:15:00Z", f.rot_req, f.rot);
  ASSERT_NO_THROW(io::plan_from_text(good, "t"));
  auto refused = [&](const std::string& t, const std::string& why) {
    try {
      io::plan_from_text(t, "t");
      ADD_FAILURE() << "accepted: " << why;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput) << why;
      EXPECT_NE(e.format().find("plan enregistré endommagé"), std::string::npos) << why << ": " << e.format();
    }
  };
  // The n-th record of a kind, its fields replaced by `fields`.
  auto with_record = [&](const std::string& key, size_t nth, const std::string& fields) {
    std::string out;
    size_t seen = 0;
    for (const auto& line : split(good, '\n')) {
      if (line.empty()) continue;
      if (line.rfind(key + "\t", 0) == 0 && seen++ == nth) {
        if (!fields.empty()) out += key + "\t" + fields + "\n";
        continue;
      }
      out += line + "\n";
    }
    EXPECT_GT(seen, nth) << key;
    return out;
  };
  const auto& p0 = f.rot.rotation->passages.front();
  auto passage = [&](int stop, int team, int week, int weekday, int half, const std::string& hours, int period) {
    return std::to_string(stop) + "\t" + std::to_string(team) + "\t" + std::to_string(week) + "\t" + std::to_string(weekday) + "\t" +
           std::to_string(half) + "\t" + hours + "\t" + std::to_string(period);
  };
  const std::string h0 = std::to_string(static_cast<long>(p0.start_s)) + "\t" + std::to_string(static_cast<long>(p0.end_s));
  EXPECT_NO_THROW(io::plan_from_text(with_record("passage", 0, passage(p0.stop, 0, 0, p0.weekday, p0.half, h0, 2)), "t"));
  refused(with_record("passage", 0, passage(99999, 0, 0, p0.weekday, p0.half, h0, 2)), "unknown stop");
  refused(with_record("passage", 0, passage(p0.stop, 7, 0, p0.weekday, p0.half, h0, 2)), "unknown team");
  refused(with_record("passage", 0, passage(p0.stop, 0, 2, p0.weekday, p0.half, h0, 2)), "week past the cycle");
  refused(with_record("passage", 0, passage(p0.stop, 0, 0, 7, p0.half, h0, 2)), "weekday 7");
  refused(with_record("passage", 0, passage(p0.stop, 0, 0, 5, 0, h0, 2)), "Saturday has no slot");
  refused(with_record("passage", 0, passage(p0.stop, 0, 0, p0.weekday, 5, h0, 2)), "half-day past the day's slots");
  refused(with_record("passage", 0, passage(p0.stop, 0, 0, p0.weekday, p0.half, "0\t60", 2)), "hours not the slot's");
  refused(with_record("passage", 0, passage(p0.stop, 0, 0, p0.weekday, p0.half, h0, 3)), "every 3 weeks");
  refused(with_record("passage", 0, passage(p0.stop, 0, 0, p0.weekday, p0.half, h0, 4)), "every 4 weeks in a 2-week cycle");
  refused(with_record("passage", 0, passage(p0.stop, 0, 1, p0.weekday, p0.half, h0, 1)), "first week after its period");
  refused(with_record("passage", 1, passage(p0.stop, 0, 1, p0.weekday, p0.half, h0, 2)), "a stop twice");
  refused(with_record("passage", 0, "1\t2\t3"), "short passage");
  refused(with_record("rot", 0, ""), "rotation without its result");
  refused(with_record("rot", 0, "4\t1\t1\t20\t10"), "result cycle differs");
  const int cells = f.rot.rotation->cells;
  refused(with_record("rot", 0, "2\t1\t1\t" + std::to_string(cells) + "\t" + std::to_string(cells + 1)),
          "more cells used than the cycle has");
  refused(with_record("req_rotation", 0, "0\t2\t0\t0"), "rotation result in a one-off plan");
  refused(with_record("req_rotation", 0, "1\t3\t0\t0"), "3-week cycle");
  refused(with_record("req_rotation", 0, "1\t1\t2\t0"), "every 2 weeks in a 1-week cycle");
  refused(with_record("req_rotation", 0, "oui\t2\t0\t0"), "mode not 0/1");
  refused(with_record("req_rotation", 0, ""), "version 2 without req_rotation");
  refused(with_record("req_slot", 1, "0\t30000\t40000"), "overlapping slots");
  refused(with_record("req_slot", 0, "0\t50000\t40000"), "empty slot");
  refused(with_record("rot_slot", 0, "0\t34200\t90000"), "slot past midnight");
  refused(with_record("stop", 0, "x\t1\t1\t10800\t0\tinf\t0\t-1\t-1"), "a version 2 stop without its frequency");
  refused(with_record("stop", 0, "x\t1\t1\t10800\t0\tinf\t0\t-1\t-1\t3"), "a stop every 3 weeks");
  refused(with_record("in", 0, std::to_string(f.rot.input.n_places) + "\t7\t0"), "horizon not the cycle");
  // Every truncation at a line boundary is refused (the final "fin").
  size_t cuts = 0, refusals = 0;
  for (size_t i = 0; i + 1 < good.size(); ++i) {
    if (good[i] != '\n') continue;
    ++cuts;
    try {
      io::plan_from_text(good.substr(0, i + 1), "t");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput);
      ++refusals;
    }
  }
  EXPECT_EQ(refusals, cuts);
  // A damaged rotation in the workspace: listed as damaged, refused on load, the others kept.
  io::put_document(f.ws_path, io::Document{io::kPlanKind, "rotation abîmée", with_record("rot", 0, ""), ""});
  bool listed = false;
  for (const auto& p : io::list_plans(f.ws_path))
    if (p.name == "rotation abîmée") listed = !p.damaged.empty();
  EXPECT_TRUE(listed);
  EXPECT_THROW(io::load_plan(f.ws_path, f.ws, "rotation abîmée"), Error);
}

TEST(PlanStore, RotationAddedToScenarioSaysItsSlotAndFrequency) {
  auto& f = fixture();
  const auto& rot = *f.rot.rotation;
  const auto pts = io::plan_stop_points(f.rot, "Rotation SQ", coverage::Scenario{});
  ASSERT_EQ(pts.size(), rot.passages.size());  // one point per stop, not per passage date
  const char* days[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  for (size_t i = 0; i < pts.size(); ++i) {
    const auto& p = pts[i];
    const auto& ps = rot.passages[i];
    EXPECT_EQ(p.kind, ServiceKind::MobileStop);
    const std::string slot = std::string(days[ps.weekday]) + (ps.start_s < 12 * 3600 ? " matin " : " après-midi ") +
                             io::hhmm(ps.start_s) + "–" + io::hhmm(ps.end_s);
    EXPECT_EQ(p.days.rfind(slot + ", une semaine sur deux, premier passage le 2026-12-", 0), 0u) << p.days;
    EXPECT_EQ(p.days.find("passage unique"), std::string::npos) << p.days;
    EXPECT_EQ(p.hours, io::hhmm(ps.start_s) + "-" + io::hhmm(ps.end_s));
    const auto& st = f.rot.input.stops[static_cast<size_t>(ps.stop)];
    EXPECT_EQ(p.commune, f.rot.places[static_cast<size_t>(st.place)].code);
  }
  // The morning and afternoon of the default week both appear.
  bool morning = false, afternoon = false;
  for (const auto& p : pts) {
    morning |= p.days.find(" matin 09:30–12:30, ") != std::string::npos;
    afternoon |= p.days.find(" après-midi 13:30–16:00, ") != std::string::npos;
  }
  EXPECT_TRUE(morning && afternoon);
  // From the saved document too, and every week in a 2-week cycle of weekly stops.
  const io::PlanRequest rw = rotation_request(2, 1);
  const io::PlanResult weekly = io::run_plan(f.ws, f.ws_path, rw);
  io::save_plan(f.ws_path, "hebdo", rw, weekly);
  const io::SavedPlan sp = io::load_plan(f.ws_path, f.ws, "hebdo");
  const auto wpts = io::plan_stop_points(sp.result, "hebdo", coverage::Scenario{});
  ASSERT_EQ(wpts.size(), weekly.rotation->passages.size());
  for (const auto& p : wpts) EXPECT_NE(p.days.find(", chaque semaine, premier passage le "), std::string::npos) << p.days;
  // Into a stored scenario: the points keep their attributes.
  const size_t n = io::add_plan_to_scenario(f.ws_path, f.ws, "avec rotation", f.rot, "Rotation SQ");
  EXPECT_EQ(n, rot.passages.size());
  const auto sc = io::load_scenario(f.ws_path, f.ws, "avec rotation");
  EXPECT_EQ(sc.points.back().days, pts.back().days);
}

// ---- stop rules (format version 3) -------------------------------------------------------

namespace {
// The small plan with the rules of `maraude plan --max-population 4999 --min-neet 1 --exclude CODE`,
// CODE a stop the plan without rules serves.
struct RulesFixture {
  io::PlanRequest req;
  io::PlanResult res;
};
RulesFixture& rules_fixture() {
  static RulesFixture r = [] {
    auto& f = fixture();
    RulesFixture x;
    x.req = f.req;
    const auto& st = f.res.input.stops[static_cast<size_t>(f.res.plan.days.front().visits.front().stop)];
    x.req.rules.max_population = 4999;
    x.req.rules.min_neet = 1;
    x.req.rules.exclude = {f.res.places[static_cast<size_t>(st.place)].code};
    x.res = io::run_plan(f.ws, f.ws_path, x.req);
    x.res.dtstamp = "20261205T101500Z";
    return x;
  }();
  return r;
}
}  // namespace

TEST(PlanStore, RulesAndTheirOutcomeRoundTrip) {
  auto& f = fixture();
  auto& r = rules_fixture();
  ASSERT_FALSE(r.res.rules.excluded.empty());
  ASSERT_FALSE(r.res.rules.summary.empty());
  io::PlanRequest req = r.req;
  io::PlanResult res = r.res;
  // Text fields with the escaped characters come back exactly.
  req.rules.exclude.push_back("Nom\tavec « tab »\net \"guillemets\" \\n\r");
  req.rules.must = {"Saint-Quentin ; \"centre\"", "a\\tb"};
  req.rules.min_uncovered_15_29 = 12.5;
  req.rules.min_service = coverage::Reach::minutes(15);
  req.rules.service_kinds = {ServiceKind::FranceTravail, ServiceKind::MissionLocale};
  req.rules.within = {"zone:3220", "epci:200044618"};
  res.rules.conflicts = {"Conflit\tavec\nretour"};
  res.rules.notes = {"note « 1 »"};
  const std::string t = io::plan_to_text("règles", 1, "2026-12-05T10:15:00Z", req, res);
  EXPECT_EQ(t.rfind("# maraude-plan 3\n", 0), 0u);
  const io::SavedPlan sp = io::plan_from_text(t, "test");
  EXPECT_EQ(io::plan_to_text(sp.name, sp.revision, sp.saved, sp.request, sp.result), t);
  const auto& a = req.rules;
  const auto& b = sp.request.rules;
  EXPECT_EQ(b.max_population, a.max_population);
  EXPECT_EQ(b.min_neet, a.min_neet);
  EXPECT_EQ(b.min_uncovered_15_29, a.min_uncovered_15_29);
  ASSERT_TRUE(b.min_service.has_value());
  EXPECT_TRUE(*b.min_service == *a.min_service);
  EXPECT_EQ(b.service_kinds, a.service_kinds);
  EXPECT_EQ(b.within, a.within);
  EXPECT_EQ(b.exclude, a.exclude);
  EXPECT_EQ(b.must, a.must);
  const auto& ra = res.rules;
  const auto& rb = sp.result.rules;
  EXPECT_EQ(rb.before, ra.before);
  EXPECT_EQ(rb.summary, ra.summary);
  EXPECT_EQ(rb.conflicts, ra.conflicts);
  EXPECT_EQ(rb.notes, ra.notes);
  ASSERT_EQ(rb.excluded.size(), ra.excluded.size());
  for (size_t i = 0; i < ra.excluded.size(); ++i) {
    EXPECT_EQ(rb.excluded[i].code, ra.excluded[i].code);
    EXPECT_EQ(rb.excluded[i].name, ra.excluded[i].name);
    EXPECT_EQ(rb.excluded[i].target, ra.excluded[i].target);
    EXPECT_EQ(rb.excluded[i].rule, ra.excluded[i].rule);
    EXPECT_EQ(rb.excluded[i].reason, ra.excluded[i].reason);
    EXPECT_EQ(rb.excluded[i].detail, ra.excluded[i].detail);
    EXPECT_EQ(rb.excluded[i].value, ra.excluded[i].value);
  }
  // The same document as version 2: loads, without the rules (and as version 3 it is refused
  // nowhere else).
  std::string v2 = "# maraude-plan 2\n";
  for (const auto& line : split(io::plan_to_text("v2", 1, "2026-12-05T10:15:00Z", f.req, f.res).substr(17), '\n'))
    if (!line.empty()) v2 += line + "\n";
  const io::SavedPlan old = io::plan_from_text(v2, "v2");
  EXPECT_TRUE(old.request.rules.empty());
  EXPECT_TRUE(old.result.rules.summary.empty());
  // Rule records in a version 2 document are unknown there.
  EXPECT_THROW(io::plan_from_text("# maraude-plan 2\n" + t.substr(17), "v2"), Error);
}

TEST(PlanStore, SavedPlanWithRulesExportsTheSameFiles) {
  auto& f = fixture();
  auto& r = rules_fixture();
  const fs::path a = temp_dir("plan_store_rules_a"), b = temp_dir("plan_store_rules_b");
  io::write_plan_files(a.string(), r.res, r.req);
  io::save_plan(f.ws_path, "avec règles", r.req, r.res);
  const io::SavedPlan sp = io::load_plan(f.ws_path, f.ws, "avec règles");
  io::export_saved_plan(sp, b.string());
  for (const char* name : {"planning.csv", "planning.ics", "rapport.txt", "exclus.csv", "plan.gpx", "plan.geojson"})
    EXPECT_EQ(slurp(a / name), slurp(b / name)) << name;
  EXPECT_NE(slurp(b / "rapport.txt").find("Règles des arrêts : "), std::string::npos);
  EXPECT_NE(slurp(b / "exclus.csv").find(r.req.rules.exclude.front() + ","), std::string::npos);
}

TEST(PlanStore, DamagedRuleRecordsAreRefused) {
  auto& r = rules_fixture();
  const std::string t = io::plan_to_text("règles", 1, "2026-12-05T10:15:00Z", r.req, r.res);
  ASSERT_NO_THROW(io::plan_from_text(t, "ok"));
  auto replace = [&](const std::string& from, const std::string& to) {
    const size_t p = t.find(from);
    EXPECT_NE(p, std::string::npos) << from;
    std::string d = t;
    if (p != std::string::npos) d.replace(p, from.size(), to);
    return d;
  };
  const size_t ex = t.find("res_rule_excluded\t");
  ASSERT_NE(ex, std::string::npos);
  const std::string ex_line = t.substr(ex, t.find('\n', ex) + 1 - ex);
  std::string before_after_ex = t;
  before_after_ex.erase(t.find("res_rule_before\t"), t.find('\n', t.find("res_rule_before\t")) + 1 - t.find("res_rule_before\t"));
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"population 0", replace("req_rule_population\t4999", "req_rule_population\t0")},
      {"population text", replace("req_rule_population\t4999", "req_rule_population\tbeaucoup")},
      {"population twice", replace("req_rule_population\t4999\n", "req_rule_population\t4999\nreq_rule_population\t10\n")},
      {"neet negative", replace("req_rule_neet\t1\n", "req_rule_neet\t-1\n")},
      {"neet fields", replace("req_rule_neet\t1\n", "req_rule_neet\t1\t2\n")},
      {"unknown rule record", replace("req_rule_neet\t1\n", "req_rule_neet\t1\nreq_rule_autre\tx\n")},
      {"unknown kind", replace("req_rule_neet\t1\n", "req_rule_neet\t1\nreq_rule_kind\tboulangerie\n")},
      {"bad service", replace("req_rule_neet\t1\n", "req_rule_neet\t1\nreq_rule_service\ttime\t1\n")},
      {"unknown rule of an exclusion", replace(ex_line, "res_rule_excluded\ta\tb\tc\tinconnue\te\tf\t1\n")},
      {"excluded fields", replace(ex_line, "res_rule_excluded\ta\tb\n")},
      {"excluded value", replace(ex_line, "res_rule_excluded\ta\tb\tc\tneet\te\tf\tnan\n")},
      {"excluded before its count", before_after_ex},
      {"more excluded than candidates",
       replace("res_rule_before\t" + std::to_string(r.res.rules.before) + "\n", "res_rule_before\t0\n")},
  };
  for (const auto& [what, doc] : bad) {
    try {
      io::plan_from_text(doc, "doc");
      ADD_FAILURE() << what << ": accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput) << what;
      EXPECT_NE(e.what_text().find("plan enregistré endommagé"), std::string::npos) << what << ": " << e.what_text();
    }
  }
}
