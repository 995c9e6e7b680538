// Printable handouts and atlases: A4 landscape PDF pages drawn vectorially with
// cairo from the workspace (selectable text, DejaVu Sans). One page = title, map
// frame (communes, employment zones choropleth, hatched rural basins, QPV, services,
// coverage gaps), legend in French, scale bar, north arrow, key-figure table,
// notes, date and data credits.
//
// Used by `maraude story export` (one page per view) and `maraude dossier` (one page
// per territory). The file is written under a temporary name beside the target and
// renamed when complete; an unwritable path is reported when the atlas is opened,
// before any drawing.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/model.h"

namespace maraude::io {

// The gap polygons of one scenario (from the coverage engine), with their boxes.
struct GapLayer {
  std::string scenario;
  std::vector<MultiPolygon> polys;
  std::vector<BBox> boxes;
};

struct AtlasPage {
  std::string title;
  std::string subtitle;
  BBox extent;                                   // what the map frames (Lambert-93); empty = region
  std::vector<std::string> layers;               // story layer keys (core/story.h), bottom → top
  std::map<std::string, double> opacity;         // per-layer opacity
  std::vector<std::string> highlights;           // feature refs drawn outlined in cyan
  std::vector<char> laureate_visible;            // per Workspace::laureates index ("laureates" layer); empty = all
  std::string focus;                             // a ref; outside it the map is veiled (dossier pages)
  const GapLayer* gaps = nullptr;                // drawn when the "gaps" layer is visible
  std::vector<std::pair<std::string, std::string>> figures;  // key-figure table: label, value
  std::string notes;                             // free text, may hold newlines
  std::vector<std::string> warnings;             // shown in an amber box (missing layer, scenario...)

  // Hook for the OpenGL renderer (posters, presenter-mode snapshots): when set, it
  // paints the map instead of the vector drawing. It receives the cairo context already
  // clipped to the map frame (x, y, w, h in points) and the world box the frame shows
  // (Lambert-93, same aspect as the frame); e.g. paint an offscreen render as an image
  // surface scaled to the frame. Return false to fall back to the vector map.
  // Legend, scale bar, north arrow, figures and notes are drawn as usual.
  std::function<bool(void* cairo_context, const BBox& world, double x, double y, double w, double h)> map_painter;
};

class PdfAtlas {
 public:
  // Throws Error(Io) naming `path` when it cannot be written (missing folder, no permission).
  PdfAtlas(const std::string& path, const Workspace& ws, const std::string& document_title);
  ~PdfAtlas();  // abandons an unfinished file (its temporary is removed)
  PdfAtlas(const PdfAtlas&) = delete;
  PdfAtlas& operator=(const PdfAtlas&) = delete;

  void add_page(const AtlasPage& page);
  // Completes the file and renames it into place. Throws Error(Io) on failure.
  void finish();
  int pages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where a page's map frame lies (PostScript points from the page's top-left corner) and the
// world box (Lambert-93) it shows for `extent`: to locate a feature on a rendered page.
struct AtlasMapFrame {
  double x = 0, y = 0, w = 0, h = 0;
  BBox world;
};
AtlasMapFrame atlas_map_frame(const BBox& extent);

// Throws Error(Io) with a French message when `path` cannot be created/written.
void check_output_writable(const std::string& path);

}  // namespace maraude::io
