// The workspace: one GeoPackage file (EPSG:2154) holding every layer of the model
// plus a `documents` table of named text blobs (scenarios, stories...).
//
// Layers: region, departements, communes, zones_emploi, qpv, rural_basins, services,
// laureates (geometry = union of its communes' polygons), routes (when imported with
// a road network), plus the non-spatial
// tables `metadata` (key, value) and `documents` (kind, name, body, updated).
#pragma once
#include <map>
#include <optional>
#include <string>
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

// The `metadata` table only (fast: no geometry read). Throws like load_workspace.
std::map<std::string, std::string> read_workspace_metadata(const std::string& path);

struct Document {
  std::string kind;     // "scenario", "story", ...
  std::string name;     // unique per kind
  std::string body;     // text (the owner module defines its format)
  std::string updated;  // ISO 8601 UTC, set by put_document
};

std::vector<Document> list_documents(const std::string& workspace_path, const std::string& kind);
std::optional<Document> get_document(const std::string& workspace_path, const std::string& kind, const std::string& name);
// Insert or replace, in one transaction.
void put_document(const std::string& workspace_path, const Document& doc);
// Returns false when there was no such document.
bool delete_document(const std::string& workspace_path, const std::string& kind, const std::string& name);

}  // namespace maraude::io
