// Where the window's panels go: a menu bar at the top, a status bar at the bottom, a side bar
// on the left with one collapsible section per panel (search, layers, coverage, scenarios,
// stories, details), and the wide panels (gap ranking, tours) as opaque windows opened from
// the « Affichage » menu. The map keeps the rest. Dear ImGui 1.86 has no docking: the side bar
// is one window of fixed place whose sections fold, close (×) and come back from the menu.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "core/geometry.h"

namespace maraude::app {

class AppState;

enum class Panel { Search, Layers, Coverage, Scenarios, Stories, Details, Ranking, Planner, Count };
constexpr size_t kPanelCount = static_cast<size_t>(Panel::Count);
// The panel's name in the « Affichage » menu and its section header.
const char* panel_label(Panel p, bool english);
// True for the panels drawn as sections of the side bar (the others are windows).
bool in_sidebar(Panel p);

struct Layout {
  std::array<bool, kPanelCount> open{};    // shown (Affichage ✓); a closed section or window comes back from there
  std::array<bool, kPanelCount> unfold{};  // unfolds (and shows) the panel at the next frame
  float ui_scale = 1.0f;                   // interface size: 1, 1.25, 1.5 (Affichage → Taille)
  bool debug = false;                      // frame time and draw calls in the status bar
  bool legend = true;                      // the map legend (Affichage → Légende de la carte)
  int reset_count = 0;                     // +1 at each « Réinitialiser la disposition »
  float sidebar_width = 380;               // at 100 %; × ui_scale on screen
  Layout() { reset(); }
  // Default: the side bar with search, layers and coverage unfolded, scenarios and stories
  // folded, details shown on a selection; ranking and tours closed.
  void reset();
  void show(Panel p) {
    open[static_cast<size_t>(p)] = true;
    unfold[static_cast<size_t>(p)] = true;
  }
  bool is_open(Panel p) const { return open[static_cast<size_t>(p)]; }
  // On-screen width of the Tournées window in a window `W` pixels wide (the week grid and the
  // framing of the tours keep clear of it).
  float planner_width(float W) const { return std::min(640 * ui_scale, W * 0.5f); }
};

// Share of a W × H window left to the map once `boxes` (screen rectangles, may overlap) are
// drawn over it: 1 - area(union of boxes ∩ window) / (W × H). Exact (sweep over x intervals).
double map_share(const std::vector<BBox>& boxes, double W, double H);

// ---- ImGui side (layout.cpp) -------------------------------------------------------------------
// The side bar window, between the menu bar (height `top`) and the status bar (`bottom`).
// Call end_sidebar() after the sections whatever begin_sidebar returned.
bool begin_sidebar(AppState& s, float top, float bottom);
void end_sidebar(AppState& s);
// A section of the side bar: header with a fold arrow and a close button. True when its
// body is to be drawn; then call end_section().
bool begin_section(AppState& s, Panel p, bool default_unfolded);
void end_section();
// One of the wide panels as an opaque window (closable); true when its body is to be drawn.
// Call end_window() whatever it returned when it returned from ImGui::Begin (`began`).
bool begin_window(AppState& s, Panel p, float x, float y, float w, float h, bool* began);
void end_window();
// The screen boxes of every window ImGui drew this frame (menu, status and side bars, panels,
// popups; not tooltips nor child windows), for map_share. Call before ImGui::Render().
std::vector<BBox> drawn_window_boxes();

}  // namespace maraude::app
