// The road network of a workspace: both profile graphs (car, foot), the profile table
// they were built with and the signature of the OpenStreetMap inputs, stored in a compact
// binary sidecar beside the GeoPackage (`maraude.gpkg` → `maraude.roads`).
//
// File layout (little-endian): "MRDROADS" magic, u32 format version, u64 payload size,
// the payload (strings as u32 length + bytes, arrays as u64 count + items: signature,
// files, import figures, profile table, car graph, foot graph, then per graph its
// time-metric contraction hierarchy (core/roads/ch.h Data; format 2)), then an
// FNV-1a 64 hash of the payload. A truncated, corrupt or other-version file is refused
// with Error(Workspace) saying to re-run `maraude import`.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/roads/graph.h"
#include "core/roads/network.h"
#include "core/roads/profiles.h"
#include "io/import.h"
#include "io/manifest.h"

namespace maraude {
struct Workspace;
}

namespace maraude::io {

using RoadNetwork = roads::RoadNetwork;

// `x.gpkg` → `x.roads` (same folder). A PostgreSQL workspace keeps the same bytes in its
// table road_network (io/pg_workspace.h); load_roads reads either.
std::string roads_path_for(const std::string& workspace_path);

// Writes atomically (temporary file in the same folder, fsync, rename).
void save_roads(const RoadNetwork& net, const std::string& path);
// The first half of save_roads, for writing the sidecar together with the workspace: the
// network written under a temporary name (core/atomic_file.h); commit() renames it over
// `path`, and the temporary is removed when it is destroyed uncommitted.
std::unique_ptr<AtomicFile> write_roads_temp(const RoadNetwork& net, const std::string& path);

// Reads a sidecar file. Throws Error(Workspace) naming it when missing, not a road file,
// of another format version, truncated or inconsistent.
RoadNetwork read_roads(const std::string& path);
// The sidecar's bytes, and back (`where` names the source in messages): a PostgreSQL
// workspace keeps them in its table road_network.
std::string serialize_roads(const RoadNetwork& net);
RoadNetwork parse_roads(const std::string& data, const std::string& where);

// The road network of a workspace, or nullopt when it was imported without a [roads]
// section. Throws Error(Workspace) when the workspace says it has roads but the sidecar
// is missing, unreadable or from another import.
std::optional<RoadNetwork> load_roads(const std::string& workspace_path);
// The same from the workspace's metadata already read (load_workspace): `read_pg_blob` gives
// the table road_network of a PostgreSQL workspace (called only when the metadata says it
// has a road network).
std::optional<RoadNetwork> load_roads(const std::string& workspace_path, const std::map<std::string, std::string>& meta,
                                      const std::function<std::string()>& read_pg_blob);

// Builds both graphs from the manifest's [roads] section (nullopt when absent): extracts
// `file = a.osm.pbf; b.osm.pbf` (relative to data_dir), optional `profiles = FILE`
// (relative to the manifest folder; built-in defaults otherwise), clipped to the region's
// box plus `margin_km` (default 20). The car's rural speeds apply on rural communes.
std::optional<RoadNetwork> build_roads(const Manifest& m, const std::string& data_dir, const Workspace& ws, ImportReport& rep);

// The extract paths and the signature of the [roads] inputs ("" when no section).
std::vector<std::string> roads_inputs(const Manifest& m, const std::string& data_dir);
std::string roads_signature(const Manifest& m, const std::string& data_dir);

}  // namespace maraude::io
