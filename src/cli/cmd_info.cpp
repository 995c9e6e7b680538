// maraude info WORKSPACE: per layer count, population, extent, and a planner's first figures.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "cli/command.h"
#include "core/error.h"
#include "core/projection.h"
#include "core/text.h"
#include "io/road_store.h"
#include "io/workspace.h"

using namespace maraude;

namespace {

const char* kUsage =
    "maraude info ESPACE.gpkg\n\n"
    "Résume l'espace de travail : effectifs, population et emprise de chaque couche, QPV par\n"
    "département, communes et habitants des bassins ruraux, fourchette du chômage, lauréats.\n";

std::string extent_text(const BBox& b) {
  if (b.empty()) return "vide";
  char buf[160];
  const Vec2 sw = l93_to_lonlat({b.minx, b.miny}), ne = l93_to_lonlat({b.maxx, b.maxy});
  std::snprintf(buf, sizeof buf, "x %.0f–%.0f, y %.0f–%.0f m (≈ %.3f°E %.3f°N – %.3f°E %.3f°N)", b.minx, b.maxx, b.miny, b.maxy,
                sw.x, sw.y, ne.x, ne.y);
  return buf;
}

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv);
  a.check_known({});
  if (a.positionals().size() != 1) throw Error(ErrorKind::Usage, "il faut un fichier d’espace de travail", "ligne de commande", "maraude info ESPACE.gpkg");
  const std::string path = a.positionals()[0];
  const Workspace ws = io::load_workspace(path);
  auto P = [](long long v) { return format_thousands(v); };

  long long pop = 0;
  double pop1529_sum = 0;  // rounded once, at the end (as every other output)
  BBox cbox;
  for (const auto& c : ws.communes) { pop += c.population; pop1529_sum += c.pop_15_29; cbox.extend(bbox(c.geom)); }
  const long long pop1529 = std::llround(pop1529_sum);
  std::printf("Espace de travail : %s\nRégion %s (%s), Lambert-93 (EPSG:2154)\n\n", path.c_str(), ws.region.name.c_str(), ws.region.code.c_str());
  std::printf("%-14s %8s %14s  %s\n", "couche", "nombre", "population", "emprise");
  std::printf("%-14s %8d %14s  %s\n", "region", 1, P(pop).c_str(), extent_text(bbox(ws.region.geom)).c_str());
  std::printf("%-14s %8zu %14s  %s\n", "departements", ws.departements.size(), P(pop).c_str(), extent_text(ws.extent()).c_str());
  std::printf("%-14s %8zu %14s  %s\n", "communes", ws.communes.size(), P(pop).c_str(), extent_text(cbox).c_str());
  BBox zbox;
  long long zpop = 0;
  for (const auto& z : ws.zones) { zbox.extend(bbox(z.geom)); zpop += z.population; }
  std::printf("%-14s %8zu %14s  %s\n", "zones_emploi", ws.zones.size(), P(zpop).c_str(), extent_text(zbox).c_str());
  BBox qbox;
  long long qcom_pop = 0;
  size_t with_perimeter = 0;
  std::map<std::string, int> qpv_per_dep;
  std::map<std::string, bool> qcommunes;
  for (const auto& q : ws.qpvs) {
    if (q.has_perimeter) { ++with_perimeter; qbox.extend(bbox(q.perimeter)); }
    std::map<std::string, bool> deps;
    for (const auto& code : q.communes) {
      qcommunes[code] = true;
      if (const Commune* c = ws.commune(code)) { deps[c->departement] = true; if (!q.has_perimeter) qbox.extend(bbox(c->geom)); }
    }
    for (const auto& [d, _] : deps) qpv_per_dep[d]++;
  }
  for (const auto& [code, _] : qcommunes)
    if (const Commune* c = ws.commune(code)) qcom_pop += c->population;
  // The QPV population: the sum of the QPV's own figures (estimated or published), never the
  // population of the communes that hold them.
  long long qpv_pop = 0;
  size_t qpv_known = 0;
  bool qpv_estimated = false;
  for (const auto& q : ws.qpvs)
    if (q.population >= 0) { qpv_pop += q.population; ++qpv_known; qpv_estimated |= q.population_estimated; }
  const std::string qpv_col = qpv_known == 0 ? std::string("inconnue") : (qpv_estimated ? "≈ " : "") + P(qpv_pop);
  std::printf("%-14s %8zu %14s  %s\n", "qpv", ws.qpvs.size(), qpv_col.c_str(), extent_text(qbox).c_str());
  size_t nb = 0;
  long long bpop = 0;
  double b1529 = 0;
  BBox bbx;
  for (const auto& c : ws.communes)
    if (c.in_rural_basin) { ++nb; bpop += c.population; b1529 += c.pop_15_29; bbx.extend(bbox(c.geom)); }
  std::printf("%-14s %8zu %14s  %s\n", "rural_basins", nb, P(bpop).c_str(), extent_text(bbx).c_str());
  BBox sbox;
  std::map<ServiceKind, int> per_kind;
  for (const auto& s : ws.services) { sbox.extend(s.pos); per_kind[s.kind]++; }
  std::printf("%-14s %8zu %14s  %s\n", "services", ws.services.size(), "-", extent_text(sbox).c_str());
  std::printf("%-14s %8zu %14s\n", "laureates", ws.laureates.size(), "-");

  std::printf("\nPopulation 15-29 ans estimée : %s (%s)\n", P(pop1529).c_str(), ws.meta.count("youth.method") ? ws.meta.at("youth.method").c_str() : "méthode inconnue");

  if (!ws.qpvs.empty()) {
    std::printf("\nPopulation des QPV : ");
    if (qpv_known == 0) std::printf("inconnue (ni les fichiers QPV ni [parameters] qpv_population_total ne la donnent)\n");
    else {
      auto it = ws.meta.find("qpv.population_method");
      std::printf("%s%s (%zu QPV sur %zu ; %s)\n", qpv_estimated ? "≈ " : "", P(qpv_pop).c_str(), qpv_known, ws.qpvs.size(),
                  it != ws.meta.end() ? it->second.c_str() : "population publiée par QPV");
    }
    std::printf("  communes comptant un QPV : %zu, %s habitants (toute la commune, pas seulement le quartier)\n", qcommunes.size(),
                P(qcom_pop).c_str());
  }
  std::printf("\nQPV par département (un QPV à cheval compte dans chacun) :\n");
  for (const auto& d : ws.departements) std::printf("  %s %s %3d\n", d.code.c_str(), utf8_fit(d.name, 16, 16).c_str(), qpv_per_dep[d.code]);
  if (with_perimeter == 0)
    std::printf("  Périmètres QPV non chargés : niveau commune (%zu communes, %s habitants au total).\n", qcommunes.size(), P(qcom_pop).c_str());
  else
    std::printf("  Périmètres chargés pour %zu QPV sur %zu.\n", with_perimeter, ws.qpvs.size());

  std::printf("\nBassins ruraux à fort chômage : %zu communes, %s habitants, %s jeunes de 15-29 ans (estimation)\n", nb, P(bpop).c_str(),
              P(std::llround(b1529)).c_str());
  std::printf("  règle : densité %d à 7, zone d'emploi au-dessus de %s %% (taux régional pondéré %s %%, %s)\n", ws.rural_rule.min_density,
              format_fr(ws.rural_rule.threshold_rate, 2).c_str(), format_fr(ws.rural_rule.regional_rate, 2).c_str(), ws.rural_rule.quarter.c_str());

  if (!ws.zones.empty()) {
    auto [lo, hi] = std::minmax_element(ws.zones.begin(), ws.zones.end(), [](auto& x, auto& y) { return x.rate_latest < y.rate_latest; });
    std::printf("\nChômage localisé (%s) : de %s %% (%s %s) à %s %% (%s %s)\n", lo->quarter_latest.c_str(), format_fr(lo->rate_latest, 1).c_str(),
                lo->code.c_str(), lo->name.c_str(), format_fr(hi->rate_latest, 1).c_str(), hi->code.c_str(), hi->name.c_str());
    std::vector<const ZoneEmploi*> zs;
    for (const auto& z : ws.zones) zs.push_back(&z);
    std::sort(zs.begin(), zs.end(), [](auto* x, auto* y) { return x->rate_latest > y->rate_latest; });
    std::printf("  zones au-dessus du seuil : ");
    int k = 0;
    for (auto* z : zs)
      if (z->rate_latest > ws.rural_rule.threshold_rate) std::printf("%s%s (%s)", k++ ? ", " : "", z->name.c_str(), format_fr(z->rate_latest, 1).c_str());
    std::printf("\n");
  }

  std::printf("\nServices :\n");
  for (const auto& [k, n] : per_kind) std::printf("  %s %4d\n", utf8_fit(service_kind_label_fr(k), 34, 34).c_str(), n);

  std::printf("\nLauréats (%zu) :\n", ws.laureates.size());
  for (const auto& l : ws.laureates) {
    long long lp = 0;
    for (const auto& code : l.communes)
      if (const Commune* c = ws.commune(code)) lp += c->population;
    std::printf("  %-22s %s %5zu communes %11s hab.%s\n", l.id.c_str(), utf8_fit(l.carrier, 45, 45).c_str(), l.communes.size(), P(lp).c_str(),
                l.focus == "qpv" ? " (communes à QPV)" : "");
  }

  // Road network (imported from a [roads] section), else distances are straight lines.
  std::printf("\nRéseau routier : ");
  if (const auto& net = ws.roads) {  // read by load_workspace (no second read of the network)
    std::printf("%s\n", io::roads_path_for(path).c_str());
    for (const auto* g : {&net->car, &net->foot}) {
      double km = 0;
      for (const auto& s : g->segs) km += s.length_m / 1000.0;
      uint32_t ncomp = 0;
      roads::components(*g, &ncomp);
      std::printf("  %-8s %9zu nœuds %9zu arcs %10s km de voies, %u composante(s) connexe(s)\n", roads::profile_label_fr(g->profile),
                  g->n_nodes(), g->n_edges(), format_fr(km, 0).c_str(), ncomp);
    }
    auto info = [&](const char* k) { return net->info.count(k) ? net->info.at(k) : std::string("?"); };
    std::printf("  voies routables %s sur %s lues, %s hors de la région + %s km, %s référence(s) de nœud manquante(s)\n",
                info("ways_routable").c_str(), info("ways_read").c_str(), info("ways_clipped_out").c_str(), info("margin_km").c_str(),
                info("missing_refs").c_str());
    std::printf("  extraits : %s\n  profils : %s\n", join(net->files, ", ").c_str(), net->table.source.c_str());
  } else {
    std::printf("aucun (pas de section [roads] dans le manifeste) : les temps de trajet sont à vol d'oiseau\n");
  }
  return 0;
}

cli::Registrar reg{{"info", "résumer un espace de travail (couches, QPV, bassins ruraux, chômage, lauréats)", kUsage, run}};

}  // namespace
