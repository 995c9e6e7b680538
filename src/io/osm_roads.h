// OpenStreetMap road reading (libosmium): PBF and .osm XML extracts → the RawWay list the
// road graph builder (core/roads/graph.h) takes. Several extracts may be read at once:
// a way present in two of them is kept once (by OSM id), a node too.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/roads/graph.h"
#include "core/roads/profiles.h"

namespace maraude::io {

struct OsmReadOptions {
  // Keep only the ways with at least one node inside this Lambert-93 box (already
  // including any margin). Absent: no clipping.
  std::optional<BBox> clip;
  // Named in the error when no way overlaps the clip box ("la région Hauts-de-France").
  std::string clip_label = "la zone demandée";
  // Whether a point (Lambert-93) lies in a rural area: picks the car's rural speed table
  // for a way, asked at its middle node. Absent: every way is urban.
  std::function<bool(Vec2)> rural;
};

struct OsmReadStats {
  size_t files = 0;
  size_t ways_read = 0;           // ways with a highway class known to the profiles (after de-duplication)
  size_t ways_duplicate = 0;      // the same way id met again in another extract
  size_t ways_routable = 0;       // handed to the graph builder (routable by car or on foot, inside the clip)
  size_t ways_clipped_out = 0;    // routable but with no node inside the clip box
  size_t nodes = 0;               // distinct nodes of the routable ways found in the extracts
  size_t missing_refs = 0;        // node references with no node in any extract
  size_t ways_with_missing = 0;   // ways cut at their missing nodes (pieces of < 2 nodes dropped)
  std::vector<std::string> warnings;  // French, naming the file
};

// Reads the extracts and classifies their ways with roads::way_class / roads::way_access.
// Throws Error(MissingFile) for a missing file, Error(BadInput) naming the file for an
// unknown format, a truncated or corrupt file, an extract with no routable way, or (when
// clipping) no routable way overlapping the clip box.
std::vector<roads::RawWay> read_osm_roads(const std::vector<std::string>& files, const roads::ProfileTable& table,
                                          const OsmReadOptions& opt = {}, OsmReadStats* stats = nullptr);

// True for the file names libosmium reads here (.osm.pbf, .pbf, .osm, .osm.gz, .osm.bz2).
bool is_osm_file(const std::string& path);

}  // namespace maraude::io
