#include "core/coverage/scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/error.h"
#include "core/text.h"

namespace maraude::coverage {

// --- Reach ------------------------------------------------------------------

Reach Reach::parse(const std::string& text, const std::string& where) {
  std::string t = fold(trim(text));
  std::string num, unit;
  size_t i = 0;
  auto digit = [&](size_t k) { return k < t.size() && std::isdigit(static_cast<unsigned char>(t[k])); };
  while (i < t.size()) {
    if (digit(i) || t[i] == '.' || t[i] == ',' || t[i] == '-' || t[i] == '+') {
      num += t[i++];
    } else if (t[i] == 'e' && !num.empty() && (digit(i + 1) || ((t[i + 1] == '-' || t[i + 1] == '+') && digit(i + 2)))) {
      num += t[i++];  // scientific notation (1e9km): read as a number, then refused as out of range
    } else {
      break;
    }
  }
  unit = trim(t.substr(i));
  const auto v = parse_number(num);
  const std::string hint = "écrivez une distance comme 15km ou 800m, ou un temps de trajet comme 20min ou 1h";
  if (!v || unit.empty())
    throw Error(ErrorKind::Usage, "portée illisible « " + text + " »", where, hint);
  Reach r;
  if (unit == "km") r = {ReachMode::Distance, *v * 1000};
  else if (unit == "m") r = {ReachMode::Distance, *v};
  else if (unit == "min" || unit == "mn") r = {ReachMode::Time, *v * 60};
  else if (unit == "h") r = {ReachMode::Time, *v * 3600};
  else throw Error(ErrorKind::Usage, "unité de portée inconnue « " + unit + " »", where, hint);
  validate_reach(r, where);
  return r;
}

std::string Reach::label() const {
  if (mode == ReachMode::Distance) {
    const double km = value / 1000;
    return format_fr(km, std::fabs(km - std::round(km)) < 1e-9 ? 0 : 1) + " km";
  }
  const double m = value / 60;
  return format_fr(m, std::fabs(m - std::round(m)) < 1e-9 ? 0 : 1) + " min";
}

std::string Reach::token() const {
  char buf[64];
  if (mode == ReachMode::Distance) std::snprintf(buf, sizeof buf, "%gkm", value / 1000);
  else std::snprintf(buf, sizeof buf, "%gmin", value / 60);
  return buf;
}

bool operator==(const Reach& a, const Reach& b) { return a.mode == b.mode && a.value == b.value; }

std::string reach_problem(const Reach& r) {
  const bool dist = r.mode == ReachMode::Distance;
  const std::string range = dist ? "entre 0,1 km (100 m) et 100 km" : "entre 1 min et 180 min";
  if (!std::isfinite(r.value) || r.value <= 0) return "portée nulle ou négative : choisissez " + range;
  if (dist ? r.value < kMinReachM : r.value < kMinReachS)
    return "portée de " + r.label() + " trop petite : choisissez " + range;
  if (dist ? r.value > kMaxReachM : r.value > kMaxReachS)
    return "portée de " + r.label() + " absurde : choisissez " + range;
  return {};
}

void validate_reach(const Reach& r, const std::string& where) {
  const std::string why = reach_problem(r);
  if (!why.empty())
    throw Error(ErrorKind::Usage, why, where, "par exemple 15km ou 20min");
}

const ServicePoint* Scenario::find(const std::string& id) const {
  for (const auto& p : points)
    if (p.id == id) return &p;
  return nullptr;
}

// --- Text format ----------------------------------------------------------------

static std::string clean(const std::string& s) {
  std::string o = s;
  for (char& c : o)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return o;
}

static std::string coord(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string to_text(const Scenario& s) {
  std::ostringstream o;
  o << "# maraude-scenario 1\n";
  o << "nom\t" << clean(s.name) << "\n";
  if (!s.description.empty()) o << "description\t" << clean(s.description) << "\n";
  o << "portee\t" << s.default_reach.token() << "\n";
  o << "# point: id type x y portee nom porteur vehicule jours horaires commune | ref: service_id portee\n";
  for (const auto& p : s.points) {
    const std::string reach = p.reach ? p.reach->token() : "-";
    if (!p.ref.empty()) {
      o << "ref\t" << clean(p.ref) << "\t" << reach << "\n";
      continue;
    }
    o << "point\t" << clean(p.id) << "\t" << service_kind_id(p.kind) << "\t" << coord(p.pos.x) << "\t" << coord(p.pos.y)
      << "\t" << reach << "\t" << clean(p.name) << "\t" << clean(p.carrier) << "\t" << clean(p.vehicle) << "\t"
      << clean(p.days) << "\t" << clean(p.hours) << "\t" << clean(p.commune) << "\n";
  }
  return o.str();
}

static ServicePoint from_service(const Service& s) {
  ServicePoint p;
  p.id = s.id;
  p.ref = s.id;
  p.kind = s.kind;
  p.name = s.name;
  p.hours = s.hours;
  p.commune = s.commune;
  p.pos = s.pos;
  return p;
}

Scenario from_text(const std::string& text, const Workspace& ws, const std::string& where) {
  Scenario s;
  std::unordered_map<std::string, const Service*> by_id;
  for (const auto& sv : ws.services) by_id[sv.id] = &sv;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  bool have_reach = false;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || line[0] == '#') continue;
    const std::string at = where + ", ligne " + std::to_string(n);
    auto f = split(line, '\t');
    const std::string key = trim(f[0]);
    auto field = [&](size_t i) { return i < f.size() ? trim(f[i]) : std::string(); };
    auto reach_field = [&](size_t i) -> std::optional<Reach> {
      const std::string r = field(i);
      if (r.empty() || r == "-") return std::nullopt;
      return Reach::parse(r, at);
    };
    if (key == "nom") {
      s.name = field(1);
    } else if (key == "description") {
      s.description = field(1);
    } else if (key == "portee") {
      s.default_reach = Reach::parse(field(1), at);
      have_reach = true;
    } else if (key == "ref") {
      const std::string id = field(1);
      auto it = by_id.find(id);
      if (it == by_id.end())
        throw Error(ErrorKind::BadInput, "le scénario cite le service « " + id + " » absent de l'espace de travail",
                    at, "l’espace de travail a été réimporté sans lui : supprimez la ligne, ou recopiez le point avec ses coordonnées");
      ServicePoint p = from_service(*it->second);
      p.reach = reach_field(2);
      s.points.push_back(std::move(p));
    } else if (key == "point") {
      if (f.size() < 5)
        throw Error(ErrorKind::BadInput, "ligne « point » incomplète : il faut au moins id, type, x, y", at,
                    "colonnes : point id type x y [portee nom porteur vehicule jours horaires commune]");
      ServicePoint p;
      p.id = field(1);
      const auto kind = parse_service_kind(field(2));
      if (!kind)
        throw Error(ErrorKind::BadInput, "type de point inconnu « " + field(2) + " »", at,
                    "utilisez permanence, mobile_stop, france_services, france_services_bus, france_travail ou mission_locale");
      p.kind = *kind;
      const auto x = parse_number(field(3)), y = parse_number(field(4));
      if (!x || !y || !std::isfinite(*x) || !std::isfinite(*y))
        throw Error(ErrorKind::BadInput, "coordonnées non numériques ou vides (x=« " + field(3) + " », y=« " + field(4) + " »)",
                    at, "x et y sont en mètres Lambert-93");
      p.pos = {*x, *y};
      p.reach = reach_field(5);
      p.name = field(6);
      p.carrier = field(7);
      p.vehicle = field(8);
      p.days = field(9);
      p.hours = field(10);
      p.commune = field(11);
      s.points.push_back(std::move(p));
    } else {
      throw Error(ErrorKind::BadInput, "mot-clé inconnu « " + key + " »", at,
                  "les lignes commencent par nom, description, portee, point ou ref");
    }
  }
  if (!have_reach) s.default_reach = Reach::km(15);
  return s;
}

