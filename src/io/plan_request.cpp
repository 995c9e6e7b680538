#include "io/plan_request.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/atomic_file.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "core/text.h"
#include "io/csv.h"
#include "io/left_out.h"
#include "io/plan_setup.h"
#include "io/roads_export.h"
#include "io/scenario_store.h"

namespace maraude::io {
namespace fs = std::filesystem;
using namespace maraude::coverage;

namespace {

// Rotation settings: the cycle, the frequency, the slots, the team's day around them.
void check_rotation(const PlanRequest& r) {
  routing::check_cycle_frequency(r.cycle_weeks, 0, "--cycle");
  routing::check_cycle_frequency(r.cycle_weeks, r.frequency_weeks, "--frequency");
  if (r.slots.slots_per_week() == 0)
    throw Error(ErrorKind::Usage, "aucun créneau dans la semaine type", "--slots", "par exemple \"lun-ven 09:30-12:30,13:30-16:00\"");
  if (r.teams < 1)
    throw Error(ErrorKind::Usage, "aucun véhicule (--teams 0) : il faut au moins une équipe", "--teams", "par exemple --teams 1");
  if (r.day_end_s <= r.day_start_s)
    throw Error(ErrorKind::Usage, "la journée finit (" + hhmm(r.day_end_s) + ") avant de commencer (" + hhmm(r.day_start_s) + ")",
                "--start/--end");
  for (size_t d = 0; d < 7; ++d)
    for (const auto& h : r.slots.days[d]) {
      if (h.start_s < r.day_start_s || h.end_s > r.day_end_s)
        throw Error(ErrorKind::Usage,
                    "le créneau " + hhmm(h.start_s) + "-" + hhmm(h.end_s) + " déborde de la journée de l'équipe (" +
                        hhmm(r.day_start_s) + "-" + hhmm(r.day_end_s) + ", départ et retour à la base)",
                    "--slots/--start/--end", "avancez --start ou reculez --end");
      if (h.end_s - h.start_s < r.slot_min_s - 1e-9)
        throw Error(ErrorKind::Infeasible,
                    "le créneau " + hhmm(h.start_s) + "-" + hhmm(h.end_s) + " est plus court que l'arrêt demandé (" +
                        format_fr(r.slot_min_s / 60, 0) + " min)",
                    "--service/--slots", "en mode rotation, l'arrêt dure tout son créneau : retirez --service ou allongez le créneau");
    }
  for (int d : r.days_off)
    if (d < 0 || d >= 7 * r.cycle_weeks)
      throw Error(ErrorKind::Usage,
                  "jour de repos « " + std::to_string(d + 1) + " » hors du cycle 1.." + std::to_string(7 * r.cycle_weeks),
                  "--days-off", "en mode rotation : numéros de jour du cycle, 1 = lundi de la première semaine");
}

}  // namespace

void check_request(const PlanRequest& r) {
  if (r.rotation) return check_rotation(r);
  if (r.days < 1)
    throw Error(ErrorKind::Usage, "horizon de " + std::to_string(r.days) + " jour : rien à planifier", "--days",
                "au moins 1 jour");
  if (r.days > 366) throw Error(ErrorKind::Usage, "horizon trop long (" + std::to_string(r.days) + " jours)", "--days", "366 au plus");
  if (r.teams < 1)
    throw Error(ErrorKind::Usage, "aucun véhicule (--teams 0) : il faut au moins une équipe", "--teams", "par exemple --teams 1");
  if (r.day_end_s <= r.day_start_s)
    throw Error(ErrorKind::Usage, "la journée finit (" + hhmm(r.day_end_s) + ") avant de commencer (" + hhmm(r.day_start_s) + ")",
                "--start/--end");
  if (r.service_s <= 0) throw Error(ErrorKind::Usage, "durée d'arrêt nulle", "--service", "par exemple --service 3h");
  const double lunch_s = r.lunch ? r.lunch_s : 0;
  const double day_len = r.day_end_s - r.day_start_s - lunch_s;
  if (r.service_s > day_len)
    throw Error(ErrorKind::Infeasible,
                "un arrêt de " + hhmm(r.service_s) + " ne tient pas dans une journée de " + hhmm(day_len) + " (de " +
                    hhmm(r.day_start_s) + " à " + hhmm(r.day_end_s) + ", pause de " + format_fr(lunch_s / 60, 0) +
                    " min déduite) (stop longer than a day)",
                "--service", "raccourcissez --service ou allongez la journée (--start/--end)");
  for (int d : r.days_off)
    if (d < 0 || d >= r.days)
      throw Error(ErrorKind::Usage, "jour de repos « " + std::to_string(d + 1) + " » hors de l'horizon 1.." + std::to_string(r.days),
                  "--days-off");
  check_rules(r.rules);
}

Date next_monday() {
  const std::time_t now = std::time(nullptr);
  std::tm lt{};
  localtime_r(&now, &lt);
  Date d{lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday};
  d = add_days(d, 1);
  while (weekday(d) != 0) d = add_days(d, 1);
  return d;
}

Date parse_date(const std::string& v, const std::string& opt) {
  const std::string where = "--" + opt;
  const auto p = split(v, '-');
  std::optional<long long> y, m, d;
  if (p.size() == 3) y = parse_integer(p[0]), m = parse_integer(p[1]), d = parse_integer(p[2]);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > 31)
    throw Error(ErrorKind::Usage, "date illisible « " + v + " »", where, "AAAA-MM-JJ");
  if (*y < 2000 || *y > 2100)
    throw Error(ErrorKind::Usage, "année " + std::to_string(*y) + " hors limites", where, "une date entre 2000 et 2100, AAAA-MM-JJ");
  const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  const int month_days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*d > month_days[*m - 1])
    throw Error(ErrorKind::Usage, "date inexistante « " + v + " » : ce mois a " + std::to_string(month_days[*m - 1]) + " jours",
                where, "AAAA-MM-JJ, par exemple 2024-02-29");
  return {static_cast<int>(*y), static_cast<int>(*m), static_cast<int>(*d)};
}

