// Undo / redo of the window's edits (run under xvfb-run with the other window suites): the
// snapshot stacks and the cross-controller order, then round trips in the controllers — every
// coverage edit (add, move, delete, point reach, default reach, kinds, carriers), a story's
// edits, and a planner pin — each undo giving back exactly the state saved before the edit,
// each redo the state after it.
#include <gtest/gtest.h>

#include <vector>

#include "app/coverage_controller.h"
#include "app/edit_history.h"
#include "app/panel_story.h"
#include "app/planner_controller.h"
#include "core/story.h"
#include "io/workspace.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

namespace {
std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

// A readable comparison of two edit states (points with id, name, kind, position, reach;
// the default reach; disabled kinds and carriers).
std::string describe(const CoverageController::EditState& st) {
  std::string out = st.scenario.name + " | " + st.scenario.default_reach.token() + " |";
  for (const auto& p : st.scenario.points)
    out += " " + p.id + "/" + p.name + "/" + std::to_string(static_cast<int>(p.kind)) + "@" + std::to_string(p.pos.x) + "," +
           std::to_string(p.pos.y) + (p.reach ? "~" + p.reach->token() : "");
  out += " | kinds off:";
  for (int k : st.disabled_kinds) out += " " + std::to_string(k);
  out += " | carriers off:";
  for (const auto& c : st.disabled_carriers) out += " " + c;
  return out;
}

int rural_target(const CoverageController& c, const std::string& code) {
  for (size_t t = 0; t < c.targets().size(); ++t)
    if (c.targets()[t].kind == coverage::TargetKind::RuralCommune && c.targets()[t].code == code) return static_cast<int>(t);
  return -1;
}
}  // namespace

TEST(EditHistory, SnapshotStackUndoesAndRedoesInOrder) {
  SnapshotStack<int> st;
  int cur = 0;
  for (int v = 1; v <= 3; ++v) {
    st.push(cur);
    cur = v;
  }
  cur = st.undo(cur);
  EXPECT_EQ(cur, 2);
  cur = st.undo(cur);
  EXPECT_EQ(cur, 1);
  cur = st.redo(cur);
  EXPECT_EQ(cur, 2);
  st.push(cur);  // a new edit drops the redo branch
  cur = 9;
  EXPECT_FALSE(st.can_redo());
  cur = st.undo(cur);
  EXPECT_EQ(cur, 2);
  cur = st.undo(cur);
  EXPECT_EQ(cur, 1);
  cur = st.undo(cur);
  EXPECT_EQ(cur, 0);
  EXPECT_FALSE(st.can_undo());
}

TEST(EditHistory, OrdersTheControllersAndForgetsADroppedOne) {
  EditHistory h;
  h.record(EditSource::Coverage);
  h.record(EditSource::Story);
  h.record(EditSource::Coverage);
  EXPECT_EQ(h.next_undo(), EditSource::Coverage);
  h.undone();
  EXPECT_EQ(h.next_undo(), EditSource::Story);
  EXPECT_EQ(h.next_redo(), EditSource::Coverage);
  h.forget(EditSource::Coverage);  // another scenario loaded: its edits cannot come back
  EXPECT_EQ(h.next_undo(), EditSource::Story);
  EXPECT_FALSE(h.next_redo().has_value());
  h.undone();
  EXPECT_FALSE(h.next_undo().has_value());
  h.record(EditSource::Planner);
  EXPECT_FALSE(h.next_redo().has_value());  // a new edit drops what was undone
}

TEST(UndoRedo, EveryCoverageEditRoundTripsToTheSavedStates) {
  CoverageController c(workspace(), "");
  int recorded = 0, cleared = 0;
  c.on_edit = [&] { ++recorded; };
  c.on_history_cleared = [&] { ++cleared; };
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  EXPECT_FALSE(c.can_undo());
  const double uncovered0 = c.totals().uncovered_pop;
  const int t = rural_target(c, "80186");  // Chaulnes, a rural gap
  ASSERT_GE(t, 0);
  const Vec2 anchor = c.targets()[static_cast<size_t>(t)].anchor;

  std::vector<CoverageController::EditState> saved{c.edit_state()};
  const std::string id = c.add_point(anchor);
  saved.push_back(c.edit_state());
  for (int k = 1; k <= 5; ++k) c.move_point(id, {anchor.x + 400.0 * k, anchor.y + 100.0 * k});  // one drag
  c.end_drag(id);
  saved.push_back(c.edit_state());
  c.set_point_reach(id, coverage::Reach::km(4));
  saved.push_back(c.edit_state());
  c.set_default_reach(coverage::Reach::km(9));
  saved.push_back(c.edit_state());
  c.set_kind_enabled(ServiceKind::FranceTravail, false);
  saved.push_back(c.edit_state());
  const std::string other = c.scenario().points.front().id;
  c.remove_point(other);
  saved.push_back(c.edit_state());
  c.wait_idle();
  const double uncovered_edited = c.totals().uncovered_pop;
  EXPECT_EQ(recorded, 6);  // the drag is one step

  for (size_t i = saved.size() - 1; i > 0; --i) {
    ASSERT_TRUE(c.can_undo()) << "step " << i;
    c.undo();
    EXPECT_EQ(describe(c.edit_state()), describe(saved[i - 1])) << "undo to state " << i - 1;
  }
  EXPECT_FALSE(c.can_undo());
  c.wait_idle();
  EXPECT_NEAR(c.totals().uncovered_pop, uncovered0, 1e-6 * (1 + uncovered0));  // the engine recomputed too
  for (size_t i = 1; i < saved.size(); ++i) {
    ASSERT_TRUE(c.can_redo()) << "step " << i;
    c.redo();
    EXPECT_EQ(describe(c.edit_state()), describe(saved[i])) << "redo to state " << i;
  }
  EXPECT_FALSE(c.can_redo());
  c.wait_idle();
  EXPECT_NEAR(c.totals().uncovered_pop, uncovered_edited, 1e-6 * (1 + uncovered_edited));
  // A new edit after an undo drops the redo branch; switching scenario drops the history.
  c.undo();
  c.set_carrier_enabled("x", false);
  EXPECT_FALSE(c.can_redo());
  const int cleared_before = cleared;
  c.switch_to("");
  EXPECT_FALSE(c.can_undo());
  EXPECT_EQ(cleared, cleared_before + 1);
}

