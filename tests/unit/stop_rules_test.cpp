// Stop rules of the tour planner (io/stop_rules.h) on the real data workspace: each rule is
// checked against an independent computation here (the commune table, a brute-force nearest
// service), the left-out reasons add up, exclus.csv holds one row per left-out candidate,
// and bad option values are refused by `maraude plan` in French naming the option.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "io/csv.h"
#include "io/left_out.h"
#include "io/plan_request.h"
#include "io/stop_rules.h"
#include "io/workspace.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::test;

namespace {

const Workspace& ws() {
  static const Workspace w = io::load_workspace(real_workspace());
  return w;
}

io::PlanRequest request() {
  io::PlanRequest r;
  r.base = "59178";
  r.days = 2;
  r.reach = coverage::Reach::km(3);  // many gaps: about a thousand candidates
  r.travel = TravelChoice::CrowFly;
  r.iterations = 300;
  r.date = io::Date{2026, 11, 30};
  return r;
}

// One coverage engine for every plan of the suite (same scenario, reach and travel model).
io::PlanEngineCache& shared_cache() {
  static io::PlanEngineCache c;
  return c;
}

io::PlanResult plan(const io::PlanRequest& r) {
  io::PlanHooks h;
  h.cache = &shared_cache();
  return io::run_plan(ws(), "", r, nullptr, h);
}

// Target id → value of every candidate offered to the planner (the base excluded).
std::map<std::string, double> offered(const io::PlanResult& r) {
  std::map<std::string, double> m;
  for (const auto& st : r.input.stops) m[r.places[static_cast<size_t>(st.place)].target] = st.value;
  return m;
}

std::set<std::string> excluded_targets(const io::PlanResult& r, const std::string& rule = "") {
  std::set<std::string> s;
  for (const auto& e : r.rules.excluded)
    if (rule.empty() || e.rule == rule) s.insert(e.target);
  return s;
}

// The baseline: every candidate without rules, and the commune each one parks in.
struct Baseline {
  io::PlanResult res;
  std::map<std::string, double> value;          // target → NEETs
  std::map<std::string, std::string> commune;   // target → INSEE code
  std::map<std::string, Vec2> pos;              // target → where the van parks
};
const Baseline& baseline() {
  static const Baseline b = [] {
    Baseline x;
    x.res = plan(request());
    x.value = offered(x.res);
    for (const auto& st : x.res.input.stops) {
      const auto& pl = x.res.places[static_cast<size_t>(st.place)];
      x.commune[pl.target] = pl.code;
      x.pos[pl.target] = pl.pos;
    }
    return x;
  }();
  return b;
}

// The rules applied to the baseline's candidates directly (no solve): the rule's verdicts.
struct Filtered {
  io::RuleOutcome outcome;
  std::map<std::string, double> kept;  // target → NEETs
};
Filtered filter(const io::StopRules& rules) {
  const Baseline& b = baseline();
  const auto& engine = *shared_cache().engine;
  std::vector<io::PlanCandidate> cands = io::gap_candidates(ws(), engine, {}).list;
  std::vector<routing::Stop> stops(cands.size());
  for (size_t i = 0; i < cands.size(); ++i) stops[i].value = cands[i].value;
  EXPECT_EQ(cands.size(), b.value.size());
  Filtered f;
  f.outcome = io::apply_stop_rules(ws(), engine, *b.res.travel, coverage::default_scenario(ws(), coverage::Reach::km(3)), rules,
                                   3600, cands, stops);
  for (const auto& c : cands) f.kept[c.place.target] = c.value;
  return f;
}
std::set<std::string> excluded_targets(const io::RuleOutcome& o, const std::string& rule = "") {
  std::set<std::string> s;
  for (const auto& e : o.excluded)
    if (rule.empty() || e.rule == rule) s.insert(e.target);
  return s;
}

TEST(StopRules, BaselineHasManyCandidates) {
  const Baseline& b = baseline();
  EXPECT_GT(b.value.size(), 500u);
  EXPECT_TRUE(b.res.rules.excluded.empty());
  EXPECT_TRUE(b.res.rules.summary.empty());
}

TEST(StopRules, PopulationCapRemovesExactlyTheBigCommunes) {
  const Baseline& b = baseline();
  // Populations read from the commune table here, not through the rule's lookup.
  std::map<std::string, long long> pop;
  for (const auto& c : ws().communes) pop[c.code] = c.population;
  std::set<std::string> big, small;
  for (const auto& [t, code] : b.commune) (pop.at(code) > 5000 ? big : small).insert(t);
  ASSERT_GT(big.size(), 10u);
  ASSERT_GT(small.size(), 10u);
  io::StopRules rules;
  rules.max_population = 5000;
  const Filtered f = filter(rules);
  EXPECT_EQ(excluded_targets(f.outcome), big);
  std::set<std::string> kept;
  for (const auto& [t, v] : f.kept) kept.insert(t);
  EXPECT_EQ(kept, small);
  EXPECT_EQ(f.outcome.before, b.value.size());
  for (const auto& e : f.outcome.excluded) {
    EXPECT_EQ(e.rule, "population");
    EXPECT_EQ(e.reason, "commune de plus de 5 000 habitants");
    EXPECT_NEAR(e.value, b.value.at(e.target), 1e-9);
  }
  // Through run_plan: the planner is offered exactly the small ones.
  io::PlanRequest r = request();
  r.rules.max_population = 5000;
  const io::PlanResult res = plan(r);
  EXPECT_EQ(excluded_targets(res), big);
  std::set<std::string> offered_targets;
  for (const auto& [t, v] : offered(res)) offered_targets.insert(t);
  EXPECT_EQ(offered_targets, small);
  EXPECT_EQ(res.candidates + res.rules.excluded.size(), res.rules.before);
}

TEST(StopRules, NeetAndYouthFloors) {
  const Baseline& b = baseline();
  io::StopRules rules;
  rules.min_neet = 4;
  const Filtered f = filter(rules);
  std::set<std::string> low;
  for (const auto& [t, v] : b.value)
    if (v < 4) low.insert(t);
  ASSERT_FALSE(low.empty());
  EXPECT_EQ(excluded_targets(f.outcome, "neet"), low);
  for (const auto& [t, v] : f.kept) EXPECT_GE(v, 4) << t;

  const io::PlanEngineCache& cache = shared_cache();
  ASSERT_TRUE(cache.engine);
  std::map<std::string, double> youth;
  for (size_t t = 0; t < cache.engine->targets().size(); ++t)
    youth[cache.engine->targets()[t].id] = cache.engine->results()[t].uncovered_15_29;
  io::StopRules y;
  y.min_uncovered_15_29 = 40;
  const Filtered fy = filter(y);
  std::set<std::string> few;
  for (const auto& [t, v] : b.value)
    if (youth.at(t) < 40) few.insert(t);
  ASSERT_FALSE(few.empty());
  EXPECT_EQ(excluded_targets(fy.outcome, "jeunes"), few);
  EXPECT_EQ(fy.kept.size(), b.value.size() - few.size());
}

// The nearest fixed service of each candidate by brute force over the scenario's points.
std::set<std::string> near_service(const Baseline& b, const TravelModel& tm, bool by_time, double limit,
                                   const std::vector<ServiceKind>& kinds) {
  const coverage::Scenario sc = coverage::default_scenario(ws());
  std::set<std::string> out;
  for (const auto& [t, p] : b.pos) {
    double best = INFINITY;
    for (const auto& sp : sc.points)
      if (std::find(kinds.begin(), kinds.end(), sp.kind) != kinds.end())
        best = std::min(best, by_time ? tm.time_s(sp.pos, p) : tm.distance_m(sp.pos, p));
    if (best < limit) out.insert(t);
  }
  return out;
}

TEST(StopRules, ServiceDistanceMatchesBruteForceNearest) {
  const Baseline& b = baseline();
  const TravelModel& tm = *b.res.travel;
  const std::vector<ServiceKind> fixed = {ServiceKind::FranceServices, ServiceKind::FranceTravail, ServiceKind::MissionLocale,
                                          ServiceKind::Permanence};
  {
    io::StopRules rules;
    rules.min_service = coverage::Reach::km(10);
    const Filtered f = filter(rules);
    const auto expect = near_service(b, tm, false, 10000, fixed);
    ASSERT_GT(expect.size(), 10u);
    ASSERT_LT(expect.size(), b.value.size());
    EXPECT_EQ(excluded_targets(f.outcome, "service"), expect);
    for (const auto& e : f.outcome.excluded) EXPECT_NE(e.detail.find(" km ("), std::string::npos) << e.detail;
  }
  {
    io::StopRules rules;
    rules.min_service = coverage::Reach::minutes(15);
    rules.service_kinds = {ServiceKind::FranceTravail};
    const Filtered f = filter(rules);
    const auto expect = near_service(b, tm, true, 15 * 60, {ServiceKind::FranceTravail});
    ASSERT_GT(expect.size(), 10u);
    EXPECT_EQ(excluded_targets(f.outcome, "service"), expect);
  }
}

TEST(StopRules, RulesCombineWithEachOtherAndTheTerritory) {
  io::PlanRequest r = request();
  r.territory = "laureate:tour_emploi";
  const io::PlanResult t = plan(r);
  r.rules.max_population = 5000;
  r.rules.min_neet = 2;
  const io::PlanResult both = plan(r);
  EXPECT_EQ(both.rules.before, t.candidates);
  std::map<std::string, long long> pop;
  for (const auto& c : ws().communes) pop[c.code] = c.population;
  for (const auto& st : both.input.stops) {
    const auto& pl = both.places[static_cast<size_t>(st.place)];
    EXPECT_LE(pop.at(pl.code), 5000) << pl.label;
    EXPECT_GE(st.value, 2) << pl.label;
  }
  // The first failing rule is kept: population before NEET.
  for (const auto& e : both.rules.excluded)
    if (e.rule == "neet") {
      const std::string code = e.code.rfind("QN", 0) == 0 ? "" : e.code;
      if (!code.empty()) EXPECT_LE(pop.at(code), 5000) << e.name;
    }
}

TEST(StopRules, WithinAZoneKeepsExactlyTheTargetsTouchingIt) {
  const Baseline& b = baseline();
  const auto& engine = *shared_cache().engine;
  // The zone d'emploi of Saint-Quentin (3220), its communes read from the commune table here.
  std::set<std::string> zone;
  for (const auto& c : ws().communes)
    if (c.zone_emploi == "3220") zone.insert(c.code);
  ASSERT_FALSE(zone.empty());
  std::set<std::string> inside;
  for (const auto& tg : engine.targets())
    if (b.value.count(tg.id))
      for (const auto& c : tg.communes)
        if (zone.count(c)) inside.insert(tg.id);
  ASSERT_GT(inside.size(), 3u);
  io::StopRules rules;
  rules.within = {"zone:3220"};
  const Filtered f = filter(rules);
  std::set<std::string> kept;
  for (const auto& [t, v] : f.kept) kept.insert(t);
  EXPECT_EQ(kept, inside);
  EXPECT_EQ(f.outcome.excluded.size() + kept.size(), b.value.size());
  ASSERT_FALSE(f.outcome.excluded.empty());
  EXPECT_EQ(f.outcome.excluded[0].reason, "hors du territoire zone d'emploi Saint-Quentin (3220)");
  // With an EPCI as well: both must hold (intersection).
  std::string epci;
  for (const auto& c : ws().communes)
    if (c.code == "02691") epci = c.epci;  // Saint-Quentin
  ASSERT_FALSE(epci.empty());
  rules.within.push_back("epci:" + epci);
  const Filtered g = filter(rules);
  EXPECT_LT(g.kept.size(), kept.size());
  for (const auto& [t, v] : g.kept) EXPECT_TRUE(inside.count(t)) << t;
  // An unknown territory names --within.
  rules.within = {"zone:0000"};
  try {
    filter(rules);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "--within");
  }
  // The EPCI's name in the report's territory line (it read « région entière » before).
  io::PlanRequest r = request();
  r.territory = "epci:" + epci;
  EXPECT_NE(plan(r).territory_label.find("EPCI"), std::string::npos);
}