void prepare_output_dir(const std::string& out) {
  const fs::path dir(out);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir))
    throw Error(ErrorKind::Io, "impossible de créer le dossier de sortie" + (ec ? " : " + ec.message() : std::string()),
                dir.string(), "choisissez un dossier accessible en écriture");
  const fs::path probe = dir / ".maraude_write_test";
  std::ofstream f(probe);
  f << "x";
  f.close();
  const bool ok = static_cast<bool>(f) && fs::exists(probe);
  fs::remove(probe, ec);
  if (!ok) throw Error(ErrorKind::Io, "dossier de sortie non inscriptible", dir.string(), "vérifiez ses droits d’accès");
}

namespace {

routing::SolveOptions solve_options(const PlanRequest& r, const PlanHooks& h, long* iters) {
  routing::SolveOptions opt;
  opt.seed = r.seed;
  if (r.seconds > 0) {
    opt.seconds = r.seconds;
    opt.max_iterations = std::max(0L, r.iterations);
  } else {
    opt.max_iterations = std::max(1L, r.iterations);
  }
  opt.stop = h.stop;
  if (h.progress) {
    opt.progress_every = 100;
    auto progress = h.progress;
    opt.on_progress = [progress, iters](const routing::Progress& p) {
      *iters = std::max(*iters, p.iteration);
      // The engine's own share of the budget: it reaches 1 only once the plan is complete.
      progress(0.1f + 0.9f * std::clamp(static_cast<float>(p.fraction), 0.0f, 1.0f));
    };
  }
  return opt;
}

void stage(const PlanHooks& h, const std::string& s) {
  if (h.stage) h.stage(s);
}

// Reads the --stops table: marks must-visit stops and arrival windows, adds the listed
// targets or communes that are not valued candidates (worth 0).
void apply_stops_csv(const Workspace& ws, const CoverageEngine& engine, const std::string& file, double service_s,
                     std::vector<PlanCandidate>& cands, std::vector<routing::Stop>& stops, int cycle_weeks) {
  const auto table = CsvTable::read(file);
  const size_t ci = table.require("code", "columns: code,must,window");
  const auto mi = table.column("must"), wi = table.column("window");
  auto fi = table.column("frequence");
  if (!fi) fi = table.column("frequency");
  for (const auto& row : table.rows()) {
    const std::string where = file + ", ligne " + std::to_string(row.line);
    const std::string code = trim(table.get(row, ci));
    if (code.empty()) continue;
    int k = -1;
    for (size_t i = 0; i < cands.size(); ++i)
      if (cands[i].place.code == code || cands[i].place.target == code || engine.targets()[cands[i].target].code == code) {
        k = static_cast<int>(i);
        break;
      }
    if (k < 0) {
      // Not a valued candidate: any target (e.g. a QPV of unknown population) or commune of
      // the region can still be added, worth 0 (useful with must=1).
      PlanCandidate extra;
      extra.target = 0;
      extra.value = 0;
      bool found = false;
      for (size_t t = 0; t < engine.targets().size() && !found; ++t) {
        const Target& tg = engine.targets()[t];
        if (tg.id != code && tg.code != code) continue;
        found = true;
        extra.target = t;
        extra.place.code = anchor_commune(ws, tg);
        extra.place.target = tg.id;
        extra.place.pos = tg.anchor;
        const Commune* cm = ws.commune(extra.place.code);
        extra.place.label = tg.kind == TargetKind::RuralCommune ? tg.name : (cm ? cm->name : extra.place.code) + " — QPV " + tg.name;
      }
      if (!found)
        if (const Commune* cm = ws.commune(code)) {
          found = true;
          extra.place.code = cm->code;
          extra.place.label = cm->name;
          extra.place.target = "commune:" + cm->code;
          extra.place.pos = cm->anchor;
        }
      if (!found)
        throw Error(ErrorKind::BadInput, "« " + code + " » n'est ni une cible ni une commune de la région", where,
                    "donnez un code INSEE ou l’identifiant d’une cible (qpv:QN...)");
      cands.push_back(extra);
      routing::Stop s;
      s.id = extra.place.label;
      s.value = 0;
      s.service_s = service_s;
      stops.push_back(s);
      k = static_cast<int>(cands.size()) - 1;
    }
    if (mi) {
      const std::string m = fold(trim(table.get(row, *mi)));
      stops[static_cast<size_t>(k)].must_visit = m == "1" || m == "oui" || m == "yes" || m == "true" || m == "o";
    }
    if (fi && !trim(table.get(row, *fi)).empty()) {
      const std::string f = trim(table.get(row, *fi));
      const int w = routing::parse_frequency_weeks(f);
      if (w == 0)
        throw Error(ErrorKind::BadInput, "fréquence illisible « " + f + " »", where, "weekly, biweekly ou 4weekly");
      stops[static_cast<size_t>(k)].period_weeks = w;
      if (cycle_weeks > 0) routing::check_cycle_frequency(cycle_weeks, w, where);
    }
    if (wi && !trim(table.get(row, *wi)).empty()) {
      const std::string w = trim(table.get(row, *wi));
      const auto dash = w.find('-');
      if (dash == std::string::npos) throw Error(ErrorKind::BadInput, "créneau illisible « " + w + " »", where, "10:00-12:00");
      stops[static_cast<size_t>(k)].open_s = parse_clock(w.substr(0, dash), "stops");
      stops[static_cast<size_t>(k)].close_s = parse_clock(w.substr(dash + 1), "stops");
    }
  }
}

std::vector<Vec2> place_points(const PlanResult& r) {
  std::vector<Vec2> pts;
  for (const auto& pl : r.places) pts.push_back(pl.pos);
  return pts;
}

}  // namespace

