// The Tournées panel's « Plans enregistrés » section (see planner_saved.h): the plan's state
// (not saved / saved as … / modified), a name field with « Enregistrer le plan… », the stored
// plans with « Ouvrir », and « Ajouter la tournée au scénario ».
#include <algorithm>
#include <cstdio>

#include "app/planner_panels.h"
#include "app/planner_saved.h"
#include "core/text.h"
#include "imgui.h"

namespace maraude::app {

void draw_saved_plans_section(AppState& s, PlannerController& c, PlannerPanelState& ps, CoverageController* cov) {
  SavedPlansState& st = ps.saved;
  refresh_saved_plans(c, st);
  const std::string head = std::string(tr(s, "Plans enregistrés", "Saved plans")) + " (" + std::to_string(st.list.size()) + ")###saved";
  if (!ImGui::CollapsingHeader(head.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  const bool en = s.style.english;
  // The current plan's state.
  if (c.result()) {
    if (c.saved_name().empty())
      ImGui::TextColored({0.75f, 0.45f, 0.0f, 1}, "%s", tr(s, "Plan actuel non enregistré", "Current plan not saved"));
    else if (c.plan_unsaved())
      ImGui::TextColored({0.75f, 0.45f, 0.0f, 1}, "%s « %s »", tr(s, "Plan modifié depuis l'enregistrement", "Plan modified since saved as"),
                         c.saved_name().c_str());
    else
      ImGui::TextDisabled("%s « %s » (%s %d)", tr(s, "Plan enregistré sous", "Plan saved as"), c.saved_name().c_str(),
                          tr(s, "révision", "revision"), c.saved_revision());
  }
  // Save under a name.
  if (!st.name[0] && !c.saved_name().empty()) std::snprintf(st.name, sizeof st.name, "%s", c.saved_name().c_str());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(s, "Nom", "Name"));
  ImGui::SameLine(150);
  const float bw = 190 * s.layout.ui_scale;
  ImGui::SetNextItemWidth(-bw - ImGui::GetStyle().ItemSpacing.x);
  const bool enter = ImGui::InputTextWithHint("##planname", tr(s, "ex. Thiérache décembre", "e.g. Thiérache December"), st.name,
                                              sizeof st.name, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool can_save = c.result() && !c.running() && c.has_store() && !trim(st.name).empty();
  ImGui::BeginDisabled(!can_save);
  if (ImGui::Button(tr(s, "Enregistrer le plan…", "Save the plan…"), {-1, 0}) || (enter && can_save))
    save_plan_as(c, st, st.name, en);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", !c.has_store() ? tr(s, "Pas de fichier d'espace de travail", "No workspace file")
                            : !c.result()  ? tr(s, "Planifiez d'abord les tournées", "Plan the tours first")
                                           : tr(s, "Paramètres, épingles et résultat, dans l'espace de travail ; un nom déjà pris "
                                                   "reçoit une nouvelle révision",
                                                   "Settings, pins and result, in the workspace; a name already used gets a new revision"));
  // The stored plans.
  if (st.list.empty()) {
    ImGui::TextDisabled("%s", tr(s, "Aucun plan enregistré dans cet espace de travail.", "No plan saved in this workspace."));
  } else {
    // Five rows in sight, a scroll bar beyond.
    constexpr size_t kRows = 5;
    const bool scroll = st.list.size() > kRows;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                                  (scroll ? ImGuiTableFlags_ScrollY : 0);
    const float row = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    const float h = scroll ? row * (kRows + 1.5f) : 0.0f;
    if (ImGui::BeginTable("##savedplans", 6, flags, {0, h})) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn(tr(s, "Plan", "Plan"), ImGuiTableColumnFlags_WidthStretch, 3.6f);
      ImGui::TableSetupColumn(tr(s, "Enregistré", "Saved"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
      ImGui::TableSetupColumn(tr(s, "Base", "Base"), ImGuiTableColumnFlags_WidthStretch, 1.8f);
      ImGui::TableSetupColumn(tr(s, "Arrêts", "Stops"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
      ImGui::TableSetupColumn("NEET", ImGuiTableColumnFlags_WidthStretch, 0.9f);
      ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 70 * s.layout.ui_scale);
      ImGui::TableHeadersRow();
      std::string to_open;
      for (size_t i = 0; i < st.list.size(); ++i) {
        const auto& p = st.list[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const bool current = p.name == c.saved_name();
        if (current) ImGui::TextColored({0.1f, 0.3f, 0.6f, 1}, "%s", p.name.c_str());
        else ImGui::TextUnformatted(p.name.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.name.c_str());  // a long name is clipped
        if (!p.damaged.empty()) {
          ImGui::TableNextColumn();
          ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
          ImGui::TextUnformatted(tr(s, "endommagé", "damaged"));
          ImGui::PopStyleColor();
          if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.damaged.c_str());
          ImGui::PopID();
          continue;
        }
        ImGui::TableNextColumn();
        // "2026-12-05T20:29:36Z" → "05/12 20:29" (the full date in the tooltip).
        const std::string when = p.saved.size() >= 16 ? p.saved.substr(8, 2) + "/" + p.saved.substr(5, 2) + " " + p.saved.substr(11, 5)
                                                      : p.saved;
        ImGui::TextDisabled("%s", when.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (UTC)", p.saved.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p.base.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", p.stops);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_fr(p.neet, 1).c_str());
        ImGui::TableNextColumn();
        ImGui::BeginDisabled(c.running());
        if (ImGui::SmallButton(tr(s, "Ouvrir", "Open"))) to_open = p.name;
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s %d · %s · %d %s", tr(s, "révision", "revision"), p.revision, (en ? p.type_en : p.type).c_str(), p.teams,
                            p.teams > 1 ? tr(s, "équipes", "teams") : tr(s, "équipe", "team"));
        ImGui::PopID();
      }
      ImGui::EndTable();
      if (!to_open.empty() && open_saved_plan(s, c, ps, st, to_open)) s.mark_dirty();
    }
  }
  // The tour into the edited coverage scenario.
  if (c.result()) {
    ImGui::Spacing();
    const std::string add = cov ? std::string(tr(s, "Ajouter la tournée au scénario « ", "Add the tour to scenario « ")) +
                                      cov->scenario().name + " »"
                                : std::string(tr(s, "Ajouter la tournée au scénario", "Add the tour to the scenario"));
    ImGui::BeginDisabled(!cov || !cov->ready() || c.running() || c.result()->plan.visits == 0);
    if (ImGui::Button(add.c_str(), {-1, 0}) && cov) {
      add_tour_to_scenario(c, *cov, ps.tour_message, en);
      s.mark_dirty();
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", tr(s, "Chaque arrêt servi devient un point « arrêt de bureau mobile » du scénario (jour, horaire, "
                                    "fréquence) : la carte des lacunes montre ce que la tournée couvre",
                                 "Each served stop becomes a mobile-office stop of the scenario (day, hours, frequency): the gaps "
                                 "map shows what the tour covers"));
    if (!ps.tour_message.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", ps.tour_message.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  if (!st.message.empty()) {
    ImGui::PushTextWrapPos(0);
    if (st.failed) ImGui::TextColored({0.75f, 0.1f, 0.1f, 1}, "%s", st.message.c_str());
    else ImGui::TextDisabled("%s", st.message.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace maraude::app
