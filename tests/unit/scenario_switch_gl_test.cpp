// Showing another scenario (or deleting the shown one) with unsaved edits asks first
// (close_guard.h, request_scenario_action), on a copy of the real workspace: the modal is
// pending and nothing is switched; « Annuler » keeps the edits; « Enregistrer puis
// changer » stores them (read back from the workspace file) and shows the other one;
// « Changer sans enregistrer » leaves the workspace byte for byte as it was; a failed save
// switches nothing. The « Scénarios » panel's own « Afficher » button goes through the
// guard. « Enregistrer sous ce nom » no longer overwrites another stored scenario.
// Run under xvfb-run (maraude_app).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/close_guard.h"
#include "app/coverage_controller.h"
#include "app/layout.h"
#include "app/coverage_panels.h"
#include "core/coverage/scenario.h"
#include "core/error.h"
#include "imgui.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "coverage_edit_support.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

namespace {
std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

const std::string kDefault = coverage::kDefaultScenarioName;

// A controller on `path` showing the default scenario, with a stored copy "Autre" and a
// permanence added in Chaulnes (80186, a rural gap): the unsaved edit. Returns its position.
Vec2 edited_controller(CoverageController& c) {
  c.start();
  c.wait_idle();
  EXPECT_TRUE(c.ready()) << c.error;
  c.duplicate(kDefault, "Autre");
  if (test::add_point_at_commune(c, "80186").empty()) return {};
  EXPECT_TRUE(c.modified());
  return c.scenario().points.back().pos;
}

using test::has_point_at;
}  // namespace

TEST(ScenarioSwitchGuard, WithoutEditsSwitchesAtOnce) {
  const std::string path = test::real_workspace_copy("switch-clean");
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  c.duplicate(kDefault, "Autre");
  ScenarioGuardState g;
  EXPECT_TRUE(request_scenario_action(g, c, ScenarioAction::Switch, "Autre", false));
  EXPECT_FALSE(g.open);
  EXPECT_EQ(c.scenario().name, "Autre");
}

TEST(ScenarioSwitchGuard, EditsMakeItAskAndCancelKeepsThem) {
  const std::string path = test::real_workspace_copy("switch-cancel");
  CoverageController c(workspace(), path);
  const Vec2 pos = edited_controller(c);
  const std::string before = test::read_file(path);
  ScenarioGuardState g;
  EXPECT_FALSE(request_scenario_action(g, c, ScenarioAction::Switch, "Autre", false));
  EXPECT_TRUE(g.open);  // the modal is pending
  EXPECT_EQ(g.target, "Autre");
  EXPECT_EQ(g.edited, kDefault);
  EXPECT_EQ(c.scenario().name, kDefault);  // nothing switched
  EXPECT_TRUE(c.modified());
  EXPECT_TRUE(has_point_at(c.scenario(), pos));

  choose_scenario_action(g, SwitchChoice::Cancel, c, false);
  EXPECT_FALSE(g.open);
  EXPECT_FALSE(g.done);
  EXPECT_EQ(c.scenario().name, kDefault);
  EXPECT_TRUE(c.modified());
  EXPECT_TRUE(has_point_at(c.scenario(), pos));
  EXPECT_TRUE(test::read_file(path) == before);

  // Showing the edited scenario itself again (its stored copy) asks too.
  EXPECT_FALSE(request_scenario_action(g, c, ScenarioAction::Switch, kDefault, false));
  EXPECT_TRUE(g.open);
  choose_scenario_action(g, SwitchChoice::Cancel, c, false);
  EXPECT_TRUE(has_point_at(c.scenario(), pos));
}

