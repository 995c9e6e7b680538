// Search box at the top of the side bar: communes, QPV, zones d'emploi, EPCI, arrondissements,
// laureates and the territories they name, departments; accents and case ignored. The
// suggestion list shows while typing and closes on Enter (the highlighted result), Esc, a
// choice, or a click anywhere else.
#include <algorithm>

#include "app/panels.h"
#include "imgui.h"

namespace maraude::app {

void draw_search_panel(AppState& s, SearchPanelState& ps) {
  if (!s.layout.is_open(Panel::Search)) return;
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputTextWithHint("##q", tr(s, "Rechercher : commune, QPV, territoire, lauréat…",
                                                          "Search: municipality, QPV, territory, laureate…"),
                                              ps.query, sizeof ps.query, ImGuiInputTextFlags_EnterReturnsTrue);
  const bool field_active = ImGui::IsItemActive();
  const bool field_hovered = ImGui::IsItemHovered();
  if (ps.last_query != ps.query) {
    ps.last_query = ps.query;
    ps.results = s.search(ps.query, 10);
    ps.highlighted = 0;
    ps.list_open = ps.query[0] != 0;
  }
  if (field_active && ImGui::IsMouseClicked(0) && ps.query[0]) ps.list_open = true;  // a click in the field shows it again
  if (ps.list_open && field_active && !ps.results.empty()) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
      ps.highlighted = std::min(ps.highlighted + 1, static_cast<int>(ps.results.size()) - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) ps.highlighted = std::max(ps.highlighted - 1, 0);
  }
  if (enter) {
    if (!ps.results.empty()) s.go_to(ps.results[std::min<size_t>(ps.highlighted, ps.results.size() - 1)]);
    ps.list_open = false;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) && (field_active || ps.list_open)) ps.list_open = false;
  if (!ps.list_open) return;
  bool list_hovered = false, chosen = false;
  if (ps.results.empty()) {
    ImGui::TextDisabled("%s", tr(s, "Aucun résultat", "No match"));
  } else {
    ImGui::BeginGroup();
    for (size_t i = 0; i < ps.results.size(); ++i) {
      const auto& r = ps.results[i];
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(r.label.c_str(), static_cast<int>(i) == ps.highlighted)) {
        ps.highlighted = static_cast<int>(i);
        s.go_to(r);
        chosen = true;
      }
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(100, 100, 100, 255));
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(("    " + r.detail).c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
      ImGui::PopID();
    }
    ImGui::EndGroup();
    list_hovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  }
  // A choice, or a click anywhere but the field and the list (the map, another panel), closes it.
  if (chosen || (ImGui::IsMouseClicked(0) && !field_hovered && !list_hovered)) ps.list_open = false;
  ImGui::Separator();
}

}  // namespace maraude::app
