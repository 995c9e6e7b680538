// The Routes layer (issue 10): the workspace's car road network drawn from commune zoom,
// on a small synthetic workspace (2 x 2 square communes of 10 km) with a road network
// built by roads::build_graph from a few ways — a motorway, a secondary road and a
// residential street. Run under xvfb-run.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <sstream>

#include "core/projection.h"
#include "core/roads/network.h"
#include "core/story.h"
#include "coverage_synthetic.h"
#include "render/compose.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "render/overlay_cairo.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::render;

namespace {
constexpr double kX0 = 700000, kY0 = 7000000, kSide = 10000;  // region: 20 km square

// A way along `pts` (node ids from `first_id`), drivable both ways.
roads::RawWay way(int64_t osm_id, int64_t first_id, roads::RoadClass cls, std::vector<Vec2> pts) {
  roads::RawWay w;
  w.osm_id = osm_id;
  w.cls = cls;
  w.pts = std::move(pts);
  for (size_t i = 0; i < w.pts.size(); ++i) w.node_ids.push_back(first_id + static_cast<int64_t>(i));
  for (auto& a : w.access) a = {true, true, 50};
  return w;
}

// Motorway along y = kY0 + 5 km (x from 0.5 to 19.5 km), secondary road along x = kX0 + 5 km,
// residential street along y = kY0 + 15 km from x = 12 to 16 km.
std::shared_ptr<const roads::RoadNetwork> network() {
  std::vector<roads::RawWay> ways;
  std::vector<Vec2> m, s, r;
  for (int i = 0; i <= 19; ++i) m.push_back({kX0 + 500 + i * 1000.0, kY0 + 5000});
  for (int i = 0; i <= 18; ++i) s.push_back({kX0 + 5000, kY0 + 1000 + i * 1000.0});
  for (int i = 0; i <= 4; ++i) r.push_back({kX0 + 12000 + i * 1000.0, kY0 + 15000});
  ways.push_back(way(1, 1000, roads::RoadClass::Motorway, m));
  ways.push_back(way(2, 2000, roads::RoadClass::Secondary, s));
  ways.push_back(way(3, 3000, roads::RoadClass::Residential, r));
  auto net = std::make_shared<roads::RoadNetwork>();
  net->car = roads::build_graph(ways, roads::Profile::Car);
  net->foot = roads::build_graph(ways, roads::Profile::Foot);
  return net;
}

struct Env {
  Workspace with, without;  // the same communes, with and without a road network
  std::unique_ptr<GlContext> ctx;
  std::unique_ptr<MapRenderer> r_with, r_without;
};
Env& env() {
  static Env* e = [] {
    auto* x = new Env;
    x->without = test::grid_workspace(2, kSide, kX0, kY0);
    x->with = test::grid_workspace(2, kSide, kX0, kY0);
    x->with.roads = network();
    x->ctx = std::make_unique<GlContext>(false, 64, 64, "roads layer test", 0);
    x->r_with = std::make_unique<MapRenderer>();
    x->r_with->set_data(x->with, build_map_data(x->with));
    x->r_without = std::make_unique<MapRenderer>();
    x->r_without->set_data(x->without, build_map_data(x->without));
    return x;
  }();
  return *e;
}

Camera cam_at(double mpp, int w = 400, int h = 400) {
  Camera c;
  c.width = w;
  c.height = h;
  c.center = {kX0 + kSide, kY0 + kSide};
  c.mpp = mpp;
  return c;
}

struct Px { int r, g, b; };
Px px(const Image& img, int x, int y) {
  const uint32_t v = img.argb(x, y);
  return {int(v >> 16 & 255), int(v >> 8 & 255), int(v & 255)};
}
// How far the darkest pixel within 2 px of `world` is below the land colour (sum of channels).
int darkening(const Image& img, const Camera& c, Vec2 world) {
  const Vec2 s = c.world_to_screen(world);
  const Rgba land = palette::kLand;
  int best = 0;
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx) {
      const int x = static_cast<int>(s.x) + dx, y = static_cast<int>(s.y) + dy;
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
      const Px p = px(img, x, y);
      best = std::max(best, (land.r - p.r) + (land.g - p.g) + (land.b - p.b));
    }
  return best;
}
// Points along each road (away from the crossings and the ends).
std::vector<Vec2> along_motorway() {
  return {{kX0 + 2500, kY0 + 5000}, {kX0 + 9000, kY0 + 5000}, {kX0 + 13700, kY0 + 5000}, {kX0 + 17200, kY0 + 5000}};
}
std::vector<Vec2> along_secondary() { return {{kX0 + 5000, kY0 + 2600}, {kX0 + 5000, kY0 + 11000}, {kX0 + 5000, kY0 + 17400}}; }
std::vector<Vec2> along_street() { return {{kX0 + 12600, kY0 + 15000}, {kX0 + 14300, kY0 + 15000}}; }

