#include "render/poster_panel.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/region_text.h"
#include "core/coverage/coverage.h"
#include "core/text.h"

namespace maraude::render {

namespace {
constexpr const char* kFont = "DejaVu Sans";

struct Col {
  double r, g, b;
};
constexpr Col hexc(unsigned v) { return {((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0}; }
const Col kAccent = hexc(0x1f3a5f), kInk = hexc(0x222222), kMuted = hexc(0x5b6670), kPanel = hexc(0xf3f5f7),
          kRule = hexc(0xc9d1d8), kGap = hexc(0xb3261e);

void set(cairo_t* cr, Col c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }
void font(cairo_t* cr, double size, bool bold, bool italic = false) {
  cairo_select_font_face(cr, kFont, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}
double adv(cairo_t* cr, const std::string& s) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}
void show(cairo_t* cr, double x, double y, const std::string& s) {
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s.c_str());
  cairo_new_path(cr);
}

// Greedy word wrap with the current font.
std::vector<std::string> wrap(cairo_t* cr, const std::string& s, double width) {
  std::vector<std::string> out;
  std::string line;
  for (const auto& w : split(s, ' ')) {
    if (w.empty()) continue;
    const std::string cand = line.empty() ? w : line + " " + w;
    if (!line.empty() && adv(cr, cand) > width) {
      out.push_back(line);
      line = w;
    } else {
      line = cand;
    }
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

// Lines of `texts` wrapped at `size` into `width`: their total height (leading 1.3).
double wrapped_height(cairo_t* cr, const std::vector<std::string>& texts, double size, double width, double para) {
  font(cr, size, false);
  double h = 0;
  for (const auto& t : texts) h += static_cast<double>(wrap(cr, t, width).size()) * size * 1.3 + para;
  return h;
}
}  // namespace

PosterComposition compose_poster(const BBox& A, const BBox& e, double legend_w, double legend_h, double pad,
                                 double mm) {
  PosterComposition c;
  const double ew = std::max(1.0, e.width()), eh = std::max(1.0, e.height());
  const double gap = 5 * mm;
  const double legend_room = legend_w > 0 ? legend_w + 2 * pad : 0;  // legend column and its space to the territory
  const double legend_need = legend_h > 0 ? legend_h + 2 * pad : 0;
  const double qmin = 50 * mm, pmin = 74 * mm;  // smallest panels worth drawing (below / beside)
  // Scale (pixels per metre) of each arrangement.
  const double s_below = std::min((A.width() - legend_room - 2 * pad) / ew, (A.height() - qmin - gap - 2 * pad) / eh);
  const double s_right =
      std::min((A.width() - pmin - gap - legend_room - 2 * pad) / ew, (A.height() - 2 * pad) / eh);
  double s = 0;
  if (s_below > 0 && s_below >= s_right) {
    s = s_below;
    double fh = std::max(eh * s + 2 * pad, legend_need);
    double ph = A.height() - fh - gap;
    const double pmax = 0.36 * A.height();  // a very wide extent: the map frame takes the rest
    if (ph > pmax) {
      fh += ph - pmax;
      ph = pmax;
    }
    c.map = {A.minx, A.miny, A.maxx, std::round(A.miny + fh)};
    c.panel = {A.minx, c.map.maxy + gap, A.maxx, A.maxy};
    c.panel_below = true;
  } else if (s_right > 0) {
    s = s_right;
    double fw = ew * s + legend_room + 2 * pad;
    double pw = A.width() - fw - gap;
    const double pmax = 0.42 * A.width();  // a very tall extent: the map frame takes the rest
    if (pw > pmax) {
      fw += pw - pmax;
      pw = pmax;
    }
    c.map = {A.minx, A.miny, std::round(A.minx + fw), A.maxy};
    c.panel = {c.map.maxx + gap, A.miny, A.maxx, A.maxy};
    c.panel_below = false;
  } else {  // a sheet too small for a panel: the map takes everything
    s = std::max(1e-9, std::min((A.width() - legend_room - 2 * pad) / ew, (A.height() - 2 * pad) / eh));
    c.map = A;
    c.panel = {};
  }
  c.mpp = 1 / s;
  // The territory centred in the part of the frame left of the legend, and vertically.
  const double terr_w = c.map.width() - legend_room;
  c.center = e.center();
  c.center.x += (c.map.width() - terr_w) * 0.5 * c.mpp;
  return c;
}

PosterFigures poster_figures(const Workspace& ws, const coverage::Totals* gaps, const BBox* within) {
  long long pop = 0;
  double y = 0;
  int basin = 0, qpv = 0, services = 0;
  std::set<std::string> codes;
  for (const auto& c : ws.communes) {
    if (within && !within->contains(c.anchor)) continue;
    codes.insert(c.code);
    pop += c.population;
    y += c.pop_15_29;
    basin += c.in_rural_basin ? 1 : 0;
  }
  for (const auto& q : ws.qpvs) qpv += !within || (!q.communes.empty() && codes.count(q.communes[0]));
  for (const auto& sv : ws.services) services += !within || within->contains(sv.pos);
  PosterFigures f;
  if (within) f.push_back({format_thousands(static_cast<long long>(codes.size())), "communes dans le cadre de la carte"});
  f.push_back({format_thousands(pop), "habitants"});
  f.push_back({format_thousands(std::llround(y)), "jeunes de 15 à 29 ans (estimation)"});
  if (!ws.qpvs.empty()) f.push_back({format_thousands(qpv), qpv_label(ws)});
  std::string basin_label = "communes rurales en bassin à fort chômage";
  if (ws.rural_rule.threshold_rate > 0)
    basin_label += " (zone d’emploi > " + format_fr(ws.rural_rule.threshold_rate, 1) + " %)";
  f.push_back({format_thousands(basin), basin_label});
  f.push_back({format_thousands(services), "services d’accueil : " + service_kinds_words(ws)});
  if (!ws.laureates.empty() && !within)
    f.push_back({format_thousands(static_cast<long long>(ws.laureates.size())),
                 "lauréats « Repérer et mobiliser les publics invisibles »"});
  if (gaps && gaps->targets > 0) {
    f.push_back({format_thousands(std::llround(gaps->uncovered_neet)), "NEET estimés hors de portée d’un point d’accueil"});
    if (gaps->neet > 0) f.push_back({format_fr(gaps->pct_neet_covered(), 1) + " %", "des NEET estimés des cibles couverts"});
  }
  return f;
}

std::vector<std::string> poster_sources(const Workspace& ws) {
  std::vector<std::string> s = {
      "Limites administratives : IGN ADMIN EXPRESS, INSEE (Code officiel géographique).",
      "Population, densité, âges ; chômage localisé par zone d’emploi : INSEE.",
  };
  {
    std::vector<std::string> anct;
    if (!ws.qpvs.empty()) anct.push_back(qpv_label(ws, true));
    bool fs = false, ft = false, ml = false;
    for (const auto& sv : ws.services) {
      fs |= sv.kind == ServiceKind::FranceServices || sv.kind == ServiceKind::FranceServicesBus;
      ft |= sv.kind == ServiceKind::FranceTravail;
      ml |= sv.kind == ServiceKind::MissionLocale;
    }
    if (fs) anct.push_back("France Services");
    if (!anct.empty()) s.push_back(join(anct, ", ") + " : ANCT.");
    if (ft && ml) s.push_back("Agences France Travail ; missions locales : UNML.");
    else if (ft) s.push_back("Agences France Travail : France Travail.");
    else if (ml) s.push_back("Missions locales : UNML.");
    if (!ws.laureates.empty()) s.push_back("Lauréats : appel « Repérer et mobiliser les publics invisibles ».");
  }
  bool osm = false;
  for (const auto& [k, v] : ws.meta) {
    const std::string t = fold(k + " " + v);
    osm |= t.find("openstreetmap") != std::string::npos;
    std::string word;
    for (char ch : t + " ") {
      if (std::isalnum(static_cast<unsigned char>(ch))) word += ch;
      else {
        osm |= word == "osm";
        word.clear();
      }
    }
  }
  if (osm) s.push_back("Réseau routier : © OpenStreetMap contributors (ODbL).");
  s.push_back("Données publiques sous Licence Ouverte / Etalab 2.0.");
  return s;
}

PosterInset poster_inset(const Workspace& ws, const BBox& shown) {
  PosterInset in;
  const BBox rb = bbox(ws.region.geom);
  if (rb.empty() || shown.empty()) return in;
  const double tol = 1000;  // the whole region shown: no locator
  if (shown.minx <= rb.minx + tol && shown.miny <= rb.miny + tol && shown.maxx >= rb.maxx - tol &&
      shown.maxy >= rb.maxy - tol)
    return in;
  // Vertices a few hundred metres apart are plenty for a locator a few centimetres wide.
  const double step = std::max(rb.width(), rb.height()) / 400;
  auto simplify = [&](const MultiPolygon& mp) {
    MultiPolygon out;
    for (const auto& poly : mp.polys) {
      Polygon q;
      for (const auto& ring : poly.rings) {
        Ring r;
        for (const Vec2& v : ring)
          if (r.empty() || std::abs(v.x - r.back().x) + std::abs(v.y - r.back().y) >= step) r.push_back(v);
        if (r.size() >= 3) q.rings.push_back(std::move(r));
      }
      if (!q.rings.empty()) out.polys.push_back(std::move(q));
    }
    return out;
  };
  for (const auto& d : ws.departements)
    if (!d.geom.empty()) in.parts.push_back(simplify(d.geom));
  if (in.parts.empty()) in.parts.push_back(simplify(ws.region.geom));
  in.world = rb;
  in.shown = shown;
  return in;
}

namespace {
void paint_inset(cairo_t* cr, const BBox& box, const PosterInset& in, double mm) {
  const double title = std::clamp(box.height() * 0.07, 3.2 * mm, 5 * mm);
  font(cr, title, true);
  set(cr, kInk);
  show(cr, box.minx, box.miny + title, "Situation");
  const BBox area{box.minx, box.miny + title * 1.8, box.maxx, box.maxy};
  const double s = std::min(area.width() / in.world.width(), area.height() / in.world.height());
  const double ox = area.minx + (area.width() - in.world.width() * s) / 2;
  const double oy = area.miny + (area.height() - in.world.height() * s) / 2;
  auto X = [&](double x) { return ox + (x - in.world.minx) * s; };
  auto Y = [&](double y) { return oy + (in.world.maxy - y) * s; };
  for (const auto& mp : in.parts)
    for (const auto& poly : mp.polys)
      for (const auto& ring : poly.rings) {
        cairo_move_to(cr, X(ring[0].x), Y(ring[0].y));
        for (size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr, X(ring[i].x), Y(ring[i].y));
        cairo_close_path(cr);
      }
  cairo_set_source_rgb(cr, 0.984, 0.980, 0.965);
  cairo_fill_preserve(cr);
  set(cr, kMuted);
  cairo_set_line_width(cr, 0.25 * mm);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  // The framed box, clipped to the locator.
  cairo_save(cr);
  cairo_rectangle(cr, area.minx, area.miny, area.width(), area.height());
  cairo_clip(cr);
  const double x0 = X(in.shown.minx), x1 = X(in.shown.maxx), y0 = Y(in.shown.maxy), y1 = Y(in.shown.miny);
  cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
  cairo_set_source_rgba(cr, kGap.r, kGap.g, kGap.b, 0.12);
  cairo_fill_preserve(cr);
  set(cr, kGap);
  cairo_set_line_width(cr, 0.6 * mm);
  cairo_stroke(cr);
  cairo_restore(cr);
}
}  // namespace

void paint_poster_panel(cairo_t* cr, const BBox& box, const std::string& heading, const PosterFigures& figures,
                        const std::vector<std::string>& sources, const std::string& note, double mm,
                        const PosterInset* inset) {
  if (box.empty() || box.width() < 20 * mm || box.height() < 20 * mm) return;
  cairo_save(cr);
  cairo_rectangle(cr, box.minx, box.miny, box.width(), box.height());
  set(cr, kPanel);
  cairo_fill(cr);
  const double pad = 5 * mm;
  const BBox in{box.minx + pad, box.miny + pad, box.maxx - pad, box.maxy - pad};
  // Figures on the left of a wide strip, on top of a column.
  const bool strip = box.width() >= 1.6 * box.height();
  BBox fig = in, src = in, ib;
  const bool locator = inset && !inset->empty();
  if (strip) {
    double right = in.maxx;
    if (locator) {  // the locator at the right end of the strip
      ib = {in.maxx - std::min(in.width() * 0.2, in.height() * 1.05), in.miny, in.maxx, in.maxy};
      right = ib.minx - 2 * pad;
    }
    fig.maxx = in.minx + (right - in.minx) * 0.64;
    src.minx = fig.maxx + 2 * pad;
    src.maxx = right;
  } else {
    fig.maxy = in.miny + in.height() * 0.6;
    src.miny = fig.maxy + 2 * pad;
  }

  // --- key figures: a grid of big values with their labels ---
  const double head = std::clamp(std::min(fig.width(), fig.height()) * 0.055, 4.2 * mm, 8 * mm);
  font(cr, head, true);
  set(cr, kInk);
  show(cr, fig.minx, fig.miny + head, heading);
  const double gy0 = fig.miny + head * 1.9;
  const int n = static_cast<int>(figures.size());
  if (n > 0) {
    // Columns so that the cells are about 2.2 times wider than tall.
    const double fh = std::max(1.0, fig.maxy - gy0);
    int cols = std::clamp(static_cast<int>(std::lround(std::sqrt(n * fig.width() / (fh * 2.2)))), 1, n);
    const int rows = (n + cols - 1) / cols;
    cols = (n + rows - 1) / rows;  // balanced rows: 6 figures in 3 + 3, not 5 + 1
    const double cw = fig.width() / cols, ch = (fig.maxy - gy0) / rows;
    // One value size for all cells: the largest that fits every cell.
    double vs = std::clamp(ch * 0.34, 5 * mm, 16 * mm);
    const double vw_max = (cw - 4 * mm) * 0.86;
    font(cr, vs, true);
    for (const auto& f : figures) {
      const double w = adv(cr, f.first);
      if (w > vw_max) vs *= vw_max / w;
      font(cr, vs, true);
    }
    double ls = std::clamp(vs * 0.34, 3.0 * mm, 5.2 * mm);
    font(cr, ls, false);
    size_t max_lines = 1;
    for (const auto& f : figures) max_lines = std::max(max_lines, wrap(cr, f.second, cw - 5 * mm).size());
    max_lines = std::min<size_t>(max_lines, 4);
    // Content of a cell: value, then the label lines; centred vertically in its row.
    double hc = vs * 0.9 + ls * 0.55 + static_cast<double>(max_lines) * ls * 1.25;
    if (hc > 0.95 * ch) {  // short rows: everything smaller rather than overlapping
      const double f = 0.95 * ch / hc;
      vs *= f;
      ls *= f;
      hc *= f;
    }
    const double dy = std::max(0.0, (ch - hc) * 0.4);
    for (int i = 0; i < n; ++i) {
      const int r = i / cols, c = i % cols;
      const double x = fig.minx + c * cw, y = gy0 + r * ch + dy;
      const auto& [value, label] = figures[static_cast<size_t>(i)];
      // accent bar (red for the gap figures), value, label (at most 4 lines)
      cairo_rectangle(cr, x, y + vs * 0.08, 0.9 * mm, hc - vs * 0.08);
      set(cr, label.find("NEET") != std::string::npos ? kGap : kAccent);
      cairo_fill(cr);
      font(cr, vs, true);
      show(cr, x + 3 * mm, y + vs * 0.9, value);
      font(cr, ls, false);
      set(cr, kMuted);
      const auto lines = wrap(cr, label, cw - 5 * mm);
      for (size_t k = 0; k < lines.size() && k < 4; ++k) {
        std::string t = lines[k];
        if (k == 3 && lines.size() > 4) t += " …";
        show(cr, x + 3 * mm, y + vs * 0.9 + ls * 1.5 + static_cast<double>(k) * ls * 1.25, t);
      }
    }
  }

  // --- locator (a poster showing part of the region) ---
  if (locator) {
    if (!strip) {  // above the sources
      ib = src;
      ib.maxy = src.miny + std::min(src.height() * 0.45, src.width() * 0.9);
      src.miny = ib.maxy + 2 * pad;
    }
    paint_inset(cr, ib, *inset, mm);
  }

  // --- sources and method ---
  if (strip) {
    cairo_move_to(cr, src.minx - pad, src.miny);
    cairo_line_to(cr, src.minx - pad, src.maxy);
  } else {
    cairo_move_to(cr, src.minx, src.miny - pad);
    cairo_line_to(cr, src.maxx, src.miny - pad);
  }
  set(cr, kRule);
  cairo_set_line_width(cr, 0.3 * mm);
  cairo_stroke(cr);
  double sh = std::clamp(head * 0.8, 3.8 * mm, 6 * mm);
  font(cr, sh, true);
  if (const double w = adv(cr, "Sources et méthode"); w > src.width()) {
    sh *= src.width() / w;
    font(cr, sh, true);
  }
  set(cr, kInk);
  show(cr, src.minx, src.miny + sh, "Sources et méthode");
  std::vector<std::string> texts = sources;
  if (!note.empty()) texts.push_back(note);
  const double avail_h = src.height() - sh * 1.8;
  double ts = 4.2 * mm;
  while (ts > 2.0 * mm && wrapped_height(cr, texts, ts, src.width(), ts * 0.35) > avail_h) ts *= 0.92;
  font(cr, ts, false);
  set(cr, kMuted);
  double y = src.miny + sh * 1.8 + ts;
  for (const auto& t : texts) {
    for (const auto& l : wrap(cr, t, src.width())) {
      if (y > src.maxy) break;
      show(cr, src.minx, y, l);
      y += ts * 1.3;
    }
    y += ts * 0.35;
  }
  cairo_restore(cr);
}

}  // namespace maraude::render
