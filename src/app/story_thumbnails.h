// Thumbnails of story views for the "Récits et présentation" panel (issue 6): a small map
// image per view, rendered offscreen with the window's own MapRenderer as the presenter
// would show the view (its layers in its order, opacities, highlight, scenario gaps and
// extent framed in a 16:9 frame), kept as GL textures for ImGui::Image.
//
// Lazy and cheap: the panel asks for the views it shows (texture()), the window renders at
// most one thumbnail per frame (step()), so the window never stalls. Textures are keyed by
// what the image depends on (the view's extent, layers, opacities, scenario and highlights,
// plus the map style the presenter starts from and whether the scenario's gaps can be
// drawn), not by the view's place or title: reordering, retitling or duplicating a view
// renders nothing, editing one view's extent renders that view only. sync() frees the
// textures no view of any story needs any more.
//
// step() leaves the main map alone: it restores the bound framebuffers, viewport and the
// other GL state it touches, and draws with a style revision of its own so MapRenderer
// recomputes its colour tables before it next re-renders the window's map (its cached
// image stays valid).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/story.h"
#include "render/camera.h"
#include "render/style.h"

namespace maraude::render {
class MapRenderer;
}

namespace maraude::app {

// What a thumbnail depends on besides its view.
struct ThumbnailContext {
  render::MapStyle base;       // the map's style: each view starts from it, as in the presenter
  // The scenario whose gaps the renderer holds; empty = no gaps yet. A view naming another
  // scenario (stored or missing) shows no gaps: the renderer holds one scenario's only.
  std::string shown_scenario;
};

// The style the presenter shows `v` with, from `base` (pure; see apply_story_view): the
// named layers visible in the view's order (unknown keys ignored; none named = base's
// visibility), the view's opacities, the first highlight naming an existing feature as the
// selection, no hover. The gaps layer is hidden unless `gaps_drawable`.
render::MapStyle story_view_style(const render::MapStyle& base, const Workspace& ws, const StoryView& v,
                                  bool gaps_drawable);
// A w x h camera framing the view's extent like the presenter (the region when the extent
// is unknown or malformed).
render::Camera story_view_camera(const Workspace& ws, const StoryView& v, int w, int h);
// Whether the renderer's gaps are the ones `v` shows: it names no scenario (the map's gaps
// as they are) or names the scenario shown, and gaps are loaded.
bool thumbnail_gaps_drawable(const StoryView& v, const ThumbnailContext& ctx);
// The cache key of a view's thumbnail: everything the image depends on (the extent, the
// visible layers in drawing order with their opacities, the highlight, the laureates shown,
// the scenario whose gaps are drawn) and nothing else (not the title, notes or place).
std::string thumbnail_key(const StoryView& v, const ThumbnailContext& ctx, const Workspace& ws, int w, int h);

class StoryThumbnails {
 public:
  static constexpr int kWidth = 160, kHeight = 90;  // display size, ImGui pixels

  // `pixel_scale`: framebuffer pixels per ImGui pixel (HiDPI renders sharper images).
  explicit StoryThumbnails(float pixel_scale = 1.0f);
  ~StoryThumbnails();  // deletes the textures: the GL context must be current
  StoryThumbnails(const StoryThumbnails&) = delete;
  StoryThumbnails& operator=(const StoryThumbnails&) = delete;

  // Once a frame before texture(): the views that exist (every story's), the context and
  // the workspace (must outlive the next step()). Frees the textures of keys no view has
  // any more; forgets the previous frame's requests.
  void sync(const std::vector<Story>& stories, const ThumbnailContext& ctx, const Workspace& ws);
  // The view's texture (a GL texture name), 0 while not rendered yet: then it is queued,
  // the views asked first being rendered first.
  unsigned texture(const StoryView& v);
  // Renders the first queued thumbnail, if any (GL thread, context current, `r` holding the
  // workspace given to sync()). True when one was rendered (or failed: it is not retried
  // until its key changes).
  bool step(render::MapRenderer& r);
  // Thumbnails asked for and not rendered yet (the window keeps drawing frames meanwhile).
  bool pending() const { return !queue_.empty(); }

  int renders() const { return renders_; }        // thumbnails rendered (cumulative)
  double last_ms() const { return last_ms_; }     // time of the last render (offscreen + upload)
  double max_ms() const { return max_ms_; }
  size_t size() const { return entries_.size(); } // textures held
  int pixel_width() const { return pw_; }
  int pixel_height() const { return ph_; }
  void clear();                                   // deletes every texture

 private:
  struct Entry {
    unsigned tex = 0;
    bool failed = false;
  };
  struct Request {
    std::string key;
    StoryView view;
  };
  int pw_, ph_;
  ThumbnailContext ctx_;
  const Workspace* ws_ = nullptr;
  std::map<std::string, Entry> entries_;
  std::vector<Request> queue_;
  int renders_ = 0;
  double last_ms_ = 0, max_ms_ = 0;
};

}  // namespace maraude::app
