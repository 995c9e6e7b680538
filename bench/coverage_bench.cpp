// Coverage benchmark: Maraude's full gap computation on the real workspace (every
// service, 15 km reach, every target) and the per-frame update while one point is
// dragged along a 100-step path. bench/coverage.sh runs the same computation in
// PostGIS and passes its time and figures here for the side-by-side line.
//
// Usage: coverage_bench [WORKSPACE.gpkg] [--runs N] [--pg-ms T --pg-gap A --pg-pop P]
// Without a workspace, the real data is imported into a temporary file first.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "io/workspace.h"

using namespace maraude;
using namespace maraude::coverage;
using Clock = std::chrono::steady_clock;

static double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}
static double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

int main(int argc, char** argv) {
  std::string ws_path;
  int runs = 5;
  double pg_ms = -1, pg_gap = -1, pg_pop = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--runs") runs = std::max(1, std::atoi(next().c_str()));
    else if (a == "--pg-ms") pg_ms = std::atof(next().c_str());
    else if (a == "--pg-gap") pg_gap = std::atof(next().c_str());
    else if (a == "--pg-pop") pg_pop = std::atof(next().c_str());
    else ws_path = a;
  }
  std::filesystem::path tmp;
  if (ws_path.empty()) {
    tmp = std::filesystem::temp_directory_path() / ("maraude-coverage-bench-" + std::to_string(::getpid()) + ".gpkg");
    const std::string cmd = std::string("'") + MARAUDE_BINARY + "' import --data '" + MARAUDE_TEST_DATA + "' --out '" +
                            tmp.string() + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "import of the real data failed (%s)\n", cmd.c_str());
      return 1;
    }
    ws_path = tmp.string();
  }
  const Workspace ws = io::load_workspace(ws_path);
  const CoverageParams params;
  Scenario sc = default_scenario(ws, Reach::km(15));
  auto travel = default_travel(ws);

  // Full computation: building the engine (targets to GEOS, spatial index) + every gap,
  // every nearest point and the totals. The workspace load is outside the timing, as the
  // PostGIS load is outside its own.
  double gap = 0, pop = 0;
  size_t ntargets = 0;
  auto time_full = [&](int threads) {
    CoverageParams p = params;
    p.threads = threads;
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = Clock::now();
      auto targets = build_targets(ws, p);
      CoverageEngine e(&ws, std::move(targets), travel, p);
      e.set_scenario(sc);
      ms.push_back(ms_since(t0));
      gap = e.totals().gap_area_m2;
      pop = e.totals().uncovered_pop;
      ntargets = e.targets().size();
    }
    return quantile(ms, 0.5);
  };
  const double full_1 = time_full(1);
  const double full = time_full(0);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("coverage: %zu targets, %zu service points, reach 15 km (CrowFly ×1.3, quad_segs 8)\n", ntargets,
              sc.points.size());
  std::printf("full computation   Maraude  median %.1f ms on %u thread(s), %.1f ms on 1 thread, over %d runs (gap %.0f m², "
              "uncovered population %.1f)\n", full, cores, full_1, runs, gap, pop);
  if (pg_ms > 0) {
    std::printf("full computation   PostGIS  median %.1f ms (gap %.0f m², uncovered population %.1f)\n", pg_ms, pg_gap,
                pg_pop);
    std::printf("ratio PostGIS / Maraude: %.1f× (goal ≥ 10×); single-threaded Maraude: %.1f×\n", pg_ms / full,
                pg_ms / full_1);
    if (pg_gap > 0)
      std::printf("agreement: gap area %.5f %%, uncovered population %.5f %%\n", 100 * std::fabs(pg_gap - gap) / pg_gap,
                  pg_pop > 0 ? 100 * std::fabs(pg_pop - pop) / pg_pop : 0.0);
  } else {
    std::printf("PostGIS: not run (bench/coverage.sh runs it)\n");
  }

  // Drag: the service point nearest the centre of the targets moves 30 km east-north-east in
  // 100 steps. Per frame: the engine update, then the gap polygons of the changed targets
  // (what the GUI re-uploads).
  auto targets = build_targets(ws, params);
  CoverageEngine e(&ws, std::move(targets), travel, params);
  e.set_scenario(sc);
  BBox tb;
  for (const auto& t : e.targets()) tb.extend(t.anchor);
  size_t moving = 0;
  double best = 1e300;
  for (size_t i = 0; i < sc.points.size(); ++i)
    if (dist(sc.points[i].pos, tb.center()) < best) {
      best = dist(sc.points[i].pos, tb.center());
      moving = i;
    }
  const std::string id = sc.points[moving].id;
  const Vec2 start = sc.points[moving].pos;
  std::vector<double> upd_ms, frame_ms;
  size_t changed_total = 0;
  for (int s = 1; s <= 100; ++s) {
    const Vec2 p{start.x + 300.0 * s, start.y + 120.0 * s};
    const auto t0 = Clock::now();
    auto u = e.move_point(id, p);
    upd_ms.push_back(ms_since(t0));
    size_t verts = 0;
    for (size_t t : u.changed) verts += vertex_count(e.gap(t));
    frame_ms.push_back(ms_since(t0));
    changed_total += u.changed.size();
    if (verts == static_cast<size_t>(-1)) std::printf("?");  // keep the gap extraction from being optimised out
  }
  std::printf("drag of « %s » (%s), 100 steps of 323 m: %.1f changed targets per step\n", id.c_str(),
              sc.points[moving].name.c_str(), static_cast<double>(changed_total) / 100);
  std::printf("  engine update        median %.2f ms, p95 %.2f ms\n", quantile(upd_ms, 0.5), quantile(upd_ms, 0.95));
  std::printf("  update + gap polygons median %.2f ms, p95 %.2f ms (goal p95 ≤ 16 ms)\n", quantile(frame_ms, 0.5),
              quantile(frame_ms, 0.95));
  // Check: the dragged state equals a full recompute.
  Scenario moved = e.scenario();
  CoverageEngine f(&ws, build_targets(ws, params), travel, params);
  f.set_scenario(moved);
  std::printf("  incremental == full after the drag: %s\n",
              f.totals().uncovered_neet == e.totals().uncovered_neet && f.totals().gap_area_m2 == e.totals().gap_area_m2
                  ? "yes"
                  : "NO");
  if (!tmp.empty()) std::filesystem::remove(tmp);
  return 0;
}
