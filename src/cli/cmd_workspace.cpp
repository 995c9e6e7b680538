// maraude workspace copy|grant|members: the shared team workspace on PostgreSQL.
#include <chrono>
#include <iostream>

#include "cli/command.h"
#include "core/error.h"
#include "io/pg.h"
#include "io/pg_workspace.h"
#include "io/workspace.h"

using namespace maraude;

namespace {

const char* kUsage =
    "maraude workspace copy    SOURCE DESTINATION\n"
    "maraude workspace grant   BASE --role NOM (--reader | --editor STRUCTURE | --admin)\n"
    "maraude workspace members BASE\n\n"
    "Un espace de travail est un fichier GeoPackage (ESPACE.gpkg) ou une base PostgreSQL/PostGIS\n"
    "partagée par une équipe : PG:\"host=… dbname=… user=…\" ou postgresql://utilisateur@hôte/base\n"
    "(schéma « maraude », mêmes couches, géométries en EPSG:2154 : QGIS l'ouvre aussi).\n"
    "Le mot de passe vient de ~/.pgpass (PGPASSFILE) ou d'un fichier de service, jamais de la\n"
    "ligne de commande.\n\n"
    "  copy     copie tout l'espace (couches objet par objet, documents avec leurs versions,\n"
    "           réseau routier) dans les deux sens GeoPackage ↔ PostgreSQL ; la destination\n"
    "           garde son contenu précédent en cas d'échec.\n"
    "  grant    donne à un rôle de connexion (créé sans mot de passe s'il manque) le droit de\n"
    "           lire (--reader : voir, exporter), d'éditer les scénarios et les lauréats de sa\n"
    "           structure seulement (--editor \"Mission locale de …\"), ou tout (--admin).\n"
    "  members  liste les rôles de l'équipe et leur structure.\n";

std::string shown(const std::string& s) { return io::pg::is_location(s) ? io::pg::masked(s) : s; }

void require_pg(const std::string& s) {
  if (!io::pg::is_location(s))
    throw Error(ErrorKind::Usage, "il faut une base PostgreSQL, pas un fichier", s, "par exemple PG:\"host=localhost dbname=maraude\"");
}

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv, {"reader", "admin"});
  const auto& p = a.positionals();
  if (p.empty()) throw Error(ErrorKind::Usage, "sous-commande manquante (copy, grant, members)", "ligne de commande", "maraude workspace --help");
  const std::string& sub = p[0];
  if (sub == "copy") {
    a.check_known({});
    if (p.size() != 3) throw Error(ErrorKind::Usage, "copy demande SOURCE et DESTINATION", "ligne de commande", "maraude workspace copy ws.gpkg PG:\"dbname=maraude\"");
    const auto t0 = std::chrono::steady_clock::now();
    const io::CopyReport r = io::copy_workspace(p[1], p[2]);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "Copié " << shown(p[1]) << " → " << shown(p[2]) << " : " << r.layers << " couches, " << r.features << " objets, "
              << r.documents << " document(s)" << (r.roads ? ", réseau routier" : "") << " (" << static_cast<long>(ms) << " ms)\n";
    return 0;
  }
  if (sub == "grant") {
    a.check_known({"role", "reader", "editor", "admin"});
    if (p.size() != 2) throw Error(ErrorKind::Usage, "grant demande la BASE", "ligne de commande", "maraude workspace grant PG:\"dbname=maraude\" --role alice --reader");
    require_pg(p[1]);
    const std::string role = a.get_or("role", "");
    const int n = (a.has("reader") ? 1 : 0) + (a.has("editor") ? 1 : 0) + (a.has("admin") ? 1 : 0);
    if (n != 1) throw Error(ErrorKind::Usage, "indiquez exactement un de --reader, --editor STRUCTURE, --admin", "ligne de commande");
    const io::TeamRole what = a.has("reader") ? io::TeamRole::Reader : a.has("editor") ? io::TeamRole::Editor : io::TeamRole::Admin;
    io::team_grant(p[1], role, what, a.get_or("editor", ""));
    std::cout << "Rôle « " << role << " » : "
              << (what == io::TeamRole::Reader ? "lecteur" : what == io::TeamRole::Editor ? "éditeur pour « " + a.get_or("editor", "") + " »" : "administrateur")
              << " (" << shown(p[1]) << ")\n";
    return 0;
  }
  if (sub == "members") {
    a.check_known({});
    if (p.size() != 2) throw Error(ErrorKind::Usage, "members demande la BASE", "ligne de commande");
    require_pg(p[1]);
    for (const auto& m : io::team_members(p[1]))
      std::cout << m.role << "\t" << m.team_role << (m.carrier.empty() ? "" : "\t" + m.carrier) << "\n";
    return 0;
  }
  throw Error(ErrorKind::Usage, "sous-commande inconnue « " + sub + " »", "ligne de commande", "copy, grant ou members");
}

cli::Registrar reg{{"workspace", "espace de travail partagé : copie GeoPackage ↔ PostgreSQL, rôles de l'équipe", kUsage, run}};

}  // namespace
