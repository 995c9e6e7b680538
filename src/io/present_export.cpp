#include "io/present_export.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/region_text.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "core/text.h"
#include "io/scenario_store.h"

namespace maraude::io {

namespace {
struct Territory {
  std::string ref, code, name, title;
  std::vector<size_t> communes;
};

ExportResult dossier_pages(const Workspace& ws, const std::string& by, const ScenarioGaps& gaps,
                           const std::string& pdf_path, const ExportProgress& progress);

// Completes the atlas unless cancelled at the last moment (the file is then abandoned).
ExportResult complete(PdfAtlas& atlas, const ExportProgress& progress) {
  progress("fin", atlas.pages(), atlas.pages());
  if (progress.cancelled()) return {atlas.pages(), true};
  atlas.finish();
  return {atlas.pages(), false};
}
}  // namespace

std::unique_ptr<ScenarioGaps> compute_scenario_gaps(const std::string& ws_path, const Workspace& ws,
                                                    const std::string& name) {
  return compute_scenario_gaps(ws, io::load_scenario(ws_path, ws, name));
}

std::unique_ptr<ScenarioGaps> compute_scenario_gaps(const Workspace& ws, const coverage::Scenario& sc) {
  coverage::CoverageParams params;
  auto out = std::make_unique<ScenarioGaps>();
  out->engine = std::make_unique<coverage::CoverageEngine>(&ws, coverage::build_targets(ws, params),
                                                           coverage::default_travel(ws), params);
  out->engine->set_scenario(sc);
  out->layer.scenario = sc.name;
  const auto& res = out->engine->results();
  for (size_t t = 0; t < res.size(); ++t) {
    if (res[t].gap_area_m2 <= 0) continue;
    MultiPolygon g = out->engine->gap(t);
    if (g.empty()) continue;
    out->layer.boxes.push_back(bbox(g));
    out->layer.polys.push_back(std::move(g));
  }
  return out;
}

bool GapsCache::exists(const std::string& name) {
  if (name == coverage::kDefaultScenarioName || (shown_ && name == shown_->name)) return true;
  return io::scenario_exists(path_, name);
}

std::string GapsCache::shown_name() const { return shown_ ? shown_->name : coverage::kDefaultScenarioName; }

const ScenarioGaps* GapsCache::get(const std::string& name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second.get();
  std::unique_ptr<ScenarioGaps> g;
  if (shown_ && name == shown_->name) g = compute_scenario_gaps(ws_, *shown_);
  else if (exists(name)) g = compute_scenario_gaps(path_, ws_, name);
  return cache_.emplace(name, std::move(g)).first->second.get();
}

std::vector<std::pair<std::string, std::string>> view_figures(const Workspace& ws, const StoryView& v, const BBox& e,
                                                              const ScenarioGaps* gaps) {
  std::vector<std::pair<std::string, std::string>> f;
  // Figures of the territory the view frames (zone, EPCI, department, commune), else of the frame.
  const auto colon = v.extent.find(':');
  const std::string kind = colon == std::string::npos ? v.extent : v.extent.substr(0, colon);
  const std::string code = colon == std::string::npos ? "" : v.extent.substr(colon + 1);
  const bool by_territory = (kind == "zone" || kind == "epci" || kind == "departement" || kind == "commune") &&
                            !ref_bbox(ws, v.extent).empty();
  auto inside = [&](const Commune& c) {
    if (!by_territory) return !e.empty() && e.contains(c.anchor);
    if (kind == "zone") return c.zone_emploi == code;
    if (kind == "epci") return c.epci == code;
    if (kind == "departement") return c.departement == code;
    return c.code == code;
  };
  long long pop = 0;
  double y = 0;
  int communes = 0, basin = 0;
  std::set<std::string> codes;
  for (const auto& c : ws.communes)
    if (inside(c)) {
      codes.insert(c.code);
      ++communes;
      pop += c.population;
      y += c.pop_15_29;
      basin += c.in_rural_basin;
    }
  int services = 0;
  for (const auto& s : ws.services)
    services += by_territory ? codes.count(s.commune) > 0 : (!e.empty() && e.contains(s.pos));
  const std::string where = by_territory ? (kind == "commune" ? "de la commune" : "du territoire") : "dans le cadre";
  if (kind != "commune" || !by_territory) f.push_back({"Communes " + where, format_thousands(communes)});
  f.push_back({"Habitants", format_thousands(pop)});
  f.push_back({"Jeunes de 15 à 29 ans (estimation)", format_thousands(std::llround(y))});
  f.push_back({"Communes rurales en bassin à fort chômage", format_thousands(basin)});
  f.push_back({"Services d'accueil (" + service_kinds_words(ws) + ")", format_thousands(services)});
  for (const auto& h : v.highlights)
    if (starts_with(h, "zone:"))
      if (const auto* z = ws.zone(h.substr(5)))
        f.push_back({"Chômage " + z->name + " (" + z->quarter_latest + ")", format_fr(z->rate_latest, 1) + " %"});
  if (gaps && gaps->engine) {
    coverage::Totals t;
    const auto& tg = gaps->engine->targets();
    const auto& rs = gaps->engine->results();
    for (size_t i = 0; i < tg.size(); ++i)
      if (by_territory ? (!tg[i].communes.empty() && codes.count(tg[i].communes[0]) > 0)
                       : (!e.empty() && e.contains(tg[i].anchor)))
        t.add(tg[i], rs[i]);
    f.push_back({"Cibles (QPV, communes rurales) " + where, format_thousands(t.targets)});
    f.push_back({"NEET estimés non couverts", format_thousands(std::llround(t.uncovered_neet))});
    f.push_back({"Part des NEET estimés couverts", format_fr(t.pct_neet_covered(), 1) + " %"});
  }
  return f;
}

AtlasPage handout_page(const Workspace& ws, const Story& s, size_t i, GapsCache& gaps) {
  const StoryView& v = s.views.at(i);
  AtlasPage p;
  p.title = v.title;
  p.subtitle = s.name + " — vue " + std::to_string(i + 1) + " sur " + std::to_string(s.views.size());
  p.warnings = view_problems(v, ws, [&](const std::string& n) { return gaps.exists(n); });
  try {
    p.extent = resolve_extent(ws, v.extent);
  } catch (const Error&) {
    p.extent = BBox{};  // reported by view_problems
  }
  if (p.extent.empty()) p.extent = resolve_extent(ws, "region");
  // The layers as the presenter draws them from a fresh map (story_view_layers, as
  // app::apply_story_view): the view's order, the others hidden, none named = the map's
  // defaults, no gaps when the view's scenario is missing. The opacities the view names; the
  // others are the window's defaults (pdf_atlas base_opacity: the choropleth at 0.75).
  const bool scenario_missing = !v.scenario.empty() && !gaps.exists(v.scenario);
  for (const auto& l : story_view_layers(default_view_layers(), v, scenario_missing))
    if (l.visible) {
      p.layers.push_back(l.key);
      if (v.opacity.count(l.key)) p.opacity[l.key] = l.opacity;
    }
  // A view framing one territory that it also highlights: veil the surroundings.
  for (const char* k : {"zone:", "epci:", "departement:"})
    if (starts_with(v.extent, k) && std::find(v.highlights.begin(), v.highlights.end(), v.extent) != v.highlights.end() &&
        !ref_bbox(ws, v.extent).empty())
      p.focus = v.extent;
  for (const auto& h : v.highlights)
    if (!ref_bbox(ws, h).empty()) p.highlights.push_back(h);  // missing ones are in the warnings
  // The view's scenario; a view naming none shows, when its gaps layer is visible, the map's
  // scenario as the presenter would (the default one from a fresh window or the command line).
  const bool gaps_shown = std::find(p.layers.begin(), p.layers.end(), "gaps") != p.layers.end();
  const ScenarioGaps* g = !v.scenario.empty() ? gaps.get(v.scenario)
                          : gaps_shown        ? gaps.get(gaps.shown_name())
                                              : nullptr;
  if (g && gaps_shown) p.gaps = &g->layer;
  p.figures = view_figures(ws, v, p.extent, g);
  p.notes = v.notes;
  return p;
}

ExportResult export_handout(const std::string& ws_path, const Workspace& ws, const Story& s, const std::string& pdf_path,
                            const ExportProgress& progress, const coverage::Scenario* shown,
                            const std::vector<char>* laureates_shown) {
  check_output_writable(pdf_path);
  if (s.views.empty())
    throw Error(ErrorKind::BadInput, "le récit « " + s.name + " » n'a aucune vue", ws_path, "ajoutez des vues dans la fenêtre de Maraude");
  GapsCache gaps(ws_path, ws);
  if (shown) gaps.set_shown(*shown);
  PdfAtlas atlas(pdf_path, ws, s.name);
  for (size_t i = 0; i < s.views.size(); ++i) {
    progress("page", static_cast<int>(i), static_cast<int>(s.views.size()));
    if (progress.cancelled()) return {atlas.pages(), true};
    AtlasPage page = handout_page(ws, s, i, gaps);
    if (laureates_shown) page.laureate_visible = *laureates_shown;
    atlas.add_page(page);
  }
  return complete(atlas, progress);
}

bool is_dossier_level(const std::string& by) { return by == "zone" || by == "epci" || by == "departement"; }

ExportResult export_dossier(const std::string& ws_path, const Workspace& ws, const std::string& by,
                            const std::string& scenario, const std::string& pdf_path, const ExportProgress& progress) {
  if (!is_dossier_level(by))
    throw Error(ErrorKind::Usage, "--by « " + by + " » inconnu", "--by", "zone, epci ou departement");
  check_output_writable(pdf_path);
  progress("lacunes", 0, 0);
  auto gaps = compute_scenario_gaps(ws_path, ws, scenario);
  if (progress.cancelled()) return {0, true};
  return dossier_pages(ws, by, *gaps, pdf_path, progress);
}

ExportResult export_dossier(const std::string& ws_path, const Workspace& ws, const std::string& by,
                            const coverage::Scenario& scenario, const std::string& pdf_path,
                            const ExportProgress& progress) {
  (void)ws_path;
  if (!is_dossier_level(by))
    throw Error(ErrorKind::Usage, "--by « " + by + " » inconnu", "--by", "zone, epci ou departement");
  check_output_writable(pdf_path);
  progress("lacunes", 0, 0);
  auto gaps = compute_scenario_gaps(ws, scenario);
  if (progress.cancelled()) return {0, true};
  return dossier_pages(ws, by, *gaps, pdf_path, progress);
}

namespace {
// The atlas pages of a dossier once the scenario's gaps are computed.
ExportResult dossier_pages(const Workspace& ws, const std::string& by, const ScenarioGaps& gaps_in,
                           const std::string& pdf_path, const ExportProgress& progress) {
  const ScenarioGaps* gaps = &gaps_in;

  // Territories and their communes.
  std::map<std::string, Territory> terr;
  for (size_t i = 0; i < ws.communes.size(); ++i) {
    const Commune& c = ws.communes[i];
    const std::string code = by == "zone" ? c.zone_emploi : by == "epci" ? c.epci : c.departement;
    if (code.empty()) continue;
    Territory& t = terr[code];
    if (t.code.empty()) {
      t.code = code;
      t.ref = (by == "zone" ? "zone:" : by == "epci" ? "epci:" : "departement:") + code;
      if (by == "zone") {
        const auto* z = ws.zone(code);
        t.name = z ? z->name : code;
        t.title = "Zone d'emploi " + t.name;
      } else if (by == "epci") {
        t.name = c.epci_name.empty() ? code : c.epci_name;
        t.title = t.name;
      } else {
        t.name = code;
        for (const auto& d : ws.departements)
          if (d.code == code) t.name = d.name;
        t.title = t.name + " (" + code + ")";
      }
    }
    t.communes.push_back(i);
  }
  const std::string level = by == "zone" ? "zone_emploi" : by;
  std::map<std::string, coverage::Totals> totals;
  for (const auto& g : gaps->engine->group_totals(level)) totals[g.code] = g.totals;

  const std::string doc_title = std::string("Dossier des lacunes par ") +
                                (by == "zone" ? "zone d'emploi" : by == "epci" ? "EPCI" : "département") + " — " +
                                region_name(ws);
  PdfAtlas atlas(pdf_path, ws, doc_title);
  const int total = static_cast<int>(terr.size());
  for (const auto& [code, t] : terr) {
    progress("page", atlas.pages(), total);
    if (progress.cancelled()) return {atlas.pages(), true};
    AtlasPage p;
    p.title = t.title;
    p.subtitle = doc_title + " — scénario « " + gaps->layer.scenario + " »";
    p.extent = resolve_extent(ws, t.ref);
    p.focus = t.ref;
    p.highlights = {t.ref};
    p.layers = {"zones", "gaps", "basins", "qpv", "communes", "departements", "region", "services", "labels"};
    p.gaps = &gaps->layer;
    p.opacity["zones"] = 0.6;  // the gaps must stand out from the choropleth

    long long pop = 0;
    double y = 0, basin_y = 0;
    int basin = 0;
    std::set<std::string> codes;
    for (size_t i : t.communes) {
      const Commune& c = ws.communes[i];
      codes.insert(c.code);
      pop += c.population;
      y += c.pop_15_29;
      if (c.in_rural_basin) {
        ++basin;
        basin_y += c.pop_15_29;
      }
    }
    int qpv = 0;
    for (const auto& q : ws.qpvs)
      if (!q.communes.empty() && codes.count(q.communes[0])) ++qpv;
    int services = 0;
    for (const auto& s : ws.services) services += codes.count(s.commune) > 0;
    auto& f = p.figures;
    if (by == "zone")
      if (const auto* z = ws.zone(code)) {
        if (!z->quarter_year_before.empty())
          f.push_back({"Taux de chômage " + z->quarter_latest + " (" + z->quarter_year_before + "), INSEE",
                       format_fr(z->rate_latest, 1) + " % (" + format_fr(z->rate_year_before, 1) + " %)"});
        else
          f.push_back({"Taux de chômage " + z->quarter_latest + ", INSEE", format_fr(z->rate_latest, 1) + " %"});
      }
    f.push_back({"Communes", format_thousands(static_cast<long long>(t.communes.size()))});
    f.push_back({"Habitants", format_thousands(pop)});
    f.push_back({"Jeunes de 15 à 29 ans (estimation)", format_thousands(std::llround(y))});
    if (!ws.qpvs.empty()) f.push_back({qpv_label(ws, true), format_thousands(qpv)});
    f.push_back({"Communes rurales en bassin à fort chômage (leurs 15-29 ans)",
                 format_thousands(basin) + " (" + format_thousands(std::llround(basin_y)) + ")"});
    f.push_back({"Services d'accueil (France Services, France Travail, missions locales)", format_thousands(services)});
    auto it = totals.find(code);
    const coverage::Totals tt = it == totals.end() ? coverage::Totals{} : it->second;
    f.push_back({"Cibles : QPV, communes rurales (dont sans aucune couverture)",
                 format_thousands(tt.targets) + " (" + format_thousands(tt.targets_fully_uncovered) + ")"});
    f.push_back({"NEET estimés dans les cibles", format_thousands(std::llround(tt.neet))});
    f.push_back({"NEET estimés non couverts", format_thousands(std::llround(tt.uncovered_neet))});
    if (tt.neet > 0) f.push_back({"Part des NEET estimés couverts", format_fr(tt.pct_neet_covered(), 1) + " %"});
    if (tt.targets == 0)
      p.notes = "Aucune cible sur ce territoire : ni QPV, ni commune rurale d'un bassin à fort chômage.";
    else
      p.notes = "Lacune = partie d'une cible (QPV, commune rurale d'un bassin à fort chômage) qu'aucun point du "
                "scénario n'atteint (portée " + gaps->engine->reach_label() +
                "). NEET estimés : " + format_fr(100 * gaps->engine->params().neet_share, 1) +
                " % des 16-29 ans (" + gaps->engine->params().neet_source + "), répartis uniformément dans la cible.";
    atlas.add_page(p);
  }
  return complete(atlas, progress);
}
}  // namespace

}  // namespace maraude::io
