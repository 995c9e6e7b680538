// Hand-checkable coverage cases: one square target, one point, known areas.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/coverage/worker.h"
#include "core/error.h"
#include "coverage_synthetic.h"

using namespace maraude;
using namespace maraude::coverage;
using maraude::test::grid_workspace;
using maraude::test::point;
using maraude::test::straight_line;

namespace {
constexpr double kPi = 3.14159265358979323846;
// Area of the regular N-gon inscribed in a circle of radius r.
double ngon_area(double r, int n) { return 0.5 * n * r * r * std::sin(2 * kPi / n); }

struct OneSquare {
  Workspace ws = grid_workspace(1, 10000);  // one 10 km square commune
  std::vector<Target> targets = build_targets(ws, CoverageParams{});
  CoverageEngine engine{&ws, targets, straight_line()};
  void run(std::vector<ServicePoint> pts, Reach r = Reach::km(5)) {
    Scenario s;
    s.name = "t";
    s.default_reach = r;
    s.points = std::move(pts);
    engine.set_scenario(s);
  }
};
}  // namespace

TEST(CoverageEngine, TargetFiguresFromCommune) {
  OneSquare f;
  ASSERT_EQ(f.targets.size(), 1u);
  const Target& t = f.targets[0];
  EXPECT_EQ(t.kind, TargetKind::RuralCommune);
  EXPECT_DOUBLE_EQ(t.area_m2, 1e8);
  EXPECT_DOUBLE_EQ(t.population, 1000);
  EXPECT_DOUBLE_EQ(t.pop_15_29, 300);
  // 300 × 14/15 × 12.8 %
  EXPECT_NEAR(t.neet, 300 * 14.0 / 15.0 * 0.128, 1e-9);
}

TEST(CoverageEngine, PointAtCentreCoversAPolygonOf32Vertices) {
  OneSquare f;
  f.run({point("a", {705000, 7005000})}, Reach::km(4));
  const auto& r = f.engine.results()[0];
  const double covered = ngon_area(4000, 32);  // 49 943 122 m²
  EXPECT_NEAR(1e8 - r.gap_area_m2, covered, 1e-3);
  EXPECT_NEAR(r.covered_share, covered / 1e8, 1e-12);
  EXPECT_NEAR(r.uncovered_pop, 1000 * (1 - covered / 1e8), 1e-6);
  EXPECT_NEAR(r.uncovered_neet, f.targets[0].neet * (1 - covered / 1e8), 1e-9);
  EXPECT_EQ(r.nearest, 0);
  EXPECT_NEAR(r.nearest_m, 0, 1e-9);
  // The gap is the square with a 32-gon hole.
  const MultiPolygon gap = f.engine.gap(0);
  ASSERT_EQ(gap.polys.size(), 1u);
  EXPECT_EQ(gap.polys[0].rings.size(), 2u);
  EXPECT_NEAR(area(gap), 1e8 - covered, 1e-3);
}

TEST(CoverageEngine, PointAtCornerCoversAQuarter) {
  OneSquare f;
  f.run({point("a", {700000, 7000000})});
  EXPECT_NEAR(1e8 - f.engine.results()[0].gap_area_m2, ngon_area(5000, 32) / 4, 1e-3);
  // Nearest: from the anchor (centre), straight line 5000·√2.
  EXPECT_NEAR(f.engine.results()[0].nearest_m, 5000 * std::sqrt(2.0), 1e-6);
}

TEST(CoverageEngine, FarPointCoversNothingAndLargeReachCoversAll) {
  OneSquare f;
  f.run({point("a", {760000, 7005000})});
  EXPECT_DOUBLE_EQ(f.engine.results()[0].covered_share, 0);
  EXPECT_DOUBLE_EQ(f.engine.results()[0].gap_area_m2, 1e8);
  EXPECT_EQ(f.engine.totals().targets_fully_uncovered, 1);
  EXPECT_NEAR(f.engine.results()[0].nearest_m, 55000, 1e-6);
  f.run({point("a", {705000, 7005000})}, Reach::km(8));  // inscribed radius 7846 m > 7071 m half-diagonal
  EXPECT_DOUBLE_EQ(f.engine.results()[0].covered_share, 1);
  EXPECT_DOUBLE_EQ(f.engine.totals().uncovered_neet, 0);
}

