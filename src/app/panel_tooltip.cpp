// Hover tooltip: name, code and key figures of what is under the cursor.
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
