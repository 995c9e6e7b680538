// The road network as a TravelModel: times and distances along OpenStreetMap roads for one
// profile (car or foot), reach areas from bounded searches, nearest sites from one
// multi-source search, routes along the roads. Points join the network where
// Router::endpoint() snaps them (the off-road part walked); a point farther than the
// profile table's max_snap_m from any road reaches nothing and is reached by nothing (+inf).
#pragma once
#include <memory>

#include "core/roads/network.h"
#include "core/roads/router.h"
#include "core/travel.h"

namespace maraude::roads {

class RoadTravel : public TravelModel {
 public:
  RoadTravel(std::shared_ptr<const RoadNetwork> net, Profile profile);
  ~RoadTravel() override;

  double distance_m(Vec2 a, Vec2 b) const override;
  double time_s(Vec2 a, Vec2 b) const override;
  double max_crow_m_for_time(Vec2 origin, double seconds) const override;
  std::string describe() const override;
  void table(const std::vector<Vec2>& from, const std::vector<Vec2>& to, std::vector<double>& dist_m,
             std::vector<double>& time_s) const override;
  ReachShape reach_area(Vec2 site, double budget, bool by_time, int quadrant_segments,
                        int bisection_steps = 28) const override;
  // One multi-source search: every site seeded at once, site i starting with
  // max(budgets) − budgets[i] already spent, so each reaches exactly its own budget.
  MultiPolygon union_area(const std::vector<Vec2>& sites, const std::vector<double>& budgets, bool by_time,
                          int quadrant_segments) const override;
  void nearest(const std::vector<Vec2>& sites, const std::vector<Vec2>& places, bool by_time, std::vector<int>& site,
               std::vector<double>& metres, std::vector<double>& seconds) const override;
  // One unbounded multi-source search kept with the places' snaps; a moved site repairs it
  // (Router::move_source) instead of a new search over the whole graph.
  std::unique_ptr<NearestState> nearest_start(const std::vector<Vec2>& sites, const std::vector<Vec2>& places,
                                              bool by_time) const override;
  void nearest_move(NearestState& state, size_t moved, Vec2 to) const override;
  std::vector<Vec2> route_line(Vec2 a, Vec2 b) const override;
  bool on_roads() const override { return true; }
  double off_network_m(Vec2 p) const override;
  std::string short_label() const override;
  std::string reach_label(double budget, bool by_time) const override;
  std::string id() const override { return profile_id(profile_); }

  // The reached road pieces of several sites at once (one multi-source search), for
  // display and for `maraude roads reach`.
  SearchResult search(const std::vector<Vec2>& sites, double budget, bool by_time, bool dense = true) const;
  const Router& router() const { return *router_; }
  // The area of what a search reached within `budget`: the reached road pieces and each
  // snapped site's walk to its road, widened by the profile table's reach_buffer_m
  // (core/roads/reach_area.h).
  MultiPolygon area_of(const SearchResult& r, double budget, Metric metric) const;
  // The same area straight from the sites (source i at offset[i] of the budget): one
  // cost-only search and its reached lines in one pass (Router::reach_lines). The same
  // polygon as area_of(router().reach(sites, offset, budget, metric), budget, metric).
  MultiPolygon area_from(const std::vector<Endpoint>& sites, const std::vector<double>& offset, double budget,
                         Metric metric) const;
  Profile profile() const { return profile_; }
  const RoadNetwork& network() const { return *net_; }

 private:
  struct RoadNearestState;
  void answer(RoadNearestState& st) const;
  // Cost (metric) and other unit at a place from a search result; +inf when unreached.
  void cost_at(const SearchResult& r, const Endpoint& place, Metric metric, double& cost, double& other,
               uint32_t& source) const;
  std::shared_ptr<const RoadNetwork> net_;
  Profile profile_;
  std::unique_ptr<Router> router_;
};

}  // namespace maraude::roads
