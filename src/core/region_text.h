// Texts that depend on the region a workspace covers: its name, the map titles, the
// sources line, the QPV vintage, the NEET share and its source. Everything comes from the
// workspace (region layer and `metadata`, filled at import from the manifest), so another
// region's maps never name the first one. No GL, no GDAL.
#pragma once
#include <string>
#include <vector>

#include "core/model.h"

namespace maraude {

// Default NEET share (of 16-29 year-olds) and its source, used when the manifest's
// [parameters] give no neet_share / neet_source. Measured for Hauts-de-France (code 32).
constexpr double kDefaultNeetShare = 0.128;
constexpr const char* kDefaultNeetRegionCode = "32";
constexpr const char* kDefaultQpvVintage = "2024";

// The region's name ("Hauts-de-France"), or "la région" when the workspace has none.
std::string region_name(const Workspace& ws);
// "<région> — repérer les publics invisibles" (French) / "... — reaching invisible publics".
std::string map_title(const Workspace& ws, bool english = false);
// "Où l’« aller vers » ne va pas : QPV, bassins ruraux à fort chômage, services, lauréats",
// naming only what the workspace holds.
std::string map_subtitle(const Workspace& ws, bool english = false);
// "Maraude — <région>".
std::string window_title(const Workspace& ws);
// "Récit de départ — <région>".
std::string starter_story_name(const Workspace& ws);
// The QPV vintage ("2024"): metadata qpv.vintage, else the default.
std::string qpv_vintage(const Workspace& ws);
// "quartiers prioritaires (QPV 2024)" with the workspace's vintage.
std::string qpv_label(const Workspace& ws, bool capital = false);
// Share of NEETs among 16-29 year-olds (0..1) and its source, from metadata neet.share /
// neet.source (manifest [parameters]); defaults: 12.8 %, Apprentis d'Auteuil.
double neet_share(const Workspace& ws);
std::string neet_source(const Workspace& ws);
// The service kinds present in the workspace, in ServiceKind order.
std::vector<ServiceKind> service_kinds_present(const Workspace& ws);
// "France Services, France Travail, missions locales": the kinds present, in words.
std::string service_kinds_words(const Workspace& ws);
// One line of sources naming only what was imported ("Sources : IGN ADMIN EXPRESS, INSEE,
// ANCT (France Services, QPV 2024), France Travail, UNML — Licence Ouverte").
std::string sources_line(const Workspace& ws);

}  // namespace maraude
