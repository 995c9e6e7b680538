// Loads a workspace and builds its map geometry on a worker thread, so the window keeps
// drawing its progress bar meanwhile (the viewer's loader).
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "io/workspace.h"
#include "render/map_renderer.h"

namespace maraude::app {

class WorkspaceLoader {
 public:
  explicit WorkspaceLoader(std::string path);  // starts the thread
  ~WorkspaceLoader();                           // joins it
  WorkspaceLoader(const WorkspaceLoader&) = delete;
  WorkspaceLoader& operator=(const WorkspaceLoader&) = delete;
  bool done() const { return done_.load(); }
  float progress() const { return progress_.load(); }
  std::string stage() const;
  // Once done(): either `error` (French, Error::format()) with its kind, or ws and data.
  std::string error;
  ErrorKind kind = ErrorKind::Internal;
  std::shared_ptr<Workspace> ws;
  std::shared_ptr<render::MapData> data;

 private:
  void set_stage(const std::string& s);
  void run();
  std::string path_;
  std::thread th_;
  std::atomic<bool> done_{false};
  std::atomic<float> progress_{0};
  mutable std::mutex m_;
  std::string stage_;
};

}  // namespace maraude::app
