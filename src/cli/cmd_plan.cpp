// maraude plan WORKSPACE --base CODE_OR_LONLAT --days D --out DIR [options]
// Mobile-office tours through the gaps of a coverage scenario: one candidate stop per
// gap target (worth its estimated uncovered NEETs), planned over D days by the
// multi-day tour planner, exported for the field (GPX, GeoJSON, GeoPackage, CSV, XLSX,
// iCalendar, PDF roadbook) with a French report.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/command.h"
#include "core/atomic_file.h"
#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "core/projection.h"
#include "core/routing/planner.h"
#include "core/text.h"
#include "core/travel.h"
#include "core/travel_choice.h"
#include "io/csv.h"
#include "io/plan_export.h"
#include "io/plan_setup.h"
#include "io/roads_export.h"
#include "io/scenario_store.h"
#include "io/workspace.h"

using namespace maraude;
using namespace maraude::coverage;
using io::anchor_commune;
using io::parse_base;
using io::parse_clock;
using io::parse_duration;
using io::territory_communes;
namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "maraude plan ESPACE.gpkg --base CODE|LON,LAT --days J --out DOSSIER [options]\n\n"
    "Planifie les tournées d'un bureau mobile à travers les lacunes d'un scénario de couverture :\n"
    "un arrêt candidat par cible en lacune (au centre de la commune, ou dans le périmètre du QPV),\n"
    "valant son nombre estimé de jeunes NEET non couverts. Le planificateur maximise la valeur\n"
    "collectée (puis minimise la route) en respectant la journée de travail, la pause déjeuner,\n"
    "la limite de conduite quotidienne et les jours de repos.\n\n"
    "Options :\n"
    "  --base B           base de départ et de retour : code INSEE de commune (59178) ou « lon,lat » WGS 84\n"
    "  --days J           nombre de jours calendaires de l'horizon\n"
    "  --teams N          nombre de véhicules / équipes, tous basés à --base (défaut 1)\n"
    "  --scenario NOM     scénario enregistré (défaut : « services publics existants »)\n"
    "  --reach PORTEE     portée par défaut des points : 15km, 20min... (défaut : celle du scénario)\n"
    "  --territory T      laureate:ID, zone:CODE (zone d'emploi) ou epci:SIREN : ne garder que ces cibles\n"
    "  --start HH:MM      début de journée (défaut 09:00)\n"
    "  --end HH:MM        fin de journée, retour à la base (défaut 17:00)\n"
    "  --lunch A-B/M      pause de M minutes entre A et B (défaut 12:00-14:00/60 ; « aucune » : sans pause)\n"
    "  --max-drive D      conduite maximale par jour : 3h, 150min, 2h30 (défaut : sans limite)\n"
    "  --service D        durée d'un arrêt sur place (défaut 3h)\n"
    "  --days-off L       jours de repos, numéros de jour séparés par des virgules (1 = premier jour)\n"
    "  --date AAAA-MM-JJ  date du jour 1 (défaut : le lundi qui suit)\n"
    "  --stops F.csv      colonnes code,must,window : arrêts obligatoires (must=1) et créneaux\n"
    "                     d'arrivée (window=10:00-12:00) ; code = code INSEE ou identifiant de cible\n"
    "  --seconds S        limite de temps de recherche (sinon budget d'itérations fixe, reproductible)\n"
    "  --iterations N     budget d'itérations de la recherche (défaut 20000)\n"
    "  --seed N           graine (défaut 1)\n"
    "  --out DOSSIER      dossier de sortie (créé au besoin) : plan.gpx, plan.geojson, plan.gpkg,\n"
    "                     planning.csv, planning.xlsx, planning.ics, roadbook.pdf, rapport.txt\n";

// Bounds of the search: a plan that cannot end, or a fleet no mobile office has, is refused.
constexpr long long kMaxTeams = 50, kMaxIterations = 10000000;
constexpr double kMaxSeconds = 3600;

