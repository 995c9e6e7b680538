#include "render/poster.h"

#include "core/atomic_file.h"
#include "core/text.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "core/region_text.h"
#include "core/error.h"
#include "core/text.h"
#include "render/overlay_cairo.h"
#include "render/poster_panel.h"

namespace maraude::render {

namespace fs = std::filesystem;

namespace {
constexpr const char* kFont = "DejaVu Sans";
constexpr Rgba kAccent = rgb(0x1f3a5f);

void set_rgba(cairo_t* cr, Rgba c) { cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0); }

void font(cairo_t* cr, double size, bool bold, bool italic = false) {
  cairo_select_font_face(cr, kFont, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double advance(cairo_t* cr, const std::string& s) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}

// Text with its baseline at y; align 0 left, 2 right. Shrinks the font to fit max_w (> 0).
void text(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold, Rgba c, int align = 0,
          double max_w = 0, bool italic = false) {
  font(cr, size, bold, italic);
  double w = advance(cr, s);
  if (max_w > 0 && w > max_w) {
    font(cr, size * max_w / w, bold, italic);
    w = advance(cr, s);
  }
  cairo_move_to(cr, align == 2 ? x - w : align == 1 ? x - w / 2 : x, y);
  set_rgba(cr, c);
  cairo_show_text(cr, s.c_str());
  cairo_new_path(cr);
}


// Everything of the poster that is not the map raster, in poster pixels (the PDF scales it).
void paint_vector(cairo_t* cr, const PosterSpec& spec, const PosterLayout& L, const Overlay& ov,
                  const std::string& credits, const PosterInset* inset = nullptr) {
  const double mm = L.mm;
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);

  // Map: overlay (legend, scale bar, north arrow, labels) clipped to the frame.
  cairo_save(cr);
  cairo_rectangle(cr, L.map.minx, L.map.miny, L.map.width(), L.map.height());
  cairo_clip(cr);
  cairo_translate(cr, L.map.minx, L.map.miny);
  draw_overlay_cairo(cr, ov);
  cairo_restore(cr);
  cairo_rectangle(cr, L.map.minx, L.map.miny, L.map.width(), L.map.height());
  set_rgba(cr, rgb(0x5b6670));
  cairo_set_line_width(cr, 0.35 * mm);
  cairo_stroke(cr);

  // Header: accent rule, title, subtitle, date.
  const double x0 = L.header.minx, x1 = L.header.maxx;
  const std::string date = spec.date.empty() ? french_date_today() : spec.date;
  font(cr, 4.2 * mm, false);
  const double date_w = advance(cr, date);
  cairo_rectangle(cr, x0, L.header.miny, 3.2 * mm, L.header.height() - 3 * mm);
  set_rgba(cr, kAccent);
  cairo_fill(cr);
  const double tx = x0 + 7 * mm;
  const double avail = x1 - tx - date_w - 8 * mm;
  text(cr, tx, L.header.miny + 12.5 * mm, spec.title, 13 * mm, true,
       palette::kText, 0, avail);
  text(cr, tx, L.header.miny + 21.5 * mm, spec.subtitle, 6 * mm, false,
       palette::kTextMuted, 0, x1 - tx);
  text(cr, x1, L.header.miny + 12.5 * mm, date, 4.2 * mm, false, palette::kTextMuted, 2);

  // Footer: credits and the map's references.
  cairo_move_to(cr, L.footer.minx, L.footer.miny + 1 * mm);
  cairo_line_to(cr, L.footer.maxx, L.footer.miny + 1 * mm);
  set_rgba(cr, rgb(0xb9c2c9));
  cairo_set_line_width(cr, 0.3 * mm);
  cairo_stroke(cr);
  text(cr, L.footer.minx, L.footer.miny + 7 * mm, credits, 3.6 * mm, false, palette::kText, 0, L.footer.width());
  text(cr, L.footer.minx, L.footer.miny + 12.5 * mm,
       "Carte réalisée avec Maraude — projection Lambert-93 (EPSG:2154) — " + date, 3.0 * mm, false,
       palette::kTextMuted, 0, L.footer.width(), true);

  // Panel: key figures, sources and method, in the space the fitted map frame leaves.
  paint_poster_panel(cr, L.panel, "Chiffres clés", spec.figures, spec.sources, spec.note, mm, inset);
}


void write_failed(const std::string& path, const std::string& why) {
  throw Error(ErrorKind::Io, "écriture impossible (" + why + ")", path,
              "vérifiez que le dossier existe, qu’il est accessible en écriture et qu’il reste de la place");
}
}  // namespace

