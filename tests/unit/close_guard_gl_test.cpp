// Closing the window with unsaved work (close_guard.h), on a copy of the real workspace:
// a close request with a modified scenario does not close and opens the modal; « Annuler »
// keeps the window; « Enregistrer et quitter » writes the scenario (checked by reading the
// workspace again), also the one a presentation keeps aside, and a failed save keeps the
// window with the error; « Quitter sans enregistrer » leaves the workspace byte for byte as
// it was; scripted runs close without asking. Run under xvfb-run (maraude_app).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "app/close_guard.h"
#include "app/coverage_controller.h"
#include "app/panel_story.h"
#include "core/coverage/scenario.h"
#include "core/story.h"
#include "imgui.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "coverage_edit_support.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

namespace {
std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

// A permanence in Chaulnes (80186, a rural gap): the edit the tests save or drop.
std::string add_chaulnes(CoverageController& c) { return test::add_point_at_commune(c, "80186"); }
using test::has_point_at;
}  // namespace

TEST(CloseGuard, NothingUnsavedClosesAtOnce) {
  const std::string path = test::real_workspace_copy("close-clean");
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  StoryPanelState sp;
  sp.workspace_path = path;
  CloseGuardState g;
  EXPECT_TRUE(request_close(g, &c, &sp, false, false));
  EXPECT_TRUE(g.quit);
  EXPECT_FALSE(g.open);
}

TEST(CloseGuard, ModifiedScenarioAsksThenCancelKeepsAndDiscardLeavesTheFileUntouched) {
  const std::string path = test::real_workspace_copy("close-discard");
  const std::string before = test::read_file(path);
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  add_chaulnes(c);
  ASSERT_TRUE(c.modified());
  StoryPanelState sp;
  sp.workspace_path = path;

  CloseGuardState g;
  EXPECT_FALSE(request_close(g, &c, &sp, false, false));  // not closed: the modal asks
  EXPECT_TRUE(g.open);
  EXPECT_FALSE(g.quit);
  ASSERT_EQ(g.items.size(), 1u);
  EXPECT_EQ(g.items[0], "scénario « " + std::string(coverage::kDefaultScenarioName) + " » modifié");
  EXPECT_EQ(unsaved_changes(&c, &sp, true).at(0), "scenario “" + std::string(coverage::kDefaultScenarioName) + "” modified");

  choose_close(g, CloseChoice::Cancel, &c, &sp, false);  // the window stays, edits and all
  EXPECT_FALSE(g.open);
  EXPECT_FALSE(g.quit);
  EXPECT_TRUE(c.modified());

  EXPECT_FALSE(request_close(g, &c, &sp, false, false));  // asked again
  EXPECT_TRUE(g.open);
  choose_close(g, CloseChoice::QuitWithoutSaving, &c, &sp, false);
  EXPECT_TRUE(g.quit);
  EXPECT_FALSE(g.open);
  EXPECT_TRUE(test::read_file(path) == before) << "the workspace changed although nothing was saved";
}

TEST(CloseGuard, ScriptedRunsCloseWithoutAskingOrSaving) {
  const std::string path = test::real_workspace_copy("close-scripted");
  const std::string before = test::read_file(path);
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  add_chaulnes(c);
  CloseGuardState g;
  EXPECT_TRUE(request_close(g, &c, nullptr, false, /*scripted=*/true));
  EXPECT_FALSE(g.open);
  EXPECT_TRUE(test::read_file(path) == before);
}

TEST(CloseGuard, SaveAndQuitWritesTheScenarioAndAFailedSaveKeepsTheWindow) {
  const std::string path = test::real_workspace_copy("close-save");
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  add_chaulnes(c);
  const Vec2 pos = c.scenario().points.back().pos;
  StoryPanelState sp;
  sp.workspace_path = path;

  // A save that cannot happen (the workspace file replaced by something else): the modal
  // stays open with the error, the edits are still listed as unsaved.
  const std::string aside = path + ".aside";
  std::filesystem::rename(path, aside);
  test::write_file(path, "pas un GeoPackage");
  CloseGuardState g;
  ASSERT_FALSE(request_close(g, &c, &sp, false, false));
  choose_close(g, CloseChoice::SaveAndQuit, &c, &sp, false);
  EXPECT_FALSE(g.quit);
  EXPECT_TRUE(g.open);
  EXPECT_FALSE(g.error.empty());
  EXPECT_TRUE(c.modified());
  EXPECT_EQ(g.items.size(), 1u);

  std::filesystem::remove(path);
  std::filesystem::rename(aside, path);
  choose_close(g, CloseChoice::SaveAndQuit, &c, &sp, false);
  EXPECT_TRUE(g.quit) << g.error;
  EXPECT_FALSE(g.open);
  EXPECT_FALSE(c.modified());
  // Read back from the file: the stored scenario has the permanence.
  const coverage::Scenario back = io::load_scenario(path, *workspace(), coverage::kDefaultScenarioName);
  EXPECT_TRUE(has_point_at(back, pos));
}

