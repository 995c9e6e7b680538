// The export window (see panel_export.h).
#include "app/panel_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/coverage/scenario.h"
#include "core/text.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace maraude::app {

namespace {
const char* kFormats[] = {"A0", "A1", "A2", "A3", "A4"};
const char* kLevels[] = {"zone", "epci", "departement"};

void copy_path(ExportPanelState& ps, const std::string& p) {
  std::snprintf(ps.path, sizeof ps.path, "%s", p.c_str());
}

// The default path follows the choices until the user types one.
void refresh_default_path(const AppState& s, ExportPanelState& ps, const StoryPanelState& stories) {
  if (ps.path_edited) return;
  copy_path(ps, default_export_path(export_request(s, ps, stories), ps.dir.empty() ? "." : ps.dir));
}

bool radio(const char* label, bool active) { return ImGui::RadioButton(label, active); }
}  // namespace

void open_export_panel(ExportPanelState& ps, ExportKind kind, int story) {
  ps.open = true;
  ps.focus = true;
  ps.kind = kind;
  if (story >= 0) ps.story = story;
  ps.confirm_overwrite = false;
}

bool draw_export_status_button(const AppState& s) {
  const char* label = tr(s, "Exporter… (Ctrl+E)", "Export… (Ctrl+E)");
  // The status bar: cursor position on the left, the scale (and frame figures) on the right.
  ImGui::Begin("##status");  // appends to the status bar's window
  const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
  const float right = ImGui::CalcTextSize(s.layout.debug ? "échelle : 1 px = 1 234 m    image 999,9 ms · 999 appels"
                                                           : "échelle : 1 px = 1 234 m").x;
  const float x = ImGui::GetWindowWidth() - right - w - 40;
  bool clicked = false;
  if (x > 560 * s.layout.ui_scale) {  // clear of the coordinates text
    ImGui::SetCursorPos({x, ImGui::GetStyle().WindowPadding.y - 1});
    clicked = ImGui::SmallButton(label);
  }
  ImGui::End();
  return clicked;
}

ExportRequest export_request(const AppState& s, const ExportPanelState& ps, const StoryPanelState& stories,
                             const coverage::Scenario* edited) {
  ExportRequest r;
  r.kind = ps.kind;
  r.path = ps.path;
  r.english = s.style.english;
  const int si = ps.story >= 0 ? ps.story : stories.selected;
  if (si >= 0 && si < static_cast<int>(stories.stories.size())) r.story = stories.stories[si];
  r.by = kLevels[std::clamp(ps.by, 0, 2)];
  r.scenario = ps.scenario;
  if (ps.use_edited && edited) r.edited = *edited;
  if (edited) r.shown = *edited;  // the handout's views show the map's scenario as the presenter would
  r.poster.format = kFormats[std::clamp(ps.format, 0, 4)];
  r.poster.landscape = ps.landscape;
  r.poster.dpi = ps.dpi;
  r.poster.title = ps.title;
  r.pdf = ps.pdf;
  r.extent = s.camera.visible();
  r.style = s.style;
  r.style.hover = {};
  return r;
}

