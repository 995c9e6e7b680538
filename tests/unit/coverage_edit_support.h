// Shared by the suites that edit a coverage scenario in the window's controller (close and
// scenario-switch guards): the edit they save or drop, and how to find it again.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/coverage_controller.h"
#include "core/coverage/scenario.h"

namespace maraude::test {

// Adds a permanence on the rural target of commune `code` (e.g. 80186 Chaulnes, a rural gap)
// and waits for the engine; returns the new point's id (empty, and a test failure, when the
// commune is not a rural target).
inline std::string add_point_at_commune(app::CoverageController& c, const std::string& code) {
  for (size_t t = 0; t < c.targets().size(); ++t)
    if (c.targets()[t].kind == coverage::TargetKind::RuralCommune && c.targets()[t].code == code) {
      const std::string id = c.add_point(c.targets()[t].anchor);
      c.wait_idle();
      return id;
    }
  ADD_FAILURE() << "commune " << code << " not among the targets";
  return {};
}

// Whether scenario `s` has a point within a metre of `p`.
inline bool has_point_at(const coverage::Scenario& s, Vec2 p) {
  return std::any_of(s.points.begin(), s.points.end(), [&](const coverage::ServicePoint& q) {
    return std::abs(q.pos.x - p.x) < 1 && std::abs(q.pos.y - p.y) < 1;
  });
}

}  // namespace maraude::test
