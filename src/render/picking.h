// CPU picking: which feature lies under a screen position. A uniform grid over the
// commune bounding boxes keeps hover queries well under a millisecond.
#pragma once
#include <vector>

#include "core/model.h"
#include "render/camera.h"
#include "render/map_data.h"
#include "render/style.h"

namespace maraude::render {

class Picker {
 public:
  Picker() = default;
  Picker(const Workspace& ws, const MapData& data);
  // Commune containing `p` (Lambert-93), or -1.
  int commune_at(Vec2 p) const;
  // QPV perimeter containing `p`, or -1.
  int qpv_at(Vec2 p) const;
  // The topmost feature under screen (sx, sy) given the visible layers: a service symbol,
  // a QPV (perimeter or commune-level marker), else the commune (empty outside the region).
  Selection pick(const Camera& cam, const MapStyle& style, double sx, double sy) const;

 private:
  const Workspace* ws_ = nullptr;
  const MapData* data_ = nullptr;
  BBox ext_;
  int nx_ = 0, ny_ = 0;
  double cell_ = 1;
  std::vector<std::vector<int>> cells_;
  std::vector<BBox> boxes_;
  std::vector<BBox> qpv_boxes_;
};

}  // namespace maraude::render
