#include "app/app_state.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "render/view_spec.h"

namespace maraude::app {

using render::LayerId;
using render::Selection;

AppState::AppState() = default;

void AppState::set_workspace(std::shared_ptr<const Workspace> ws, std::shared_ptr<const render::MapData> data) {
  ws_ = std::move(ws);
  data_ = std::move(data);
  picker_ = render::Picker(*ws_, *data_);
  const float scale = style.scale;
  const bool en = style.english;
  style = render::MapStyle::defaults(*ws_);
  style.scale = scale;
  style.english = en;
  fit_region();
  dirty_ = true;
}

void AppState::resize(int w, int h) {
  if (w == camera.width && h == camera.height) return;
  camera.width = std::max(1, w);
  camera.height = std::max(1, h);
  dirty_ = true;
}

void AppState::pan(double dx, double dy) {
  anim_.active = false;
  fitted_ = false;
  camera.pan_pixels(dx, dy);
  dirty_ = true;
}

void AppState::zoom_at(double factor, double sx, double sy) {
  anim_.active = false;
  fitted_ = false;
  camera.zoom_at(factor, sx, sy);
  dirty_ = true;
}

void AppState::zoom_center(double factor) { zoom_at(factor, camera.width * 0.5, camera.height * 0.5); }

void AppState::arrow(int dx, int dy) {
  // Arrow right shows what is to the right: the content moves left.
  pan(-dx * camera.width * 0.25, -dy * camera.height * 0.25);
}

render::Camera AppState::free_camera(bool less_legend) const {
  render::Camera c = camera;
  const double free_w = camera.width - insets.left - insets.right;
  // Beside the legend only when that leaves half the free part or more (else over it).
  const double right = insets.right + (less_legend && insets.legend <= free_w * 0.5 ? insets.legend : 0);
  c.width = std::max(1, static_cast<int>(camera.width - insets.left - right));
  c.height = std::max(1, static_cast<int>(camera.height - insets.top - insets.bottom));
  c.center = camera.screen_to_world(insets.left + c.width * 0.5, insets.top + c.height * 0.5);
  return c;
}

void AppState::set_free_camera(const render::Camera& c) {
  camera.mpp = c.mpp;
  // The free part's centre sits at (left + w/2, top + h/2) on screen.
  const double dx = insets.left + c.width * 0.5 - camera.width * 0.5;
  const double dy = insets.top + c.height * 0.5 - camera.height * 0.5;
  camera.center = {c.center.x - dx * c.mpp, c.center.y + dy * c.mpp};
}

void AppState::fit_region() {
  anim_.active = false;
  if (!ws_) return;
  render::Camera c = free_camera(true);
  render::frame(c, render::resolve_view(*ws_, "region"), 30);
  set_free_camera(c);
  fitted_ = true;
  dirty_ = true;
}

void AppState::fly_to(const BBox& target, double duration_s, double covered_right, double covered_bottom) {
  if (target.empty()) return;
  fitted_ = false;
  const Insets keep_insets = insets;
  // At most three quarters of the free part: a small window keeps a map to frame into.
  insets.right += std::clamp(covered_right, 0.0, (camera.width - insets.left - insets.right) * 0.75);
  insets.bottom += std::clamp(covered_bottom, 0.0, (camera.height - insets.top - insets.bottom) * 0.5);
  render::Camera free = free_camera(true);
  render::frame(free, target, 60);
  const render::Camera keep = camera;
  set_free_camera(free);
  insets = keep_insets;
  render::Camera end = camera;
  camera = keep;
  if (duration_s <= 0) {
    camera = end;
    anim_.active = false;
  } else {
    anim_ = {true, camera.center, end.center, camera.mpp, end.mpp, 0, duration_s};
  }
  dirty_ = true;
}

bool AppState::step_animation(double dt) {
  if (!anim_.active) return false;
  anim_.t = std::min(anim_.dur, anim_.t + std::max(0.0, dt));
  const double u = anim_.t / anim_.dur;
  const double e = u < 0.5 ? 4 * u * u * u : 1 - std::pow(-2 * u + 2, 3) / 2;  // ease in-out
  camera.center = anim_.c0 + (anim_.c1 - anim_.c0) * e;
  camera.mpp = std::exp(std::log(anim_.m0) + (std::log(anim_.m1) - std::log(anim_.m0)) * e);
  if (anim_.t >= anim_.dur) anim_.active = false;
  dirty_ = true;
  return true;
}

void AppState::hover_at(double sx, double sy) {
  cursor_ = camera.screen_to_world(sx, sy);
  const Selection h = ws_ ? picker_.pick(camera, style, sx, sy) : Selection{};
  // Only communes get a hover outline; other features show a tooltip only.
  const Selection outline = h.kind == Selection::Kind::Commune ? h : Selection{};
  if (!(outline == style.hover)) {
    style.hover = outline;
    style.touch();
  }
  hovered = h;
  dirty_ = true;
}

void AppState::leave() {
  cursor_.reset();
  hovered = {};
  if (!style.hover.empty()) {
    style.hover = {};
    style.touch();
  }
  dirty_ = true;
}

void AppState::click_at(double sx, double sy) {
  if (!ws_) return;
  select(picker_.pick(camera, style, sx, sy));
}

void AppState::select(const Selection& s) {
  if (s == style.selection) return;
  style.selection = s;
  style.touch();
  dirty_ = true;
}

namespace {
// Named pays that no laureate names but planners search for, as the EPCIs they are made of
// (matched by name in the workspace's communes table). The Bassin minier: the agglomerations of
// the former coal field (Engagement pour le renouveau du bassin minier) — an approximation by
// whole EPCIs, said in the result's detail.
struct NamedPays {
  const char* name;
  std::vector<const char*> epci_names;  // folded substrings of the EPCI names
};
const std::vector<NamedPays>& named_pays() {
  static const std::vector<NamedPays> k = {
      {"Bassin minier", {"lens lievin", "henin carvin", "bethune bruay", "douaisis", "coeur d ostrevent", "porte du hainaut",
                         "valenciennes metropole"}},
  };
  return k;
}

// "Thiérache = arrondissement de Vervins" → {"Thiérache", "arrondissement de Vervins"}.
std::vector<std::string> ref_names(const std::string& label) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= label.size()) {
    const size_t eq = label.find('=', start);
    const std::string part = trim(label.substr(start, eq == std::string::npos ? std::string::npos : eq - start));
    if (!part.empty()) out.push_back(part);
    if (eq == std::string::npos) break;
    start = eq + 1;
  }
  return out;
}