PlanResult run_plan(const Workspace& ws, const std::string& ws_path, const PlanRequest& R, const Scenario* edited,
                    const PlanHooks& hooks) {
  check_request(R);
  const auto t0 = std::chrono::steady_clock::now();
  PlanResult out;
  out.ws = &ws;
  out.ws_path = ws_path;
  out.start = R.date ? *R.date : next_monday();
  if (R.rotation)  // a cycle starts on a Monday: the first one on or after the date
    while (weekday(out.start) != 0) out.start = add_days(out.start, 1);

  stage(hooks, "lacunes du scénario");
  Scenario sc = edited ? *edited
                : ws_path.empty() ? default_scenario(ws)
                                  : load_scenario(ws_path, ws, R.scenario.empty() ? kDefaultScenarioName : R.scenario);
  if (R.reach) sc.default_reach = *R.reach;
  const std::string key = to_text(sc) + "|" + sc.default_reach.token() + "|" + travel_choice_id(R.travel);
  PlanEngineCache local;
  PlanEngineCache& cache = hooks.cache ? *hooks.cache : local;
  if (!cache.engine || cache.key != key) {
    CoverageParams params;
    validate(sc, ws);
    auto travel = travel_for(ws, R.travel);
    auto engine = std::make_shared<CoverageEngine>(&ws, build_targets(ws, params), travel, params);
    engine->set_scenario(sc);
    cache.engine = std::move(engine);
    cache.travel = std::move(travel);
    cache.key = key;
  }
  const CoverageEngine& engine = *cache.engine;
  if (hooks.progress) hooks.progress(0.05f);
  if (hooks.stop && hooks.stop->load()) throw Error(ErrorKind::Usage, "planification annulée", "planificateur");

  out.scenario_name = sc.name;
  out.reach_label = sc.default_reach.label();
  out.scenario_label = "« " + sc.name + " », portée " + out.reach_label;
  const PlanPlace base = R.base_point ? base_at(ws, *R.base_point) : parse_base(ws, R.base);
  std::set<std::string> terr;
  out.territory_label = "région entière";
  if (!R.territory.empty()) terr = territory_communes(ws, R.territory, out.territory_label);
  PlanCandidates found = gap_candidates(ws, engine, terr);
  std::vector<PlanCandidate> cands = std::move(found.list);
  out.skipped_unknown = found.skipped_unknown;
  out.unknown_names = std::move(found.unknown_names);
  if (cands.empty())
    throw Error(ErrorKind::Infeasible,
                "aucune lacune à visiter (" + out.territory_label + ", scénario « " + sc.name + " ») : rien à planifier",
                "--territory", "choisissez un autre territoire ou un autre scénario");

  std::vector<routing::Stop> stops;
  for (const auto& c : cands) {
    routing::Stop s;
    s.id = c.place.label;
    s.value = c.value;
    s.service_s = R.service_s;
    stops.push_back(s);
  }
  if (!R.stops_csv.empty()) apply_stops_csv(ws, engine, R.stops_csv, R.service_s, cands, stops, R.rotation ? R.cycle_weeks : 0);
  if (!R.rules.empty()) {
    stage(hooks, "règles des arrêts");
    out.rules = apply_stop_rules(ws, engine, *cache.travel, sc, R.rules, R.service_s, cands, stops);
    if (cands.empty())
      throw Error(ErrorKind::Infeasible,
                  "les règles des arrêts écartent les " + std::to_string(out.rules.before) + " candidats (" +
                      join(out.rules.summary, " ; ") + ") : rien à planifier",
                  "règles des arrêts", "assouplissez une règle (--max-population, --min-neet, --min-service-distance...)");
  }

  stage(hooks, "temps de trajet");
  routing::Team team;
  team.day_start_s = R.day_start_s;
  team.day_end_s = R.day_end_s;
  team.lunch_s = R.lunch ? R.lunch_s : 0;
  team.lunch_open_s = R.lunch_open_s;
  team.lunch_close_s = R.lunch_close_s;
  team.max_drive_s = R.max_drive_s > 0 ? R.max_drive_s : routing::kInf;
  team.days_off = R.days_off;
  auto& in = out.input;
  std::vector<Vec2> pts{base.pos};
  out.places.push_back(base);
  for (size_t i = 0; i < cands.size(); ++i) {
    stops[i].place = static_cast<int>(pts.size());
    const auto it = R.pins.find(cands[i].place.target);
    if (it != R.pins.end()) {
      stops[i].pin_team = it->second.first;
      stops[i].pin_day = it->second.second;
    }
    pts.push_back(cands[i].place.pos);
    out.places.push_back(cands[i].place);
    out.candidates_value += cands[i].value;
  }
  out.candidates = cands.size();
  out.travel = cache.travel;
  routing::build_costs(*out.travel, pts, in);
  if (R.rotation)
    for (auto& st : stops)
      if (st.period_weeks == 0) st.period_weeks = R.frequency_weeks;
  in.stops = std::move(stops);
  in.days = R.rotation ? 7 * R.cycle_weeks : R.days;
  for (int t = 0; t < R.teams; ++t) {
    routing::Team tm = team;
    tm.base = 0;
    tm.name = R.teams == 1 ? "Équipe du bureau mobile" : "Équipe " + std::to_string(t + 1);
    out.team_names.push_back(tm.name);
    in.teams.push_back(tm);
  }
  stage(hooks, "recherche des tournées");
  if (hooks.progress) hooks.progress(0.1f);
  long iters = 0;
  const routing::SolveOptions opt = solve_options(R, hooks, &iters);
  const auto t1 = std::chrono::steady_clock::now();
  if (R.rotation) {
    routing::RotationInput rin;
    rin.in = in;
    rin.pattern = R.slots;
    rin.cycle_weeks = R.cycle_weeks;
    routing::RotationPlan rot;
    out.plan = routing::plan_rotation(rin, opt, rot);
    out.rotation = std::move(rot);
  } else {
    out.plan = routing::plan_tours(in, opt);
  }
  const auto t2 = std::chrono::steady_clock::now();
  stage(hooks, "tracé le long des routes");
  out.legs = routing::leg_lines(*out.travel, pts, in, out.plan);
  out.stopped = hooks.stop && hooks.stop->load();
  out.iterations_done = iters;
  const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  out.prepare_ms = ms(t1 - t0);
  out.solve_ms = ms(t2 - t1);
  return out;
}

