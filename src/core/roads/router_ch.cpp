// Contraction-hierarchy hook of the Router (see ch.h once it exists). Until the hierarchy
// is plugged in here, matrix() is answered by the parallel Dijkstra searches of router.cpp.
#include "core/roads/router_impl.h"

namespace maraude::roads {

void Router::prepare() const {
  // No hierarchy yet: nothing to build. The CH engineer builds it here (once, thread-safe)
  // and keeps it in Router::Impl.
}

bool Router::matrix_ch(const std::vector<Endpoint>& from, const std::vector<Endpoint>& to, Metric metric,
                       std::vector<double>& seconds, std::vector<double>& metres) const {
  // Returns false: no hierarchy serves any metric yet, matrix_dijkstra() answers.
  return false;
}

}  // namespace maraude::roads
