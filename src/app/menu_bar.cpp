#include "app/menu_bar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "io/pg.h"
#include "imgui.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

namespace fs = std::filesystem;

std::string recent_file() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return (fs::path(xdg) / "maraude" / "recents").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / ".config" / "maraude" / "recents").string();
  return {};
}

std::vector<std::string> load_recent() {
  std::vector<std::string> out;
  const std::string f = recent_file();
  if (f.empty()) return out;
  std::ifstream in(f);
  std::string line;
  while (std::getline(in, line) && out.size() < 8)
    if (!line.empty() && std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
  return out;
}

void add_recent(MenuState& m, const std::string& path) {
  std::error_code ec;
  std::string p = io::pg::is_location(path) ? path : fs::absolute(path, ec).lexically_normal().string();
  if (ec) p = path;
  std::erase(m.recent, p);
  m.recent.insert(m.recent.begin(), p);
  if (m.recent.size() > 8) m.recent.resize(8);
  const std::string f = recent_file();
  if (f.empty()) return;
  try {
    fs::create_directories(fs::path(f).parent_path(), ec);
    AtomicFile af(f);
    {
      std::ofstream out(af.tmp());
      for (const auto& r : m.recent) out << r << "\n";
    }
    af.commit();
  } catch (...) {
    // A list of recent files that cannot be written is not worth interrupting the work.
  }
}

void open_open_dialog(MenuState& m, const std::string& near) {
  m.open_dialog = true;
  m.open_dialog_shown = false;
  m.open_error.clear();
  std::error_code ec;
  fs::path dir = near.empty() || io::pg::is_location(near) ? fs::current_path(ec) : fs::path(near);
  if (!fs::is_directory(dir, ec)) dir = dir.has_parent_path() ? dir.parent_path() : fs::current_path(ec);
  m.folder = dir.string();
  m.files.clear();
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".gpkg" && it->is_regular_file(ec)) m.files.push_back(it->path().string());
  std::sort(m.files.begin(), m.files.end());
  std::snprintf(m.path, sizeof m.path, "%s", near.empty() ? "" : near.c_str());
}