void replan_with_pins(PlanResult& out, const std::map<std::string, std::pair<int, int>>& pins, const PlanRequest& R,
                      const PlanHooks& hooks) {
  stage(hooks, "réoptimisation");
  if (hooks.progress) hooks.progress(0.1f);
  for (auto& st : out.input.stops) {
    st.pin_team = st.pin_day = -1;
    const auto it = pins.find(out.places[static_cast<size_t>(st.place)].target);
    if (it != pins.end()) {
      st.pin_team = it->second.first;
      st.pin_day = it->second.second;
    }
  }
  long iters = 0;
  const routing::SolveOptions opt = solve_options(R, hooks, &iters);
  const auto t1 = std::chrono::steady_clock::now();
  if (out.rotation) {  // rotation mode: pins do not apply, the rotation is planned again
    routing::RotationInput rin;
    rin.in = out.input;
    rin.pattern = R.slots;
    rin.cycle_weeks = R.cycle_weeks;
    routing::RotationPlan rot;
    out.plan = routing::plan_rotation(rin, opt, rot);
    out.rotation = std::move(rot);
  } else {
    out.plan = routing::plan_tours(out.input, opt, &out.plan);
  }
  out.solve_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  if (out.travel) {
    stage(hooks, "tracé le long des routes");
    out.legs = routing::leg_lines(*out.travel, place_points(out), out.input, out.plan);
  }
  out.stopped = hooks.stop && hooks.stop->load();
  out.iterations_done = iters;
}

