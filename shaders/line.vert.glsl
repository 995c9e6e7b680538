#version 330 core
// Anti-aliased lines of a width in pixels: each segment is one instance, expanded
// to a quad in screen space (square caps so consecutive segments join without gaps).
layout(location = 0) in vec2 a_corner;  // x: 0 start / 1 end, y: -1 / +1 side
layout(location = 1) in vec4 a_seg;     // x0, y0, x1, y1 (metres relative to the origin)
layout(location = 2) in uint a_id;

uniform vec2 u_offset;
uniform float u_px_per_m;
uniform vec2 u_shift;
uniform vec2 u_viewport;
uniform float u_width;      // pixels
uniform vec4 u_color;       // used when u_use_table == 0
uniform int u_use_table;
uniform sampler2D u_table;
uniform int u_packed;       // 1: no a_corner; the corner is in a_id's top bits (x: bit 30, y: bit 31)

flat out vec4 v_color;
out float v_across;         // signed distance from the centre line (pixels)
flat out float v_half;      // half of the drawn width

void main() {
  vec2 corner = a_corner;
  uint fid = a_id;
  if (u_packed != 0) {
    corner = vec2(float((a_id >> 30) & 1u), ((a_id >> 31) & 1u) != 0u ? 1.0 : -1.0);
    fid = a_id & 0x3fffffffu;
  }
  vec2 p0 = (a_seg.xy + u_offset) * u_px_per_m - u_shift;
  vec2 p1 = (a_seg.zw + u_offset) * u_px_per_m - u_shift;
  vec2 d = p1 - p0;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 nrm = vec2(-dir.y, dir.x);
  float w = max(u_width, 1.0);
  float half_w = w * 0.5;
  float ext = half_w + 1.0;  // one more pixel for the anti-aliased fringe
  vec2 p = mix(p0, p1, corner.x) + dir * (corner.x * 2.0 - 1.0) * half_w + nrm * corner.y * ext;
  gl_Position = vec4(p * 2.0 / u_viewport, 0.0, 1.0);
  v_across = corner.y * ext;
  v_half = half_w;
  vec4 c = u_color;
  if (u_use_table != 0) {
    int id = int(fid);
    c = texelFetch(u_table, ivec2(id & 1023, id >> 10), 0);
  }
  c.a *= min(u_width, 1.0);  // hairlines thinner than a pixel fade instead of thinning
  v_color = c;
}
