#include "core/roads/profiles.h"

#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace maraude::roads {

namespace {

constexpr int kClasses = static_cast<int>(RoadClass::Count);

struct ClassDefault {
  RoadClass cls;
  double urban, rural;
  bool foot;
};
// Average driving speeds (km/h) when no maxspeed is signed, and whether walkers may use the class.
constexpr ClassDefault kDefaults[] = {
    {RoadClass::Motorway, 100, 120, false},     {RoadClass::MotorwayLink, 50, 60, false},
    {RoadClass::Trunk, 70, 100, false},         {RoadClass::TrunkLink, 40, 50, false},
    {RoadClass::Primary, 40, 80, true},         {RoadClass::PrimaryLink, 30, 50, true},
    {RoadClass::Secondary, 35, 70, true},       {RoadClass::SecondaryLink, 30, 45, true},
    {RoadClass::Tertiary, 30, 60, true},        {RoadClass::TertiaryLink, 25, 40, true},
    {RoadClass::Unclassified, 25, 45, true},    {RoadClass::Residential, 20, 35, true},
    {RoadClass::LivingStreet, 10, 10, true},    {RoadClass::Service, 10, 15, true},
    {RoadClass::Road, 20, 40, false},           {RoadClass::Footway, 0, 0, true},
    {RoadClass::Path, 0, 0, true},              {RoadClass::Pedestrian, 0, 0, true},
    {RoadClass::Steps, 0, 0, true},             {RoadClass::Track, 0, 0, true},
    {RoadClass::Cycleway, 0, 0, false},
};
static_assert(sizeof(kDefaults) / sizeof(kDefaults[0]) == kClasses);

bool is_one_of(const char* v, std::initializer_list<const char*> set) {
  if (!v) return false;
  for (const char* s : set)
    if (std::strcmp(v, s) == 0) return true;
  return false;
}

// Values of an access-like tag that keep a user out.
bool denies(const char* v) {
  return is_one_of(v, {"no", "private", "agricultural", "forestry", "agricultural;forestry",
                       "forestry;agricultural", "military"});
}

// The most specific access tag present, in the order given.
const char* first_tag(const TagFn& tags, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (const char* v = tags(k)) return v;
  return nullptr;
}

// Written exactly, so that a table read back from to_text() has the same speeds.
std::string format_number(double v) { return format_exact(v); }

// Resolves the foot column (an allowed flag while parsing) into speeds.
void apply_foot_speed(ProfileTable& t, const std::array<bool, kClasses>& foot_ok) {
  for (int i = 0; i < kClasses; ++i) t.foot_kmh[i] = foot_ok[i] ? t.foot_speed_kmh : 0;
}

}  // namespace

ProfileTable ProfileTable::defaults() {
  ProfileTable t;
  std::array<bool, kClasses> foot_ok{};
  for (const ClassDefault& d : kDefaults) {
    const int i = static_cast<int>(d.cls);
    t.car_urban_kmh[i] = d.urban;
    t.car_rural_kmh[i] = d.rural;
    foot_ok[i] = d.foot;
  }
  apply_foot_speed(t, foot_ok);
  t.source = "défauts intégrés";
  return t;
}

