// Typed values in the window's panels (issue 14, item 1): an absurd value typed into a field
// (0, −5, 1e9) is refused or brought back within bounds in the panel and never reaches an
// engine; and whatever a panel throws mid-frame, the per-frame guard (frame_guard.h) closes
// what it opened, the frame ends (no Begin/End mismatch abort) and the error modal shows it.
// The real panels are driven as a user would: a click in the window, Tab to the field, the
// value typed, Enter. Run under xvfb-run (maraude_app).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "app/coverage_controller.h"
#include "app/coverage_panels.h"
#include "app/frame_guard.h"
#include "app/layout.h"
#include "app/panels.h"
#include "app/planner_controller.h"
#include "app/planner_panels.h"
#include "core/error.h"
#include "imgui.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

namespace {
std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

constexpr int kTab = test::kKeyTab, kEnter = test::kKeyEnter, kBackspace = test::kKeyBackspace, kEscape = test::kKeyEscape;

// The coverage panel as the window draws it: a section of the side bar.
void sidebar_coverage(AppState& s, CoverageController& c, CoveragePanelState& ps) {
  begin_sidebar(s, 0, 0);
  draw_coverage_panel(s, c, ps);
  end_sidebar(s);
}

struct ImGuiSession : test::HeadlessImGui {
  ImGuiSession() : HeadlessImGui(1400, 900) {}
};

// One user action per frame: a click at `click` (frames 2-3), then `tabs` Tab presses, the
// text typed, Enter. Every frame runs `panels` under the guard and ends with Render, as the
// viewer does; returns the first error the guard caught (empty: none).
std::string type_into_field(ImVec2 click, int tabs, const std::string& text, const std::function<void()>& panels,
                            const std::function<void(int)>& before_frame = {}) {
  ImGuiIO& io = ImGui::GetIO();
  std::string first_error;
  const int type_frame = 6 + 2 * tabs;
  for (int f = 0; f < type_frame + 8; ++f) {
    io.MousePos = click;
    io.MouseDown[0] = f == 2;
    io.KeysDown[kTab] = f >= 4 && f < 4 + 2 * tabs && (f - 4) % 2 == 0;
    if (f == type_frame)
      for (char ch : text) io.AddInputCharacter(static_cast<unsigned>(ch));
    io.KeysDown[kEnter] = f == type_frame + 2;
    if (before_frame) before_frame(f);
    ImGui::NewFrame();
    std::string error;
    if (!guard_panels(panels, error) && first_error.empty()) first_error = error;
    ImGui::Render();  // aborts on a Begin/End mismatch
  }
  return first_error;
}
}  // namespace

// The crash: « portée par défaut » given 0, then −5, then 1e9 (typed, Enter). The
// panel refuses each with the allowed range; the scenario keeps its reach; nothing throws.
TEST(PanelInput, CoverageReachTypedZeroNegativeOrHugeIsRefusedInThePanel) {
  CoverageController c(workspace(), "");
  c.start();
  c.wait_idle();
  ASSERT_TRUE(c.ready()) << c.error;
  const coverage::Reach before = c.scenario().default_reach;
  AppState s;
  s.set_workspace(workspace(), std::make_shared<const render::MapData>());
  CoveragePanelState ps;
  // The panel is a section of the side bar (0, 0)-(380, 900): a click on the bar's empty
  // bottom gives it the keyboard; the first Tab stop is the default reach field (its text
  // selected, so typing replaces it).
  const std::pair<std::string, std::string> cases[] = {{"0", "nulle ou négative"}, {"-5", "nulle ou négative"}, {"1e9", "absurde"}};
  for (const auto& [typed, why] : cases) {
    ImGuiSession session;  // a fresh window each time: Tab starts from the first field again
    ps.reach_message.clear();
    const std::string error = type_into_field({200, 880}, 1, typed, [&] { sidebar_coverage(s, c, ps); });
    EXPECT_EQ(error, "") << "typed " << typed;
    EXPECT_NE(ps.reach_message.find(why), std::string::npos) << "typed " << typed << ": « " << ps.reach_message << " »";
    EXPECT_NE(ps.reach_message.find("entre 0,1 km (100 m) et 100 km"), std::string::npos)
        << "typed " << typed << ": « " << ps.reach_message << " »";
    EXPECT_TRUE(c.scenario().default_reach == before) << "typed " << typed;
    EXPECT_TRUE(c.error.empty()) << c.error;
  }
  // A sound value typed the same way is taken.
  ImGuiSession session;
  const std::string error = type_into_field({200, 880}, 1, "7", [&] { sidebar_coverage(s, c, ps); });
  EXPECT_EQ(error, "");
  EXPECT_EQ(ps.reach_message, "");
  EXPECT_TRUE(c.scenario().default_reach == coverage::Reach::km(7)) << c.scenario().default_reach.label();
}

