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
  add(LayerId::Zones, palette::kChoroplethOpacity);
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
