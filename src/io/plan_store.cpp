#include "io/plan_store.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <set>
#include <sstream>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "core/travel.h"
#include "io/document_store.h"
#include "io/plan_setup.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"

namespace maraude::io {

namespace {

// Version 2 adds the rotation settings (req_rotation, req_slot), each stop's period and the
// rotation result (rot, rot_slot, passage). Version 1 documents load as one-off plans.
// Version 3 adds the stop rules of the request (req_rule_*) and their outcome (res_rule_*:
// the candidates they removed, conflicts, summary, notes). Versions 1 and 2 load without rules.
constexpr const char* kHeader = "# maraude-plan 3";
constexpr const char* kHeaderV2 = "# maraude-plan 2";
constexpr const char* kHeaderV1 = "# maraude-plan 1";
// Bounds of the stored rule outcome (candidates removed: every commune and QPV of a region).
constexpr size_t kMaxRuleExcluded = 100000, kMaxRuleLines = 10000;
// Bounds of a week pattern (half-day slots per weekday).
constexpr size_t kMaxSlotsPerDay = 24;
// Bounds of a stored plan (a hostile document must not make the reader allocate gigabytes).
constexpr size_t kMaxPlaces = 6000, kMaxTeams = 50, kMaxDays = 366, kMaxRingPoints = 200000;

std::string esc(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\': o += "\\\\"; break;
      case '\t': o += "\\t"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      default: o += c;
    }
  }
  return o;
}

std::string num(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

struct Writer {
  std::string out;
  void rec(std::initializer_list<std::string> fields) {
    bool first = true;
    for (const auto& f : fields) {
      if (!first) out += '\t';
      out += esc(f);
      first = false;
    }
    out += '\n';
  }
};

std::string i2s(long long v) { return std::to_string(v); }

// One record per slot of a week pattern: weekday (0 = Monday), start, end.
void write_pattern(Writer& w, const char* key, const routing::WeekPattern& p) {
  for (size_t d = 0; d < 7; ++d)
    for (const auto& h : p.days[d]) w.rec({key, i2s(static_cast<long long>(d)), num(h.start_s), num(h.end_s)});
}

std::string join_ints(const std::vector<int>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

// ---- reading ---------------------------------------------------------------------------------

struct Reader {
  std::string where;
  size_t line = 0;
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorKind::BadInput, "plan enregistré endommagé : " + what, where + ", ligne " + std::to_string(line),
                "enregistrez de nouveau le plan (maraude plan ... --save NOM) ; les autres documents ne sont pas touchés");
  }
  std::vector<std::string> fields(const std::string& l) const {
    std::vector<std::string> out(1);
    for (size_t i = 0; i < l.size(); ++i) {
      const char c = l[i];
      if (c == '\t') {
        out.emplace_back();
      } else if (c == '\\') {
        if (i + 1 >= l.size()) fail("échappement incomplet en fin de ligne");
        const char n = l[++i];
        if (n == 't') out.back() += '\t';
        else if (n == 'n') out.back() += '\n';
        else if (n == 'r') out.back() += '\r';
        else if (n == '\\') out.back() += '\\';
        else fail("échappement inconnu « \\" + std::string(1, n) + " »");
      } else {
        out.back() += c;
      }
    }
    return out;
  }
  double d(const std::string& s, const char* what, bool allow_inf = false) const {
    double v = 0;
    std::string t = s;
    if (t == "inf" && allow_inf) return std::numeric_limits<double>::infinity();
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v))
      fail(std::string(what) + " illisible « " + utf8_fit(s, 40) + " »");
    return v;
  }
  long long i(const std::string& s, const char* what, long long lo, long long hi) const {
    long long v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) fail(std::string(what) + " illisible « " + utf8_fit(s, 40) + " »");
    if (v < lo || v > hi) fail(std::string(what) + " hors limites (" + std::to_string(v) + ")");
    return v;
  }
  void need(const std::vector<std::string>& f, size_t n) const {
    if (f.size() != n)
      fail("« " + utf8_fit(f[0], 30) + " » attend " + std::to_string(n - 1) + " champs, pas " + std::to_string(f.size() - 1));
  }
  // A "req_slot" / "rot_slot" record into `p`: a weekday's slots come in order, each
  // non-empty, inside the day, after the previous one.
  void slot(const std::vector<std::string>& f, routing::WeekPattern& p) const {
    need(f, 4);
    auto& day = p.days[static_cast<size_t>(i(f[1], "jour de la semaine", 0, 6))];
    if (day.size() >= kMaxSlotsPerDay) fail("trop de créneaux dans un jour");
    const double a = d(f[2], "début de créneau"), b = d(f[3], "fin de créneau");
    if (!(a >= 0 && a < b && b <= 24 * 3600.0)) fail("créneau vide ou hors de la journée");
    if (!day.empty() && a < day.back().end_s) fail("créneaux qui se chevauchent ou dans le désordre");
    day.push_back({a, b});
  }
  std::vector<int> ints(const std::string& s, const char* what, int lo, int hi) const {
    std::vector<int> out;
    if (s.empty()) return out;
    for (const auto& p : split(s, ',')) out.push_back(static_cast<int>(i(p, what, lo, hi)));
    return out;
  }
};

}  // namespace

std::string utc_now_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return b;
}

std::string ics_stamp_of(const std::string& iso) {
  std::string o;
  for (char c : iso)
    if (c != '-' && c != ':') o += c;
  return o;
}

