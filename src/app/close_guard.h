// Closing the window with unsaved work: the viewer does not close at once but opens the
// « Modifications non enregistrées » modal, listing what would be lost (the edited
// scenario, including the one a presentation keeps aside, and stories whose save failed),
// with « Enregistrer et quitter », « Quitter sans enregistrer » and « Annuler ».
// The decisions are plain C++ (no GL, no ImGui) so tests drive them; draw_close_modal is
// the ImGui face. Scripted runs (--script-frames, --screenshot) never wait on the modal:
// they close without saving, as they always did.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"

namespace maraude::app {

class CoverageController;
struct StoryPanelState;

struct CloseGuardState {
  bool open = false;               // the modal is shown
  bool quit = false;               // the viewer leaves its loop
  std::vector<std::string> items;  // what is unsaved, in the UI language
  std::string error;               // the last save failure (shown in the modal)
};

// What closing now would lose, one line each in the UI language; empty when nothing.
std::vector<std::string> unsaved_changes(const CoverageController* cov, const StoryPanelState* stories, bool english);

// The window's close button (or any quit command) was used. Closes at once (quit = true)
// when nothing is unsaved or `scripted`; else opens the modal with the list. Returns quit.
bool request_close(CloseGuardState& g, const CoverageController* cov, const StoryPanelState* stories, bool english,
                   bool scripted);

enum class CloseChoice { SaveAndQuit, QuitWithoutSaving, Cancel };
// The modal's buttons. SaveAndQuit writes everything listed through the usual save paths
// (CoverageController::save_unsaved, save_story); any failure keeps the window open with
// the modal showing the error and what is still unsaved.
void choose_close(CloseGuardState& g, CloseChoice c, CoverageController* cov, StoryPanelState* stories, bool english);

// Draws the modal while g.open (Esc = Annuler).
void draw_close_modal(const AppState& s, CloseGuardState& g, CoverageController* cov, StoryPanelState* stories);

}  // namespace maraude::app
