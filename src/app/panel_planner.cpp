// Route-planner panel: settings, solve with progress and stop, itinerary per day,
// left-out candidates with reasons, pinning. See planner_panels.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "app/planner_panels.h"
#include "app/week_grid.h"
#include "core/error.h"
#include "core/text.h"
#include "imgui.h"
#include "io/left_out.h"
#include "io/plan_request.h"
#include "io/stop_rules.h"
#include "render/route_layer.h"

namespace maraude::app {

namespace {

std::string clock(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--";
  const long m = std::lround(s / 60.0);
  char b[16];
  std::snprintf(b, sizeof b, "%02ld:%02ld", m / 60, m % 60);
  return b;
}
std::string minutes(double s) {
  const long m = std::lround(s / 60.0);
  char b[24];
  if (m >= 60) std::snprintf(b, sizeof b, "%ld h %02ld", m / 60, m % 60);
  else std::snprintf(b, sizeof b, "%ld min", m);
  return b;
}
ImVec4 col(render::Rgba c) { return {c.r / 255.f, c.g / 255.f, c.b / 255.f, 1.f}; }

// A slider over quarter hours showing HH:MM.
bool clock_slider(const char* id, double& v, double lo_h, double hi_h) {
  int q = static_cast<int>(std::lround(v / 900.0));
  const std::string txt = clock(q * 900.0);
  ImGui::SetNextItemWidth(110);
  if (ImGui::SliderInt(id, &q, static_cast<int>(lo_h * 4), static_cast<int>(hi_h * 4), txt.c_str(),
                       ImGuiSliderFlags_AlwaysClamp)) {
    v = q * 900.0;
    return true;
  }
  return false;
}
bool minute_slider(const char* id, double& v, int lo, int hi, int step, const std::string& zero_text = "") {
  int m = static_cast<int>(std::lround(v / 60.0 / step));
  const std::string txt = (m == 0 && !zero_text.empty()) ? zero_text : minutes(m * step * 60.0);
  ImGui::SetNextItemWidth(150);
  if (ImGui::SliderInt(id, &m, lo / step, hi / step, txt.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
    v = m * step * 60.0;
    return true;
  }
  return false;
}
// A typed whole number with steppers, kept within [lo, hi]: a value typed outside (0, −5,
// 1e9) is brought back to the bound and `note` says so (it never reaches the planner).
bool int_field(const char* id, int& v, int lo, int hi, float width, const std::string& what, std::string& note) {
  ImGui::SetNextItemWidth(width);
  if (!ImGui::InputInt(id, &v, 1, 5)) return false;
  if (v < lo || v > hi) {
    const int was = v;
    v = std::clamp(v, lo, hi);
    note = what + " : " + std::to_string(was) + " hors limites, entre " + std::to_string(lo) + " et " + std::to_string(hi) +
           " (ramené à " + std::to_string(v) + ")";
  } else {
    note.clear();
  }
  return true;
}
void label(const char* text) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(150);
}

// « Exporter le plan… »: the same files as `maraude plan --out`, into a folder typed here;
// a folder that already holds files asks first.
void export_section(AppState& s, PlannerController& c, PlannerPanelState& ps) {
  if (!ImGui::CollapsingHeader(tr(s, "Exporter le plan…", "Export the plan…"))) return;
  label(tr(s, "Dossier", "Folder"));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##exportdir", ps.export_dir, sizeof ps.export_dir)) ps.export_ask = false;
  auto run = [&](bool overwrite) {
    const PlanExportStep r = export_plan_to(c, trim(ps.export_dir), overwrite, ps.export_message);
    ps.export_ask = r == PlanExportStep::AskOverwrite;
    ps.export_failed = r == PlanExportStep::Failed;
  };
  if (!ps.export_ask) {
    if (ImGui::Button(tr(s, "Exporter le plan", "Export the plan"), {-1, 0})) run(false);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr(s, "GPX, KML, GeoJSON, GeoPackage, planning CSV / XLSX / iCalendar, roadbook PDF, exclus.csv, rapport ; "
                                    "rotation : affiches des passages (passages.pdf)",
                                 "GPX, KML, GeoJSON, GeoPackage, CSV / XLSX / iCalendar schedule, PDF roadbook, exclus.csv, report; "
                                 "rotation: passage posters (passages.pdf)"));
  } else {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.7f, 0.4f, 0.0f, 1}, "%s", ps.export_message.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr(s, "Remplacer", "Replace"))) run(true);
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Annuler", "Cancel"))) {
      ps.export_ask = false;
      ps.export_message.clear();
    }
  }
  if (!ps.export_ask && !ps.export_message.empty()) {
    ImGui::PushTextWrapPos(0);
    if (ps.export_failed) ImGui::TextColored({0.75f, 0.1f, 0.1f, 1}, "%s", ps.export_message.c_str());
    else ImGui::TextDisabled("%s", ps.export_message.c_str());
    ImGui::PopTextWrapPos();
  }
}

// A typed decimal with steppers, then its unit; the value is brought back within its bounds
// by clamp_rule_fields() (called right after), which says so.
bool unit_field(const char* id, double& v, double step, const char* fmt, const char* unit, float width = 120) {
  ImGui::SetNextItemWidth(width);
  const bool changed = ImGui::InputDouble(id, &v, step, step * 5, fmt);
  ImGui::SameLine();
  ImGui::TextUnformatted(unit);
  return changed;
}

