// Offline work on a shared team workspace (issue 16, item 5): `maraude workspace copy PG:… LOCAL.gpkg`
// makes a GeoPackage copy that remembers its source (the connection string, never a password:
// pg::conninfo refuses one) and the version of every document it copied (tables sync_origin
// and sync_base of the GeoPackage). `maraude workspace sync LOCAL.gpkg [PG:…]` then, document by
// document (scenarios, stories, plans, …):
//   - edited here only        → pushed, with the version check of io/document_store.h;
//   - changed in the base only → pulled into the copy (version, author and time as stored);
//   - changed on both sides    → nothing overwritten: the base's version is pulled under the
//                                name, the local one kept as « NOM (copie de MOI) » on both sides,
//                                and the conflict reported in French (who changed it, when);
//   - deleted on one side and untouched on the other → deleted on the other (version-checked).
// After a sync both sides hold the same documents (name, body, version, author, time); a
// second sync changes nothing. Each document is settled on its own: the remote write is one
// statement, the local write (document + its base version) one GeoPackage transaction. A
// connection dropped midway leaves every document either settled or untouched on each side;
// the next sync finishes the work, recognising a document already pushed (same text on both
// sides) without calling it a conflict. The copy is locked (io/workspace_lock.h) during the sync.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace maraude::io {

struct SyncReport {
  std::string source;                 // the base synchronised with (password masked)
  std::vector<std::string> pushed;    // « NOM » (kind), sent to the base
  std::vector<std::string> pulled;    // received from the base
  std::vector<std::string> deleted;   // deletions carried to the other side
  std::vector<std::string> conflicts; // one French sentence each
  size_t unchanged = 0;
};

struct SyncOptions {
  // Called after each document is settled (tests: drop the connection midway).
  std::function<void(const std::string& kind, const std::string& name)> after_document;
  // Called after each write to the base, before the copy records it (tests: a crash between
  // the two commits).
  std::function<void(const std::string& kind, const std::string& name)> after_remote_write;
};

// The memory of an offline copy (nullopt: the GeoPackage was never copied from PostgreSQL).
struct SyncOrigin {
  std::string source;  // libpq keyword=value connection string, without password
  std::string copied;  // ISO 8601 UTC of the copy
  struct Base {
    std::int64_t version = 0;
    std::string hash;  // of the body as it was then
  };
  std::map<std::pair<std::string, std::string>, Base> base;  // (kind, name) → as last synchronised
};
std::optional<SyncOrigin> read_sync_origin(const std::string& gpkg);

// Synchronises the copy `local` with its source (`remote` empty: the recorded one). Throws
// Error(Usage), having changed nothing, when `local` is not a GeoPackage copied from
// PostgreSQL or `remote` is not the database it was copied from; Error(Workspace/Io) when
// the base cannot be reached (documents settled before stay settled).
SyncReport sync_workspace(const std::string& local, const std::string& remote, const SyncOptions& opt = {});

// 16 hex digits (FNV-1a 64) of a document body.
std::string body_hash(const std::string& body);

}  // namespace maraude::io