MapStyle only_roads(const Workspace& ws) {
  MapStyle st = MapStyle::defaults(ws);
  st.show_only({LayerId::Roads});
  return st;
}

int min_darkening(const Image& img, const Camera& c, const std::vector<Vec2>& pts) {
  int m = 1 << 30;
  for (const Vec2& p : pts) m = std::min(m, darkening(img, c, p));
  return m;
}
int max_darkening(const Image& img, const Camera& c, const std::vector<Vec2>& pts) {
  int m = 0;
  for (const Vec2& p : pts) m = std::max(m, darkening(img, c, p));
  return m;
}
}  // namespace

TEST(RoadsLayer, LayerKeyLabelsAndDefaultPlace) {
  EXPECT_STREQ(layer_key(LayerId::Roads), "routes");
  EXPECT_STREQ(layer_label(LayerId::Roads, false), "Routes (OpenStreetMap)");
  EXPECT_STREQ(layer_label(LayerId::Roads, true), "Roads (OpenStreetMap)");
  EXPECT_EQ(parse_layer("routes"), LayerId::Roads);
  EXPECT_EQ(parse_layer("roads"), LayerId::Roads);
  // Above the fills (zones, basins, laureates, gaps), under the QPV and the services.
  const MapStyle st = MapStyle::defaults(env().without);
  auto at = [&](LayerId id) {
    for (size_t i = 0; i < st.layers.size(); ++i)
      if (st.layers[i].id == id) return static_cast<int>(i);
    return -1;
  };
  ASSERT_GE(at(LayerId::Roads), 0);
  for (LayerId below : {LayerId::Zones, LayerId::Basins, LayerId::Laureates, LayerId::Gaps})
    EXPECT_LT(at(below), at(LayerId::Roads)) << layer_key(below);
  for (LayerId above : {LayerId::Qpv, LayerId::Services, LayerId::Labels})
    EXPECT_GT(at(above), at(LayerId::Roads)) << layer_key(above);
  // The story vocabulary has the key in the same place (presenter and handouts).
  const std::vector<ViewLayer> v = default_view_layers();
  ASSERT_EQ(v.size(), st.layers.size());
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].key, layer_key(st.layers[i].id));
}

TEST(RoadsLayer, StoryViewNamingRoutesShowsIt) {
  StoryView v;
  v.layers = {"zones", "routes", "no_such_layer"};
  const std::vector<ViewLayer> out = story_view_layers(default_view_layers(), v);
  for (const auto& l : out) EXPECT_EQ(l.visible, l.key == "zones" || l.key == "routes") << l.key;
  const auto problems = view_problems(v, env().without, nullptr);
  ASSERT_EQ(problems.size(), 1u);  // only the unknown layer
  EXPECT_NE(problems[0].find("no_such_layer"), std::string::npos);
  // A stack without the key (an older map): the view still applies, the key is ignored.
  std::vector<ViewLayer> old = default_view_layers();
  old.erase(std::remove_if(old.begin(), old.end(), [](const ViewLayer& l) { return l.key == "routes"; }), old.end());
  const std::vector<ViewLayer> out2 = story_view_layers(old, v);
  ASSERT_EQ(out2.size(), old.size());
  for (const auto& l : out2) EXPECT_EQ(l.visible, l.key == "zones") << l.key;
}

