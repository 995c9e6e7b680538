// Road network: a directed graph per travel profile (car, foot), built from OpenStreetMap
// ways by io/osm_roads (libosmium) and stored beside the workspace (io/road_store).
// Every coordinate in Lambert-93 metres, every length in metres, every time in seconds.
//
// Nodes are the junctions only (a way's end, a node shared by two routable ways, or a node
// repeated within one way); the shape points between two junctions are kept in a segment
// for drawing and for snapping. A segment is one undirected piece of way between two
// junctions; each direction the profile allows is one directed edge pointing at that segment.
// Zero-length pieces are dropped (two OSM nodes at one spot joined by one become one node).
// Nodes are numbered along a Hilbert curve over their positions (close on the map, close in
// memory); segments follow the ways' order. The same input always gives the same graph.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/geometry.h"

namespace maraude::roads {

constexpr uint32_t kNoNode = std::numeric_limits<uint32_t>::max();
constexpr double kUnreachable = std::numeric_limits<double>::infinity();

enum class Profile : int { Car = 0, Foot = 1 };
const char* profile_id(Profile p);        // "car", "foot"
const char* profile_label_fr(Profile p);  // "voiture", "à pied"
// "car" / "voiture", "foot" / "pied" / "a_pied"; throws Error(Usage) otherwise.
Profile parse_profile(const std::string& s);

enum class Metric : int { Time = 0, Distance = 1 };

// OSM highway classes known to the profiles (index into per-class tables).
enum class RoadClass : uint8_t {
  Motorway, MotorwayLink, Trunk, TrunkLink, Primary, PrimaryLink, Secondary, SecondaryLink,
  Tertiary, TertiaryLink, Unclassified, Residential, LivingStreet, Service, Road,
  Footway, Path, Pedestrian, Steps, Track, Cycleway, Count
};
const char* road_class_id(RoadClass c);  // OSM value: "motorway", "motorway_link"...
bool parse_road_class(const std::string& osm_value, RoadClass& out);

// One directed edge of a profile graph.
struct Edge {
  uint32_t to = 0;      // head node (in the reverse adjacency: the tail node)
  uint32_t seg = 0;     // segment index; the geometry runs from `from` to `to` unless reversed
  float length_m = 0;
  float time_s = 0;
  bool reversed = false;  // true: walk the segment's points backwards
};

struct Segment {
  uint32_t a = 0, b = 0;         // junction nodes at the first and last point
  uint32_t first_pt = 0, n_pts = 0;  // into Graph::seg_pts (includes both junctions)
  RoadClass cls = RoadClass::Road;
  float length_m = 0;
};

// A routable graph for one profile. CSR adjacency in both directions.
struct Graph {
  Profile profile = Profile::Car;
  std::vector<Vec2> node;                 // junction positions
  std::vector<uint32_t> first_out;        // size node.size() + 1
  std::vector<Edge> out;                  // out-edges of node v: out[first_out[v] .. first_out[v+1])
  std::vector<uint32_t> first_in;         // reverse adjacency: edges entering v (Edge::to = tail,
                                          // seg/length/time/reversed as in the forward edge)
  std::vector<Edge> in;
  std::vector<Segment> segs;
  std::vector<Vec2> seg_pts;
  size_t n_nodes() const { return node.size(); }
  size_t n_edges() const { return out.size(); }
  BBox extent() const;
  // Rebuilds first_in / in from first_out / out.
  void build_reverse();
};

// What a profile does with a way: whether it may be driven/walked each way and how fast.
struct WayAccess {
  bool forward = false, backward = false;
  double speed_kmh = 0;
};

// An OSM way as the importer hands it to the builder: its nodes (OSM ids and Lambert-93
// positions), its class and per-profile access.
struct RawWay {
  int64_t osm_id = 0;
  std::vector<int64_t> node_ids;
  std::vector<Vec2> pts;
  RoadClass cls = RoadClass::Road;
  WayAccess access[2];  // indexed by Profile
};

struct BuildStats {
  size_t ways_read = 0, ways_routable = 0, ways_dropped_short = 0;
  size_t segments = 0;
  double km_per_class[static_cast<int>(RoadClass::Count)] = {};
};

// Builds one profile's graph from the ways (junction detection, segment split, CSR).
// A way is routable when access[profile] allows a direction at a positive speed and it has
// as many positions as node ids (>= 2). Edge time = length / speed_kmh of its way.
// BuildStats::ways_dropped_short counts the routable ways that gave no segment (zero length).
Graph build_graph(const std::vector<RawWay>& ways, Profile profile, BuildStats* stats = nullptr);

// Weakly connected components (edge direction ignored): component id per node, and count.
std::vector<uint32_t> components(const Graph& g, uint32_t* n_components = nullptr);

}  // namespace maraude::roads
