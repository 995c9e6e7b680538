// Road network core: graph building, profiles, snapping, shortest paths, reach areas.
// Every graph here is synthetic, built from RawWay exactly as the OSM importer hands them
// over; the reference figures come from independent brute-force computations.
#include <gdal_priv.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <algorithm>
#include <random>

#include "core/coverage/geos_util.h"
#include "core/error.h"
#include "core/projection.h"
#include "core/roads/graph.h"
#include "core/roads/profiles.h"
#include "core/roads/reach_area.h"
#include "core/roads/router.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::roads;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Ways are given by node ids; positions come from one table.
struct Net {
  std::map<int64_t, Vec2> pos;
  std::vector<RawWay> ways;
  // fwd/bwd per profile are the same here; speed in km/h.
  RawWay& add(std::vector<int64_t> ids, bool fwd = true, bool bwd = true, double kmh = 36,
              RoadClass cls = RoadClass::Residential, bool foot = true) {
    RawWay w;
    w.osm_id = static_cast<int64_t>(ways.size()) + 1;
    w.node_ids = ids;
    for (int64_t id : ids) w.pts.push_back(pos.at(id));
    w.cls = cls;
    w.access[0] = {fwd, bwd, kmh};
    if (foot) w.access[1] = {true, true, 4.5};
    ways.push_back(w);
    return ways.back();
  }
};

TagFn tags_of(const std::map<std::string, std::string>& m) {
  return [m](const char* k) -> const char* {
    auto it = m.find(k);
    return it == m.end() ? nullptr : it->second.c_str();
  };
}

double dist_to_lines(Vec2 p, const std::vector<std::vector<Vec2>>& lines) {
  double best = kInf;
  for (const auto& l : lines)
    for (size_t k = 0; k + 1 < l.size(); ++k) {
      const Vec2 d = l[k + 1] - l[k];
      const double l2 = d.x * d.x + d.y * d.y;
      double u = l2 > 0 ? ((p.x - l[k].x) * d.x + (p.y - l[k].y) * d.y) / l2 : 0;
      u = std::clamp(u, 0.0, 1.0);
      best = std::min(best, dist(p, l[k] + d * u));
    }
  return best;
}
double polyline_length(const std::vector<Vec2>& l) {
  double s = 0;
  for (size_t i = 1; i < l.size(); ++i) s += dist(l[i - 1], l[i]);
  return s;
}

// A square grid of two-way streets, `n`×`n` junctions `step` metres apart, ids 1..n².
// `piece` > 0: streets cut into ways of that many junctions, handed over in a shuffled
// order (as OSM ways come, by id rather than by place).
Net grid(int n, double step, double kmh = 36, int piece = 0) {
  Net net;
  auto id = [n](int x, int y) { return static_cast<int64_t>(y) * n + x + 1; };
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) net.pos[id(x, y)] = {x * step, y * step};
  const int len = piece > 1 ? piece : n;
  for (int y = 0; y < n; ++y)
    for (int x0 = 0; x0 + 1 < n; x0 += len - 1) {
      std::vector<int64_t> row, col;
      for (int x = x0; x < std::min(n, x0 + len); ++x) {
        row.push_back(id(x, y));
        col.push_back(id(y, x));
      }
      net.add(row, true, true, kmh);
      net.add(col, true, true, kmh);
    }
  if (piece > 0) std::shuffle(net.ways.begin(), net.ways.end(), std::mt19937(99));
  return net;
}

}  // namespace

// ---- graph building ------------------------------------------------------------------------

TEST(RoadsGraph, JunctionsSegmentsAndEdges) {
  Net net;
  net.pos = {{1, {0, 0}},       {2, {100, 0}},    {3, {200, 0}},    {4, {300, 0}},     {5, {200, -100}},
             {6, {200, 100}},   {10, {0, 500}},   {11, {100, 500}}, {12, {100, 600}},  {13, {0, 600}},
             {20, {1000, 0}},   {21, {1000, 0}},  {22, {1100, 0}},  {23, {1000, 100}}, {30, {100, -50}}};
  net.add({1, 2, 3, 4});              // crossed at 3
  net.add({5, 3, 6});                 //
  net.add({10, 11, 12, 13, 11});      // lollipop: 11 appears twice
  net.add({20, 21, 22});              // 20 and 21 are two OSM nodes at one spot
  net.add({21, 23});
  net.add({2, 30}, false, false, 0, RoadClass::Footway, true);  // walkers only: 2 is a junction on foot

  BuildStats st;
  const Graph car = build_graph(net.ways, Profile::Car, &st);
  // Junctions: 1,3,4,5,6 | 10,11 | 20≡21,22,23.
  EXPECT_EQ(car.n_nodes(), 10u);
  EXPECT_EQ(car.segs.size(), 8u);
  EXPECT_EQ(car.n_edges(), 16u);
  EXPECT_EQ(st.ways_read, 6u);
  EXPECT_EQ(st.ways_routable, 5u);
  EXPECT_EQ(st.segments, 8u);
  // The first segment keeps its shape point (1 → 2 → 3).
  EXPECT_EQ(car.segs[0].n_pts, 3u);
  EXPECT_NEAR(car.segs[0].length_m, 200, 1e-3);
  EXPECT_NEAR(car.out[car.first_out[car.segs[0].a]].time_s, 20, 1e-3);  // 200 m at 36 km/h
  // The loop 11 → 12 → 13 → 11 is one segment starting and ending at the same node.
  bool loop = false;
  for (const Segment& s : car.segs) loop |= (s.a == s.b && s.n_pts == 4);
  EXPECT_TRUE(loop);
  // Reverse adjacency mirrors the forward one.
  ASSERT_EQ(car.in.size(), car.out.size());
  for (uint32_t u = 0; u < car.n_nodes(); ++u)
    for (uint32_t k = car.first_out[u]; k < car.first_out[u + 1]; ++k) {
      const Edge& e = car.out[k];
      bool found = false;
      for (uint32_t j = car.first_in[e.to]; j < car.first_in[e.to + 1]; ++j)
        found |= car.in[j].to == u && car.in[j].seg == e.seg && car.in[j].reversed == e.reversed;
      EXPECT_TRUE(found);
    }
  uint32_t nc = 0;
  components(car, &nc);
  EXPECT_EQ(nc, 3u);

  const Graph foot = build_graph(net.ways, Profile::Foot);
  EXPECT_EQ(foot.n_nodes(), 12u);  // + 2 and 30
  EXPECT_EQ(foot.segs.size(), 10u);

  // A 5×5 grid: every crossing is a junction, one segment per block side, two edges each,
  // whether the streets come as whole lines or as shuffled pieces.
  for (int piece : {0, 3}) {
    const Graph gg = build_graph(grid(5, 100, 36, piece).ways, Profile::Car);
    EXPECT_EQ(gg.n_nodes(), 25u);
    EXPECT_EQ(gg.segs.size(), 40u);
    EXPECT_EQ(gg.n_edges(), 80u);
  }

  // Deterministic: the same input gives the same graph.
  const Graph again = build_graph(net.ways, Profile::Car);
  ASSERT_EQ(again.n_edges(), car.n_edges());
  for (size_t k = 0; k < car.n_edges(); ++k) {
    EXPECT_EQ(again.out[k].to, car.out[k].to);
    EXPECT_EQ(again.out[k].seg, car.out[k].seg);
  }
}

