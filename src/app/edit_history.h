// Undo / redo of the window's edits. Each controller keeps the states before its own edits
// (SnapshotStack: a scenario with its enabled kinds, the planner's pins, a story); the
// window's EditHistory keeps the order in which the controllers were edited, so Ctrl+Z undoes
// the last edit whichever panel made it. Plain C++, no GL, no ImGui.
#pragma once
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace maraude::app {

// States before each edit (undo) and after each undone edit (redo) of one controller.
template <class T>
class SnapshotStack {
 public:
  explicit SnapshotStack(size_t limit = 200) : limit_(limit) {}
  // A new edit: `before` is the state it changes; the redo branch is dropped.
  void push(T before) {
    undo_.push_back(std::move(before));
    if (undo_.size() > limit_) undo_.pop_front();
    redo_.clear();
  }
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  size_t undo_depth() const { return undo_.size(); }
  const T& next_undo() const { return undo_.back(); }  // only when can_undo()
  const T& next_redo() const { return redo_.back(); }  // only when can_redo()
  // The state to restore; `current` goes to the redo stack. Call only when can_undo().
  T undo(T current) {
    T b = std::move(undo_.back());
    undo_.pop_back();
    redo_.push_back(std::move(current));
    return b;
  }
  T redo(T current) {
    T b = std::move(redo_.back());
    redo_.pop_back();
    undo_.push_back(std::move(current));
    return b;
  }
  void clear() {
    undo_.clear();
    redo_.clear();
  }

 private:
  size_t limit_;
  std::deque<T> undo_;
  std::vector<T> redo_;
};

// Which controller made an edit.
enum class EditSource { Coverage, Planner, Story };

// The order of the edits across controllers. Controllers report each edit (record) and
// when their stacks are dropped (forget: another scenario loaded); the window's undo asks
// which controller to undo next.
class EditHistory {
 public:
  void record(EditSource s) {
    done_.push_back(s);
    undone_.clear();
  }
  void forget(EditSource s) {
    std::erase(done_, s);
    std::erase(undone_, s);
  }
  std::optional<EditSource> next_undo() const {
    if (done_.empty()) return std::nullopt;
    return done_.back();
  }
  std::optional<EditSource> next_redo() const {
    if (undone_.empty()) return std::nullopt;
    return undone_.back();
  }
  void undone() {
    if (done_.empty()) return;
    undone_.push_back(done_.back());
    done_.pop_back();
  }
  void redone() {
    if (undone_.empty()) return;
    done_.push_back(undone_.back());
    undone_.pop_back();
  }
  void clear() {
    done_.clear();
    undone_.clear();
  }

 private:
  std::vector<EditSource> done_, undone_;
};

}  // namespace maraude::app
