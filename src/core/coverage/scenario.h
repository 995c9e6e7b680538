// Scenarios: named sets of service points and reach settings.
//
// Stored as text in the workspace `documents` table (kind "scenario"). Format, UTF-8,
// one record per line, fields separated by TAB; blank lines and lines starting
// with '#' are ignored:
//
//   # maraude-scenario 1
//   nom<TAB>Permanences Thiérache 2025
//   description<TAB>free text
//   portee<TAB>15km                      default reach of every point ("20min" for a time)
//   point<TAB>id<TAB>type<TAB>x<TAB>y<TAB>portee<TAB>nom<TAB>porteur<TAB>vehicule<TAB>jours<TAB>horaires<TAB>commune
//   ref<TAB>service_id<TAB>portee        a service of the workspace, by id, at its own place
//
// `x`/`y` are Lambert-93 metres (decimal point). `type` is a service kind id
// (permanence, mobile_stop, france_services, ...). `portee` is "-" to use the
// default. Trailing fields of a `point` line may be omitted.
#pragma once
#include <string>
#include <vector>

#include "core/coverage/coverage.h"
#include "core/model.h"

namespace maraude::coverage {

constexpr const char* kScenarioKind = "scenario";
constexpr const char* kDefaultScenarioName = "services publics existants";

std::string to_text(const Scenario& s);
// Throws Error(BadInput) naming `where` and the line for a malformed line, an unknown
// type, a bad reach, or a `ref` to a service the workspace does not have.
Scenario from_text(const std::string& text, const Workspace& ws, const std::string& where);

// Every service of the workspace (France Services sites and buses, France Travail,
// missions locales) as `ref` points with the given default reach.
Scenario default_scenario(const Workspace& ws, Reach reach = Reach::km(15));

// True when `p` is inside the region (its polygon when loaded, else the extent of its communes).
bool inside_region(const Workspace& ws, Vec2 p);

// Throws Error(BadInput) naming the scenario and the point: duplicate or empty ids,
// non-finite coordinates, a point outside the region, a bad reach.
void validate(const Scenario& s, const Workspace& ws);

}  // namespace maraude::coverage
