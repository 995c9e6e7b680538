// The Tournées panel's « Exporter le plan… » and `maraude plan` go through one request
// (io/plan_request.h): a plan made in the window (PlannerController, headless, no GL
// context needed) and exported gives the same planning.csv, rapport.txt, plan.geojson and
// plan.gpx byte for byte as the command line with the same settings, and the same
// planning.ics except its DTSTAMP lines (the moment the file was written, RFC 5545).
// Also: a folder that already holds files is only written into once confirmed.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "app/planner_controller.h"
#include "io/workspace.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::app;
using namespace maraude::test;

namespace {

std::shared_ptr<const Workspace> workspace() {
  static auto ws = std::make_shared<const Workspace>(io::load_workspace(real_workspace()));
  return ws;
}

// The Douai camping-car: two teams, a day off, a driving limit, a shorter lunch, a fixed day 1.
const std::string kArgs =
    " --base 59178 --days 6 --teams 2 --days-off 4 --territory laureate:tour_emploi --reach 3km --service 2h30"
    " --start 08:30 --end 17:30 --lunch 12:00-13:30/45 --max-drive 2h --date 2026-11-30 --iterations 2000 --seed 3";

PlannerSettings window_settings() {
  PlannerSettings s;
  s.base = "59178";
  s.days = 6;
  s.teams = 2;
  s.days_off = {3};
  s.territory = "laureate:tour_emploi";
  s.reach = coverage::Reach::km(3);
  s.service_s = 2.5 * 3600;
  s.day_start_s = 8.5 * 3600;
  s.day_end_s = 17.5 * 3600;
  s.lunch = true;
  s.lunch_open_s = 12 * 3600;
  s.lunch_close_s = 13.5 * 3600;
  s.lunch_s = 45 * 60;
  s.max_drive_s = 2 * 3600;
  s.date = io::Date{2026, 11, 30};
  s.iterations = 2000;
  s.seed = 3;
  return s;
}

std::string without_dtstamp(const std::string& ics, int* dropped) {
  std::istringstream in(ics);
  std::string line, out;
  *dropped = 0;
  while (std::getline(in, line)) {
    if (line.rfind("DTSTAMP:", 0) == 0) {
      ++*dropped;
      continue;
    }
    out += line + "\n";
  }
  return out;
}

PlannerController& solved() {
  static PlannerController* c = [] {
    auto* pc = new PlannerController(workspace(), real_workspace());
    pc->solve(window_settings());
    pc->wait();
    return pc;
  }();
  return *c;
}

}  // namespace

TEST(PlanExportWindow, SameFilesAsTheCommandLine) {
  PlannerController& c = solved();
  ASSERT_TRUE(c.error.empty()) << c.error;
  ASSERT_NE(c.result(), nullptr);
  ASSERT_GT(c.result()->plan.visits, 3);

  const fs::path win = temp_dir("plan_window") / "export";  // does not exist yet: created
  std::string msg;
  ASSERT_EQ(export_plan_to(c, win.string(), false, msg), PlanExportStep::Written) << msg;
  const fs::path cli = temp_dir("plan_cli");
  const RunResult r = run_maraude("plan '" + real_workspace() + "'" + kArgs + " --out '" + cli.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

  for (const char* f : {"plan.gpx", "plan.geojson", "plan.gpkg", "planning.csv", "planning.xlsx", "planning.ics",
                        "roadbook.pdf", "rapport.txt"})
    EXPECT_TRUE(fs::exists(win / f) && fs::file_size(win / f) > 0) << f;
  for (const char* f : {"planning.csv", "rapport.txt", "plan.geojson", "plan.gpx"})
    EXPECT_EQ(read_file(win / f), read_file(cli / f)) << f << " differs between the window and maraude plan";
  // The report's days match the plan the window shows (2 teams, day 4 off).
  EXPECT_NE(read_file(win / "rapport.txt").find("Horizon : 6 jours à partir du lundi 30 novembre 2026, 2 équipes"),
            std::string::npos);
  int dropped_w = 0, dropped_c = 0;
  const std::string iw = without_dtstamp(read_file(win / "planning.ics"), &dropped_w);
  const std::string ic = without_dtstamp(read_file(cli / "planning.ics"), &dropped_c);
  EXPECT_EQ(dropped_w, c.result()->plan.visits);  // one DTSTAMP per stop event, nothing else dropped
  EXPECT_EQ(dropped_c, dropped_w);
  EXPECT_EQ(iw, ic) << "planning.ics differs (DTSTAMP lines aside)";
  EXPECT_NE(iw.find("DTSTART:20261130T"), std::string::npos);
}

TEST(PlanExportWindow, NonEmptyFolderAsksBeforeWriting) {
  PlannerController& c = solved();
  ASSERT_NE(c.result(), nullptr);
  const fs::path dir = temp_dir("plan_window_busy");
  write_file(dir / "notes.txt", "à garder");
  write_file(dir / "planning.csv", "ancien");
  std::string msg;
  EXPECT_EQ(export_plan_to(c, dir.string(), false, msg), PlanExportStep::AskOverwrite);
  EXPECT_NE(msg.find("contient déjà des fichiers"), std::string::npos) << msg;
  EXPECT_EQ(read_file(dir / "planning.csv"), "ancien");  // nothing written before the answer
  EXPECT_FALSE(fs::exists(dir / "plan.gpx"));
  EXPECT_EQ(export_plan_to(c, dir.string(), true, msg), PlanExportStep::Written) << msg;
  EXPECT_NE(read_file(dir / "planning.csv"), "ancien");
  EXPECT_EQ(read_file(dir / "notes.txt"), "à garder");  // other files are left alone
  EXPECT_TRUE(fs::exists(dir / "roadbook.pdf"));

  // A file where the folder should be, and no plan yet: refused with a French message.
  EXPECT_EQ(export_plan_to(c, (dir / "notes.txt").string(), true, msg), PlanExportStep::Failed);
  EXPECT_NE(msg.find("pas un dossier"), std::string::npos) << msg;
  PlannerController empty(workspace(), real_workspace());
  EXPECT_EQ(export_plan_to(empty, (dir / "x").string(), false, msg), PlanExportStep::Failed);
  EXPECT_NE(msg.find("Aucun plan"), std::string::npos) << msg;
}
