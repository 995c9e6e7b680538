#include "render/view_spec.h"

#include "core/error.h"
#include "core/text.h"

namespace maraude::render {

BBox selection_bbox(const Workspace& ws, const std::string& kind, const std::string& code) {
  if (kind == "commune") {
    if (const Commune* c = ws.commune(code)) return bbox(c->geom);
  } else if (kind == "zone") {
    if (const ZoneEmploi* z = ws.zone(code)) {
      // Interregional zones: frame the part inside the region (its communes).
      BBox b;
      for (const auto& c : ws.communes)
        if (c.zone_emploi == code) b.extend(bbox(c.geom));
      return b.empty() ? bbox(z->geom) : b;
    }
  } else if (kind == "qpv") {
    if (const Qpv* q = ws.qpv(code)) {
      if (q->has_perimeter) return bbox(q->perimeter);
      BBox b;
      for (const auto& cc : q->communes)
        if (const Commune* c = ws.commune(cc)) b.extend(bbox(c->geom));
      return b;
    }
  } else if (kind == "laureate") {
    for (const auto& l : ws.laureates)
      if (l.id == code) {
        BBox b;
        for (const auto& cc : l.communes)
          if (const Commune* c = ws.commune(cc)) b.extend(bbox(c->geom));
        return b;
      }
  } else if (kind == "departement") {
    for (const auto& d : ws.departements)
      if (d.code == code) return bbox(d.geom);
  } else if (kind == "service") {
    for (const auto& s : ws.services)
      if (s.id == code) return BBox{s.pos.x, s.pos.y, s.pos.x, s.pos.y};
  }
  return {};
}

BBox resolve_view(const Workspace& ws, const std::string& spec) {
  if (spec.empty() || spec == "region") {
    BBox b = bbox(ws.region.geom);
    return b.empty() ? ws.extent() : b;
  }
  const auto colon = spec.find(':');
  if (colon == std::string::npos)
    throw Error(ErrorKind::Usage, "vue « " + spec + " » inconnue", "--view",
                "utilisez region, bbox:minx,miny,maxx,maxy (mètres Lambert-93), commune:CODE ou zone:CODE");
  const std::string kind = fold(spec.substr(0, colon)), arg = trim(spec.substr(colon + 1));
  if (kind == "bbox") {
    const auto parts = split(arg, ',');
    if (parts.size() != 4)
      throw Error(ErrorKind::Usage, "bbox demande quatre nombres", "--view " + spec, "bbox:minx,miny,maxx,maxy en mètres Lambert-93");
    double v[4];
    for (int i = 0; i < 4; ++i) {
      auto n = parse_number(trim(parts[i]));
      if (!n) throw Error(ErrorKind::Usage, "pas un nombre : " + parts[i], "--view " + spec);
      v[i] = *n;
    }
    if (!(v[0] < v[2] && v[1] < v[3]))
      throw Error(ErrorKind::Usage, "bbox vide (il faut minx < maxx et miny < maxy)", "--view " + spec);
    return {v[0], v[1], v[2], v[3]};
  }
  BBox b = selection_bbox(ws, kind, arg);
  if (b.empty())
    throw Error(ErrorKind::BadInput, "aucun(e) " + kind + " de code « " + arg + " » dans l’espace de travail", "--view " + spec,
                kind == "commune" && !ws.communes.empty() ? "utilisez le code INSEE, par exemple commune:" + ws.communes.front().code + " pour " + ws.communes.front().name
                                                  : std::string("vérifiez le code avec `maraude info`"));
  return b;
}

void frame(Camera& cam, const BBox& b, double margin_px, double min_extent_m) {
  if (b.empty()) return;
  BBox g = b;
  const Vec2 c = b.center();
  if (g.width() < min_extent_m) { g.minx = c.x - min_extent_m / 2; g.maxx = c.x + min_extent_m / 2; }
  if (g.height() < min_extent_m) { g.miny = c.y - min_extent_m / 2; g.maxy = c.y + min_extent_m / 2; }
  cam.fit(g, margin_px);
}

}  // namespace maraude::render