// The planner's typed fields: 1000 teams typed into « Véhicules / équipes » is brought back
// to the bound and said so; the settings never hold it.
TEST(PanelInput, PlannerTeamsTypedOutOfBoundsAreBroughtBack) {
  PlannerController c(workspace(), "");
  ImGuiSession session;
  AppState s;
  s.resize(1400, 900);
  s.set_workspace(workspace(), std::make_shared<const render::MapData>());
  PlannerPanelState ps;
  // Opened from Affichage: a window at the top right (x = 1400 − 640 − 8, y = 30).
  // Tab stops: the base search field, then the number of teams.
  s.layout.show(Panel::Planner);
  const std::string error = type_into_field({1400 - 648 + 300, 30 + 8}, 2, "1000", [&] { draw_planner_panel(s, c, ps, nullptr); });
  EXPECT_EQ(error, "");
  EXPECT_EQ(ps.settings.teams, kPanelMaxTeams);
  EXPECT_NE(ps.field_message.find("1000 hors limites"), std::string::npos) << ps.field_message;
}

// Day 1's date (the exports' calendar, as `maraude plan --date`): a date that does not exist
// is said so in the panel and not kept; a sound one is.
TEST(PanelInput, PlannerDateTypedIsCheckedInThePanel) {
  PlannerController c(workspace(), "");
  AppState s;
  s.resize(1400, 900);
  s.set_workspace(workspace(), std::make_shared<const render::MapData>());
  PlannerPanelState ps;
  s.layout.show(Panel::Planner);
  // Tab stops: base search, teams, the slots (rotation mode, the default; the horizon in
  // one-off mode), then the date.
  {
    ImGuiSession session;
    const std::string error =
        type_into_field({1400 - 648 + 300, 30 + 8}, 4, "2026-02-30", [&] { draw_planner_panel(s, c, ps, nullptr); });
    EXPECT_EQ(error, "");
    EXPECT_NE(ps.date_message.find("date inexistante"), std::string::npos) << ps.date_message;
    EXPECT_FALSE(ps.settings.date.has_value());
  }
  {
    ImGuiSession session;
    ps.date_text[0] = 0;
    const std::string error =
        type_into_field({1400 - 648 + 300, 30 + 8}, 4, "2026-11-30", [&] { draw_planner_panel(s, c, ps, nullptr); });
    EXPECT_EQ(error, "");
    EXPECT_EQ(ps.date_message, "");
    ASSERT_TRUE(ps.settings.date.has_value());
    EXPECT_EQ(io::date_iso(*ps.settings.date), "2026-11-30");
  }
}

