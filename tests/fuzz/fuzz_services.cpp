// The services import (io/services_import: CSV or GeoJSON through GDAL) against the Monaco
// test workspace. First byte: the format (even CSV, odd GeoJSON); the rest goes to a file.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "fuzz_support.h"
#include "io/services_import.h"

using namespace maraude;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::monaco();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string ext = data[0] % 2 ? ".geojson" : ".csv";
  const std::string t = fuzz::text(data + 1, size - 1);
  const std::string path = "/tmp/maraude-fuzz-services-" + std::to_string(getpid()) + ext;
  std::ofstream(path, std::ios::binary) << t;
  try {
    const auto r = io::read_service_points(path, fuzz::monaco());
    for (const auto& p : r.points) {
      fuzz::require(std::isfinite(p.pos.x) && std::isfinite(p.pos.y), "an imported point off the map", t);
      fuzz::require(coverage::inside_region(fuzz::monaco(), p.pos), "an imported point outside the region", t);
    }
  } catch (const Error&) {
  }
  std::remove(path.c_str());
  return 0;
}
