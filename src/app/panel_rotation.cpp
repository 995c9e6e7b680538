// Rotation mode of the Tournées panel. See panel_rotation.h.
#include "app/panel_rotation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/planner_panels.h"
#include "core/error.h"
#include "core/text.h"
#include "imgui.h"
#include "io/plan_setup.h"
#include "render/route_layer.h"

namespace maraude::app {

namespace {

constexpr const char* kDayShortFr[7] = {"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."};
constexpr const char* kDayShortEn[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kDayFr[7] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
constexpr const char* kDayEn[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kBoxDays[6] = {"lun", "mar", "mer", "jeu", "ven", "sam"};

void row_label(const char* text) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(150);
}

const ImVec4 kRed{0.75f, 0.1f, 0.1f, 1};

// The frequency choices: weeks between passages (0 = once per cycle).
struct FrequencyChoice {
  int weeks;
  const char *fr, *en;
};
constexpr FrequencyChoice kFrequencies[] = {{0, "une fois par cycle", "once per cycle"},
                                            {1, "chaque semaine", "every week"},
                                            {2, "une semaine sur deux", "every other week"},
                                            {4, "une semaine sur quatre", "one week in four"}};

std::string clock_text(double s) { return io::hhmm(s); }

// The first and last slot hours of the pattern (no slot: 0, 0).
std::pair<double, double> slot_span(const routing::WeekPattern& p) {
  double first = 24 * 3600, last = 0;
  for (const auto& d : p.days)
    for (const auto& h : d) first = std::min(first, h.start_s), last = std::max(last, h.end_s);
  return first <= last ? std::pair{first, last} : std::pair{0.0, 0.0};
}

// A day box ticked or cleared: the day takes the hours of the first worked day (the
// default ones when none), or loses its slots. The field is written back.
void toggle_day(PlannerPanelState& ps, int d, bool on) {
  routing::WeekPattern& p = ps.settings.slots;
  if (on) {
    std::vector<routing::HalfDay> hours = routing::default_week_pattern().days[0];
    for (const auto& day : p.days)
      if (!day.empty()) {
        hours = day;
        break;
      }
    p.days[static_cast<size_t>(d)] = hours;
  } else {
    p.days[static_cast<size_t>(d)].clear();
  }
  sync_rotation_panel(ps);
}

}  // namespace

PlannerSettings rotation_default_settings() {
  PlannerSettings S;
  S.rotation = true;
  S.cycle_weeks = 1;
  S.frequency_weeks = 0;
  S.slots = routing::default_week_pattern();
  return S;
}

void sync_rotation_panel(PlannerPanelState& ps) {
  RotationPanelState& r = ps.rotation;
  const std::string t = io::slots_text(ps.settings.slots);
  std::snprintf(r.slots_text, sizeof r.slots_text, "%s", t.c_str());
  r.synced = t;
  r.slots_message.clear();
}

void draw_plan_mode(AppState& s, PlannerPanelState& ps) {
  PlannerSettings& S = ps.settings;
  row_label(tr(s, "Mode", "Mode"));
  if (ImGui::RadioButton(tr(s, "Rotation hebdomadaire", "Weekly rotation"), S.rotation)) S.rotation = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr(s, "Chaque arrêt garde un créneau fixe (même jour, même demi-journée) à chaque cycle",
                               "Each stop keeps a fixed slot (same day, same half-day) every cycle"));
  ImGui::SameLine();
  if (ImGui::RadioButton(tr(s, "Tournée ponctuelle (jours)", "One-off tour (days)"), !S.rotation)) S.rotation = false;
}

bool draw_rotation_settings(AppState& s, PlannerPanelState& ps) {
  PlannerSettings& S = ps.settings;
  RotationPanelState& r = ps.rotation;
  if (!S.rotation) return false;
  if (r.synced.empty() && r.slots_message.empty()) sync_rotation_panel(ps);
  // Cycle, on the line of the teams.
  ImGui::SameLine(300);
  ImGui::TextUnformatted(tr(s, "Cycle", "Cycle"));
  for (int w : {1, 2, 4}) {
    ImGui::SameLine(w == 1 ? 350.f : 0.f);
    char id[32];
    std::snprintf(id, sizeof id, "%d %s##cycle%d", w, w == 1 ? tr(s, "sem.", "wk") : tr(s, "sem.", "wks"), w);
    if (ImGui::RadioButton(id, S.cycle_weeks == w)) S.cycle_weeks = w;
  }
  // Frequency.
  row_label(tr(s, "Fréquence", "Frequency"));
  const FrequencyChoice* cur = &kFrequencies[0];
  for (const auto& f : kFrequencies)
    if (f.weeks == S.frequency_weeks) cur = &f;
  ImGui::SetNextItemWidth(300);
  if (ImGui::BeginCombo("##freq", s.style.english ? cur->en : cur->fr)) {
    for (const auto& f : kFrequencies) {
      std::string item = s.style.english ? f.en : f.fr;
      if (f.weeks == 0) item += S.cycle_weeks == 1 ? tr(s, " (chaque semaine)", " (every week)")
                                : S.cycle_weeks == 2 ? tr(s, " (une semaine sur deux)", " (every other week)")
                                                     : tr(s, " (une semaine sur quatre)", " (one week in four)");
      if (ImGui::Selectable(item.c_str(), f.weeks == S.frequency_weeks)) S.frequency_weeks = f.weeks;
    }
    ImGui::EndCombo();
  }
  if (S.frequency_weeks > S.cycle_weeks) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kRed, "%s", rotation_problem(ps).c_str());
    ImGui::PopTextWrapPos();
  }
  // Working days: ticking one gives it the hours of the other days.
  row_label(tr(s, "Jours travaillés", "Working days"));
  ImGui::BeginDisabled(!r.slots_message.empty());
  for (int d = 0; d < 6; ++d) {
    if (d > 0) ImGui::SameLine();
    bool on = S.slots.works(d);
    char id[24];
    std::snprintf(id, sizeof id, "%s##wd%d", s.style.english ? kDayShortEn[d] : kBoxDays[d], d);
    if (ImGui::Checkbox(id, &on)) toggle_day(ps, d, on);
  }
  ImGui::EndDisabled();
  if (!r.slots_message.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr(s, "Corrigez d'abord les créneaux", "Fix the slots first"));
  // Slots, typed as `maraude plan --slots`.
  row_label(tr(s, "Créneaux", "Slots"));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##slots", "lun-ven 09:30-12:30,13:30-16:00", r.slots_text, sizeof r.slots_text)) {
    try {
      S.slots = io::parse_slots(r.slots_text, "slots");
      r.slots_message.clear();
    } catch (const Error& e) {
      r.slots_message = e.what_text();
    }
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive() && r.slots_message.empty())  // never over the error
    ImGui::SetTooltip("%s", tr(s, "Jours puis demi-journées, par exemple « lun-ven 09:30-12:30,13:30-16:00 »\n"
                                  "ou « lun,mar,jeu 09:30-12:30; ven 09:00-12:00 »",
                               "Days then half-days, e.g. « lun-ven 09:30-12:30,13:30-16:00 »\n"
                               "or « lun,mar,jeu 09:30-12:30; ven 09:00-12:00 »"));
  ImGui::SetCursorPosX(150);
  ImGui::PushTextWrapPos(0);
  if (!r.slots_message.empty()) {
    ImGui::TextColored(kRed, "%s", r.slots_message.c_str());
  } else if (S.slots.slots_per_week() == 0) {
    ImGui::TextColored(kRed, "%s", rotation_problem(ps).c_str());
  } else {
    const auto [first, last] = slot_span(S.slots);
    const int n = S.slots.slots_per_week();
    char b[200];
    std::snprintf(b, sizeof b,
                  tr(s, "%d demi-journées par semaine · départ de la base %s, retour %s",
                     "%d half-days a week · leaving the base %s, back %s"),
                  n, clock_text(std::max(0.0, first - 5400)).c_str(), clock_text(std::min(24.0 * 3600, last + 5400)).c_str());
    ImGui::TextDisabled("%s", b);
  }
  ImGui::PopTextWrapPos();
  return true;
}

