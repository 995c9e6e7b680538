// The week grid of a rotation plan (issue 11): for each week of the cycle, the worked days
// (rows) × the half-day slots (columns), each cell naming the stop of that slot for each
// team, empty slots shown empty. A small window at the bottom left of the map, beside the
// Tournées panel; a cell under the mouse rings its stop on the map, a click selects it
// (the panel's selection, shown on the map and in the itinerary).
#pragma once
#include <string>
#include <vector>

#include "app/planner_controller.h"

namespace maraude::app {

class AppState;
struct PlannerPanelState;

struct WeekGrid {
  int weeks = 0, teams = 0, halves = 0;  // cycle weeks, teams, most slots in a day
  std::vector<int> weekdays;             // worked weekdays (0 = Monday), the rows of a week
  std::vector<std::string> half_titles;  // column titles: « Matin 09:30–12:30 », « Après-midi … »
  std::vector<int> stops;                // [((week × rows + row) × halves + half) × teams + team]: stop, or -1
  // -2: no such slot that day (a day with fewer slots than `halves`), -3: day off.
  int at(int week, int row, int half, int team) const {
    return stops[((static_cast<size_t>(week) * weekdays.size() + static_cast<size_t>(row)) * static_cast<size_t>(halves) +
                  static_cast<size_t>(half)) * static_cast<size_t>(teams) + static_cast<size_t>(team)];
  }
};

// The grid of the result's rotation (empty grid: no rotation).
WeekGrid week_grid(const PlannerResult& R, bool english = false);
// The name a cell shows for `stop`: its commune / place label.
std::string grid_stop_name(const PlannerResult& R, int stop);

// Draws the grid window when the plan shown is a rotation (call each frame).
void draw_week_grid(AppState& s, PlannerController& c, PlannerPanelState& ps);

}  // namespace maraude::app
