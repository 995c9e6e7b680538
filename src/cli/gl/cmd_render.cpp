// `maraude render`: the map of a workspace as a PNG, rendered offscreen with the same
// renderer, style and overlay as the window (hidden GLFW window for the GL context).
#include <chrono>
#include <cmath>
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
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "render/compose.h"
#include "render/poster.h"
#include "render/poster_panel.h"
#include "render/view_spec.h"

namespace maraude::cli {
namespace {

const char* kUsage =
    "Usage : maraude render ESPACE.gpkg --out carte.png [options]\n"
    "\n"
    "Dessine la carte hors écran (OpenGL 3.3, sans fenêtre visible) et l’écrit en PNG,\n"
    "avec légende, barre d’échelle et flèche du nord — la même image que `maraude view`.\n"
    "Sans écran : xvfb-run -s \"-screen 0 1920x1080x24\" maraude render ...\n"
    "\n"
    "Options :\n"
    "  --out FICHIER.png        image à écrire (obligatoire)\n"
    "  --size LxH               taille en pixels (défaut 1920x1080 ; au-delà des limites\n"
    "                           du pilote, rendu par tuiles assemblées)\n"
    "  --view VUE               region (défaut) | bbox:minx,miny,maxx,maxy (Lambert-93, m)\n"
    "                           | commune:CODE | zone:CODE | qpv:CODE | laureate:ID | departement:CODE\n"
    "  --layers a,b,...         couches visibles : zones, basins, laureates, gaps, qpv, communes,\n"
    "                           departements, region, services, labels, routes (défaut : toutes ;\n"
    "                           routes : le réseau routier, dessiné à l’échelle des communes)\n"
    "                           gaps nommée explicitement : calcule les lacunes de couverture\n"
    "  --scenario NOM           scénario des lacunes (défaut « services publics existants »)\n"
    "  --reach 15km             portée par défaut des points (15km, 20min...) pour les lacunes\n"
    "  --travel car|foot|crowfly  mesure de la portée : par la route (voiture, à pied) ou à vol d'oiseau\n"
    "                           (défaut : par la route en voiture si l'espace a un réseau routier)\n"
    "  --select TYPE:CODE       met en évidence une entité (commune:CODE_INSEE, zone:CODE_ZE, qpv:CODE, ...)\n"
    "  --lang fr|en             langue de la légende (défaut fr)\n"
    "  --scale S                échelle des traits, symboles et textes (défaut selon la taille)\n"
    "  --no-legend              sans titre ni légende (la carte seule, avec l’échelle)\n"
    "\n"
    "Affiche à imprimer (titre, légende, échelle, nord, date, sources ; rendu par tuiles) :\n"
    "  --poster A0|A1|A2|A3|A4  format du papier (portrait ; --landscape pour l’italienne)\n"
    "  --dpi 300                résolution (1 à 1200 ; A0 à 300 dpi = 9933 × 14043 px)\n"
    "  --title \"...\"            titre de l’affiche   --subtitle \"...\"   sous-titre\n"
    "  --date \"...\"             date imprimée (défaut : aujourd’hui)\n"
    "  --pdf affiche.pdf        PDF : carte en image, titre, légende et sources vectoriels\n"
    "  ex. : maraude render ws.gpkg --poster A0 --dpi 300 --title \"...\" --out affiche.png\n";

int run_render(const std::vector<std::string>& argv) {
  using namespace maraude::render;
  Args a(argv, {"no-legend", "landscape"});
  a.check_known({"out", "size", "view", "layers", "select", "lang", "scale", "no-legend", "scenario", "reach", "travel",
                 "poster", "landscape", "dpi", "title", "subtitle", "date", "pdf"});
  if (a.positionals().size() != 1)
    throw Error(ErrorKind::Usage, "il faut un argument ESPACE (l’espace de travail)", "ligne de commande", "maraude render ESPACE.gpkg --out carte.png");
  const auto out = a.get("out");
  if (out) check_output_path(*out, {a.positionals()[0]});
  if (auto pdf = a.get("pdf")) check_output_path(*pdf, {a.positionals()[0]}, "--pdf", "le PDF");
  const bool poster = a.has("poster");
  PosterSpec pspec;
  if (poster) {
    pspec.format = a.get_or("poster", "");
    pspec.landscape = a.has("landscape");
    const auto dpi = parse_number(a.get_or("dpi", "300"));
    if (!dpi) throw Error(ErrorKind::Usage, "résolution illisible « " + a.get_or("dpi", "") + " »", "--dpi", "un nombre, par exemple --dpi 300");
    pspec.dpi = *dpi;
    pspec.title = a.get_or("title", "");
    pspec.subtitle = a.get_or("subtitle", "");
    pspec.date = a.get_or("date", "");
    validate_poster(pspec);
    if (a.has("size") || a.has("scale") || a.has("no-legend"))
      throw Error(ErrorKind::Usage, "--size, --scale et --no-legend ne s’appliquent pas à une affiche", "--poster",
                  "la taille vient du format et de --dpi");
    if ((!out || out->empty()) && a.get_or("pdf", "").empty())
      throw Error(ErrorKind::Usage, "--out ou --pdf est obligatoire", "ligne de commande", "ex. --out affiche.png ou --pdf affiche.pdf");
    if (out && !out->empty()) check_writable(*out);
    if (auto p = a.get("pdf"); p && !p->empty()) check_writable(*p);
  } else {
    for (const char* k : {"landscape", "dpi", "title", "subtitle", "date", "pdf"})
      if (a.has(k)) throw Error(ErrorKind::Usage, std::string("--") + k + " demande --poster", "ligne de commande", "ex. --poster A3 --dpi 150");
  }
  if (!poster && (!out || out->empty())) throw Error(ErrorKind::Usage, "--out est obligatoire", "ligne de commande", "par exemple --out carte.png");
  int w = 1920, h = 1080;
  if (auto s = a.get("size")) {
    const auto x = s->find('x');
    auto pw = x == std::string::npos ? std::nullopt : parse_integer(s->substr(0, x));
    auto ph = x == std::string::npos ? std::nullopt : parse_integer(s->substr(x + 1));
    if (!pw || !ph || *pw < 16 || *ph < 16 || *pw > 30000 || *ph > 30000)
      throw Error(ErrorKind::Usage, "--size illisible « " + *s + " »", "--size", "LARGEURxHAUTEUR entre 16 et 30000, par exemple 1920x1080");
    w = static_cast<int>(*pw);
    h = static_cast<int>(*ph);
  }
  const std::string lang = a.get_or("lang", "fr");
  if (lang != "fr" && lang != "en") throw Error(ErrorKind::Usage, "--lang doit valoir fr ou en", "--lang");

  const auto t0 = std::chrono::steady_clock::now();
  const Workspace ws = io::load_workspace(a.positionals()[0]);

  MapStyle style = MapStyle::defaults(ws);
  style.english = lang == "en";
  style.scale = static_cast<float>(std::clamp(std::min(w / 1920.0, h / 1080.0), 0.5, 3.0));
  if (auto s = a.get("scale")) {
    auto v = parse_number(*s);
    if (!v || *v <= 0.1 || *v > 10) throw Error(ErrorKind::Usage, "--scale illisible « " + *s + " »", "--scale", "un nombre comme 1 ou 2");
    style.scale = static_cast<float>(*v);
  }
  bool want_gaps = false, want_roads = false;
  if (auto l = a.get("layers")) {
    std::vector<LayerId> ids;
    for (const auto& k : split(*l, ',')) {
      if (trim(k).empty()) continue;
      auto id = parse_layer(k);
      if (!id) {
        std::vector<std::string> known;
        for (int i = 0; i < kLayerCount; ++i) known.push_back(layer_key(static_cast<LayerId>(i)));
        throw Error(ErrorKind::Usage, "couche « " + trim(k) + " » inconnue", "--layers", "couches reconnues : " + join(known, ", "));
      }
      ids.push_back(*id);
      want_gaps |= *id == LayerId::Gaps;
      want_roads |= *id == LayerId::Roads;
    }
    style.show_only(ids);
  }
  if (auto s = a.get("select")) {
    auto sel = parse_selection(*s);
    if (!sel) throw Error(ErrorKind::Usage, "--select illisible « " + *s + " »", "--select", "TYPE:CODE, par exemple commune:" + (ws.communes.empty() ? std::string("CODE_INSEE") : ws.communes.front().code));
    const char* kinds[] = {"", "commune", "zone", "qpv", "laureate", "service"};
    if (selection_bbox(ws, kinds[static_cast<int>(sel->kind)], sel->code).empty())
      throw Error(ErrorKind::BadInput, "rien à sélectionner : « " + *s + " » n’est pas dans l’espace de travail", "--select");
    style.selection = *sel;
  }
  Camera cam;
  cam.width = w;
  cam.height = h;
  frame(cam, resolve_view(ws, a.get_or("view", "region")), 40 * style.scale);
  // Keep the region clear of the title and legend panels on wide images.
  if (a.get_or("view", "region") == "region" && !a.has("no-legend")) {
    const BBox b = resolve_view(ws, "region");
    const double lw = 300 * style.scale;  // legend column
    Camera c2 = cam;
    c2.width = std::max(64, static_cast<int>(w - 2 * lw));
    frame(c2, b, 30 * style.scale);
    cam.mpp = c2.mpp;
    cam.center = b.center();
  }

  // The road layer named on the command line but drawing nothing: say why.
  if (want_roads && !ws.roads)
    std::fprintf(stderr, "maraude render: pas de réseau routier dans cet espace de travail : la couche routes reste vide "
                         "(importez un extrait OpenStreetMap, section [roads] du manifeste)\n");
  else if (want_roads && !poster && cam.mpp > kRoadMaxMpp)
    std::fprintf(stderr, "maraude render: la couche routes se dessine à l’échelle des communes (%s m par pixel ou moins) ; "
                         "cette vue est à %s m par pixel : choisissez une vue plus proche (--view commune:CODE, zone:CODE…)\n",
                 format_fr(kRoadMaxMpp, 0).c_str(), format_fr(cam.mpp, 0).c_str());
  if ((a.has("scenario") || a.has("reach")) && !want_gaps)
    throw Error(ErrorKind::Usage, "--scenario et --reach demandent la couche gaps", "--layers", "ajoutez gaps, par exemple --layers zones,gaps");
  std::optional<coverage::Reach> reach;
  if (auto r = a.get("reach")) {
    reach = coverage::Reach::parse(*r, "--reach");
    coverage::validate_reach(*reach, "--reach");
  }
  // The gaps layer named on the command line: the coverage engine runs synchronously,
  // the same computation as the window's worker.
  std::vector<MultiPolygon> gaps;
  MultiPolygon covered;
  const auto travel = travel_for(ws, parse_travel_choice(a.get_or("travel", "auto")));
  if (want_gaps) {
    coverage::Scenario sc = io::load_scenario(a.positionals()[0], ws, a.get_or("scenario", coverage::kDefaultScenarioName));
    if (reach) sc.default_reach = *reach;
    coverage::CoverageEngine eng(&ws, coverage::build_targets(ws, {}), travel);
    eng.set_scenario(sc);
    for (size_t t = 0; t < eng.targets().size(); ++t) gaps.push_back(eng.gap(t));
    covered = eng.covered_area();
    style.gaps_loaded = true;
    style.gaps_note = (style.english ? "scenario « " : "scénario « ") + sc.name + (style.english ? " », reach " : " », portée ") +
                      eng.reach_label();
    std::fprintf(stderr, "maraude render: lacunes du scénario « %s » (portée %s) : %s NEET estimés non couverts\n",
                 sc.name.c_str(), eng.reach_label().c_str(),
                 format_thousands(std::llround(eng.totals().uncovered_neet)).c_str());
  }

  GlContext ctx(false, 64, 64, "maraude render", 0);
  MapRenderer renderer;
  renderer.set_data(ws, build_map_data(ws));
  if (want_gaps) {
    renderer.set_gaps(gaps);
    renderer.set_coverage(covered);
  }
  if (poster) {
    // Key figures of the panel: the region's, with the coverage of the scenario (the stored
    // default one when the gaps layer is not drawn; about a third of a second).
    if (a.get_or("view", "region") == "region") {
      coverage::Scenario sc =
          io::load_scenario(a.positionals()[0], ws, a.get_or("scenario", coverage::kDefaultScenarioName));
      if (reach) sc.default_reach = *reach;
      coverage::CoverageEngine eng(&ws, coverage::build_targets(ws, {}), travel);
      eng.set_scenario(sc);
      pspec.figures = poster_figures(ws, &eng.totals());
      pspec.note = "Couverture : scénario « " + sc.name + " », portée " + eng.reach_label() +
                   " ; NEET estimés : " + format_fr(100 * eng.params().neet_share, 1) +
                   " % des 16-29 ans (" + eng.params().neet_source + "), dans les QPV et les communes rurales des bassins.";
    } else {
      const BBox e = resolve_view(ws, a.get_or("view", "region"));
      pspec.figures = poster_figures(ws, nullptr, &e);
      pspec.note = "Chiffres des communes dont le centre est dans le cadre de la carte.";
    }
    PosterStats ps;
    make_poster(renderer, ws, style, resolve_view(ws, a.get_or("view", "region")), pspec, out.value_or(""),
                a.get_or("pdf", ""), &ps);
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "maraude render: affiche %s %s à %s dpi (%dx%d px, %d tuile%s, %s) en %.2f s "
                 "(carte %.1f s, textes %.1f s, écriture %.1f s)\n",
                 pspec.format.c_str(), pspec.landscape ? "paysage" : "portrait", format_fr(pspec.dpi, 0).c_str(),
                 ps.layout.width, ps.layout.height, ps.offscreen.tiles, ps.offscreen.tiles > 1 ? "s" : "",
                 ctx.renderer_name().c_str(), total, ps.gl_ms / 1000, ps.overlay_ms / 1000, ps.write_ms / 1000);
    return 0;
  }
  OverlayParts parts;
  if (a.has("no-legend")) parts.legend = parts.title = false;
  ComposeTimings tm;
  Image img = compose_map(renderer, ws, cam, style, parts, {}, &tm);
  write_png(img, *out);
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "maraude render: %s (%dx%d, %d tuile%s, %s) en %.2f s\n", out->c_str(), w, h, tm.offscreen.tiles,
               tm.offscreen.tiles > 1 ? "s" : "", ctx.renderer_name().c_str(), total);
  return 0;
}

Registrar reg{{"render", "dessine la carte en PNG (hors écran, même rendu que `view`)", kUsage, run_render}};

}  // namespace
}  // namespace maraude::cli