TEST(UndoRedo, StoryEditsRoundTripInTheWorkspace) {
  StoryPanelState ps;
  ps.workspace_path = test::real_workspace_copy("undo-story");
  load_stories(ps);
  int recorded = 0;
  ps.on_edit = [&] { ++recorded; };
  Story st;
  st.name = "Essai annuler";
  StoryView v;
  v.title = "Vue 1";
  st.views.push_back(v);
  // Created (as the panel does: recorded, then saved), then a view added, then a title changed.
  ps.stories.push_back(st);
  record_story_edit(ps, st.name, std::nullopt);
  save_story(ps, st);
  const Story s1 = st;
  Story s2 = s1;
  s2.views.push_back(v);
  s2.views.back().title = "Vue 2";
  record_story_edit(ps, st.name, s1);
  ps.stories.back() = s2;
  save_story(ps, s2);
  Story s3 = s2;
  s3.views[0].title = "Le littoral";
  record_story_edit(ps, st.name, s2);
  ps.stories.back() = s3;
  save_story(ps, s3);
  EXPECT_EQ(recorded, 3);

  auto stored = [&]() -> std::string {
    auto d = io::get_document(ps.workspace_path, kStoryKind, st.name);
    return d ? d->body : std::string("(absent)");
  };
  auto shown = [&]() -> std::string {
    for (const auto& x : ps.stories)
      if (x.name == st.name) return story_to_text(x);
    return "(absent)";
  };
  story_undo(ps);
  EXPECT_EQ(shown(), story_to_text(s2));
  EXPECT_EQ(stored(), story_to_text(s2));
  story_undo(ps);
  EXPECT_EQ(shown(), story_to_text(s1));
  EXPECT_EQ(stored(), story_to_text(s1));
  story_undo(ps);  // the creation: the story is gone, from the list and the workspace
  EXPECT_EQ(shown(), "(absent)");
  EXPECT_EQ(stored(), "(absent)");
  EXPECT_FALSE(ps.history.can_undo());
  story_redo(ps);
  EXPECT_EQ(stored(), story_to_text(s1));
  story_redo(ps);
  story_redo(ps);
  EXPECT_EQ(shown(), story_to_text(s3));
  EXPECT_EQ(stored(), story_to_text(s3));
  EXPECT_FALSE(ps.history.can_redo());
}

TEST(UndoRedo, APinIsUndoneAndRedone) {
  PlannerController c(workspace(), test::real_workspace());
  int recorded = 0;
  c.on_edit = [&] { ++recorded; };
  PlannerSettings s;  // the Douai camping-car of plan_test
  s.base = "59178";
  s.territory = "laureate:tour_emploi";
  s.reach = coverage::Reach::km(3);
  s.days = 6;
  s.service_s = 3 * 3600;
  s.iterations = 2000;
  c.solve(s);
  c.wait();
  ASSERT_NE(c.result(), nullptr) << c.error;
  int stop = -1;
  for (const auto& d : c.result()->plan.days)
    if (d.day != 1 && !d.visits.empty() && stop < 0) stop = d.visits.back().stop;
  ASSERT_GE(stop, 0);
  const PlannerController::Pins none = c.pins();
  c.pin(stop, 0, 1);
  c.wait();
  ASSERT_TRUE(c.error.empty()) << c.error;
  const PlannerController::Pins one = c.pins();
  EXPECT_EQ(one.size(), none.size() + 1);
  EXPECT_TRUE(c.pinned(stop));
  EXPECT_EQ(recorded, 1);
  ASSERT_TRUE(c.can_undo());
  c.undo();
  c.wait();
  EXPECT_EQ(c.pins(), none);
  EXPECT_FALSE(c.pinned(stop));
  ASSERT_TRUE(c.can_redo());
  c.redo();
  c.wait();
  EXPECT_EQ(c.pins(), one);
  int di = -1;
  ASSERT_TRUE(c.find_visit(stop, &di, nullptr));
  EXPECT_EQ(c.result()->plan.days[static_cast<size_t>(di)].day, 1);  // pinned to day 2 again
}
