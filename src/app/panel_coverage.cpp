// Coverage panel: the header (% population and % NEET covered, uncovered people / 15-29 /
// NEETs, the parameters stated), the editing tools (add a permanence, the selected point's
// reach, delete), the default reach, and enabling service kinds / laureates.
#include <cmath>

#include "app/coverage_panels.h"
#include "core/error.h"
#include "core/text.h"
#include "imgui.h"
#include "render/style.h"

namespace maraude::app {

namespace {
std::string pct(double v) { return format_fr(v, 1) + " %"; }
std::string num(double v) { return format_thousands(std::llround(v)); }
const char* kind_label(ServiceKind k, bool en) {
  static const char* fr[] = {"France Services (site)", "France Services (bus)", "France Travail", "Mission locale",
                             "Permanence", "Arrêt de bureau mobile"};
  static const char* eng[] = {"France Services (site)", "France Services (bus)", "France Travail", "Mission locale",
                              "Permanence", "Mobile-office stop"};
  const int i = static_cast<int>(k);
  return i >= 0 && i < 6 ? (en ? eng[i] : fr[i]) : "?";
}
// The French (or English) name of a coverage parameter (CoverageEngine::parameters keys).
std::string parameter_label(const std::string& key, bool en) {
  static const struct {
    const char *key, *fr, *en;
  } kNames[] = {
      {"scenario", "Scénario", "Scenario"},
      {"points", "Points de service", "Service points"},
      {"portee_par_defaut", "Portée par défaut", "Default reach"},
      {"points_a_portee_propre", "Points à portée propre", "Points with their own reach"},
      {"modele_de_deplacement", "Modèle de déplacement", "Travel model"},
      {"points_injoignables", "Points injoignables par la route", "Points off the road network"},
      {"mesure_de_la_portee", "Mesure de la portée", "How reach is measured"},
      {"zone_atteinte", "Zone atteinte", "Area reached"},
      {"part_neet", "Part de NEET", "NEET share"},
      {"source_part_neet", "Source de la part de NEET", "Source of the NEET share"},
      {"16_29_parmi_15_29", "Part des 16-29 ans parmi les 15-29 ans", "Share of 16-29 among 15-29"},
      {"ponderation", "Pondération", "Weighting"},
      {"cibles", "Cibles", "Targets"},
      {"point_le_plus_proche", "Point le plus proche", "Nearest point"},
  };
  for (const auto& n : kNames)
    if (key == n.key) return en ? n.en : n.fr;
  // A parameter added later: its key made readable rather than shown raw.
  std::string out = key;
  for (char& ch : out)
    if (ch == '_') ch = ' ';
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// A typed reach (km or min) with steppers; true when a value was entered (Enter) or
// stepped. The value is not checked here: reach_problem() says what is wrong with it.
bool reach_field(const AppState& s, const char* label, bool minutes, double& v) {
  ImGui::SetNextItemWidth(150 * s.layout.ui_scale);  // the value and its two steppers; « en minutes » fits beside
  const bool changed = ImGui::InputDouble(label, &v, minutes ? 5 : 1, minutes ? 15 : 5, minutes ? "%.0f" : "%.1f",
                                          ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", minutes ? tr(s, "de 1 à 180 min ; taper la valeur puis Entrée", "1 to 180 min; type the value then Enter")
                                    : tr(s, "de 0,1 à 100 km ; taper la valeur puis Entrée", "0.1 to 100 km; type the value then Enter"));
  return changed;
}
}  // namespace

std::string coverage_legend_note(const AppState& s, const CoverageController& c) {
  const bool en = s.style.english;
  return std::string(en ? "scenario « " : "scénario « ") + c.scenario().name + (en ? " », reach " : " », portée ") +
         c.reach_label();
}

void draw_coverage_panel(AppState& s, CoverageController& c, CoveragePanelState& ps) {
  if (!s.loaded()) return;
  const bool en = s.style.english;
  if (!begin_section(s, Panel::Coverage, true)) return;
  if (!c.ready()) {
    ImGui::TextUnformatted(c.error.empty() ? tr(s, "Calcul de la couverture…", "Computing coverage…") : c.error.c_str());
    end_section();
    return;
  }
  const coverage::Totals& t = c.totals();
  ImGui::Text("%s%s", c.scenario().name.c_str(), c.modified() ? tr(s, " (modifié)", " (edited)") : "");
  ImGui::Separator();
  // The figures: label and value in two columns that share the section's width.
  if (ImGui::BeginTable("##figures", 2, ImGuiTableFlags_SizingStretchProp)) {
    auto row = [&](const char* label, const std::string& value, bool red = false) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", label);  // a long label wraps, never under its value
      ImGui::TableNextColumn();
      if (red) ImGui::TextColored({0.75f, 0.1f, 0.1f, 1}, "%s", value.c_str());
      else ImGui::TextUnformatted(value.c_str());
    };
    // The values as wide as the widest of them; the labels take the rest.
    const std::string widest = num(t.uncovered_pop) + " / " + num(t.population);
    ImGui::TableSetupColumn("l", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize(widest.c_str()).x + 2 * ImGui::GetStyle().CellPadding.x);
    row(tr(s, "Population des cibles couverte", "Target population covered"), pct(t.pct_pop_covered()));
    row(tr(s, "NEET couverts (estim.)", "NEETs covered (est.)"), pct(t.pct_neet_covered()));
    row(tr(s, "Habitants non couverts", "People uncovered"), num(t.uncovered_pop) + " / " + num(t.population));
    row(tr(s, "15-29 ans non couverts", "Aged 15-29 uncovered"), num(t.uncovered_15_29));
    row(tr(s, "NEET non couverts (estim.)", "NEETs uncovered (est.)"), num(t.uncovered_neet), true);
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%s %d, %s %d", tr(s, "cibles :", "targets:"), t.targets, tr(s, "sans aucune couverture :", "fully uncovered:"),
                      t.targets_fully_uncovered);
  {
    const std::string reach = c.scenario().default_reach.label(), share = pct(100 * c.params().neet_share);
    const std::string line = en ? "Reach " + reach + " · NEET share " + share + " of 16-29 (source: " + c.params().neet_source + ")"
                                : "Portée " + reach + " · part de NEET " + share + " des 16-29 ans (source : " + c.params().neet_source + ")";
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopStyleColor();
  }
  {
    // How reach is measured: on the roads (car, on foot) or crow-fly. The figures follow.
    const TravelChoice cur = c.travel_resolved();
    const TravelChoice opts[] = {TravelChoice::Car, TravelChoice::Foot, TravelChoice::CrowFly};
    const char* fr[] = {"en voiture, par la route", "à pied, par la route", "à vol d'oiseau (estimation)"};
    const char* eng[] = {"by car, on the roads", "on foot, on the roads", "crow-fly (estimate)"};
    int sel = cur == TravelChoice::Car ? 0 : cur == TravelChoice::Foot ? 1 : 2;
    ImGui::TextUnformatted(tr(s, "Mesure de la portée :", "Reach measured:"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##travel", en ? eng[sel] : fr[sel])) {
      for (int i = 0; i < 3; ++i) {
        const bool road = i < 2;
        if (road && !c.has_roads()) ImGui::BeginDisabled();
        if (ImGui::Selectable(en ? eng[i] : fr[i], i == sel) && i != sel) {
          try {
            c.set_travel(opts[i]);
          } catch (const Error& e) {
            c.error = e.format();
          }
        }
        if (road && !c.has_roads()) ImGui::EndDisabled();
      }
      ImGui::EndCombo();
    }
    if (!c.has_roads() && ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr(s, "Pas de réseau routier dans cet espace : ajoutez des extraits OpenStreetMap (section "
                                    "[roads] du manifeste) et relancez l'import.",
                                 "No road network in this workspace: add OpenStreetMap extracts ([roads] in the manifest) "
                                 "and import again."));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", c.reach_label().c_str());
    ImGui::PopStyleColor();
  }
  {
    const int selp = c.find_point(c.selected_point);
    if (selp >= 0) {
      const double off = c.off_network_m(c.scenario().points[static_cast<size_t>(selp)]);
      if (off > 0) {
        const std::string d = std::isfinite(off) ? format_fr(off / 1000, 1) + " km" : "?";
        const std::string w = en ? "The selected point is " + d + " from the nearest road: unreachable by road, it covers nothing."
                                 : "Le point choisi est à " + d + " de la route la plus proche : injoignable par la route, il ne couvre rien.";
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("%s", w.c_str());
        ImGui::PopStyleColor();
      }
    }
  }
  if (ImGui::TreeNode(tr(s, "Paramètres###params", "Parameters###params"))) {
    // Each parameter under its French name, its value wrapped below (never over the name).
    for (const auto& [k, v] : c.parameters()) {
      ImGui::TextDisabled("%s", parameter_label(k, en).c_str());
      ImGui::Indent(12);
      ImGui::TextWrapped("%s", v.c_str());
      ImGui::Unindent(12);
    }
    ImGui::TreePop();
  }

  ImGui::Separator();
  // Default reach of every point: a typed field with its unit and steppers. A value out of
  // the bounds (0, −5, 1e9...) is refused here with a message and never reaches the engine.
  const auto& dr = c.scenario().default_reach;
  bool minutes = dr.mode == coverage::ReachMode::Time;
  double v = minutes ? dr.value / 60 : dr.value / 1000;
  std::optional<coverage::Reach> wanted;
  ImGui::TextUnformatted(minutes ? tr(s, "Portée par défaut (min) :", "Default reach (min):")
                                 : tr(s, "Portée par défaut (km) :", "Default reach (km):"));
  if (reach_field(s, "##dr", minutes, v))
    wanted = minutes ? coverage::Reach::minutes(v) : coverage::Reach::km(v);
  ImGui::SameLine();
  if (ImGui::Checkbox(tr(s, "en minutes##mode", "in minutes##mode"), &minutes)) wanted = minutes ? coverage::Reach::minutes(20) : coverage::Reach::km(15);
  if (wanted) {
    ps.reach_message = coverage::reach_problem(*wanted);
    if (ps.reach_message.empty()) c.set_default_reach(*wanted);
  }
  if (!ps.reach_message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.75f, 0.1f, 0.1f, 1}, "%s", ps.reach_message.c_str());
    ImGui::PopTextWrapPos();
  }

