#include "app/presenter.h"

#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "render/view_spec.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

BBox apply_story_view(AppState& s, const StoryView& v, double fly_s, bool scenario_missing) {
  // The view's stack (order, visibility, opacity) from the current one: the same function
  // gives the handout its layers (io::export_handout).
  std::vector<ViewLayer> base;
  for (const auto& l : s.style.layers) base.push_back({render::layer_key(l.id), l.visible, l.opacity});
  const std::vector<ViewLayer> stack = story_view_layers(base, v, scenario_missing);
  std::vector<render::LayerId> ids;
  for (const auto& l : stack)
    if (auto id = render::parse_layer(l.key)) ids.push_back(*id);
  s.set_layer_order(ids);
  for (const auto& l : stack)
    if (auto id = render::parse_layer(l.key)) {
      s.set_layer_visible(*id, l.visible);
      if (std::abs(s.style.opacity(*id) - l.opacity) > 1e-6) s.set_layer_opacity(*id, static_cast<float>(l.opacity));
    }
  render::Selection sel;
  for (const auto& h : v.highlights)
    if (auto p = render::parse_selection(h)) {
      if (s.workspace() && !ref_bbox(*s.workspace(), h).empty()) {
        sel = *p;
        break;
      }
    }
  s.select(sel);
  BBox target;
  if (s.workspace()) {
    try {
      target = resolve_extent(*s.workspace(), v.extent);
    } catch (const Error&) {
      target = {};
    }
    if (target.empty()) target = render::resolve_view(*s.workspace(), "region");
    s.fly_to(target, fly_s);
  }
  s.mark_dirty();
  return target;
}

StoryView view_from_state(const AppState& s, const std::string& title) {
  StoryView v;
  v.title = title;
  const BBox b = s.camera.visible();
  char buf[160];
  std::snprintf(buf, sizeof buf, "bbox:%.0f,%.0f,%.0f,%.0f", b.minx, b.miny, b.maxx, b.maxy);
  v.extent = buf;
  for (const auto& l : s.style.layers) {
    if (!l.visible) continue;
    v.layers.push_back(render::layer_key(l.id));
    if (l.opacity < 0.999f) v.opacity[render::layer_key(l.id)] = l.opacity;
  }
  static const char* kinds[] = {"", "commune", "zone", "qpv", "laureate", "service"};
  if (!s.style.selection.empty())
    v.highlights.push_back(std::string(kinds[static_cast<int>(s.style.selection.kind)]) + ":" + s.style.selection.code);
  return v;
}

void Presenter::start(AppState& s, const Story& story, ScenarioExists exists, size_t first) {
  if (story.views.empty())
    throw Error(ErrorKind::Usage, "le récit « " + story.name + " » n’a aucune vue", "présentation",
                "ajoutez une vue (« Ajouter la vue actuelle ») avant de présenter");
  if (!active_) saved_style_ = s.style;
  s.style.symbol_scale = 0.7f;  // restored with the saved style on leaving
  story_ = story;
  exists_ = std::move(exists);
  active_ = true;
  index_ = std::min(first, story_.views.size() - 1);
  apply(s);
}

void Presenter::leave(AppState& s) {
  if (!active_) return;
  active_ = false;
  // Back to the layers of before; the camera stays where the story left it.
  const bool en = s.style.english;
  const bool gaps = s.style.gaps_loaded;
  const std::string note = s.style.gaps_note;
  s.style = saved_style_;
  s.style.english = en;
  s.style.gaps_loaded = gaps;
  s.style.gaps_note = note;
  s.style.touch();
  s.mark_dirty();
  problems_.clear();
  if (on_leave) on_leave();
}