TEST(RoadsGraph, OneWayGivesOneEdgeAndExtentCoversShapes) {
  Net net;
  net.pos = {{1, {0, 0}}, {2, {50, 80}}, {3, {100, 0}}};
  net.add({1, 2, 3}, true, false);
  net.add({3, 1}, false, true);  // drawn 3→1, open only 1→3
  const Graph g = build_graph(net.ways, Profile::Car);
  EXPECT_EQ(g.n_nodes(), 2u);
  EXPECT_EQ(g.n_edges(), 2u);
  EXPECT_FALSE(g.out[g.first_out[0]].reversed);
  EXPECT_EQ(g.first_out[1] - g.first_out[0], 2u);  // both edges leave node 1
  EXPECT_TRUE(g.out[g.first_out[0] + 1].reversed);
  const BBox b = g.extent();
  EXPECT_DOUBLE_EQ(b.maxy, 80);
}

// ---- profiles --------------------------------------------------------------------------------

TEST(RoadsProfiles, WayAccessRules) {
  const ProfileTable t = ProfileTable::defaults();
  RoadClass cls;
  ASSERT_TRUE(way_class(tags_of({{"highway", "residential"}}), cls));
  EXPECT_EQ(cls, RoadClass::Residential);
  EXPECT_FALSE(way_class(tags_of({{"highway", "bus_guideway"}}), cls));
  EXPECT_FALSE(way_class(tags_of({{"name", "x"}}), cls));

  auto car = [&](RoadClass c, std::map<std::string, std::string> m, bool rural = false) {
    return way_access(t, Profile::Car, c, tags_of(m), rural);
  };
  auto foot = [&](RoadClass c, std::map<std::string, std::string> m) {
    return way_access(t, Profile::Foot, c, tags_of(m), false);
  };
  WayAccess a = car(RoadClass::Residential, {});
  EXPECT_TRUE(a.forward && a.backward);
  EXPECT_DOUBLE_EQ(a.speed_kmh, t.car_urban_kmh[int(RoadClass::Residential)]);
  EXPECT_DOUBLE_EQ(car(RoadClass::Residential, {}, true).speed_kmh, t.car_rural_kmh[int(RoadClass::Residential)]);
  // access=private closes, unless motor_vehicle says yes.
  a = car(RoadClass::Service, {{"access", "private"}});
  EXPECT_FALSE(a.forward || a.backward);
  a = car(RoadClass::Service, {{"access", "private"}, {"motor_vehicle", "yes"}});
  EXPECT_TRUE(a.forward && a.backward);
  a = car(RoadClass::Service, {{"access", "no"}, {"motorcar", "destination"}});
  EXPECT_TRUE(a.forward);
  a = car(RoadClass::Residential, {{"motor_vehicle", "no"}});
  EXPECT_FALSE(a.forward || a.backward);
  // oneway.
  a = car(RoadClass::Residential, {{"oneway", "yes"}});
  EXPECT_TRUE(a.forward && !a.backward);
  a = car(RoadClass::Residential, {{"oneway", "-1"}});
  EXPECT_TRUE(!a.forward && a.backward);
  a = car(RoadClass::Tertiary, {{"junction", "roundabout"}});
  EXPECT_TRUE(a.forward && !a.backward);
  a = car(RoadClass::Tertiary, {{"junction", "roundabout"}, {"oneway", "no"}});
  EXPECT_TRUE(a.forward && a.backward);
  a = car(RoadClass::Motorway, {});
  EXPECT_TRUE(a.forward && !a.backward);
  a = car(RoadClass::MotorwayLink, {});
  EXPECT_TRUE(a.forward && !a.backward);
  // Classes cars may not use.
  EXPECT_FALSE(car(RoadClass::Footway, {}).forward);
  EXPECT_FALSE(car(RoadClass::Track, {}).forward);
  // maxspeed × factor, else the class speed.
  EXPECT_NEAR(car(RoadClass::Primary, {{"maxspeed", "50"}}).speed_kmh, 50 * t.maxspeed_factor, 1e-9);
  EXPECT_NEAR(car(RoadClass::Primary, {{"maxspeed", "FR:urban"}}).speed_kmh, 50 * t.maxspeed_factor, 1e-9);
  EXPECT_NEAR(car(RoadClass::Primary, {{"maxspeed", "30 mph"}}).speed_kmh, 30 * 1.609344 * t.maxspeed_factor, 1e-9);
  EXPECT_DOUBLE_EQ(car(RoadClass::Primary, {{"maxspeed", "vite"}}).speed_kmh, t.car_urban_kmh[int(RoadClass::Primary)]);
  EXPECT_DOUBLE_EQ(parse_maxspeed_kmh("50 km/h"), 50);
  EXPECT_DOUBLE_EQ(parse_maxspeed_kmh("FR:rural"), 80);
  EXPECT_DOUBLE_EQ(parse_maxspeed_kmh("FR:zone30"), 30);
  EXPECT_DOUBLE_EQ(parse_maxspeed_kmh("none"), 0);
  EXPECT_DOUBLE_EQ(parse_maxspeed_kmh("-5"), 0);
  EXPECT_DOUBLE_EQ(parse_maxspeed_kmh("50 furlongs"), 0);
  EXPECT_DOUBLE_EQ(parse_maxspeed_kmh(nullptr), 0);

  // Foot: both ways whatever oneway says; foot=no closes; access=no closes unless foot=yes.
  a = foot(RoadClass::Residential, {{"oneway", "yes"}});
  EXPECT_TRUE(a.forward && a.backward);
  EXPECT_DOUBLE_EQ(a.speed_kmh, t.foot_speed_kmh);
  EXPECT_FALSE(foot(RoadClass::Footway, {{"foot", "no"}}).forward);
  EXPECT_FALSE(foot(RoadClass::Path, {{"access", "no"}}).forward);
  EXPECT_TRUE(foot(RoadClass::Path, {{"access", "no"}, {"foot", "designated"}}).forward);
  EXPECT_TRUE(foot(RoadClass::Steps, {}).forward);
  EXPECT_TRUE(foot(RoadClass::Track, {}).forward);
  EXPECT_TRUE(foot(RoadClass::Primary, {}).forward);
  EXPECT_FALSE(foot(RoadClass::Motorway, {}).forward);
  EXPECT_FALSE(foot(RoadClass::Trunk, {}).forward);
  EXPECT_FALSE(foot(RoadClass::TrunkLink, {}).forward);
  EXPECT_FALSE(foot(RoadClass::Cycleway, {}).forward);
  EXPECT_TRUE(foot(RoadClass::Cycleway, {{"foot", "designated"}}).forward);
}

