#include "core/model.h"

#include "core/text.h"

namespace maraude {

const char* density_label_fr(Density d) {
  switch (d) {
    case Density::GrandCentreUrbain: return "Grands centres urbains";
    case Density::CentreUrbainIntermediaire: return "Centres urbains intermédiaires";
    case Density::CeintureUrbaine: return "Ceintures urbaines";
    case Density::PetiteVille: return "Petites villes";
    case Density::BourgRural: return "Bourgs ruraux";
    case Density::RuralDisperse: return "Rural à habitat dispersé";
    case Density::RuralTresDisperse: return "Rural à habitat très dispersé";
    default: return "Inconnu";
  }
}

Density parse_density(const std::string& label) {
  const std::string t = fold(trim(label));
  if (t.size() == 1 && t[0] >= '1' && t[0] <= '7') return static_cast<Density>(t[0] - '0');
  if (t.find("grands centres") != std::string::npos) return Density::GrandCentreUrbain;
  if (t.find("intermediaires") != std::string::npos) return Density::CentreUrbainIntermediaire;
  if (t.find("ceintures") != std::string::npos) return Density::CeintureUrbaine;
  if (t.find("petites villes") != std::string::npos) return Density::PetiteVille;
  if (t.find("bourgs") != std::string::npos) return Density::BourgRural;
  if (t.find("tres disperse") != std::string::npos) return Density::RuralTresDisperse;
  if (t.find("disperse") != std::string::npos) return Density::RuralDisperse;
  return Density::Unknown;
}

const char* service_kind_id(ServiceKind k) {
  switch (k) {
    case ServiceKind::FranceServices: return "france_services";
    case ServiceKind::FranceServicesBus: return "france_services_bus";
    case ServiceKind::FranceTravail: return "france_travail";
    case ServiceKind::MissionLocale: return "mission_locale";
    case ServiceKind::Permanence: return "permanence";
    case ServiceKind::MobileStop: return "mobile_stop";
  }
  return "unknown";
}

const char* service_kind_label_fr(ServiceKind k) {
  switch (k) {
    case ServiceKind::FranceServices: return "France Services (site fixe)";
    case ServiceKind::FranceServicesBus: return "France Services (bus itinérant)";
    case ServiceKind::FranceTravail: return "Agence France Travail";
    case ServiceKind::MissionLocale: return "Mission locale (siège)";
    case ServiceKind::Permanence: return "Permanence";
    case ServiceKind::MobileStop: return "Arrêt de bureau mobile";
  }
  return "?";
}

std::optional<ServiceKind> parse_service_kind(const std::string& id) {
  for (int i = 0; i <= 5; ++i)
    if (id == service_kind_id(static_cast<ServiceKind>(i))) return static_cast<ServiceKind>(i);
  return std::nullopt;
}

void Workspace::build_indexes() {
  commune_by_code.clear(); zone_by_code.clear(); qpv_by_code.clear();
  for (size_t i = 0; i < communes.size(); ++i) commune_by_code[communes[i].code] = i;
  for (size_t i = 0; i < zones.size(); ++i) zone_by_code[zones[i].code] = i;
  for (size_t i = 0; i < qpvs.size(); ++i) qpv_by_code[qpvs[i].code] = i;
}

const Commune* Workspace::commune(const std::string& code) const {
  auto it = commune_by_code.find(code);
  return it == commune_by_code.end() ? nullptr : &communes[it->second];
}
const ZoneEmploi* Workspace::zone(const std::string& code) const {
  auto it = zone_by_code.find(code);
  return it == zone_by_code.end() ? nullptr : &zones[it->second];
}
const Qpv* Workspace::qpv(const std::string& code) const {
  auto it = qpv_by_code.find(code);
  return it == qpv_by_code.end() ? nullptr : &qpvs[it->second];
}

BBox Workspace::extent() const {
  BBox b = bbox(region.geom);
  if (b.empty())
    for (const auto& d : departements) b.extend(bbox(d.geom));
  if (b.empty())
    for (const auto& c : communes) b.extend(bbox(c.geom));
  return b;
}

}  // namespace maraude
