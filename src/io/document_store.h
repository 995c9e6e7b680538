// The one seam between the modules that keep named text documents (scenarios, stories, plans)
// and where the workspace lives: a GeoPackage file (embedded default) or a PostgreSQL
// database shared by a team (io/pg.h).
//
// Every document carries a version, bumped by each save. A save states the version it
// started from; when the stored version has moved on meanwhile (someone else saved), the
// save writes nothing and throws DocumentConflict naming who saved and when
// ("modifié par X à HH:MM"). PostgreSQL: one `UPDATE … WHERE version = expected` (or an
// `INSERT … ON CONFLICT DO NOTHING` for a new name), so two writers can never both win.
// GeoPackage: the same check under the workspace lock (io/workspace_lock.h).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/workspace.h"

namespace maraude::io {

// `expected` for a save that overwrites whatever is stored (import, carry-over, tests).
inline constexpr std::int64_t kAnyVersion = -1;

// A save refused because the stored document is no longer the one the caller started from.
class DocumentConflict : public Error {
 public:
  // `theirs`: the stored document now (nullopt: deleted meanwhile).
  DocumentConflict(const Document& mine, std::optional<Document> theirs, const std::string& where, const std::string& kept_as = {});
  const Document& mine() const { return mine_; }
  const std::optional<Document>& theirs() const { return theirs_; }
  const std::string& kept_as() const { return kept_as_; }  // the copy holding the caller's version, if any

 private:
  Document mine_;
  std::optional<Document> theirs_;
  std::string kept_as_;
};

// "modifié par alice à 14:32" (local time of the save) — "supprimé" when there is no document.
std::string changed_by_text(const std::optional<Document>& theirs);

class DocumentStore {
 public:
  virtual ~DocumentStore() = default;
  // All documents of `kind` ("" = every kind), by name.
  virtual std::vector<Document> list(const std::string& kind) = 0;
  virtual std::optional<Document> get(const std::string& kind, const std::string& name) = 0;
  // Stores `doc` when the stored version is still `expected` (0: the name must be free;
  // kAnyVersion: overwrite). Returns the stored document (new version, author, time).
  // Throws DocumentConflict otherwise, having written nothing.
  virtual Document save(const Document& doc, std::int64_t expected) = 0;
  // Returns false when there was no such document.
  virtual bool remove(const std::string& kind, const std::string& name) = 0;
  // Deletes the document only when its stored version is still `expected` (PostgreSQL: one
  // `DELETE … WHERE version = expected`). False, with nothing deleted, otherwise.
  virtual bool remove_checked(const std::string& kind, const std::string& name, std::int64_t expected) = 0;
  virtual std::string location() const = 0;  // for messages (password masked)
  // Who this store's saves are stamped with: the database role (PostgreSQL), else
  // local_author(). Names the caller's copy in a conflict (« NOM (copie de alice) »).
  virtual std::string user() const = 0;
};

// A GeoPackage path or a PostgreSQL location (pg::is_location). The PostgreSQL store keeps one
// connection for its lifetime. Throws Error(Workspace) when the workspace cannot be opened.
std::unique_ptr<DocumentStore> open_document_store(const std::string& location);

// A save or delete made by anyone on a PostgreSQL workspace, as announced by the database
// (a trigger on maraude.documents sends NOTIFY maraude_documents).
struct DocumentChange {
  std::string op;  // "INSERT", "UPDATE", "DELETE"
  std::string kind, name, author;
  std::int64_t version = 0;
  // The stored row, read by the watcher on its own connection when it takes the notice (one
  // round trip on a connection already open): who saved it and when, as a save conflict
  // says it. Empty for a deletion, or when it could not be read.
  std::optional<Document> stored;
};
// Listens on its own connection; poll() never waits for a notice (an open window calls it
// between frames).
class DocumentWatcher {
 public:
  virtual ~DocumentWatcher() = default;
  virtual std::vector<DocumentChange> poll() = 0;
};
// nullptr for a GeoPackage (no one else writes it while the lock is held; nothing to listen to).
std::unique_ptr<DocumentWatcher> watch_documents(const std::string& location);

// « NOM (copie de alice) », then « NOM (copie de alice) 2 », … (n ≥ 1): the name under which
// a conflicting save keeps the caller's version (window, `story`, `plan --save`, sync).
std::string conflict_copy_name(const std::string& name, const std::string& user, int n);
// Saves `mine` when the stored version is still `expected`; otherwise writes it under the
// first free conflict_copy_name (never overwriting anything) and throws DocumentConflict
// naming that copy (kept_as). Returns the stored document.
Document save_or_keep_copy(DocumentStore& store, const Document& mine, std::int64_t expected);

// The user name stamped on GeoPackage saves ($USER, else the login name, else "inconnu").
std::string local_author();

namespace detail {
std::unique_ptr<DocumentStore> open_gpkg_document_store(const std::string& path);
std::unique_ptr<DocumentStore> open_pg_document_store(const std::string& location);
std::unique_ptr<DocumentWatcher> watch_pg_documents(const std::string& location);
}  // namespace detail

}  // namespace maraude::io