namespace {
void draw_open_dialog(AppState& s, MenuState& m, MenuActions& a) {
  const char* title = tr(s, "Ouvrir un espace de travail###open", "Open a workspace###open");
  if (m.open_dialog && !m.open_dialog_shown) {
    ImGui::OpenPopup(title);
    m.open_dialog_shown = true;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Size.x * 0.5f, vp->Size.y * 0.4f}, ImGuiCond_Appearing, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({std::min(640.0f * s.layout.ui_scale, vp->Size.x - 40), 0}, ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    if (m.open_dialog_shown) m.open_dialog = false;
    return;
  }
  ImGui::TextWrapped("%s", tr(s, "Chemin du fichier .gpkg (créé par « maraude import »), ou base d’équipe PG:\"host=… dbname=… user=…\" :",
                              "Path of the .gpkg file (made by « maraude import »), or team database PG:\"host=… dbname=… user=…\":"));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool enter = ImGui::InputText("##path", m.path, sizeof m.path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::TextDisabled("%s %s", tr(s, "Dossier :", "Folder:"), m.folder.c_str());
  if (ImGui::BeginListBox("##files", {-1, 6 * ImGui::GetTextLineHeightWithSpacing()})) {
    if (m.files.empty()) ImGui::TextDisabled("%s", tr(s, "aucun fichier .gpkg dans ce dossier", "no .gpkg file in this folder"));
    for (const auto& f : m.files) {
      const std::string name = fs::path(f).filename().string();
      if (ImGui::Selectable(name.c_str(), f == m.path, ImGuiSelectableFlags_AllowDoubleClick)) {
        std::snprintf(m.path, sizeof m.path, "%s", f.c_str());
        if (ImGui::IsMouseDoubleClicked(0)) a.open = f;
      }
    }
    ImGui::EndListBox();
  }
  if (!m.open_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.7f, 0.1f, 0.1f, 1));
    ImGui::TextWrapped("%s", m.open_error.c_str());
    ImGui::PopStyleColor();
  }
  if (ImGui::Button(tr(s, "Ouvrir", "Open"), {120 * s.layout.ui_scale, 0}) || enter) {
    std::error_code ec;
    if (!m.path[0]) m.open_error = tr(s, "Indiquez un fichier .gpkg.", "Give a .gpkg file.");
    else if (io::pg::is_location(m.path)) a.open = m.path;  // connection errors come from the open itself
    else if (!fs::is_regular_file(m.path, ec))
      m.open_error = std::string(tr(s, "Fichier introuvable : ", "File not found: ")) + m.path;
    else a.open = m.path;
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(s, "Annuler", "Cancel"), {120 * s.layout.ui_scale, 0}) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    m.open_dialog = false;
  if (!a.open.empty()) m.open_dialog = false;
  if (!m.open_dialog) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

// A plain window of text for the Aide menu.
void help_window(AppState& s, const char* title, bool* open, const std::vector<std::pair<std::string, std::string>>& rows,
                 const std::string& text) {
  if (!*open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Size.x * 0.5f, vp->Size.y * 0.45f}, ImGuiCond_Appearing, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({std::min(620.0f * s.layout.ui_scale, vp->Size.x - 40), 0}, ImGuiCond_Appearing);
  if (ImGui::Begin(title, open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    if (!rows.empty() && ImGui::BeginTable("##rows", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 190 * s.layout.ui_scale);
      ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
      for (const auto& [k, v] : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", v.c_str());
      }
      ImGui::EndTable();
    }
    if (!text.empty()) ImGui::TextWrapped("%s", text.c_str());
  }
  ImGui::End();
}
}  // namespace

void menu_shortcuts(const AppState& s, MenuState& m, const MenuContext& ctx, MenuActions& a) {
  (void)s;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (io.KeyCtrl) {
    if (pressed(GLFW_KEY_O)) open_open_dialog(m, ctx.workspace);
    if (pressed(GLFW_KEY_S) && ctx.can_save) a.save = true;
    if (pressed(GLFW_KEY_E) && ctx.loaded) a.export_ = true;
    if (pressed(GLFW_KEY_Q)) a.quit = true;
    // Ctrl+Z is the key of a QWERTY Z; GLFW names keys by their US place, so an AZERTY Ctrl+Z
    // arrives as GLFW_KEY_W: both are taken.
    const bool z = pressed(GLFW_KEY_Z) || pressed(GLFW_KEY_W);
    if (z && !io.KeyShift && ctx.can_undo) a.undo = true;
    if (((z && io.KeyShift) || pressed(GLFW_KEY_Y)) && ctx.can_redo) a.redo = true;
  }
  if (pressed(GLFW_KEY_F5) && ctx.can_present) a.present = true;
}

void draw_menu_bar(AppState& s, MenuState& m, const MenuContext& ctx, MenuActions& a) {
  const bool en = s.style.english;
  if (ImGui::BeginMainMenuBar()) {
    m.height = ImGui::GetWindowSize().y;
    if (ImGui::BeginMenu(tr(s, "Fichier", "File"))) {
      if (ImGui::MenuItem(tr(s, "Ouvrir…", "Open…"), "Ctrl+O")) open_open_dialog(m, ctx.workspace);
      if (ImGui::BeginMenu(tr(s, "Récents", "Recent"), !m.recent.empty())) {
        for (const auto& r : m.recent)
          if (ImGui::MenuItem(r.c_str())) a.open = r;
        ImGui::EndMenu();
      }
      ImGui::Separator();
      if (ImGui::MenuItem(tr(s, "Enregistrer", "Save"), "Ctrl+S", false, ctx.can_save)) a.save = true;
      if (ImGui::MenuItem(tr(s, "Exporter…", "Export…"), "Ctrl+E", false, ctx.loaded)) a.export_ = true;
      ImGui::Separator();
      if (ImGui::MenuItem(tr(s, "Quitter", "Quit"), "Ctrl+Q")) a.quit = true;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr(s, "Édition", "Edit"))) {
      if (ImGui::MenuItem(tr(s, "Annuler", "Undo"), "Ctrl+Z", false, ctx.can_undo)) a.undo = true;
      if (ImGui::MenuItem(tr(s, "Rétablir", "Redo"), "Ctrl+Y", false, ctx.can_redo)) a.redo = true;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr(s, "Affichage", "View"))) {
      for (size_t i = 0; i < kPanelCount; ++i) {
        const Panel p = static_cast<Panel>(i);
        bool on = s.layout.open[i];
        if (ImGui::MenuItem(panel_label(p, en), nullptr, &on)) {
          if (on) s.layout.show(p);
          else s.layout.open[i] = false;
        }
      }
      ImGui::MenuItem(tr(s, "Légende de la carte", "Map legend"), nullptr, &s.layout.legend);
      ImGui::Separator();
      if (ImGui::MenuItem(tr(s, "Réinitialiser la disposition", "Reset the layout"))) {
        const float k = s.layout.ui_scale;
        const bool dbg = s.layout.debug;
        s.layout.reset();
        s.layout.ui_scale = k;
        s.layout.debug = dbg;
        s.layout.legend = true;
      }
      if (ImGui::BeginMenu(tr(s, "Taille de l’interface", "Interface size"))) {
        for (float k : {1.0f, 1.25f, 1.5f}) {
          const std::string l = std::to_string(static_cast<int>(k * 100 + 0.5f)) + " %";
          if (ImGui::MenuItem(l.c_str(), nullptr, std::abs(s.layout.ui_scale - k) < 0.01f)) s.layout.ui_scale = k;
        }
        ImGui::EndMenu();
      }
      ImGui::MenuItem(tr(s, "Mesures d’affichage (développeurs)", "Drawing figures (developers)"), nullptr, &s.layout.debug);
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr(s, "Aide", "Help"))) {
      if (ImGui::MenuItem(tr(s, "Raccourcis clavier", "Keyboard shortcuts"))) m.shortcuts = true;
      if (ImGui::MenuItem(tr(s, "Sources et méthode", "Sources and method"))) m.sources = true;
      if (ImGui::MenuItem(tr(s, "À propos de Maraude", "About Maraude"))) m.about = true;
      ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
  }
  draw_open_dialog(s, m, a);
  if (en) {
    help_window(s, "Keyboard shortcuts###keys", &m.shortcuts,
                {{"Ctrl+O", "open a workspace"}, {"Ctrl+S", "save the scenario and stories"}, {"Ctrl+E", "export (PDF, dossier, poster)"},
                 {"Ctrl+Z / Ctrl+Y", "undo / redo (points, reach, kinds, pins, stories)"}, {"Ctrl+Q", "quit"},
                 {"F5", "present the chosen story full screen"}, {"Arrows, + / -", "move, zoom"},
                 {"Home", "the whole region"}, {"Esc", "clear the selection, close the suggestions"},
                 {"Mouse", "drag: move; wheel: zoom about the cursor; click: select; drag a point: move it"}},
                "");
    help_window(s, "Sources and method###sources", &m.sources, {},
                "Population and ages: INSEE census. QPV: ANCT perimeters. Employment zones and unemployment: INSEE. "
                "Services: France Services, France Travail, missions locales (public lists). Laureates: the regional call's "
                "catalogue. Reach is measured along the roads (OpenStreetMap) by car or on foot when the workspace has a "
                "road network, otherwise as the crow flies with a detour factor. NEETs are estimated as a share of the "
                "16-29 (Apprentis d'Auteuil). Every figure is an estimate for planning, not a count.");
    help_window(s, "About Maraude###about", &m.about, {},
                std::string("Maraude ") + kVersion + " — coverage of youth services and mobile-office tours in Hauts-de-France.");
  } else {
    help_window(s, "Raccourcis clavier###keys", &m.shortcuts,
                {{"Ctrl+O", "ouvrir un espace de travail"}, {"Ctrl+S", "enregistrer le scénario et les récits"},
                 {"Ctrl+E", "exporter (PDF, dossier, affiche)"},
                 {"Ctrl+Z / Ctrl+Y", "annuler / rétablir (points, portées, types, épingles, récits)"}, {"Ctrl+Q", "quitter"},
                 {"F5", "présenter le récit choisi en plein écran"}, {"Flèches, + / -", "déplacer, zoomer"},
                 {"Origine", "toute la région"}, {"Échap", "désélectionner, fermer les suggestions"},
                 {"Souris", "glisser : déplacer ; molette : zoomer autour du curseur ; clic : sélectionner ; glisser un point : le déplacer"}},
                "");
    help_window(s, "Sources et méthode###sources", &m.sources, {},
                "Population et âges : recensement de l’INSEE. QPV : périmètres de l’ANCT. Zones d’emploi et chômage : INSEE. "
                "Services : France Services, France Travail, missions locales (listes publiques). Lauréats : catalogue de "
                "l’appel régional. La portée se mesure le long des routes (OpenStreetMap) en voiture ou à pied quand l’espace "
                "de travail a un réseau routier, sinon à vol d’oiseau avec un facteur de détour. Les NEET sont estimés comme "
                "une part des 16-29 ans (Apprentis d’Auteuil). Chaque chiffre est une estimation pour planifier, pas un comptage.");
    help_window(s, "À propos de Maraude###about", &m.about, {},
                std::string("Maraude ") + kVersion +
                    " — couverture des services aux jeunes et tournées du bureau mobile en Hauts-de-France.");
  }
}

}  // namespace maraude::app
