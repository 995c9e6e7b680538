#version 330 core
// Polygon fill: triangles in metres relative to the layer origin; the colour of each
// feature comes from a colour table (one texel per feature, alpha 0 = not drawn).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_id;

uniform vec2 u_offset;      // layer origin - camera centre (metres)
uniform float u_px_per_m;
uniform vec2 u_shift;       // tile centre - image centre (pixels, y up)
uniform vec2 u_viewport;    // render target size (pixels)
uniform sampler2D u_table;

flat out vec4 v_color;

void main() {
  vec2 s = (a_pos + u_offset) * u_px_per_m - u_shift;
  gl_Position = vec4(s * 2.0 / u_viewport, 0.0, 1.0);
  int id = int(a_id);
  v_color = texelFetch(u_table, ivec2(id & 1023, id >> 10), 0);
}
