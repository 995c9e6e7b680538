#include "render/map_renderer.h"

#include <geos_c.h>

#include "core/coverage/geos_util.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <unordered_set>

#include "core/error.h"
#include "render/gl_program.h"

namespace maraude::render {

namespace {

struct FillGpu {
  GLuint vao = 0, vbo_xy = 0, vbo_id = 0, ibo = 0;
  GLsizei count = 0;
  std::vector<uint32_t> first, fcount;  // per feature index range (empty: draw everything)
  std::vector<BBox> boxes;              // per feature, relative to the origin
};
struct InstGpu {  // points drawn instanced over a 4-corner strip; line segments expanded to quads
  GLuint vao = 0, inst = 0, ibo = 0;
  GLsizei count = 0;
  // Lines: per chunk of kLineChunk consecutive segments, its box (relative to the origin),
  // so that a draw submits only the visible runs.
  std::vector<BBox> chunk_boxes;
};
// Segments per culling chunk of a line layer.
constexpr size_t kLineChunk = 256;
// A line segment's corner as a plain vertex (llvmpipe runs the vertex pipeline once per
// instance: four-vertex instances cost far more than the same quads in one indexed draw).
// 20 bytes: the corner (x 0 start / 1 end, y -1 / +1 side) rides in the id's top bits.
struct LineVertex {
  float x0, y0, x1, y1;  // the segment
  uint32_t id_corner;    // feature id (30 bits) | end << 30 | side << 31
};
constexpr uint32_t kLineIdMask = 0x3fffffffu;

// A feature -> colour table stored in a 1024-wide RGBA8 texture.
struct ColorTable {
  GLuint tex = 0;
  std::vector<uint32_t> data;
  int rows = 0;
  // Returns true when it had to upload (content changed).
  bool update(std::vector<uint32_t> next) {
    if (tex && next == data) return false;
    data = std::move(next);
    const int n = std::max<int>(1, static_cast<int>(data.size()));
    const int new_rows = (n + 1023) / 1024;
    std::vector<uint32_t> padded(static_cast<size_t>(new_rows) * 1024, 0);
    std::copy(data.begin(), data.end(), padded.begin());  // memcpy from an empty vector's null data is UB
    if (!tex) glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    if (new_rows != rows) {
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1024, new_rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, padded.data());
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      rows = new_rows;
    } else {
      glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 1024, rows, GL_RGBA, GL_UNSIGNED_BYTE, padded.data());
    }
    return true;
  }
  ~ColorTable() {
    if (tex) glDeleteTextures(1, &tex);
  }
};

void set_color(GLint loc, Rgba c, float alpha_mul = 1.0f) {
  glUniform4f(loc, c.r / 255.f, c.g / 255.f, c.b / 255.f, c.a / 255.f * alpha_mul);
}

}  // namespace

// A simplified level of detail of the polygon layers (MapData::lods).
struct LevelGpu {
  FillGpu communes, zone_fill, basin_fill;
  InstGpu commune_lines, zone_lines, dep_lines, region_lines, laureate_lines;
};

// What the cached map image was rendered for (everything but the camera position/scale
// and the hover outline).
struct CacheKey {
  int w = 0, h = 0, samples = -1;
  uint64_t data_gen = 0;
  std::vector<LayerSettings> layers;
  std::vector<char> laureate_visible;
  Selection selection;
  float scale = 0, symbol_scale = 0;
  bool gaps_loaded = false;
  bool same(const CacheKey& o) const {
    if (w != o.w || h != o.h || samples != o.samples ||
        data_gen != o.data_gen || !(selection == o.selection) || scale != o.scale ||
        symbol_scale != o.symbol_scale || gaps_loaded != o.gaps_loaded ||
        laureate_visible != o.laureate_visible || layers.size() != o.layers.size())
      return false;
    for (size_t i = 0; i < layers.size(); ++i)
      if (layers[i].id != o.layers[i].id || layers[i].visible != o.layers[i].visible ||
          layers[i].opacity != o.layers[i].opacity)
        return false;
    return true;
  }
};

struct MapRenderer::Impl {
  Program fill{"fill"}, line{"line"}, point{"point"}, blit{"blit"};
  std::vector<LevelGpu> levels;
  // Per level: colour of each laureate set of its deduplicated boundaries (the top-most
  // visible laureate of the set; transparent when none is visible).
  std::vector<std::unique_ptr<ColorTable>> set_tables;
  // Map cache: a multisampled render target resolved into a texture.
  GLuint cache_ms_fbo = 0, cache_ms_rb = 0, cache_fbo = 0, cache_tex = 0, empty_vao = 0;
  int cache_w = 0, cache_h = 0, cache_samples = -1;
  bool cache_valid = false;
  CacheKey cache_key;
  Camera cache_cam, last_cam;  // the camera of the cached image; of the previous frame
  bool last_cam_valid = false;
  uint64_t data_gen = 1;
  // Pixels rendered around the window, so that a pan can show the cached image shifted.
  static constexpr int kCacheMargin = 64;
  GLuint corner_line = 0, corner_point = 0;
  // Indices of the quads of every line layer (0 1 2 1 2 3, then + 4...), shared: grown to
  // the longest layer.
  GLuint quad_ibo = 0;
  size_t quad_ibo_segs = 0;
  FillGpu communes, qpv, gaps, coverage;
  // The road network: per level of detail (MapData::roads), one line buffer per drawing class.
  std::vector<std::array<InstGpu, kRoadClasses>> road_levels;
  InstGpu commune_lines, zone_lines, dep_lines, region_lines, laureate_lines, qpv_lines, services, qpv_markers,
      selection_lines, hover_lines, gap_lines, coverage_lines;
  // *_z: per zone d'emploi (the dissolved fills of the coarse levels).
  ColorTable t_land_z, t_zones_z, t_basin_z;
  ColorTable t_land, t_zones, t_basins, t_selected, t_laureate_fill, t_laureate_lines, t_qpv, t_gaps, t_coverage;
  uint64_t tables_revision = 0;
  // The tables_revision the cached map image was rendered with: a cache hit may take the
  // style's new revision (only the hover changed) only while the tables are still the
  // image's, not after an offscreen draw() (story thumbnails, poster tiles) uploaded others.
  uint64_t cache_tables_revision = 0;
  bool zones_folded = false;
  // Pre-blend the choropleth into the land table when it is the lowest visible layer (one
  // fill pass fewer; with the dissolved fills of the coarse levels this saves 0.4-0.7 ms
  // of the calling thread per re-render on llvmpipe).
  bool fold_zones = true, fold_built = true;
  // Whether the colour tables were built with the gaps shown (choropleth muted).
  bool gaps_on_built = false;
  Selection sel_built, hover_built;
  bool sel_valid = false, hover_valid = false;
  size_t gpu_bytes = 0;