std::string plan_to_text(const std::string& name, int revision, const std::string& saved, const PlanRequest& R,
                         const PlanResult& res) {
  Writer w;
  w.out = std::string(kHeader) + "\n";
  w.rec({"nom", name});
  w.rec({"revision", i2s(revision)});
  w.rec({"enregistre", saved});
  std::string stamp = res.dtstamp.empty() ? ics_stamp_of(saved) : res.dtstamp;
  std::erase_if(stamp, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); });
  w.rec({"dtstamp", stamp.substr(0, 20)});
  // The request.
  w.rec({"req_base", R.base});
  if (R.base_point) w.rec({"req_base_point", num(R.base_point->x), num(R.base_point->y)});
  w.rec({"req_teams_days", i2s(R.teams), i2s(R.days)});
  w.rec({"req_days_off", join_ints(R.days_off)});
  if (R.date) w.rec({"req_date", date_iso(*R.date)});
  w.rec({"req_day", num(R.day_start_s), num(R.day_end_s)});
  w.rec({"req_lunch", R.lunch ? "1" : "0", num(R.lunch_open_s), num(R.lunch_close_s), num(R.lunch_s)});
  w.rec({"req_drive_service", num(R.max_drive_s), num(R.service_s)});
  w.rec({"req_territory", R.territory});
  w.rec({"req_scenario", R.scenario});
  if (R.reach) w.rec({"req_reach", R.reach->mode == coverage::ReachMode::Time ? "time" : "distance", num(R.reach->value)});
  w.rec({"req_travel", travel_choice_id(R.travel)});
  w.rec({"req_stops_csv", R.stops_csv});
  for (const auto& [t, td] : R.pins) w.rec({"req_pin", t, i2s(td.first), i2s(td.second)});
  w.rec({"req_search", i2s(R.iterations), num(R.seconds), std::to_string(R.seed)});
  w.rec({"req_rotation", R.rotation ? "1" : "0", i2s(R.cycle_weeks), i2s(R.frequency_weeks), num(R.slot_min_s)});
  write_pattern(w, "req_slot", R.slots);
  // The stop rules (version 3).
  const StopRules& sr = R.rules;
  if (sr.max_population) w.rec({"req_rule_population", i2s(*sr.max_population)});
  if (sr.min_uncovered_15_29) w.rec({"req_rule_youth", num(*sr.min_uncovered_15_29)});
  if (sr.min_neet) w.rec({"req_rule_neet", num(*sr.min_neet)});
  if (sr.min_service)
    w.rec({"req_rule_service", sr.min_service->mode == coverage::ReachMode::Time ? "time" : "distance", num(sr.min_service->value)});
  for (auto k : sr.service_kinds) w.rec({"req_rule_kind", service_kind_id(k)});
  for (const auto& t : sr.within) w.rec({"req_rule_within", t});
  for (const auto& e : sr.exclude) w.rec({"req_rule_exclude", e});
  for (const auto& e : sr.must) w.rec({"req_rule_must", e});
  // The result's labels and counts.
  w.rec({"res_labels", res.territory_label, res.scenario_name, res.reach_label, res.scenario_label});
  w.rec({"res_counts", i2s(static_cast<long long>(res.candidates)), num(res.candidates_value), i2s(res.skipped_unknown),
         res.stopped ? "1" : "0", i2s(res.iterations_done)});
  for (const auto& u : res.unknown_names) w.rec({"res_unknown", u});
  const RuleOutcome& ro = res.rules;
  if (ro.before || !ro.excluded.empty() || !ro.conflicts.empty() || !ro.summary.empty() || !ro.notes.empty())
    w.rec({"res_rule_before", i2s(static_cast<long long>(ro.before))});
  for (const auto& s : ro.summary) w.rec({"res_rule_summary", s});
  for (const auto& e : ro.excluded) w.rec({"res_rule_excluded", e.code, e.name, e.target, e.rule, e.reason, e.detail, num(e.value)});
  for (const auto& c : ro.conflicts) w.rec({"res_rule_conflict", c});
  for (const auto& n : ro.notes) w.rec({"res_rule_note", n});
  w.rec({"res_start", date_iso(res.start)});
  // Input: places, teams, stops, the costs the plan uses.
  const auto& in = res.input;
  w.rec({"in", i2s(in.n_places), i2s(in.days), num(in.metres_per_value)});
  std::set<size_t> visited_places;
  for (const auto& dp : res.plan.days)
    for (const auto& v : dp.visits)
      if (v.stop >= 0 && static_cast<size_t>(v.stop) < in.stops.size())
        visited_places.insert(static_cast<size_t>(in.stops[static_cast<size_t>(v.stop)].place));
  for (size_t k = 0; k < res.places.size(); ++k) {
    const auto& p = res.places[k];
    w.rec({"place", p.code, p.label, p.target, num(p.pos.x), num(p.pos.y)});
    if (!visited_places.count(k)) continue;  // the roadbook draws the areas of served stops only
    for (size_t pi = 0; pi < p.area.polys.size(); ++pi)
      for (size_t ri = 0; ri < p.area.polys[pi].rings.size(); ++ri) {
        std::string xy;
        for (const auto& q : p.area.polys[pi].rings[ri]) xy += (xy.empty() ? "" : " ") + num(q.x) + " " + num(q.y);
        w.rec({"area", i2s(static_cast<long long>(k)), i2s(static_cast<long long>(pi)), i2s(static_cast<long long>(ri)), xy});
      }
  }
  for (size_t t = 0; t < in.teams.size(); ++t) {
    const auto& tm = in.teams[t];
    w.rec({"team", tm.name, i2s(tm.base), num(tm.day_start_s), num(tm.day_end_s), num(tm.lunch_open_s),
           num(tm.lunch_close_s), num(tm.lunch_s), num(tm.max_drive_s), join_ints(tm.days_off),
           t < res.team_names.size() ? res.team_names[t] : tm.name});
  }
  for (const auto& s : in.stops)
    w.rec({"stop", s.id, i2s(s.place), num(s.value), num(s.service_s), num(s.open_s), num(s.close_s), s.must_visit ? "1" : "0",
           i2s(s.pin_team), i2s(s.pin_day), i2s(s.period_weeks)});
  std::set<std::pair<int, int>> pairs;
  const int n = in.n_places;
  for (int k = 1; k < n; ++k) pairs.insert({0, k}), pairs.insert({k, 0});
  for (const auto& t : in.teams)
    for (int k = 0; k < n; ++k) pairs.insert({t.base, k}), pairs.insert({k, t.base});
  for (const auto& dp : res.plan.days) {
    if (dp.team < 0 || static_cast<size_t>(dp.team) >= in.teams.size()) continue;
    std::vector<int> seq{in.teams[static_cast<size_t>(dp.team)].base};
    for (const auto& v : dp.visits) seq.push_back(in.stops[static_cast<size_t>(v.stop)].place);
    seq.push_back(seq.front());
    for (size_t k = 0; k + 1 < seq.size(); ++k) pairs.insert({seq[k], seq[k + 1]});
  }
  for (const auto& [a, b] : pairs) {
    if (a < 0 || b < 0 || a >= n || b >= n) continue;
    const size_t ix = static_cast<size_t>(a) * static_cast<size_t>(n) + static_cast<size_t>(b);
    if (ix >= in.dist_m.size() || ix >= in.time_s.size() || std::isnan(in.dist_m[ix]) || std::isnan(in.time_s[ix])) continue;
    w.rec({"cost", i2s(a), i2s(b), num(in.dist_m[ix]), num(in.time_s[ix])});
  }
  // The plan.
  const auto& P = res.plan;
  w.rec({"plan", num(P.value), num(P.distance_m), num(P.drive_s), i2s(P.visits)});
  for (const auto& dp : P.days) {
    w.rec({"day", i2s(dp.team), i2s(dp.day), num(dp.depart_s), num(dp.return_s), num(dp.distance_m), num(dp.drive_s),
           num(dp.lunch_start_s)});
    for (const auto& v : dp.visits) w.rec({"visit", i2s(v.stop), num(v.arrival_s), num(v.start_s), num(v.end_s)});
  }
  for (const auto& lo : P.left_out)
    w.rec({"left_out", i2s(lo.stop), routing::reason_id(lo.reason), lo.label, lo.explanation, lo.can_force ? "1" : "0",
           num(lo.force_value_loss), num(lo.force_extra_m)});
  if (res.rotation) {
    const auto& rot = *res.rotation;
    w.rec({"rot", i2s(rot.cycle_weeks), num(rot.weighted_value), num(rot.raw_value), i2s(rot.cells), i2s(rot.cells_used)});
    write_pattern(w, "rot_slot", rot.pattern);
    for (const auto& ps : rot.passages)
      w.rec({"passage", i2s(ps.stop), i2s(ps.team), i2s(ps.week), i2s(ps.weekday), i2s(ps.half), num(ps.start_s), num(ps.end_s),
             i2s(ps.period_weeks)});
  }
  w.out += "fin\n";
  return w.out;
}

