// What `maraude plan` and the viewer's route planner share to set up a tour plan: the
// option parsers (clock, duration), the base (INSEE code, commune name or lon,lat), the
// territory filter (laureate, zone d'emploi, EPCI) and the candidate stops built from the
// gaps of a coverage scenario (one per target in a gap, worth its uncovered NEETs).
#pragma once
#include <set>
#include <string>
#include <vector>

#include "core/coverage/engine.h"
#include "core/model.h"
#include "core/routing/rotation.h"
#include "io/plan_export.h"

namespace maraude::io {

// "09:00" → seconds since midnight. `opt` names the option in the error (without "--").
double parse_clock(const std::string& s, const std::string& opt);
// "3h", "2h30", "150min", "90" (minutes) → seconds.
double parse_duration(const std::string& s, const std::string& opt);

// A week pattern of half-day slots (rotation mode, `--slots`):
//   "lun-ven 09:30-12:30,13:30-16:00"            days, a space, the slots
//   "lun,mar,jeu 09:30-12:30; ven 09:00-12:00"   groups separated by ';'
//   "09:30-12:30,13:30-16:00"                    no days: Monday to Friday
// Days: lun mar mer jeu ven sam dim (or the full French names, or mon..sun), single or as
// ranges "lun-ven". Every slot lies inside the day with start < end; a day's slots may not
// overlap and a day may not be given twice. Throws Error(Usage) naming `--opt`, the
// character position and the token that does not parse.
routing::WeekPattern parse_slots(const std::string& s, const std::string& opt);
// "lun-ven 09:30-12:30,13:30-16:00": the pattern written back (parse_slots reads it).
std::string slots_text(const routing::WeekPattern& p);

// Communes of a territory: "laureate:ID", "zone:CODE" or "epci:SIREN". `label` receives
// its French name ("lauréat ... (...)"). Throws Error(Usage) for an unknown territory.
std::set<std::string> territory_communes(const Workspace& ws, const std::string& spec, std::string& label);

// The base: an INSEE code, a commune name (accents optional) or "lon,lat" in WGS 84
// degrees inside the region. Throws Error(Usage).
PlanPlace parse_base(const Workspace& ws, const std::string& spec);
// The base at a Lambert-93 point (a map click): labelled with its commune when inside one.
PlanPlace base_at(const Workspace& ws, Vec2 pos);

// The commune of a target where the van parks: the one containing its anchor (a QPV may
// straddle several communes), else its first commune.
std::string anchor_commune(const Workspace& ws, const coverage::Target& tg);

struct PlanCandidate {
  size_t target = 0;  // index into the engine's targets
  PlanPlace place;
  double value = 0;   // estimated uncovered NEETs
};

struct PlanCandidates {
  std::vector<PlanCandidate> list;          // most uncovered NEETs first
  int skipped_unknown = 0;                  // gap targets of unknown population (no value)
  std::vector<std::string> unknown_names;   // "name (code)"
};

// One candidate per target of the engine's ranking with uncovered NEETs, restricted to
// the targets touching `territory` (INSEE codes; empty = the whole region).
PlanCandidates gap_candidates(const Workspace& ws, const coverage::CoverageEngine& engine,
                              const std::set<std::string>& territory);

}  // namespace maraude::io
