// Shared by the fuzz targets: the small Monaco test workspace (built once, in memory, from
// data/geo/fixtures/monaco: no GDAL file written, no ../shared needed) for the parsers that
// resolve against a workspace, and the rule every target applies: a maraude::Error is the
// parser's normal refusal; any other exception escapes and libFuzzer reports it (it would be
// an undocumented exit 70 with an English message in the program).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/model.h"

namespace maraude::fuzz {

const Workspace& monaco();
inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }
// Writes `body` to `<dir>/<name>` when the environment names a seed folder (FUZZ_WRITE_SEEDS):
// the run script gets seeds made from the fixture through the program's own writers.
void write_seed(const std::string& name, const std::string& body);
// A check that must hold for any input; aborts (a libFuzzer crash) with `what` otherwise.
void require(bool ok, const char* what, const std::string& input);

}  // namespace maraude::fuzz
