#include "io/plan_setup.h"

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/projection.h"
#include "core/text.h"

namespace maraude::io {

using coverage::Target;
using coverage::TargetKind;

double parse_clock(const std::string& s, const std::string& opt) {
  const auto parts = split(trim(s), ':');
  if (parts.size() == 2) {
    const auto h = parse_integer(parts[0]), m = parse_integer(parts[1]);
    if (h && m && *h >= 0 && *m >= 0 && *m < 60 && (*h < 24 || (*h == 24 && *m == 0))) return static_cast<double>(*h * 3600 + *m * 60);
  }
  throw Error(ErrorKind::Usage, "heure illisible « " + s + " »", "--" + opt, "format HH:MM, par exemple 09:00");
}

double parse_duration(const std::string& s, const std::string& opt) {
  std::string t = trim(s);
  auto bad = [&]() {
    return Error(ErrorKind::Usage, "durée illisible « " + s + " »", "--" + opt, "par exemple 3h, 2h30, 150min");
  };
  if (t.empty()) throw bad();
  double total = 0;
  if (ends_with(t, "min")) {
    auto v = parse_number(t.substr(0, t.size() - 3));
    if (!v || *v < 0) throw bad();
    return *v * 60;
  }
  const auto h = t.find('h');
  if (h != std::string::npos) {
    auto v = parse_number(t.substr(0, h));
    if (!v || *v < 0) throw bad();
    total = *v * 3600;
    const std::string rest = t.substr(h + 1);
    if (!rest.empty()) {
      auto m = parse_number(rest);
      if (!m || *m < 0) throw bad();
      total += *m * 60;
    }
    return total;
  }
  auto v = parse_number(t);
  if (!v || *v < 0) throw bad();
  return *v * 60;
}

std::set<std::string> territory_communes(const Workspace& ws, const std::string& spec, std::string& label) {
  label.clear();  // a label set by the caller ("région entière") is not the territory's
  const auto colon = spec.find(':');
  if (colon == std::string::npos)
    throw Error(ErrorKind::Usage, "territoire illisible « " + spec + " »", "--territory",
                "laureate:ID, zone:CODE ou epci:SIREN");
  const std::string kind = spec.substr(0, colon), code = spec.substr(colon + 1);
  std::set<std::string> out;
  if (kind == "laureate" || kind == "laureat") {
    for (const auto& l : ws.laureates)
      if (l.id == code) {
        out.insert(l.communes.begin(), l.communes.end());
        label = "lauréat " + l.carrier + " (" + l.territory_text + ")";
        if (out.empty())
          throw Error(ErrorKind::Workspace, "le lauréat « " + code + " » n'a aucune commune résolue", "--territory",
                      "relancez `maraude import`");
        return out;
      }
    std::string ids;
    for (const auto& l : ws.laureates) ids += (ids.empty() ? "" : ", ") + l.id;
    throw Error(ErrorKind::Usage, "lauréat « " + code + " » inconnu", "--territory", "lauréats connus : " + ids);
  }
  if (kind == "zone" || kind == "epci") {
    for (const auto& c : ws.communes)
      if ((kind == "zone" ? c.zone_emploi : c.epci) == code) {
        out.insert(c.code);
        if (label.empty())
          label = kind == "zone" ? "zone d'emploi " + code : "EPCI " + c.epci_name + " (" + code + ")";
      }
    if (kind == "zone")
      if (const ZoneEmploi* z = ws.zone(code)) label = "zone d'emploi " + z->name + " (" + code + ")";
    if (out.empty()) throw Error(ErrorKind::Usage, kind + " « " + code + " » sans commune dans l'espace de travail", "--territory");
    return out;
  }
  throw Error(ErrorKind::Usage, "type de territoire « " + kind + " » inconnu", "--territory",
              "laureate:ID, zone:CODE ou epci:SIREN");
}

PlanPlace parse_base(const Workspace& ws, const std::string& spec) {
  PlanPlace b;
  const std::string s = trim(spec);
  if (s.find(',') != std::string::npos) {
    const auto parts = split(s, ',');
    std::optional<double> lon, lat;
    if (parts.size() == 2) {
      lon = parse_number(trim(parts[0]));
      lat = parse_number(trim(parts[1]));
    }
    if (!lon || !lat || *lon < -180 || *lon > 180 || *lat < -90 || *lat > 90)
      throw Error(ErrorKind::Usage, "base illisible « " + spec + " »", "--base",
                  "un code INSEE (59178) ou lon,lat en degrés WGS 84 (3.08,50.37)");
    b.pos = lonlat_to_l93(*lon, *lat);
    b.label = "point " + format_fr(*lon, 5) + " ; " + format_fr(*lat, 5);
    for (const auto& c : ws.communes)
      if (bbox(c.geom).contains(b.pos) && contains(c.geom, b.pos)) {
        b.code = c.code;
        b.label = c.name + " (" + format_fr(*lon, 4) + " ; " + format_fr(*lat, 4) + ")";
        break;
      }
    if (!coverage::inside_region(ws, b.pos))
      throw Error(ErrorKind::Usage,
                  "la base « " + spec + " » est hors de la région " + ws.region.name + "",
                  "--base", "donnez lon,lat dans cet ordre, en degrés WGS 84, à l’intérieur de la région");
    return b;
  }
  const Commune* c = ws.commune(s);
  if (!c) {
    // Maybe a commune name.
    std::string found;
    for (const auto& cc : ws.communes)
      if (fold(cc.name) == fold(s)) found = cc.code;
    if (!found.empty()) c = ws.commune(found);
  }
  if (!c)
    throw Error(ErrorKind::Usage, "base « " + spec + " » : ni un code INSEE de la région, ni « lon,lat »",
                "--base", "par exemple --base 59178 (Douai) ou --base 3.08,50.37 ; une commune hors de la région est refusée");
  b.code = c->code;
  b.label = c->name;
  b.pos = c->anchor;
  return b;
}

PlanPlace base_at(const Workspace& ws, Vec2 pos) {
  PlanPlace b;
  b.pos = pos;
  b.label = "point sur la carte";
  for (const auto& c : ws.communes)
    if (bbox(c.geom).contains(pos) && contains(c.geom, pos)) {
      b.code = c.code;
      b.label = c.name;
      break;
    }
  return b;
}

std::string anchor_commune(const Workspace& ws, const Target& tg) {
  for (const auto& code : tg.communes)
    if (const Commune* c = ws.commune(code))
      if (bbox(c->geom).contains(tg.anchor) && contains(c->geom, tg.anchor)) return code;
  return tg.communes.empty() ? tg.code : tg.communes.front();
}

PlanCandidates gap_candidates(const Workspace& ws, const coverage::CoverageEngine& engine,
                              const std::set<std::string>& terr) {
  PlanCandidates out;
  for (const auto& g : engine.ranking()) {
    const Target& tg = engine.targets()[g.target];
    if (!terr.empty()) {
      bool in = false;
      for (const auto& c : tg.communes) in = in || terr.count(c) > 0;
      if (!in) continue;
    }
    const double v = engine.results()[g.target].uncovered_neet;
    if (!tg.population_known) {
      ++out.skipped_unknown;
      out.unknown_names.push_back(tg.name + " (" + tg.code + ")");
      continue;
    }
    if (v <= 0) continue;
    PlanCandidate c;
    c.target = g.target;
    c.value = v;
    c.place.code = anchor_commune(ws, tg);
    c.place.target = tg.id;
    c.place.pos = tg.anchor;
    if (tg.kind == TargetKind::RuralCommune) {
      c.place.label = tg.name;
      if (const Commune* cm = ws.commune(c.place.code)) c.place.pos = cm->anchor;
    } else {
      const Commune* cm = ws.commune(c.place.code);
      c.place.label = (cm ? cm->name : c.place.code) + " — QPV " + tg.name;
      if (tg.kind == TargetKind::Qpv) c.place.area = tg.geom;
    }
    out.list.push_back(std::move(c));
  }
  return out;
}

}  // namespace maraude::io
