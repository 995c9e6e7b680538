// The Tournées panel's rotation mode (issue 11, item 6): the settings typed and chosen in the
// panel reach the PlanRequest the controller plans with (cycle, slots, frequency); a slot
// pattern that does not read is said in the panel and nothing is planned; a frequency the
// cycle cannot hold is refused in the panel; the week grid's cells are the plan's stops by
// slot, and its cells ring / select their stop; the window's export of a rotation writes
// passages.pdf and an ICS whose RRULEs repeat every cycle, the same files as `maraude plan`.
// The panels are driven headless (HeadlessImGui), as a user would: clicks and typed text.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <regex>
#include <sstream>
#include <string>

#include "app/layout.h"
#include "app/panel_rotation.h"
#include "app/planner_controller.h"
#include "app/planner_panels.h"
#include "app/week_grid.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "io/plan_export.h"
#include "io/plan_setup.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "app_test_support.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::app;

namespace {

std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

struct Session : test::HeadlessImGui {
  Session() : HeadlessImGui(1400, 900) {}
};

// One frame of `draw` with the mouse at `at` (button down when `down`).
void frame(const std::function<void()>& draw, ImVec2 at = {-1, -1}, bool down = false) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = at;
  io.MouseDown[0] = down;
  ImGui::NewFrame();
  draw();
  ImGui::Render();
}

// A click at `at` (press, release, then one frame more).
void click(const std::function<void()>& draw, ImVec2 at) {
  frame(draw, at, false);
  frame(draw, at, true);
  frame(draw, at, false);
  frame(draw, at, false);
}

// Where the item `label` of the window `window` is: the mouse sweeps the window until ImGui
// says the item is under it (found by its id, as ImGui names it). {-1, -1}: not found.
ImVec2 find_item(const std::function<void()>& draw, const char* window, const char* label) {
  frame(draw);
  ImGuiWindow* w = ImGui::FindWindowByName(window);
  if (!w) return {-1, -1};
  const ImGuiID id = w->GetID(label);
  const ImVec2 p0 = w->Pos, sz = w->Size;
  for (float y = p0.y + 4; y < p0.y + sz.y; y += 6)
    for (float x = p0.x + 10; x < p0.x + sz.x; x += 16) {
      frame(draw, {x, y});
      if (ImGui::GetCurrentContext()->HoveredId == id) return {x, y};
    }
  return {-1, -1};
}

// Types `text` into the `tabs`-th text field of the planner window (its text replaced).
void type_into(const std::function<void()>& draw, ImVec2 focus_click, int tabs, const std::string& text) {
  ImGuiIO& io = ImGui::GetIO();
  click(draw, focus_click);
  for (int i = 0; i < tabs; ++i) {
    io.KeysDown[test::kKeyTab] = true;
    frame(draw, focus_click);
    io.KeysDown[test::kKeyTab] = false;
    frame(draw, focus_click);
  }
  for (char ch : text) io.AddInputCharacter(static_cast<unsigned>(static_cast<unsigned char>(ch)));
  frame(draw, focus_click);
  io.KeysDown[test::kKeyEnter] = true;
  frame(draw, focus_click);
  io.KeysDown[test::kKeyEnter] = false;
  frame(draw, focus_click);
}

std::string planner_window_name(const AppState& s) { return std::string(panel_label(Panel::Planner, s.style.english)) + "###win7"; }

AppState window_state() {
  AppState s;
  s.resize(1400, 900);
  s.set_workspace(workspace(), std::make_shared<const render::MapData>());
  s.layout.show(Panel::Planner);
  return s;
}

// The rotation the window plans in these tests: TOUR EMPLOI's territory from Douai, reach
// 3 km, a 2-week cycle, a fixed first Monday, a small search budget.
void douai_rotation(PlannerPanelState& ps) {
  ps.settings.base = "59178";
  ps.own_reach = true;
  ps.reach_km = 3;
  ps.settings.cycle_weeks = 2;
  ps.settings.date = io::Date{2026, 11, 30};
  ps.settings.iterations = 2000;
  ps.settings.seed = 3;
}

PlannerController& rotation_solved() {
  static PlannerController* c = [] {
    auto* pc = new PlannerController(workspace(), test::real_workspace());
    AppState s = window_state();
    PlannerPanelState ps;
    init_planner_panel(s, ps);
    douai_rotation(ps);
    pc->solve(planner_settings(s, ps));
    pc->wait();
    return pc;
  }();
  return *c;
}

}  // namespace

