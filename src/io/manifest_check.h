// What a manifest may contain (sections, keys, the columns the importer needs) and
// `maraude import --check`: a quick look at each file's header only, saying in French
// what the manifest lacks or names wrongly. The keys are documented in data/geo/MANIFEST.md
// (a unit test keeps this table, the importer and that document in step).
#pragma once
#include <string>
#include <vector>

#include "io/manifest.h"

namespace maraude::io {

struct ManifestKey {
  std::string key;             // "file", "field.code", "youth_columns"...
  bool required = false;       // the import stops without it
  std::string default_value;   // used when absent (empty: none)
  bool column = false;         // a field.X naming a source column
  bool column_needed = false;  // the column (given or default) must exist in the file
};

struct ManifestSectionSpec {
  std::string name;     // "communes", or "services." for the services.NAME family
  bool required = false;
  bool has_file = true;  // takes file / project_file / crs / url / delimiter
  std::vector<ManifestKey> keys;  // besides the file keys
};

// Every section the importer knows, in documentation order.
const std::vector<ManifestSectionSpec>& manifest_schema();
// The spec for a section name ("services.france_travail" → the "services." family), or null.
const ManifestSectionSpec* manifest_spec(const std::string& section);
// The keys any file section accepts.
const std::vector<std::string>& manifest_file_keys();

struct ManifestCheck {
  std::vector<std::string> ok;        // what was found, one line per section
  std::vector<std::string> problems;  // what is missing or wrong, in French, with what to do
};

// Reads the manifest's structure and, for every file it names, only the header (CSV first
// line, or the first layer's field list through GDAL). Never throws for a problem it can
// describe: it lists them all.
ManifestCheck check_manifest(const Manifest& m, const std::string& data_dir);

}  // namespace maraude::io
