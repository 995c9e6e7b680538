#include "core/roads/road_travel.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/roads/reach_area.h"
#include "core/text.h"

namespace maraude::roads {

RoadTravel::RoadTravel(std::shared_ptr<const RoadNetwork> net, Profile profile)
    : net_(std::move(net)), profile_(profile) {
  if (!net_) throw Error(ErrorKind::Internal, "réseau routier absent", "modèle de déplacement");
  router_ = std::make_unique<Router>(net_->graph(profile_), net_->table.access_walk_kmh, net_->table.max_snap_m);
  router_->adopt_hierarchy(net_->hierarchy(profile_));  // the one stored at import: no build on first table
}

RoadTravel::~RoadTravel() = default;

double RoadTravel::distance_m(Vec2 a, Vec2 b) const {
  std::vector<double> s, m;
  router_->matrix({a}, {b}, Metric::Distance, s, m);
  return m[0];
}

double RoadTravel::time_s(Vec2 a, Vec2 b) const {
  std::vector<double> s, m;
  router_->matrix({a}, {b}, Metric::Time, s, m);
  return s[0];
}

double RoadTravel::max_crow_m_for_time(Vec2, double seconds) const {
  double vmax = net_->table.access_walk_kmh;
  if (profile_ == Profile::Car) {
    for (double v : net_->table.car_urban_kmh) vmax = std::max(vmax, v);
    for (double v : net_->table.car_rural_kmh) vmax = std::max(vmax, v);
    vmax = std::max(vmax, 130.0);  // a signed maxspeed may exceed the class table
  } else {
    vmax = std::max(vmax, net_->table.foot_speed_kmh);
  }
  return seconds * vmax / 3.6;
}

double RoadTravel::off_network_m(Vec2 p) const {
  const Endpoint e = router_->endpoint(p);
  return e.snap.ok ? 0.0 : e.snap.off_m;
}

std::string RoadTravel::short_label() const {
  return std::string("par la route (OpenStreetMap, profil ") + profile_label_fr(profile_) + ")";
}

std::string RoadTravel::reach_label(double budget, bool by_time) const {
  const std::string how = profile_ == Profile::Car ? "en voiture" : "à pied";
  if (by_time) return format_fr(budget / 60, 0) + " min " + how + " " + short_label();
  return format_fr(budget / 1000, 1) + " km " + how + " " + short_label();
}

std::string RoadTravel::describe() const {
  const Graph& g = net_->graph(profile_);
  const ProfileTable& t = net_->table;
  std::string s = "réseau routier OpenStreetMap";
  if (!net_->files.empty()) s += " (" + net_->source_label() + ")";
  s += ", profil " + std::string(profile_label_fr(profile_)) + " : " + format_thousands(static_cast<long long>(g.n_nodes())) +
       " carrefours, " + format_thousands(static_cast<long long>(g.n_edges())) + " tronçons orientés ; ";
  if (profile_ == Profile::Car)
    s += "vitesse maxspeed × " + format_fr(t.maxspeed_factor, 2) +
         " quand elle est signalée, sinon vitesse par classe de route (tables urbaine / rurale, " + t.source + ")";
  else
    s += "marche à " + format_fr(t.foot_speed_kmh, 1) + " km/h";
  s += " ; accès hors route à pied à " + format_fr(t.access_walk_kmh, 1) + " km/h, au plus " + format_fr(t.max_snap_m, 0) +
       " m (au-delà : injoignable) ; zone atteinte = routes atteintes élargies de " + format_fr(t.reach_buffer_m, 0) +
       " m ; sens uniques respectés, interdictions de tourner ignorées";
  return s;
}

void RoadTravel::table(const std::vector<Vec2>& from, const std::vector<Vec2>& to, std::vector<double>& dist_m,
                       std::vector<double>& time_s) const {
  router_->matrix(from, to, Metric::Time, time_s, dist_m);
}

SearchResult RoadTravel::search(const std::vector<Vec2>& sites, double budget, bool by_time, bool dense) const {
  std::vector<Endpoint> eps;
  eps.reserve(sites.size());
  for (Vec2 p : sites) eps.push_back(router_->endpoint(p));
  // The router adds each endpoint's off-road part itself.
  return router_->reach(eps, std::vector<double>(eps.size(), 0.0), budget, by_time ? Metric::Time : Metric::Distance,
                        dense);
}

MultiPolygon RoadTravel::area_of(const SearchResult& r, double budget, Metric metric) const {
  auto lines = router_->reached_lines(r, budget, metric);
  // The walk from each site to its road is part of what it reaches.
  for (size_t i = 0; i < r.seeds.size(); ++i) {
    const Endpoint& e = r.seeds[i];
    const double off = metric == Metric::Time ? e.extra_s : e.extra_m;
    const double spent = i < r.seed_offset.size() ? r.seed_offset[i] : 0.0;
    if (e.snap.ok && spent + off <= budget) lines.push_back({e.pos, e.snap.at});
  }
  return reach_polygon(lines, net_->table.reach_buffer_m);
}

ReachShape RoadTravel::reach_area(Vec2 site, double budget, bool by_time, int, int) const {
  ReachShape out;
  const Endpoint ep = router_->endpoint(site);
  if (!ep.snap.ok) return out;  // off the network: reaches nothing
  const Metric metric = by_time ? Metric::Time : Metric::Distance;
  // The router adds the off-road part itself.
  out.area = area_from({ep}, {0.0}, budget, metric);
  out.inscribed_m = 0;
  return out;
}

MultiPolygon RoadTravel::union_area(const std::vector<Vec2>& sites, const std::vector<double>& budgets, bool by_time,
                                    int) const {
  if (sites.empty()) return {};
  const double top = *std::max_element(budgets.begin(), budgets.end());
  std::vector<Endpoint> eps;
  std::vector<double> offset;
  for (size_t i = 0; i < sites.size(); ++i) {
    eps.push_back(router_->endpoint(sites[i]));
    offset.push_back(top - budgets.at(i));
  }
  const Metric metric = by_time ? Metric::Time : Metric::Distance;
  return area_from(eps, offset, top, metric);
}

MultiPolygon RoadTravel::area_from(const std::vector<Endpoint>& sites, const std::vector<double>& offset, double budget,
                                   Metric metric) const {
  std::vector<Polylines> parts = router_->reach_line_parts(sites, offset, budget, metric);
  Polylines& lines = parts.back();
  // The walk from each site to its road, as in area_of().
  for (size_t i = 0; i < sites.size(); ++i) {
    const Endpoint& e = sites[i];
    const double off = metric == Metric::Time ? e.extra_s : e.extra_m;
    const double spent = i < offset.size() ? offset[i] : 0.0;
    if (e.snap.ok && spent + off <= budget) {
      lines.pts.push_back(e.pos);
      lines.pts.push_back(e.snap.at);
      lines.close_line();
    }
  }
  return reach_polygon(parts, net_->table.reach_buffer_m);
}

void RoadTravel::cost_at(const SearchResult& r, const Endpoint& place, Metric metric, double& cost, double& other,
                         uint32_t& source) const {
  cost = other = kUnreachable;
  source = kNoNode;
  if (!place.snap.ok) return;
  const Graph& g = net_->graph(profile_);
  const Segment& sg = g.segs[place.snap.seg];
  const double len = std::max<double>(sg.length_m, 1e-9);
  const double t = std::clamp(place.snap.t, 0.0, len);
  auto consider = [&](uint32_t from, double share) {
    // Directed edges of this segment leaving `from`.
    for (uint32_t e = g.first_out[from]; e < g.first_out[from + 1]; ++e) {
      const Edge& ed = g.out[e];
      if (ed.seg != place.snap.seg) continue;
      // Forward along the segment from a (not reversed), backward from b (reversed).
      if ((from == sg.a && ed.reversed) || (from == sg.b && !ed.reversed && sg.a != sg.b)) continue;
      if (!(r.cost[from] < kUnreachable)) continue;
      const double part_cost = (metric == Metric::Time ? ed.time_s : ed.length_m) * share;
      const double part_other = (metric == Metric::Time ? ed.length_m : ed.time_s) * share;
      const double c = r.cost[from] + part_cost + (metric == Metric::Time ? place.extra_s : place.extra_m);
      if (c < cost) {
        cost = c;
        other = r.other[from] + part_other + (metric == Metric::Time ? place.extra_m : place.extra_s);
        source = r.source[from];
      }
    }
  };
  consider(sg.a, t / len);
  consider(sg.b, (len - t) / len);
}

struct RoadTravel::RoadNearestState : TravelModel::NearestState {
  Metric metric = Metric::Time;
  SearchResult r;                // unbounded multi-source search from every site
  std::vector<Endpoint> at;      // the places' snaps
};

void RoadTravel::answer(RoadNearestState& st) const {
  const size_t n = st.places.size();
  st.site.assign(n, -1);
  st.metres.assign(n, kUnreachable);
  st.seconds.assign(n, kUnreachable);
  if (st.sites.empty()) return;
  for (size_t j = 0; j < n; ++j) {
    double c, o;
    uint32_t src;
    cost_at(st.r, st.at[j], st.metric, c, o, src);
    if (src == kNoNode || !(c < kUnreachable)) continue;
    st.site[j] = static_cast<int>(src);
    st.metres[j] = st.by_time ? o : c;
    st.seconds[j] = st.by_time ? c : o;
  }
}

std::unique_ptr<TravelModel::NearestState> RoadTravel::nearest_start(const std::vector<Vec2>& sites,
                                                                     const std::vector<Vec2>& places,
                                                                     bool by_time) const {
  auto st = std::make_unique<RoadNearestState>();
  st->sites = sites;
  st->places = places;
  st->by_time = by_time;
  st->metric = by_time ? Metric::Time : Metric::Distance;
  if (!sites.empty()) st->r = search(sites, kUnreachable, by_time);
  st->at.reserve(places.size());
  for (Vec2 p : places) st->at.push_back(router_->endpoint(p));
  answer(*st);
  return st;
}

void RoadTravel::nearest_move(NearestState& state, size_t moved, Vec2 to) const {
  auto* st = dynamic_cast<RoadNearestState*>(&state);
  if (!st || moved >= st->sites.size() || st->r.seeds.size() != st->sites.size()) {
    TravelModel::nearest_move(state, moved, to);  // not one of ours: start over
    return;
  }
  st->sites[moved] = to;
  router_->move_source(st->r, moved, router_->endpoint(to), st->metric);
  answer(*st);
}

void RoadTravel::nearest(const std::vector<Vec2>& sites, const std::vector<Vec2>& places, bool by_time,
                         std::vector<int>& site, std::vector<double>& metres, std::vector<double>& seconds) const {
  auto st = nearest_start(sites, places, by_time);
  site = std::move(st->site);
  metres = std::move(st->metres);
  seconds = std::move(st->seconds);
}

std::string RoadNetwork::source_label() const {
  std::string s;
  for (const auto& f : files) {
    const size_t slash = f.find_last_of("/\\");
    s += (s.empty() ? "" : ", ") + (slash == std::string::npos ? f : f.substr(slash + 1));
  }
  return s;
}

std::vector<Vec2> RoadTravel::route_line(Vec2 a, Vec2 b) const {
  Router::Route r = router_->route(a, b, Metric::Time);
  if (r.line.size() < 2) return {a, b};
  return r.line;
}

}  // namespace maraude::roads
