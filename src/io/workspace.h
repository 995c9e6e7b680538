// The workspace: one GeoPackage file (EPSG:2154) holding every layer of the model
// plus a `documents` table of named text blobs (scenarios, stories...) — or the same
// layers and tables in the schema `maraude` of a PostgreSQL/PostGIS database shared by a
// team (io/pg.h): every function here taking a path also takes `PG:"host=… dbname=…"` or
// `postgresql://…`.
//
// Layers: region, departements, communes, zones_emploi, qpv, rural_basins, services,
// laureates (geometry = union of its communes' polygons), routes (when imported with
// a road network), plus the non-spatial
// tables `metadata` (key, value) and `documents` (kind, name, body, updated, version,
// author; PostgreSQL adds carrier, the structure whose editors may change it), and in
// PostgreSQL `road_network` (the road sidecar file's bytes, when imported with roads).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model.h"
#include "core/roads/graph.h"

namespace maraude::io {

// Loads the whole workspace into memory and builds its indexes.
// Throws Error(Workspace) naming the path when the file is missing, not a GeoPackage,
// or lacks a required layer (with the hint to re-run `maraude import`).
// Also Error(Workspace) when the content is implausible (core/plausibility.h: an empty
// communes table, coordinates outside the region, duplicate codes...).
Workspace load_workspace(const std::string& path);

// Inside a catch handler: rethrows the exception being handled as Error(Workspace) naming
// `path`, in French with what to do (std::length_error, std::bad_alloc, any std::exception);
// an Error is rethrown as it is.
[[noreturn]] void rethrow_as_workspace_error(const std::string& path);

// Writes the whole workspace to `path` atomically: a temporary file in the same
// folder, renamed over `path` only when complete. Existing documents of a previous
// file at `path` are carried over (scenarios and stories survive a re-import).
// `routes`: the car road graph, written as the `routes` line layer (one feature per
// segment: class, length, one-way, speed) for display in QGIS; absent = no layer.
void save_workspace(const Workspace& ws, const std::string& path, const roads::Graph* routes = nullptr);

// PostgreSQL (`path` a PG location): the layers are built in a new schema, then in one
// transaction the documents are carried over, the team's grants and row-level security
// policies applied, and the schema renamed to `maraude` (the previous one dropped); on any
// failure the previous content stays untouched. `road_blob`: the serialized road network
// (io/road_store.h), kept in the table road_network (a GeoPackage keeps it beside, in
// its sidecar file, written by the caller).
void save_workspace_pg(const Workspace& ws, const std::string& location, const roads::Graph* routes,
                       const std::string* road_blob);

// True when a workspace exists there (file, or PostgreSQL schema `maraude`).
bool workspace_exists(const std::string& location);

// Copies a whole workspace, both ways between GeoPackage and PostgreSQL (or GPKG→GPKG,
// PG→PG): every layer feature by feature (same fids, fields, geometries), the documents
// with their versions and authors, and the road network. Atomic like save_workspace: `dst`
// keeps its previous content on failure; its documents are replaced by `src`'s.
struct CopyReport {
  size_t layers = 0, features = 0, documents = 0;
  bool roads = false;
};
CopyReport copy_workspace(const std::string& src, const std::string& dst);

// The `metadata` table only (fast: no geometry read). Throws like load_workspace.
std::map<std::string, std::string> read_workspace_metadata(const std::string& path);

struct Document {
  Document() = default;
  Document(std::string k, std::string n, std::string b, std::string u = {})
      : kind(std::move(k)), name(std::move(n)), body(std::move(b)), updated(std::move(u)) {}
  std::string kind;     // "scenario", "story", ...
  std::string name;     // unique per kind
  std::string body;     // text (the owner module defines its format)
  std::string updated;  // ISO 8601 UTC, set by put_document
  std::int64_t version = 0;  // 1 for the first save, +1 per save (io/document_store.h)
  std::string author;        // who saved it (PostgreSQL: the database role)
};

std::vector<Document> list_documents(const std::string& workspace_path, const std::string& kind);
std::optional<Document> get_document(const std::string& workspace_path, const std::string& kind, const std::string& name);
// These four go through io/document_store.h (open_document_store), GeoPackage or PostgreSQL.
// Insert or replace whatever is stored, in one transaction (no version check).
void put_document(const std::string& workspace_path, const Document& doc);
// Returns false when there was no such document.
bool delete_document(const std::string& workspace_path, const std::string& kind, const std::string& name);

}  // namespace maraude::io
