// The route planner in the viewer (run under xvfb-run): the headless PlannerController
// (solve on its worker, stop request, pinning a stop to a day), the French left-out
// texts, and the route layer (geometry, and a route line actually drawn).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <regex>
#include <thread>

#include "app/planner_controller.h"
#include "app/planner_panels.h"
#include "core/routing/planner.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/map_renderer.h"
#include "render/offscreen.h"
#include "render/route_layer.h"
#include "render/view_spec.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;

namespace {
std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

// The Douai camping-car of plan_test: base 59178, TOUR EMPLOI's territory, reach 3 km.
PlannerSettings douai(long iterations = 3000) {
  PlannerSettings s;
  s.base = "59178";
  s.territory = "laureate:tour_emploi";
  s.reach = coverage::Reach::km(3);
  s.days = 6;
  s.service_s = 3 * 3600;
  s.iterations = iterations;
  return s;
}

// Every day of the plan passes the engine's own schedule check; each stop is either
// served once or left out.
std::string check(const PlannerResult& r) {
  const routing::Problem p = routing::planner_problem(r.input);
  std::vector<int> seen(r.input.stops.size(), 0);
  for (const auto& d : r.plan.days) {
    int slot = -1;
    for (size_t k = 0; k < p.slots.size(); ++k)
      if (p.slots[k].vehicle == d.team && p.slots[k].day == d.day) slot = static_cast<int>(k);
    if (slot < 0) return "day without a slot";
    std::vector<int> seq;
    for (const auto& v : d.visits) {
      seq.push_back(v.stop);
      ++seen[static_cast<size_t>(v.stop)];
    }
    if (!seq.empty() && !routing::check_route(p, slot, seq)) return "infeasible day " + std::to_string(d.day + 1);
  }
  for (const auto& lo : r.plan.left_out) ++seen[static_cast<size_t>(lo.stop)];
  for (size_t j = 0; j < seen.size(); ++j)
    if (seen[j] != 1) return "stop " + std::to_string(j) + " seen " + std::to_string(seen[j]) + " times";
  return "";
}

PlannerController& solved() {
  static PlannerController* c = [] {
    auto* pc = new PlannerController(workspace(), test::real_workspace());
    pc->solve(douai());
    pc->wait();
    return pc;
  }();
  return *c;
}
}  // namespace

TEST(PlannerController, SolvesTheDouaiCaseToAFeasiblePlan) {
  PlannerController& c = solved();
  ASSERT_TRUE(c.error.empty()) << c.error;
  ASSERT_NE(c.result(), nullptr);
  const PlannerResult& r = *c.result();
  EXPECT_GT(r.candidates, 10u);
  EXPECT_GT(r.plan.visits, 6);
  EXPECT_GT(r.plan.value, 0);
  EXPECT_FALSE(r.stopped);
  EXPECT_EQ(check(r), "");
  EXPECT_EQ(r.places.front().code, "59178");
  // Left-out texts are French: decimal commas, no broken clock.
  const std::regex decimal_point("[0-9]\\.[0-9]");
  for (const auto& lo : r.plan.left_out) {
    EXPECT_FALSE(lo.label.empty());
    EXPECT_FALSE(std::regex_search(lo.explanation, decimal_point)) << lo.explanation;
    EXPECT_EQ(lo.explanation.find("--:--"), std::string::npos) << lo.explanation;
  }
  // The map gets one route per working day with visits, in the day's colour.
  const auto draws = c.route_draws();
  int used = 0;
  for (const auto& d : r.plan.days) used += !d.visits.empty();
  EXPECT_EQ(static_cast<int>(draws.size()), used);
  for (const auto& d : draws) EXPECT_EQ(d.path.front().x, d.path.back().x);
}

