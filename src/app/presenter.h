// Presenter mode (issue 6): walk through a story's views full screen in a meeting.
// Plain C++ over AppState — no GL, no ImGui — so tests drive it headless: keys and
// clicker buttons change the current view, each view sets the visible layers, their
// opacity, the highlighted feature and flies the camera to the view's extent; a view
// naming something the workspace lacks still shows, with a note (view_problems).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "core/story.h"

namespace maraude::app {

// Applies one view to the map: visible layers (unknown keys ignored) drawn in the view's
// order (bottom → top; the layers the view does not name are hidden and keep their places
// in the stack, see MapStyle::order_layers), opacities, the
// first highlight that names a feature as the selection, and a fly-to of `fly_s` seconds
// to the view's extent (the region when the extent is unknown). Returns the target box.
// The layers are story_view_layers() of the current style (the stack the handout draws
// too); `scenario_missing` hides the gaps (the view's scenario cannot be loaded).
BBox apply_story_view(AppState& s, const StoryView& v, double fly_s = 0.8, bool scenario_missing = false);

// The view of `s`'s current camera and layers as a story view (for "create from the current
// view"): the visible layers in the current drawing order, their opacity, the selection.
StoryView view_from_state(const AppState& s, const std::string& title);

class Presenter {
 public:
  using ScenarioExists = std::function<bool(const std::string&)>;
  // Called with the view's scenario name when a view names one (the viewer switches the coverage).
  std::function<void(const std::string&)> on_scenario;
  // Called by leave() (the viewer brings the edited scenario back, unsaved edits included).
  std::function<void()> on_leave;

  // Enters presenter mode on `story` (at least one view), starting at view `first`.
  // Saves the style to restore on leave(). Throws Error(Usage) for an empty story.
  void start(AppState& s, const Story& story, ScenarioExists exists = {}, size_t first = 0);
  void leave(AppState& s);  // restores the layers as they were before
  bool active() const { return active_; }

  // Keyboard and clicker (presentation remotes send Page Up/Down, sometimes arrows or
  // space): → ↓ space Page Down = next; ← ↑ Backspace Page Up = previous; Home / End =
  // first / last; Esc = leave; N = notes on/off; F2 or S = the notes window on/off. GLFW
  // key codes (the same from the presentation window and from the notes window). True when handled.
  bool key(AppState& s, int glfw_key);
  void next(AppState& s);
  void prev(AppState& s);
  void go(AppState& s, size_t i);

  size_t index() const { return index_; }
  size_t count() const { return story_.views.size(); }
  const Story& story() const { return story_; }
  const StoryView& view() const { return story_.views.at(index_); }
  const BBox& target() const { return target_; }
  // French notes for the current view when it names a missing layer, scenario, feature or extent.
  const std::vector<std::string>& problems() const { return problems_; }
  // Screen pixels the presenter screen covers on each side (title band, legend, sources): each
  // view's extent is framed in the rest of the window. Zero = the whole window.
  struct Insets {
    double left = 0, top = 0, right = 0, bottom = 0;
    bool operator==(const Insets&) const = default;
  } insets;
  // Frames the current view's extent again (new insets, a resized window), in `fly_s` seconds.
  void reframe(AppState& s, double fly_s = 0);
  bool show_notes = false;    // presenter notes on the presentation screen (N)
  bool notes_window = false;  // presenter notes in a second window (F2 or S; app/presenter_notes.h)
  double fly_seconds = 0.8;

 private:
  void apply(AppState& s);
  bool active_ = false;
  Story story_;
  size_t index_ = 0;
  BBox target_;
  std::vector<std::string> problems_;
  ScenarioExists exists_;
  render::MapStyle saved_style_;
};

// What the presenter-notes window shows (plain data, so tests check it headless).
struct NotesContent {
  std::string position;   // "3 / 12"
  std::string title;      // the current view's title
  std::string notes;      // its notes ("(pas de notes)" when none)
  std::string next;       // "Suivante : <title>" or "Dernière vue du récit"
  std::string elapsed;    // "12:34" (h:mm:ss past an hour)
  std::vector<std::string> problems;
};
std::string format_elapsed(double seconds);
NotesContent notes_content(const Presenter& p, bool english, double elapsed_s);

}  // namespace maraude::app