SavedPlan plan_from_text(const std::string& text, const std::string& where) {
  Reader rd{where};
  SavedPlan sp;
  PlanRequest& R = sp.request;
  PlanResult& res = sp.result;
  auto& in = res.input;
  auto& P = res.plan;
  bool header = false, ended = false, have_in = false, have_plan = false, have_rotation_req = false, have_rule_before = false;
  int version = 0;
  std::vector<std::pair<std::pair<int, int>, std::pair<double, double>>> costs;
  std::istringstream is(text);
  std::string l;
  while (std::getline(is, l)) {
    ++rd.line;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (!header) {
      if (l == kHeader || l == kHeaderV2) {
        version = l == kHeader ? 3 : 2;
        R.slots = {};  // filled by the req_slot records
      } else if (l == kHeaderV1) {
        version = 1;  // before rotations: a one-off plan
      } else {
        rd.fail("en-tête « " + std::string(kHeader) + " » attendu, lu « " + utf8_fit(l, 40) + " »");
      }
      header = true;
      continue;
    }
    if (ended) {
      if (!trim(l).empty()) rd.fail("texte après « fin »");
      continue;
    }
    if (l.empty()) continue;
    if (!valid_utf8(l)) rd.fail("texte qui n'est pas de l'UTF-8");
    const auto f = rd.fields(l);
    const std::string& k = f[0];
    if (k == "fin") {
      rd.need(f, 1);
      ended = true;
    } else if (k == "nom") {
      rd.need(f, 2);
      sp.name = f[1];
    } else if (k == "revision") {
      rd.need(f, 2);
      sp.revision = static_cast<int>(rd.i(f[1], "révision", 1, 1000000000));
    } else if (k == "enregistre") {
      rd.need(f, 2);
      sp.saved = f[1];
    } else if (k == "dtstamp") {
      rd.need(f, 2);
      for (char c : f[1])
        if (!std::isalnum(static_cast<unsigned char>(c))) rd.fail("horodatage ICS illisible");
      if (f[1].size() > 20) rd.fail("horodatage ICS trop long");
      res.dtstamp = f[1];
    } else if (k == "req_base") {
      rd.need(f, 2);
      R.base = f[1];
    } else if (k == "req_base_point") {
      rd.need(f, 3);
      R.base_point = Vec2{rd.d(f[1], "x"), rd.d(f[2], "y")};
    } else if (k == "req_teams_days") {
      rd.need(f, 3);
      R.teams = static_cast<int>(rd.i(f[1], "équipes", 1, kMaxTeams));
      R.days = static_cast<int>(rd.i(f[2], "jours", 1, kMaxDays));
    } else if (k == "req_days_off") {
      rd.need(f, 2);
      R.days_off = rd.ints(f[1], "jour de repos", 0, kMaxDays - 1);
    } else if (k == "req_date") {
      rd.need(f, 2);
      try {
        R.date = parse_date(f[1], "date");
      } catch (const Error&) {
        rd.fail("date illisible « " + utf8_fit(f[1], 20) + " »");
      }
    } else if (k == "req_day") {
      rd.need(f, 3);
      R.day_start_s = rd.d(f[1], "début de journée");
      R.day_end_s = rd.d(f[2], "fin de journée");
    } else if (k == "req_lunch") {
      rd.need(f, 5);
      R.lunch = f[1] == "1";
      R.lunch_open_s = rd.d(f[2], "pause");
      R.lunch_close_s = rd.d(f[3], "pause");
      R.lunch_s = rd.d(f[4], "pause");
    } else if (k == "req_drive_service") {
      rd.need(f, 3);
      R.max_drive_s = rd.d(f[1], "conduite maximale");
      R.service_s = rd.d(f[2], "durée d'arrêt");
    } else if (k == "req_territory") {
      rd.need(f, 2);
      R.territory = f[1];
    } else if (k == "req_scenario") {
      rd.need(f, 2);
      R.scenario = f[1];
    } else if (k == "req_reach") {
      rd.need(f, 3);
      coverage::Reach r;
      r.mode = f[1] == "time" ? coverage::ReachMode::Time : coverage::ReachMode::Distance;
      r.value = rd.d(f[2], "portée");
      if (!reach_problem(r).empty()) rd.fail("portée refusée : " + reach_problem(r));
      R.reach = r;
    } else if (k == "req_travel") {
      rd.need(f, 2);
      try {
        R.travel = parse_travel_choice(f[1], where);
      } catch (const Error&) {
        rd.fail("modèle de trajet inconnu « " + utf8_fit(f[1], 20) + " »");
      }
    } else if (k == "req_stops_csv") {
      rd.need(f, 2);
      R.stops_csv = f[1];
    } else if (k == "req_pin") {
      rd.need(f, 4);
      R.pins[f[1]] = {static_cast<int>(rd.i(f[2], "équipe", 0, kMaxTeams - 1)), static_cast<int>(rd.i(f[3], "jour", 0, kMaxDays - 1))};
    } else if (k == "req_search") {
      rd.need(f, 4);
      R.iterations = static_cast<long>(rd.i(f[1], "itérations", -1, 1000000000));
      R.seconds = rd.d(f[2], "secondes");
      R.seed = static_cast<std::uint64_t>(rd.i(f[3], "graine", 0, std::numeric_limits<long long>::max()));
    } else if (version >= 2 && k == "req_rotation") {
      rd.need(f, 5);
      if (have_rotation_req) rd.fail("« req_rotation » répété");
      have_rotation_req = true;
      if (f[1] != "0" && f[1] != "1") rd.fail("mode rotation illisible « " + utf8_fit(f[1], 10) + " »");
      R.rotation = f[1] == "1";
      R.cycle_weeks = static_cast<int>(rd.i(f[2], "cycle", 1, 4));
      R.frequency_weeks = static_cast<int>(rd.i(f[3], "fréquence", 0, 4));
      R.slot_min_s = rd.d(f[4], "durée minimale de créneau");
      if (R.slot_min_s < 0 || R.slot_min_s > 24 * 3600.0) rd.fail("durée minimale de créneau hors limites");
    } else if (version >= 2 && k == "req_slot") {
      rd.slot(f, R.slots);
    } else if (version >= 2 && k == "rot") {
      rd.need(f, 6);
      if (res.rotation) rd.fail("« rot » répété");
      routing::RotationPlan rot;
      rot.pattern = {};
      rot.cycle_weeks = static_cast<int>(rd.i(f[1], "cycle", 1, 4));
      rot.weighted_value = rd.d(f[2], "valeur pondérée");
      rot.raw_value = rd.d(f[3], "valeur");
      rot.cells = static_cast<int>(rd.i(f[4], "créneaux du cycle", 0, 28 * kMaxTeams * kMaxSlotsPerDay));
      rot.cells_used = static_cast<int>(rd.i(f[5], "créneaux occupés", 0, rot.cells));
      res.rotation = std::move(rot);
    } else if (version >= 2 && k == "rot_slot") {
      if (!res.rotation) rd.fail("créneau de rotation avant « rot »");
      rd.slot(f, res.rotation->pattern);
    } else if (version >= 2 && k == "passage") {
      rd.need(f, 9);
      if (!res.rotation) rd.fail("passage avant « rot »");
      auto& rot = *res.rotation;
      if (rot.passages.size() >= kMaxPlaces) rd.fail("trop de passages");
      routing::Passage ps;
      ps.stop = static_cast<int>(rd.i(f[1], "arrêt", 0, static_cast<long long>(in.stops.size()) - 1));
      ps.team = static_cast<int>(rd.i(f[2], "équipe", 0, static_cast<long long>(in.teams.size()) - 1));
      ps.week = static_cast<int>(rd.i(f[3], "semaine", 0, rot.cycle_weeks - 1));
      ps.weekday = static_cast<int>(rd.i(f[4], "jour de la semaine", 0, 6));
      const auto& day = rot.pattern.days[static_cast<size_t>(ps.weekday)];
      ps.half = static_cast<int>(rd.i(f[5], "demi-journée", 0, static_cast<long long>(day.size()) - 1));
      ps.start_s = rd.d(f[6], "début"), ps.end_s = rd.d(f[7], "fin");
      const auto& h = day[static_cast<size_t>(ps.half)];
      if (ps.start_s != h.start_s || ps.end_s != h.end_s) rd.fail("horaires du passage différents de son créneau");
      ps.period_weeks = static_cast<int>(rd.i(f[8], "fréquence", 1, 4));
      if (rot.cycle_weeks % ps.period_weeks != 0 || ps.period_weeks == 3) rd.fail("fréquence du passage incompatible avec le cycle");
      if (ps.week >= ps.period_weeks) rd.fail("première semaine du passage après sa période");
      for (const auto& o : rot.passages)
        if (o.stop == ps.stop) rd.fail("arrêt « " + utf8_fit(in.stops[static_cast<size_t>(ps.stop)].id, 30) + " » en double dans la rotation");
      rot.passages.push_back(ps);
    } else if (version >= 3 && k.starts_with("req_rule_")) {
      StopRules& sr = R.rules;
      rd.need(f, k == "req_rule_service" ? 3 : 2);
      auto once = [&](bool set) {
        if (set) rd.fail("« " + k + " » répété");
      };
      auto list = [&](std::vector<std::string>& v) {
        if (v.size() >= kMaxListEntries) rd.fail("trop d'entrées « " + k + " »");
        v.push_back(f[1]);
      };
      if (k == "req_rule_population") {
        once(sr.max_population.has_value());
        sr.max_population = rd.i(f[1], "population maximale", 1, kMaxPopulationRule);
      } else if (k == "req_rule_youth") {
        once(sr.min_uncovered_15_29.has_value());
        sr.min_uncovered_15_29 = rd.d(f[1], "jeunes non couverts minimum");
      } else if (k == "req_rule_neet") {
        once(sr.min_neet.has_value());
        sr.min_neet = rd.d(f[1], "NEET minimum");
      } else if (k == "req_rule_service") {
        once(sr.min_service.has_value());
        if (f[1] != "time" && f[1] != "distance") rd.fail("mesure de distance au service inconnue « " + utf8_fit(f[1], 20) + " »");
        coverage::Reach r;
        r.mode = f[1] == "time" ? coverage::ReachMode::Time : coverage::ReachMode::Distance;
        r.value = rd.d(f[2], "distance au service");
        if (!reach_problem(r).empty()) rd.fail("distance au service refusée : " + reach_problem(r));
        sr.min_service = r;
      } else if (k == "req_rule_kind") {
        const auto kind = parse_service_kind(f[1]);
        if (!kind) rd.fail("type de service inconnu « " + utf8_fit(f[1], 30) + " »");
        if (std::find(sr.service_kinds.begin(), sr.service_kinds.end(), *kind) != sr.service_kinds.end())
          rd.fail("type de service « " + f[1] + " » répété");
        sr.service_kinds.push_back(*kind);
      } else if (k == "req_rule_within") {
        if (sr.within.size() >= 16) rd.fail("trop de territoires « req_rule_within »");
        if (f[1].find(':') == std::string::npos) rd.fail("territoire illisible « " + utf8_fit(f[1], 30) + " »");
        sr.within.push_back(f[1]);
      } else if (k == "req_rule_exclude") {
        list(sr.exclude);
      } else if (k == "req_rule_must") {
        list(sr.must);
      } else {
        rd.fail("enregistrement inconnu « " + utf8_fit(k, 30) + " »");
      }
    } else if (version >= 3 && k == "res_rule_before") {
      rd.need(f, 2);
      if (have_rule_before) rd.fail("« res_rule_before » répété");
      have_rule_before = true;
      res.rules.before = static_cast<size_t>(rd.i(f[1], "candidats avant les règles", 0, static_cast<long long>(kMaxRuleExcluded)));
    } else if (version >= 3 && k == "res_rule_excluded") {
      rd.need(f, 8);
      if (!have_rule_before) rd.fail("candidat écarté par une règle avant « res_rule_before »");
      if (res.rules.excluded.size() >= kMaxRuleExcluded) rd.fail("trop de candidats écartés par les règles");
      static const char* const kRules[] = {"exclusion", "territoire", "population", "jeunes", "neet", "service"};
      if (std::find(std::begin(kRules), std::end(kRules), f[4]) == std::end(kRules))
        rd.fail("règle inconnue « " + utf8_fit(f[4], 30) + " »");
      RuleExclusion e;
      e.code = f[1], e.name = f[2], e.target = f[3], e.rule = f[4], e.reason = f[5], e.detail = f[6];
      e.value = rd.d(f[7], "valeur");
      res.rules.excluded.push_back(std::move(e));
    } else if (version >= 3 && (k == "res_rule_conflict" || k == "res_rule_summary" || k == "res_rule_note")) {
      rd.need(f, 2);
      if (!have_rule_before) rd.fail("« " + k + " » avant « res_rule_before »");
      auto& v = k == "res_rule_conflict" ? res.rules.conflicts : k == "res_rule_summary" ? res.rules.summary : res.rules.notes;
      if (v.size() >= kMaxRuleLines) rd.fail("trop d'enregistrements « " + k + " »");
      v.push_back(f[1]);
    } else if (k == "res_labels") {
      rd.need(f, 5);
      res.territory_label = f[1], res.scenario_name = f[2], res.reach_label = f[3], res.scenario_label = f[4];
    } else if (k == "res_counts") {
      rd.need(f, 6);
      res.candidates = static_cast<size_t>(rd.i(f[1], "candidats", 0, kMaxPlaces));
      res.candidates_value = rd.d(f[2], "valeur des candidats");
      res.skipped_unknown = static_cast<int>(rd.i(f[3], "cibles écartées", 0, 1000000));
      res.stopped = f[4] == "1";
      res.iterations_done = static_cast<long>(rd.i(f[5], "itérations", 0, std::numeric_limits<long>::max()));
    } else if (k == "res_unknown") {
      rd.need(f, 2);
      res.unknown_names.push_back(f[1]);
    } else if (k == "res_start") {
      rd.need(f, 2);
      try {
        res.start = parse_date(f[1], "date");
      } catch (const Error&) {
        rd.fail("date du jour 1 illisible");
      }
    } else if (k == "in") {
      rd.need(f, 4);
      if (have_in) rd.fail("« in » répété");
      have_in = true;
      in.n_places = static_cast<int>(rd.i(f[1], "nombre de lieux", 1, kMaxPlaces));
      in.days = static_cast<int>(rd.i(f[2], "jours", 1, kMaxDays));
      in.metres_per_value = rd.d(f[3], "mètres par NEET");
    } else if (k == "place") {
      rd.need(f, 6);
      if (!have_in) rd.fail("lieu avant « in »");
      if (res.places.size() >= static_cast<size_t>(in.n_places)) rd.fail("plus de lieux qu'annoncé");
      PlanPlace p;
      p.code = f[1], p.label = f[2], p.target = f[3];
      p.pos = {rd.d(f[4], "x"), rd.d(f[5], "y")};
      res.places.push_back(std::move(p));
    } else if (k == "area") {
      rd.need(f, 5);
      const size_t pl = static_cast<size_t>(rd.i(f[1], "lieu", 0, static_cast<long long>(res.places.size()) - 1));
      const size_t pi = static_cast<size_t>(rd.i(f[2], "polygone", 0, 100000));
      const size_t ri = static_cast<size_t>(rd.i(f[3], "anneau", 0, 100000));
      auto& area = res.places[pl].area;
      if (pi > area.polys.size()) rd.fail("polygone hors séquence");
      if (pi == area.polys.size()) area.polys.emplace_back();
      auto& poly = area.polys[pi];
      if (ri != poly.rings.size()) rd.fail("anneau hors séquence");
      const auto xy = split(f[4], ' ');
      if (xy.size() % 2 || xy.size() < 6 || xy.size() / 2 > kMaxRingPoints) rd.fail("anneau de coordonnées incomplet");
      Ring ring;
      for (size_t j = 0; j + 1 < xy.size(); j += 2) ring.push_back({rd.d(xy[j], "x"), rd.d(xy[j + 1], "y")});
      poly.rings.push_back(std::move(ring));
    } else if (k == "team") {
      rd.need(f, 11);
      if (in.teams.size() >= kMaxTeams) rd.fail("trop d'équipes");
      routing::Team t;
      t.name = f[1];
      t.base = static_cast<int>(rd.i(f[2], "base", 0, kMaxPlaces));
      t.day_start_s = rd.d(f[3], "début"), t.day_end_s = rd.d(f[4], "fin");
      t.lunch_open_s = rd.d(f[5], "pause"), t.lunch_close_s = rd.d(f[6], "pause"), t.lunch_s = rd.d(f[7], "pause");
      t.max_drive_s = rd.d(f[8], "conduite", true);
      t.days_off = rd.ints(f[9], "jour de repos", 0, kMaxDays - 1);
      in.teams.push_back(t);
      res.team_names.push_back(f[10]);
    } else if (k == "stop") {
      rd.need(f, version >= 2 ? 11 : 10);
      if (in.stops.size() >= kMaxPlaces) rd.fail("trop d'arrêts");
      routing::Stop s;
      s.id = f[1];
      s.place = static_cast<int>(rd.i(f[2], "lieu", 0, kMaxPlaces));
      s.value = rd.d(f[3], "valeur"), s.service_s = rd.d(f[4], "durée");
      s.open_s = rd.d(f[5], "ouverture", true), s.close_s = rd.d(f[6], "fermeture", true);
      s.must_visit = f[7] == "1";
      s.pin_team = static_cast<int>(rd.i(f[8], "équipe", -1, kMaxTeams));
      s.pin_day = static_cast<int>(rd.i(f[9], "jour", -1, kMaxDays));
      if (version >= 2) {
        s.period_weeks = static_cast<int>(rd.i(f[10], "fréquence", 0, 4));
        if (s.period_weeks == 3) rd.fail("fréquence de 3 semaines inconnue");
      }
      in.stops.push_back(s);
    } else if (k == "cost") {
      rd.need(f, 5);
      if (!have_in) rd.fail("coût avant « in »");
      const int a = static_cast<int>(rd.i(f[1], "lieu", 0, in.n_places - 1));
      const int b = static_cast<int>(rd.i(f[2], "lieu", 0, in.n_places - 1));
      costs.push_back({{a, b}, {rd.d(f[3], "distance", true), rd.d(f[4], "temps", true)}});
    } else if (k == "plan") {
      rd.need(f, 5);
      have_plan = true;
      P.value = rd.d(f[1], "valeur"), P.distance_m = rd.d(f[2], "distance"), P.drive_s = rd.d(f[3], "conduite");
      P.visits = static_cast<int>(rd.i(f[4], "visites", 0, kMaxPlaces));
    } else if (k == "day") {
      rd.need(f, 8);
      if (P.days.size() >= kMaxTeams * kMaxDays) rd.fail("trop de journées");
      routing::DayPlan dp;
      dp.team = static_cast<int>(rd.i(f[1], "équipe", 0, kMaxTeams - 1));
      dp.day = static_cast<int>(rd.i(f[2], "jour", 0, kMaxDays - 1));
      dp.depart_s = rd.d(f[3], "départ"), dp.return_s = rd.d(f[4], "retour");
      dp.distance_m = rd.d(f[5], "distance"), dp.drive_s = rd.d(f[6], "conduite"), dp.lunch_start_s = rd.d(f[7], "pause");
      P.days.push_back(dp);
    } else if (k == "visit") {
      rd.need(f, 5);
      if (P.days.empty()) rd.fail("visite avant toute journée");
      routing::PlannedVisit v;
      v.stop = static_cast<int>(rd.i(f[1], "arrêt", 0, static_cast<long long>(in.stops.size()) - 1));
      v.arrival_s = rd.d(f[2], "arrivée"), v.start_s = rd.d(f[3], "début"), v.end_s = rd.d(f[4], "fin");
      P.days.back().visits.push_back(v);
    } else if (k == "left_out") {
      rd.need(f, 8);
      routing::LeftOut lo;
      lo.stop = static_cast<int>(rd.i(f[1], "arrêt", 0, static_cast<long long>(in.stops.size()) - 1));
      bool known = false;
      for (auto r : {routing::LeftOutReason::NoRoom, routing::LeftOutReason::TimeWindowUnreachable,
                     routing::LeftOutReason::DrivingLimit, routing::LeftOutReason::ValueTooLow})
        if (f[2] == routing::reason_id(r)) lo.reason = r, known = true;
      if (!known) rd.fail("raison d'écart inconnue « " + utf8_fit(f[2], 30) + " »");
      lo.label = f[3], lo.explanation = f[4];
      lo.can_force = f[5] == "1";
      lo.force_value_loss = rd.d(f[6], "valeur perdue", true), lo.force_extra_m = rd.d(f[7], "détour", true);
      P.left_out.push_back(lo);
    } else {
      rd.fail("enregistrement inconnu « " + utf8_fit(k, 30) + " »");
    }
  }
  if (!header) rd.fail("document vide");
  if (!ended) rd.fail("document tronqué (« fin » manquant)");
  if (!have_in || !have_plan) rd.fail("résultat incomplet (« in » ou « plan » manquant)");
  // Consistency: every index within its table.
  if (res.places.size() != static_cast<size_t>(in.n_places))
    rd.fail(std::to_string(res.places.size()) + " lieux pour " + std::to_string(in.n_places) + " annoncés");
  if (in.teams.empty()) rd.fail("aucune équipe");
  for (const auto& t : in.teams)
    if (t.base < 0 || t.base >= in.n_places) rd.fail("base d'équipe hors des lieux");
  for (const auto& s : in.stops) {
    if (s.place < 0 || s.place >= in.n_places) rd.fail("arrêt « " + utf8_fit(s.id, 30) + " » hors des lieux");
    if (s.pin_team >= static_cast<int>(in.teams.size()) || s.pin_day >= in.days) rd.fail("épingle hors des équipes ou de l'horizon");
  }
  for (const auto& dp : P.days)
    if (static_cast<size_t>(dp.team) >= in.teams.size() || dp.day >= in.days) rd.fail("journée hors des équipes ou de l'horizon");
  if (res.rules.excluded.size() > res.rules.before) rd.fail("plus de candidats écartés par les règles que de candidats");
  if (version >= 2 && !have_rotation_req) rd.fail("paramètres de rotation manquants (« req_rotation »)");
  if (version == 1 && R.days != in.days) R.days = in.days;  // a rotation saved before version 2: its cycle as a one-off horizon
  if (R.rotation != res.rotation.has_value())
    rd.fail(R.rotation ? "rotation sans ses créneaux (« rot » manquant)" : "créneaux de rotation dans un plan ponctuel");
  if (res.rotation) {
    const auto& rot = *res.rotation;
    if (rot.cycle_weeks != R.cycle_weeks) rd.fail("cycle du résultat différent de celui des paramètres");
    if (in.days != 7 * rot.cycle_weeks) rd.fail("horizon différent du cycle de la rotation");
    if (rot.pattern.slots_per_week() == 0) rd.fail("rotation sans créneau");
    for (const auto& s : in.stops)
      if (s.period_weeks != 0 && rot.cycle_weeks % s.period_weeks != 0) rd.fail("fréquence d'arrêt incompatible avec le cycle");
  }
  try {
    check_request(R);
  } catch (const Error& e) {
    rd.fail("paramètres refusés : " + e.what_text());
  }
  const size_t n = static_cast<size_t>(in.n_places);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  in.dist_m.assign(n * n, nan);
  in.time_s.assign(n * n, nan);
  for (size_t k = 0; k < n; ++k) in.dist_m[k * n + k] = in.time_s[k * n + k] = 0;
  for (const auto& [ab, dt] : costs) {
    const size_t ix = static_cast<size_t>(ab.first) * n + static_cast<size_t>(ab.second);
    in.dist_m[ix] = dt.first;
    in.time_s[ix] = dt.second;
  }
  // Every leg the files read has its cost.
  for (const auto& dp : P.days) {
    std::vector<int> seq{in.teams[static_cast<size_t>(dp.team)].base};
    for (const auto& v : dp.visits) seq.push_back(in.stops[static_cast<size_t>(v.stop)].place);
    seq.push_back(seq.front());
    for (size_t k = 0; k + 1 < seq.size(); ++k)
      if (std::isnan(in.time_s[static_cast<size_t>(seq[k]) * n + static_cast<size_t>(seq[k + 1])]))
        rd.fail("coût du trajet manquant entre les lieux " + std::to_string(seq[k]) + " et " + std::to_string(seq[k + 1]));
  }
  for (const auto& lo : P.left_out) {
    const size_t pl = static_cast<size_t>(in.stops[static_cast<size_t>(lo.stop)].place);
    if (std::isnan(in.time_s[pl]) || std::isnan(in.time_s[pl * n])) rd.fail("coût manquant entre la base et un candidat écarté");
  }
  if (sp.name.empty()) rd.fail("nom manquant");
  return sp;
}

