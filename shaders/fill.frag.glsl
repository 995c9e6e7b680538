#version 330 core
// Solid or hatched fill. Output is premultiplied alpha (blend ONE, ONE_MINUS_SRC_ALPHA).
flat in vec4 v_color;

uniform float u_opacity;
uniform int u_hatch;            // 0 = solid, 1 = diagonal hatching
uniform float u_hatch_spacing;  // pixels between stripes
uniform float u_hatch_width;    // stripe width in pixels
uniform vec2 u_frag_origin;     // tile origin in the full image (pixels), keeps stripes continuous

out vec4 o_color;

void main() {
  float a = v_color.a * u_opacity;
  if (a <= 0.0) discard;
  if (u_hatch != 0) {
    vec2 p = gl_FragCoord.xy + u_frag_origin;
    float d = mod(p.x + p.y, u_hatch_spacing);
    float dist = min(d, u_hatch_spacing - d) * 0.70710678;  // distance across the stripe
    a *= clamp(u_hatch_width * 0.5 - dist + 0.5, 0.0, 1.0);
    if (a <= 0.0) discard;
  }
  o_color = vec4(v_color.rgb * a, a);
}
