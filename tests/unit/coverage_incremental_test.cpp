// Incremental updates must give exactly the results of a full recompute.
#include <gtest/gtest.h>

#include <random>

#include "core/coverage/engine.h"
#include "core/coverage/targets.h"
#include "coverage_synthetic.h"

using namespace maraude;
using namespace maraude::coverage;
using maraude::test::grid_workspace;
using maraude::test::point;

namespace {
void expect_same(const CoverageEngine& inc, const CoverageEngine& full, int step) {
  ASSERT_EQ(inc.results().size(), full.results().size());
  for (size_t t = 0; t < inc.results().size(); ++t) {
    EXPECT_TRUE(inc.results()[t] == full.results()[t]) << "target " << t << " differs at step " << step;
  }
  EXPECT_EQ(inc.totals().uncovered_neet, full.totals().uncovered_neet) << "step " << step;
  EXPECT_EQ(inc.totals().gap_area_m2, full.totals().gap_area_m2) << "step " << step;
}

Scenario random_scenario(std::mt19937& rng, int n, Reach reach) {
  std::uniform_real_distribution<double> x(700000, 780000), y(7000000, 7080000);
  Scenario s;
  s.name = "random";
  s.default_reach = reach;
  for (int i = 0; i < n; ++i) s.points.push_back(point("p" + std::to_string(i), {x(rng), y(rng)}));
  s.points[3].reach = Reach::km(3);  // one point with its own reach
  return s;
}

void drag_and_compare(std::shared_ptr<const TravelModel> travel, Reach reach) {
  Workspace ws = grid_workspace(8, 10000);  // 64 communes, 80 km square
  // Make targets unequal: populations vary.
  for (size_t i = 0; i < ws.communes.size(); ++i) ws.communes[i].population = 500 + 37 * static_cast<long long>(i);
  auto targets = build_targets(ws, {});
  std::mt19937 rng(42);
  Scenario s = random_scenario(rng, 12, reach);
  CoverageEngine inc(&ws, targets, travel);
  inc.set_scenario(s);
  // Drag point p0 along a 100-step path crossing the grid, with p3 following sometimes.
  for (int step = 0; step < 100; ++step) {
    const Vec2 pos{700500.0 + 790.0 * step, 7000500.0 + 400.0 * step + 3000 * std::sin(step / 7.0)};
    auto u = inc.move_point("p0", pos);
    s.points[0].pos = pos;
    if (step % 10 == 5) {
      const Vec2 p3{779000.0 - 700.0 * step, 7040000.0};
      inc.move_point("p3", p3);
      s.points[3].pos = p3;
    }
    if (step % 25 == 12) {
      inc.set_point_reach("p5", Reach::km(2 + step / 10.0));
      for (auto& p : s.points)
        if (p.id == "p5") p.reach = Reach::km(2 + step / 10.0);
    }
    CoverageEngine full(&ws, targets, travel);
    full.set_scenario(s);
    expect_same(inc, full, step);
    if (::testing::Test::HasFailure()) return;
  }
  // Adding a point incrementally = full with it.
  inc.add_point(point("new", {740000, 7040000}));
  s.points.push_back(point("new", {740000, 7040000}));
  CoverageEngine full(&ws, targets, travel);
  full.set_scenario(s);
  expect_same(inc, full, 100);
}
}  // namespace

TEST(CoverageIncremental, DragEqualsFullRecomputeDistance) {
  CrowFlyParams p;
  drag_and_compare(std::make_shared<CrowFlyTravel>(p), Reach::km(12));
}

TEST(CoverageIncremental, DragEqualsFullRecomputeTimeWithDensity) {
  // Density varies east-west: speeds differ, so time reach areas are not circles.
  auto density = [](Vec2 p) { return p.x < 740000 ? 1 : 6; };
  drag_and_compare(std::make_shared<CrowFlyTravel>(CrowFlyParams{}, density), Reach::minutes(12));
}

TEST(CoverageIncremental, MoveReportsOnlyTouchedTargets) {
  Workspace ws = grid_workspace(8, 10000);
  auto targets = build_targets(ws, {});
  CoverageEngine e(&ws, targets, maraude::test::straight_line());
  Scenario s;
  s.default_reach = Reach::km(4);
  s.points = {point("a", {705000, 7005000})};
  e.set_scenario(s);
  auto u = e.move_point("a", {705100, 7005000});
  // Reach box 8 km wide inside the first commune (plus the touching ones at most): few targets.
  EXPECT_LE(u.changed.size(), 4u);
  EXPECT_GE(u.changed.size(), 1u);
  EXPECT_EQ(u.totals.uncovered_neet, e.totals().uncovered_neet);
}