// « Règles des arrêts »: which gaps may be stops (as maraude plan --max-population ...).
void rules_section(AppState& s, PlannerPanelState& ps) {
  StopRulesFields& f = ps.rules;
  int on = f.population + f.youth + f.neet + f.service + (trim(f.exclude).empty() ? 0 : 1) + (trim(f.must).empty() ? 0 : 1) +
           !f.zone.empty() + !f.epci.empty();
  const std::string head = std::string(tr(s, "Règles des arrêts", "Stop rules")) +
                           (on ? " (" + std::to_string(on) + (s.style.english ? " on)" : " actives)") : std::string()) + "###rules";
  if (f.unfold) ImGui::SetNextItemOpen(true);
  f.unfold = false;
  if (!ImGui::CollapsingHeader(head.c_str())) return;
  ImGui::PushID("rules");
  bool edited = false;
  edited |= ImGui::Checkbox(tr(s, "Commune de", "Commune of"), &f.population);
  ImGui::SameLine(170);
  ImGui::BeginDisabled(!f.population);
  ImGui::SetNextItemWidth(120);
  edited |= ImGui::InputInt("##pop", &f.max_population, 500, 5000);
  ImGui::SameLine();
  ImGui::TextUnformatted(tr(s, "habitants au plus", "inhabitants at most"));
  ImGui::EndDisabled();
  edited |= ImGui::Checkbox(tr(s, "Au moins", "At least"), &f.youth);
  ImGui::SameLine(170);
  ImGui::BeginDisabled(!f.youth);
  edited |= unit_field("##youth", f.min_youth, 5, "%.0f", tr(s, "jeunes de 15-29 ans non couverts", "uncovered 15-29 year-olds"));
  ImGui::EndDisabled();
  edited |= ImGui::Checkbox(tr(s, "Au moins##n", "At least##n"), &f.neet);
  ImGui::SameLine(170);
  ImGui::BeginDisabled(!f.neet);
  edited |= unit_field("##neet", f.min_neet, 1, "%.1f", tr(s, "NEET estimés non couverts", "estimated uncovered NEETs"));
  ImGui::EndDisabled();
  edited |= ImGui::Checkbox(tr(s, "Service à", "Service at"), &f.service);
  ImGui::SameLine(170);
  ImGui::BeginDisabled(!f.service);
  edited |= unit_field("##svc", f.min_service, f.service_minutes ? 5 : 1, f.service_minutes ? "%.0f" : "%.1f",
             f.service_minutes ? "min" : "km", 120);
  ImGui::SameLine();
  if (ImGui::Checkbox(tr(s, "en minutes", "in minutes"), &f.service_minutes)) f.min_service = f.service_minutes ? 15 : 10;
  ImGui::SameLine();
  ImGui::TextUnformatted(tr(s, "au moins", "at least"));
  ImGui::SetCursorPosX(170);
  ImGui::TextDisabled("%s", tr(s, "services comptés :", "services counted:"));
  for (int k = 0; k <= 5; ++k) {
    if (k % 2 == 1) ImGui::SameLine(380);
    else ImGui::SetCursorPosX(170);
    edited |= ImGui::Checkbox((std::string(service_kind_label_fr(static_cast<ServiceKind>(k))) + "##k" + std::to_string(k)).c_str(), &f.kinds[k]);
  }
  ImGui::EndDisabled();
  // Inside a zone d'emploi / an EPCI as well (with the laureate territory above).
  const Workspace& ws = *s.workspace();
  label(tr(s, "Zone d'emploi", "Employment zone"));
  ImGui::SetNextItemWidth(-1);
  const ZoneEmploi* zn = f.zone.empty() ? nullptr : ws.zone(f.zone);
  if (ImGui::BeginCombo("##zone", zn ? (zn->name + " (" + zn->code + ")").c_str() : tr(s, "toutes", "any"))) {
    if (ImGui::Selectable(tr(s, "toutes", "any"), f.zone.empty())) f.zone.clear();
    for (const auto& z : ws.zones)
      if (ImGui::Selectable((z.name + " (" + z.code + ")").c_str(), f.zone == z.code)) f.zone = z.code;
    ImGui::EndCombo();
  }
  label(tr(s, "EPCI", "EPCI"));
  ImGui::SetNextItemWidth(-1);
  std::string epci_name;
  for (const auto& cm : ws.communes)
    if (!f.epci.empty() && cm.epci == f.epci) {
      epci_name = cm.epci_name + " (" + cm.epci + ")";
      break;
    }
  if (ImGui::BeginCombo("##epci", epci_name.empty() ? tr(s, "tous", "any") : epci_name.c_str(), ImGuiComboFlags_HeightLarge)) {
    if (ImGui::Selectable(tr(s, "tous", "any"), f.epci.empty())) f.epci.clear();
    std::map<std::string, std::string> epcis;  // name → SIREN, sorted by name
    for (const auto& cm : ws.communes)
      if (!cm.epci.empty()) epcis.emplace(cm.epci_name, cm.epci);
    for (const auto& [name, siren] : epcis)
      if (ImGui::Selectable((name + " (" + siren + ")").c_str(), f.epci == siren)) f.epci = siren;
    ImGui::EndCombo();
  }
  label(tr(s, "Exclus", "Excluded"));
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##excl", tr(s, "codes INSEE ou noms, séparés par des virgules", "INSEE codes or names, comma separated"),
                           f.exclude, sizeof f.exclude);
  label(tr(s, "Obligatoires", "Must visit"));
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##must", tr(s, "codes INSEE ou noms, séparés par des virgules", "INSEE codes or names, comma separated"),
                           f.must, sizeof f.must);
  if (!clamp_rule_fields(f) && edited) f.message.clear();
  if (!f.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.75f, 0.1f, 0.1f, 1}, "%s", f.message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::TextDisabled("%s", tr(s, "Les règles se combinent avec le territoire ; un arrêt obligatoire écarté par une règle est gardé et signalé.",
                               "Rules combine with the territory; a must-visit stop a rule would remove is kept and reported."));
  ImGui::PopID();
}

