// maraude dossier WORKSPACE --by zone|epci|departement --pdf OUT [--scenario NAME]
// An atlas: one A4 page per territory with its map and its gap figures.
#include <chrono>
#include <cstdio>

#include "cli/command.h"
#include "core/atomic_file.h"
#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/story.h"
#include "core/text.h"
#include "io/present_export.h"
#include "io/workspace.h"

using namespace maraude;

namespace {

const char* kUsage =
    "maraude dossier ESPACE.gpkg --by zone|epci|departement --pdf SORTIE.pdf [--scenario NOM]\n\n"
    "Atlas des lacunes : une page A4 par territoire (zone d'emploi, EPCI ou département) avec sa\n"
    "carte et ses chiffres : population, jeunes de 15-29 ans, QPV, communes rurales des bassins à\n"
    "fort chômage, services d'accueil, cibles et NEET estimés non couverts par le scénario\n"
    "(défaut : « services publics existants »).\n";

int run_dossier(const std::vector<std::string>& argv) {
  cli::Args a(argv);
  a.check_known({"by", "pdf", "scenario"});
  if (a.positionals().size() != 1)
    throw Error(ErrorKind::Usage, "il faut un espace de travail", "ligne de commande",
                "maraude dossier ESPACE.gpkg --by zone --pdf dossier.pdf");
  const std::string by = a.get_or("by", "zone");
  if (!io::is_dossier_level(by))
    throw Error(ErrorKind::Usage, "--by « " + by + " » inconnu", "--by", "zone, epci ou departement");
  const auto pdf = a.get("pdf");
  if (!pdf || pdf->empty()) throw Error(ErrorKind::Usage, "option --pdf manquante", "ligne de commande", "--pdf dossier.pdf");
  const std::string ws_path = a.positionals()[0];
  const auto t0 = std::chrono::steady_clock::now();
  check_output_path(*pdf, {ws_path}, "--pdf", "le PDF");
  const Workspace ws = io::load_workspace(ws_path);
  const std::string scenario = a.get_or("scenario", coverage::kDefaultScenarioName);
  const io::ExportResult r = io::export_dossier(ws_path, ws, by, scenario, *pdf);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("Écrit : %s (%d pages, %.1f s)\n", pdf->c_str(), r.pages, s);
  return 0;
}

cli::Registrar reg{{"dossier", "atlas PDF des lacunes : une page par territoire", kUsage, run_dossier}};

}  // namespace
