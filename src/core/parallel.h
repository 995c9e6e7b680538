// A minimal parallel loop for the core's batch work (coverage targets, reach areas).
#pragma once
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace maraude {

// Runs fn(i) for i in [0, n) on `threads` threads (dynamic scheduling). Each thread uses
// its own GEOS handle (thread_local in geos_util). The first exception is rethrown.
// Fewer than `min_parallel` items run on the calling thread alone (a thread costs about
// 50 µs to start: worth it for 64 cheap items, or for a few items of a millisecond each).
inline void parallel_for(size_t n, int threads, const std::function<void(size_t)>& fn, size_t min_parallel = 64) {
  if (threads <= 1 || n < min_parallel || n < 2) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr err;
  std::mutex err_mu;
  auto work = [&] {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> l(err_mu);
        if (!err) err = std::current_exception();
        next = n;
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  if (err) std::rethrow_exception(err);
}

}  // namespace maraude
