// Saved tour plans: a plan's request (settings and pins) and its result (stops, teams,
// days, times, left-out candidates) as a named, versioned document in the workspace
// `documents` table (kind "plan"), written in one transaction like the scenarios
// (io/scenario_store.h). `maraude plan list|show|export` and the window's Tournées panel
// read them back; export_saved_plan() is the one function both use to write a saved
// plan's files, so the window and the command line write the same bytes.
//
// Text format, UTF-8, one record per line, fields separated by TAB; a field's TAB,
// newline, carriage return and backslash are written \t \n \r \\. First line
// "# maraude-plan 3", last line "fin" (a truncated document is refused). Version 2 adds the
// rotation settings (req_rotation, req_slot), each stop's frequency and the rotation result
// (rot, rot_slot, passage: each served stop's slot); a version 1 document loads as a one-off
// plan. Version 3 adds the stop rules of the request (req_rule_population, _youth, _neet,
// _service, _kind, _within, _exclude, _must: one record per list entry) and their outcome
// (res_rule_before, res_rule_summary, res_rule_excluded, res_rule_conflict, res_rule_note),
// so that an export writes the same report and exclus.csv; versions 1 and 2 load without
// rules. Numbers are
// written with 17 significant digits, so times and distances read back exactly. The
// travel-cost matrix is kept sparse: only the entries the plan's files and report read
// (base ↔ every stop, each leg of the plan); the window rebuilds the full matrix before
// re-optimising a reopened plan. The legs' road lines are re-traced from the workspace's
// travel model on load.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"
#include "io/plan_request.h"

namespace maraude::io {

constexpr const char* kPlanKind = "plan";

struct SavedPlan {
  std::string name;
  int revision = 1;          // 1 for the first save, +1 at each save under the same name
  std::string saved;         // ISO 8601 UTC of the save
  PlanRequest request;
  PlanResult result;         // travel and legs attached by load_plan (not by plan_from_text)
  bool full_costs = false;   // false: the sparse matrix (see above)
  std::int64_t version = 0;  // the stored document's version (io/document_store.h), set by load_plan
};

struct SavedPlanInfo {
  std::string name, saved, base;
  int revision = 0, teams = 0, days = 0, stops = 0;
  double neet = 0;
  bool rotation = false;     // a rotation (fixed slots of a cycle), else a one-off plan
  int cycle_weeks = 0;       // rotation: 1, 2 or 4
  int slots = 0;             // rotation: slots of the cycle with a passage
  std::string type;          // "rotation 2 semaines, 14 créneaux" / "ponctuel, 3 jours" (plan_type_label)
  std::string type_en;       // the same in English
  std::string damaged;       // non-empty: why the stored document cannot be read (French)
};

// Text of a saved plan. `saved` is the ISO time written into it.
std::string plan_to_text(const std::string& name, int revision, const std::string& saved, const PlanRequest& request,
                         const PlanResult& result);
// Throws Error(BadInput) naming `where` and the line for anything malformed, out of range
// or inconsistent (an index past its table, a truncated document). No workspace needed.
SavedPlan plan_from_text(const std::string& text, const std::string& where);

// Stores the plan under `name` (any text but empty; revision = previous + 1) when the stored
// document is still at `base_version` — the version the caller read or last saved (0: the
// name must be free) — as scenarios and stories are (io/document_store.h; PostgreSQL: one
// conditional UPDATE). Otherwise nothing is overwritten: the plan is stored as
// « NOM (copie de MOI) » and DocumentConflict (exit 9) is thrown, saying who saved meanwhile
// and when, and naming the copy. The ICS stamp of `result` (PlanResult::dtstamp) is kept;
// when empty the save time is used.
struct PlanSaveResult {
  int revision = 0;
  std::int64_t version = 0;  // the document's new version
};
PlanSaveResult save_plan_checked(const std::string& ws_path, const std::string& name, const PlanRequest& request,
                                 const PlanResult& result, std::int64_t base_version);
// The stored version of plan `name` (0: none).
std::int64_t plan_version(const std::string& ws_path, const std::string& name);
// save_plan_checked on top of the version stored now. Returns the stored revision.
int save_plan(const std::string& ws_path, const std::string& name, const PlanRequest& request, const PlanResult& result);
// Every stored plan, by name; a damaged one is listed with `damaged` set.
std::vector<SavedPlanInfo> list_plans(const std::string& ws_path);
bool plan_exists(const std::string& ws_path, const std::string& name);
// Throws Error(Usage) listing the known names when there is no such plan, Error(BadInput)
// when the stored document is damaged. Attaches the workspace, its travel model (the
// request's choice) and re-traces the legs.
SavedPlan load_plan(const std::string& ws_path, const Workspace& ws, const std::string& name);
// Throws Error(Usage) when there is no stored plan of that name.
void delete_plan(const std::string& ws_path, const std::string& name);

// The files of `maraude plan --out DIR`, from the stored result (no new search).
std::vector<std::string> export_saved_plan(const SavedPlan& plan, const std::string& out_dir);

// "rotation 2 semaines, 14 créneaux" (slots of the cycle with a passage) or "ponctuel, 3 jours";
// in English with `english`.
std::string plan_type_label(const PlanRequest& request, const PlanResult& result, bool english = false);

// French summary (`maraude plan show`).
std::string saved_plan_summary(const SavedPlan& plan);

// ISO 8601 UTC of now ("2026-12-05T20:26:01Z") and its iCalendar form ("20261205T202601Z").
std::string utc_now_iso();
std::string ics_stamp_of(const std::string& iso);

// ---- the tour into a coverage scenario ------------------------------------------------------
// One mobile-office stop point (kind mobile_stop) per served stop of the plan: named after
// the place, the team as vehicle, the slot's hours in `hours` ("09:30-12:30"); ids
// "tournee-<plan>-<k>" not already in `existing`. `days` says when and how often: for a
// rotation the slot and its frequency ("mardi matin 09:30–12:30, une semaine sur deux,
// premier passage le 2026-12-08"), for a one-off plan the day and date with "passage unique".
std::vector<coverage::ServicePoint> plan_stop_points(const PlanResult& result, const std::string& plan_name,
                                                     const coverage::Scenario& existing);
// Adds plan_stop_points() to the scenario `scenario_name` and saves it; a name not stored yet
// starts as a copy of the scenario the plan was made on (PlanResult::scenario_name).
// Returns the number of points added.
size_t add_plan_to_scenario(const std::string& ws_path, const Workspace& ws, const std::string& scenario_name,
                            const PlanResult& result, const std::string& plan_name);

}  // namespace maraude::io