// The panel opens in rotation mode; a pattern typed into « Créneaux », the cycle clicked
// and a frequency chosen go into the request that « Planifier les tournées » sends.
TEST(RotationPanel, SettingsTypedAndClickedReachThePlanRequest) {
  PlannerController c(workspace(), test::real_workspace());
  AppState s = window_state();
  PlannerPanelState ps;
  EXPECT_TRUE(ps.settings.rotation);  // the default, as `maraude plan` without --days
  Session session;
  auto draw = [&] { draw_planner_panel(s, c, ps, nullptr); };
  const std::string win = planner_window_name(s);
  // Tab stops of the window in rotation mode: base search, teams, then the slots.
  type_into(draw, {1400 - 648 + 300, 30 + 8}, 3, "lun,mar,jeu 09:00-12:00,14:00-16:30; ven 08:30-12:00");
  EXPECT_EQ(ps.rotation.slots_message, "");
  const ImVec2 two = find_item(draw, win.c_str(), "2 sem.##cycle2");
  ASSERT_GE(two.x, 0) << "the 2-week cycle button is not in the window";
  click(draw, two);
  EXPECT_EQ(ps.settings.cycle_weeks, 2);
  ps.settings.frequency_weeks = 2;  // « une semaine sur deux » in the combo
  douai_rotation(ps);
  ps.settings.iterations = 500;
  const ImVec2 go = find_item(draw, win.c_str(), "Planifier les tournées");
  ASSERT_GE(go.x, 0);
  click(draw, go);
  c.wait();
  ASSERT_TRUE(c.error.empty()) << c.error;
  ASSERT_NE(c.result(), nullptr);
  const PlannerSettings& S = c.result_settings();
  EXPECT_TRUE(S.rotation);
  EXPECT_EQ(S.cycle_weeks, 2);
  EXPECT_EQ(S.frequency_weeks, 2);
  EXPECT_EQ(io::slots_text(S.slots), io::slots_text(io::parse_slots("lun,mar,jeu 09:00-12:00,14:00-16:30; ven 08:30-12:00", "t")));
  EXPECT_EQ(io::slots_text(S.slots), "lun-mar 09:00-12:00,14:00-16:30; jeu 09:00-12:00,14:00-16:30; ven 08:30-12:00");
  EXPECT_EQ(S.slots.slots_per_week(), 7);
  EXPECT_DOUBLE_EQ(S.day_start_s, 7 * 3600.0);   // 1 h 30 before the earliest slot, as the command line
  EXPECT_DOUBLE_EQ(S.day_end_s, 18 * 3600.0);    // 1 h 30 after the latest
  EXPECT_FALSE(S.lunch);
  ASSERT_TRUE(c.result()->rotation.has_value());
  EXPECT_EQ(c.result()->rotation->cycle_weeks, 2);
  for (const auto& pa : c.result()->rotation->passages) {
    EXPECT_EQ(pa.period_weeks, 2);
    EXPECT_NE(pa.weekday, 2);  // no Wednesday in the pattern
  }
  // The day boxes rewrite the pattern: Wednesday ticked takes the hours of Monday.
  const ImVec2 wed = find_item(draw, win.c_str(), "mer##wd2");
  ASSERT_GE(wed.x, 0);
  click(draw, wed);
  EXPECT_EQ(std::string(ps.rotation.slots_text), "lun-jeu 09:00-12:00,14:00-16:30; ven 08:30-12:00");
  EXPECT_EQ(planner_settings(s, ps).slots.slots_per_week(), 9);
  // Back to a one-off tour: the horizon comes back, the request is not a rotation.
  const ImVec2 oneoff = find_item(draw, win.c_str(), "Tournée ponctuelle (jours)");
  ASSERT_GE(oneoff.x, 0);
  click(draw, oneoff);
  EXPECT_FALSE(planner_settings(s, ps).rotation);
  EXPECT_GE(find_item(draw, win.c_str(), "##days").x, 0) << "no horizon field in one-off mode";
}

