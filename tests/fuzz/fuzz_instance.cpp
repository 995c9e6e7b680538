// The benchmark instance readers (core/routing/instance): TSPLIB (even first byte) and
// Solomon (odd).
#include <cmath>

#include "core/error.h"
#include "core/routing/instance.h"
#include "fuzz_support.h"

using namespace maraude;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string t = fuzz::text(data + 1, size - 1);
  try {
    const auto in = data[0] % 2 ? routing::parse_solomon(t, "fuzz.txt") : routing::parse_tsplib(t, "fuzz.tsp");
    fuzz::require(in.ids.size() == in.pts.size(), "ids and points differ in number", t);
    for (const auto& p : in.pts) fuzz::require(std::isfinite(p.x) && std::isfinite(p.y), "a non-finite coordinate accepted", t);
    if (in.kind == routing::InstanceKind::Solomon)
      fuzz::require(in.demand.size() == in.pts.size() && in.due.size() == in.pts.size(), "Solomon columns differ in length", t);
  } catch (const Error&) {
  }
  return 0;
}