void draw_export_panel(AppState& s, ExportPanelState& ps, ExportController& ctl, const StoryPanelState& stories,
                       const std::vector<std::string>& scenarios, const coverage::Scenario* edited,
                       bool edited_modified, render::MapRenderer* renderer) {
  if (!ps.open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.45f}, ImGuiCond_Appearing,
                          {0.5f, 0.5f});
  ImGui::SetNextWindowSize({560, 0}, ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(1.0f);  // a dialog: the map does not show through
  if (ps.focus) {
    ImGui::SetNextWindowFocus();
    ImGui::SetNextWindowCollapsed(false);
    ps.focus = false;
  }
  bool open = true;
  if (!ImGui::Begin(tr(s, "Exporter###export", "Export###export"), &open, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    if (!open && !ctl.running()) ps.open = false;
    return;
  }
  // A dialog: stays above the panels (the coverage panels appear later and would cover it).
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  if (!open && !ctl.running()) ps.open = false;  // closing waits for a running export (cancel first)
  if (ps.dir.empty()) ps.dir = ".";
  if (ps.story < 0) ps.story = stories.selected;
  const bool busy = ctl.running();
  bool changed = false;
  const float label_w = 150;

  ImGui::BeginDisabled(busy);
  // What to export.
  ImGui::TextDisabled("%s", tr(s, "Que voulez-vous produire ?", "What do you want to produce?"));
  if (radio(tr(s, "Document du récit (PDF)", "Story handout (PDF)"), ps.kind == ExportKind::Handout)) {
    ps.kind = ExportKind::Handout;
    changed = true;
  }
  ImGui::SameLine();
  if (radio(tr(s, "Dossier des territoires (PDF)", "Territory dossier (PDF)"), ps.kind == ExportKind::Dossier)) {
    ps.kind = ExportKind::Dossier;
    changed = true;
  }
  ImGui::SameLine();
  if (radio(tr(s, "Affiche de la vue", "Poster of the view"), ps.kind == ExportKind::Poster)) {
    ps.kind = ExportKind::Poster;
    changed = true;
  }
  ImGui::Separator();

  if (ps.kind == ExportKind::Handout) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Récit", "Story"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
    const bool has = ps.story >= 0 && ps.story < static_cast<int>(stories.stories.size());
    if (ImGui::BeginCombo("##exstory", has ? stories.stories[ps.story].name.c_str() : tr(s, "(aucun récit)", "(no story)"))) {
      for (int i = 0; i < static_cast<int>(stories.stories.size()); ++i)
        if (ImGui::Selectable(stories.stories[i].name.c_str(), i == ps.story)) {
          ps.story = i;
          changed = true;
        }
      ImGui::EndCombo();
    }
    if (has) {
      const size_t n = stories.stories[ps.story].views.size();
      ImGui::TextDisabled(s.style.english ? "%zu views: one A4 landscape page each (map, legend, key figures, notes)"
                                          : "%zu vues : une page A4 paysage chacune (carte, légende, chiffres clés, notes)",
                          n);
    } else {
      ImGui::TextWrapped("%s", tr(s, "Aucun récit : créez-en un dans le panneau « Récits et présentation ».",
                                  "No story: create one in the “Stories and presenting” panel."));
    }
  } else if (ps.kind == ExportKind::Dossier) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Une page par", "One page per"));
    ImGui::SameLine(label_w);
    const char* levels[] = {tr(s, "zone d'emploi", "employment zone"), "EPCI", tr(s, "département", "département")};
    for (int i = 0; i < 3; ++i) {
      if (i) ImGui::SameLine();
      if (radio(levels[i], ps.by == i)) {
        ps.by = i;
        changed = true;
      }
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Scénario", "Scenario"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
    const std::string cur = ps.scenario.empty() ? coverage::kDefaultScenarioName : ps.scenario;
    // The scenario being edited (as the map shows it), or a stored one as saved.
    std::string edited_label;
    if (edited)
      edited_label = std::string(tr(s, "scénario affiché : « ", "scenario on the map: « ")) + edited->name + " »" +
                     (edited_modified ? tr(s, " (avec les modifications non enregistrées)", " (with unsaved edits)") : "");
    const std::string shown = ps.use_edited && edited ? edited_label : cur;
    if (ImGui::BeginCombo("##exscenario", shown.c_str())) {
      if (edited && ImGui::Selectable(edited_label.c_str(), ps.use_edited)) ps.use_edited = true;
      if (edited) ImGui::Separator();
      for (const auto& n : scenarios)
        if (ImGui::Selectable(n.c_str(), !ps.use_edited && n == cur)) {
          ps.scenario = n == coverage::kDefaultScenarioName ? "" : n;
          ps.use_edited = false;
          changed = true;
        }
      ImGui::EndCombo();
    }
    ImGui::TextDisabled("%s", ps.use_edited && edited
                                  ? tr(s, "Les lacunes du scénario tel que la carte le montre.",
                                       "The gaps of the scenario as the map shows it.")
                                  : tr(s, "Le scénario tel qu'enregistré dans l'espace de travail.",
                                       "The scenario as saved in the workspace."));
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Format", "Paper"));
    ImGui::SameLine(label_w);
    for (int i = 0; i < 5; ++i) {
      if (i) ImGui::SameLine();
      if (radio(kFormats[i], ps.format == i)) {
        ps.format = i;
        changed = true;
      }
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Orientation", "Orientation"));
    ImGui::SameLine(label_w);
    if (radio(tr(s, "portrait", "portrait"), !ps.landscape)) {
      ps.landscape = false;
      changed = true;
    }
    ImGui::SameLine();
    if (radio(tr(s, "paysage", "landscape"), ps.landscape)) {
      ps.landscape = true;
      changed = true;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Résolution (dpi)", "Resolution (dpi)"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("##exdpi", &ps.dpi, 50, 100);
    ImGui::SameLine();
    {
      render::PosterSpec sp;
      sp.format = kFormats[std::clamp(ps.format, 0, 4)];
      sp.landscape = ps.landscape;
      sp.dpi = ps.dpi;
      if (ps.dpi > 0 && ps.dpi <= 1200) {
        const render::PosterLayout L = render::poster_layout(sp);
        const double mb = static_cast<double>(L.width) * L.height * 4 / (1024.0 * 1024);
        ImGui::TextDisabled("%s × %s px · %s %s", format_thousands(L.width).c_str(), format_thousands(L.height).c_str(),
                            format_fr(mb >= 1024 ? mb / 1024 : mb, mb >= 1024 ? 1 : 0).c_str(),
                            mb >= 1024 ? tr(s, "Go", "GB") : tr(s, "Mo", "MB"));
      } else {
        ImGui::TextColored({0.75f, 0.2f, 0.1f, 1}, "%s", tr(s, "entre 1 et 1200 dpi", "between 1 and 1200 dpi"));
      }
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Titre", "Title"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##extitle", tr(s, "titre par défaut de l'affiche", "the poster's default title"), ps.title,
                             sizeof ps.title);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(s, "Fichier", "File"));
    ImGui::SameLine(label_w);
    if (radio("PNG", !ps.pdf)) {
      ps.pdf = false;
      changed = true;
    }
    ImGui::SameLine();
    if (radio(tr(s, "PDF (texte vectoriel)", "PDF (vector text)"), ps.pdf)) {
      ps.pdf = true;
      changed = true;
    }
    ImGui::TextDisabled("%s", tr(s, "La carte cadre la vue actuelle de la fenêtre, avec ses couches.",
                                 "The map frames the window's current view, with its layers."));
  }
  ImGui::Separator();

  // Output file.
  if (changed || ps.path[0] == 0) {
    refresh_default_path(s, ps, stories);
    ps.confirm_overwrite = false;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(s, "Enregistrer sous", "Save as"));
  ImGui::SameLine(label_w);
  const float reset_w = ImGui::CalcTextSize(tr(s, "Par défaut", "Default")).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(-(reset_w + ImGui::GetStyle().ItemSpacing.x));
  if (ImGui::InputText("##expath", ps.path, sizeof ps.path)) {
    ps.path_edited = true;
    ps.confirm_overwrite = false;
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(s, "Par défaut", "Default"))) {
    ps.path_edited = false;
    refresh_default_path(s, ps, stories);
    ps.confirm_overwrite = false;
  }
  ImGui::EndDisabled();

  // Start, overwrite confirmation, progress and cancel.
  auto start = [&] {
    ps.confirm_overwrite = false;
    ctl.start(export_request(s, ps, stories, edited), renderer);
  };
  if (busy) {
    ImGui::ProgressBar(ctl.fraction(), {-(ImGui::CalcTextSize(tr(s, "Annuler", "Cancel")).x + 24), 0},
                       ctl.progress_text().c_str());
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Annuler", "Cancel"), {-1, 0})) ctl.cancel();
  } else if (ps.confirm_overwrite) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.6f, 0.35f, 0.0f, 1}, s.style.english ? "“%s” already exists. Replace it?"
                                                               : "« %s » existe déjà. Le remplacer ?",
                       ps.path);
    ImGui::PopTextWrapPos();
    if (ImGui::Button(tr(s, "Remplacer", "Replace"), {140, 0})) start();
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Ne pas remplacer", "Keep it"), {160, 0})) ps.confirm_overwrite = false;
  } else {
    if (ImGui::Button(tr(s, "Exporter", "Export"), {140, 0})) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(trim(ps.path), ec)) ps.confirm_overwrite = true;
      else start();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(s, "Fermer", "Close"), {140, 0})) ps.open = false;
  }
  // Outcome of the last export.
  if (!busy && !ctl.message().empty()) {
    const auto st = ctl.state();
    const ImVec4 c = st == ExportController::State::Done       ? ImVec4{0.1f, 0.45f, 0.2f, 1}
                     : st == ExportController::State::Failed    ? ImVec4{0.75f, 0.15f, 0.1f, 1}
                                                                : ImVec4{0.35f, 0.35f, 0.35f, 1};
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(ctl.message().c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace maraude::app
