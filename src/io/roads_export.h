// Outputs of `maraude roads`: text files and service-area layers, written atomically
// (a temporary file in the same folder, renamed over the target when complete).
#pragma once
#include <string>
#include <vector>

#include "core/geometry.h"

namespace maraude::io {

// Writes `text` to `path` atomically. Throws Error(Io) naming the file.
void write_text_atomic(const std::string& path, const std::string& text);

struct ReachArea {
  std::string site;       // "tous" for the union, else the site number (1, 2...)
  double lon = 0, lat = 0;  // the site (unset for the union)
  bool has_point = false;
  std::string profile;    // "car" / "foot"
  double budget = 0;      // minutes or kilometres
  std::string unit;       // "min" / "km"
  double road_km = 0;     // length of the reached road pieces
  MultiPolygon area;      // Lambert-93
};

// One layer `zones_atteintes` (GeoPackage, EPSG:2154) or a GeoJSON FeatureCollection
// (WGS 84, RFC 7946), one feature per area with its `site` attribute.
void write_reach_areas(const std::string& path, const std::vector<ReachArea>& areas);

}  // namespace maraude::io
