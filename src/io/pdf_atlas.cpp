#include "io/pdf_atlas.h"

#include "core/atomic_file.h"
#include "io/cairo_text.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <unistd.h>

#include <geos_c.h>

#include "core/cartography.h"
#include "core/region_text.h"
#include "core/coverage/geos_util.h"
#include "core/error.h"
#include "core/laureate_colours.h"
#include "core/story.h"
#include "core/text.h"

namespace maraude::io {

namespace fs = std::filesystem;

namespace {

using namespace draw;

// A4 landscape in PostScript points.
constexpr double kPageW = 841.89, kPageH = 595.28;
constexpr double kMargin = 28;
constexpr double kMapX = kMargin, kMapY = 74, kMapW = 520, kMapH = 468;
constexpr double kSideX = kMapX + kMapW + 18, kSideW = kPageW - kMargin - kSideX;

// The one palette of every map (core/cartography.h): paper and screen agree.
namespace pal = carto::palette;
constexpr Rgb rgb_of(carto::Rgba c) { return {c.r / 255.0, c.g / 255.0, c.b / 255.0}; }
// A palette colour with its own alpha times the layer's opacity.
void setc(cairo_t* cr, carto::Rgba c, double a = 1) { cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0 * a); }
const Rgb kOutside = rgb_of(pal::kBackground), kLand = rgb_of(pal::kLand), kText = rgb_of(pal::kText),
          kMuted = rgb_of(pal::kTextMuted), kSelection = rgb_of(pal::kSelection), kDepLine = rgb_of(pal::kDepLine),
          kRule = hex(0xc8c8c8), kWarnFill = hex(0xfff4d6), kWarnLine = hex(0xd9a400);

// Greedy word wrap to `width`; newlines in `s` start new paragraphs.
std::vector<std::string> wrap(cairo_t* cr, const std::string& s, double width) {
  std::vector<std::string> out;
  for (const auto& para : split(s, '\n')) {
    std::string line;
    for (const auto& w : split(para, ' ')) {
      if (w.empty()) continue;
      const std::string cand = line.empty() ? w : line + " " + w;
      if (!line.empty() && text_w(cr, cand) > width) {
        out.push_back(line);
        line = w;
      } else {
        line = cand;
      }
    }
    out.push_back(line);
  }
  return out;
}

// Draws wrapped text from (x, y) (baseline of the first line); returns the y after the last line.
double paragraph(cairo_t* cr, double x, double y, double width, const std::string& s, double lead,
                 double max_y = 1e9) {
  const auto lines = wrap(cr, s, width);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i + 1 < lines.size() && y + lead > max_y) {
      // No room for the rest: end this line with an ellipsis that fits.
      std::string l = lines[i];
      while (!l.empty() && text_w(cr, l + " …") > width) {
        l.pop_back();
        while (!l.empty() && (static_cast<unsigned char>(l.back()) & 0xC0) == 0x80) l.pop_back();
        if (!l.empty() && (static_cast<unsigned char>(l.back()) & 0x80)) l.pop_back();
      }
      text_at(cr, x, y, l + " …");
      return y + lead;
    }
    text_at(cr, x, y, lines[i]);
    y += lead;
  }
  return y;
}


// A layer's opacity when the page names none: the window's defaults (core default_view_layers,
// as render::MapStyle::defaults), so paper and screen agree (the choropleth at 0.75).
double base_opacity(const std::string& key) {
  static const std::vector<ViewLayer> d = default_view_layers();
  for (const auto& l : d)
    if (l.key == key) return l.opacity;
  return 1.0;
}

// The dissolved outline of a set of communes: their union, closed by a small buffer so the
// slivers between independently simplified commune boundaries do not show as interior lines,
// and without the tiny holes such slivers leave (real enclaves, above 1 km², are kept).
MultiPolygon dissolve(const std::vector<const MultiPolygon*>& parts) {
  namespace g = coverage::geos;
  GEOSContextHandle_t h = g::handle();
  std::vector<GEOSGeometry*> geoms;
  for (const auto* mp : parts) {
    g::Geom one = g::make_valid(g::from_model(*mp));
    if (one && !g::is_empty(one.get())) geoms.push_back(one.release());
  }
  if (geoms.empty()) return {};
  g::Geom coll = g::check(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, geoms.data(),
                                                      static_cast<unsigned>(geoms.size())),
                          "collection");
  g::Geom u = g::check(GEOSUnaryUnion_r(h, coll.get()), "union");
  constexpr double kClose = 30;  // metres
  g::Geom grown = g::check(GEOSBuffer_r(h, u.get(), kClose, 2), "buffer");
  g::Geom closed = g::check(GEOSBuffer_r(h, grown.get(), -kClose, 2), "buffer");
  MultiPolygon out = g::to_model(closed.get());
  for (auto& poly : out.polys) {
    if (poly.rings.size() < 2) continue;
    std::vector<Ring> kept{poly.rings[0]};
    for (size_t i = 1; i < poly.rings.size(); ++i)
      if (std::abs(signed_area(poly.rings[i])) > 1e6) kept.push_back(poly.rings[i]);
    poly.rings = std::move(kept);
  }
  return out;
}

