#version 330 core
flat in vec4 v_color;
in float v_across;
flat in float v_half;

uniform float u_opacity;

out vec4 o_color;

void main() {
  float cov = clamp(v_half + 0.5 - abs(v_across), 0.0, 1.0);
  float a = v_color.a * cov * u_opacity;
  if (a <= 0.0) discard;
  o_color = vec4(v_color.rgb * a, a);
}
