#version 330 core
// The cached map image: texel for texel when the view has not moved, else shifted and
// scaled (uv = pixel * u_a + u_b); outside the cached area, the background colour.
in vec2 v_uv;
uniform sampler2D u_image;
uniform vec2 u_a, u_b;
uniform vec4 u_background;
out vec4 o_color;

void main() {
  vec2 uv = gl_FragCoord.xy * u_a + u_b;
  if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0)))) o_color = u_background;
  else o_color = texture(u_image, uv);
}
