// Scenarios in the workspace `documents` table (kind "scenario", body = the text
// format of core/coverage/scenario.h). The default scenario "services publics
// existants" is derived from the workspace's services when none is stored under
// that name.
#pragma once
#include <string>
#include <vector>

#include "core/coverage/coverage.h"
#include "core/model.h"

namespace maraude::io {

struct ScenarioInfo {
  std::string name;
  size_t points = 0;
  std::string reach;    // default reach label
  std::string updated;  // empty for the derived default
  bool stored = false;
};

std::vector<ScenarioInfo> list_scenarios(const std::string& ws_path, const Workspace& ws);
// Throws Error(Usage) listing the known names when `name` does not exist.
coverage::Scenario load_scenario(const std::string& ws_path, const Workspace& ws, const std::string& name);
bool scenario_exists(const std::string& ws_path, const std::string& name);
void save_scenario(const std::string& ws_path, const coverage::Scenario& s);
void copy_scenario(const std::string& ws_path, const Workspace& ws, const std::string& from, const std::string& to);
void rename_scenario(const std::string& ws_path, const Workspace& ws, const std::string& from, const std::string& to);
// Throws Error(Usage) when there is no stored scenario of that name.
void delete_scenario(const std::string& ws_path, const std::string& name);

}  // namespace maraude::io
