// The interactive window of `maraude view`: GLFW + OpenGL 3.3 core, the map drawn by
// render::MapRenderer, Dear ImGui panels on top. Waits for events when idle.
#pragma once
#include <string>

namespace maraude::app {

struct ViewerOptions {
  std::string workspace;   // may be empty: the window opens with a message
  int width = 1400, height = 900;
  bool english = false;
  // Scripted run (tests): drive the window with synthetic input for this many frames,
  // then close. 0 = interactive. Scripted and hidden runs never wait on the « Modifications
  // non enregistrées » modal (close_guard.h): they close without saving.
  int script_frames = 0;
  // With script_frames: random input instead of the scripted tour (a monkey test): clicks,
  // drags, wheel and keys anywhere in the window, absurd values typed into any field. The
  // run never quits or reopens by itself. 0 = off.
  unsigned long long monkey_seed = 0;
  bool hidden = false;     // do not show the window (scripted runs under Xvfb)
  // Scripted run without synthetic input that saves its last frame (window and panels)
  // as PNG, once the coverage is computed. Empty = none.
  std::string screenshot;
  std::string view;        // initial view once loaded ("zone:3222", "commune:80186"...); empty = region
  std::string travel = "auto";  // how reach is measured: auto, car, foot, crowfly (--travel)
  std::string plan;        // base of tours planned once loaded (route-planner screenshots); empty = none
  std::string present;     // story to present full screen once loaded (presenter mode); empty = none
  int monitor = 0;         // presenter mode: full screen on this monitor (1-based, GLFW's order); 0 = the first
  bool notes_window = false;  // presenter mode: notes in a second window (else F2 / S opens it)
  std::string export_dialog;  // "recit", "dossier" or "affiche": the Exporter window open once loaded
  float ui_scale = 1.0f;      // interface size (Affichage → Taille de l'interface): 1, 1.25, 1.5
  std::string story_panel;    // story chosen in the "Récits" panel, unfolded once loaded (screenshots); empty = folded
};

struct ViewerReport {
  int frames = 0;
  int frames_not_drawn = 0;  // of them, frames that would have shown the same (not drawn again)
  // Mean time of a frame (events to swap, once loaded) drawn / not drawn, in ms.
  double frame_ms_drawn = 0, frame_ms_not_drawn = 0;
  int max_draw_calls = 0;
  long rss_kb_start = 0, rss_kb_end = 0;  // resident memory after the first 50 frames / at the end
  double first_frame_ms = 0;              // start → first frame with the map
  std::string error;                       // the message shown in the modal, if any
  // The workspace could not be loaded (missing, corrupt...): the exit code of its error
  // kind (core/error.h: 3 missing file, 5 workspace...); 0 when it loaded.
  int load_exit_code = 0;
  // Fichier → Ouvrir… / Récents (or the load-error modal's « Ouvrir… »): the workspace to
  // open next; the caller runs the window again on it. Empty: the window was closed.
  std::string reopen;
  // Smallest share of the window left to the map (not under a bar, panel or modal) over the
  // frames once loaded (layout.h map_share); 1 when nothing was drawn.
  double min_map_share = 1;
  // Share of the region's box on screen that lies under the map legend, on the last frame
  // drawn while the view was Home's (the region as Home frames it); -1 when never at Home.
  double legend_over_region = -1;
  std::string window_title;                // the title once the workspace is loaded
};

// Runs the window until it is closed (or the script ends). Closing with unsaved edits
// (scenario, story) opens the « Modifications non enregistrées » modal first. Throws Error(Graphics) when
// no OpenGL 3.3 window can be created; workspace errors are shown in a modal instead.
ViewerReport run_viewer(const ViewerOptions& opt);

}  // namespace maraude::app
