#include "io/workspace_lock.h"
#include "io/pg.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <thread>

#include "core/error.h"

namespace fs = std::filesystem;

namespace maraude::io {

namespace {

// Locks this thread holds, by lock file, with their nesting depth. Per thread: another
// thread of the same process opens its own descriptor and waits like another process.
std::map<std::string, int>& held() {
  thread_local std::map<std::string, int> m;
  return m;
}

std::string canonical_key(const std::string& lock_path) {
  std::error_code ec;
  const fs::path p(lock_path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  const fs::path c = fs::weakly_canonical(dir, ec);
  return (ec ? dir : c).string() + "/" + p.filename().string();
}

std::string holder_of(int fd) {
  char buf[32] = {};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string s = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string WorkspaceLock::lock_path_for(const std::string& workspace_path) { return workspace_path + ".lock"; }

double WorkspaceLock::wait_seconds() {
  if (const char* e = std::getenv("MARAUDE_LOCK_WAIT")) {
    char* end = nullptr;
    const double v = std::strtod(e, &end);
    if (end != e && *end == '\0' && std::isfinite(v) && v >= 0 && v <= 3600) return v;
  }
  return 10.0;
}

WorkspaceLock::WorkspaceLock(const std::string& workspace_path) {
  // A PostgreSQL workspace has no file to lock: its writes are transactions checked by
  // version (io/document_store.h) and its imports take an advisory lock (io/pg_workspace.h).
  if (pg::is_location(workspace_path)) return;
  const std::string lp = lock_path_for(workspace_path);
  key_ = canonical_key(lp);
  if (auto it = held().find(key_); it != held().end()) {  // nested: the outer lock covers us
    ++it->second;
    return;
  }
  const double wait = wait_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  for (;;) {
    fd_ = ::open(lp.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw Error(ErrorKind::Io, std::string("impossible de créer le verrou de l’espace de travail : ") + std::strerror(errno), lp,
                  "vérifiez que le dossier de l’espace de travail est accessible en écriture");
    bool locked = false;
    for (;;) {
      if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
        locked = true;
        break;
      }
      if (errno != EWOULDBLOCK && errno != EINTR) {
        const int err = errno;
        ::close(fd_);
        fd_ = -1;
        throw Error(ErrorKind::Io, std::string("impossible de verrouiller l’espace de travail : ") + std::strerror(err), lp);
      }
      if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >= wait) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!locked) {
      const std::string who = holder_of(fd_);
      ::close(fd_);
      fd_ = -1;
      char secs[32];
      std::snprintf(secs, sizeof secs, "%g", wait);
      for (char* c = secs; *c; ++c)
        if (*c == '.') *c = ',';  // French decimal comma
      throw Error(ErrorKind::Io,
                  "l’espace de travail est en cours d’écriture par un autre processus" +
                      (who.empty() ? std::string() : " (PID " + who + ")") + " depuis plus de " + secs + " s : rien n’a été écrit",
                  workspace_path,
                  "attendez la fin de l’autre commande (import, scenario, services, story…) ou de l’enregistrement de "
                  "l’application, puis relancez celle-ci");
    }
    // The holder before us removes the lock file as it releases it: locked, the file we hold
    // must still be the one the path names, else another writer may hold the new one.
    struct stat held_st {}, path_st {};
    if (::fstat(fd_, &held_st) == 0 && ::stat(lp.c_str(), &path_st) == 0 && held_st.st_dev == path_st.st_dev &&
        held_st.st_ino == path_st.st_ino)
      break;
    ::close(fd_);
    fd_ = -1;
  }
  lock_path_ = lp;
  // The holder's PID, for the message a waiting writer prints.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    // The PID is only informative.
  }
  held()[key_] = 1;
}

WorkspaceLock::~WorkspaceLock() {
  if (key_.empty()) return;  // PostgreSQL: nothing was locked
  auto it = held().find(key_);
  if (it != held().end() && --it->second > 0) return;
  if (it != held().end()) held().erase(it);
  if (fd_ >= 0) {
    // Removed while still held (nothing is left beside the workspace); a writer waiting on
    // this file notices it is gone once it gets the lock, and opens a new one.
    ::unlink(lock_path_.c_str());
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

}  // namespace maraude::io