  // Uniform state of the current frame.
  float offset[2]{}, px_per_m = 1, shift[2]{}, viewport[2]{1, 1}, frag_origin[2]{};
  BBox view_rel;  // visible area relative to the origin (culling)
  std::vector<GLsizei> md_count;
  std::vector<const void*> md_offset;

  Impl() {
    const float lc[] = {0, -1, 0, 1, 1, -1, 1, 1};
    glGenBuffers(1, &corner_line);
    glBindBuffer(GL_ARRAY_BUFFER, corner_line);
    glBufferData(GL_ARRAY_BUFFER, sizeof lc, lc, GL_STATIC_DRAW);
    const float pc[] = {-1, -1, 1, -1, -1, 1, 1, 1};
    glGenBuffers(1, &corner_point);
    glBindBuffer(GL_ARRAY_BUFFER, corner_point);
    glBufferData(GL_ARRAY_BUFFER, sizeof pc, pc, GL_STATIC_DRAW);
    glGenVertexArrays(1, &empty_vao);
    glGenBuffers(1, &quad_ibo);
  }
  void ensure_quad_indices(size_t segs) {
    if (segs <= quad_ibo_segs) return;
    const size_t n = std::max(segs, quad_ibo_segs * 2);
    std::vector<uint32_t> idx;
    idx.reserve(n * 6);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t b = static_cast<uint32_t>(4 * i);
      for (uint32_t k : {0u, 1u, 2u, 1u, 2u, 3u}) idx.push_back(b + k);
    }
    // Through a non-VAO target: re-specifying the buffer keeps every VAO's binding valid.
    glBindBuffer(GL_COPY_WRITE_BUFFER, quad_ibo);
    glBufferData(GL_COPY_WRITE_BUFFER, static_cast<GLsizeiptr>(idx.size() * 4), idx.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
    quad_ibo_segs = n;
  }
  void free_levels() {
    for (LevelGpu& l : levels) {
      for (FillGpu* f : {&l.communes, &l.zone_fill, &l.basin_fill}) free_fill(*f);
      for (InstGpu* i : {&l.commune_lines, &l.zone_lines, &l.dep_lines, &l.region_lines, &l.laureate_lines}) free_inst(*i);
    }
    levels.clear();
    set_tables.clear();
  }
  void free_roads() {
    for (auto& lv : road_levels)
      for (InstGpu& i : lv) free_inst(i);
    road_levels.clear();
  }
  void free_cache() {
    if (cache_ms_fbo) glDeleteFramebuffers(1, &cache_ms_fbo);
    if (cache_fbo) glDeleteFramebuffers(1, &cache_fbo);
    if (cache_ms_rb) glDeleteRenderbuffers(1, &cache_ms_rb);
    if (cache_tex) glDeleteTextures(1, &cache_tex);
    cache_ms_fbo = cache_fbo = cache_ms_rb = cache_tex = 0;
    cache_w = cache_h = 0;
    cache_samples = -1;
    cache_valid = false;
  }
  // (Re)allocates the cache targets for a w x h image with `samples` samples (0 = none).
  void ensure_cache(int w, int h, int samples) {
    if (cache_tex && w == cache_w && h == cache_h && samples == cache_samples) return;
    free_cache();
    glGenTextures(1, &cache_tex);
    glBindTexture(GL_TEXTURE_2D, cache_tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    // Linear: exact at texel centres (same scale, whole-pixel shift), smooth while zooming.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glGenFramebuffers(1, &cache_fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, cache_fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, cache_tex, 0);
    if (samples > 0) {
      glGenRenderbuffers(1, &cache_ms_rb);
      glBindRenderbuffer(GL_RENDERBUFFER, cache_ms_rb);
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, w, h);
      glGenFramebuffers(1, &cache_ms_fbo);
      glBindFramebuffer(GL_FRAMEBUFFER, cache_ms_fbo);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, cache_ms_rb);
    }
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
      throw Error(ErrorKind::Graphics, "le tampon d’image du cache de la carte est incomplet", "rendu de la carte",
                  "mettez à jour Mesa ou le pilote de la carte graphique");
    cache_w = w;
    cache_h = h;
    cache_samples = samples;
  }
  ~Impl() {
    free_levels();
    free_roads();
    free_cache();
    if (empty_vao) glDeleteVertexArrays(1, &empty_vao);
    for (FillGpu* f : {&communes, &qpv, &gaps, &coverage}) free_fill(*f);
    for (InstGpu* g : {&commune_lines, &zone_lines, &dep_lines, &region_lines, &laureate_lines, &qpv_lines, &services,
                       &qpv_markers, &selection_lines, &hover_lines, &gap_lines, &coverage_lines})
      free_inst(*g);
    glDeleteBuffers(1, &corner_line);
    glDeleteBuffers(1, &corner_point);
    glDeleteBuffers(1, &quad_ibo);
  }
  static void free_fill(FillGpu& f) {
    if (f.vao) glDeleteVertexArrays(1, &f.vao);
    GLuint b[] = {f.vbo_xy, f.vbo_id, f.ibo};
    glDeleteBuffers(3, b);
    f = {};
  }
  static void free_inst(InstGpu& g) {
    if (g.vao) glDeleteVertexArrays(1, &g.vao);
    if (g.inst) glDeleteBuffers(1, &g.inst);
    if (g.ibo) glDeleteBuffers(1, &g.ibo);
    g = {};
  }

  void upload_fill(FillGpu& f, const FillMesh& m) {
    free_fill(f);
    if (m.indices.empty()) return;
    glGenVertexArrays(1, &f.vao);
    glBindVertexArray(f.vao);
    glGenBuffers(1, &f.vbo_xy);
    glBindBuffer(GL_ARRAY_BUFFER, f.vbo_xy);
    glBufferData(GL_ARRAY_BUFFER, m.xy.size() * sizeof(float), m.xy.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glGenBuffers(1, &f.vbo_id);
    glBindBuffer(GL_ARRAY_BUFFER, f.vbo_id);
    glBufferData(GL_ARRAY_BUFFER, m.ids.size() * sizeof(uint32_t), m.ids.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0, nullptr);
    glGenBuffers(1, &f.ibo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, f.ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, m.indices.size() * sizeof(uint32_t), m.indices.data(), GL_STATIC_DRAW);
    glBindVertexArray(0);
    f.count = static_cast<GLsizei>(m.indices.size());
    f.first = m.first;
    f.fcount = m.count;
    f.boxes = m.boxes;
    gpu_bytes += m.xy.size() * 4 + m.ids.size() * 4 + m.indices.size() * 4;
  }

  void upload_lines(InstGpu& g, const std::vector<LineSeg>& segs) {
    free_inst(g);
    if (segs.empty()) return;
    // Each segment: four vertices (the corners of the former instanced strip) and two
    // triangles in the same order (the shared quad indices), so the pixels are those of the
    // instanced draw.
    static const uint32_t kCorner[4] = {0u, 1u << 31, 1u << 30, 3u << 30};
    std::vector<LineVertex> v;
    v.reserve(segs.size() * 4);
    for (size_t i = 0; i < segs.size(); ++i) {
      const LineSeg& q = segs[i];
      for (uint32_t c : kCorner) v.push_back({q.x0, q.y0, q.x1, q.y1, (q.id & kLineIdMask) | c});
      if (i % kLineChunk == 0) g.chunk_boxes.push_back({});
      g.chunk_boxes.back().extend(Vec2{q.x0, q.y0});
      g.chunk_boxes.back().extend(Vec2{q.x1, q.y1});
    }
    ensure_quad_indices(segs.size());
    glGenVertexArrays(1, &g.vao);
    glBindVertexArray(g.vao);
    glGenBuffers(1, &g.inst);
    glBindBuffer(GL_ARRAY_BUFFER, g.inst);
    glBufferData(GL_ARRAY_BUFFER, v.size() * sizeof(LineVertex), v.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(LineVertex), nullptr);
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(LineVertex),
                           reinterpret_cast<void*>(offsetof(LineVertex, id_corner)));
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_ibo);  // shared: not owned by g
    glBindVertexArray(0);
    g.count = static_cast<GLsizei>(segs.size());
    gpu_bytes += v.size() * sizeof(LineVertex);
  }

  void upload_points(InstGpu& g, const std::vector<PointInst>& pts) {
    free_inst(g);
    if (pts.empty()) return;
    glGenVertexArrays(1, &g.vao);
    glBindVertexArray(g.vao);
    glBindBuffer(GL_ARRAY_BUFFER, corner_point);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glGenBuffers(1, &g.inst);
    glBindBuffer(GL_ARRAY_BUFFER, g.inst);
    glBufferData(GL_ARRAY_BUFFER, pts.size() * sizeof(PointInst), pts.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(PointInst), nullptr);
    glVertexAttribDivisor(1, 1);
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(PointInst), reinterpret_cast<void*>(offsetof(PointInst, style)));
    glVertexAttribDivisor(2, 1);
    glBindVertexArray(0);
    g.count = static_cast<GLsizei>(pts.size());
    gpu_bytes += pts.size() * sizeof(PointInst);
  }

  void common_uniforms(Program& p) {
    p.use();
    glUniform2fv(p.loc("u_offset"), 1, offset);
    glUniform1f(p.loc("u_px_per_m"), px_per_m);
    glUniform2fv(p.loc("u_shift"), 1, shift);
    glUniform2fv(p.loc("u_viewport"), 1, viewport);
  }

  int draw_fill(const FillGpu& f, const ColorTable& t, float opacity, bool hatch = false, float scale = 1) {
    if (!f.count || opacity <= 0) return 0;
    common_uniforms(fill);
    glUniform1f(fill.loc("u_opacity"), opacity);
    glUniform1i(fill.loc("u_hatch"), hatch ? 1 : 0);
    glUniform1f(fill.loc("u_hatch_spacing"), 7.0f * scale);
    glUniform1f(fill.loc("u_hatch_width"), 1.6f * scale);
    glUniform2fv(fill.loc("u_frag_origin"), 1, frag_origin);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, t.tex);
    glUniform1i(fill.loc("u_table"), 0);
    glBindVertexArray(f.vao);
    if (f.first.empty()) {
      glDrawElements(GL_TRIANGLES, f.count, GL_UNSIGNED_INT, nullptr);
      return 1;
    }
    // Only the features that are visible and coloured, merged into contiguous runs,
    // in one multi-draw.
    md_count.clear();
    md_offset.clear();
    uint32_t run_first = 0, run_end = 0;
    bool open = false;
    const size_t n = std::min(f.first.size(), t.data.size());
    for (size_t i = 0; i < n; ++i) {
      if (!f.fcount[i] || (t.data[i] >> 24) == 0 || !f.boxes[i].intersects(view_rel)) continue;
      if (open && f.first[i] == run_end) {
        run_end += f.fcount[i];
        continue;
      }
      if (open) {
        md_count.push_back(static_cast<GLsizei>(run_end - run_first));
        md_offset.push_back(reinterpret_cast<const void*>(static_cast<uintptr_t>(run_first) * 4));
      }
      run_first = f.first[i];
      run_end = run_first + f.fcount[i];
      open = true;
    }
    if (open) {
      md_count.push_back(static_cast<GLsizei>(run_end - run_first));
      md_offset.push_back(reinterpret_cast<const void*>(static_cast<uintptr_t>(run_first) * 4));
    }
    if (md_count.empty()) return 0;
    glMultiDrawElements(GL_TRIANGLES, md_count.data(), GL_UNSIGNED_INT, md_offset.data(),
                        static_cast<GLsizei>(md_count.size()));
    return 1;
  }

  int draw_lines(const InstGpu& g, float width_px, Rgba color, float opacity, const ColorTable* table = nullptr) {
    if (!g.count || opacity <= 0) return 0;
    common_uniforms(line);
    glUniform1f(line.loc("u_width"), width_px);
    set_color(line.loc("u_color"), color);
    glUniform1f(line.loc("u_opacity"), opacity);
    glUniform1i(line.loc("u_use_table"), table ? 1 : 0);
    glUniform1i(line.loc("u_packed"), 1);
    if (table) {
      glActiveTexture(GL_TEXTURE0);
      glBindTexture(GL_TEXTURE_2D, table->tex);
      glUniform1i(line.loc("u_table"), 0);
    }
    glBindVertexArray(g.vao);
    // The visible chunks, merged into contiguous runs, in one multi-draw.
    md_count.clear();
    md_offset.clear();
    const size_t nch = g.chunk_boxes.size();
    for (size_t c = 0; c < nch; ++c) {
      if (!g.chunk_boxes[c].intersects(view_rel)) continue;
      const size_t first = c * kLineChunk * 6;
      const size_t n = (std::min<size_t>((c + 1) * kLineChunk, static_cast<size_t>(g.count)) - c * kLineChunk) * 6;
      const uintptr_t off = first * 4;
      if (!md_count.empty() && reinterpret_cast<uintptr_t>(md_offset.back()) + md_count.back() * 4u == off)
        md_count.back() += static_cast<GLsizei>(n);
      else {
        md_count.push_back(static_cast<GLsizei>(n));
        md_offset.push_back(reinterpret_cast<const void*>(off));
      }
    }
    if (md_count.empty()) return 0;
    glMultiDrawElements(GL_TRIANGLES, md_count.data(), GL_UNSIGNED_INT, md_offset.data(),
                        static_cast<GLsizei>(md_count.size()));
    return 1;
  }

  int draw_points(const InstGpu& g, float opacity, float scale, const bool* enabled) {
    if (!g.count || opacity <= 0) return 0;
    common_uniforms(point);
    float size[8] = {0}, fillc[32] = {0}, strokec[32] = {0};
    int shape[8] = {0};
    for (int s = 0; s < kPointStyles; ++s) {
      const SymbolStyle st = point_style(s);
      size[s] = enabled[s] ? st.size_px : 0.0f;
      shape[s] = static_cast<int>(st.shape);
      const Rgba f = st.fill, k = st.stroke;
      const float fv[4] = {f.r / 255.f, f.g / 255.f, f.b / 255.f, f.a / 255.f};
      const float kv[4] = {k.r / 255.f, k.g / 255.f, k.b / 255.f, k.a / 255.f};
      std::memcpy(fillc + 4 * s, fv, sizeof fv);
      std::memcpy(strokec + 4 * s, kv, sizeof kv);
    }
    glUniform1fv(point.loc("u_size"), 8, size);
    glUniform1iv(point.loc("u_shape"), 8, shape);
    glUniform4fv(point.loc("u_fill"), 8, fillc);
    glUniform4fv(point.loc("u_stroke"), 8, strokec);
    glUniform1f(point.loc("u_scale"), scale);
    glUniform1f(point.loc("u_opacity"), opacity);
    glBindVertexArray(g.vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, g.count);
    return 1;
  }
};