TEST(RoadsProfiles, ParseRoundTripAndErrors) {
  const ProfileTable d = ProfileTable::defaults();
  const ProfileTable back = ProfileTable::parse(d.to_text(), "mémoire");
  EXPECT_EQ(back.car_urban_kmh, d.car_urban_kmh);
  EXPECT_EQ(back.car_rural_kmh, d.car_rural_kmh);
  EXPECT_EQ(back.foot_kmh, d.foot_kmh);
  EXPECT_EQ(back.to_text(), d.to_text());

  // Values with more digits than a short print keeps come back identical (a fuzzer's find).
  const ProfileTable odd =
      ProfileTable::parse("foot_speed_kmh = 4.56789012345678\nresidential = 20.123456789012345 1e-300 oui\n"
                          "maxspeed_factor = 0.1\n", "p.ini");
  const ProfileTable odd_back = ProfileTable::parse(odd.to_text(), "mémoire");
  EXPECT_EQ(odd_back.car_urban_kmh, odd.car_urban_kmh);
  EXPECT_EQ(odd_back.car_rural_kmh, odd.car_rural_kmh);
  EXPECT_EQ(odd_back.foot_kmh, odd.foot_kmh);
  EXPECT_EQ(odd_back.maxspeed_factor, odd.maxspeed_factor);
  EXPECT_NE(odd.to_text().find("maxspeed_factor = 0.1\n"), std::string::npos) << odd.to_text();

  // The shipped file holds the built-in values.
  const ProfileTable file = ProfileTable::load(test::source_dir() + "/data/geo/road_profiles.ini");
  EXPECT_EQ(file.car_urban_kmh, d.car_urban_kmh);
  EXPECT_EQ(file.car_rural_kmh, d.car_rural_kmh);
  EXPECT_EQ(file.foot_kmh, d.foot_kmh);
  EXPECT_DOUBLE_EQ(file.max_snap_m, d.max_snap_m);
  EXPECT_DOUBLE_EQ(file.reach_buffer_m, d.reach_buffer_m);
  EXPECT_DOUBLE_EQ(file.maxspeed_factor, d.maxspeed_factor);

  const ProfileTable t = ProfileTable::parse("# test\nfoot_speed_kmh = 5\nresidential = 25 40 non\ncycleway = 0 0 oui\n", "p.ini");
  EXPECT_DOUBLE_EQ(t.car_urban_kmh[int(RoadClass::Residential)], 25);
  EXPECT_DOUBLE_EQ(t.car_rural_kmh[int(RoadClass::Residential)], 40);
  EXPECT_DOUBLE_EQ(t.foot_kmh[int(RoadClass::Residential)], 0);
  EXPECT_DOUBLE_EQ(t.foot_kmh[int(RoadClass::Cycleway)], 5);
  EXPECT_DOUBLE_EQ(t.foot_kmh[int(RoadClass::Footway)], 5);  // unchanged class, new walking speed

  auto error_of = [](const std::string& text) -> std::string {
    try {
      ProfileTable::parse(text, "profils.ini");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput);
      return e.format();
    }
    return "no error";
  };
  std::string e = error_of("foot_speed_kmh = 4\n\nboulevard = 30 50 oui\n");
  EXPECT_NE(e.find("profils.ini:3"), std::string::npos) << e;
  EXPECT_NE(e.find("boulevard"), std::string::npos) << e;
  e = error_of("max_snap_m = loin\n");
  EXPECT_NE(e.find("profils.ini:1"), std::string::npos) << e;
  e = error_of("# c\nresidential = 20 30\n");
  EXPECT_NE(e.find("profils.ini:2"), std::string::npos) << e;
  e = error_of("residential = 20 30 peut-être\n");
  EXPECT_NE(e.find("profils.ini:1"), std::string::npos) << e;
  e = error_of("juste du texte\n");
  EXPECT_NE(e.find("profils.ini:1"), std::string::npos) << e;
  EXPECT_THROW(ProfileTable::load("/nonexistent/profils.ini"), Error);
  EXPECT_EQ(parse_profile("voiture"), Profile::Car);
  EXPECT_EQ(parse_profile("pied"), Profile::Foot);
  EXPECT_THROW(parse_profile("vélo"), Error);
}

// ---- snapping --------------------------------------------------------------------------------

TEST(RoadsRouter, SnapNearestAndTooFar) {
  Net net;
  net.pos = {{1, {0, 0}}, {2, {1000, 0}}, {3, {1000, 1000}}};
  net.add({1, 2, 3});
  const Graph g = build_graph(net.ways, Profile::Car);
  SegmentIndex idx(g, 100);
  Snap s = idx.snap({400, 30}, 1000);
  ASSERT_TRUE(s.ok);
  EXPECT_NEAR(s.t, 400, 1e-9);
  EXPECT_NEAR(s.off_m, 30, 1e-9);
  EXPECT_NEAR(s.at.x, 400, 1e-9);
  s = idx.snap({1100, 600}, 1000);  // nearest the second piece
  ASSERT_TRUE(s.ok);
  EXPECT_NEAR(s.t, 1600, 1e-6);
  EXPECT_NEAR(s.off_m, 100, 1e-9);
  s = idx.snap({-2000, 0}, 1000);  // far outside the grid
  EXPECT_FALSE(s.ok);
  EXPECT_NEAR(s.off_m, 2000, 1e-9);
  s = idx.snap({500, -1500}, 1000);
  EXPECT_FALSE(s.ok);
  EXPECT_NEAR(s.off_m, 1500, 1e-9);

  const Graph empty = build_graph({}, Profile::Car);
  SegmentIndex none(empty);
  s = none.snap({0, 0}, 1000);
  EXPECT_FALSE(s.ok);
  EXPECT_TRUE(std::isinf(s.off_m));

  // Unreachable points give +inf in the matrix, never 0.
  Router r(g, 4.5, 1000);
  std::vector<double> sec, m;
  r.matrix({{400, 30}, {500, 5000}}, {{500, 5000}, {900, 10}}, Metric::Time, sec, m);
  ASSERT_EQ(sec.size(), 4u);
  EXPECT_TRUE(std::isinf(sec[0]) && std::isinf(m[0]));
  EXPECT_TRUE(std::isfinite(sec[1]));
  EXPECT_NEAR(m[1], 30 + 500 + 10, 1e-3);
  EXPECT_NEAR(sec[1], 500 / 10.0 + 40 / (4.5 / 3.6), 1e-3);
  EXPECT_TRUE(std::isinf(sec[2]) && std::isinf(sec[3]));
}

TEST(RoadsRouter, SnapEqualsBruteForce) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> U(0, 1);
  Net net;
  for (int i = 0; i < 300; ++i) net.pos[i + 1] = {U(rng) * 5000, U(rng) * 3000};
  for (int i = 0; i < 120; ++i) net.add({1 + (i * 7) % 300, 1 + (i * 13 + 5) % 300, 1 + (i * 31 + 11) % 300});
  const Graph g = build_graph(net.ways, Profile::Car);
  for (double cell : {37.0, 500.0, 4000.0}) {
    SegmentIndex idx(g, cell);
    for (int k = 0; k < 300; ++k) {
      const Vec2 p{U(rng) * 9000 - 2000, U(rng) * 7000 - 2000};
      double best = kInf;
      for (const Segment& sg : g.segs)
        for (uint32_t i = sg.first_pt; i + 1 < sg.first_pt + sg.n_pts; ++i)
          best = std::min(best, dist_to_lines(p, {{g.seg_pts[i], g.seg_pts[i + 1]}}));
      const Snap s = idx.snap(p, 800);
      ASSERT_NEAR(s.off_m, best, 1e-6) << cell << " " << p.x << "," << p.y;
      EXPECT_EQ(s.ok, best <= 800);
      EXPECT_NEAR(dist(s.at, p), s.off_m, 1e-6);
      // `t` names the same point along the segment.
      const std::vector<Vec2> shape(g.seg_pts.begin() + g.segs[s.seg].first_pt,
                                    g.seg_pts.begin() + g.segs[s.seg].first_pt + g.segs[s.seg].n_pts);
      EXPECT_LT(dist_to_lines(s.at, {shape}), 1e-6);
      EXPECT_GE(s.t, 0);
      EXPECT_LE(s.t, g.segs[s.seg].length_m);
    }
  }
}

// ---- one-way streets -----------------------------------------------------------------------

