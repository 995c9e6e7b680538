// A workspace's road network: the car and foot graphs built at import from OpenStreetMap,
// with the profile table they were built with. Loaded once per workspace (io/road_store).
#pragma once
#include <string>

#include "core/roads/graph.h"
#include "core/roads/profiles.h"

namespace maraude::roads {

struct RoadNetwork {
  Graph car, foot;
  ProfileTable table;
  std::string source;  // the extracts it was built from ("nord-pas-de-calais-latest.osm.pbf; ..."), for credits
  const Graph& graph(Profile p) const { return p == Profile::Car ? car : foot; }
};

}  // namespace maraude::roads
