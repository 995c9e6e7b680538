// The viewer's exports, headless (run under xvfb-run): requests built from the Exporter
// window's state (export_request) and run by the ExportController exactly as the window
// steps it every frame. Handout page count and titles (pdfinfo, pdftotext), progress up to
// 100 %, cancel mid-way (no file; a previous file byte-identical), unwritable paths and
// absurd poster DPI refused with a French message, a poster rendered tile by tile.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "app/export_controller.h"
#include "app/panel_export.h"
#include "core/coverage/scenario.h"
#include "io/workspace.h"
#include "render/map_data.h"
#include "render/offscreen.h"
#include "render/view_spec.h"
#include "test_support.h"

using namespace maraude;
using app::ExportController;
using app::ExportKind;
namespace fs = std::filesystem;

namespace {
struct Env {
  std::shared_ptr<Workspace> ws;
  std::shared_ptr<render::MapData> data;
  std::string ws_path;
  std::unique_ptr<render::GlContext> ctx;
  std::unique_ptr<render::MapRenderer> r;
};
Env& env() {
  static Env* e = [] {
    auto* x = new Env;
    x->ws_path = test::real_workspace();
    x->ws = std::make_shared<Workspace>(io::load_workspace(x->ws_path));
    x->data = std::make_shared<render::MapData>(render::build_map_data(*x->ws));
    x->ctx = std::make_unique<render::GlContext>(false, 64, 64, "export test", 0);
    x->r = std::make_unique<render::MapRenderer>();
    x->r->set_data(*x->ws, *x->data);
    return x;
  }();
  return *e;
}
app::AppState make_state() {
  app::AppState s;
  s.resize(1400, 900);
  s.set_workspace(env().ws, env().data);
  return s;
}

// A story of four views with recognisable titles, as the Récits panel holds it.
app::StoryPanelState stories() {
  const Workspace& ws = *env().ws;
  app::StoryPanelState sp;
  Story st;
  st.name = "Récit d'essai export";
  const char* titles[] = {"Première vue : la région", "Deuxième vue : un département", "Troisième vue : une zone",
                          "Quatrième vue : une commune"};
  const std::string extents[] = {"region", "departement:" + ws.departements.front().code,
                                 "zone:" + ws.zones.front().code, "commune:" + ws.communes.front().code};
  for (int i = 0; i < 4; ++i) {
    StoryView v;
    v.title = titles[i];
    v.extent = extents[i];
    v.layers = {"zones", "basins", "qpv", "departements", "region", "services"};
    v.notes = "Note de la vue " + std::to_string(i + 1);
    st.views.push_back(v);
  }
  sp.stories = {st};
  sp.selected = 0;
  return sp;
}

// Steps the controller as the window does, one call per "frame", recording the progress.
struct Trace {
  std::vector<float> fractions;
  std::vector<std::string> texts;
};
Trace run_frames(ExportController& c, int max_frames = 200000) {
  Trace t;
  for (int f = 0; f < max_frames && c.step(); ++f) {
    t.fractions.push_back(c.fraction());
    t.texts.push_back(c.progress_text());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  t.fractions.push_back(c.fraction());
  return t;
}
int pdf_pages(const fs::path& p) {
  auto r = test::run("pdfinfo '" + p.string() + "' 2>/dev/null | awk '/^Pages:/ {print $2}'");
  return std::atoi(r.out.c_str());
}
std::string pdf_text(const fs::path& p) { return test::run("pdftotext '" + p.string() + "' -").out; }
bool has_part_file(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".part" || e.path().filename().string().find(".tmp-") != std::string::npos)
      return true;  // the temporary of an export (core/atomic_file.h)
  return false;
}
}  // namespace