TEST(RoadsRouter, OneWayIsRespected) {
  // A →→ B one-way along y = 0, and a two-way detour B – C – A.
  Net net;
  net.pos = {{1, {0, 0}}, {2, {1000, 0}}, {3, {500, 1000}}};
  net.add({1, 2}, true, false);
  net.add({2, 3, 1});
  const Graph g = build_graph(net.ways, Profile::Car);
  Router r(g);
  const double detour = 2 * std::hypot(500, 1000);
  std::vector<double> sec, m;
  r.matrix({{0, 0}, {1000, 0}}, {{0, 0}, {1000, 0}}, Metric::Distance, sec, m);
  EXPECT_NEAR(m[1], 1000, 1e-3);    // A → B along the one-way
  EXPECT_NEAR(m[2], detour, 1e-3);  // B → A around
  EXPECT_DOUBLE_EQ(m[0], 0);
  // Two points on the one-way itself: ahead is direct, behind goes round the loop.
  r.matrix({{200, 0}, {800, 0}}, {{200, 0}, {800, 0}}, Metric::Distance, sec, m);
  EXPECT_NEAR(m[1], 600, 1e-3);
  EXPECT_NEAR(m[2], 200 + detour + 200, 1e-3);
  EXPECT_NEAR(sec[1], 600 / 10.0, 1e-3);

  const Router::Route back = r.route({800, 0}, {200, 0}, Metric::Distance);
  EXPECT_NEAR(back.metres, 200 + detour + 200, 1e-3);
  EXPECT_NEAR(polyline_length(back.line), back.metres, 1e-3);
  ASSERT_GE(back.line.size(), 4u);
  EXPECT_NEAR(back.line.front().x, 800, 1e-9);
  EXPECT_NEAR(back.line.back().x, 200, 1e-9);
  EXPECT_NEAR(back.line[2].y, 1000, 1e-9);  // through C's shape point
}

// ---- Dijkstra against Floyd–Warshall ---------------------------------------------------------

TEST(RoadsRouter, MatrixEqualsFloydWarshallOnRandomGraph) {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> U(0, 1);
  const int n = 7;
  const double step = 300;
  Net net;
  auto id = [](int x, int y) { return static_cast<int64_t>(y) * 7 + x + 1; };
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) net.pos[id(x, y)] = {x * step + (U(rng) - 0.5) * 60, y * step + (U(rng) - 0.5) * 60};
  int64_t next_id = 1000;
  auto link = [&](int64_t a, int64_t b) {
    if (U(rng) < 0.15) return;  // missing street
    const double r = U(rng);
    const bool fwd = r < 0.8, bwd = r >= 0.2 || r < 0.1;
    std::vector<int64_t> ids{a};
    if (U(rng) < 0.5) {  // one shape point, slightly off the straight line
      const Vec2 pa = net.pos[a], pb = net.pos[b];
      net.pos[next_id] = {(pa.x + pb.x) / 2 + (U(rng) - 0.5) * 30, (pa.y + pb.y) / 2 + (U(rng) - 0.5) * 30};
      ids.push_back(next_id++);
    }
    ids.push_back(b);
    net.add(ids, fwd, bwd, 20 + U(rng) * 70);
  };
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      if (x + 1 < n) link(id(x, y), id(x + 1, y));
      if (y + 1 < n) link(id(x, y), id(x, y + 1));
    }
  // An island far away.
  net.pos[900] = {10000, 10000};
  net.pos[901] = {10400, 10000};
  net.add({900, 901});

  // Query points on the ways (some at junctions), and their insertion into a copy of the ways
  // for the brute force: every point of every way is a node there.
  struct Q { Vec2 p; size_t way; size_t piece; double u; };
  std::vector<Q> qs;
  for (int i = 0; i < 24; ++i) {
    Q q;
    q.way = i == 23 ? net.ways.size() - 1 : static_cast<size_t>(U(rng) * (net.ways.size() - 1));
    const RawWay& w = net.ways[q.way];
    q.piece = static_cast<size_t>(U(rng) * (w.pts.size() - 1));
    q.u = i % 6 == 0 ? 0.0 : 0.05 + 0.9 * U(rng);
    q.p = w.pts[q.piece] + (w.pts[q.piece + 1] - w.pts[q.piece]) * q.u;
    qs.push_back(q);
  }
  // Brute force graph: nodes = every distinct position id; query points added as new nodes.
  std::map<int64_t, int> node_index;
  std::vector<Vec2> bpos;
  auto bnode = [&](int64_t key, Vec2 p) {
    auto it = node_index.find(key);
    if (it != node_index.end()) return it->second;
    node_index[key] = static_cast<int>(bpos.size());
    bpos.push_back(p);
    return static_cast<int>(bpos.size()) - 1;
  };
  std::vector<int> q_node(qs.size());
  struct BE { int a, b; double len, kmh; bool fwd, bwd; };
  std::vector<BE> bedges;
  for (size_t wi = 0; wi < net.ways.size(); ++wi) {
    const RawWay& w = net.ways[wi];
    for (size_t k = 0; k + 1 < w.pts.size(); ++k) {
      // Points along this piece: its ends and the query points on it, by position.
      std::vector<std::pair<double, int>> along{{0.0, bnode(w.node_ids[k], w.pts[k])},
                                                {1.0, bnode(w.node_ids[k + 1], w.pts[k + 1])}};
      for (size_t qi = 0; qi < qs.size(); ++qi)
        if (qs[qi].way == wi && qs[qi].piece == k) {
          q_node[qi] = qs[qi].u == 0 ? along[0].second : bnode(-1 - static_cast<int64_t>(qi), qs[qi].p);
          if (qs[qi].u > 0) along.push_back({qs[qi].u, q_node[qi]});
        }
      std::sort(along.begin(), along.end());
      for (size_t j = 0; j + 1 < along.size(); ++j)
        bedges.push_back({along[j].second, along[j + 1].second, dist(bpos[along[j].second], bpos[along[j + 1].second]),
                          w.access[0].speed_kmh, w.access[0].forward, w.access[0].backward});
    }
  }
  const int N = static_cast<int>(bpos.size());
  for (Metric metric : {Metric::Time, Metric::Distance}) {
    std::vector<double> D(static_cast<size_t>(N) * N, kInf);
    for (int i = 0; i < N; ++i) D[i * N + i] = 0;
    for (const BE& e : bedges) {
      const double c = metric == Metric::Time ? e.len / (e.kmh / 3.6) : e.len;
      if (e.fwd) D[e.a * N + e.b] = std::min(D[e.a * N + e.b], c);
      if (e.bwd) D[e.b * N + e.a] = std::min(D[e.b * N + e.a], c);
    }
    for (int k = 0; k < N; ++k)
      for (int i = 0; i < N; ++i) {
        if (std::isinf(D[i * N + k])) continue;
        for (int j = 0; j < N; ++j) D[i * N + j] = std::min(D[i * N + j], D[i * N + k] + D[k * N + j]);
      }

    const Graph g = build_graph(net.ways, Profile::Car);
    Router r(g, 4.5, 1000);
    std::vector<Vec2> pts;
    for (const Q& q : qs) pts.push_back(q.p);
    std::vector<double> sec, m;
    r.matrix(pts, pts, metric, sec, m);
    size_t compared = 0, finite = 0, unreachable = 0;
    for (size_t i = 0; i < qs.size(); ++i)
      for (size_t j = 0; j < qs.size(); ++j) {
        const double want = D[q_node[i] * N + q_node[j]];
        const double got = metric == Metric::Time ? sec[i * qs.size() + j] : m[i * qs.size() + j];
        ++compared;
        if (std::isinf(want)) {
          ++unreachable;
          EXPECT_TRUE(std::isinf(got)) << i << "→" << j << " got " << got;
        } else {
          ++finite;
          EXPECT_NEAR(got, want, 1e-3 + 1e-5 * want) << i << "→" << j;
        }
      }
    EXPECT_GE(compared, 200u);
    // Fewer targets than sources (backward searches) and the other way round: same figures.
    const std::vector<Vec2> few(pts.begin() + 18, pts.end());
    std::vector<double> sec2, m2, sec3, m3;
    r.matrix(pts, few, metric, sec2, m2);
    r.matrix(few, pts, metric, sec3, m3);
    for (size_t i = 0; i < pts.size(); ++i)
      for (size_t j = 0; j < few.size(); ++j) {
        const size_t jj = 18 + j;
        const double a = sec[i * pts.size() + jj], b = sec2[i * few.size() + j], c = sec3[j * pts.size() + i],
                     d = sec[jj * pts.size() + i];
        auto same = [](double x, double y) { return std::isinf(x) ? std::isinf(y) : std::abs(x - y) <= 1e-6 + 1e-9 * x; };
        EXPECT_TRUE(same(a, b)) << i << "→" << jj << ": " << a << " vs " << b;
        EXPECT_TRUE(same(d, c)) << jj << "→" << i << ": " << d << " vs " << c;
        EXPECT_TRUE(same(m[i * pts.size() + jj], m2[i * few.size() + j])) << i << "→" << jj;
      }
    EXPECT_GT(finite, 300u);
    EXPECT_GT(unreachable, 40u);  // at least the island's row and column
    // route() agrees with the matrix and draws the path it measures.
    for (size_t i = 0; i < 6; ++i) {
      const size_t j = (i * 7 + 3) % qs.size();
      const Router::Route rt = r.route(pts[i], pts[j], metric);
      const double want = D[q_node[i] * N + q_node[j]];
      if (std::isinf(want)) {
        EXPECT_TRUE(rt.line.empty());
        continue;
      }
      EXPECT_NEAR(metric == Metric::Time ? rt.seconds : rt.metres, want, 1e-3 + 1e-5 * want);
      EXPECT_NEAR(polyline_length(rt.line), rt.metres, 1e-3 + 1e-5 * want);
    }
  }
}

