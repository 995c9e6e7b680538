#include "io/stop_rules.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace maraude::io {
using namespace maraude::coverage;

bool StopRules::empty() const {
  return !max_population && !min_uncovered_15_29 && !min_neet && !min_service && within.empty() && exclude.empty() &&
         must.empty();
}

std::vector<ServiceKind> effective_service_kinds(const StopRules& r) {
  if (!r.service_kinds.empty()) return r.service_kinds;
  return {ServiceKind::FranceServices, ServiceKind::FranceTravail, ServiceKind::MissionLocale, ServiceKind::Permanence};
}

namespace {

std::string thousands(long long v) { return format_thousands(v); }
// 3 → "3", 2.5 → "2,5".
std::string amount(double v) { return format_fr(v, v == std::floor(v) ? 0 : 1); }

std::string kinds_label(const StopRules& r) {
  if (r.service_kinds.empty()) return "service fixe";
  std::vector<std::string> names;
  for (ServiceKind k : r.service_kinds) names.push_back(service_kind_label_fr(k));
  return join(names, " ou ");
}

std::string population_reason(long long n) { return "commune de plus de " + thousands(n) + " habitants"; }
std::string youth_reason(double n) { return "moins de " + amount(n) + " jeunes de 15-29 ans non couverts"; }
std::string neet_reason(double n) { return "moins de " + amount(n) + " NEET estimés non couverts"; }
std::string service_reason(const StopRules& r) {
  return "trop près d'un " + std::string(r.service_kinds.empty() ? "service fixe" : "service (" + kinds_label(r) + ")") +
         " (< " + r.min_service->label() + ")";
}

// Levenshtein distance on bytes (inputs are folded ASCII-ish); bounded inputs only.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// What an entry of --exclude / --must names: communes (INSEE codes) and targets (ids).
struct Resolved {
  std::vector<std::string> communes, targets;
  bool empty() const { return communes.empty() && targets.empty(); }
};

Resolved resolve(const Workspace& ws, const CoverageEngine& engine, const std::string& entry) {
  Resolved r;
  const std::string e = trim(entry);
  if (ws.commune(e)) r.communes.push_back(e);
  for (const auto& tg : engine.targets())
    if (tg.id == e || tg.code == e) r.targets.push_back(tg.id);
  if (!r.empty()) return r;
  const std::string f = fold(e);
  for (const auto& c : ws.communes)
    if (fold(c.name) == f) r.communes.push_back(c.code);
  for (const auto& tg : engine.targets())
    if (tg.kind != TargetKind::RuralCommune && fold(tg.name) == f) r.targets.push_back(tg.id);
  return r;
}

[[noreturn]] void unknown_entry(const Workspace& ws, const CoverageEngine& engine, const std::string& entry,
                                const std::string& opt) {
  const std::string f = fold(trim(entry));
  std::vector<std::pair<size_t, std::string>> near;
  if (!f.empty() && f.size() <= 80) {
    const size_t limit = std::max<size_t>(2, f.size() / 3);
    auto consider = [&](const std::string& key, const std::string& shown) {
      const size_t d = edit_distance(f, key);
      if (d <= limit) near.emplace_back(d, shown);
    };
    for (const auto& c : ws.communes) {
      consider(fold(c.name), c.name + " (" + c.code + ")");
      consider(c.code, c.name + " (" + c.code + ")");
    }
    for (const auto& tg : engine.targets())
      if (tg.kind != TargetKind::RuralCommune) {
        consider(fold(tg.name), "QPV " + tg.name + " (" + tg.code + ")");
        consider(fold(tg.code), "QPV " + tg.name + " (" + tg.code + ")");
      }
    std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  std::vector<std::string> names;
  for (const auto& n : near)
    if (std::find(names.begin(), names.end(), n.second) == names.end() && names.size() < 6) names.push_back(n.second);
  throw Error(ErrorKind::Usage,
              "« " + entry + " » n'est ni un code INSEE, ni une commune, ni une cible de la région" +
                  (names.empty() ? std::string() : " ; noms proches : " + join(names, ", ")),
              opt, "donnez un code INSEE (02468), un nom de commune (Marle) ou l'identifiant d'une cible (qpv:QN...)");
}

// The candidate's target, or null for a commune added by --must / --stops that is no target.
const Target* target_of(const PlanCandidate& c, const CoverageEngine& engine) {
  if (c.target >= engine.targets().size()) return nullptr;
  const Target& tg = engine.targets()[c.target];
  return tg.id == c.place.target ? &tg : nullptr;
}

bool matches(const Resolved& r, const PlanCandidate& c, const CoverageEngine& engine) {
  for (const auto& t : r.targets)
    if (t == c.place.target) return true;
  for (const auto& code : r.communes)
    if (code == c.place.code) return true;
  return false;
}

std::string candidate_code(const PlanCandidate& c, const CoverageEngine& engine) {
  const Target* tg = target_of(c, engine);
  if (tg && tg->kind != TargetKind::RuralCommune) return tg->code;
  return c.place.code;
}

// A --must entry that is not a candidate: the target (or the commune itself) as an extra stop.
PlanCandidate extra_candidate(const Workspace& ws, const CoverageEngine& engine, const Resolved& r) {
  PlanCandidate extra;
  const auto& T = engine.targets();
  auto from_target = [&](size_t t) {
    const Target& tg = T[t];
    extra.target = t;
    extra.value = tg.population_known ? std::max(0.0, engine.results()[t].uncovered_neet) : 0;
    extra.place.code = anchor_commune(ws, tg);
    extra.place.target = tg.id;
    extra.place.pos = tg.anchor;
    const Commune* cm = ws.commune(extra.place.code);
    if (tg.kind == TargetKind::RuralCommune) {
      extra.place.label = tg.name;
      if (cm) extra.place.pos = cm->anchor;
    } else {
      extra.place.label = (cm ? cm->name : extra.place.code) + " — QPV " + tg.name;
      if (tg.kind == TargetKind::Qpv) extra.place.area = tg.geom;
    }
  };
  for (size_t t = 0; t < T.size(); ++t)
    if (!r.targets.empty() && T[t].id == r.targets.front()) {
      from_target(t);
      return extra;
    }
  const std::string code = r.communes.front();
  for (size_t t = 0; t < T.size(); ++t)
    if (T[t].id == "commune:" + code) {
      from_target(t);
      return extra;
    }
  const Commune* cm = ws.commune(code);
  extra.target = 0;
  extra.value = 0;
  extra.place.code = cm->code;
  extra.place.label = cm->name;
  extra.place.target = "commune:" + cm->code;
  extra.place.pos = cm->anchor;
  return extra;
}

}  // namespace

std::vector<std::string> rules_summary(const StopRules& r) {
  std::vector<std::string> out;
  for (const auto& w : r.within) out.push_back("dans le territoire " + w);
  if (r.max_population) out.push_back("commune de " + thousands(*r.max_population) + " habitants au plus");
  if (r.min_uncovered_15_29)
    out.push_back("au moins " + amount(*r.min_uncovered_15_29) + " jeunes de 15-29 ans non couverts");
  if (r.min_neet) out.push_back("au moins " + amount(*r.min_neet) + " NEET estimés non couverts");
  if (r.min_service) out.push_back(kinds_label(r) + " le plus proche à " + r.min_service->label() + " au moins");
  if (!r.exclude.empty()) out.push_back(std::to_string(r.exclude.size()) + " arrêt(s) exclu(s)");
  if (!r.must.empty()) out.push_back(std::to_string(r.must.size()) + " arrêt(s) obligatoire(s)");
  return out;
}

long long parse_rule_population(const std::string& v, const std::string& opt) {
  const auto n = parse_integer(trim(v));
  if (!n) throw Error(ErrorKind::Usage, opt + " attend un nombre entier d'habitants, pas « " + v + " »", opt, "par exemple " + opt + " 5000");
  if (*n < 1 || *n > kMaxPopulationRule)
    throw Error(ErrorKind::Usage, opt + " " + v + " hors limites : de 1 à " + thousands(kMaxPopulationRule) + " habitants", opt,
                "par exemple " + opt + " 5000");
  return *n;
}

double parse_rule_amount(const std::string& v, const std::string& opt, double max) {
  const auto n = parse_number(trim(v));
  if (!n || !std::isfinite(*n))
    throw Error(ErrorKind::Usage, opt + " attend un nombre, pas « " + v + " »", opt, "par exemple " + opt + " 30");
  if (*n < 0 || *n > max)
    throw Error(ErrorKind::Usage, opt + " " + v + " hors limites : de 0 à " + format_fr(max, 0), opt, "par exemple " + opt + " 30");
  return *n;
}

std::vector<std::string> parse_within(const std::string& v, const std::string& opt) {
  std::vector<std::string> out;
  for (const auto& p : split(v, ',')) {
    const std::string t = trim(p);
    if (t.empty()) continue;
    const auto colon = t.find(':');
    const std::string kind = colon == std::string::npos ? "" : t.substr(0, colon);
    if (kind != "zone" && kind != "epci" && kind != "laureate" && kind != "laureat")
      throw Error(ErrorKind::Usage, "territoire illisible « " + t + " »", opt, "zone:CODE, epci:SIREN ou laureate:ID, séparés par des virgules");
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  if (out.empty()) throw Error(ErrorKind::Usage, "aucun territoire", opt, "par exemple " + opt + " zone:3220");
  return out;
}

std::vector<ServiceKind> parse_service_kinds(const std::string& v, const std::string& opt) {
  std::vector<ServiceKind> out;
  for (const auto& p : split(v, ',')) {
    const std::string id = trim(p);
    if (id.empty()) continue;
    const auto k = parse_service_kind(id);
    if (!k)
      throw Error(ErrorKind::Usage, "type de service inconnu « " + id + " »", opt,
                  "france_services, france_services_bus, france_travail, mission_locale, permanence, mobile_stop");
    if (std::find(out.begin(), out.end(), *k) == out.end()) out.push_back(*k);
  }
  if (out.empty()) throw Error(ErrorKind::Usage, "aucun type de service", opt, "par exemple " + opt + " france_travail");
  return out;
}

std::vector<std::string> parse_stop_list(const std::string& text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::string line;
  std::istringstream in(text);
  bool first = true, table = false;  // table: a header "code,..." was read, first fields only
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::vector<std::string> fields;
    std::string cur;
    for (char ch : t) {
      if (ch == ',' || ch == ';' || ch == '\t') {
        fields.push_back(cur);
        cur.clear();
      } else {
        cur += ch;
      }
    }
    fields.push_back(cur);
    for (auto& f : fields) {
      f = trim(f);
      if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = trim(f.substr(1, f.size() - 2));
    }
    if (first) {
      first = false;
      const std::string h = fold(fields.front());
      if (h == "code" || h == "code_insee" || h == "codgeo") {
        table = true;
        continue;
      }
    }
    if (table) fields.resize(1);
    for (const auto& f : fields)
      if (!f.empty() && seen.insert(f).second) out.push_back(f);
  }
  return out;
}

std::vector<std::string> read_stop_list(const std::string& value, const std::string& opt) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> out;
  if (fs::is_regular_file(value, ec)) {
    if (fs::file_size(value, ec) > 10 * 1024 * 1024)
      throw Error(ErrorKind::BadInput, "liste trop grande (plus de 10 Mo)", value, "une ligne par code INSEE ou nom");
    std::ifstream f(value, std::ios::binary);
    if (!f) throw Error(ErrorKind::Io, "lecture impossible", value, "vérifiez ses droits d'accès");
    std::ostringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    if (!valid_utf8(text))
      throw Error(ErrorKind::BadInput, "fichier non UTF-8 (export Latin-1 / Windows-1252 ?)", value,
                  "enregistrez-le en UTF-8 (" + opt + ")");
    out = parse_stop_list(text);
    if (out.empty()) throw Error(ErrorKind::BadInput, "liste vide", value, "une ligne par code INSEE ou nom (" + opt + ")");
  } else {
    if (!valid_utf8(value)) throw Error(ErrorKind::Usage, "liste illisible (pas en UTF-8)", opt);
    out = parse_stop_list(value);
    if (out.empty())
      throw Error(ErrorKind::Usage, "liste vide « " + value + " »", opt,
                  "des codes INSEE ou noms séparés par des virgules, ou un fichier (une ligne par arrêt)");
  }
  if (out.size() > kMaxListEntries)
    throw Error(ErrorKind::Usage, "liste trop longue (" + std::to_string(out.size()) + " entrées)", opt,
                std::to_string(kMaxListEntries) + " au plus");
  return out;
}

