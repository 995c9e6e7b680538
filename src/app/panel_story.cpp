// Stories panel and presenter screen (see panel_story.h).
#include "app/panel_story.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/error.h"
#include "core/region_text.h"
#include "imgui.h"
#include "io/document_store.h"
#include "io/workspace.h"

namespace maraude::app {

namespace {
ImU32 col(render::Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }


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
// The views of the story as rows: thumbnail on the left (a grey frame while it renders),
// number, title and the start of the notes on the right; the chosen view framed in the
// accent colour. True when a row was clicked (ps.selected_view is then that row).
bool draw_view_list(const AppState& s, StoryPanelState& ps, const Story& st) {
  const float tw = StoryThumbnails::kWidth, th = StoryThumbnails::kHeight, pad = 4;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row_h = th + 2 * pad, step = row_h + style.ItemSpacing.y;
  const int n = static_cast<int>(st.views.size());
  const float list_h = std::clamp(n * step, step, 2.6f * step) + 2 * style.WindowPadding.y;
  bool clicked = false;
  if (n == 0) {
    ImGui::TextDisabled("%s", tr(s, "Aucune vue : « + Vue actuelle » en ajoute une.", "No views: “+ Current view” adds one."));
    return false;
  }
  if (!ImGui::BeginChild("##views", {-1, list_h}, true)) {
    ImGui::EndChild();
    return false;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* font = ImGui::GetFont();
  const float fs = ImGui::GetFontSize();
  const ImU32 ink = col(render::palette::kText), muted = col(render::palette::kTextMuted);
  const ImU32 accent = IM_COL32(31, 58, 95, 255), frame = IM_COL32(185, 194, 201, 255);
  for (int i = 0; i < n; ++i) {
    const StoryView& v = st.views[i];
    const bool sel = i == ps.selected_view;
    ImGui::PushID(i);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    if (ImGui::Selectable("##row", sel, 0, {0, row_h})) {
      ps.selected_view = i;
      clicked = true;
    }
    if (ImGui::IsItemHovered() && !v.notes.empty()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
      ImGui::TextUnformatted(v.notes.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    const ImVec2 p1 = ImGui::GetItemRectMax();
    const ImVec2 a{p0.x + pad, p0.y + pad}, b{a.x + tw, a.y + th};
    // Only the rows in sight ask for their image.
    const unsigned tex = ps.thumbnails && ImGui::IsRectVisible(a, b) ? ps.thumbnails->texture(v) : 0;
    if (tex) {
      dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), a, b);
    } else {
      dl->AddRectFilled(a, b, col(render::palette::kBackground));
      const char* wait = "…";
      const ImVec2 ts = ImGui::CalcTextSize(wait);
      dl->AddText({(a.x + b.x - ts.x) / 2, (a.y + b.y - ts.y) / 2}, muted, wait);
    }
    if (sel) dl->AddRect({a.x - 1.5f, a.y - 1.5f}, {b.x + 1.5f, b.y + 1.5f}, accent, 0, 0, 3.0f);
    else dl->AddRect({a.x - 0.5f, a.y - 0.5f}, {b.x + 0.5f, b.y + 0.5f}, frame);
    // Title (up to two lines) and notes, clipped to the row.
    const float x = b.x + 10, w = std::max(20.0f, p1.x - pad - x);
    const ImVec4 clip{x, p0.y, p1.x - pad, p0.y + row_h};
    const std::string title = std::to_string(i + 1) + ". " + (v.title.empty() ? tr(s, "(sans titre)", "(untitled)") : v.title);
    float y = a.y;
    const float title_h = std::min(2 * fs, font->CalcTextSizeA(fs, 1e9f, w, title.c_str()).y);
    const ImVec4 title_clip{clip.x, clip.y, clip.z, y + title_h + 1};
    dl->AddText(font, fs, {x, y}, sel ? accent : ink, title.c_str(), nullptr, w, &title_clip);
    if (sel) dl->AddText(font, fs, {x + 0.6f, y}, accent, title.c_str(), nullptr, w, &title_clip);  // bold-ish
    y += title_h + 4;
    const std::string notes = v.notes.empty() ? tr(s, "(pas de notes)", "(no notes)") : v.notes;
    const float small = fs * 0.9f;
    const ImVec4 notes_clip{clip.x, clip.y, clip.z, y + std::floor((clip.w - y) / small) * small};  // whole lines
    dl->AddText(font, small, {x, y}, muted, notes.c_str(), nullptr, w, &notes_clip);
    ImGui::PopID();
  }
  // Keep the chosen view in sight when it changes from the buttons (up, down, new).
  if (ps.selected_view != ps.list_view && ps.selected_view >= 0 && ps.selected_view < n && !clicked)
    ImGui::SetScrollY(std::max(0.0f, ps.selected_view * step - step));
  ps.list_view = ps.selected_view;
  ImGui::EndChild();
  return clicked;
}

// The chosen view's title and notes (saved when a field loses the focus after an edit) and
// "Recadrer ici" (the view takes the map's current extent, layers and highlight). True when
// the story changed.
bool draw_view_editor(AppState& s, StoryPanelState& ps, Story& st) {
  const int v = ps.selected_view;
  if (v < 0 || v >= static_cast<int>(st.views.size())) return false;
  StoryView& view = st.views[v];
  if (ps.edit_view != v) {
    std::snprintf(ps.edit_title, sizeof ps.edit_title, "%s", view.title.c_str());
    std::snprintf(ps.edit_notes, sizeof ps.edit_notes, "%s", view.notes.c_str());
    ps.edit_view = v;
  }
  bool changed = false;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##title", tr(s, "titre de la vue", "view title"), ps.edit_title, sizeof ps.edit_title);
  if (ImGui::IsItemDeactivatedAfterEdit() && view.title != ps.edit_title) {
    view.title = ps.edit_title;
    changed = true;
  }
  ImGui::InputTextMultiline("##notes", ps.edit_notes, sizeof ps.edit_notes, {-1, ImGui::GetTextLineHeight() * 3.4f});
  if (ImGui::IsItemDeactivatedAfterEdit() && view.notes != ps.edit_notes) {
    view.notes = ps.edit_notes;
    changed = true;
  }
  if (ImGui::Button(tr(s, "Recadrer sur la carte actuelle", "Reframe on the current map"))) {
    StoryView now = view_from_state(s, view.title);
    now.notes = view.notes;
    now.scenario = view.scenario;
    view = std::move(now);
    changed = true;
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr(s, "La vue prend l’étendue, les couches et la surbrillance de la carte (titre, notes et scénario gardés).",
                               "The view takes the map's extent, layers and highlight (title, notes and scenario kept)."));
  return changed;
}
}  // namespace

void load_stories(StoryPanelState& ps) {
  ps.stories.clear();
  ps.versions.clear();
  if (ps.workspace_path.empty()) return;
  try {
    for (const auto& d : io::list_documents(ps.workspace_path, kStoryKind)) {
      ps.versions[d.name] = d.version;
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
    auto store = io::open_document_store(ps.workspace_path);
    const io::Document doc{kStoryKind, st.name, story_to_text(st), ""};
    const auto it = ps.versions.find(st.name);
    try {
      ps.versions[st.name] = store->save(doc, it == ps.versions.end() ? 0 : it->second).version;
    } catch (const io::DocumentConflict& c) {
      // Someone saved it meanwhile: this version is stored beside, under a free name.
      std::string kept;
      for (int i = 1; i < 100 && kept.empty(); ++i) {
        io::Document copy = doc;
        copy.name = st.name + " (ma version" + (i > 1 ? " " + std::to_string(i) : std::string()) + ")";
        try {
          ps.versions[copy.name] = store->save(copy, 0).version;
          kept = copy.name;
        } catch (const io::DocumentConflict&) {
        }
      }
      std::erase(ps.unsaved, st.name);
      ps.message = "Récit « " + st.name + " » " + io::changed_by_text(c.theirs()) + " : rien n’est écrasé" +
                   (kept.empty() ? std::string() : ", votre version est gardée sous « " + kept + " »");
      return;
    }
    ps.message.clear();
    std::erase(ps.unsaved, st.name);
  } catch (const Error& e) {
    ps.message = std::string("Enregistrement impossible : ") + e.what();
    if (std::find(ps.unsaved.begin(), ps.unsaved.end(), st.name) == ps.unsaved.end()) ps.unsaved.push_back(st.name);
  }
}

void record_story_edit(StoryPanelState& ps, const std::string& name, std::optional<Story> before) {
  ps.history.push({name, std::move(before)});
  if (ps.on_edit) ps.on_edit();
}

namespace {
// The story named `e.name` becomes `e.before` (removed when empty); returns it as it was.
StoryEdit put_story_state(StoryPanelState& ps, StoryEdit e) {
  auto it = std::find_if(ps.stories.begin(), ps.stories.end(), [&](const Story& x) { return x.name == e.name; });
  StoryEdit now{e.name, it == ps.stories.end() ? std::nullopt : std::optional<Story>(*it)};
  const std::string selected = ps.selected >= 0 && ps.selected < static_cast<int>(ps.stories.size())
                                   ? ps.stories[static_cast<size_t>(ps.selected)].name
                                   : std::string();
  if (e.before) {
    if (it == ps.stories.end()) ps.stories.push_back(*e.before);
    else *it = *e.before;
    save_story(ps, *e.before);
  } else if (it != ps.stories.end()) {
    ps.stories.erase(it);
    if (!ps.workspace_path.empty()) {
      try {
        io::delete_document(ps.workspace_path, kStoryKind, e.name);
        ps.versions.erase(e.name);
      } catch (const Error& err) {
        ps.message = std::string("Suppression impossible : ") + err.what();
      }
    }
  }
  // The edited story stays (or becomes) the chosen one; its fields reload.
  const std::string want = e.before ? e.name : selected;
  ps.selected = -1;
  for (size_t i = 0; i < ps.stories.size(); ++i)
    if (ps.stories[i].name == want) ps.selected = static_cast<int>(i);
  if (ps.selected < 0 && !ps.stories.empty()) ps.selected = 0;
  if (ps.selected >= 0)
    ps.selected_view = std::min(ps.selected_view, static_cast<int>(ps.stories[static_cast<size_t>(ps.selected)].views.size()) - 1);
  else
    ps.selected_view = -1;
  ps.edit_view = -1;
  return now;
}
}  // namespace

void story_undo(StoryPanelState& ps) {
  if (!ps.history.can_undo()) return;
  const std::string name = ps.history.next_undo().name;
  auto it = std::find_if(ps.stories.begin(), ps.stories.end(), [&](const Story& x) { return x.name == name; });
  StoryEdit now{name, it == ps.stories.end() ? std::nullopt : std::optional<Story>(*it)};
  put_story_state(ps, ps.history.undo(std::move(now)));
}

void story_redo(StoryPanelState& ps) {
  if (!ps.history.can_redo()) return;
  const std::string name = ps.history.next_redo().name;
  auto it = std::find_if(ps.stories.begin(), ps.stories.end(), [&](const Story& x) { return x.name == name; });
  StoryEdit now{name, it == ps.stories.end() ? std::nullopt : std::optional<Story>(*it)};
  put_story_state(ps, ps.history.redo(std::move(now)));
}

void draw_story_panel(AppState& s, StoryPanelState& ps) {
  if (!s.loaded()) return;
  if (ps.expand) {
    s.layout.show(Panel::Stories);
    ps.expand = false;
  }
  if (!begin_section(s, Panel::Stories, false)) return;
  // Thumbnails: the views of every story name what the images need; those of the chosen
  // story are asked for below as their rows show, the window renders one per frame.
  if (ps.thumbnails) {
    ThumbnailContext tc;
    tc.base = s.style;
    tc.shown_scenario = ps.shown_scenario;
    ps.thumbnails->sync(ps.stories, tc, *s.workspace());
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
      record_story_edit(ps, st.name, std::nullopt);
      save_story(ps, st);
      ps.new_name[0] = 0;
    }
  }
  if (ps.selected >= 0) {
    Story& st = ps.stories[ps.selected];
    const Story before = st;  // for undo, when this frame changes it
    bool changed = false;
    if (draw_view_list(s, ps, st)) {
      apply_story_view(s, st.views[ps.selected_view]);
      ps.edit_view = -1;
    }
    if (draw_view_editor(s, ps, st)) changed = true;
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
    if (changed) {
      record_story_edit(ps, st.name, before);
      save_story(ps, st);
      ps.edit_view = -1;  // the fields reload from the view now at the chosen place
    }
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
  end_section();
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
    const std::string kSources = s.workspace() ? sources_line(*s.workspace()) : std::string();
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