// The part of `a` inside `b` (a zone d'emploi crossing the region's boundary: the part the
// region's data describe), without the slivers left where the two boundaries differ.
MultiPolygon clip_to(const MultiPolygon& a, const MultiPolygon& b) {
  namespace g = coverage::geos;
  GEOSContextHandle_t h = g::handle();
  g::Geom ga = g::make_valid(g::from_model(a)), gb = g::make_valid(g::from_model(b));
  g::Geom i = g::check(GEOSIntersection_r(h, ga.get(), gb.get()), "intersection");
  MultiPolygon out = g::to_model(i.get());
  std::erase_if(out.polys, [](const Polygon& p) { return area(p) < 1e6; });
  return out;
}

}  // namespace

AtlasMapFrame atlas_map_frame(const BBox& e) {
  AtlasMapFrame f;
  f.x = kMapX;
  f.y = kMapY;
  f.w = kMapW;
  f.h = kMapH;
  const double s = std::min(kMapW / e.width(), kMapH / e.height());
  const Vec2 c = e.center();
  f.world = BBox{c.x - kMapW / 2 / s, c.y - kMapH / 2 / s, c.x + kMapW / 2 / s, c.y + kMapH / 2 / s};
  return f;
}

void check_output_writable(const std::string& path) { check_output_path(path, {}, "--pdf", "le PDF"); }

struct PdfAtlas::Impl {
  const Workspace& ws;
  std::string path, tmp, title;
  std::unique_ptr<AtomicFile> file;  // the PDF is written beside its target, renamed when finished
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  cairo_pattern_t* hatch = nullptr;
  int pages = 0;
  bool finished = false;
  std::string date;
  carto::ChoroplethClasses classes;
  bool gaps_on = false;  // the page shows gaps: the choropleth steps back (muted)
  std::vector<BBox> commune_box, zone_box, dep_box, qpv_box;
  std::map<std::string, MultiPolygon> dissolved;  // "epci:CODE" → outline, computed once
  bool osm = false;                                // the workspace uses OpenStreetMap data: credit it

  Impl(const Workspace& w) : ws(w) {}

  // The outline of a territory: the workspace's own polygon for a zone d'emploi or a
  // department, else (EPCI, department without polygon) the dissolved union of its communes.
  const MultiPolygon* territory(const std::string& kind, const std::string& code) {
    if (kind == "zone") {
      const auto* z = ws.zone(code);
      if (z && !z->geom.empty()) {
        if (ws.region.geom.empty()) return &z->geom;
        auto it = dissolved.find("zone:" + code);
        if (it == dissolved.end()) {
          MultiPolygon in = clip_to(z->geom, ws.region.geom);
          it = dissolved.emplace("zone:" + code, in.empty() ? z->geom : std::move(in)).first;
        }
        return &it->second;
      }
    } else if (kind == "departement") {
      for (const auto& d : ws.departements)
        if (d.code == code && !d.geom.empty()) return &d.geom;
    } else if (kind == "laureate") {
      // A laureate's territory: the dissolved union of the communes it was resolved to.
      const std::string key = "laureate:" + code;
      auto it = dissolved.find(key);
      if (it == dissolved.end()) {
        std::vector<const MultiPolygon*> parts;
        for (const auto& l : ws.laureates)
          if (l.id == code)
            for (const auto& c : l.communes)
              if (auto* cm = ws.commune(c); cm && !cm->geom.empty()) parts.push_back(&cm->geom);
        it = dissolved.emplace(key, dissolve(parts)).first;
      }
      return it->second.empty() ? nullptr : &it->second;
    } else if (kind != "epci") {
      return nullptr;
    }
    const std::string key = kind + ":" + code;
    auto it = dissolved.find(key);
    if (it == dissolved.end()) {
      std::vector<const MultiPolygon*> parts;
      for (const auto& cm : ws.communes) {
        const std::string& c = kind == "epci" ? cm.epci : kind == "zone" ? cm.zone_emploi : cm.departement;
        if (c == code && !cm.geom.empty()) parts.push_back(&cm.geom);
      }
      it = dissolved.emplace(key, dissolve(parts)).first;
    }
    return it->second.empty() ? nullptr : &it->second;
  }

  // --- map transform -------------------------------------------------------
  double s = 1, ecx = 0, ecy = 0, cx = 0, cy = 0;
  BBox view;  // the part of the world inside the frame
  double tx(double x) const { return cx + (x - ecx) * s; }
  double ty(double y) const { return cy - (y - ecy) * s; }

  void set_view(const BBox& e) {
    s = std::min(kMapW / e.width(), kMapH / e.height());
    ecx = e.center().x;
    ecy = e.center().y;
    cx = kMapX + kMapW / 2;
    cy = kMapY + kMapH / 2;
    view = BBox{ecx - kMapW / 2 / s, ecy - kMapH / 2 / s, ecx + kMapW / 2 / s, ecy + kMapH / 2 / s};
  }

