// Scenarios in the workspace `documents` table (GeoPackage or PostgreSQL, through the one
// seam io/document_store.h) (kind "scenario", body = the text
// format of core/coverage/scenario.h). The default scenario "services publics
// existants" is derived from the workspace's services when none is stored under
// that name.
#pragma once
#include <cstdint>
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
// Saves whatever is stored under that name (no version check).
void save_scenario(const std::string& ws_path, const coverage::Scenario& s);

// A scenario with the version it was read at (0: not stored — the derived default).
struct StoredScenario {
  coverage::Scenario scenario;
  std::int64_t version = 0;
  std::string author, updated;
};
StoredScenario load_stored_scenario(const std::string& ws_path, const Workspace& ws, const std::string& name);
// Saves `s` when the stored version is still `base_version` (the one it was read at; 0 for
// a name not stored yet) and returns the new version. Otherwise nothing is overwritten: the
// caller's version is stored as a copy « NOM (ma version, JJ/MM HH:MM) » and DocumentConflict
// (io/document_store.h) is thrown, saying who saved meanwhile and when, and the copy's name.
std::int64_t save_scenario_checked(const std::string& ws_path, const coverage::Scenario& s, std::int64_t base_version);
void copy_scenario(const std::string& ws_path, const Workspace& ws, const std::string& from, const std::string& to);
void rename_scenario(const std::string& ws_path, const Workspace& ws, const std::string& from, const std::string& to);
// Throws Error(Usage) when there is no stored scenario of that name.
void delete_scenario(const std::string& ws_path, const std::string& name);

}  // namespace maraude::io
