#include "io/scenario_store.h"

#include <ctime>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "io/document_store.h"
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

StoredScenario load_stored_scenario(const std::string& path, const Workspace& ws, const std::string& name) {
  auto store = open_document_store(path);
  if (auto d = store->get(kScenarioKind, name)) {
    StoredScenario out{coverage::from_text(d->body, ws, store->location() + ", scénario « " + name + " »"), d->version, d->author, d->updated};
    out.scenario.name = name;
    return out;
  }
  if (name == kDefaultScenarioName) return {coverage::default_scenario(ws), 0, "", ""};
  std::vector<std::string> names;
  for (const auto& i : list_scenarios(path, ws)) names.push_back("« " + i.name + " »");
  throw Error(ErrorKind::Usage, "scénario « " + name + " » introuvable", store->location(),
              "scénarios connus : " + join(names, ", ") + " (voir `maraude scenario list`)");
}

coverage::Scenario load_scenario(const std::string& path, const Workspace& ws, const std::string& name) {
  return load_stored_scenario(path, ws, name).scenario;
}

std::int64_t save_scenario_checked(const std::string& path, const coverage::Scenario& s, std::int64_t base_version) {
  if (trim(s.name).empty())
    throw Error(ErrorKind::Usage, "nom de scénario vide", path, "donnez un nom au scénario");
  auto store = open_document_store(path);
  const Document mine{kScenarioKind, s.name, coverage::to_text(s), ""};
  try {
    return store->save(mine, base_version).version;
  } catch (const DocumentConflict& c) {
    // Nothing was overwritten; the caller's work is kept beside, under a free name.
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%d/%m %H:%M", &tm);
    const std::string base = s.name + " (ma version, " + stamp + ")";
    for (int i = 1; i < 100; ++i) {
      Document copy = mine;
      copy.name = i == 1 ? base : base + " " + std::to_string(i);
      try {
        store->save(copy, 0);
        throw DocumentConflict(mine, c.theirs(), store->location(), copy.name);
      } catch (const DocumentConflict& again) {
        if (!again.kept_as().empty()) throw;
      }
    }
    throw;
  }
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
  try {
    // The name must still be free (another writer, PostgreSQL): an insert, never an overwrite.
    open_document_store(path)->save(Document{kScenarioKind, s.name, coverage::to_text(s), ""}, 0);
  } catch (const DocumentConflict&) {
    throw Error(ErrorKind::Usage, "le scénario « " + to + " » existe déjà", path, "choisissez un autre nom ou supprimez-le d’abord");
  }
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