void settings_section(AppState& s, PlannerController& c, PlannerPanelState& ps, const CoverageController* cov) {
  PlannerSettings& S = ps.settings;
  const Workspace& ws = *s.workspace();
  // Base.
  label(tr(s, "Base", "Base"));
  ImGui::TextColored({0.1f, 0.3f, 0.6f, 1}, "%s", ps.base_label.c_str());
  ImGui::SetCursorPosX(150);
  ImGui::SetNextItemWidth(170);
  if (ImGui::InputTextWithHint("##basesearch", tr(s, "commune ou code INSEE", "commune or INSEE code"), ps.base_query,
                               sizeof ps.base_query)) {
    ps.base_results.clear();
    for (auto& r : s.search(ps.base_query, 30))
      if (r.kind == "commune" && ps.base_results.size() < 6) ps.base_results.push_back(r);
  }
  ImGui::SameLine();
  const bool picking = ps.pick_base;  // the button toggles it: pop what was pushed
  if (picking) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.95f, 0.75f, 0.3f, 1));
  if (ImGui::Button(picking ? tr(s, "Cliquez la carte…", "Click the map…") : tr(s, "Sur la carte", "On the map")))
    ps.pick_base = !ps.pick_base;
  if (picking) ImGui::PopStyleColor();
  for (const auto& r : ps.base_results) {
    ImGui::SetCursorPosX(160);
    if (ImGui::SmallButton((r.label + " (" + r.code + ")##b" + r.code).c_str())) {
      S.base = r.code;
      S.base_point.reset();
      ps.base_label = r.label + " (" + r.code + ")";
      ps.base_results.clear();
    }
  }
  draw_plan_mode(s, ps);  // rotation / one-off (panel_rotation.cpp)
  // Teams, horizon, days off.
  label(tr(s, "Véhicules / équipes", "Vehicles / teams"));
  int_field("##teams", S.teams, 1, kPanelMaxTeams, 110, tr(s, "équipes", "teams"), ps.field_message);
  if (!draw_rotation_settings(s, ps)) {  // rotation: cycle, frequency, days and slots instead of the horizon
  ImGui::SameLine(300);
  ImGui::TextUnformatted(tr(s, "Horizon (jours)", "Horizon (days)"));
  ImGui::SameLine(410);
  int_field("##days", S.days, 1, kPanelMaxDays, 110, tr(s, "jours", "days"), ps.field_message);
  label(tr(s, "Jours de repos", "Days off"));
  for (int d = 0; d < S.days; ++d) {
    if (d > 0 && d % 10 != 0) ImGui::SameLine();
    else if (d > 0) ImGui::SetCursorPosX(150);
    bool off = std::find(S.days_off.begin(), S.days_off.end(), d) != S.days_off.end();
    char id[16];
    std::snprintf(id, sizeof id, "%d##off%d", d + 1, d);
    if (off) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.8f, 0.8f, 0.8f, 1));
    else ImGui::PushStyleColor(ImGuiCol_Button, col(render::route_color(d)));
    ImGui::PushStyleColor(ImGuiCol_Text, off ? ImVec4(0.3f, 0.3f, 0.3f, 1) : ImVec4(1, 1, 1, 1));
    if (ImGui::Button(id, {26, 0})) {
      if (off) S.days_off.erase(std::remove(S.days_off.begin(), S.days_off.end(), d), S.days_off.end());
      else S.days_off.push_back(d);
    }
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", off ? tr(s, "Jour de repos (cliquer pour travailler)", "Day off (click to work)")
                                  : tr(s, "Jour travaillé (cliquer : repos)", "Working day (click: day off)"));
  }
  S.days_off.erase(std::remove_if(S.days_off.begin(), S.days_off.end(), [&](int d) { return d >= S.days; }), S.days_off.end());
  }
  // Day 1's date (the calendar of the exports).
  label(tr(s, "Premier jour", "First day"));
  ImGui::SetNextItemWidth(130);
  if (ImGui::InputTextWithHint("##date", tr(s, "AAAA-MM-JJ", "YYYY-MM-DD"), ps.date_text, sizeof ps.date_text)) {
    const std::string t = trim(ps.date_text);
    ps.date_message.clear();
    if (t.empty()) {
      S.date.reset();
    } else {
      try {
        S.date = io::parse_date(t, "date");
      } catch (const Error& e) {
        S.date.reset();
        ps.date_message = e.what();
      }
    }
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", S.date ? io::date_fr(*S.date).c_str() : tr(s, "vide : le lundi qui suit", "empty: next Monday"));
  if (!ps.date_message.empty()) {
    ImGui::SetCursorPosX(150);
    ImGui::TextColored({0.75f, 0.1f, 0.1f, 1}, "%s", ps.date_message.c_str());
  }
  if (!S.rotation) {  // one-off tour only: a rotation's day follows its slots
  // Hours.
  label(tr(s, "Journée", "Working day"));
  clock_slider("##start", S.day_start_s, 6, 12);
  ImGui::SameLine();
  ImGui::TextUnformatted("–");
  ImGui::SameLine();
  clock_slider("##end", S.day_end_s, 12, 21);
  label(tr(s, "Pause déjeuner", "Lunch break"));
  ImGui::Checkbox("##lunch", &S.lunch);
  if (S.lunch) {
    ImGui::SameLine();
    int m = static_cast<int>(std::lround(S.lunch_s / 60));
    ImGui::SetNextItemWidth(90);
    ImGui::SliderInt("##lunchlen", &m, 15, 90, tr(s, "%d min", "%d min"), ImGuiSliderFlags_AlwaysClamp);
    S.lunch_s = m * 60.0;
    ImGui::SetCursorPosX(150);
    ImGui::TextUnformatted(tr(s, "entre", "between"));
    ImGui::SameLine();
    clock_slider("##lopen", S.lunch_open_s, 11, 14);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(s, "et", "and"));
    ImGui::SameLine();
    clock_slider("##lclose", S.lunch_close_s, 12, 15);
  }
  label(tr(s, "Durée d'un arrêt", "Time per stop"));
  minute_slider("##service", S.service_s, 30, 360, 15);
  ImGui::SameLine(320);
  } else ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(s, "Conduite max/j", "Max drive/day"));
  ImGui::SameLine(S.rotation ? 150 : 440);
  minute_slider("##drive", S.max_drive_s, 0, 360, 15, tr(s, "sans limite", "no limit"));
  // Territory, reach.
  label(tr(s, "Territoire", "Territory"));
  ImGui::SetNextItemWidth(300);
  const std::string cur = ps.territory < 0 || static_cast<size_t>(ps.territory) >= ws.laureates.size()
                              ? std::string(tr(s, "Région entière", "Whole region"))
                              : ws.laureates[static_cast<size_t>(ps.territory)].carrier;
  // The list stays inside the panel (it spread over the whole window with the longest
  // territory texts): a cut text is given whole, wrapped, in the tooltip.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float list_w = std::max(300.0f, ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - st.WindowPadding.x -
                                            ImGui::GetCursorScreenPos().x);
  ImGui::SetNextWindowSizeConstraints({300, 0}, {list_w, 12 * ImGui::GetTextLineHeightWithSpacing() + 2 * st.WindowPadding.y});
  if (ImGui::BeginCombo("##terr", cur.c_str())) {
    if (ImGui::Selectable(tr(s, "Région entière", "Whole region"), ps.territory < 0)) ps.territory = -1;
    const float room = ImGui::GetContentRegionAvail().x;  // a Selectable is as wide as its text
    for (size_t i = 0; i < ws.laureates.size(); ++i) {
      const auto& l = ws.laureates[i];
      const std::string text = l.carrier + " — " + l.territory_text;
      if (ImGui::Selectable((text + "##l" + l.id).c_str(), ps.territory == static_cast<int>(i)))
        ps.territory = static_cast<int>(i);
      if (ImGui::IsItemHovered() && ImGui::CalcTextSize(text.c_str()).x > room) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  label(tr(s, "Portée des services", "Service reach"));
  ImGui::Checkbox(tr(s, "propre", "own"), &ps.own_reach);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr(s, "Sinon : la portée du scénario de couverture", "Else: the coverage scenario's reach"));
  if (ps.own_reach) {
    ImGui::SameLine();
    int km = static_cast<int>(std::lround(ps.reach_km));
    if (int_field(tr(s, "km##reach", "km##reach"), km, 1, 100, 110, tr(s, "portée", "reach"), ps.field_message))
      ps.reach_km = static_cast<float>(km);
  }
  label(tr(s, "Effort de recherche", "Search effort"));
  int it = static_cast<int>(S.iterations / 1000);
  if (int_field(tr(s, "milliers d'itérations##iters", "thousand iterations##iters"), it, 1, kPanelMaxKiloIterations, 110,
                tr(s, "itérations (milliers)", "iterations (thousands)"), ps.field_message))
    S.iterations = it * 1000L;
  if (!ps.field_message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.75f, 0.1f, 0.1f, 1}, "%s", ps.field_message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::TextDisabled("%s", cov ? (std::string(tr(s, "Lacunes du scénario « ", "Gaps of scenario « ")) + cov->scenario().name + " »").c_str()
                                : tr(s, "Lacunes du scénario par défaut", "Gaps of the default scenario"));
  rules_section(s, ps);
  // Solve / stop.
  ImGui::Spacing();
  if (c.running()) {
    ImGui::ProgressBar(c.progress(), {-110, 0}, c.stage().c_str());
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.85f, 0.3f, 0.25f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (ImGui::Button(tr(s, "Arrêter", "Stop"), {100, 0})) c.request_stop();
    ImGui::PopStyleColor(2);
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.2f, 0.5f, 0.3f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::BeginDisabled(!rotation_problem(ps).empty());  // the rotation settings are said wrong above
    if (ImGui::Button(tr(s, "Planifier les tournées", "Plan the tours"), {-1, 0}))
      c.solve(with_travel(planner_settings(s, ps), cov), cov && cov->ready() ? std::optional<coverage::Scenario>(planner_scenario(*cov)) : std::nullopt);
    ImGui::EndDisabled();
    ImGui::PopStyleColor(2);
  }
}