TEST(CoverageEngine, CircuityShrinksTheRadius) {
  Workspace ws = grid_workspace(1, 10000);
  CoverageEngine e(&ws, build_targets(ws, {}), std::make_shared<CrowFlyTravel>());  // circuity 1.3
  Scenario s;
  s.default_reach = Reach::km(6.5);
  s.points = {point("a", {705000, 7005000})};
  e.set_scenario(s);
  EXPECT_NEAR(1e8 - e.results()[0].gap_area_m2, ngon_area(5000, 32), 1e-3);
  EXPECT_NEAR(e.results()[0].nearest_m, 0, 1e-9);
}

TEST(CoverageEngine, TimeReachUsesTheTravelModel) {
  Workspace ws = grid_workspace(1, 10000);
  CoverageEngine e(&ws, build_targets(ws, {}), std::make_shared<CrowFlyTravel>());
  Scenario s;
  s.default_reach = Reach::minutes(6);  // unknown density: 50 km/h; 6 min = 5 km road = 3846 m straight
  s.points = {point("a", {705000, 7005000})};
  e.set_scenario(s);
  const double r = 50 / 3.6 * 360 / 1.3;
  EXPECT_NEAR(1e8 - e.results()[0].gap_area_m2, ngon_area(r, 32), ngon_area(r, 32) * 1e-6);
}

TEST(CoverageEngine, TwoOverlappingPointsAreUnioned) {
  OneSquare f;
  // Same place twice: union = one polygon, not twice the area.
  f.run({point("a", {705000, 7005000}), point("b", {705000, 7005000})});
  EXPECT_NEAR(1e8 - f.engine.results()[0].gap_area_m2, ngon_area(5000, 32), 1e-3);
}

TEST(CoverageEngine, TotalsByGroup) {
  Workspace ws = grid_workspace(3, 10000);
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  Scenario s;
  s.default_reach = Reach::km(8);
  s.points = {point("a", {705000, 7005000})};  // covers commune (0,0) entirely
  e.set_scenario(s);
  EXPECT_EQ(e.totals().targets, 9);
  EXPECT_DOUBLE_EQ(e.totals().population, 9000);
  const auto epci = e.group_totals("epci");
  ASSERT_EQ(epci.size(), 3u);
  EXPECT_EQ(epci[0].code, "e0");
  EXPECT_EQ(epci[0].totals.targets, 3);
  EXPECT_LT(epci[0].totals.uncovered_pop, 2000.0);  // row 0: commune 0 covered, neighbours partly
  EXPECT_DOUBLE_EQ(epci[2].totals.uncovered_pop, 3000);
  const auto region = e.group_totals("region");
  ASSERT_EQ(region.size(), 1u);
  EXPECT_DOUBLE_EQ(region[0].totals.uncovered_pop, e.totals().uncovered_pop);
  EXPECT_THROW(e.group_totals("canton"), Error);
}

TEST(CoverageEngine, RankingByUncoveredNeet) {
  Workspace ws = grid_workspace(1, 10000, 700000, 7000000);
  Workspace ws2 = grid_workspace(1, 10000, 740000, 7000000);
  Workspace ws3 = grid_workspace(1, 10000, 780000, 7000000);
  ws2.communes[0].code = "59101"; ws2.communes[0].population = 5000; ws2.communes[0].pop_15_29 = 1500;
  ws3.communes[0].code = "59102"; ws3.communes[0].population = 2000; ws3.communes[0].pop_15_29 = 600;
  ws.communes.push_back(ws2.communes[0]);
  ws.communes.push_back(ws3.communes[0]);
  ws.build_indexes();
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  Scenario s;
  s.default_reach = Reach::km(5);
  s.points = {point("a", {745000, 7005000})};  // partly covers the biggest one
  e.set_scenario(s);
  const auto rank = e.ranking();
  ASSERT_EQ(rank.size(), 3u);
  // 5000 people, 78 % covered → 22 % of 1500·0.119 ≈ 39 NEET; 2000 people uncovered → 71.7; 1000 → 35.8.
  EXPECT_EQ(e.targets()[rank[0].target].code, "59102");
  EXPECT_EQ(e.targets()[rank[1].target].code, "59101");
  EXPECT_EQ(e.targets()[rank[2].target].code, "59000");
  EXPECT_EQ(rank[0].rank, 1);
  EXPECT_NE(rank[0].reason.find("NEET"), std::string::npos);
  EXPECT_NE(rank[0].reason.find("Point a"), std::string::npos);
}

