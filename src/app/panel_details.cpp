// Details of the selected feature: names, codes and key figures.
#include <algorithm>

#include "app/panels.h"
#include "core/text.h"
#include "imgui.h"

namespace maraude::app {

namespace {
void row(const char* k, const std::string& v) {
  ImGui::TextDisabled("%s", k);
  ImGui::SameLine(150);
  ImGui::TextWrapped("%s", v.c_str());
}
std::string pct(double v) { return format_fr(v, 1) + " %"; }
}  // namespace

void draw_details_panel(AppState& s) {
  using K = render::Selection::Kind;
  const auto& sel = s.style.selection;
  if (sel.empty() || !s.loaded()) return;
  const Workspace& ws = *s.workspace();
  const bool en = s.style.english;
  if (!begin_section(s, Panel::Details, true)) {
    // Its × closes the details of this selection (the section comes back with the next one).
    if (!s.layout.is_open(Panel::Details)) {
      s.layout.open[static_cast<size_t>(Panel::Details)] = true;
      s.clear_selection();
    }
    return;
  }
  if (sel.kind == K::Commune) {
    if (const Commune* c = ws.commune(sel.code)) {
      ImGui::Text("%s", c->name.c_str());
      ImGui::Separator();
      row(en ? "INSEE code" : "Code INSEE", c->code);
      std::string dep = c->departement;
      for (const auto& d : ws.departements)
        if (d.code == c->departement) dep = d.name + " (" + d.code + ")";
      row(en ? "Department" : "Département", dep);
      row("EPCI", c->epci_name.empty() ? c->epci : c->epci_name);
      row("Population", format_thousands(c->population));
      row(en ? "Aged 15-29 (est.)" : "15-29 ans (estim.)", format_thousands(static_cast<long long>(c->pop_15_29)));
      row(en ? "Density" : "Densité", density_label_fr(c->density));
      if (const ZoneEmploi* z = ws.zone(c->zone_emploi))
        row(en ? "Employment zone" : "Zone d’emploi", z->name + " — " + pct(z->rate_latest) + " (" + z->quarter_latest + ")");
      row(en ? "Rural basin" : "Bassin rural", c->in_rural_basin ? (en ? "yes (high unemployment)" : "oui (fort chômage)") : (en ? "no" : "non"));
      std::string q;
      for (const auto& qv : ws.qpvs)
        if (std::find(qv.communes.begin(), qv.communes.end(), c->code) != qv.communes.end()) q += (q.empty() ? "" : ", ") + qv.name;
      row("QPV", q.empty() ? (en ? "none" : "aucun") : q);
      std::string l;
      for (const auto& la : ws.laureates)
        if (std::find(la.communes.begin(), la.communes.end(), c->code) != la.communes.end()) l += (l.empty() ? "" : ", ") + la.carrier;
      row(en ? "Laureates" : "Lauréats", l.empty() ? (en ? "none" : "aucun") : l);
      int n = 0;
      for (const auto& sv : ws.services) n += sv.commune == c->code;
      row("Services", std::to_string(n));
    }
  } else if (sel.kind == K::Zone) {
    if (const ZoneEmploi* z = ws.zone(sel.code)) {
      ImGui::Text("%s", z->name.c_str());
      ImGui::Separator();
      row("Code", z->code);
      row(en ? "Unemployment" : "Chômage", pct(z->rate_latest) + " (" + z->quarter_latest + ", INSEE)");
      row(en ? "A year before" : "Un an avant", pct(z->rate_year_before) + " (" + z->quarter_year_before + ")");
      row(en ? "Population (region)" : "Population (région)", format_thousands(z->population));
      row(en ? "Interregional" : "Interrégionale", z->interregional ? (en ? "yes" : "oui") : (en ? "no" : "non"));
    }
  } else if (sel.kind == K::Qpv) {
    if (const Qpv* q = ws.qpv(sel.code)) {
      ImGui::Text("%s", q->name.c_str());
      ImGui::Separator();
      row("Code", q->code);
      std::string cs;
      for (const auto& cc : q->communes)
        if (const Commune* c = ws.commune(cc)) cs += (cs.empty() ? "" : ", ") + c->name;
      row(en ? "Municipalities" : "Communes", cs);
      row("Population", q->population >= 0 ? format_thousands(q->population) : (en ? "unknown" : "inconnue"));
      row(en ? "Perimeter" : "Périmètre", q->has_perimeter ? (en ? "loaded" : "chargé") : (en ? "not loaded (municipality level)" : "non chargé (niveau commune)"));
    }
  } else if (sel.kind == K::Laureate) {
    for (const auto& l : ws.laureates)
      if (l.id == sel.code) {
        ImGui::TextWrapped("%s", l.carrier.c_str());
        ImGui::Separator();
        if (!l.project.empty()) row(en ? "Project" : "Projet", l.project);
        row(en ? "Territory" : "Territoire", l.territory_text);
        row(en ? "Municipalities" : "Communes", std::to_string(l.communes.size()));
        row(en ? "Focus" : "Public", l.focus);
        row(en ? "Means" : "Moyens", l.means);
        if (!l.resolution.empty()) row(en ? "Resolution" : "Résolution", l.resolution);
      }
  } else if (sel.kind == K::Service) {
    for (const auto& sv : ws.services)
      if (sv.id == sel.code) {
        ImGui::TextWrapped("%s", sv.name.c_str());
        ImGui::Separator();
        row(en ? "Kind" : "Type", service_kind_label_fr(sv.kind));
        row(en ? "Address" : "Adresse", sv.address);
        if (const Commune* c = ws.commune(sv.commune)) row(en ? "Municipality" : "Commune", c->name + " (" + c->code + ")");
        if (!sv.hours.empty()) row(en ? "Hours" : "Horaires", sv.hours);
        row("Source", sv.source);
        if (sv.located_at_commune) ImGui::TextDisabled("%s", tr(s, "Position : centre de la commune", "Position: municipality centre"));
      }
  }
  end_section();
}

}  // namespace maraude::app