  // Adds a polygon path, dropping vertices closer than a fraction of a point to the
  // previous one and rings smaller than that: the PDF stays light and fast.
  void add_path(const MultiPolygon& mp, const BBox* box = nullptr) {
    if (box && !box->intersects(view)) return;
    const double tol = 0.35;
    for (const auto& poly : mp.polys) {
      for (const auto& ring : poly.rings) {
        if (ring.size() < 3) continue;
        double px = tx(ring[0].x), py = ty(ring[0].y);
        double minx = px, maxx = px, miny = py, maxy = py;
        for (const auto& v : ring) {
          const double x = tx(v.x), y = ty(v.y);
          minx = std::min(minx, x); maxx = std::max(maxx, x);
          miny = std::min(miny, y); maxy = std::max(maxy, y);
        }
        if (maxx - minx < 0.4 && maxy - miny < 0.4) continue;
        if (maxx < kMapX || minx > kMapX + kMapW || maxy < kMapY || miny > kMapY + kMapH) continue;
        cairo_move_to(cr, px, py);
        for (size_t i = 1; i < ring.size(); ++i) {
          const double x = tx(ring[i].x), y = ty(ring[i].y);
          if (std::abs(x - px) + std::abs(y - py) < tol) continue;
          cairo_line_to(cr, x, y);
          px = x;
          py = y;
        }
        cairo_close_path(cr);
      }
    }
  }

  double op(const AtlasPage& p, const std::string& layer, double def) const {
    auto it = p.opacity.find(layer);
    return it == p.opacity.end() ? def : it->second;
  }

  // --- layers ------------------------------------------------------------------
  void draw_land() {
    set(cr, kOutside);
    cairo_rectangle(cr, kMapX, kMapY, kMapW, kMapH);
    cairo_fill(cr);
    set(cr, kLand);
    for (size_t i = 0; i < ws.departements.size(); ++i) add_path(ws.departements[i].geom, &dep_box[i]);
    if (ws.departements.empty())
      for (size_t i = 0; i < ws.communes.size(); ++i) add_path(ws.communes[i].geom, &commune_box[i]);
    cairo_fill(cr);
  }

  void draw_zones(double a) {
    for (size_t i = 0; i < ws.zones.size(); ++i) {
      if (!zone_box[i].intersects(view)) continue;
      setc(cr, pal::choropleth(classes.class_of(ws.zones[i].rate_latest), gaps_on), a);
      add_path(ws.zones[i].geom, &zone_box[i]);
      cairo_fill(cr);
    }
    cairo_set_line_width(cr, 0.6);
    setc(cr, pal::kZoneLine, a);
    for (size_t i = 0; i < ws.zones.size(); ++i) add_path(ws.zones[i].geom, &zone_box[i]);
    cairo_stroke(cr);
  }

  void draw_basins(double a) {
    cairo_save(cr);
    bool any = false;
    for (size_t i = 0; i < ws.communes.size(); ++i)
      if (ws.communes[i].in_rural_basin && commune_box[i].intersects(view)) {
        add_path(ws.communes[i].geom, &commune_box[i]);
        any = true;
      }
    if (any) {
      cairo_clip(cr);
      cairo_set_source(cr, hatch);
      cairo_paint_with_alpha(cr, a);
      cairo_new_path(cr);
    }
    cairo_restore(cr);
  }

  void draw_gaps(const GapLayer* g, double a) {
    if (!g) return;
    for (size_t i = 0; i < g->polys.size(); ++i) add_path(g->polys[i], &g->boxes[i]);
    setc(cr, pal::kGaps, a);
    cairo_fill_preserve(cr);
    setc(cr, pal::kGapsLine, a);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  }

  void draw_qpv(double a) {
    // Perimeters where known; else the commune holding the QPV, outlined and tinted.
    std::set<std::string> communes;
    for (size_t i = 0; i < ws.qpvs.size(); ++i) {
      const auto& q = ws.qpvs[i];
      if (q.has_perimeter && !q.perimeter.empty()) add_path(q.perimeter, &qpv_box[i]);
      else
        for (const auto& c : q.communes) communes.insert(c);
    }
    setc(cr, pal::kQpvFill, a);
    cairo_fill_preserve(cr);
    setc(cr, pal::kQpvLine, a);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    for (const auto& code : communes)
      if (auto it = ws.commune_by_code.find(code); it != ws.commune_by_code.end())
        add_path(ws.communes[it->second].geom, &commune_box[it->second]);
    setc(cr, pal::kQpvFill, 0.5 * a);
    cairo_fill_preserve(cr);
    setc(cr, pal::kQpvLine, a);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
  }

  void draw_communes(double a) {
    if (view.width() > 180000) return;  // illegible at region scale
    for (size_t i = 0; i < ws.communes.size(); ++i) add_path(ws.communes[i].geom, &commune_box[i]);
    setc(cr, pal::kCommuneLine, a);
    cairo_set_line_width(cr, view.width() > 90000 ? 0.2 : 0.35);
    cairo_stroke(cr);
  }

  void draw_departements(double a) {
    for (size_t i = 0; i < ws.departements.size(); ++i) add_path(ws.departements[i].geom, &dep_box[i]);
    setc(cr, pal::kDepLine, a);
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
  }

