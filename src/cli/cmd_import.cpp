// maraude import --data DIR [--manifest FILE] --out WORKSPACE.gpkg [--if-stale] [--quiet]
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/command.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "io/import.h"
#include "io/manifest.h"
#include "io/manifest_check.h"
#include "io/pg.h"
#include "io/road_store.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"

namespace fs = std::filesystem;
using namespace maraude;

namespace {

const char* kUsage =
    "maraude import --data DIR [--manifest FICHIER] --out ESPACE.gpkg [--if-stale] [--quiet]\n"
    "maraude import --data DIR [--manifest FICHIER] --out PG:\"host=… dbname=… user=…\" | postgresql://…\n"
    "maraude import --check --data DIR [--manifest FICHIER]\n\n"
    "Lit les fichiers officiels nommés par le manifeste (par défaut data/geo/manifest.ini),\n"
    "les valide, les reprojette en Lambert-93 (EPSG:2154) et écrit un espace de travail\n"
    "GeoPackage. L'écriture est atomique : en cas d'erreur l'espace précédent reste intact.\n"
    "Avec une base PostgreSQL/PostGIS (--out PG:… ou postgresql://…), l'espace est construit\n"
    "dans un nouveau schéma puis basculé en une transaction sur le schéma « maraude » (les\n"
    "documents sont repris, les droits de l'équipe appliqués). Le mot de passe vient de\n"
    "~/.pgpass (PGPASSFILE) ou d'un fichier de service, jamais de la ligne de commande.\n\n"
    "  --data DIR      dossier des données (sinon $MARAUDE_DATA)\n"
    "  --manifest F    manifeste des sources (format décrit dans README.md)\n"
    "  --out F         espace de travail à écrire\n"
    "  --if-stale      ne rien faire si l'espace existe et correspond déjà aux données\n"
    "  --quiet         n'afficher que les avertissements\n"
    "  --check         vérifier seulement le manifeste : sections et clés connues, fichiers\n"
    "                  présents, colonnes nommées par field.X présentes (lit les en-têtes\n"
    "                  seulement, en quelques secondes). Code de sortie 0 si tout va bien,\n"
    "                  4 (donnée invalide) sinon. Clés décrites dans data/geo/MANIFEST.md\n";

// `import --check`: the manifest against the files' headers, without importing anything.
int check(const cli::Args& a) {
  const std::string data = cli::resolve_data_dir(a);
  if (!fs::is_directory(data))
    throw Error(ErrorKind::MissingFile, "dossier des données introuvable", data, "indiquez --data DOSSIER (ou définissez MARAUDE_DATA)");
  const io::Manifest manifest = io::Manifest::read(a.get_or("manifest", io::Manifest::default_path()));
  const auto t0 = std::chrono::steady_clock::now();
  const io::ManifestCheck c = io::check_manifest(manifest, data);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& s : c.ok) std::cout << "  ok : " << s << "\n";
  for (const auto& p : c.problems) std::cerr << "problème : " << p << "\n";
  if (!c.problems.empty())
    throw Error(ErrorKind::BadInput, "le manifeste a " + std::to_string(c.problems.size()) + " problème(s) (détail ci-dessus)", manifest.path(),
                "corrigez-les (clés et colonnes décrites dans data/geo/MANIFEST.md) puis relancez maraude import --check");
  std::cout << "Manifeste " << manifest.path() << " : tout est en ordre (" << c.ok.size() << " section(s) vérifiée(s), "
            << static_cast<int>(secs * 1000) << " ms)\n";
  return 0;
}

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv, {"if-stale", "quiet", "check"});
  a.check_known({"data", "manifest", "out", "if-stale", "quiet", "check"});
  if (a.has("check")) return check(a);
  const auto out = a.get("out");
  if (!out || out->empty()) throw Error(ErrorKind::Usage, "--out ESPACE.gpkg est obligatoire", "ligne de commande");
  const std::string data = cli::resolve_data_dir(a);
  const io::Manifest manifest = io::Manifest::read(a.get_or("manifest", io::Manifest::default_path()));
  const auto t0 = std::chrono::steady_clock::now();
  const bool pg = io::pg::is_location(*out);
  const std::string shown = pg ? io::pg::masked(*out) : *out;
  if (pg)
    io::pg::conninfo(*out);  // refuses a password on the command line before any work
  else
    check_output_path(*out, io::input_files(manifest, data));
  const std::string sig = io::input_signature(manifest, data);
  if (a.has("if-stale") && (pg || fs::exists(*out)) && (!pg || io::workspace_exists(*out))) {
    try {
      Workspace old = io::load_workspace(*out);
      if (old.meta["inputs_signature"] == sig) {
        io::load_roads(*out);  // a missing or damaged road sidecar makes it stale too (throws)
        std::cout << "Espace de travail à jour : " << shown << " (signature " << sig << ")\n";
        return 0;
      }
      std::cout << "Espace de travail périmé (données ou manifeste modifiés) : réimport.\n";
    } catch (const Error& e) {
      std::cout << "Espace de travail illisible (" << e.what_text() << ") : réimport.\n";
    }
  }
  io::ImportReport rep;
  Workspace ws = io::build_workspace(manifest, data, rep);
  ws.meta["inputs_signature"] = sig;
  // Road network ([roads] section): graphs in a sidecar file beside the workspace, written
  // to a temporary file first and renamed only once the workspace itself is in place.
  const std::optional<io::RoadNetwork> net = io::build_roads(manifest, data, ws, rep);
  if (pg) {
    // PostgreSQL: the road network's bytes go in the same switch as the layers.
    std::string blob;
    if (net) {
      ws.meta["roads.signature"] = net->signature;
      blob = io::serialize_roads(*net);
    }
    io::save_workspace_pg(ws, *out, net ? &net->car : nullptr, net ? &blob : nullptr);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!a.has("quiet"))
      for (const auto& s : rep.steps) std::cout << "  " << s << "\n";
    for (const auto& w : rep.warnings) std::cerr << "avertissement : " << w << "\n";
    std::cout << "Espace de travail écrit dans PostgreSQL : " << shown << ", schéma maraude (" << ws.communes.size() << " communes, "
              << ws.qpvs.size() << " QPV, " << ws.services.size() << " services, " << ws.laureates.size() << " lauréats"
              << (net ? "; réseau routier dans la table road_network" : "") << "; " << rep.warnings.size() << " avertissement(s); "
              << static_cast<int>(secs * 1000) << " ms)\n";
    return 0;
  }
  // The workspace and its road file are replaced under the workspace lock, so a scenario or
  // story written meanwhile by another command is carried over or waits (workspace_lock.h).
  io::WorkspaceLock lock(*out);
  const std::string roads_path = io::roads_path_for(*out);
  std::unique_ptr<AtomicFile> roads_file;  // its temporary is removed unless committed
  if (net) {
    ws.meta["roads.signature"] = net->signature;
    ws.meta["roads.file"] = fs::path(roads_path).filename().string();
    roads_file = io::write_roads_temp(*net, roads_path);
  }
  io::save_workspace(ws, *out, net ? &net->car : nullptr);
  if (roads_file) {
    roads_file->commit();
  } else if (fs::exists(roads_path)) {  // a network from an earlier import no longer applies
    std::error_code ec;
    fs::remove(roads_path, ec);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.has("quiet"))
    for (const auto& s : rep.steps) std::cout << "  " << s << "\n";
  for (const auto& w : rep.warnings) std::cerr << "avertissement : " << w << "\n";
  std::cout << "Espace de travail écrit : " << *out << " (" << ws.communes.size() << " communes, " << ws.qpvs.size() << " QPV, "
            << ws.services.size() << " services, " << ws.laureates.size() << " lauréats"
            << (net ? "; réseau routier " + roads_path : std::string()) << "; " << rep.warnings.size()
            << " avertissement(s); " << static_cast<int>(secs * 1000) << " ms)\n";
  return 0;
}

cli::Registrar reg{{"import", "importer les fichiers officiels dans un espace de travail GeoPackage", kUsage, run}};

}  // namespace
