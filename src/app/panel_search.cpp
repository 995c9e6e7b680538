// Search box: communes, QPV, zones d'emploi, laureates, departments; accents optional.
#include "app/panels.h"
#include "imgui.h"

namespace maraude::app {

void draw_search_panel(AppState& s, SearchPanelState& ps) {
  ImGui::SetNextWindowPos({10, 10}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({330, 0}, ImGuiCond_FirstUseEver);
  if (!ImGui::Begin(tr(s, "Rechercher###search", "Search###search"), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  ImGui::SetNextItemWidth(310);
  const bool enter = ImGui::InputTextWithHint("##q", tr(s, "commune, QPV, zone, lauréat…", "municipality, QPV, zone, laureate…"),
                                              ps.query, sizeof ps.query, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ps.last_query != ps.query) {
    ps.last_query = ps.query;
    ps.results = s.search(ps.query, 10);
    ps.highlighted = 0;
  }
  if (enter && !ps.results.empty()) s.go_to(ps.results[std::min<size_t>(ps.highlighted, ps.results.size() - 1)]);
  for (size_t i = 0; i < ps.results.size(); ++i) {
    const auto& r = ps.results[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(r.label.c_str(), static_cast<int>(i) == ps.highlighted)) {
      ps.highlighted = static_cast<int>(i);
      s.go_to(r);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(110, 110, 110, 255));
    ImGui::TextUnformatted(("    " + r.detail).c_str());
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
  if (ps.query[0] && ps.results.empty()) ImGui::TextDisabled("%s", tr(s, "Aucun résultat", "No match"));
  ImGui::End();
}

}  // namespace maraude::app
