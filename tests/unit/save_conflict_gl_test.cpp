// The window's save conflict dialog (app/save_conflict.h, issue 16 item 3) on a real
// PostgreSQL workspace: a throw-away cluster holding the Monaco fixture
// (data/geo/fixtures/monaco/manifest.ini, imported through test::data_dir()), a colleague
// (role « alice ») saving the scenario this window has open. The dialog says « modifié par
// alice à HH:MM » and its buttons, clicked in real ImGui frames, do what they say:
// « Garder la mienne (copie) » stores « NOM (copie de postgres) » and leaves alice's
// version alone; « Prendre la leur » asks first, then shows alice's version with nothing
// written; « Comparer » fills the panel's A/B comparison (mine vs theirs) and keeps the
// conflict pending; « Annuler » / Esc writes nothing. Run under xvfb-run (maraude_app).
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "app/coverage_controller.h"
#include "app/coverage_panels.h"
#include "app/layout.h"
#include "app/planner_controller.h"
#include "app/planner_saved.h"
#include "app/save_conflict.h"
#include "core/coverage/scenario.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "io/document_store.h"
#include "io/pg_workspace.h"
#include "io/plan_store.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "app_test_support.h"
#include "pg_test_cluster.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

namespace {

test::PgCluster& cluster() {
  static test::PgCluster c(54341);
  return c;
}

// One database per test process, with Monaco and the colleague's role.
const test::PgTeam& team() {
  static const test::PgTeam t = test::monaco_team(cluster());
  return t;
}

// A controller showing scenario `name` (stored, without points: Monaco's few services cover
// every target) with one unsaved permanence added on the target with the most uncovered
// people; then alice saves `name` with another description. Returns that description.
std::string conflicting_edit(CoverageController& c, const std::string& name) {
  c.start();
  c.wait_idle();
  EXPECT_TRUE(c.ready()) << c.error;
  auto empty = coverage::default_scenario(*team().ws);
  empty.name = name;
  empty.points.clear();
  io::save_scenario_checked(team().db, empty, 0);
  c.switch_to(name);
  c.wait_idle();
  size_t best = 0;
  for (size_t t = 0; t < c.results().size(); ++t)
    if (c.results()[t].uncovered_pop > c.results()[best].uncovered_pop) best = t;
  EXPECT_GT(c.results().at(best).uncovered_pop, 0) << "Monaco: no uncovered target to cover";
  c.add_point(c.targets().at(best).anchor);
  c.wait_idle();
  EXPECT_TRUE(c.modified());
  auto other = io::load_stored_scenario(team().alice, *team().ws, name);
  other.scenario.description = "par alice";
  io::save_scenario_checked(team().alice, other.scenario, other.version);
  return other.scenario.description;
}

// Draws the Scénarios panel (with its dialog) for `frames` frames, clicking the middle of
// `target` (re-read every frame: the dialog lays itself out) on frame `click_at`.
struct Window {
  test::HeadlessImGui imgui{1280, 900};
  AppState s;
  Window() {
    s.set_workspace(team().ws, std::make_shared<const render::MapData>());
    s.layout.show(Panel::Scenarios);
  }
  void frames(CoverageController& c, CoveragePanelState& ps, int n, const SaveConflictState::Rect* target = nullptr, int click_at = -1) {
    ImGuiIO& io = ImGui::GetIO();
    for (int f = 0; f < n; ++f) {
      if (target) io.MousePos = {(target->x0 + target->x1) / 2, (target->y0 + target->y1) / 2};
      io.MouseDown[0] = f == click_at;
      ImGui::NewFrame();
      begin_sidebar(s, 0, 0);
      draw_scenarios_panel(s, c, ps);
      end_sidebar(s);
      const ImGuiWindow* modal = ImGui::FindWindowByName("Conflit d’enregistrement###save-conflict");
      popup_seen = popup_seen || (modal && modal->Active);
      ImGui::EndFrame();
    }
    io.MouseDown[0] = false;
  }
  // A click on a dialog button: frames to lay it out, press, release.
  void click(CoverageController& c, CoveragePanelState& ps, const SaveConflictState::Rect& r) {
    frames(c, ps, 3, &r);
    EXPECT_GT(r.x1, r.x0) << "button never drawn";
    frames(c, ps, 4, &r, 1);
  }
  bool popup_seen = false;
};

}  // namespace