namespace {

const char* const kWeekdayFr[7] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};

// The report of a rotation: settings, the week grid of the cycle, value and left-out stops.
std::string rotation_report(const PlanResult& res, const PlanRequest& R) {
  const auto& in = res.input;
  const auto& plan = res.plan;
  const auto& rot = *res.rotation;
  const PlanPlace& base = res.places.front();
  std::ostringstream r;
  r << "Rotation du bureau mobile (créneaux fixes, cycle de " << rot.cycle_weeks << (rot.cycle_weeks > 1 ? " semaines" : " semaine")
    << ")\n";
  r << "Territoire : " << res.territory_label << "\n";
  r << "Scénario : « " << res.scenario_name << " », portée " << res.reach_label << "\n";
  r << "Base : " << base.label << (base.code.empty() ? "" : " (" + base.code + ")") << "\n";
  r << "Semaine type : " << slots_text(rot.pattern) << " ; " << R.teams << (R.teams > 1 ? " équipes" : " équipe")
    << ", cycle commençant le " << date_fr(res.start) << "\n";
  r << "Journée de l'équipe : départ de la base à partir de " << hhmm(R.day_start_s) << ", retour avant " << hhmm(R.day_end_s);
  if (R.lunch && R.lunch_s > 0)
    r << ", pause de " << format_fr(R.lunch_s / 60, 0) << " min entre " << hhmm(R.lunch_open_s) << " et " << hhmm(R.lunch_close_s);
  else
    r << ", trajet de midi entre les deux créneaux";
  if (R.max_drive_s > 0) r << ", conduite ≤ " << format_fr(R.max_drive_s / 60, 0) << " min/jour";
  r << "\n";
  r << "Fréquence : "
    << (R.frequency_weeks > 0 ? routing::frequency_label_fr(R.frequency_weeks) : "un passage par cycle (" +
                                                                                     routing::frequency_label_fr(rot.cycle_weeks) + ")")
    << (R.stops_csv.empty() ? "" : " (sauf fréquence donnée par --stops)") << "\n";
  if (!R.days_off.empty()) {
    std::vector<std::string> off;
    for (int d : R.days_off)
      off.push_back(std::string(kWeekdayFr[d % 7]) + " de la semaine " + std::to_string(d / 7 + 1));
    r << "Jours sans passage : " << join(off, ", ") << "\n";
  }
  r << "Candidats : " << res.candidates << " lacunes, " << format_fr(res.candidates_value, 1) << " NEET estimés non couverts";
  if (res.skipped_unknown) r << " (" << res.skipped_unknown << " cibles sans population connue écartées)";
  r << "\n\n";
  r << "Arrêts desservis : " << rot.passages.size() << " sur " << res.candidates << " ; créneaux du cycle occupés : " << rot.cells_used
    << " sur " << rot.cells << "\n";
  r << "NEET des arrêts desservis : " << format_fr(rot.raw_value, 1) << " ("
    << format_fr(res.candidates_value > 0 ? 100 * rot.raw_value / res.candidates_value : 0, 1) << " % des candidats)\n";
  r << "Valeur pondérée par la fréquence : " << format_fr(rot.weighted_value, 1)
    << " (NEET × part des semaines avec passage : chaque semaine 1, une sur deux 1/2, une sur quatre 1/4)\n";
  r << "Distance sur un cycle : " << format_fr(plan.distance_m / 1000, 1) << " km, conduite " << format_fr(plan.drive_s / 3600, 1)
    << " h\n";
  r << "Temps et distances : " << res.travel->short_label() << "\n";
  r << "Modèle de trajet : " << res.travel->describe() << "\n\n";
  r << "Créneaux :\n";
  for (const auto& ps : rot.passages) {
    const auto& st = in.stops[static_cast<size_t>(ps.stop)];
    r << "  " << (R.teams > 1 ? res.team_names[static_cast<size_t>(ps.team)] + ", " : "") << kWeekdayFr[ps.weekday] << " "
      << hhmm(ps.start_s) << "–" << hhmm(ps.end_s);
    if (rot.cycle_weeks > 1 && ps.period_weeks > 1) r << " (semaine " << ps.week + 1 << ")";
    r << ", " << routing::frequency_label_fr(ps.period_weeks) << " : " << res.places[static_cast<size_t>(st.place)].label << " ("
      << format_fr(st.value, 1) << " NEET), premier passage le " << date_fr(add_days(res.start, 7 * ps.week + ps.weekday)) << "\n";
  }
  r << "\nJournées du cycle :\n";
  for (const auto& dp : plan.days) {
    const Date d = add_days(res.start, dp.day);
    r << "  " << date_fr(d) << (R.teams > 1 ? ", " + res.team_names[static_cast<size_t>(dp.team)] : "") << " : ";
    if (dp.visits.empty()) {
      r << "pas de passage\n";
      continue;
    }
    r << "départ " << hhmm(dp.depart_s) << ", retour " << hhmm(dp.return_s) << ", " << format_fr(dp.distance_m / 1000, 0) << " km, "
      << format_fr(dp.drive_s / 60, 0) << " min de route : ";
    for (size_t i = 0; i < dp.visits.size(); ++i) {
      const auto& st = in.stops[static_cast<size_t>(dp.visits[i].stop)];
      r << (i ? ", " : "") << res.places[static_cast<size_t>(st.place)].label << " " << hhmm(dp.visits[i].start_s) << "–"
        << hhmm(dp.visits[i].end_s);
    }
    r << "\n";
  }
  // Rules, reasons counted, the largest losses; the full list in exclus.csv (io/left_out.h),
  // as the one-off report.
  r << rules_report(res) << left_out_report(res, R);
  return r.str();
}

}  // namespace