bool paper_size_mm(const std::string& format, double& w, double& h) {
  const std::string f = to_upper(format);
  if (f == "A0") { w = 841; h = 1189; }
  else if (f == "A1") { w = 594; h = 841; }
  else if (f == "A2") { w = 420; h = 594; }
  else if (f == "A3") { w = 297; h = 420; }
  else if (f == "A4") { w = 210; h = 297; }
  else return false;
  return true;
}

void validate_poster(const PosterSpec& spec) {
  double w, h;
  if (!paper_size_mm(spec.format, w, h))
    throw Error(ErrorKind::Usage, "format d’affiche inconnu « " + spec.format + " »", "--poster",
                "formats reconnus : A0, A1, A2, A3, A4 (portrait ; --landscape pour l’italienne)");
  if (!(spec.dpi > 0) || spec.dpi > 1200 || !std::isfinite(spec.dpi))
    throw Error(ErrorKind::Usage, "résolution invalide : " + format_fr(spec.dpi, 0) + " dpi", "--dpi",
                "une résolution entre 1 et 1200 dpi, par exemple --dpi 300 (impression) ou 150 (épreuve)");
  const PosterLayout L = poster_layout(spec);
  if (L.width < 200 || L.height < 200)
    throw Error(ErrorKind::Usage,
                "affiche trop petite (" + std::to_string(L.width) + " × " + std::to_string(L.height) + " px)",
                "--dpi", "augmentez --dpi (au moins 50 dpi pour un A4)");
  if (L.width > 32000 || L.height > 32000)
    throw Error(ErrorKind::Usage,
                "affiche trop grande (" + std::to_string(L.width) + " × " + std::to_string(L.height) +
                    " px ; 32 000 px au plus par côté)",
                "--dpi", "baissez --dpi (300 dpi suffisent pour un A0)");
}

PosterLayout poster_layout(const PosterSpec& spec) {
  double w = 0, h = 0;
  paper_size_mm(spec.format, w, h);
  if (spec.landscape) std::swap(w, h);
  PosterLayout L;
  L.px_per_mm = spec.dpi / 25.4;
  L.width = static_cast<int>(std::lround(w / 25.4 * spec.dpi));
  L.height = static_cast<int>(std::lround(h / 25.4 * spec.dpi));
  // Larger sheets are read from farther away: type grows with the square root of the sheet.
  const double f = std::sqrt(std::min(w, h) / 297.0);
  L.k = static_cast<float>(spec.dpi / 96.0 * f);
  const double mm = L.px_per_mm * f;
  L.mm = mm;
  const double margin = 10 * mm;
  L.header = {margin, margin, L.width - margin, margin + 27 * mm};
  L.footer = {margin, L.height - margin - 14 * mm, L.width - margin, L.height - margin};
  L.map = {std::round(margin), std::round(L.header.maxy + 3 * mm), std::round(L.width - margin),
           std::round(L.footer.miny - 2 * mm)};
  return L;
}

std::string poster_credits(const Workspace& ws) {
  std::string s = sources_line(ws);
  bool osm = ws.roads != nullptr;  // the road network comes from OpenStreetMap
  for (const auto& [k, v] : ws.meta) {
    const std::string t = fold(k + " " + v);
    osm |= t.find("openstreetmap") != std::string::npos;
    std::string word;
    for (char c : t + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) word += c;
      else { osm |= word == "osm"; word.clear(); }
    }
  }
  if (osm) s += " — © OpenStreetMap contributors";
  return s;
}

void check_writable(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec))
    throw Error(ErrorKind::Io, "le chemin de sortie est un dossier", path, "donnez un nom de fichier, par ex. affiche.png");
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorKind::Io, "le dossier de sortie n’existe pas", dir.string(), "créez-le ou choisissez un autre chemin");
  check_output_path(path, {}, "--out", "l'affiche");
}

namespace {
// cairo stream into the temporary file; a set cancel flag aborts the writing.
struct Sink {
  FILE* f = nullptr;
  const std::atomic<bool>* cancel = nullptr;
};
cairo_status_t sink_write(void* closure, const unsigned char* data, unsigned int length) {
  auto* s = static_cast<Sink*>(closure);
  if (s->cancel && s->cancel->load()) return CAIRO_STATUS_WRITE_ERROR;
  return std::fwrite(data, 1, length, s->f) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}
}  // namespace

