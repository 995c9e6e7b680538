#include "app/layout.h"

#include <algorithm>
#include <string>

#include "app/app_state.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace maraude::app {

const char* panel_label(Panel p, bool en) {
  switch (p) {
    case Panel::Search: return en ? "Search" : "Rechercher";
    case Panel::Layers: return en ? "Layers" : "Couches";
    case Panel::Coverage: return en ? "Coverage" : "Couverture";
    case Panel::Scenarios: return en ? "Scenarios" : "Scénarios";
    case Panel::Stories: return en ? "Stories and presenting" : "Récits et présentation";
    case Panel::Details: return en ? "Details" : "Détails";
    case Panel::Ranking: return en ? "Gap ranking" : "Classement des lacunes";
    case Panel::Planner: return en ? "Mobile-office tours" : "Tournées du bureau mobile";
    case Panel::Count: break;
  }
  return "";
}

bool in_sidebar(Panel p) { return p != Panel::Ranking && p != Panel::Planner; }

void Layout::reset() {
  open.fill(true);
  unfold.fill(false);
  open[static_cast<size_t>(Panel::Ranking)] = false;
  open[static_cast<size_t>(Panel::Planner)] = false;
  ++reset_count;
}

double map_share(const std::vector<BBox>& boxes, double W, double H) {
  if (W <= 0 || H <= 0) return 0;
  std::vector<BBox> b;
  std::vector<double> xs{0, W};
  for (const auto& r : boxes) {
    BBox c;
    c.minx = std::clamp(r.minx, 0.0, W);
    c.maxx = std::clamp(r.maxx, 0.0, W);
    c.miny = std::clamp(r.miny, 0.0, H);
    c.maxy = std::clamp(r.maxy, 0.0, H);
    if (r.empty() || c.maxx <= c.minx || c.maxy <= c.miny) continue;
    b.push_back(c);
    xs.push_back(c.minx);
    xs.push_back(c.maxx);
  }
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  double covered = 0;
  for (size_t i = 0; i + 1 < xs.size(); ++i) {  // each x strip: the union of the y intervals
    const double x0 = xs[i], x1 = xs[i + 1], xm = 0.5 * (x0 + x1);
    std::vector<std::pair<double, double>> ys;
    for (const auto& r : b)
      if (r.minx <= xm && xm <= r.maxx) ys.emplace_back(r.miny, r.maxy);
    std::sort(ys.begin(), ys.end());
    double len = 0, lo = 0, hi = -1;
    for (const auto& [a, z] : ys) {
      if (a > hi) {
        if (hi > lo) len += hi - lo;
        lo = a;
        hi = z;
      } else {
        hi = std::max(hi, z);
      }
    }
    if (hi > lo) len += hi - lo;
    covered += len * (x1 - x0);
  }
  return 1.0 - covered / (W * H);
}

namespace {
constexpr ImGuiWindowFlags kBarFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                       ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus;
}

bool begin_sidebar(AppState& s, float top, float bottom) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = std::min(s.layout.sidebar_width * s.layout.ui_scale, vp->Size.x * 0.45f);
  ImGui::SetNextWindowPos({vp->Pos.x, vp->Pos.y + top});
  ImGui::SetNextWindowSize({w, std::max(50.0f, vp->Size.y - top - bottom)});
  return ImGui::Begin("##sidebar", nullptr, kBarFlags);
}

void end_sidebar(AppState&) { ImGui::End(); }

bool begin_section(AppState& s, Panel p, bool default_unfolded) {
  const size_t i = static_cast<size_t>(p);
  if (!s.layout.open[i]) return false;
  if (s.layout.unfold[i]) {
    ImGui::SetNextItemOpen(true, ImGuiCond_Always);
    s.layout.unfold[i] = false;
    ImGui::SetScrollHereY(0.0f);
  } else {
    ImGui::SetNextItemOpen(default_unfolded, ImGuiCond_FirstUseEver);
  }
  bool visible = true;
  // The id carries the reset count: « Réinitialiser la disposition » folds each section back
  // to its default (a new header id has no stored open state).
  const std::string label = std::string(panel_label(p, s.style.english)) + "###sec" + std::to_string(i) + "_" +
                            std::to_string(s.layout.reset_count);
  const bool shown = ImGui::CollapsingHeader(label.c_str(), &visible);
  if (!visible) s.layout.open[i] = false;
  if (!shown || !visible) return false;
  ImGui::PushID(static_cast<int>(i));
  ImGui::Indent(4);
  return true;
}

void end_section() {
  ImGui::Unindent(4);
  ImGui::PopID();
  ImGui::Spacing();
}

bool begin_window(AppState& s, Panel p, float x, float y, float w, float h, bool* began) {
  const size_t i = static_cast<size_t>(p);
  *began = false;
  if (!s.layout.open[i]) return false;
  const ImGuiCond cond = s.layout.unfold[i] ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos({x, y}, cond);
  ImGui::SetNextWindowSize({w, h}, cond);
  if (s.layout.unfold[i]) {
    ImGui::SetNextWindowCollapsed(false, ImGuiCond_Always);
    ImGui::SetNextWindowFocus();
    s.layout.unfold[i] = false;
  }
  bool open = true;
  const std::string title = std::string(panel_label(p, s.style.english)) + "###win" + std::to_string(i);
  *began = true;
  const bool shown = ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings);
  if (!open) s.layout.open[i] = false;
  return shown;
}

void end_window() { ImGui::End(); }

std::vector<BBox> drawn_window_boxes() {
  std::vector<BBox> out;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  for (ImGuiWindow* w : g.Windows) {
    if (!w->Active || w->Hidden) continue;
    if (w->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip)) continue;
    BBox b;
    b.extend(Vec2{w->Pos.x, w->Pos.y});
    b.extend(Vec2{w->Pos.x + w->Size.x, w->Pos.y + w->Size.y});
    out.push_back(b);
  }
  return out;
}

}  // namespace maraude::app
