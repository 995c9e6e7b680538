// Ranking panel: the gaps, most estimated uncovered NEETs first, as a sortable table with
// the reasons (population, distance to the nearest point). A click flies to the gap.
#include <algorithm>
#include <cmath>

#include "app/coverage_panels.h"
#include "core/text.h"
#include "imgui.h"

namespace maraude::app {

void go_to_gap(AppState& s, const CoverageController& c, const GapRow& r, double duration_s) {
  const auto& tg = c.targets()[r.target];
  using K = render::Selection::Kind;
  if (tg.kind == coverage::TargetKind::RuralCommune) s.select({K::Commune, tg.code});
  else if (tg.kind == coverage::TargetKind::Qpv) s.select({K::Qpv, tg.code});
  s.fly_to(r.box.inflated(3000), duration_s);
}

void draw_ranking_panel(AppState& s, const CoverageController& c) {
  if (!c.ready()) return;
  const bool en = s.style.english;
  // Under the menu bar, right of the side bar, clear of the legend.
  const float side = s.layout.sidebar_width * s.layout.ui_scale;
  bool began = false;
  if (!begin_window(s, Panel::Ranking, side + 12, 30, 700 * s.layout.ui_scale, 300 * s.layout.ui_scale, &began)) {
    if (began) end_window();
    return;
  }
  const std::vector<GapRow> by_neet = c.ranking(en, 300);
  std::vector<GapRow> rows = by_neet;
  ImGui::TextDisabled("%s", tr(s, "NEET estimés non couverts (aire non couverte × NEET de la cible) — cliquer pour y aller",
                               "Estimated uncovered NEETs (uncovered area × the target's NEETs) — click to fly there"));
  // Every column as wide as its header (no « NEET… »), at any interface size: fixed widths
  // measured from the header text; the table scrolls sideways when the window is narrower.
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingFixedFit;
  const float pad = 2 * ImGui::GetStyle().CellPadding.x + ImGui::GetFontSize();  // room for the sort arrow
  auto fit = [&](const char* header, const char* widest_value) {
    return std::max(ImGui::CalcTextSize(header).x, ImGui::CalcTextSize(widest_value).x) + pad;
  };
  const char* h_target = tr(s, "Cible", "Target");
  const char* h_neet = tr(s, "NEET non couverts", "Uncovered NEETs");
  const char* h_pop = tr(s, "Habitants non couverts", "People uncovered");
  const char* h_cov = tr(s, "Couvert", "Covered");
  const char* h_near = tr(s, "Point le plus proche", "Nearest point");
  const char* h_why = tr(s, "Raison", "Reason");
  if (ImGui::BeginTable("##gaps", 7, flags)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort, fit("#", "300"));
    ImGui::TableSetupColumn(h_target, ImGuiTableColumnFlags_WidthFixed, fit(h_target, "Saint-Pol-sur-Ternoise (commune rurale)"));
    ImGui::TableSetupColumn(h_neet, ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending,
                            fit(h_neet, "12 345"));
    ImGui::TableSetupColumn(h_pop, ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, fit(h_pop, "123 456"));
    ImGui::TableSetupColumn(h_cov, ImGuiTableColumnFlags_WidthFixed, fit(h_cov, "100 %"));
    ImGui::TableSetupColumn(h_near, ImGuiTableColumnFlags_WidthFixed, fit(h_near, "123,4 km"));
    ImGui::TableSetupColumn(h_why, ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            fit(h_why, "aucun point à moins de 15 km : le plus proche est à 23,4 km"));
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* sp = ImGui::TableGetSortSpecs(); sp && sp->SpecsCount > 0) {
      const int col = sp->Specs[0].ColumnIndex;
      const bool asc = sp->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
      auto key = [col](const GapRow& r) -> double {
        switch (col) {
          case 3: return r.uncovered_pop;
          case 4: return r.covered_pct;
          case 5: return r.nearest_km < 0 ? 1e9 : r.nearest_km;
          default: return r.uncovered_neet;
        }
      };
      if (col == 1)
        std::stable_sort(rows.begin(), rows.end(), [asc](const GapRow& a, const GapRow& b) { return asc ? a.name < b.name : a.name > b.name; });
      else
        std::stable_sort(rows.begin(), rows.end(), [&](const GapRow& a, const GapRow& b) { return asc ? key(a) < key(b) : key(a) > key(b); });
    }
    // The rank stays the NEET rank whatever the sort.
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()));
    while (clip.Step()) {
      for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
        const GapRow& r = rows[i];
        int rank = 0;
        for (size_t k = 0; k < by_neet.size(); ++k)
          if (by_neet[k].target == r.target) rank = static_cast<int>(k) + 1;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(r.target));
        if (ImGui::Selectable(std::to_string(rank).c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
          go_to_gap(s, c, r);
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::Text("%s (%s)", r.name.c_str(), r.kind.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_thousands(std::llround(r.uncovered_neet)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_thousands(std::llround(r.uncovered_pop)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted((format_fr(r.covered_pct, 0) + " %").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.nearest_km < 0 ? "—" : (format_fr(r.nearest_km, 1) + " km").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.reason.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.reason.c_str());
      }
    }
    ImGui::EndTable();
  }
  end_window();
}

}  // namespace maraude::app