std::string rotation_problem(const PlannerPanelState& ps) {
  const PlannerSettings& S = ps.settings;
  if (!S.rotation) return "";
  if (!ps.rotation.slots_message.empty()) return ps.rotation.slots_message;
  if (S.slots.slots_per_week() == 0)
    return "Aucun jour travaillé : cochez au moins un jour ou donnez des créneaux (par exemple « lun-ven 09:30-12:30 »).";
  if (S.frequency_weeks > S.cycle_weeks || (S.frequency_weeks != 0 && S.cycle_weeks % S.frequency_weeks != 0)) {
    const std::string c = std::to_string(S.cycle_weeks) + (S.cycle_weeks > 1 ? " semaines" : " semaine");
    return "Un passage « " + routing::frequency_label_fr(S.frequency_weeks) + " » ne tient pas dans un cycle de " + c +
           " : allongez le cycle à " + std::to_string(S.frequency_weeks) +
           " semaines ou choisissez un passage plus fréquent.";
  }
  return "";
}

void apply_rotation(const PlannerPanelState& ps, PlannerSettings& S) {
  if (!S.rotation) return;
  const auto [first, last] = slot_span(S.slots);
  if (last > first) {
    S.day_start_s = std::max(0.0, first - 5400);
    S.day_end_s = std::min(24.0 * 3600, last + 5400);
  }
  S.lunch = false;
  S.days_off.clear();
  S.slot_min_s = 0;
  S.pins.clear();  // a rotation is planned again whole: pins do not apply
  (void)ps;
}