  // Editing tools.
  ImGui::Separator();
  const bool tool_on = ps.add_tool;  // the button toggles it: pop what was pushed
  if (tool_on) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.95f, 0.6f, 0.2f, 1));
  if (ImGui::Button(tr(s, "+ ajouter une permanence", "+ add a permanence"))) ps.add_tool = !ps.add_tool;
  if (tool_on) ImGui::PopStyleColor();
  if (ps.add_tool) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(s, "cliquer sur la carte", "click on the map"));
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", tr(s, "Glisser un point pour le déplacer ; les lacunes suivent. Ctrl+Z annule.",
                              "Drag a point to move it; the gaps follow. Ctrl+Z undoes."));
  ImGui::PopStyleColor();
  const int sel = c.find_point(c.selected_point);
  if (sel >= 0) {
    const coverage::ServicePoint p = c.scenario().points[sel];
    ImGui::Text("%s : %s", tr(s, "Point", "Point"), p.name.empty() ? p.id.c_str() : p.name.c_str());
    ImGui::TextDisabled("%s", kind_label(p.kind, en));
    bool own = p.reach.has_value();
    if (ImGui::Checkbox(tr(s, "portée propre", "own reach"), &own))
      c.set_point_reach(p.id, own ? std::optional<coverage::Reach>(c.scenario().default_reach) : std::nullopt);
    if (own && p.reach) {
      const bool pm = p.reach->mode == coverage::ReachMode::Time;
      double pv = pm ? p.reach->value / 60 : p.reach->value / 1000;
      ImGui::TextUnformatted(pm ? tr(s, "Portée du point (min) :", "Point reach (min):")
                                : tr(s, "Portée du point (km) :", "Point reach (km):"));
      if (reach_field(s, "##pr", pm, pv)) {
        const coverage::Reach r = pm ? coverage::Reach::minutes(pv) : coverage::Reach::km(pv);
        ps.reach_message = coverage::reach_problem(r);
        if (ps.reach_message.empty()) c.set_point_reach(p.id, r);
      }
    }
    if (ImGui::Button(tr(s, "Supprimer ce point", "Delete this point")) ||
        (!ImGui::GetIO().WantCaptureKeyboard && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete))))
      c.remove_point(p.id);
  }

  // Enable / disable per kind and per laureate (carrier).
  if (ImGui::TreeNode(tr(s, "Types de points actifs###kinds", "Active point kinds###kinds"))) {
    for (int k = 0; k < render::kServiceStyles; ++k) {
      const auto kind = static_cast<ServiceKind>(k);
      int n = 0;
      for (const auto& p : c.scenario().points) n += p.kind == kind;
      bool on = c.kind_enabled(kind);
      const std::string label = std::string(kind_label(kind, en)) + " (" + std::to_string(n) + ")";
      if (ImGui::Checkbox(label.c_str(), &on)) c.set_kind_enabled(kind, on);
    }
    ImGui::TreePop();
  }
  const auto carriers = c.carriers();
  if (!carriers.empty() && ImGui::TreeNode(tr(s, "Porteurs / lauréats actifs###carriers", "Active carriers / laureates###carriers"))) {
    for (const auto& cr : carriers) {
      bool on = c.carrier_enabled(cr);
      if (ImGui::Checkbox(cr.c_str(), &on)) c.set_carrier_enabled(cr, on);
    }
    ImGui::TreePop();
  }
  end_section();
}

