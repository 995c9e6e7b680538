// maraude scenario list|show|copy|rename|delete|compare WORKSPACE ...
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "core/text.h"
#include "io/scenario_store.h"
#include "io/workspace.h"

using namespace maraude;
using namespace maraude::coverage;

namespace {

const char* kUsage =
    "maraude scenario list    ESPACE.gpkg\n"
    "maraude scenario show    ESPACE.gpkg NOM\n"
    "maraude scenario copy    ESPACE.gpkg NOM NOUVEAU\n"
    "maraude scenario rename  ESPACE.gpkg NOM NOUVEAU\n"
    "maraude scenario delete  ESPACE.gpkg NOM\n"
    "maraude scenario compare ESPACE.gpkg NOM_A NOM_B [--reach PORTEE]\n\n"
    "Scénarios : ensembles nommés de points de service et de portées, enregistrés dans l'espace de\n"
    "travail. « services publics existants » est dérivé des services importés tant qu'aucun scénario\n"
    "de ce nom n'est enregistré. compare affiche côte à côte la couverture des deux scénarios.\n";

void need(const std::vector<std::string>& pos, size_t n, const char* usage) {
  if (pos.size() != n) throw Error(ErrorKind::Usage, "arguments attendus : " + std::string(usage), "ligne de commande", "voir --help");
}

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv);
  a.check_known({"reach"});
  const auto& pos = a.positionals();
  if (pos.size() < 2) throw Error(ErrorKind::Usage, "sous-commande et espace de travail attendus", "ligne de commande", kUsage);
  const std::string& verb = pos[0];
  const std::string& path = pos[1];
  const Workspace ws = io::load_workspace(path);
  if (verb == "list") {
    need(pos, 2, "list ESPACE");
    std::printf("%-40s %7s %10s  %s\n", "scénario", "points", "portée", "modifié");
    for (const auto& i : io::list_scenarios(path, ws))
      std::printf("%-40s %7zu %10s  %s\n", i.name.c_str(), i.points, i.reach.c_str(),
                  i.stored ? i.updated.c_str() : "(dérivé des services)");
  } else if (verb == "show") {
    need(pos, 3, "show ESPACE NOM");
    std::cout << to_text(io::load_scenario(path, ws, pos[2]));
  } else if (verb == "copy") {
    need(pos, 4, "copy ESPACE NOM NOUVEAU");
    io::copy_scenario(path, ws, pos[2], pos[3]);
    std::printf("Scénario « %s » copié en « %s »\n", pos[2].c_str(), pos[3].c_str());
  } else if (verb == "rename") {
    need(pos, 4, "rename ESPACE NOM NOUVEAU");
    io::rename_scenario(path, ws, pos[2], pos[3]);
    std::printf("Scénario « %s » renommé en « %s »\n", pos[2].c_str(), pos[3].c_str());
  } else if (verb == "delete") {
    need(pos, 3, "delete ESPACE NOM");
    io::delete_scenario(path, pos[2]);
    std::printf("Scénario « %s » supprimé\n", pos[2].c_str());
  } else if (verb == "compare") {
    need(pos, 4, "compare ESPACE NOM_A NOM_B");
    Scenario sa = io::load_scenario(path, ws, pos[2]), sb = io::load_scenario(path, ws, pos[3]);
    if (auto r = a.get("reach")) sa.default_reach = sb.default_reach = Reach::parse(*r, "--reach");
    validate(sa, ws);
    validate(sb, ws);
    CoverageParams params;
    auto travel = default_travel(ws);
    auto targets = build_targets(ws, params);
    CoverageEngine ea(&ws, targets, travel, params), eb(&ws, targets, travel, params);
    ea.set_scenario(sa);
    eb.set_scenario(sb);
    std::printf("%-28s %22s %22s %12s\n", "", ("A: " + sa.name).substr(0, 22).c_str(), ("B: " + sb.name).substr(0, 22).c_str(),
                "B − A");
    auto line = [](const char* label, double va, double vb, int dec) {
      std::printf("%-28s %22s %22s %12s\n", label, format_fr(va, dec).c_str(), format_fr(vb, dec).c_str(),
                  format_fr(vb - va, dec).c_str());
    };
    line("points", static_cast<double>(sa.points.size()), static_cast<double>(sb.points.size()), 0);
    line("% population des cibles couverte", ea.totals().pct_pop_covered(), eb.totals().pct_pop_covered(), 1);
    line("% NEET couverts", ea.totals().pct_neet_covered(), eb.totals().pct_neet_covered(), 1);
    line("NEET non couverts", ea.totals().uncovered_neet, eb.totals().uncovered_neet, 0);
    line("habitants non couverts", ea.totals().uncovered_pop, eb.totals().uncovered_pop, 0);
    line("cibles sans couverture", ea.totals().targets_fully_uncovered, eb.totals().targets_fully_uncovered, 0);
    std::printf("\nPar département, NEET non couverts :\n");
    auto da = ea.group_totals("departement"), db = eb.group_totals("departement");
    for (size_t i = 0; i < da.size() && i < db.size(); ++i)
      line((da[i].code + " " + da[i].name).substr(0, 28).c_str(), da[i].totals.uncovered_neet, db[i].totals.uncovered_neet, 0);
    std::printf("\nPortée A : %s ; portée B : %s ; %s\n", sa.default_reach.label().c_str(), sb.default_reach.label().c_str(),
                travel->describe().c_str());
  } else {
    throw Error(ErrorKind::Usage, "sous-commande inconnue « " + verb + " »", "ligne de commande",
                "list, show, copy, rename, delete ou compare");
  }
  return 0;
}

cli::Registrar reg{{"scenario", "scénarios de points de service : lister, copier, renommer, supprimer, comparer", kUsage, run}};

}  // namespace
