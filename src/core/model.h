// The in-memory model of a Maraude workspace. Every coordinate is Lambert-93
// (EPSG:2154) metres. Loaded once from the GeoPackage by io/workspace.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/geometry.h"

namespace maraude {
namespace roads {
struct RoadNetwork;
}
struct TravelCache;
// Holds a workspace's travel models (core/travel_choice.h). A copied workspace starts with
// an empty slot: its models would point into the original's communes.
struct TravelCacheSlot {
  TravelCacheSlot();
  TravelCacheSlot(const TravelCacheSlot&);
  TravelCacheSlot& operator=(const TravelCacheSlot&);
  std::shared_ptr<TravelCache> cache;
};

// INSEE communal density grid, 7 levels. 5-7 are rural.
enum class Density : int {
  Unknown = 0,
  GrandCentreUrbain = 1,
  CentreUrbainIntermediaire = 2,
  CeintureUrbaine = 3,
  PetiteVille = 4,
  BourgRural = 5,
  RuralDisperse = 6,
  RuralTresDisperse = 7,
};
inline bool is_rural(Density d) { return static_cast<int>(d) >= 5; }
const char* density_label_fr(Density d);
// Parses an INSEE label ("Bourgs ruraux", "Rural à habitat dispersé"...) or a digit 1-7.
Density parse_density(const std::string& label);

struct Region {
  std::string code, name;
  MultiPolygon geom;
};

struct Departement {
  std::string code, name;
  MultiPolygon geom;
};

struct Commune {
  std::string code;            // INSEE code, text: keeps leading zeros ("02001")
  std::string name;
  std::string departement;     // "02"
  std::string arrondissement;  // "022"
  std::string epci;            // SIREN of the EPCI
  std::string epci_name;
  std::string zone_emploi;     // ZE 2020 code ("3220")
  long long population = 0;
  Density density = Density::Unknown;
  bool rural = false;              // density level 5-7
  bool in_rural_basin = false;     // rural and in a zone above the regional rate
  double pop_15_29 = 0;            // estimated from the department age structure
  MultiPolygon geom;
  Vec2 anchor;                     // a point inside the commune (labels, "commune centre")
  double area_m2 = 0;
};

struct ZoneEmploi {
  std::string code, name;
  double rate_latest = 0;           // %, INSEE localized unemployment, CVS
  std::string quarter_latest;       // "2023-T3"
  double rate_year_before = 0;
  std::string quarter_year_before;  // "2022-T3"
  bool interregional = false;
  long long population = 0;         // population of its communes inside the region
  MultiPolygon geom;
};

struct Qpv {
  std::string code, name;
  std::vector<std::string> communes;  // INSEE codes
  bool has_perimeter = false;         // false: only its communes are known (commune-level)
  MultiPolygon perimeter;             // empty unless has_perimeter
  long long population = -1;          // -1 = unknown
  bool population_estimated = false;  // true: apportioned from a regional total (see workspace metadata)
};

enum class ServiceKind : int {
  FranceServices = 0,     // fixed France Services site (incl. antennas, multisites)
  FranceServicesBus = 1,  // mobile France Services (bus, itinerant)
  FranceTravail = 2,      // France Travail (ex Pole emploi) agency
  MissionLocale = 3,      // mission locale seat
  Permanence = 4,         // a project's permanence (user-defined)
  MobileStop = 5,         // a mobile-office stop (user-defined)
};
const char* service_kind_id(ServiceKind k);     // "france_services", "france_services_bus", ...
const char* service_kind_label_fr(ServiceKind k);
std::optional<ServiceKind> parse_service_kind(const std::string& id);

struct Service {
  std::string id;            // unique within the workspace
  ServiceKind kind = ServiceKind::FranceServices;
  std::string name;
  std::string address;
  std::string commune;       // INSEE code where known
  std::string hours;         // opening hours as published ("lun 09:00-12:00; ...")
  std::string source;        // dataset it came from
  bool located_at_commune = false;  // true when the point is the commune centre, not the address
  Vec2 pos;
};

// A laureate of the "publics invisibles" call and the territory it is funded to cover.
struct TerritoryRef {
  std::string kind;    // "commune", "epci", "arrondissement", "zone_emploi", "departement"
  std::string code;
  std::string label;   // name as written in the source text
};

struct Laureate {
  std::string id;               // short stable id ("tour_emploi")
  std::string carrier;          // "TOUR EMPLOI"
  std::string project;          // project name, may be empty
  std::string territory_text;   // the territory exactly as the seed text names it
  std::vector<TerritoryRef> refs;
  std::string focus;            // "all", "qpv" (QPV communes only), "rural"...
  std::string means;            // permanences, mobile office, events, digital...
  std::vector<std::string> bases;     // INSEE codes of the towns named as bases
  std::string resolution;       // how the text was resolved to communes (human-readable)
  std::vector<std::string> communes;  // resolved INSEE codes (filled at import)
};

// Parameters and provenance of the rural-basin computation.
struct RuralBasinRule {
  double regional_rate = 0;     // population-weighted regional rate (%)
  double threshold_rate = 0;    // zones strictly above this rate qualify
  std::string quarter;
  int min_density = 5;          // density levels min_density..7 are rural
};

struct Workspace {
  Region region;
  std::vector<Departement> departements;
  std::vector<Commune> communes;
  std::vector<ZoneEmploi> zones;
  std::vector<Qpv> qpvs;
  std::vector<Service> services;
  std::vector<Laureate> laureates;
  RuralBasinRule rural_rule;
  std::map<std::string, std::string> meta;  // provenance: source files, import date, parameters
  // The road network built at import from OpenStreetMap, or null (crow-fly travel only).
  std::shared_ptr<const roads::RoadNetwork> roads;
  mutable TravelCacheSlot travel_cache;

  // Lookups (built by build_indexes()).
  std::unordered_map<std::string, size_t> commune_by_code;
  std::unordered_map<std::string, size_t> zone_by_code;
  std::unordered_map<std::string, size_t> qpv_by_code;
  void build_indexes();
  const Commune* commune(const std::string& code) const;
  const ZoneEmploi* zone(const std::string& code) const;
  const Qpv* qpv(const std::string& code) const;
  BBox extent() const;
};

}  // namespace maraude
