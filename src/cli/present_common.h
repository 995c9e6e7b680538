// Shared by `maraude story` and `maraude dossier`: the coverage gaps of a scenario
// as a drawable layer, computed once per scenario with the coverage engine.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "core/coverage/engine.h"
#include "core/model.h"
#include "io/pdf_atlas.h"

namespace maraude::cli {

struct ScenarioGaps {
  std::unique_ptr<coverage::CoverageEngine> engine;
  io::GapLayer layer;
};

// Runs the coverage engine on the stored scenario `name` (the default scenario
// "services publics existants" is always available). Throws what load_scenario throws.
std::unique_ptr<ScenarioGaps> compute_scenario_gaps(const std::string& ws_path, const Workspace& ws,
                                                    const std::string& name);

// Caches one ScenarioGaps per scenario name; a scenario that cannot be loaded maps to null.
class GapsCache {
 public:
  GapsCache(const std::string& ws_path, const Workspace& ws) : path_(ws_path), ws_(ws) {}
  const ScenarioGaps* get(const std::string& name);
  bool exists(const std::string& name);

 private:
  std::string path_;
  const Workspace& ws_;
  std::map<std::string, std::unique_ptr<ScenarioGaps>> cache_;
};

}  // namespace maraude::cli
