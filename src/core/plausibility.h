// Plausibility of a workspace's content, checked at import (before it is written) and when a
// workspace is opened: coordinates inside the Lambert-93 domain and the region's envelope
// plus a margin (a vertex at x = 1e15, or a commune vertex in Antarctica, would make the
// spatial grids sized by the extent allocate without end), a non-empty communes table,
// unique commune codes, populations that are not negative and commune outlines without
// spikes (one vertex far from both its neighbours).
#pragma once
#include <string>

#include "core/geometry.h"
#include "core/model.h"

namespace maraude {

// The Lambert-93 (EPSG:2154) domain of metropolitan France, with 200 km of margin.
constexpr double kL93MinX = -100000, kL93MaxX = 1450000, kL93MinY = 5850000, kL93MaxY = 7310000;
// Departements and communes may stray this far outside the region's envelope (zones
// d'emploi, QPVs and services are held to the Lambert-93 domain only).
constexpr double kRegionMarginM = 50000;
// A commune vertex this far from both its neighbours, which are close together, is a spike.
constexpr double kSpikeM = 20000;

// The first implausible thing found, in French, naming the layer and the feature (code
// and name) and the offending coordinates; empty when the workspace is plausible.
std::string workspace_problem(const Workspace& ws);

// True when p is finite and inside the Lambert-93 domain (with its margin).
bool plausible_l93(Vec2 p);

}  // namespace maraude
