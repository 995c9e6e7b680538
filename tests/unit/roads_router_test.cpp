// Road network core: graph building, profiles, snapping, shortest paths, reach areas.
// Every graph here is synthetic, built from RawWay exactly as the OSM importer hands them
// over; the reference figures come from independent brute-force computations.
#include <gtest/gtest.h>
#include <geos_c.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>

#include "core/coverage/geos_util.h"
#include "core/error.h"
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

double polyline_length(const std::vector<Vec2>& l) {
  double s = 0;
  for (size_t i = 1; i < l.size(); ++i) s += dist(l[i - 1], l[i]);
  return s;
}

// A square grid of two-way streets, `n`×`n` junctions `step` metres apart, ids 1..n².
Net grid(int n, double step, double kmh = 36) {
  Net net;
  auto id = [n](int x, int y) { return static_cast<int64_t>(y) * n + x + 1; };
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) net.pos[id(x, y)] = {x * step, y * step};
  for (int y = 0; y < n; ++y) {
    std::vector<int64_t> row, col;
    for (int x = 0; x < n; ++x) {
      row.push_back(id(x, y));
      col.push_back(id(y, x));
    }
    net.add(row, true, true, kmh);
    net.add(col, true, true, kmh);
  }
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
  EXPECT_TRUE(reach_polygon({}, 300).empty());
}

// ---- scale -------------------------------------------------------------------------------

TEST(RoadsRouter, RegionSizedGridTimings) {
  // 700×700 junctions (490 000 nodes, ~1.96 M directed edges), 100 m apart: the size of the
  // regional car graph. Prints the timings; the bounds only catch a pathological slowdown.
  using clock = std::chrono::steady_clock;
  auto secs = [](clock::time_point a) { return std::chrono::duration<double>(clock::now() - a).count(); };
  auto t0 = clock::now();
  Net net = grid(700, 100, 50);
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
  const auto lines = r.reached_lines(res, 900, Metric::Time);
  const double t_lines = secs(t0);
  t0 = clock::now();
  const MultiPolygon mp = reach_polygon(lines, 300);
  const double t_poly = secs(t0);
  std::printf("[timings] ways %.2fs, build_graph %.2fs (%zu nodes, %zu edges), index %.2fs, matrix 20x200 %.2fs, "
              "reach 15 min %.3fs, reached_lines %.3fs (%zu lines), reach_polygon %.3fs (%zu vertices)\n",
              t_ways, t_build, g.n_nodes(), g.n_edges(), t_index, t_matrix, t_reach, t_lines, lines.size(), t_poly,
              vertex_count(mp));
  EXPECT_LT(t_build, 30);
  EXPECT_LT(t_matrix, 60);
}
