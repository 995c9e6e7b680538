// Presenter notes in a second window and the presentation monitor (run under xvfb-run):
// what the notes window says (headless), F2 / S from either window, the window itself (its
// own GL and ImGui contexts, the main ones left current, its keys driving the presenter,
// closing it never ends the presentation), `view --notes-window` screenshots, `--monitor`.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/presenter.h"
#include "app/presenter_notes.h"
#include "imgui.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "app_test_support.h"
#include "test_support.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

using namespace maraude;

namespace {
const test::AppFixture& fixture() { return test::app_fixture(); }
app::AppState make_state() { return test::make_app_state(1280, 720); }
Story story() {
  Story st;
  st.name = "Réunion";
  StoryView a;
  a.title = "La région";
  a.notes = "Commencer par les chiffres.\nPuis les bassins.";
  StoryView b;
  b.title = "Le Nord";
  b.extent = "departement:59";
  StoryView c;
  c.title = "Conclusion";
  c.notes = "Remercier.";
  st.views = {a, b, c};
  return st;
}
// Light pixels (text) in a box of a PNG with a dark background.
int light_pixels(const render::Image& img, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < std::min(y1, img.height); ++y)
    for (int x = x0; x < std::min(x1, img.width); ++x) {
      const uint32_t v = img.argb(x, y);
      n += ((v >> 16 & 255) + (v >> 8 & 255) + (v & 255)) / 3 > 170;
    }
  return n;
}
}  // namespace

TEST(PresenterNotes, ContentTitleNotesNextPositionAndElapsed) {
  auto s = make_state();
  app::Presenter p;
  p.fly_seconds = 0;
  p.start(s, story());
  auto c = app::notes_content(p, false, 65.4);
  EXPECT_EQ(c.position, "1 / 3");
  EXPECT_EQ(c.title, "La région");
  EXPECT_EQ(c.notes, "Commencer par les chiffres.\nPuis les bassins.");
  EXPECT_EQ(c.next, "Suivante : Le Nord");
  EXPECT_EQ(c.elapsed, "01:05");
  p.next(s);
  c = app::notes_content(p, false, 3725);
  EXPECT_EQ(c.position, "2 / 3");
  EXPECT_EQ(c.notes, "(pas de notes)");
  EXPECT_EQ(c.elapsed, "1:02:05");
  p.next(s);
  c = app::notes_content(p, true, 0);
  EXPECT_EQ(c.next, "Last view of the story");
  EXPECT_EQ(c.elapsed, "00:00");
}

TEST(PresenterNotes, F2OrSTogglesTheNotesWindowNWhatIsOnScreen) {
  auto s = make_state();
  app::Presenter p;
  p.start(s, story());
  EXPECT_FALSE(p.notes_window);
  EXPECT_TRUE(p.key(s, GLFW_KEY_F2));
  EXPECT_TRUE(p.notes_window);
  EXPECT_FALSE(p.show_notes);  // N stays the on-screen notes
  EXPECT_TRUE(p.key(s, GLFW_KEY_S));
  EXPECT_FALSE(p.notes_window);
  EXPECT_TRUE(p.key(s, GLFW_KEY_N));
  EXPECT_TRUE(p.show_notes);
  EXPECT_FALSE(p.notes_window);
  EXPECT_TRUE(p.active());
}

TEST(PresenterNotes, SecondWindowHasItsOwnContextsAndDrivesThePresenter) {
  render::GlContext main_ctx(false, 320, 200, "main", 0);
  ImGuiContext* main_imgui = ImGui::CreateContext();
  ImGui::SetCurrentContext(main_imgui);
  {
    auto s = make_state();
    app::Presenter p;
    p.fly_seconds = 0;
    p.start(s, story());
    p.notes_window = true;
    app::NotesWindow notes(0, false, false);
    // The main window's contexts stay current: its GLFW callbacks feed the current ImGui context.
    EXPECT_EQ(glfwGetCurrentContext(), main_ctx.window());
    EXPECT_EQ(ImGui::GetCurrentContext(), main_imgui);
    EXPECT_NE(notes.window(), main_ctx.window());

    const auto dir = test::temp_dir("notes-window");
    const std::string png = (dir / "notes.png").string();
    notes.draw(app::notes_content(p, false, 12), false, png);
    EXPECT_EQ(glfwGetCurrentContext(), main_ctx.window());
    EXPECT_EQ(ImGui::GetCurrentContext(), main_imgui);
    const render::Image img = render::read_png(png);
    ASSERT_EQ(img.width, 1000);
    ASSERT_EQ(img.height, 700);
    EXPECT_GT(light_pixels(img, 0, 0, 500, 200), 800);    // position and title in large type
    EXPECT_GT(light_pixels(img, 0, 170, 1000, 400), 500);  // the notes

    // Keys of the notes window walk the story like the presentation window's.
    notes.inject_key(GLFW_KEY_PAGE_DOWN);
    notes.inject_key(GLFW_KEY_SPACE);
    for (int k : notes.take_keys()) p.key(s, k);
    EXPECT_EQ(p.index(), 2u);
    EXPECT_TRUE(notes.take_keys().empty());
    notes.draw(app::notes_content(p, false, 13), false);  // a second frame draws too

    // Its close button asks to close; the presentation goes on.
    EXPECT_FALSE(notes.close_requested());
    glfwSetWindowShouldClose(notes.window(), GLFW_TRUE);
    EXPECT_TRUE(notes.close_requested());
    EXPECT_TRUE(p.active());
  }
  EXPECT_EQ(ImGui::GetCurrentContext(), main_imgui);  // closing it leaves the main one alone
  ImGui::DestroyContext(main_imgui);
}

TEST(PresenterNotes, ViewCommandNotesWindowScreenshotAndMonitorChoice) {
  const std::string ws = test::real_workspace_copy("present-notes");
  const std::filesystem::path dir = std::filesystem::path(ws).parent_path();
  auto r = test::run_maraude("story create-starter " + ws);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string story = "'" + std::string(kStarterStoryName) + "'";
  const std::string shot = (dir / "present.png").string();
  r = test::run_maraude("view " + ws + " --size 1280x720 --present " + story + " --notes-window --monitor 1 --screenshot " + shot);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("error -"), std::string::npos) << r.out;
  ASSERT_TRUE(std::filesystem::exists(dir / "present-notes.png"));
  const render::Image notes = render::read_png((dir / "present-notes.png").string());
  EXPECT_GT(light_pixels(notes, 0, 0, 500, 200), 800);
  // Without the option, no notes window.
  const std::string shot2 = (dir / "plain.png").string();
  r = test::run_maraude("view " + ws + " --size 1280x720 --present " + story + " --screenshot " + shot2);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "plain-notes.png"));

  // A monitor the machine does not have: a clear usage error, before any window work.
  r = test::run_maraude("view " + ws + " --present " + story + " --monitor 9 --hidden --script-frames 2");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("écran 9 absent"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--monitor"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1. "), std::string::npos) << r.err;  // the monitors there are, by number
  r = test::run_maraude("view " + ws + " --monitor zéro --hidden --script-frames 2");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--monitor"), std::string::npos) << r.err;
}
