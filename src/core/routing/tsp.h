// Iterated local search for a single closed tour without constraints (2-opt and
// Or-opt over neighbour lists, don't-look bits, local double-bridge kicks).
#pragma once
#include <vector>

#include "core/routing/problem.h"

namespace maraude::routing {

struct TspResult {
  std::vector<int> order;  // positions into `nodes`, starting with 0
  double length = 0;
  long iterations = 0;
};

// `nodes` lists matrix indices; the tour starts at nodes[0]. Honours opt.max_iterations,
// opt.seconds, opt.stop, opt.seed and opt.on_progress.
TspResult tsp_ils(const Problem& p, const std::vector<int>& nodes, const SolveOptions& opt);

}  // namespace maraude::routing