  void draw_region(double a) {
    add_path(ws.region.geom);
    setc(cr, pal::kRegionLine, a);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
  }

  // The laureates the page shows (the layer's per-laureate switches) whose territory is in view.
  std::vector<size_t> laureates_in_view(const AtlasPage& p) {
    std::vector<size_t> out;
    for (size_t l = 0; l < ws.laureates.size(); ++l) {
      if (l < p.laureate_visible.size() && !p.laureate_visible[l]) continue;
      const MultiPolygon* t = territory("laureate", ws.laureates[l].id);
      if (t && bbox(*t).intersects(view)) out.push_back(l);
    }
    return out;
  }

  // Each laureate's territory outlined in its hue, as the window draws them; in index order,
  // so a border shared by several takes the colour of the last one, as on the screen.
  void draw_laureates(const AtlasPage& p, double a) {
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_width(cr, view.width() > 150000 ? 1.4 : 1.8);
    for (size_t l : laureates_in_view(p)) {
      add_path(*territory("laureate", ws.laureates[l].id));
      set(cr, hex(laureate_hue(l)), a);
      cairo_stroke(cr);
    }
    cairo_restore(cr);
  }

  // The service symbol of the window (core/cartography.h point_style): same shape, fill and
  // edge; `pt_per_px` scales its screen size to the page.
  void symbol(int kind, double x, double y, double pt_per_px, double a = 1) {
    const carto::SymbolStyle st = carto::point_style(kind);
    const double d = st.size_px * pt_per_px;
    cairo_new_sub_path(cr);  // no joining line from the current point (after text)
    const std::vector<Vec2> o = carto::symbol_outline(st.shape, d);
    if (o.empty()) {
      cairo_arc(cr, x, y, d / 2, 0, 2 * M_PI);
    } else {
      cairo_move_to(cr, x + o[0].x, y + o[0].y);
      for (size_t i = 1; i < o.size(); ++i) cairo_line_to(cr, x + o[i].x, y + o[i].y);
      cairo_close_path(cr);
    }
    setc(cr, st.fill, a);
    cairo_fill_preserve(cr);
    setc(cr, st.stroke, a);
    cairo_set_line_width(cr, std::max(0.35, d * 0.1));
    cairo_stroke(cr);
  }

  void draw_services(double a) {
    const double f = view.width() > 150000 ? 0.42 : 0.6;  // pt per screen pixel of the symbol
    for (const auto& sv : ws.services) {
      if (!view.contains(sv.pos)) continue;
      symbol(static_cast<int>(sv.kind), tx(sv.pos.x), ty(sv.pos.y), f, a);
    }
  }

  void draw_highlights(const AtlasPage& p) {
    for (const auto& h : p.highlights) {
      const auto c = h.find(':');
      const std::string kind = h.substr(0, c), code = c == std::string::npos ? "" : h.substr(c + 1);
      if (kind == "zone" || kind == "epci" || kind == "departement" || kind == "laureate") {
        // The territory's own outline, never the boundaries of its communes.
        if (const MultiPolygon* t = territory(kind, code)) add_path(*t);
      } else if (kind == "commune") {
        if (auto* cm = ws.commune(code)) add_path(cm->geom);
      } else if (kind == "qpv") {
        if (auto* q = ws.qpv(code)) {
          if (q->has_perimeter && !q->perimeter.empty()) add_path(q->perimeter);
          else if (!q->communes.empty())
            if (auto* cm = ws.commune(q->communes[0])) add_path(cm->geom);
        }
      } else if (kind == "service") {
        for (const auto& sv : ws.services)
          if (sv.id == code) cairo_new_sub_path(cr), cairo_arc(cr, tx(sv.pos.x), ty(sv.pos.y), 6, 0, 2 * M_PI);
      }
    }
    set(cr, kSelection);
    cairo_set_line_width(cr, 2.0);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
  }

  void draw_labels(const AtlasPage& p) {
    // Names of the highlighted features (and, on a zone view, of its main towns).
    font(cr, 7.5, true);
    std::vector<BBox> placed;
    auto label = [&](const std::string& text, Vec2 at) {
      if (!view.contains(at)) return;
      const double w = text_w(cr, text), x = tx(at.x) - w / 2, y = ty(at.y) + 3;
      BBox b{x - 2, y - 9, x + w + 2, y + 3};
      if (b.minx < kMapX || b.maxx > kMapX + kMapW || b.miny < kMapY || b.maxy > kMapY + kMapH) return;
      for (const auto& o : placed)
        if (o.intersects(b)) return;
      placed.push_back(b);
      cairo_move_to(cr, x, y);
      cairo_text_path(cr, text.c_str());
      cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
      cairo_set_line_width(cr, 2.2);
      cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke(cr);
      set(cr, kText);
      text_at(cr, x, y, text);
    };
    for (const auto& h : p.highlights) {
      const auto c = h.find(':');
      const std::string kind = h.substr(0, c), code = c == std::string::npos ? "" : h.substr(c + 1);
      if (kind == "qpv") {
        if (auto* q = ws.qpv(code)) {
          if (q->has_perimeter && !q->perimeter.empty()) {
            label(q->name, point_on_surface(q->perimeter));
          } else if (!q->communes.empty()) {
            // Commune-level QPV: its place is only known as its commune; name the commune once.
            if (auto* cm = ws.commune(q->communes[0])) label(cm->name, cm->anchor);
          }
        }
      } else if (kind == "commune") {
        if (auto* cm = ws.commune(code)) label(cm->name, cm->anchor);
      }
    }
    // The largest towns in view.
    std::vector<const Commune*> big;
    for (const auto& cm : ws.communes)
      if (view.contains(cm.anchor)) big.push_back(&cm);
    std::sort(big.begin(), big.end(), [](auto* a, auto* b) { return a->population > b->population; });
    font(cr, 7, false);
    for (size_t i = 0; i < big.size() && i < 12; ++i) label(big[i]->name, big[i]->anchor);
  }