// A pattern that does not read: the French error under the field, the button off, nothing
// planned. A frequency the cycle cannot hold: the same.
TEST(RotationPanel, BadSlotsOrFrequencyAreRefusedInThePanel) {
  PlannerController c(workspace(), test::real_workspace());
  AppState s = window_state();
  PlannerPanelState ps;
  Session session;
  auto draw = [&] { draw_planner_panel(s, c, ps, nullptr); };
  const std::string win = planner_window_name(s);
  type_into(draw, {1400 - 648 + 300, 30 + 8}, 3, "lun-ven 09:30-12:30,13:30-16:00; xyz 10:00-11:00");
  EXPECT_NE(ps.rotation.slots_message.find("créneaux illisibles"), std::string::npos) << ps.rotation.slots_message;
  EXPECT_NE(ps.rotation.slots_message.find("xyz"), std::string::npos) << ps.rotation.slots_message;
  EXPECT_EQ(rotation_problem(ps), ps.rotation.slots_message);
  const ImVec2 go = find_item(draw, win.c_str(), "Planifier les tournées");
  ASSERT_GE(go.x, 0);
  click(draw, go);
  EXPECT_FALSE(c.running());
  c.wait();
  EXPECT_EQ(c.result(), nullptr) << "planned with a pattern that does not read";
  // Corrected: the message goes.
  ps.rotation = RotationPanelState{};
  sync_rotation_panel(ps);
  EXPECT_EQ(rotation_problem(ps), "");
  // Every 4 weeks in a 1-week cycle.
  ps.settings.cycle_weeks = 1;
  ps.settings.frequency_weeks = 4;
  const std::string why = rotation_problem(ps);
  EXPECT_NE(why.find("ne tient pas dans un cycle de 1 semaine"), std::string::npos) << why;
  frame(draw);
  click(draw, go);
  c.wait();
  EXPECT_EQ(c.result(), nullptr) << "planned a frequency the cycle cannot hold";
  ps.settings.cycle_weeks = 4;
  EXPECT_EQ(rotation_problem(ps), "");
}

// Each cell of the grid holds the stop the plan's day serves in that slot (read from the
// routes of the plan, not from the rotation's passages the grid is built from); the other
// cells are empty.
TEST(WeekGrid, CellsAreThePlanStopsBySlot) {
  PlannerController& c = rotation_solved();
  ASSERT_TRUE(c.error.empty()) << c.error;
  ASSERT_NE(c.result(), nullptr);
  const PlannerResult& R = *c.result();
  ASSERT_TRUE(R.rotation.has_value());
  const WeekGrid g = week_grid(R);
  ASSERT_EQ(g.weeks, 2);
  ASSERT_EQ(g.weekdays, (std::vector<int>{0, 1, 2, 3, 4}));
  ASSERT_EQ(g.halves, 2);
  EXPECT_EQ(g.half_titles[0], "Matin 09:30–12:30");
  EXPECT_EQ(g.half_titles[1], "Après-midi 13:30–16:00");
  std::vector<int> want(g.stops.size(), -1);
  int visits = 0;
  for (const auto& d : R.plan.days)
    for (const auto& v : d.visits) {
      const int wk = d.day / 7, wd = d.day % 7;
      const auto& hs = R.rotation->pattern.days[static_cast<size_t>(wd)];
      int half = -1;
      for (size_t h = 0; h < hs.size(); ++h)
        if (v.start_s >= hs[h].start_s - 1 && v.end_s <= hs[h].end_s + 1) half = static_cast<int>(h);
      ASSERT_GE(half, 0) << "a visit outside every slot";
      want[((static_cast<size_t>(wk) * 5 + static_cast<size_t>(wd)) * 2 + static_cast<size_t>(half)) * g.teams + d.team] = v.stop;
      ++visits;
    }
  EXPECT_GT(visits, 5);
  EXPECT_EQ(g.stops, want);
  int empty = 0;
  for (int x : g.stops) empty += x == -1;
  EXPECT_EQ(empty, static_cast<int>(g.stops.size()) - visits);
  // A cell names the stop's commune (a QPV's quarter is in the cell's tooltip).
  for (int stop : g.stops) {
    if (stop < 0) continue;
    const io::PlanPlace& p = R.places[static_cast<size_t>(R.input.stops[static_cast<size_t>(stop)].place)];
    ASSERT_NE(workspace()->commune(p.code), nullptr) << p.label;
    EXPECT_EQ(grid_stop_name(R, stop), workspace()->commune(p.code)->name);
    EXPECT_EQ(p.label.rfind(grid_stop_name(R, stop), 0), 0u) << p.label;  // "Auby — QPV ..." starts with "Auby"
  }
  // The map's labels name the slot.
  EXPECT_EQ(slot_name(R.rotation->pattern, 1, 0), "mar. matin");
  EXPECT_EQ(slot_name(R.rotation->pattern, 3, 1), "jeu. après-midi");
  EXPECT_EQ(plan_day_title(R, 8), "mardi, semaine 2");
}

