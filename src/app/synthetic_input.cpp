#include "app/synthetic_input.h"

#include <cmath>

#include "imgui.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

void inject_script_input(AppState& s, int f, int w, int h) {
  ImGuiIO& io = ImGui::GetIO();
  const int phase = f % 240;
  const float cx = w * 0.55f, cy = h * 0.5f;
  io.MouseDown[0] = false;
  io.MouseWheel = 0;
  for (int k : {GLFW_KEY_LEFT, GLFW_KEY_RIGHT, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_EQUAL, GLFW_KEY_MINUS, GLFW_KEY_HOME})
    io.KeysDown[k] = false;
  if (phase < 40) {  // hover sweep
    io.MousePos = {cx - 200 + phase * 10.0f, cy + std::sin(phase * 0.3f) * 80};
  } else if (phase < 50) {  // wheel zoom in about the cursor
    io.MousePos = {cx + 40, cy - 30};
    io.MouseWheel = 1;
  } else if (phase < 80) {  // drag
    io.MousePos = {cx + (phase - 50) * 6.0f, cy + (phase - 50) * 2.0f};
    io.MouseDown[0] = phase < 78;
  } else if (phase < 84) {  // click (press and release on the spot)
    io.MousePos = {cx, cy};
    io.MouseDown[0] = phase < 82;
  } else if (phase < 120) {  // keyboard
    const int keys[] = {GLFW_KEY_LEFT, GLFW_KEY_UP, GLFW_KEY_RIGHT, GLFW_KEY_DOWN, GLFW_KEY_EQUAL, GLFW_KEY_MINUS};
    if (phase % 4 == 0) io.KeysDown[keys[(phase / 4) % 6]] = true;
    io.MousePos = {cx, cy};
  } else if (phase == 130) {
    auto r = s.search("lille");
    if (!r.empty()) s.go_to(r.front());
  } else if (phase == 170) {
    s.toggle_layer(render::LayerId::Zones);
    s.set_english(!s.style.english);
  } else if (phase == 180) {
    s.toggle_layer(render::LayerId::Zones);
    auto r = s.search("thierache");
    if (!r.empty()) s.go_to(r.front(), 0.2);
  } else if (phase == 230) {
    io.KeysDown[GLFW_KEY_HOME] = true;
  } else {
    io.MousePos = {cx + 100 * std::cos(f * 0.1f), cy + 100 * std::sin(f * 0.1f)};
  }
}

void MonkeyInput::inject(int w, int h) {
  ImGuiIO& io = ImGui::GetIO();
  auto pick = [&](int n) { return static_cast<int>(rng_() % static_cast<unsigned long long>(n)); };
  io.MouseWheel = 0;
  io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
  for (int k = 0; k < 512; ++k) io.KeysDown[k] = false;
  const int kind = pick(100);
  if (kind < 30) {  // click somewhere (press now, release on the next event)
    io.MousePos = {static_cast<float>(pick(w)), static_cast<float>(pick(h))};
    down_ = !down_;
  } else if (kind < 45) {  // drag a little
    io.MousePos = {io.MousePos.x + static_cast<float>(pick(81) - 40), io.MousePos.y + static_cast<float>(pick(81) - 40)};
    down_ = true;
  } else if (kind < 55) {  // wheel
    io.MouseWheel = pick(2) ? 1.0f : -1.0f;
    down_ = false;
  } else if (kind < 80) {  // type a value (the focused field, if any, receives it)
    static const char* values[] = {"0", "-5", "1e9", "1e308", "abc", "", "15", "20min", "1e9km", "-0", "NaN", "99999999999",
                                   "2024-02-30", "12:00-14:00/500", "é€ü", "  "};
    for (const char* c = values[pick(16)]; *c; ++c) io.AddInputCharacter(static_cast<unsigned char>(*c));
    down_ = false;
  } else {  // a key: Enter, Tab, Esc, Backspace, arrows, F5, or a Ctrl combination
    static const int keys[] = {GLFW_KEY_ENTER, GLFW_KEY_TAB, GLFW_KEY_ESCAPE, GLFW_KEY_BACKSPACE, GLFW_KEY_LEFT,
                               GLFW_KEY_RIGHT, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_F5, GLFW_KEY_DELETE, GLFW_KEY_Z,
                               GLFW_KEY_Y, GLFW_KEY_E, GLFW_KEY_A, GLFW_KEY_HOME, GLFW_KEY_EQUAL, GLFW_KEY_MINUS};
    const int k = keys[pick(17)];
    io.KeysDown[k] = true;
    io.KeyCtrl = (k == GLFW_KEY_Z || k == GLFW_KEY_Y || k == GLFW_KEY_E || k == GLFW_KEY_A) && pick(2);
    down_ = false;
  }
  io.MouseDown[0] = down_;
}

}  // namespace maraude::app