TEST(RoadsLayer, LinesBuiltOncePerClassAndLevel) {
  const MapData& d = env().r_with->data();
  ASSERT_FALSE(d.roads.empty());
  EXPECT_EQ(d.roads.segments, env().with.roads->car.segs.size());
  const RoadLevel& full = d.roads.levels[0];
  EXPECT_EQ(full.min_mpp, 0);
  // Straight ways: every shape point is collinear, so one line per graph segment.
  EXPECT_FALSE(full.lines[0].empty());
  EXPECT_FALSE(full.lines[1].empty());
  EXPECT_FALSE(full.lines[2].empty());
  // The coarsest level has no minor roads (never drawn at its scales).
  EXPECT_TRUE(d.roads.levels.back().lines[2].empty());
  EXPECT_FALSE(d.roads.levels.back().lines[0].empty());
  EXPECT_EQ(road_draw_class(roads::RoadClass::TrunkLink), 0);
  EXPECT_EQ(road_draw_class(roads::RoadClass::PrimaryLink), 1);
  EXPECT_EQ(road_draw_class(roads::RoadClass::Tertiary), 2);
  EXPECT_TRUE(env().r_without->data().roads.empty());
}

TEST(RoadsLayer, DrawnAtCommuneZoomAlongEachRoad) {
  const Workspace& ws = env().with;
  const Camera c = cam_at(60);  // commune zoom (<= kRoadMaxMpp), the whole region in view
  ASSERT_LE(c.mpp, kRoadMaxMpp);
  ASSERT_GT(c.mpp, kRoadMinorMaxMpp);
  const Image img = render_map_image(*env().r_with, c, only_roads(ws));
  EXPECT_GT(min_darkening(img, c, along_motorway()), 60) << "motorway";
  EXPECT_GT(min_darkening(img, c, along_secondary()), 40) << "secondary road";
  // The minor roads come in closer only; the land elsewhere is untouched.
  EXPECT_LE(max_darkening(img, c, along_street()), 3) << "street at 60 m/px";
  EXPECT_LE(darkening(img, c, {kX0 + 15000, kY0 + 10000}), 3) << "away from the roads";
  // The motorway is drawn wider and darker than the secondary road.
  EXPECT_GT(min_darkening(img, c, along_motorway()), max_darkening(img, c, along_secondary()));

  const Camera close = cam_at(20, 1000, 1000);  // the whole region
  const Image img2 = render_map_image(*env().r_with, close, only_roads(ws));
  EXPECT_GT(min_darkening(img2, close, along_street()), 25) << "street at 20 m/px";
  EXPECT_GT(min_darkening(img2, close, {{kX0 + 7000, kY0 + 5000}, {kX0 + 12000, kY0 + 5000}}), 60) << "motorway at 20 m/px";
}

TEST(RoadsLayer, NothingWhenHiddenOrAtRegionScale) {
  const Workspace& ws = env().with;
  const Camera c = cam_at(60);
  MapStyle off = only_roads(ws);
  off.layer(LayerId::Roads)->visible = false;
  off.touch();
  const Image img = render_map_image(*env().r_with, c, off);
  EXPECT_LE(max_darkening(img, c, along_motorway()), 3) << "layer off";
  MapStyle transparent = only_roads(ws);
  transparent.layer(LayerId::Roads)->opacity = 0;
  transparent.touch();
  EXPECT_LE(max_darkening(render_map_image(*env().r_with, c, transparent), c, along_motorway()), 3) << "opacity 0";

  // Region scale: not drawn, and the frame costs the same draw calls as without the layer.
  const Camera far = cam_at(kRoadMaxMpp * 1.2, 200, 200);
  MapStyle all = MapStyle::defaults(ws);
  const Image on_img = render_map_image(*env().r_with, far, all);
  const int calls_on = env().r_with->stats().draw_calls;
  EXPECT_LE(max_darkening(render_map_image(*env().r_with, far, only_roads(ws)), far, along_motorway()), 3);
  all.layer(LayerId::Roads)->visible = false;
  all.touch();
  const Image off_img = render_map_image(*env().r_with, far, all);
  EXPECT_EQ(env().r_with->stats().draw_calls, calls_on);
  EXPECT_EQ(on_img.pixels, off_img.pixels);
  // At commune zoom the layer costs its draw calls (one per class drawn).
  all.layer(LayerId::Roads)->visible = true;
  all.touch();
  render_map_image(*env().r_with, cam_at(20, 1000, 1000), all);
  const int near_on = env().r_with->stats().draw_calls;
  all.layer(LayerId::Roads)->visible = false;
  all.touch();
  render_map_image(*env().r_with, cam_at(20, 1000, 1000), all);
  EXPECT_EQ(near_on - env().r_with->stats().draw_calls, 3);
}

