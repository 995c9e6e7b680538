// maraude plan WORKSPACE --base CODE_OR_LONLAT --days D --out DIR [options]
// Mobile-office tours through the gaps of a coverage scenario: one candidate stop per
// gap target (worth its estimated uncovered NEETs), planned over D days by the
// multi-day tour planner, exported for the field (GPX, GeoJSON, GeoPackage, CSV, XLSX,
// iCalendar, PDF roadbook) with a French report.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <algorithm>
#include <iostream>

#include "cli/command.h"
#include "cli/plan_docs.h"
#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "core/travel_choice.h"
#include "io/plan_request.h"
#include "io/plan_setup.h"
#include "io/workspace.h"

// The plan itself (candidates, costs, teams, search, legs, files, report) is io::run_plan
// and io::write_plan_files, shared with the viewer's Tournées panel.
using namespace maraude;
using namespace maraude::coverage;
using io::parse_clock;
using io::parse_duration;
namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "maraude plan ESPACE.gpkg --base CODE|LON,LAT [--cycle 1w|2w|4w] [--slots MOTIF] [--frequency F] --out DOSSIER [options]\n"
    "maraude plan ESPACE.gpkg --base CODE|LON,LAT --days J --out DOSSIER [options]\n\n"
    "Planifie les passages d'un bureau mobile à travers les lacunes d'un scénario de couverture :\n"
    "un arrêt candidat par cible en lacune (au centre de la commune, ou dans le périmètre du QPV),\n"
    "valant son nombre estimé de jeunes NEET non couverts.\n\n"
    "Mode rotation (par défaut, sans --days) : chaque arrêt retenu reçoit un créneau fixe du cycle\n"
    "(même jour de la semaine, même demi-journée à chaque cycle), comme une permanence. Par défaut :\n"
    "deux demi-journées par jour, du lundi au vendredi, 09:30-12:30 et 13:30-16:00, cycle d'une\n"
    "semaine, un passage par cycle. Le planificateur maximise les NEET atteints en respectant le\n"
    "trajet de midi entre les deux arrêts du jour, le départ et le retour à la base (--start/--end)\n"
    "et la limite de conduite quotidienne. Valeur d'un arrêt = NEET × part des semaines avec\n"
    "passage (chaque semaine 1, une sur deux 1/2, une sur quatre 1/4) : avec une seule fréquence\n"
    "pour tous, le plan maximise simplement les NEET des arrêts desservis.\n\n"
    "Mode ponctuel (--days J) : une seule passe sur J jours calendaires, arrêts de --service.\n\n"
    "Options :\n"
    "  --base B           base de départ et de retour : code INSEE de commune (59178) ou « lon,lat » WGS 84\n"
    "  --cycle C          rotation : 1w, 2w ou 4w (semaines, défaut 1w) ; chaque créneau revient tous les C\n"
    "  --slots MOTIF      rotation : jours et créneaux, « lun-ven 09:30-12:30,13:30-16:00 » (défaut) ;\n"
    "                     groupes séparés par « ; » (« lun-jeu 09:30-12:30,13:30-16:00; ven 09:00-12:00 »)\n"
    "  --frequency F      rotation : weekly (chaque semaine), biweekly (une sur deux), 4weekly (une sur quatre) ;\n"
    "                     défaut : un passage par cycle (--cycle 2w donne une semaine sur deux)\n"
    "  --days J           mode ponctuel : nombre de jours calendaires de l'horizon\n"
    "  --teams N          nombre de véhicules / équipes, tous basés à --base (défaut 1)\n"
    "  --scenario NOM     scénario enregistré (défaut : « services publics existants »)\n"
    "  --reach PORTEE     portée par défaut des points : 15km, 20min... (défaut : celle du scénario)\n"
    "  --territory T      laureate:ID, zone:CODE (zone d'emploi) ou epci:SIREN : ne garder que ces cibles\n"
    "  --start HH:MM      début de journée, départ de la base (défaut 09:00 ; rotation : 1 h 30 avant le\n"
    "                     premier créneau, 08:00 par défaut)\n"
    "  --end HH:MM        fin de journée, retour à la base (défaut 17:00 ; rotation : 1 h 30 après le\n"
    "                     dernier créneau, 17:30 par défaut)\n"
    "  --lunch A-B/M      pause de M minutes entre A et B (défaut 12:00-14:00/60 ; « aucune » : sans pause) ;\n"
    "                     rotation : sans pause imposée par défaut (le trajet de midi a lieu entre les créneaux)\n"
    "  --max-drive D      conduite maximale par jour : 3h, 150min, 2h30 (défaut : sans limite)\n"
    "  --service D        durée d'un arrêt sur place (défaut 3h) ; rotation : l'arrêt dure son créneau,\n"
    "                     --service en donne la durée minimale\n"
    "  --days-off L       jours de repos, numéros de jour séparés par des virgules (1 = premier jour ;\n"
    "                     rotation : jours du cycle, 1 = lundi de la première semaine, 8 = lundi de la deuxième)\n"
    "  --date AAAA-MM-JJ  date du jour 1 (défaut : le lundi qui suit ; rotation : le premier lundi à partir de cette date)\n"
    "  --stops F.csv      colonnes code,must,window[,frequence] : arrêts obligatoires (must=1), créneaux\n"
    "                     d'arrivée (window=10:00-12:00) et, en rotation, fréquence propre à l'arrêt\n"
    "                     (weekly, biweekly, 4weekly) ; code = code INSEE ou identifiant de cible\n"