  void draw_veil(const AtlasPage& p) {
    // Dims everything outside the focus territory (even-odd: frame minus territory).
    const auto c = p.focus.find(':');
    const std::string kind = p.focus.substr(0, c), code = c == std::string::npos ? "" : p.focus.substr(c + 1);
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_rectangle(cr, kMapX, kMapY, kMapW, kMapH);
    if (const MultiPolygon* t = territory(kind, code)) add_path(*t);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.55);
    cairo_fill(cr);
    cairo_restore(cr);
  }

  // --- furniture ----------------------------------------------------------------
  void scale_bar() {
    const double target_m = view.width() / 5;
    const double steps[] = {500, 1000, 2000, 5000, 10000, 20000, 25000, 50000, 100000};
    double m = steps[0];
    for (double st : steps)
      if (st <= target_m) m = st;
    const double w = m * s, x = kMapX + 12, y = kMapY + kMapH - 14;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, x - 6, y - 16, w + 40, 24);
    cairo_fill(cr);
    set(cr, kText);
    cairo_rectangle(cr, x, y - 3, w / 2, 3);
    cairo_fill(cr);
    cairo_rectangle(cr, x, y - 3, w, 3);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    font(cr, 7);
    const std::string lbl = m >= 1000 ? format_fr(m / 1000, 0) + " km" : format_fr(m, 0) + " m";
    text_at(cr, x, y - 6, "0");
    text_at(cr, x + w - text_w(cr, lbl) / 2, y - 6, lbl);
  }

  void north_arrow() {
    const double x = kMapX + kMapW - 22, y = kMapY + 16;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_arc(cr, x, y + 10, 13, 0, 2 * M_PI);
    cairo_fill(cr);
    set(cr, kText);
    cairo_move_to(cr, x, y + 2);
    cairo_line_to(cr, x + 5, y + 18);
    cairo_line_to(cr, x, y + 14);
    cairo_line_to(cr, x - 5, y + 18);
    cairo_close_path(cr);
    cairo_fill(cr);
    font(cr, 7, true);
    text_at(cr, x - text_w(cr, "N") / 2, y + 1, "N");
  }

  // Legend of the visible layers; returns the y below it.
  double legend(const AtlasPage& p, double y) {
    const std::set<std::string> vis(p.layers.begin(), p.layers.end());
    font(cr, 9, true);
    set(cr, kText);
    text_at(cr, kSideX, y, "Légende");
    y += 13;
    const double sw = 14, sh = 9, tx0 = kSideX + sw + 6;
    auto row = [&](const std::string& t) {
      font(cr, 7.5);
      set(cr, kText);
      y = paragraph(cr, tx0, y + 7, kSideW - sw - 6, t, 9) + 1.5;
    };
    if (vis.count("zones")) {
      font(cr, 7.5, true);
      set(cr, kText);
      std::string quarter = ws.rural_rule.quarter;
      if (quarter.empty() && !ws.zones.empty()) quarter = ws.zones[0].quarter_latest;
      y = paragraph(cr, kSideX, y + 7, kSideW, "Taux de chômage localisé par zone d'emploi (INSEE, CVS, " + quarter + ")",
                    9.5) + 1;
      font(cr, 7.5);
      const int ncls = static_cast<int>(classes.breaks.size()) + 1;
      for (int k = 0; k < ncls; ++k) {
        setc(cr, pal::choropleth(k, gaps_on));
        cairo_rectangle(cr, kSideX + 4 + k * 40, y, 40, 8);
        cairo_fill(cr);
      }
      set(cr, kMuted);
      cairo_set_line_width(cr, 0.4);
      cairo_rectangle(cr, kSideX + 4, y, 40.0 * ncls, 8);
      cairo_stroke(cr);
      set(cr, kText);
      font(cr, 6.5);
      for (int k = 0; k + 1 < ncls; ++k) {
        const std::string b = format_fr(classes.breaks[static_cast<size_t>(k)], 1);
        text_at(cr, kSideX + 4 + (k + 1) * 40 - text_w(cr, b) / 2, y + 16, b);
      }
      text_at(cr, kSideX + 8 + 40.0 * ncls, y + 7, "%");
      y += 22;
      font(cr, 6.5);
      set(cr, kMuted);
      y = paragraph(cr, kSideX, y + 2, kSideW, "Un taux égal à une borne compte dans la classe au-dessus.", 8) + 1;
    }
    if (vis.count("basins")) {
      cairo_save(cr);
      cairo_rectangle(cr, kSideX, y, sw, sh);
      cairo_clip(cr);
      cairo_set_source(cr, hatch);
      cairo_paint(cr);
      cairo_restore(cr);
      row("Commune rurale d'un bassin où le chômage dépasse " + format_fr(ws.rural_rule.threshold_rate, 1) + " %");
    }
    if (vis.count("gaps") && p.gaps) {
      setc(cr, pal::kGaps);
      cairo_rectangle(cr, kSideX, y, sw, sh);
      cairo_fill(cr);
      row(std::string(carto::legend::gaps()) + " : cible non atteinte (scénario « " + p.gaps->scenario + " »)");
    }
    if (vis.count("qpv")) {
      setc(cr, pal::kQpvFill);
      cairo_rectangle(cr, kSideX, y, sw, sh);
      cairo_fill_preserve(cr);
      setc(cr, pal::kQpvLine);
      cairo_set_line_width(cr, 0.9);
      cairo_stroke(cr);
      bool perim = false;
      for (const auto& q : ws.qpvs) perim |= q.has_perimeter;
      row(perim ? "Quartier prioritaire (QPV " + qpv_vintage(ws) + ")" : "Commune comportant un quartier prioritaire (QPV " + qpv_vintage(ws) + ")");
    }
    if (vis.count("laureates")) {
      // The laureates on the map, two per row (names shortened to fit the half column).
      const std::vector<size_t> ls = laureates_in_view(p);
      if (!ls.empty()) {
        font(cr, 7.5, true);
        set(cr, kText);
        y = paragraph(cr, kSideX, y + 7, kSideW, "Territoires des lauréats « Repérer et mobiliser les publics invisibles »", 9.5) + 1;
        font(cr, 6.5);
        const double half = kSideW / 2;
        for (size_t k = 0; k < ls.size(); ++k) {
          const double x = kSideX + static_cast<double>(k % 2) * half;
          set(cr, hex(laureate_hue(ls[k])));
          cairo_set_line_width(cr, 1.8);
          cairo_rectangle(cr, x + 1, y + 1.5, sw - 2, sh - 3);
          cairo_stroke(cr);
          std::string name = ws.laureates[ls[k]].carrier.empty() ? ws.laureates[ls[k]].id : ws.laureates[ls[k]].carrier;
          while (text_w(cr, name) > half - sw - 10 && name.size() > 6) {
            name.resize(name.size() - 4);
            while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();  // UTF-8
            if (!name.empty()) name.pop_back();
            name += "…";
          }
          set(cr, kText);
          text_at(cr, x + sw + 5, y + 7, name);
          if (k % 2 == 1 || k + 1 == ls.size()) y += 10.5;
        }
        y += 3;
      }
    }
    if (vis.count("departements")) {
      set(cr, kDepLine);
      cairo_set_line_width(cr, 1.0);
      cairo_move_to(cr, kSideX, y + 5);
      cairo_line_to(cr, kSideX + sw, y + 5);
      cairo_stroke(cr);
      row("Limite de département");
    }
    if (!p.highlights.empty()) {
      set(cr, kSelection);
      cairo_set_line_width(cr, 2);
      cairo_rectangle(cr, kSideX + 1, y + 1, sw - 2, sh - 2);
      cairo_stroke(cr);
      row("Territoire ou quartier mis en évidence");
    }
    if (vis.count("services")) {
      // Two symbols per row: the legend must leave room for the key figures.
      // Only the kinds the workspace holds, in the window's order.
      font(cr, 7.5);
      const std::vector<ServiceKind> kinds = service_kinds_present(ws);
      for (size_t i = 0; i < kinds.size(); ++i) {
        const double x = kSideX + static_cast<double>(i % 2) * (kSideW / 2);
        symbol(static_cast<int>(kinds[i]), x + sw / 2, y + sh / 2, 0.6);
        set(cr, kText);
        text_at(cr, x + sw + 6, y + 7, carto::service_legend(kinds[i]));
        if (i % 2 == 1 || i + 1 == kinds.size()) y += 11.5;
      }
    }
    return y;
  }

  // The key-figure table from y; returns the y below it. `compact` tightens the rows (a page
  // with long notes); `draw` false only measures.
  double figures(const AtlasPage& p, double y, bool compact = false, bool draw = true) {
    if (p.figures.empty()) return y;
    const double fs = compact ? 7.0 : 7.5, top = compact ? 9.5 : 11, lead = compact ? 8.2 : 8.8;
    font(cr, 9, true);
    set(cr, kText);
    if (draw) text_at(cr, kSideX, y, "Chiffres clés");
    y += 5;
    for (const auto& [k, v] : p.figures) {
      font(cr, fs, true);
      const double vw = text_w(cr, v);
      font(cr, fs);
      const auto lines = wrap(cr, k, kSideW - vw - 10);
      double ly = y + top;
      if (draw) {
        set(cr, kRule);
        cairo_set_line_width(cr, 0.4);
        cairo_move_to(cr, kSideX, y + 3);
        cairo_line_to(cr, kSideX + kSideW, y + 3);
        cairo_stroke(cr);
        set(cr, kText);
      }
      for (const auto& l : lines) {
        if (draw) text_at(cr, kSideX, ly, l);
        ly += lead;
      }
      font(cr, fs, true);
      if (draw) text_at(cr, kSideX + kSideW - vw, y + top, v);
      y = ly - (compact ? 2.5 : 2);
    }
    return y + 8;
  }
};

