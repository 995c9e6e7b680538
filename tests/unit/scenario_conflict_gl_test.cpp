// A scenario saved by someone else while the window had it open (issue 16): the window's save
// overwrites nothing, says who saved and when, keeps its edits as a copy and goes on with that
// copy (later saves go there, without conflict). On a copy of the real workspace (GeoPackage:
// the same seam as PostgreSQL, io/document_store.h). Run under xvfb-run (maraude_app).
#include <gtest/gtest.h>

#include "app/coverage_controller.h"
#include "app/panel_story.h"
#include "core/story.h"
#include "io/workspace.h"
#include "core/coverage/scenario.h"
#include "io/document_store.h"
#include "io/scenario_store.h"
#include "coverage_edit_support.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

TEST(ScenarioConflict, SaveAfterSomeoneElseKeepsBothVersionsAndGoesOnWithTheCopy) {
  const std::string path = test::real_workspace_copy("conflict");
  const auto ws = test::shared_workspace();
  CoverageController c(ws, path);
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  c.duplicate(coverage::kDefaultScenarioName, "Commun");
  c.switch_to("Commun");
  c.wait_idle();
  // A colleague saves « Commun » meanwhile.
  auto other = io::load_stored_scenario(path, *ws, "Commun");
  other.scenario.description = "par un collègue";
  io::save_scenario_checked(path, other.scenario, other.version);
  ASSERT_FALSE(test::add_point_at_commune(c, "80186").empty());
  const size_t mine = c.scenario().points.size();
  std::string kept;
  try {
    c.save();
    FAIL() << "conflit attendu";
  } catch (const io::DocumentConflict& e) {
    EXPECT_NE(e.format().find("modifié par "), std::string::npos) << e.format();
    kept = e.kept_as();
  }
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(c.scenario().name, kept);
  EXPECT_FALSE(c.modified());
  EXPECT_EQ(io::load_scenario(path, *ws, "Commun").description, "par un collègue");
  EXPECT_EQ(io::load_scenario(path, *ws, kept).points.size(), mine);
  // Further edits are saved on the copy, without conflict.
  c.wait_idle();
  ASSERT_FALSE(test::add_point_at_commune(c, "80186").empty());
  EXPECT_NO_THROW(c.save());
  EXPECT_EQ(io::load_scenario(path, *ws, kept).points.size(), mine + 1);
  EXPECT_EQ(io::load_scenario(path, *ws, "Commun").description, "par un collègue");
}

TEST(StoryConflict, SaveAfterSomeoneElseKeepsBothVersions) {
  const std::string path = test::real_workspace_copy("story-conflict");
  Story st;
  st.name = "Récit commun";
  st.description = "départ";
  io::put_document(path, {kStoryKind, st.name, story_to_text(st), ""});
  StoryPanelState ps;
  ps.workspace_path = path;
  load_stories(ps);
  ASSERT_EQ(ps.stories.size(), 1u);
  // A colleague saves it meanwhile.
  Story theirs = st;
  theirs.description = "par un collègue";
  io::put_document(path, {kStoryKind, st.name, story_to_text(theirs), ""});
  Story mine = ps.stories[0];
  mine.description = "la mienne";
  save_story(ps, mine);
  EXPECT_NE(ps.message.find("modifié par "), std::string::npos) << ps.message;
  EXPECT_EQ(story_from_text(io::get_document(path, kStoryKind, st.name)->body, "t").description, "par un collègue");
  const auto copy = io::get_document(path, kStoryKind, st.name + " (ma version)");
  ASSERT_TRUE(copy);
  EXPECT_EQ(story_from_text(copy->body, "t").description, "la mienne");
  // Once reloaded, a save goes through.
  load_stories(ps);
  save_story(ps, mine);
  EXPECT_TRUE(ps.message.empty()) << ps.message;
  EXPECT_EQ(story_from_text(io::get_document(path, kStoryKind, st.name)->body, "t").description, "la mienne");
}