void check_rules(const StopRules& r) {
  if (r.max_population && (*r.max_population < 1 || *r.max_population > kMaxPopulationRule))
    throw Error(ErrorKind::Usage,
                "population maximale " + std::to_string(*r.max_population) + " hors limites : de 1 à " + thousands(kMaxPopulationRule) +
                    " habitants",
                "--max-population");
  auto amount = [](const std::optional<double>& v, double max, const char* opt, const char* what) {
    if (v && (!std::isfinite(*v) || *v < 0 || *v > max))
      throw Error(ErrorKind::Usage,
                  std::string(what) + " " + (std::isfinite(*v) ? format_fr(*v, 1) : std::string("non numérique")) +
                      " hors limites : de 0 à " + format_fr(max, 0),
                  opt);
  };
  amount(r.min_uncovered_15_29, kMaxYouthRule, "--min-uncovered", "seuil de jeunes non couverts");
  amount(r.min_neet, kMaxNeetRule, "--min-neet", "seuil de NEET");
  if (r.min_service) validate_reach(*r.min_service, "--min-service-distance");
  if (r.exclude.size() > kMaxListEntries) throw Error(ErrorKind::Usage, "liste trop longue", "--exclude");
  if (r.must.size() > kMaxListEntries) throw Error(ErrorKind::Usage, "liste trop longue", "--must");
}

