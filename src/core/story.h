// Stories: ordered lists of map views a presenter walks through (issue 6,
// "Presenting territory gaps"). Pure core: no GDAL, no GL.
//
// A story is stored as text in the workspace `documents` table (kind "story",
// name = the story's name). Format, UTF-8, one record per line, fields separated
// by TAB; blank lines and lines starting with '#' are ignored, except the first
// line which must be the version header:
//
//   # maraude-story 1
//   nom<TAB>Tournée des élus — mars 2025
//   description<TAB>free text (\n, \t and \\ escaped)
//   vue<TAB>Titre de la vue                   starts a new view; the lines below belong to it
//   etendue<TAB>zone:3220                     view spec (see below)
//   couches<TAB>zones,basins,qpv,services      visible layers, drawing order bottom → top
//                                             (applied as is; the layers not named are hidden)
//   opacite<TAB>zones<TAB>0.8                 per-layer style: opacity 0..1
//   scenario<TAB>services publics existants   scenario shown (its gaps), may be absent
//   surbrillance<TAB>qpv:QN05912M             highlighted feature, one line each
//   note<TAB>texte                            presenter notes (escaped, may hold \n)
//
// View specs (the same vocabulary as `maraude render --view`): "region",
// "departement:CODE", "zone:CODE", "epci:SIREN", "commune:CODE", "qpv:CODE",
// "laureate:ID", "bbox:minx,miny,maxx,maxy" (Lambert-93 metres).
// Highlight refs: "zone:CODE", "departement:CODE", "epci:SIREN", "commune:CODE",
// "qpv:CODE", "service:ID", "laureate:ID".
// Layer keys (the renderer's): region, departements, zones, basins, laureates, gaps,
// routes (the road network; drawn only when the workspace has one), qpv, communes,
// services, labels.
//
// Unknown record keys are an error (a newer version writes a new header number).
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/model.h"

namespace maraude {

constexpr const char* kStoryKind = "story";
constexpr int kStoryFormatVersion = 1;
// The starter story of a Hauts-de-France workspace; in general starter_story_name(ws)
// (core/region_text.h): "Récit de départ — <région>".
constexpr const char* kStarterStoryName = "Récit de départ — Hauts-de-France";

struct StoryView {
  std::string title;
  std::string extent = "region";               // view spec
  std::vector<std::string> layers;             // visible layer keys, bottom → top
  std::map<std::string, double> opacity;       // per-layer opacity (style), 0..1
  std::string scenario;                        // scenario whose gaps are shown; empty = none
  std::vector<std::string> highlights;         // feature refs
  std::string notes;                           // presenter notes, may be multi-line
  bool operator==(const StoryView&) const = default;
};

struct Story {
  std::string name;
  std::string description;
  std::vector<StoryView> views;
  bool operator==(const Story&) const = default;
};

// Every layer key a view may name, in the default drawing order.
const std::vector<std::string>& story_layer_keys();
bool is_story_layer(const std::string& key);
// The layers of a fresh view: zones, basins, qpv, departements, region, services.
std::vector<std::string> default_story_layers();

// One layer of the map's stack, as a view leaves it.
struct ViewLayer {
  std::string key;  // story layer key
  bool visible = true;
  double opacity = 1;
  bool operator==(const ViewLayer&) const = default;
};
// The stack (bottom → top) a view is shown with, from `base`, the map's stack before it:
// the layers the view names are visible and drawn in the view's order, permuted among the
// places they hold in `base` (render::MapStyle::order_layers), the others hidden and kept
// in their places; unknown or repeated keys are ignored (the first counts); a view naming
// none keeps `base`'s visibility. Opacities: the view's, else `base`'s. The gaps layer is
// hidden when `scenario_missing` (the view names a scenario that cannot be loaded: no gaps
// rather than another scenario's). The presenter and the handout both draw this stack.
std::vector<ViewLayer> story_view_layers(const std::vector<ViewLayer>& base, const StoryView& v,
                                         bool scenario_missing = false);
// The stack of a fresh map (render::MapStyle::defaults): every key of story_layer_keys()
// in that order, visible, zones at 0.75 opacity, the others opaque.
std::vector<ViewLayer> default_view_layers();

std::string story_to_text(const Story& s);
// Throws Error(BadInput) naming `where` and the line on a missing/unknown header, an
// unknown record key, a view record before any `vue`, or a bad opacity.
// Unknown layer names, scenarios or features are NOT errors here (a workspace changes
// under a stored story): see view_problems().
Story story_from_text(const std::string& text, const std::string& where);

// Editing (the GUI's and the CLI's operations). Indices are 0-based; each throws
// Error(Usage) for an index out of range.
void move_view(Story& s, size_t from, size_t to);
void duplicate_view(Story& s, size_t i);  // the copy goes right after, titled "… (copie)"
void remove_view(Story& s, size_t i);

// The area a view spec frames, with a margin; an empty box when the spec names
// something the workspace does not have. Throws Error(Usage) for a malformed spec.
BBox resolve_extent(const Workspace& ws, const std::string& spec);
// Bounding box of one highlight ref (empty when unknown).
BBox ref_bbox(const Workspace& ws, const std::string& ref);
// Display name of a ref ("QPV Bourgogne (Tourcoing)", "zone d'emploi Lens"); the ref itself when unknown.
std::string ref_label(const Workspace& ws, const std::string& ref);

// What no longer matches the workspace, as French notes to print on the view
// instead of failing: unknown layers, a scenario that does not exist (checked with
// `scenario_exists`; may be null), highlighted features that are gone, an extent
// naming an unknown territory (the view then falls back to the region).
std::vector<std::string> view_problems(const StoryView& v, const Workspace& ws,
                                       const std::function<bool(const std::string&)>& scenario_exists);

// A gap the starter story should show (from the coverage engine, computed by the caller).
struct StarterGap {
  std::string ref;      // "qpv:CODE" or "commune:CODE"
  std::string label;    // display name
  double uncovered_neet = 0;
  double nearest_km = -1;
};

struct StarterOptions {
  std::string scenario;            // scenario shown on the gaps view (and its name)
  std::vector<StarterGap> gaps;    // biggest gaps first; the view is omitted when empty
  int largest_cities = 6;          // cities whose QPV get a view
};

// The starter story of a region: region overview; each high-unemployment zone
// (rate_latest > rural_rule.threshold_rate), highest rate first; the QPV of the
// largest cities (by population, among communes holding at least one QPV); the
// biggest gaps of the scenario.
Story starter_story(const Workspace& ws, const StarterOptions& opt);

// Zones above the regional threshold, highest rate first.
std::vector<const ZoneEmploi*> high_unemployment_zones(const Workspace& ws);

}  // namespace maraude
