// Targets of the coverage analysis: QPV (perimeter, else their communes) and
// rural communes of high-unemployment employment zones, with population,
// estimated 15-29 and estimated NEET counts.
#pragma once
#include <string>
#include <vector>

#include "core/coverage/coverage.h"
#include "core/model.h"

namespace maraude::coverage {

// Builds the targets of `ws`. Targets with no geometry are skipped and named in
// `warnings` (French); targets with no population are kept and flagged.
std::vector<Target> build_targets(const Workspace& ws, const CoverageParams& params,
                                  std::vector<std::string>* warnings = nullptr);

// 16-29 NEET estimate from a 15-29 estimate.
inline double neet_from_15_29(double pop_15_29, const CoverageParams& p) {
  return pop_15_29 * p.share_16_29_in_15_29 * p.neet_share;
}

}  // namespace maraude::coverage