MapRenderer::MapRenderer() : impl_(std::make_unique<Impl>()), routes_(std::make_unique<RouteLayer>()) {
  check_gl("préparation du rendu de la carte");
}
MapRenderer::~MapRenderer() = default;

void MapRenderer::set_data(const Workspace& ws, MapData data) {
  const auto t0 = std::chrono::steady_clock::now();
  ws_ = &ws;
  data_ = std::move(data);
  Impl& g = *impl_;
  g.gpu_bytes = 0;
  g.upload_fill(g.communes, data_.communes);
  g.upload_fill(g.qpv, data_.qpv);
  g.upload_lines(g.commune_lines, data_.commune_lines);
  g.upload_lines(g.zone_lines, data_.zone_lines);
  g.upload_lines(g.dep_lines, data_.dep_lines);
  g.upload_lines(g.region_lines, data_.region_lines);
  g.upload_lines(g.laureate_lines, data_.laureate_lines);
  g.upload_lines(g.qpv_lines, data_.qpv_lines);
  g.upload_points(g.services, data_.services);
  g.upload_points(g.qpv_markers, data_.qpv_markers);
  g.free_levels();
  g.levels.resize(data_.lods.size());
  for (size_t i = 0; i < data_.lods.size(); ++i) g.set_tables.push_back(std::make_unique<ColorTable>());
  for (size_t i = 0; i < data_.lods.size(); ++i) {
    const MapLod& l = data_.lods[i];
    LevelGpu& lg = g.levels[i];
    g.upload_fill(lg.communes, l.communes);
    g.upload_fill(lg.zone_fill, l.zone_fill);
    g.upload_fill(lg.basin_fill, l.basin_fill);
    g.upload_lines(lg.commune_lines, l.commune_lines);
    g.upload_lines(lg.zone_lines, l.zone_lines);
    g.upload_lines(lg.dep_lines, l.dep_lines);
    g.upload_lines(lg.region_lines, l.region_lines);
    g.upload_lines(lg.laureate_lines, l.laureate_lines);
  }
  g.free_roads();
  g.road_levels.resize(data_.roads.levels.size());
  for (size_t i = 0; i < data_.roads.levels.size(); ++i)
    for (int c = 0; c < kRoadClasses; ++c) g.upload_lines(g.road_levels[i][c], data_.roads.levels[i].lines[c]);
  ++g.data_gen;
  g.tables_revision = 0;
  g.sel_valid = g.hover_valid = false;
  glFinish();  // make the upload time honest (drivers may defer)
  check_gl("envoi des couches de la carte");
  stats_.geometry_uploads += 10;
  stats_.gpu_bytes = g.gpu_bytes + g.quad_ibo_segs * 6 * sizeof(uint32_t);
  stats_.upload_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void MapRenderer::set_gaps(const std::vector<MultiPolygon>& gaps) {
  FillMesh m;
  for (size_t i = 0; i < gaps.size(); ++i) append_fill(gaps[i], static_cast<uint32_t>(i), data_.origin, m);
  impl_->upload_fill(impl_->gaps, m);
  impl_->t_gaps.update(std::vector<uint32_t>(gaps.size(), palette::kGaps.packed()));
  std::vector<LineSeg> outline;
  for (size_t i = 0; i < gaps.size(); ++i) append_outline(gaps[i], data_.origin, static_cast<uint32_t>(i), outline);
  impl_->upload_lines(impl_->gap_lines, outline);
  ++impl_->data_gen;
  ++stats_.geometry_uploads;
}

void MapRenderer::set_coverage(const MultiPolygon& covered_in) {
  // Shown inside the region only (reach areas spill over the sea and the borders).
  MultiPolygon covered = covered_in;
  if (ws_ && !ws_->region.geom.empty() && !covered.empty()) {
    using namespace coverage::geos;
    Geom a = make_valid(from_model(covered)), b = make_valid(from_model(ws_->region.geom));
    if (a && b) {
      if (GEOSGeometry* i = GEOSIntersection_r(handle(), a.get(), b.get())) {
        Geom g(i);
        covered = to_model(g.get());
      }
    }
  }
  // An outline only: a fill would read as one more choropleth class.
  std::vector<LineSeg> outline;
  append_outline(covered, data_.origin, 0, outline);
  impl_->upload_lines(impl_->coverage_lines, outline);
  ++impl_->data_gen;
  ++stats_.geometry_uploads;
}

namespace {
// Communes covered by a selection (for the tinted fill).
std::vector<size_t> selected_communes(const Workspace& ws, const Selection& s) {
  std::vector<size_t> out;
  auto add_code = [&](const std::string& c) {
    if (auto it = ws.commune_by_code.find(c); it != ws.commune_by_code.end()) out.push_back(it->second);
  };
  switch (s.kind) {
    case Selection::Kind::Commune: add_code(s.code); break;
    case Selection::Kind::Zone:
      for (size_t i = 0; i < ws.communes.size(); ++i)
        if (ws.communes[i].zone_emploi == s.code) out.push_back(i);
      break;
    case Selection::Kind::Qpv:
      if (const Qpv* q = ws.qpv(s.code); q && !q->has_perimeter)
        for (const auto& c : q->communes) add_code(c);
      break;
    case Selection::Kind::Laureate:
      for (const auto& l : ws.laureates)
        if (l.id == s.code)
          for (const auto& c : l.communes) add_code(c);
      break;
    default: break;
  }
  return out;
}

std::vector<LineSeg> selection_outline(const Workspace& ws, const MapData& d, const Selection& s) {
  std::vector<LineSeg> out;
  switch (s.kind) {
    case Selection::Kind::Commune:
      if (const Commune* c = ws.commune(s.code)) append_outline(c->geom, d.origin, 0, out);
      break;
    case Selection::Kind::Zone:
      if (const ZoneEmploi* z = ws.zone(s.code)) append_outline(z->geom, d.origin, 0, out);
      break;
    case Selection::Kind::Qpv:
      if (const Qpv* q = ws.qpv(s.code); q && q->has_perimeter) append_outline(q->perimeter, d.origin, 0, out);
      break;
    case Selection::Kind::Laureate:
      for (size_t l = 0; l < ws.laureates.size(); ++l)
        if (ws.laureates[l].id == s.code)
          for (const auto& seg : d.laureate_lines)
            if (seg.id == l) out.push_back(seg);
      break;
    default: break;
  }
  return out;
}
}  // namespace

void MapRenderer::draw(const Camera& cam, const MapStyle& style, const TileRect* tile) {
  stats_.draw_calls = 0;
  draw_pass(cam, style, tile, kPassLayers | kPassTop);
}

void MapRenderer::invalidate_cache() { impl_->cache_valid = false; }

void MapRenderer::draw_cached(const Camera& cam, const MapStyle& style) {
  Impl& g = *impl_;
  stats_.draw_calls = 0;
  GLint prev_fbo = 0, samples = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev_fbo);
  glGetIntegerv(GL_SAMPLES, &samples);
  CacheKey key;
  key.w = cam.width;
  key.h = cam.height;
  key.samples = samples;
  key.data_gen = g.data_gen;
  key.layers = style.layers;
  key.laureate_visible = style.laureate_visible;
  key.selection = style.selection;
  key.scale = style.scale;
  key.symbol_scale = style.symbol_scale;
  key.gaps_loaded = style.gaps_loaded;
  auto same_cam = [](const Camera& a, const Camera& b) {
    return a.center.x == b.center.x && a.center.y == b.center.y && a.mpp == b.mpp && a.width == b.width &&
           a.height == b.height;
  };
  const int M = Impl::kCacheMargin;
  const double tw = cam.width + 2.0 * M, th = cam.height + 2.0 * M;
  // Window pixel (GL, y up) -> cached texel, as uv = frag * a + b.
  const Camera& c0 = g.cache_cam;
  const double ratio = cam.mpp / c0.mpp;
  const float a[2] = {static_cast<float>(ratio / tw), static_cast<float>(ratio / th)};
  const double bx = ((cam.center.x - c0.center.x) - cam.width * 0.5 * cam.mpp) / c0.mpp + c0.width * 0.5 + M;
  const double by = ((cam.center.y - c0.center.y) - cam.height * 0.5 * cam.mpp) / c0.mpp + c0.height * 0.5 + M;
  const float b[2] = {static_cast<float>(bx / tw), static_cast<float>(by / th)};
  const bool style_same = g.cache_valid && ws_ && key.same(g.cache_key);
  const bool exact = style_same && same_cam(cam, c0);
  // While the view moves (pan, a zoom step), the cached image is drawn shifted/scaled as
  // long as it covers the window; the layers re-render when the view settles.
  const bool moving = g.last_cam_valid && !same_cam(cam, g.last_cam);
  const bool covers = bx >= -0.01 && by >= -0.01 && bx + ratio * cam.width <= tw + 0.01 &&
                      by + ratio * cam.height <= th + 0.01;
  const bool stale_ok = style_same && !exact && moving && ratio >= 0.8 && ratio <= 1.25 && covers;
  stats_.cache_hit = exact || stale_ok;
  stats_.cache_shifted = stale_ok;
  g.last_cam = cam;
  g.last_cam_valid = true;
  float ua[2] = {a[0], a[1]}, ub[2] = {b[0], b[1]};
  if (stats_.cache_hit) {
    // Only the hover changed since: the colour tables are still those of the image (unless
    // an offscreen draw replaced them: then the next re-render recomputes them).
    if (g.tables_revision == g.cache_tables_revision) g.tables_revision = g.cache_tables_revision = style.revision;
  } else {
    g.ensure_cache(cam.width + 2 * M, cam.height + 2 * M, samples);
    glBindFramebuffer(GL_FRAMEBUFFER, samples > 0 ? g.cache_ms_fbo : g.cache_fbo);
    // The window plus a margin on every side: a tile of the window's image that overhangs it.
    const TileRect big{-M, -M, cam.width + 2 * M, cam.height + 2 * M};
    draw_pass(cam, style, &big, kPassLayers);
    if (samples > 0) {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, g.cache_ms_fbo);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, g.cache_fbo);
      glBlitFramebuffer(0, 0, big.w, big.h, 0, 0, big.w, big.h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    g.cache_key = std::move(key);
    g.cache_cam = cam;
    g.cache_tables_revision = g.tables_revision;
    g.cache_valid = ws_ != nullptr;
    ++stats_.cache_redraws;
    ua[0] = static_cast<float>(1.0 / tw);
    ua[1] = static_cast<float>(1.0 / th);
    ub[0] = static_cast<float>(M / tw);
    ub[1] = static_cast<float>(M / th);
  }
  // The cached image (texel for texel unless the view moved), then the outlines that follow the pointer.
  glViewport(0, 0, cam.width, cam.height);
  glDisable(GL_BLEND);
  g.blit.use();
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, g.cache_tex);
  glUniform1i(g.blit.loc("u_image"), 0);
  glUniform2fv(g.blit.loc("u_a"), 1, ua);
  glUniform2fv(g.blit.loc("u_b"), 1, ub);
  set_color(g.blit.loc("u_background"), palette::kBackground);
  glBindVertexArray(g.empty_vao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  ++stats_.draw_calls;
  if (ws_) draw_pass(cam, style, nullptr, kPassTop);
  glBindVertexArray(0);
  check_gl("dessin de la carte en cache");
}

