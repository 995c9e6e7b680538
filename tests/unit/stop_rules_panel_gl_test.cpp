// The Tournées panel's « Règles des arrêts » (run under xvfb-run): the typed values reach the
// solve as the command line's options do, absurd values are brought back within their bounds
// in the panel (never reaching the planner), and the left-out tab counts the reasons.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "app/planner_controller.h"
#include "app/planner_panels.h"
#include "imgui.h"
#include "io/csv.h"
#include "io/left_out.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

PlannerPanelState douai_panel() {
  PlannerPanelState ps;
  ps.settings.base = "59178";
  ps.settings.days = 3;
  ps.settings.iterations = 1000;
  ps.settings.date = io::Date{2026, 11, 30};
  ps.own_reach = true;
  ps.reach_km = 3;
  ps.territory = -1;
  ps.initialised = true;
  return ps;
}

void frames(AppState& s, PlannerController& c, PlannerPanelState& ps, int n) {
  for (int f = 0; f < n; ++f) {
    ImGui::NewFrame();
    draw_planner_panel(s, c, ps, nullptr);
    ImGui::Render();
  }
}

}  // namespace

TEST(StopRulesPanel, FieldsBecomeTheRulesOfTheSolve) {
  AppState s = test::make_app_state(1400, 900);
  PlannerPanelState ps = douai_panel();
  StopRulesFields& f = ps.rules;
  f.population = true;
  f.max_population = 5000;
  f.neet = true;
  f.min_neet = 2;
  f.service = true;
  f.service_minutes = false;
  f.min_service = 5;
  f.kinds[0] = f.kinds[3] = f.kinds[4] = false;  // France Travail only
  std::snprintf(f.exclude, sizeof f.exclude, "Marle, 02001");
  std::snprintf(f.must, sizeof f.must, "Somain");
  f.zone = "3220";
  const PlannerSettings S = planner_settings(s, ps);
  ASSERT_TRUE(S.rules.max_population);
  EXPECT_EQ(*S.rules.max_population, 5000);
  EXPECT_DOUBLE_EQ(*S.rules.min_neet, 2);
  EXPECT_FALSE(S.rules.min_uncovered_15_29);
  ASSERT_TRUE(S.rules.min_service);
  EXPECT_TRUE(*S.rules.min_service == coverage::Reach::km(5));
  EXPECT_EQ(S.rules.service_kinds, std::vector<ServiceKind>{ServiceKind::FranceTravail});
  EXPECT_EQ(S.rules.exclude, (std::vector<std::string>{"Marle", "02001"}));
  EXPECT_EQ(S.rules.must, std::vector<std::string>{"Somain"});
  EXPECT_EQ(S.rules.within, std::vector<std::string>{"zone:3220"});
  // Off: no rule at all (the fixed services are the default kinds, not a list).
  PlannerPanelState off = douai_panel();
  EXPECT_TRUE(planner_settings(s, off).rules.empty());
  off.rules.service = true;
  EXPECT_TRUE(planner_settings(s, off).rules.service_kinds.empty());

  // Solved by the controller: the rules applied, the conflict reported, exclus.csv exported.
  PlannerController c(workspace(), "");
  PlannerSettings solve = S;
  solve.rules.within.clear();  // the Douai plan: Saint-Quentin's zone would leave Somain alone
  c.solve(solve);
  c.wait();
  ASSERT_TRUE(c.error.empty()) << c.error;
  const PlannerResult& R = *c.result();
  EXPECT_GT(R.rules.excluded.size(), 50u);
  ASSERT_EQ(R.rules.conflicts.size(), 1u);  // Somain: over 5,000 inhabitants, kept as must-visit
  EXPECT_NE(R.rules.conflicts[0].find("Somain"), std::string::npos);
  const fs::path dir = test::temp_dir("stop_rules_panel");
  std::string msg;
  ASSERT_EQ(export_plan_to(c, (dir / "out").string(), false, msg), PlanExportStep::Written) << msg;
  const auto t = io::CsvTable::read((dir / "out" / "exclus.csv").string());
  EXPECT_EQ(t.rows().size(), R.rules.excluded.size() + R.plan.left_out.size());

  // The left-out tab draws the counts (and the conflict) without a Begin/End mismatch.
  test::HeadlessImGui session(1400, 900);
  s.layout.show(Panel::Planner);
  ps.select_tab = 2;
  ps.rules.unfold = true;
  frames(s, c, ps, 4);
}

TEST(StopRulesPanel, AbsurdTypedValuesAreBroughtBackInThePanel) {
  AppState s = test::make_app_state(1400, 900);
  PlannerController c(workspace(), "");
  test::HeadlessImGui session(1400, 900);
  s.layout.show(Panel::Planner);
  PlannerPanelState ps = douai_panel();
  ps.rules.unfold = true;
  frames(s, c, ps, 2);
  struct Case {
    std::function<void(StopRulesFields&)> type;
    std::function<bool(const StopRulesFields&)> ok;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](auto& f) { f.max_population = -5; }, [](const auto& f) { return f.max_population == 1; }, "population maximale : -5"},
      {[](auto& f) { f.max_population = 1000000000; }, [](const auto& f) { return f.max_population == kPanelMaxPopulationRule; },
       "hors limites"},
      {[](auto& f) { f.min_neet = -2; }, [](const auto& f) { return f.min_neet == 0; }, "NEET : -2"},
      {[](auto& f) { f.min_youth = 1e9; }, [](const auto& f) { return f.min_youth == io::kMaxYouthRule; }, "jeunes non couverts"},
      {[](auto& f) { f.min_service = 0, f.service_minutes = true; }, [](const auto& f) { return f.min_service == 1; },
       "distance au service : 0 min"},
      {[](auto& f) { f.min_service = 1e6, f.service_minutes = false; }, [](const auto& f) { return f.min_service == 100; },
       "ramené à 100"},
      {[](auto& f) { f.min_neet = std::nan(""); }, [](const auto& f) { return f.min_neet == 0; }, "NEET"},
      {[](auto& f) { std::fill(f.kinds, f.kinds + 6, false); }, [](const auto& f) { return f.kinds[2]; }, "au moins un type"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    cases[i].type(ps.rules);
    ps.rules.message.clear();
    frames(s, c, ps, 1);  // the section is open: its fields are checked each frame
    EXPECT_TRUE(cases[i].ok(ps.rules)) << i;
    EXPECT_NE(ps.rules.message.find(cases[i].message), std::string::npos) << i << ": " << ps.rules.message;
    EXPECT_NO_THROW(io::check_rules(planner_settings(s, ps).rules)) << i;
  }
}
