// Writing an output safely: one check of what --out names, and one temporary-then-rename
// writer used by every exporter, the poster and the workspace (plain POSIX: no GDAL here).
#pragma once
#include <string>
#include <vector>

namespace maraude {

// Refuses (Error(Io), French, naming `option`) an output path that is a folder, a special
// file (/dev/null, a FIFO, a socket, a device), one of `inputs` (the same file, also through
// a link or another spelling: the manifest, a data file, the workspace being read), or whose
// folder does not exist or cannot be written. `what` names the output in the message
// ("le fichier de sortie", "le PDF"...).
void check_output_path(const std::string& path, const std::vector<std::string>& inputs = {},
                       const std::string& option = "--out", const std::string& what = "le fichier de sortie");

// A file written under a temporary name in the target's folder (.NAME.tmp-PID.EXT, so the
// rename is atomic and the extension still tells GDAL its format), then fsync'ed and renamed
// over the target by commit(). Without commit() (an error, an exception) the temporary and
// its SQLite side files (-journal, -wal, -shm) are removed. On construction, temporaries of
// the same target left by processes that no longer run (kill -9, power cut) are removed.
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& path() const { return path_; }  // the target
  const std::string& tmp() const { return tmp_; }    // where to write
  // fsync the temporary, rename it over the target, fsync the folder. Throws Error(Io).
  void commit();
  // Removes the temporary now (also done by the destructor unless committed).
  void discard();

  // The temporaries of dead processes beside `path` (what the constructor removes).
  static std::vector<std::string> stale_temporaries(const std::string& path);

 private:
  std::string path_, tmp_;
  bool done_ = false;
};

}  // namespace maraude