PlanSaveResult save_plan_checked(const std::string& ws_path, const std::string& name, const PlanRequest& request,
                                 const PlanResult& result, std::int64_t base_version) {
  if (trim(name).empty()) throw Error(ErrorKind::Usage, "nom de plan vide", ws_path, "donnez un nom au plan, par exemple --save \"Thiérache mars\"");
  if (name.size() > 200) throw Error(ErrorKind::Usage, "nom de plan trop long (200 octets au plus)", ws_path);
  WorkspaceLock lock(ws_path);  // GeoPackage: the revision read stays the last until written
  auto store = open_document_store(ws_path);
  int revision = 1;
  if (auto d = store->get(kPlanKind, name); d && d->version == base_version) {
    try {
      revision = plan_from_text(d->body, ws_path).revision + 1;
    } catch (const Error&) {
      revision = 1;  // a damaged previous version is replaced
    }
  }
  // A stored version other than the base: the save below is refused by the store (the
  // version check), and the plan kept as a copy.
  const Document stored = save_or_keep_copy(*store, Document{kPlanKind, name, plan_to_text(name, revision, utc_now_iso(), request, result), ""},
                                            base_version);
  return {revision, stored.version};
}

std::int64_t plan_version(const std::string& ws_path, const std::string& name) {
  const auto d = get_document(ws_path, kPlanKind, name);
  return d ? d->version : 0;
}

