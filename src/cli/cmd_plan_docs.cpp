// maraude plan list ESPACE.gpkg
// maraude plan show ESPACE.gpkg NOM
// maraude plan export ESPACE.gpkg NOM --out DOSSIER
// maraude plan delete ESPACE.gpkg NOM
// and --save / --add-to-scenario of `maraude plan` (see plan_docs.h).
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/plan_docs.h"
#include "core/error.h"
#include "core/text.h"
#include "io/plan_store.h"
#include "io/workspace.h"

namespace maraude::cli {

const char* kPlanDocsUsage =
    "\nPlans enregistrés (dans l'espace de travail) :\n"
    "  --save NOM                  enregistre le plan calculé sous NOM (paramètres, épingles, résultat)\n"
    "  --add-to-scenario NOM       ajoute les arrêts servis au scénario NOM comme « arrêts de bureau mobile »\n"
    "                              (un nouveau nom part d'une copie du scénario planifié)\n"
    "  maraude plan list ESPACE.gpkg                     nom, date, base, équipes, arrêts, NEET, type (rotation\n"
    "                                                    et ses créneaux occupés, ou tournée ponctuelle)\n"
    "  maraude plan show ESPACE.gpkg NOM                 résumé en français\n"
    "  maraude plan export ESPACE.gpkg NOM --out DOSSIER les fichiers de `maraude plan --out`, depuis le\n"
    "                                                    résultat enregistré (sans nouvelle recherche)\n"
    "  maraude plan delete ESPACE.gpkg NOM               supprime le plan enregistré\n";

namespace {
// A name as one line of the table: control characters (a TAB, a newline) shown as spaces.
std::string one_line(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return s;
}
}  // namespace

bool is_plan_doc_command(const std::vector<std::string>& argv) {
  return !argv.empty() && (argv[0] == "list" || argv[0] == "show" || argv[0] == "export" || argv[0] == "delete");
}

int run_plan_docs(const std::vector<std::string>& argv) {
  const std::string sub = argv[0];
  Args a(std::vector<std::string>(argv.begin() + 1, argv.end()));
  const auto& pos = a.positionals();
  if (sub == "list") {
    a.check_known({});
    if (pos.size() != 1) throw Error(ErrorKind::Usage, "il faut un espace de travail", "maraude plan list", "maraude plan list ESPACE.gpkg");
    io::read_workspace_metadata(pos[0]);  // a clear error for a missing or foreign file
    const auto plans = io::list_plans(pos[0]);
    if (plans.empty()) {
      std::cout << "Aucun plan enregistré dans " << pos[0] << " (maraude plan ESPACE ... --save NOM).\n";
      return 0;
    }
    std::cout << utf8_fit("plan", 28, 28) << " " << utf8_fit("enregistré", 20, 20) << " " << utf8_fit("base", 24, 24) << " "
              << utf8_fit("équipes", 7, 7) << " " << utf8_fit("arrêts", 6, 6) << " " << utf8_fit("NEET", 8, 8) << " type\n";
    for (const auto& p : plans) {
      if (!p.damaged.empty()) {
        std::cout << utf8_fit(one_line(p.name), 28, 28) << " ENDOMMAGÉ : " << p.damaged << "\n";
        continue;
      }
      std::cout << utf8_fit(one_line(p.name), 28, 28) << " " << utf8_fit(p.saved, 20, 20) << " " << utf8_fit(p.base, 24, 24) << " "
                << utf8_fit(std::to_string(p.teams), 7, 7) << " " << utf8_fit(std::to_string(p.stops), 6, 6) << " "
                << utf8_fit(format_fr(p.neet, 1), 8, 8) << " " << p.type << "\n";
    }
    return 0;
  }
  if (sub == "show") {
    a.check_known({});
    if (pos.size() != 2) throw Error(ErrorKind::Usage, "il faut un espace de travail et un nom de plan", "maraude plan show",
                                     "maraude plan show ESPACE.gpkg NOM");
    const Workspace ws = io::load_workspace(pos[0]);
    std::cout << io::saved_plan_summary(io::load_plan(pos[0], ws, pos[1]));
    return 0;
  }
  if (sub == "delete") {
    a.check_known({});
    if (pos.size() != 2) throw Error(ErrorKind::Usage, "il faut un espace de travail et un nom de plan", "maraude plan delete",
                                     "maraude plan delete ESPACE.gpkg NOM");
    io::read_workspace_metadata(pos[0]);
    io::delete_plan(pos[0], pos[1]);
    std::cout << "Plan « " << pos[1] << " » supprimé de " << pos[0] << "\n";
    return 0;
  }
  // export
  a.check_known({"out"});
  if (pos.size() != 2) throw Error(ErrorKind::Usage, "il faut un espace de travail et un nom de plan", "maraude plan export",
                                   "maraude plan export ESPACE.gpkg NOM --out DOSSIER");
  const auto out = a.get("out");
  if (!out || out->empty()) throw Error(ErrorKind::Usage, "option --out manquante", "ligne de commande", "par exemple --out tournees/");
  io::prepare_output_dir(*out);
  const Workspace ws = io::load_workspace(pos[0]);
  const io::SavedPlan sp = io::load_plan(pos[0], ws, pos[1]);
  const auto files = io::export_saved_plan(sp, *out);
  std::cout << "Plan « " << sp.name << " » (révision " << sp.revision << ") écrit dans " << *out << " : " << files.size()
            << " fichiers\n";
  return 0;
}

void check_plan_options(const Args& a) {
  if (auto n = a.get("save"); n && trim(*n).empty())
    throw Error(ErrorKind::Usage, "nom de plan vide", "--save", "donnez un nom au plan, par exemple --save \"Thiérache mars\"");
  if (auto n = a.get("save"); n && n->size() > 200) throw Error(ErrorKind::Usage, "nom de plan trop long (200 octets au plus)", "--save");
  if (auto n = a.get("add-to-scenario"); n && trim(*n).empty())
    throw Error(ErrorKind::Usage, "nom de scénario vide", "--add-to-scenario", "donnez le nom du scénario à compléter");
}

void prepare_plan_save(const Args& a, io::PlanResult& res) {
  if (a.get("save")) res.dtstamp = io::ics_stamp_of(io::utc_now_iso());
}

std::int64_t plan_save_base(const Args& a, const std::string& ws_path) {
  const auto name = a.get("save");
  return name ? io::plan_version(ws_path, *name) : 0;
}

void finish_plan_options(const Args& a, const std::string& ws_path, const Workspace& ws, const io::PlanResult& res,
                         const io::PlanRequest& req, std::int64_t save_base) {
  if (auto name = a.get("save")) {
    const int rev = io::save_plan_checked(ws_path, *name, req, res, save_base).revision;
    std::cout << "Plan enregistré sous « " << *name << " » (révision " << rev << ") dans " << ws_path << "\n";
  }
  if (auto sc = a.get("add-to-scenario")) {
    const std::string plan_name = a.get_or("save", "tournée");
    const size_t n = io::add_plan_to_scenario(ws_path, ws, *sc, res, plan_name);
    std::cout << n << " arrêts de bureau mobile ajoutés au scénario « " << *sc << " »\n";
  }
}

}  // namespace maraude::cli
