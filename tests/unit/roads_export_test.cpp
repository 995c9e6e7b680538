// The `maraude roads` writers (io/roads_export) through core/atomic_file.h: complete file or
// none, no temporary left after a failure, the temporaries of a killed process removed by the
// next write. No data folder needed.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"
#include "io/roads_export.h"
#include "test_support.h"

using namespace maraude;
namespace fs = std::filesystem;

namespace {

// Files of `dir` whose name starts with '.' (where AtomicFile puts its temporaries).
std::vector<std::string> hidden(const fs::path& dir) {
  std::vector<std::string> r;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string()[0] == '.') r.push_back(e.path().filename().string());
  return r;
}

long dead_pid() {
  long pid = 999999;
  while (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) --pid;
  return pid;
}

}  // namespace

TEST(RoadsExport, TextIsReplacedWholeAndStaleTemporariesGo) {
  const fs::path dir = test::temp_dir("roads_export_text");
  const std::string out = (dir / "matrice.csv").string();
  test::write_file(out, "ancien\n");
  const std::string stale = (dir / (".matrice.tmp-" + std::to_string(dead_pid()) + ".csv")).string();
  const std::string alive = (dir / (".matrice.tmp-" + std::to_string(::getppid()) + ".csv")).string();
  test::write_file(stale, "moitié");
  test::write_file(alive, "en cours");
  io::write_text_atomic(out, "de,vers,secondes\n1,2,60\n");
  EXPECT_EQ(test::read_file(out), "de,vers,secondes\n1,2,60\n");
  EXPECT_FALSE(fs::exists(stale)) << "a killed writer's temporary stays";
  EXPECT_TRUE(fs::exists(alive)) << "a running writer's temporary was removed";
  fs::remove(alive);
  EXPECT_TRUE(hidden(dir).empty());
}

TEST(RoadsExport, MissingFolderIsAnOutputError) {
  const fs::path dir = test::temp_dir("roads_export_missing");
  try {
    io::write_text_atomic((dir / "absent" / "m.csv").string(), "x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(e.what_text().find("dossier de sortie n’existe pas"), std::string::npos) << e.format();
  }
}

TEST(RoadsExport, ReachAreasWrittenOrNothingLeft) {
  const fs::path dir = test::temp_dir("roads_export_areas");
  io::ReachArea a;
  a.site = "1";
  a.profile = "car";
  a.budget = 10;
  a.unit = "min";
  Polygon sq;
  sq.rings = {{{1044000, 6300000}, {1045000, 6300000}, {1045000, 6301000}, {1044000, 6301000}}};
  a.area.polys.push_back(sq);
  const std::string gj = (dir / "zones.geojson").string();
  io::write_reach_areas(gj, {a});
  EXPECT_NE(test::read_file(gj).find("zones_atteintes"), std::string::npos);
  const std::string gpkg = (dir / "zones.gpkg").string();
  io::write_reach_areas(gpkg, {a});
  EXPECT_GT(fs::file_size(gpkg), 0u);
  EXPECT_THROW(io::write_reach_areas((dir / "zones.shp").string(), {a}), Error);
  EXPECT_FALSE(fs::exists(dir / "zones.shp"));
  EXPECT_TRUE(hidden(dir).empty()) << hidden(dir)[0];
}