TEST(ExportGui, DefaultPathsSitNextToTheWorkspace) {
  auto s = make_state();
  auto sp = stories();
  app::ExportPanelState ps;
  ps.dir = app::default_export_dir("equipe/partage/ws.gpkg");
  EXPECT_EQ(ps.dir, "equipe/partage");
  EXPECT_EQ(app::default_export_dir("ws.gpkg"), ".");
  ps.kind = ExportKind::Handout;
  EXPECT_EQ(app::default_export_path(app::export_request(s, ps, sp), ps.dir), "equipe/partage/recit_d_essai_export.pdf");
  ps.kind = ExportKind::Dossier;
  ps.by = 1;
  EXPECT_EQ(app::default_export_path(app::export_request(s, ps, sp), ps.dir), "equipe/partage/dossier_epci.pdf");
  ps.kind = ExportKind::Poster;
  ps.format = 0;
  ps.landscape = true;
  ps.pdf = true;
  const auto r = app::export_request(s, ps, sp);
  EXPECT_EQ(app::default_export_path(r, ps.dir), "equipe/partage/affiche_A0_paysage.pdf");
  EXPECT_EQ(r.poster.format, "A0");
  EXPECT_TRUE(r.poster.landscape);
  // The poster frames the window's current view.
  EXPECT_NEAR(r.extent.center().x, s.camera.center.x, 1);
  EXPECT_NEAR(r.extent.width(), s.camera.width * s.camera.mpp, 1);
}

TEST(ExportGui, HandoutHasOnePagePerViewWithTheTitlesAndProgressReaches100) {
  auto s = make_state();
  auto sp = stories();
  const fs::path dir = test::temp_dir("export_handout");
  app::ExportPanelState ps;
  app::open_export_panel(ps, ExportKind::Handout, 0);
  ps.dir = dir.string();
  std::snprintf(ps.path, sizeof ps.path, "%s", app::default_export_path(app::export_request(s, ps, sp), ps.dir).c_str());

  ExportController c(env().ws, env().ws_path);
  int updates = 0;
  c.on_update = [&updates] { ++updates; };
  ASSERT_TRUE(c.start(app::export_request(s, ps, sp))) << c.message();
  EXPECT_TRUE(c.running());
  const Trace t = run_frames(c);
  ASSERT_EQ(c.state(), ExportController::State::Done) << c.message();
  EXPECT_FLOAT_EQ(t.fractions.back(), 1.0f);
  for (size_t i = 1; i < t.fractions.size(); ++i) EXPECT_GE(t.fractions[i], t.fractions[i - 1]) << "progress went back";
  EXPECT_GT(updates, 4);  // one report per page at least
  bool page_text = false;
  for (const auto& x : t.texts) page_text |= x.find("/4") != std::string::npos && x.rfind("page ", 0) == 0;
  EXPECT_TRUE(page_text) << "no « page N/4 » progress text seen";
  EXPECT_NE(c.message().find("4 pages"), std::string::npos) << c.message();

  const fs::path pdf = ps.path;
  ASSERT_TRUE(fs::exists(pdf));
  EXPECT_EQ(pdf_pages(pdf), static_cast<int>(sp.stories[0].views.size()));
  const std::string text = pdf_text(pdf);
  for (const auto& v : sp.stories[0].views) EXPECT_NE(text.find(v.title), std::string::npos) << v.title;
  EXPECT_NE(text.find("Récit d'essai export"), std::string::npos);
  EXPECT_FALSE(has_part_file(dir));
}

