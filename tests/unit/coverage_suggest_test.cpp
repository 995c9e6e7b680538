// Greedy suggestion of new sites on toy cases where the optimum is known.
#include <gtest/gtest.h>

#include "core/coverage/engine.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "coverage_synthetic.h"

using namespace maraude;
using namespace maraude::coverage;
using maraude::test::point;
using maraude::test::square;
using maraude::test::straight_line;

namespace {
// Small 2 km square communes far apart, with given 15-29 populations.
Workspace toy(const std::vector<std::pair<Vec2, double>>& places) {
  Workspace ws;
  ws.region.code = "32";
  for (size_t i = 0; i < places.size(); ++i) {
    Commune c;
    c.code = "59" + std::to_string(100 + i);
    c.name = "C" + std::to_string(i);
    c.departement = "59";
    c.population = static_cast<long long>(places[i].second * 4);
    c.pop_15_29 = places[i].second;
    c.in_rural_basin = true;
    c.geom = square(places[i].first.x - 1000, places[i].first.y - 1000, 2000);
    c.anchor = places[i].first;
    ws.communes.push_back(c);
  }
  ws.build_indexes();
  return ws;
}
}  // namespace

TEST(CoverageSuggest, PicksTheTwoHeaviestIsolatedPlaces) {
  // Four isolated places, weights 100, 400, 200, 300; reach 5 km covers one place at a time.
  Workspace ws = toy({{{700000, 7000000}, 100}, {{750000, 7000000}, 400}, {{800000, 7000000}, 200},
                      {{850000, 7000000}, 300}});
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  Scenario s;
  s.default_reach = Reach::km(5);
  s.points = {point("far", {700000, 7100000})};
  e.set_scenario(s);
  auto sug = e.suggest(2, commune_candidates(ws), 250);
  ASSERT_EQ(sug.sites.size(), 2u);
  EXPECT_EQ(sug.sites[0].commune, "59101");
  EXPECT_EQ(sug.sites[1].commune, "59103");
  const double neet_per_1529 = 14.0 / 15.0 * 0.128;
  EXPECT_NEAR(sug.greedy_gain_neet, 700 * neet_per_1529, 1e-6);
  EXPECT_NEAR(sug.sites[0].gain_neet, 400 * neet_per_1529, 1e-6);
  EXPECT_NEAR(sug.after_uncovered_neet, 300 * neet_per_1529, 1e-6);
  // The grid objective equals the exact one here (whole squares covered), and the bound is tight.
  EXPECT_NEAR(sug.grid_gain_neet, 700 * neet_per_1529, 1e-6);
  EXPECT_NEAR(sug.upper_bound_gain_neet, 700 * neet_per_1529, 1e-6);
  EXPECT_NE(sug.method.find("1 − 1/e"), std::string::npos);
}

TEST(CoverageSuggest, PrefersASiteBetweenTwoPlacesOverTheSingleHeaviest) {
  // A (300) and B (300) 8 km apart, C (500) alone. k = 1: a site at the midpoint of A-B
  // (reach 5 km covers both squares) gains 600 > 500. Candidates: the three anchors + the midpoint.
  Workspace ws = toy({{{700000, 7000000}, 300}, {{708000, 7000000}, 300}, {{800000, 7000000}, 500}});
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  Scenario s;
  s.default_reach = Reach::km(5.5);
  e.set_scenario(s);  // no existing point
  auto cands = commune_candidates(ws);
  cands.push_back({{704000, 7000000}, "milieu A-B", ""});
  auto sug = e.suggest(1, cands, 250);
  ASSERT_EQ(sug.sites.size(), 1u);
  EXPECT_EQ(sug.sites[0].label, "milieu A-B");
  EXPECT_NEAR(sug.greedy_gain_neet, 600 * 14.0 / 15.0 * 0.128, 1e-6);
  // k = 2: midpoint then C, everything covered.
  auto sug2 = e.suggest(2, cands, 250);
  EXPECT_NEAR(sug2.after_uncovered_neet, 0, 1e-9);
}

TEST(CoverageSuggest, ExistingSitesAreFixed) {
  Workspace ws = toy({{{700000, 7000000}, 300}, {{800000, 7000000}, 100}});
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  Scenario s;
  s.default_reach = Reach::km(5);
  s.points = {point("there", {700000, 7000000})};  // already covers the heavy one
  e.set_scenario(s);
  auto sug = e.suggest(1, commune_candidates(ws), 250);
  ASSERT_EQ(sug.sites.size(), 1u);
  EXPECT_EQ(sug.sites[0].commune, "59101");
}

TEST(CoverageSuggest, BadRequestsAreRefused) {
  Workspace ws = toy({{{700000, 7000000}, 300}});
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  e.set_scenario(Scenario{});
  EXPECT_THROW(e.suggest(0, commune_candidates(ws)), Error);
  EXPECT_THROW(e.suggest(1, {}), Error);
}

TEST(CoverageSuggest, AnAbsurdCandidateIsIgnoredAndTheScanEnds) {
  // Candidates at x = 1e20 and beyond: x + 10 km == x in double, so the grid scan of its reach never
  // ended. It covers nothing; the sound candidates are still chosen.
  Workspace ws = toy({{{700000, 7000000}, 300}, {{800000, 7000000}, 500}});
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  Scenario s;
  s.default_reach = Reach::km(5);
  e.set_scenario(s);
  auto cands = commune_candidates(ws);
  for (double x : {1e20, 3.3e20, 7.7e21, 1.2345e25, 1e300})
    cands.insert(cands.begin(), {{x, 7000000 + x / 1e15}, "au loin", ""});
  auto sug = e.suggest(2, cands, 250);
  ASSERT_EQ(sug.sites.size(), 2u);
  for (const auto& site : sug.sites) EXPECT_NE(site.label, "au loin");
  EXPECT_NEAR(sug.after_uncovered_neet, 0, 1e-9);
}
