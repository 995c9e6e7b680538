#include "core/cartography.h"

#include <algorithm>
#include <cmath>

#include "core/laureate_colours.h"
#include "core/text.h"

namespace maraude::carto {

Rgba palette::laureate(size_t i) { return rgb(laureate_hue(i)); }

Rgba palette::choropleth_muted(int cls) {
  // Greys from near-land to mid grey: the class order stays readable, nothing competes with red.
  static constexpr uint32_t kGreys[5] = {0xf4f4f2, 0xe3e3e1, 0xcfcfcd, 0xb9b9b7, 0xa2a2a0};
  return rgb(kGreys[std::clamp(cls, 0, 4)]);
}

SymbolStyle point_style(int s) {
  switch (s) {
    case 0: return {Shape::Square, rgb(0x2c7fb8), rgb(0xffffff), 10};      // France Services
    case 1: return {Shape::Triangle, rgb(0xf4a300), rgb(0x5a3d00), 13};   // France Services bus
    case 2: return {Shape::Circle, rgb(0x1d3557), rgb(0xffffff), 10};      // France Travail
    case 3: return {Shape::Diamond, rgb(0x2a9d8f), rgb(0xffffff), 13};    // mission locale
    case 4: return {Shape::Circle, rgb(0x6a4c93), rgb(0xffffff), 8};      // permanence
    case 5: return {Shape::Triangle, rgb(0x6a4c93), rgb(0xffffff), 9};    // mobile-office stop
    default: return {Shape::Ring, rgb(0xe7298a, 60), palette::kQpvLine, 13};  // QPV (commune level)
  }
}

std::vector<Vec2> symbol_outline(Shape s, double d) {
  const double r = d / 2;
  switch (s) {
    case Shape::Square: {
      const double h = r * 0.86;
      return {{-h, -h}, {h, -h}, {h, h}, {-h, h}};
    }
    case Shape::Triangle: {
      // Apex up, base 0.75 r below the centre line (y down).
      const double top = -r * 0.75, base = r * 0.75, half = (base - top) / std::sqrt(3.0);
      return {{0, top}, {half, base}, {-half, base}};
    }
    case Shape::Diamond: {
      const double q = r * 0.72 * std::sqrt(2.0);
      return {{0, -q}, {q, 0}, {0, q}, {-q, 0}};
    }
    default: return {};
  }
}

const char* service_legend(ServiceKind k, bool en) {
  switch (k) {
    case ServiceKind::FranceServices: return "France Services";
    case ServiceKind::FranceServicesBus: return en ? "France Services (bus)" : "France Services (bus)";
    case ServiceKind::FranceTravail: return "France Travail";
    case ServiceKind::MissionLocale: return en ? "Mission locale (youth)" : "Mission locale";
    case ServiceKind::Permanence: return en ? "Drop-in point" : "Permanence";
    case ServiceKind::MobileStop: return en ? "Mobile-office stop" : "Arrêt du bureau mobile";
  }
  return "?";
}

int ChoroplethClasses::class_of(double rate) const {
  for (size_t i = 0; i < breaks.size(); ++i)
    if (rate < breaks[i]) return static_cast<int>(i);
  return static_cast<int>(breaks.size());
}

std::string ChoroplethClasses::label(int cls, bool en) const {
  const std::string pct = en ? "%" : " %";
  auto f = [&](double v) {
    std::string t = format_fr(v, 1);
    if (en) std::replace(t.begin(), t.end(), ',', '.');
    return t;
  };
  if (breaks.empty()) return en ? "all" : "toutes";
  if (cls == 0) return (en ? "below " : "moins de ") + f(breaks[0]) + pct;
  if (cls >= static_cast<int>(breaks.size())) return f(breaks.back()) + pct + (en ? " or more" : " et plus");
  // A rate equal to a break is in the class above it: "8,0 à moins de 9,5 %".
  return f(breaks[cls - 1]) + (en ? " to under " : " à moins de ") + f(breaks[cls]) + pct;
}

ChoroplethClasses compute_classes(const Workspace& ws) {
  ChoroplethClasses c;
  std::vector<double> rates;
  for (const auto& z : ws.zones)
    if (z.rate_latest > 0) {
      rates.push_back(z.rate_latest);
      if (c.quarter.empty() || z.quarter_latest > c.quarter) c.quarter = z.quarter_latest;
    }
  std::sort(rates.begin(), rates.end());
  if (rates.size() < 2) return c;
  // Quantile breaks rounded to half a point, kept strictly increasing.
  for (int k = 1; k < 5; ++k) {
    const double q = rates[std::min(rates.size() - 1, rates.size() * k / 5)];
    double b = std::round(q * 2) / 2;
    if (!c.breaks.empty() && b <= c.breaks.back()) b = c.breaks.back() + 0.5;
    c.breaks.push_back(b);
  }
  return c;
}

namespace legend {
const char* gaps(bool en) { return en ? "Uncovered areas (gaps)" : "Zones non couvertes (lacunes)"; }
const char* covered(bool en) { return en ? "Edge of the area reached by a service point" : "Limite de la zone atteinte par un point de service"; }
const char* basins(bool en) { return en ? "Rural communes of high-unemployment basins" : "Communes rurales des bassins à fort chômage"; }
const char* qpv(bool en) { return en ? "Priority neighbourhood (QPV)" : "Quartier prioritaire (QPV)"; }
}  // namespace legend

}  // namespace maraude::carto
