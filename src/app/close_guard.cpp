// The unsaved-changes guard on closing the window (see close_guard.h).
#include "app/close_guard.h"

#include <algorithm>

#include "app/coverage_controller.h"
#include "app/panel_story.h"
#include "core/error.h"
#include "imgui.h"

namespace maraude::app {

std::vector<std::string> unsaved_changes(const CoverageController* cov, const StoryPanelState* stories, bool english) {
  std::vector<std::string> out;
  if (cov && cov->ready()) {
    const std::string name = cov->unsaved_scenario();
    if (!name.empty())
      out.push_back(english ? "scenario “" + name + "” modified" : "scénario « " + name + " » modifié");
  }
  if (stories)
    for (const auto& n : stories->unsaved)
      out.push_back(english ? "story “" + n + "” not saved" : "récit « " + n + " » non enregistré");
  return out;
}

bool request_close(CloseGuardState& g, const CoverageController* cov, const StoryPanelState* stories, bool english,
                   bool scripted) {
  g.items = unsaved_changes(cov, stories, english);
  g.error.clear();
  g.quit = scripted || g.items.empty();
  g.open = !g.quit;
  return g.quit;
}

void choose_close(CloseGuardState& g, CloseChoice c, CoverageController* cov, StoryPanelState* stories, bool english) {
  switch (c) {
    case CloseChoice::Cancel:
      g.open = false;
      g.error.clear();
      return;
    case CloseChoice::QuitWithoutSaving:
      g.open = false;
      g.quit = true;
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
  g.items = unsaved_changes(cov, stories, english);
  if (err.empty() && g.items.empty()) {
    g.open = false;
    g.quit = true;
    g.error.clear();
  } else {
    g.open = true;
    g.quit = false;
    g.error = err.empty() ? (english ? "Some changes could not be saved." : "Certaines modifications n'ont pas pu être enregistrées.")
                          : err;
  }
}

void draw_close_modal(const AppState& s, CloseGuardState& g, CoverageController* cov, StoryPanelState* stories) {
  const char* title = tr(s, "Modifications non enregistrées###unsaved", "Unsaved changes###unsaved");
  if (!g.open) return;
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSizeConstraints({420, 0}, {720, 600});
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const bool en = s.style.english;
    ImGui::PushTextWrapPos(680);
    ImGui::TextUnformatted(tr(s, "Fermer Maraude maintenant perdrait :", "Closing Maraude now would lose:"));
    for (const auto& item : g.items) ImGui::BulletText("%s", item.c_str());
    if (!g.error.empty()) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(170, 30, 20, 255));
      ImGui::TextUnformatted(tr(s, "Enregistrement impossible :", "Could not save:"));
      ImGui::TextUnformatted(g.error.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    CloseChoice choice = CloseChoice::Cancel;
    bool chosen = false;
    if (ImGui::Button(tr(s, "Enregistrer et quitter", "Save and quit"))) chosen = true, choice = CloseChoice::SaveAndQuit;
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Quitter sans enregistrer", "Quit without saving")))
      chosen = true, choice = CloseChoice::QuitWithoutSaving;
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Annuler", "Cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
      chosen = true, choice = CloseChoice::Cancel;
    if (chosen) {
      choose_close(g, choice, cov, stories, en);
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