TEST(RoadsLayer, NoRoadNetworkDrawsNothingAndListsNoLegend) {
  const Workspace& ws = env().without;
  const Camera c = cam_at(20, 1000, 1000);
  const Image img = render_map_image(*env().r_without, c, only_roads(ws));
  EXPECT_LE(max_darkening(img, c, along_motorway()), 3);
  EXPECT_LE(max_darkening(img, c, along_street()), 3);
  // The whole default stack renders the same with the layer on or off.
  MapStyle all = MapStyle::defaults(ws);
  const Image a = render_map_image(*env().r_without, c, all);
  all.layer(LayerId::Roads)->visible = false;
  all.touch();
  EXPECT_EQ(render_map_image(*env().r_without, c, all).pixels, a.pixels);

  auto legend_has = [](const Overlay& ov, const std::string& t) {
    return std::any_of(ov.items.begin(), ov.items.end(), [&](const OvItem& i) { return i.text == t; });
  };
  const MeasureText m = cairo_measure();
  EXPECT_FALSE(legend_has(build_overlay(ws, env().r_without->data(), c, MapStyle::defaults(ws), m), "Routes"));
  // With a network: the entry shows at commune zoom only, with the classes drawn there.
  const Workspace& wr = env().with;
  const Overlay near = build_overlay(wr, env().r_with->data(), c, MapStyle::defaults(wr), m);
  EXPECT_TRUE(legend_has(near, "Routes"));
  EXPECT_TRUE(legend_has(near, "Autoroute, voie rapide"));
  EXPECT_TRUE(legend_has(near, "Autre route"));
  EXPECT_TRUE(legend_has(near, "© contributeurs OpenStreetMap"));
  EXPECT_FALSE(legend_has(build_overlay(wr, env().r_with->data(), cam_at(60), MapStyle::defaults(wr), m), "Autre route"));
  EXPECT_FALSE(legend_has(build_overlay(wr, env().r_with->data(), cam_at(200), MapStyle::defaults(wr), m), "Routes"));
  MapStyle hidden = MapStyle::defaults(wr);
  hidden.layer(LayerId::Roads)->visible = false;
  EXPECT_FALSE(legend_has(build_overlay(wr, env().r_with->data(), c, hidden, m), "Routes"));
}

TEST(RoadsLayer, MalformedSegmentsAreSkipped) {
  roads::Graph g;
  g.seg_pts = {{0, 0}, {100, 0}, {200, 0}};
  roads::Segment ok;
  ok.first_pt = 0;
  ok.n_pts = 3;
  roads::Segment bad = ok;
  bad.first_pt = 2;  // runs past the points
  roads::Segment single = ok;
  single.n_pts = 1;
  g.segs = {ok, bad, single};
  const RoadLines rl = build_road_lines(g, {0, 0});
  EXPECT_EQ(rl.segments, 1u);
  ASSERT_FALSE(rl.empty());
  EXPECT_EQ(rl.levels[0].lines[2].size(), 1u);  // collinear: one line from 0 to 200
  EXPECT_TRUE(build_road_lines(roads::Graph{}, {0, 0}).empty());
}

