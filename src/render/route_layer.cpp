#include "render/route_layer.h"

#include <cmath>
#include <cstring>

#include "render/gl.h"
#include "render/gl_program.h"
#include "render/map_renderer.h"

namespace maraude::render {

Rgba route_color(int i) {
  // Distinct, saturated enough to read over the choropleth and the gaps' red hatching.
  static const uint32_t k[kRouteColors] = {0x1f77b4, 0x2ca02c, 0x9467bd, 0xff7f0e, 0x17becf, 0x8c564b, 0xe377c2};
  return rgb(k[((i % kRouteColors) + kRouteColors) % kRouteColors]);
}

RouteGeometry build_route_geometry(const std::vector<RouteDraw>& routes) {
  RouteGeometry g;
  bool have_origin = false;
  for (const auto& r : routes)
    if (!r.path.empty()) {
      g.origin = r.path.front();
      have_origin = true;
      break;
    }
  if (!have_origin) return g;
  std::vector<Vec2> bases;
  for (size_t ri = 0; ri < routes.size(); ++ri) {
    const auto& p = routes[ri].path;
    const auto& legs = routes[ri].legs;
    for (size_t k = 0; k + 1 < p.size(); ++k) {
      if (legs.size() + 1 == p.size() && legs[k].size() >= 2) {
        const auto& l = legs[k];
        for (size_t j = 0; j + 1 < l.size(); ++j) {
          g.segs.insert(g.segs.end(), {float(l[j].x - g.origin.x), float(l[j].y - g.origin.y),
                                       float(l[j + 1].x - g.origin.x), float(l[j + 1].y - g.origin.y)});
          g.seg_color.push_back(static_cast<uint32_t>(ri));
        }
        continue;
      }
      g.segs.insert(g.segs.end(), {float(p[k].x - g.origin.x), float(p[k].y - g.origin.y), float(p[k + 1].x - g.origin.x),
                                   float(p[k + 1].y - g.origin.y)});
      g.seg_color.push_back(static_cast<uint32_t>(ri));
    }
    for (size_t k = 1; k + 1 < p.size(); ++k) {
      g.stops.insert(g.stops.end(), {float(p[k].x - g.origin.x), float(p[k].y - g.origin.y)});
      g.stop_color.push_back(static_cast<uint32_t>(ri));
    }
    for (const Vec2* b : {p.empty() ? nullptr : &p.front(), p.size() < 2 ? nullptr : &p.back()}) {
      if (!b) continue;
      bool seen = false;
      for (const Vec2& q : bases) seen = seen || (std::abs(q.x - b->x) < 1 && std::abs(q.y - b->y) < 1);
      if (!seen) {
        bases.push_back(*b);
        g.bases.insert(g.bases.end(), {float(b->x - g.origin.x), float(b->y - g.origin.y)});
      }
    }
  }
  return g;
}

namespace {
struct Seg {
  float x0, y0, x1, y1;
  uint32_t id;
};
struct Pt {
  float x, y;
  uint32_t style;
};
}  // namespace

struct RouteLayer::Impl {
  Program line{"line"}, point{"point"};
  GLuint corner_line = 0, corner_point = 0;
  GLuint seg_vao = 0, seg_buf = 0, arrow_vao = 0, arrow_buf = 0, pt_vao = 0, pt_buf = 0, table = 0;
  GLsizei n_segs = 0, n_pts = 0;
  RouteGeometry geom;
  std::vector<Rgba> colors;