TEST(ScenarioSwitchGuard, SaveThenSwitchStoresTheEdits) {
  const std::string path = test::real_workspace_copy("switch-save");
  CoverageController c(workspace(), path);
  const Vec2 pos = edited_controller(c);
  ScenarioGuardState g;
  ASSERT_FALSE(request_scenario_action(g, c, ScenarioAction::Switch, "Autre", false));
  choose_scenario_action(g, SwitchChoice::SaveThenSwitch, c, false);
  EXPECT_FALSE(g.open);
  EXPECT_TRUE(g.done);
  EXPECT_EQ(g.message, "scénario affiché");
  c.wait_idle();
  EXPECT_EQ(c.scenario().name, "Autre");
  EXPECT_FALSE(c.modified());
  EXPECT_FALSE(has_point_at(c.scenario(), pos));

  // Reload the workspace from the file: the default scenario has the permanence.
  const Workspace again = io::load_workspace(path);
  EXPECT_TRUE(has_point_at(io::load_scenario(path, again, kDefault), pos));
  EXPECT_FALSE(has_point_at(io::load_scenario(path, again, "Autre"), pos));
  CoverageController fresh(std::make_shared<const Workspace>(io::load_workspace(path)), path);
  fresh.start();
  fresh.wait_idle();
  EXPECT_TRUE(has_point_at(fresh.scenario(), pos));
}

TEST(ScenarioSwitchGuard, SwitchWithoutSavingLeavesTheWorkspaceByteIdentical) {
  const std::string path = test::real_workspace_copy("switch-discard");
  CoverageController c(workspace(), path);
  const Vec2 pos = edited_controller(c);
  const std::string before = test::read_file(path);
  ScenarioGuardState g;
  ASSERT_FALSE(request_scenario_action(g, c, ScenarioAction::Switch, "Autre", false));
  choose_scenario_action(g, SwitchChoice::SwitchWithoutSaving, c, false);
  EXPECT_FALSE(g.open);
  c.wait_idle();
  EXPECT_EQ(c.scenario().name, "Autre");
  EXPECT_FALSE(c.modified());
  EXPECT_TRUE(test::read_file(path) == before) << "the workspace changed although nothing was saved";
  EXPECT_FALSE(has_point_at(io::load_scenario(path, *workspace(), kDefault), pos));
}

TEST(ScenarioSwitchGuard, AFailedSaveSwitchesNothing) {
  const std::string path = test::real_workspace_copy("switch-fail");
  CoverageController c(workspace(), path);
  const Vec2 pos = edited_controller(c);
  ScenarioGuardState g;
  ASSERT_FALSE(request_scenario_action(g, c, ScenarioAction::Switch, "Autre", false));
  const std::string aside = path + ".aside";
  std::filesystem::rename(path, aside);
  test::write_file(path, "pas un GeoPackage");
  choose_scenario_action(g, SwitchChoice::SaveThenSwitch, c, false);
  EXPECT_TRUE(g.open);
  EXPECT_FALSE(g.error.empty());
  EXPECT_EQ(c.scenario().name, kDefault);
  EXPECT_TRUE(c.modified());
  EXPECT_TRUE(has_point_at(c.scenario(), pos));
  std::filesystem::remove(path);
  std::filesystem::rename(aside, path);
  choose_scenario_action(g, SwitchChoice::SaveThenSwitch, c, false);
  EXPECT_FALSE(g.open) << g.error;
  EXPECT_EQ(c.scenario().name, "Autre");
  EXPECT_TRUE(has_point_at(io::load_scenario(path, *workspace(), kDefault), pos));
}

