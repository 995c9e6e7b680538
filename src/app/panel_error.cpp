// Error modal: the same text as the CLI prints on stderr; the session keeps running.
#include "app/panels.h"
#include "imgui.h"

namespace maraude::app {

bool draw_error_modal(const AppState& s, const std::string& message, bool* open_other) {
  const char* title = tr(s, "Erreur###error", "Error###error");
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  bool closed = false;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSizeConstraints({380, 0}, {700, 600});
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(660);
    ImGui::TextUnformatted(message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (open_other) {
      if (ImGui::Button(tr(s, "Ouvrir…", "Open…"), {120, 0})) {
        *open_other = true;
        ImGui::CloseCurrentPopup();
        closed = true;
      }
      ImGui::SameLine();
    }
    if (ImGui::Button(tr(s, "Fermer", "Close"), {120, 0})) {
      ImGui::CloseCurrentPopup();
      closed = true;
    }
    ImGui::EndPopup();
  }
  return closed;
}

}  // namespace maraude::app
