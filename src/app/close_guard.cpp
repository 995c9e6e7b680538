// The unsaved-changes guard on closing the window (see close_guard.h).
#include "app/close_guard.h"

#include <algorithm>
#include <filesystem>

#include "app/coverage_controller.h"
#include "app/export_controller.h"
#include "app/panel_story.h"
#include "app/planner_saved.h"
#include "core/error.h"
#include "imgui.h"

namespace maraude::app {

namespace {
bool exporting(const ExportController* e) { return e && e->running(); }

// Quitting: a running export is cancelled and waited for (its temporary file removed).
void stop_export(ExportController* e) {
  if (!exporting(e)) return;
  e->cancel();
  e->wait();
}

// unsaved_changes plus the plan of the Tournées panel.
std::vector<std::string> items_of(const CloseGuardState& g, const CoverageController* cov, const StoryPanelState* stories,
                                  bool english, const ExportController* exporter) {
  auto items = unsaved_changes(cov, stories, english, exporter);
  if (auto p = unsaved_plan_item(g.planner, english); !p.empty()) items.push_back(p);
  return items;
}
}  // namespace

std::vector<std::string> unsaved_changes(const CoverageController* cov, const StoryPanelState* stories, bool english,
                                         const ExportController* exporter) {
  std::vector<std::string> out;
  if (cov && cov->ready()) {
    const std::string name = cov->unsaved_scenario();
    if (!name.empty())
      out.push_back(english ? "scenario “" + name + "” modified" : "scénario « " + name + " » modifié");
  }
  if (stories)
    for (const auto& n : stories->unsaved)
      out.push_back(english ? "story “" + n + "” not saved" : "récit « " + n + " » non enregistré");
  if (exporting(exporter)) {
    const std::string file = std::filesystem::path(exporter->output_path()).filename().string();
    const std::string progress = exporter->progress_text();
    out.push_back((english ? "export running: " : "export en cours : ") + file +
                  (progress.empty() ? std::string() : " (" + progress + ")"));
  }
  return out;
}

bool request_close(CloseGuardState& g, const CoverageController* cov, const StoryPanelState* stories, bool english,
                   bool scripted, const ExportController* exporter) {
  g.items = items_of(g, cov, stories, english, exporter);
  g.error.clear();
  g.export_error.clear();
  g.waiting = false;
  g.quit = scripted || g.items.empty();
  g.open = !g.quit;
  return g.quit;
}

void choose_close(CloseGuardState& g, CloseChoice c, CoverageController* cov, StoryPanelState* stories, bool english,
                  ExportController* exporter) {
  switch (c) {
    case CloseChoice::Cancel:
      g.open = false;
      g.waiting = false;
      g.error.clear();
      return;
    case CloseChoice::QuitWithoutSaving:
      stop_export(exporter);
      g.open = false;
      g.waiting = false;
      g.quit = true;
      return;
    case CloseChoice::WaitForExport:
      if (exporting(exporter)) {
        g.waiting = true;
        g.export_error.clear();
      }
      poll_close(g, cov, stories, english, exporter);
      return;
    case CloseChoice::SaveAndQuit:
      break;
  }
  std::string err;
  if (cov && cov->ready() && !cov->unsaved_scenario().empty()) {
    try {
      cov->save_unsaved();
    } catch (const Error& e) {
      err = e.format();
    } catch (const std::exception& e) {
      err = e.what();
    }
  }
  if (stories) {
    const std::vector<std::string> names = stories->unsaved;  // save_story edits the list
    for (const auto& n : names) {
      auto it = std::find_if(stories->stories.begin(), stories->stories.end(), [&](const Story& x) { return x.name == n; });
      if (it == stories->stories.end()) {
        std::erase(stories->unsaved, n);  // no longer in the panel: nothing left to save
        continue;
      }
      save_story(*stories, *it);
      if (std::find(stories->unsaved.begin(), stories->unsaved.end(), n) != stories->unsaved.end())
        err += (err.empty() ? "" : "\n") + stories->message;
    }
  }
  if (auto e = save_unsaved_plan(g.planner); !e.empty()) err += (err.empty() ? "" : "\n") + e;
  g.items = items_of(g, cov, stories, english, nullptr);
  if (err.empty() && g.items.empty()) {
    stop_export(exporter);  // everything saved: quitting cancels a running export
    g.items.clear();
    g.open = false;
    g.waiting = false;
    g.quit = true;
    g.error.clear();
  } else {
    g.items = items_of(g, cov, stories, english, exporter);
    g.open = true;
    g.quit = false;
    g.error = err.empty() ? (english ? "Some changes could not be saved." : "Certaines modifications n'ont pas pu être enregistrées.")
                          : err;
  }
}

void poll_close(CloseGuardState& g, const CoverageController* cov, const StoryPanelState* stories, bool english,
                const ExportController* exporter) {
  if (!g.open) return;
  g.items = items_of(g, cov, stories, english, exporter);
  if (!g.waiting || exporting(exporter)) return;
  g.waiting = false;  // the export is over
  if (exporter && exporter->state() != ExportController::State::Done) {
    g.export_error = exporter->message();  // failed or cancelled: say so, quit only when asked
    return;
  }
  if (g.items.empty()) {
    g.open = false;
    g.quit = true;
  }
}

void draw_close_modal(const AppState& s, CloseGuardState& g, CoverageController* cov, StoryPanelState* stories,
                      ExportController* exporter) {
  const char* title = tr(s, "Modifications non enregistrées###unsaved", "Unsaved changes###unsaved");
  poll_close(g, cov, stories, s.style.english, exporter);
  if (!g.open) return;
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSizeConstraints({420, 0}, {720, 600});
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const bool en = s.style.english;
    const bool exp = exporting(exporter);
    const bool to_save = !items_of(g, cov, stories, en, nullptr).empty();
    ImGui::PushTextWrapPos(680);
    ImGui::TextUnformatted(tr(s, "Fermer Maraude maintenant perdrait :", "Closing Maraude now would lose:"));
    for (const auto& item : g.items) ImGui::BulletText("%s", item.c_str());
    if (g.items.empty()) ImGui::TextDisabled("%s", tr(s, "plus rien : l'export est terminé.", "nothing any more: the export is over."));
    if (exp && g.waiting) {
      ImGui::ProgressBar(exporter->fraction(), {-1, 0});
      ImGui::TextUnformatted(to_save ? tr(s, "En attente de la fin de l'export…", "Waiting for the export to end…")
                                     : tr(s, "En attente de la fin de l'export : Maraude se fermera ensuite.",
                                          "Waiting for the export to end: Maraude closes then."));
    }
    auto red = [&](const char* label, const std::string& text) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(170, 30, 20, 255));
      ImGui::TextUnformatted(label);
      ImGui::TextUnformatted(text.c_str());
      ImGui::PopStyleColor();
    };
    if (!g.error.empty()) red(tr(s, "Enregistrement impossible :", "Could not save:"), g.error);
    if (!g.export_error.empty()) red(tr(s, "L'export n'a pas abouti :", "The export did not complete:"), g.export_error);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    CloseChoice choice = CloseChoice::Cancel;
    bool chosen = false;
    if (to_save) {
      if (ImGui::Button(tr(s, "Enregistrer et quitter", "Save and quit"))) chosen = true, choice = CloseChoice::SaveAndQuit;
      ImGui::SameLine();
    }
    if (exp && !g.waiting) {
      if (ImGui::Button(tr(s, "Attendre la fin de l'export", "Wait for the export"))) chosen = true, choice = CloseChoice::WaitForExport;
      ImGui::SameLine();
    }
    const char* quit = to_save ? tr(s, "Quitter sans enregistrer", "Quit without saving")
                       : exp   ? tr(s, "Annuler l'export et quitter", "Cancel the export and quit")
                               : tr(s, "Quitter", "Quit");
    if (ImGui::Button(quit)) chosen = true, choice = CloseChoice::QuitWithoutSaving;
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Annuler", "Cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
      chosen = true, choice = CloseChoice::Cancel;
    if (chosen) {
      choose_close(g, choice, cov, stories, en, exporter);
      if (!g.open) ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

// ---- Replacing the edited scenario ---------------------------------------------------------

namespace {

// Whether `a` on `target` would replace the edited scenario while it has unsaved edits.
bool loses_edits(const CoverageController& c, ScenarioAction a, const std::string& target) {
  if (!c.modified()) return false;
  return a == ScenarioAction::Switch || target == c.scenario().name;
}

void run_action(CoverageController& c, ScenarioAction a, const std::string& target) {
  if (a == ScenarioAction::Switch) c.switch_to(target);
  else c.remove(target);
}

std::string done_message(ScenarioAction a, bool en) {
  if (a == ScenarioAction::Switch) return en ? "scenario shown" : "scénario affiché";
  return en ? "deleted" : "supprimé";
}

std::string error_text(const std::exception& e) {
  if (const auto* m = dynamic_cast<const Error*>(&e)) return m->format();
  return e.what();
}

}  // namespace

bool request_scenario_action(ScenarioGuardState& g, CoverageController& c, ScenarioAction a, const std::string& target,
                             bool) {
  g.error.clear();
  if (!loses_edits(c, a, target)) {
    run_action(c, a, target);
    g.open = false;
    return true;
  }
  g.open = true;
  g.action = a;
  g.target = target;
  g.edited = c.scenario().name;
  return false;
}

void choose_scenario_action(ScenarioGuardState& g, SwitchChoice ch, CoverageController& c, bool en) {
  if (!g.open) return;
  if (ch == SwitchChoice::Cancel) {
    g.open = false;
    g.error.clear();
    return;
  }
  if (ch == SwitchChoice::SaveThenSwitch) {
    if (g.action == ScenarioAction::Delete) return;  // no such button: the name is going away
    try {
      if (c.modified()) c.save();
    } catch (const std::exception& e) {
      g.error = error_text(e);  // nothing switched, the edits still unsaved
      return;
    }
  }
  g.open = false;
  g.error.clear();
  g.done = true;
  try {
    run_action(c, g.action, g.target);
    g.message = done_message(g.action, en);
  } catch (const std::exception& e) {
    g.message = error_text(e);  // the controller changes nothing when the action fails
  }
}

void draw_scenario_modal(const AppState& s, ScenarioGuardState& g, CoverageController& c) {
  const char* title = tr(s, "Modifications non enregistrées###unsaved-scenario", "Unsaved changes###unsaved-scenario");
  if (!g.open) return;
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSizeConstraints({420, 0}, {720, 600});
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const bool en = s.style.english;
    const bool del = g.action == ScenarioAction::Delete;
    ImGui::PushTextWrapPos(680);
    std::string text;
    if (del)
      text = en ? "Deleting scenario “" + g.target + "” would lose its unsaved edits."
                : "Supprimer le scénario « " + g.target + " » perdrait ses modifications non enregistrées.";
    else if (g.target == g.edited)
      text = en ? "Showing the stored scenario “" + g.target + "” again would lose its unsaved edits."
                : "Réafficher le scénario « " + g.target + " » enregistré perdrait ses modifications non enregistrées.";
    else
      text = en ? "Showing scenario “" + g.target + "” would lose the unsaved edits of “" + g.edited + "”."
                : "Afficher le scénario « " + g.target + " » perdrait les modifications non enregistrées de « " + g.edited + " ».";
    ImGui::TextUnformatted(text.c_str());
    if (!g.error.empty()) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(170, 30, 20, 255));
      ImGui::TextUnformatted(tr(s, "Enregistrement impossible :", "Could not save:"));
      ImGui::TextUnformatted(g.error.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    SwitchChoice choice = SwitchChoice::Cancel;
    bool chosen = false;
    if (!del) {
      if (ImGui::Button(tr(s, "Enregistrer puis changer", "Save, then switch"))) chosen = true, choice = SwitchChoice::SaveThenSwitch;
      ImGui::SameLine();
    }
    if (ImGui::Button(del ? tr(s, "Supprimer sans enregistrer", "Delete without saving")
                          : tr(s, "Changer sans enregistrer", "Switch without saving")))
      chosen = true, choice = SwitchChoice::SwitchWithoutSaving;
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Annuler", "Cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
      chosen = true, choice = SwitchChoice::Cancel;
    if (chosen) {
      choose_scenario_action(g, choice, c, en);
      if (!g.open) ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace maraude::app
