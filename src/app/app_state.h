// The viewer's state and commands — pan, zoom, keyboard, hover, select, search, fly-to,
// layer toggles — as plain C++ with no GL and no ImGui, so tests drive them headless.
// The window (app/viewer.cpp) translates input events into these calls.
#pragma once
#include <memory>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "app/layout.h"
#include "core/model.h"
#include "render/camera.h"
#include "render/map_data.h"
#include "render/picking.h"
#include "render/style.h"

namespace maraude::app {

struct SearchResult {
  std::string kind;    // "commune", "qpv", "zone", "laureate", "departement", "territory" (EPCI, arrondissement, pays)
  std::string code;
  std::string label;   // display name
  std::string detail;  // "Commune · 59350 · Nord"
  int score = 0;       // lower is better
};

class AppState {
 public:
  AppState();
  // Takes the loaded workspace and its CPU geometry (the renderer owns the GPU copy).
  void set_workspace(std::shared_ptr<const Workspace> ws, std::shared_ptr<const render::MapData> data);
  const Workspace* workspace() const { return ws_.get(); }
  const render::MapData* map_data() const { return data_.get(); }
  bool loaded() const { return ws_ != nullptr; }

  render::Camera camera;
  render::MapStyle style;
  Layout layout;  // which panels show, folded or not; interface size (layout.h)
  // Pixels of the window covered by the menu, side and status bars: framing (Home, fly-to)
  // centres in the rest, where the map shows.
  struct Insets {
    double left = 0, top = 0, right = 0, bottom = 0;
    // The legend's column at the right of the free part (the window measures it as drawn):
    // framing (Home, fly-to) keeps clear of it too; the overlay still lays out in the free part.
    double legend = 0;
  } insets;
  // The camera of the map's free part (insets removed): same scale, its own centre and size.
  // With `less_legend`, the legend's column removed too when that leaves half the free
  // part or more (framing).
  render::Camera free_camera(bool less_legend = false) const;
  // Sets camera so that a free_camera() of c's size is `c` (its inverse).
  void set_free_camera(const render::Camera& c);
  // True while the view is the region as Home frames it (no pan, zoom or fly-to since).
  bool at_region_fit() const { return fitted_; }

  // ---- view commands ------------------------------------------------------------------------
  void resize(int w, int h);                        // keeps the centre and the scale
  void pan(double dx_px, double dy_px);             // drag: content follows the cursor
  void zoom_at(double factor, double sx, double sy);  // wheel: about the cursor
  void zoom_center(double factor);                  // keyboard +/-
  void arrow(int dx, int dy);                       // arrows: a quarter of the view
  void fit_region();                                // Home
  // `covered_right` / `covered_bottom`: pixels at the right / bottom of the free part hidden
  // by a window (the Tournées panel, the week grid) that the target must keep clear of.
  void fly_to(const BBox& target, double duration_s = 0.6, double covered_right = 0, double covered_bottom = 0);
  // Advances the fly-to animation by dt seconds; false when idle (no redraw needed).
  bool step_animation(double dt_s);
  bool animating() const { return anim_.active; }

  // ---- pointer ------------------------------------------------------------------------------
  void hover_at(double sx, double sy);              // updates style.hover and the cursor position
  void leave();                                     // the pointer left the map
  void click_at(double sx, double sy);              // selects what is under the cursor (or clears)
  std::optional<Vec2> cursor_world() const { return cursor_; }
  render::Selection hovered;                        // what the tooltip describes (any kind)
  void select(const render::Selection& s);
  void clear_selection() { select({}); }

  // ---- search -------------------------------------------------------------------------------
  // Communes, QPV, zones d'emploi, laureates, departments by name or code; accents optional.
  std::vector<SearchResult> search(const std::string& query, size_t max_results = 12) const;
  // Selects the result and flies there.
  void go_to(const SearchResult& r, double duration_s = 0.6);
  // The extent of a territory result's code ("epci:200044618;arrondissement:025"): its communes.
  BBox territory_bbox(const std::string& code) const;

  // ---- layers -------------------------------------------------------------------------------
  void set_layer_visible(render::LayerId id, bool on);
  void toggle_layer(render::LayerId id);
  void set_layer_opacity(render::LayerId id, float opacity);
  void move_layer(render::LayerId id, int delta);  // +1 = one step up (drawn later)
  // Draws the named layers in this order, bottom → top (see MapStyle::order_layers: the
  // layers not named keep their places).
  void set_layer_order(const std::vector<render::LayerId>& ids);
  void set_laureate_visible(size_t i, bool on);
  void set_english(bool en);

  bool needs_redraw() const { return dirty_; }
  void mark_drawn() { dirty_ = false; }
  void mark_dirty() { dirty_ = true; }

 private:
  std::shared_ptr<const Workspace> ws_;
  std::shared_ptr<const render::MapData> data_;
  render::Picker picker_;
  std::optional<Vec2> cursor_;
  struct Anim {
    bool active = false;
    Vec2 c0, c1;
    double m0 = 1, m1 = 1, t = 0, dur = 0.6;
  } anim_;
  bool dirty_ = true;
  bool fitted_ = false;  // at_region_fit()
};

// Text of a UI string in the current language.
inline const char* tr(const AppState& s, const char* fr, const char* en) { return s.style.english ? en : fr; }

}  // namespace maraude::app
