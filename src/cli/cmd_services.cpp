// maraude services import WORKSPACE FILE --scenario NAME
// Adds a user's permanences / mobile-office stops to a scenario of the workspace.
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "core/coverage/scenario.h"
#include "core/error.h"
#include "io/scenario_store.h"
#include "io/services_import.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"

using namespace maraude;

namespace {

const char* kUsage =
    "maraude services import ESPACE.gpkg FICHIER --scenario NOM [--reach PORTEE]\n\n"
    "Ajoute au scénario NOM (créé s'il n'existe pas, vide, avec la portée --reach ou 15km) les\n"
    "permanences et arrêts de bureau mobile d'un fichier CSV, XLSX ou GeoJSON. Position : colonnes\n"
    "lat/lon (WGS 84), ou x/y (Lambert-93), ou insee (centre de la commune), ou géométrie GeoJSON.\n"
    "Colonnes facultatives : id, nom, type (permanence, mobile_stop), porteur, vehicule, jours,\n"
    "horaires, portee (15km, 20min). Chaque ligne fautive est signalée avec son numéro ; les autres\n"
    "sont importées. Pour compléter les services existants : `maraude scenario copy` d'abord.\n";

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv);
  a.check_known({"scenario", "reach"});
  const auto& pos = a.positionals();
  if (pos.size() != 3 || pos[0] != "import")
    throw Error(ErrorKind::Usage, "usage : maraude services import ESPACE.gpkg FICHIER --scenario NOM", "ligne de commande",
                "voir `maraude services --help`");
  const auto name = a.get("scenario");
  if (!name || name->empty())
    throw Error(ErrorKind::Usage, "option --scenario manquante", "ligne de commande", "nommez le scénario auquel ajouter les points");
  if (*name == coverage::kDefaultScenarioName)
    throw Error(ErrorKind::Usage, "le scénario par défaut est dérivé des services de l'espace de travail", "--scenario",
                "copiez-le d’abord : maraude scenario copy ESPACE \"services publics existants\" \"mon scénario\"");
  const std::string ws_path = pos[1];
  const Workspace ws = io::load_workspace(ws_path);
  // Read-modify-write of the scenario under the workspace lock: an import replacing the
  // workspace or another `services import` waits until this one is written.
  io::WorkspaceLock lock(ws_path);
  coverage::Scenario s;
  const bool existed = io::scenario_exists(ws_path, *name);
  if (existed) {
    s = io::load_scenario(ws_path, ws, *name);
  } else {
    s.name = *name;
    s.default_reach = coverage::Reach::km(15);
  }
  if (auto r = a.get("reach")) s.default_reach = coverage::Reach::parse(*r, "--reach");
  auto imp = io::read_service_points(pos[2], ws);
  for (const auto& e : imp.errors) std::cerr << "ligne rejetée : " << e << "\n";
  int added = 0;
  for (auto& p : imp.points) {
    if (s.find(p.id)) {
      std::cerr << "ligne rejetée : " << pos[2] << ": identifiant « " << p.id << " » déjà présent dans le scénario\n";
      continue;
    }
    s.points.push_back(std::move(p));
    ++added;
  }
  if (added == 0)
    throw Error(ErrorKind::BadInput, "aucun point importé (" + std::to_string(imp.errors.size()) + " ligne(s) rejetée(s))",
                pos[2], "voir les messages ci-dessus");
  coverage::validate(s, ws);
  io::save_scenario(ws_path, s);
  std::printf("%d point(s) importé(s) dans le scénario « %s » (%s, %zu points, portée %s) ; %zu ligne(s) rejetée(s)\n",
              added, s.name.c_str(), existed ? "complété" : "créé", s.points.size(), s.default_reach.label().c_str(),
              imp.errors.size());
  return 0;
}

cli::Registrar reg{{"services", "importe des permanences / arrêts de bureau mobile dans un scénario", kUsage, run}};

}  // namespace