TEST(CloseGuard, ScenarioKeptAsideByAPresentationIsListedAndSaved) {
  const std::string path = test::real_workspace_copy("close-present");
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  const std::string edited = c.scenario().name;
  c.duplicate(edited, "Autre");
  add_chaulnes(c);
  const Vec2 pos = c.scenario().points.back().pos;
  c.show_scenario("Autre");  // a story view shows another scenario: the edited one goes aside
  c.wait_idle();
  ASSERT_TRUE(c.showing_other());
  ASSERT_FALSE(c.modified());  // the shown one is not edited

  CloseGuardState g;
  EXPECT_FALSE(request_close(g, &c, nullptr, false, false));
  ASSERT_EQ(g.items.size(), 1u);
  EXPECT_NE(g.items[0].find(edited), std::string::npos);
  choose_close(g, CloseChoice::SaveAndQuit, &c, nullptr, false);
  EXPECT_TRUE(g.quit) << g.error;
  EXPECT_TRUE(has_point_at(io::load_scenario(path, *workspace(), edited), pos));
  EXPECT_FALSE(has_point_at(io::load_scenario(path, *workspace(), "Autre"), pos));  // the shown one untouched
  EXPECT_EQ(c.scenario().name, "Autre");  // still presenting: nothing swapped behind the screen
}

TEST(CloseGuard, StoryWhoseSaveFailedIsListedAndSavedAgain) {
  const std::string path = test::real_workspace_copy("close-story");
  StoryPanelState sp;
  sp.workspace_path = path + ".absent";  // first save fails: no such workspace
  Story st;
  st.name = "Réunion";
  StoryView v;
  v.title = "La région";
  v.extent = "region";
  v.layers = default_story_layers();
  st.views = {v};
  sp.stories = {st};
  save_story(sp, st);
  ASSERT_EQ(sp.unsaved.size(), 1u);
  CloseGuardState g;
  EXPECT_FALSE(request_close(g, nullptr, &sp, false, false));
  ASSERT_EQ(g.items.size(), 1u);
  EXPECT_EQ(g.items[0], "récit « Réunion » non enregistré");
  choose_close(g, CloseChoice::SaveAndQuit, nullptr, &sp, false);
  EXPECT_FALSE(g.quit);  // still failing
  EXPECT_FALSE(g.error.empty());
  sp.workspace_path = path;
  choose_close(g, CloseChoice::SaveAndQuit, nullptr, &sp, false);
  EXPECT_TRUE(g.quit) << g.error;
  EXPECT_TRUE(io::get_document(path, kStoryKind, "Réunion").has_value());
}

// The ImGui face: the modal opens while the guard asks, and Esc answers « Annuler ».
TEST(CloseGuard, ModalOpensAndEscapeCancels) {
  const std::string path = test::real_workspace_copy("close-modal");
  CoverageController c(workspace(), path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  add_chaulnes(c);
  CloseGuardState g;
  ASSERT_FALSE(request_close(g, &c, nullptr, false, false));

  test::HeadlessImGui imgui(1200, 800);
  ImGuiIO& io = ImGui::GetIO();
  AppState s;
  bool seen = false;
  for (int f = 0; f < 6 && g.open; ++f) {
    io.KeysDown[test::kKeyEscape] = f == 3;
    ImGui::NewFrame();
    draw_close_modal(s, g, &c, nullptr);
    seen = seen || ImGui::IsPopupOpen("Modifications non enregistrées###unsaved");
    ImGui::EndFrame();
  }
  EXPECT_TRUE(seen);
  EXPECT_FALSE(g.open);
  EXPECT_FALSE(g.quit);
  EXPECT_TRUE(c.modified());
}
