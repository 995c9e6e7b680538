// CPU-side geometry of every map layer, built once from a Workspace (on a worker
// thread) and uploaded once to the GPU. Float32 coordinates relative to `origin`.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/model.h"
#include "core/roads/graph.h"
#include "render/triangulate.h"

namespace maraude::render {

struct FillMesh {
  std::vector<float> xy;          // 2 floats per vertex, metres relative to MapData::origin
  std::vector<uint32_t> ids;      // feature index per vertex (selects its colour in a table)
  std::vector<uint32_t> indices;  // triangles
  // Per feature: its triangles are indices[first[f] .. first[f] + count[f]) and its box
  // (relative to the origin) — for culled multi-draws of only the visible features.
  std::vector<uint32_t> first, count;
  std::vector<BBox> boxes;
  size_t vertex_count() const { return ids.size(); }
};

struct LineSeg {
  float x0, y0, x1, y1;  // metres relative to MapData::origin
  uint32_t id;           // feature index (commune, laureate, QPV...)
};

struct PointInst {
  float x, y;
  uint32_t style;  // point_style() index
  uint32_t id;     // feature index
};

// A simplified copy of the polygon layers for small scales (level of detail). Shared
// borders are simplified once (per arc between junctions), so neighbouring communes keep
// matching edges; the tolerance stays below a pixel at min_mpp.
struct MapLod {
  double min_mpp = 0;      // used from this scale (metres per pixel) outwards
  double tolerance_m = 0;  // Douglas-Peucker tolerance
  FillMesh communes;       // same feature ids as MapData::communes
  std::vector<LineSeg> commune_lines, zone_lines, dep_lines, region_lines, laureate_lines;
  // The communes dissolved per zone d'emploi (id = zone index; id = zone count: communes
  // with no known zone) and the rural basins (id 0): the land, choropleth and basin fills.
  FillMesh zone_fill, basin_fill;
  // Here laureate_lines hold each boundary edge once: id = index of the set of laureates
  // (ascending indices) whose territory boundary runs along it.
  std::vector<std::vector<uint32_t>> laureate_sets;
  double dissolve_ms = 0;
};

// The car road network as line segments, per drawing class, at a few levels of detail.
// Built once (build_map_data) from Workspace::roads->car; empty without a road network.
constexpr int kRoadClasses = 3;  // 0 motorway/trunk, 1 primary/secondary, 2 the rest
struct RoadLevel {
  double min_mpp = 0;      // used from this scale (metres per pixel) outwards
  double tolerance_m = 0;  // Douglas-Peucker tolerance of every segment's shape
  std::vector<LineSeg> lines[kRoadClasses];  // id = segment index in the graph
};
struct RoadLines {
  std::vector<RoadLevel> levels;  // finer first; levels[0].min_mpp == 0
  size_t segments = 0;            // graph segments drawn
  double build_ms = 0;
  bool empty() const { return levels.empty(); }
  // The level to draw at `mpp` (-1 when there is none).
  int level_for(double mpp) const {
    int best = levels.empty() ? -1 : 0;
    for (size_t i = 0; i < levels.size(); ++i)
      if (mpp >= levels[i].min_mpp) best = static_cast<int>(i);
    return best;
  }
};
// The drawing class of an OSM road class (0 motorway/trunk, 1 primary/secondary, 2 other).
int road_draw_class(roads::RoadClass c);
// The lines of a graph's segments relative to `origin`, in three levels: full detail (shapes
// simplified at 0.5 m), from 8 m/px (6 m) and from kRoadMinorMaxMpp (3/4 of a pixel there,
// without the minor class, which is not drawn at those scales). Segments whose points run
// out of range are skipped. Empty for a graph without segments.
RoadLines build_road_lines(const roads::Graph& g, Vec2 origin);

struct MapData {
  Vec2 origin;
  FillMesh communes;                  // id = commune index
  FillMesh qpv;                       // id = QPV index (perimeters only)
  std::vector<LineSeg> commune_lines; // every commune edge once; id = one of its communes
  std::vector<LineSeg> zone_lines;    // commune edges between two zones (or on the border)
  std::vector<LineSeg> dep_lines;     // department outlines; id = department index
  std::vector<LineSeg> region_lines;
  std::vector<LineSeg> laureate_lines;  // boundary of each laureate's territory; id = laureate index
  std::vector<LineSeg> qpv_lines;       // QPV perimeters; id = QPV index
  std::vector<PointInst> services;      // id = service index, style = ServiceKind
  std::vector<PointInst> qpv_markers;   // communes holding a QPV without perimeter; id = commune index
  std::vector<uint32_t> qpv_marker_count;  // QPV count per marker
  std::vector<MapLod> lods;             // simplified levels, finer first (the fields above: full detail)
  RoadLines roads;                      // Workspace::roads->car (empty without a road network)
  TriangulateStats tri_stats;
  double triangulate_ms = 0, build_ms = 0, simplify_ms = 0;  // simplify_ms: the LOD levels (own thread)
  // The level to draw at `mpp` metres per pixel: -1 = full detail, else an index into lods.
  int lod_for(double mpp) const {
    int best = -1;
    for (size_t i = 0; i < lods.size(); ++i)
      if (mpp >= lods[i].min_mpp) best = static_cast<int>(i);
    return best;
  }
};

// Simplifies every ring of `geoms` for each tolerance (metres), arc by arc: vertices
// where three or more edges meet are kept, and a border shared by two polygons is
// simplified once, so both sides stay identical. out[level][geom].
std::vector<std::vector<MultiPolygon>> simplify_shared(const std::vector<const MultiPolygon*>& geoms,
                                                       const std::vector<double>& tolerances);

// progress(f) is called with f in [0, 1] (from the calling thread).
MapData build_map_data(const Workspace& ws, const std::function<void(float)>& progress = {});

// Triangulates `mp` into `out` as feature `id`: its vertices relative to `origin`, its own
// index range (first/count) and box. An empty `mp` adds an empty range.
void append_fill(const MultiPolygon& mp, uint32_t id, Vec2 origin, FillMesh& out, TriangulateStats* stats = nullptr);

// Segments of every ring of `mp` (relative to `origin`), tagged `id`.
void append_outline(const MultiPolygon& mp, Vec2 origin, uint32_t id, std::vector<LineSeg>& out);

}  // namespace maraude::render
