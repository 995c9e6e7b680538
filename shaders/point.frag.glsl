#version 330 core
in vec2 v_local;
flat in int v_style;

uniform float u_size[8];
uniform int u_shape[8];     // 0 circle, 1 square, 2 triangle, 3 diamond, 4 ring
uniform vec4 u_fill[8];
uniform vec4 u_stroke[8];
uniform float u_scale;
uniform float u_opacity;

out vec4 o_color;

float sdf(int shape, vec2 p, float r) {
  if (shape == 1) { vec2 q = abs(p) - vec2(r * 0.86); return max(q.x, q.y); }
  if (shape == 2) {
    // Upward equilateral triangle inscribed in the circle of radius r.
    vec2 q = vec2(abs(p.x), p.y + r * 0.25);
    float k = sqrt(3.0);
    float e1 = (k * q.x + q.y) * 0.5 - r * 0.5;
    return max(e1, -q.y - r * 0.5);
  }
  if (shape == 3) return (abs(p.x) + abs(p.y)) * 0.70710678 - r * 0.72;
  return length(p) - r;
}

void main() {
  float r = u_size[v_style] * 0.5 * u_scale;
  int shape = u_shape[v_style];
  float d = sdf(shape, v_local, r);
  float stroke_w = shape == 4 ? 2.2 : 1.3;
  float outer = clamp(0.5 - d, 0.0, 1.0);
  float inner = clamp(0.5 - (d + stroke_w), 0.0, 1.0);
  vec4 s = u_stroke[v_style], f = u_fill[v_style];
  vec3 rgb = s.rgb * s.a * (1.0 - inner) + f.rgb * f.a * inner;
  float a = (s.a * (1.0 - inner) + f.a * inner);
  float k = outer * u_opacity;
  if (a * k <= 0.0) discard;
  o_color = vec4(rgb * k, a * k);
}