void MapRenderer::draw_pass(const Camera& cam, const MapStyle& style, const TileRect* tile, int passes) {
  Impl& g = *impl_;
  TileRect full{0, 0, cam.width, cam.height};
  const TileRect& t = tile ? *tile : full;
  glViewport(0, 0, t.w, t.h);
  if (passes & kPassLayers) {
    const Rgba bg = palette::kBackground;
    glClearColor(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  if (!ws_) return;
  const Workspace& ws = *ws_;

  g.offset[0] = static_cast<float>(data_.origin.x - cam.center.x);
  g.offset[1] = static_cast<float>(data_.origin.y - cam.center.y);
  g.px_per_m = static_cast<float>(1.0 / cam.mpp);
  g.shift[0] = static_cast<float>(t.x + t.w * 0.5 - cam.width * 0.5);
  g.shift[1] = static_cast<float>(-((t.y + t.h * 0.5) - cam.height * 0.5));
  g.viewport[0] = static_cast<float>(t.w);
  g.viewport[1] = static_cast<float>(t.h);
  g.frag_origin[0] = static_cast<float>(t.x);
  g.frag_origin[1] = static_cast<float>(cam.height - (t.y + t.h));
  {
    const Vec2 a = cam.screen_to_world(t.x, t.y + t.h), b = cam.screen_to_world(t.x + t.w, t.y);
    const double m = 8 * cam.mpp * style.scale;  // symbols and wide lines overhang
    g.view_rel = {a.x - data_.origin.x - m, a.y - data_.origin.y - m, b.x - data_.origin.x + m, b.y - data_.origin.y + m};
  }

  // Colour tables: recomputed when the style changed, uploaded only where they differ.
  const bool gaps_on = style.visible(LayerId::Gaps) && style.gaps_loaded;
  if ((passes & kPassLayers) &&
      (g.tables_revision != style.revision || g.fold_built != g.fold_zones || g.gaps_on_built != gaps_on)) {
    g.fold_built = g.fold_zones;
    g.gaps_on_built = gaps_on;
    const size_t nc = ws.communes.size();
    const ChoroplethClasses classes = compute_classes(ws);
    std::vector<uint32_t> land(nc, palette::kLand.packed()), zones(nc, 0), basins(nc, 0), sel(nc, 0), lfill(nc, 0);
    // Per zone (last entry: communes with no known zone), then per commune.
    const size_t nz = ws.zones.size();
    std::vector<uint32_t> zone_col(nz + 1, 0);
    for (size_t z = 0; z < nz; ++z)
      if (ws.zones[z].rate_latest > 0)
        zone_col[z] = palette::choropleth(classes.class_of(ws.zones[z].rate_latest), gaps_on).packed();
    for (size_t i = 0; i < nc; ++i) {
      const Commune& c = ws.communes[i];
      if (auto it = ws.zone_by_code.find(c.zone_emploi); it != ws.zone_by_code.end()) zones[i] = zone_col[it->second];
      if (c.in_rural_basin) basins[i] = palette::kBasinHatch.packed();
    }
    std::vector<uint32_t> land_z(nz + 1, palette::kLand.packed());
    for (size_t i : selected_communes(ws, style.selection))
      sel[i] = (style.selection.kind == Selection::Kind::Commune ? palette::kSelectionFill : rgb(0x00b4d8, 35)).packed();
    if (style.selection.kind == Selection::Kind::Laureate)
      for (size_t l = 0; l < ws.laureates.size(); ++l)
        if (ws.laureates[l].id == style.selection.code) {
          Rgba c = palette::laureate(l);
          c.a = 50;
          for (size_t i : selected_communes(ws, style.selection)) lfill[i] = c.packed();
        }
    // When the choropleth is the lowest visible layer, pre-blend it into the land table:
    // one full-screen pass fewer (the result is the same as blending on the GPU).
    g.zones_folded = false;
    for (const auto& l : style.layers) {
      if (!l.visible || l.opacity <= 0) continue;
      if (l.id == LayerId::Zones && g.fold_zones) {
        const float op = l.opacity;
        auto fold = [op](uint32_t z) {
          const float za = ((z >> 24) & 255) / 255.f * op;
          const Rgba L = palette::kLand;
          if (za <= 0) return L.packed();
          auto mix = [&](int shift, uint8_t lv) { return static_cast<uint32_t>(std::lround(lv * (1 - za) + ((z >> shift) & 255) * za)); };
          return mix(0, L.r) | mix(8, L.g) << 8 | mix(16, L.b) << 16 | 255u << 24;
        };
        for (size_t i = 0; i < nc; ++i) land[i] = fold(zones[i]);
        for (size_t z = 0; z <= nz; ++z) land_z[z] = fold(zone_col[z]);
        g.zones_folded = true;
      }
      break;
    }
    std::vector<uint32_t> lcol(ws.laureates.size());
    for (size_t l = 0; l < lcol.size(); ++l) {
      const bool on = l >= style.laureate_visible.size() || style.laureate_visible[l];
      lcol[l] = on ? palette::laureate(l).packed() : 0;
    }
    int uploads = 0;
    for (size_t li = 0; li < data_.lods.size() && li < g.set_tables.size(); ++li) {
      const auto& sets = data_.lods[li].laureate_sets;
      std::vector<uint32_t> scol(sets.size(), 0);
      for (size_t k = 0; k < sets.size(); ++k)
        for (auto it = sets[k].rbegin(); it != sets[k].rend(); ++it)
          if (*it < lcol.size() && lcol[*it]) {
            scol[k] = lcol[*it];
            break;
          }
      uploads += g.set_tables[li]->update(std::move(scol));
    }
    std::vector<uint32_t> qcol(ws.qpvs.size(), palette::kQpvFill.packed());
    uploads += g.t_land.update(std::move(land));
    uploads += g.t_land_z.update(std::move(land_z));
    uploads += g.t_zones_z.update(std::move(zone_col));
    uploads += g.t_basin_z.update({palette::kBasinHatch.packed()});
    uploads += g.t_zones.update(std::move(zones));
    uploads += g.t_basins.update(std::move(basins));
    uploads += g.t_selected.update(std::move(sel));
    uploads += g.t_laureate_fill.update(std::move(lfill));
    uploads += g.t_laureate_lines.update(std::move(lcol));
    uploads += g.t_qpv.update(std::move(qcol));
    if (!g.t_gaps.tex) uploads += g.t_gaps.update({0});
    stats_.table_uploads += uploads;
    g.tables_revision = style.revision;
  }
  // Selection / hover outlines: rebuilt only when they change.
  if (!g.sel_valid || !(g.sel_built == style.selection)) {
    g.upload_lines(g.selection_lines, selection_outline(ws, data_, style.selection));
    g.sel_built = style.selection;
    g.sel_valid = true;
    ++stats_.geometry_uploads;
  }
  if (!g.hover_valid || !(g.hover_built == style.hover)) {
    g.upload_lines(g.hover_lines, selection_outline(ws, data_, style.hover));
    g.hover_built = style.hover;
    g.hover_valid = true;
    ++stats_.geometry_uploads;
  }

  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  const float k = style.scale;
  int& dc = stats_.draw_calls;
  // Level of detail: the simplified polygon layers at small scales.
  const int lod = data_.lod_for(cam.mpp);
  stats_.lod = lod;
  LevelGpu* lv = lod >= 0 && lod < static_cast<int>(g.levels.size()) ? &g.levels[lod] : nullptr;
  const FillGpu& communes = lv ? lv->communes : g.communes;
  const InstGpu& commune_lines = lv ? lv->commune_lines : g.commune_lines;
  const InstGpu& zone_lines = lv ? lv->zone_lines : g.zone_lines;
  const InstGpu& dep_lines = lv ? lv->dep_lines : g.dep_lines;
  const InstGpu& region_lines = lv ? lv->region_lines : g.region_lines;
  const InstGpu& laureate_lines = lv ? lv->laureate_lines : g.laureate_lines;
  // The coarse levels draw the land, the choropleth and the basins from dissolved polygons
  // (one feature per zone / basin), the full detail from the communes.
  const bool dissolved = lv && lv->zone_fill.count > 0;
  const FillGpu& zone_fill = dissolved ? lv->zone_fill : communes;
  const FillGpu& basin_fill = dissolved ? lv->basin_fill : communes;
  const ColorTable& t_land = dissolved ? g.t_land_z : g.t_land;
  const ColorTable& t_zones = dissolved ? g.t_zones_z : g.t_zones;
  const ColorTable& t_basins = dissolved ? g.t_basin_z : g.t_basins;
  if (passes & kPassLayers) {
  dc += g.draw_fill(zone_fill, t_land, 1.0f);
  for (const LayerSettings& l : style.layers) {
    if (!l.visible || l.opacity <= 0) continue;
    const float op = l.opacity;
    switch (l.id) {
      case LayerId::Zones:
        if (!g.zones_folded) dc += g.draw_fill(zone_fill, t_zones, op);
        dc += g.draw_lines(zone_lines, 0.9f * k, palette::kZoneLine, op);
        break;
      case LayerId::Basins: dc += g.draw_fill(basin_fill, t_basins, op, true, k); break;
      case LayerId::Laureates:
        if (style.selection.kind == Selection::Kind::Laureate) dc += g.draw_fill(communes, g.t_laureate_fill, op);
        dc += g.draw_lines(laureate_lines, 2.0f * k, {}, op * 0.9f,
                           lv ? g.set_tables[static_cast<size_t>(lod)].get() : &g.t_laureate_lines);
        break;
      case LayerId::Gaps:
        // Gaps first: one solid strong colour with a dark edge, the reached area's edge as a line.
        dc += g.draw_fill(g.gaps, g.t_gaps, op);
        dc += g.draw_lines(g.coverage_lines, 1.4f * k, palette::kCoverageLine, op);
        dc += g.draw_lines(g.gap_lines, 0.8f * k, palette::kGapsLine, op);
        break;
      case LayerId::Qpv: {
        dc += g.draw_fill(g.qpv, g.t_qpv, op);
        dc += g.draw_lines(g.qpv_lines, 1.2f * k, palette::kQpvLine, op);
        bool en[8] = {false, false, false, false, false, false, true, false};
        dc += g.draw_points(g.qpv_markers, op, k * style.symbol_scale, en);
        break;
      }
      case LayerId::Communes:
        if (cam.mpp <= kCommuneOutlineMaxMpp) {
          const float w = cam.mpp > 80 ? 0.5f : (cam.mpp > 30 ? 0.8f : 1.0f);
          dc += g.draw_lines(commune_lines, w * k, palette::kCommuneLine, op);
        }
        break;
      case LayerId::Roads:
        // From commune zoom only (nothing at region scale: the frame costs the same); the
        // minor roads closer still. Thin lines, wider as the map zooms in; the major roads last.
        if (cam.mpp <= kRoadMaxMpp) {
          const int rl = data_.roads.level_for(cam.mpp);
          if (rl >= 0 && rl < static_cast<int>(g.road_levels.size())) {
            const auto& R = g.road_levels[static_cast<size_t>(rl)];
            const float zw = cam.mpp < 4 ? 1.8f : (cam.mpp < 15 ? 1.35f : 1.0f);
            if (cam.mpp <= kRoadMinorMaxMpp) dc += g.draw_lines(R[2], 0.9f * zw * k, palette::kRoadMinor, op);
            dc += g.draw_lines(R[1], 1.4f * zw * k, palette::kRoadMid, op);
            dc += g.draw_lines(R[0], 2.1f * zw * k, palette::kRoadMajor, op);
          }
        }
        break;
      case LayerId::Departements: dc += g.draw_lines(dep_lines, 1.5f * k, palette::kDepLine, op); break;
      case LayerId::Region: dc += g.draw_lines(region_lines, 2.4f * k, palette::kRegionLine, op); break;
      case LayerId::Services: {
        bool en[8] = {true, true, true, true, true, true, false, false};
        const float sk = k * style.symbol_scale * (cam.mpp > 400 ? 0.8f : cam.mpp < 40 ? 1.5f : 1.0f);
        dc += g.draw_points(g.services, op, sk, en);
        break;
      }
      default: break;
    }
  }
  // Selection on top of every layer: a light tint, a white casing and a strong outline.
  dc += g.draw_fill(communes, g.t_selected, 1.0f);
  }
  if (!(passes & kPassTop)) {
    glBindVertexArray(0);
    check_gl("dessin de la carte");
    return;
  }
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  dc += g.draw_lines(g.hover_lines, 1.6f * k, palette::kHover, 1.0f);
  dc += g.draw_lines(g.selection_lines, 5.0f * k, rgb(0xffffff, 220), 1.0f);
  dc += g.draw_lines(g.selection_lines, 2.6f * k, palette::kSelection, 1.0f);
  dc += routes_->draw(cam, t, k);  // planned tours on top
  glBindVertexArray(0);
  check_gl("dessin de la carte");
}

}  // namespace maraude::render
