// Writes the result of a coverage analysis (gap polygons, ranking, totals,
// suggested sites, parameters) through GDAL, the format chosen by the extension:
//
//  .gpkg     layers `lacunes` (gap polygons, ranked), `cibles` (every target with its
//            figures), `points` (service points with their reach), `propositions`,
//            `totaux`, `parametres`; parameters also as GeoPackage metadata. EPSG:2154.
//  .geojson  the ranked gap polygons in WGS 84 (RFC 7946), the parameters and headline
//            figures as a top-level member "parametres".
//  .csv      the ranking (one row per target with a gap, no geometry), plus beside it
//            <stem>_parametres.csv, <stem>_totaux.csv and, with a suggestion,
//            <stem>_propositions.csv.
//  .xlsx     sheets lacunes, totaux, propositions, parametres.
//
// The file is written under a temporary name and renamed when complete.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/coverage/engine.h"

namespace maraude::io {

struct GapsOutput {
  const coverage::CoverageEngine* engine = nullptr;
  std::vector<coverage::RankedGap> ranking;
  std::optional<coverage::Suggestion> suggestion;
  // Parameters in the order they are written (engine->parameters() plus the command's own).
  std::vector<std::pair<std::string, std::string>> parameters;
};

// Throws Error(Usage) for an unknown extension, Error(Io) when the file cannot be written.
// Returns the paths written.
std::vector<std::string> write_gaps(const std::string& path, const GapsOutput& out);

}  // namespace maraude::io