int match_score(const std::string& folded_query, const std::string& folded_text) {
  if (folded_text == folded_query) return 0;
  if (starts_with(folded_text, folded_query)) return 1;
  const auto pos = folded_text.find(folded_query);
  if (pos == std::string::npos) return -1;
  const char before = folded_text[pos - 1 < folded_text.size() ? pos - 1 : 0];
  return (pos > 0 && (before == ' ' || before == '-' || before == '\'')) ? 2 : 3;
}
}  // namespace

std::vector<SearchResult> AppState::search(const std::string& query, size_t max_results) const {
  std::vector<SearchResult> out;
  if (!ws_) return out;
  const std::string q = fold_words(trim(query));
  if (q.empty()) return out;
  const bool en = style.english;
  auto consider = [&](const std::string& kind, const std::string& code, const std::string& name,
                      const std::string& detail, long long weight) {
    int s = match_score(q, fold_words(name));
    const int sc = match_score(q, fold(code));
    if (sc >= 0 && (s < 0 || sc < s)) s = sc;
    if (s < 0) return;
    // Rank: match quality first, then importance (population), then name.
    SearchResult r{kind, code, name, detail, s * 100 - static_cast<int>(std::min<long long>(99, weight))};
    out.push_back(std::move(r));
  };
  std::unordered_map<std::string, std::string> dep_names;
  for (const auto& d : ws_->departements) dep_names[d.code] = d.name;
  for (const auto& c : ws_->communes)
    consider("commune", c.code, c.name,
             std::string(en ? "Municipality" : "Commune") + " · " + c.code + " · " + dep_names[c.departement],
             20 + static_cast<long long>(std::log10(std::max<long long>(1, c.population)) * 10));
  for (const auto& qv : ws_->qpvs) consider("qpv", qv.code, qv.name, "QPV · " + qv.code, 30);
  for (const auto& z : ws_->zones)
    consider("zone", z.code, z.name, std::string(en ? "Employment zone" : "Zone d’emploi") + " · " + z.code, 45);
  for (const auto& l : ws_->laureates) {
    const std::string detail = std::string(en ? "Laureate" : "Lauréat") + " · " + l.territory_text;
    const size_t before = out.size();
    consider("laureate", l.id, l.carrier, detail, 40);
    if (out.size() == before && !l.project.empty()) consider("laureate", l.id, l.project, detail, 40);
    if (out.size() > before) out.back().label = l.carrier + (l.project.empty() ? "" : " — " + l.project);
  }
  for (const auto& d : ws_->departements)
    consider("departement", d.code, d.name, std::string(en ? "Department" : "Département") + " · " + d.code, 90);
  // Territories: EPCIs (intercommunalités), the arrondissements and pays the laureates name
  // (« Thiérache = arrondissement de Vervins », « Sambre-Avesnois »...), and the named pays
  // above. The code lists what the territory is made of ("epci:…;arrondissement:…").
  std::unordered_map<std::string, std::pair<std::string, int>> epcis;  // SIREN → name, communes
  for (const auto& c : ws_->communes)
    if (!c.epci.empty()) {
      auto& e = epcis[c.epci];
      if (e.first.empty()) e.first = c.epci_name;
      ++e.second;
    }
  for (const auto& [siren, e] : epcis)
    if (!e.first.empty())
      consider("territory", "epci:" + siren, e.first,
               std::string(en ? "Intercommunality (EPCI) · " : "Intercommunalité (EPCI) · ") + std::to_string(e.second) +
                   (en ? " municipalities" : " communes"),
               60);
  std::unordered_map<std::string, std::string> seen;  // folded name → the code already offered
  for (const auto& l : ws_->laureates)
    for (const auto& r : l.refs) {
      if (r.kind == "commune") continue;  // communes are found by their own names
      for (const auto& name : ref_names(r.label)) {
        const std::string key = fold_words(name) + "|" + r.kind + ":" + r.code;
        if (seen.count(key)) continue;
        seen[key] = r.code;
        const char* what = r.kind == "arrondissement" ? (en ? "Arrondissement " : "Arrondissement ")
                           : r.kind == "epci"         ? (en ? "Intercommunality " : "Intercommunalité ")
                           : r.kind == "zone_emploi"  ? (en ? "Employment zone " : "Zone d’emploi ")
                                                      : (en ? "Territory " : "Territoire ");
        consider("territory", r.kind + ":" + r.code, name,
                 std::string(what) + r.code + (en ? " · named by " : " · nommé par ") + l.carrier, 55);
      }
    }
  for (const auto& np : named_pays()) {
    std::string code;
    for (const auto& [siren, e] : epcis) {
      const std::string f = fold_words(e.first);
      for (const char* part : np.epci_names)
        if (f.find(part) != std::string::npos) {
          code += (code.empty() ? "" : ";") + std::string("epci:") + siren;
          break;
        }
    }
    if (!code.empty())
      consider("territory", code, np.name,
               std::string(en ? "Pays · its intercommunalities (approximation): " : "Pays · ses intercommunalités (approximation) : ") +
                   std::to_string(std::count(code.begin(), code.end(), ';') + 1),
               55);
  }
  std::stable_sort(out.begin(), out.end(), [](const SearchResult& a, const SearchResult& b) {
    return a.score != b.score ? a.score < b.score : a.label < b.label;
  });
  if (out.size() > max_results) out.resize(max_results);
  return out;
}

