// Synthetic workspaces for the coverage tests: square communes on a grid, in
// Lambert-93-like coordinates, with figures that can be checked by hand.
#pragma once
#include <memory>
#include <string>

#include "core/coverage/coverage.h"
#include "core/coverage/engine.h"
#include "core/model.h"
#include "core/travel.h"

namespace maraude::test {

inline MultiPolygon square(double x0, double y0, double side) {
  MultiPolygon mp;
  mp.polys.push_back(Polygon{{Ring{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}}}});
  return mp;
}

// n×n square communes of `side` metres from (x0, y0); every commune rural basin, population
// 1000, 300 aged 15-29; code "59" + 3 digits; department 59, EPCI "e<row>", zone "z<col>".
inline Workspace grid_workspace(int n, double side, double x0 = 700000, double y0 = 7000000) {
  Workspace ws;
  ws.region.code = "32";
  ws.region.name = "Test";
  ws.region.geom = square(x0, y0, n * side);
  ws.departements.push_back({"59", "Nord", ws.region.geom});
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      Commune c;
      char code[16];
      std::snprintf(code, sizeof code, "59%03d", i * n + j);
      c.code = code;
      c.name = "Commune " + c.code;
      c.departement = "59";
      c.epci = "e" + std::to_string(i);
      c.epci_name = "EPCI " + std::to_string(i);
      c.zone_emploi = "z" + std::to_string(j);
      c.population = 1000;
      c.pop_15_29 = 300;
      c.density = Density::BourgRural;
      c.rural = true;
      c.in_rural_basin = true;
      c.geom = square(x0 + j * side, y0 + i * side, side);
      c.anchor = {x0 + (j + 0.5) * side, y0 + (i + 0.5) * side};
      c.area_m2 = side * side;
      ws.communes.push_back(c);
    }
  ws.build_indexes();
  return ws;
}

inline std::shared_ptr<const TravelModel> straight_line() {
  CrowFlyParams p;
  p.circuity = 1.0;
  return std::make_shared<CrowFlyTravel>(p);
}

inline coverage::ServicePoint point(const std::string& id, Vec2 pos) {
  coverage::ServicePoint p;
  p.id = id;
  p.name = "Point " + id;
  p.pos = pos;
  return p;
}

}  // namespace maraude::test