std::string plan_report(const PlanResult& res, const PlanRequest& R) {
  if (res.rotation) return rotation_report(res, R);
  const auto& in = res.input;
  const auto& plan = res.plan;
  const auto& pplaces = res.places;
  const PlanPlace& base = pplaces.front();
  const Date start = res.start;
  const long days = R.days, teams = R.teams;
  const double lunch_s = R.lunch ? R.lunch_s : 0;
  const double max_drive_s = R.max_drive_s > 0 ? R.max_drive_s : routing::kInf;
  int working = 0, used = 0;
  for (const auto& dp : plan.days) {
    ++working;
    if (!dp.visits.empty()) ++used;
  }
  std::ostringstream r;
  r << "Planification des tournées du bureau mobile\n";
  r << "Territoire : " << res.territory_label << "\n";
  r << "Scénario : « " << res.scenario_name << " », portée " << res.reach_label << "\n";
  r << "Base : " << base.label << (base.code.empty() ? "" : " (" + base.code + ")") << "\n";
  r << "Horizon : " << days << " jours à partir du " << date_fr(start) << ", " << teams
    << (teams > 1 ? " équipes" : " équipe") << ", " << working << " journées de travail (" << used << " utilisées)\n";
  r << "Journée : " << hhmm(R.day_start_s) << "–" << hhmm(R.day_end_s);
  if (lunch_s > 0)
    r << ", pause de " << format_fr(lunch_s / 60, 0) << " min entre " << hhmm(R.lunch_open_s) << " et " << hhmm(R.lunch_close_s);
  r << ", arrêt de " << format_fr(R.service_s / 60, 0) << " min";
  if (std::isfinite(max_drive_s)) r << ", conduite ≤ " << format_fr(max_drive_s / 60, 0) << " min/jour";
  r << "\n";
  r << "Candidats : " << res.candidates << " lacunes, " << format_fr(res.candidates_value, 1) << " NEET estimés non couverts";
  if (res.skipped_unknown) r << " (" << res.skipped_unknown << " cibles sans population connue écartées)";
  r << "\n";
  r << rules_report(res);
  if (res.skipped_unknown)
    r << "Cibles en lacune sans population connue (valeur inconnue, non planifiées ; ajoutez-les avec --stops) : "
      << join(res.unknown_names, ", ") << "\n";
  {
    std::vector<std::string> weekend;
    for (const auto& dp : plan.days) {
      const Date d = add_days(start, dp.day);
      if (!dp.visits.empty() && weekday(d) >= 5) weekend.push_back(std::to_string(dp.day + 1));
    }
    if (!weekend.empty())
      r << "Attention : des tournées tombent un samedi ou un dimanche (jours " << join(weekend, ", ")
        << ") ; pour les éviter : --days-off " << join(weekend, ",") << "\n";
  }
  r << "\n";
  r << "Arrêts servis : " << plan.visits << " sur " << res.candidates << "\n";
  r << "Valeur collectée : " << format_fr(plan.value, 1) << " NEET estimés ("
    << format_fr(res.candidates_value > 0 ? 100 * plan.value / res.candidates_value : 0, 1) << " % des candidats)\n";
  r << "Distance : " << format_fr(plan.distance_m / 1000, 1) << " km, conduite " << format_fr(plan.drive_s / 3600, 1) << " h\n";
  r << "Temps et distances : " << res.travel->short_label() << "\n";
  r << "Modèle de trajet : " << res.travel->describe() << "\n\n";
  for (const auto& dp : plan.days) {
    const Date d = add_days(start, dp.day);
    r << "Jour " << dp.day + 1 << " (" << date_fr(d) << ")"
      << (teams > 1 ? ", " + res.team_names[static_cast<size_t>(dp.team)] : "") << " : ";
    if (dp.visits.empty()) {
      r << "pas de tournée\n";
      continue;
    }
    r << hhmm(dp.depart_s) << "–" << hhmm(dp.return_s) << ", " << format_fr(dp.distance_m / 1000, 0) << " km : ";
    for (size_t i = 0; i < dp.visits.size(); ++i) {
      const auto& st = in.stops[static_cast<size_t>(dp.visits[i].stop)];
      r << (i ? ", " : "") << pplaces[static_cast<size_t>(st.place)].label << " " << hhmm(dp.visits[i].start_s);
    }
    r << "\n";
  }
  r << left_out_report(res, R);
  return r.str();
}

