// Stories panel and presenter screen (see panel_story.h).
#include "app/panel_story.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "imgui.h"
#include "io/workspace.h"

namespace maraude::app {

namespace {
ImU32 col(render::Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

const char* kSources =
    "Sources : IGN ADMIN EXPRESS, INSEE, ANCT (France Services, QPV 2024), France Travail, UNML — Licence Ouverte";

// Wraps `text` to `width` pixels at `size` (greedy, on spaces).
std::vector<std::string> wrap(ImFont* f, float size, const std::string& text, float width) {
  std::vector<std::string> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    const std::string para = text.substr(start, nl - start);
    std::string line;
    size_t i = 0;
    while (i <= para.size()) {
      size_t sp = para.find(' ', i);
      if (sp == std::string::npos) sp = para.size();
      const std::string word = para.substr(i, sp - i);
      const std::string cand = line.empty() ? word : line + " " + word;
      if (!line.empty() && f->CalcTextSizeA(size, 1e9f, 0, cand.c_str()).x > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = cand;
      }
      i = sp + 1;
    }
    lines.push_back(line);
    start = nl + 1;
  }
  return lines;
}
}  // namespace

void load_stories(StoryPanelState& ps) {
  ps.stories.clear();
  if (ps.workspace_path.empty()) return;
  try {
    for (const auto& d : io::list_documents(ps.workspace_path, kStoryKind)) {
      try {
        ps.stories.push_back(story_from_text(d.body, ps.workspace_path + ", récit « " + d.name + " »"));
        ps.stories.back().name = d.name;
      } catch (const Error& e) {
        ps.message = e.what();
      }
    }
  } catch (const Error& e) {
    ps.message = e.what();
  }
  if (ps.selected >= static_cast<int>(ps.stories.size())) ps.selected = -1;
  if (ps.selected < 0 && !ps.stories.empty()) ps.selected = 0;
}

void save_story(StoryPanelState& ps, const Story& st) {
  if (ps.workspace_path.empty()) return;
  try {
    io::put_document(ps.workspace_path, {kStoryKind, st.name, story_to_text(st), ""});
    ps.message.clear();
    std::erase(ps.unsaved, st.name);
  } catch (const Error& e) {
    ps.message = std::string("Enregistrement impossible : ") + e.what();
    if (std::find(ps.unsaved.begin(), ps.unsaved.end(), st.name) == ps.unsaved.end()) ps.unsaved.push_back(st.name);
  }
}

void draw_story_panel(AppState& s, StoryPanelState& ps) {
  if (!s.loaded()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Size.x - 410, 40}, ImGuiCond_FirstUseEver);  // folded: above the legend
  ImGui::SetNextWindowSize({400, 380}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  if (!ImGui::Begin(tr(s, "Récits et présentation###stories", "Stories and presenting###stories"))) {
    ImGui::End();
    return;
  }
  // Story choice.
  const char* cur = ps.selected >= 0 ? ps.stories[ps.selected].name.c_str() : tr(s, "(aucun récit)", "(no story)");
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##story", cur)) {
    for (int i = 0; i < static_cast<int>(ps.stories.size()); ++i)
      if (ImGui::Selectable(ps.stories[i].name.c_str(), i == ps.selected)) {
        ps.selected = i;
        ps.selected_view = -1;
      }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(220);
  ImGui::InputTextWithHint("##newname", tr(s, "nom du nouveau récit", "new story name"), ps.new_name, sizeof ps.new_name);
  ImGui::SameLine();
  if (ImGui::Button(tr(s, "Créer depuis la vue", "New from view")) && ps.new_name[0]) {
    Story st;
    st.name = ps.new_name;
    st.views.push_back(view_from_state(s, tr(s, "Vue 1", "View 1")));
    auto it = std::find_if(ps.stories.begin(), ps.stories.end(), [&](const Story& x) { return x.name == st.name; });
    if (it != ps.stories.end()) {
      ps.message = tr(s, "Un récit porte déjà ce nom.", "A story already has that name.");
    } else {
      ps.stories.push_back(st);
      ps.selected = static_cast<int>(ps.stories.size()) - 1;
      save_story(ps, st);
      ps.new_name[0] = 0;
    }
  }
  if (ps.selected >= 0) {
    Story& st = ps.stories[ps.selected];
    bool changed = false;
    if (ImGui::BeginListBox("##views", {-1, 150})) {
      for (int i = 0; i < static_cast<int>(st.views.size()); ++i) {
        const std::string label = std::to_string(i + 1) + ". " + st.views[i].title + "##v" + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), i == ps.selected_view)) {
          ps.selected_view = i;
          apply_story_view(s, st.views[i]);
        }
      }
      ImGui::EndListBox();
    }
    if (ImGui::Button(tr(s, "+ Vue actuelle", "+ Current view"))) {
      st.views.push_back(view_from_state(s, std::string(tr(s, "Vue ", "View ")) + std::to_string(st.views.size() + 1)));
      ps.selected_view = static_cast<int>(st.views.size()) - 1;
      changed = true;
    }
    const int v = ps.selected_view;
    if (v >= 0 && v < static_cast<int>(st.views.size())) {
      ImGui::SameLine();
      if (ImGui::ArrowButton("##up", ImGuiDir_Up) && v > 0) { move_view(st, v, v - 1); ps.selected_view = v - 1; changed = true; }
      ImGui::SameLine();
      if (ImGui::ArrowButton("##down", ImGuiDir_Down) && v + 1 < static_cast<int>(st.views.size())) {
        move_view(st, v, v + 1);
        ps.selected_view = v + 1;
        changed = true;
      }
      ImGui::SameLine();
      if (ImGui::Button(tr(s, "Dupliquer", "Duplicate"))) { duplicate_view(st, v); changed = true; }
      ImGui::SameLine();
      if (ImGui::Button(tr(s, "Supprimer", "Delete"))) {
        remove_view(st, v);
        ps.selected_view = std::min(v, static_cast<int>(st.views.size()) - 1);
        changed = true;
      }
    }
    if (changed) save_story(ps, st);
    ImGui::Separator();
    if (ps.monitors.size() > 1) {
      ImGui::SetNextItemWidth(-1);
      const std::string m = ps.monitors[std::clamp(ps.monitor, 0, static_cast<int>(ps.monitors.size()) - 1)];
      if (ImGui::BeginCombo("##monitor", m.c_str())) {
        for (int i = 0; i < static_cast<int>(ps.monitors.size()); ++i)
          if (ImGui::Selectable(ps.monitors[i].c_str(), i == ps.monitor)) ps.monitor = i;
        ImGui::EndCombo();
      }
    }
    ImGui::Checkbox(tr(s, "Notes dans une seconde fenêtre (F2)", "Notes in a second window (F2)"), &ps.notes_window);
    ImGui::BeginDisabled(st.views.empty());
    if (ImGui::Button(tr(s, "Présenter en plein écran (F5)", "Present full screen (F5)"), {-1, 0})) ps.present_requested = true;
    ImGui::EndDisabled();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(s, "→ / espace : suivante · Page préc. : précédente · N : notes à l’écran · F2 : fenêtre des notes · Échap : quitter",
                                 "→ / space: next · Page Up: previous · N: notes on screen · F2: notes window · Esc: leave"));
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  // Printable exports: this story's handout first; the window also makes the dossier and posters.
  if (ImGui::Button(tr(s, "Exporter… (document PDF, dossier, affiche)", "Export… (PDF handout, dossier, poster)"), {-1, 0})) {
    ps.export_requested = true;
    ps.export_requested_kind = ps.selected >= 0 ? ExportKind::Handout : ExportKind::Dossier;
  }
  if (!ps.message.empty()) ImGui::TextWrapped("%s", ps.message.c_str());
  ImGui::End();
}

