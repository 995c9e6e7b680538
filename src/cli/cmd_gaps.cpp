// maraude gaps WORKSPACE [--scenario NAME] [--reach 15km|20min] [--suggest K] --out FILE
// Coverage of the priority targets by a scenario's service points, the gaps, their
// ranking and, on request, where to add the next permanences.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "core/atomic_file.h"
#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "core/travel_choice.h"
#include "core/text.h"
#include "io/gaps_export.h"
#include "io/scenario_store.h"
#include "io/services_import.h"
#include "io/workspace.h"

using namespace maraude;
using namespace maraude::coverage;

namespace {

const char* kUsage =
    "maraude gaps ESPACE.gpkg --out FICHIER [options]\n\n"
    "Calcule la couverture des cibles (QPV, communes rurales des bassins à fort chômage) par les\n"
    "points de service d'un scénario, les lacunes (cibles moins zones atteintes) et leur classement\n"
    "par nombre estimé de jeunes NEET non couverts.\n\n"
    "Options :\n"
    "  --scenario NOM     scénario enregistré (défaut : « services publics existants »)\n"
    "  --reach PORTEE     portée par défaut des points : 15km, 800m, 20min, 1h (défaut : celle du scénario)\n"
    "  --suggest K        propose K nouveaux sites (glouton paresseux, couverture maximale)\n"
    "  --candidates FICH  sites candidats (CSV/XLSX/GeoJSON comme `services import`) ; défaut : centres des communes\n"
    "  --neet-share P     part de NEET parmi les 16-29 ans (défaut : [parameters] neet_share du manifeste, sinon 0.128)\n"
    "  --circuity F       détour route / vol d'oiseau (défaut 1.3)\n"
    "  --quad-segs N      sommets par quart de cercle des zones atteintes (défaut 8, comme PostGIS)\n"
    "  --targets T        qpv, rural ou all (défaut all)\n"
    "  --top N            lignes du classement affichées (défaut 10 ; le fichier contient tout)\n"
    "  --out FICHIER      .gpkg, .geojson, .csv (+ fichiers _parametres/_totaux) ou .xlsx\n";

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv);
  a.check_known({"scenario", "reach", "suggest", "candidates", "neet-share", "circuity", "quad-segs", "targets", "top",
                 "out", "travel"});
  if (a.positionals().size() != 1)
    throw Error(ErrorKind::Usage, "il faut un espace de travail", "ligne de commande",
                "maraude gaps ESPACE.gpkg --out lacunes.gpkg");
  const auto out = a.get("out");
  if (!out || out->empty())
    throw Error(ErrorKind::Usage, "option --out manquante", "ligne de commande", "par exemple --out lacunes.gpkg");
  if (a.has("candidates") && !a.has("suggest"))
    throw Error(ErrorKind::Usage, "--candidates ne sert qu'avec --suggest (les sites candidats des suggestions)", "--candidates",
                "ajoutez --suggest N, par exemple --suggest 5 --candidates sites.csv");
  const std::string ws_path = a.positionals()[0];
  check_output_path(*out, {ws_path, a.get_or("candidates", "")});
  const auto t0 = std::chrono::steady_clock::now();
  const Workspace ws = io::load_workspace(ws_path);

  CoverageParams params;
  if (auto v = a.get("neet-share")) {
    auto p = parse_number(*v);
    if (!p || *p < 0 || *p > 1)
      throw Error(ErrorKind::Usage, "part de NEET illisible « " + *v + " »", "--neet-share", "une fraction, par exemple 0.128");
    params.neet_share = *p;
    params.neet_source = "valeur donnée par l'utilisateur (--neet-share " + *v + ")";
  }
  if (auto v = a.get("quad-segs")) {
    auto p = parse_integer(*v);
    if (!p || *p < 1 || *p > 90) throw Error(ErrorKind::Usage, "--quad-segs illisible « " + *v + " »", "--quad-segs", "1..90");
    params.quadrant_segments = static_cast<int>(*p);
  }
  const std::string which = a.get_or("targets", "all");
  if (which != "all" && which != "qpv" && which != "rural")
    throw Error(ErrorKind::Usage, "--targets « " + which + " » inconnu", "--targets", "qpv, rural ou all");
  params = params.for_workspace(&ws);  // the manifest's NEET share unless --neet-share
  params.include_qpv = which != "rural";
  params.include_rural = which != "qpv";
  const TravelChoice choice = resolve(ws, parse_travel_choice(a.get_or("travel", "auto")));
  std::shared_ptr<const TravelModel> travel;
  if (auto v = a.get("circuity")) {
    if (choice != TravelChoice::CrowFly)
      throw Error(ErrorKind::Usage, "--circuity ne s'applique qu'au vol d'oiseau", "--circuity",
                  "ajoutez --travel crowfly, ou retirez --circuity pour mesurer par la route");
    CrowFlyParams tp;
    auto p = parse_number(*v);
    if (!p) throw Error(ErrorKind::Usage, "--circuity illisible « " + *v + " »", "--circuity", "par exemple 1.3");
    tp.circuity = *p;
    travel = std::make_shared<CrowFlyTravel>(tp, density_lookup(ws));
  } else {
    travel = travel_for(ws, choice);
  }

  Scenario sc = io::load_scenario(ws_path, ws, a.get_or("scenario", kDefaultScenarioName));
  if (auto r = a.get("reach")) sc.default_reach = Reach::parse(*r, "--reach");
  validate(sc, ws);
  if (sc.points.empty())
    std::cerr << "avertissement : le scénario « " << sc.name << " » n'a aucun point : tout est lacune\n";

  std::vector<std::string> warnings;
  auto targets = build_targets(ws, params, &warnings);
  for (const auto& w : warnings) std::cerr << "avertissement : " << w << "\n";
  if (targets.empty())
    throw Error(ErrorKind::Workspace, "aucune cible (ni QPV, ni commune rurale de bassin à fort chômage)", ws_path,
                "relancez `maraude import` : la règle des bassins ruraux ou la liste des QPV manque peut-être");

  CoverageEngine engine(&ws, std::move(targets), travel, params);
  engine.set_scenario(sc);
  for (const auto& w : engine.unreachable_points()) std::cerr << "avertissement : " << w << "\n";
  const auto t1 = std::chrono::steady_clock::now();

  io::GapsOutput o;
  o.engine = &engine;
  o.ranking = engine.ranking();
  o.parameters = engine.parameters();
  o.parameters.emplace_back("espace_de_travail", ws_path);
  if (auto k = a.get("suggest")) {
    auto n = parse_integer(*k);
    if (!n) throw Error(ErrorKind::Usage, "--suggest illisible « " + *k + " »", "--suggest", "un nombre de sites, par exemple 5");
    std::vector<Candidate> cands;
    if (auto f = a.get("candidates")) {
      auto imp = io::read_service_points(*f, ws);
      for (const auto& e : imp.errors) std::cerr << "avertissement : " << e << "\n";
      for (const auto& p : imp.points) cands.push_back({p.pos, p.name.empty() ? p.id : p.name, p.commune});
      o.parameters.emplace_back("candidats", *f + " (" + std::to_string(cands.size()) + " sites)");
    } else {
      cands = commune_candidates(ws);
      o.parameters.emplace_back("candidats", "centres des " + std::to_string(cands.size()) + " communes");
    }
    o.suggestion = engine.suggest(static_cast<int>(*n), cands);
  }
  const auto t2 = std::chrono::steady_clock::now();
  const auto files = io::write_gaps(*out, o);

  const Totals& t = engine.totals();
  std::printf("Scénario « %s » : %zu points, portée %s\n", sc.name.c_str(), sc.points.size(),
              sc.default_reach.label().c_str());
  std::printf("Cibles : %d (%d sans population connue), %d sans aucune couverture\n", t.targets,
              t.targets_without_population, t.targets_fully_uncovered);
  // Shares of the targets (QPV, rural communes of the basins), not of the region: said so.
  std::printf("Population des cibles couverte : %s %% (%s habitants dans les cibles, sur %s dans la région)\n",
              format_fr(t.pct_pop_covered(), 1).c_str(), format_thousands(std::llround(t.population)).c_str(),
              format_thousands([&] { long long p = 0; for (const auto& c : ws.communes) p += c.population; return p; }()).c_str());
  std::printf("NEET estimés des cibles couverts : %s %% ; surface des cibles couverte : %s %%\n",
              format_fr(t.pct_neet_covered(), 1).c_str(), format_fr(t.pct_area_covered(), 1).c_str());
  std::printf("Non couverts : %s habitants, %s jeunes de 15-29 ans, %s NEET estimés (%s %% des 16-29 ans ; %s)\n",
              format_thousands(std::llround(t.uncovered_pop)).c_str(),
              format_thousands(std::llround(t.uncovered_15_29)).c_str(),
              format_thousands(std::llround(t.uncovered_neet)).c_str(), format_fr(100 * params.neet_share, 1).c_str(), params.neet_source.c_str());
  const long top = parse_integer(a.get_or("top", "10")).value_or(10);
  std::printf("\nLacunes les plus importantes :\n");
  for (size_t i = 0; i < o.ranking.size() && static_cast<long>(i) < top; ++i) {
    const auto& g = o.ranking[i];
    std::printf("%3d. %s %s — %s\n", g.rank, engine.targets()[g.target].code.c_str(),
                engine.targets()[g.target].name.c_str(), g.reason.c_str());
  }
  if (o.suggestion) {
    std::printf("\nNouveaux sites proposés :\n");
    for (size_t i = 0; i < o.suggestion->sites.size(); ++i)
      std::printf("%3zu. %s (%s) : +%s NEET couverts\n", i + 1, o.suggestion->sites[i].label.c_str(),
                  o.suggestion->sites[i].commune.c_str(), format_fr(o.suggestion->sites[i].gain_neet, 1).c_str());
    std::printf("Méthode : %s\n", o.suggestion->method.c_str());
  }
  const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("\nÉcrit : %s (calcul %.0f ms, propositions %.0f ms)\n", join(files, ", ").c_str(), ms(t1 - t0), ms(t2 - t1));
  return 0;
}

cli::Registrar reg{{"gaps", "lacunes de couverture « aller vers » et nouveaux sites à ouvrir", kUsage, run}};

}  // namespace
