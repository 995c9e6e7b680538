#include "render/overlay.h"

#include <sstream>

#include "core/region_text.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace maraude::render {

namespace {
const char* tr(bool en, const char* fr, const char* eng) { return en ? eng : fr; }

struct Builder {
  Overlay& ov;
  const MeasureText& measure;
  void text(float x, float y, const std::string& s, float size, Rgba c, bool bold = false, int align = 0,
            Rgba halo = {0, 0, 0, 0}, bool italic = false) {
    OvItem it;
    it.type = OvItem::Type::Text;
    it.x = x; it.y = y; it.text = s; it.size = size; it.fill = c; it.bold = bold; it.align = align;
    it.stroke = halo; it.italic = italic;
    it.stroke_w = halo.a ? std::max(2.5f, size * 0.28f) : 0;
    ov.items.push_back(std::move(it));
  }
  void rect(float x, float y, float w, float h, Rgba fill, Rgba stroke = {0, 0, 0, 0}, float sw = 0) {
    OvItem it;
    it.type = OvItem::Type::Rect;
    it.x = x; it.y = y; it.w = w; it.h = h; it.fill = fill; it.stroke = stroke; it.stroke_w = sw;
    ov.items.push_back(it);
  }
  void hatch(float x, float y, float w, float h, Rgba c, float sw) {
    OvItem it;
    it.type = OvItem::Type::HatchRect;
    it.x = x; it.y = y; it.w = w; it.h = h; it.stroke = c; it.stroke_w = sw;
    ov.items.push_back(it);
  }
  void line(float x0, float y0, float x1, float y1, Rgba c, float w) {
    OvItem it;
    it.type = OvItem::Type::Line;
    it.x = x0; it.y = y0; it.w = x1 - x0; it.h = y1 - y0; it.stroke = c; it.stroke_w = w;
    ov.items.push_back(it);
  }
  void symbol(float x, float y, int style, float k) {
    const SymbolStyle s = point_style(style);
    OvItem it;
    it.type = OvItem::Type::Symbol;
    it.x = x; it.y = y; it.w = s.size_px * k; it.shape = s.shape; it.fill = s.fill; it.stroke = s.stroke;
    it.stroke_w = (s.shape == Shape::Ring ? 2.2f : 1.3f) * k;
    ov.items.push_back(it);
  }
};

std::string ellipsize(const std::string& s, size_t max_chars) {
  // Counts code points, cuts on a code-point boundary.
  size_t cps = 0, i = 0, cut = std::string::npos;
  while (i < s.size()) {
    if (cps == max_chars) { cut = i; break; }
    const unsigned char c = s[i];
    i += c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    ++cps;
  }
  if (cut == std::string::npos) return s;
  return trim(s.substr(0, cut)) + "…";
}

std::string pretty_carrier(const Laureate& l) {
  // Carriers are often upper case in the source text: "TOUR EMPLOI" -> keep, but prefer the project name if short.
  std::string s = l.carrier.empty() ? l.id : l.carrier;
  return s;
}
}  // namespace

double nice_scale_length(double mpp, double target_px) {
  const double raw = mpp * target_px;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double best = p;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p <= raw * 1.25) best = m * p;
  return best;
}

std::string format_distance(double m) {
  if (m >= 1000) return format_thousands(static_cast<long long>(std::llround(m / 1000))) + " km";
  return std::to_string(static_cast<long long>(std::llround(m))) + " m";
}

