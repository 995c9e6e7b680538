// Router internals shared by router.cpp (Dijkstra searches) and router_ch.cpp (the
// contraction-hierarchy hook). Not part of the public interface.
#pragma once
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

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

// Per-search buffers over the nodes, reused from one search to the next: a value is valid
// only where stamp == cur, so starting a search costs nothing in proportion to the graph.
struct SearchBuffers {
  std::vector<NodeState> node;
  std::vector<std::pair<double, uint32_t>> heap;  // binary min-heap, lazy deletion
  uint32_t cur = 0;

  void resize(size_t n) {
    if (node.size() == n) return;
    node.assign(n, NodeState{});
    cur = 0;
  }
  // Starts a new search: every node unreached and unsettled.
  void start() {
    heap.clear();
    if (++cur == 0) {  // wrapped: clear the stamps once
      for (NodeState& s : node) s.stamp = s.done = 0;
      cur = 1;
    }
  }
};

struct Router::Impl {
  // A pool of search buffers so repeated calls (and the matrix threads) reuse memory.
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<SearchBuffers>> pool;

  std::unique_ptr<SearchBuffers> acquire(size_t n) {
    std::unique_ptr<SearchBuffers> b;
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!pool.empty()) {
        b = std::move(pool.back());
        pool.pop_back();
      }
    }
    if (!b) b = std::make_unique<SearchBuffers>();
    b->resize(n);
    return b;
  }
  void release(std::unique_ptr<SearchBuffers> b) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (pool.size() < 4) pool.push_back(std::move(b));
  }

  // Contraction hierarchy (see router_ch.cpp): add its per-metric state here.
};

}  // namespace maraude::roads
