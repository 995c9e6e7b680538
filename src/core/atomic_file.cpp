#include "core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace maraude {

namespace {

fs::path folder_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

// ".NAME.tmp-" for target NAME.EXT: the prefix of every temporary of that target.
std::string temp_prefix(const fs::path& p) { return "." + p.stem().string() + ".tmp-"; }

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void fsync_path(const std::string& p, bool directory) {
  const int fd = ::open(p.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void remove_with_side_files(const std::string& p) {
  std::error_code ec;
  for (const char* side : {"", "-journal", "-wal", "-shm"}) fs::remove(p + side, ec);
}

}  // namespace

void check_output_path(const std::string& path, const std::vector<std::string>& inputs, const std::string& option,
                       const std::string& what) {
  if (path.empty()) throw Error(ErrorKind::Usage, option + " est vide", option, "donnez un nom de fichier");
  const fs::path p(path);
  const fs::path dir = folder_of(p);
  std::error_code ec;
  const auto st = fs::status(p, ec);
  if (fs::is_directory(st))
    throw Error(ErrorKind::Io, "impossible d'écrire " + what + " : « " + path + " » est un dossier", option,
                "donnez un nom de fichier dans ce dossier, par exemple " + (p / ("sortie" + p.extension().string())).string());
  if (fs::exists(st) && !fs::is_regular_file(st))
    throw Error(ErrorKind::Io,
                "refus d'écrire " + what + " sur « " + path + " » : ce n'est pas un fichier ordinaire (périphérique, tube ou socket)",
                option, "donnez le nom d'un fichier ordinaire");
  for (const auto& in : inputs)
    if (!in.empty() && same_file(path, in))
      throw Error(ErrorKind::Usage, "« " + path + " » est un fichier d'entrée de cette commande : il serait écrasé", option,
                  "choisissez un autre nom de sortie");
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorKind::Io, "impossible d'écrire " + what + " : le dossier « " + dir.string() + " » n'existe pas", option,
                "créez le dossier ou choisissez un autre chemin");
  if (::access(dir.c_str(), W_OK) != 0)
    throw Error(ErrorKind::Io, "impossible d'écrire " + what + " dans « " + dir.string() + " » : " + std::strerror(errno), option,
                "choisissez un dossier où vous pouvez écrire");
}

std::vector<std::string> AtomicFile::stale_temporaries(const std::string& path) {
  std::vector<std::string> out;
  const fs::path p(path);
  const std::string prefix = temp_prefix(p);
  std::error_code ec;
  for (fs::directory_iterator it(folder_of(p), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!starts_with(name, prefix)) continue;
    size_t i = prefix.size(), j = i;
    while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))) ++j;
    if (j == i) continue;
    const long pid = std::stol(name.substr(i, j - i));
    if (pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) continue;  // still running
    out.push_back(it->path().string());
  }
  return out;
}

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  const fs::path p(path);
  for (const auto& stale : stale_temporaries(path)) {
    std::error_code ec;
    fs::remove(stale, ec);
  }
  tmp_ = (folder_of(p) / (temp_prefix(p) + std::to_string(::getpid()) + p.extension().string())).string();
  remove_with_side_files(tmp_);
}

AtomicFile::~AtomicFile() {
  if (!done_) discard();
}

void AtomicFile::discard() {
  remove_with_side_files(tmp_);
  done_ = true;
}

void AtomicFile::commit() {
  std::error_code ec;
  if (!fs::is_regular_file(tmp_, ec))
    throw Error(ErrorKind::Io, "le fichier temporaire a disparu avant d'être renommé", path_,
                "un autre programme nettoie peut-être le dossier : relancez la commande");
  fsync_path(tmp_, false);
  fs::rename(tmp_, path_, ec);
  if (ec) {
    discard();
    throw Error(ErrorKind::Io, "impossible de remplacer « " + path_ + " » : " + ec.message(), path_,
                "vérifiez les droits du dossier");
  }
  fsync_path(folder_of(fs::path(path_)).string(), true);
  remove_with_side_files(tmp_);  // SQLite side files of a closed database, if any
  done_ = true;
}

}  // namespace maraude