PdfAtlas::PdfAtlas(const std::string& path, const Workspace& ws, const std::string& document_title)
    : impl_(std::make_unique<Impl>(ws)) {
  check_output_writable(path);
  auto& m = *impl_;
  m.path = path;
  m.file = std::make_unique<AtomicFile>(path);
  m.tmp = m.file->tmp();
  m.title = document_title;
  m.date = french_date_today();
  m.surface = cairo_pdf_surface_create(m.tmp.c_str(), kPageW, kPageH);
  if (cairo_surface_status(m.surface) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorKind::Io, std::string("impossible de créer le PDF : ") + cairo_status_to_string(cairo_surface_status(m.surface)),
                path, "choisissez un dossier où vous pouvez écrire");
  cairo_pdf_surface_set_metadata(m.surface, CAIRO_PDF_METADATA_TITLE, document_title.c_str());
  cairo_pdf_surface_set_metadata(m.surface, CAIRO_PDF_METADATA_CREATOR, "Maraude");
  m.cr = cairo_create(m.surface);
  // Hatch of the rural basins: a bounded 5×5 pt vector tile of 45° lines, repeated.
  const cairo_rectangle_t tile_rect{0, 0, 5, 5};
  cairo_surface_t* tile = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &tile_rect);
  cairo_t* t = cairo_create(tile);
  setc(t, pal::kBasinHatch);
  cairo_set_line_width(t, 0.55);
  cairo_move_to(t, -1, 6);
  cairo_line_to(t, 6, -1);
  cairo_move_to(t, -1, 1);
  cairo_line_to(t, 1, -1);
  cairo_move_to(t, 4, 6);
  cairo_line_to(t, 6, 4);
  cairo_stroke(t);
  cairo_destroy(t);
  m.hatch = cairo_pattern_create_for_surface(tile);
  cairo_surface_destroy(tile);
  cairo_pattern_set_extend(m.hatch, CAIRO_EXTEND_REPEAT);
  m.classes = carto::compute_classes(ws);
  for (const auto& [k, v] : ws.meta) {
    const std::string t = fold(k + " " + v);
    m.osm |= t.find("openstreetmap") != std::string::npos;
    std::string word;
    for (char ch : t + " ") {
      if (std::isalnum(static_cast<unsigned char>(ch))) word += ch;
      else {
        m.osm |= word == "osm";
        word.clear();
      }
    }
  }
  for (const auto& c : ws.communes) m.commune_box.push_back(bbox(c.geom));
  for (const auto& z : ws.zones) m.zone_box.push_back(bbox(z.geom));
  for (const auto& d : ws.departements) m.dep_box.push_back(bbox(d.geom));
  for (const auto& q : ws.qpvs) m.qpv_box.push_back(q.has_perimeter ? bbox(q.perimeter) : BBox{});
}

