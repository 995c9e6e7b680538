#include "render/picking.h"

#include <algorithm>
#include <cmath>

namespace maraude::render {

Picker::Picker(const Workspace& ws, const MapData& data) : ws_(&ws), data_(&data) {
  boxes_.reserve(ws.communes.size());
  for (const auto& c : ws.communes) {
    boxes_.push_back(bbox(c.geom));
    ext_.extend(boxes_.back());
  }
  for (const auto& q : ws.qpvs) qpv_boxes_.push_back(q.has_perimeter ? bbox(q.perimeter) : BBox{});
  if (ext_.empty()) return;
  cell_ = std::max(1000.0, std::sqrt(ext_.width() * ext_.height() / std::max<size_t>(1, ws.communes.size())) * 1.5);
  // At most about a million cells whatever the extent (a far vertex must not size the grid).
  cell_ = std::max(cell_, std::sqrt(ext_.width() * ext_.height() / 1e6));
  cell_ = std::max({cell_, ext_.width() / 4096, ext_.height() / 4096});
  if (!std::isfinite(cell_) || cell_ <= 0) return;
  nx_ = static_cast<int>(ext_.width() / cell_) + 1;
  ny_ = static_cast<int>(ext_.height() / cell_) + 1;
  cells_.assign(static_cast<size_t>(nx_) * ny_, {});
  for (size_t i = 0; i < boxes_.size(); ++i) {
    const BBox& b = boxes_[i];
    if (b.empty()) continue;
    const int x0 = static_cast<int>((b.minx - ext_.minx) / cell_), x1 = static_cast<int>((b.maxx - ext_.minx) / cell_);
    const int y0 = static_cast<int>((b.miny - ext_.miny) / cell_), y1 = static_cast<int>((b.maxy - ext_.miny) / cell_);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) cells_[static_cast<size_t>(y) * nx_ + x].push_back(static_cast<int>(i));
  }
}

int Picker::commune_at(Vec2 p) const {
  if (!ws_ || !ext_.contains(p)) return -1;
  const int x = static_cast<int>((p.x - ext_.minx) / cell_), y = static_cast<int>((p.y - ext_.miny) / cell_);
  if (x < 0 || y < 0 || x >= nx_ || y >= ny_) return -1;
  for (int i : cells_[static_cast<size_t>(y) * nx_ + x])
    if (boxes_[i].contains(p) && contains(ws_->communes[i].geom, p)) return i;
  return -1;
}

int Picker::qpv_at(Vec2 p) const {
  if (!ws_) return -1;
  for (size_t i = 0; i < qpv_boxes_.size(); ++i)
    if (!qpv_boxes_[i].empty() && qpv_boxes_[i].contains(p) && contains(ws_->qpvs[i].perimeter, p)) return static_cast<int>(i);
  return -1;
}

Selection Picker::pick(const Camera& cam, const MapStyle& style, double sx, double sy) const {
  Selection s;
  if (!ws_) return s;
  const Vec2 p = cam.screen_to_world(sx, sy);
  const double scale = style.scale;
  if (style.visible(LayerId::Services)) {
    double best = INFINITY;
    int bi = -1;
    for (size_t i = 0; i < ws_->services.size(); ++i) {
      const double r = (point_style(static_cast<int>(ws_->services[i].kind)).size_px * 0.5 + 2) * scale * cam.mpp;
      const double d2 = dist2(ws_->services[i].pos, p);
      if (d2 <= r * r && d2 < best) { best = d2; bi = static_cast<int>(i); }
    }
    if (bi >= 0) return {Selection::Kind::Service, ws_->services[bi].id};
  }
  if (style.visible(LayerId::Qpv)) {
    if (int q = qpv_at(p); q >= 0) return {Selection::Kind::Qpv, ws_->qpvs[q].code};
    const double r = (point_style(kQpvMarkerStyle).size_px * 0.5 + 2) * scale * cam.mpp;
    for (size_t m = 0; m < data_->qpv_markers.size(); ++m) {
      const Vec2 a{data_->qpv_markers[m].x + data_->origin.x, data_->qpv_markers[m].y + data_->origin.y};
      if (dist2(a, p) <= r * r) {
        const std::string& code = ws_->communes[data_->qpv_markers[m].id].code;
        for (const auto& q : ws_->qpvs)
          for (const auto& c : q.communes)
            if (c == code) return {Selection::Kind::Qpv, q.code};
      }
    }
  }
  if (int c = commune_at(p); c >= 0) return {Selection::Kind::Commune, ws_->communes[c].code};
  return s;
}

}  // namespace maraude::render
