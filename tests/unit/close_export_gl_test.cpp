// Closing the window while an export runs (close_guard.h with an ExportController, as the
// viewer steps it every frame): the modal lists « export en cours : FILE (page N/M) »;
// « Annuler » keeps the export running; quitting cancels it cleanly (no file, no .part
// left, a previous file of that name byte for byte as it was); « Attendre la fin de
// l'export » quits once the file is written, or stays when something else is unsaved or
// the export did not complete. Run under xvfb-run (maraude_app).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "app/close_guard.h"
#include "app/export_controller.h"
#include "app/panel_story.h"
#include "imgui.h"
#include "io/workspace.h"
#include "app_test_support.h"
#include "test_support.h"

using namespace maraude;
using namespace maraude::app;
namespace fs = std::filesystem;

namespace {
std::shared_ptr<const Workspace> workspace() { return test::shared_workspace(); }

ExportRequest dossier(const fs::path& path, const std::string& by) {
  ExportRequest r;
  r.kind = ExportKind::Dossier;
  r.by = by;
  r.path = path.string();
  return r;
}

// Steps as the window does until the worker reports pages.
void until_pages(ExportController& c) {
  for (int f = 0; f < 200000 && c.step(); ++f) {
    if (c.progress_text().rfind("page ", 0) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

bool has_part_file(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".part" || e.path().filename().string().find(".tmp-") != std::string::npos)
      return true;  // the temporary of an export (core/atomic_file.h)
  return false;
}
}  // namespace

TEST(CloseExport, RunningExportIsListedWithItsProgressAndCancelKeepsIt) {
  const fs::path dir = test::temp_dir("close_export_list");
  ExportController c(workspace(), test::real_workspace());
  ASSERT_TRUE(c.start(dossier(dir / "dossier_epci.pdf", "epci"))) << c.message();
  until_pages(c);
  ASSERT_TRUE(c.running()) << "the dossier finished before the close";

  CloseGuardState g;
  EXPECT_FALSE(request_close(g, nullptr, nullptr, false, false, &c));
  EXPECT_TRUE(g.open);
  ASSERT_EQ(g.items.size(), 1u);
  EXPECT_TRUE(std::regex_match(g.items[0], std::regex("export en cours : dossier_epci\\.pdf \\(page [0-9]+/[0-9]+\\)")))
      << g.items[0];
  EXPECT_EQ(unsaved_changes(nullptr, nullptr, true, &c).at(0).rfind("export running: dossier_epci.pdf (", 0), 0u);

  choose_close(g, CloseChoice::Cancel, nullptr, nullptr, false, &c);
  EXPECT_FALSE(g.open);
  EXPECT_FALSE(g.quit);
  EXPECT_TRUE(c.running());  // the export goes on

  // Scripted runs close without asking (the controller's destructor cancels the export).
  CloseGuardState scripted;
  EXPECT_TRUE(request_close(scripted, nullptr, nullptr, false, true, &c));
  c.cancel();
  c.wait();
}

TEST(CloseExport, QuittingCancelsTheExportCleanly) {
  const fs::path dir = test::temp_dir("close_export_quit");
  const fs::path existing = dir / "dossier_epci.pdf";
  const std::string before = "%PDF-1.5 ancien dossier, à garder tel quel\n";
  test::write_file(existing, before);
  ExportController c(workspace(), test::real_workspace());
  ASSERT_TRUE(c.start(dossier(existing, "epci"))) << c.message();
  until_pages(c);
  ASSERT_TRUE(c.running());
  CloseGuardState g;
  ASSERT_FALSE(request_close(g, nullptr, nullptr, false, false, &c));
  choose_close(g, CloseChoice::QuitWithoutSaving, nullptr, nullptr, false, &c);
  EXPECT_TRUE(g.quit);
  EXPECT_FALSE(g.open);
  EXPECT_FALSE(c.running());  // cancelled and cleaned up before the window goes
  EXPECT_EQ(c.state(), ExportController::State::Cancelled) << c.message();
  EXPECT_TRUE(test::read_file(existing) == before) << "the previous file changed";
  EXPECT_FALSE(has_part_file(dir));

  // No previous file: nothing at all is left; « Enregistrer et quitter » cancels it too.
  const fs::path fresh = dir / "neuf.pdf";
  ASSERT_TRUE(c.start(dossier(fresh, "epci"))) << c.message();
  StoryPanelState sp;
  CloseGuardState g2;
  ASSERT_FALSE(request_close(g2, nullptr, &sp, false, false, &c));
  choose_close(g2, CloseChoice::SaveAndQuit, nullptr, &sp, false, &c);
  EXPECT_TRUE(g2.quit) << g2.error;
  EXPECT_EQ(c.state(), ExportController::State::Cancelled);
  EXPECT_FALSE(fs::exists(fresh));
  EXPECT_FALSE(has_part_file(dir));
}

TEST(CloseExport, WaitingQuitsOnceTheFileIsWritten) {
  const fs::path dir = test::temp_dir("close_export_wait");
  const fs::path out = dir / "dossier_departement.pdf";
  ExportController c(workspace(), test::real_workspace());
  ASSERT_TRUE(c.start(dossier(out, "departement"))) << c.message();
  CloseGuardState g;
  ASSERT_FALSE(request_close(g, nullptr, nullptr, false, false, &c));
  choose_close(g, CloseChoice::WaitForExport, nullptr, nullptr, false, &c);
  EXPECT_TRUE(g.waiting);
  EXPECT_TRUE(g.open);
  EXPECT_FALSE(g.quit);
  int frames = 0;
  while (g.open && frames++ < 200000) {  // the window's frames: step the export, poll the guard
    c.step();
    poll_close(g, nullptr, nullptr, false, &c);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(g.quit);
  EXPECT_EQ(c.state(), ExportController::State::Done) << c.message();
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(has_part_file(dir));
}

TEST(CloseExport, WaitingStaysWhenSomethingElseIsUnsavedOrTheExportStops) {
  const fs::path dir = test::temp_dir("close_export_wait2");
  ExportController c(workspace(), test::real_workspace());
  StoryPanelState sp;
  sp.unsaved = {"Réunion"};  // a story whose save failed
  ASSERT_TRUE(c.start(dossier(dir / "a.pdf", "departement"))) << c.message();
  CloseGuardState g;
  ASSERT_FALSE(request_close(g, nullptr, &sp, false, false, &c));
  EXPECT_EQ(g.items.size(), 2u);
  choose_close(g, CloseChoice::WaitForExport, nullptr, &sp, false, &c);
  for (int f = 0; f < 200000 && c.step(); ++f) {
    poll_close(g, nullptr, &sp, false, &c);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  poll_close(g, nullptr, &sp, false, &c);
  EXPECT_TRUE(g.open);  // the story is still unsaved: the modal asks about it
  EXPECT_FALSE(g.quit);
  EXPECT_FALSE(g.waiting);
  ASSERT_EQ(g.items.size(), 1u);
  EXPECT_EQ(g.items[0], "récit « Réunion » non enregistré");

  // The export waited for is cancelled (from elsewhere): no quit, the modal says why.
  ASSERT_TRUE(c.start(dossier(dir / "b.pdf", "epci"))) << c.message();
  CloseGuardState h;
  ASSERT_FALSE(request_close(h, nullptr, nullptr, false, false, &c));
  choose_close(h, CloseChoice::WaitForExport, nullptr, nullptr, false, &c);
  c.cancel();
  c.wait();
  poll_close(h, nullptr, nullptr, false, &c);
  EXPECT_TRUE(h.open);
  EXPECT_FALSE(h.quit);
  EXPECT_NE(h.export_error.find("annulé"), std::string::npos) << h.export_error;
  EXPECT_FALSE(fs::exists(dir / "b.pdf"));
}

// The ImGui face: the modal opens listing the export and Esc answers « Annuler ».
TEST(CloseExport, ModalListsTheExportAndEscapeKeepsItRunning) {
  const fs::path dir = test::temp_dir("close_export_modal");
  ExportController c(workspace(), test::real_workspace());
  ASSERT_TRUE(c.start(dossier(dir / "dossier_epci.pdf", "epci"))) << c.message();
  CloseGuardState g;
  ASSERT_FALSE(request_close(g, nullptr, nullptr, false, false, &c));
  test::HeadlessImGui imgui(1200, 800);
  ImGuiIO& io = ImGui::GetIO();
  AppState s;
  bool seen = false;
  for (int f = 0; f < 6 && g.open; ++f) {
    io.KeysDown[test::kKeyEscape] = f == 3;
    ImGui::NewFrame();
    draw_close_modal(s, g, nullptr, nullptr, &c);
    seen = seen || ImGui::IsPopupOpen("Modifications non enregistrées###unsaved");
    ImGui::EndFrame();
  }
  EXPECT_TRUE(seen);
  EXPECT_FALSE(g.open);
  EXPECT_FALSE(g.quit);
  EXPECT_TRUE(c.running());
  c.cancel();
  c.wait();
  EXPECT_FALSE(has_part_file(dir));
}
