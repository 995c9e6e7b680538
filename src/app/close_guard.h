// Closing the window with unsaved work: the viewer does not close at once but opens the
// « Modifications non enregistrées » modal, listing what would be lost (the edited
// scenario, including the one a presentation keeps aside, and stories whose save failed),
// with « Enregistrer et quitter », « Quitter sans enregistrer » and « Annuler ».
// An export still running (handout, dossier, poster) is listed too, with its progress
// (« export en cours : dossier_epci.pdf (page 7/24) »): « Attendre la fin de l'export » keeps
// the modal, which closes the window once the export is written; quitting cancels it cleanly
// (its temporary file removed, a previous file of that name untouched).
// The decisions are plain C++ (no GL, no ImGui) so tests drive them; draw_close_modal is
// the ImGui face. Scripted runs (--script-frames, --screenshot) never wait on the modal:
// they close without saving, as they always did.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"

namespace maraude::app {

class CoverageController;
class ExportController;
class PlannerController;
struct StoryPanelState;

struct CloseGuardState {
  bool open = false;               // the modal is shown
  bool quit = false;               // the viewer leaves its loop
  std::vector<std::string> items;  // what is unsaved, in the UI language
  std::string error;               // the last save failure (shown in the modal)
  bool waiting = false;            // « Attendre la fin de l'export »: quits once it is written
  std::string export_error;        // the export waited for failed or was cancelled (shown in the modal)
  // The Tournées panel's plan: listed when not saved (or modified since), saved by
  // « Enregistrer et quitter » under its name or a dated one (app/planner_saved.h).
  PlannerController* planner = nullptr;
};

// What closing now would lose, one line each in the UI language; empty when nothing.
// A running export is one of them: "export en cours : FILE (page 7/24)".
std::vector<std::string> unsaved_changes(const CoverageController* cov, const StoryPanelState* stories, bool english,
                                         const ExportController* exporter = nullptr);

// The window's close button (or any quit command) was used. Closes at once (quit = true)
// when nothing is unsaved or `scripted`; else opens the modal with the list. Returns quit.
bool request_close(CloseGuardState& g, const CoverageController* cov, const StoryPanelState* stories, bool english,
                   bool scripted, const ExportController* exporter = nullptr);

enum class CloseChoice { SaveAndQuit, QuitWithoutSaving, Cancel, WaitForExport };
// The modal's buttons. SaveAndQuit writes everything listed through the usual save paths
// (CoverageController::save_unsaved, save_story); any failure keeps the window open with
// the modal showing the error and what is still unsaved. Quitting (SaveAndQuit once saved,
// QuitWithoutSaving) cancels a running export and waits until it has cleaned up.
// WaitForExport saves nothing yet: poll_close quits once the export is written.
void choose_close(CloseGuardState& g, CloseChoice c, CoverageController* cov, StoryPanelState* stories, bool english,
                  ExportController* exporter = nullptr);

// Each frame while the modal is open: refreshes the list (the export's progress); after
// WaitForExport, quits when the export is written and nothing else is unsaved, or shows the
// export's failure and what is still unsaved.
void poll_close(CloseGuardState& g, const CoverageController* cov, const StoryPanelState* stories, bool english,
                const ExportController* exporter);

// Draws the modal while g.open (Esc = Annuler); polls it first (poll_close).
void draw_close_modal(const AppState& s, CloseGuardState& g, CoverageController* cov, StoryPanelState* stories,
                      ExportController* exporter = nullptr);

// ---- Replacing the edited scenario -------------------------------------------------------------
// Showing another scenario from the « Scénarios » panel (Afficher, double click; the shown one
// too: it reloads the stored copy) or deleting the shown one while it has unsaved edits does
// not drop them: the same « Modifications non enregistrées » modal asks first, with
// « Enregistrer puis changer », « Changer sans enregistrer » and « Annuler » (deleting the
// shown scenario: « Supprimer sans enregistrer » and « Annuler », since its edits cannot be
// saved under the name being deleted). Plain C++ decisions again, the ImGui face apart.
enum class ScenarioAction { Switch, Delete };

struct ScenarioGuardState {
  bool open = false;                              // the modal is shown
  ScenarioAction action = ScenarioAction::Switch;  // what waits for the answer
  std::string target;                             // the scenario to show or delete
  std::string edited;                             // the edited scenario with unsaved edits
  std::string error;                              // a failed save (shown in the modal)
  bool done = false;      // the action ran after an answer: the panel refreshes (then clears it)
  std::string message;    // its outcome or error, for the panel
};

// Runs the action at once and returns true when it loses nothing (no unsaved edits, or
// deleting a scenario other than the shown one); throws as the controller does when it
// fails. Else opens the modal, changes nothing and returns false.
bool request_scenario_action(ScenarioGuardState& g, CoverageController& c, ScenarioAction a, const std::string& target,
                             bool english);

enum class SwitchChoice { SaveThenSwitch, SwitchWithoutSaving, Cancel };
// The modal's buttons. SaveThenSwitch saves the edits through CoverageController::save (a
// failure keeps the modal open with the error and nothing switched), then runs the action.
void choose_scenario_action(ScenarioGuardState& g, SwitchChoice c, CoverageController& cov, bool english);

// Draws the modal while g.open (Esc = Annuler).
void draw_scenario_modal(const AppState& s, ScenarioGuardState& g, CoverageController& cov);

}  // namespace maraude::app
