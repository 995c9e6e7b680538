// Stop rules a coordinator sets on the candidate stops of a tour plan (issue 11, item 2):
// the commune where the van parks has at most N inhabitants, the target has at least N
// uncovered 15-29 year-olds / estimated NEETs, the nearest fixed service is at least X away
// (distance or driving time under the plan's travel model: the roads when the workspace has
// them), and lists of excluded and must-visit stops (INSEE codes, target ids, names). The
// territory filter (laureate, zone d'emploi, EPCI: PlanRequest::territory) still applies
// first; every rule combines with it and with the others (a candidate must pass them all).
//
// apply_stop_rules() filters the candidates built by run_plan; each candidate it removes
// keeps the first rule it fails, its value and a detail ("12 345 habitants"). A must-visit
// stop that a rule would remove is kept (the explicit list wins) and reported as a conflict
// naming the rule; a stop both excluded and must-visit is refused.
//
// The Oise employment-bus rule (a commune under 5,000 inhabitants, at least 30 job seekers,
// no France Travail agency nearby) reads, with the workspace's data (it holds no job-seeker
// counts per commune, see README, Stop rules):
//   --max-population 4999 --min-neet 3 --min-service-distance 15min --service-kinds france_travail
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/coverage/coverage.h"
#include "core/coverage/engine.h"
#include "core/model.h"
#include "core/routing/planner.h"
#include "core/travel.h"
#include "io/plan_setup.h"

namespace maraude::io {

struct StopRules {
  std::optional<long long> max_population;     // commune where the van parks: at most N inhabitants
  std::optional<double> min_uncovered_15_29;   // uncovered 15-29 year-olds of the target: at least N
  std::optional<double> min_neet;              // estimated uncovered NEETs of the target: at least N
  std::optional<coverage::Reach> min_service;  // nearest fixed service at least this far (km) or long (min)
  std::vector<ServiceKind> service_kinds;      // which services count; empty = the fixed ones
  std::vector<std::string> within;             // territories ("zone:CODE", "epci:SIREN", "laureate:ID"): inside each
  std::vector<std::string> exclude;            // codes or names never to visit
  std::vector<std::string> must;               // codes or names to visit (added when not a gap)
  bool empty() const;
};

// Bounds of the rule values (a value outside is refused, naming the option).
constexpr long long kMaxPopulationRule = 3000000;  // above the largest commune of France
constexpr double kMaxYouthRule = 100000;            // uncovered 15-29 year-olds of one target
constexpr double kMaxNeetRule = 20000;              // estimated NEETs of one target
constexpr size_t kMaxListEntries = 5000;            // entries of --exclude / --must

// The services that count for min_service: `service_kinds`, or when empty the fixed ones
// (France Services sites, France Travail, missions locales, permanences; not the buses nor
// mobile-office stops).
std::vector<ServiceKind> effective_service_kinds(const StopRules& r);

// "zone:3220,epci:200044618" → the territory specs (checked against the workspace when applied).
std::vector<std::string> parse_within(const std::string& v, const std::string& opt);

// The rules in French, one phrase each ("commune de 5 000 habitants au plus"); empty: none.
std::vector<std::string> rules_summary(const StopRules& r);

// Option values (`opt` names the option in the errors, e.g. "--max-population"). Throw Error(Usage).
long long parse_rule_population(const std::string& v, const std::string& opt);
double parse_rule_amount(const std::string& v, const std::string& opt, double max);
std::vector<ServiceKind> parse_service_kinds(const std::string& v, const std::string& opt);
// A list of stops: entries separated by commas, semicolons, tabs or lines; blank entries and
// lines starting with '#' skipped, duplicates kept once. A table whose first line starts with
// a "code" header (code,nom,...) gives the first field of each row.
std::vector<std::string> parse_stop_list(const std::string& text);
// An option value that names an existing file is read as such a list, else the value
// itself is the list. Throws Error naming the option (unreadable file, too many entries).
std::vector<std::string> read_stop_list(const std::string& value, const std::string& opt);
// Bounds of every value (the window's path as well as the command line's). Throws Error(Usage).
void check_rules(const StopRules& r);

// A candidate removed by a rule.
struct RuleExclusion {
  std::string code;    // QPV code, or INSEE code of the commune
  std::string name;    // the candidate's label
  std::string target;  // target id ("qpv:QN...", "commune:02001")
  std::string rule;    // "exclusion", "territoire", "population", "jeunes", "neet", "service"
  std::string reason;  // French, shared by every candidate of that rule ("commune de plus de 5 000 habitants")
  std::string detail;  // this candidate's figure ("12 345 habitants")
  double value = 0;    // estimated uncovered NEETs
};

struct RuleOutcome {
  size_t before = 0;                    // candidates before the rules
  std::vector<RuleExclusion> excluded;  // most valuable first
  std::vector<std::string> conflicts;   // French: a must-visit stop a rule would remove (kept)
  std::vector<std::string> summary;     // rules_summary() of the rules applied
  std::vector<std::string> notes;       // French: e.g. no service of the chosen kinds at all
};

// Filters `cands` and `stops` (parallel vectors, as run_plan builds them; a stop already
// must-visit, e.g. from --stops, is protected like a --must entry). --must entries that are
// not candidates are added (any target or commune of the region, worth its uncovered NEETs,
// stop length `service_s`). Services are the scenario's points of the counted kinds.
// Throws Error(Usage) for an unknown entry (listing the nearest names) or an entry both
// excluded and must-visit.
RuleOutcome apply_stop_rules(const Workspace& ws, const coverage::CoverageEngine& engine, const TravelModel& travel,
                             const coverage::Scenario& scenario, const StopRules& rules, double service_s,
                             std::vector<PlanCandidate>& cands, std::vector<routing::Stop>& stops);

}  // namespace maraude::io
