// Progress while the workspace loads and its layers are triangulated on a worker thread.
#include "app/panels.h"
#include "imgui.h"

namespace maraude::app {

void draw_loading_panel(const AppState& s, float fraction, const std::string& what) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({420, 0});
  ImGui::Begin("##loading", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::TextUnformatted(tr(s, "Chargement de l’espace de travail…", "Loading the workspace…"));
  ImGui::TextDisabled("%s", what.c_str());
  ImGui::ProgressBar(fraction, {-1, 0});
  ImGui::End();
}

}  // namespace maraude::app
