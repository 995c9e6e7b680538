// The RFC 4180 CSV reader (io/csv): quotes, embedded line breaks, delimiters, encodings.
// First byte: the delimiter (even ',', odd ';').
#include "core/error.h"
#include "fuzz_support.h"
#include "io/csv.h"

using namespace maraude;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char delim = data[0] % 2 ? ';' : ',';
  const std::string t = fuzz::text(data + 1, size - 1);
  try {
    const auto c = io::CsvTable::parse(t, "fuzz.csv", delim);
    int last = 0;
    for (const auto& r : c.rows()) {
      fuzz::require(r.line > last, "CSV row lines increase", t);
      last = r.line;
      for (size_t i = 0; i < c.header().size(); ++i) (void)c.get(r, i);
    }
    if (!c.header().empty()) (void)c.column(c.header()[0]);
  } catch (const Error&) {
  }
  return 0;
}
