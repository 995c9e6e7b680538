// Synthetic input of scripted runs (`maraude view --script-frames N`, tests): written into
// ImGui's IO after the GLFW backend's NewFrame, so the frame reads it as real input.
#pragma once
#include <random>

#include "app/app_state.h"

namespace maraude::app {

// A repeating tour of every interaction (hover, wheel, drag, click, keys, search, layer and
// language switches); frame `f` of the tour in a w × h window.
void inject_script_input(AppState& s, int f, int w, int h);

// Monkey test input (--monkey SEED): one random event a frame, deterministic from the seed,
// anywhere in the window (panels and menus included) with absurd typed values.
class MonkeyInput {
 public:
  explicit MonkeyInput(unsigned long long seed) : rng_(seed) {}
  void inject(int w, int h);

 private:
  std::mt19937_64 rng_;
  bool down_ = false;  // a press is released on a later event
};

}  // namespace maraude::app
