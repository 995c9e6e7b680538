// Status bar: cursor position in Lambert-93 and WGS 84, map scale, frame figures.
#include <algorithm>
#include <cmath>
#include <string>
#include <cstdio>

#include "app/panels.h"
#include "core/projection.h"
#include "core/text.h"
#include "imgui.h"

namespace maraude::app {

void draw_status_bar(const AppState& s, double frame_ms, int draw_calls) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = ImGui::GetFrameHeight() + 6;
  ImGui::SetNextWindowPos({vp->Pos.x, vp->Pos.y + vp->Size.y - h});
  ImGui::SetNextWindowSize({vp->Size.x, h});
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
  char buf[256];
  if (auto w = s.cursor_world()) {
    const Vec2 ll = l93_to_lonlat(*w);
    std::snprintf(buf, sizeof buf, "Lambert-93 : %.0f  %.0f m    WGS 84 : %.5f° %s  %.5f° %s", w->x, w->y, std::abs(ll.y),
                  ll.y >= 0 ? "N" : "S", std::abs(ll.x), ll.x >= 0 ? "E" : (s.style.english ? "W" : "O"));
  } else {
    std::snprintf(buf, sizeof buf, "%s", tr(s, "Curseur hors de la carte", "Cursor outside the map"));
  }
  ImGui::TextUnformatted(buf);
  // The map scale in metres per screen pixel; frame figures only for developers (Affichage).
  std::string right = std::string(tr(s, "échelle : 1 px = ", "scale: 1 px = ")) +
                      format_fr(s.camera.mpp, s.camera.mpp < 10 ? 1 : 0) + " m";
  if (s.layout.debug) {
    std::snprintf(buf, sizeof buf, "    %s %.1f ms · %d %s", tr(s, "image", "frame"), frame_ms, draw_calls,
                  tr(s, "appels", "draw calls"));
    right += buf;
  }
  const float rw = ImGui::CalcTextSize(right.c_str()).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - rw - ImGui::GetStyle().WindowPadding.x));
  ImGui::TextDisabled("%s", right.c_str());
  ImGui::End();
}

}  // namespace maraude::app