ProfileTable ProfileTable::parse(const std::string& text, const std::string& where) {
  ProfileTable t = defaults();
  t.source = where;
  std::array<bool, kClasses> foot_ok{};
  for (int i = 0; i < kClasses; ++i) foot_ok[i] = t.foot_kmh[i] > 0;

  std::istringstream in(text);
  std::string raw;
  int line_no = 0;
  auto fail = [&](const std::string& what, const std::string& hint) {
    throw Error(ErrorKind::BadInput, "ligne " + std::to_string(line_no) + " : " + what,
                where + ":" + std::to_string(line_no), hint);
  };
  auto number = [&](const std::string& s, const std::string& key, double lo, double hi) {
    const auto v = parse_number(s);
    if (!v) fail("« " + s + " » n’est pas un nombre (clé « " + key + " »)", "écrivez un nombre, par exemple 4.5");
    if (*v < lo || *v > hi)
      fail("valeur " + s + " hors de l’intervalle [" + format_number(lo) + ", " + format_number(hi) + "] pour « " +
               key + " »",
           "corrigez la valeur");
    return *v;
  };

  while (std::getline(in, raw)) {
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos)
      fail("ligne sans « = » : « " + line + " »", "écrivez « clé = valeur » (voir les commentaires du fichier)");
    const std::string key = trim(std::string_view(line).substr(0, eq));
    const std::string value = trim(std::string_view(line).substr(eq + 1));
    if (key == "foot_speed_kmh") t.foot_speed_kmh = number(value, key, 0.5, 20);
    else if (key == "access_walk_kmh") t.access_walk_kmh = number(value, key, 0.5, 20);
    else if (key == "max_snap_m") t.max_snap_m = number(value, key, 0, 100000);
    else if (key == "reach_buffer_m") t.reach_buffer_m = number(value, key, 1, 10000);
    else if (key == "maxspeed_factor") t.maxspeed_factor = number(value, key, 0.1, 1.5);
    else {
      RoadClass cls;
      if (!parse_road_class(key, cls))
        fail("clé ou classe de voie inconnue « " + key + " »",
             "clés admises : foot_speed_kmh, access_walk_kmh, max_snap_m, reach_buffer_m, maxspeed_factor, "
             "ou une valeur OSM highway (motorway, residential, footway…)");
      std::istringstream vs(value);
      std::string u, r, f, extra;
      vs >> u >> r >> f;
      if (f.empty() || (vs >> extra))
        fail("la classe « " + key + " » attend trois valeurs (voiture urbain, voiture rural, piéton), lu « " + value +
                 " »",
             "par exemple : residential = 20 35 oui");
      const int i = static_cast<int>(cls);
      t.car_urban_kmh[i] = number(u, key, 0, 200);
      t.car_rural_kmh[i] = number(r, key, 0, 200);
      if (f == "oui" || f == "yes" || f == "1") foot_ok[i] = true;
      else if (f == "non" || f == "no" || f == "0") foot_ok[i] = false;
      else fail("colonne piéton « " + f + " » pour « " + key + " » : attendu oui ou non", "écrivez oui ou non");
    }
  }
  apply_foot_speed(t, foot_ok);
  return t;
}

ProfileTable ProfileTable::load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw Error(ErrorKind::MissingFile, "fichier de profils de déplacement introuvable", path,
                "vérifiez le chemin, ou retirez l’option pour utiliser les valeurs intégrées");
  std::ostringstream ss;
  ss << f.rdbuf();
  return parse(ss.str(), path);
}

std::string ProfileTable::to_text() const {
  std::ostringstream os;
  os << "# Profils de déplacement de Maraude (voiture, à pied).\n"
        "# Format : une ligne « clé = valeur » ; « # » commence un commentaire.\n"
        "# Vitesse de marche sur toute voie piétonne autorisée (km/h)\n"
        "foot_speed_kmh = "
     << format_number(foot_speed_kmh)
     << "\n# Vitesse de marche hors réseau, entre un point et la voie la plus proche (km/h)\n"
        "access_walk_kmh = "
     << format_number(access_walk_kmh)
     << "\n# Au-delà de cette distance (m) de toute voie, un point est injoignable\n"
        "max_snap_m = "
     << format_number(max_snap_m)
     << "\n# Largeur (m) de part et d’autre de chaque tronçon atteint pour dessiner la zone atteinte\n"
        "reach_buffer_m = "
     << format_number(reach_buffer_m)
     << "\n# Part de la vitesse maximale signalée (maxspeed) roulée en moyenne\n"
        "maxspeed_factor = "
     << format_number(maxspeed_factor)
     << "\n\n# Une ligne par classe OSM highway : voiture en zone urbaine (km/h), voiture en zone rurale (km/h),\n"
        "# piéton autorisé (oui/non). 0 km/h : classe interdite aux voitures.\n";
  for (int i = 0; i < kClasses; ++i) {
    os << road_class_id(static_cast<RoadClass>(i)) << " = " << format_number(car_urban_kmh[i]) << " "
       << format_number(car_rural_kmh[i]) << " " << (foot_kmh[i] > 0 ? "oui" : "non") << "\n";
  }
  return os.str();
}