std::string slot_name(const routing::WeekPattern& p, int weekday, int half, bool en) {
  if (weekday < 0 || weekday > 6) return "";
  const auto& hs = p.days[static_cast<size_t>(weekday)];
  const std::string day = en ? kDayShortEn[weekday] : kDayShortFr[weekday];
  if (half < 0 || static_cast<size_t>(half) >= hs.size()) return day;
  auto morning = [](const routing::HalfDay& h) { return h.start_s < 12 * 3600; };
  int same = 0;
  for (const auto& h : hs) same += morning(h) == morning(hs[static_cast<size_t>(half)]);
  if (same > 1) return day + " " + io::hhmm(hs[static_cast<size_t>(half)].start_s);
  return day + (morning(hs[static_cast<size_t>(half)]) ? (en ? " morning" : " matin") : (en ? " afternoon" : " après-midi"));
}

std::string passage_label(const routing::RotationPlan& rot, const routing::Passage& pa, bool en) {
  std::string t = slot_name(rot.pattern, pa.weekday, pa.half, en);
  const int P = std::max(1, pa.period_weeks);
  if (rot.cycle_weeks <= 1 || P <= 1) return t;
  std::vector<int> weeks;
  for (int w = pa.week; w < rot.cycle_weeks; w += P) weeks.push_back(w + 1);
  t += en ? " · wk " : " · sem. ";
  for (size_t i = 0; i < weeks.size(); ++i) {
    if (i > 0) t += i + 1 == weeks.size() ? (en ? " and " : " et ") : ", ";
    t += std::to_string(weeks[i]);
  }
  return t;
}

std::string plan_day_title(const PlannerResult& R, int day, bool en) {
  if (!R.rotation) return (en ? "Day " : "Jour ") + std::to_string(day + 1);
  const int wd = ((day % 7) + 7) % 7;
  std::string t = en ? kDayEn[wd] : kDayFr[wd];
  if (R.rotation->cycle_weeks > 1) t += (en ? ", week " : ", semaine ") + std::to_string(day / 7 + 1);
  return t;
}

void draw_slot_labels(const AppState& s, const PlannerController& c, float sx, float sy) {
  const PlannerResult* R = c.result();
  if (!R || !R->rotation) return;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float f = 0.85f, fs = ImGui::GetFontSize() * f;
  for (const auto& pa : R->rotation->passages) {
    if (pa.stop < 0 || static_cast<size_t>(pa.stop) >= R->input.stops.size()) continue;
    const auto& st = R->input.stops[static_cast<size_t>(pa.stop)];
    const Vec2 w = s.camera.world_to_screen(R->places[static_cast<size_t>(st.place)].pos);
    const ImVec2 p(static_cast<float>(w.x) / sx, static_cast<float>(w.y) / sy);
    if (p.x < -200 || p.y < -20 || p.x > s.camera.width / sx + 20 || p.y > s.camera.height / sy + 20) continue;
    std::string t = passage_label(*R->rotation, pa, s.style.english);
    if (R->input.teams.size() > 1) t = (s.style.english ? "T" : "É") + std::to_string(pa.team + 1) + " " + t;
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    const ImVec2 a(p.x + 13, p.y - ts.y * f * 0.5f - 2), b(a.x + ts.x * f + 8, a.y + ts.y * f + 4);
    const render::Rgba rc = render::route_color(7 * pa.week + pa.weekday);
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 235), 3);
    dl->AddRect(a, b, IM_COL32(rc.r, rc.g, rc.b, 255), 3, 0, 1.5f);
    dl->AddText(ImGui::GetFont(), fs, {a.x + 4, a.y + 2}, IM_COL32(25, 25, 25, 255), t.c_str());
  }
}

}  // namespace maraude::app
