// The one cartography of Maraude: palette, choropleth classes, point symbols and legend
// texts, shared by every map — the window and `maraude render` (render/, GL), the poster
// (render/poster, cairo) and the PDF pages of the handout and the dossier (io/pdf_atlas,
// cairo, no GL). Pure data and rules: no GL, no cairo, no GDAL.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/model.h"

namespace maraude::carto {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  uint32_t packed() const { return uint32_t(r) | uint32_t(g) << 8 | uint32_t(b) << 16 | uint32_t(a) << 24; }
  uint32_t hex() const { return uint32_t(r) << 16 | uint32_t(g) << 8 | uint32_t(b); }
  bool operator==(const Rgba& o) const { return r == o.r && g == o.g && b == o.b && a == o.a; }
};
constexpr Rgba rgb(uint32_t hex, uint8_t a = 255) {
  return {uint8_t(hex >> 16), uint8_t(hex >> 8), uint8_t(hex), a};
}

// The palette: calm basemap, a sequential blue choropleth, one strong colour for the gaps
// (used by nothing else), QPV and rural basins told apart by colour-blind readers too
// (checked with a deuteranopia simulation, tests/unit/cartography_gl_test.cpp).
namespace palette {
constexpr Rgba kBackground = rgb(0xdfe7ec);   // sea and outside the region
constexpr Rgba kLand = rgb(0xfbfaf6);
constexpr Rgba kCommuneLine = rgb(0x8c8c8c, 150);
constexpr Rgba kZoneLine = rgb(0x6b5a4e, 200);
constexpr Rgba kDepLine = rgb(0x4a4a4a);
constexpr Rgba kRegionLine = rgb(0x2b2b2b);
constexpr Rgba kBasinHatch = rgb(0x5e3c99, 190);  // purple hatching
constexpr Rgba kQpvFill = rgb(0xe7298a, 120);     // pink-magenta tint
constexpr Rgba kQpvLine = rgb(0xb0135f);          // its outline
constexpr Rgba kSelection = rgb(0x00b4d8);
constexpr Rgba kSelectionFill = rgb(0x00b4d8, 60);
constexpr Rgba kHover = rgb(0x1b1b1b, 170);
// Gaps: solid strong red, the only red of the map (the choropleth is blue, then grey).
constexpr Rgba kGaps = rgb(0xd7191c, 215);
constexpr Rgba kGapsLine = rgb(0x8b0000);
// The area reached by a service point: an outline only, never a fill that could read as a
// choropleth class.
constexpr Rgba kCoverageLine = rgb(0x1d6f65, 230);
// Road network: light grey-beige, no casing, so the choropleth stays readable under it.
constexpr Rgba kRoadMajor = rgb(0xa89984, 215);  // motorway, trunk
constexpr Rgba kRoadMid = rgb(0xb9ad9c, 200);    // primary, secondary
constexpr Rgba kRoadMinor = rgb(0xc8beb1, 185);  // every other car road
constexpr Rgba kText = rgb(0x222222);
constexpr Rgba kTextMuted = rgb(0x555555);
// Blues, 5 classes (ColorBrewer scheme, values typed from its published hex codes).
constexpr std::array<Rgba, 5> kChoropleth = {rgb(0xeff3ff), rgb(0xbdd7e7), rgb(0x6baed6), rgb(0x3182bd), rgb(0x08519c)};
// The choropleth when the gaps layer is shown: the same classes stepped back to light greys
// (luminance kept in order, contrast halved), so the gaps lead.
Rgba choropleth_muted(int cls);
// The class colour as drawn: muted when the gaps are on.
inline Rgba choropleth(int cls, bool gaps_on) {
  return gaps_on ? choropleth_muted(cls) : kChoropleth[static_cast<size_t>(cls < 0 ? 0 : cls > 4 ? 4 : cls)];
}
// Opacity of the choropleth layer by default (window, render, poster, PDF pages).
constexpr float kChoroplethOpacity = 0.75f;
// 18 distinct hues for the laureates' territories (core/laureate_colours.h).
Rgba laureate(size_t i);
}  // namespace palette

enum class Shape : int { Circle = 0, Square = 1, Triangle = 2, Diamond = 3, Ring = 4 };

// Symbol of each point style (services by kind, then the QPV commune-level marker).
struct SymbolStyle {
  Shape shape;
  Rgba fill, stroke;
  float size_px;  // outer diameter, screen pixels at scale 1
};
constexpr int kServiceStyles = 6;   // one per ServiceKind
constexpr int kQpvMarkerStyle = 6;
constexpr int kPointStyles = 7;
SymbolStyle point_style(int style);
inline SymbolStyle service_style(ServiceKind k) { return point_style(static_cast<int>(k)); }
// The symbol's outline as a polygon around (0, 0) for outer diameter d, y pointing down
// (screen and PDF); empty for Circle and Ring (draw an arc of radius d / 2). Same shapes as
// shaders/point.frag.glsl.
std::vector<Vec2> symbol_outline(Shape s, double d);
// Legend text of a service kind ("France Services", "France Services (bus)"...).
const char* service_legend(ServiceKind k, bool english = false);

// Choropleth classes of the latest unemployment rate: 5 quantile classes, breaks rounded to
// half a point. The rule everywhere: a rate equal to a break belongs to the class above it
// (class i holds breaks[i-1] <= rate < breaks[i]).
struct ChoroplethClasses {
  std::vector<double> breaks;  // upper bounds of classes 0..n-2; class n-1 is above the last
  std::string quarter;         // "2023-T3"
  int class_of(double rate) const;
  std::string label(int cls, bool english = false) const;  // "8,0 – 9,5 %"
};
ChoroplethClasses compute_classes(const Workspace& ws);

// Legend texts shared by every map.
namespace legend {
const char* gaps(bool english = false);          // "Zones non couvertes (lacunes)"
const char* covered(bool english = false);       // "Limite de la zone atteinte par un point de service"
const char* basins(bool english = false);
const char* qpv(bool english = false);
}  // namespace legend

}  // namespace maraude::carto
