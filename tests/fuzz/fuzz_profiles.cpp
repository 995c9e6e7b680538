// The road profile table (core/roads/profiles ProfileTable::parse), and its round trip.
#include <cmath>

#include "core/error.h"
#include "core/roads/profiles.h"
#include "fuzz_support.h"

using namespace maraude;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t = fuzz::text(data, size);
  roads::ProfileTable p;
  try {
    p = roads::ProfileTable::parse(t, "fuzz.ini");
  } catch (const Error&) {
    return 0;
  }
  for (double v : p.car_urban_kmh) fuzz::require(std::isfinite(v) && v >= 0, "a negative or non-finite speed", t);
  for (double v : p.car_rural_kmh) fuzz::require(std::isfinite(v) && v >= 0, "a negative or non-finite speed", t);
  fuzz::require(std::isfinite(p.foot_speed_kmh) && p.foot_speed_kmh >= 0, "a negative or non-finite walking speed", t);
  try {
    const auto back = roads::ProfileTable::parse(p.to_text(), "round trip");
    fuzz::require(back.car_urban_kmh == p.car_urban_kmh && back.foot_kmh == p.foot_kmh, "speeds change through to_text", t);
  } catch (const Error& e) {
    fuzz::require(false, ("a table written by to_text is refused: " + e.format()).c_str(), t);
  }
  return 0;
}