bool scenario_points_shown(const AppState& s) {
  // The scenario's points are service points: shown (and editable) with the « Services »
  // layer, as the legend lists them, and with the gaps they make.
  return s.style.visible(render::LayerId::Gaps) && s.style.visible(render::LayerId::Services);
}

void draw_scenario_points(const AppState& s, const CoverageController& c, float sx, float sy) {
  if (!s.loaded() || !c.ready() || !scenario_points_shown(s)) return;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float r = 4.5f;
  for (const auto& p : c.scenario().points) {
    const Vec2 w = s.camera.world_to_screen(p.pos);
    const ImVec2 q(static_cast<float>(w.x) / sx, static_cast<float>(w.y) / sy);
    if (q.x < -20 || q.y < -20 || q.x > s.camera.width / sx + 20 || q.y > s.camera.height / sy + 20) continue;
    const render::Rgba f = render::point_style(static_cast<int>(p.kind)).fill;
    const bool on = c.active(p);
    const ImU32 fill = on ? IM_COL32(f.r, f.g, f.b, 235) : IM_COL32(160, 160, 160, 160);
    dl->AddCircleFilled(q, r, fill, 12);
    dl->AddCircle(q, r, IM_COL32(30, 30, 30, on ? 220 : 120), 12, 1.2f);
    if (p.id == c.selected_point) dl->AddCircle(q, r + 4, IM_COL32(0, 180, 216, 255), 16, 2.5f);
  }
  // The reach of the selected point (follows it while it is dragged).
  const int sel = c.find_point(c.selected_point);
  if (sel >= 0) {
    std::vector<ImVec2> pts;
    for (const auto& poly : c.reach_shape(c.scenario().points[sel]).polys)
      for (const auto& ring : poly.rings) {
        pts.clear();
        for (const Vec2& v : ring) {
          const Vec2 w = s.camera.world_to_screen(v);
          pts.emplace_back(static_cast<float>(w.x) / sx, static_cast<float>(w.y) / sy);
        }
        if (pts.size() > 2)
          dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(0, 140, 170, 230), ImDrawFlags_Closed, 2.0f);
      }
  }
}

}  // namespace maraude::app
