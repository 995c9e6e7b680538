#include "io/gdal_messages.h"
#include "io/ogr_write.h"

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include "core/error.h"

namespace maraude::io {

OGRLayer* create_layer(GDALDataset* ds, const std::string& name, OGRwkbGeometryType gt, int epsg, const std::vector<Col>& cols,
                       const std::string& where, char** options) {
  OGRSpatialReference srs;
  const bool spatial = gt != wkbNone;
  if (spatial) {
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  OGRLayer* l = ds->CreateLayer(name.c_str(), spatial ? &srs : nullptr, gt, options);
  if (!l) throw Error(ErrorKind::Io, "impossible de créer la couche " + name + " : " + gdal_last_error(), where);
  for (const auto& c : cols) {
    OGRFieldDefn fd(c.name, c.type);
    if (l->CreateField(&fd) != OGRERR_NONE)
      throw Error(ErrorKind::Io, std::string("impossible de créer le champ ") + c.name, where + ", couche " + name);
  }
  return l;
}

void add_feature(OGRLayer* l, const std::string& where, const std::function<void(OGRFeature&)>& fill) {
  OGRFeature f(l->GetLayerDefn());
  fill(f);
  if (l->CreateFeature(&f) != OGRERR_NONE)
    throw Error(ErrorKind::Io, std::string("écriture impossible dans la couche ") + l->GetName() + " : " + gdal_last_error(), where);
}

}  // namespace maraude::io
