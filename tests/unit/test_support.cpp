#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace fs = std::filesystem;

namespace maraude::test {

std::string data_dir() {
  if (const char* e = std::getenv("MARAUDE_DATA"); e && *e) return e;
  return MARAUDE_TEST_DATA;
}
std::string bench_dir() { return MARAUDE_BENCH_DATA; }
std::string source_dir() { return MARAUDE_SOURCE_DIR; }
std::string maraude_binary() { return MARAUDE_BINARY; }

namespace {
// Owns the list of temporary folders and removes them at exit (constructed on first use,
// so it outlives every caller).
struct TempRegistry {
  std::vector<fs::path> dirs;
  ~TempRegistry() {
    std::error_code ec;
    for (auto& p : dirs) fs::remove_all(p, ec);
  }
};
std::vector<fs::path>& temps() {
  static TempRegistry r;
  return r.dirs;
}
}  // namespace

fs::path temp_dir(const std::string& tag) {
  std::string tmpl = (fs::temp_directory_path() / ("maraude-" + tag + "-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  fs::path p(buf.data());
  temps().push_back(p);
  return p;
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& content) {
  std::ofstream f(p, std::ios::binary);
  f << content;
}

RunResult run(const std::string& cmd) {
  const fs::path dir = temp_dir("run");
  const fs::path out = dir / "out", err = dir / "err";
  const std::string full = "(" + cmd + ") >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(full.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

RunResult run_maraude(const std::string& args) { return run("'" + maraude_binary() + "' " + args); }

std::string real_workspace() {
  static std::once_flag once;
  static std::string path;
  std::call_once(once, [] {
    // Cached next to the binary so that every test process of one build shares it.
    const fs::path p = fs::path(maraude_binary()).parent_path() / "test-real-workspace.gpkg";
    const fs::path stamp = fs::path(maraude_binary()).parent_path() / "test-real-workspace.stamp";
    const bool fresh = fs::exists(p) && fs::exists(stamp) &&
                       fs::last_write_time(stamp) >= fs::last_write_time(maraude_binary());
    if (!fresh) {
      // Several test processes may race: import into a private name, then rename atomically.
      const fs::path tmp = p.string() + "." + std::to_string(getpid()) + ".gpkg";
      auto r = run_maraude("import --data '" + data_dir() + "' --out '" + tmp.string() + "'");
      if (r.exit_code != 0) throw std::runtime_error("import of the real data failed: " + r.err);
      fs::rename(tmp, p);
      write_file(stamp, "ok");
    }
    path = p.string();
  });
  return path;
}

std::string real_workspace_copy(const std::string& tag) {
  const std::string path = (temp_dir(tag) / "ws.gpkg").string();
  std::filesystem::copy_file(real_workspace(), path);
  return path;
}

}  // namespace maraude::test
