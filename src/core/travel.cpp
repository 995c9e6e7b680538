#include "core/travel.h"

#include <algorithm>
#include <cstdio>

#include "core/error.h"

namespace maraude {

void TravelModel::matrices(const std::vector<Vec2>& pts, std::vector<double>& dist, std::vector<double>& time) const {
  const size_t n = pts.size();
  dist.assign(n * n, 0.0);
  time.assign(n * n, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      if (i != j) {
        dist[i * n + j] = distance_m(pts[i], pts[j]);
        time[i * n + j] = time_s(pts[i], pts[j]);
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