// The grid window: beside the map (between the side bar and the Tournées panel, above the
// status bar); a cell under the mouse rings its stop, a click selects it.
TEST(WeekGrid, WindowSitsBesideTheMapAndCellsSelectTheirStop) {
  PlannerController& c = rotation_solved();
  ASSERT_NE(c.result(), nullptr);
  AppState s = window_state();
  PlannerPanelState ps;
  Session session;
  auto draw = [&] { draw_planner_panel(s, c, ps, nullptr); };
  frame(draw);
  frame(draw);
  ImGuiWindow* grid = ImGui::FindWindowByName("Semaine type de la rotation###weekgrid");
  ASSERT_NE(grid, nullptr);
  ImGuiWindow* panel = ImGui::FindWindowByName(planner_window_name(s).c_str());
  ASSERT_NE(panel, nullptr);
  EXPECT_GE(grid->Pos.x, 380);                              // right of the side bar
  EXPECT_LE(grid->Pos.x + grid->Size.x, panel->Pos.x);      // left of the Tournées panel
  EXPECT_LE(grid->Pos.y + grid->Size.y, 900 - 20);          // above the status bar
  EXPECT_LE(grid->Size.y, 900 * 0.45f + 1);
  // Sweep the grid: the first cell that rings a stop, then a click on it selects that stop.
  const ImVec2 p0 = grid->Pos, sz = grid->Size;
  ImVec2 at{-1, -1};
  int hovered = -1;
  for (float y = p0.y + 40; y < p0.y + sz.y && hovered < 0; y += 5)
    for (float x = p0.x + 80; x < p0.x + sz.x - 10 && hovered < 0; x += 40) {
      frame(draw, {x, y});
      if (ps.rotation.hovered_stop >= 0) {
        hovered = ps.rotation.hovered_stop;
        at = {x, y};
      }
    }
  ASSERT_GE(hovered, 0) << "no cell of the grid names a stop";
  const WeekGrid g = week_grid(*c.result());
  EXPECT_NE(std::find(g.stops.begin(), g.stops.end(), hovered), g.stops.end());
  c.selected_stop = -1;
  click(draw, at);
  EXPECT_EQ(c.selected_stop, hovered);
  // The selected stop ends in the map's free part (right of the side bar, left of the panel,
  // above the grid), brought there when a panel hid it.
  for (int i = 0; i < 40 && s.animating(); ++i) s.step_animation(0.05);
  const Vec2 sp = s.camera.world_to_screen(
      c.result()->places[static_cast<size_t>(c.result()->input.stops[static_cast<size_t>(hovered)].place)].pos);
  EXPECT_GT(sp.x, 380);
  EXPECT_LT(sp.x, panel->Pos.x);
  EXPECT_LT(sp.y, grid->Pos.y);
  // Closed with its ×, it comes back with the next plan only.
  ps.rotation.grid_open = false;
  frame(draw);
  EXPECT_EQ(ImGui::FindWindowByName("Semaine type de la rotation###weekgrid")->Active, false);
}

// « Exporter le plan… » of a rotation: passages.pdf, KML, an ICS whose every RRULE repeats
// every cycle (INTERVAL=2 for a 2-week cycle, once per cycle), and the same timetable and
// report as `maraude plan` with the same settings.
TEST(RotationExport, WindowWritesTheCommandLineFiles) {
  PlannerController& c = rotation_solved();
  ASSERT_NE(c.result(), nullptr);
  const fs::path win = test::temp_dir("rotation_window") / "export";
  std::string msg;
  ASSERT_EQ(export_plan_to(c, win.string(), false, msg), PlanExportStep::Written) << msg;
  for (const char* f : {"passages.pdf", "plan.kml", "planning.ics", "planning.csv", "roadbook.pdf", "rapport.txt"})
    EXPECT_TRUE(fs::exists(win / f) && fs::file_size(win / f) > 0) << f;
  const std::string ics = test::read_file(win / "planning.ics");
  const std::regex rrule("RRULE:FREQ=WEEKLY[^\r\n]*");  // the time zone's own rules are yearly
  int rules = 0;
  for (auto it = std::sregex_iterator(ics.begin(), ics.end(), rrule); it != std::sregex_iterator(); ++it) {
    ++rules;
    EXPECT_NE(it->str().find("FREQ=WEEKLY;INTERVAL=2"), std::string::npos) << it->str();
  }
  EXPECT_EQ(rules, static_cast<int>(c.result()->rotation->passages.size()));
  const fs::path cli = test::temp_dir("rotation_cli");
  const test::RunResult r = test::run_maraude("plan '" + test::real_workspace() +
                                              "' --base 59178 --cycle 2w --territory laureate:tour_emploi --reach 3km"
                                              " --date 2026-11-30 --iterations 2000 --seed 3 --out '" + cli.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  for (const char* f : {"planning.csv", "rapport.txt", "plan.kml"})
    EXPECT_EQ(test::read_file(win / f), test::read_file(cli / f)) << f << " differs between the window and maraude plan";
}