"  --must L           arrêts obligatoires : codes INSEE, noms de communes ou identifiants de cibles\n"
    "                     séparés par des virgules, ou un fichier (une ligne par arrêt) ; s'ajoute à --stops\n\n"
    "Règles des arrêts (elles se combinent entre elles et avec --territory) :\n"
    "  --within T             dans ces territoires aussi : zone:CODE, epci:SIREN, laureate:ID séparés par\n"
    "                         des virgules (chacun doit contenir la cible ; s'ajoute à --territory)\n"
    "  --max-population N     commune de N habitants au plus (celle où le bureau stationne)\n"
    "  --min-uncovered N      au moins N jeunes de 15-29 ans non couverts dans la cible\n"
    "  --min-neet N           au moins N NEET estimés non couverts dans la cible\n"
    "  --min-service-distance X  service le plus proche à X au moins : 10km, 15min (modèle de trajet du plan)\n"
    "  --service-kinds L      services comptés par la règle précédente (défaut : services fixes, soit\n"
    "                         france_services, france_travail, mission_locale, permanence)\n"
    "  --exclude L            arrêts exclus : codes INSEE, noms ou identifiants, ou un fichier\n"
    "  Un arrêt obligatoire qu'une règle écarterait est gardé et signalé comme conflit dans le rapport.\n"
    "  Chaque candidat écarté garde sa raison : rapport.txt les compte, exclus.csv les liste tous.\n"
    "  Exemple (règle des bus de l'emploi de l'Oise ; l'espace n'a pas le nombre de demandeurs d'emploi\n"
    "  par commune, le seuil de NEET le remplace) :\n"
    "    --max-population 4999 --min-neet 3 --min-service-distance 15min --service-kinds france_travail\n\n"
    "  --seconds S        limite de temps de recherche (sinon budget d'itérations fixe, reproductible)\n"
    "  --iterations N     budget d'itérations de la recherche (défaut 20000)\n"
    "  --seed N           graine (défaut 1)\n"
    "  --out DOSSIER      dossier de sortie (créé au besoin) : plan.gpx, plan.kml, plan.geojson, plan.gpkg,\n"
    "                     planning.csv, planning.xlsx, planning.ics, roadbook.pdf, rapport.txt et, en\n"
    "                     rotation, passages.pdf (une affiche par arrêt pour la mairie)\n";

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

// The stop rules (io/stop_rules.h); each value is checked here, naming its option.
io::StopRules rule_options(const cli::Args& a) {
  io::StopRules r;
  if (auto v = a.get("within")) r.within = io::parse_within(*v, "--within");
  if (auto v = a.get("max-population")) r.max_population = io::parse_rule_population(*v, "--max-population");
  if (auto v = a.get("min-uncovered")) r.min_uncovered_15_29 = io::parse_rule_amount(*v, "--min-uncovered", io::kMaxYouthRule);
  if (auto v = a.get("min-neet")) r.min_neet = io::parse_rule_amount(*v, "--min-neet", io::kMaxNeetRule);
  if (auto v = a.get("min-service-distance")) r.min_service = Reach::parse(*v, "--min-service-distance");
  if (auto v = a.get("service-kinds")) {
    if (!r.min_service)
      throw Error(ErrorKind::Usage, "--service-kinds sans --min-service-distance : la règle n'a pas de distance", "--service-kinds",
                  "par exemple --min-service-distance 15min --service-kinds france_travail");
    r.service_kinds = io::parse_service_kinds(*v, "--service-kinds");
  }
  if (auto v = a.get("exclude")) r.exclude = io::read_stop_list(*v, "--exclude");
  if (auto v = a.get("must")) r.must = io::read_stop_list(*v, "--must");
  return r;
}

