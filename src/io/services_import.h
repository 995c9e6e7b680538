// Reads a user's permanences / mobile-office stops from CSV (',' or ';'), XLSX
// (first sheet) or GeoJSON. Each row gives a place by one of:
//   lat + lon (WGS 84 degrees; decimal comma accepted), or
//   x + y (Lambert-93 metres), or
//   insee / code_insee / commune (INSEE code: placed at the commune's anchor), or
//   for GeoJSON, the feature's Point geometry.
// Optional columns: id, nom/name, type (permanence, mobile_stop, ...), porteur/carrier,
// vehicule, jours, horaires, portee (15km, 20min).
// A bad row is reported with its line number (CSV/XLSX: line in the file, header = 1;
// GeoJSON: feature number) and skipped; the others are imported.
#pragma once
#include <string>
#include <vector>

#include "core/coverage/coverage.h"
#include "core/model.h"

namespace maraude::io {

struct ImportedPoints {
  std::vector<coverage::ServicePoint> points;
  std::vector<std::string> errors;  // "FILE:LINE: message (hint)", French
  int rows = 0;
};

// Throws Error(MissingFile/BadInput) only when the whole file is unreadable
// (missing, unknown extension, no usable column).
ImportedPoints read_service_points(const std::string& path, const Workspace& ws);

}  // namespace maraude::io