TEST(ExportGui, CancelMidWayLeavesNoFileAndKeepsThePreviousOne) {
  auto s = make_state();
  auto sp = stories();
  const fs::path dir = test::temp_dir("export_cancel");
  app::ExportPanelState ps;
  app::open_export_panel(ps, ExportKind::Dossier);
  ps.by = 1;  // one page per EPCI: many pages
  const fs::path existing = dir / "dossier_epci.pdf";
  const std::string before = "%PDF-1.5 ancien dossier, à garder tel quel\n";
  test::write_file(existing, before);
  std::snprintf(ps.path, sizeof ps.path, "%s", existing.string().c_str());

  ExportController c(env().ws, env().ws_path);
  ASSERT_TRUE(c.start(app::export_request(s, ps, sp))) << c.message();
  // Wait until a few pages are written, then cancel as the window's button does.
  for (int f = 0; f < 200000 && c.step(); ++f) {
    if (c.progress_text().rfind("page ", 0) == 0 && c.fraction() > 0.05f) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(c.running()) << "the dossier finished before it could be cancelled";
  const float at_cancel = c.fraction();
  EXPECT_GT(at_cancel, 0.0f);
  EXPECT_LT(at_cancel, 1.0f);
  c.cancel();
  c.wait();
  EXPECT_EQ(c.state(), ExportController::State::Cancelled) << c.message();
  EXPECT_TRUE(test::read_file(existing) == before) << "the previous file changed";
  EXPECT_FALSE(has_part_file(dir));
  EXPECT_NE(c.message().find("annulé"), std::string::npos) << c.message();
  EXPECT_NE(c.message().find("inchangé"), std::string::npos) << c.message();

  // Same with no previous file: nothing at all is left.
  const fs::path fresh = dir / "neuf.pdf";
  std::snprintf(ps.path, sizeof ps.path, "%s", fresh.string().c_str());
  ps.kind = ExportKind::Handout;
  ASSERT_TRUE(c.start(app::export_request(s, ps, sp))) << c.message();
  c.cancel();
  c.wait();
  EXPECT_EQ(c.state(), ExportController::State::Cancelled);
  EXPECT_FALSE(fs::exists(fresh));
  EXPECT_FALSE(has_part_file(dir));
}

TEST(ExportGui, UnwritablePathsAndBadRequestsGiveAFrenchMessage) {
  auto s = make_state();
  auto sp = stories();
  const fs::path dir = test::temp_dir("export_bad");
  const fs::path a_file = dir / "fichier.txt";
  test::write_file(a_file, "x");
  ExportController c(env().ws, env().ws_path);
  app::ExportPanelState ps;
  app::open_export_panel(ps, ExportKind::Handout, 0);
  auto refused = [&](const std::string& path, const std::string& expect) {
    std::snprintf(ps.path, sizeof ps.path, "%s", path.c_str());
    const bool started = c.start(app::export_request(s, ps, sp), env().r.get());
    EXPECT_FALSE(started) << path;
    if (started) c.wait();
    EXPECT_EQ(c.state(), ExportController::State::Failed) << path;
    EXPECT_NE(c.message().find(expect), std::string::npos) << path << " → " << c.message();
  };
  refused((dir / "pas/de/dossier/recit.pdf").string(), "n'existe pas");
  refused((a_file / "recit.pdf").string(), "n'existe pas");  // a file used as a folder
  fs::create_directories(dir / "rep.pdf");
  refused((dir / "rep.pdf").string(), "est un dossier");
  refused("", "indiquez le fichier de sortie");
  refused((dir / "recit.png").string(), "« .pdf »");
  EXPECT_TRUE(test::read_file(a_file) == "x");

  // A story without views.
  sp.stories[0].views.clear();
  refused((dir / "vide.pdf").string(), "n'a aucune vue");

  // Posters: absurd DPI or size.
  ps.kind = ExportKind::Poster;
  ps.format = 0;
  ps.dpi = 5000;
  refused((dir / "affiche.png").string(), "résolution invalide");
  ps.dpi = 0;
  refused((dir / "affiche.png").string(), "résolution invalide");
  ps.format = 4;
  ps.dpi = 10;
  refused((dir / "affiche.png").string(), "affiche trop petite");
  ps.dpi = 150;
  refused((dir / "pas/de/dossier/affiche.png").string(), "n’existe pas");
  EXPECT_FALSE(has_part_file(dir));
  // Nothing was started: the controller takes a good request afterwards.
  std::snprintf(ps.path, sizeof ps.path, "%s", (dir / "ok.png").string().c_str());
  ps.dpi = 50;
  ASSERT_TRUE(c.start(app::export_request(s, ps, sp), env().r.get())) << c.message();
  c.wait();
  EXPECT_EQ(c.state(), ExportController::State::Done) << c.message();
}

TEST(ExportGui, PosterIsRenderedOneTilePerFrameAndCanBeCancelled) {
  auto s = make_state();
  s.fly_to(render::resolve_view(*env().ws, "departement:" + env().ws->departements.front().code), 0.01);
  for (int i = 0; i < 10 && s.animating(); ++i) s.step_animation(1);
  auto sp = stories();
  const fs::path dir = test::temp_dir("export_poster");
  setenv("MARAUDE_MAX_TILE", "160", 1);  // many small tiles: several frames of work
  app::ExportPanelState ps;
  app::open_export_panel(ps, ExportKind::Poster);
  ps.format = 4;  // A4 portrait at 60 dpi: 496 × 702 px
  ps.dpi = 60;
  std::snprintf(ps.title, sizeof ps.title, "%s", "Affiche depuis la fenêtre");
  std::snprintf(ps.path, sizeof ps.path, "%s", (dir / "affiche.png").string().c_str());

  ExportController c(env().ws, env().ws_path);
  ASSERT_TRUE(c.start(app::export_request(s, ps, sp), env().r.get())) << c.message();
  const Trace t = run_frames(c);
  ASSERT_EQ(c.state(), ExportController::State::Done) << c.message();
  EXPECT_FLOAT_EQ(t.fractions.back(), 1.0f);
  int tile_frames = 0;
  for (const auto& x : t.texts) tile_frames += x.rfind("tuile ", 0) == 0;
  EXPECT_GE(tile_frames, 4) << "the map was not rendered over several frames";
  const render::Image img = render::read_png((dir / "affiche.png").string());
  EXPECT_EQ(img.width, 496);   // 210 mm at 60 dpi
  EXPECT_EQ(img.height, 702);  // 297 mm at 60 dpi

  // PDF, cancelled after two tiles: no file, the PNG above untouched.
  const std::string png_before = test::read_file(dir / "affiche.png");
  ps.pdf = true;
  std::snprintf(ps.path, sizeof ps.path, "%s", (dir / "affiche.pdf").string().c_str());
  ASSERT_TRUE(c.start(app::export_request(s, ps, sp), env().r.get())) << c.message();
  ASSERT_TRUE(c.step());
  ASSERT_TRUE(c.step());
  EXPECT_EQ(c.progress_text().rfind("tuile ", 0), 0u) << c.progress_text();
  c.cancel();
  c.wait();
  EXPECT_EQ(c.state(), ExportController::State::Cancelled);
  EXPECT_FALSE(fs::exists(dir / "affiche.pdf"));
  EXPECT_FALSE(has_part_file(dir));
  EXPECT_TRUE(test::read_file(dir / "affiche.png") == png_before) << "the previous PNG changed";

  // The same PDF to the end: one page with the title as text.
  ASSERT_TRUE(c.start(app::export_request(s, ps, sp), env().r.get())) << c.message();
  c.wait();
  ASSERT_EQ(c.state(), ExportController::State::Done) << c.message();
  EXPECT_EQ(pdf_pages(dir / "affiche.pdf"), 1);
  EXPECT_NE(pdf_text(dir / "affiche.pdf").find("Affiche depuis la fenêtre"), std::string::npos);
  unsetenv("MARAUDE_MAX_TILE");
}

TEST(ExportGui, ViewOpensTheExporterWindowForScreenshots) {
  const fs::path dir = test::temp_dir("export_view");
  const std::string ws = test::real_workspace();
  auto r = test::run_maraude("view " + ws + " --export-dialog nulle-part --hidden --script-frames 2");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--export-dialog"), std::string::npos) << r.err;
  const std::string shot = (dir / "exporter.png").string();
  r = test::run_maraude("view " + ws + " --size 1280x720 --export-dialog affiche --screenshot " + shot);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("error -"), std::string::npos) << r.out;
  const render::Image img = render::read_png(shot);
  EXPECT_EQ(img.width, 1280);
  EXPECT_EQ(img.height, 720);
}

