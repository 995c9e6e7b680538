// What the map shows and how: layers (order, visibility, opacity), the palette, the
// choropleth classes, the selection. Shared by the window and `maraude render` so both
// draw the same map. No GL here.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  uint32_t packed() const { return uint32_t(r) | uint32_t(g) << 8 | uint32_t(b) << 16 | uint32_t(a) << 24; }
};
constexpr Rgba rgb(uint32_t hex, uint8_t a = 255) {
  return {uint8_t(hex >> 16), uint8_t(hex >> 8), uint8_t(hex), a};
}

// The palette: calm basemap, ColorBrewer-like sequential choropleth, distinct services.
namespace palette {
constexpr Rgba kBackground = rgb(0xdfe7ec);   // sea and outside the region
constexpr Rgba kLand = rgb(0xfbfaf6);
constexpr Rgba kCommuneLine = rgb(0x8c8c8c, 150);
constexpr Rgba kZoneLine = rgb(0x6b5a4e, 200);
constexpr Rgba kDepLine = rgb(0x4a4a4a);
constexpr Rgba kRegionLine = rgb(0x2b2b2b);
constexpr Rgba kBasinHatch = rgb(0x5e3c99, 190);
constexpr Rgba kQpvFill = rgb(0xc2185b, 140);
constexpr Rgba kQpvLine = rgb(0x880e4f);
constexpr Rgba kSelection = rgb(0x00b4d8);
constexpr Rgba kSelectionFill = rgb(0x00b4d8, 60);
constexpr Rgba kHover = rgb(0x1b1b1b, 170);
constexpr Rgba kGaps = rgb(0xd62828, 170);
constexpr Rgba kCoverage = rgb(0x1d8a7e, 48);   // covered area (union of reach areas)
// Road network: light grey-beige, no casing, so the choropleth stays readable under it.
constexpr Rgba kRoadMajor = rgb(0xa89984, 215);  // motorway, trunk
constexpr Rgba kRoadMid = rgb(0xb9ad9c, 200);    // primary, secondary
constexpr Rgba kRoadMinor = rgb(0xc8beb1, 185);  // every other car road
constexpr Rgba kText = rgb(0x222222);
constexpr Rgba kTextMuted = rgb(0x555555);
// OrRd, 5 classes (ColorBrewer scheme, values typed from its published hex codes).
constexpr std::array<Rgba, 5> kChoropleth = {rgb(0xfef0d9), rgb(0xfdcc8a), rgb(0xfc8d59), rgb(0xe34a33), rgb(0xb30000)};
// 18 distinct hues for the laureates' territories.
Rgba laureate(size_t i);
}  // namespace palette

enum class Shape : int { Circle = 0, Square = 1, Triangle = 2, Diamond = 3, Ring = 4 };

// Symbol of each point style (services by kind, then the QPV commune-level marker).
struct SymbolStyle {
  Shape shape;
  Rgba fill, stroke;
  float size_px;  // outer diameter
};
constexpr int kServiceStyles = 6;   // one per ServiceKind
constexpr int kQpvMarkerStyle = 6;
constexpr int kPointStyles = 7;
SymbolStyle point_style(int style);

struct ChoroplethClasses {
  std::vector<double> breaks;  // upper bounds of classes 0..n-2; class n-1 is above the last
  std::string quarter;         // "2023-T3"
  int class_of(double rate) const;
  std::string label(int cls, bool english) const;  // "8,0 – 9,5 %"
};
ChoroplethClasses compute_classes(const Workspace& ws);

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
