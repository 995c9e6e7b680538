// Saved plans in the window, driven headless (PlannerController, CoverageController, the
// close guard; no GL context needed): « Enregistrer le plan… » then « Exporter le plan… »
// writes planning.csv and planning.ics byte for byte as `maraude plan export` of the same
// stored plan; reopening restores the result, the pins and the routes, and re-optimising a
// reopened plan works; « Ajouter la tournée au scénario » lowers the uncovered NEETs and
// Ctrl+Z takes the points away; closing with a plan not saved (or modified) asks first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "app/close_guard.h"
#include "app/coverage_controller.h"
#include "app/planner_controller.h"
#include "app/planner_panels.h"
#include "app/planner_saved.h"
#include "core/error.h"
#include "io/plan_store.h"
#include "io/workspace.h"
#include "app_test_support.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::app;
using namespace maraude::test;

namespace {

struct Ws {
  std::string path;
  std::shared_ptr<const Workspace> ws;
};

const Ws& workspace() {
  static Ws w = [] {
    Ws x;
    x.path = real_workspace_copy("saved_plans_window");
    x.ws = std::make_shared<const Workspace>(io::load_workspace(x.path));
    return x;
  }();
  return w;
}

PlannerSettings settings() {
  PlannerSettings s;
  s.base = "02691";
  s.days = 4;
  s.days_off = {2};
  s.date = io::Date{2026, 12, 7};
  s.iterations = 2000;
  s.seed = 2;
  return s;
}

PlannerController& solved() {
  static PlannerController* c = [] {
    auto* pc = new PlannerController(workspace().ws, workspace().path);
    pc->solve(settings());
    pc->wait();
    return pc;
  }();
  return *c;
}

bool has_item(const CloseGuardState& g, const std::string& text) {
  return std::any_of(g.items.begin(), g.items.end(), [&](const std::string& i) { return i.find(text) != std::string::npos; });
}

}  // namespace

TEST(SavedPlansWindow, ExportOfASavedPlanIsByteIdenticalToTheCommandLine) {
  PlannerController& c = solved();
  ASSERT_TRUE(c.error.empty()) << c.error;
  ASSERT_NE(c.result(), nullptr);
  ASSERT_GT(c.result()->plan.visits, 1);
  SavedPlansState st;
  ASSERT_TRUE(save_plan_as(c, st, "  Fenêtre ; « décembre »  ", false)) << st.message;
  EXPECT_EQ(c.saved_name(), "Fenêtre ; « décembre »");
  EXPECT_FALSE(c.plan_unsaved());
  const fs::path win = temp_dir("saved_window") / "export";
  std::string msg;
  ASSERT_EQ(export_plan_to(c, win.string(), false, msg), PlanExportStep::Written) << msg;
  const fs::path cli = temp_dir("saved_cli");
  const RunResult r = run_maraude("plan export '" + workspace().path + "' 'Fenêtre ; « décembre »' --out '" + cli.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  for (const char* f : {"planning.csv", "planning.ics", "rapport.txt", "plan.gpx", "plan.geojson"})
    EXPECT_EQ(read_file(win / f), read_file(cli / f)) << f << " differs between the window and maraude plan export";
  EXPECT_NE(read_file(win / "planning.ics").find("DTSTAMP:"), std::string::npos);
  // The plan before it was saved writes the same schedule too (the stored result is complete).
  EXPECT_NE(read_file(win / "planning.csv").find("arret"), std::string::npos);
}

TEST(SavedPlansWindow, ReopenRestoresResultPinsAndRoutesThenReoptimises) {
  PlannerController& c = solved();
  ASSERT_NE(c.result(), nullptr);
  // Pin the first served stop to the last working day, then save.
  int stop = -1;
  for (const auto& d : c.result()->plan.days)
    if (!d.visits.empty()) {
      stop = d.visits.front().stop;
      break;
    }
  ASSERT_GE(stop, 0);
  c.pin(stop, 0, 3);
  c.wait();
  ASSERT_TRUE(c.error.empty()) << c.error;
  EXPECT_TRUE(c.plan_unsaved());  // modified since saved
  SavedPlansState st;
  ASSERT_TRUE(save_plan_as(c, st, "épinglé", false)) << st.message;

  PlannerController d(workspace().ws, workspace().path);
  d.open_saved("épinglé");
  ASSERT_NE(d.result(), nullptr);
  EXPECT_EQ(d.pins(), c.pins());
  EXPECT_EQ(d.pins().size(), 1u);
  EXPECT_TRUE(d.pinned(stop));
  EXPECT_EQ(d.result()->plan.visits, c.result()->plan.visits);
  EXPECT_DOUBLE_EQ(d.result()->plan.value, c.result()->plan.value);
  EXPECT_TRUE(d.take_routes_dirty());
  EXPECT_EQ(d.route_draws().size(), c.route_draws().size());
  EXPECT_FALSE(d.plan_unsaved());
  EXPECT_EQ(d.result_settings().days_off, std::vector<int>{2});
  // Unpinning a reopened plan re-optimises with the full travel costs rebuilt.
  d.unpin(stop);
  d.wait();
  EXPECT_TRUE(d.error.empty()) << d.error;
  EXPECT_TRUE(d.pins().empty());
  EXPECT_GT(d.result()->plan.visits, 0);
  EXPECT_TRUE(d.plan_unsaved());
  // Real costs, not the holes of the stored sparse matrix.
  EXPECT_TRUE(std::isfinite(d.result()->plan.distance_m) && d.result()->plan.distance_m > 0) << d.result()->plan.distance_m;
  for (const auto& day : d.result()->plan.days) EXPECT_TRUE(std::isfinite(day.drive_s) && std::isfinite(day.return_s));
  for (double t : d.result()->input.time_s) ASSERT_FALSE(std::isnan(t));

  // An unknown name lists the known ones, and changes nothing.
  try {
    d.open_saved("nulle part");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.format().find("« épinglé »"), std::string::npos) << e.format();
  }
  EXPECT_TRUE(d.plan_unsaved());
}

