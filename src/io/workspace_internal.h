// Shared by the workspace's GeoPackage and PostgreSQL sides (workspace.cpp, pg_workspace.cpp,
// workspace_copy.cpp); not for other modules.
#pragma once
#include <gdal_priv.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/model.h"
#include "core/roads/graph.h"
#include "io/ogr_write.h"
#include "io/workspace.h"

namespace maraude::io::detail {

inline constexpr const char* kSchemaVersion = "1";

// Opens the workspace dataset (GeoPackage file, or the schema `maraude` of a PostgreSQL
// location through GDAL's PostgreSQL driver). Throws Error(Workspace) in French.
GDALDatasetUniquePtr open_workspace_dataset(const std::string& location, bool update);
GDALDatasetUniquePtr open_pg_workspace_dataset(const std::string& location, bool update);
// The GDAL PostgreSQL dataset of one schema of that database (for building a new one).
GDALDatasetUniquePtr open_pg_schema_dataset(const std::string& location, const std::string& schema);
// A workspace layer: fid / geom column names fixed, attribute tables as GPKG attributes.
OGRLayer* make_workspace_layer(GDALDataset* ds, const char* name, OGRwkbGeometryType gt, const std::vector<Col>& cols);
// Every layer of the model (metadata included, documents not).
void write_model_layers(GDALDataset* ds, const Workspace& ws, const std::string& where, const roads::Graph* routes);
// The documents layer of a GeoPackage (empty when absent).
std::vector<Document> read_gpkg_documents(GDALDataset* ds);
// Creates the GeoPackage documents layer and writes `docs` into it (versions kept).
void write_gpkg_documents(GDALDataset* ds, const std::vector<Document>& docs, const std::string& where);
std::string now_iso();
// The documents table of a GeoPackage, one row as a Document and back (every column kept).
Document document_of_feature(OGRFeature& f);
void set_document_feature(OGRFeature& f, const Document& d);
// The GeoPackage's documents layer (created when missing).
OGRLayer* gpkg_documents_layer(GDALDataset* ds);
// 'text' quoted for an OGR attribute filter.
std::string sql_literal(const std::string& s);
// The offline copy's memory (io/workspace_sync.h): written into a GeoPackage copied from
// PostgreSQL (`source`: its location), with the version of each copied document.
void write_sync_origin(GDALDataset* ds, const std::string& source, const std::vector<Document>& docs);
// Layers of that memory, never copied by copy_workspace.
bool is_sync_layer(const std::string& name);
// Writes a whole GeoPackage atomically (temporary file renamed over `path`): `fill` writes
// the layers, then `docs` are stored as they are.
void write_gpkg_workspace_with(const std::string& path, const std::function<void(GDALDataset*)>& fill,
                               const std::vector<Document>& docs);

// A PostgreSQL workspace read for a load (io::load_workspace, read_workspace_metadata): one
// libpq connection and one read-only snapshot (REPEATABLE READ) for every table, the
// schema's columns read once from the catalogue, then each layer with one query (binary
// results, geometries as WKB, rows by fid) served as an OGRLayer, so the reader code is the
// GeoPackage's. Not GDAL's PostgreSQL driver: it issues catalogue queries and a cursor per
// layer (about 500 statements on 4 connections for the region).
class PgWorkspaceReader {
 public:
  // Connects; Error(Workspace) in French when PostGIS or the workspace (maraude.metadata)
  // is missing, with the hint to import.
  explicit PgWorkspaceReader(const std::string& location);
  ~PgWorkspaceReader();
  PgWorkspaceReader(const PgWorkspaceReader&) = delete;
  PgWorkspaceReader& operator=(const PgWorkspaceReader&) = delete;
  // Sends at once the queries of the layers about to be read, in this order (name, with its
  // geometry or not), in one libpq pipeline: one round trip for them all, and the server
  // produces the next layers while the client decodes the first. Absent tables are skipped
  // (layer() then returns nullptr).
  void prefetch(const std::vector<std::pair<std::string, bool>>& layers);
  // The table `name` of the schema, or nullptr when absent. A prefetched layer streams its
  // query's rows; another runs its query at the first read, without the columns ignored by
  // then (OGRLayer::SetIgnoredFields, "OGR_GEOMETRY"). The layer must not outlive the reader.
  std::unique_ptr<OGRLayer> layer(const std::string& name);
  // The road network bytes (table road_network), empty when none.
  std::string road_blob();

  struct Impl;  // the connection and the pipeline (pg_workspace_read.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

// Writes a whole PostgreSQL workspace atomically (io/workspace.h save_workspace_pg): `fill`
// writes the layers into a new schema; `docs` nullptr = carry over the current documents;
// `road_blob` nullptr = no road network.
void write_pg_workspace(const std::string& location, const std::function<void(GDALDataset*)>& fill,
                        const std::vector<Document>* docs, const std::string* road_blob);

}  // namespace maraude::io::detail
