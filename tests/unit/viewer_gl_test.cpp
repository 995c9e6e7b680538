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
