// Viewer benchmark: triangulation and upload of every layer, start → first frame,
// CPU time per frame (region, all layers; zoomed into Lille) for static frames (only the
// hover changes: the cached map image is reused) and view-change frames (pan: the layers
// re-render, at the level of detail of the scale), and a 4K `render`.
// Prints Maraude's figures next to the goals (and the peer figures the driver script
// measures with GDAL, bench/viewer_gl_bench.sh).
//   viewer_gl_bench WORKSPACE.gpkg [frames]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/workspace.h"
#include "render/compose.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "render/overlay_cairo.h"
#include "render/view_spec.h"

using namespace maraude;
using namespace maraude::render;
using Clock = std::chrono::steady_clock;

static double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }
static double thread_cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
struct Stat { double median, p95; };
static Stat stat(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)]};
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: viewer_gl_bench WORKSPACE.gpkg [frames]\n");
    return 2;
  }
  const int frames = argc > 2 ? std::max(5, std::atoi(argv[2])) : 60;
  try {
    const auto t0 = Clock::now();
    GlContext ctx(false, 1600, 900, "bench", 4);
    MapRenderer r;
    const auto t_ctx = Clock::now();
    const Workspace ws = io::load_workspace(argv[1]);
    const auto t_load = Clock::now();
    MapData data = build_map_data(ws);
    const double tri_ms = data.triangulate_ms, build_ms = data.build_ms;
    const size_t tris = data.tri_stats.triangles, fallbacks = data.tri_stats.fallbacks;
    const auto t_build = Clock::now();
    r.set_data(ws, std::move(data));
    MapStyle style = MapStyle::defaults(ws);
    Camera cam;
    cam.width = 1600;
    cam.height = 900;
    frame(cam, resolve_view(ws, "region"), 30);
    const auto measure = cairo_measure();
    // First frame into the window's default framebuffer.
    r.draw_cached(cam, style);
    (void)build_overlay(ws, r.data(), cam, style, measure);
    glFinish();
    const auto t_first = Clock::now();

    std::printf("renderer: %s\n", ctx.renderer_name().c_str());
    std::printf("workspace: %zu communes, %zu QPV, %zu services, %zu laureates\n", ws.communes.size(), ws.qpvs.size(),
                ws.services.size(), ws.laureates.size());
    std::printf("triangulation: %.1f ms (%zu triangles, %zu forced ears); all layer geometry: %.1f ms\n", tri_ms, tris,
                fallbacks, build_ms);
    std::printf("upload: %.1f ms (%.1f MB on the GPU)\n", r.stats().upload_ms, r.stats().gpu_bytes / 1e6);
    std::printf("start -> first frame: %.0f ms (context %.0f, load %.0f, geometry %.0f, upload+draw %.0f)   goal <= 1500 ms: %s\n",
                ms(t0, t_first), ms(t0, t_ctx), ms(t_ctx, t_load), ms(t_load, t_build), ms(t_build, t_first),
                ms(t0, t_first) <= 1500 ? "met" : "MISSED");

    // Per frame, as the window does it: draw_cached (map layers re-rendered into the
    // cache only on a view/style/data change) + hover/selection outlines + overlay layout.
    // (a) static frames: only the hover changes (pointer moving over the map, panels);
    // (b) view-change frames: the camera pans every frame, so the layers re-render.
    std::printf("levels of detail: full %zu vertices (%zu commune, %zu zone segments)", r.data().communes.vertex_count(),
                r.data().commune_lines.size(), r.data().zone_lines.size());
    for (const MapLod& l : r.data().lods)
      std::printf(", >= %.0f m/px %zu (tolerance %.0f m; %zu commune, %zu zone segments; dissolved fills: zones %zu, "
                  "basins %zu vertices in %.0f ms; lines: %zu department, %zu region, %zu laureate segments)",
                  l.min_mpp, l.communes.vertex_count(), l.tolerance_m, l.commune_lines.size(), l.zone_lines.size(),
                  l.zone_fill.vertex_count(), l.basin_fill.vertex_count(), l.dissolve_ms, l.dep_lines.size(),
                  l.region_lines.size(), l.laureate_lines.size());
    std::printf("; levels built in %.0f ms beside the full detail (second thread)\n", r.data().simplify_ms);
    struct View { const char* name; std::string spec; };
    struct Row { std::string what; Stat cpu, wall; int lod, calls, redraws; double mpp; };
    std::vector<Row> rows;
    const Selection hover_a = *parse_selection("commune:59350"), hover_b = *parse_selection("commune:80021");
    for (const View& v : {View{"region", "region"}, View{"Lille", "commune:59350"}}) {
      for (int mode = 0; mode < 3; ++mode) {
        frame(cam, resolve_view(ws, v.spec), 30);
        r.draw_cached(cam, style);  // warm the cache
        glFinish();
        std::vector<double> cpu, wall;
        int redraws = r.stats().cache_redraws;
        for (int i = 0; i < frames; ++i) {
          if (mode == 0) {
            style.hover = i % 2 ? hover_a : hover_b;  // the pointer moves from one commune to another
            style.touch();
          } else if (mode == 1) {
            cam.pan_pixels(4, i % 2 ? 1 : 0);  // a steady drag, ~250 px/s at 60 frames/s
          } else {
            cam.pan_pixels(i % 2 ? 3 : -3, 0);
            r.invalidate_cache();  // every frame re-renders the layers (zoom step, pan settled)
          }
          const double c0 = thread_cpu_ms();
          const auto w0 = Clock::now();
          r.draw_cached(cam, style);
          const Overlay ov = build_overlay(ws, r.data(), cam, style, measure);
          const double c1 = thread_cpu_ms();
          glFinish();
          const auto w1 = Clock::now();
          cpu.push_back(c1 - c0);
          wall.push_back(ms(w0, w1));
        }
        redraws = r.stats().cache_redraws - redraws;
        static const char* kMode[] = {", static (hover)", ", pan (cached, shifted)", ", re-render every frame"};
        rows.push_back({std::string(v.name) + kMode[mode], stat(cpu), stat(wall), r.stats().lod, r.stats().draw_calls,
                        redraws, cam.mpp});
        style.hover = {};
        style.touch();
      }
    }
    std::printf("%-38s %22s %22s %8s %4s %8s\n", "frames, all layers, 1600x900", "CPU median / p95 (ms)",
                "wall median / p95 (ms)", "m/px", "LOD", "redraws");
    for (const Row& w : rows)
      std::printf("%-38s %10.2f / %9.2f %10.1f / %9.1f %8.1f %4d %5d/%d   goal CPU median <= 4 ms: %s\n", w.what.c_str(),
                  w.cpu.median, w.cpu.p95, w.wall.median, w.wall.p95, w.mpp, w.lod, w.redraws, frames,
                  w.cpu.median <= 4 ? "met" : "MISSED");
    std::printf("(CPU = calling thread: draw submission + overlay layout; wall adds llvmpipe rasterization, 4x MSAA)\n");
    // Where a full re-render goes: each layer alone over the land fill (CPU median, ms).
    std::printf("full re-render by layer (alone over the land fill), CPU median ms:");
    for (const View& v : {View{"region", "region"}, View{"Lille", "commune:59350"}}) {
      std::printf("\n  %-7s", v.name);
      for (int li = -1; li < kLayerCount; ++li) {
        MapStyle one = style;
        if (li >= 0) one.show_only({static_cast<LayerId>(li)});
        else one.show_only({});
        one.touch();
        frame(cam, resolve_view(ws, v.spec), 30);
        std::vector<double> cpu;
        for (int i = 0; i < 15; ++i) {
          cam.pan_pixels(i % 2 ? 3 : -3, 0);
          r.invalidate_cache();
          const double c0 = thread_cpu_ms();
          r.draw_cached(cam, one);
          cpu.push_back(thread_cpu_ms() - c0);
          glFinish();
        }
        std::printf(" %s %.1f", li < 0 ? "land" : layer_key(static_cast<LayerId>(li)), stat(cpu).median);
      }
    }
    std::printf("\n");
    // 4K render, as `maraude render --size 3840x2160`.
    {
      Camera c4;
      c4.width = 3840;
      c4.height = 2160;
      MapStyle s4 = style;
      s4.scale = 2;
      s4.touch();
      frame(c4, resolve_view(ws, "region"), 80);
      const auto a = Clock::now();
      ComposeTimings tm;
      Image img = compose_map(r, ws, c4, s4, {}, {}, &tm);
      const std::string out = "/tmp/maraude-bench-4k.png";
      write_png(img, out);
      const auto b = Clock::now();
      std::printf("4K render (3840x2160, %d tile(s)): %.0f ms (GL %.0f, overlay %.0f, PNG %.0f)   goal <= 3000 ms: %s\n",
                  tm.offscreen.tiles, ms(a, b), tm.gl_ms, tm.overlay_ms, ms(a, b) - tm.gl_ms - tm.overlay_ms,
                  ms(a, b) <= 3000 ? "met" : "MISSED");
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "viewer_gl_bench: %s\n", e.format().c_str());
    return 1;
  }
  return 0;
}