RuleOutcome apply_stop_rules(const Workspace& ws, const CoverageEngine& engine, const TravelModel& travel,
                             const Scenario& scenario, const StopRules& rules, double service_s,
                             std::vector<PlanCandidate>& cands, std::vector<routing::Stop>& stops) {
  check_rules(rules);
  RuleOutcome out;
  out.summary = rules_summary(rules);
  // Lists first: every entry must name something of the region.
  std::vector<Resolved> excl;
  for (const auto& e : rules.exclude) {
    Resolved r = resolve(ws, engine, e);
    if (r.empty()) unknown_entry(ws, engine, e, "--exclude");
    excl.push_back(std::move(r));
  }
  for (const auto& e : rules.must) {
    Resolved r = resolve(ws, engine, e);
    if (r.empty()) unknown_entry(ws, engine, e, "--must");
    for (size_t i = 0; i < excl.size(); ++i) {
      bool both = false;
      for (const auto& c : r.communes)
        both = both || std::find(excl[i].communes.begin(), excl[i].communes.end(), c) != excl[i].communes.end();
      for (const auto& t : r.targets)
        both = both || std::find(excl[i].targets.begin(), excl[i].targets.end(), t) != excl[i].targets.end();
      if (both)
        throw Error(ErrorKind::Usage, "« " + e + " » est à la fois obligatoire (--must) et exclu (--exclude « " + rules.exclude[i] + " »)",
                    "--must/--exclude", "retirez-le de l'une des deux listes");
    }
    // The candidate it names: the target itself, else the commune's own target, else the
    // most valuable candidate parked in that commune; none: added as an extra stop.
    int k = -1;
    for (size_t i = 0; i < cands.size() && k < 0; ++i)
      for (const auto& t : r.targets)
        if (cands[i].place.target == t) k = static_cast<int>(i);
    for (size_t i = 0; i < cands.size() && k < 0; ++i)
      for (const auto& c : r.communes)
        if (cands[i].place.target == "commune:" + c) k = static_cast<int>(i);
    for (size_t i = 0; i < cands.size() && k < 0; ++i)
      for (const auto& c : r.communes)
        if (cands[i].place.code == c) k = static_cast<int>(i);
    if (k < 0) {
      cands.push_back(extra_candidate(ws, engine, r));
      routing::Stop s;
      s.id = cands.back().place.label;
      s.value = cands.back().value;
      s.service_s = service_s;
      stops.push_back(s);
      k = static_cast<int>(cands.size()) - 1;
    }
    stops[static_cast<size_t>(k)].must_visit = true;
  }
  out.before = cands.size();

  // Each candidate: the first rule it fails (empty: passes).
  std::vector<RuleExclusion> verdict(cands.size());
  auto fail = [&](size_t i, const std::string& rule, const std::string& reason, const std::string& detail) {
    if (!verdict[i].rule.empty()) return;
    verdict[i].rule = rule;
    verdict[i].reason = reason;
    verdict[i].detail = detail;
  };
  // Territories: the communes of each, and its French name.
  std::vector<std::pair<std::set<std::string>, std::string>> zones;
  for (const auto& w : rules.within) {
    std::string label;
    try {
      auto communes = territory_communes(ws, w, label);
      zones.emplace_back(std::move(communes), label);
    } catch (const Error& e) {
      throw Error(e.kind(), e.what_text(), "--within", e.hint());
    }
  }
  out.summary.clear();
  {
    StopRules named = rules;
    named.within.clear();
    for (const auto& z : zones) out.summary.push_back("dans le territoire " + z.second);
    for (auto& line : rules_summary(named)) out.summary.push_back(std::move(line));
  }
  for (size_t i = 0; i < cands.size(); ++i) {
    const PlanCandidate& c = cands[i];
    for (size_t e = 0; e < excl.size(); ++e)
      if (matches(excl[e], c, engine)) fail(i, "exclusion", "liste d'exclusion", "exclu par « " + rules.exclude[e] + " »");
    for (const auto& z : zones) {
      bool in = z.first.count(c.place.code) > 0;
      if (const Target* tg = target_of(c, engine))
        for (const auto& code : tg->communes) in = in || z.first.count(code) > 0;
      if (!in) {
        const Commune* cm = ws.commune(c.place.code);
        fail(i, "territoire", "hors du territoire " + z.second, (cm ? cm->name : c.place.code) + " n'en fait pas partie");
      }
    }
    if (rules.max_population)
      if (const Commune* cm = ws.commune(c.place.code); cm && cm->population > *rules.max_population)
        fail(i, "population", population_reason(*rules.max_population), cm->name + " : " + thousands(cm->population) + " habitants");
    if (rules.min_uncovered_15_29) {
      const double y = target_of(c, engine) ? engine.results()[c.target].uncovered_15_29 : 0;
      if (y < *rules.min_uncovered_15_29)
        fail(i, "jeunes", youth_reason(*rules.min_uncovered_15_29), format_fr(y, 1) + " jeunes de 15-29 ans non couverts");
    }
    if (rules.min_neet && c.value < *rules.min_neet)
      fail(i, "neet", neet_reason(*rules.min_neet), format_fr(c.value, 1) + " NEET estimés non couverts");
  }
  // The service rule last, one nearest-site query for the candidates still in.
  if (rules.min_service) {
    const auto kinds = effective_service_kinds(rules);
    std::vector<Vec2> sites;
    std::vector<const ServicePoint*> site_of;
    for (const auto& p : scenario.points)
      if (std::find(kinds.begin(), kinds.end(), p.kind) != kinds.end()) {
        sites.push_back(p.pos);
        site_of.push_back(&p);
      }
    std::vector<size_t> ask;
    std::vector<Vec2> places;
    for (size_t i = 0; i < cands.size(); ++i)
      if (verdict[i].rule.empty() || stops[i].must_visit) {
        ask.push_back(i);
        places.push_back(cands[i].place.pos);
      }
    if (sites.empty()) {
      out.notes.push_back("aucun service (" + kinds_label(rules) + ") dans le scénario : la règle de distance ne écarte rien");
    } else if (!places.empty()) {
      const bool by_time = rules.min_service->mode == ReachMode::Time;
      std::vector<int> site;
      std::vector<double> metres, seconds;
      travel.nearest(sites, places, by_time, site, metres, seconds);
      for (size_t q = 0; q < ask.size(); ++q) {
        const double d = by_time ? seconds[q] : metres[q];
        if (site[q] < 0 || !std::isfinite(d) || d >= rules.min_service->value) continue;
        const ServicePoint& sp = *site_of[static_cast<size_t>(site[q])];
        fail(ask[q], "service", service_reason(rules),
             (sp.name.empty() ? std::string(service_kind_label_fr(sp.kind)) : sp.name) + " à " + format_fr(metres[q] / 1000, 1) +
                 " km (" + format_fr(seconds[q] / 60, 0) + " min)");
      }
    }
  }
  // Must-visit stops stay (conflict reported); the others failing a rule leave.
  std::vector<PlanCandidate> kept_c;
  std::vector<routing::Stop> kept_s;
  for (size_t i = 0; i < cands.size(); ++i) {
    RuleExclusion& v = verdict[i];
    if (!v.rule.empty() && stops[i].must_visit) {
      out.conflicts.push_back(cands[i].place.label + " (" + candidate_code(cands[i], engine) +
                              ") : arrêt obligatoire, mais écarté par la règle « " + v.reason + " » (" + v.detail +
                              ") ; gardé car obligatoire");
      v.rule.clear();
    }
    if (v.rule.empty()) {
      kept_c.push_back(std::move(cands[i]));
      kept_s.push_back(std::move(stops[i]));
      continue;
    }
    v.code = candidate_code(cands[i], engine);
    v.name = cands[i].place.label;
    v.target = cands[i].place.target;
    v.value = cands[i].value;
    out.excluded.push_back(std::move(v));
  }
  cands = std::move(kept_c);
  stops = std::move(kept_s);
  std::stable_sort(out.excluded.begin(), out.excluded.end(),
                   [](const RuleExclusion& a, const RuleExclusion& b) { return a.value > b.value; });
  return out;
}

}  // namespace maraude::io