PdfAtlas::~PdfAtlas() {
  auto& m = *impl_;
  if (m.hatch) cairo_pattern_destroy(m.hatch);
  if (m.cr) cairo_destroy(m.cr);
  if (m.surface) {
    cairo_surface_finish(m.surface);
    cairo_surface_destroy(m.surface);
  }
  // An unfinished PDF: the AtomicFile's destructor removes the temporary.
}

int PdfAtlas::pages() const { return impl_->pages; }

void PdfAtlas::add_page(const AtlasPage& p) {
  auto& m = *impl_;
  cairo_t* cr = m.cr;
  ++m.pages;
  BBox e = p.extent;
  if (e.empty()) e = resolve_extent(m.ws, "region");
  if (e.empty()) e = BBox{600000, 6900000, 800000, 7100000};
  m.set_view(e);

  // Header.
  set(cr, kText);
  font(cr, 17, true);
  std::string title = p.title;
  while (text_w(cr, title) > kPageW - 2 * kMargin && title.size() > 10) title = title.substr(0, title.size() - 8) + "…";
  text_at(cr, kMargin, kMargin + 16, title);
  font(cr, 9.5);
  set(cr, kMuted);
  text_at(cr, kMargin, kMargin + 32, p.subtitle.empty() ? m.title : p.subtitle);
  set(cr, kRule);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, kMargin, kMapY - 8);
  cairo_line_to(cr, kPageW - kMargin, kMapY - 8);
  cairo_stroke(cr);

  // Map, clipped to its frame.
  cairo_save(cr);
  cairo_rectangle(cr, kMapX, kMapY, kMapW, kMapH);
  cairo_clip(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  bool painted = false;
  if (p.map_painter) {
    cairo_save(cr);
    painted = p.map_painter(cr, m.view, kMapX, kMapY, kMapW, kMapH);
    cairo_restore(cr);
  }
  if (!painted) m.draw_land();
  m.gaps_on = p.gaps != nullptr && std::find(p.layers.begin(), p.layers.end(), "gaps") != p.layers.end();
  bool labels = false;
  for (const auto& l : painted ? std::vector<std::string>{} : p.layers) {
    const double a = m.op(p, l, base_opacity(l));
    if (a <= 0) continue;
    if (l == "zones") m.draw_zones(a);
    else if (l == "basins") m.draw_basins(a);
    else if (l == "gaps") m.draw_gaps(p.gaps, a);
    else if (l == "qpv") m.draw_qpv(a);
    else if (l == "communes") m.draw_communes(a);
    else if (l == "departements") m.draw_departements(a);
    else if (l == "region") m.draw_region(a);
    else if (l == "services") m.draw_services(a);
    else if (l == "laureates") m.draw_laureates(p, a);
    else if (l == "labels") labels = true;
    // Unknown keys: nothing drawn here (they are reported as warnings).
  }
  if (!painted) {
    if (!p.focus.empty()) m.draw_veil(p);
    m.draw_highlights(p);
    if (labels) m.draw_labels(p);
  }
  cairo_restore(cr);
  set(cr, kMuted);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, kMapX, kMapY, kMapW, kMapH);
  cairo_stroke(cr);
  m.scale_bar();
  m.north_arrow();

  // Side column: warnings, legend, figures, notes.
  double y = kMapY + 4;
  if (!p.warnings.empty()) {
    font(cr, 7.5);
    double h = 8;
    for (const auto& w : p.warnings) h += 9.5 * static_cast<double>(wrap(cr, w, kSideW - 12).size()) + 2;
    set(cr, kWarnFill);
    cairo_rectangle(cr, kSideX, y - 4, kSideW, h);
    cairo_fill_preserve(cr);
    set(cr, kWarnLine);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    set(cr, kText);
    double wy = y + 6;
    for (const auto& w : p.warnings) wy = paragraph(cr, kSideX + 6, wy, kSideW - 12, w, 9.5) + 2;
    y += h + 10;
  }
  y = m.legend(p, y + 6) + 10;
  // Long notes: a tighter table leaves them room (they must not end in an ellipsis).
  bool compact = false;
  if (!p.notes.empty()) {
    const double after = m.figures(p, y + 6, false, false);
    font(cr, 6.5);
    const double need = 19 + static_cast<double>(wrap(cr, p.notes, kSideW).size()) * 6.5 * 1.23;
    compact = after + need > kPageH - 36;
  }
  y = m.figures(p, y + 6, compact);
  // Notes may run below the map frame's bottom, down to just above the footer.
  constexpr double kNotesBottom = kPageH - 36;
  if (!p.notes.empty() && y < kNotesBottom - 20) {
    font(cr, 9, true);
    set(cr, kText);
    text_at(cr, kSideX, y + 6, "Notes");
    // The largest type (7.5 to 6 pt) at which the whole note fits; below that, an ellipsis.
    double size = 7.5;
    for (; size > 6.01; size -= 0.5) {
      font(cr, size);
      if (y + 19 + (static_cast<double>(wrap(cr, p.notes, kSideW).size()) - 1) * size * 1.23 <= kNotesBottom) break;
    }
    font(cr, size);
    paragraph(cr, kSideX, y + 19, kSideW, p.notes, size * 1.23, kNotesBottom);
  }

  // Footer.
  font(cr, 6.5);
  set(cr, kMuted);
  text_at(cr, kMargin, kPageH - 24, m.osm ? sources_line(m.ws) + " — © OpenStreetMap contributors (ODbL)" : sources_line(m.ws));
  text_at(cr, kMargin, kPageH - 15,
          "Maraude — " + m.date + " — Lambert-93 (EPSG:2154) — estimations : 15-29 ans par structure d'âge départementale");
  const std::string pg = "page " + std::to_string(m.pages);
  text_at(cr, kPageW - kMargin - text_w(cr, pg), kPageH - 15, pg);
  cairo_show_page(cr);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorKind::Io, std::string("erreur d'écriture du PDF : ") + cairo_status_to_string(cairo_status(cr)),
                m.path, "vérifiez l’espace libre sur le disque");
}

void PdfAtlas::finish() {
  auto& m = *impl_;
  if (m.finished) return;
  cairo_destroy(m.cr);
  m.cr = nullptr;
  cairo_surface_finish(m.surface);
  const auto st = cairo_surface_status(m.surface);
  cairo_surface_destroy(m.surface);
  m.surface = nullptr;
  if (st != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorKind::Io, std::string("erreur d'écriture du PDF : ") + cairo_status_to_string(st), m.path,
                "vérifiez l’espace libre sur le disque et les droits du dossier");
  m.file->commit();
  m.finished = true;
}

}  // namespace maraude::io
