// Hover tooltip: name, code and key figures of what is under the cursor.
#include <algorithm>

#include "app/panels.h"
#include "core/text.h"
#include "imgui.h"

namespace maraude::app {

void draw_tooltip(const AppState& s) {
  using K = render::Selection::Kind;
  const auto& h = s.hovered;
  if (h.empty() || !s.loaded() || ImGui::GetIO().WantCaptureMouse) return;
  const Workspace& ws = *s.workspace();
  const bool en = s.style.english;
  ImGui::BeginTooltip();
  if (h.kind == K::Commune) {
    if (const Commune* c = ws.commune(h.code)) {
      ImGui::Text("%s (%s)", c->name.c_str(), c->code.c_str());
      ImGui::Text("%s %s", format_thousands(c->population).c_str(), en ? "inhabitants" : "habitants");
      if (const ZoneEmploi* z = ws.zone(c->zone_emploi))
        ImGui::Text("%s %s : %s %%", en ? "Unemployment" : "Chômage", z->name.c_str(), format_fr(z->rate_latest, 1).c_str());
      if (c->in_rural_basin) ImGui::TextUnformatted(en ? "Rural high-unemployment basin" : "Bassin rural à fort chômage");
      // The laureates whose territory holds the commune, in their map colour (the window's
      // legend lists them as one row when there are many).
      if (s.style.visible(render::LayerId::Laureates))
        for (size_t l = 0; l < ws.laureates.size(); ++l) {
          if (l < s.style.laureate_visible.size() && !s.style.laureate_visible[l]) continue;
          const auto& codes = ws.laureates[l].communes;
          if (std::find(codes.begin(), codes.end(), c->code) == codes.end()) continue;
          const render::Rgba col = render::palette::laureate(l);
          ImGui::ColorButton("##laur", ImVec4(col.r / 255.f, col.g / 255.f, col.b / 255.f, 1), ImGuiColorEditFlags_NoTooltip, {10, 10});
          ImGui::SameLine();
          ImGui::Text("%s %s", en ? "Laureate:" : "Lauréat :", ws.laureates[l].carrier.c_str());
        }
    }
  } else if (h.kind == K::Qpv) {
    if (const Qpv* q = ws.qpv(h.code)) {
      ImGui::Text("QPV %s (%s)", q->name.c_str(), q->code.c_str());
      if (q->population >= 0) ImGui::Text("%s %s", format_thousands(q->population).c_str(), en ? "inhabitants" : "habitants");
    }
  } else if (h.kind == K::Service) {
    for (const auto& sv : ws.services)
      if (sv.id == h.code) {
        ImGui::TextUnformatted(sv.name.c_str());
        ImGui::TextDisabled("%s", service_kind_label_fr(sv.kind));
      }
  }
  ImGui::EndTooltip();
}

}  // namespace maraude::app
