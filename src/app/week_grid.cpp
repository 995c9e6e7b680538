// The week grid of a rotation plan. See week_grid.h.
#include "app/week_grid.h"

#include <algorithm>
#include <cmath>

#include "app/layout.h"
#include "app/panel_rotation.h"
#include "app/planner_panels.h"
#include "core/text.h"
#include "imgui.h"
#include "render/route_layer.h"

namespace maraude::app {

namespace {

constexpr const char* kDayShortFr[7] = {"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."};
constexpr const char* kDayShortEn[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

ImVec4 col(render::Rgba c, float a = 1.f) { return {c.r / 255.f, c.g / 255.f, c.b / 255.f, a}; }

Vec2 stop_pos(const PlannerResult& R, int stop) {
  return R.places[static_cast<size_t>(R.input.stops[static_cast<size_t>(stop)].place)].pos;
}

}  // namespace

std::string grid_stop_name(const PlannerResult& R, int stop) {
  if (stop < 0 || static_cast<size_t>(stop) >= R.input.stops.size()) return "";
  const io::PlanPlace& p = R.places[static_cast<size_t>(R.input.stops[static_cast<size_t>(stop)].place)];
  // The commune (a QPV's label adds the quarter: the tooltip gives it).
  if (R.ws && !p.code.empty())
    if (const Commune* c = R.ws->commune(p.code)) return c->name;
  return p.label;
}

WeekGrid week_grid(const PlannerResult& R, bool en) {
  WeekGrid g;
  if (!R.rotation) return g;
  const routing::RotationPlan& rot = *R.rotation;
  g.weeks = std::max(1, rot.cycle_weeks);
  g.teams = std::max<int>(1, static_cast<int>(R.input.teams.size()));
  for (int d = 0; d < 7; ++d)
    if (rot.pattern.works(d)) {
      g.weekdays.push_back(d);
      g.halves = std::max(g.halves, static_cast<int>(rot.pattern.days[static_cast<size_t>(d)].size()));
    }
  // Column titles from the first worked day with that many slots.
  for (int h = 0; h < g.halves; ++h) {
    std::string t;
    for (int d : g.weekdays) {
      const auto& hs = rot.pattern.days[static_cast<size_t>(d)];
      if (static_cast<size_t>(h) >= hs.size()) continue;
      const bool morning = hs[static_cast<size_t>(h)].start_s < 12 * 3600;
      t = g.halves > 2 ? (en ? "Slot " : "Créneau ") + std::to_string(h + 1)
                       : std::string(morning ? (en ? "Morning" : "Matin") : (en ? "Afternoon" : "Après-midi"));
      t += " " + io::hhmm(hs[static_cast<size_t>(h)].start_s) + "–" + io::hhmm(hs[static_cast<size_t>(h)].end_s);
      break;
    }
    g.half_titles.push_back(t);
  }
  const size_t rows = g.weekdays.size();
  g.stops.assign(static_cast<size_t>(g.weeks) * rows * static_cast<size_t>(g.halves) * static_cast<size_t>(g.teams), -1);
  auto idx = [&](int w, size_t row, int h, int t) {
    return ((static_cast<size_t>(w) * rows + row) * static_cast<size_t>(g.halves) + static_cast<size_t>(h)) *
               static_cast<size_t>(g.teams) + static_cast<size_t>(t);
  };
  for (int w = 0; w < g.weeks; ++w)
    for (size_t row = 0; row < rows; ++row) {
      const int d = g.weekdays[row];
      const int n = static_cast<int>(rot.pattern.days[static_cast<size_t>(d)].size());
      for (int h = 0; h < g.halves; ++h)
        for (int t = 0; t < g.teams; ++t) {
          const auto& off = R.input.teams[static_cast<size_t>(t)].days_off;
          if (h >= n) g.stops[idx(w, row, h, t)] = -2;
          else if (std::find(off.begin(), off.end(), 7 * w + d) != off.end()) g.stops[idx(w, row, h, t)] = -3;
        }
    }
  for (const auto& pa : rot.passages) {
    const auto it = std::find(g.weekdays.begin(), g.weekdays.end(), pa.weekday);
    if (it == g.weekdays.end() || pa.half < 0 || pa.half >= g.halves || pa.team < 0 || pa.team >= g.teams) continue;
    const size_t row = static_cast<size_t>(it - g.weekdays.begin());
    const int P = pa.period_weeks > 0 ? pa.period_weeks : g.weeks;
    for (int w = pa.week; w < g.weeks; w += P) g.stops[idx(w, row, pa.half, pa.team)] = pa.stop;
  }
  (void)kDayShortEn;
  return g;
}

void draw_week_grid(AppState& s, PlannerController& c, PlannerPanelState& ps) {
  RotationPanelState& rs = ps.rotation;
  rs.hovered_stop = -1;
  const PlannerResult* R = c.result();
  if (!s.loaded() || !R || !R->rotation) return;
  if (rs.grid_seen != c.generation()) {  // a new rotation plan: the grid comes (back) at its place
    rs.grid_open = true;
  }
  if (!rs.grid_open) return;
  const bool en = s.style.english;
  const WeekGrid g = week_grid(*R, en);
  if (g.weekdays.empty() || g.halves == 0) return;

  // At the bottom left of the map, between the side bar and the Tournées panel.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float W = vp->Size.x, H = vp->Size.y, k = s.layout.ui_scale;
  const float left = std::min(s.layout.sidebar_width * k, W * 0.45f) + 8;
  const float right = s.layout.is_open(Panel::Planner) ? W - s.layout.planner_width(W) - 16 : W - 8;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight() + 2 * st.CellPadding.y + 1;
  const float lines = static_cast<float>(g.weeks * static_cast<int>(g.weekdays.size()) * g.teams + (g.weeks > 1 ? g.weeks : 0) + 1);
  const float want_w = (g.weeks > 1 ? 62 : 40) * k + g.halves * 150 * k + 2 * st.WindowPadding.x + 8;
  const float w = std::clamp(want_w, std::min(300.f, right - left), std::max(300.f, right - left));
  const float h = std::min(ImGui::GetFrameHeight() + 2 * st.WindowPadding.y + ImGui::GetTextLineHeightWithSpacing() +
                               lines * line + 4, H * 0.38f);
  const float bottom = H - ImGui::GetFrameHeight() - 6 - 8;  // above the status bar
  const ImGuiCond cond = rs.grid_seen != c.generation() ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  rs.grid_seen = c.generation();
  ImGui::SetNextWindowPos({left, bottom - h}, cond);
  ImGui::SetNextWindowSize({w, h}, cond);
  const std::string title = std::string(en ? "Rotation week" : "Semaine type de la rotation") + "###weekgrid";
  if (!ImGui::Begin(title.c_str(), &rs.grid_open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing)) {
    ImGui::End();
    return;
  }
  const auto& rot = *R->rotation;
  ImGui::TextDisabled(en ? "%d of %d slots used · cycle of %d week(s)" : "%d créneaux occupés sur %d · cycle de %d semaine(s)",
                      rot.cells_used, rot.cells, rot.cycle_weeks);
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInner | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchSame;
  if (ImGui::BeginTable("##grid", 1 + g.halves, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, (g.weeks > 1 ? 62.f : 40.f) * k);
    for (int h = 0; h < g.halves; ++h) ImGui::TableSetupColumn(g.half_titles[static_cast<size_t>(h)].c_str());
    ImGui::TableHeadersRow();
    int clicked = -1;
    for (int wk = 0; wk < g.weeks; ++wk) {
      if (g.weeks > 1) {
        ImGui::TableNextRow(0);
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(225, 230, 238, 255));
        ImGui::TableNextColumn();
        ImGui::Text(en ? "Wk %d" : "Sem. %d", wk + 1);
      }
      for (size_t row = 0; row < g.weekdays.size(); ++row) {
        const int d = g.weekdays[row];
        for (int t = 0; t < g.teams; ++t) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          if (t == 0) ImGui::TextUnformatted(en ? kDayShortEn[d] : kDayShortFr[d]);
          for (int h = 0; h < g.halves; ++h) {
            ImGui::TableNextColumn();
            const int stop = g.at(wk, static_cast<int>(row), h, t);
            std::string prefix = g.teams > 1 ? (en ? "T" : "É") + std::to_string(t + 1) + " " : std::string();
            if (stop < 0) {
              ImGui::TextDisabled("%s%s", prefix.c_str(), stop == -2 ? "" : stop == -3 ? (en ? "day off" : "repos")
                                                                                        : (en ? "— free —" : "— libre —"));
              continue;
            }
            const render::Rgba rc = render::route_color(7 * wk + d);
            ImGui::PushID(((wk * 7 + d) * 8 + h) * 64 + t);
            ImGui::PushStyleColor(ImGuiCol_Header, col(rc, 0.35f));
            ImGui::PushStyleColor(ImGuiCol_HeaderHovered, col(rc, 0.55f));
            const std::string name = prefix + grid_stop_name(*R, stop);
            if (ImGui::Selectable(name.c_str(), c.selected_stop == stop)) clicked = stop;
            ImGui::PopStyleColor(2);
            if (ImGui::IsItemHovered()) {
              rs.hovered_stop = stop;
              const auto& sp = R->input.stops[static_cast<size_t>(stop)];
              const auto& hd = rot.pattern.days[static_cast<size_t>(d)][static_cast<size_t>(h)];
              ImGui::SetTooltip("%s\n%s %s–%s · %s NEET", R->places[static_cast<size_t>(sp.place)].label.c_str(),
                                slot_name(rot.pattern, d, h, en).c_str(), io::hhmm(hd.start_s).c_str(), io::hhmm(hd.end_s).c_str(),
                                format_fr(sp.value, 1).c_str());
            }
            ImGui::PopID();
          }
        }
      }
    }
    ImGui::EndTable();
    if (clicked >= 0) {
      c.selected_stop = clicked;
      ps.select_tab = 1;
      // Hidden under a panel or off the map: brought to the middle of the map's free part
      // (between the side bar and the Tournées panel, above this grid), at the same scale.
      const ImVec2 fb = ImGui::GetIO().DisplayFramebufferScale;
      const Vec2 sp = s.camera.world_to_screen(stop_pos(*R, clicked));
      const double px = sp.x / std::max(0.01f, fb.x), py = sp.y / std::max(0.01f, fb.y);
      const float top = ImGui::GetWindowPos().y;  // this grid window
      if (px < left + 20 || px > right - 20 || py < 50 || py > top - 20) {
        const Vec2 to = s.camera.screen_to_world(0.5 * (left + right) * fb.x, 0.5 * (50 + top) * fb.y);
        const Vec2 d = stop_pos(*R, clicked) - to;
        const BBox v = s.camera.visible();
        s.fly_to(BBox{v.minx + d.x, v.miny + d.y, v.maxx + d.x, v.maxy + d.y}, 0.4);
      }
      s.mark_dirty();
    }
  }
  ImGui::End();
  // The hovered cell's stop ringed on the map (under the stop's dot, drawn later).
  if (rs.hovered_stop >= 0) {
    const ImVec2 fb = ImGui::GetIO().DisplayFramebufferScale;
    const Vec2 sp = s.camera.world_to_screen(stop_pos(*R, rs.hovered_stop));
    const ImVec2 p(static_cast<float>(sp.x) / std::max(0.01f, fb.x), static_cast<float>(sp.y) / std::max(0.01f, fb.y));
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddCircle(p, 16.0f, IM_COL32(255, 200, 0, 255), 24, 4.0f);
    dl->AddCircle(p, 19.5f, IM_COL32(30, 30, 30, 200), 24, 1.5f);
    s.mark_dirty();
  }
}

}  // namespace maraude::app
