#include "core/travel_choice.h"

#include <mutex>

#include "core/coverage/engine.h"
#include "core/error.h"
#include "core/model.h"
#include "core/roads/road_travel.h"

namespace maraude {

struct TravelCache {
  std::mutex mu;
  std::shared_ptr<const TravelModel> models[4];
};

TravelCacheSlot::TravelCacheSlot() : cache(std::make_shared<TravelCache>()) {}
TravelCacheSlot::TravelCacheSlot(const TravelCacheSlot&) : cache(std::make_shared<TravelCache>()) {}
TravelCacheSlot& TravelCacheSlot::operator=(const TravelCacheSlot&) {
  cache = std::make_shared<TravelCache>();
  return *this;
}

TravelChoice parse_travel_choice(const std::string& s, const std::string& where) {
  if (s == "auto") return TravelChoice::Auto;
  if (s == "car" || s == "voiture") return TravelChoice::Car;
  if (s == "foot" || s == "pied" || s == "a_pied" || s == "à_pied") return TravelChoice::Foot;
  if (s == "crowfly" || s == "vol_oiseau" || s == "vol-oiseau") return TravelChoice::CrowFly;
  throw Error(ErrorKind::Usage, "mode de déplacement inconnu « " + s + " »", where,
              "utilisez car (voiture, par la route), foot (à pied, par la route), crowfly (vol d'oiseau) ou auto");
}

const char* travel_choice_id(TravelChoice c) {
  switch (c) {
    case TravelChoice::Auto: return "auto";
    case TravelChoice::Car: return "car";
    case TravelChoice::Foot: return "foot";
    case TravelChoice::CrowFly: return "crowfly";
  }
  return "auto";
}

const char* travel_choice_label_fr(TravelChoice c) {
  switch (c) {
    case TravelChoice::Auto: return "automatique";
    case TravelChoice::Car: return "voiture (par la route)";
    case TravelChoice::Foot: return "à pied (par la route)";
    case TravelChoice::CrowFly: return "vol d'oiseau (estimation)";
  }
  return "";
}

TravelChoice resolve(const Workspace& ws, TravelChoice c) {
  if (c == TravelChoice::Auto) return ws.roads ? TravelChoice::Car : TravelChoice::CrowFly;
  return c;
}

std::shared_ptr<const TravelModel> travel_for(const Workspace& ws, TravelChoice c) {
  c = resolve(ws, c);
  if ((c == TravelChoice::Car || c == TravelChoice::Foot) && !ws.roads)
    throw Error(ErrorKind::Usage, "l'espace de travail n'a pas de réseau routier", "mode de déplacement « " +
                std::string(travel_choice_id(c)) + " »",
                "ajoutez une section [roads] (extraits OpenStreetMap .osm.pbf) au manifeste et relancez `maraude import`, "
                "ou utilisez --travel crowfly");
  TravelCache& cache = *ws.travel_cache.cache;
  std::lock_guard<std::mutex> lock(cache.mu);
  auto& slot = cache.models[static_cast<int>(c)];
  if (!slot) {
    if (c == TravelChoice::CrowFly)
      slot = std::make_shared<CrowFlyTravel>(CrowFlyParams{}, coverage::density_lookup(ws));
    else
      slot = std::make_shared<roads::RoadTravel>(ws.roads, c == TravelChoice::Car ? roads::Profile::Car
                                                                                  : roads::Profile::Foot);
  }
  return slot;
}

}  // namespace maraude