int save_plan(const std::string& ws_path, const std::string& name, const PlanRequest& request, const PlanResult& result) {
  return save_plan_checked(ws_path, name, request, result, plan_version(ws_path, name)).revision;
}

std::vector<SavedPlanInfo> list_plans(const std::string& ws_path) {
  std::vector<SavedPlanInfo> out;
  for (const auto& d : list_documents(ws_path, kPlanKind)) {
    SavedPlanInfo i;
    i.name = d.name;
    i.saved = d.updated;
    try {
      const SavedPlan sp = plan_from_text(d.body, ws_path + ", plan « " + d.name + " »");
      i.saved = sp.saved;
      i.revision = sp.revision;
      i.base = sp.result.places.front().label;
      i.teams = static_cast<int>(sp.result.input.teams.size());
      i.days = sp.request.days;
      i.stops = sp.result.plan.visits;
      i.neet = sp.result.plan.value;
      i.rotation = sp.result.rotation.has_value();
      if (i.rotation) {
        i.cycle_weeks = sp.result.rotation->cycle_weeks;
        i.slots = sp.result.rotation->cells_used;
      }
      i.type = plan_type_label(sp.request, sp.result);
      i.type_en = plan_type_label(sp.request, sp.result, true);
    } catch (const Error& e) {
      i.damaged = e.what_text();
    }
    out.push_back(i);
  }
  return out;
}

