// Shortest paths on a road Graph: snapping points to the network, one-to-many,
// many-to-many (contraction hierarchies, built once per graph), bounded multi-source
// searches (service areas and allocation) and route geometry.
#pragma once
#include <memory>
#include <vector>

#include "core/roads/graph.h"
#include "core/roads/reach_area.h"

namespace maraude::roads {

class ContractionHierarchy;
struct LeanArc;  // router_impl.h

// Where a point joins the network: the nearest point of a routable segment.
struct Snap {
  bool ok = false;          // false: no road within max_snap_m (off_m says how far the nearest is, or +inf)
  uint32_t seg = 0;
  double t = 0;             // position along the segment, metres from its first point
  Vec2 at;                  // the projected point
  double off_m = 0;         // straight-line distance point → road (walked at access speed)
};

// Spatial index over the segments of a graph (uniform grid over the pieces between
// consecutive points; at most ~4 million cells). Thread-safe once built. snap() finds the
// nearest piece however far it is: off_m is that distance (+inf on an empty graph), ok says
// whether it is within max_m.
class SegmentIndex {
 public:
  explicit SegmentIndex(const Graph& g, double cell_m = 500);
  Snap snap(Vec2 p, double max_m) const;
 private:
  const Graph& g_;
  double cell_m_;
  BBox box_;
  int nx_ = 0, ny_ = 0;
  std::vector<uint32_t> first_, items_;  // per cell, the pieces (index of a piece's first point) crossing it
  std::vector<uint32_t> pt_seg_;         // per point of g_.seg_pts, its segment
};

// A search origin or destination on the network: a snapped point with its off-road cost.
// A point on a junction (t = 0 or the segment's length) leaves and is reached through any
// edge of that junction; elsewhere a one-way segment is left only forwards.
struct Endpoint {
  Vec2 pos;  // the point itself
  Snap snap;
  double extra_s = 0, extra_m = 0;  // off-road part (access speed), added to every path; +inf when !snap.ok
};

// Cost of every node from a set of seeded sources, and which source got there first.
struct SearchResult {
  std::vector<double> cost;     // per node, in the metric's unit; +inf when not reached
  std::vector<double> other;    // per node, the other unit along the same path (metres when Time)
  std::vector<uint32_t> source; // per node, index of the winning source, kNoNode when not reached
  // The nodes reached within the budget (settle order) and their costs, so that what reads
  // the result (reached_lines) works in proportion to what was reached. Filled by reach();
  // left empty by move_source() and by hand-made results (then the per-node arrays are read).
  std::vector<uint32_t> reached;
  std::vector<double> reached_cost;
  // The search's sources and offsets, kept so reached_lines() can draw the road around a
  // source that reaches neither end of its segment.
  std::vector<Endpoint> seeds;
  std::vector<double> seed_offset;
};

class Router {
 public:
  Router(const Graph& g, double access_walk_kmh = 4.5, double max_snap_m = 1000);
  ~Router();
  const Graph& graph() const { return g_; }
  Endpoint endpoint(Vec2 p) const;

  // Times and distances from each source to each target (row-major |from|×|to|), along
  // the fastest path (Metric::Time) or the shortest (Metric::Distance); the other figure
  // is that path's. +inf when unreachable (either end off-network, or no path).
  void matrix(const std::vector<Vec2>& from, const std::vector<Vec2>& to, Metric metric,
              std::vector<double>& seconds, std::vector<double>& metres) const;
  // The same on endpoints already snapped (an endpoint with !snap.ok gives +inf).
  void matrix_snapped(const std::vector<Endpoint>& from, const std::vector<Endpoint>& to, Metric metric,
                      std::vector<double>& seconds, std::vector<double>& metres) const;

  // Multi-source bounded search (all sources seeded at once, source i starting at
  // offset[i] of the budget already spent). Nodes costing more than `budget` are unreached.
  // `dense` false: only `reached`/`reached_cost` (and the seeds) are filled, the per-node
  // arrays stay empty — what an area needs, without work over the whole graph.
  SearchResult reach(const std::vector<Endpoint>& sources, const std::vector<double>& offset, double budget,
                     Metric metric, bool dense = true) const;