BBox AppState::territory_bbox(const std::string& code) const {
  BBox b;
  if (!ws_) return b;
  for (const auto& part : split(code, ';')) {
    const size_t colon = part.find(':');
    if (colon == std::string::npos) continue;
    const std::string kind = part.substr(0, colon), c = part.substr(colon + 1);
    for (const auto& cm : ws_->communes) {
      const bool in = kind == "epci"             ? cm.epci == c
                      : kind == "arrondissement" ? cm.arrondissement == c
                      : kind == "zone_emploi"    ? cm.zone_emploi == c
                      : kind == "departement"    ? cm.departement == c
                      : kind == "commune"        ? cm.code == c
                                                 : false;
      if (in) b.extend(bbox(cm.geom));
    }
  }
  return b;
}

void AppState::go_to(const SearchResult& r, double duration_s) {
  if (!ws_) return;
  Selection s;
  if (r.kind == "commune") s = {Selection::Kind::Commune, r.code};
  else if (r.kind == "zone") s = {Selection::Kind::Zone, r.code};
  else if (r.kind == "qpv") s = {Selection::Kind::Qpv, r.code};
  else if (r.kind == "laureate") s = {Selection::Kind::Laureate, r.code};
  select(s);
  if (r.kind == "territory") {
    fly_to(territory_bbox(r.code), duration_s);
    return;
  }
  fly_to(render::selection_bbox(*ws_, r.kind, r.code), duration_s);
}

void AppState::set_layer_visible(LayerId id, bool on) {
  if (auto* l = style.layer(id); l && l->visible != on) {
    l->visible = on;
    style.touch();
    dirty_ = true;
  }
}
void AppState::toggle_layer(LayerId id) {
  if (auto* l = style.layer(id)) set_layer_visible(id, !l->visible);
}
void AppState::set_layer_opacity(LayerId id, float op) {
  if (auto* l = style.layer(id)) {
    l->opacity = std::clamp(op, 0.0f, 1.0f);
    style.touch();
    dirty_ = true;
  }
}
void AppState::move_layer(LayerId id, int delta) {
  auto& ls = style.layers;
  auto it = std::find_if(ls.begin(), ls.end(), [&](const render::LayerSettings& l) { return l.id == id; });
  if (it == ls.end()) return;
  const long i = it - ls.begin(), j = std::clamp<long>(i + delta, 0, static_cast<long>(ls.size()) - 1);
  if (i == j) return;
  std::swap(ls[i], ls[j]);
  style.touch();
  dirty_ = true;
}
void AppState::set_layer_order(const std::vector<render::LayerId>& ids) {
  if (style.order_layers(ids)) dirty_ = true;
}
void AppState::set_laureate_visible(size_t i, bool on) {
  if (i >= style.laureate_visible.size()) return;
  style.laureate_visible[i] = on ? 1 : 0;
  style.touch();
  dirty_ = true;
}
void AppState::set_english(bool en) {
  style.english = en;
  style.touch();
  dirty_ = true;
}

}  // namespace maraude::app