TEST(ExportGui, DossierUsesTheScenarioAsTheMapShowsIt) {
  auto s = make_state();
  auto sp = stories();
  const fs::path dir = test::temp_dir("export_edited");
  app::ExportPanelState ps;
  app::open_export_panel(ps, ExportKind::Dossier);
  ps.by = 2;  // one page per department
  std::snprintf(ps.path, sizeof ps.path, "%s", (dir / "dossier_departement.pdf").string().c_str());
  // The window's scenario with unsaved edits: never stored in the workspace.
  coverage::Scenario edited;
  edited.name = "Essai non enregistré";
  ASSERT_TRUE(ps.use_edited);
  const app::ExportRequest r = app::export_request(s, ps, sp, &edited);
  ASSERT_TRUE(r.edited.has_value());
  ExportController c(env().ws, env().ws_path);
  ASSERT_TRUE(c.start(r)) << c.message();
  c.wait();
  ASSERT_EQ(c.state(), ExportController::State::Done) << c.message();
  EXPECT_EQ(pdf_pages(dir / "dossier_departement.pdf"), static_cast<int>(env().ws->departements.size()));
  const std::string text = pdf_text(dir / "dossier_departement.pdf");
  EXPECT_NE(text.find("Essai non enregistré"), std::string::npos);
  // A stored scenario when chosen in the list.
  ps.use_edited = false;
  EXPECT_FALSE(app::export_request(s, ps, sp, &edited).edited.has_value());
}
