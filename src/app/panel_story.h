// The "Récits" panel (stories) and the presenter-mode screen: choose a story from the
// workspace documents, create one from the current view, reorder / duplicate / delete its
// views, pick the monitor and start presenting; while presenting, the large-type title,
// legend, scale, sources, pointer ring and notes over the full-screen map.
#pragma once
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/edit_history.h"
#include "app/export_controller.h"
#include "app/panels.h"
#include "app/presenter.h"
#include "app/story_thumbnails.h"

namespace maraude::app {

// A story as it was before an edit: `before` empty when the edit created it.
struct StoryEdit {
  std::string name;
  std::optional<Story> before;
};

struct StoryPanelState {
  std::string workspace_path;       // where stories are read and saved (documents table)
  std::vector<Story> stories;
  int selected = -1;                 // index into stories
  int selected_view = -1;
  std::vector<std::string> monitors; // GLFW monitor names, filled by the viewer
  int monitor = 0;
  bool notes_window = false;         // presenter notes in a second window (on the other monitor)
  bool present_requested = false;    // the viewer switches to full screen and starts the presenter
  char new_name[128] = {0};
  std::string message;               // last save error or confirmation
  std::vector<std::string> unsaved;  // stories whose last save failed (the close guard retries)
  // The stored version each story was read or last saved at (io/document_store.h): a save
  // checks it, so a story changed meanwhile by someone else is never overwritten.
  std::map<std::string, std::int64_t> versions;
  bool export_requested = false;     // "Exporter…": the viewer opens the Exporter window
  ExportKind export_requested_kind = ExportKind::Handout;
  bool open = true;
  // A small map of each view in the list (story_thumbnails.h): set by the viewer, which
  // renders them (StoryThumbnails::step); null = no images. `shown_scenario`: the scenario
  // whose gaps the map holds (empty before the coverage is computed).
  std::shared_ptr<StoryThumbnails> thumbnails;
  std::string shown_scenario;
  bool expand = false;               // unfolds the panel at the next frame (view --story-panel)
  int list_view = -1;                // the view the list last scrolled to
  int edit_view = -1;                // the view whose title and notes the fields below hold
  char edit_title[256] = {0};
  char edit_notes[4096] = {0};
  SnapshotStack<StoryEdit> history;  // undo / redo of story edits (story_undo)
  std::function<void()> on_edit;     // after each recorded edit (the window orders them)
};

// Reads every story of the workspace (unreadable ones are skipped with a message).
void load_stories(StoryPanelState& ps);
// Writes the story to the workspace documents (replacing the one of the same name). On
// failure the message says why and the story's name stays in `ps.unsaved` until a save works.
void save_story(StoryPanelState& ps, const Story& st);

// Records `before` (the story as it was; `before` empty: `name` was just created) for undo.
void record_story_edit(StoryPanelState& ps, const std::string& name, std::optional<Story> before);
// Brings the story of the last edit back as it was (saved to the workspace; a created story
// is deleted), resp. redoes the last undone edit.
void story_undo(StoryPanelState& ps);
void story_redo(StoryPanelState& ps);

void draw_story_panel(AppState& s, StoryPanelState& ps);
// The presenter screen over the map (title band, counter, legend/scale at large size,
// sources, view problems, notes when shown, pointer ring at the mouse). `taken`: the screen
// boxes of the map overlay (draw_map_overlay), which the title, notes and sources avoid.
// Returns the part of the window left free for the map (Presenter::insets), in ImGui pixels.
BBox draw_presenter_screen(const AppState& s, const Presenter& p, const Fonts& fonts, bool pointer_ring,
                           const std::vector<BBox>& taken = {});

}  // namespace maraude::app