  Impl() {
    const float lc[] = {0, -1, 0, 1, 1, -1, 1, 1};
    glGenBuffers(1, &corner_line);
    glBindBuffer(GL_ARRAY_BUFFER, corner_line);
    glBufferData(GL_ARRAY_BUFFER, sizeof lc, lc, GL_STATIC_DRAW);
    const float pc[] = {-1, -1, 1, -1, -1, 1, 1, 1};
    glGenBuffers(1, &corner_point);
    glBindBuffer(GL_ARRAY_BUFFER, corner_point);
    glBufferData(GL_ARRAY_BUFFER, sizeof pc, pc, GL_STATIC_DRAW);
    make_seg_vao(seg_vao, seg_buf);
    make_seg_vao(arrow_vao, arrow_buf);
    glGenVertexArrays(1, &pt_vao);
    glBindVertexArray(pt_vao);
    glBindBuffer(GL_ARRAY_BUFFER, corner_point);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glGenBuffers(1, &pt_buf);
    glBindBuffer(GL_ARRAY_BUFFER, pt_buf);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Pt), nullptr);
    glVertexAttribDivisor(1, 1);
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(Pt), reinterpret_cast<void*>(offsetof(Pt, style)));
    glVertexAttribDivisor(2, 1);
    glBindVertexArray(0);
    glGenTextures(1, &table);
    glBindTexture(GL_TEXTURE_2D, table);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    check_gl("préparation de la couche des tournées");
  }
  ~Impl() {
    GLuint vaos[] = {seg_vao, arrow_vao, pt_vao};
    glDeleteVertexArrays(3, vaos);
    GLuint bufs[] = {corner_line, corner_point, seg_buf, arrow_buf, pt_buf};
    glDeleteBuffers(5, bufs);
    glDeleteTextures(1, &table);
  }
  void make_seg_vao(GLuint& vao, GLuint& buf) {
    glGenVertexArrays(1, &vao);
    glBindVertexArray(vao);
    glBindBuffer(GL_ARRAY_BUFFER, corner_line);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glGenBuffers(1, &buf);
    glBindBuffer(GL_ARRAY_BUFFER, buf);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(Seg), nullptr);
    glVertexAttribDivisor(1, 1);
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(Seg), reinterpret_cast<void*>(offsetof(Seg, id)));
    glVertexAttribDivisor(2, 1);
    glBindVertexArray(0);
  }
  static void set_color(GLint loc, Rgba c) { glUniform4f(loc, c.r / 255.f, c.g / 255.f, c.b / 255.f, c.a / 255.f); }
  void transform(Program& p, const Camera& cam, const TileRect& t) {
    p.use();
    const float off[2] = {float(geom.origin.x - cam.center.x), float(geom.origin.y - cam.center.y)};
    const float shift[2] = {float(t.x + t.w * 0.5 - cam.width * 0.5), float(-((t.y + t.h * 0.5) - cam.height * 0.5))};
    const float vp[2] = {float(t.w), float(t.h)};
    glUniform2fv(p.loc("u_offset"), 1, off);
    glUniform1f(p.loc("u_px_per_m"), float(1.0 / cam.mpp));
    glUniform2fv(p.loc("u_shift"), 1, shift);
    glUniform2fv(p.loc("u_viewport"), 1, vp);
  }
  int lines(GLuint vao, GLsizei n, const Camera& cam, const TileRect& t, float width, const Rgba* solid) {
    if (!n) return 0;
    transform(line, cam, t);
    glUniform1f(line.loc("u_width"), width);
    glUniform1f(line.loc("u_opacity"), 1.0f);
    set_color(line.loc("u_color"), solid ? *solid : Rgba{});
    glUniform1i(line.loc("u_use_table"), solid ? 0 : 1);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, table);
    glUniform1i(line.loc("u_table"), 0);
    glBindVertexArray(vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, n);
    return 1;
  }
};

RouteLayer::RouteLayer() : impl_(std::make_unique<Impl>()) {}
RouteLayer::~RouteLayer() = default;
size_t RouteLayer::legs() const { return impl_->geom.seg_color.size(); }
size_t RouteLayer::stops() const { return impl_->geom.stop_color.size(); }
const RouteGeometry& RouteLayer::geometry() const { return impl_->geom; }

void RouteLayer::set_routes(const std::vector<RouteDraw>& routes) {
  Impl& g = *impl_;
  g.geom = build_route_geometry(routes);
  g.colors.clear();
  for (const auto& r : routes) g.colors.push_back(r.color);
  std::vector<Seg> segs;
  for (size_t i = 0; i < g.geom.seg_color.size(); ++i)
    segs.push_back({g.geom.segs[4 * i], g.geom.segs[4 * i + 1], g.geom.segs[4 * i + 2], g.geom.segs[4 * i + 3],
                    g.geom.seg_color[i]});
  glBindBuffer(GL_ARRAY_BUFFER, g.seg_buf);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(segs.size() * sizeof(Seg)), segs.data(), GL_STATIC_DRAW);
  g.n_segs = static_cast<GLsizei>(segs.size());
  // Points: a stop takes the style of its route's palette colour (0..6); bases style 7.
  std::vector<uint32_t> slot(routes.size(), 0);
  for (size_t r = 0; r < routes.size(); ++r) {
    slot[r] = static_cast<uint32_t>(r % kRouteColors);
    for (int c = 0; c < kRouteColors; ++c)
      if (route_color(c).packed() == routes[r].color.packed()) slot[r] = static_cast<uint32_t>(c);
  }
  std::vector<Pt> pts;
  for (size_t i = 0; i < g.geom.stop_color.size(); ++i)
    pts.push_back({g.geom.stops[2 * i], g.geom.stops[2 * i + 1], slot[g.geom.stop_color[i]]});
  for (size_t i = 0; i + 1 < g.geom.bases.size(); i += 2) pts.push_back({g.geom.bases[i], g.geom.bases[i + 1], 7});
  glBindBuffer(GL_ARRAY_BUFFER, g.pt_buf);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(pts.size() * sizeof(Pt)), pts.data(), GL_STATIC_DRAW);
  g.n_pts = static_cast<GLsizei>(pts.size());
  // Colour table: one texel per route.
  std::vector<uint32_t> tex(1024, 0);
  for (size_t i = 0; i < g.colors.size() && i < tex.size(); ++i) tex[i] = g.colors[i].packed();
  glBindTexture(GL_TEXTURE_2D, g.table);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1024, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, tex.data());
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  check_gl("envoi des tournées");
}

