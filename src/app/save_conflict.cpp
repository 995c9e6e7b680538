#include "app/save_conflict.h"

#include "app/coverage_controller.h"
#include "app/coverage_panels.h"
#include "core/error.h"
#include "imgui.h"

namespace maraude::app {

namespace {

std::string error_text(const std::exception& e) {
  if (const auto* m = dynamic_cast<const Error*>(&e)) return m->format();
  return e.what();
}

SaveConflictState::Rect last_rect() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return {a.x, a.y, b.x, b.y};
}

}  // namespace

bool request_save(SaveConflictState& g, CoverageController& c) {
  g.error.clear();
  g.confirm_take = false;
  if (c.try_save()) {
    g.open = false;
    return true;
  }
  g.open = true;
  return false;
}

std::string conflict_text(const CoverageController& c, bool en) {
  const auto& k = c.conflict();
  if (!k) return {};
  if (!k->theirs)
    return en ? "“" + k->name + "” was deleted since you opened it. Nothing was overwritten."
              : "« " + k->name + " » a été supprimé depuis que vous l’avez ouvert. Rien n’a été écrasé.";
  if (en) {
    std::string by = k->changed_by;  // "modifié par X à HH:MM"
    const std::string p = "modifié par ", a = " à ";
    if (by.rfind(p, 0) == 0 && by.rfind(a) != std::string::npos)
      by = "changed by " + by.substr(p.size(), by.rfind(a) - p.size()) + " at " + by.substr(by.rfind(a) + a.size());
    return "“" + k->name + "” was " + by + " since you opened it. Nothing was overwritten.";
  }
  return "« " + k->name + " » a été " + k->changed_by + " depuis que vous l’avez ouvert. Rien n’a été écrasé.";
}

void choose_conflict(SaveConflictState& g, ConflictChoice ch, CoverageController& c, CoveragePanelState& ps, bool en) {
  if (!c.conflict()) {
    g.open = false;
    return;
  }
  g.error.clear();
  try {
    switch (ch) {
      case ConflictChoice::Cancel:
        if (g.confirm_take) {  // « Non »: back to the three choices
          g.confirm_take = false;
          return;
        }
        g.open = false;
        c.clear_conflict();
        ps.message = en ? "not saved: your edits are kept" : "non enregistré : vos modifications sont gardées";
        return;
      case ConflictChoice::TakeTheirs:
        g.open = true;
        g.confirm_take = true;  // mine would be lost: asked first
        return;
      case ConflictChoice::ConfirmTakeTheirs: {
        if (!g.confirm_take) return;  // only from the confirmation step
        const std::string name = c.conflict()->name;
        c.take_theirs();
        g.open = false;
        g.confirm_take = false;
        ps.names_read_at = -10;
        ps.message = en ? "their version of “" + name + "” is shown; your edits were dropped"
                        : "la version enregistrée de « " + name + " » est affichée ; vos modifications sont abandonnées";
        return;
      }
      case ConflictChoice::KeepMine: {
        const std::string name = c.keep_mine_as_copy();
        g.open = false;
        g.confirm_take = false;
        ps.names_read_at = -10;
        ps.chosen = name;
        ps.message = en ? "your version is saved as “" + name + "”" : "votre version est enregistrée sous « " + name + " »";
        return;
      }
      case ConflictChoice::Compare: {
        auto [a, b] = c.compare_conflict();
        ps.sum_a = a;
        ps.sum_b = b;
        const auto& k = *c.conflict();
        ps.compare_note = en ? "A: your unsaved edits of “" + k.name + "” — B: the stored version (" + k.changed_by + ")"
                             : "A : vos modifications de « " + k.name + " » (non enregistrées) — B : la version enregistrée (" +
                                   k.changed_by + ")";
        ps.open_compare = true;
        g.open = false;
        g.confirm_take = false;
        return;
      }
    }
  } catch (const std::exception& e) {
    g.error = error_text(e);  // the controller changed nothing
  }
}

void draw_save_conflict_modal(const AppState& s, CoveragePanelState& ps, CoverageController& c) {
  SaveConflictState& g = ps.conflict;
  const char* title = tr(s, "Conflit d’enregistrement###save-conflict", "Save conflict###save-conflict");
  if (!g.open) return;
  if (!c.conflict()) {
    g.open = false;
    return;
  }
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSizeConstraints({420, 0}, {720, 600});
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const bool en = s.style.english;
  const bool deleted = !c.conflict()->theirs;
  ImGui::PushTextWrapPos(680);
  ImGui::TextUnformatted(conflict_text(c, en).c_str());
  ImGui::Spacing();
  if (g.confirm_take)
    ImGui::TextUnformatted(deleted ? tr(s, "Abandonner vos modifications et afficher le scénario par défaut ?",
                                        "Drop your edits and show the default scenario?")
                                   : tr(s, "Abandonner vos modifications et prendre la version enregistrée ?",
                                        "Drop your edits and take the stored version?"));
  else
    ImGui::TextUnformatted(tr(s, "Que faire de vos modifications ?", "What to do with your edits?"));
  if (!g.error.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(170, 30, 20, 255));
    ImGui::TextUnformatted(g.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  bool chosen = false;
  ConflictChoice choice = ConflictChoice::Cancel;
  if (g.confirm_take) {
    if (ImGui::Button(tr(s, "Oui, abandonner mes modifications", "Yes, drop my edits"))) chosen = true, choice = ConflictChoice::ConfirmTakeTheirs;
    g.confirm_button = last_rect();
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Non", "No")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
      chosen = true, choice = ConflictChoice::Cancel;
    g.cancel_button = last_rect();
  } else {
    if (ImGui::Button(tr(s, "Garder la mienne (copie)", "Keep mine (as a copy)"))) chosen = true, choice = ConflictChoice::KeepMine;
    g.keep_button = last_rect();
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Prendre la leur", "Take theirs"))) chosen = true, choice = ConflictChoice::TakeTheirs;
    g.take_button = last_rect();
    ImGui::SameLine();
    ImGui::BeginDisabled(deleted);
    if (ImGui::Button(tr(s, "Comparer", "Compare"))) chosen = true, choice = ConflictChoice::Compare;
    ImGui::EndDisabled();
    g.compare_button = last_rect();
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Annuler", "Cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
      chosen = true, choice = ConflictChoice::Cancel;
    g.cancel_button = last_rect();
  }
  if (chosen) {
    choose_conflict(g, choice, c, ps, en);
    if (!g.open) ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_pending_conflict(const AppState& s, CoveragePanelState& ps, CoverageController& c) {
  if (ps.conflict.open || !c.conflict()) return;
  const bool en = s.style.english;
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(170, 30, 20, 255));
  ImGui::TextWrapped("%s", conflict_text(c, en).c_str());
  ImGui::PopStyleColor();
  if (ImGui::SmallButton(tr(s, "Garder la mienne (copie)##pending", "Keep mine (as a copy)##pending")))
    choose_conflict(ps.conflict, ConflictChoice::KeepMine, c, ps, en);
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(s, "Prendre la leur##pending", "Take theirs##pending"))) {
    ps.conflict.open = true;
    choose_conflict(ps.conflict, ConflictChoice::TakeTheirs, c, ps, en);
  }
  if (!ps.conflict.error.empty()) ImGui::TextWrapped("%s", ps.conflict.error.c_str());
}

}  // namespace maraude::app
