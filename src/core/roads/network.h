// A workspace's road network: the car and foot graphs built at import from OpenStreetMap,
// with the profile table they were built with. Loaded once per workspace (io/road_store).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/roads/graph.h"
#include "core/roads/profiles.h"

namespace maraude::roads {

class ContractionHierarchy;

struct RoadNetwork {
  Graph car, foot;
  // Time-metric contraction hierarchies of both graphs, built at import and stored in the
  // sidecar (io/road_store), handed to every Router on them (RoadTravel, `maraude roads`).
  // Null when not built (a network read straight from an extract).
  std::shared_ptr<const ContractionHierarchy> ch_car, ch_foot;
  const std::shared_ptr<const ContractionHierarchy>& hierarchy(Profile p) const {
    return p == Profile::Car ? ch_car : ch_foot;
  }
  ProfileTable table;
  std::string signature;                    // of the inputs (extract names, sizes, mtimes; profile text)
  std::vector<std::string> files;           // the extracts read (file names)
  std::map<std::string, std::string> info;  // import figures (ways read, routable, missing refs...)
  const Graph& graph(Profile p) const { return p == Profile::Car ? car : foot; }
  // "nord-pas-de-calais-latest.osm.pbf, picardie-latest.osm.pbf" (file names only), for texts.
  std::string source_label() const;
};

}  // namespace maraude::roads