bool way_class(const TagFn& tags, RoadClass& cls) {
  const char* hw = tags("highway");
  if (!hw) return false;
  return parse_road_class(hw, cls);
}

WayAccess way_access(const ProfileTable& t, Profile profile, RoadClass cls, const TagFn& tags, bool rural) {
  WayAccess a;
  const int ci = static_cast<int>(cls);
  if (ci < 0 || ci >= kClasses) return a;
  if (profile == Profile::Car) {
    const double class_speed = rural ? t.car_rural_kmh[ci] : t.car_urban_kmh[ci];
    if (class_speed <= 0) return a;
    // The most specific tag decides: motorcar over motor_vehicle over vehicle over access.
    if (denies(first_tag(tags, {"motorcar", "motor_vehicle", "vehicle", "access"}))) return a;
    const char* ow = tags("oneway");
    if (is_one_of(ow, {"yes", "1", "true"})) a.forward = true;
    else if (is_one_of(ow, {"-1", "reverse"})) a.backward = true;
    else if (is_one_of(ow, {"reversible"})) return a;  // direction changes with the time of day: not routed
    else if (is_one_of(ow, {"no", "0", "false", "alternating"})) a.forward = a.backward = true;
    else {
      const bool implied = is_one_of(tags("junction"), {"roundabout", "circular"}) || cls == RoadClass::Motorway ||
                           cls == RoadClass::MotorwayLink;
      a.forward = true;
      a.backward = !implied;
    }
    const double ms = parse_maxspeed_kmh(tags("maxspeed"));
    a.speed_kmh = ms > 0 ? ms * t.maxspeed_factor : class_speed;
    return a;
  }
  // Foot: both directions whatever the oneway tag, at walking speed.
  const char* foot = tags("foot");
  bool allowed = t.foot_kmh[ci] > 0;
  if (!allowed && is_one_of(foot, {"yes", "designated", "permissive"}) && cls != RoadClass::Motorway &&
      cls != RoadClass::MotorwayLink)
    allowed = true;  // e.g. a cycleway shared with walkers
  if (!allowed) return a;
  if (denies(first_tag(tags, {"foot", "access"}))) return a;
  a.forward = a.backward = true;
  a.speed_kmh = t.foot_speed_kmh;
  return a;
}

double parse_maxspeed_kmh(const char* v) {
  if (!v) return 0;
  std::string s = trim(v);
  if (const auto semi = s.find(';'); semi != std::string::npos) s = trim(std::string_view(s).substr(0, semi));
  if (s.empty()) return 0;
  // Implicit limits (France first; the suffix alone for other countries).
  struct Zone {
    const char* name;
    double kmh;
  };
  static constexpr Zone kZones[] = {{"urban", 50},    {"rural", 80},         {"motorway", 130}, {"trunk", 110},
                                    {"zone30", 30},   {"zone:30", 30},       {"zone20", 20},    {"zone:20", 20},
                                    {"walk", 6},      {"living_street", 20}, {"bicycle_road", 30}};
  std::string zone = s;
  if (const auto colon = s.find(':'); colon != std::string::npos && colon == 2) zone = s.substr(3);
  if (zone == "walk" || s == "walk") return 6;
  for (const Zone& z : kZones)
    if (zone == z.name) return z.kmh;
  // A number with an optional unit.
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' || s[i] == ',')) ++i;
  if (i == 0) return 0;
  const auto num = parse_number(std::string_view(s).substr(0, i));
  if (!num) return 0;
  const std::string unit = trim(std::string_view(s).substr(i));
  double kmh;
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") kmh = *num;
  else if (unit == "mph") kmh = *num * 1.609344;
  else if (unit == "knots") kmh = *num * 1.852;
  else return 0;
  if (!(kmh > 0) || kmh > 250) return 0;
  return kmh;
}

}  // namespace maraude::roads
