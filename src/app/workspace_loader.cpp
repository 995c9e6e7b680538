#include "app/workspace_loader.h"

namespace maraude::app {

WorkspaceLoader::WorkspaceLoader(std::string path) : path_(std::move(path)) {
  th_ = std::thread([this] { run(); });
}

WorkspaceLoader::~WorkspaceLoader() {
  if (th_.joinable()) th_.join();
}

std::string WorkspaceLoader::stage() const {
  std::lock_guard<std::mutex> l(m_);
  return stage_;
}

void WorkspaceLoader::set_stage(const std::string& s) {
  std::lock_guard<std::mutex> l(m_);
  stage_ = s;
}

void WorkspaceLoader::run() {
  try {
    set_stage(path_);
    progress_ = 0.05f;
    auto w = std::make_shared<Workspace>(io::load_workspace(path_));
    progress_ = 0.3f;
    set_stage("triangulation des couches");
    auto d = std::make_shared<render::MapData>(
        render::build_map_data(*w, [this](float f) { progress_ = 0.3f + 0.65f * f; }));
    ws = std::move(w);
    data = std::move(d);
  } catch (const Error& e) {
    error = e.format();
    kind = e.kind();
  } catch (const std::exception& e) {
    error = std::string("erreur interne : ") + e.what();
    kind = ErrorKind::Internal;
  }
  progress_ = 1.0f;
  done_ = true;
}

}  // namespace maraude::app
