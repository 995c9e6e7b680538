// CoverageWorker: runs a CoverageEngine on its own thread for the GUI.
//
// The UI thread posts edits (request_move is coalesced: while the worker is busy,
// only the latest position of each point is kept) and, once per frame, calls take()
// which never blocks on a computation: it returns everything that changed since
// the previous take() (the union of changed targets, with their new gap polygons
// and results, and the latest totals), or nothing.
//
//   worker.request_move("fs-12", cursor_l93);       // on mouse drag
//   if (auto f = worker.take()) upload(f->gaps);     // each frame
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/coverage/engine.h"

namespace maraude::coverage {

struct CoverageFrame {
  unsigned long long seq = 0;  // increases with every applied edit
  Totals totals;
  std::vector<size_t> changed;                     // sorted target indices
  std::vector<MultiPolygon> gaps;                  // gaps[i] is the gap of changed[i]
  std::vector<TargetResult> results;               // results[i] of changed[i]
  std::string error;                               // French message of a refused edit (empty if none)
};

class CoverageWorker {
 public:
  // Takes ownership; the engine must already have its scenario.
  explicit CoverageWorker(std::unique_ptr<CoverageEngine> engine);
  ~CoverageWorker();  // finishes the current job, drops queued ones, joins
  CoverageWorker(const CoverageWorker&) = delete;
  CoverageWorker& operator=(const CoverageWorker&) = delete;

  void request_move(const std::string& id, Vec2 pos);
  void request_reach(const std::string& id, std::optional<Reach> reach);
  // Any other job on the engine, run on the worker thread (e.g. set_scenario, suggest).
  void post(std::function<void(CoverageEngine&)> job);
  std::optional<CoverageFrame> take();
  // Blocks until every posted edit has been applied (tests, CLI).
  void wait_idle();

 private:
  void run();
  void publish(const CoverageEngine::Update& u, const std::string& error);

  std::unique_ptr<CoverageEngine> engine_;
  std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::unordered_map<std::string, Vec2> pending_moves_;
  std::vector<std::string> move_order_;
  std::deque<std::function<void(CoverageEngine&)>> jobs_;
  bool busy_ = false, stop_ = false;
  // Accumulated frame since the last take().
  std::optional<CoverageFrame> out_;
  unsigned long long seq_ = 0;
  std::thread thread_;
};

}  // namespace maraude::coverage