TEST(ScenarioSwitchGuard, DeletingTheShownScenarioWithEditsAsksDeletingAnotherDoesNot) {
  const std::string path = test::real_workspace_copy("switch-delete");
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  c.duplicate(kDefault, "Autre");
  c.duplicate(kDefault, "Troisième");
  ScenarioGuardState g;
  ASSERT_TRUE(request_scenario_action(g, c, ScenarioAction::Switch, "Autre", false));
  c.wait_idle();
  for (size_t t = 0; t < c.targets().size(); ++t)
    if (c.targets()[t].code == "80186") c.add_point(c.targets()[t].anchor);
  ASSERT_TRUE(c.modified());
  const size_t n = c.scenario().points.size();

  // Another scenario: deleted at once, the edits stay.
  EXPECT_TRUE(request_scenario_action(g, c, ScenarioAction::Delete, "Troisième", false));
  EXPECT_FALSE(io::scenario_exists(path, "Troisième"));
  EXPECT_TRUE(c.modified());
  EXPECT_EQ(c.scenario().points.size(), n);

  // The shown one: asks; « Enregistrer puis changer » has no meaning there and does nothing.
  EXPECT_FALSE(request_scenario_action(g, c, ScenarioAction::Delete, "Autre", false));
  EXPECT_TRUE(g.open);
  EXPECT_TRUE(io::scenario_exists(path, "Autre"));
  choose_scenario_action(g, SwitchChoice::SaveThenSwitch, c, false);
  EXPECT_TRUE(g.open);
  EXPECT_TRUE(c.modified());
  choose_scenario_action(g, SwitchChoice::Cancel, c, false);
  EXPECT_TRUE(io::scenario_exists(path, "Autre"));
  EXPECT_EQ(c.scenario().points.size(), n);

  ASSERT_FALSE(request_scenario_action(g, c, ScenarioAction::Delete, "Autre", false));
  choose_scenario_action(g, SwitchChoice::SwitchWithoutSaving, c, false);
  EXPECT_EQ(g.message, "supprimé");
  EXPECT_FALSE(io::scenario_exists(path, "Autre"));
  EXPECT_EQ(c.scenario().name, kDefault);
}

TEST(ScenarioSwitchGuard, SaveAsRefusesToOverwriteAnotherStoredScenario) {
  const std::string path = test::real_workspace_copy("switch-saveas");
  CoverageController c(workspace(), path);
  const Vec2 pos = edited_controller(c);
  EXPECT_THROW(c.save_as("Autre"), Error);
  EXPECT_FALSE(has_point_at(io::load_scenario(path, *workspace(), "Autre"), pos));
  EXPECT_EQ(c.scenario().name, kDefault);
  EXPECT_TRUE(c.modified());
  c.save_as("Nouveau");
  EXPECT_TRUE(has_point_at(io::load_scenario(path, *workspace(), "Nouveau"), pos));
}

// The panel's own « Afficher » button (a real click in an ImGui frame): the modal opens,
// nothing is switched, and Esc answers « Annuler ».
TEST(ScenarioSwitchGuard, PanelShowButtonOpensTheModal) {
  const std::string path = test::real_workspace_copy("switch-panel");
  CoverageController c(workspace(), path);
  const Vec2 pos = edited_controller(c);

  test::HeadlessImGui imgui(1280, 900);
  ImGuiIO& io = ImGui::GetIO();
  AppState s;
  s.set_workspace(workspace(), std::make_shared<const render::MapData>());
  CoveragePanelState ps;
  ps.chosen = "Autre";
  bool seen = false;
  // The panel is a section of the side bar at (0, 0), unfolded from the menu (layout.h):
  // « Afficher » sits below the 110-px list: padding 8 + header 19 + spacing 4 + list 110 +
  // spacing 4, 8 + 4 (indent) from the left.
  s.layout.show(Panel::Scenarios);
  const ImVec2 button{8 + 4 + 20, 8 + 19 + 4 + 110 + 4 + 9};
  for (int f = 0; f < 14; ++f) {
    io.MousePos = button;
    io.MouseDown[0] = f == 4;  // pressed on frame 4, released on frame 5: a click
    io.KeysDown[test::kKeyEscape] = f == 10;
    ImGui::NewFrame();
    begin_sidebar(s, 0, 0);
    draw_scenarios_panel(s, c, ps);
    // The modal opens from the side bar's window (its id is in the bar's id stack).
    seen = seen || ImGui::IsPopupOpen("Modifications non enregistrées###unsaved-scenario");
    end_sidebar(s);
    if (f == 7) {
      EXPECT_TRUE(ps.guard.open) << "the click did not reach « Afficher » or did not ask";
      EXPECT_EQ(c.scenario().name, kDefault);
    }
    ImGui::EndFrame();
  }
  EXPECT_TRUE(seen);
  EXPECT_FALSE(ps.guard.open);  // Esc: cancelled
  EXPECT_EQ(c.scenario().name, kDefault);
  EXPECT_TRUE(c.modified());
  EXPECT_TRUE(has_point_at(c.scenario(), pos));
}
