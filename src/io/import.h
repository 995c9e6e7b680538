// `maraude import`: official files named by a manifest → one GeoPackage workspace.
#pragma once
#include <string>
#include <vector>

#include "core/model.h"
#include "io/csv.h"
#include "io/manifest.h"

namespace maraude::io {

struct ImportReport {
  std::vector<std::string> warnings;  // repairs, codes that join nothing, skipped rows...
  std::vector<std::string> steps;     // what was read, with counts
};

// Builds the in-memory workspace from the files the manifest names under data_dir.
// Throws maraude::Error (MissingFile with the official URL, BadInput naming file/layer/
// feature/field/line) on anything that prevents a correct workspace.
Workspace build_workspace(const Manifest& manifest, const std::string& data_dir, ImportReport& report);

// The laureate catalogue (data/geo/laureates.csv format: id, carrier, project, territory_text,
// refs, focus, means, bases, resolution) resolved against the workspace's communes (and its
// QPVs for focus=qpv). Throws Error(BadInput) naming the file and line on an empty or
// duplicate id, an unknown focus or territory kind, a reference without ':', no laureate at
// all; references matching no commune are warnings.
std::vector<Laureate> parse_laureates(const CsvTable& table, const Workspace& ws, std::vector<std::string>& warnings);

// A hash of the manifest text, the program version and every input file's content:
// stored in the workspace metadata (`inputs_signature`) to tell when it is stale.
std::string input_signature(const Manifest& manifest, const std::string& data_dir);

// Resolves a manifest section's file: `file` (relative to data_dir) or `project_file`
// (relative to the manifest folder). Throws MissingFile with the official URL.
std::string resolve_input(const Manifest& m, const ManifestSection& s, const std::string& data_dir);
// Every file the import reads: the manifest and each layer's resolved input (those found).
std::vector<std::string> input_files(const Manifest& m, const std::string& data_dir);

}  // namespace maraude::io
