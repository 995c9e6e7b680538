// Layer panel: visibility, opacity and order of every layer; one toggle per laureate;
// the language switch.
#include <algorithm>
#include <string>

#include "app/panels.h"
#include "imgui.h"

namespace maraude::app {

void draw_layers_panel(AppState& s) {
  if (!begin_section(s, Panel::Layers, true)) return;
  bool en = s.style.english;
  if (ImGui::RadioButton("Français", !en)) s.set_english(false);
  ImGui::SameLine();
  if (ImGui::RadioButton("English", en)) s.set_english(true);
  ImGui::Separator();
  ImGui::TextDisabled("%s", tr(s, "Du haut (dessiné en dernier) vers le bas", "Top (drawn last) to bottom"));
  auto& layers = s.style.layers;
  for (int i = static_cast<int>(layers.size()) - 1; i >= 0; --i) {
    const render::LayerSettings l = layers[i];
    ImGui::PushID(static_cast<int>(l.id));
    // The road layer of a workspace without a road network: listed greyed, never drawn.
    const bool no_roads = l.id == render::LayerId::Roads && (!s.workspace() || !s.workspace()->roads);
    const ImVec2 row_min = ImGui::GetCursorScreenPos();
    if (no_roads) ImGui::BeginDisabled();
    bool vis = l.visible;
    if (ImGui::Checkbox("##vis", &vis)) s.set_layer_visible(l.id, vis);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) s.move_layer(l.id, +1);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##down", ImGuiDir_Down)) s.move_layer(l.id, -1);
    ImGui::SameLine();
    {
      // The name stops short of the opacity slider at the right of the row (a narrow side
      // bar cut it under the slider): shortened with "…", whole in a tooltip.
      const char* name = render::layer_label(l.id, s.style.english);
      const float room = ImGui::GetWindowContentRegionMax().x - 70 * s.layout.ui_scale -
                         ImGui::GetStyle().ItemSpacing.x - ImGui::GetCursorPosX();
      std::string shown = name;
      if (ImGui::CalcTextSize(name).x > room) {
        while (!shown.empty() && ImGui::CalcTextSize((shown + "…").c_str()).x > room) {
          // The last whole UTF-8 character: its continuation bytes, then its first byte.
          while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
          if (!shown.empty()) shown.pop_back();
        }
        while (!shown.empty() && shown.back() == ' ') shown.pop_back();
        shown += "…";
      }
      ImGui::TextUnformatted(shown.c_str());
      if (shown != name && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name);
    }
    if ((l.id == render::LayerId::Communes && s.camera.mpp > render::kCommuneOutlineMaxMpp) ||
        (l.id == render::LayerId::Roads && !no_roads && s.camera.mpp > render::kRoadMaxMpp)) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", tr(s, "(zoomer)", "(zoom in)"));
    }
    if (l.id == render::LayerId::Gaps && !s.style.gaps_loaded) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", tr(s, "(calcul…)", "(computing…)"));
    }
    // Opacity on the same row, at the right: a slider (a position means something here).
    float op = l.opacity;
    const float ow = 70 * s.layout.ui_scale;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - ow));
    ImGui::SetNextItemWidth(ow);
    if (ImGui::SliderFloat("##op", &op, 0.0f, 1.0f, "%.1f", ImGuiSliderFlags_AlwaysClamp)) s.set_layer_opacity(l.id, op);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(s, "Opacité de la couche", "Layer opacity"));
    if (no_roads) {
      ImGui::EndDisabled();
      // The tooltip over the whole row (its checkbox, name and slider).
      const ImVec2 row_max{ImGui::GetWindowPos().x + ImGui::GetWindowWidth(), ImGui::GetItemRectMax().y};
      if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(row_min, row_max))
        ImGui::SetTooltip("%s", tr(s, "pas de réseau routier : importez un extrait OpenStreetMap",
                                   "no road network: import an OpenStreetMap extract"));
    }
    if (l.id == render::LayerId::Laureates && s.loaded() &&
        ImGui::TreeNode(tr(s, "Lauréats###laur", "Laureates###laur"))) {
      const auto& ls = s.workspace()->laureates;
      for (size_t k = 0; k < ls.size(); ++k) {
        ImGui::PushID(static_cast<int>(k));
        const render::Rgba c = render::palette::laureate(k);
        ImGui::ColorButton("##c", ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1), ImGuiColorEditFlags_NoTooltip, {12, 12});
        ImGui::SameLine();
        bool on = k < s.style.laureate_visible.size() && s.style.laureate_visible[k];
        if (ImGui::Checkbox(ls[k].carrier.c_str(), &on)) s.set_laureate_visible(k, on);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ls[k].territory_text.c_str());
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  end_section();
}

}  // namespace maraude::app