void Presenter::apply(AppState& s) {
  // Each view starts from the layers of before the presentation (opacity not named = as
  // before; the order and, for a view naming no layer, the visibility too, so a view never
  // depends on the views shown before it).
  for (const auto& l : saved_style_.layers) {
    s.set_layer_opacity(l.id, l.opacity);
    s.set_layer_visible(l.id, l.visible);
  }
  {
    std::vector<render::LayerId> order;
    for (const auto& l : saved_style_.layers) order.push_back(l.id);
    s.set_layer_order(order);
  }
  const StoryView& v = story_.views[index_];
  // A scenario that is gone: no gaps rather than another scenario's (the note says so).
  const bool scenario_known = !exists_ || exists_(v.scenario);
  target_ = apply_story_view(s, v, fly_seconds, !v.scenario.empty() && !scenario_known);
  if (insets != Insets{}) reframe(s, fly_seconds);
  problems_.clear();
  if (s.workspace()) problems_ = view_problems(v, *s.workspace(), exists_);
  if (!v.scenario.empty() && on_scenario && scenario_known) on_scenario(v.scenario);
}

void Presenter::reframe(AppState& s, double fly_s) {
  if (!active_ || target_.empty()) return;
  const double W = s.camera.width, H = s.camera.height;
  const double margin = 60, inner = 30;  // AppState::fly_to's margin; the one kept in the free area
  const double iw = W - insets.left - insets.right, ih = H - insets.top - insets.bottom;
  if (iw < 200 || ih < 150) {  // too little room left: the whole window
    s.fly_to(target_, fly_s);
    return;
  }
  // The scale that fits the extent in the free area, and the centre that puts it there; then
  // the window-sized box fly_to() frames into exactly that camera.
  const double mpp = std::max(std::max(target_.width(), 1.0) / std::max(1.0, iw - 2 * inner),
                              std::max(target_.height(), 1.0) / std::max(1.0, ih - 2 * inner));
  const Vec2 c = target_.center();
  const double cx = c.x - (insets.left - insets.right) / 2 * mpp, cy = c.y + (insets.top - insets.bottom) / 2 * mpp;
  const double hw = (W - 2 * margin) * mpp / 2, hh = (H - 2 * margin) * mpp / 2;
  s.fly_to(BBox{cx - hw, cy - hh, cx + hw, cy + hh}, fly_s);
}

void Presenter::go(AppState& s, size_t i) {
  if (!active_ || story_.views.empty()) return;
  i = std::min(i, story_.views.size() - 1);
  if (i == index_) return;
  index_ = i;
  apply(s);
}
void Presenter::next(AppState& s) {
  if (index_ + 1 < count()) go(s, index_ + 1);
}
void Presenter::prev(AppState& s) {
  if (index_ > 0) go(s, index_ - 1);
}

bool Presenter::key(AppState& s, int k) {
  if (!active_) return false;
  switch (k) {
    case GLFW_KEY_RIGHT: case GLFW_KEY_DOWN: case GLFW_KEY_SPACE: case GLFW_KEY_PAGE_DOWN: case GLFW_KEY_ENTER:
    case GLFW_KEY_KP_ENTER:
      next(s);
      return true;
    case GLFW_KEY_LEFT: case GLFW_KEY_UP: case GLFW_KEY_PAGE_UP: case GLFW_KEY_BACKSPACE:
      prev(s);
      return true;
    case GLFW_KEY_HOME: go(s, 0); return true;
    case GLFW_KEY_END: go(s, count() - 1); return true;
    case GLFW_KEY_N: show_notes = !show_notes; return true;
    case GLFW_KEY_F2: case GLFW_KEY_S: notes_window = !notes_window; return true;
    case GLFW_KEY_ESCAPE: leave(s); return true;
    default: return false;
  }
}

std::string format_elapsed(double seconds) {
  const long t = seconds > 0 ? static_cast<long>(seconds) : 0;
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%02ld:%02ld", t / 60, t % 60);
  return buf;
}

NotesContent notes_content(const Presenter& p, bool en, double elapsed_s) {
  NotesContent c;
  c.elapsed = format_elapsed(elapsed_s);
  if (!p.active() || p.count() == 0) return c;
  const StoryView& v = p.view();
  c.position = std::to_string(p.index() + 1) + " / " + std::to_string(p.count());
  c.title = v.title;
  c.notes = v.notes.empty() ? (en ? "(no notes)" : "(pas de notes)") : v.notes;
  if (p.index() + 1 < p.count())
    c.next = (en ? "Next: " : "Suivante : ") + p.story().views[p.index() + 1].title;
  else
    c.next = en ? "Last view of the story" : "Dernière vue du récit";
  c.problems = p.problems();
  return c;
}

}  // namespace maraude::app
