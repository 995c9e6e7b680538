// Status bar: cursor position in Lambert-93 and WGS 84, map scale, frame figures.
#include <cmath>
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
  ImGui::SetNextWindowBgAlpha(0.92f);
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
  ImGui::SameLine(ImGui::GetWindowWidth() - 430);
  std::snprintf(buf, sizeof buf, "%s %s/px    %s %.1f ms · %d %s", tr(s, "échelle", "scale"),
                format_fr(s.camera.mpp, s.camera.mpp < 10 ? 1 : 0).c_str(), tr(s, "image", "frame"), frame_ms, draw_calls,
                tr(s, "appels", "draw calls"));
  ImGui::TextDisabled("%s", buf);
  ImGui::End();
}

}  // namespace maraude::app
