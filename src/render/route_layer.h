// Planned tours over the map: one polyline per day (a white casing under a coloured line
// of a width in pixels), a direction chevron on every leg, a dot per stop in the day's
// colour and a square at the base. Uses the map's line and point programs; geometry is
// uploaded once per set_routes (the chevrons, whose size is in pixels, are rebuilt per
// draw — a few dozen instances). Stop numbers are text: the window paints them (ImGui),
// from the same RouteDraw list. Requires a current OpenGL 3.3 core context.
#pragma once
#include <memory>
#include <vector>

#include "core/geometry.h"
#include "render/camera.h"
#include "render/style.h"

namespace maraude::render {

struct TileRect;

struct RouteDraw {
  Rgba color;
  std::vector<Vec2> path;  // Lambert-93: base, stops in visiting order, base
  // Optional: legs[k] is the line followed from path[k] to path[k + 1] (along the roads,
  // from TravelModel::route_line); empty = straight legs.
  std::vector<std::vector<Vec2>> legs;
};

// Colour of the i-th day of a plan (a qualitative palette, cycled).
Rgba route_color(int i);
constexpr int kRouteColors = 7;

// CPU geometry of a set of routes, in metres relative to `origin` (for tests and upload).
struct RouteGeometry {
  Vec2 origin;
  std::vector<float> segs;          // x0, y0, x1, y1 per leg
  std::vector<uint32_t> seg_color;  // route index per leg
  std::vector<float> stops;         // x, y per stop (path interior points)
  std::vector<uint32_t> stop_color;
  std::vector<float> bases;         // x, y per distinct base
};
RouteGeometry build_route_geometry(const std::vector<RouteDraw>& routes);

class RouteLayer {
 public:
  RouteLayer();  // compiles the programs; throws Error(Graphics)
  ~RouteLayer();
  RouteLayer(const RouteLayer&) = delete;
  RouteLayer& operator=(const RouteLayer&) = delete;

  void set_routes(const std::vector<RouteDraw>& routes);  // uploads; empty clears
  void clear() { set_routes({}); }
  bool empty() const { return legs() == 0 && stops() == 0; }
  size_t legs() const;
  size_t stops() const;
  const RouteGeometry& geometry() const;
  // Draws over the bound framebuffer with the map's transform; returns the draw calls.
  int draw(const Camera& cam, const TileRect& tile, float scale);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace maraude::render
