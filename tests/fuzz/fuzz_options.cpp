// The small option parsers: reach (Reach::parse), clock and duration (io/plan_setup), travel
// choice, numbers and integers (core/text), OSM maxspeed, the rotation slot pattern (--slots),
// the stop rules' values and lists (io/stop_rules). The first byte picks the parser.
#include <cmath>
#include <set>
#include <string>

#include "core/coverage/coverage.h"
#include "core/error.h"
#include "core/roads/profiles.h"
#include "core/text.h"
#include "core/travel_choice.h"
#include "fuzz_support.h"
#include "io/plan_setup.h"
#include "io/stop_rules.h"

using namespace maraude;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string t = fuzz::text(data + 1, size - 1);
  try {
    switch (data[0] % 10) {
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
      case 8: {
        const auto list = io::parse_stop_list(t);
        std::set<std::string> seen;
        for (const auto& e : list) {
          fuzz::require(!e.empty() && trim(e) == e, "an empty or untrimmed stop entry", t);
          fuzz::require(e.find_first_of(",;\t\n") == std::string::npos, "a separator inside a stop entry", t);
          fuzz::require(seen.insert(e).second, "a duplicate stop entry", t);
        }
        break;
      }
      case 9: {
        try {
          const long long n = io::parse_rule_population(t, "--max-population");
          fuzz::require(n >= 1 && n <= io::kMaxPopulationRule, "a population rule out of bounds", t);
        } catch (const Error&) {
        }
        try {
          const double v = io::parse_rule_amount(t, "--min-neet", io::kMaxNeetRule);
          fuzz::require(std::isfinite(v) && v >= 0 && v <= io::kMaxNeetRule, "a NEET rule out of bounds", t);
        } catch (const Error&) {
        }
        try {
          for (const auto& w : io::parse_within(t, "--within"))
            fuzz::require(w.find(':') != std::string::npos && trim(w) == w, "a territory without its kind", t);
        } catch (const Error&) {
        }
        (void)io::parse_service_kinds(t, "--service-kinds");
        break;
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
