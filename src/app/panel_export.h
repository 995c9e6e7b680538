// The "Exporter" window: the handout of a story, the dossier atlas, the poster of the
// current view; output path with a default next to the workspace, confirmation before
// replacing a file, progress bar with a cancel button while the ExportController works.
#pragma once
#include <string>
#include <vector>

#include "app/export_controller.h"
#include "app/panel_story.h"

namespace maraude::render {
class MapRenderer;
}

namespace maraude::app {

struct ExportPanelState {
  bool open = false;
  bool focus = false;          // bring the window to the front on the next frame
  ExportKind kind = ExportKind::Handout;
  int story = -1;              // index into the Récits panel's stories
  int by = 0;                  // 0 zones d'emploi, 1 EPCI, 2 départements
  std::string scenario;        // dossier: stored scenario ("" = the default one)
  bool use_edited = true;      // dossier: the scenario being edited in the window, with unsaved edits
  int format = 3;              // A0..A4
  bool landscape = false;
  int dpi = 150;
  bool pdf = false;            // poster: PDF instead of PNG
  char title[256] = {0};
  char path[1024] = {0};
  bool path_edited = false;    // typed by the user: no longer follows the choices
  std::string dir;             // default folder (the workspace's)
  bool confirm_overwrite = false;
};

// Opens the window on `kind` (the Récits panel's "Exporter…" opens it on the handout).
void open_export_panel(ExportPanelState& ps, ExportKind kind, int story = -1);

// The request the window's choices describe (the poster frames the window's current view).
// `edited`: the scenario being edited in the window (the dossier uses it when use_edited).
ExportRequest export_request(const AppState& s, const ExportPanelState& ps, const StoryPanelState& stories,
                             const coverage::Scenario* edited = nullptr);

// "Exporter… (Ctrl+E)" at the right of the status bar (appended to its window, drawn after
// draw_status_bar); true when clicked. Nothing when the window is too narrow for it.
bool draw_export_status_button(const AppState& s);

// Draws the window and starts / cancels exports through `ctl`. `scenarios`: the stored
// scenario names for the dossier; `edited`: the scenario being edited (null before the
// coverage is ready), `edited_modified`: it has unsaved edits. `renderer` renders the
// poster's tiles (GL thread).
void draw_export_panel(AppState& s, ExportPanelState& ps, ExportController& ctl, const StoryPanelState& stories,
                       const std::vector<std::string>& scenarios, const coverage::Scenario* edited,
                       bool edited_modified, render::MapRenderer* renderer);

}  // namespace maraude::app
