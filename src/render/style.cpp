#include "render/style.h"

#include <algorithm>
#include <cmath>

#include "core/laureate_colours.h"
#include "core/text.h"

namespace maraude::render {

namespace {
struct LayerName { const char* key; const char* fr; const char* en; };
constexpr LayerName kNames[kLayerCount] = {
    {"zones", "Chômage par zone d’emploi", "Unemployment by employment zone"},
    {"basins", "Bassins ruraux à fort chômage", "Rural high-unemployment basins"},
    {"laureates", "Territoires des lauréats", "Laureates’ territories"},
    {"gaps", "Zones non couvertes", "Coverage gaps"},
    {"qpv", "Quartiers prioritaires (QPV)", "Priority neighbourhoods (QPV)"},
    {"communes", "Communes", "Municipalities"},
    {"departements", "Départements", "Departments"},
    {"region", "Région", "Region"},
    {"services", "Services", "Services"},
    {"labels", "Étiquettes", "Labels"},
    {"routes", "Routes (OpenStreetMap)", "Roads (OpenStreetMap)"},
};
}  // namespace

const char* layer_key(LayerId id) { return kNames[static_cast<int>(id)].key; }
const char* layer_label(LayerId id, bool en) {
  const auto& n = kNames[static_cast<int>(id)];
  return en ? n.en : n.fr;
}
std::optional<LayerId> parse_layer(const std::string& key) {
  const std::string k = fold(trim(key));
  for (int i = 0; i < kLayerCount; ++i)
    if (k == kNames[i].key) return static_cast<LayerId>(i);
  if (k == "ze" || k == "zones_emploi" || k == "chomage") return LayerId::Zones;
  if (k == "bassins" || k == "rural_basins") return LayerId::Basins;
  if (k == "laureats") return LayerId::Laureates;
  if (k == "etiquettes") return LayerId::Labels;
  if (k == "departments") return LayerId::Departements;
  if (k == "roads" || k == "reseau_routier") return LayerId::Roads;
  return std::nullopt;
}

Rgba palette::laureate(size_t i) { return rgb(laureate_hue(i)); }  // shared with the PDF pages

SymbolStyle point_style(int s) {
  switch (s) {
    case 0: return {Shape::Square, rgb(0x2c7fb8), rgb(0xffffff), 10};      // France Services
    case 1: return {Shape::Triangle, rgb(0xf4a300), rgb(0x5a3d00), 13};   // France Services bus
    case 2: return {Shape::Circle, rgb(0x1d3557), rgb(0xffffff), 10};      // France Travail
    case 3: return {Shape::Diamond, rgb(0x2a9d8f), rgb(0xffffff), 13};    // mission locale
    case 4: return {Shape::Circle, rgb(0x6a4c93), rgb(0xffffff), 8};      // permanence
    case 5: return {Shape::Triangle, rgb(0x6a4c93), rgb(0xffffff), 9};    // mobile-office stop
    default: return {Shape::Ring, rgb(0xc2185b, 60), rgb(0xc2185b), 13};  // QPV (commune level)
  }
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
  return f(breaks[cls - 1]) + " – " + f(breaks[cls]) + pct;
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

std::optional<Selection> parse_selection(const std::string& s) {
  const auto colon = s.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string kind = fold(s.substr(0, colon));
  Selection sel;
  sel.code = trim(s.substr(colon + 1));
  if (kind == "commune") sel.kind = Selection::Kind::Commune;
  else if (kind == "zone") sel.kind = Selection::Kind::Zone;
  else if (kind == "qpv") sel.kind = Selection::Kind::Qpv;
  else if (kind == "laureate" || kind == "laureat") sel.kind = Selection::Kind::Laureate;
  else if (kind == "service") sel.kind = Selection::Kind::Service;
  else return std::nullopt;
  if (sel.code.empty()) return std::nullopt;
  return sel;
}

MapStyle MapStyle::defaults(const Workspace& ws) {
  MapStyle s;
  auto add = [&](LayerId id, float op) { s.layers.push_back({id, true, op}); };
  add(LayerId::Zones, 0.75f);
  add(LayerId::Basins, 1.0f);
  add(LayerId::Laureates, 1.0f);
  add(LayerId::Gaps, 1.0f);
  add(LayerId::Roads, 1.0f);  // above the fills, under the QPV and the services
  add(LayerId::Qpv, 1.0f);
  add(LayerId::Communes, 1.0f);
  add(LayerId::Departements, 1.0f);
  add(LayerId::Region, 1.0f);
  add(LayerId::Services, 1.0f);
  add(LayerId::Labels, 1.0f);
  s.laureate_visible.assign(ws.laureates.size(), 1);
  return s;
}

LayerSettings* MapStyle::layer(LayerId id) {
  for (auto& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}
const LayerSettings* MapStyle::layer(LayerId id) const {
  for (const auto& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}
void MapStyle::show_only(const std::vector<LayerId>& ids) {
  for (auto& l : layers) l.visible = std::find(ids.begin(), ids.end(), l.id) != ids.end();
  touch();
}

bool MapStyle::order_layers(const std::vector<LayerId>& ids) {
  // The wanted order of the named layers that exist, without repeats.
  std::vector<LayerId> want;
  for (LayerId id : ids)
    if (layer(id) && std::find(want.begin(), want.end(), id) == want.end()) want.push_back(id);
  // Their places in the current stack, bottom first; filled again in the wanted order.
  std::vector<size_t> slots;
  for (size_t i = 0; i < layers.size(); ++i)
    if (std::find(want.begin(), want.end(), layers[i].id) != want.end()) slots.push_back(i);
  std::vector<LayerSettings> moved;
  for (LayerId id : want) moved.push_back(*layer(id));
  bool changed = false;
  for (size_t k = 0; k < slots.size(); ++k) {
    if (layers[slots[k]].id != moved[k].id) changed = true;
    layers[slots[k]] = moved[k];
  }
  if (changed) touch();
  return changed;
}

}  // namespace maraude::render