struct PosterJob::Impl {
  MapRenderer& r;
  PosterSpec spec;
  PosterLayout L;
  Output out;
  std::string path;
  Camera cam;
  MapStyle style;
  Overlay ov;
  std::string credits;
  PosterInset inset;  // locator when the poster shows part of the region
  Image img;  // PNG: the whole poster (map streamed in place); PDF: the map alone
  int dst_x = 0, dst_y = 0;
  std::unique_ptr<TileRenderer> tiles;
  int tiles_total = 0, tiles_done = 0;
  PosterStats st;
  Impl(MapRenderer& renderer) : r(renderer) {}
};

PosterJob::PosterJob(MapRenderer& r, const Workspace& ws, const MapStyle& style_in, const BBox& extent,
                     const PosterSpec& spec, const std::string& path, Output out, int max_tile)
    : impl_(std::make_unique<Impl>(r)) {
  validate_poster(spec);
  check_writable(path);
  Impl& m = *impl_;
  m.spec = spec;
  m.out = out;
  m.path = path;
  PosterLayout L = poster_layout(spec);
  MapStyle style = style_in;
  style.scale = L.k;
  const MeasureText measure = cairo_measure();

  // Map frame fitted to the extent (legend column inside its right side); the space left
  // goes to the key-figures panel below or beside it (render/poster_panel.h).
  Camera cam;
  cam.width = static_cast<int>(L.map.width());
  cam.height = static_cast<int>(L.map.height());
  OverlayParts legend_only{false, true, false, false, false};
  legend_only.legend_name_chars = 40;  // room for the laureates' names on paper
  const Overlay lg = build_overlay(ws, r.data(), cam, style, measure, legend_only);
  const double legend_w = lg.occupied.empty() ? 0 : cam.width - lg.occupied.front().minx;
  const double legend_h = lg.occupied.empty() ? 0 : lg.occupied.front().maxy;
  const PosterComposition comp = compose_poster(L.map, extent, legend_w, legend_h, 14 * L.k, L.mm);
  L.map = comp.map;
  L.panel = comp.panel;
  cam.width = static_cast<int>(L.map.width());
  cam.height = static_cast<int>(L.map.height());
  cam.mpp = comp.mpp;
  cam.center = comp.center;
  m.L = L;
  if (m.spec.figures.empty()) {
    // The region's figures, or those of the framed part when the poster shows less than it.
    const BBox rb = bbox(ws.region.geom);
    const bool whole = rb.empty() || (extent.minx <= rb.minx + 1000 && extent.miny <= rb.miny + 1000 &&
                                      extent.maxx >= rb.maxx - 1000 && extent.maxy >= rb.maxy - 1000);
    m.spec.figures = poster_figures(ws, nullptr, whole ? nullptr : &extent);
  }
  if (m.spec.sources.empty()) m.spec.sources = poster_sources(ws);
  if (m.spec.title.empty()) m.spec.title = map_title(ws);
  if (m.spec.subtitle.empty()) m.spec.subtitle = map_subtitle(ws);
  m.inset = poster_inset(ws, cam.visible());
  OverlayParts parts;
  parts.title = false;
  parts.legend_name_chars = legend_only.legend_name_chars;
  m.ov = build_overlay(ws, r.data(), cam, style, measure, parts);
  m.credits = poster_credits(ws);
  m.cam = cam;
  m.style = style;
  m.st.layout = L;
  if (out == Output::Png) {
    m.img.width = L.width;
    m.img.height = L.height;
    m.img.pixels.assign(static_cast<size_t>(m.img.width) * m.img.height * 4, 255);  // opaque white
    m.dst_x = static_cast<int>(L.map.minx);
    m.dst_y = static_cast<int>(L.map.miny);
  } else {
    m.img.width = cam.width;
    m.img.height = cam.height;
    m.img.pixels.assign(static_cast<size_t>(m.img.width) * m.img.height * 4, 0);
  }
  // Moderate tiles: a multisampled buffer of the whole A0 map would need gigabytes.
  OffscreenOptions oo;
  oo.max_tile = max_tile;
  m.tiles = std::make_unique<TileRenderer>(cam, oo);
  m.tiles_total = m.tiles->count();
  m.st.offscreen.tiles = m.tiles_total;
  m.st.offscreen.tile_size = m.tiles->tile_size();
}

PosterJob::~PosterJob() = default;