// The guard itself: a panel that throws with a window, a child, a table, a pushed colour and
// ID and a popup open. The frame still renders, the modal shows the message next frame, and
// later frames go on.
TEST(PanelInput, AnExceptionInsideAPanelIsShownAndTheWindowLivesOn) {
  ImGuiSession session;
  AppState s;
  std::string error;
  for (int f = 0; f < 6; ++f) {
    ImGui::NewFrame();
    const bool ran = guard_panels(
        [&] {
          if (f == 1) {
            ImGui::Begin("Couverture###coverage");
            ImGui::BeginChild("liste", {100, 100}, true);
            ImGui::PushID("x");
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0, 0, 1));
            ImGui::BeginGroup();
            if (ImGui::BeginTable("t", 2)) {
              ImGui::TableNextColumn();
              ImGui::OpenPopup("menu");
              ImGui::BeginPopup("menu");
              throw Error(ErrorKind::Usage, "portée nulle ou négative : choisissez entre 0,1 km (100 m) et 100 km",
                          "portée par défaut", "par exemple 15km ou 20min");
            }
          }
          ImGui::Begin("Autre");
          ImGui::TextUnformatted("le reste du cadre");
          ImGui::End();
          if (!error.empty()) draw_error_modal(s, error);
        },
        error);
    EXPECT_EQ(ran, f != 1) << "frame " << f;
    if (f >= 2) {
      EXPECT_TRUE(ImGui::IsPopupOpen("Erreur###error"));
    }
    ImGui::Render();  // before the guard: imgui.cpp aborts here (Mismatched Begin/BeginChild vs End/EndChild)
  }
  EXPECT_NE(error.find("portée nulle ou négative"), std::string::npos) << error;
  EXPECT_NE(error.find("portée par défaut"), std::string::npos) << error;
}

// Any other exception (not an Error) is caught the same way, with a French message.
TEST(PanelInput, AStandardExceptionIsCaughtWithAFrenchMessage) {
  ImGuiSession session;
  std::string error;
  ImGui::NewFrame();
  EXPECT_FALSE(guard_panels(
      [] {
        ImGui::Begin("Tournées du bureau mobile###planner");
        throw std::out_of_range("vector::_M_range_check");
      },
      error));
  ImGui::Render();
  EXPECT_NE(error.find("erreur interne pendant l'affichage d'un panneau"), std::string::npos) << error;
  EXPECT_NE(error.find("travail en cours est conservé"), std::string::npos) << error;
}

// The search suggestions (issue 14): shown while typing, closed by Enter (which goes to the
// first result), by Esc, and by a click elsewhere (the map); never left over the panels.
TEST(PanelInput, SearchSuggestionsCloseOnEnterEscAndAClickElsewhere) {
  AppState s = test::make_app_state(1400, 900);
  SearchPanelState ps;
  enum class Close { Enter, Esc, Click };
  for (Close how : {Close::Enter, Close::Esc, Close::Click}) {
    ImGuiSession session;
    ImGuiIO& io = ImGui::GetIO();
    ps = SearchPanelState{};
    bool shown = false;
    for (int f = 0; f < 16; ++f) {
      io.MousePos = f >= 10 && how == Close::Click ? ImVec2(1000, 500) : ImVec2(150, 18);  // the field, then the map
      io.MouseDown[0] = f == 2 || (how == Close::Click && f == 10);
      if (f == 5)
        for (char ch : std::string("thierache")) io.AddInputCharacter(static_cast<unsigned>(ch));
      io.KeysDown[kEnter] = how == Close::Enter && f == 10;
      io.KeysDown[kEscape] = how == Close::Esc && f == 10;
      ImGui::NewFrame();
      begin_sidebar(s, 0, 0);
      draw_search_panel(s, ps);
      end_sidebar(s);
      ImGui::Render();
      if (f == 8) shown = ps.list_open && !ps.results.empty();
    }
    EXPECT_TRUE(shown) << static_cast<int>(how) << ": the suggestions did not show while typing";
    EXPECT_FALSE(ps.list_open) << static_cast<int>(how) << ": still open";
    if (how == Close::Enter) EXPECT_FALSE(s.style.selection.empty() && !s.animating()) << "Enter went nowhere";
  }
}
