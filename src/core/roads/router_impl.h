// Router internals shared by router.cpp (Dijkstra searches) and router_ch.cpp (the
// contraction-hierarchy hook). Not part of the public interface.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/roads/ch.h"
#include "core/roads/router.h"

namespace maraude::roads {

// Per-search state of one node, in one cache line: a search touches one line per node.
struct NodeState {
  double cost = 0, other = 0;
  uint32_t stamp = 0;      // cost/other/src/pred valid when == SearchBuffers::cur
  uint32_t done = 0;       // settled when == cur
  uint32_t src = 0;        // winning source
  uint32_t pred_edge = 0;  // index into Graph::out, or a seed marker (router.cpp)
  uint32_t pred_node = 0;
};

// Monotone priority queue on non-negative double keys (Dijkstra's: no key pushed is below
// the last one popped): a radix heap on the keys' bit patterns, which order as the values do
// for non-negative doubles. 65 buckets; bucket i > 0 holds the keys whose highest bit
// differing from the last popped key is bit i - 1. Pops keys in non-decreasing order (ties
// in no particular order), in amortised O(bits) per entry instead of O(log size) comparisons.
class RadixHeap {
 public:
  void clear() {
    for (auto& b : bucket_) b.clear();
    last_ = 0;
    size_ = 0;
  }
  bool empty() const { return size_ == 0; }
  void push(double c, uint32_t v) {
    const uint64_t k = key(c);
    bucket_[slot(k)].push_back({k, v});
    ++size_;
  }
  // Precondition: !empty().
  std::pair<double, uint32_t> pop() {
    if (bucket_[0].empty()) {
      size_t i = 1;
      while (bucket_[i].empty()) ++i;
      auto& b = bucket_[i];
      uint64_t m = b[0].first;
      for (const auto& e : b) m = std::min(m, e.first);
      last_ = m;
      for (const auto& e : b) bucket_[slot(e.first)].push_back(e);
      b.clear();
    }
    const auto e = bucket_[0].back();
    bucket_[0].pop_back();
    --size_;
    double c;
    std::memcpy(&c, &e.first, sizeof c);
    return {c, e.second};
  }

 private:
  static uint64_t key(double c) {
    c += 0.0;  // -0 as +0
    uint64_t k;
    std::memcpy(&k, &c, sizeof k);
    return k;
  }
  size_t slot(uint64_t k) const { return k == last_ ? 0 : static_cast<size_t>(64 - __builtin_clzll(k ^ last_)); }
  std::vector<std::pair<uint64_t, uint32_t>> bucket_[65];
  uint64_t last_ = 0;
  size_t size_ = 0;
};

// Per-node state of a cost-only search (reach areas): 16 bytes, four nodes a cache line.
struct LeanState {
  double cost = 0;
  uint32_t stamp = 0;  // cost valid when == SearchBuffers::cur
  uint32_t pad = 0;
};

// Per-segment scratch of the reached pieces (Router::reach_lines): the reached length from
// each end, valid when stamp == SearchBuffers::cur.
struct SegReach {
  double from_a = -1, from_b = -1;  // -1: no piece from that end
  uint32_t stamp = 0;
  uint32_t pad = 0;
};

// Per-search buffers over the nodes, reused from one search to the next: a value is valid
// only where stamp == cur, so starting a search costs nothing in proportion to the graph.
struct SearchBuffers {
  std::vector<NodeState> node;
  std::vector<std::pair<double, uint32_t>> heap;  // binary min-heap, lazy deletion
  // Cost-only searches (Router::reach without per-node arrays, Router::reach_lines): sized
  // on first use, stamped with the same counter.
  std::vector<LeanState> lean;
  std::vector<SegReach> seg;
  RadixHeap radix;
  uint32_t cur = 0;

  // Sizes the node states for a graph of n nodes; a cost-only search (lean_only) leaves
  // them out (lean_resize sizes its own). Fresh stamps are 0, never a search's `cur`.
  void resize(size_t n, bool lean_only = false) {
    if (!lean_only && node.size() != n) node.assign(n, NodeState{});
  }
  void lean_resize(size_t n) {
    if (lean.size() != n) lean.assign(n, LeanState{});
  }
  void seg_resize(size_t n) {
    if (seg.size() != n) seg.assign(n, SegReach{});
  }
  // Starts a new search: every node unreached and unsettled.
  void start() {
    heap.clear();
    radix.clear();
    if (++cur == 0) {  // wrapped: clear the stamps once
      for (NodeState& s : node) s.stamp = s.done = 0;
      for (LeanState& s : lean) s.stamp = 0;
      for (SegReach& s : seg) s.stamp = 0;
      cur = 1;
    }
  }
};

// One out-arc of the cost-only search's compact adjacency: 8 bytes instead of an Edge's 20.
struct LeanArc {
  uint32_t to;
  float cost;  // the edge's time_s or length_m, the same float
};

struct Router::Impl {
  // Compact adjacency per metric (time, distance) for the cost-only searches, built on
  // first use: the search reads 8 bytes an arc, in the order of Graph::out.
  std::once_flag lean_once[2];
  std::vector<LeanArc> lean_adj[2];

  // A pool of search buffers so repeated calls (and the matrix threads) reuse memory.
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<SearchBuffers>> pool;

  std::unique_ptr<SearchBuffers> acquire(size_t n, bool lean_only = false) {
    std::unique_ptr<SearchBuffers> b;
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!pool.empty()) {
        b = std::move(pool.back());
        pool.pop_back();
      }
    }
    if (!b) b = std::make_unique<SearchBuffers>();
    b->resize(n, lean_only);
    return b;
  }
  void release(std::unique_ptr<SearchBuffers> b) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (pool.size() < 4) pool.push_back(std::move(b));
  }

  // Contraction hierarchies per metric (time, distance), built on demand (Router::hierarchy).
  std::mutex ch_mutex;
  std::shared_ptr<const ContractionHierarchy> ch[2];
};

}  // namespace maraude::roads
