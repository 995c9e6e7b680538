#include "io/scenario_store.h"

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"

namespace maraude::io {

using coverage::kDefaultScenarioName;
using coverage::kScenarioKind;

std::vector<ScenarioInfo> list_scenarios(const std::string& path, const Workspace& ws) {
  std::vector<ScenarioInfo> out;
  bool has_default = false;
  for (const auto& d : list_documents(path, kScenarioKind)) {
    ScenarioInfo i;
    i.name = d.name;
    i.updated = d.updated;
    i.stored = true;
    try {
      auto s = coverage::from_text(d.body, ws, "scénario « " + d.name + " »");
      i.points = s.points.size();
      i.reach = s.default_reach.label();
    } catch (const Error& e) {
      i.reach = "illisible : " + e.what_text();
    }
    has_default |= d.name == kDefaultScenarioName;
    out.push_back(i);
  }
  if (!has_default) {
    auto s = coverage::default_scenario(ws);
    out.insert(out.begin(), ScenarioInfo{s.name, s.points.size(), s.default_reach.label(), "", false});
  }
  return out;
}

bool scenario_exists(const std::string& path, const std::string& name) {
  return name == kDefaultScenarioName || get_document(path, kScenarioKind, name).has_value();
}

coverage::Scenario load_scenario(const std::string& path, const Workspace& ws, const std::string& name) {
  if (auto d = get_document(path, kScenarioKind, name)) {
    auto s = coverage::from_text(d->body, ws, path + ", scénario « " + name + " »");
    s.name = name;
    return s;
  }
  if (name == kDefaultScenarioName) return coverage::default_scenario(ws);
  std::vector<std::string> names;
  for (const auto& i : list_scenarios(path, ws)) names.push_back("« " + i.name + " »");
  throw Error(ErrorKind::Usage, "scénario « " + name + " » introuvable", path,
              "scénarios connus : " + join(names, ", ") + " (voir `maraude scenario list`)");
}

void save_scenario(const std::string& path, const coverage::Scenario& s) {
  if (trim(s.name).empty())
    throw Error(ErrorKind::Usage, "nom de scénario vide", path, "donnez un nom au scénario");
  put_document(path, Document{kScenarioKind, s.name, coverage::to_text(s), ""});
}

void copy_scenario(const std::string& path, const Workspace& ws, const std::string& from, const std::string& to) {
  WorkspaceLock lock(path);  // the name checked free stays free until written
  if (scenario_exists(path, to))
    throw Error(ErrorKind::Usage, "le scénario « " + to + " » existe déjà", path, "choisissez un autre nom ou supprimez-le d’abord");
  auto s = load_scenario(path, ws, from);
  s.name = to;
  save_scenario(path, s);
}

void rename_scenario(const std::string& path, const Workspace& ws, const std::string& from, const std::string& to) {
  WorkspaceLock lock(path);
  copy_scenario(path, ws, from, to);
  delete_document(path, kScenarioKind, from);  // the derived default has nothing to delete
}

void delete_scenario(const std::string& path, const std::string& name) {
  if (!delete_document(path, kScenarioKind, name))
    throw Error(ErrorKind::Usage, "aucun scénario enregistré sous le nom « " + name + " »", path,
                name == kDefaultScenarioName ? "le scénario par défaut découle des services et ne peut pas être supprimé"
                                             : "voir `maraude scenario list`");
}

}  // namespace maraude::io
