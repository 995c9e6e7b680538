#include "io/plan_setup.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

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

namespace {

const char* const kDayShort[7] = {"lun", "mar", "mer", "jeu", "ven", "sam", "dim"};

int day_index(const std::string& raw) {
  static const char* const full[7] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  static const char* const en[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const std::string t = fold(raw);
  for (int d = 0; d < 7; ++d)
    if (t == kDayShort[d] || t == full[d] || t == en[d]) return d;
  return -1;
}

std::string clock_text(double s) {
  const long m = std::lround(s / 60.0);
  char b[16];
  std::snprintf(b, sizeof b, "%02ld:%02ld", (m / 60) % 100, m % 60);
  return b;
}

}  // namespace

routing::WeekPattern parse_slots(const std::string& text, const std::string& opt) {
  const std::string where = "--" + opt;
  auto bad = [&](size_t pos, const std::string& token, const std::string& why) {
    return Error(ErrorKind::Usage, "créneaux illisibles : " + why + " « " + token + " » (caractère " + std::to_string(pos + 1) + ")",
                 where, "par exemple \"lun-ven 09:30-12:30,13:30-16:00\" ; groupes séparés par « ; »");
  };
  routing::WeekPattern p;
  std::array<bool, 7> given{};
  bool any = false;
  size_t gpos = 0;
  while (gpos <= text.size()) {
    size_t gend = text.find(';', gpos);
    if (gend == std::string::npos) gend = text.size();
    const std::string group = text.substr(gpos, gend - gpos);
    // Leading spaces of the group.
    size_t i = 0;
    while (i < group.size() && std::isspace(static_cast<unsigned char>(group[i]))) ++i;
    if (i == group.size()) {
      if (gend == text.size() && any) break;  // a trailing ';'
      throw bad(gpos, group, "groupe vide");
    }
    std::array<bool, 7> days{};
    std::string slots_part;
    size_t slots_pos = gpos + i;
    if (std::isdigit(static_cast<unsigned char>(group[i]))) {
      for (int d = 0; d < 5; ++d) days[static_cast<size_t>(d)] = true;
      slots_part = group.substr(i);
    } else {
      size_t sp = i;
      while (sp < group.size() && !std::isspace(static_cast<unsigned char>(group[sp]))) ++sp;
      const std::string days_part = group.substr(i, sp - i);
      size_t dpos = gpos + i;
      for (const std::string& item : split(days_part, ',')) {
        const auto dash = item.find('-');
        if (dash == std::string::npos) {
          const int d = day_index(item);
          if (d < 0) throw bad(dpos, item, "jour inconnu");
          days[static_cast<size_t>(d)] = true;
        } else {
          const int a = day_index(item.substr(0, dash)), b = day_index(item.substr(dash + 1));
          if (a < 0 || b < 0) throw bad(dpos, item, "jours inconnus");
          if (b < a) throw bad(dpos, item, "intervalle de jours à l'envers");
          for (int d = a; d <= b; ++d) days[static_cast<size_t>(d)] = true;
        }
        dpos += item.size() + 1;
      }
      while (sp < group.size() && std::isspace(static_cast<unsigned char>(group[sp]))) ++sp;
      if (sp == group.size()) throw bad(gpos + i, days_part, "pas d'horaires après les jours");
      slots_part = group.substr(sp);
      slots_pos = gpos + sp;
    }
    std::vector<routing::HalfDay> halves;
    size_t spos = slots_pos;
    for (const std::string& raw : split(slots_part, ',')) {
      const std::string item = trim(raw);
      const auto dash = item.find('-');
      if (item.empty() || dash == std::string::npos) throw bad(spos, raw, "créneau illisible (HH:MM-HH:MM)");
      routing::HalfDay h;
      try {
        h.start_s = parse_clock(item.substr(0, dash), opt);
        h.end_s = parse_clock(item.substr(dash + 1), opt);
      } catch (const Error&) {
        throw bad(spos, item, "heure illisible (HH:MM-HH:MM)");
      }
      if (!(h.end_s > h.start_s)) throw bad(spos, item, "le créneau finit avant de commencer");
      halves.push_back(h);
      spos += raw.size() + 1;
    }
    std::sort(halves.begin(), halves.end(), [](const auto& a, const auto& b) { return a.start_s < b.start_s; });
    for (size_t k = 1; k < halves.size(); ++k)
      if (halves[k].start_s < halves[k - 1].end_s)
        throw bad(slots_pos, trim(slots_part), "créneaux qui se chevauchent");
    for (int d = 0; d < 7; ++d) {
      if (!days[static_cast<size_t>(d)]) continue;
      if (given[static_cast<size_t>(d)]) throw bad(gpos + i, trim(group), std::string("jour donné deux fois (") + kDayShort[d] + ")");
      given[static_cast<size_t>(d)] = true;
      p.days[static_cast<size_t>(d)] = halves;
    }
    any = true;
    if (gend == text.size()) break;
    gpos = gend + 1;
  }
  return p;
}

std::string slots_text(const routing::WeekPattern& p) {
  std::vector<std::string> groups;
  int d = 0;
  while (d < 7) {
    if (p.days[static_cast<size_t>(d)].empty()) {
      ++d;
      continue;
    }
    int e = d;
    auto same = [&](int a, int b) {
      const auto &x = p.days[static_cast<size_t>(a)], &y = p.days[static_cast<size_t>(b)];
      if (x.size() != y.size()) return false;
      for (size_t k = 0; k < x.size(); ++k)
        if (x[k].start_s != y[k].start_s || x[k].end_s != y[k].end_s) return false;
      return true;
    };
    while (e + 1 < 7 && same(d, e + 1)) ++e;
    std::string g = kDayShort[d];
    if (e > d) g += std::string("-") + kDayShort[e];
    g += " ";
    const auto& hs = p.days[static_cast<size_t>(d)];
    for (size_t k = 0; k < hs.size(); ++k)
      g += (k ? "," : "") + clock_text(hs[k].start_s) + "-" + clock_text(hs[k].end_s);
    groups.push_back(g);
    d = e + 1;
  }
  return join(groups, "; ");
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
