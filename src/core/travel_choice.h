// Which travel model answers a workspace's travel questions, and the one instance of each
// per workspace (built on first use, shared by coverage, the planner, the window and the
// exports: the road router's preparation is paid once).
#pragma once
#include <memory>
#include <string>

#include "core/travel.h"

namespace maraude {
struct Workspace;

enum class TravelChoice {
  Auto,     // the car road network when the workspace has one, else crow-fly
  Car,      // road network, car profile (error when the workspace has no roads)
  Foot,     // road network, foot profile
  CrowFly,  // straight line × circuity, speeds from the density grid
};
// "auto", "car"/"voiture", "foot"/"pied"/"a_pied", "crowfly"/"vol_oiseau"; throws Error(Usage).
TravelChoice parse_travel_choice(const std::string& s, const std::string& where = "--travel");
const char* travel_choice_id(TravelChoice c);
const char* travel_choice_label_fr(TravelChoice c);  // "voiture (réseau routier)", "à pied", "vol d'oiseau"
// Auto resolved against the workspace (Car when it has roads, else CrowFly).
TravelChoice resolve(const Workspace& ws, TravelChoice c);

// The workspace's model for `c` (cached in the workspace; thread-safe).
std::shared_ptr<const TravelModel> travel_for(const Workspace& ws, TravelChoice c = TravelChoice::Auto);

}  // namespace maraude
