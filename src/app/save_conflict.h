// The « Enregistrer » of the Scénarios panel when someone else saved the scenario meanwhile
// (issue 16, shared team workspace): nothing is overwritten, and a dialog says
// « « NOM » a été modifié par X à HH:MM » and offers three ways out:
//   « Garder la mienne (copie) »  the edits stored as « NOM (copie de MOI) », shown from then on;
//   « Prendre la leur »           the stored version replaces the edits, after a confirmation
//                                 (« Oui, abandonner mes modifications »);
//   « Comparer »                  the panel's A/B comparison opens with A = my edits, B = theirs;
//                                 the conflict stays pending (a line under « Enregistrer »
//                                 offers the two other ways out, and saving again re-opens it);
// and « Annuler » (Esc): nothing saved, the edits kept.
// Decisions as plain C++ (tests drive them); draw_save_conflict_modal is the ImGui face.
#pragma once
#include <string>

#include "app/app_state.h"

namespace maraude::app {

class CoverageController;
struct CoveragePanelState;

struct SaveConflictState {
  bool open = false;          // the dialog is shown
  bool confirm_take = false;  // « Prendre la leur » asked: the confirmation step is shown
  std::string error;          // the last failed choice (shown in the dialog)
  // Where the dialog's buttons were drawn last frame (screen pixels), for the window tests.
  struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };
  Rect keep_button, take_button, compare_button, confirm_button, cancel_button;
};

// The panel's « Enregistrer »: saves (true), or opens the dialog on a conflict (false).
// Throws Error for any other failure, with the edits kept.
bool request_save(SaveConflictState& g, CoverageController& c);

enum class ConflictChoice { KeepMine, TakeTheirs, ConfirmTakeTheirs, Compare, Cancel };
// The dialog's buttons; ps.message says what was done. Compare fills ps.sum_a / ps.sum_b
// (and ps.compare_note) and closes the dialog, leaving the conflict pending.
void choose_conflict(SaveConflictState& g, ConflictChoice ch, CoverageController& c, CoveragePanelState& ps, bool english);

// « « Commun » a été modifié par alice à 14:32 depuis que vous l’avez ouvert. » (or English).
std::string conflict_text(const CoverageController& c, bool english);

// Draws the dialog while g.open (Esc = Annuler, or « Non » on the confirmation step).
void draw_save_conflict_modal(const AppState& s, CoveragePanelState& ps, CoverageController& c);
// The pending line under « Enregistrer » once the dialog was left for « Comparer ».
void draw_pending_conflict(const AppState& s, CoveragePanelState& ps, CoverageController& c);

}  // namespace maraude::app