TEST(StopRules, ReasonCountsAddUpAndExclusCsvHasOneRowPerLeftOut) {
  io::PlanRequest r = request();
  r.rules.max_population = 20000;
  r.rules.min_service = coverage::Reach::km(8);
  r.rules.exclude = {"Marle"};
  const io::PlanResult res = plan(r);
  const auto entries = io::left_out_entries(res, r);
  EXPECT_EQ(entries.size(), res.rules.excluded.size() + res.plan.left_out.size());
  EXPECT_GT(res.plan.left_out.size(), 0u);  // two days cannot hold every candidate
  int sum = 0;
  for (const auto& c : io::count_reasons(entries)) sum += c.count;
  EXPECT_EQ(sum, static_cast<int>(entries.size()));
  // Served + left out by the planner = offered; offered + ruled out = before the rules.
  EXPECT_EQ(static_cast<size_t>(res.plan.visits) + res.plan.left_out.size(), res.candidates);
  EXPECT_EQ(res.candidates + res.rules.excluded.size(), res.rules.before);
  EXPECT_EQ(excluded_targets(res, "exclusion"), std::set<std::string>{"commune:02468"});

  const fs::path dir = temp_dir("stop_rules_out");
  const auto files = io::write_plan_files(dir.string(), res, r);
  EXPECT_NE(std::find(files.begin(), files.end(), (dir / "exclus.csv").string()), files.end());
  const auto t = io::CsvTable::read((dir / "exclus.csv").string());
  EXPECT_EQ(t.header(), (std::vector<std::string>{"code", "nom", "raison", "valeur_neet", "detail"}));
  EXPECT_EQ(t.rows().size(), entries.size());
  std::map<std::string, int> csv_reasons;
  for (const auto& row : t.rows()) ++csv_reasons[t.get(row, t.require("raison"))];
  for (const auto& c : io::count_reasons(entries)) EXPECT_EQ(csv_reasons[c.reason], c.count) << c.reason;
  // The report counts the reasons (the lines sum to the total) and lists 10 losses, not all.
  const std::string rep = read_file(dir / "rapport.txt");
  const auto head = rep.find("Candidats écartés (" + std::to_string(entries.size()) + ",");
  ASSERT_NE(head, std::string::npos) << rep;
  int report_sum = 0;
  for (const auto& c : io::count_reasons(entries)) {
    const std::string line = "  " + std::to_string(c.count) + " — " + c.reason + " (";
    EXPECT_NE(rep.find(line, head), std::string::npos) << line;
    report_sum += c.count;
  }
  EXPECT_EQ(report_sum, static_cast<int>(entries.size()));
  EXPECT_NE(rep.find("Les 10 plus grandes pertes"), std::string::npos);
  EXPECT_NE(rep.find("Liste complète : exclus.csv"), std::string::npos);
  size_t bullets = 0;
  for (size_t p = rep.find("\n  - ", head); p != std::string::npos; p = rep.find("\n  - ", p + 1)) ++bullets;
  EXPECT_EQ(bullets, 10u);
  EXPECT_NE(rep.find("Règles des arrêts : commune de 20 000 habitants au plus"), std::string::npos) << rep;
}

