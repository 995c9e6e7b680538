// One writer at a time per workspace (issue 15): an advisory lock (flock) on a small
// `ESPACE.gpkg.lock` file beside the workspace. Every writer holds it from before it reads
// what it will write back until its write is in place (import: from reading the documents
// to carry over until the rename; put_document/delete_document: the whole transaction;
// `services import`, `scenario copy`: the whole read-modify-write). A second writer waits,
// at most MARAUDE_LOCK_WAIT seconds (default 10), then is refused with a French message
// naming the holder's process. The lock file exists only while held (its holder removes it
// before unlocking; a waiter that then gets the lock on the removed file opens the new one);
// it holds the holder's PID, for the message only.
// A PostgreSQL workspace (io/pg.h) takes no file lock: the lock is then a no-op.
// Readers take no lock: the workspace is replaced by rename, and SQLite protects a file
// being written in place (busy timeout set by the workspace's open).
#pragma once
#include <string>

namespace maraude::io {

class WorkspaceLock {
 public:
  // Blocks up to the wait bound; throws Error(Io) when the lock stays held, or when the lock
  // file cannot be created (read-only folder). Re-entrant inside one thread: a nested lock
  // of the same workspace (put_document inside `services import`'s lock) is a no-op.
  explicit WorkspaceLock(const std::string& workspace_path);
  ~WorkspaceLock();
  WorkspaceLock(const WorkspaceLock&) = delete;
  WorkspaceLock& operator=(const WorkspaceLock&) = delete;

  static std::string lock_path_for(const std::string& workspace_path);  // "ESPACE.gpkg.lock"
  static double wait_seconds();  // MARAUDE_LOCK_WAIT (0..3600) or 10

 private:
  std::string key_, lock_path_;
  int fd_ = -1;  // -1 when nested (the outer lock owns the descriptor)
};

}  // namespace maraude::io
