#include "core/travel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/coverage/geos_util.h"
#include "core/error.h"
#include "core/text.h"

namespace maraude {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

void TravelModel::matrices(const std::vector<Vec2>& pts, std::vector<double>& dist, std::vector<double>& time) const {
  table(pts, pts, dist, time);
  const size_t n = pts.size();
  for (size_t i = 0; i < n; ++i) dist[i * n + i] = time[i * n + i] = 0.0;
}

void TravelModel::table(const std::vector<Vec2>& from, const std::vector<Vec2>& to, std::vector<double>& dist,
                        std::vector<double>& time) const {
  const size_t n = from.size(), m = to.size();
  dist.assign(n * m, 0.0);
  time.assign(n * m, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < m; ++j) {
      dist[i * m + j] = distance_m(from[i], to[j]);
      time[i * m + j] = time_s(from[i], to[j]);
    }
}

namespace {
// A star-shaped reach area: in each of n directions the point at radius(direction) from c,
// and the disc its edges cannot cut (the apothem of the innermost vertex).
template <class Radius>
ReachShape star_shape(Vec2 c, int quadrant_segments, Radius radius) {
  const int n = 4 * std::max(1, quadrant_segments);
  const double inc = 2 * kPi / n;
  Ring ring;
  ring.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double a = i * inc;
    const Vec2 dir{std::cos(a), std::sin(a)};
    ring.push_back(c + dir * radius(dir));
  }
  ReachShape out;
  double rmin = std::numeric_limits<double>::infinity();
  for (auto v : ring) rmin = std::min(rmin, dist(v, c));
  out.inscribed_m = rmin * std::cos(kPi / static_cast<double>(n)) * (1 - 1e-12);
  out.area.polys.push_back(Polygon{{std::move(ring)}});
  return out;
}
}  // namespace

ReachShape TravelModel::reach_area(Vec2 c, double budget, bool by_time, int quadrant_segments, int steps) const {
  // Upper bound: road distance >= straight line; for time, the model's own bound.
  const double hi0 = by_time ? max_crow_m_for_time(c, budget) : budget;
  return star_shape(c, quadrant_segments, [&](Vec2 dir) {
    double lo = 0, hi = hi0;  // bisection on the model's distance or time
    for (int s = 0; s < steps; ++s) {
      const double mid = (lo + hi) / 2;
      const Vec2 p = c + dir * mid;
      const double m = by_time ? time_s(c, p) : distance_m(c, p);
      (m <= budget ? lo : hi) = mid;
    }
    return lo;
  });
}

MultiPolygon TravelModel::union_area(const std::vector<Vec2>& sites, const std::vector<double>& budgets, bool by_time,
                                    int quadrant_segments) const {
  MultiPolygon all;
  for (size_t i = 0; i < sites.size(); ++i)
    for (auto& p : reach_area(sites[i], budgets.at(i), by_time, quadrant_segments).area.polys) all.polys.push_back(std::move(p));
  if (all.polys.size() <= 1) return all;
  return coverage::geos::union_all(all);
}

std::unique_ptr<TravelModel::NearestState> TravelModel::nearest_start(const std::vector<Vec2>& sites,
                                                                     const std::vector<Vec2>& places, bool by_time) const {
  auto st = std::make_unique<NearestState>();
  st->sites = sites;
  st->places = places;
  st->by_time = by_time;
  nearest(sites, places, by_time, st->site, st->metres, st->seconds);
  return st;
}

void TravelModel::nearest_move(NearestState& st, size_t moved, Vec2 to) const {
  if (moved < st.sites.size()) st.sites[moved] = to;
  nearest(st.sites, st.places, st.by_time, st.site, st.metres, st.seconds);
}