std::vector<std::string> write_plan_files(const std::string& out_dir, const PlanResult& res, const PlanRequest& R) {
  prepare_output_dir(out_dir);
  const fs::path dir(out_dir);
  const Date start = res.start;
  PlanExport ex;
  ex.legs = &res.legs;
  ex.travel_label = res.travel ? res.travel->short_label() : std::string();
  ex.dtstamp = res.dtstamp;
  ex.ws = res.ws;
  ex.input = &res.input;
  ex.plan = &res.plan;
  ex.places = res.places;
  ex.team_names = res.team_names;
  ex.start_year = start.y;
  ex.start_month = start.m;
  ex.start_day = start.d;
  ex.title = "Lacunes de : " + res.territory_label + " · scénario « " + res.scenario_name + " », portée " + res.reach_label;
  ex.parameters = {{"territoire", res.territory_label},
                   {"scenario", res.scenario_name},
                   {"portee", res.reach_label},
                   {"base", res.places.front().label},
                   {"jours", std::to_string(R.rotation ? 7 * R.cycle_weeks : R.days)},
                   {"equipes", std::to_string(R.teams)},
                   {"date_jour_1", date_iso(start)},
                   {"arrets_servis", std::to_string(res.plan.visits)},
                   {"candidats", std::to_string(res.candidates)},
                   {"valeur_collectee_neet", format_fr(res.plan.value, 1)},
                   {"valeur_candidats_neet", format_fr(res.candidates_value, 1)},
                   {"distance_km", format_fr(res.plan.distance_m / 1000, 1)},
                   {"modele_trajet", res.travel ? res.travel->describe() : std::string()},
                   {"espace_de_travail", res.ws_path}};
  if (res.rotation) {
    ex.rotation = &*res.rotation;
    ex.parameters.push_back({"cycle_semaines", std::to_string(res.rotation->cycle_weeks)});
    ex.parameters.push_back({"creneaux", slots_text(res.rotation->pattern)});
    ex.parameters.push_back({"frequence", R.frequency_weeks > 0 ? routing::frequency_id(R.frequency_weeks) : "une fois par cycle"});
    ex.parameters.push_back({"neet_arrets_desservis", format_fr(res.rotation->raw_value, 1)});
    ex.parameters.push_back({"valeur_ponderee", format_fr(res.rotation->weighted_value, 1)});
  }
  {
    const PlanPlace& b = res.places.front();
    const Commune* c = res.ws && !b.code.empty() ? res.ws->commune(b.code) : nullptr;
    ex.office_name = c ? c->name : b.label;
  }
  if (!res.rules.summary.empty()) ex.parameters.push_back({"regles_arrets", join(res.rules.summary, " ; ")});
  std::vector<std::string> files;
  files.push_back(write_planning_csv(dir.string(), ex));
  files.push_back(write_plan_kml(dir.string(), ex));
  if (res.rotation) files.push_back(write_passages_pdf(dir.string(), ex));
  files.push_back(write_plan_geojson(dir.string(), ex));
  files.push_back(write_plan_gpx(dir.string(), ex));
  files.push_back(write_planning_ics(dir.string(), ex));
  files.push_back(write_roadbook_pdf(dir.string(), ex));
  files.push_back(write_plan_gpkg(dir.string(), ex));
  files.push_back(write_planning_xlsx(dir.string(), ex));
  files.push_back(write_left_out_csv(dir.string(), res, R));
  const fs::path rp = dir / "rapport.txt";
  write_text_atomic(rp.string(), plan_report(res, R));  // core/atomic_file.h underneath
  files.push_back(rp.string());
  return files;
}

}  // namespace maraude::io
