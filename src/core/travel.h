// Travel model: how far and how long between two points. Coverage (reach in
// minutes) and routing (cost matrices) go through this interface only, so a
// road-network model can plug in later without touching them.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/geometry.h"

namespace maraude {

class TravelModel {
 public:
  virtual ~TravelModel() = default;
  virtual double distance_m(Vec2 a, Vec2 b) const = 0;  // road distance estimate, metres
  virtual double time_s(Vec2 a, Vec2 b) const = 0;      // driving time estimate, seconds
  // Largest straight-line distance that can be within `seconds` of travel from `origin`
  // (used to bound searches and to draw time-based reach areas).
  virtual double max_crow_m_for_time(Vec2 origin, double seconds) const = 0;
  // Every parameter in words, for outputs ("distance à vol d'oiseau × 1,30; vitesses ...").
  virtual std::string describe() const = 0;
  // Full matrices over points (row-major n×n). Default: pairwise calls.
  virtual void matrices(const std::vector<Vec2>& pts, std::vector<double>& dist_m, std::vector<double>& time_s) const;
};

// Default model: straight-line distance × circuity; speed by INSEE density level
// of the places at both ends (the mean of the two speeds).
struct CrowFlyParams {
  double circuity = 1.3;
  // km/h for density levels 1..7 (index 0 = unknown level).
  std::array<double, 8> speed_kmh = {50, 30, 35, 45, 50, 60, 70, 75};
};

class CrowFlyTravel : public TravelModel {
 public:
  using DensityAt = std::function<int(Vec2)>;  // density level 1..7, 0 if unknown
  explicit CrowFlyTravel(CrowFlyParams p = {}, DensityAt density_at = nullptr);
  double distance_m(Vec2 a, Vec2 b) const override;
  double time_s(Vec2 a, Vec2 b) const override;
  double max_crow_m_for_time(Vec2 origin, double seconds) const override;
  std::string describe() const override;
  const CrowFlyParams& params() const { return p_; }

 private:
  double speed_ms(Vec2 p) const;
  CrowFlyParams p_;
  DensityAt density_at_;
};

}  // namespace maraude