TEST(SavedPlansWindow, TourAddedToTheScenarioCoversAndUndoRemovesIt) {
  PlannerController& c = solved();
  ASSERT_NE(c.result(), nullptr);
  CoverageController cov(workspace().ws, workspace().path);
  cov.start();
  cov.wait_idle();
  ASSERT_TRUE(cov.ready()) << cov.error;
  const double before = cov.totals().uncovered_neet;
  const size_t points = cov.scenario().points.size();
  std::string msg;
  const size_t n = add_tour_to_scenario(c, cov, msg, false);
  EXPECT_EQ(n, static_cast<size_t>(c.result()->plan.visits)) << msg;
  cov.wait_idle();
  EXPECT_EQ(cov.scenario().points.size(), points + n);
  EXPECT_EQ(cov.scenario().points.back().kind, ServiceKind::MobileStop);
  EXPECT_TRUE(cov.modified());
  const double after = cov.totals().uncovered_neet;
  EXPECT_LT(after, before - 1) << before << " → " << after;
  ASSERT_TRUE(cov.can_undo());
  cov.undo();
  cov.wait_idle();
  EXPECT_EQ(cov.scenario().points.size(), points);
  EXPECT_NEAR(cov.totals().uncovered_neet, before, 1e-6);
}

TEST(SavedPlansWindow, CloseGuardAsksForAnUnsavedPlan) {
  PlannerController c(workspace().ws, workspace().path);
  CloseGuardState g;
  g.planner = &c;
  EXPECT_TRUE(request_close(g, nullptr, nullptr, false, false));  // no plan: closes
  c.solve(settings());
  c.wait();
  ASSERT_NE(c.result(), nullptr);
  g = {};
  g.planner = &c;
  EXPECT_FALSE(request_close(g, nullptr, nullptr, false, false));
  EXPECT_TRUE(g.open);
  EXPECT_TRUE(has_item(g, "plan de tournées non enregistré"));
  // « Enregistrer et quitter » saves it under a dated name, then closes.
  choose_close(g, CloseChoice::SaveAndQuit, nullptr, nullptr, false);
  EXPECT_TRUE(g.quit) << g.error;
  EXPECT_FALSE(c.plan_unsaved());
  EXPECT_EQ(c.saved_name().rfind("Tournées du ", 0), 0u) << c.saved_name();
  EXPECT_TRUE(io::plan_exists(workspace().path, c.saved_name()));
  // Saved: closes at once; modified again: asks, naming it.
  g = {};
  g.planner = &c;
  EXPECT_TRUE(request_close(g, nullptr, nullptr, false, false));
  c.solve(settings());
  c.wait();
  g = {};
  g.planner = &c;
  EXPECT_FALSE(request_close(g, nullptr, nullptr, false, false));
  EXPECT_TRUE(has_item(g, "« " + c.saved_name() + " » modifié"));
  choose_close(g, CloseChoice::QuitWithoutSaving, nullptr, nullptr, false);
  EXPECT_TRUE(g.quit);
}