Overlay build_overlay(const Workspace& ws, const MapData& data, const Camera& cam, const MapStyle& style,
                      const MeasureText& measure, const OverlayParts& parts) {
  Overlay ov;
  Builder b{ov, measure};
  const bool en = style.english;
  const float k = style.scale;
  const float W = static_cast<float>(cam.width), H = static_cast<float>(cam.height);
  const Rgba panel = rgb(0xffffff, 232), panel_line = rgb(0xb9c2c9);
  const Rgba ink = palette::kText, muted = palette::kTextMuted, halo = rgb(0xffffff, 215);
  const float pad = 10 * k;

  // ---- Title (top left) ------------------------------------------------------------------
  if (parts.title) {
    const std::string t1 = map_title(ws, en);
    const std::string t2 = map_subtitle(ws, en);
    const float w = std::max(measure(t1, 17 * k, true), measure(t2, 12 * k, false)) + 2 * pad;
    const float h = 50 * k;
    b.rect(pad, pad, w, h, panel, panel_line, 1);
    b.text(2 * pad, pad + 22 * k, t1, 17 * k, ink, true);
    b.text(2 * pad, pad + 40 * k, t2, 12 * k, muted);
    ov.occupied.push_back({pad, pad, pad + w, pad + h});
  }

  // ---- Legend (right) ----------------------------------------------------------------------
  if (parts.legend) {
    struct Row { int kind; std::string text; int style; Rgba color; bool bold; bool italic; float h; float lw = 0;
                 std::vector<Rgba> colors = {}; };
    // kinds: 0 heading, 1 swatch fill, 2 hatch, 3 symbol, 4 line swatch, 5 note, 6 spacer,
    // 7 several line colours in one swatch (compact legend)
    std::vector<Row> rows;
    const float fs = 12 * k, hs = 13 * k;
    const float row_h = 17 * k;
    const bool gaps_on = style.visible(LayerId::Gaps) && style.gaps_loaded;
    if (style.visible(LayerId::Zones)) {
      const ChoroplethClasses cls = compute_classes(ws);
      rows.push_back({0, tr(en, "Taux de chômage localisé", "Localized unemployment rate"), 0, {}, true, false, row_h + 2 * k});
      std::string q = cls.quarter;
      if (q.size() == 7 && q[4] == '-') q = (en ? "Q" : "T") + q.substr(6, 1) + " " + q.substr(0, 4);
      rows.push_back({5, std::string(tr(en, "par zone d’emploi, ", "by employment zone, ")) + q + tr(en, " — source : INSEE", " — source: INSEE"), 0, {}, false, true, row_h});
      for (int c = static_cast<int>(cls.breaks.size()); c >= 0; --c)
        rows.push_back({1, cls.label(c, en), 0, palette::choropleth(c, gaps_on), false, false, row_h});
      rows.push_back({6, "", 0, {}, false, false, 6 * k});
    }
    if (style.visible(LayerId::Basins)) {
      std::string t = tr(en, "Bassin rural à fort chômage", "Rural high-unemployment basin");
      rows.push_back({2, t, 0, palette::kBasinHatch, false, false, row_h});
      if (ws.rural_rule.threshold_rate > 0)
        rows.push_back({5, std::string(tr(en, "commune rurale, zone > ", "commune rurale, zone > ")) + format_fr(ws.rural_rule.threshold_rate, 1) + " %", 0, {}, false, true, row_h});
      rows.push_back({6, "", 0, {}, false, false, 6 * k});
    }
    if (style.visible(LayerId::Qpv)) {
      bool any_perim = false, any_marker = !data.qpv_markers.empty();
      for (const auto& q : ws.qpvs) any_perim |= q.has_perimeter;
      if (any_perim) rows.push_back({1, carto::legend::qpv(en), 0, palette::kQpvFill, false, false, row_h});
      if (any_marker) {
        rows.push_back({3, tr(en, "Commune comptant un QPV", "Municipality with a QPV"), kQpvMarkerStyle, {}, false, false, row_h + 2 * k});
        rows.push_back({5, tr(en, "périmètres QPV non chargés", "QPV perimeters not loaded"), 0, {}, false, true, row_h});
      }
      rows.push_back({6, "", 0, {}, false, false, 6 * k});
    }
    if (style.visible(LayerId::Services) && !ws.services.empty()) {
      rows.push_back({0, tr(en, "Services", "Services"), 0, {}, true, false, row_h + 2 * k});
      int counts[kServiceStyles] = {0};
      for (const auto& s : ws.services) ++counts[static_cast<int>(s.kind)];
      for (int s = 0; s < kServiceStyles; ++s)
        if (counts[s] > 0)
          rows.push_back({3, std::string(carto::service_legend(static_cast<ServiceKind>(s), en)) + " (" + std::to_string(counts[s]) + ")", s, {}, false, false, row_h + 1 * k});
      rows.push_back({6, "", 0, {}, false, false, 6 * k});
    }
    if (style.visible(LayerId::Laureates) && !ws.laureates.empty()) {
      rows.push_back({0, tr(en, "Territoires des lauréats", "Laureates’ territories"), 0, {}, true, false, row_h + 2 * k});
      std::vector<size_t> shown;
      for (size_t l = 0; l < ws.laureates.size(); ++l)
        if (l >= style.laureate_visible.size() || style.laureate_visible[l]) shown.push_back(l);
      if (parts.legend_compact && shown.size() > kCompactLaureates) {
        Row r{7, std::to_string(shown.size()) + tr(en, " territoires, une couleur chacun", " territories, one colour each"), 0, {}, false, false, row_h};
        for (size_t l : shown) r.colors.push_back(palette::laureate(l));
        rows.push_back(r);
        rows.push_back({5, tr(en, "noms : Couches → Lauréats, ou au survol", "names: Layers → Laureates, or on hover"), 0, {}, false, true, row_h});
      } else {
        for (size_t l : shown)
          rows.push_back({4, ellipsize(pretty_carrier(ws.laureates[l]), parts.legend_name_chars), 0, palette::laureate(l), false, false, row_h - 2 * k});
      }
      rows.push_back({6, "", 0, {}, false, false, 6 * k});
    }
    if (style.visible(LayerId::Gaps) && style.gaps_loaded) {
      // Shown once the coverage engine has handed gaps to the renderer (see MapRenderer::set_gaps).
      rows.push_back({0, tr(en, "Couverture de l’« aller vers »", "Outreach coverage"), 0, {}, true, false, row_h + 2 * k});
      rows.push_back({1, carto::legend::gaps(en), 0, palette::kGaps, false, false, row_h});
      rows.push_back({4, carto::legend::covered(en), 1, palette::kCoverageLine, false, false, row_h});
      if (!style.gaps_note.empty()) rows.push_back({5, style.gaps_note, 0, {}, false, true, row_h});
      rows.push_back({6, "", 0, {}, false, false, 6 * k});
    }
    // Roads: only when the renderer draws them (a road network, commune zoom or closer), and
    // only the classes drawn at this scale, with their widths and colours.
    if (style.visible(LayerId::Roads) && cam.mpp <= kRoadMaxMpp) {
      const int rl = data.roads.level_for(cam.mpp);
      if (rl >= 0) {
        const RoadLevel& lv = data.roads.levels[static_cast<size_t>(rl)];
        const char* names_fr[] = {"Autoroute, voie rapide", "Route principale", "Autre route"};
        const char* names_en[] = {"Motorway, expressway", "Main road", "Other road"};
        const Rgba cols[] = {palette::kRoadMajor, palette::kRoadMid, palette::kRoadMinor};
        const float widths[] = {2.1f, 1.4f, 0.9f};
        std::vector<Row> road_rows;
        for (int c = 0; c < kRoadClasses; ++c) {
          if (lv.lines[c].empty() || (c == 2 && cam.mpp > kRoadMinorMaxMpp)) continue;
          Rgba col = cols[c];
          col.a = 255;  // the legend sits on white: the opaque tone reads as on the map's land
          road_rows.push_back({4, en ? names_en[c] : names_fr[c], 1, col, false, false, row_h - 2 * k, std::max(1.5f, widths[c] * 1.3f)});
        }
        if (!road_rows.empty()) {
          rows.push_back({0, tr(en, "Routes", "Roads"), 0, {}, true, false, row_h + 2 * k});
          rows.insert(rows.end(), road_rows.begin(), road_rows.end());
          rows.push_back({5, tr(en, "© contributeurs OpenStreetMap", "© OpenStreetMap contributors"), 0, {}, false, true, row_h});
          rows.push_back({6, "", 0, {}, false, false, 6 * k});
        }
      }
    }
    if (style.visible(LayerId::Departements) || style.visible(LayerId::Region)) {
      rows.push_back({4, tr(en, "Limite de département", "Department boundary"), 1, palette::kDepLine, false, false, row_h});
    }
    while (!rows.empty() && rows.back().kind == 6) rows.pop_back();
    const float sw = 22 * k;  // swatch column
    if (parts.legend_compact) {
      // Notes wrap at the width of the other rows (at least 220 px at scale 1), word by word.
      float wmax = 220 * k;
      for (const auto& r : rows)
        if (r.kind != 5) wmax = std::max(wmax, measure(r.text, r.kind == 0 ? hs : fs, r.bold) + (r.kind == 0 ? 0 : sw + 6 * k));
      std::vector<Row> wrapped;
      for (const auto& r : rows) {
        if (r.kind != 5 || measure(r.text, fs, r.bold) <= wmax) {
          wrapped.push_back(r);
          continue;
        }
        std::string line, word;
        auto flush = [&] {
          if (line.empty()) return;
          Row part = r;
          part.text = line;
          wrapped.push_back(part);
          line.clear();
        };
        std::istringstream words(r.text);
        while (words >> word) {
          const std::string longer = line.empty() ? word : line + " " + word;
          if (!line.empty() && measure(longer, fs, r.bold) > wmax) {
            flush();
            line = word;
          } else {
            line = longer;
          }
        }
        flush();
      }
      rows.swap(wrapped);
    }
    if (!rows.empty()) {
      float w = 0, h = 0;
      for (const auto& r : rows) {
        const float tw = measure(r.text, r.kind == 0 ? hs : fs, r.bold) + (r.kind == 0 || r.kind == 5 ? 0 : sw + 6 * k);
        w = std::max(w, tw);
        h += r.h;
      }
      w += 2 * pad;
      h += 2 * pad - 4 * k;
      // Tall legends split into two columns when they would not fit.
      const float avail = H - 2 * pad - parts.legend_top;
      float x0 = W - pad - w, y0 = pad + parts.legend_top;
      if (h > avail && avail > 0) {
        // Scale down the rows rather than clipping them.
        const float f = avail / h;
        for (auto& r : rows) r.h *= f;
        h = avail;
      }
      b.rect(x0, y0, w, h, panel, panel_line, 1);
      ov.occupied.push_back({x0, y0, x0 + w, y0 + h});
      float y = y0 + pad;
      for (const auto& r : rows) {
        const float base = y + r.h * 0.5f + fs * 0.36f;
        const float tx = x0 + pad + sw + 6 * k;
        switch (r.kind) {
          case 0: b.text(x0 + pad, base, r.text, hs, ink, true); break;
          case 5: b.text(x0 + pad, base, r.text, fs * 0.95f, muted, false, 0, {0, 0, 0, 0}, true); break;
          case 1:
            b.rect(x0 + pad, y + 2 * k, sw, r.h - 4 * k, r.color, rgb(0x9a9a9a), 1);
            b.text(tx, base, r.text, fs, ink);
            break;
          case 2:
            b.rect(x0 + pad, y + 2 * k, sw, r.h - 4 * k, palette::kLand, rgb(0x9a9a9a), 1);
            b.hatch(x0 + pad, y + 2 * k, sw, r.h - 4 * k, r.color, 1.6f * k);
            b.text(tx, base, r.text, fs, ink);
            break;
          case 3:
            b.symbol(x0 + pad + sw * 0.5f, y + r.h * 0.5f, r.style, k);
            b.text(tx, base, r.text, fs, ink);
            break;
          case 4:
            b.line(x0 + pad, y + r.h * 0.5f, x0 + pad + sw, y + r.h * 0.5f, r.color,
                   (r.lw > 0 ? r.lw : r.style == 1 ? 1.5f : 2.5f) * k);
            b.text(tx, base, r.text, fs * (r.style == 1 ? 1.0f : 0.95f), ink);
            break;
          case 7: {  // the colours side by side, as short vertical strokes across the swatch
            const size_t n = r.colors.size();
            for (size_t i = 0; i < n; ++i) {
              const float x = x0 + pad + (sw - 2 * k) * (static_cast<float>(i) + 0.5f) / static_cast<float>(n) + k;
              b.line(x, y + 2 * k, x, y + r.h - 2 * k, r.colors[i], std::max(1.0f, std::min(2.5f * k, (sw - 2 * k) / static_cast<float>(n))));
            }
            b.text(tx, base, r.text, fs, ink);
            break;
          }
          default: break;
        }
        y += r.h;
      }
    }
  }

  // ---- Scale bar and north arrow (bottom left) ------------------------------------------------
  if (parts.scale_bar) {
    const double len_m = nice_scale_length(cam.mpp, 130 * k);
    const float len_px = static_cast<float>(len_m / cam.mpp);
    const float x0 = pad + 8 * k, y0 = H - pad - 14 * k;
    const float bw = len_px + 2 * pad + 40 * k, bh = 38 * k;
    b.rect(pad, H - pad - bh, bw, bh, panel, panel_line, 1);
    ov.occupied.push_back({pad, H - pad - bh, pad + bw, H - pad});
    const float bar_h = 5 * k;
    b.rect(x0, y0 - bar_h, len_px / 2, bar_h, ink);
    b.rect(x0 + len_px / 2, y0 - bar_h, len_px / 2, bar_h, rgb(0xffffff), ink, 1);
    b.rect(x0, y0 - bar_h, len_px, bar_h, {0, 0, 0, 0}, ink, 1);
    b.text(x0, y0 - bar_h - 5 * k, "0", 11 * k, ink, false, 1);
    b.text(x0 + len_px, y0 - bar_h - 5 * k, format_distance(len_m), 11 * k, ink, false, 1);
    b.text(x0 + len_px + 28 * k, y0 + 2 * k, "L93", 9 * k, muted, false, 1);
  }
  if (parts.north_arrow) {
    const float cx = pad + 22 * k, cy = (parts.scale_bar ? H - pad - 38 * k - 44 * k : H - pad - 44 * k);
    b.rect(cx - 18 * k, cy - 26 * k, 36 * k, 48 * k, panel, panel_line, 1);
    ov.occupied.push_back({cx - 18 * k, cy - 26 * k, cx + 18 * k, cy + 22 * k});
    OvItem tri;
    tri.type = OvItem::Type::Symbol;
    tri.shape = Shape::Triangle;
    tri.x = cx; tri.y = cy + 6 * k; tri.w = 20 * k; tri.fill = ink; tri.stroke = ink; tri.stroke_w = 1;
    ov.items.push_back(tri);
    b.text(cx, cy - 8 * k, "N", 12 * k, ink, true, 1);
  }

  // ---- Labels: greedy placement by priority, never overlapping each other or the panels -------
  if (parts.labels && style.visible(LayerId::Labels)) {
    std::vector<BBox> taken = ov.occupied;
    auto free_at = [&](const BBox& r) {
      if (r.minx < 2 || r.miny < 2 || r.maxx > W - 2 || r.maxy > H - 2) return false;
      for (const auto& t : taken)
        if (t.intersects(r)) return false;
      return true;
    };
    const BBox vis = cam.visible();
    // Department names at small scales, in spaced grey capitals.
    if (cam.mpp > 120 && style.visible(LayerId::Departements)) {
      for (const auto& d : ws.departements) {
        if (d.geom.empty()) continue;
        const Vec2 p = cam.world_to_screen(point_on_surface(d.geom));
        const std::string up = to_upper(d.name);
        const float sz = 13 * k, tw = measure(up, sz, true);
        BBox r{p.x - tw / 2, p.y + 12 * k, p.x + tw / 2, p.y + 28 * k};
        if (!free_at(r)) continue;
        b.text(p.x, p.y + 25 * k, up, sz, rgb(0x6d7780, 190), true, 1, rgb(0xffffff, 150));
        taken.push_back(r);
      }
    }
    // Communes by population, the threshold falling as the map zooms in.
    const double min_pop = std::max(std::clamp(cam.mpp * cam.mpp * 0.25, 0.0, 60000.0), parts.min_label_population);
    std::vector<size_t> order;
    for (size_t i = 0; i < ws.communes.size(); ++i) {
      const Commune& c = ws.communes[i];
      if (c.population >= min_pop && vis.contains(c.anchor)) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t c) { return ws.communes[a].population > ws.communes[c].population; });
    if (order.size() > 600) order.resize(600);
    // Selected commune first so its name always shows.
    if (style.selection.kind == Selection::Kind::Commune)
      if (auto it = ws.commune_by_code.find(style.selection.code); it != ws.commune_by_code.end()) {
        order.erase(std::remove(order.begin(), order.end(), it->second), order.end());
        order.insert(order.begin(), it->second);
      }
    for (size_t i : order) {
      const Commune& c = ws.communes[i];
      const Vec2 p = cam.world_to_screen(c.anchor);
      const bool big = c.population >= 100000;
      const float sz = (c.population >= 50000 ? 13.f : c.population >= 10000 ? 12.f : 11.f) * k;
      const float tw = measure(c.name, sz, big), th = sz;
      const float dot = 2.2f * k;
      // Candidate positions: right, left, above, below the anchor.
      const float gap = 4 * k;
      struct Cand { float x, y; int align; };
      const Cand cands[] = {{static_cast<float>(p.x) + gap + dot, static_cast<float>(p.y) + th * 0.35f, 0},
                            {static_cast<float>(p.x) - gap - dot, static_cast<float>(p.y) + th * 0.35f, 2},
                            {static_cast<float>(p.x), static_cast<float>(p.y) - gap - dot, 1},
                            {static_cast<float>(p.x), static_cast<float>(p.y) + gap + dot + th * 0.8f, 1}};
      for (const auto& cd : cands) {
        const float lx = cd.align == 0 ? cd.x : cd.align == 1 ? cd.x - tw / 2 : cd.x - tw;
        BBox r{lx - 2 * k, cd.y - th * 0.85f, lx + tw + 2 * k, cd.y + th * 0.3f};
        BBox dotbox{p.x - dot - 1, p.y - dot - 1, p.x + dot + 1, p.y + dot + 1};
        if (!free_at(r)) continue;
        b.rect(static_cast<float>(p.x) - dot, static_cast<float>(p.y) - dot, 2 * dot, 2 * dot, rgb(0x333333), rgb(0xffffff), 1);
        b.text(cd.x, cd.y, c.name, sz, ink, big, cd.align, halo);
        taken.push_back(r);
        taken.push_back(dotbox);
        break;
      }
    }
    // QPV: perimeters get their name when zoomed in; commune-level markers get a count.
    if (style.visible(LayerId::Qpv)) {
      if (cam.mpp < 25)
        for (const auto& q : ws.qpvs) {
          if (!q.has_perimeter) continue;
          const Vec2 p = cam.world_to_screen(point_on_surface(q.perimeter));
          const float sz = 11 * k, tw = measure(q.name, sz, false);
          BBox r{p.x - tw / 2 - 2, p.y - sz, p.x + tw / 2 + 2, p.y + 4};
          if (!free_at(r)) continue;
          b.text(p.x, p.y, q.name, sz, palette::kQpvLine, false, 1, halo, true);
          taken.push_back(r);
        }
      if (cam.mpp < 90)
        for (size_t m = 0; m < data.qpv_markers.size(); ++m) {
          const auto& pm = data.qpv_markers[m];
          const Vec2 p = cam.world_to_screen({pm.x + data.origin.x, pm.y + data.origin.y});
          const std::string t = std::to_string(data.qpv_marker_count[m]) + " QPV";
          const float sz = 10.5f * k, tw = measure(t, sz, true);
          BBox r{p.x - tw / 2 - 2, p.y + 8 * k, p.x + tw / 2 + 2, p.y + 8 * k + sz + 2};
          if (!free_at(r)) continue;
          b.text(p.x, p.y + 8 * k + sz, t, sz, palette::kQpvLine, true, 1, halo);
          taken.push_back(r);
        }
    }
  }
  return ov;
}

}  // namespace maraude::render
