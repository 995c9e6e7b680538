#include "core/coverage/targets.h"

#include <geos_c.h>

#include "core/coverage/geos_util.h"
#include "core/region_text.h"

namespace maraude::coverage {

const char* target_kind_id(TargetKind k) {
  switch (k) {
    case TargetKind::Qpv: return "qpv";
    case TargetKind::QpvCommuneLevel: return "qpv_commune";
    case TargetKind::RuralCommune: return "rural";
  }
  return "?";
}

const char* target_kind_label_fr(TargetKind k) {
  switch (k) {
    case TargetKind::Qpv: return "QPV (périmètre)";
    case TargetKind::QpvCommuneLevel: return "QPV (niveau commune)";
    case TargetKind::RuralCommune: return "Commune rurale d'un bassin à fort chômage";
  }
  return "?";
}

// Union of several communes' polygons, made valid (adjacent parts merged).
static MultiPolygon union_of(const std::vector<const Commune*>& cs) {
  if (cs.size() == 1) return cs[0]->geom;
  MultiPolygon all;
  for (auto* c : cs)
    for (const auto& p : c->geom.polys) all.polys.push_back(p);
  geos::Geom g = geos::from_model(all);
  geos::Geom u = geos::check(GEOSUnaryUnion_r(geos::handle(), g.get()), "UnaryUnion");
  return geos::to_model(u.get());
}

std::vector<Target> build_targets(const Workspace& ws, const CoverageParams& params_in, std::vector<std::string>* warnings) {
  const CoverageParams params = params_in.for_workspace(&ws);
  std::vector<Target> out;
  auto warn = [&](const std::string& w) {
    if (warnings) warnings->push_back(w);
  };
  if (params.include_qpv) {
    for (const auto& q : ws.qpvs) {
      Target t;
      t.id = "qpv:" + q.code;
      t.code = q.code;
      t.name = q.name;
      t.communes = q.communes;
      std::vector<const Commune*> cs;
      for (const auto& code : q.communes)
        if (const Commune* c = ws.commune(code)) cs.push_back(c);
      if (q.has_perimeter && !q.perimeter.empty()) {
        t.kind = TargetKind::Qpv;
        t.geom = q.perimeter;
        t.anchor = point_on_surface(t.geom);
      } else {
        t.kind = TargetKind::QpvCommuneLevel;
        if (cs.empty()) {
          warn("QPV " + q.code + " (" + q.name + ") ignoré : ni périmètre ni commune connue dans l'espace de travail");
          continue;
        }
        t.geom = union_of(cs);
        t.anchor = cs[0]->anchor;
        t.flags.push_back("périmètre inconnu : le QPV est représenté par sa ou ses communes (niveau commune)");
      }
      // Population: the QPV's own; the 15-29 share is its communes' (population-weighted).
      double pop = 0, y = 0;
      for (auto* c : cs) {
        pop += static_cast<double>(c->population);
        y += c->pop_15_29;
      }
      const double share_15_29 = pop > 0 ? y / pop : 0;
      if (q.population >= 0) {
        t.population_known = true;
        t.population = static_cast<double>(q.population);
        if (q.population_estimated)
          t.flags.push_back("population estimée (total régional des QPV réparti au prorata de la population des communes)");
      }
      if (!t.population_known || t.population <= 0) {
        t.population_known = false;
        t.flags.push_back("population inconnue : exclue des totaux de population");
      } else if (share_15_29 <= 0) {
        t.flags.push_back("part des 15-29 ans inconnue pour ses communes : 15-29 et NEET non estimés");
      }
      t.pop_15_29 = t.population_known ? t.population * share_15_29 : 0;
      t.neet = neet_from_15_29(t.pop_15_29, params);
      t.area_m2 = area(t.geom);
      out.push_back(std::move(t));
    }
  }
  if (params.include_rural) {
    for (const auto& c : ws.communes) {
      if (!c.in_rural_basin) continue;
      if (c.geom.empty()) {
        warn("commune " + c.code + " (" + c.name + ") ignorée : pas de géométrie");
        continue;
      }
      Target t;
      t.id = "commune:" + c.code;
      t.kind = TargetKind::RuralCommune;
      t.code = c.code;
      t.name = c.name;
      t.communes = {c.code};
      t.geom = c.geom;
      t.anchor = c.anchor;
      t.population_known = c.population > 0;
      t.population = static_cast<double>(c.population);
      if (!t.population_known) t.flags.push_back("population inconnue : exclue des totaux de population");
      t.pop_15_29 = t.population_known ? c.pop_15_29 : 0;
      if (t.population_known && c.pop_15_29 <= 0)
        t.flags.push_back("15-29 ans non estimés pour cette commune : NEET non estimés");
      t.neet = neet_from_15_29(t.pop_15_29, params);
      t.area_m2 = area(t.geom);
      out.push_back(std::move(t));
    }
  }
  return out;
}

CoverageParams CoverageParams::for_workspace(const Workspace* ws) const {
  CoverageParams p = *this;
  if (p.neet_source.empty()) {
    p.neet_share = ws ? maraude::neet_share(*ws) : kDefaultNeetShare;
    p.neet_source = ws ? maraude::neet_source(*ws) : "Apprentis d'Auteuil : 12,8 % des 16-29 ans sont NEET (valeur par défaut)";
  }
  return p;
}

}  // namespace maraude::coverage