TEST(PlannerController, StopEndsTheSolveEarlyWithAValidPlan) {
  PlannerController c(workspace(), test::real_workspace());
  const long budget = 50'000'000;  // far more than the test could wait for
  c.solve(douai(budget));
  // Wait for the search itself to start (the coverage and the travel times come first).
  for (int i = 0; i < 6000 && c.running() && c.progress() <= 0.1f; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(c.running()) << c.error;
  c.request_stop();
  c.wait();
  ASSERT_TRUE(c.error.empty()) << c.error;
  ASSERT_NE(c.result(), nullptr);
  EXPECT_TRUE(c.result()->stopped);
  EXPECT_LT(c.result()->iterations_done, budget);
  EXPECT_EQ(check(*c.result()), "");
  EXPECT_GT(c.result()->plan.visits, 0);
}

TEST(PlannerController, PinnedStopStaysOnDayTwoAfterReoptimising) {
  PlannerController& c = solved();
  ASSERT_NE(c.result(), nullptr);
  // A served stop that is not on day 2.
  int stop = -1;
  for (const auto& d : c.result()->plan.days)
    if (d.day != 1 && !d.visits.empty() && stop < 0) stop = d.visits.back().stop;
  ASSERT_GE(stop, 0);
  c.pin(stop, 0, 1);
  c.wait();
  ASSERT_TRUE(c.error.empty()) << c.error;
  int di = -1;
  ASSERT_TRUE(c.find_visit(stop, &di, nullptr));
  EXPECT_EQ(c.result()->plan.days[static_cast<size_t>(di)].day, 1);
  int pt = -1, pd = -1;
  EXPECT_TRUE(c.pinned(stop, &pt, &pd));
  EXPECT_EQ(pd, 1);
  EXPECT_EQ(check(*c.result()), "");
  // The pin survives a full re-solve, and unpinning frees it.
  c.solve(douai());
  c.wait();
  ASSERT_TRUE(c.find_visit(stop, &di, nullptr));
  EXPECT_EQ(c.result()->plan.days[static_cast<size_t>(di)].day, 1);
  c.unpin(stop);
  c.wait();
  EXPECT_FALSE(c.pinned(stop));
  EXPECT_EQ(check(*c.result()), "");
}

TEST(PlannerController, ImpossiblePinIsRefusedAndThePlanKept) {
  PlannerController c(workspace(), test::real_workspace());
  PlannerSettings s = douai(1000);
  s.days_off = {2};
  c.solve(s);
  c.wait();
  ASSERT_NE(c.result(), nullptr);
  const int visits = c.result()->plan.visits;
  c.pin(0, 0, 2);  // day 3 is off
  c.wait();
  EXPECT_FALSE(c.error.empty());
  EXPECT_FALSE(c.pinned(0));
  EXPECT_EQ(c.result()->plan.visits, visits);
}

TEST(RouteLayer, GetsGeometryAndDrawsTheRouteLine) {
  using namespace maraude::render;
  PlannerController& c = solved();
  ASSERT_NE(c.result(), nullptr);
  const Workspace& ws = *workspace();
  GlContext ctx(false, 64, 64, "planner gui test", 0);
  MapRenderer r;
  r.set_data(ws, build_map_data(ws));
  const auto draws = c.route_draws();
  r.routes().set_routes(draws);
  EXPECT_EQ(r.routes().stops(), static_cast<size_t>(c.result()->plan.visits));
  size_t legs = 0;
  for (const auto& d : draws) legs += d.path.size() - 1;
  EXPECT_EQ(r.routes().legs(), legs);
  ASSERT_FALSE(draws.empty());

  // Frame the longest leg (a stop may sit in the base's own commune: a leg of length 0)
  // and look for its day's colour in the middle of the leg.
  size_t dk = 0, lk = 0;
  double longest = -1;
  for (size_t d = 0; d < draws.size(); ++d)
    for (size_t k = 0; k + 1 < draws[d].path.size(); ++k)
      if (dist(draws[d].path[k], draws[d].path[k + 1]) > longest) {
        longest = dist(draws[d].path[k], draws[d].path[k + 1]);
        dk = d;
        lk = k;
      }
  ASSERT_GT(longest, 1000) << "a leg long enough to look along";
  const Vec2 a = draws[dk].path[lk], b = draws[dk].path[lk + 1];
  Camera cam;
  cam.width = 480;
  cam.height = 360;
  frame(cam, BBox{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)}, 60);
  MapStyle st = MapStyle::defaults(ws);
  st.show_only({});
  const Rgba want = draws[dk].color;
  auto route_pixels = [&](const Image& img) {
    const Vec2 p0 = cam.world_to_screen(a), p1 = cam.world_to_screen(b);
    int n = 0;
    for (double t = 0.3; t <= 0.7; t += 0.02) {
      const int x = static_cast<int>(p0.x + (p1.x - p0.x) * t), y = static_cast<int>(p0.y + (p1.y - p0.y) * t);
      bool hit = false;
      for (int dy = -2; dy <= 2 && !hit; ++dy)
        for (int dx = -2; dx <= 2 && !hit; ++dx) {
          const uint32_t v = img.argb(x + dx, y + dy);
          hit = std::abs(int(v >> 16 & 255) - want.r) < 40 && std::abs(int(v >> 8 & 255) - want.g) < 40 &&
                std::abs(int(v & 255) - want.b) < 40;
        }
      n += hit;
    }
    return n;
  };
  const Image with = render_map_image(r, cam, st);
  EXPECT_GE(route_pixels(with), 15) << "the day's colour along the leg";
  r.routes().clear();
  EXPECT_TRUE(r.routes().empty());
  const Image without = render_map_image(r, cam, st);
  EXPECT_EQ(route_pixels(without), 0);
}

TEST(PlannerPanel, MapClickPicksTheBaseThenSelectsAStop) {
  PlannerController& c = solved();
  ASSERT_NE(c.result(), nullptr);
  AppState s;
  s.set_workspace(workspace(), std::make_shared<const render::MapData>());
  PlannerPanelState ps;
  init_planner_panel(s, ps);
  EXPECT_EQ(planner_settings(s, ps).territory, "laureate:tour_emploi");
  // The base tool: the click sets a base point, labelled with its commune.
  const Vec2 douai = workspace()->commune("59178")->anchor;
  ps.pick_base = true;
  EXPECT_TRUE(planner_map_click(s, c, ps, douai, 500));
  EXPECT_FALSE(ps.pick_base);
  ASSERT_TRUE(ps.settings.base_point.has_value());
  EXPECT_NE(ps.base_label.find("Douai"), std::string::npos) << ps.base_label;
  // Then a click on a served stop selects it and proposes its day for pinning.
  const auto& d = c.result()->plan.days[1];
  ASSERT_FALSE(d.visits.empty());
  const int stop = d.visits[0].stop;
  const Vec2 at = c.result()->places[static_cast<size_t>(c.result()->input.stops[static_cast<size_t>(stop)].place)].pos;
  EXPECT_TRUE(planner_map_click(s, c, ps, at + Vec2{20, 0}, 200));
  EXPECT_EQ(c.selected_stop, stop);
  EXPECT_EQ(ps.pin_day, d.day);
  EXPECT_EQ(ps.select_tab, 1);
  // Far from every stop: not consumed (the map pans / selects as usual).
  EXPECT_FALSE(planner_map_click(s, c, ps, at + Vec2{50000, 50000}, 200));
}