// `maraude render --layers routes` on the real workspace (imported without a road network):
// the image is written, and the command says why the layer is empty.
TEST(RoadsLayer, RenderCliAcceptsTheKey) {
  const auto out = test::temp_dir("roads_cli") / "routes.png";
  const auto r = test::run_maraude("render '" + test::real_workspace() + "' --out '" + out.string() +
                                   "' --size 320x240 --view commune:59350 --layers zones,routes");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_png(out.string()).width, 320);
  // The shared data hold no Hauts-de-France extract: the command says why nothing is drawn.
  EXPECT_NE(r.err.find("pas de réseau routier"), std::string::npos) << r.err;
  const auto bad = test::run_maraude("render '" + test::real_workspace() + "' --out '" + out.string() + "' --layers routs");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("routes"), std::string::npos) << "the known keys list it: " << bad.err;
}

// End to end on the Monaco test region (data/geo/fixtures/monaco, a real OpenStreetMap
// extract): `maraude render --layers routes` draws roads at commune zoom, and nothing (with
// a note) when the view is wider than commune zoom.
TEST(RoadsLayer, RenderCliDrawsTheMonacoFixtureRoads) {
  const auto dir = test::temp_dir("roads_monaco");
  const std::string ws = (dir / "monaco.gpkg").string();
  const auto imp = test::run_maraude("import --data '" + test::data_dir() + "' --manifest '" + test::source_dir() +
                                     "/data/geo/fixtures/monaco/manifest.ini' --out '" + ws + "'");
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  auto render = [&](const std::string& name, const std::string& args) {
    const std::string out = (dir / name).string();
    const auto r = test::run_maraude("render '" + ws + "' --out '" + out + "' --size 400x300 --no-legend " + args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::make_pair(read_png(out), r.err);
  };
  // Pixels the road layer changes: the same map with and without it.
  auto changed = [](const Image& a, const Image& b) {
    int n = 0;
    for (int y = 0; y < a.height; ++y)
      for (int x = 0; x < a.width; ++x) {
        const Px p = px(a, x, y), q = px(b, x, y);
        n += std::abs(p.r - q.r) + std::abs(p.g - q.g) + std::abs(p.b - q.b) > 40;
      }
    return n;
  };
  // The region (about 3.5 km across) fills the image: a few metres per pixel.
  const auto [near, near_err] = render("near.png", "--layers zones,routes");
  const auto [bare, bare_err] = render("bare.png", "--layers zones");
  EXPECT_GT(changed(near, bare), 2000) << near_err;
  EXPECT_EQ(near_err.find("pas de réseau routier"), std::string::npos) << near_err;
  EXPECT_EQ(near_err.find("échelle des communes"), std::string::npos) << near_err;
  const std::string wide = "--view bbox:1000000,6250000,1110000,6350000";  // 110 km: region scale
  const auto [far, far_err] = render("far.png", "--layers zones,routes " + wide);
  const auto [far_bare, far_bare_err] = render("far_bare.png", "--layers zones " + wide);
  EXPECT_EQ(changed(far, far_bare), 0);
  EXPECT_NE(far_err.find("échelle des communes"), std::string::npos) << far_err;
}

namespace {
// The ways of a one-feature-per-line GeoJSON of OSM highways (as in the shared data's
// roads/ folder), projected to Lambert-93; nodes are joined by their coordinates.
std::vector<roads::RawWay> read_highways(const std::string& path) {
  std::vector<roads::RawWay> ways;
  std::istringstream in(test::read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    const auto h = line.find("\"highway\": \"");
    const auto c = line.find("\"coordinates\": [");
    if (h == std::string::npos || c == std::string::npos || line.find("LineString") == std::string::npos) continue;
    const std::string cls = line.substr(h + 12, line.find('"', h + 12) - (h + 12));
    roads::RawWay w;
    if (!roads::parse_road_class(cls, w.cls) || road_draw_class(w.cls) < 0) continue;
    const int ci = static_cast<int>(w.cls);
    if (ci >= static_cast<int>(roads::RoadClass::Footway)) continue;  // not for cars
    for (size_t i = c; (i = line.find('[', i + 1)) != std::string::npos;) {
      double lon = 0, lat = 0;
      if (std::sscanf(line.c_str() + i, "[ %lf, %lf ]", &lon, &lat) != 2) continue;
      w.node_ids.push_back(std::llround(lon * 1e7) * 1000000000LL + std::llround(lat * 1e7) % 1000000000LL);
      w.pts.push_back(lonlat_to_l93(lon, lat));
    }
    for (auto& a : w.access) a = {true, true, 30};
    if (w.pts.size() >= 2) ways.push_back(std::move(w));
  }
  return ways;
}
}  // namespace

// A picture of the layer with its legend, for a look by eye: MARAUDE_ROADS_PNG=out.png
// (the synthetic network), or with MARAUDE_ROADS_GEOJSON=highways.geojson a real one
// under a choropleth of four zones.
// A picture for a person to look at, not a check: run by hand with
// --gtest_also_run_disabled_tests (MARAUDE_ROADS_PNG names the file, default roads_layer.png; never counted as a skipped test).
TEST(RoadsLayer, DISABLED_OptionalPicture) {
  const char* env_out = std::getenv("MARAUDE_ROADS_PNG");
  const char* out = env_out ? env_out : "roads_layer.png";  // in the working directory
  const char* gj = std::getenv("MARAUDE_ROADS_GEOJSON");
  if (!gj) {
    const Workspace& ws = env().with;
    write_png(compose_map(*env().r_with, ws, cam_at(30, 900, 700), MapStyle::defaults(ws)), out);
    return;
  }
  env();  // the GL context
  auto net = std::make_shared<roads::RoadNetwork>();
  net->car = roads::build_graph(read_highways(gj), roads::Profile::Car);
  ASSERT_GT(net->car.segs.size(), 0u);
  const BBox e = net->car.extent();
  const double side = std::max(e.width(), e.height()) / 2 + 200;
  Workspace ws = test::grid_workspace(2, side, e.center().x - side, e.center().y - side);
  const double rates[] = {7.5, 9.0, 11.0, 13.5};
  for (int z = 0; z < 2; ++z) {
    ZoneEmploi ze;
    ze.code = "z" + std::to_string(z);
    ze.name = "Zone " + ze.code;
    ze.rate_latest = rates[z * 2 + 1];
    ze.quarter_latest = "2023-T3";
    ws.zones.push_back(ze);
  }
  for (auto& cm : ws.communes) cm.in_rural_basin = false;
  ws.roads = net;
  ws.build_indexes();
  MapRenderer r;
  r.set_data(ws, build_map_data(ws));
  Camera c;
  c.width = 1100;
  c.height = 800;
  c.center = e.center();
  c.mpp = std::max(e.width() / (c.width - 420), e.height() / (c.height - 40));
  write_png(compose_map(r, ws, c, MapStyle::defaults(ws)), out);
  const auto& lv = r.data().roads.levels;
  size_t n[3] = {0, 0, 0};
  for (size_t l = 0; l < lv.size() && l < 3; ++l)
    for (const auto& v : lv[l].lines) n[l] += v.size();
  std::fprintf(stderr, "%zu segments, %zu shape points, lines per level %zu / %zu / %zu, %.1f m/px, built in %.1f ms\n",
               net->car.segs.size(), net->car.seg_pts.size(), n[0], n[1], n[2], c.mpp, r.data().roads.build_ms);
}

// Figures at the scale of a region's network, on a synthetic one (no Hauts-de-France
// extract is stored): a grid of roads every kilometre over 200 x 150 km (about 60 000 km
// of road), a shape point every 30 m with a 3 m wiggle; every tenth road a motorway, every
// third a main road. It prints the build, upload and frame times.
// Figures on a region-size synthetic network (README), by hand: --gtest_also_run_disabled_tests
// (disabled, so never counted as a test that ran).
TEST(RoadsLayer, DISABLED_OptionalScaleFigures) {
  env();  // the GL context
  const double W = 200000, H = 150000, step = 1000, pt = 30;
  const double x0 = 600000, y0 = 6900000;
  auto net = std::make_shared<roads::RoadNetwork>();
  roads::Graph& g = net->car;
  auto add = [&](Vec2 a, Vec2 b, roads::RoadClass cls) {
    roads::Segment s;
    s.first_pt = static_cast<uint32_t>(g.seg_pts.size());
    const int n = static_cast<int>(std::ceil(step / pt));
    for (int k = 0; k <= n; ++k) {
      const double t = double(k) / n, w = (k == 0 || k == n) ? 0 : 3 * std::sin(k * 0.9);
      const Vec2 d{b.x - a.x, b.y - a.y};
      const Vec2 nrm{-d.y / step, d.x / step};
      g.seg_pts.push_back({a.x + d.x * t + nrm.x * w, a.y + d.y * t + nrm.y * w});
    }
    s.n_pts = static_cast<uint32_t>(g.seg_pts.size()) - s.first_pt;
    s.cls = cls;
    g.segs.push_back(s);
  };
  auto cls_of = [](int i) {
    return i % 10 == 0 ? roads::RoadClass::Motorway : i % 3 == 0 ? roads::RoadClass::Secondary : roads::RoadClass::Residential;
  };
  for (int j = 0; j <= H / step; ++j)
    for (int i = 0; i < W / step; ++i)
      add({x0 + i * step, y0 + j * step}, {x0 + (i + 1) * step, y0 + j * step}, cls_of(j));
  for (int i = 0; i <= W / step; ++i)
    for (int j = 0; j < H / step; ++j)
      add({x0 + i * step, y0 + j * step}, {x0 + i * step, y0 + (j + 1) * step}, cls_of(i));
  Workspace ws = test::grid_workspace(4, 37500, x0 + 25000, y0);
  ws.roads = net;
  MapRenderer r;
  MapData plain = build_map_data(ws);
  const RoadLines rl = build_road_lines(g, plain.origin);
  size_t lines[3] = {0, 0, 0};
  for (size_t l = 0; l < rl.levels.size(); ++l)
    for (int c = 0; c < kRoadClasses; ++c) lines[l] += rl.levels[l].lines[c].size();
  std::fprintf(stderr, "network: %zu segments, %zu shape points; lines per level: %zu / %zu / %zu; build %.0f ms\n",
               g.segs.size(), g.seg_pts.size(), lines[0], lines[1], lines[2], rl.build_ms);
  Workspace bare = ws;
  bare.roads = nullptr;
  r.set_data(bare, build_map_data(bare));
  const size_t bytes_without = r.stats().gpu_bytes;
  const double up_without = r.stats().upload_ms;
  MapData d = build_map_data(ws);
  r.set_data(ws, std::move(d));
  std::fprintf(stderr, "upload: %.0f ms, GPU %.1f MB (without roads: %.0f ms, %.1f MB)\n", r.stats().upload_ms,
               r.stats().gpu_bytes / 1e6, up_without, bytes_without / 1e6);
  for (double mpp : {250.0, 160.0, 60.0, 30.0, 8.0}) {
    Camera c = cam_at(mpp, 1600, 900);
    c.center = {x0 + W / 2, y0 + H / 2};
    MapStyle st = MapStyle::defaults(ws);
    double ms[2];
    for (int on = 1; on >= 0; --on) {
      st.layer(LayerId::Roads)->visible = on;
      st.touch();
      render_map_image(r, c, st);  // warm
      ms[on] = 1e9;  // the fastest of a few frames (the machine is shared)
      for (int k = 0; k < 7; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        render_map_image(r, c, st);
        ms[on] = std::min(ms[on], std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
    }
    std::fprintf(stderr, "1600x900 at %5.0f m/px (offscreen, 4x MSAA, read back): %.0f ms with roads, %.0f ms without\n", mpp, ms[1], ms[0]);
  }
}