int run(const std::vector<std::string>& argv) {
  if (cli::is_plan_doc_command(argv)) return cli::run_plan_docs(argv);
  cli::Args a(argv);
  a.check_known({"save", "add-to-scenario", "scenario", "reach", "base", "days", "teams", "start", "end", "lunch",
                 "max-drive", "service", "days-off", "territory", "seconds", "seed", "out", "stops", "date", "iterations",
                 "travel", "cycle", "slots", "frequency", "max-population", "min-uncovered", "min-neet",
                 "min-service-distance", "service-kinds", "exclude", "must", "within"});
  cli::check_plan_options(a);
  if (a.positionals().size() != 1)
    throw Error(ErrorKind::Usage, "il faut un espace de travail", "ligne de commande",
                "maraude plan ESPACE.gpkg --base 59178 --cycle 2w --out tournees/");
  const auto out = a.get("out");
  if (!out || out->empty()) throw Error(ErrorKind::Usage, "option --out manquante", "ligne de commande", "par exemple --out tournees/");
  const auto base_spec = a.get("base");
  if (!base_spec) throw Error(ErrorKind::Usage, "option --base manquante", "ligne de commande", "par exemple --base 59178");
  const bool rotation = !a.get("days");
  if (!rotation && (a.get("cycle") || a.get("slots") || a.get("frequency")))
    throw Error(ErrorKind::Usage, "--days (tournée ponctuelle) et --cycle/--slots/--frequency (rotation) s'excluent",
                "ligne de commande", "retirez --days pour une rotation à créneaux fixes");
  const long days = rotation ? 5 : parse_count(a, "days", 0);
  if (days < 1)
    throw Error(ErrorKind::Usage, "horizon de " + std::to_string(days) + " jour : rien à planifier", "--days",
                "au moins 1 jour");
  if (days > 366) throw Error(ErrorKind::Usage, "horizon trop long (" + std::to_string(days) + " jours)", "--days", "366 au plus");
  if (a.get("teams") && parse_integer(*a.get("teams")) == 0LL)
    throw Error(ErrorKind::Usage, "aucun véhicule (--teams 0) : il faut au moins une équipe", "--teams", "par exemple --teams 1");
  const long teams = static_cast<long>(cli::count_option(a, "teams", 1, 1, kMaxTeams));

  io::PlanRequest req;
  req.base = *base_spec;
  req.days = static_cast<int>(days);
  req.teams = static_cast<int>(teams);
  req.rotation = rotation;
  if (rotation) {
    const std::string c = a.get_or("cycle", "1w");
    const std::string cw = ends_with(c, "w") || ends_with(c, "s") ? c.substr(0, c.size() - 1) : c;
    const auto n = parse_integer(cw);
    if (!n || (*n != 1 && *n != 2 && *n != 4))
      throw Error(ErrorKind::Usage, "cycle illisible « " + c + " »", "--cycle", "1w, 2w ou 4w (semaines)");
    req.cycle_weeks = static_cast<int>(*n);
    if (auto f = a.get("frequency")) {
      req.frequency_weeks = routing::parse_frequency_weeks(*f);
      if (req.frequency_weeks == 0)
        throw Error(ErrorKind::Usage, "fréquence illisible « " + *f + " »", "--frequency", "weekly, biweekly ou 4weekly");
    }
    if (auto sl = a.get("slots")) req.slots = io::parse_slots(*sl, "slots");
    double first = 24 * 3600, last = 0;
    for (const auto& d : req.slots.days)
      for (const auto& h : d) first = std::min(first, h.start_s), last = std::max(last, h.end_s);
    req.day_start_s = a.get("start") ? parse_clock(*a.get("start"), "start") : std::max(0.0, first - 5400);
    req.day_end_s = a.get("end") ? parse_clock(*a.get("end"), "end") : std::min(24.0 * 3600, last + 5400);
  } else {
    req.day_start_s = parse_clock(a.get_or("start", "09:00"), "start");
    req.day_end_s = parse_clock(a.get_or("end", "17:00"), "end");
  }
  if (req.day_end_s <= req.day_start_s)
    throw Error(ErrorKind::Usage, "la journée finit (" + io::hhmm(req.day_end_s) + ") avant de commencer (" +
                                      io::hhmm(req.day_start_s) + ")", "--start/--end");
  const std::string lunch = a.get_or("lunch", rotation ? "aucune" : "12:00-14:00/60");
  if (lunch == "aucune" || lunch == "none" || lunch == "0") {
    req.lunch = false;
  } else {
    const auto slash = lunch.find('/');
    const auto dash = lunch.find('-');
    if (slash == std::string::npos || dash == std::string::npos || dash > slash)
      throw Error(ErrorKind::Usage, "pause illisible « " + lunch + " »", "--lunch", "A-B/M, par exemple 12:00-14:00/60");
    req.lunch_open_s = parse_clock(lunch.substr(0, dash), "lunch");
    req.lunch_close_s = parse_clock(lunch.substr(dash + 1, slash - dash - 1), "lunch");
    req.lunch_s = parse_duration(lunch.substr(slash + 1), "lunch");
    if (req.lunch_close_s < req.lunch_open_s)
      throw Error(ErrorKind::Usage, "la pause finit (" + io::hhmm(req.lunch_close_s) + ") avant de commencer (" +
                                        io::hhmm(req.lunch_open_s) + ")", "--lunch", "A-B/M, par exemple 12:00-14:00/60");
    if (req.lunch_s > 3 * 3600)
      throw Error(ErrorKind::Usage, "pause de " + format_fr(req.lunch_s / 60, 0) + " min : 180 min au plus", "--lunch",
                  "par exemple 12:00-14:00/60");
    if (req.lunch_s >= req.day_end_s - req.day_start_s)
      throw Error(ErrorKind::Usage,
                  "une pause de " + format_fr(req.lunch_s / 60, 0) + " min ne laisse aucun temps de travail dans la journée de " +
                      io::hhmm(req.day_start_s) + " à " + io::hhmm(req.day_end_s),
                  "--lunch", "raccourcissez la pause, par exemple 12:00-14:00/60");
  }
  if (auto v = a.get("max-drive")) {
    req.max_drive_s = parse_duration(*v, "max-drive");
    if (req.max_drive_s <= 0) throw Error(ErrorKind::Usage, "conduite maximale nulle : aucun trajet possible", "--max-drive");
  }
  req.service_s = parse_duration(a.get_or("service", "3h"), "service");
  if (rotation && a.get("service")) req.slot_min_s = req.service_s;
  const long horizon = rotation ? 7L * req.cycle_weeks : days;
  if (auto v = a.get("days-off")) {
    for (const auto& p : split(*v, ',')) {
      if (trim(p).empty()) continue;
      const auto n = parse_integer(trim(p));
      if (!n || *n < 1 || *n > horizon)
        throw Error(ErrorKind::Usage,
                    "jour de repos « " + p + " » hors " + (rotation ? "du cycle" : "de l'horizon") + " 1.." + std::to_string(horizon),
                    "--days-off", rotation ? "jours du cycle : 1 = lundi de la première semaine" : "");
      req.days_off.push_back(static_cast<int>(*n - 1));
    }
  }
  req.rules = rule_options(a);
  io::check_request(req);
  req.date = a.get("date") ? io::parse_date(*a.get("date"), "date") : io::next_monday();
  req.travel = parse_travel_choice(a.get_or("travel", "auto"));
  req.scenario = a.get_or("scenario", kDefaultScenarioName);
  if (auto r = a.get("reach")) req.reach = Reach::parse(*r, "--reach");
  if (auto f = a.get("stops")) req.stops_csv = *f;
  if (auto t = a.get("territory")) req.territory = *t;
  req.seed = static_cast<std::uint64_t>(parse_count(a, "seed", 1));
  req.iterations = cli::count_option(a, "iterations", 20000, 1, kMaxIterations);
  if (a.get("seconds")) {
    req.seconds = cli::seconds_option(a, "seconds", kMaxSeconds);
    if (!a.get("iterations")) req.iterations = 0;  // the time limit alone
  }

  // The output folder must be writable before any long computation.
  io::prepare_output_dir(*out);

  const auto t0 = std::chrono::steady_clock::now();
  const std::string ws_path = a.positionals()[0];
  const Workspace ws = io::load_workspace(ws_path);
  const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const std::int64_t save_base = cli::plan_save_base(a, ws_path);
  io::PlanResult res = io::run_plan(ws, ws_path, req);
  cli::prepare_plan_save(a, res);
  const auto files = io::write_plan_files(*out, res, req);
  std::cout << io::plan_report(res, req);
  std::printf("\nÉcrit dans %s : %zu fichiers (préparation %.0f ms, planification %.0f ms)\n", fs::path(*out).string().c_str(),
              files.size(), load_ms + res.prepare_ms, res.solve_ms);
  cli::finish_plan_options(a, ws_path, ws, res, req, save_base);
  return 0;
}

cli::Registrar reg{{"plan", "tournées du bureau mobile à travers les lacunes, exports terrain",
                    std::string(kUsage) + cli::kPlanDocsUsage, run}};

}  // namespace
