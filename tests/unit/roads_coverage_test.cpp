// Coverage, nearest points and tours on the real road network: the Monaco test region
// (data/geo/fixtures/monaco: hand-made communes over the real OpenStreetMap extract of
// Monaco) imported once, then the coverage engine asked through the workspace's travel
// model (travel_for), compared with the crow-fly model and with the router itself.
#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/coverage/geos_util.h"
#include "core/error.h"
#include "core/projection.h"
#include "core/roads/ch.h"
#include "core/roads/road_travel.h"
#include "core/routing/planner.h"
#include "core/travel_choice.h"
#include "io/road_store.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "test_support.h"

namespace maraude {
namespace {

using coverage::CoverageEngine;
using coverage::Reach;

// The Monaco test region's workspace file, imported once per test process.
const std::string& monaco_path() {
  static const std::string out = [] {
    const auto dir = test::temp_dir("roads-coverage");
    const std::string path = (dir / "ws.gpkg").string();
    auto r = test::run_maraude("import --data '" + test::data_dir() + "' --manifest '" + test::source_dir() +
                               "/data/geo/fixtures/monaco/manifest.ini' --out '" + path + "'");
    if (r.exit_code != 0) throw std::runtime_error("import of the Monaco test region failed: " + r.err);
    return path;
  }();
  return out;
}

const Workspace& monaco() {
  static Workspace ws = io::load_workspace(monaco_path());
  return ws;
}

Vec2 l93(double lon, double lat) { return lonlat_to_l93(lon, lat); }

// A point on the Monaco harbour road and one in the sea, 4 km offshore.
const double kLon = 7.4259518, kLat = 43.7389494;

coverage::Scenario one_point(Vec2 p, Reach r) {
  coverage::Scenario sc;
  sc.name = "test";
  sc.default_reach = r;
  coverage::ServicePoint sp;
  sp.id = "p1";
  sp.name = "Permanence test";
  sp.pos = p;
  sc.points.push_back(sp);
  return sc;
}

TEST(RoadsCoverage, WorkspaceHasRoadsAndOneModelPerChoice) {
  const Workspace& ws = monaco();
  ASSERT_TRUE(ws.roads);
  EXPECT_GT(ws.roads->car.n_nodes(), 2000u);
  auto a = travel_for(ws, TravelChoice::Auto), b = travel_for(ws, TravelChoice::Car);
  EXPECT_EQ(a.get(), b.get()) << "Auto must resolve to the one car model of the workspace";
  EXPECT_TRUE(a->on_roads());
  EXPECT_EQ(a->id(), "car");
  EXPECT_EQ(travel_for(ws, TravelChoice::Foot)->id(), "foot");
  EXPECT_FALSE(travel_for(ws, TravelChoice::CrowFly)->on_roads());
  EXPECT_NE(a->reach_label(1200, true).find("par la route"), std::string::npos);
  EXPECT_NE(travel_for(ws, TravelChoice::CrowFly)->reach_label(15000, false).find("vol d'oiseau"), std::string::npos);
}

TEST(RoadsCoverage, CrowFlyWorkspaceRefusesRoadModelsInFrench) {
  Workspace ws;  // no roads
  try {
    travel_for(ws, TravelChoice::Car);
    FAIL() << "a workspace without roads must refuse the car model";
  } catch (const Error& e) {
    EXPECT_NE(e.format().find("réseau routier"), std::string::npos) << e.format();
    EXPECT_NE(e.format().find("[roads]"), std::string::npos) << e.format();
  }
  EXPECT_EQ(resolve(ws, TravelChoice::Auto), TravelChoice::CrowFly);
}

TEST(RoadsCoverage, ReachAreaFollowsTheRoadsNotACircle) {
  const Workspace& ws = monaco();
  auto car = travel_for(ws, TravelChoice::Car);
  const auto& rt = dynamic_cast<const roads::RoadTravel&>(*car);
  const Vec2 site = l93(kLon, kLat);
  const double budget = 2000;  // 2 km along the roads
  const ReachShape shape = car->reach_area(site, budget, false, 8);
  ASSERT_FALSE(shape.area.empty());
  EXPECT_EQ(shape.inscribed_m, 0.0);
  // Every junction the router reaches within the budget is inside; junctions beyond the
  // budget and farther than the buffer from any reached road are outside.
  const roads::SearchResult r = rt.search({site}, roads::kUnreachable, false);
  const auto& g = ws.roads->car;
  int inside = 0, outside = 0, checked_out = 0;
  const double buffer = ws.roads->table.reach_buffer_m;
  for (uint32_t v = 0; v < g.n_nodes(); ++v) {
    if (r.cost[v] <= budget * 0.98) {
      EXPECT_TRUE(contains(shape.area, g.node[v])) << "reached junction " << v << " at " << r.cost[v] << " m not covered";
      ++inside;
    } else if (r.cost[v] > budget + 3 * buffer && dist(g.node[v], site) > budget + 3 * buffer) {
      EXPECT_FALSE(contains(shape.area, g.node[v])) << "junction " << v << " at " << r.cost[v] << " m covered";
      ++outside;
    } else if (r.cost[v] > budget * 1.5 && dist(g.node[v], site) < budget / 1.3) {
      // Inside the crow-fly circle of the same reach but far by road: a circle would cover it.
      checked_out += contains(shape.area, g.node[v]) ? 0 : 1;
    }
  }
  EXPECT_GT(inside, 50);
  EXPECT_GT(outside, 50);
  EXPECT_GT(checked_out, 0) << "some junctions inside the crow-fly circle are not reached by road";
  // The crow-fly model's circle is a different area.
  const ReachShape circle = travel_for(ws, TravelChoice::CrowFly)->reach_area(site, budget, false, 8);
  EXPECT_GT(std::abs(area(shape.area) - area(circle.area)), 0.05 * area(circle.area));
}

TEST(RoadsCoverage, SiteAtSeaReachesNothing) {
  const Workspace& ws = monaco();
  auto car = travel_for(ws, TravelChoice::Car);
  const Vec2 sea = l93(7.47, 43.70);  // several km offshore
  EXPECT_TRUE(car->reach_area(sea, 5000, false, 8).area.empty());
  EXPECT_TRUE(std::isinf(car->distance_m(sea, l93(kLon, kLat))));
  std::vector<int> site;
  std::vector<double> m, s;
  car->nearest({sea}, {l93(kLon, kLat)}, false, site, m, s);
  EXPECT_EQ(site[0], -1);
  EXPECT_TRUE(std::isinf(m[0]));
}

TEST(RoadsCoverage, EngineOnRoadsAgreesWithTheRouterAndStaysIncremental) {
  const Workspace& ws = monaco();
  auto car = travel_for(ws, TravelChoice::Car);
  auto targets = coverage::build_targets(ws, {});
  ASSERT_EQ(targets.size(), 3u);
  CoverageEngine eng(&ws, targets, car);
  eng.set_scenario(one_point(l93(kLon, kLat), Reach::km(2)));
  const auto before = eng.totals();
  EXPECT_GT(before.uncovered_pop, 0);
  EXPECT_LT(before.uncovered_pop, before.population);
  // Nearest point by road: the router's distance to the target's anchor, never shorter
  // than the straight line.
  for (size_t t = 0; t < eng.targets().size(); ++t) {
    const auto& res = eng.results()[t];
    ASSERT_EQ(res.nearest, 0);
    const double by_router = car->distance_m(l93(kLon, kLat), eng.targets()[t].anchor);
    EXPECT_NEAR(res.nearest_m, by_router, 1e-6 * by_router + 0.5);
    EXPECT_GE(res.nearest_m + 1e-6, dist(l93(kLon, kLat), eng.targets()[t].anchor));
  }
  // Move the point 300 m, then back: the incremental results equal a full recompute.
  const Vec2 moved = l93(kLon, kLat) + Vec2{300, 0};
  eng.move_point("p1", moved);
  CoverageEngine full(&ws, targets, car);
  full.set_scenario(one_point(moved, Reach::km(2)));
  for (size_t t = 0; t < eng.targets().size(); ++t) EXPECT_EQ(eng.results()[t], full.results()[t]) << t;
  eng.move_point("p1", l93(kLon, kLat));
  EXPECT_EQ(eng.totals().uncovered_pop, before.uncovered_pop);
  // Parameters say the figures are measured on the roads.
  bool said = false;
  for (const auto& [k, v] : eng.parameters())
    if (k == "mesure_de_la_portee") said = v.find("par la route") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(RoadsCoverage, RoadsAndCrowFlyGiveDifferentGaps) {
  const Workspace& ws = monaco();
  auto targets = coverage::build_targets(ws, {});
  CoverageEngine road(&ws, targets, travel_for(ws, TravelChoice::Car));
  CoverageEngine crow(&ws, targets, travel_for(ws, TravelChoice::CrowFly));
  const auto sc = one_point(l93(kLon, kLat), Reach::km(2));
  road.set_scenario(sc);
  crow.set_scenario(sc);
  EXPECT_NE(road.totals().uncovered_pop, crow.totals().uncovered_pop);
}

TEST(RoadsCoverage, TourLegsFollowTheRoads) {
  const Workspace& ws = monaco();
  auto car = travel_for(ws, TravelChoice::Car);
  const std::vector<Vec2> places = {l93(kLon, kLat), l93(7.4190, 43.7311), l93(7.4300, 43.7450)};
  routing::PlanInput in;
  routing::build_costs(*car, places, in);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      if (i != j) {
        EXPECT_TRUE(std::isfinite(in.dist_m[i * 3 + j]));
        EXPECT_GE(in.dist_m[i * 3 + j], dist(places[i], places[j]));
      }
  routing::Team team;
  team.base = 0;
  in.teams = {team};
  in.days = 1;
  for (int k = 1; k < 3; ++k) {
    routing::Stop st;
    st.id = "s" + std::to_string(k);
    st.place = k;
    st.service_s = 600;
    in.stops.push_back(st);
  }
  routing::SolveOptions opt;
  opt.max_iterations = 200;
  const routing::Plan plan = routing::plan_tours(in, opt);
  ASSERT_EQ(plan.visits, 2);
  const routing::LegLines legs = routing::leg_lines(*car, places, in, plan);
  ASSERT_EQ(legs.size(), 3u);  // base → a → b → base
  for (const auto& [key, line] : legs) {
    ASSERT_GT(line.size(), 2u) << "a leg along the roads has shape points";
    double len = 0;
    for (size_t k = 0; k + 1 < line.size(); ++k) len += dist(line[k], line[k + 1]);
    // The drawn line is as long as the leg's distance on the fastest path (within the
    // off-road walks at both ends).
    const double d = in.dist_m[static_cast<size_t>(key.first) * 3 + static_cast<size_t>(key.second)];
    EXPECT_NEAR(len, d, 0.02 * d + 50) << key.first << "→" << key.second;
  }
  // Crow-fly: no leg lines (straight legs).
  EXPECT_TRUE(routing::leg_lines(*travel_for(ws, TravelChoice::CrowFly), places, in, plan).empty());
}

namespace maraude {
namespace {

// The contraction hierarchy (built for tables of 100 × 100 points and more) gives the same
// figures as the plain Dijkstra searches (tables of one row), on the real Monaco network,
// both profiles and both metrics, unreachable pairs included.
TEST(RoadsCoverage, HierarchyTablesEqualDijkstraOnMonaco) {
  const Workspace& ws = monaco();
  uint64_t state = 12345;
  auto rnd = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  std::vector<Vec2> pts;
  for (int i = 0; i < 100; ++i) pts.push_back(l93(7.405 + 0.035 * rnd(), 43.725 + 0.03 * rnd()));
  for (roads::Profile prof : {roads::Profile::Car, roads::Profile::Foot})
    for (roads::Metric metric : {roads::Metric::Time, roads::Metric::Distance}) {
      const roads::Graph& g = ws.roads->graph(prof);
      roads::Router big(g, 4.5, 1000), small(g, 4.5, 1000);
      std::vector<double> s1, m1;
      big.matrix(pts, pts, metric, s1, m1);  // 100 × 100: through the hierarchy
      size_t finite = 0, infinite = 0;
      for (size_t i = 0; i < pts.size(); ++i) {
        std::vector<double> s2, m2;
        small.matrix({pts[i]}, pts, metric, s2, m2);  // one row: Dijkstra
        for (size_t j = 0; j < pts.size(); ++j) {
          const double a = s1[i * pts.size() + j], b = s2[j], c = m1[i * pts.size() + j], d = m2[j];
          if (std::isinf(b)) {
            EXPECT_TRUE(std::isinf(a)) << i << "→" << j;
            ++infinite;
            continue;
          }
          ++finite;
          const double main_a = metric == roads::Metric::Time ? a : c, main_b = metric == roads::Metric::Time ? b : d;
          EXPECT_NEAR(main_a, main_b, 1e-7 * main_b + 1e-6) << roads::profile_id(prof) << " " << i << "→" << j;
        }
      }
      EXPECT_GT(finite, 5000u) << roads::profile_id(prof);
      (void)infinite;
    }
}

}  // namespace
}  // namespace maraude

namespace maraude {
namespace {

std::vector<Vec2> monaco_points(size_t n, uint64_t state) {
  auto rnd = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  std::vector<Vec2> pts;
  for (size_t i = 0; i < n; ++i) pts.push_back(l93(7.405 + 0.035 * rnd(), 43.725 + 0.03 * rnd()));
  return pts;
}

bool same_data(const roads::ContractionHierarchy::Data& a, const roads::ContractionHierarchy::Data& b) {
  auto same_arcs = [](const std::vector<roads::ContractionHierarchy::Arc>& x,
                      const std::vector<roads::ContractionHierarchy::Arc>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i].to != y[i].to || x[i].mid != y[i].mid || x[i].cost != y[i].cost || x[i].other != y[i].other) return false;
    return true;
  };
  return a.metric == b.metric && a.id_of_node == b.id_of_node && a.node_of_id == b.node_of_id &&
         a.first_up == b.first_up && a.first_down == b.first_down && same_arcs(a.up, b.up) && same_arcs(a.down, b.down);
}

// The time hierarchies are built at import, stored in the road sidecar and handed to the
// workspace's travel models: the tables they give equal those of a freshly built one.
TEST(RoadsStore, StoredHierarchyIsUsedAndGivesTheFreshTables) {
  const Workspace& ws = monaco();
  ASSERT_TRUE(ws.roads->ch_car);
  ASSERT_TRUE(ws.roads->ch_foot);
  const std::vector<Vec2> pts = monaco_points(120, 777);
  for (roads::Profile prof : {roads::Profile::Car, roads::Profile::Foot}) {
    const auto& stored = ws.roads->hierarchy(prof);
    EXPECT_EQ(stored->metric(), roads::Metric::Time);
    EXPECT_EQ(stored->n_nodes(), ws.roads->graph(prof).n_nodes());
    // travel_for's model uses the stored hierarchy (no build on the first table).
    auto model = travel_for(ws, prof == roads::Profile::Car ? TravelChoice::Car : TravelChoice::Foot);
    const auto* road = dynamic_cast<const roads::RoadTravel*>(model.get());
    ASSERT_NE(road, nullptr);
    EXPECT_EQ(road->router().hierarchy_of(roads::Metric::Time).get(), stored.get()) << roads::profile_id(prof);
    // Stored and freshly built give the same table (120 × 120 goes through the hierarchy).
    const roads::Graph& g = ws.roads->graph(prof);
    roads::Router fresh(g, ws.roads->table.access_walk_kmh, ws.roads->table.max_snap_m);
    fresh.prepare();
    ASSERT_NE(fresh.hierarchy_of(roads::Metric::Time).get(), stored.get());
    std::vector<double> s1, m1, s2, m2;
    model->table(pts, pts, m1, s1);
    fresh.matrix(pts, pts, roads::Metric::Time, s2, m2);
    ASSERT_EQ(s1.size(), s2.size());
    size_t finite = 0;
    for (size_t k = 0; k < s1.size(); ++k) {
      if (std::isinf(s2[k])) {
        EXPECT_TRUE(std::isinf(s1[k])) << k;
        continue;
      }
      ++finite;
      EXPECT_EQ(s1[k], s2[k]) << roads::profile_id(prof) << " " << k;
      EXPECT_EQ(m1[k], m2[k]) << roads::profile_id(prof) << " " << k;
    }
    EXPECT_GT(finite, 7000u) << roads::profile_id(prof);
  }
}

// Writing and reading the sidecar keeps the hierarchy's arrays bit for bit; a sidecar of
// the previous format (no hierarchy) is refused with the re-import message; a damaged
// hierarchy is refused by its checks even when the checksum was recomputed.
TEST(RoadsStore, SidecarRoundTripAndOldFormatRefused) {
  const Workspace& ws = monaco();
  const auto dir = test::temp_dir("roads-store");
  const std::string path = (dir / "copy.roads").string();
  io::save_roads(*ws.roads, path);
  const io::RoadNetwork back = io::read_roads(path);
  ASSERT_TRUE(back.ch_car && back.ch_foot);
  EXPECT_TRUE(same_data(back.ch_car->data(), ws.roads->ch_car->data()));
  EXPECT_TRUE(same_data(back.ch_foot->data(), ws.roads->ch_foot->data()));

  // Format 1: the same file with the version field set back.
  std::string bytes = test::read_file(path);
  ASSERT_GT(bytes.size(), 20u);
  const uint32_t v1 = 1;
  std::memcpy(&bytes[8], &v1, 4);
  const std::string old = (dir / "old.roads").string();
  test::write_file(old, bytes);
  try {
    io::read_roads(old);
    FAIL() << "a sidecar of format 1 must be refused";
  } catch (const Error& e) {
    const std::string msg = e.format();
    EXPECT_NE(msg.find("format 1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("maraude import"), std::string::npos) << msg;
  }
}

TEST(RoadsStore, DamagedHierarchyArraysAreRefused) {
  const Workspace& ws = monaco();
  auto d = ws.roads->ch_car->data();
  ASSERT_FALSE(d.up.empty());
  // Reloaded unchanged: accepted.
  roads::ContractionHierarchy ok(d);
  EXPECT_EQ(ok.n_nodes(), ws.roads->car.n_nodes());
  auto bad_arc = d;
  for (size_t x = 0; x + 1 < bad_arc.first_up.size(); ++x)
    if (bad_arc.first_up[x] < bad_arc.first_up[x + 1]) {
      bad_arc.up[bad_arc.first_up[x]].to = static_cast<uint32_t>(x);  // not upward: a loop
      break;
    }
  EXPECT_THROW(roads::ContractionHierarchy{bad_arc}, Error);
  auto bad_perm = d;
  std::swap(bad_perm.id_of_node[0], bad_perm.id_of_node[1]);
  EXPECT_THROW(roads::ContractionHierarchy{bad_perm}, Error);
  auto short_first = d;
  short_first.first_down.pop_back();
  EXPECT_THROW(roads::ContractionHierarchy{short_first}, Error);
  // A hierarchy of another graph is refused by the router.
  roads::Router foot(ws.roads->foot, 4.5, 1000);
  if (ws.roads->foot.n_nodes() != ws.roads->car.n_nodes()) {
    EXPECT_THROW(foot.adopt_hierarchy(ws.roads->ch_car), Error);
  }
}

}  // namespace
}  // namespace maraude

namespace maraude {
namespace {

// Moving a site repairs the kept multi-source search (Router::move_source) instead of a
// new search: after every move, the costs of every node and the nearest site, metres and
// seconds of every place equal a search from scratch — moves of 300 m, a long jump, a
// site put at sea (off the network) and back, on both profiles and both metrics.
TEST(RoadsNearestIncremental, MovesEqualAFullRecompute) {
  const Workspace& ws = monaco();
  const std::vector<Vec2> places = monaco_points(300, 4242);
  std::vector<Vec2> sites = monaco_points(8, 99);
  const Vec2 sea = l93(7.4500, 43.7000);
  for (TravelChoice choice : {TravelChoice::Car, TravelChoice::Foot})
    for (bool by_time : {true, false}) {
      auto model = travel_for(ws, choice);
      const auto* road = dynamic_cast<const roads::RoadTravel*>(model.get());
      ASSERT_NE(road, nullptr);
      std::vector<Vec2> cur = sites;
      auto state = model->nearest_start(cur, places, by_time);
      struct Move { size_t site; Vec2 to; };
      std::vector<Move> moves;
      for (size_t k = 0; k < 12; ++k) {
        const double a = 0.9 * static_cast<double>(k);
        moves.push_back({k % cur.size(), cur[k % cur.size()] + Vec2{300 * std::cos(a), 300 * std::sin(a)}});
      }
      moves.push_back({3, cur[5]});         // onto another site's spot (ties broken alike or not, costs equal)
      moves.push_back({2, sea});            // off the network: reaches nothing
      moves.push_back({2, cur[2]});         // back
      moves.push_back({0, l93(7.4400, 43.7480)});  // a long jump
      size_t changed = 0;
      for (const Move& mv : moves) {
        const std::vector<int> before = state->site;
        model->nearest_move(*state, mv.site, mv.to);
        cur[mv.site] = mv.to;
        std::vector<int> site;
        std::vector<double> m, s;
        model->nearest(cur, places, by_time, site, m, s);
        for (size_t j = 0; j < places.size(); ++j) {
          EXPECT_EQ(state->seconds[j], s[j]) << roads::profile_id(road->profile()) << " place " << j;
          EXPECT_EQ(state->metres[j], m[j]) << roads::profile_id(road->profile()) << " place " << j;
          // Two sites on one spot are tied: either may win.
          const Vec2 a = cur[static_cast<size_t>(std::max(0, site[j]))], b = cur[static_cast<size_t>(std::max(0, state->site[j]))];
          if (!(a.x == b.x && a.y == b.y)) {
            EXPECT_EQ(state->site[j], site[j]) << roads::profile_id(road->profile()) << " place " << j;
          }
          changed += state->site[j] != before[j];
        }
      }
      EXPECT_GT(changed, 20u) << "the moves must change some places' nearest site";
    }
  // Router level: every node's cost after a move equals a fresh search.
  const roads::RoadTravel car(ws.roads, roads::Profile::Car);
  const roads::Router& router = car.router();
  std::vector<roads::Endpoint> eps;
  for (Vec2 p : sites) eps.push_back(router.endpoint(p));
  roads::SearchResult r = router.reach(eps, {}, roads::kUnreachable, roads::Metric::Time);
  for (size_t k = 0; k < 6; ++k) {
    const Vec2 to = sites[k] + Vec2{250.0 * static_cast<double>(k % 3) - 250, 300};
    eps[k] = router.endpoint(to);
    router.move_source(r, k, eps[k], roads::Metric::Time);
    const roads::SearchResult fresh = router.reach(eps, {}, roads::kUnreachable, roads::Metric::Time);
    size_t differ = 0;
    for (size_t v = 0; v < fresh.cost.size(); ++v)
      differ += !(fresh.cost[v] == r.cost[v] || (std::isinf(fresh.cost[v]) && std::isinf(r.cost[v])));
    EXPECT_EQ(differ, 0u) << "move " << k;
  }
}

// The engine on roads with several points: drag steps equal a full recompute.
TEST(RoadsNearestIncremental, EngineDragStepsEqualAFullRecompute) {
  const Workspace& ws = monaco();
  auto car = travel_for(ws, TravelChoice::Car);
  auto targets = coverage::build_targets(ws, {});
  coverage::Scenario sc = one_point(l93(kLon, kLat), Reach::minutes(3));
  const std::vector<Vec2> more = monaco_points(4, 31);
  for (size_t i = 0; i < more.size(); ++i) {
    coverage::ServicePoint p = sc.points[0];
    p.id = "q" + std::to_string(i);
    p.pos = more[i];
    sc.points.push_back(p);
  }
  CoverageEngine eng(&ws, targets, car);
  eng.set_scenario(sc);
  for (size_t k = 0; k < 10; ++k) {
    const size_t i = k % sc.points.size();
    const double a = 1.3 * static_cast<double>(k);
    sc.points[i].pos = sc.points[i].pos + Vec2{300 * std::cos(a), 300 * std::sin(a)};
    eng.move_point(sc.points[i].id, sc.points[i].pos);
    CoverageEngine full(&ws, targets, car);
    full.set_scenario(sc);
    for (size_t t = 0; t < targets.size(); ++t) EXPECT_EQ(eng.results()[t], full.results()[t]) << "step " << k << " target " << t;
    EXPECT_EQ(eng.totals().uncovered_pop, full.totals().uncovered_pop);
  }
}

}  // namespace
}  // namespace maraude

// The engine tells targets wholly inside or outside a road reach area from the rings and
// runs GEOS only where boundaries meet: its gaps must equal the plain overlay (target minus
// the union of every point's area), on squares that fall inside, outside and across.
TEST(RoadsCoverage, EngineGapsEqualTheOverlayOfTheAreas) {
  const Workspace& ws = monaco();
  auto car = travel_for(ws, TravelChoice::Car);
  const Vec2 c = l93(kLon, kLat);
  std::vector<coverage::Target> targets;
  const double side = 250;
  int k = 0;
  for (double y = c.y - 2000; y < c.y + 2000; y += side)
    for (double x = c.x - 2000; x < c.x + 2000; x += side) {
      coverage::Target t;
      t.id = t.code = t.name = "carre:" + std::to_string(k++);
      t.kind = coverage::TargetKind::RuralCommune;
      t.geom.polys.push_back(Polygon{{Ring{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}}}});
      t.area_m2 = side * side;
      t.anchor = {x + side / 2, y + side / 2};
      t.population_known = true;
      t.population = 1000;
      targets.push_back(std::move(t));
    }
  coverage::Scenario sc = one_point(c, Reach::minutes(3));
  coverage::ServicePoint p2 = sc.points[0];
  p2.id = "p2";
  p2.pos = c + Vec2{-900, 700};
  sc.points.push_back(p2);
  CoverageEngine eng(&ws, targets, car);
  eng.set_scenario(sc);
  MultiPolygon areas;
  for (const auto& p : sc.points)
    for (auto& poly : car->reach_area(p.pos, 180, true, 8).area.polys) areas.polys.push_back(poly);
  const coverage::geos::Geom cover = coverage::geos::from_model(coverage::geos::union_all(areas));
  size_t inside = 0, outside = 0, across = 0;
  for (size_t t = 0; t < targets.size(); ++t) {
    const coverage::geos::Geom tg = coverage::geos::from_model(targets[t].geom);
    const coverage::geos::Geom d =
        coverage::geos::check(GEOSDifference_r(coverage::geos::handle(), tg.get(), cover.get()), "Difference");
    const double gap = coverage::geos::area(d.get());
    EXPECT_NEAR(eng.results()[t].gap_area_m2, gap, 1e-6 * targets[t].area_m2) << t;
    if (gap == 0) ++inside;
    else if (gap >= targets[t].area_m2 * (1 - 1e-12)) ++outside;
    else ++across;
  }
  EXPECT_GT(inside, 3u);
  EXPECT_GT(outside, 3u);
  EXPECT_GT(across, 3u);
}

}  // namespace
}  // namespace maraude