Scenario default_scenario(const Workspace& ws, Reach reach) {
  Scenario s;
  s.name = kDefaultScenarioName;
  s.description =
      "Dérivé de l'espace de travail : sites et bus France Services, agences France Travail, missions locales.";
  s.default_reach = reach;
  for (const auto& sv : ws.services)
    if (sv.kind != ServiceKind::Permanence && sv.kind != ServiceKind::MobileStop) s.points.push_back(from_service(sv));
  return s;
}

// The coordinate ranges of the workspace's region, for the "point outside" hint.
static std::string region_hint(const Workspace& ws) {
  const BBox b = ws.extent();
  auto km = [](double v) { return format_fr(v / 1000, 0); };
  if (b.empty()) return "x et y sont des mètres Lambert-93 ; lat/lon données en x/y ?";
  return "les coordonnées sont des mètres Lambert-93 ; la région va de x = " + km(b.minx) + " à " + km(b.maxx) + " km et de y = " +
         km(b.miny) + " à " + km(b.maxy) + " km ; lat/lon données en x/y ?";
}

bool inside_region(const Workspace& ws, Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
  if (!ws.region.geom.empty()) {
    // 2 km of tolerance: a site on the border road must not be refused.
    if (!bbox(ws.region.geom).inflated(2000).contains(p)) return false;
    if (contains(ws.region.geom, p)) return true;
    for (const auto& poly : ws.region.geom.polys)
      for (const auto& r : poly.rings)
        for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
          // distance from p to segment r[j]-r[i]
          const Vec2 a = r[j], b = r[i], ab = b - a, ap = p - a;
          const double l2 = ab.x * ab.x + ab.y * ab.y;
          const double t = l2 > 0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / l2, 0.0, 1.0) : 0.0;
          if (dist(p, a + ab * t) <= 2000) return true;
        }
    return false;
  }
  const BBox b = ws.extent();
  if (b.empty()) return true;  // nothing to compare with
  return b.inflated(2000).contains(p);
}

void validate(const Scenario& s, const Workspace& ws) {
  const std::string where = "scénario « " + s.name + " »";
  validate_reach(s.default_reach, where + ", portée par défaut");
  std::set<std::string> ids;
  for (const auto& p : s.points) {
    const std::string at = where + ", point « " + p.id + " »";
    if (p.id.empty()) throw Error(ErrorKind::BadInput, "point sans identifiant", where, "donnez un identifiant à chaque point");
    if (!ids.insert(p.id).second)
      throw Error(ErrorKind::BadInput, "identifiant en double", at, "les identifiants doivent être uniques dans un scénario");
    if (!std::isfinite(p.pos.x) || !std::isfinite(p.pos.y))
      throw Error(ErrorKind::BadInput, "coordonnées invalides", at, "x et y sont en mètres Lambert-93");
    if (!inside_region(ws, p.pos))
      throw Error(ErrorKind::BadInput, "point hors de la région (x=" + coord(p.pos.x) + ", y=" + coord(p.pos.y) + ")", at,
                  region_hint(ws));
    if (p.reach) validate_reach(*p.reach, at);
  }
}

}  // namespace maraude::coverage
