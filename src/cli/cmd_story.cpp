// maraude story list|show|create-starter|export|delete WORKSPACE ...
// Stories: ordered map views stored in the workspace (core/story.h), exported as a
// printable handout (one PDF page per view).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <iostream>
#include <map>
#include <set>

#include "cli/command.h"
#include "core/atomic_file.h"
#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/story.h"
#include "core/text.h"
#include "io/document_store.h"
#include "io/present_export.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"

using namespace maraude;

namespace {

const char* kUsage =
    "maraude story list ESPACE.gpkg [--versions]\n"
    "maraude story show ESPACE.gpkg --story NOM\n"
    "maraude story create-starter ESPACE.gpkg [--scenario NOM] [--name NOM] [--gaps N]\n"
    "maraude story export ESPACE.gpkg --story NOM --pdf SORTIE.pdf\n"
    "maraude story delete ESPACE.gpkg --story NOM\n"
    "maraude story import ESPACE.gpkg FICHIER.txt [--base-version N]\n"
    "maraude story edit ESPACE.gpkg --story NOM (--move N:M | --duplicate N | --remove N | --copy-to NOM2)\n\n"
    "Récits : suites ordonnées de vues de la carte (étendue, couches, scénario, éléments mis en\n"
    "évidence, titre, notes) enregistrées dans l'espace de travail.\n\n"
    "  list            affiche les récits, un nom par ligne\n"
    "  show            affiche le texte d'un récit (format décrit dans src/core/story.h)\n"
    "  create-starter  génère le récit de départ : vue d'ensemble, bassins à fort chômage,\n"
    "                  QPV des plus grandes villes, plus grandes lacunes du scénario\n"
    "                  (défaut : « services publics existants » ; --gaps N lacunes, défaut 8)\n"
    "  export          document à distribuer : une page A4 par vue (carte, légende, titre,\n"
    "                  notes, chiffres clés), texte sélectionnable\n"
    "  delete          supprime un récit\n"
    "  import          enregistre un récit écrit ou modifié à la main (format de `show`)\n"
    "  edit            déplace (--move 3:1), duplique (--duplicate 2) ou supprime (--remove 4) une vue\n"
    "                  (numérotées à partir de 1), ou copie le récit sous un autre nom (--copy-to)\n\n"
    "Chaque enregistrement vérifie la version dont il part (espace partagé PostgreSQL) : si\n"
    "quelqu'un a enregistré le récit entre-temps, rien n'est écrasé, votre version est gardée\n"
    "sous « NOM (copie de MOI) » et la commande sort avec le code 9. edit part de la version\n"
    "lue, create-starter de celle lue avant le calcul, import de --base-version N (la version\n"
    "affichée par list --versions quand vous avez pris le texte) ou, sans elle, de la version\n"
    "enregistrée au moment de l'import.\n";

std::string story_list_hint(const std::string& ws_path) {
  std::vector<std::string> names;
  for (const auto& d : io::list_documents(ws_path, kStoryKind)) names.push_back("« " + d.name + " »");
  return names.empty() ? "aucun récit pour l’instant : lancez `maraude story create-starter " + ws_path + "`"
                       : "récits connus : " + join(names, ", ");
}

Story load_story(const std::string& ws_path, const std::string& name) {
  auto d = io::get_document(ws_path, kStoryKind, name);
  if (!d) throw Error(ErrorKind::Usage, "récit « " + name + " » introuvable", ws_path, story_list_hint(ws_path));
  return story_from_text(d->body, ws_path + ", récit « " + name + " »");
}

std::string need_story(const cli::Args& a) {
  auto s = a.get("story");
  if (!s || s->empty()) throw Error(ErrorKind::Usage, "option --story manquante", "ligne de commande", "--story NOM (voir `maraude story list`)");
  return *s;
}

int run_story(const std::vector<std::string>& argv) {
  if (argv.empty())
    throw Error(ErrorKind::Usage, "sous-commande manquante", "ligne de commande", "list, show, create-starter, export ou delete");
  const std::string sub = argv[0];
  cli::Args a(std::vector<std::string>(argv.begin() + 1, argv.end()));
  a.check_known({"story", "pdf", "scenario", "name", "gaps", "move", "duplicate", "remove", "copy-to", "versions", "base-version"});
  if (a.positionals().size() != (sub == "import" ? 2u : 1u))
    throw Error(ErrorKind::Usage, "il faut un espace de travail", "ligne de commande",
                "maraude story " + sub + " ESPACE.gpkg ...");
  const std::string ws_path = a.positionals()[0];

  if (sub == "list") {
    (void)io::load_workspace(ws_path);  // a clear message when it is not a workspace
    const bool versions = a.has("versions");
    for (const auto& d : io::list_documents(ws_path, kStoryKind)) {
      std::cout << d.name;
      if (versions) std::cout << "\tversion " << d.version << "\t" << d.author << "\t" << d.updated;
      std::cout << "\n";
    }
    return 0;
  }
  if (sub == "show") {
    const auto name = need_story(a);
    auto d = io::get_document(ws_path, kStoryKind, name);
    if (!d) throw Error(ErrorKind::Usage, "récit « " + name + " » introuvable", ws_path, story_list_hint(ws_path));
    std::cout << d->body;
    return 0;
  }
  if (sub == "delete") {
    const auto name = need_story(a);
    if (!io::delete_document(ws_path, kStoryKind, name))
      throw Error(ErrorKind::Usage, "récit « " + name + " » introuvable", ws_path, story_list_hint(ws_path));
    std::cout << "Récit « " << name << " » supprimé.\n";
    return 0;
  }
  if (sub == "import") {
    const std::string file = a.positionals()[1];
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorKind::MissingFile, "fichier introuvable", file, "donnez le chemin d’un fichier texte de récit");
    std::ostringstream buf;
    buf << in.rdbuf();
    const Story s = story_from_text(buf.str(), file);
    if (s.name.empty()) throw Error(ErrorKind::BadInput, "le récit n'a pas de nom", file, "ajoutez une ligne : nom<TAB>Mon récit");
    (void)io::load_workspace(ws_path);
    auto store = io::open_document_store(ws_path);
    std::int64_t base = 0;
    if (auto b = a.get("base-version")) {
      const auto n = parse_integer(trim(*b));
      if (!n || *n < 0)
        throw Error(ErrorKind::Usage, "--base-version attend un entier positif ou nul, pas « " + *b + " »", "--base-version",
                    "la version affichée par maraude story list --versions (0 : un récit nouveau)");
      base = *n;
    } else if (auto d = store->get(kStoryKind, s.name)) {
      base = d->version;
    }
    const auto saved = io::save_or_keep_copy(*store, io::Document{kStoryKind, s.name, story_to_text(s), ""}, base);
    std::cout << "Récit « " << s.name << " » enregistré : " << s.views.size() << " vues (version " << saved.version << ").\n";
    return 0;
  }
  if (sub == "edit") {
    const auto name = need_story(a);
    io::WorkspaceLock lock(ws_path);  // read-modify-write of the story (GeoPackage)
    auto store = io::open_document_store(ws_path);
    const auto read = store->get(kStoryKind, name);
    if (!read) throw Error(ErrorKind::Usage, "récit « " + name + " » introuvable", ws_path, story_list_hint(ws_path));
    Story s = story_from_text(read->body, ws_path + ", récit « " + name + " »");
    auto index = [&](const std::string& opt, const std::string& text) -> size_t {
      const auto n = parse_integer(trim(text));
      if (!n || *n < 1 || static_cast<size_t>(*n) > s.views.size())
        throw Error(ErrorKind::Usage, "numéro de vue illisible ou hors limites « " + text + " »", "--" + opt,
                    "les vues sont numérotées 1.." + std::to_string(s.views.size()));
      return static_cast<size_t>(*n - 1);
    };
    std::string done;
    if (auto m = a.get("move")) {
      const auto parts = split(*m, ':');
      if (parts.size() != 2) throw Error(ErrorKind::Usage, "--move attend DE:À", "--move", "par exemple --move 3:1");
      move_view(s, index("move", parts[0]), index("move", parts[1]));
      done = "vue " + parts[0] + " déplacée en position " + parts[1];
    } else if (auto d = a.get("duplicate")) {
      duplicate_view(s, index("duplicate", *d));
      done = "vue " + *d + " dupliquée";
    } else if (auto r = a.get("remove")) {
      remove_view(s, index("remove", *r));
      done = "vue " + *r + " supprimée";
    } else if (auto c = a.get("copy-to")) {
      if (c->empty()) throw Error(ErrorKind::Usage, "--copy-to attend un nom", "--copy-to", "--copy-to \"Mon récit\"");
      s.name = *c;
      done = "copié sous le nom « " + *c + " »";
    } else {
      throw Error(ErrorKind::Usage, "rien à modifier", "ligne de commande", "--move N:M, --duplicate N, --remove N ou --copy-to NOM");
    }
    // On top of the version read (a copy: the new name must be free); PostgreSQL: a save by
    // someone else since the read is refused, this edit kept as a copy.
    std::int64_t base = read->version;
    if (s.name != name) {
      const auto other = store->get(kStoryKind, s.name);
      if (other)
        throw Error(ErrorKind::Usage, "le récit « " + s.name + " » existe déjà", ws_path, "choisissez un autre nom ou supprimez-le d’abord");
      base = 0;
    }
    io::save_or_keep_copy(*store, io::Document{kStoryKind, s.name, story_to_text(s), ""}, base);
    std::cout << "Récit « " << s.name << " » : " << done << " (" << s.views.size() << " vues).\n";
    return 0;
  }
  if (sub == "create-starter") {
    const Workspace ws = io::load_workspace(ws_path);
    auto store = io::open_document_store(ws_path);
    // The version stored before the computation: a save by someone else meanwhile is not overwritten.
    std::map<std::string, std::int64_t> base;
    for (const auto& d : store->list(kStoryKind)) base[d.name] = d.version;
    StarterOptions opt;
    opt.scenario = a.get_or("scenario", coverage::kDefaultScenarioName);
    const long n = parse_integer(a.get_or("gaps", "8")).value_or(8);
    auto g = io::compute_scenario_gaps(ws_path, ws, opt.scenario);
    for (const auto& r : g->engine->ranking(static_cast<size_t>(std::max(0L, n)))) {
      const auto& t = g->engine->targets()[r.target];
      const auto& res = g->engine->results()[r.target];
      StarterGap sg;
      sg.ref = t.kind == coverage::TargetKind::Qpv ? "qpv:" + t.code
               : t.kind == coverage::TargetKind::QpvCommuneLevel ? "qpv:" + t.code
                                                                 : "commune:" + (t.communes.empty() ? t.code : t.communes[0]);
      sg.label = (t.kind == coverage::TargetKind::RuralCommune ? "" : "QPV ") + t.name;
      sg.uncovered_neet = res.uncovered_neet;
      sg.nearest_km = res.nearest_m >= 0 ? res.nearest_m / 1000 : -1;
      opt.gaps.push_back(sg);
    }
    Story s = starter_story(ws, opt);
    if (auto nm = a.get("name")) s.name = *nm;
    io::save_or_keep_copy(*store, io::Document{kStoryKind, s.name, story_to_text(s), ""}, base.count(s.name) ? base[s.name] : 0);
    std::cout << "Récit « " << s.name << " » enregistré : " << s.views.size() << " vues.\n";
    for (size_t i = 0; i < s.views.size(); ++i) std::printf("%3zu. %s\n", i + 1, s.views[i].title.c_str());
    return 0;
  }
  if (sub == "export") {
    const auto name = need_story(a);
    const auto pdf = a.get("pdf");
    if (!pdf || pdf->empty()) throw Error(ErrorKind::Usage, "option --pdf manquante", "ligne de commande", "--pdf recit.pdf");
    const auto t0 = std::chrono::steady_clock::now();
    check_output_path(*pdf, {ws_path}, "--pdf", "le PDF");
    const Workspace ws = io::load_workspace(ws_path);
    const Story s = load_story(ws_path, name);
    if (s.views.empty())
      throw Error(ErrorKind::BadInput, "le récit « " + name + " » n'a aucune vue", ws_path, "ajoutez des vues dans la fenêtre de Maraude");
    const io::ExportResult r = io::export_handout(ws_path, ws, s, *pdf);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("Écrit : %s (%d pages, %.1f s)\n", pdf->c_str(), r.pages, ms / 1000);
    return 0;
  }
  throw Error(ErrorKind::Usage, "sous-commande « " + sub + " » inconnue", "ligne de commande",
              "list, show, create-starter, import, edit, export ou delete");
}

cli::Registrar reg{{"story", "récits de présentation : liste, récit de départ, export PDF", kUsage, run_story}};

}  // namespace