BBox draw_presenter_screen(const AppState& s, const Presenter& p, const Fonts& fonts, bool pointer_ring,
                           const std::vector<BBox>& taken) {
  if (!p.active()) return {};
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float W = vp->Size.x, H = vp->Size.y;
  const float u = std::max(1.0f, H / 1080.0f);  // one "presenter pixel"
  const float pad = 22 * u;
  const render::Rgba ink = render::palette::kText, muted = render::palette::kTextMuted;
  const ImU32 panel = IM_COL32(255, 255, 255, 255), line = IM_COL32(185, 194, 201, 255);
  const ImU32 accent = IM_COL32(31, 58, 95, 255);
  auto width = [&](ImFont* f, float size, const std::string& t) { return f->CalcTextSizeA(size, 1e9f, 0, t.c_str()).x; };

  // Room left by the map overlay: the legend (top right), the scale bar and north arrow (bottom left).
  float right = W - pad;  // boxes end left of the legend
  bool legend_low = false;
  float left_bottom = pad;
  for (const auto& b : taken) {
    if (b.minx > W * 0.5 && b.miny < H * 0.5) {
      right = std::min(right, static_cast<float>(b.minx) - 14 * u);
      legend_low = legend_low || b.maxy > H * 0.5;
    } else if (b.maxx < W * 0.5 && b.maxy > H * 0.5) {
      left_bottom = std::max(left_bottom, static_cast<float>(b.maxx));
    }
  }

  // Title band: story name and counter, the view's title on at most two lines (smaller type
  // for a long title rather than a clipped one).
  const StoryView& v = p.view();
  const float ss = 24 * u;
  const std::string counter = std::to_string(p.index() + 1) + " / " + std::to_string(p.count());
  const float max_bw = std::max(320 * u, std::min(W * 0.62f, right - pad));
  const float text_w = max_bw - 2 * pad - 10 * u;
  float ts = 44 * u;
  std::vector<std::string> tl = wrap(fonts.bold, ts, v.title, text_w);
  while (tl.size() > (ts > 36 * u ? 1u : 2u) && ts > 30 * u) {
    ts *= 0.92f;
    tl = wrap(fonts.bold, ts, v.title, text_w);
  }
  if (tl.size() > 2) {
    tl.resize(2);
    tl[1] += "…";
  }
  float tw = width(fonts.regular, ss, p.story().name) + width(fonts.bold, ss, counter) + 30 * u;
  for (const auto& l : tl) tw = std::max(tw, width(fonts.bold, ts, l));
  const float bw = std::min(max_bw, tw + 2 * pad + 10 * u);
  const float bh = ss + 6 * u + tl.size() * ts * 1.1f + 1.4f * pad;
  dl->AddRectFilled({pad, pad}, {pad + bw, pad + bh}, panel, 6 * u);
  dl->AddRect({pad, pad}, {pad + bw, pad + bh}, line, 6 * u, 0, 1.5f * u);
  dl->AddRectFilled({pad, pad}, {pad + 8 * u, pad + bh}, accent, 6 * u, ImDrawFlags_RoundCornersLeft);
  const float cw = width(fonts.bold, ss, counter);
  dl->PushClipRect({pad, pad}, {pad + bw - pad * 0.5f, pad + bh}, true);
  dl->PushClipRect({pad, pad}, {pad + bw - pad - cw - 16 * u, pad + bh}, true);
  dl->AddText(fonts.regular, ss, {pad + pad + 4 * u, pad + pad * 0.7f}, col(muted), p.story().name.c_str());
  dl->PopClipRect();
  float ty = pad + pad * 0.7f + ss + 6 * u;
  for (const auto& l : tl) {
    dl->AddText(fonts.bold, ts, {pad + pad + 4 * u, ty}, col(ink), l.c_str());
    ty += ts * 1.1f;
  }
  dl->PopClipRect();
  dl->AddText(fonts.bold, ss, {pad + bw - pad - cw, pad + pad * 0.7f}, accent, counter.c_str());

  float y = pad + bh + 12 * u;
  // What the view names but the workspace lacks: shown, never silent.
  if (!p.problems().empty()) {
    const float ps_ = 20 * u, w = std::min({W * 0.5f, 820 * u, right - pad});
    std::vector<std::string> lines;
    for (const auto& n : p.problems())
      for (auto& l : wrap(fonts.regular, ps_, n, w - 2 * pad)) lines.push_back(l);
    const float h = lines.size() * ps_ * 1.25f + pad;
    dl->AddRectFilled({pad, y}, {pad + w, y + h}, IM_COL32(255, 244, 214, 255), 6 * u);
    dl->AddRect({pad, y}, {pad + w, y + h}, IM_COL32(214, 160, 40, 255), 6 * u, 0, 1.5f * u);
    float ly = y + pad * 0.5f;
    for (const auto& l : lines) {
      dl->AddText(fonts.regular, ps_, {pad + pad * 0.7f, ly}, IM_COL32(90, 60, 0, 255), l.c_str());
      ly += ps_ * 1.25f;
    }
    y += h + 12 * u;
  }

  // Sources and the keys, bottom right, right of the scale bar (wrapped when narrow); at
  // most about 110 u high, the room the viewer keeps free under the legend.
  float bottom_top = H - pad;
  {
    const float fs = 19 * u, ks = 15 * u, ip = pad * 0.7f;
    const std::string keys = s.style.english
                                 ? "→ / space / Page Down: next   Page Up: previous   N: notes   F2: notes window   Esc: leave"
                                 : "→ / espace / Page suiv. : suivante   Page préc. : précédente   N : notes   F2 : fenêtre des notes   Échap : quitter";
    const float x_min = left_bottom + 16 * u;
    const float max_w = W - pad - x_min - 2 * ip;
    float fs_src = fs;  // one line when a slightly smaller type allows it
    if (width(fonts.regular, fs, kSources) > max_w && width(fonts.regular, fs * 0.85f, kSources) <= max_w) fs_src = fs * 0.85f;
    const auto src = wrap(fonts.regular, fs_src, kSources, max_w);
    const auto kl = wrap(fonts.regular, ks, keys, max_w);
    float w = 0;
    for (const auto& l : src) w = std::max(w, width(fonts.regular, fs_src, l));
    for (const auto& l : kl) w = std::max(w, width(fonts.regular, ks, l));
    w += 2 * ip;
    const float h = src.size() * fs_src * 1.3f + kl.size() * ks * 1.3f + ip;
    const float x0 = W - pad - w, y0 = H - pad - h;
    dl->AddRectFilled({x0, y0}, {W - pad, H - pad}, panel, 6 * u);
    dl->AddRect({x0, y0}, {W - pad, H - pad}, line, 6 * u, 0, 1.0f * u);
    float ly = y0 + ip * 0.5f;
    for (const auto& l : src) {
      dl->AddText(fonts.regular, fs_src, {x0 + ip, ly}, col(ink), l.c_str());
      ly += fs_src * 1.3f;
    }
    for (const auto& l : kl) {
      dl->AddText(fonts.regular, ks, {x0 + ip, ly}, col(muted), l.c_str());
      ly += ks * 1.3f;
    }
    bottom_top = y0;
  }

  // Presenter notes (N): above the sources, between the scale bar and the legend.
  if (p.show_notes) {
    const float fs = 24 * u;
    const float x_lo = left_bottom + 16 * u, x_hi = legend_low ? right : W - pad;
    const float w = std::max(300 * u, std::min(x_hi - x_lo, 1100 * u));
    const std::string text = v.notes.empty() ? (s.style.english ? "(no notes)" : "(pas de notes)") : v.notes;
    auto lines = wrap(fonts.regular, fs, text, w - 2 * pad);
    const size_t max_lines = static_cast<size_t>(std::max(1.0f, (bottom_top - 12 * u - y - pad) / (fs * 1.3f)));
    if (lines.size() > max_lines) {
      lines.resize(max_lines);
      lines.back() += " …";
    }
    const float h = lines.size() * fs * 1.3f + pad;
    const float x0 = x_lo + std::max(0.0f, (x_hi - x_lo - w) * 0.5f), y0 = bottom_top - 12 * u - h;
    dl->AddRectFilled({x0, y0}, {x0 + w, y0 + h}, IM_COL32(34, 34, 34, 230), 6 * u);
    float ly = y0 + pad * 0.5f;
    for (const auto& l : lines) {
      dl->AddText(fonts.regular, fs, {x0 + pad, ly}, IM_COL32(255, 255, 255, 255), l.c_str());
      ly += fs * 1.3f;
    }
  }

  // Pointer ring: where the presenter points, visible from the back of the room.
  if (pointer_ring) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x > -1e6f && m.y > -1e6f) {
      const float r = 30 * u;
      dl->AddCircleFilled(m, r, IM_COL32(230, 60, 40, 45), 48);
      dl->AddCircle(m, r, IM_COL32(255, 255, 255, 230), 48, 7 * u);
      dl->AddCircle(m, r, IM_COL32(230, 60, 40, 255), 48, 4 * u);
    }
  }
  return BBox{0, y, right, bottom_top};  // the map area the boxes leave free (notes aside)
}

}  // namespace maraude::app
