// Viewer benchmark: triangulation and upload of every layer, start → first frame,
// CPU time per frame (region, all layers; zoomed into Lille), and a 4K `render`.
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
    r.draw(cam, style);
    (void)build_overlay(ws, r.data(), cam, style, measure);
    glFinish();
    const auto t_first = Clock::now();

    std::printf("renderer: %s\n", ctx.renderer_name().c_str());
    std::printf("workspace: %zu communes, %zu QPV, %zu services, %zu laureates\n", ws.communes.size(), ws.qpvs.size(),
                ws.services.size(), ws.laureates.size());
    std::printf("triangulation: %.1f ms (%zu triangles, %zu forced ears); all layer geometry: %.1f ms\n", tri_ms, tris,
                fallbacks, build_ms);
    std::printf("upload: %.1f ms (%.1f MB on the GPU)\n", r.stats().upload_ms, r.stats().gpu_bytes / 1e6);
    std::printf("start -> first frame: %.0f ms (context %.0f, load %.0f, geometry %.0f, upload+draw %.0f)   goal <= 1500 ms\n",
                ms(t0, t_first), ms(t0, t_ctx), ms(t_ctx, t_load), ms(t_load, t_build), ms(t_build, t_first));

    struct View { const char* name; std::string spec; };
    for (const View& v : {View{"region, all layers", "region"}, View{"Lille, all layers", "commune:59350"}}) {
      frame(cam, resolve_view(ws, v.spec), 30);
      std::vector<double> cpu, wall;
      for (int i = 0; i < frames; ++i) {
        cam.pan_pixels(i % 2 ? 3 : -3, 0);  // every frame differs (as when panning)
        const double c0 = thread_cpu_ms();
        const auto w0 = Clock::now();
        r.draw(cam, style);
        const Overlay ov = build_overlay(ws, r.data(), cam, style, measure);
        const double c1 = thread_cpu_ms();
        glFinish();
        const auto w1 = Clock::now();
        cpu.push_back(c1 - c0);
        wall.push_back(ms(w0, w1));
      }
      const Stat c = stat(cpu), w = stat(wall);
      std::printf("%-20s CPU per frame (draw submission + overlay layout): median %.2f ms, p95 %.2f ms   goal median <= 4 ms\n",
                  v.name, c.median, c.p95);
      std::printf("%-20s frame incl. llvmpipe rasterization (1600x900, 4x MSAA): median %.1f ms, p95 %.1f ms; %d draw calls\n",
                  v.name, w.median, w.p95, r.stats().draw_calls);
    }
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
      std::printf("4K render (3840x2160, %d tile(s)): %.0f ms (GL %.0f, overlay %.0f, PNG %.0f)   goal <= 3000 ms\n",
                  tm.offscreen.tiles, ms(a, b), tm.gl_ms, tm.overlay_ms, ms(a, b) - tm.gl_ms - tm.overlay_ms);
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "viewer_gl_bench: %s\n", e.format().c_str());
    return 1;
  }
  return 0;
}