bool plan_exists(const std::string& ws_path, const std::string& name) {
  return get_document(ws_path, kPlanKind, name).has_value();
}

SavedPlan load_plan(const std::string& ws_path, const Workspace& ws, const std::string& name) {
  const auto d = get_document(ws_path, kPlanKind, name);
  if (!d) {
    std::vector<std::string> names;
    for (const auto& doc : list_documents(ws_path, kPlanKind)) names.push_back("« " + doc.name + " »");
    throw Error(ErrorKind::Usage, "plan « " + name + " » introuvable", ws_path,
                names.empty() ? "aucun plan enregistré : maraude plan ESPACE ... --save NOM"
                              : "plans enregistrés : " + join(names, ", ") + " (voir `maraude plan list`)");
  }
  SavedPlan sp = plan_from_text(d->body, ws_path + ", plan « " + name + " »");
  sp.name = name;
  sp.version = d->version;
  auto& r = sp.result;
  r.ws = &ws;
  r.ws_path = ws_path;
  r.travel = travel_for(ws, sp.request.travel);
  std::vector<Vec2> pts;
  for (const auto& p : r.places) pts.push_back(p.pos);
  r.legs = routing::leg_lines(*r.travel, pts, r.input, r.plan);
  return sp;
}

void delete_plan(const std::string& ws_path, const std::string& name) {
  if (!delete_document(ws_path, kPlanKind, name))
    throw Error(ErrorKind::Usage, "aucun plan enregistré sous le nom « " + name + " »", ws_path, "voir `maraude plan list`");
}