TEST(SavedPlansWindow, ReopeningSetsThePanelSettings) {
  PlannerSettings S = settings();
  S.territory = "laureate:tour_emploi";
  S.base = "59178";
  S.reach = coverage::Reach::km(3);
  S.days = 5;
  S.days_off = {1};
  S.teams = 2;
  PlannerController c(workspace().ws, workspace().path);
  c.solve(S);
  c.wait();
  ASSERT_NE(c.result(), nullptr) << c.error;
  SavedPlansState st;
  ASSERT_TRUE(save_plan_as(c, st, "Douai 2 équipes", false)) << st.message;

  AppState s = make_app_state(1400, 900);
  PlannerController d(workspace().ws, workspace().path);
  PlannerPanelState ps;
  init_planner_panel(s, ps);
  ps.territory = -1;
  ps.own_reach = false;
  refresh_saved_plans(d, ps.saved);
  ASSERT_TRUE(std::any_of(ps.saved.list.begin(), ps.saved.list.end(), [](const io::SavedPlanInfo& i) { return i.name == "Douai 2 équipes"; }));
  ASSERT_TRUE(open_saved_plan(s, d, ps, ps.saved, "Douai 2 équipes")) << ps.saved.message;
  ASSERT_GE(ps.territory, 0);
  EXPECT_EQ(s.workspace()->laureates[static_cast<size_t>(ps.territory)].id, "tour_emploi");
  EXPECT_TRUE(ps.own_reach);
  EXPECT_FLOAT_EQ(ps.reach_km, 3.0f);
  EXPECT_STREQ(ps.date_text, "2026-12-07");
  EXPECT_EQ(ps.settings.teams, 2);
  EXPECT_EQ(ps.settings.days, 5);
  EXPECT_EQ(ps.settings.days_off, std::vector<int>{1});
  EXPECT_EQ(ps.base_label, "Douai (59178)");
  EXPECT_STREQ(ps.saved.name, "Douai 2 équipes");
  // The panel's settings give back the request the plan was made with.
  const PlannerSettings back = planner_settings(s, ps);
  EXPECT_EQ(back.territory, S.territory);
  ASSERT_TRUE(back.reach.has_value());
  EXPECT_EQ(*back.reach, *S.reach);
  // A damaged stored plan is said, nothing changes.
  io::put_document(workspace().path, io::Document{io::kPlanKind, "cassé", "# maraude-plan 1\nnom\tcassé\n", ""});
  EXPECT_FALSE(open_saved_plan(s, d, ps, ps.saved, "cassé"));
  EXPECT_TRUE(ps.saved.failed);
  EXPECT_NE(ps.saved.message.find("endommagé"), std::string::npos) << ps.saved.message;
  EXPECT_EQ(d.saved_name(), "Douai 2 équipes");
}

