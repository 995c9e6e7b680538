// maraude workspace copy|grant|members: the shared team workspace on PostgreSQL.
#include <chrono>
#include <iostream>

#include "cli/command.h"
#include "core/error.h"
#include "io/pg.h"
#include "io/pg_workspace.h"
#include "io/workspace.h"
#include "io/workspace_sync.h"

using namespace maraude;

namespace {

const char* kUsage =
    "maraude workspace copy    SOURCE DESTINATION\n"
    "maraude workspace grant   BASE --role NOM (--reader | --editor STRUCTURE | --admin)\n"
    "maraude workspace members BASE\n"
    "maraude workspace sync    COPIE.gpkg [BASE]\n\n"
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
    "  members  liste les rôles de l'équipe et leur structure.\n"
    "  sync     travail hors ligne : une copie faite par « copy BASE COPIE.gpkg » se souvient de\n"
    "           sa base et de la version de chaque document. sync envoie les documents modifiés\n"
    "           dans la copie (avec la vérification de version), reçoit ceux modifiés dans la\n"
    "           base, et reporte les suppressions. Un document modifié des deux côtés n'est\n"
    "           jamais écrasé : la version de la base est reprise dans la copie, la vôtre gardée\n"
    "           sous « NOM (copie de VOUS) » des deux côtés, et le conflit signalé (code de\n"
    "           sortie 9). BASE, facultative, doit être celle d'où vient la copie. Chaque document\n"
    "           est réglé d'un bloc : après une coupure, relancez sync pour finir.\n";

std::string shown(const std::string& s) { return io::pg::is_location(s) ? io::pg::masked(s) : s; }

void require_pg(const std::string& s) {
  if (!io::pg::is_location(s))
    throw Error(ErrorKind::Usage, "il faut une base PostgreSQL, pas un fichier", s, "par exemple PG:\"host=localhost dbname=maraude\"");
}

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv, {"reader", "admin"});
  const auto& p = a.positionals();
  if (p.empty()) throw Error(ErrorKind::Usage, "sous-commande manquante (copy, grant, members, sync)", "ligne de commande", "maraude workspace --help");
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
  if (sub == "sync") {
    a.check_known({});
    if (p.size() != 2 && p.size() != 3)
      throw Error(ErrorKind::Usage, "sync demande la COPIE (et, facultative, la BASE d'origine)", "ligne de commande",
                  "maraude workspace sync copie.gpkg [PG:\"dbname=maraude\"]");
    const auto t0 = std::chrono::steady_clock::now();
    const io::SyncReport r = io::sync_workspace(p[1], p.size() == 3 ? p[2] : std::string());
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "Synchronisation de " << p[1] << " avec " << r.source << " :\n";
    for (const auto& x : r.pushed) std::cout << "  envoyé : " << x << "\n";
    for (const auto& x : r.pulled) std::cout << "  reçu : " << x << "\n";
    for (const auto& x : r.deleted) std::cout << "  " << x << "\n";
    for (const auto& x : r.conflicts) std::cout << "  conflit : " << x << "\n";
    std::cout << r.pushed.size() << " envoyé(s), " << r.pulled.size() << " reçu(s), " << r.deleted.size() << " suppression(s), "
              << r.conflicts.size() << " conflit(s), " << r.unchanged << " inchangé(s) (" << static_cast<long>(ms) << " ms)\n";
    if (!r.conflicts.empty()) {
      std::cerr << "maraude workspace sync : " << r.conflicts.size()
                << " conflit(s) : rien n'est écrasé, vos versions sont gardées en copie (voir ci-dessus)\n";
      return 9;
    }
    return 0;
  }
  throw Error(ErrorKind::Usage, "sous-commande inconnue « " + sub + " »", "ligne de commande", "copy, grant, members ou sync");
}

cli::Registrar reg{{"workspace", "espace de travail partagé : copie GeoPackage ↔ PostgreSQL, rôles de l'équipe", kUsage, run}};

}  // namespace
