// A workspace's road network: the car and foot graphs built at import from OpenStreetMap,
// with the profile table they were built with. Loaded once per workspace (io/road_store).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/roads/graph.h"
#include "core/roads/profiles.h"

namespace maraude::roads {

struct RoadNetwork {
  Graph car, foot;
  ProfileTable table;
  std::string signature;                    // of the inputs (extract names, sizes, mtimes; profile text)
  std::vector<std::string> files;           // the extracts read (file names)
  std::map<std::string, std::string> info;  // import figures (ways read, routable, missing refs...)
  const Graph& graph(Profile p) const { return p == Profile::Car ? car : foot; }
  // "nord-pas-de-calais-latest.osm.pbf, picardie-latest.osm.pbf" (file names only), for texts.
  std::string source_label() const;
};

}  // namespace maraude::roads
