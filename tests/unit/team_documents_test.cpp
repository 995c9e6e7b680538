// Versioned plans and stories on a shared PostgreSQL workspace (issue 16, item 3 for the
// documents other than scenarios), against a real throw-away cluster holding the Monaco
// fixture (data/geo/fixtures/monaco/manifest.ini, imported through test::data_dir()):
// a plan saved by two writers from the same version gives one conflict and keeps both (the
// loser's as « NOM (copie de …) »), `maraude plan --save` goes on top of the version it read,
// and every `maraude story` save checks its version (exit 9, French message naming who and
// when, the caller's text kept as a copy).
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/story.h"
#include "io/document_store.h"
#include "io/pg_workspace.h"
#include "io/plan_store.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "pg_test_cluster.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;

namespace {

test::PgCluster& cluster() {
  static test::PgCluster c(54351);
  return c;
}

// Monaco in the cluster, an empty scenario « vide » (Monaco's one service covers every
// target: without it there is nothing to plan), and alice, another administrator.
const test::PgTeam& team() {
  static const test::PgTeam t = [] {
    test::PgTeam x = test::monaco_team(cluster());
    auto empty = coverage::default_scenario(*x.ws);
    empty.name = "vide";
    empty.points.clear();
    io::save_scenario_checked(x.db, empty, 0);
    return x;
  }();
  return t;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

// `maraude plan` on the shared workspace, saved under `name`.
test::RunResult plan_cli(const std::string& name, const std::string& out) {
  return test::run_maraude("plan " + q(team().db) + " --scenario vide --base 99001 --days 1 --iterations 30 --out " + q(out) +
                           " --save " + q(name));
}

}  // namespace

TEST(TeamDocuments, PlanSavedByTwoWritersGivesOneConflictAndKeepsBoth) {
  NEED_PG_CLUSTER(cluster());
  const auto dir = test::temp_dir("team-plan");
  const auto r = plan_cli("Tournée commune", (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const io::SavedPlan sp = io::load_plan(team().db, *team().ws, "Tournée commune");
  EXPECT_EQ(sp.version, 1);
  EXPECT_EQ(sp.revision, 1);
  // Two windows that opened version 1 save at once: one wins, the other is kept as a copy.
  std::atomic<int> ready{0}, won{0};
  std::vector<std::string> kept, messages;
  std::mutex m;
  auto writer = [&](const std::string& loc, int days) {
    io::PlanRequest req = sp.request;
    req.days = days;  // tells the two versions apart
    ++ready;
    while (ready < 2) std::this_thread::yield();
    try {
      io::save_plan_checked(loc, "Tournée commune", req, sp.result, sp.version);
      ++won;
    } catch (const io::DocumentConflict& c) {
      std::lock_guard<std::mutex> l(m);
      kept.push_back(c.kept_as());
      messages.push_back(c.format());
    }
  };
  std::thread ta(writer, team().db, 5), tb(writer, team().alice, 6);
  ta.join();
  tb.join();
  EXPECT_EQ(won, 1);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_TRUE(kept[0] == "Tournée commune (copie de postgres)" || kept[0] == "Tournée commune (copie de alice)") << kept[0];
  EXPECT_NE(messages[0].find("modifié par "), std::string::npos) << messages[0];
  const auto stored = io::load_plan(team().db, *team().ws, "Tournée commune");
  const auto copy = io::load_plan(team().db, *team().ws, kept[0]);
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(stored.revision, 2);
  EXPECT_EQ((std::set<int>{stored.request.days, copy.request.days}), (std::set<int>{5, 6}));
  // A stale base is refused even alone: nothing overwritten.
  EXPECT_THROW(io::save_plan_checked(team().db, "Tournée commune", sp.request, sp.result, 1), io::DocumentConflict);
  EXPECT_EQ(io::load_plan(team().db, *team().ws, "Tournée commune").version, 2);
  // The command line goes on top of the version stored when it started: revision 3.
  const auto again = plan_cli("Tournée commune", (dir / "out2").string());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("révision 3"), std::string::npos) << again.out;
  EXPECT_EQ(io::load_plan(team().db, *team().ws, "Tournée commune").version, 3);
}

TEST(TeamDocuments, StoryCommandSavesCheckTheirVersion) {
  NEED_PG_CLUSTER(cluster());
  const auto dir = test::temp_dir("team-story");
  Story st;
  st.name = "Récit partagé";
  st.description = "départ";
  st.views.resize(2);
  st.views[0].title = "un";
  st.views[1].title = "deux";
  const std::string file = (dir / "recit.txt").string();
  test::write_file(file, story_to_text(st));
  auto r = test::run_maraude("story import " + q(team().db) + " " + q(file));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("version 1"), std::string::npos) << r.out;
  r = test::run_maraude("story list " + q(team().db) + " --versions");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Récit partagé\tversion 1\tpostgres\t"), std::string::npos) << r.out;
  // Alice saves it (version 2); an import of a text taken at version 1 is refused: exit 9,
  // who and when in French, nothing overwritten, the text kept as a copy.
  Story theirs = st;
  theirs.description = "par alice";
  auto store = io::open_document_store(team().alice);
  store->save({kStoryKind, st.name, story_to_text(theirs), ""}, 1);
  st.description = "la mienne";
  test::write_file(file, story_to_text(st));
  r = test::run_maraude("story import " + q(team().db) + " " + q(file) + " --base-version 1");
  EXPECT_EQ(r.exit_code, 9) << r.out << r.err;
  EXPECT_NE(r.err.find("modifié par alice à "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Récit partagé (copie de postgres)"), std::string::npos) << r.err;
  EXPECT_EQ(story_from_text(io::get_document(team().db, kStoryKind, st.name)->body, "t").description, "par alice");
  const auto copy = io::get_document(team().db, kStoryKind, "Récit partagé (copie de postgres)");
  ASSERT_TRUE(copy);
  EXPECT_EQ(story_from_text(copy->body, "t").description, "la mienne");
  r = test::run_maraude("story import " + q(team().db) + " " + q(file) + " --base-version x");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // edit: on top of the version it read.
  r = test::run_maraude("story edit " + q(team().db) + " --story 'Récit partagé' --move 2:1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto edited = io::get_document(team().db, kStoryKind, st.name);
  EXPECT_EQ(edited->version, 3);
  EXPECT_EQ(story_from_text(edited->body, "t").views.at(0).title, "deux");
  EXPECT_EQ(story_from_text(edited->body, "t").description, "par alice");
  // --copy-to never overwrites another story.
  r = test::run_maraude("story edit " + q(team().db) + " --story 'Récit partagé' --copy-to 'Récit partagé (copie de postgres)'");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("existe déjà"), std::string::npos) << r.err;
  EXPECT_EQ(story_from_text(io::get_document(team().db, kStoryKind, "Récit partagé (copie de postgres)")->body, "t").description, "la mienne");
}