std::vector<std::string> export_saved_plan(const SavedPlan& plan, const std::string& out_dir) {
  return write_plan_files(out_dir, plan.result, plan.request);
}

namespace {
const char* const kWeekdayFr[7] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};

// "mardi matin 09:30–12:30": a slot starting before noon is a morning.
std::string slot_fr(const routing::Passage& ps) {
  return std::string(kWeekdayFr[ps.weekday % 7]) + (ps.start_s < 12 * 3600.0 ? " matin " : " après-midi ") + hhmm(ps.start_s) + "–" +
         hhmm(ps.end_s);
}
}  // namespace

std::string plan_type_label(const PlanRequest& R, const PlanResult& r, bool english) {
  if (r.rotation) {
    const int c = r.rotation->cycle_weeks, n = r.rotation->cells_used;
    if (english) return "rotation " + std::to_string(c) + (c > 1 ? " weeks, " : " week, ") + std::to_string(n) + (n > 1 ? " slots" : " slot");
    return "rotation " + std::to_string(c) + (c > 1 ? " semaines, " : " semaine, ") + std::to_string(n) + (n > 1 ? " créneaux" : " créneau");
  }
  const int d = R.days;
  if (english) return "one-off, " + std::to_string(d) + (d > 1 ? " days" : " day");
  return "ponctuel, " + std::to_string(d) + (d > 1 ? " jours" : " jour");
}

