// The real window under Xvfb: a scripted run of a few hundred frames with synthetic
// input (hover, wheel, drag, click, keys, search, layer and language switches) must not
// crash or leak; a missing workspace shows the error modal and the window keeps running.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "test_support.h"

using namespace maraude;

namespace {
std::map<std::string, std::string> parse_report(const std::string& out) {
  std::map<std::string, std::string> m;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    const auto sp = line.find(' ');
    if (sp != std::string::npos) m[line.substr(0, sp)] = line.substr(sp + 1);
  }
  return m;
}
}  // namespace

TEST(Viewer, ScriptedRunDoesNotCrashOrLeak) {
  const auto r = test::run_maraude("view '" + test::real_workspace() + "' --size 640x400 --hidden --script-frames 300");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rep = parse_report(r.out);
  EXPECT_GE(std::stoi(rep["frames"]), 300);
  EXPECT_EQ(rep["error"], "-");
  EXPECT_GT(std::stoi(rep["max_draw_calls"]), 3);
  const long start = std::stol(rep["rss_kb_after_50"]), end = std::stol(rep["rss_kb_end"]);
  EXPECT_LT(end - start, 40 * 1024) << "resident memory grew by " << (end - start) << " kB over 250 frames";
}

TEST(Viewer, MissingWorkspaceShowsAModal) {
  const auto dir = test::temp_dir("viewer");
  const auto r = test::run_maraude("view '" + (dir / "absent.gpkg").string() + "' --size 640x400 --hidden --script-frames 20");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rep = parse_report(r.out);
  EXPECT_NE(rep["error"].find("absent.gpkg"), std::string::npos) << r.out;
}

// The window on a workspace with one far vertex (x = 1e15 in Abbécourt's outline) and on one whose communes table
// is empty: it hung (grids sized by the extent) or read an empty vector (UBSan); it now ends
// its scripted run with the error modal naming the cause.
TEST(Viewer, ImplausibleWorkspaceShowsAModalInsteadOfHanging) {
  const std::pair<std::string, std::string> cases[] = {
      {"UPDATE communes SET geom = ST_GeomFromText('MULTIPOLYGON(((712000 6946000,1e15 6946000,712000 6950000,712000 6946000)))', 2154) WHERE code = '02001'", "hors du domaine du Lambert-93"},
      {"DELETE FROM communes", "la table des communes est vide"}};
  for (const auto& [sql, why] : cases) {
    const std::string ws = test::real_workspace_copy("viewer-bad");
    const auto alter = test::run("ogrinfo -q '" + ws + "' -sql \"" + sql + "\"");
    ASSERT_EQ(alter.exit_code, 0) << alter.err;
    const auto r = test::run("timeout 120 '" + test::maraude_binary() + "' view '" + ws +
                             "' --size 640x400 --hidden --script-frames 20");
    ASSERT_NE(r.exit_code, 124) << sql << ": the window hung";
    ASSERT_LT(r.exit_code, 128) << sql << ": crashed: " << r.err;  // (its exit code on a load error: issue 14)
    auto rep = parse_report(r.out);
    EXPECT_NE(rep["error"].find(why), std::string::npos) << sql << ": " << r.out;
  }
}