int PosterJob::tiles() const { return impl_->tiles_total; }
int PosterJob::tiles_done() const { return impl_->tiles_done; }
bool PosterJob::rendered() const { return impl_->tiles_done >= impl_->tiles_total; }
const PosterStats& PosterJob::stats() const { return impl_->st; }
const std::string& PosterJob::path() const { return impl_->path; }

void PosterJob::render_step() {
  Impl& m = *impl_;
  if (!m.tiles) return;
  const auto t0 = std::chrono::steady_clock::now();
  m.tiles->step(m.r, m.style, m.img, m.dst_x, m.dst_y);
  m.tiles_done = m.tiles->done();
  if (m.tiles->finished()) m.tiles.reset();  // frees the framebuffers (GL thread)
  m.st.gl_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

bool PosterJob::write(const std::atomic<bool>* cancel) {
  using Clock = std::chrono::steady_clock;
  Impl& m = *impl_;
  if (!rendered()) throw Error(ErrorKind::Internal, "affiche écrite avant le rendu de sa carte", m.path);
  const PosterLayout& L = m.L;
  AtomicFile out(m.path);  // written beside the target, renamed when complete
  Sink sink;
  sink.cancel = cancel;
  sink.f = std::fopen(out.tmp().c_str(), "wb");
  if (!sink.f) write_failed(m.path, std::strerror(errno));
  auto close_sink = [&] {
    const bool ok = sink.f && std::fclose(sink.f) == 0;
    sink.f = nullptr;
    return ok;
  };
  auto cancelled = [&] { return cancel && cancel->load(); };
  const auto t1 = Clock::now();
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  if (m.out == Output::Png) {
    cairo_surface_t* s = cairo_image_surface_create_for_data(m.img.pixels.data(), CAIRO_FORMAT_ARGB32, m.img.width,
                                                             m.img.height, m.img.width * 4);
    cairo_t* cr = cairo_create(s);
    paint_vector(cr, m.spec, L, m.ov, m.credits, &m.inset);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const auto t2 = Clock::now();
    m.st.overlay_ms += std::chrono::duration<double, std::milli>(t2 - t1).count();
    if (!cancelled()) status = cairo_surface_write_to_png_stream(s, sink_write, &sink);
    cairo_surface_destroy(s);
  } else {
    const double pt = 72.0 / m.spec.dpi;
    cairo_surface_t* pdf = cairo_pdf_surface_create_for_stream(sink_write, &sink, L.width * pt, L.height * pt);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE,
                                   m.spec.title.c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "Maraude");
    cairo_t* cr = cairo_create(pdf);
    cairo_scale(cr, pt, pt);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_surface_t* ms = cairo_image_surface_create_for_data(m.img.pixels.data(), CAIRO_FORMAT_ARGB32, m.img.width,
                                                              m.img.height, m.img.width * 4);
    cairo_set_source_surface(cr, ms, L.map.minx, L.map.miny);
    cairo_paint(cr);
    paint_vector(cr, m.spec, L, m.ov, m.credits, &m.inset);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    status = cairo_surface_status(pdf);
    cairo_surface_destroy(pdf);
    cairo_surface_destroy(ms);
  }
  const bool closed = close_sink();
  if (cancelled()) return false;  // the temporary is removed, a previous file is untouched
  if (status != CAIRO_STATUS_SUCCESS) write_failed(m.path, cairo_status_to_string(status));
  if (!closed) write_failed(m.path, std::strerror(errno));
  out.commit();
  m.st.write_ms += std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
  return true;
}

void make_poster(MapRenderer& r, const Workspace& ws, const MapStyle& style, const BBox& extent,
                 const PosterSpec& spec, const std::string& png_path, const std::string& pdf_path,
                 PosterStats* stats) {
  validate_poster(spec);
  if (!png_path.empty()) check_writable(png_path);
  if (!pdf_path.empty()) check_writable(pdf_path);
  PosterStats st;
  st.layout = poster_layout(spec);
  for (const auto& [path, kind] : {std::pair{png_path, PosterJob::Output::Png}, std::pair{pdf_path, PosterJob::Output::Pdf}}) {
    if (path.empty()) continue;
    PosterJob job(r, ws, style, extent, spec, path, kind);
    while (!job.rendered()) job.render_step();
    job.write();
    st.layout = job.stats().layout;  // the composed layout (map frame fitted, panel)
    st.offscreen = job.stats().offscreen;
    st.gl_ms += job.stats().gl_ms;
    st.overlay_ms += job.stats().overlay_ms;
    st.write_ms += job.stats().write_ms;
  }
  if (stats) *stats = st;
}

}  // namespace maraude::render
