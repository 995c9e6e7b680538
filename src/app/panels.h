// The viewer's Dear ImGui panels, one file each (panel_*.cpp). Each draws itself from
// AppState and calls AppState commands; none touches GL.
#pragma once
#include <string>

#include "app/app_state.h"

struct ImFont;

namespace maraude::app {

struct Fonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
  bool found = false;  // false: ImGui's built-in font (no accents beyond ASCII)
};
// Loads DejaVu Sans (or Noto Sans) with Latin-1 + œŒ’«»–—… ; call before the first frame.
Fonts load_fonts(float size_px);

struct SearchPanelState {
  char query[256] = {0};
  std::vector<SearchResult> results;
  std::string last_query;
  int highlighted = 0;
  bool list_open = false;  // the suggestions under the field (closed by Enter, Esc, a click elsewhere)
};

void draw_search_panel(AppState& s, SearchPanelState& ps);
void draw_layers_panel(AppState& s);
void draw_details_panel(AppState& s);
void draw_tooltip(const AppState& s);
// Cursor position, the map scale (m per pixel) and, with Affichage → Mesures d'affichage,
// the frame time and draw calls.
void draw_status_bar(const AppState& s, double frame_ms, int draw_calls);
// Progress bar while the workspace loads (fraction in [0, 1]).
void draw_loading_panel(const AppState& s, float fraction, const std::string& what);
// A modal with an error message; returns true when the user closed it. With `open_other`,
// an « Ouvrir… » button too (the workspace could not be loaded): sets it and closes.
bool draw_error_modal(const AppState& s, const std::string& message, bool* open_other = nullptr);
// The map overlay (legend, scale bar, north arrow, labels) painted with ImGui. Returns the
// screen boxes it covers (legend, scale bar, north arrow), for what is drawn around them.

// `legend` false: no legend (Affichage → Légende de la carte unticked). `compact`: the
// window's legend (render::OverlayParts::legend_compact); `legend_box`, when given, receives
// the legend's box (empty when none was drawn).
std::vector<BBox> draw_map_overlay(const AppState& s, const Fonts& fonts, float legend_top, double min_label_population = 0,
                                   bool legend = true, bool compact = false, BBox* legend_box = nullptr);
// The overlay scale (s.style.scale) at most `k` for which the legend, at the top right, ends
// above `legend_bottom` pixels (presenter mode: large type that never runs into the sources).
float fit_legend_scale(const AppState& s, const Fonts& fonts, float k, float legend_bottom);

}  // namespace maraude::app