TEST(SavedPlansWindow, ReopenedPlanShowsItsStopRules) {
  const PlannerResult* base = solved().result();
  ASSERT_NE(base, nullptr);
  const auto& st = base->input.stops[static_cast<size_t>(base->plan.days.front().visits.front().stop)];
  const std::string code = base->places[static_cast<size_t>(st.place)].code;
  PlannerSettings S = settings();
  S.rules.max_population = 4999;
  S.rules.min_neet = 1;
  S.rules.exclude = {code};
  PlannerController c(workspace().ws, workspace().path);
  c.solve(S);
  c.wait();
  ASSERT_NE(c.result(), nullptr) << c.error;
  ASSERT_FALSE(c.result()->rules.excluded.empty());
  SavedPlansState st_save;
  ASSERT_TRUE(save_plan_as(c, st_save, "avec règles", false)) << st_save.message;
  ASSERT_TRUE(save_plan_as(solved(), st_save, "sans règles", false)) << st_save.message;

  AppState s = make_app_state(1400, 900);
  PlannerController d(workspace().ws, workspace().path);
  PlannerPanelState ps;
  init_planner_panel(s, ps);
  refresh_saved_plans(d, ps.saved);
  ASSERT_TRUE(open_saved_plan(s, d, ps, ps.saved, "avec règles")) << ps.saved.message;
  EXPECT_TRUE(ps.rules.population);
  EXPECT_EQ(ps.rules.max_population, 4999);
  EXPECT_TRUE(ps.rules.neet);
  EXPECT_DOUBLE_EQ(ps.rules.min_neet, 1);
  EXPECT_FALSE(ps.rules.youth);
  EXPECT_FALSE(ps.rules.service);
  EXPECT_STREQ(ps.rules.exclude, code.c_str());
  EXPECT_STREQ(ps.rules.must, "");
  EXPECT_TRUE(ps.rules.message.empty()) << ps.rules.message;
  EXPECT_EQ(d.result()->rules.excluded.size(), c.result()->rules.excluded.size());
  // The panel's settings give back the rules the plan was made with.
  const io::StopRules back = planner_settings(s, ps).rules;
  EXPECT_EQ(back.max_population, S.rules.max_population);
  EXPECT_EQ(back.min_neet, S.rules.min_neet);
  EXPECT_EQ(back.exclude, S.rules.exclude);
  EXPECT_TRUE(back.must.empty());
  // A plan saved without rules clears them.
  ASSERT_TRUE(open_saved_plan(s, d, ps, ps.saved, "sans règles")) << ps.saved.message;
  EXPECT_FALSE(ps.rules.population);
  EXPECT_FALSE(ps.rules.neet);
  EXPECT_STREQ(ps.rules.exclude, "");
  EXPECT_TRUE(planner_settings(s, ps).rules.empty());
}

TEST(SavedPlansWindow, RuleFieldsAreTheInverseOfThePanelRules) {
  io::StopRules r;
  r.min_uncovered_15_29 = 12.5;
  r.min_service = coverage::Reach::minutes(20);
  r.service_kinds = {ServiceKind::FranceTravail};
  r.within = {"zone:3220", "epci:200044618"};
  r.exclude = {"02691", "Saint-Quentin"};
  r.must = {"qpv:QN00201M"};
  StopRulesFields f = panel_rule_fields(r);
  EXPECT_TRUE(f.message.empty()) << f.message;
  const io::StopRules b = panel_stop_rules(f);
  EXPECT_EQ(b.min_uncovered_15_29, r.min_uncovered_15_29);
  ASSERT_TRUE(b.min_service.has_value());
  EXPECT_EQ(*b.min_service, *r.min_service);
  EXPECT_EQ(b.service_kinds, r.service_kinds);
  EXPECT_EQ(b.within, r.within);
  EXPECT_EQ(b.exclude, r.exclude);
  EXPECT_EQ(b.must, r.must);
  r.min_service = coverage::Reach::km(12);
  r.service_kinds.clear();  // the fixed services: the panel's default ticks
  EXPECT_EQ(*panel_stop_rules(panel_rule_fields(r)).min_service, *r.min_service);
  EXPECT_TRUE(panel_stop_rules(panel_rule_fields(r)).service_kinds.empty());
  // What the panel cannot show is said.
  r.within = {"laureate:tour_emploi"};
  r.exclude = {"Nom, avec virgule"};
  f = panel_rule_fields(r);
  EXPECT_NE(f.message.find("laureate:tour_emploi"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("Nom, avec virgule"), std::string::npos) << f.message;
}
