// Shared GDAL/OGR writing helpers for every exporter (workspace, gaps, plans):
// create a layer with its fields and write features, with errors naming the file.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace maraude::io {

struct Col {
  const char* name;
  OGRFieldType type;
};

// `epsg` is the layer's CRS (ignored for wkbNone layers). Throws Error(Io) naming `where`.
OGRLayer* create_layer(GDALDataset* ds, const std::string& name, OGRwkbGeometryType gt, int epsg, const std::vector<Col>& cols,
                       const std::string& where, char** options = nullptr);
// Fills a new feature of `l` and writes it. Throws Error(Io) naming `where`.
void add_feature(OGRLayer* l, const std::string& where, const std::function<void(OGRFeature&)>& fill);

}  // namespace maraude::io
