// Scenario text (core/coverage/scenario) against the Monaco test workspace, and its round
// trip through to_text.
#include <cmath>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "fuzz_support.h"

using namespace maraude;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::monaco();
  if (std::getenv("FUZZ_WRITE_SEEDS")) fuzz::write_seed("default.scenario", coverage::to_text(coverage::default_scenario(fuzz::monaco())));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t = fuzz::text(data, size);
  coverage::Scenario s;
  try {
    s = coverage::from_text(t, fuzz::monaco(), "fuzz.scenario");
  } catch (const Error&) {
    return 0;
  }
  for (const auto& p : s.points) fuzz::require(std::isfinite(p.pos.x) && std::isfinite(p.pos.y), "a non-finite point accepted", t);
  try {
    const auto back = coverage::from_text(coverage::to_text(s), fuzz::monaco(), "round trip");
    fuzz::require(back.points.size() == s.points.size(), "points lost through to_text / from_text", t);
  } catch (const Error& e) {
    fuzz::require(false, ("a scenario written by to_text is refused: " + e.format()).c_str(), t);
  }
  return 0;
}