// ---- reach and allocation ------------------------------------------------------------------

namespace {
// The lines of reach_lines() (flat, any order) against those of reached_lines(): the same
// point sequences, exactly, as sets.
bool same_lines(const std::vector<std::vector<Vec2>>& lines, const Polylines& flat, std::string* why = nullptr) {
  auto key = [](const std::vector<Vec2>& l) {
    std::vector<double> k;
    for (const Vec2& p : l) {
      k.push_back(p.x);
      k.push_back(p.y);
    }
    return k;
  };
  std::vector<std::vector<double>> a, b;
  for (const auto& l : lines) a.push_back(key(l));
  for (size_t i = 0; i + 1 < flat.first.size(); ++i)
    b.push_back(key(std::vector<Vec2>(flat.pts.begin() + flat.first[i], flat.pts.begin() + flat.first[i + 1])));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (why) *why = std::to_string(a.size()) + " lines vs " + std::to_string(b.size()) + " flat lines";
  return a == b;
}
}  // namespace

TEST(RoadsRouter, ReachAllocatesToNearestSourceWithinBudget) {
  // One straight road, 10 km, a junction every 500 m (crossed by short stubs).
  Net net;
  std::vector<int64_t> main_ids;
  for (int i = 0; i <= 20; ++i) {
    net.pos[i + 1] = {i * 500.0, 0};
    net.pos[100 + i] = {i * 500.0, 50};
    main_ids.push_back(i + 1);
    net.add({i + 1, 100 + i});
  }
  net.add(main_ids);
  const Graph g = build_graph(net.ways, Profile::Car);
  Router r(g);
  const std::vector<Endpoint> src{r.endpoint({1000, 0}), r.endpoint({8000, 0})};
  SearchResult res = r.reach(src, {}, 4000, Metric::Distance);
  for (uint32_t v = 0; v < g.n_nodes(); ++v) {
    if (g.node[v].y != 0) continue;
    const double x = g.node[v].x;
    const double d0 = std::abs(x - 1000), d1 = std::abs(x - 8000);
    const double best = std::min(d0, d1);
    if (best > 4000) {
      EXPECT_TRUE(std::isinf(res.cost[v])) << x;
      EXPECT_EQ(res.source[v], kNoNode);
    } else {
      EXPECT_NEAR(res.cost[v], best, 1e-3) << x;
      if (d0 != d1) {
        EXPECT_EQ(res.source[v], d0 < d1 ? 0u : 1u) << x;
      }
    }
  }
  // Dead-end stubs: reached through their crossing, 50 m further.
  for (uint32_t v = 0; v < g.n_nodes(); ++v) {
    if (g.node[v].y != 50) continue;
    const double best = std::min(std::abs(g.node[v].x - 1000), std::abs(g.node[v].x - 8000)) + 50;
    if (best <= 4000) EXPECT_NEAR(res.cost[v], best, 1e-3);
    else EXPECT_TRUE(std::isinf(res.cost[v]));
  }
  // An offset moves the boundary: the second source starts 2000 m late.
  res = r.reach(src, {0, 2000}, 1e9, Metric::Distance);
  for (uint32_t v = 0; v < g.n_nodes(); ++v) {
    if (g.node[v].y != 0) continue;
    const double x = g.node[v].x;
    const double d0 = std::abs(x - 1000), d1 = std::abs(x - 8000) + 2000;
    if (d0 != d1) {
      EXPECT_EQ(res.source[v], d0 < d1 ? 0u : 1u) << x;
    }
    EXPECT_NEAR(res.cost[v], std::min(d0, d1), 1e-3);
  }
  // Reached lines: a source in the middle of a segment with a budget too small for either end.
  const std::vector<Endpoint> mid{r.endpoint({1250, 0})};
  res = r.reach(mid, {}, 100, Metric::Distance);
  const auto lines = r.reached_lines(res, 100, Metric::Distance);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NEAR(lines[0].front().x, 1150, 1e-6);
  EXPECT_NEAR(lines[0].back().x, 1350, 1e-6);
  EXPECT_THROW(r.reach(src, {1.0}, 10, Metric::Time), Error);
  // The sparse result (what an area needs) lists exactly the nodes the dense one reaches,
  // with their costs, and gives the same reached lines.
  for (double budget : {100.0, 4000.0, 1e9}) {
    const SearchResult dense = r.reach(src, {0, 700}, budget, Metric::Distance);
    const SearchResult sparse = r.reach(src, {0, 700}, budget, Metric::Distance, false);
    EXPECT_TRUE(sparse.cost.empty());
    std::vector<std::pair<uint32_t, double>> a, b;
    for (uint32_t v = 0; v < g.n_nodes(); ++v)
      if (dense.cost[v] <= budget) a.push_back({v, dense.cost[v]});
    for (size_t i = 0; i < sparse.reached.size(); ++i) b.push_back({sparse.reached[i], sparse.reached_cost[i]});
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << budget;
    SearchResult hand = dense;  // a result without the list: read through the per-node arrays
    hand.reached.clear();
    hand.reached_cost.clear();
    const auto l_sparse = r.reached_lines(sparse, budget, Metric::Distance);
    const auto l_dense = r.reached_lines(dense, budget, Metric::Distance);
    const auto l_hand = r.reached_lines(hand, budget, Metric::Distance);
    ASSERT_EQ(l_sparse.size(), l_dense.size());
    ASSERT_EQ(l_sparse.size(), l_hand.size());
    for (size_t i = 0; i < l_sparse.size(); ++i) {
      ASSERT_EQ(l_sparse[i].size(), l_hand[i].size());
      for (size_t k = 0; k < l_sparse[i].size(); ++k) {
        EXPECT_EQ(l_sparse[i][k].x, l_hand[i][k].x);
        EXPECT_EQ(l_sparse[i][k].y, l_hand[i][k].y);
      }
    }
    // The one-pass lines of an area: the same lines.
    std::string why;
    EXPECT_TRUE(same_lines(l_dense, r.reach_lines(src, {0, 700}, budget, Metric::Distance), &why)) << budget << " " << why;
  }
  // Mid-segment sources whose pieces meet other pieces of their segment, at several budgets.
  const std::vector<Endpoint> many{r.endpoint({1250, 0}), r.endpoint({1400, 0}), r.endpoint({3010, 20}),
                                   r.endpoint({9990, 0})};
  for (double budget : {0.0, 60.0, 140.0, 260.0, 500.0, 1700.0}) {
    const std::vector<double> off{0, 30, 10, 0};
    const auto want = r.reached_lines(r.reach(many, off, budget, Metric::Distance, false), budget, Metric::Distance);
    std::string why;
    EXPECT_TRUE(same_lines(want, r.reach_lines(many, off, budget, Metric::Distance), &why)) << budget << " " << why;
  }
}