TEST(CoverageEngine, TargetWithoutPopulationIsFlaggedNotZero) {
  Workspace ws = grid_workspace(2, 10000);
  ws.communes[1].population = 0;
  ws.communes[1].pop_15_29 = 0;
  CoverageEngine e(&ws, build_targets(ws, {}), straight_line());
  Scenario s;
  s.points = {point("a", {760000, 7080000})};
  e.set_scenario(s);
  EXPECT_EQ(e.totals().targets_without_population, 1);
  EXPECT_DOUBLE_EQ(e.totals().population, 3000);
  EXPECT_FALSE(e.targets()[1].population_known);
  EXPECT_FALSE(e.targets()[1].flags.empty());
  const auto rank = e.ranking();
  ASSERT_EQ(rank.size(), 4u);
  EXPECT_EQ(rank.back().target, 1u);  // last, flagged
  EXPECT_NE(rank.back().reason.find("population inconnue"), std::string::npos);
}

TEST(CoverageEngine, QpvWithoutPerimeterIsCommuneLevel) {
  Workspace ws = grid_workspace(2, 10000);
  Qpv q;
  q.code = "QN05901M";
  q.name = "Quartier";
  q.communes = {"59000", "59001"};
  q.population = 2000;
  ws.qpvs.push_back(q);
  ws.build_indexes();
  CoverageParams p;
  p.include_rural = false;
  auto targets = build_targets(ws, p);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].kind, TargetKind::QpvCommuneLevel);
  EXPECT_NEAR(targets[0].area_m2, 2e8, 1e-3);  // the two communes, merged
  EXPECT_EQ(targets[0].geom.polys.size(), 1u);
  EXPECT_NEAR(targets[0].pop_15_29, 600, 1e-9);  // 2000 × 30 %
  EXPECT_FALSE(targets[0].flags.empty());
}

TEST(CoverageEngine, BadEditsAreRefused) {
  OneSquare f;
  f.run({point("a", {705000, 7005000})});
  EXPECT_THROW(f.engine.move_point("zz", {0, 0}), Error);
  EXPECT_THROW(f.engine.move_point("a", {NAN, 0}), Error);
  EXPECT_THROW(f.engine.set_point_reach("a", Reach{ReachMode::Distance, 0}), Error);
  EXPECT_THROW(f.engine.set_point_reach("a", Reach::km(150)), Error);
  EXPECT_THROW(f.engine.add_point(point("a", {705000, 7005000})), Error);
  Scenario dup;
  dup.points = {point("a", {1, 1}), point("a", {2, 2})};
  EXPECT_THROW(f.engine.set_scenario(dup), Error);
  // The engine still holds the previous scenario.
  EXPECT_EQ(f.engine.scenario().points.size(), 1u);
}

TEST(CoverageWorker, HandsBackTheSameTotalsAsTheEngine) {
  Workspace ws = grid_workspace(4, 10000);
  auto targets = build_targets(ws, {});
  Scenario s;
  s.default_reach = Reach::km(7);
  s.points = {point("a", {705000, 7005000}), point("b", {725000, 7025000})};
  auto eng = std::make_unique<CoverageEngine>(&ws, targets, straight_line());
  eng->set_scenario(s);
  CoverageWorker w(std::move(eng));
  for (int i = 0; i < 20; ++i) w.request_move("a", {705000.0 + 1000 * i, 7005000.0 + 500 * i});
  w.request_move("zz", {0, 0});  // unknown point: reported in the frame, not a crash
  w.wait_idle();
  auto f = w.take();
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(f->error.empty());
  EXPECT_EQ(f->changed.size(), f->gaps.size());
  EXPECT_FALSE(w.take().has_value());

  CoverageEngine full(&ws, targets, straight_line());
  s.points[0].pos = {705000.0 + 1000 * 19, 7005000.0 + 500 * 19};
  full.set_scenario(s);
  EXPECT_DOUBLE_EQ(f->totals.uncovered_neet, full.totals().uncovered_neet);
  EXPECT_DOUBLE_EQ(f->totals.gap_area_m2, full.totals().gap_area_m2);
}