long parse_count(const cli::Args& a, const std::string& key, long def) {
  const auto v = a.get(key);
  if (!v) return def;
  const auto n = parse_integer(*v);
  if (!n || *n < 0)
    throw Error(ErrorKind::Usage, "--" + key + " attend un entier positif ou nul, pas « " + *v + " »", "--" + key);
  return static_cast<long>(*n);
}

io::Date next_monday() {
  const std::time_t now = std::time(nullptr);
  std::tm lt{};
  localtime_r(&now, &lt);
  io::Date d{lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday};
  d = io::add_days(d, 1);
  while (io::weekday(d) != 0) d = io::add_days(d, 1);
  return d;
}

int run(const std::vector<std::string>& argv) {
  cli::Args a(argv);
  a.check_known({"scenario", "reach", "base", "days", "teams", "start", "end", "lunch", "max-drive", "service",
                 "days-off", "territory", "seconds", "seed", "out", "stops", "date", "iterations", "travel"});
  if (a.positionals().size() != 1)
    throw Error(ErrorKind::Usage, "il faut un espace de travail", "ligne de commande",
                "maraude plan ESPACE.gpkg --base 59178 --days 10 --out tournees/");
  const auto out = a.get("out");
  if (!out || out->empty()) throw Error(ErrorKind::Usage, "option --out manquante", "ligne de commande", "par exemple --out tournees/");
  const auto base_spec = a.get("base");
  if (!base_spec) throw Error(ErrorKind::Usage, "option --base manquante", "ligne de commande", "par exemple --base 59178");
  if (!a.get("days")) throw Error(ErrorKind::Usage, "option --days manquante", "ligne de commande", "par exemple --days 10");
  const long days = parse_count(a, "days", 0);
  if (days < 1)
    throw Error(ErrorKind::Usage, "horizon de " + std::to_string(days) + " jour : rien à planifier", "--days",
                "au moins 1 jour");
  if (days > 366) throw Error(ErrorKind::Usage, "horizon trop long (" + std::to_string(days) + " jours)", "--days", "366 au plus");
  if (a.get("teams") && parse_integer(*a.get("teams")) == 0LL)
    throw Error(ErrorKind::Usage, "aucun véhicule (--teams 0) : il faut au moins une équipe", "--teams", "par exemple --teams 1");
  const long teams = static_cast<long>(cli::count_option(a, "teams", 1, 1, kMaxTeams));

  routing::Team team;
  team.day_start_s = parse_clock(a.get_or("start", "09:00"), "start");
  team.day_end_s = parse_clock(a.get_or("end", "17:00"), "end");
  if (team.day_end_s <= team.day_start_s)
    throw Error(ErrorKind::Usage, "la journée finit (" + io::hhmm(team.day_end_s) + ") avant de commencer (" +
                                      io::hhmm(team.day_start_s) + ")", "--start/--end");
  const std::string lunch = a.get_or("lunch", "12:00-14:00/60");
  if (lunch == "aucune" || lunch == "none" || lunch == "0") {
    team.lunch_s = 0;
  } else {
    const auto slash = lunch.find('/');
    const auto dash = lunch.find('-');
    if (slash == std::string::npos || dash == std::string::npos || dash > slash)
      throw Error(ErrorKind::Usage, "pause illisible « " + lunch + " »", "--lunch", "A-B/M, par exemple 12:00-14:00/60");
    team.lunch_open_s = parse_clock(lunch.substr(0, dash), "lunch");
    team.lunch_close_s = parse_clock(lunch.substr(dash + 1, slash - dash - 1), "lunch");
    team.lunch_s = parse_duration(lunch.substr(slash + 1), "lunch");
    if (team.lunch_close_s < team.lunch_open_s)
      throw Error(ErrorKind::Usage, "la pause finit (" + io::hhmm(team.lunch_close_s) + ") avant de commencer (" +
                                        io::hhmm(team.lunch_open_s) + ")", "--lunch", "A-B/M, par exemple 12:00-14:00/60");
    if (team.lunch_s > 3 * 3600)
      throw Error(ErrorKind::Usage, "pause de " + format_fr(team.lunch_s / 60, 0) + " min : 180 min au plus", "--lunch",
                  "par exemple 12:00-14:00/60");
    if (team.lunch_s >= team.day_end_s - team.day_start_s)
      throw Error(ErrorKind::Usage,
                  "une pause de " + format_fr(team.lunch_s / 60, 0) + " min ne laisse aucun temps de travail dans la journée de " +
                      io::hhmm(team.day_start_s) + " à " + io::hhmm(team.day_end_s),
                  "--lunch", "raccourcissez la pause, par exemple 12:00-14:00/60");
  }
  if (auto v = a.get("max-drive")) {
    team.max_drive_s = parse_duration(*v, "max-drive");
    if (team.max_drive_s <= 0) throw Error(ErrorKind::Usage, "conduite maximale nulle : aucun trajet possible", "--max-drive");
  }
  const double service_s = parse_duration(a.get_or("service", "3h"), "service");
  if (service_s <= 0) throw Error(ErrorKind::Usage, "durée d'arrêt nulle", "--service", "par exemple --service 3h");
  const double day_len = team.day_end_s - team.day_start_s - team.lunch_s;
  if (service_s > day_len)
    throw Error(ErrorKind::Infeasible,
                "un arrêt de " + io::hhmm(service_s) + " ne tient pas dans une journée de " + io::hhmm(day_len) +
                    " (de " + io::hhmm(team.day_start_s) + " à " + io::hhmm(team.day_end_s) + ", pause de " +
                    format_fr(team.lunch_s / 60, 0) + " min déduite) (stop longer than a day)",
                "--service", "raccourcissez --service ou allongez la journée (--start/--end)");
  if (auto v = a.get("days-off")) {
    for (const auto& p : split(*v, ',')) {
      if (trim(p).empty()) continue;
      const auto n = parse_integer(trim(p));
      if (!n || *n < 1 || *n > days)
        throw Error(ErrorKind::Usage, "jour de repos « " + p + " » hors de l'horizon 1.." + std::to_string(days), "--days-off");
      team.days_off.push_back(static_cast<int>(*n - 1));
    }
  }
  io::Date start = next_monday();
  if (auto v = a.get("date")) {
    const auto p = split(*v, '-');
    std::optional<long long> y, m, d;
    if (p.size() == 3) y = parse_integer(p[0]), m = parse_integer(p[1]), d = parse_integer(p[2]);
    if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > 31)
      throw Error(ErrorKind::Usage, "date illisible « " + *v + " »", "--date", "AAAA-MM-JJ");
    if (*y < 2000 || *y > 2100)
      throw Error(ErrorKind::Usage, "année " + std::to_string(*y) + " hors limites", "--date", "une date entre 2000 et 2100, AAAA-MM-JJ");
    const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    const int month_days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*d > month_days[*m - 1])
      throw Error(ErrorKind::Usage,
                  "date inexistante « " + *v + " » : ce mois a " + std::to_string(month_days[*m - 1]) + " jours", "--date",
                  "AAAA-MM-JJ, par exemple 2024-02-29");
    start = {static_cast<int>(*y), static_cast<int>(*m), static_cast<int>(*d)};
  }

  // The output folder must be writable before any long computation.
  const fs::path dir(*out);
  {
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

  const auto t0 = std::chrono::steady_clock::now();
  const std::string ws_path = a.positionals()[0];
  const Workspace ws = io::load_workspace(ws_path);
  io::PlanPlace base = parse_base(ws, *base_spec);

  CoverageParams params;
  auto travel = travel_for(ws, parse_travel_choice(a.get_or("travel", "auto")));
  Scenario sc = io::load_scenario(ws_path, ws, a.get_or("scenario", kDefaultScenarioName));
  if (auto r = a.get("reach")) sc.default_reach = Reach::parse(*r, "--reach");
  validate(sc, ws);
  std::vector<std::string> warnings;
  auto targets = build_targets(ws, params, &warnings);
  CoverageEngine engine(&ws, std::move(targets), travel, params);
  engine.set_scenario(sc);

  std::set<std::string> terr;
  std::string terr_label = "région entière";
  if (auto t = a.get("territory")) terr = territory_communes(ws, *t, terr_label);

  io::PlanCandidates found = io::gap_candidates(ws, engine, terr);
  std::vector<io::PlanCandidate> cands = std::move(found.list);
  const int skipped_unknown = found.skipped_unknown;
  const std::vector<std::string> unknown_names = std::move(found.unknown_names);
  if (cands.empty())
    throw Error(ErrorKind::Infeasible,
                "aucune lacune à visiter (" + terr_label + ", scénario « " + sc.name + " ») : rien à planifier",
                "--territory", "choisissez un autre territoire ou un autre scénario");

  // Optional stop constraints.
  std::vector<routing::Stop> stops;
  for (const auto& c : cands) {
    routing::Stop s;
    s.id = c.place.label;
    s.value = c.value;
    s.service_s = service_s;
    stops.push_back(s);
  }
  if (auto f = a.get("stops")) {
    const auto table = io::CsvTable::read(*f);
    const size_t ci = table.require("code", "columns: code,must,window");
    const auto mi = table.column("must"), wi = table.column("window");
    for (const auto& row : table.rows()) {
      const std::string where = *f + ", ligne " + std::to_string(row.line);
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
        io::PlanCandidate extra;
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
      if (wi && !trim(table.get(row, *wi)).empty()) {
        const std::string w = trim(table.get(row, *wi));
        const auto dash = w.find('-');
        if (dash == std::string::npos) throw Error(ErrorKind::BadInput, "créneau illisible « " + w + " »", where, "10:00-12:00");
        stops[static_cast<size_t>(k)].open_s = parse_clock(w.substr(0, dash), "stops");
        stops[static_cast<size_t>(k)].close_s = parse_clock(w.substr(dash + 1), "stops");
      }
    }
  }

  routing::PlanInput in;
  std::vector<Vec2> places{base.pos};
  std::vector<io::PlanPlace> pplaces{base};
  for (size_t i = 0; i < cands.size(); ++i) {
    stops[i].place = static_cast<int>(places.size());
    places.push_back(cands[i].place.pos);
    pplaces.push_back(cands[i].place);
  }
  routing::build_costs(*travel, places, in);
  in.stops = stops;
  in.days = static_cast<int>(days);
  std::vector<std::string> team_names;
  for (long t = 0; t < teams; ++t) {
    routing::Team tm = team;
    tm.base = 0;
    tm.name = teams == 1 ? "Équipe du bureau mobile" : "Équipe " + std::to_string(t + 1);
    team_names.push_back(tm.name);
    in.teams.push_back(tm);
  }
  routing::SolveOptions opt;
  opt.seed = static_cast<std::uint64_t>(parse_count(a, "seed", 1));
  opt.max_iterations = cli::count_option(a, "iterations", 20000, 1, kMaxIterations);
  if (a.get("seconds")) {
    opt.seconds = cli::seconds_option(a, "seconds", kMaxSeconds);
    if (!a.get("iterations")) opt.max_iterations = 0;  // the time limit alone
  }
  const auto t1 = std::chrono::steady_clock::now();
  const routing::Plan plan = routing::plan_tours(in, opt);
  const auto t2 = std::chrono::steady_clock::now();

  // Report.
  double total_value = 0;
  for (const auto& c : cands) total_value += c.value;
  int working = 0, used = 0;
  for (const auto& dp : plan.days) {
    ++working;
    if (!dp.visits.empty()) ++used;
  }
  std::ostringstream r;
  const std::string title = "Lacunes de : " + terr_label + " · scénario « " + sc.name + " », portée " + sc.default_reach.label();
  r << "Planification des tournées du bureau mobile\n";
  r << "Territoire : " << terr_label << "\n";
  r << "Scénario : « " << sc.name << " », portée " << sc.default_reach.label() << "\n";
  r << "Base : " << base.label << (base.code.empty() ? "" : " (" + base.code + ")") << "\n";
  r << "Horizon : " << days << " jours à partir du " << io::date_fr(start) << ", " << teams
    << (teams > 1 ? " équipes" : " équipe") << ", " << working << " journées de travail (" << used << " utilisées)\n";
  r << "Journée : " << io::hhmm(team.day_start_s) << "–" << io::hhmm(team.day_end_s);
  if (team.lunch_s > 0)
    r << ", pause de " << format_fr(team.lunch_s / 60, 0) << " min entre " << io::hhmm(team.lunch_open_s) << " et "
      << io::hhmm(team.lunch_close_s);
  r << ", arrêt de " << format_fr(service_s / 60, 0) << " min";
  if (std::isfinite(team.max_drive_s)) r << ", conduite ≤ " << format_fr(team.max_drive_s / 60, 0) << " min/jour";
  r << "\n";
  r << "Candidats : " << cands.size() << " lacunes, " << format_fr(total_value, 1) << " NEET estimés non couverts";
  if (skipped_unknown) r << " (" << skipped_unknown << " cibles sans population connue écartées)";
  r << "\n";
  if (skipped_unknown)
    r << "Cibles en lacune sans population connue (valeur inconnue, non planifiées ; ajoutez-les avec --stops) : "
      << join(unknown_names, ", ") << "\n";
  {
    std::vector<std::string> weekend;
    for (const auto& dp : plan.days) {
      const io::Date d = io::add_days(start, dp.day);
      if (!dp.visits.empty() && io::weekday(d) >= 5) weekend.push_back(std::to_string(dp.day + 1));
    }
    if (!weekend.empty())
      r << "Attention : des tournées tombent un samedi ou un dimanche (jours " << join(weekend, ", ")
        << ") ; pour les éviter : --days-off " << join(weekend, ",") << "\n";
  }
  r << "\n";
  r << "Arrêts servis : " << plan.visits << " sur " << cands.size() << "\n";
  r << "Valeur collectée : " << format_fr(plan.value, 1) << " NEET estimés ("
    << format_fr(total_value > 0 ? 100 * plan.value / total_value : 0, 1) << " % des candidats)\n";
  r << "Distance : " << format_fr(plan.distance_m / 1000, 1) << " km, conduite " << format_fr(plan.drive_s / 3600, 1)
    << " h\n";
  r << "Temps et distances : " << travel->short_label() << "\n";
  r << "Modèle de trajet : " << travel->describe() << "\n\n";
  for (const auto& dp : plan.days) {
    const io::Date d = io::add_days(start, dp.day);
    r << "Jour " << dp.day + 1 << " (" << io::date_fr(d) << ")" << (teams > 1 ? ", " + team_names[static_cast<size_t>(dp.team)] : "")
      << " : ";
    if (dp.visits.empty()) {
      r << "pas de tournée\n";
      continue;
    }
    r << io::hhmm(dp.depart_s) << "–" << io::hhmm(dp.return_s) << ", " << format_fr(dp.distance_m / 1000, 0) << " km : ";
    for (size_t i = 0; i < dp.visits.size(); ++i) {
      const auto& st = in.stops[static_cast<size_t>(dp.visits[i].stop)];
      r << (i ? ", " : "") << pplaces[static_cast<size_t>(st.place)].label << " " << io::hhmm(dp.visits[i].start_s);
    }
    r << "\n";
  }
  if (!plan.left_out.empty()) {
    r << "\nCandidats écartés (" << plan.left_out.size() << ") :\n";
    for (const auto& lo : plan.left_out) {
      const auto& st = in.stops[static_cast<size_t>(lo.stop)];
      std::string why = lo.explanation;
      if (lo.reason == routing::LeftOutReason::TimeWindowUnreachable && st.open_s <= 0 && !std::isfinite(st.close_s)) {
        // No window of its own: the stop is simply too far for the working day's shape.
        const double go = in.time_s[static_cast<size_t>(st.place)], back = in.time_s[static_cast<size_t>(st.place) * in.n_places];
        why = "À " + format_fr(go / 60, 0) + " min de la base (retour " + format_fr(back / 60, 0) + " min) : la visite de " +
              format_fr(st.service_s / 60, 0) + " min" +
              (team.lunch_s > 0 ? ", la pause de " + format_fr(team.lunch_s / 60, 0) + " min (entre " +
                                      io::hhmm(team.lunch_open_s) + " et " + io::hhmm(team.lunch_close_s) + ")"
                                : std::string()) +
              " et les trajets ne tiennent pas entre " + io::hhmm(team.day_start_s) + " et " + io::hhmm(team.day_end_s) +
              ". Essayez une base plus proche, une visite plus courte (--service) ou une autre pause (--lunch).";
      }
      r << "  - " << pplaces[static_cast<size_t>(st.place)].label << " (" << format_fr(st.value, 1)
        << " NEET) : " << lo.label << ". " << why << "\n";
    }
  }

  const routing::LegLines legs = routing::leg_lines(*travel, places, in, plan);
  io::PlanExport ex;
  ex.legs = &legs;
  ex.travel_label = travel->short_label();
  ex.ws = &ws;
  ex.input = &in;
  ex.plan = &plan;
  ex.places = pplaces;
  ex.team_names = team_names;
  ex.start_year = start.y;
  ex.start_month = start.m;
  ex.start_day = start.d;
  ex.title = title;
  ex.parameters = {{"territoire", terr_label},
                   {"scenario", sc.name},
                   {"portee", sc.default_reach.label()},
                   {"base", base.label},
                   {"jours", std::to_string(days)},
                   {"equipes", std::to_string(teams)},
                   {"date_jour_1", io::date_iso(start)},
                   {"arrets_servis", std::to_string(plan.visits)},
                   {"candidats", std::to_string(cands.size())},
                   {"valeur_collectee_neet", format_fr(plan.value, 1)},
                   {"valeur_candidats_neet", format_fr(total_value, 1)},
                   {"distance_km", format_fr(plan.distance_m / 1000, 1)},
                   {"modele_trajet", travel->describe()},
                   {"espace_de_travail", ws_path}};

  std::vector<std::string> files;
  files.push_back(io::write_planning_csv(dir.string(), ex));
  files.push_back(io::write_plan_geojson(dir.string(), ex));
  files.push_back(io::write_plan_gpx(dir.string(), ex));
  files.push_back(io::write_planning_ics(dir.string(), ex));
  files.push_back(io::write_roadbook_pdf(dir.string(), ex));
  files.push_back(io::write_plan_gpkg(dir.string(), ex));
  files.push_back(io::write_planning_xlsx(dir.string(), ex));
  const std::string report = r.str();
  {
    const fs::path rp = dir / "rapport.txt";
    io::write_text_atomic(rp.string(), report);  // core/atomic_file.h underneath
    files.push_back(rp.string());
  }
  std::cout << report;
  const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("\nÉcrit dans %s : %zu fichiers (préparation %.0f ms, planification %.0f ms)\n", dir.string().c_str(),
              files.size(), ms(t1 - t0), ms(t2 - t1));
  return 0;
}

cli::Registrar reg{{"plan", "tournées du bureau mobile à travers les lacunes, exports terrain", kUsage, run}};

}  // namespace