TEST(StopRules, MustVisitExcludedByARuleIsAConflictNotDropped) {
  // A gap candidate parked in a commune over 5,000 inhabitants (a QPV), and Somain (59574,
  // over 10,000 inhabitants, not a target: added by --must, then caught by the rule too).
  std::map<std::string, long long> pop;
  for (const auto& c : ws().communes) pop[c.code] = c.population;
  std::string big;  // the nearest to the base (Douai), so that a 2-day plan can serve it
  double best = INFINITY;
  const Vec2 base = baseline().res.places.front().pos;
  for (const auto& [t, code] : baseline().commune) {
    const Vec2 p = baseline().pos.at(t);
    const double d = std::hypot(p.x - base.x, p.y - base.y);
    if (pop.at(code) > 5000 && t.rfind("qpv:", 0) == 0 && d < best) best = d, big = t;
  }
  ASSERT_FALSE(big.empty());
  io::PlanRequest r = request();
  r.rules.max_population = 5000;
  r.rules.must = {big, "Somain"};
  const io::PlanResult res = plan(r);
  ASSERT_EQ(res.rules.conflicts.size(), 2u);
  for (const auto& c : res.rules.conflicts)
    EXPECT_NE(c.find("écarté par la règle « commune de plus de 5 000 habitants »"), std::string::npos) << c;
  EXPECT_NE(res.rules.conflicts[0].find(big.substr(4)) + res.rules.conflicts[1].find(big.substr(4)), 2 * std::string::npos);
  std::set<std::string> must;
  for (const auto& st : res.input.stops)
    if (st.must_visit) must.insert(res.places[static_cast<size_t>(st.place)].target);
  EXPECT_EQ(must, (std::set<std::string>{big, "commune:59574"}));
  EXPECT_EQ(excluded_targets(res).count(big), 0u);
  EXPECT_NE(io::plan_report(res, r).find("Conflits entre règles et arrêts obligatoires (2)"), std::string::npos);
}