TEST(RoadsRouter, ReachedLinesMeetAndRespectOneWays) {
  Net net;
  net.pos = {{1, {0, 0}}, {2, {1000, 0}}, {3, {2000, 0}}};
  net.add({1, 2}, true, false);  // one-way 1 → 2
  net.add({2, 3});
  const Graph g = build_graph(net.ways, Profile::Car);
  Router r(g);
  // From node 2 (x = 1000), 400 m: the one-way is not walked backwards; the two-way is.
  SearchResult res = r.reach({r.endpoint({1000, 0})}, {}, 400, Metric::Distance);
  auto lines = r.reached_lines(res, 400, Metric::Distance);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NEAR(lines[0].front().x, 1000, 1e-6);
  EXPECT_NEAR(lines[0].back().x, 1400, 1e-6);
  // From both ends of the two-way segment: the pieces meet and merge into one.
  res = r.reach({r.endpoint({1000, 0}), r.endpoint({2000, 0})}, {}, 600, Metric::Distance);
  lines = r.reached_lines(res, 600, Metric::Distance);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NEAR(polyline_length(lines[0]), 1000, 1e-6);
  // The one-pass lines of an area: the same, one-way included.
  for (double budget : {400.0, 600.0, 1500.0})
    for (const auto& src : {std::vector<Endpoint>{r.endpoint({1000, 0})}, std::vector<Endpoint>{r.endpoint({500, 0})},
                            std::vector<Endpoint>{r.endpoint({1000, 0}), r.endpoint({2000, 0})}}) {
      const auto want = r.reached_lines(r.reach(src, {}, budget, Metric::Distance), budget, Metric::Distance);
      std::string why;
      EXPECT_TRUE(same_lines(want, r.reach_lines(src, {}, budget, Metric::Distance), &why)) << budget << " " << why;
    }
}

// ---- reach polygon -----------------------------------------------------------------------

namespace {
bool geos_valid(const MultiPolygon& mp, std::string* why = nullptr) {
  auto g = coverage::geos::from_model(mp);
  const char v = GEOSisValid_r(coverage::geos::handle(), g.get());
  if (v != 1 && why) {
    char* r = GEOSisValidReason_r(coverage::geos::handle(), g.get());
    *why = r ? r : "?";
    GEOSFree_r(coverage::geos::handle(), r);
  }
  return v == 1;
}
}  // namespace

TEST(RoadsReachArea, ValidPolygonContainingReachedRoadsOnly) {
  Net net = grid(21, 200);
  const Graph g = build_graph(net.ways, Profile::Foot);
  Router r(g);
  const double budget = 1500;
  const SearchResult res = r.reach({r.endpoint({2030, 1990})}, {}, budget, Metric::Distance);
  const auto lines = r.reached_lines(res, budget, Metric::Distance);
  ASSERT_FALSE(lines.empty());
  const double buffer = 150, cell = 50;
  const MultiPolygon mp = reach_polygon(lines, buffer, cell);
  ASSERT_FALSE(mp.empty());
  std::string why;
  EXPECT_TRUE(geos_valid(mp, &why)) << why;
  for (const Polygon& p : mp.polys) EXPECT_GT(signed_area(p.rings[0]), 0);
  for (const auto& l : lines)
    for (const Vec2& p : l) EXPECT_TRUE(contains(mp, p)) << p.x << "," << p.y;
  size_t far_out = 0;
  for (uint32_t v = 0; v < g.n_nodes(); ++v) {
    if (res.cost[v] <= budget) {
      EXPECT_TRUE(contains(mp, g.node[v]));
    } else if (dist_to_lines(g.node[v], lines) > buffer + 2 * cell) {
      EXPECT_FALSE(contains(mp, g.node[v])) << g.node[v].x << "," << g.node[v].y;
      ++far_out;
    }
  }
  EXPECT_GT(far_out, 100u);
  // The area is about a diamond of reached streets widened by the buffer.
  EXPECT_GT(area(mp), 2 * budget * budget);
  EXPECT_LT(area(mp), 2 * (budget + 2 * buffer) * (budget + 2 * buffer));
}

TEST(RoadsReachArea, RingRoadMakesAHoleAndDiagonalsStayValid) {
  // A square ring road: one polygon with one hole; the centre is outside.
  const std::vector<std::vector<Vec2>> ring{{{0, 0}, {3000, 0}, {3000, 3000}, {0, 3000}, {0, 0}}};
  MultiPolygon mp = reach_polygon(ring, 300);
  ASSERT_EQ(mp.polys.size(), 1u);
  ASSERT_EQ(mp.polys[0].rings.size(), 2u);
  EXPECT_GT(signed_area(mp.polys[0].rings[0]), 0);
  EXPECT_LT(signed_area(mp.polys[0].rings[1]), 0);
  EXPECT_FALSE(contains(mp, {1500, 1500}));
  EXPECT_TRUE(contains(mp, {1500, 0}));
  std::string why;
  EXPECT_TRUE(geos_valid(mp, &why)) << why;
  // Many thin diagonal lines close together (corner-touching cells) and separate islands.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> U(0, 5000);
  std::vector<std::vector<Vec2>> lines;
  for (int i = 0; i < 300; ++i) {
    const Vec2 a{U(rng), U(rng)};
    lines.push_back({a, a + Vec2{U(rng) / 10 - 250, U(rng) / 10 - 250}});
  }
  mp = reach_polygon(lines, 40, 30);
  EXPECT_GT(mp.polys.size(), 10u);
  EXPECT_TRUE(geos_valid(mp, &why)) << why;
  for (const auto& l : lines)
    for (const Vec2& p : l) EXPECT_TRUE(contains(mp, p));
  EXPECT_TRUE(reach_polygon(std::vector<std::vector<Vec2>>{}, 300).empty());
  EXPECT_TRUE(reach_polygon(Polylines{}, 300).empty());
}