int RouteLayer::draw(const Camera& cam, const TileRect& t, float k) {
  Impl& g = *impl_;
  if (!g.n_segs && !g.n_pts) return 0;
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  int dc = 0;
  const Rgba casing = rgb(0xffffff, 230);
  dc += g.lines(g.seg_vao, g.n_segs, cam, t, 6.5f * k, &casing);
  dc += g.lines(g.seg_vao, g.n_segs, cam, t, 3.5f * k, nullptr);
  // Chevrons at the middle of every leg long enough on screen, pointing along the route.
  std::vector<Seg> arrows;
  const double len_m = 9.0 * k * cam.mpp;
  for (size_t i = 0; i < g.geom.seg_color.size(); ++i) {
    const float* s = &g.geom.segs[4 * i];
    const double dx = s[2] - s[0], dy = s[3] - s[1], L = std::hypot(dx, dy);
    if (L / cam.mpp < 40 * k) continue;
    const double ux = dx / L, uy = dy / L;
    const double mx = (s[0] + s[2]) * 0.5 + ux * len_m * 0.5, my = (s[1] + s[3]) * 0.5 + uy * len_m * 0.5;
    for (int side : {-1, 1}) {
      // Legs at ±35° from the backward direction.
      const double c = std::cos(0.61), sn = std::sin(0.61) * side;
      const double bx = -ux * c - (-uy) * sn, by = -ux * sn + -uy * c;
      arrows.push_back({float(mx), float(my), float(mx + bx * len_m), float(my + by * len_m), g.geom.seg_color[i]});
    }
  }
  glBindBuffer(GL_ARRAY_BUFFER, g.arrow_buf);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(arrows.size() * sizeof(Seg)), arrows.data(), GL_STREAM_DRAW);
  const Rgba dark = rgb(0x222222, 235);
  dc += g.lines(g.arrow_vao, static_cast<GLsizei>(arrows.size()), cam, t, 2.6f * k, &dark);
  if (g.n_pts) {
    g.transform(g.point, cam, t);
    float size[8], fill[32], stroke[32];
    int shape[8];
    for (int s = 0; s < 8; ++s) {
      const Rgba f = s < 7 ? route_color(s) : rgb(0x222222);
      const Rgba kc = rgb(0xffffff);
      size[s] = s < 7 ? 19.0f : 15.0f;  // room for a two-digit number
      shape[s] = s < 7 ? 0 : 1;
      const float fv[4] = {f.r / 255.f, f.g / 255.f, f.b / 255.f, 1.f}, kv[4] = {kc.r / 255.f, kc.g / 255.f, kc.b / 255.f, 1.f};
      std::memcpy(fill + 4 * s, fv, sizeof fv);
      std::memcpy(stroke + 4 * s, kv, sizeof kv);
    }
    glUniform1fv(g.point.loc("u_size"), 8, size);
    glUniform1iv(g.point.loc("u_shape"), 8, shape);
    glUniform4fv(g.point.loc("u_fill"), 8, fill);
    glUniform4fv(g.point.loc("u_stroke"), 8, stroke);
    glUniform1f(g.point.loc("u_scale"), k);
    glUniform1f(g.point.loc("u_opacity"), 1.0f);
    glBindVertexArray(g.pt_vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, g.n_pts);
    ++dc;
  }
  glBindVertexArray(0);
  check_gl("dessin des tournées");
  return dc;
}

}  // namespace maraude::render