  // Updates an unbounded multi-source search (reach() with budget kUnreachable) after
  // source `moved` now starts at `to`: the nodes it had won are re-entered from their
  // neighbours and the other sources' seeds, then its new place spreads wherever it is
  // cheaper. Work in proportion to the nodes it won and wins, not to the graph (plus one
  // pass over the sources array). Gives reach()'s costs for the new sources; which source
  // wins a node may differ only where two are exactly tied.
  void move_source(SearchResult& r, size_t moved, const Endpoint& to, Metric metric) const;

  // The path between two points: its polyline (Lambert-93, starting and ending at the
  // points themselves), seconds and metres. Empty polyline and +inf when unreachable.
  struct Route { std::vector<Vec2> line; double seconds = kUnreachable, metres = kUnreachable; };
  Route route(Vec2 a, Vec2 b, Metric metric = Metric::Time) const;

  // Reached pieces of road for drawing and area building: for each reached segment, the
  // part within budget from either end (a segment reached from both ends may be whole).
  std::vector<std::vector<Vec2>> reached_lines(const SearchResult& r, double budget, Metric metric) const;
  // The lines reached_lines(reach(sources, offset, budget, metric), budget, metric) gives
  // (the same lines, in another order), in one flat array: one bounded cost-only search,
  // then each reached segment's pieces merged in one pass (no sort of the pieces, no
  // allocation per line). What reach areas are built from.
  Polylines reach_lines(const std::vector<Endpoint>& sources, const std::vector<double>& offset, double budget,
                        Metric metric) const;
  // The same lines in one or two flat arrays (made by two threads when there are many).
  std::vector<Polylines> reach_line_parts(const std::vector<Endpoint>& sources, const std::vector<double>& offset,
                                          double budget, Metric metric) const;

  // Builds the time metric's contraction hierarchy now (otherwise on the first matrix()
  // of at least 100 × 100 points).
  void prepare() const;

  // Hands the router a hierarchy built beforehand on this same graph (the one stored in
  // the road sidecar, io/road_store): matrix() uses it at once instead of building one.
  // Throws Error(Internal) when its node count differs from the graph's. A null pointer
  // is ignored.
  void adopt_hierarchy(std::shared_ptr<const ContractionHierarchy> ch);
  // The hierarchy matrix() uses for a metric, or null when none is built or adopted yet.
  std::shared_ptr<const ContractionHierarchy> hierarchy_of(Metric metric) const;

 private:
  struct Impl;  // defined in router_impl.h (search buffers, contraction hierarchy)
  // The contraction hierarchy of a metric (ch.h): built now when `build`, else null until built.
  const ContractionHierarchy* hierarchy(Metric metric, bool build) const;
  // The compact adjacency of the cost-only searches for a metric (built once, thread-safe).
  const LeanArc* lean_arcs(Metric metric) const;
  // Answers matrix() on snapped endpoints through the hierarchy and returns true when one
  // is built or the table is large enough to pay for building it; else returns false and
  // matrix_dijkstra() answers. Both give the same figures on the same graph.
  bool matrix_ch(const std::vector<Endpoint>& from, const std::vector<Endpoint>& to, Metric metric,
                 std::vector<double>& seconds, std::vector<double>& metres) const;
  // One one-to-many Dijkstra per source (or one many-to-one on the reverse graph per target,
  // when there are fewer targets), stopped once every needed node is settled; the searches
  // are spread over two threads.
  void matrix_dijkstra(const std::vector<Endpoint>& from, const std::vector<Endpoint>& to, Metric metric,
                       std::vector<double>& seconds, std::vector<double>& metres) const;
  const Graph& g_;
  SegmentIndex index_;
  double access_ms_, max_snap_m_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace maraude::roads
