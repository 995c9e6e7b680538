#include "cli/present_common.h"

#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "io/scenario_store.h"

namespace maraude::cli {

std::unique_ptr<ScenarioGaps> compute_scenario_gaps(const std::string& ws_path, const Workspace& ws,
                                                    const std::string& name) {
  coverage::Scenario sc = io::load_scenario(ws_path, ws, name);
  coverage::CoverageParams params;
  auto out = std::make_unique<ScenarioGaps>();
  out->engine = std::make_unique<coverage::CoverageEngine>(&ws, coverage::build_targets(ws, params),
                                                           coverage::default_travel(ws), params);
  out->engine->set_scenario(sc);
  out->layer.scenario = sc.name;
  const auto& res = out->engine->results();
  for (size_t t = 0; t < res.size(); ++t) {
    if (res[t].gap_area_m2 <= 0) continue;
    MultiPolygon g = out->engine->gap(t);
    if (g.empty()) continue;
    out->layer.boxes.push_back(bbox(g));
    out->layer.polys.push_back(std::move(g));
  }
  return out;
}

bool GapsCache::exists(const std::string& name) {
  if (name == coverage::kDefaultScenarioName) return true;
  return io::scenario_exists(path_, name);
}

const ScenarioGaps* GapsCache::get(const std::string& name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second.get();
  std::unique_ptr<ScenarioGaps> g;
  if (exists(name)) g = compute_scenario_gaps(path_, ws_, name);
  return cache_.emplace(name, std::move(g)).first->second.get();
}

}  // namespace maraude::cli