TEST(SaveConflictDialog, TheOpenWindowsNoticeGivesTheStoredTimeAsTheDialogDoes) {
  NEED_PG_CLUSTER(cluster());
  CoverageController c(team().ws, team().db);
  EXPECT_TRUE(c.remote_changes().empty());  // starts listening
  conflicting_edit(c, "Avis");
  // Saved long before the window reads the notice: the notice names the save's time, not
  // the time it was read.
  const auto back = cluster().psql("UPDATE maraude.documents SET updated = '2020-01-01T08:03:00Z' WHERE name = 'Avis';");
  ASSERT_EQ(back.exit_code, 0) << back.err;
  const auto stored = io::get_document(team().db, coverage::kScenarioKind, "Avis");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->updated, "2020-01-01T08:03:00Z");
  std::string notice;
  for (int i = 0; i < 300 && notice.empty(); ++i) {
    for (const auto& line : c.remote_changes())
      if (line.find("« Avis » modifié par alice") != std::string::npos) notice = line;
    if (notice.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(notice.empty()) << "no notice of alice's save";
  EXPECT_NE(notice.find("modifié par alice à " + test::local_hhmm(stored->updated) + " — c’est celui affiché"),
            std::string::npos)
      << notice;
  CoveragePanelState ps;
  EXPECT_FALSE(request_save(ps.conflict, c));
  EXPECT_NE(conflict_text(c, false).find("modifié par alice à " + test::local_hhmm(stored->updated)), std::string::npos);
}

TEST(SaveConflictDialog, SaysWhoAndWhenAndKeepMineStoresACopy) {
  NEED_PG_CLUSTER(cluster());
  CoverageController c(team().ws, team().db);
  const std::string theirs = conflicting_edit(c, "Commun");
  const size_t mine = c.scenario().points.size();
  const auto stored = io::get_document(team().db, coverage::kScenarioKind, "Commun");
  ASSERT_TRUE(stored);
  CoveragePanelState ps;
  Window w;
  EXPECT_FALSE(request_save(ps.conflict, c));  // the panel's « Enregistrer »
  ASSERT_TRUE(ps.conflict.open);
  ASSERT_TRUE(c.conflict());
  const std::string text = conflict_text(c, false);
  EXPECT_NE(text.find("modifié par alice à " + test::local_hhmm(stored->updated)), std::string::npos) << text;
  EXPECT_EQ(io::get_document(team().db, coverage::kScenarioKind, "Commun")->version, stored->version);  // nothing written
  EXPECT_TRUE(c.modified());
  w.click(c, ps, ps.conflict.keep_button);
  EXPECT_TRUE(w.popup_seen);
  EXPECT_FALSE(ps.conflict.open);
  EXPECT_FALSE(c.conflict());
  EXPECT_EQ(c.scenario().name, "Commun (copie de postgres)");
  EXPECT_FALSE(c.modified());
  EXPECT_NE(ps.message.find("Commun (copie de postgres)"), std::string::npos) << ps.message;
  const auto copy = io::get_document(team().db, coverage::kScenarioKind, "Commun (copie de postgres)");
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->author, "postgres");
  EXPECT_EQ(io::load_scenario(team().db, *team().ws, "Commun (copie de postgres)").points.size(), mine);
  // Alice's version untouched.
  const auto after = io::get_document(team().db, coverage::kScenarioKind, "Commun");
  EXPECT_EQ(after->version, stored->version);
  EXPECT_EQ(after->author, "alice");
  EXPECT_EQ(io::load_scenario(team().db, *team().ws, "Commun").description, theirs);
  // Later saves go to the copy, without conflict.
  EXPECT_TRUE(request_save(ps.conflict, c));
}

TEST(SaveConflictDialog, TakeTheirsAsksFirstThenShowsTheirsWritingNothing) {
  NEED_PG_CLUSTER(cluster());
  CoverageController c(team().ws, team().db);
  const std::string theirs = conflicting_edit(c, "Commun B");
  const size_t mine = c.scenario().points.size();
  const auto docs_before = io::list_documents(team().db, "");
  CoveragePanelState ps;
  Window w;
  ASSERT_FALSE(request_save(ps.conflict, c));
  w.click(c, ps, ps.conflict.take_button);
  // Asked first: nothing changed yet.
  EXPECT_TRUE(ps.conflict.open);
  EXPECT_TRUE(ps.conflict.confirm_take);
  EXPECT_TRUE(c.modified());
  EXPECT_EQ(c.scenario().points.size(), mine);
  // « Non » goes back to the three choices; then « Prendre la leur », « Oui ».
  w.click(c, ps, ps.conflict.cancel_button);
  EXPECT_TRUE(ps.conflict.open);
  EXPECT_FALSE(ps.conflict.confirm_take);
  EXPECT_TRUE(c.modified());
  w.click(c, ps, ps.conflict.take_button);
  ASSERT_TRUE(ps.conflict.confirm_take);
  w.click(c, ps, ps.conflict.confirm_button);
  EXPECT_FALSE(ps.conflict.open);
  EXPECT_FALSE(c.conflict());
  c.wait_idle();
  EXPECT_EQ(c.scenario().name, "Commun B");
  EXPECT_EQ(c.scenario().description, theirs);
  EXPECT_EQ(c.scenario().points.size(), mine - 1);
  EXPECT_FALSE(c.modified());
  const auto docs_after = io::list_documents(team().db, "");
  ASSERT_EQ(docs_after.size(), docs_before.size());  // no copy written
  for (size_t i = 0; i < docs_after.size(); ++i) EXPECT_EQ(docs_after[i].version, docs_before[i].version) << docs_after[i].name;
  // Now based on theirs: a save goes through.
  EXPECT_TRUE(request_save(ps.conflict, c));
}

