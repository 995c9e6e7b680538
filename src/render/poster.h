// Print posters (A0-A4, any DPI): a title band, the map (GL, rendered in tiles streamed into
// the final image), the legend, scale bar and north arrow of the shared overlay scaled to the
// paper, the date and the data credits. Sizes of text and symbols are in millimetres so the
// poster reads the same at every DPI. Output: PNG (cairo) or PDF (map raster + vector text).
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/model.h"
#include "render/offscreen.h"
#include "render/overlay.h"

namespace maraude::render {

struct PosterSpec {
  std::string format = "A0";  // A0, A1, A2, A3, A4
  bool landscape = false;
  double dpi = 300;
  std::string title;          // empty: the default title
  std::string subtitle;       // empty: the default subtitle
  std::string date;           // empty: today, in French ("24 novembre 2026")
  // Information panel beside or below the map (render/poster_panel.h).
  std::vector<std::pair<std::string, std::string>> figures;  // key figures (value, label); empty: the region's
  std::vector<std::string> sources;                          // "Sources et méthode" lines; empty: poster_sources()
  std::string note;                                          // last line of that block (e.g. the gap scenario)
};

// Paper size in millimetres (portrait); false for an unknown format name.
bool paper_size_mm(const std::string& format, double& w_mm, double& h_mm);
// Validates the spec (format, DPI in ]0, 1200]) — throws Error(Usage) with a French message.
void validate_poster(const PosterSpec& spec);

struct PosterLayout {
  int width = 0, height = 0;  // whole poster, pixels: round(mm / 25.4 * dpi)
  double px_per_mm = 0;
  double mm = 0;              // one millimetre of type/symbol size, grown with the sheet
  float k = 1;                // overlay scale (text, symbols, lines) for this paper and DPI
  BBox header, map, footer;   // pixel boxes (y down); map: all the space for the map
  BBox panel;                 // key figures and sources; set once the map frame is fitted to the extent
};
PosterLayout poster_layout(const PosterSpec& spec);

// "Sources : IGN ADMIN EXPRESS, INSEE, ANCT (...), France Travail, UNML — Licence Ouverte"
// plus "© OpenStreetMap contributors" when the workspace provenance names OSM data.
std::string poster_credits(const Workspace& ws);

struct PosterStats {
  PosterLayout layout;
  OffscreenStats offscreen;
  double gl_ms = 0, overlay_ms = 0, write_ms = 0;
};

// Renders the poster and writes it to `png_path` and/or `pdf_path` (either may be empty).
// Each file is written to a temporary name beside it, then renamed: a failure leaves no
// partial file. The caller's GL context must be current. `style` gives the visible layers.
void make_poster(MapRenderer& r, const Workspace& ws, const MapStyle& style, const BBox& extent,
                 const PosterSpec& spec, const std::string& png_path, const std::string& pdf_path,
                 PosterStats* stats = nullptr);

// Fails early (before a long render) when `path` cannot be created: Error(Io), French message.
void check_writable(const std::string& path);

// One poster file made step by step, for a window that keeps drawing frames meanwhile (the
// viewer's export dialog); make_poster() runs the same steps in a loop. The constructor
// validates the spec and the path (Error(Usage) / Error(Io), French messages) and lays out
// the map; render_step() renders one GL tile (GL thread, context current); once rendered(),
// write() paints the text and writes the file with cairo only, so it may run on a worker.
// The file goes to a temporary name renamed at the end: a job destroyed before write()
// completes, or whose `cancel` flag is set during write(), leaves no file, and a previous
// file of that name stays as it was. Destroy an unrendered job on the GL thread.
class PosterJob {
 public:
  enum class Output { Png, Pdf };
  PosterJob(MapRenderer& r, const Workspace& ws, const MapStyle& style, const BBox& extent, const PosterSpec& spec,
            const std::string& path, Output out, int max_tile = 4096);
  ~PosterJob();
  PosterJob(const PosterJob&) = delete;
  PosterJob& operator=(const PosterJob&) = delete;

  int tiles() const;       // GL tiles of the map
  int tiles_done() const;
  bool rendered() const;
  void render_step();      // renders the next tile; releases the GL objects after the last one
  // Writes the file (after rendered()). False when `cancel` was set: no file is left.
  // Throws Error(Io) when writing fails.
  bool write(const std::atomic<bool>* cancel = nullptr);
  const PosterStats& stats() const;
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace maraude::render
