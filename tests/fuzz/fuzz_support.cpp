#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "io/import.h"
#include "io/manifest.h"

namespace maraude::fuzz {

const Workspace& monaco() {
  static const Workspace ws = [] {
    const std::string dir = std::string(MARAUDE_SOURCE_DIR) + "/data/geo/fixtures/monaco";
    io::ImportReport rep;
    return io::build_workspace(io::Manifest::read(dir + "/manifest.ini"), dir, rep);
  }();
  return ws;
}

void write_seed(const std::string& name, const std::string& body) {
  const char* dir = std::getenv("FUZZ_WRITE_SEEDS");
  if (!dir || !*dir) return;
  std::ofstream(std::string(dir) + "/" + name, std::ios::binary) << body;
}

void require(bool ok, const char* what, const std::string& input) {
  if (ok) return;
  std::fprintf(stderr, "fuzz: property violated: %s\ninput (%zu bytes): %.400s\n", what, input.size(), input.c_str());
  std::abort();
}

}  // namespace maraude::fuzz
