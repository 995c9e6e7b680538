// Router internals shared by router.cpp (Dijkstra searches) and router_ch.cpp (the
// contraction-hierarchy hook). Not part of the public interface.
#pragma once
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/roads/router.h"

namespace maraude::roads {

// Per-search buffers over the nodes, reused from one search to the next: a value is valid
// only where stamp[v] == cur, so starting a search costs nothing in proportion to the graph.
struct SearchBuffers {
  std::vector<double> cost, other;
  std::vector<uint32_t> stamp;      // cost/other/src/pred valid when == cur
  std::vector<uint32_t> done;       // settled when == cur
  std::vector<uint32_t> src;        // winning source
  std::vector<uint32_t> pred_edge;  // index into Graph::out, or a seed marker (route only)
  std::vector<uint32_t> pred_node;
  std::vector<std::pair<double, uint32_t>> heap;  // binary min-heap, lazy deletion
  uint32_t cur = 0;

  void resize(size_t n) {
    if (stamp.size() == n) return;
    cost.assign(n, 0);
    other.assign(n, 0);
    stamp.assign(n, 0);
    done.assign(n, 0);
    src.assign(n, 0);
    pred_edge.assign(n, 0);
    pred_node.assign(n, 0);
    cur = 0;
  }
  // Starts a new search: every node unreached and unsettled.
  void start() {
    heap.clear();
    if (++cur == 0) {  // wrapped: clear the stamps once
      std::fill(stamp.begin(), stamp.end(), 0);
      std::fill(done.begin(), done.end(), 0);
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
