// Benchmark instance files: TSPLIB (EUC_2D) and Solomon VRPTW. Parsed into an
// Instance, then turned into the engine's Problem. Malformed files throw
// Error(BadInput) naming "file:line".
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"
#include "core/routing/problem.h"

namespace maraude::routing {

enum class InstanceKind { Tsplib, Solomon };

struct Instance {
  InstanceKind kind = InstanceKind::Tsplib;
  std::string name;
  std::vector<Vec2> pts;        // TSPLIB: nodes in file order; Solomon: depot first, then customers
  std::vector<long long> ids;   // ids as written in the file (TSPLIB 1..n, Solomon 0..n)
  // Solomon only.
  int fleet = 0;
  double capacity = 0;
  std::vector<double> demand, ready, due, service;
};

// `source` is used in messages ("eil51.tsp:12").
Instance parse_tsplib(std::string_view text, const std::string& source);
Instance parse_solomon(std::string_view text, const std::string& source);
// Reads a file; the format is chosen by content (a NODE_COORD_SECTION or a VEHICLE block).
Instance read_instance(const std::string& path);

// TSPLIB: one route slot, nint-rounded EUC_2D distances; node i of the file is matrix index i,
// job k is node k + 1 (node 0 is the start). Solomon: matrix index = customer number,
// job k = customer k + 1, `fleet` slots with a large fixed cost (vehicles first).
Problem to_problem(const Instance& in);
// Fixed cost of a Solomon vehicle in the objective (dominates any distance).
constexpr double kVehicleCost = 1e6;
// Default deterministic settings for an instance (iteration budget sized for ~1 s on
// one core for 100 nodes; Solomon: route elimination first).
SolveOptions default_options(const Instance& in);
// Writes {"instance":..., "objective":..., "vehicles":..., "routes":[[ids...],...]} using
// the file's ids (TSPLIB: one route with every node, starting with node 1's tour position
// rotated to the first node; Solomon: customers only, depot excluded).
std::string solution_json(const Instance& in, const Problem& p, const Solution& s);

}  // namespace maraude::routing
