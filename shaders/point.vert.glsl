#version 330 core
// Point symbols: one instance per point, a screen-aligned quad shaded by a signed
// distance function of its shape (circle, square, triangle, diamond, ring).
layout(location = 0) in vec2 a_corner;  // -1..1
layout(location = 1) in vec2 a_pos;
layout(location = 2) in uint a_style;

uniform vec2 u_offset;
uniform float u_px_per_m;
uniform vec2 u_shift;
uniform vec2 u_viewport;
uniform float u_size[8];    // outer diameter in pixels per style (0 = hidden)
uniform float u_scale;      // symbol size multiplier

out vec2 v_local;           // pixels from the symbol centre
flat out int v_style;

void main() {
  int st = int(a_style);
  float r = u_size[st] * 0.5 * u_scale + 1.5;
  vec2 c = (a_pos + u_offset) * u_px_per_m - u_shift;
  vec2 p = c + a_corner * r;
  gl_Position = vec4(p * 2.0 / u_viewport, 0.0, 1.0);
  if (u_size[st] <= 0.0) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // hidden style: off-screen
  v_local = a_corner * r;
  v_style = st;
}