TEST(RoadsReachArea, CellsWithinTheBufferOfAPieceAreInside) {
  // Oracle for the rasterisation: the grid is anchored on multiples of the cell size, so
  // the cell centres are ((i + 0.5)·c, (j + 0.5)·c). Every centre within the buffer of a
  // piece is inside; none farther than the buffer plus a cell and a half (the corner
  // repair adds one neighbour at most). Pieces of every direction, points, tiny pieces.
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> U(0, 4000), D(-600, 600), T(-3, 3);
  std::vector<std::vector<Vec2>> lines;
  for (int i = 0; i < 60; ++i) {
    const Vec2 a{U(rng), U(rng)};
    const int kind = i % 5;
    const Vec2 d = kind == 0 ? Vec2{D(rng), 0} : kind == 1 ? Vec2{0, D(rng)} : kind == 2 ? Vec2{T(rng), T(rng)} : Vec2{D(rng), D(rng)};
    if (kind == 4) lines.push_back({a});
    else lines.push_back({a, a + d, a + d + Vec2{D(rng), D(rng)}});
  }
  const double buffer = 170, c = 40;
  const MultiPolygon mp = reach_polygon(lines, buffer, c);
  size_t in = 0, out = 0;
  for (int j = -10; j < 4000 / c + 10; ++j)
    for (int i = -10; i < 4000 / c + 10; ++i) {
      const Vec2 p{(i + 0.5) * c, (j + 0.5) * c};
      double d = dist_to_lines(p, lines);
      for (const auto& l : lines)
        if (l.size() == 1) d = std::min(d, dist(p, l[0]));
      if (d <= buffer - 1e-6) {
        EXPECT_TRUE(contains(mp, p)) << p.x << "," << p.y << " at " << d;
        ++in;
      } else if (d > buffer + 1.5 * c) {
        EXPECT_FALSE(contains(mp, p)) << p.x << "," << p.y << " at " << d;
        ++out;
      }
    }
  EXPECT_GT(in, 1000u);
  EXPECT_GT(out, 1000u);
}

// ---- scale -------------------------------------------------------------------------------

TEST(RoadsRouter, RegionSizedGridTimings) {
  // 700×700 junctions (490 000 nodes, ~1.96 M directed edges), 100 m apart: the size of the
  // regional car graph. Prints the timings; the bounds only catch a pathological slowdown.
  using clock = std::chrono::steady_clock;
  auto secs = [](clock::time_point a) { return std::chrono::duration<double>(clock::now() - a).count(); };
  auto t0 = clock::now();
  Net net = grid(700, 100, 50, 8);
  const double t_ways = secs(t0);
  t0 = clock::now();
  const Graph g = build_graph(net.ways, Profile::Car);
  const double t_build = secs(t0);
  EXPECT_EQ(g.n_nodes(), 490000u);
  t0 = clock::now();
  Router r(g);
  const double t_index = secs(t0);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> U(0, 69900);
  std::vector<Vec2> from, to;
  for (int i = 0; i < 20; ++i) from.push_back({U(rng), U(rng)});
  for (int i = 0; i < 200; ++i) to.push_back({U(rng), U(rng)});
  t0 = clock::now();
  std::vector<double> sec, m;
  r.matrix(from, to, Metric::Time, sec, m);
  const double t_matrix = secs(t0);
  for (size_t i = 0; i < from.size(); ++i)
    for (size_t j = 0; j < to.size(); ++j) {
      // On a full grid at one speed the fastest path is a shortest one: at least the Manhattan
      // distance, at most that plus a detour round a block (100 m) and twice the off-road parts
      // (each ≤ 50 m).
      const double manhattan = std::abs(from[i].x - to[j].x) + std::abs(from[i].y - to[j].y);
      ASSERT_GE(m[i * to.size() + j] - manhattan, -1e-3);
      ASSERT_LE(m[i * to.size() + j] - manhattan, 300.0);
    }
  t0 = clock::now();
  const SearchResult res = r.reach({r.endpoint({35000, 35000}), r.endpoint({10000, 60000})}, {}, 900, Metric::Time);
  const double t_reach = secs(t0);
  t0 = clock::now();
  const SearchResult all = r.reach({r.endpoint({35000, 35000})}, {}, kInf, Metric::Time);
  const double t_full = secs(t0);
  EXPECT_TRUE(std::isfinite(all.cost[0]));
  t0 = clock::now();
  const auto lines = r.reached_lines(res, 900, Metric::Time);
  const double t_lines = secs(t0);
  t0 = clock::now();
  const MultiPolygon mp = reach_polygon(lines, 300);
  const double t_poly = secs(t0);
  std::string why;
  EXPECT_TRUE(geos_valid(mp, &why)) << why;
  EXPECT_EQ(mp.polys.size(), 2u);  // two separate diamonds
  std::printf("[timings] ways %.2fs, build_graph %.2fs (%zu nodes, %zu edges), index %.2fs, matrix 20x200 %.2fs, "
              "one whole-graph search %.3fs, reach 15 min %.3fs, reached_lines %.3fs (%zu lines), reach_polygon %.3fs (%zu vertices)\n",
              t_ways, t_build, g.n_nodes(), g.n_edges(), t_index, t_matrix, t_full, t_reach, t_lines, lines.size(), t_poly,
              vertex_count(mp));
  EXPECT_LT(t_build, 30);
  EXPECT_LT(t_matrix, 60);
}

// ---- real data: Monaco's highways (GeoJSON export of an OSM extract) --------------------------

namespace {

// OSM tags of a GeoJSON feature: the highway field plus the hstore text of other_tags
// ("k"=>"v","k2"=>"v2").
std::map<std::string, std::string> parse_hstore(const std::string& s) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  auto quoted = [&](std::string& v) {
    while (i < s.size() && s[i] != '"') ++i;
    if (i >= s.size()) return false;
    ++i;
    v.clear();
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      v += s[i++];
    }
    ++i;
    return true;
  };
  std::string k, v;
  while (quoted(k)) {
    if (!quoted(v)) break;
    out[k] = v;
  }
  return out;
}

struct RealWays {
  std::vector<RawWay> ways;
  size_t features = 0;
};

RealWays monaco_ways(const std::string& path, const ProfileTable& t) {
  RealWays rw;
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return rw;
  OGRLayer* layer = ds->GetLayer(0);
  std::map<std::pair<double, double>, int64_t> node_id;  // shared OSM nodes have the same coordinates
  for (auto& f : *layer) {
    ++rw.features;
    std::map<std::string, std::string> tags;
    if (const char* hw = f->GetFieldAsString("highway"); hw && *hw) tags["highway"] = hw;
    const int oi = f->GetFieldIndex("other_tags");
    if (oi >= 0 && f->IsFieldSetAndNotNull(oi)) {
      for (auto& [k, v] : parse_hstore(f->GetFieldAsString(oi))) tags[k] = v;
    }
    const TagFn fn = tags_of(tags);
    RawWay w;
    if (!way_class(fn, w.cls)) continue;
    const OGRGeometry* geom = f->GetGeometryRef();
    if (!geom || wkbFlatten(geom->getGeometryType()) != wkbLineString) continue;
    const auto* ls = geom->toLineString();
    for (int i = 0; i < ls->getNumPoints(); ++i) {
      const std::pair<double, double> key{ls->getX(i), ls->getY(i)};
      auto it = node_id.emplace(key, static_cast<int64_t>(node_id.size()) + 1).first;
      w.node_ids.push_back(it->second);
      w.pts.push_back(lonlat_to_l93(key.first, key.second));
    }
    w.osm_id = std::atoll(f->GetFieldAsString("osm_id"));
    w.access[0] = way_access(t, Profile::Car, w.cls, fn, false);
    w.access[1] = way_access(t, Profile::Foot, w.cls, fn, false);
    rw.ways.push_back(std::move(w));
  }
  return rw;
}

}  // namespace