void TravelModel::nearest(const std::vector<Vec2>& sites, const std::vector<Vec2>& places, bool by_time,
                          std::vector<int>& site, std::vector<double>& metres, std::vector<double>& seconds) const {
  const double inf = std::numeric_limits<double>::infinity();
  site.assign(places.size(), -1);
  metres.assign(places.size(), inf);
  seconds.assign(places.size(), inf);
  if (sites.empty()) return;
  std::vector<double> d, t;
  table(sites, places, d, t);
  const size_t m = places.size();
  for (size_t j = 0; j < m; ++j) {
    double best = inf;
    for (size_t i = 0; i < sites.size(); ++i) {
      const double v = by_time ? t[i * m + j] : d[i * m + j];
      if (v < best) {
        best = v;
        site[j] = static_cast<int>(i);
        metres[j] = d[i * m + j];
        seconds[j] = t[i * m + j];
      }
    }
  }
}

CrowFlyTravel::CrowFlyTravel(CrowFlyParams p, DensityAt density_at) : p_(p), density_at_(std::move(density_at)) {
  if (!(p_.circuity >= 1.0 && p_.circuity <= 5.0))
    throw Error(ErrorKind::Usage, "coefficient de détour " + std::to_string(p_.circuity) + " hors limites", "modèle de déplacement",
                "utilisez un coefficient entre 1.0 et 5.0 (1.3 est courant sur les routes françaises)");
  for (double s : p_.speed_kmh)
    if (!(s > 1 && s < 200))
      throw Error(ErrorKind::Usage, "vitesse de " + std::to_string(s) + " km/h hors limites", "modèle de déplacement",
                  "utilisez des vitesses entre 1 et 200 km/h");
}

double CrowFlyTravel::distance_m(Vec2 a, Vec2 b) const { return dist(a, b) * p_.circuity; }

double CrowFlyTravel::speed_ms(Vec2 p) const {
  int lvl = density_at_ ? density_at_(p) : 0;
  if (lvl < 0 || lvl > 7) lvl = 0;
  return p_.speed_kmh[lvl] / 3.6;
}

double CrowFlyTravel::time_s(Vec2 a, Vec2 b) const {
  const double v = (speed_ms(a) + speed_ms(b)) / 2;
  return distance_m(a, b) / v;
}

double CrowFlyTravel::max_crow_m_for_time(Vec2 origin, double seconds) const {
  const double vmax = *std::max_element(p_.speed_kmh.begin(), p_.speed_kmh.end()) / 3.6;
  const double v = (speed_ms(origin) + vmax) / 2;
  return seconds * v / p_.circuity;
}

ReachShape CrowFlyTravel::reach_area(Vec2 c, double budget, bool by_time, int quadrant_segments, int steps) const {
  if (by_time) return TravelModel::reach_area(c, budget, by_time, quadrant_segments, steps);
  // A distance reach is a circle of radius budget / circuity (the same vertices as
  // GEOS / PostGIS ST_Buffer(quad_segs)).
  const double rad = budget / p_.circuity;
  return star_shape(c, quadrant_segments, [rad](Vec2) { return rad; });
}

std::string CrowFlyTravel::short_label() const {
  return "à vol d'oiseau × " + format_fr(p_.circuity, 2) + " (estimation, sans réseau routier)";
}

std::string CrowFlyTravel::reach_label(double budget, bool by_time) const {
  if (by_time)
    return format_fr(budget / 60, 0) + " min de route estimée (vitesse selon la densité, à vol d'oiseau × " +
           format_fr(p_.circuity, 2) + ")";
  return format_fr(budget / 1000, 1) + " km de route estimée = " + format_fr(budget / p_.circuity / 1000, 1) +
         " km à vol d'oiseau";
}

std::string CrowFlyTravel::describe() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "distance routière estimée = distance à vol d'oiseau × %.2f; vitesse moyenne des deux extrémités selon la "
                "grille de densité INSEE (km/h): 1=%.0f 2=%.0f 3=%.0f 4=%.0f 5=%.0f 6=%.0f 7=%.0f, inconnue=%.0f",
                p_.circuity, p_.speed_kmh[1], p_.speed_kmh[2], p_.speed_kmh[3], p_.speed_kmh[4], p_.speed_kmh[5],
                p_.speed_kmh[6], p_.speed_kmh[7], p_.speed_kmh[0]);
  return buf;
}

}  // namespace maraude
