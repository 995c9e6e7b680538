#include "core/region_text.h"

#include <algorithm>

#include "core/text.h"

namespace maraude {

namespace {
std::string meta(const Workspace& ws, const std::string& key) {
  auto it = ws.meta.find(key);
  return it == ws.meta.end() ? std::string() : trim(it->second);
}
bool has_kind(const Workspace& ws, ServiceKind k) {
  return std::any_of(ws.services.begin(), ws.services.end(), [k](const Service& s) { return s.kind == k; });
}
}  // namespace

std::string region_name(const Workspace& ws) {
  if (!trim(ws.region.name).empty()) return trim(ws.region.name);
  const std::string m = meta(ws, "region.name");
  return m.empty() ? "la région" : m;
}

std::string map_title(const Workspace& ws, bool en) {
  return region_name(ws) + (en ? " — reaching invisible publics" : " — repérer les publics invisibles");
}

std::string map_subtitle(const Workspace& ws, bool en) {
  std::vector<std::string> w;
  if (!ws.qpvs.empty()) w.push_back("QPV");
  bool basin = false;
  for (const auto& c : ws.communes) basin |= c.in_rural_basin;
  if (basin) w.push_back(en ? "rural high-unemployment basins" : "bassins ruraux à fort chômage");
  if (!ws.services.empty()) w.push_back(en ? "public services" : "services publics");
  if (!ws.laureates.empty()) w.push_back(en ? "laureates’ territories" : "territoires des lauréats");
  const std::string head = en ? "Where outreach does not reach" : "Où l’« aller vers » ne va pas";
  return w.empty() ? head : head + (en ? ": " : " : ") + join(w, ", ");
}

std::string window_title(const Workspace& ws) { return "Maraude — " + region_name(ws); }

std::string starter_story_name(const Workspace& ws) { return "Récit de départ — " + region_name(ws); }

std::string qpv_vintage(const Workspace& ws) {
  const std::string v = meta(ws, "qpv.vintage");
  return v.empty() ? kDefaultQpvVintage : v;
}

std::string qpv_label(const Workspace& ws, bool capital) {
  return std::string(capital ? "Quartiers" : "quartiers") + " prioritaires (QPV " + qpv_vintage(ws) + ")";
}

double neet_share(const Workspace& ws) {
  if (auto v = parse_number(meta(ws, "neet.share")); v && *v > 0 && *v < 1) return *v;
  return kDefaultNeetShare;
}

std::string neet_source(const Workspace& ws) {
  const std::string s = meta(ws, "neet.source");
  if (!s.empty()) return s;
  const std::string share = format_fr(100 * neet_share(ws), 1) + " %";
  if (ws.region.code == kDefaultNeetRegionCode || (ws.region.code.empty() && ws.region.name.empty()))
    return "Apprentis d'Auteuil : " + share + " des 16-29 ans sont NEET en Hauts-de-France";
  // Another region without its own figure: say the share is borrowed, not measured here.
  return "part par défaut (" + share + ", Apprentis d'Auteuil, mesurée dans une autre région) : "
         "donnez neet_share et neet_source dans [parameters] du manifeste";
}

std::vector<ServiceKind> service_kinds_present(const Workspace& ws) {
  std::vector<ServiceKind> out;
  for (int k = 0; k <= static_cast<int>(ServiceKind::MobileStop); ++k)
    if (has_kind(ws, static_cast<ServiceKind>(k))) out.push_back(static_cast<ServiceKind>(k));
  return out;
}

std::string service_kinds_words(const Workspace& ws) {
  std::vector<std::string> w;
  if (has_kind(ws, ServiceKind::FranceServices) || has_kind(ws, ServiceKind::FranceServicesBus)) w.push_back("France Services");
  if (has_kind(ws, ServiceKind::FranceTravail)) w.push_back("France Travail");
  if (has_kind(ws, ServiceKind::MissionLocale)) w.push_back("missions locales");
  if (has_kind(ws, ServiceKind::Permanence)) w.push_back("permanences");
  if (has_kind(ws, ServiceKind::MobileStop)) w.push_back("arrêts de bureau mobile");
  return w.empty() ? "aucun service importé" : join(w, ", ");
}

std::string sources_line(const Workspace& ws) {
  std::vector<std::string> anct;
  if (has_kind(ws, ServiceKind::FranceServices) || has_kind(ws, ServiceKind::FranceServicesBus)) anct.push_back("France Services");
  if (!ws.qpvs.empty()) anct.push_back("QPV " + qpv_vintage(ws));
  std::vector<std::string> parts = {"IGN ADMIN EXPRESS", "INSEE"};
  if (!anct.empty()) parts.push_back("ANCT (" + join(anct, ", ") + ")");
  if (has_kind(ws, ServiceKind::FranceTravail)) parts.push_back("France Travail");
  if (has_kind(ws, ServiceKind::MissionLocale)) parts.push_back("UNML");
  return "Sources : " + join(parts, ", ") + " — Licence Ouverte";
}

}  // namespace maraude
