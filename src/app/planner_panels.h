// The route-planner panel of the viewer (panel_planner.cpp): settings (teams, base by
// commune search or map click, horizon, days off, hours, lunch, driving limit, visit
// length, territory, reach), solve with progress and a stop button, the itinerary per
// day, the left-out candidates with their reasons and forcing cost, and pinning a stop
// to a day. Draws from PlannerController and calls its commands; never touches GL.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/coverage_controller.h"
#include "app/panel_rotation.h"
#include "app/planner_controller.h"
#include "app/planner_saved.h"

namespace maraude::app {

// « Règles des arrêts » (io/stop_rules.h): each rule on or off with its typed value; the
// solve settings take the rules that are on (planner_settings()). Values typed outside
// their bounds are brought back to the bound and `message` says so.
struct StopRulesFields {
  bool population = false;
  int max_population = 5000;           // inhabitants, 1 .. kPanelMaxPopulationRule
  bool youth = false;
  double min_youth = 20;               // uncovered 15-29 year-olds, 0 .. io::kMaxYouthRule
  bool neet = false;
  double min_neet = 3;                 // estimated NEETs, 0 .. io::kMaxNeetRule
  bool service = false;
  double min_service = 15;             // km or min (service_minutes), within the reach bounds
  bool service_minutes = true;
  bool kinds[6] = {true, false, true, true, true, false};  // ServiceKind order; default: the fixed ones
  std::string zone, epci;              // also inside this zone d'emploi / EPCI ("" = no such rule)
  char exclude[1024] = "";             // codes or names, comma separated
  char must[1024] = "";
  std::string message;                 // a value brought back within its bounds (shown in red)
  bool unfold = false;                 // once: the section opens (set by a rule error, tests)
};

struct PlannerPanelState {
  PlannerSettings settings = rotation_default_settings();  // weekly rotation by default, as `maraude plan`
  RotationPanelState rotation;  // panel_rotation.h, week_grid.h
  bool initialised = false;
  bool open = true;
  char base_query[128] = "Douai";
  std::vector<SearchResult> base_results;
  std::string base_label = "Douai (59178)";
  bool pick_base = false;       // the next map click sets the base
  int territory = -1;           // index into the workspace's laureates; -1 = whole region
  bool own_reach = true;        // use reach_km instead of the scenario's reach
  float reach_km = 3;
  int pin_day = 0;              // day (0-based) a selected stop is pinned to
  int select_tab = 0;           // once: 1 = itinerary, 2 = left out (a map click on a stop)
  bool auto_opened = false;     // the panel unfolded itself for the first solve
  std::string framed;            // base + territory of the plan last framed on the map
  size_t seen_result = 0;       // results shown so far (a new one brings the panel forward)
  std::string field_message;    // a typed value brought back within its bounds (shown in red)
  char date_text[16] = "";      // day 1 (AAAA-MM-JJ); empty: the next Monday
  std::string date_message;     // a date that does not read (shown in red)
  char export_dir[512] = "tournees";  // « Exporter le plan… » folder
  bool export_ask = false;      // the folder holds files: waiting for the user's confirmation
  bool export_failed = false;
  std::string export_message;
  SavedPlansState saved;        // « Plans enregistrés » (planner_saved.h)
  std::string tour_message;     // « Ajouter la tournée au scénario » outcome
  StopRulesFields rules;
};

// Bounds of the panel's typed fields (a value typed outside is brought back to the bound).
constexpr int kPanelMaxTeams = 20, kPanelMaxDays = 60, kPanelMaxKiloIterations = 1000;
constexpr int kPanelMaxPopulationRule = 3000000;
// The rules of the panel's fields (those that are on), as the command line's options.
io::StopRules panel_stop_rules(const StopRulesFields& f);
// The inverse: the fields that give back `r` (a reopened saved plan). A rule the panel cannot
// show (a laureate territory, a second zone, a list longer than its field, an entry holding a
// list separator) is left out and `message` says so in French; panel_stop_rules() of the
// result then equals `r` whenever `message` is empty.
StopRulesFields panel_rule_fields(const io::StopRules& r);
// Brings every typed value of the rules back within its bounds; true when one was changed
// (f.message then says which, in French).
bool clamp_rule_fields(StopRulesFields& f);

void draw_planner_panel(AppState& s, PlannerController& c, PlannerPanelState& ps, CoverageController* cov);
// Stop numbers and the selected stop's ring over the routes (ImGui background list).
// sx, sy: framebuffer pixels per window pixel.
void draw_route_labels(const AppState& s, const PlannerController& c, float sx, float sy);
// A left click on the map at `world`: picks the base when the tool is on, else selects
// the stop under the cursor (its row opens, ready to pin). True when consumed.
bool planner_map_click(AppState& s, PlannerController& c, PlannerPanelState& ps, Vec2 world, double radius_m);
// The coverage controller's edited scenario with its active points only (what the map shows).
coverage::Scenario planner_scenario(const CoverageController& cov);
// First-use defaults that need the workspace (territory: TOUR EMPLOI when present).
void init_planner_panel(const AppState& s, PlannerPanelState& ps);
// The solve settings of the panel (laureate territory and reach folded in).
PlannerSettings planner_settings(const AppState& s, const PlannerPanelState& ps);
// The mobile office drives: its tours are planned by car on the roads, or crow-fly when the
// coverage panel measures crow-fly (to compare with the old estimates).
inline PlannerSettings with_travel(PlannerSettings S, const CoverageController* cov) {
  S.travel = cov && cov->travel_resolved() == TravelChoice::CrowFly ? TravelChoice::CrowFly : TravelChoice::Auto;
  return S;
}

}  // namespace maraude::app
