// Composition of a print poster (render/poster.h): the map frame is fitted to the mapped
// extent's aspect (no blank band beside or below the territory) and the space it leaves
// goes to an information panel — key figures in large type and a sources-and-method
// block — below the map (portrait sheets) or beside it (landscape sheets), whichever
// gives the larger map.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/geometry.h"
#include "core/model.h"

typedef struct _cairo cairo_t;

namespace maraude::coverage {
struct Totals;
}

namespace maraude::render {

// Key figures: (value, label), e.g. {"5 992 194", "habitants"}.
using PosterFigures = std::vector<std::pair<std::string, std::string>>;

struct PosterComposition {
  BBox map;                 // map frame, poster pixels (y down)
  BBox panel;               // information panel, poster pixels; empty when there is no room
  bool panel_below = true;  // below the map (else on its right)
  double mpp = 1;           // metres per pixel of the map
  Vec2 center;              // world centre of the map frame
};

// Lays out the map and the panel inside `avail` (the space between the title band and the
// footer). The extent is drawn with `pad` pixels around it and a legend column of
// `legend_w` x `legend_h` pixels inside the frame's right side (the overlay puts it there).
// `mm` is one millimetre of type at this sheet and DPI.
PosterComposition compose_poster(const BBox& avail, const BBox& extent, double legend_w, double legend_h, double pad,
                                 double mm);

// The region's key figures from the workspace (population, 15-29, QPV, rural basins,
// services, laureates) and, when `gaps` is given, the coverage figures of a scenario.
// With `within`, only the communes whose centre lies in that box (and their QPV, the
// services in it) count: the figures of a poster framing part of the region.
PosterFigures poster_figures(const Workspace& ws, const coverage::Totals* gaps = nullptr,
                             const BBox* within = nullptr);

// The "Sources et méthode" lines: producers of each dataset, OpenStreetMap when the
// workspace uses it, the licence.
std::vector<std::string> poster_sources(const Workspace& ws);

// A locator of what a poster shows within the region: the region's departments (simplified)
// and the framed box. Empty (no `parts`) when the poster shows the whole region.
struct PosterInset {
  std::vector<MultiPolygon> parts;  // departments (or the region), Lambert-93
  BBox world;                       // their box
  BBox shown;                       // what the poster's map frames
  bool empty() const { return parts.empty(); }
};
PosterInset poster_inset(const Workspace& ws, const BBox& shown);

// Paints the panel (figures grid, then sources and `note`, and the locator when given) into
// `box`, poster pixels.
void paint_poster_panel(cairo_t* cr, const BBox& box, const std::string& heading, const PosterFigures& figures,
                        const std::vector<std::string>& sources, const std::string& note, double mm,
                        const PosterInset* inset = nullptr);

}  // namespace maraude::render
