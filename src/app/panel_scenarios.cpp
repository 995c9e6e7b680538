// Scenario panel: the scenarios of the workspace (scenario_store), switch, duplicate,
// rename, delete, save the edited one, and the totals of two scenarios side by side.
#include <cmath>
#include <cstring>

#include "app/coverage_panels.h"
#include "core/error.h"
#include "core/text.h"
#include "imgui.h"

namespace maraude::app {

namespace {
std::string num(double v) { return format_thousands(std::llround(v)); }
std::string pct(double v) { return format_fr(v, 1) + " %"; }

template <class F>
void guarded(CoveragePanelState& ps, const char* ok, F&& f) {
  try {
    f();
    ps.message = ok;
  } catch (const Error& e) {
    ps.message = e.format();
  } catch (const std::exception& e) {
    ps.message = e.what();
  }
}
}  // namespace

void draw_scenarios_panel(AppState& s, CoverageController& c, CoveragePanelState& ps) {
  if (!s.loaded() || !c.ready()) return;
  const bool en = s.style.english;
  // Showing or deleting with unsaved edits waits on the modal (drawn even with the panel folded).
  draw_scenario_modal(s, ps.guard, c);
  if (!begin_section(s, Panel::Scenarios, false)) return;
  if (!c.has_store()) {
    ImGui::TextDisabled("%s", tr(s, "Pas d’espace de travail : scénario par défaut seulement.", "No workspace file: default scenario only."));
    end_section();
    return;
  }
  // The list is read from the workspace once per second at most.
  std::vector<std::string>& names = ps.names;
  double& last = ps.names_read_at;
  if (ImGui::GetTime() - last > 1.0) {
    try {
      names = c.scenario_names();
      // Saves by others (PostgreSQL workspace) show up without a restart.
      for (const auto& line : c.remote_changes()) ps.message = line;
    } catch (const Error& e) {
      ps.message = e.format();
    }
    last = ImGui::GetTime();
  }
  if (ps.guard.done) {  // the modal's answer ran the action
    ps.guard.done = false;
    ps.message = ps.guard.message;
    if (ps.guard.action == ScenarioAction::Delete) ps.chosen.clear();
    last = -10;
  }
  // Guarded show / delete: at once when nothing unsaved is lost, else after the modal's answer.
  auto act = [&](ScenarioAction a, const std::string& target) {
    guarded(ps, a == ScenarioAction::Switch ? (en ? "scenario shown" : "scénario affiché") : (en ? "deleted" : "supprimé"), [&] {
      if (request_scenario_action(ps.guard, c, a, target, en)) {
        last = -10;
        if (a == ScenarioAction::Delete) ps.chosen.clear();
      }
    });
    if (ps.guard.open) ps.message.clear();
  };
  if (ps.chosen.empty()) ps.chosen = c.scenario().name;
  if (ImGui::BeginListBox("##list", {-1, 110})) {
    for (const auto& n : names) {
      const bool current = n == c.scenario().name;
      std::string label = n + (current ? (en ? "  (shown)" : "  (affiché)") : "");
      if (ImGui::Selectable(label.c_str(), n == ps.chosen)) {
        ps.chosen = n;
        std::snprintf(ps.new_name, sizeof ps.new_name, "%s", n.c_str());
      }
      if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0))
        act(ScenarioAction::Switch, n);
    }
    ImGui::EndListBox();
  }
  if (ImGui::Button(tr(s, "Afficher", "Show")))
    act(ScenarioAction::Switch, ps.chosen);
  ImGui::SameLine();
  if (ImGui::Button(tr(s, "Supprimer", "Delete")))
    act(ScenarioAction::Delete, ps.chosen);
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##name", tr(s, "nouveau nom", "new name"), ps.new_name, sizeof ps.new_name);
  const std::string nn = trim(ps.new_name);
  if (ImGui::Button(tr(s, "Dupliquer", "Duplicate")))
    guarded(ps, en ? "duplicated" : "dupliqué", [&] { c.duplicate(ps.chosen, nn); last = -10; });
  ImGui::SameLine();
  if (ImGui::Button(tr(s, "Renommer", "Rename")))
    guarded(ps, en ? "renamed" : "renommé", [&] { c.rename(ps.chosen, nn); last = -10; ps.chosen = nn; });
  ImGui::SameLine();
  if (ImGui::Button(tr(s, "Enregistrer sous ce nom", "Save as this name")))
    guarded(ps, en ? "saved" : "enregistré", [&] { c.save_as(nn); last = -10; });
  // Saved by someone else meanwhile: nothing overwritten, the dialog asks (save_conflict.h).
  if (ImGui::Button(c.modified() ? tr(s, "Enregistrer les modifications", "Save the edits") : tr(s, "Enregistrer", "Save"))) {
    bool saved = false;
    guarded(ps, en ? "saved" : "enregistré", [&] {
      saved = request_save(ps.conflict, c);
      last = -10;
    });
    if (!saved && ps.conflict.open) ps.message.clear();
  }
  draw_save_conflict_modal(s, ps, c);
  draw_pending_conflict(s, ps, c);
  if (!ps.message.empty()) ImGui::TextWrapped("%s", ps.message.c_str());

  // A versus B.
  if (ps.open_compare) {
    ImGui::SetNextItemOpen(true);
    ps.open_compare = false;
  }
  if (!names.empty() && ImGui::TreeNode(tr(s, "Comparer deux scénarios###cmp", "Compare two scenarios###cmp"))) {
    ps.compare_a = std::min(ps.compare_a, static_cast<int>(names.size()) - 1);
    ps.compare_b = std::min(ps.compare_b, static_cast<int>(names.size()) - 1);
    const float cw = std::max(60.0f, (ImGui::GetContentRegionAvail().x - 2 * ImGui::CalcTextSize("A").x -
                                      3 * ImGui::GetStyle().ItemInnerSpacing.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
    auto combo = [&](const char* id, int& idx) {
      ImGui::SetNextItemWidth(cw);
      if (ImGui::BeginCombo(id, names[idx].c_str())) {
        for (int i = 0; i < static_cast<int>(names.size()); ++i)
          if (ImGui::Selectable(names[i].c_str(), i == idx)) idx = i;
        ImGui::EndCombo();
      }
    };
    combo("A##a", ps.compare_a);
    ImGui::SameLine();
    combo("B##b", ps.compare_b);
    if (ImGui::Button(tr(s, "Calculer", "Compute")))
      guarded(ps, "", [&] {
        ps.compare_note.clear();
        ps.sum_a = c.summarize(names[ps.compare_a]);
        ps.sum_b = c.summarize(names[ps.compare_b]);
      });
    if (!ps.compare_note.empty()) ImGui::TextWrapped("%s", ps.compare_note.c_str());
    if (ps.sum_a && ps.sum_b && ImGui::BeginTable("##ab", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
      // The labels take the widest column and wrap: the side bar is narrow, figures are short.
      ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.7f);
      ImGui::TableSetupColumn("A", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn("B", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn("B − A", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableHeadersRow();
      const auto& a = ps.sum_a->totals;
      const auto& b = ps.sum_b->totals;
      auto row = [](const char* k, const std::string& x, const std::string& y, const std::string& d) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", k);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(x.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(y.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.c_str());
      };
      auto sgn = [](double d, const std::string& s) { return (d > 0 ? "+" : "") + s; };
      row(tr(s, "% population des cibles couverte", "% target population covered"), pct(a.pct_pop_covered()), pct(b.pct_pop_covered()),
          sgn(b.pct_pop_covered() - a.pct_pop_covered(), format_fr(b.pct_pop_covered() - a.pct_pop_covered(), 1) + " pt"));
      row(tr(s, "% NEET couverts", "% NEETs covered"), pct(a.pct_neet_covered()), pct(b.pct_neet_covered()),
          sgn(b.pct_neet_covered() - a.pct_neet_covered(), format_fr(b.pct_neet_covered() - a.pct_neet_covered(), 1) + " pt"));
      row(tr(s, "Habitants non couverts", "People uncovered"), num(a.uncovered_pop), num(b.uncovered_pop),
          sgn(b.uncovered_pop - a.uncovered_pop, num(b.uncovered_pop - a.uncovered_pop)));
      row(tr(s, "NEET non couverts", "NEETs uncovered"), num(a.uncovered_neet), num(b.uncovered_neet),
          sgn(b.uncovered_neet - a.uncovered_neet, num(b.uncovered_neet - a.uncovered_neet)));
      ImGui::EndTable();
    }
    ImGui::TreePop();
  }
  end_section();
}

}  // namespace maraude::app
