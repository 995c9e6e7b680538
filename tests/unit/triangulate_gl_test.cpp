// Ear-clipping triangulator (render/triangulate): pure CPU, no GL despite the _gl suffix
// (the suffix only says it links maraude_render, built with MARAUDE_GUI).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "render/camera.h"
#include "render/triangulate.h"

using namespace maraude;
using namespace maraude::render;

namespace {
double tri_area(const std::vector<Vec2>& v, const std::vector<uint32_t>& idx) {
  double a = 0;
  for (size_t i = 0; i + 2 < idx.size(); i += 3) {
    const Vec2 p = v[idx[i]], q = v[idx[i + 1]], r = v[idx[i + 2]];
    a += std::abs((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)) / 2;
  }
  return a;
}
Ring circle(Vec2 c, double r, int n, bool ccw = true, double noise = 0, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(1 - noise, 1 + noise);
  Ring ring;
  for (int i = 0; i < n; ++i) {
    const double a = (ccw ? 1 : -1) * 2 * M_PI * i / n;
    const double rr = r * (noise > 0 ? u(rng) : 1);
    ring.push_back({c.x + rr * std::cos(a), c.y + rr * std::sin(a)});
  }
  return ring;
}
void expect_cover(const Polygon& p, double tol_rel = 1e-9) {
  std::vector<Vec2> v;
  std::vector<uint32_t> idx;
  TriangulateStats st;
  triangulate(p, v, idx, &st);
  ASSERT_EQ(idx.size() % 3, 0u);
  for (uint32_t i : idx) ASSERT_LT(i, v.size());
  EXPECT_NEAR(tri_area(v, idx), area(p), area(p) * tol_rel + 1e-9);
  EXPECT_EQ(st.fallbacks, 0u);
}
}  // namespace

TEST(Triangulate, Square) {
  Polygon p{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}};
  std::vector<Vec2> v;
  std::vector<uint32_t> idx;
  triangulate(p, v, idx);
  EXPECT_EQ(idx.size(), 6u);
  EXPECT_DOUBLE_EQ(tri_area(v, idx), 100);
}

TEST(Triangulate, ClockwiseExteriorIsReoriented) {
  Polygon p{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}}};
  expect_cover(p);
}

TEST(Triangulate, ConcaveComb) {
  Ring r{{0, 0}, {10, 0}, {10, 10}, {8, 10}, {8, 2}, {6, 2}, {6, 10}, {4, 10}, {4, 2}, {2, 2}, {2, 10}, {0, 10}};
  expect_cover(Polygon{{r}});
}

TEST(Triangulate, SquareWithHole) {
  Polygon p{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{3, 3}, {3, 7}, {7, 7}, {7, 3}}}};
  expect_cover(p);
  EXPECT_DOUBLE_EQ(area(p), 84);
}

TEST(Triangulate, ManyHolesAnyOrientation) {
  Polygon p;
  p.rings.push_back(circle({0, 0}, 100, 200));
  for (int i = 0; i < 6; ++i) p.rings.push_back(circle({-60.0 + 24 * i, (i % 2) * 20.0 - 10}, 8, 24, i % 2 == 0));
  expect_cover(p, 1e-9);
}

TEST(Triangulate, HoleTouchingRayAtVertex) {
  // The bridge ray from the hole's rightmost vertex hits an exterior vertex exactly.
  Polygon p{{{{0, 0}, {10, 0}, {10, 4}, {12, 5}, {10, 6}, {10, 10}, {0, 10}}, {{4, 4}, {4, 6}, {6, 5}}}};
  expect_cover(p);
}

TEST(Triangulate, CollinearAndRepeatedVertices) {
  Ring r{{0, 0}, {5, 0}, {5, 0}, {10, 0}, {10, 5}, {10, 10}, {5, 10}, {0, 10}, {0, 5}, {0, 0}};
  std::vector<Vec2> v;
  std::vector<uint32_t> idx;
  triangulate(Polygon{{r}}, v, idx);
  EXPECT_NEAR(tri_area(v, idx), 100, 1e-9);
}

TEST(Triangulate, NoisyStarsCoverTheirArea) {
  for (unsigned seed = 1; seed <= 30; ++seed) {
    Polygon p{{circle({1000, 2000}, 500, 60 + seed * 7, true, 0.45, seed)}};
    expect_cover(p, 1e-7);
  }
}

TEST(Triangulate, LambertMagnitudesStayExact) {
  // Lambert-93 values (~7e6 m) with a hole: the cover must still equal the area.
  Polygon p{{circle({700000, 7050000}, 3000, 300, true, 0.2, 7), circle({700200, 7050100}, 800, 50, false)}};
  expect_cover(p, 1e-7);
}

TEST(Triangulate, DegenerateInputTerminates) {
  // A bow-tie (self-crossing) ring: no valid triangulation exists; it must still end.
  Ring r{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
  std::vector<Vec2> v;
  std::vector<uint32_t> idx;
  TriangulateStats st;
  triangulate(Polygon{{r}}, v, idx, &st);
  EXPECT_EQ(idx.size() % 3, 0u);
  Ring tiny{{0, 0}, {1, 1}};
  triangulate(Polygon{{tiny}}, v, idx, &st);  // fewer than 3 vertices: nothing
  SUCCEED();
}

TEST(Triangulate, LargeRingIsFastEnoughToFinish) {
  Polygon p{{circle({0, 0}, 1e4, 20000, true, 0.05, 3)}};
  expect_cover(p, 1e-7);
}

TEST(Camera, ZoomKeepsThePointUnderTheCursor) {
  Camera c;
  c.width = 800;
  c.height = 600;
  c.center = {700000, 7000000};
  c.mpp = 100;
  const Vec2 before = c.screen_to_world(123, 456);
  c.zoom_at(2.0, 123, 456);
  const Vec2 after = c.screen_to_world(123, 456);
  EXPECT_NEAR(before.x, after.x, 1e-6);
  EXPECT_NEAR(before.y, after.y, 1e-6);
  EXPECT_DOUBLE_EQ(c.mpp, 50);
  const Vec2 s = c.world_to_screen(before);
  EXPECT_NEAR(s.x, 123, 1e-9);
  EXPECT_NEAR(s.y, 456, 1e-9);
}

TEST(Camera, FitFramesTheBox) {
  Camera c;
  c.width = 1000;
  c.height = 500;
  BBox b{600000, 6800000, 800000, 7100000};
  c.fit(b, 20);
  const BBox v = c.visible();
  EXPECT_LE(v.minx, b.minx);
  EXPECT_LE(v.miny, b.miny);
  EXPECT_GE(v.maxx, b.maxx);
  EXPECT_GE(v.maxy, b.maxy);
}
