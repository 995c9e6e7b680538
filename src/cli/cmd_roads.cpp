// maraude roads info|matrix|reach|export-edges SOURCE ...: the road network of an
// OpenStreetMap extract or of a workspace imported with a [roads] section.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "cli/command.h"
#include "core/roads/road_travel.h"
#include "core/error.h"
#include "core/projection.h"
#include "core/roads/graph.h"
#include "core/roads/profiles.h"
#include "core/roads/reach_area.h"
#include "core/roads/router.h"
#include "core/text.h"
#include "io/csv.h"
#include "io/osm_roads.h"
#include "io/road_store.h"
#include "io/roads_export.h"

namespace fs = std::filesystem;
using namespace maraude;
using roads::Graph;
using roads::Metric;
using roads::Profile;

namespace {

const char* kUsage =
    "maraude roads info SOURCE [--profile car|foot] [--profiles FICHIER.ini] [--json]\n"
    "maraude roads matrix SOURCE --from A.csv --to B.csv [--profile car|foot] [--metric time|distance] --out M.csv\n"
    "maraude roads reach SOURCE --from \"lon,lat;lon,lat...\" (--minutes M | --km D) [--profile car|foot]\n"
    "                    --out zone.gpkg|zone.geojson [--nodes-out noeuds.csv]\n"
    "maraude roads export-edges SOURCE [--profile car|foot] --out arcs.csv [--nodes noeuds.csv]\n\n"
    "Réseau routier OpenStreetMap. SOURCE est un extrait .osm.pbf / .osm (lu en entier, sans\n"
    "découpage) ou un espace de travail .gpkg importé avec une section [roads].\n\n"
    "  info          nœuds, arcs, km de voies par classe, composantes connexes du profil\n"
    "  matrix        temps (s) et distances (m) de chaque point de A vers chaque point de B ;\n"
    "                CSV d'entrée : colonnes id,lon,lat (WGS 84) ; sortie : from_id,to_id,seconds,metres,\n"
    "                les deux vides quand le trajet est impossible (point trop loin d'une route, île...)\n"
    "  reach         zone atteinte en M minutes ou D km depuis les sites : une entité par site et\n"
    "                leur union (attribut site = « tous »)\n"
    "  export-edges  les arcs du graphe (id,source,target,cost,reverse_cost,length,reverse_length,...),\n"
    "                coût -1 quand le sens est interdit ; --nodes écrit id,lon,lat,x,y des nœuds\n\n"
    "  --profile P     car (voiture, par défaut) ou foot (à pied)\n"
    "  --profiles F    table des profils pour un extrait OSM (sinon les valeurs intégrées ;\n"
    "                  un espace de travail garde la table de son import)\n"
    "  --metric M      time (chemin le plus rapide, par défaut) ou distance (le plus court)\n"
    "  --json          info au format JSON\n"
    "La sortie --out ne peut pas être un fichier d'entrée ; elle est écrite de façon atomique.\n";

struct Source {
  std::string path;
  bool workspace = false;
  std::vector<std::string> inputs;  // files read (to refuse them as --out)
  io::RoadNetwork net;              // for an OSM extract only the requested profile's graph is built
  io::OsmReadStats osm;
};

Source load_source(const cli::Args& a, Profile profile) {
  if (a.positionals().size() != 2)
    throw Error(ErrorKind::Usage, "il faut une sous-commande et une SOURCE", "ligne de commande",
                "maraude roads info|matrix|reach|export-edges SOURCE ...");
  Source s;
  s.path = a.positionals()[1];
  if (!fs::exists(s.path))
    throw Error(ErrorKind::MissingFile, "source du réseau routier introuvable", s.path,
                "indiquez un extrait .osm.pbf / .osm ou un espace de travail .gpkg importé avec une section [roads]");
  s.inputs.push_back(s.path);
  if (io::is_osm_file(s.path)) {
    if (auto p = a.get("profiles")) {
      s.net.table = roads::ProfileTable::load(*p);
      s.inputs.push_back(*p);
    } else {
      s.net.table = roads::ProfileTable::defaults();
    }
    const auto ways = io::read_osm_roads({s.path}, s.net.table, {}, &s.osm);
    for (const auto& w : s.osm.warnings) std::cerr << "avertissement : " << w << "\n";
    (profile == Profile::Car ? s.net.car : s.net.foot) = roads::build_graph(ways, profile);
    s.net.files = {s.path};
    return s;
  }
  std::string ext = fs::path(s.path).extension().string();
  if (ext != ".gpkg")
    throw Error(ErrorKind::Usage, "SOURCE n’est ni un extrait OpenStreetMap (.osm.pbf, .osm) ni un espace de travail (.gpkg)", s.path);
  if (a.get("profiles"))
    throw Error(ErrorKind::Usage, "--profiles ne s’applique qu’à un extrait OSM", "ligne de commande",
                "un espace de travail garde la table de profils de son import (section [roads] du manifeste)");
  s.workspace = true;
  auto net = io::load_roads(s.path);
  if (!net)
    throw Error(ErrorKind::Workspace, "l’espace de travail n’a pas de réseau routier", s.path,
                "ajoutez une section [roads] (file = extrait.osm.pbf) au manifeste et relancez maraude import");
  s.net = std::move(*net);
  s.inputs.push_back(io::roads_path_for(s.path));
  return s;
}

void check_out(const std::string& out, const std::vector<std::string>& inputs) {
  std::error_code ec;
  const fs::path o = fs::weakly_canonical(out, ec);
  for (const auto& in : inputs) {
    const fs::path i = fs::weakly_canonical(in, ec);
    if (o == i)
      throw Error(ErrorKind::Usage, "la sortie --out désigne un fichier d’entrée : il serait écrasé", out, "choisissez un autre nom de sortie");
  }
}

std::string require(const cli::Args& a, const char* key, const char* what) {
  auto v = a.get(key);
  if (!v || v->empty()) throw Error(ErrorKind::Usage, std::string("--") + key + " " + what + " est obligatoire", "ligne de commande");
  return *v;
}

Metric parse_metric(const std::string& s) {
  if (s == "time" || s == "temps") return Metric::Time;
  if (s == "distance") return Metric::Distance;
  throw Error(ErrorKind::Usage, "--metric « " + s + " » inconnu", "ligne de commande", "utilisez time ou distance");
}

std::string num(double v, int decimals) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

// ------------------------------------------------------------------ info
int run_info(const cli::Args& a) {
  a.check_known({"profile", "profiles", "json"});
  const Profile profile = roads::parse_profile(a.get_or("profile", "car"));
  const Source src = load_source(a, profile);
  const Graph& g = src.net.graph(profile);
  constexpr int kClasses = static_cast<int>(roads::RoadClass::Count);
  double km[kClasses] = {}, total_m = 0, oneway_m = 0;
  std::vector<char> fwd(g.segs.size(), 0), bwd(g.segs.size(), 0);
  for (const auto& e : g.out) (e.reversed ? bwd : fwd)[e.seg] = 1;
  size_t oneway = 0;
  for (size_t i = 0; i < g.segs.size(); ++i) {
    km[static_cast<int>(g.segs[i].cls)] += g.segs[i].length_m / 1000.0;
    total_m += g.segs[i].length_m;
    if (fwd[i] != bwd[i]) { ++oneway; oneway_m += g.segs[i].length_m; }
  }
  uint32_t ncomp = 0;
  const auto comp = roads::components(g, &ncomp);
  std::vector<size_t> size(ncomp, 0);
  for (uint32_t c : comp) ++size[c];
  const size_t largest = size.empty() ? 0 : *std::max_element(size.begin(), size.end());

  if (a.has("json")) {
    std::ostringstream o;
    o << "{\"source\": \"" << src.path << "\", \"profile\": \"" << roads::profile_id(profile) << "\", \"nodes\": " << g.n_nodes()
      << ", \"edges\": " << g.n_edges() << ", \"segments\": " << g.segs.size() << ", \"length_m\": " << num(total_m, 3)
      << ", \"oneway_segments\": " << oneway << ", \"oneway_length_m\": " << num(oneway_m, 3) << ", \"components\": " << ncomp
      << ", \"largest_component\": " << largest << ", \"km_per_class\": {";
    bool first = true;
    for (int c = 0; c < kClasses; ++c)
      if (km[c] > 0) { o << (first ? "" : ", ") << "\"" << roads::road_class_id(static_cast<roads::RoadClass>(c)) << "\": " << num(km[c], 6); first = false; }
    o << "}";
    if (!src.workspace)
      o << ", \"ways_read\": " << src.osm.ways_read << ", \"ways_routable\": " << src.osm.ways_routable << ", \"osm_nodes\": " << src.osm.nodes
        << ", \"missing_refs\": " << src.osm.missing_refs;
    o << "}\n";
    std::cout << o.str();
    return 0;
  }
  std::printf("Réseau routier : %s (%s)\n", src.path.c_str(), src.workspace ? "espace de travail" : "extrait OpenStreetMap, sans découpage");
  std::printf("Profil : %s (%s), table : %s\n", roads::profile_label_fr(profile), roads::profile_id(profile), src.net.table.source.c_str());
  if (!src.workspace)
    std::printf("Voies : %zu lues, %zu routables (voiture ou à pied), %zu nœuds OSM, %zu référence(s) de nœud manquante(s)\n",
                src.osm.ways_read, src.osm.ways_routable, src.osm.nodes, src.osm.missing_refs);
  std::printf("Nœuds (carrefours) : %zu\nArcs orientés : %zu\nTronçons : %zu, dont %zu à sens unique (%s km)\n", g.n_nodes(), g.n_edges(),
              g.segs.size(), oneway, format_fr(oneway_m / 1000, 1).c_str());
  std::printf("Km de voies par classe :\n");
  for (int c = 0; c < kClasses; ++c)
    if (km[c] > 0) std::printf("  %-15s %10s km\n", roads::road_class_id(static_cast<roads::RoadClass>(c)), format_fr(km[c], 1).c_str());
  std::printf("  %-15s %10s km\n", "total", format_fr(total_m / 1000, 1).c_str());
  std::printf("Composantes connexes : %u (la plus grande : %zu nœuds, %s %%)\n", ncomp, largest,
              format_fr(g.n_nodes() ? 100.0 * largest / g.n_nodes() : 0, 1).c_str());
  return 0;
}

// ------------------------------------------------------------------ matrix
struct Point {
  std::string id;
  Vec2 p;
};

std::vector<Point> read_points(const std::string& path) {
  const io::CsvTable t = io::CsvTable::read(path);
  const size_t cid = t.require("id"), clon = t.require("lon"), clat = t.require("lat");
  std::vector<Point> pts;
  for (const auto& row : t.rows()) {
    const auto lon = parse_number(t.get(row, clon)), lat = parse_number(t.get(row, clat));
    if (!lon || !lat || *lon < -180 || *lon > 180 || *lat < -90 || *lat > 90)
      throw Error(ErrorKind::BadInput, "« " + t.get(row, clon) + " », « " + t.get(row, clat) + " » n’est pas une longitude, latitude WGS 84",
                  path + ":" + std::to_string(row.line), "colonnes lon et lat en degrés décimaux (point comme séparateur)");
    pts.push_back({trim(t.get(row, cid)), lonlat_to_l93(*lon, *lat)});
  }
  if (pts.empty()) throw Error(ErrorKind::BadInput, "aucun point (un en-tête id,lon,lat et aucune ligne)", path);
  return pts;
}

// Snaps every point; warns on stderr about those too far from any road.
std::vector<roads::Endpoint> endpoints(const roads::Router& r, const std::vector<Point>& pts, const std::string& file, double max_snap) {
  std::vector<roads::Endpoint> eps;
  for (const auto& p : pts) {
    eps.push_back(r.endpoint(p.p));
    const auto& s = eps.back().snap;
    if (!s.ok) {
      std::cerr << "avertissement : " << file << " : le point " << p.id << " est ";
      if (std::isfinite(s.off_m)) std::cerr << "à " << format_fr(s.off_m, 0) << " m de la route la plus proche";
      else std::cerr << "loin de toute route";
      std::cerr << " (plus de " << format_fr(max_snap, 0) << " m) : injoignable\n";
    }
  }
  return eps;
}

int run_matrix(const cli::Args& a) {
  a.check_known({"profile", "profiles", "from", "to", "metric", "out"});
  const Profile profile = roads::parse_profile(a.get_or("profile", "car"));
  const Metric metric = parse_metric(a.get_or("metric", "time"));
  const std::string from_path = require(a, "from", "A.csv"), to_path = require(a, "to", "B.csv"), out = require(a, "out", "M.csv");
  const Source src = load_source(a, profile);
  auto inputs = src.inputs;
  inputs.push_back(from_path);
  inputs.push_back(to_path);
  check_out(out, inputs);
  const auto from = read_points(from_path), to = read_points(to_path);
  const Graph& g = src.net.graph(profile);
  roads::Router router(g, src.net.table.access_walk_kmh, src.net.table.max_snap_m);
  endpoints(router, from, from_path, src.net.table.max_snap_m);  // warns about the points off the network
  endpoints(router, to, to_path, src.net.table.max_snap_m);
  std::vector<Vec2> pf, pt;
  for (const auto& p : from) pf.push_back(p.p);
  for (const auto& p : to) pt.push_back(p.p);
  std::vector<double> secs, metres;
  router.matrix(pf, pt, metric, secs, metres);
  std::string text = "from_id,to_id,seconds,metres\n";
  size_t unreachable = 0;
  for (size_t i = 0; i < from.size(); ++i)
    for (size_t j = 0; j < to.size(); ++j) {
      const double s = secs[i * to.size() + j], m = metres[i * to.size() + j];
      text += from[i].id + "," + to[j].id + ",";
      if (std::isfinite(s) && std::isfinite(m)) text += num(s, 3) + "," + num(m, 3) + "\n";
      else { text += ",\n"; ++unreachable; }
    }
  io::write_text_atomic(out, text);
  std::cout << "Matrice " << from.size() << " × " << to.size() << " (" << roads::profile_label_fr(profile) << ", "
            << (metric == Metric::Time ? "chemin le plus rapide" : "chemin le plus court") << ") écrite : " << out << " ; " << unreachable
            << " trajet(s) impossible(s)\n";
  return 0;
}

// ------------------------------------------------------------------ reach
std::vector<Vec2> parse_lonlat_list(const std::string& text, std::vector<Vec2>& lonlat) {
  std::vector<Vec2> pts;
  for (const auto& part : split(text, ';')) {
    if (trim(part).empty()) continue;
    const auto xy = split(part, ',');
    std::optional<double> lon, lat;
    if (xy.size() == 2) { lon = parse_number(trim(xy[0])); lat = parse_number(trim(xy[1])); }
    if (!lon || !lat || *lon < -180 || *lon > 180 || *lat < -90 || *lat > 90)
      throw Error(ErrorKind::Usage, "« " + trim(part) + " » n’est pas un point lon,lat", "--from",
                  "par exemple --from \"7.4246,43.7384;7.4190,43.7311\" (longitude puis latitude, WGS 84)");
    lonlat.push_back({*lon, *lat});
    pts.push_back(lonlat_to_l93(*lon, *lat));
  }
  if (pts.empty()) throw Error(ErrorKind::Usage, "--from ne contient aucun point", "ligne de commande");
  return pts;
}

int run_reach(const cli::Args& a) {
  a.check_known({"profile", "profiles", "from", "minutes", "km", "out", "nodes-out"});
  const Profile profile = roads::parse_profile(a.get_or("profile", "car"));
  const std::string out = require(a, "out", "zone.gpkg");
  if (a.has("minutes") == a.has("km"))
    throw Error(ErrorKind::Usage, "indiquez soit --minutes M, soit --km D", "ligne de commande");
  const Metric metric = a.has("minutes") ? Metric::Time : Metric::Distance;
  const std::string btext = *a.get(metric == Metric::Time ? "minutes" : "km");
  const auto bval = parse_number(btext);
  if (!bval || *bval <= 0) throw Error(ErrorKind::Usage, "budget « " + btext + " » : un nombre positif est attendu", "ligne de commande");
  const double budget = *bval * (metric == Metric::Time ? 60.0 : 1000.0);
  std::vector<Vec2> lonlat;
  const auto sites = parse_lonlat_list(require(a, "from", "\"lon,lat;...\""), lonlat);
  const Source src = load_source(a, profile);
  check_out(out, src.inputs);
  if (auto n = a.get("nodes-out")) check_out(*n, src.inputs);
  // The workspace's travel model does the searches and builds the areas (the window and
  // `gaps` build theirs with the same RoadTravel).
  const roads::RoadTravel travel(std::make_shared<const io::RoadNetwork>(src.net), profile);
  const roads::Router& router = travel.router();
  std::vector<Point> pts;
  for (size_t i = 0; i < sites.size(); ++i) pts.push_back({std::to_string(i + 1), sites[i]});
  const auto eps = endpoints(router, pts, "--from", src.net.table.max_snap_m);
  auto lines_km = [](const std::vector<std::vector<Vec2>>& lines) {
    double m = 0;
    for (const auto& l : lines)
      for (size_t k = 1; k < l.size(); ++k) m += dist(l[k - 1], l[k]);
    return m / 1000;
  };
  std::vector<io::ReachArea> areas;
  const std::string unit = metric == Metric::Time ? "min" : "km";
  // The union: every site seeded at once.
  const roads::SearchResult all = router.reach(eps, std::vector<double>(eps.size(), 0.0), budget, metric);
  {
    const auto lines = router.reached_lines(all, budget, metric);
    io::ReachArea u;
    u.site = "tous";
    u.profile = roads::profile_id(profile);
    u.budget = *bval;
    u.unit = unit;
    u.road_km = lines_km(lines);
    u.area = travel.area_of(all, budget, metric);
    areas.push_back(std::move(u));
  }
  for (size_t i = 0; i < eps.size(); ++i) {
    io::ReachArea s;
    s.site = std::to_string(i + 1);
    s.lon = lonlat[i].x;
    s.lat = lonlat[i].y;
    s.has_point = true;
    s.profile = roads::profile_id(profile);
    s.budget = *bval;
    s.unit = unit;
    if (eps[i].snap.ok) {
      const auto r = router.reach({eps[i]}, {0.0}, budget, metric);
      const auto lines = router.reached_lines(r, budget, metric);
      s.road_km = lines_km(lines);
      s.area = travel.area_of(r, budget, metric);
    }
    areas.push_back(std::move(s));
  }
  io::write_reach_areas(out, areas);
  size_t reached = 0;
  for (double c : all.cost) reached += c <= budget;
  if (auto nodes_out = a.get("nodes-out")) {  // the union search's nodes: which site reaches each first
    std::string text = "node,cost,other,site\n";
    for (size_t v = 0; v < all.cost.size(); ++v)
      if (all.cost[v] <= budget)
        text += std::to_string(v) + "," + num(all.cost[v], 3) + "," + num(all.other[v], 3) + "," + std::to_string(all.source[v] + 1) + "\n";
    io::write_text_atomic(*nodes_out, text);
  }
  std::cout << "Zones atteintes en " << btext << " " << unit << " (" << roads::profile_label_fr(profile) << ") depuis " << sites.size()
            << " site(s) : " << reached << " carrefours sur " << router.graph().n_nodes() << ", " << format_fr(areas[0].road_km, 1) << " km de voies, "
            << format_fr(area(areas[0].area) / 1e6, 2) << " km² ; écrit : " << out << "\n";
  return 0;
}

// ------------------------------------------------------------------ export-edges
int run_export(const cli::Args& a) {
  a.check_known({"profile", "profiles", "out", "nodes"});
  const Profile profile = roads::parse_profile(a.get_or("profile", "car"));
  const std::string out = require(a, "out", "arcs.csv");
  const Source src = load_source(a, profile);
  check_out(out, src.inputs);
  if (auto n = a.get("nodes")) check_out(*n, src.inputs);
  const Graph& g = src.net.graph(profile);
  // Per segment: forward (along its points, a → b) and backward edge, when allowed.
  std::vector<const roads::Edge*> fwd(g.segs.size(), nullptr), bwd(g.segs.size(), nullptr);
  for (const auto& e : g.out) (e.reversed ? bwd : fwd)[e.seg] = &e;
  std::string text = "id,source,target,cost,reverse_cost,length,reverse_length,class,wkt\n";
  auto f9 = [](double v) { char b[40]; std::snprintf(b, sizeof b, "%.9g", v); return std::string(b); };
  for (size_t i = 0; i < g.segs.size(); ++i) {
    const auto& s = g.segs[i];
    text += std::to_string(i) + "," + std::to_string(s.a) + "," + std::to_string(s.b) + ",";
    text += (fwd[i] ? f9(fwd[i]->time_s) : "-1") + "," + (bwd[i] ? f9(bwd[i]->time_s) : "-1") + ",";
    text += (fwd[i] ? f9(fwd[i]->length_m) : "-1") + "," + (bwd[i] ? f9(bwd[i]->length_m) : "-1") + ",";
    text += std::string(roads::road_class_id(s.cls)) + ",\"LINESTRING(";
    for (uint32_t k = 0; k < s.n_pts; ++k) {
      const Vec2 p = g.seg_pts[s.first_pt + k];
      if (k) text += ",";
      text += num(p.x, 3) + " " + num(p.y, 3);
    }
    text += ")\"\n";
  }
  io::write_text_atomic(out, text);
  if (auto nodes = a.get("nodes")) {
    std::string nt = "id,lon,lat,x,y\n";
    for (size_t v = 0; v < g.n_nodes(); ++v) {
      const Vec2 ll = l93_to_lonlat(g.node[v]);
      nt += std::to_string(v) + "," + num(ll.x, 9) + "," + num(ll.y, 9) + "," + num(g.node[v].x, 3) + "," + num(g.node[v].y, 3) + "\n";
    }
    io::write_text_atomic(*nodes, nt);
  }
  std::cout << "Arcs du profil " << roads::profile_label_fr(profile) << " : " << g.segs.size() << " tronçons, " << g.n_edges()
            << " arcs orientés, " << g.n_nodes() << " nœuds ; écrit : " << out << "\n";
  return 0;
}

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv, {"json"});
  if (a.positionals().empty())
    throw Error(ErrorKind::Usage, "sous-commande manquante", "ligne de commande", "maraude roads info|matrix|reach|export-edges SOURCE ...");
  const std::string sub = a.positionals()[0];
  if (sub == "info") return run_info(a);
  if (sub == "matrix") return run_matrix(a);
  if (sub == "reach") return run_reach(a);
  if (sub == "export-edges") return run_export(a);
  throw Error(ErrorKind::Usage, "sous-commande « " + sub + " » inconnue", "ligne de commande", "info, matrix, reach ou export-edges");
}

cli::Registrar reg{{"roads", "réseau routier OpenStreetMap : résumé, matrices de temps, zones atteintes", kUsage, run}};

}  // namespace
