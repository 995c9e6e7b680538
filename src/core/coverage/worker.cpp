#include "core/coverage/worker.h"

#include <algorithm>
#include <map>

#include "core/error.h"

namespace maraude::coverage {

CoverageWorker::CoverageWorker(std::unique_ptr<CoverageEngine> engine) : engine_(std::move(engine)) {
  thread_ = std::thread([this] { run(); });
}

CoverageWorker::~CoverageWorker() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
    jobs_.clear();
    pending_moves_.clear();
    move_order_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

void CoverageWorker::request_move(const std::string& id, Vec2 pos) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!pending_moves_.count(id)) move_order_.push_back(id);
    pending_moves_[id] = pos;
  }
  cv_.notify_one();
}

void CoverageWorker::request_reach(const std::string& id, std::optional<Reach> reach) {
  post([this, id, reach](CoverageEngine& e) { publish(e.set_point_reach(id, reach), {}); });
}

void CoverageWorker::post(std::function<void(CoverageEngine&)> job) {
  {
    std::lock_guard<std::mutex> l(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

std::optional<CoverageFrame> CoverageWorker::take() {
  std::lock_guard<std::mutex> l(mu_);
  std::optional<CoverageFrame> f;
  f.swap(out_);
  return f;
}

void CoverageWorker::wait_idle() {
  std::unique_lock<std::mutex> l(mu_);
  idle_cv_.wait(l, [this] { return !busy_ && jobs_.empty() && pending_moves_.empty(); });
}

// Called on the worker thread with the engine's fresh update: gathers the changed
// targets' gaps outside the lock, then merges them into the pending frame.
void CoverageWorker::publish(const CoverageEngine::Update& u, const std::string& error) {
  std::vector<MultiPolygon> gaps;
  std::vector<TargetResult> results;
  for (size_t t : u.changed) {
    gaps.push_back(engine_->gap(t));
    results.push_back(engine_->results()[t]);
  }
  std::lock_guard<std::mutex> l(mu_);
  if (!out_) out_.emplace();
  out_->seq = ++seq_;
  out_->totals = u.totals;
  if (!error.empty()) out_->error = error;
  std::map<size_t, std::pair<MultiPolygon, TargetResult>> merged;
  for (size_t i = 0; i < out_->changed.size(); ++i)
    merged[out_->changed[i]] = {std::move(out_->gaps[i]), out_->results[i]};
  for (size_t i = 0; i < u.changed.size(); ++i) merged[u.changed[i]] = {std::move(gaps[i]), results[i]};
  out_->changed.clear();
  out_->gaps.clear();
  out_->results.clear();
  for (auto& [t, v] : merged) {
    out_->changed.push_back(t);
    out_->gaps.push_back(std::move(v.first));
    out_->results.push_back(v.second);
  }
}

void CoverageWorker::run() {
  for (;;) {
    std::function<void(CoverageEngine&)> job;
    std::string move_id;
    Vec2 move_pos;
    {
      std::unique_lock<std::mutex> l(mu_);
      busy_ = false;
      idle_cv_.notify_all();
      cv_.wait(l, [this] { return stop_ || !jobs_.empty() || !pending_moves_.empty(); });
      if (stop_) return;
      busy_ = true;
      if (!jobs_.empty()) {
        job = std::move(jobs_.front());
        jobs_.pop_front();
      } else {
        move_id = move_order_.front();
        move_order_.erase(move_order_.begin());
        move_pos = pending_moves_[move_id];
        pending_moves_.erase(move_id);
      }
    }
    try {
      if (job) job(*engine_);
      else publish(engine_->move_point(move_id, move_pos), {});
    } catch (const Error& e) {
      publish({engine_->totals(), {}}, e.format());
    } catch (const std::exception& e) {
      publish({engine_->totals(), {}}, e.what());
    }
  }
}

}  // namespace maraude::coverage
