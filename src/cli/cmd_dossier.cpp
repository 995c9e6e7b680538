// maraude dossier WORKSPACE --by zone|epci|departement --pdf OUT [--scenario NAME]
// An atlas: one A4 page per territory with its map and its gap figures.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "cli/command.h"
#include "cli/present_common.h"
#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/story.h"
#include "core/text.h"
#include "io/pdf_atlas.h"
#include "io/workspace.h"

using namespace maraude;

namespace {

const char* kUsage =
    "maraude dossier ESPACE.gpkg --by zone|epci|departement --pdf SORTIE.pdf [--scenario NOM]\n\n"
    "Atlas des lacunes : une page A4 par territoire (zone d'emploi, EPCI ou département) avec sa\n"
    "carte et ses chiffres : population, jeunes de 15-29 ans, QPV, communes rurales des bassins à\n"
    "fort chômage, services d'accueil, cibles et NEET estimés non couverts par le scénario\n"
    "(défaut : « services publics existants »).\n";

struct Territory {
  std::string ref, code, name, title;
  std::vector<size_t> communes;
};

int run_dossier(const std::vector<std::string>& argv) {
  cli::Args a(argv);
  a.check_known({"by", "pdf", "scenario"});
  if (a.positionals().size() != 1)
    throw Error(ErrorKind::Usage, "il faut un espace de travail (expected one workspace file)", "command line",
                "maraude dossier ESPACE.gpkg --by zone --pdf dossier.pdf");
  const std::string by = a.get_or("by", "zone");
  if (by != "zone" && by != "epci" && by != "departement")
    throw Error(ErrorKind::Usage, "--by « " + by + " » inconnu", "--by", "zone, epci or departement");
  const auto pdf = a.get("pdf");
  if (!pdf || pdf->empty()) throw Error(ErrorKind::Usage, "option --pdf manquante", "command line", "--pdf dossier.pdf");
  const std::string ws_path = a.positionals()[0];
  const auto t0 = std::chrono::steady_clock::now();
  io::check_output_writable(*pdf);
  const Workspace ws = io::load_workspace(ws_path);
  const std::string scenario = a.get_or("scenario", coverage::kDefaultScenarioName);
  auto gaps = cli::compute_scenario_gaps(ws_path, ws, scenario);

  // Territories and their communes.
  std::map<std::string, Territory> terr;
  for (size_t i = 0; i < ws.communes.size(); ++i) {
    const Commune& c = ws.communes[i];
    const std::string code = by == "zone" ? c.zone_emploi : by == "epci" ? c.epci : c.departement;
    if (code.empty()) continue;
    Territory& t = terr[code];
    if (t.code.empty()) {
      t.code = code;
      t.ref = (by == "zone" ? "zone:" : by == "epci" ? "epci:" : "departement:") + code;
      if (by == "zone") {
        const auto* z = ws.zone(code);
        t.name = z ? z->name : code;
        t.title = "Zone d'emploi " + t.name;
      } else if (by == "epci") {
        t.name = c.epci_name.empty() ? code : c.epci_name;
        t.title = t.name;
      } else {
        t.name = code;
        for (const auto& d : ws.departements)
          if (d.code == code) t.name = d.name;
        t.title = t.name + " (" + code + ")";
      }
    }
    t.communes.push_back(i);
  }
  const std::string level = by == "zone" ? "zone_emploi" : by;
  std::map<std::string, coverage::Totals> totals;
  for (const auto& g : gaps->engine->group_totals(level)) totals[g.code] = g.totals;

  const std::string doc_title = std::string("Dossier des lacunes par ") +
                                (by == "zone" ? "zone d'emploi" : by == "epci" ? "EPCI" : "département") + " — " +
                                (ws.region.name.empty() ? "Hauts-de-France" : ws.region.name);
  io::PdfAtlas atlas(*pdf, ws, doc_title);
  for (const auto& [code, t] : terr) {
    io::AtlasPage p;
    p.title = t.title;
    p.subtitle = doc_title + " — scénario « " + gaps->layer.scenario + " »";
    p.extent = resolve_extent(ws, t.ref);
    p.focus = t.ref;
    p.highlights = {t.ref};
    p.layers = {"zones", "gaps", "basins", "qpv", "communes", "departements", "region", "services", "labels"};
    p.gaps = &gaps->layer;
    p.opacity["zones"] = 0.6;  // the gaps must stand out from the choropleth

    long long pop = 0;
    double y = 0, basin_y = 0;
    int basin = 0;
    std::set<std::string> codes;
    for (size_t i : t.communes) {
      const Commune& c = ws.communes[i];
      codes.insert(c.code);
      pop += c.population;
      y += c.pop_15_29;
      if (c.in_rural_basin) {
        ++basin;
        basin_y += c.pop_15_29;
      }
    }
    int qpv = 0;
    for (const auto& q : ws.qpvs)
      if (!q.communes.empty() && codes.count(q.communes[0])) ++qpv;
    int services = 0;
    for (const auto& s : ws.services) services += codes.count(s.commune) > 0;
    auto& f = p.figures;
    if (by == "zone")
      if (const auto* z = ws.zone(code)) {
        if (!z->quarter_year_before.empty())
          f.push_back({"Taux de chômage " + z->quarter_latest + " (" + z->quarter_year_before + "), INSEE",
                       format_fr(z->rate_latest, 1) + " % (" + format_fr(z->rate_year_before, 1) + " %)"});
        else
          f.push_back({"Taux de chômage " + z->quarter_latest + ", INSEE", format_fr(z->rate_latest, 1) + " %"});
      }
    f.push_back({"Communes", format_thousands(static_cast<long long>(t.communes.size()))});
    f.push_back({"Habitants", format_thousands(pop)});
    f.push_back({"Jeunes de 15 à 29 ans (estimation)", format_thousands(std::llround(y))});
    f.push_back({"Quartiers prioritaires (QPV 2024)", format_thousands(qpv)});
    f.push_back({"Communes rurales en bassin à fort chômage (leurs 15-29 ans)",
                 format_thousands(basin) + " (" + format_thousands(std::llround(basin_y)) + ")"});
    f.push_back({"Services d'accueil (France Services, France Travail, missions locales)", format_thousands(services)});
    auto it = totals.find(code);
    const coverage::Totals tt = it == totals.end() ? coverage::Totals{} : it->second;
    f.push_back({"Cibles : QPV, communes rurales (dont sans aucune couverture)",
                 format_thousands(tt.targets) + " (" + format_thousands(tt.targets_fully_uncovered) + ")"});
    f.push_back({"NEET estimés dans les cibles", format_thousands(std::llround(tt.neet))});
    f.push_back({"NEET estimés non couverts", format_thousands(std::llround(tt.uncovered_neet))});
    if (tt.neet > 0) f.push_back({"Part des NEET estimés couverts", format_fr(tt.pct_neet_covered(), 1) + " %"});
    if (tt.targets == 0)
      p.notes = "Aucune cible sur ce territoire : ni QPV, ni commune rurale d'un bassin à fort chômage.";
    else
      p.notes = "Lacune = partie d'une cible (QPV, commune rurale d'un bassin à fort chômage) qu'aucun point du "
                "scénario n'atteint (portée " + gaps->engine->scenario().default_reach.label() +
                "). NEET estimés : " + format_fr(100 * gaps->engine->params().neet_share, 1) +
                " % des 16-29 ans (Apprentis d'Auteuil), répartis uniformément dans la cible.";
    atlas.add_page(p);
  }
  atlas.finish();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("Écrit : %s (%d pages, %.1f s)\n", pdf->c_str(), atlas.pages(), s);
  return 0;
}

cli::Registrar reg{{"dossier", "atlas PDF des lacunes : une page par territoire", kUsage, run_dossier}};

}  // namespace
