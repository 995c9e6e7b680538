// The window's menu bar — Fichier (Ouvrir…, Récents, Enregistrer, Exporter…, Quitter),
// Édition (Annuler, Rétablir), Affichage (each panel, reset the layout, interface size,
// figures for developers), Aide (shortcuts, sources and method, version) — its dialogs
// (« Ouvrir un espace de travail », the help windows) and the recent workspaces list kept in
// $XDG_CONFIG_HOME/maraude/recents (else ~/.config/maraude/recents).
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"

namespace maraude::app {

constexpr const char* kVersion = "0.1.0";

// What the user asked for this frame (menu item or keyboard shortcut).
struct MenuActions {
  bool save = false, export_ = false, quit = false, undo = false, redo = false, present = false;
  std::string open;  // a workspace to open (Ouvrir…, Récents)
};

struct MenuState {
  bool open_dialog = false;      // « Ouvrir un espace de travail » shows (next frame: opened)
  bool open_dialog_shown = false;
  char path[1024] = {0};
  std::string folder;            // whose .gpkg files the dialog lists
  std::vector<std::string> files;
  std::string open_error;
  bool shortcuts = false, sources = false, about = false;
  std::vector<std::string> recent;  // most recent first
  float height = 0;                 // of the menu bar, last frame (ImGui px)
};

// Shows the « Ouvrir » dialog, listing the .gpkg files beside `near` (a workspace path or a folder).
void open_open_dialog(MenuState& m, const std::string& near);

// The file holding the recent workspaces ("" when neither XDG_CONFIG_HOME nor HOME is set).
std::string recent_file();
std::vector<std::string> load_recent();
// Puts `path` (made absolute) first in the list and writes the file; at most 8 kept. A write
// failure is ignored (the list is a convenience).
void add_recent(MenuState& m, const std::string& path);

struct MenuContext {
  bool loaded = false, can_undo = false, can_redo = false, can_save = false, can_present = false;
  std::string workspace;  // the open workspace (for the Ouvrir dialog's folder)
};
// Draws the menu bar and the dialogs; fills `a`.
void draw_menu_bar(AppState& s, MenuState& m, const MenuContext& ctx, MenuActions& a);
// Keyboard shortcuts (Ctrl+O, Ctrl+S, Ctrl+E, Ctrl+Z, Ctrl+Y / Ctrl+Maj+Z, Ctrl+Q, F5); none
// while a text field has the keyboard (its own Ctrl+Z then applies).
void menu_shortcuts(const AppState& s, MenuState& m, const MenuContext& ctx, MenuActions& a);

}  // namespace maraude::app
