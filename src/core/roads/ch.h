// Contraction hierarchy over a road Graph, for one metric (time or distance), and the
// bucket many-to-many search on it (the fast path behind Router::matrix).
//
// Build: nodes are contracted in rounds; each round takes an independent set of nodes
// whose priority (edge difference + contracted neighbours + depth) is lowest among their
// neighbours, contracts them in parallel (bounded witness searches decide which shortcuts
// are needed) and recomputes the priorities of the nodes whose neighbourhood changed.
// Shortcuts keep the metric cost, the other unit along the same path (metres when the
// metric is time, seconds when distance) and their middle node.
//
// Queries: every search only goes up the hierarchy. Many-to-many: an upward backward
// search from each target leaves (target, cost) entries in the buckets of the nodes it
// settles; an upward forward search from each source scans the buckets of its nodes.
// Directed edges, parallel edges, self loops and disconnected parts are all handled
// (unreachable pairs give +inf). Only Graph::node, first_out and out are read.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/roads/graph.h"

namespace maraude::roads {

class ContractionHierarchy {
 public:
  // Where a search endpoint joins the network: a graph node reached at `cost` (metric
  // unit) and `other` (the other unit) already spent, e.g. the off-road part and the
  // part of the snapped segment up to that node. An endpoint may have several seeds.
  struct Seed {
    uint32_t node = 0;
    double cost = 0;
    double other = 0;
  };

  struct Stats {
    size_t nodes = 0, edges = 0;   // input graph (edges after merging parallels, without loops)
    size_t shortcuts = 0;          // shortcut arcs added
    size_t up_arcs = 0, down_arcs = 0;  // arcs of the upward forward / backward search graphs
    size_t rounds = 0;             // contraction rounds
    double build_seconds = 0;
    double rate_seconds = 0, contract_seconds = 0;  // of which: rating nodes, witness searches while contracting
    size_t memory_bytes = 0;       // search graph size
  };

  // One arc of the upward search graphs (internal ids: rank order, most important first).
  struct Arc {
    uint32_t to;   // internal id
    uint32_t mid;  // internal id of the middle node of a shortcut, or kNoNode for an original edge
    double cost, other;
  };

  // The hierarchy as plain arrays, for storing it (io/road_store) and loading it back
  // without rebuilding: the search graphs and the node numbering, nothing else.
  struct Data {
    Metric metric = Metric::Time;
    std::vector<uint32_t> id_of_node;  // graph node -> internal id
    std::vector<uint32_t> node_of_id;  // internal id -> graph node
    std::vector<uint32_t> first_up;    // size n + 1, into up
    std::vector<Arc> up;
    std::vector<uint32_t> first_down;  // size n + 1, into down
    std::vector<Arc> down;
  };

  // Builds the hierarchy (`threads` worker threads, at least 1). Throws Error(Internal)
  // when the graph is inconsistent (first_out size, an edge to a missing node, a negative
  // or NaN weight).
  ContractionHierarchy(const Graph& g, Metric metric, int threads = 2);

  // A hierarchy from stored arrays (data()). Checks every size and index, so a damaged
  // file can never send a search out of bounds: throws Error(Internal) saying what is
  // inconsistent. Stats: only the sizes (build_seconds 0).
  explicit ContractionHierarchy(Data data, int threads = 2);
  // A copy of the arrays (for storing).
  Data data() const;

  Metric metric() const { return metric_; }
  const Stats& stats() const { return stats_; }
  size_t n_nodes() const { return n_; }

  // Costs from each source to each target (row-major |sources|×|targets|), `other` the
  // other unit along the same path. An endpoint with no seed, or no path, gives +inf in
  // both. Seeds must name graph nodes (Error(Internal) otherwise). The source searches
  // run on up to `threads` threads (the build's count when 0).
  void many_to_many(const std::vector<std::vector<Seed>>& sources, const std::vector<std::vector<Seed>>& targets,
                    std::vector<double>& cost, std::vector<double>& other, int threads = 0) const;

  // One pair; `other_out` (optional) receives the other unit. +inf when unreachable.
  double query(const std::vector<Seed>& source, const std::vector<Seed>& target, double* other_out = nullptr) const;

  // The graph nodes of the best path between two graph nodes (shortcuts unpacked), empty
  // when unreachable; `from` alone when from == to.
  std::vector<uint32_t> path(uint32_t from, uint32_t to) const;

 private:
  struct Search;  // per-thread search workspace (ch.cpp)

  void check_seeds(const std::vector<std::vector<Seed>>& ends, const char* what) const;
  void unpack(uint32_t from, uint32_t to, double cost, std::vector<uint32_t>& out) const;

  Metric metric_;
  int threads_;
  size_t n_ = 0;
  std::vector<uint32_t> id_of_node_;  // graph node -> internal id
  std::vector<uint32_t> node_of_id_;  // internal id -> graph node
  // Upward forward graph: arcs x -> y with y more important than x (y < x internally).
  std::vector<uint32_t> first_up_;
  std::vector<Arc> up_;
  // Upward backward graph: at x, arcs y -> x with y more important (Arc::to = y).
  std::vector<uint32_t> first_down_;
  std::vector<Arc> down_;
  Stats stats_;
};

}  // namespace maraude::roads
