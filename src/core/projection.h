// Coordinate transformation through PROJ. One Projector per thread (it owns a PROJ context).
#pragma once
#include <string>

#include "core/geometry.h"

namespace maraude {

constexpr const char* kLambert93 = "EPSG:2154";
constexpr const char* kWgs84 = "EPSG:4326";

class Projector {
 public:
  // Axis order is normalized for visualization: always x=easting/longitude, y=northing/latitude.
  Projector(const std::string& from, const std::string& to);
  ~Projector();
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  Vec2 forward(Vec2 p) const;  // from → to; NaN on failure
  Vec2 inverse(Vec2 p) const;  // to → from
  void forward_in_place(MultiPolygon& mp) const;
  const std::string& from() const { return from_; }
  const std::string& to() const { return to_; }

 private:
  std::string from_, to_;
  void* ctx_ = nullptr;  // PJ_CONTEXT*
  void* pj_ = nullptr;   // PJ*
};

// Shorthands with a thread-local projector: WGS 84 lon/lat ↔ Lambert-93.
Vec2 lonlat_to_l93(double lon, double lat);
Vec2 l93_to_lonlat(Vec2 p);

}  // namespace maraude
