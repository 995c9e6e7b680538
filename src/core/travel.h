// Travel model: the one interface for every travel question — how far and how long
// between points (one-to-one, many-to-many), what a site reaches within a budget (its
// reach area), which site is nearest to each place, the route's line. Coverage, the tour
// planner, the window and the exports ask it; none of them assumes a circle or a straight
// line. Implementations: CrowFlyTravel (straight line × circuity, the fallback) and
// roads::RoadTravel (the OpenStreetMap road network, core/roads/road_travel.h).
// One instance per workspace and choice: travel_for() (core/travel_choice.h).
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/geometry.h"

namespace maraude {

// What a site reaches: a polygon, and the radius of a disc around the site known to lie
// inside it (0 when none is known; lets coverage skip polygon work for small targets).
struct ReachShape {
  MultiPolygon area;
  double inscribed_m = 0;
};

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
  // Full matrices over points (row-major n×n). Default: table(pts, pts).
  virtual void matrices(const std::vector<Vec2>& pts, std::vector<double>& dist_m, std::vector<double>& time_s) const;
  // Many-to-many (row-major |from|×|to|); +inf when unreachable. Default: pairwise calls.
  virtual void table(const std::vector<Vec2>& from, const std::vector<Vec2>& to, std::vector<double>& dist_m,
                     std::vector<double>& time_s) const;
  // Reach area of a site: everything within `budget` metres (by_time false) or seconds.
  // Default: in each of 4 × quadrant_segments directions, the radius at which the model's
  // distance or time equals the budget (bisection in `bisection_steps` steps).
  virtual ReachShape reach_area(Vec2 site, double budget, bool by_time, int quadrant_segments,
                                int bisection_steps = 28) const;
  // What all the sites reach together (site i within budgets[i]); every budget in the same
  // unit. Default: the union (GEOS) of each site's reach_area(). Empty when no site reaches
  // anything.
  virtual MultiPolygon union_area(const std::vector<Vec2>& sites, const std::vector<double>& budgets, bool by_time,
                                  int quadrant_segments) const;
  // For each place, the nearest site by time (by_time) or distance, with that path's metres
  // and seconds; -1 / +inf when no site reaches it. Default: table() per place.
  virtual void nearest(const std::vector<Vec2>& sites, const std::vector<Vec2>& places, bool by_time,
                       std::vector<int>& site, std::vector<double>& metres, std::vector<double>& seconds) const;
  // The line a vehicle follows from a to b (Lambert-93); default: the straight segment.
  virtual std::vector<Vec2> route_line(Vec2 a, Vec2 b) const { return {a, b}; }
  // True when figures come from a road network (routes follow roads).
  virtual bool on_roads() const { return false; }
  // 0 when `p` joins the network (always, crow-fly); else how far the nearest road is
  // (metres; +inf when there is no road at all): the point reaches nothing and is reached
  // by nothing.
  virtual double off_network_m(Vec2) const { return 0; }
  // Short French name of the model for figures: "par la route (OpenStreetMap, profil voiture)",
  // "à vol d'oiseau × 1,30 (estimation)".
  virtual std::string short_label() const = 0;
  // How a reach is measured, in French: "20 min en voiture par la route (OpenStreetMap, profil
  // voiture)", "15 km de route estimée = 11,5 km à vol d'oiseau".
  virtual std::string reach_label(double budget, bool by_time) const = 0;
  // Identifier of the model for outputs and the command line: "car", "foot", "crowfly".
  virtual std::string id() const = 0;
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
  ReachShape reach_area(Vec2 site, double budget, bool by_time, int quadrant_segments,
                        int bisection_steps = 28) const override;
  std::string short_label() const override;
  std::string reach_label(double budget, bool by_time) const override;
  std::string id() const override { return "crowfly"; }
  const CrowFlyParams& params() const { return p_; }

 private:
  double speed_ms(Vec2 p) const;
  CrowFlyParams p_;
  DensityAt density_at_;
};

}  // namespace maraude
