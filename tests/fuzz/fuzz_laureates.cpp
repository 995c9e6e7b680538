// The laureate catalogue (io/import parse_laureates) against the Monaco test workspace.
#include "core/error.h"
#include "fuzz_support.h"
#include "io/csv.h"
#include "io/import.h"

using namespace maraude;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::monaco();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t = fuzz::text(data, size);
  try {
    std::vector<std::string> warn;
    const auto ls = io::parse_laureates(io::CsvTable::parse(t, "laureates.csv"), fuzz::monaco(), warn);
    fuzz::require(!ls.empty(), "a catalogue accepted without a laureate", t);
    for (const auto& l : ls) fuzz::require(!l.id.empty(), "a laureate without an id", t);
  } catch (const Error&) {
  }
  return 0;
}