void selected_stop_controls(AppState& s, PlannerController& c, PlannerPanelState& ps) {
  const PlannerResult& R = *c.result();
  const int j = c.selected_stop;
  if (j < 0 || static_cast<size_t>(j) >= R.input.stops.size()) return;
  const auto& st = R.input.stops[static_cast<size_t>(j)];
  int di = -1, vi = -1, pt = -1, pd = -1;
  const bool served = c.find_visit(j, &di, &vi);
  const bool pinned = c.pinned(j, &pt, &pd);
  ImGui::Separator();
  ImGui::TextWrapped("%s %s (%s NEET)", tr(s, "Arrêt choisi :", "Selected stop:"), st.id.c_str(), format_fr(st.value, 1).c_str());
  if (served)
    ImGui::Text(tr(s, "Jour %d, arrêt n° %d%s", "Day %d, stop #%d%s"), R.plan.days[static_cast<size_t>(di)].day + 1, vi + 1,
                pinned ? tr(s, " — épinglé", " — pinned") : "");
  else ImGui::TextUnformatted(tr(s, "Écarté du plan", "Left out of the plan"));
  if (R.rotation) return;  // a rotation is planned again whole: no pins
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(s, "Épingler au jour", "Pin to day"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(100);
  int shown = ps.pin_day + 1;  // days are numbered from 1 on screen
  if (ImGui::InputInt("##pinday", &shown)) ps.pin_day = shown - 1;
  ps.pin_day = std::clamp(ps.pin_day, 0, std::max(0, R.input.days - 1));
  ImGui::SameLine();
  ImGui::BeginDisabled(c.running());
  const int team = served ? R.plan.days[static_cast<size_t>(di)].team : 0;
  if (ImGui::Button(tr(s, "Épingler et réoptimiser", "Pin and re-optimise"))) c.pin(j, team, ps.pin_day);
  if (pinned) {
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Désépingler", "Unpin"))) c.unpin(j);
  }
  ImGui::EndDisabled();
}

void itinerary_tab(AppState& s, PlannerController& c, PlannerPanelState& ps) {
  const PlannerResult& R = *c.result();
  const auto& in = R.input;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  for (const auto& d : R.plan.days) {
    ImGui::PushID(d.team * 1000 + d.day);
    const render::Rgba rc = render::route_color(d.day);
    ImGui::ColorButton("##c", col(rc), ImGuiColorEditFlags_NoTooltip, {14, 14});
    ImGui::SameLine();
    std::string head = plan_day_title(R, d.day, s.style.english);
    if (in.teams.size() > 1) head += " · " + R.team_names[static_cast<size_t>(d.team)];
    if (d.visits.empty()) {
      ImGui::TextDisabled("%s — %s", head.c_str(), tr(s, "pas de tournée", "no tour"));
      ImGui::PopID();
      continue;
    }
    double dv = 0;
    for (const auto& v : d.visits) dv += in.stops[static_cast<size_t>(v.stop)].value;
    ImGui::Text("%s — %s–%s, %s km, %s %s, %s NEET", head.c_str(), clock(d.depart_s).c_str(), clock(d.return_s).c_str(),
                format_fr(d.distance_m / 1000, 0).c_str(), minutes(d.drive_s).c_str(), tr(s, "de route", "driving"),
                format_fr(dv, 1).c_str());
    if (ImGui::BeginTable("##day", 7, flags)) {
      ImGui::TableSetupColumn("#", 0, 22);
      ImGui::TableSetupColumn(tr(s, "Arrêt", "Stop"), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn(tr(s, "Arrivée", "Arrival"), 0, 52);
      ImGui::TableSetupColumn(tr(s, "Départ", "Leave"), 0, 52);
      ImGui::TableSetupColumn(tr(s, "Trajet", "Drive"), 0, 58);
      ImGui::TableSetupColumn("NEET", 0, 44);
      ImGui::TableSetupColumn("", 0, 78);
      ImGui::TableHeadersRow();
      int prev = in.teams[static_cast<size_t>(d.team)].base;
      for (size_t k = 0; k < d.visits.size(); ++k) {
        const auto& v = d.visits[k];
        const auto& st = in.stops[static_cast<size_t>(v.stop)];
        const double drive = in.time_s[static_cast<size_t>(prev) * in.n_places + st.place];
        prev = st.place;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(v.stop);
        if (ImGui::Selectable(std::to_string(k + 1).c_str(), c.selected_stop == v.stop, ImGuiSelectableFlags_SpanAllColumns |
                                                                                           ImGuiSelectableFlags_AllowItemOverlap)) {
          c.selected_stop = v.stop;
          ps.pin_day = d.day;
          s.fly_to(BBox{R.places[static_cast<size_t>(st.place)].pos.x - 4000, R.places[static_cast<size_t>(st.place)].pos.y - 4000,
                        R.places[static_cast<size_t>(st.place)].pos.x + 4000, R.places[static_cast<size_t>(st.place)].pos.y + 4000}
                       .inflated(0),
                   0.4);
        }
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s%s", st.id.c_str(), c.pinned(v.stop) ? tr(s, " (épinglé)", " (pinned)") : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(clock(v.arrival_s).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(clock(v.end_s).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(minutes(drive).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_fr(st.value, 1).c_str());
        ImGui::TableNextColumn();
        const bool pinned = c.pinned(v.stop);
        ImGui::BeginDisabled(c.running() || R.rotation);  // a rotation takes no pins
        if (pinned) {
          if (ImGui::SmallButton(tr(s, "désépingler", "unpin"))) c.unpin(v.stop);
        } else if (ImGui::SmallButton(tr(s, "épingler", "pin"))) {
          c.pin(v.stop, d.team, d.day);
        }
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s", pinned ? tr(s, "Libérer cet arrêt et réoptimiser", "Free this stop and re-optimise")
                                         : tr(s, "Garder cet arrêt ce jour-là et réoptimiser le reste",
                                              "Keep this stop on this day and re-optimise the rest"));
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::PopID();
  }
}

// English short reason (the explanations themselves stay French, as in the exports).
std::string reason_en(const routing::LeftOut& lo, const routing::Stop& st) {
  switch (lo.reason) {
    case routing::LeftOutReason::NoRoom: return "no day has room";
    case routing::LeftOutReason::TimeWindowUnreachable:
      return st.open_s <= 0 && !std::isfinite(st.close_s) ? "too far from the base for a working day"
                                                           : "time window unreachable";
    case routing::LeftOutReason::DrivingLimit: return "beyond the driving limit";
    case routing::LeftOutReason::ValueTooLow: return "value too low for the detour";
  }
  return "?";
}

// What the left-out candidates add up to: one line per reason (rules and planner), the
// rules' conflicts, and the most valuable candidates the rules removed (exclus.csv has all).
void left_out_summary(AppState& s, const PlannerController& c) {
  const PlannerResult& R = *c.result();
  const auto entries = io::left_out_entries(R, c.result_settings());
  if (entries.empty()) return;
  for (const auto& rc : io::count_reasons(entries)) {
    ImGui::Text("%5d", rc.count);
    ImGui::SameLine(60);
    ImGui::TextWrapped("%s (%s NEET%s)", rc.reason.c_str(), format_fr(rc.value, 1).c_str(),
                       rc.by_rule ? tr(s, ", règle", ", rule") : "");
  }
  for (const auto& conflict : R.rules.conflicts) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.7f, 0.4f, 0.0f, 1));
    ImGui::TextWrapped("%s %s", tr(s, "Conflit :", "Conflict:"), conflict.c_str());
    ImGui::PopStyleColor();
  }
  if (!R.rules.excluded.empty()) {
    const std::string h = std::string(tr(s, "Écartés par les règles (", "Removed by the rules (")) +
                          std::to_string(R.rules.excluded.size()) + tr(s, ") — les 10 plus grandes pertes###ruled",
                                                                        ") — the 10 largest losses###ruled");
    if (ImGui::TreeNode(h.c_str())) {
      const size_t n = std::min<size_t>(10, R.rules.excluded.size());  // most valuable first
      for (size_t i = 0; i < n; ++i) {
        const auto& e = R.rules.excluded[i];
        ImGui::TextWrapped("%s (%s NEET) : %s. %s", e.name.c_str(), format_fr(e.value, 1).c_str(), e.reason.c_str(),
                           e.detail.c_str());
      }
      ImGui::TextDisabled("%s", tr(s, "Liste complète : exclus.csv (Exporter le plan…)", "Full list: exclus.csv (Export the plan…)"));
      ImGui::TreePop();
    }
  }
  ImGui::Separator();
}

