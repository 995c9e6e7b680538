// `maraude view [WORKSPACE]`: the interactive map window.
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/viewer.h"
#include "cli/command.h"
#include "core/travel_choice.h"
#include "core/error.h"
#include "core/story.h"
#include "io/workspace.h"
#include "core/text.h"

namespace maraude::cli {
namespace {

const char* kUsage =
    "Usage : maraude view [ESPACE.gpkg] [--size LxH] [--lang fr|en] [--travel car|foot|crowfly] [--ui-scale 1|1.25|1.5]\n"
    "\n"
    "Ouvre la carte interactive (OpenGL 3.3 + Dear ImGui) : couches, recherche, sélection.\n"
    "Souris : glisser pour déplacer, molette pour zoomer autour du curseur, clic pour\n"
    "sélectionner. Clavier : flèches, + / -, Origine (Home) = toute la région, Échap ; Ctrl+Z / Ctrl+Y :\n"
    "annuler / rétablir ; Ctrl+O : ouvrir ; Ctrl+S : enregistrer ; Ctrl+Q : quitter (menus Fichier, Édition,\n"
    "Affichage, Aide). --ui-scale : taille de l'interface (écrans à haute densité), aussi dans Affichage.\n"
    "--travel : mesure de la portée (par la route en voiture ou à pied, ou à vol d'oiseau) ;\n"
    "  par défaut en voiture par la route si l'espace a un réseau routier, sinon à vol d'oiseau.\n"
    "\n"
    "Options de test : --script-frames N (entrées synthétiques puis fermeture), --monkey GRAINE (avec\n"
    "  --script-frames : entrées au hasard partout, valeurs absurdes tapées), --hidden,\n"
    "  --screenshot FICHIER.png (sans entrées : la fenêtre une fois la couverture calculée),\n"
    "  --view VUE (vue de départ, comme pour `render` : zone:3222, commune:80186...),\n"
    "  --plan BASE (planifie les tournées depuis BASE, 59178 ou lon,lat, dès le chargement).\n"
    "\n"
    "Présentation : --present RÉCIT ouvre le récit en plein écran (mode présentateur).\n"
    "  → / espace / Page suivante : vue suivante ; ← / Page précédente : précédente ;\n"
    "  N : notes à l'écran ; F2 ou S : fenêtre des notes ; Échap : quitter. Dans la fenêtre :\n"
    "  panneau « Récits », F5.\n"
    "  --monitor N : plein écran sur l'écran N (1, 2... ; ordre de GLFW) ; --notes-window : notes du\n"
    "  présentateur (titre, notes, vue suivante, temps écoulé, position) dans une seconde fenêtre,\n"
    "  sur l'autre écran s'il y en a deux.\n"
    "\n"
    "Exports : bouton « Exporter… » du panneau « Récits » ou Ctrl+E (document d'un récit, dossier\n"
    "  des territoires, affiche de la vue) ; --export-dialog recit|dossier|affiche l'ouvre au\n"
    "  chargement (captures d'écran).\n"
    "  --story-panel RÉCIT : le panneau « Récits » déplié sur ce récit et sa première vue, avec\n"
    "  la vignette de chaque vue (captures d'écran).\n";

int run_view(const std::vector<std::string>& argv) {
  Args a(argv, {"hidden", "notes-window"});
  a.check_known({"size", "lang", "script-frames", "monkey", "hidden", "screenshot", "view", "plan", "present", "monitor", "travel",
                 "notes-window",
                 "export-dialog", "story-panel", "ui-scale"});
  if (a.positionals().size() > 1) throw Error(ErrorKind::Usage, "un seul espace de travail au plus", "ligne de commande", "maraude view ws.gpkg");
  app::ViewerOptions o;
  if (!a.positionals().empty()) o.workspace = a.positionals()[0];
  if (auto s = a.get("size")) {
    const auto x = s->find('x');
    auto w = x == std::string::npos ? std::nullopt : parse_integer(s->substr(0, x));
    auto h = x == std::string::npos ? std::nullopt : parse_integer(s->substr(x + 1));
    if (!w || !h || *w < 200 || *h < 150) throw Error(ErrorKind::Usage, "--size illisible « " + *s + " »", "--size", "par exemple 1400x900");
    o.width = static_cast<int>(*w);
    o.height = static_cast<int>(*h);
  }
  o.english = a.get_or("lang", "fr") == "en";
  if (auto k = a.get("ui-scale")) {
    const std::string v = *k;
    if (v != "1" && v != "1.25" && v != "1.5" && v != "100" && v != "125" && v != "150")
      throw Error(ErrorKind::Usage, "--ui-scale « " + v + " » inconnu", "--ui-scale", "1, 1.25 ou 1.5 (100, 125 ou 150 %)");
    o.ui_scale = v == "1.25" || v == "125" ? 1.25f : v == "1.5" || v == "150" ? 1.5f : 1.0f;
  }
  if (auto f = a.get("script-frames")) {
    auto n = parse_integer(*f);
    if (!n || *n < 1) throw Error(ErrorKind::Usage, "--script-frames illisible", "--script-frames");
    o.script_frames = static_cast<int>(*n);
  }
  if (auto m = a.get("monkey")) {
    auto n = parse_integer(*m);
    if (!n || *n < 1) throw Error(ErrorKind::Usage, "--monkey attend une graine entière positive", "--monkey");
    if (o.script_frames == 0) throw Error(ErrorKind::Usage, "--monkey va avec --script-frames N", "--monkey");
    o.monkey_seed = static_cast<unsigned long long>(*n);
  }
  o.hidden = a.has("hidden");
  if (auto v = a.get("view")) o.view = *v;
  if (auto p = a.get("plan")) o.plan = *p;
  if (auto t = a.get("travel")) {
    parse_travel_choice(*t);  // refused here, before the window opens
    o.travel = *t;
  }
  auto check_story = [&](const std::string& name) {  // refused at once when the workspace has no such story
    if (io::get_document(o.workspace, kStoryKind, name)) return;
    std::string names;
    for (const auto& d : io::list_documents(o.workspace, kStoryKind)) names += (names.empty() ? "« " : ", « ") + d.name + " »";
    throw Error(ErrorKind::Usage, "récit « " + name + " » introuvable", o.workspace,
                names.empty() ? "aucun récit : maraude story create-starter " + o.workspace : "récits : " + names);
  };
  if (auto p = a.get("present")) {
    if (o.workspace.empty()) throw Error(ErrorKind::Usage, "--present demande un espace de travail", "ligne de commande", "maraude view ws.gpkg --present RÉCIT");
    check_story(*p);
    o.present = *p;
  }
  if (auto e = a.get("export-dialog")) {
    if (*e != "recit" && *e != "dossier" && *e != "affiche")
      throw Error(ErrorKind::Usage, "--export-dialog « " + *e + " » inconnu", "--export-dialog", "recit, dossier ou affiche");
    o.export_dialog = *e;
  }
  if (auto p = a.get("story-panel")) {
    if (o.workspace.empty())
      throw Error(ErrorKind::Usage, "--story-panel demande un espace de travail", "ligne de commande", "maraude view ws.gpkg --story-panel RÉCIT");
    check_story(*p);
    o.story_panel = *p;
  }
  if (auto m = a.get("monitor")) {
    auto n = parse_integer(*m);
    if (!n || *n < 1 || *n > 64)
      throw Error(ErrorKind::Usage, "--monitor illisible « " + *m + " »", "--monitor", "un numéro d’écran : 1, 2...");
    o.monitor = static_cast<int>(*n);
  }
  o.notes_window = a.has("notes-window");
  if (auto f = a.get("screenshot")) {
    o.screenshot = *f;
    if (o.script_frames == 0) o.script_frames = 5;
  }
  // Fichier → Ouvrir… closes the window and opens it again on the chosen workspace.
  app::ViewerReport r = app::run_viewer(o);
  while (!r.reopen.empty()) {
    o.workspace = r.reopen;
    o.view.clear();
    o.present.clear();
    o.story_panel.clear();
    o.export_dialog.clear();
    o.plan.clear();
    // The display may refuse a new window for a moment (an X server resetting once its last
    // client left, as Xvfb does): a few tries before giving up.
    for (int attempt = 0;; ++attempt) {
      try {
        r = app::run_viewer(o);
        break;
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::Graphics || attempt >= 20) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
    }
  }
  std::string one_line = r.error;  // the report keeps one line per figure
  for (char& ch : one_line)
    if (ch == '\n') ch = ' ';
  if (o.script_frames > 0)
    std::printf("frames %d\nundrawn_frames %d\nframe_ms_drawn %.1f\nframe_ms_not_drawn %.1f\nmax_draw_calls %d\nrss_kb_after_50 %ld\nrss_kb_end %ld\nfirst_frame_ms %.1f\nmap_share %.3f\nlegend_over_region %.3f\nerror %s\n"
                "window_title %s\n",
                r.frames, r.frames_not_drawn, r.frame_ms_drawn, r.frame_ms_not_drawn, r.max_draw_calls, r.rss_kb_start, r.rss_kb_end, r.first_frame_ms, r.min_map_share,
                r.legend_over_region, r.error.empty() ? "-" : one_line.c_str(), r.window_title.empty() ? "-" : r.window_title.c_str());
  if (!r.error.empty()) std::fprintf(stderr, "maraude view: %s\n", r.error.c_str());
  // A workspace that could not be loaded: its error kind's exit code (3 missing file, 5
  // corrupt workspace...), as every command; other errors were shown in the window and closing
  // it is not a failure.
  return r.load_exit_code;
}

Registrar reg{{"view", "ouvre la carte interactive (fenêtre OpenGL)", kUsage, run_view}};

}  // namespace
}  // namespace maraude::cli
