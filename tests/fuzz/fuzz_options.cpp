// The small option parsers: reach (Reach::parse), clock and duration (io/plan_setup), travel
// choice, numbers and integers (core/text), OSM maxspeed, the rotation slot pattern (--slots). The first byte picks the parser.
#include <cmath>

#include "core/coverage/coverage.h"
#include "core/error.h"
#include "core/roads/profiles.h"
#include "core/text.h"
#include "core/travel_choice.h"
#include "fuzz_support.h"
#include "io/plan_setup.h"

using namespace maraude;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string t = fuzz::text(data + 1, size - 1);
  try {
    switch (data[0] % 8) {
      case 0: {
        const auto r = coverage::Reach::parse(t);
        fuzz::require(std::isfinite(r.value) && r.value > 0, "a reach that is not a positive finite value", t);
        const auto back = coverage::Reach::parse(r.token());
        fuzz::require(back.mode == r.mode, "a reach changes mode through token()", t);
        (void)r.label();
        break;
      }
      case 1: {
        const double s = io::parse_clock(t, "start");
        fuzz::require(s >= 0 && s <= 24 * 3600, "a clock outside the day", t);
        break;
      }
      case 2: {
        const double s = io::parse_duration(t, "service");
        fuzz::require(std::isfinite(s) && s >= 0, "a negative or non-finite duration", t);
        break;
      }
      case 3: (void)parse_travel_choice(t); break;
      case 4: {
        if (auto v = parse_number(t)) fuzz::require(std::isfinite(*v), "a non-finite number parsed", t);
        break;
      }
      case 5: (void)parse_integer(t); break;
      case 6: {
        const double v = roads::parse_maxspeed_kmh(t.c_str());
        fuzz::require(std::isfinite(v) && v >= 0, "a negative or non-finite maxspeed", t);
        break;
      }
      case 7: {
        // Rotation slot pattern: every slot inside the day, start < end, a day's slots sorted
        // and not overlapping, and the written form reads back to the same pattern.
        const auto p = io::parse_slots(t, "slots");
        fuzz::require(p.slots_per_week() > 0, "a pattern without any slot accepted", t);
        for (const auto& day : p.days)
          for (size_t k = 0; k < day.size(); ++k) {
            fuzz::require(day[k].start_s >= 0 && day[k].end_s <= 24 * 3600, "a slot outside the day", t);
            fuzz::require(day[k].start_s < day[k].end_s, "a slot that ends before it starts", t);
            if (k) fuzz::require(day[k - 1].end_s <= day[k].start_s, "overlapping slots", t);
          }
        const std::string back = io::slots_text(p);
        fuzz::require(io::slots_text(io::parse_slots(back, "slots")) == back, "slots_text does not read back", t);
        break;
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