void left_out_tab(AppState& s, PlannerController& c, PlannerPanelState& ps) {
  const PlannerResult& R = *c.result();
  const auto& in = R.input;
  left_out_summary(s, c);
  if (R.plan.left_out.empty()) {
    ImGui::TextUnformatted(tr(s, "Tous les candidats proposés au planificateur sont servis.",
                              "Every candidate offered to the planner is served."));
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##left", 4, flags)) return;
  ImGui::TableSetupColumn(tr(s, "Candidat", "Candidate"), 0, 150);
  ImGui::TableSetupColumn("NEET", 0, 40);
  ImGui::TableSetupColumn(tr(s, "Raison", "Reason"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(tr(s, "Forcer", "Force"), 0, 120);
  ImGui::TableHeadersRow();
  for (const auto& lo : R.plan.left_out) {
    const auto& st = in.stops[static_cast<size_t>(lo.stop)];
    ImGui::PushID(lo.stop);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable("##sel", c.selected_stop == lo.stop, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
      c.selected_stop = lo.stop;
    ImGui::SameLine();
    ImGui::TextWrapped("%s", st.id.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_fr(st.value, 1).c_str());
    ImGui::TableNextColumn();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.65f, 0.2f, 0.1f, 1));
    ImGui::TextWrapped("%s", (s.style.english ? reason_en(lo, st) : lo.label).c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", lo.explanation.c_str());
    ImGui::TableNextColumn();
    if (lo.can_force) {
      // What forcing it in costs: value of the stops pushed out, change of driving.
      ImGui::TextUnformatted(("-" + format_fr(lo.force_value_loss, 1) + " NEET").c_str());
      ImGui::Text("%s%s km", lo.force_extra_m >= 0 ? "+" : "", format_fr(lo.force_extra_m / 1000, 1).c_str());
      ImGui::BeginDisabled(c.running() || R.rotation);  // a rotation takes no pins
      if (ImGui::SmallButton((std::string(tr(s, "forcer au jour ", "force on day ")) + std::to_string(ps.pin_day + 1)).c_str()))
        c.pin(lo.stop, 0, ps.pin_day);
      ImGui::EndDisabled();
    } else {
      ImGui::TextDisabled("%s", tr(s, "impossible", "impossible"));
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

coverage::Scenario planner_scenario(const CoverageController& cov) {
  coverage::Scenario sc = cov.scenario();
  sc.points.clear();
  for (const auto& p : cov.scenario().points)
    if (cov.active(p)) sc.points.push_back(p);
  return sc;
}

void init_planner_panel(const AppState& s, PlannerPanelState& ps) {
  if (ps.initialised || !s.workspace()) return;
  ps.initialised = true;
  // The default base (Douai, TOUR EMPLOI's) only where that commune exists: elsewhere the
  // region's most populous commune.
  const Workspace& ws = *s.workspace();
  if (!ws.commune(ps.settings.base) && !ws.communes.empty()) {
    const Commune* best = &ws.communes.front();
    for (const auto& c : ws.communes)
      if (c.population > best->population) best = &c;
    ps.settings.base = best->code;
    std::snprintf(ps.base_query, sizeof ps.base_query, "%s", best->name.c_str());
    ps.base_label = best->name + " (" + best->code + ")";
  }
  const auto& L = ws.laureates;
  for (size_t i = 0; i < L.size(); ++i)
    if (L[i].id == "tour_emploi") ps.territory = static_cast<int>(i);
}

io::StopRules panel_stop_rules(const StopRulesFields& f) {
  io::StopRules r;
  if (f.population) r.max_population = f.max_population;
  if (f.youth) r.min_uncovered_15_29 = f.min_youth;
  if (f.neet) r.min_neet = f.min_neet;
  if (f.service) {
    r.min_service = f.service_minutes ? coverage::Reach::minutes(f.min_service) : coverage::Reach::km(f.min_service);
    const bool fixed[6] = {true, false, true, true, true, false};
    if (!std::equal(f.kinds, f.kinds + 6, fixed))
      for (int k = 0; k <= 5; ++k)
        if (f.kinds[k]) r.service_kinds.push_back(static_cast<ServiceKind>(k));
  }
  if (!f.zone.empty()) r.within.push_back("zone:" + f.zone);
  if (!f.epci.empty()) r.within.push_back("epci:" + f.epci);
  r.exclude = io::parse_stop_list(f.exclude);
  r.must = io::parse_stop_list(f.must);
  return r;
}

StopRulesFields panel_rule_fields(const io::StopRules& r) {
  StopRulesFields f;
  std::vector<std::string> lost;
  if (r.max_population) {
    f.population = true;
    f.max_population = static_cast<int>(std::clamp<long long>(*r.max_population, 1, kPanelMaxPopulationRule));
  }
  if (r.min_uncovered_15_29) f.youth = true, f.min_youth = *r.min_uncovered_15_29;
  if (r.min_neet) f.neet = true, f.min_neet = *r.min_neet;
  if (r.min_service) {
    f.service = true;
    f.service_minutes = r.min_service->mode == coverage::ReachMode::Time;
    f.min_service = r.min_service->value / (f.service_minutes ? 60 : 1000);
    if (!r.service_kinds.empty()) {
      std::fill(f.kinds, f.kinds + 6, false);
      for (auto k : r.service_kinds)
        if (static_cast<int>(k) >= 0 && static_cast<int>(k) <= 5) f.kinds[static_cast<int>(k)] = true;
    }
  }
  for (const auto& t : r.within) {
    if (starts_with(t, "zone:") && f.zone.empty()) f.zone = t.substr(5);
    else if (starts_with(t, "epci:") && f.epci.empty()) f.epci = t.substr(5);
    else lost.push_back("territoire « " + t + " »");
  }
  // A list into its field: entries joined by ", " (what parse_stop_list reads back).
  auto fill = [&](char* out, size_t cap, const std::vector<std::string>& v, const char* what) {
    std::string text;
    for (const auto& e : v) {
      if (e.find_first_of(",;\t\n\r") != std::string::npos || trim(e) != e || e.empty() || e[0] == '#') {
        lost.push_back(std::string(what) + " « " + e + " »");
        continue;
      }
      const std::string next = text + (text.empty() ? "" : ", ") + e;
      if (next.size() + 1 > cap) {
        lost.push_back(std::string(what) + " : liste trop longue pour le champ");
        break;
      }
      text = next;
    }
    std::snprintf(out, cap, "%s", text.c_str());
  };
  fill(f.exclude, sizeof f.exclude, r.exclude, "exclusion");
  fill(f.must, sizeof f.must, r.must, "arrêt obligatoire");
  if (!lost.empty()) f.message = "règles que le panneau ne peut pas montrer (gardées hors du panneau) : " + join(lost, " ; ");
  return f;
}

bool clamp_rule_fields(StopRulesFields& f) {
  std::string note;
  auto clamp = [&](double& v, double lo, double hi, const std::string& what, const char* unit) {
    if (std::isfinite(v) && v >= lo && v <= hi) return;
    const double was = v;
    v = std::isfinite(v) ? std::clamp(v, lo, hi) : lo;
    note = what + " : " + (std::isfinite(was) ? format_fr(was, was == std::floor(was) ? 0 : 1) : std::string("?")) +
           (*unit ? " " : "") + unit + " hors limites, entre " +
           format_fr(lo, lo == std::floor(lo) ? 0 : 1) + " et " + format_thousands(static_cast<long long>(hi)) + " (ramené à " +
           format_fr(v, v == std::floor(v) ? 0 : 1) + ")";
  };
  double pop = f.max_population;
  clamp(pop, 1, kPanelMaxPopulationRule, "population maximale", "habitants");
  f.max_population = static_cast<int>(pop);
  clamp(f.min_youth, 0, io::kMaxYouthRule, "jeunes non couverts", "");
  clamp(f.min_neet, 0, io::kMaxNeetRule, "NEET", "");
  if (f.service_minutes) clamp(f.min_service, coverage::kMinReachS / 60, coverage::kMaxReachS / 60, "distance au service", "min");
  else clamp(f.min_service, coverage::kMinReachM / 1000, coverage::kMaxReachM / 1000, "distance au service", "km");
  if (!std::any_of(f.kinds, f.kinds + 6, [](bool b) { return b; })) {
    f.kinds[0] = f.kinds[2] = f.kinds[3] = f.kinds[4] = true;
    note = "au moins un type de service doit compter : services fixes rétablis";
  }
  if (!note.empty()) f.message = note;
  return !note.empty();
}

PlannerSettings planner_settings(const AppState& s, const PlannerPanelState& ps) {
  PlannerSettings S = ps.settings;
  S.rules = panel_stop_rules(ps.rules);
  S.territory.clear();
  if (s.workspace() && ps.territory >= 0 && static_cast<size_t>(ps.territory) < s.workspace()->laureates.size())
    S.territory = "laureate:" + s.workspace()->laureates[static_cast<size_t>(ps.territory)].id;
  if (ps.own_reach) S.reach = coverage::Reach::km(ps.reach_km);
  else S.reach.reset();
  apply_rotation(ps, S);
  return S;
}

void draw_planner_panel(AppState& s, PlannerController& c, PlannerPanelState& ps, CoverageController* cov) {
  if (!s.loaded() || !ps.open) return;
  init_planner_panel(s, ps);
  draw_week_grid(s, c, ps);  // beside the map when the plan is a rotation (week_grid.cpp)
  // Escape (outside text fields) leaves the base tool and drops the stop selection.
  if (!ImGui::GetIO().WantCaptureKeyboard && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    ps.pick_base = false;
    c.selected_stop = -1;
  }
  // A window at the right, opened from Affichage or the side bar's « Tournées… » button, and
  // by itself when a solve starts.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float H = vp->Size.y, W = vp->Size.x, k = s.layout.ui_scale;
  if (c.running() && !ps.auto_opened) {
    ps.auto_opened = true;
    s.layout.show(Panel::Planner);
  }
  if (c.result() && c.result() != nullptr && ps.seen_result != c.generation()) {
    ps.seen_result = c.generation();
    ImGui::SetNextWindowFocus();
    const PlannerResult& R0 = *c.result();
    if (!ps.settings.base_point && !R0.places.empty() && ps.settings.base == R0.places.front().code)
      ps.base_label = R0.places.front().label + " (" + R0.places.front().code + ")";
    // A new base or territory: frame its tours (re-optimising after a pin keeps the view).
    const std::string key = R0.places.empty() ? "" : R0.places.front().label + "|" + R0.territory_label;
    if (key != ps.framed) {
      ps.framed = key;
      BBox b;
      for (const auto& r : c.route_draws())
        for (const Vec2& p : r.path) b.extend(p);
      if (!b.empty()) {
        // The tours framed beside this panel and above the week grid (week_grid.cpp), in sight.
        const double fb = s.camera.width / std::max(1.0f, W);  // framebuffer pixels per window pixel
        const double right = (s.layout.planner_width(W) + 16 + 40 * k) * fb;  // + part of a stop label
        const double below = R0.rotation ? 0.3 * s.camera.height : 0.0;
        s.fly_to(b.inflated(2000), 0.5, right, below);
      }
    }
  }
  bool began = false;
  const float pw = s.layout.planner_width(W);
  if (!begin_window(s, Panel::Planner, W - pw - 8, 30, pw, std::min(820 * k, H - 70), &began)) {
    if (began) end_window();
    return;
  }
  if (ImGui::CollapsingHeader(tr(s, "Paramètres", "Settings"), ImGuiTreeNodeFlags_DefaultOpen))
    settings_section(s, c, ps, cov);
  draw_saved_plans_section(s, c, ps, cov);
  if (!c.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
    ImGui::TextWrapped("%s", c.error.c_str());
    ImGui::PopStyleColor();
  }
  const PlannerResult* R = c.result();
  if (R) {
    ImGui::Separator();
    const double pct = R->candidates_value > 0 ? 100 * R->plan.value / R->candidates_value : 0;
    ImGui::TextWrapped(tr(s, "%d arrêts servis sur %zu candidats · %s NEET estimés (%s %%) · %s km · %s de route",
                          "%d stops served of %zu candidates · %s est. NEETs (%s %%) · %s km · %s driving"),
                       R->plan.visits, R->candidates, format_fr(R->plan.value, 1).c_str(), format_fr(pct, 0).c_str(),
                       format_fr(R->plan.distance_m / 1000, 0).c_str(), minutes(R->plan.drive_s).c_str());
    ImGui::TextDisabled("%s · %s%s", R->territory_label.c_str(), R->scenario_label.c_str(),
                        R->stopped ? tr(s, " · recherche arrêtée : meilleur plan trouvé", " · search stopped: best plan so far") : "");
    export_section(s, c, ps);
    selected_stop_controls(s, c, ps);
    if (ImGui::BeginTabBar("##res")) {
      const int want = ps.select_tab;
      ps.select_tab = 0;
      if (ImGui::BeginTabItem(tr(s, "Itinéraire par jour###itin", "Itinerary per day###itin"), nullptr,
                              want == 1 ? ImGuiTabItemFlags_SetSelected : 0)) {
        ImGui::BeginChild("##it", {0, 0});
        itinerary_tab(s, c, ps);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      const std::string lt = std::string(tr(s, "Écartés (", "Left out (")) +
                             std::to_string(R->plan.left_out.size() + R->rules.excluded.size()) + ")###left";
      if (ImGui::BeginTabItem(lt.c_str(), nullptr, want == 2 ? ImGuiTabItemFlags_SetSelected : 0)) {
        ImGui::BeginChild("##lo", {0, 0});
        left_out_tab(s, c, ps);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  end_window();
}

void draw_route_labels(const AppState& s, const PlannerController& c, float sx, float sy) {
  const PlannerResult* R = c.result();
  if (!R) return;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const auto& in = R->input;
  for (const auto& d : R->plan.days)
    for (size_t k = 0; k < d.visits.size(); ++k) {
      const int j = d.visits[k].stop;
      const Vec2 w = s.camera.world_to_screen(R->places[static_cast<size_t>(in.stops[static_cast<size_t>(j)].place)].pos);
      const ImVec2 p(static_cast<float>(w.x) / sx, static_cast<float>(w.y) / sy);
      if (p.x < -20 || p.y < -20 || p.x > s.camera.width / sx + 20 || p.y > s.camera.height / sy + 20) continue;
      // The dot again over the map labels (a commune's label marker sits on its centre).
      const render::Rgba rc = render::route_color(d.day);
      dl->AddCircleFilled(p, 9.5f, IM_COL32(rc.r, rc.g, rc.b, 255), 20);
      dl->AddCircle(p, 9.5f, IM_COL32_WHITE, 20, 1.5f);
      const std::string n = std::to_string(k + 1);
      const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
      const float f = 0.8f;  // slightly smaller than the UI text, inside the 16-pixel dot
      dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * f, {p.x - ts.x * f * 0.5f, p.y - ts.y * f * 0.5f}, IM_COL32_WHITE,
                  n.c_str());
      if (c.pinned(j)) dl->AddCircle(p, 10.5f, IM_COL32(20, 20, 20, 255), 16, 2.0f);
      if (j == c.selected_stop) dl->AddCircle(p, 13.0f, IM_COL32(255, 200, 0, 255), 20, 3.0f);
    }
  if (c.selected_stop >= 0 && !c.find_visit(c.selected_stop, nullptr, nullptr) &&
      static_cast<size_t>(c.selected_stop) < in.stops.size()) {
    const Vec2 w = s.camera.world_to_screen(R->places[static_cast<size_t>(in.stops[static_cast<size_t>(c.selected_stop)].place)].pos);
    const ImVec2 p(static_cast<float>(w.x) / sx, static_cast<float>(w.y) / sy);
    dl->AddCircleFilled(p, 6, IM_COL32(120, 120, 120, 220));
    dl->AddCircle(p, 12.0f, IM_COL32(255, 200, 0, 255), 20, 3.0f);
  }
  draw_slot_labels(s, c, sx, sy);  // a rotation's slot next to each stop (panel_rotation.cpp)
}

bool planner_map_click(AppState& s, PlannerController& c, PlannerPanelState& ps, Vec2 world, double radius_m) {
  if (ps.pick_base) {
    ps.pick_base = false;
    ps.settings.base_point = world;
    std::string name = tr(s, "point sur la carte", "point on the map");
    if (const Workspace* ws = s.workspace())
      for (const auto& cm : ws->communes)
        if (bbox(cm.geom).contains(world) && contains(cm.geom, world)) {
          name = cm.name + " (" + tr(s, "point choisi", "picked point") + ")";
          break;
        }
    ps.base_label = name;
    s.mark_dirty();
    return true;
  }
  const int j = c.hit_stop(world, radius_m);
  if (j < 0) return false;
  c.selected_stop = j;
  int di = -1;
  if (c.find_visit(j, &di, nullptr)) ps.pin_day = c.result()->plan.days[static_cast<size_t>(di)].day;
  ps.select_tab = di >= 0 ? 1 : 2;
  s.mark_dirty();
  return true;
}

}  // namespace maraude::app