TEST(SaveConflictDialog, CompareFillsTheComparisonAndCancelWritesNothing) {
  NEED_PG_CLUSTER(cluster());
  CoverageController c(team().ws, team().db);
  conflicting_edit(c, "Commun C");
  const auto docs_before = io::list_documents(team().db, "");
  CoveragePanelState ps;
  Window w;
  ASSERT_FALSE(request_save(ps.conflict, c));
  w.click(c, ps, ps.conflict.compare_button);
  EXPECT_FALSE(ps.conflict.open);
  ASSERT_TRUE(c.conflict());  // still pending
  ASSERT_TRUE(ps.sum_a && ps.sum_b);
  // A (mine) has the added permanence: more people covered than B (theirs).
  EXPECT_LT(ps.sum_a->totals.uncovered_pop, ps.sum_b->totals.uncovered_pop);
  EXPECT_NE(ps.compare_note.find("modifié par alice"), std::string::npos) << ps.compare_note;
  // Saving again re-opens the dialog; Esc cancels: the edits stay, nothing written.
  ASSERT_FALSE(request_save(ps.conflict, c));
  w.frames(c, ps, 3);
  ImGui::GetIO().KeysDown[test::kKeyEscape] = true;
  w.frames(c, ps, 1);
  ImGui::GetIO().KeysDown[test::kKeyEscape] = false;
  w.frames(c, ps, 2);
  EXPECT_FALSE(ps.conflict.open);
  EXPECT_FALSE(c.conflict());
  EXPECT_TRUE(c.modified());
  const auto docs_after = io::list_documents(team().db, "");
  ASSERT_EQ(docs_after.size(), docs_before.size());
  for (size_t i = 0; i < docs_after.size(); ++i) EXPECT_EQ(docs_after[i].version, docs_before[i].version) << docs_after[i].name;
}

// The Tournées panel's saves are versioned too (io/plan_store.h): a plan opened here and saved
// meanwhile by alice is not overwritten; this window's plan is stored as « NOM (copie de
// postgres) », the panel says who saved and when, and the window goes on with the copy.
TEST(SaveConflictDialog, PlanSavedByAnotherIsKeptAndTheWindowGoesOnWithACopy) {
  NEED_PG_CLUSTER(cluster());
  auto empty = coverage::default_scenario(*team().ws);
  empty.name = "vide";
  empty.points.clear();
  io::save_scenario_checked(team().db, empty, 0);  // Monaco's one service leaves nothing to plan otherwise
  const auto out = test::temp_dir("conflict-plan");
  const auto r = test::run_maraude("plan '" + team().db + "' --scenario vide --base 99001 --days 1 --iterations 30 --out '" +
                                   (out / "p").string() + "' --save 'Tournée'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  PlannerController c(team().ws, team().db);
  c.open_saved("Tournée");
  // Alice saves it (version 2).
  const io::SavedPlan theirs = io::load_plan(team().alice, *team().ws, "Tournée");
  io::PlanRequest req = theirs.request;
  req.days = 4;
  io::save_plan_checked(team().alice, "Tournée", req, theirs.result, theirs.version);
  SavedPlansState st;
  EXPECT_FALSE(save_plan_as(c, st, "Tournée", false));
  EXPECT_NE(st.message.find("modifié par alice à "), std::string::npos) << st.message;
  EXPECT_NE(st.message.find("Tournée (copie de postgres)"), std::string::npos) << st.message;
  EXPECT_EQ(c.saved_name(), "Tournée (copie de postgres)");
  EXPECT_STREQ(st.name, "Tournée (copie de postgres)");
  EXPECT_EQ(io::load_plan(team().db, *team().ws, "Tournée").request.days, 4);  // alice's, untouched
  EXPECT_EQ(io::load_plan(team().db, *team().ws, "Tournée (copie de postgres)").request.days, 1);
  // The next save goes to the copy, without conflict.
  EXPECT_TRUE(save_plan_as(c, st, c.saved_name(), false)) << st.message;
  EXPECT_EQ(io::load_plan(team().db, *team().ws, "Tournée (copie de postgres)").revision, 2);
}
