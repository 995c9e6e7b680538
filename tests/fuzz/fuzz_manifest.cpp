// The source manifest (io/manifest): INI-like sections, keys, comments, continuation.
#include "core/error.h"
#include "fuzz_support.h"
#include "io/manifest.h"

using namespace maraude;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t = fuzz::text(data, size);
  try {
    const auto m = io::Manifest::parse(t, "fuzz.ini");
    for (const char* s : {"region", "communes", "services.", "laureates", "roads"}) {
      if (const auto* sec = m.section(s)) {
        (void)sec->get_or("file", "");
        (void)sec->field("code", "code");
      }
      (void)m.with_prefix(s);
    }
  } catch (const Error&) {
  }
  return 0;
}
