// What the map shows and how: layers (order, visibility, opacity), the palette, the
// choropleth classes, the selection. Shared by the window and `maraude render` so both
// draw the same map. No GL here.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cartography.h"
#include "core/model.h"

namespace maraude::render {

// Logical layers, as named on the command line (--layers) and in the layer panel.
enum class LayerId : int {
  Zones = 0,      // zones d'emploi: choropleth of the latest unemployment rate
  Basins,         // rural communes of high-unemployment zones (hatched)
  Laureates,      // territories of the funded projects
  Gaps,           // coverage gaps (filled by the coverage engine; empty until then)
  Qpv,            // QPV perimeters, or commune-level markers
  Communes,       // commune outlines (from a zoom level)
  Departements,   // department outlines
  Region,         // region outline
  Services,       // France Services (fixed, bus), France Travail, missions locales
  Labels,         // commune / QPV names
  Roads,          // car road network (OpenStreetMap), from commune zoom; empty without roads
  Count
};
constexpr int kLayerCount = static_cast<int>(LayerId::Count);
const char* layer_key(LayerId id);  // "zones", "basins"...
const char* layer_label(LayerId id, bool english);
std::optional<LayerId> parse_layer(const std::string& key);

struct LayerSettings {
  LayerId id;
  bool visible = true;
  float opacity = 1.0f;
};

// The palette, symbols and classes live in core/cartography.h (shared with the PDF pages).
using carto::Rgba;
using carto::rgb;
namespace palette = ::maraude::carto::palette;
using carto::ChoroplethClasses;
using carto::compute_classes;
using carto::kPointStyles;
using carto::kQpvMarkerStyle;
using carto::kServiceStyles;
using carto::point_style;
using carto::Shape;
using carto::SymbolStyle;

struct Selection {
  enum class Kind { None, Commune, Zone, Qpv, Laureate, Service };
  Kind kind = Kind::None;
  std::string code;  // INSEE code, zone code, QPV code, laureate id, service id
  bool operator==(const Selection& o) const { return kind == o.kind && code == o.code; }
  bool empty() const { return kind == Kind::None; }
};
std::optional<Selection> parse_selection(const std::string& s);  // "commune:59350"

struct MapStyle {
  std::vector<LayerSettings> layers;   // draw order, bottom first
  std::vector<char> laureate_visible;  // per Workspace::laureates index
  Selection selection, hover;
  bool english = false;
  float scale = 1.0f;                  // line widths, symbols and text (HiDPI, large exports)
  // Extra factor on the map's point symbols (services, QPV markers): the presenter enlarges
  // text and lines for the room but keeps the symbols smaller, or 338 services bury the region.
  float symbol_scale = 1.0f;
  // Coverage figures shown with the gaps layer; empty until the coverage engine has run
  // (then the legend lists the gaps and the covered area, with this note, e.g. "portée 15 km").
  bool gaps_loaded = false;
  std::string gaps_note;
  uint64_t revision = 1;               // bump after every change: renderer re-uploads colour tables

  static MapStyle defaults(const Workspace& ws);
  LayerSettings* layer(LayerId id);
  const LayerSettings* layer(LayerId id) const;
  bool visible(LayerId id) const { const auto* l = layer(id); return l && l->visible && l->opacity > 0; }
  float opacity(LayerId id) const { const auto* l = layer(id); return l ? l->opacity : 0; }
  // Keeps only the named layers visible (order unchanged).
  void show_only(const std::vector<LayerId>& ids);
  // Draws the named layers in the given order (bottom → top): they are permuted among the
  // places they hold in `layers`, and every layer not named keeps its place. Unknown or
  // repeated ids are ignored (the first one counts). True when the order changed.
  bool order_layers(const std::vector<LayerId>& ids);
  void touch() { ++revision; }
};

// Commune outlines show only closer than this scale.
constexpr double kCommuneOutlineMaxMpp = 160;
// The road layer draws from the same scale (commune zoom); the minor roads (tertiary and
// below) only closer than this, where a street is longer than a few pixels.
constexpr double kRoadMaxMpp = kCommuneOutlineMaxMpp;
constexpr double kRoadMinorMaxMpp = 40;

}  // namespace maraude::render