std::string saved_plan_summary(const SavedPlan& sp) {
  const auto& r = sp.result;
  std::ostringstream o;
  o << "Plan « " << sp.name << " » (révision " << sp.revision << ", enregistré le " << sp.saved << ")\n";
  o << "Type : " << plan_type_label(sp.request, r) << "\n";
  o << "Base : " << r.places.front().label << (r.places.front().code.empty() ? "" : " (" + r.places.front().code + ")") << "\n";
  o << "Territoire : " << r.territory_label << " ; scénario « " << r.scenario_name << " », portée " << r.reach_label << "\n";
  if (r.rotation) {
    const auto& rot = *r.rotation;
    const auto& R = sp.request;
    o << "Rotation : cycle de " << rot.cycle_weeks << (rot.cycle_weeks > 1 ? " semaines" : " semaine") << " à partir du "
      << date_fr(r.start) << ", " << r.input.teams.size() << (r.input.teams.size() > 1 ? " équipes" : " équipe") << " ; semaine type "
      << slots_text(rot.pattern) << " ; fréquence "
      << (R.frequency_weeks > 0 ? routing::frequency_label_fr(R.frequency_weeks)
                                : "un passage par cycle (" + routing::frequency_label_fr(rot.cycle_weeks) + ")")
      << "\n";
    o << "Arrêts desservis : " << rot.passages.size() << " sur " << r.candidates << " candidats ; créneaux occupés : " << rot.cells_used
      << " sur " << rot.cells << " ; " << format_fr(rot.raw_value, 1) << " NEET estimés atteints ; "
      << format_fr(r.plan.distance_m / 1000, 1) << " km par cycle\n";
    for (const auto& ps : rot.passages) {
      const auto& st = r.input.stops[static_cast<size_t>(ps.stop)];
      o << "  " << (r.input.teams.size() > 1 ? r.team_names[static_cast<size_t>(ps.team)] + ", " : "") << slot_fr(ps);
      if (rot.cycle_weeks > 1 && ps.period_weeks > 1) o << " (semaine " << ps.week + 1 << ")";
      o << ", " << routing::frequency_label_fr(ps.period_weeks) << " : " << r.places[static_cast<size_t>(st.place)].label << "\n";
    }
    if (!r.plan.left_out.empty()) o << "Candidats écartés : " << r.plan.left_out.size() << " (détail : maraude plan export)\n";
    return o.str();
  }
  o << "Horizon : " << sp.request.days << " jours à partir du " << date_fr(r.start) << ", " << r.input.teams.size()
    << (r.input.teams.size() > 1 ? " équipes" : " équipe") << "\n";
  o << "Arrêts servis : " << r.plan.visits << " sur " << r.candidates << " candidats ; " << format_fr(r.plan.value, 1)
    << " NEET estimés atteints ; " << format_fr(r.plan.distance_m / 1000, 1) << " km\n";
  if (!sp.request.pins.empty()) o << "Arrêts épinglés : " << sp.request.pins.size() << "\n";
  for (const auto& dp : r.plan.days) {
    if (dp.visits.empty()) continue;
    o << "  Jour " << dp.day + 1 << " (" << date_fr(add_days(r.start, dp.day)) << ")";
    if (r.input.teams.size() > 1) o << ", " << r.team_names[static_cast<size_t>(dp.team)];
    o << " : ";
    for (size_t i = 0; i < dp.visits.size(); ++i) {
      const auto& st = r.input.stops[static_cast<size_t>(dp.visits[i].stop)];
      o << (i ? ", " : "") << r.places[static_cast<size_t>(st.place)].label << " " << hhmm(dp.visits[i].start_s) << "–"
        << hhmm(dp.visits[i].end_s);
    }
    o << "\n";
  }
  if (!r.plan.left_out.empty()) o << "Candidats écartés : " << r.plan.left_out.size() << " (détail : maraude plan export)\n";
  return o.str();
}

// ---- the tour into a coverage scenario ------------------------------------------------------

std::vector<coverage::ServicePoint> plan_stop_points(const PlanResult& r, const std::string& plan_name,
                                                     const coverage::Scenario& existing) {
  static const char* kDays[] = {"lun", "mar", "mer", "jeu", "ven", "sam", "dim"};
  std::set<std::string> ids;
  for (const auto& p : existing.points) ids.insert(p.id);
  std::string slug;
  for (char c : fold(plan_name)) slug += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  if (slug.empty()) slug = "plan";
  std::vector<coverage::ServicePoint> out;
  int k = 0;
  auto point = [&](int stop, int team) {
    const auto& st = r.input.stops[static_cast<size_t>(stop)];
    const PlanPlace& pl = r.places[static_cast<size_t>(st.place)];
    coverage::ServicePoint p;
    do p.id = "tournee-" + slug + "-" + std::to_string(++k);
    while (ids.count(p.id));
    ids.insert(p.id);
    p.kind = ServiceKind::MobileStop;
    p.name = "Bureau mobile — " + pl.label;
    p.vehicle = team >= 0 && static_cast<size_t>(team) < r.team_names.size() ? r.team_names[static_cast<size_t>(team)] : std::string();
    p.carrier = "plan « " + plan_name + " »";
    p.commune = pl.code;
    p.pos = pl.pos;
    return p;
  };
  if (r.rotation) {  // one point per served stop, at its slot of the cycle
    for (const auto& ps : r.rotation->passages) {
      coverage::ServicePoint p = point(ps.stop, ps.team);
      p.days = slot_fr(ps) + ", " + routing::frequency_label_fr(ps.period_weeks) + ", premier passage le " +
               date_iso(add_days(r.start, 7 * ps.week + ps.weekday));
      p.hours = hhmm(ps.start_s) + "-" + hhmm(ps.end_s);
      out.push_back(std::move(p));
    }
    return out;
  }
  for (const auto& dp : r.plan.days)
    for (const auto& v : dp.visits) {
      coverage::ServicePoint p = point(v.stop, dp.team);
      const Date d = add_days(r.start, dp.day);
      // One-off plan: a single passage on that date (the frequency of the slot).
      p.days = std::string(kDays[weekday(d)]) + " " + date_iso(d) + " (jour " + std::to_string(dp.day + 1) + ", passage unique)";
      p.hours = hhmm(v.start_s) + "-" + hhmm(v.end_s);
      out.push_back(std::move(p));
    }
  return out;
}

size_t add_plan_to_scenario(const std::string& ws_path, const Workspace& ws, const std::string& scenario_name,
                            const PlanResult& result, const std::string& plan_name) {
  if (trim(scenario_name).empty())
    throw Error(ErrorKind::Usage, "nom de scénario vide", "--add-to-scenario", "donnez le nom du scénario à compléter");
  WorkspaceLock lock(ws_path);
  // A new name starts from the scenario the plan was made on.
  const bool exists = scenario_exists(ws_path, scenario_name);
  StoredScenario st = load_stored_scenario(ws_path, ws, exists ? scenario_name : result.scenario_name);
  coverage::Scenario& sc = st.scenario;
  sc.name = scenario_name;
  const auto pts = plan_stop_points(result, plan_name, sc);
  sc.points.insert(sc.points.end(), pts.begin(), pts.end());
  coverage::validate(sc, ws);
  // On top of the version read (0 for a new name): a save by someone else meanwhile is not
  // overwritten (the points are then kept in a copy, DocumentConflict).
  save_scenario_checked(ws_path, sc, exists ? st.version : 0);
  return pts.size();
}

}  // namespace maraude::io