TEST(RoadsRealData, MonacoGraphsRoutesAndReachArea) {
  const std::string path = test::data_dir() + "/roads/monaco_osm_highways_2016-03-05.geojson";
  // A check that cannot run fails (the test data is ../shared, beside the repository).
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing " << path;
  const ProfileTable t = ProfileTable::defaults();
  const RealWays rw = monaco_ways(path, t);
  EXPECT_EQ(rw.features, 2903u);
  ASSERT_GT(rw.ways.size(), 2500u);

  BuildStats cs, fs;
  const Graph car = build_graph(rw.ways, Profile::Car, &cs);
  const Graph foot = build_graph(rw.ways, Profile::Foot, &fs);
  size_t one_way = 0;
  for (uint32_t si = 0; si < car.segs.size(); ++si) {
    int dirs = 0;
    for (uint32_t k = car.first_out[car.segs[si].a]; k < car.first_out[car.segs[si].a + 1]; ++k)
      dirs += car.out[k].seg == si && !car.out[k].reversed;
    for (uint32_t k = car.first_out[car.segs[si].b]; k < car.first_out[car.segs[si].b + 1]; ++k)
      dirs += car.out[k].seg == si && car.out[k].reversed;
    EXPECT_GE(dirs, 1);
    one_way += dirs == 1;
  }
  uint32_t n_comp = 0;
  const auto comp = components(foot, &n_comp);
  std::vector<size_t> comp_size(n_comp, 0);
  for (uint32_t c : comp) ++comp_size[c];
  const size_t largest = *std::max_element(comp_size.begin(), comp_size.end());
  std::printf("[monaco] %zu ways; car: %zu routable, %zu nodes, %zu edges, %zu one-way segments; foot: %zu nodes, "
              "%zu edges, %u components, largest %zu nodes\n",
              rw.ways.size(), cs.ways_routable, car.n_nodes(), car.n_edges(), one_way, foot.n_nodes(), foot.n_edges(),
              n_comp, largest);
  EXPECT_GT(one_way, 100u);
  EXPECT_GT(largest, foot.n_nodes() * 8 / 10);

  // Points around the Principality: on foot the matrix is symmetric, and every trip is at
  // least as long as the straight line.
  const Vec2 centre = lonlat_to_l93(7.4200, 43.7350);
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> U(-1200, 1200);
  std::vector<Vec2> pts;
  for (int i = 0; i < 30; ++i) pts.push_back(centre + Vec2{U(rng), U(rng)});
  Router rf(foot, t.access_walk_kmh, t.max_snap_m);
  std::vector<double> sec, m;
  rf.matrix(pts, pts, Metric::Time, sec, m);
  size_t finite = 0;
  for (size_t i = 0; i < pts.size(); ++i)
    for (size_t j = 0; j < pts.size(); ++j) {
      const double a = sec[i * pts.size() + j], b = sec[j * pts.size() + i];
      if (std::isinf(a)) {
        EXPECT_TRUE(std::isinf(b));
        continue;
      }
      ++finite;
      EXPECT_NEAR(a, b, 1e-6 * a + 1e-6);
      EXPECT_GE(m[i * pts.size() + j], dist(pts[i], pts[j]) - 1e-6);
      EXPECT_NEAR(a, m[i * pts.size() + j] / (4.5 / 3.6), 1e-3 * a + 1e-6);  // one walking speed everywhere
    }
  EXPECT_GT(finite, pts.size() * pts.size() * 8 / 10);

  // By car, one-way streets make the matrix asymmetric; routes draw what they measure.
  Router rc(car, t.access_walk_kmh, t.max_snap_m);
  rc.matrix(pts, pts, Metric::Time, sec, m);
  size_t asymmetric = 0;
  for (size_t i = 0; i < pts.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      asymmetric += std::abs(sec[i * pts.size() + j] - sec[j * pts.size() + i]) > 1;
  EXPECT_GT(asymmetric, 50u);
  for (size_t i = 0; i + 1 < 10; ++i) {
    const Router::Route r = rc.route(pts[i], pts[i + 1]);
    if (std::isinf(sec[i * pts.size() + i + 1])) continue;
    EXPECT_NEAR(r.seconds, sec[i * pts.size() + i + 1], 1e-6 * r.seconds);
    EXPECT_NEAR(polyline_length(r.line), r.metres, 1e-3 * r.metres);
  }

  // A 10-minute walk from the middle: a valid area around the reached streets.
  const SearchResult res = rf.reach({rf.endpoint(centre)}, {}, 600, Metric::Time);
  const auto lines = rf.reached_lines(res, 600, Metric::Time);
  const MultiPolygon area_mp = reach_polygon(lines, 100);
  std::string why;
  EXPECT_TRUE(geos_valid(area_mp, &why)) << why;
  for (const auto& l : lines)
    for (const Vec2& p : l) EXPECT_TRUE(contains(area_mp, p));
  double reached_m = 0;
  for (const auto& l : lines) reached_m += polyline_length(l);
  std::printf("[monaco] 10 min on foot: %zu pieces, %.1f km of paths, area %.2f km², %zu vertices\n", lines.size(),
              reached_m / 1000, area(area_mp) / 1e6, vertex_count(area_mp));
  // The one-pass lines of an area (Router::reach_lines) on the real streets, car and foot,
  // several sources with offsets: the same lines, so the same polygon.
  {
    Router rc(car);
    std::vector<Vec2> at{centre, centre + Vec2{-600, 250}, centre + Vec2{450, -300}, centre + Vec2{900, 500}};
    std::vector<Vec2> ring;  // 24 sources: searched by two threads, half of them each
    for (int k = 0; k < 24; ++k) ring.push_back(centre + Vec2{1200 * std::cos(k * 0.2618), 700 * std::sin(k * 0.2618)});
    for (const auto& pts : {at, ring})
    for (Router* rr : {&rc, &rf})
      for (double budget : {60.0, 180.0, 600.0}) {
        std::vector<Endpoint> eps;
        for (Vec2 p : pts) eps.push_back(rr->endpoint(p));
        std::vector<double> off;
        for (size_t k = 0; k < eps.size(); ++k) off.push_back(double((k * 37) % 50));
        const auto want = rr->reached_lines(rr->reach(eps, off, budget, Metric::Time, false), budget, Metric::Time);
        const Polylines flat = rr->reach_lines(eps, off, budget, Metric::Time);
        std::string why;
        EXPECT_TRUE(same_lines(want, flat, &why)) << budget << " " << why;
        const MultiPolygon a = reach_polygon(want, 100), b = reach_polygon(flat, 100);
        EXPECT_EQ(area(a), area(b));
        EXPECT_EQ(vertex_count(a), vertex_count(b));
      }
  }
  // Nothing beyond 10 minutes' walk as the crow flies (750 m) plus the buffer.
  for (const Polygon& p : area_mp.polys)
    for (const Ring& r : p.rings)
      for (const Vec2& v : r) EXPECT_LT(dist(v, centre), 750 + 100 + 2 * 100 / 3.0 * 1.5);
}
