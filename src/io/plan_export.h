// Field exports of a multi-day tour plan (`maraude plan`):
//
//  plan.gpx        GPX 1.1 through GDAL's GPX driver: the base and every stop as
//                  waypoints, one route (<rte>) per team and day.
//  plan.geojson    WGS 84 (RFC 7946): stops (points) and day lines, `type` tells which.
//  plan.gpkg       EPSG:2154: layers `arrets`, `journees`, `planning` (no geometry).
//  planning.csv    the schedule, one row per event (depart, arret, pause, retour); the
//                  columns `creneau` ("mardi 09:30-12:30") and `frequence` ("une semaine sur
//                  deux") are filled on the stops of a rotation (one cycle of rows).
//  planning.xlsx   the same schedule (sheet `planning`) and a sheet `resume`.
//  planning.ics    iCalendar (RFC 5545, CRLF, folded lines): one VEVENT per stop; in rotation
//                  mode one VEVENT per (stop, slot) with RRULE:FREQ=WEEKLY;INTERVAL=P;BYDAY=..,
//                  DTSTART/DTEND in local time with TZID=Europe/Paris and its VTIMEZONE
//                  (a slot stays at 09:30 Paris time across daylight-saving changes, and a
//                  phone in another zone shows the right instant; floating times would not).
//  plan.kml        KML 2.2 for Google Earth / My Maps: stops with their slot, route lines.
//  passages.pdf    rotation mode: one A4 page per stop for the town hall.
//  roadbook.pdf    cairo, A4, one page per team-day: map of the day's route and its stop list.
//
// Every file is written under a temporary name and renamed when complete, so a failed
// export never leaves an empty or truncated file behind.
#pragma once
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/model.h"
#include "core/routing/planner.h"
#include "core/routing/rotation.h"

namespace maraude::io {

struct PlanPlace {
  std::string code;    // INSEE code of the commune ("" for a base given as lon,lat)
  std::string label;   // commune name, or QPV name + commune
  std::string target;  // coverage target id ("qpv:QN...", "commune:02001"), "" for the base
  Vec2 pos;            // Lambert-93
  MultiPolygon area;   // QPV perimeter to draw on the roadbook (empty for a commune)
};

struct PlanExport {
  const Workspace* ws = nullptr;          // for the roadbook's background (communes); may be null
  const routing::PlanInput* input = nullptr;
  const routing::Plan* plan = nullptr;
  std::vector<PlanPlace> places;          // index = PlanInput place index (0 = base)
  std::vector<std::string> team_names;    // one per team
  int start_year = 2026, start_month = 1, start_day = 1;  // calendar date of day 0
  std::string title;                      // e.g. "Tournées TOUR EMPLOI — lacunes du scénario ..."
  std::vector<std::pair<std::string, std::string>> parameters;  // written into the rapport / xlsx
  // The line of each leg along the roads (routing::leg_lines); null or missing legs: straight.
  const routing::LegLines* legs = nullptr;
  // How times and distances were measured, in French (TravelModel::short_label()).
  std::string travel_label;
  // Rotation mode: the slot of each served stop (null: a one-off plan). Day 0 is a Monday.
  const routing::RotationPlan* rotation = nullptr;
  std::string office_name;                // "Douai": « Le bureau mobile de Douai passe à ... »
  // ICS DTSTAMP ("20261205T202601Z"); empty: the time of writing. A saved plan keeps its own,
  // so every export of it writes the same bytes.
  std::string dtstamp;
};

// The polyline a team follows on a day: base, stops, base, along the roads where `e.legs` has them.
std::vector<Vec2> day_path(const PlanExport& e, const routing::DayPlan& dp);
// Each leg's polyline of a day (leg k from stop k-1, or the base, to stop k; the last one back to base).
std::vector<std::vector<Vec2>> day_legs(const PlanExport& e, const routing::DayPlan& dp);

// Calendar helpers (proleptic Gregorian).
struct Date {
  int y = 2026, m = 1, d = 1;
};
Date add_days(Date d, int n);
int weekday(Date d);  // 0 = Monday .. 6 = Sunday
std::string date_fr(Date d);   // "lundi 30 novembre 2026"
std::string date_iso(Date d);  // "2026-11-30"
std::string hhmm(double seconds_since_midnight);  // "09:05"

// Each writer throws Error(Io) when the file cannot be written. Returns the path written.
std::string write_plan_gpx(const std::string& dir, const PlanExport& e);
std::string write_plan_geojson(const std::string& dir, const PlanExport& e);
std::string write_plan_gpkg(const std::string& dir, const PlanExport& e);
std::string write_planning_csv(const std::string& dir, const PlanExport& e);
std::string write_planning_xlsx(const std::string& dir, const PlanExport& e);
std::string write_planning_ics(const std::string& dir, const PlanExport& e);
std::string write_roadbook_pdf(const std::string& dir, const PlanExport& e);
// KML 2.2 (Google Earth, Google My Maps): the base and each stop as placemarks (with the
// slot in rotation mode, else date and hours) and one route line per team-day.
std::string write_plan_kml(const std::string& dir, const PlanExport& e);
// Rotation mode: cairo, A4, one page per stop to pin up in the town hall (when and where
// the office comes, how often, the next passages), in French, black and white.
std::string write_passages_pdf(const std::string& dir, const PlanExport& e);

// Rotation helpers: the passage of a stop (null when not served), "mardi 09:30-12:30",
// French hours "9 h 30", the next `n` dates of a passage from the cycle's start.
const routing::Passage* passage_of(const PlanExport& e, int stop);
std::string slot_label(const routing::Passage& p);
std::string heure_fr(double seconds_since_midnight);
std::vector<Date> next_passages(const PlanExport& e, const routing::Passage& p, int n);

// RFC 5545 content line folding: lines of at most 75 octets (never splitting a UTF-8
// sequence), continuation lines starting with a space, CRLF line ends.
std::string ics_fold(const std::string& line);
// RFC 5545 TEXT escaping (backslash, semicolon, comma, newline).
std::string ics_escape(const std::string& s);

}  // namespace maraude::io