TEST(StopRules, MustVisitOutsideTheGapsIsAdded) {
  io::PlanRequest r = request();
  r.territory = "laureate:tour_emploi";
  const io::PlanResult t = plan(r);
  r.rules.must = {"02468"};  // Marle: outside TOUR EMPLOI's territory
  r.days = 10;
  r.service_s = 3600;
  const io::PlanResult res = plan(r);
  EXPECT_EQ(res.rules.before, t.candidates + 1);
  bool found = false;
  for (const auto& st : res.input.stops)
    if (res.places[static_cast<size_t>(st.place)].code == "02468") found = st.must_visit;
  EXPECT_TRUE(found);
}

TEST(StopRules, BadListsAreRefusedWithNearMatches) {
  io::PlanRequest r = request();
  r.rules.exclude = {"Marel"};
  try {
    plan(r);
    FAIL() << "unknown name accepted";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("« Marel »"), std::string::npos) << m;
    EXPECT_NE(m.find("Marle (02468)"), std::string::npos) << m;
    EXPECT_NE(m.find("--exclude"), std::string::npos) << m;
  }
  r.rules.exclude = {"02468"};
  r.rules.must = {"Marle"};
  try {
    plan(r);
    FAIL() << "excluded and must-visit accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("à la fois obligatoire"), std::string::npos) << e.what();
  }
  r.rules.exclude.clear();
  r.rules.must.clear();
  r.rules.max_population = 1;  // no commune: nothing left
  try {
    plan(r);
    FAIL() << "empty candidate set accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("règles des arrêts écartent"), std::string::npos) << e.what();
  }
}

TEST(StopRules, OptionParsers) {
  EXPECT_EQ(io::parse_rule_population("5000", "--max-population"), 5000);
  for (const char* bad : {"-5", "0", "abc", "1e9", "99999999999", "", "5000.5"})
    EXPECT_THROW(io::parse_rule_population(bad, "--max-population"), Error) << bad;
  EXPECT_DOUBLE_EQ(io::parse_rule_amount("2,5", "--min-neet", io::kMaxNeetRule), 2.5);
  for (const char* bad : {"-1", "nan", "inf", "1e12", "x"})
    EXPECT_THROW(io::parse_rule_amount(bad, "--min-neet", io::kMaxNeetRule), Error) << bad;
  EXPECT_EQ(io::parse_service_kinds("france_travail, mission_locale", "--service-kinds").size(), 2u);
  EXPECT_THROW(io::parse_service_kinds("bus", "--service-kinds"), Error);
  EXPECT_THROW(io::parse_service_kinds(",", "--service-kinds"), Error);
  EXPECT_EQ(io::parse_stop_list("02468, Marle;59178\n\n# note\n02468"),
            (std::vector<std::string>{"02468", "Marle", "59178"}));
  EXPECT_EQ(io::parse_stop_list("code,nom\r\n02468,Marle\r\n\"59178\",Douai\n"), (std::vector<std::string>{"02468", "59178"}));
  EXPECT_TRUE(io::parse_stop_list(" , ;\n#x\n").empty());
  io::StopRules bad;
  bad.min_neet = -1;
  EXPECT_THROW(io::check_rules(bad), Error);
  bad.min_neet.reset();
  bad.min_service = coverage::Reach{coverage::ReachMode::Time, -60};
  EXPECT_THROW(io::check_rules(bad), Error);
  bad.min_service.reset();
  bad.max_population = 0;
  EXPECT_THROW(io::check_rules(bad), Error);
}

TEST(StopRules, CommandLineRefusesBadValuesNamingTheOption) {
  const std::string wsq = "'" + real_workspace() + "'";
  struct Case {
    std::string args, expect;
  };
  const std::vector<Case> cases = {
      {"--max-population -5", "--max-population"},
      {"--max-population 99999999", "hors limites"},
      {"--max-population 1e9", "--max-population attend un nombre entier"},
      {"--min-neet -2", "--min-neet"},
      {"--min-uncovered beaucoup", "--min-uncovered attend un nombre"},
      {"--min-service-distance 0km", "--min-service-distance"},
      {"--min-service-distance 10", "portée illisible"},
      {"--service-kinds france_travail", "sans --min-service-distance"},
      {"--min-service-distance 15min --service-kinds bus", "type de service inconnu"},
      {"--exclude Marel", "Marle (02468)"},
      {"--within 3220", "territoire illisible"},
      {"--within zone:0000", "--within"},
      {"--must ''", "liste vide"},
      {"--must 02468 --exclude Marle", "à la fois obligatoire"},
  };
  for (const auto& c : cases) {
    const fs::path dir = temp_dir("stop_rules_bad");
    const auto r = run_maraude("plan " + wsq + " --base 59178 --days 2 --reach 3km --iterations 100 " + c.args + " --out '" +
                               dir.string() + "'");
    EXPECT_NE(r.exit_code, 0) << c.args;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_FALSE(fs::exists(dir / "planning.csv")) << c.args;
    EXPECT_FALSE(fs::exists(dir / "exclus.csv")) << c.args;
  }
  // A file list: one code per line, with a header.
  const fs::path dir = temp_dir("stop_rules_file");
  write_file(dir / "exclus_liste.csv", "code,nom\n02468,Marle\n");
  const auto ok = run_maraude("plan " + wsq + " --base 59178 --days 2 --reach 3km --iterations 100 --date 2026-11-30 --exclude '" +
                              (dir / "exclus_liste.csv").string() + "' --max-population 4999 --out '" + (dir / "out").string() + "'");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto t = io::CsvTable::read((dir / "out" / "exclus.csv").string());
  bool marle = false;
  for (const auto& row : t.rows())
    if (t.get(row, 0) == "02468") marle = t.get(row, t.require("raison")) == "liste d'exclusion";
  EXPECT_TRUE(marle);
  const auto help = run_maraude("plan --help");
  for (const char* o : {"--max-population", "--min-uncovered", "--min-neet", "--min-service-distance", "--exclude", "--must",
                        "bus de l'emploi de l'Oise"})
    EXPECT_NE(help.out.find(o), std::string::npos) << o;
}

}  // namespace

namespace {
// The Monaco fixture with its road network: the service rule measures along the roads.
TEST(StopRules, ServiceTimeOnTheRoadsMatchesRoadTimes) {
  const fs::path dir = temp_dir("stop_rules_monaco");
  const auto imp = run_maraude("import --data '" + data_dir() + "' --manifest '" + source_dir() +
                               "/data/geo/fixtures/monaco/manifest.ini' --out '" + (dir / "ws.gpkg").string() + "'");
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  const Workspace mc = io::load_workspace((dir / "ws.gpkg").string());
  io::PlanRequest r;
  r.base = "99003";
  r.days = 2;
  r.reach = coverage::Reach{coverage::ReachMode::Distance, 100};
  r.iterations = 200;
  r.date = io::Date{2026, 11, 30};
  const io::PlanResult base = io::run_plan(mc, "", r);
  ASSERT_TRUE(base.travel->on_roads()) << base.travel->describe();
  ASSERT_GE(base.input.stops.size(), 2u);
  // Road time from the nearest fixed service to each candidate, computed here pair by pair.
  const coverage::Scenario sc = coverage::default_scenario(mc);
  std::map<std::string, double> t;
  for (const auto& st : base.input.stops) {
    const auto& pl = base.places[static_cast<size_t>(st.place)];
    double best = INFINITY;
    for (const auto& sp : sc.points)
      if (sp.kind != ServiceKind::FranceServicesBus && sp.kind != ServiceKind::MobileStop)
        best = std::min(best, base.travel->time_s(sp.pos, pl.pos));
    t[pl.target] = best;
  }
  std::vector<double> v;
  for (const auto& [k, x] : t) v.push_back(x);
  std::sort(v.begin(), v.end());
  ASSERT_LT(v.front() + 2, v.back()) << "the candidates are all as far from the service";
  const double limit = (v.front() + v.back()) / 2;  // some in, some out, far from any tie
  r.rules.min_service = coverage::Reach{coverage::ReachMode::Time, limit};
  const io::PlanResult res = io::run_plan(mc, "", r);
  std::set<std::string> expect;
  for (const auto& [k, x] : t)
    if (x < limit) expect.insert(k);
  EXPECT_EQ(excluded_targets(res, "service"), expect);
  EXPECT_FALSE(expect.empty());
}
}  // namespace
