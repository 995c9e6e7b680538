// Stories (core/story.h): text format, editing, workspace round-trip, starter story,
// and the notes shown instead of failing when a view names something that is gone.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "core/story.h"
#include "io/pdf_atlas.h"
#include "io/workspace.h"
#include "test_support.h"

using namespace maraude;
namespace fs = std::filesystem;

namespace {

Story sample() {
  Story s;
  s.name = "Tournée des élus — Thiérache";
  s.description = "Deux vues\tavec tabulation et \\ barre";
  StoryView a;
  a.title = "Vue d'ensemble";
  a.extent = "region";
  a.layers = {"zones", "basins", "qpv"};
  a.opacity = {{"zones", 0.5}};
  a.scenario = "services publics existants";
  a.highlights = {"zone:3220", "qpv:QN05912M"};
  a.notes = "Première ligne\nDeuxième ligne « é à ç œ »";
  StoryView b;
  b.title = "Zoom";
  b.extent = "bbox:700000,6950000,760000,7000000";
  b.layers = {"communes"};
  s.views = {a, b};
  return s;
}

const Workspace& real_ws() {
  static Workspace ws = io::load_workspace(test::real_workspace());
  return ws;
}

}  // namespace

TEST(StoryText, RoundTripKeepsEveryField) {
  const Story s = sample();
  const std::string t = story_to_text(s);
  EXPECT_EQ(t.rfind("# maraude-story 1\n", 0), 0u);
  EXPECT_EQ(story_from_text(t, "test"), s);
}

TEST(StoryText, RejectsBadDocuments) {
  EXPECT_THROW(story_from_text("nom\tx\n", "t"), Error);                                 // no header
  EXPECT_THROW(story_from_text("# maraude-story 9\nnom\tx\n", "t"), Error);              // future version
  EXPECT_THROW(story_from_text("# maraude-story 1\netendue\tregion\n", "t"), Error);     // before any view
  EXPECT_THROW(story_from_text("# maraude-story 1\nvue\tA\ncouleur\trouge\n", "t"), Error);  // unknown key
  EXPECT_THROW(story_from_text("# maraude-story 1\nvue\tA\nopacite\tzones\t2\n", "t"), Error);
  try {
    story_from_text("# maraude-story 1\nvue\tA\ncouleur\trouge\n", "récit X");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.where().find("ligne 3"), std::string::npos) << e.where();
  }
}

// Found by tests/fuzz/fuzz_story: a carriage return inside a value was read, then dropped
// by the writer (the story changed through a save); Latin-1 bytes and NUL bytes were taken.
TEST(StoryText, FuzzFindingsCarriageReturnEncodingAndNul) {
  const Story s = story_from_text("# maraude-story 1\nnom\tR\xc3\xa9" "cit\rA\nvue\tV\rue\r\nnote\tun\rdeux\n", "t");
  EXPECT_EQ(s.name, "R\xc3\xa9" "citA");
  ASSERT_EQ(s.views.size(), 1u);
  EXPECT_EQ(s.views[0].title, "Vue");
  EXPECT_EQ(story_from_text(story_to_text(s), "t"), s);
  try {
    story_from_text("# maraude-story 1\nnom\tR\xe9" "cit\n", "latin1.story");
    FAIL() << "Latin-1 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_NE(e.what_text().find("UTF-8"), std::string::npos) << e.format();
    EXPECT_NE(e.where().find("latin1.story, ligne 2"), std::string::npos) << e.format();
  }
  try {
    story_from_text(std::string("# maraude-story 1\nnom\tA\0B\n", 26), "nul.story");
    FAIL() << "NUL accepted";
  } catch (const Error& e) {
    EXPECT_NE(e.what_text().find("caractère nul"), std::string::npos) << e.format();
    EXPECT_NE(e.where().find("ligne 2"), std::string::npos) << e.format();
  }
}

TEST(StoryEdit, ReorderDuplicateDelete) {
  Story s = sample();
  duplicate_view(s, 0);
  ASSERT_EQ(s.views.size(), 3u);
  EXPECT_EQ(s.views[1].title, "Vue d'ensemble (copie)");
  move_view(s, 2, 0);
  EXPECT_EQ(s.views[0].title, "Zoom");
  remove_view(s, 1);
  EXPECT_EQ(s.views[1].title, "Vue d'ensemble (copie)");
  EXPECT_THROW(remove_view(s, 5), Error);
  EXPECT_THROW(move_view(s, 0, 9), Error);
}

TEST(StoryWorkspace, RoundTripThroughDocumentsTable) {
  const fs::path dir = test::temp_dir("story");
  const fs::path ws = dir / "ws.gpkg";
  fs::copy_file(test::real_workspace(), ws);
  const Story s = sample();
  io::put_document(ws.string(), io::Document{kStoryKind, s.name, story_to_text(s), ""});
  auto d = io::get_document(ws.string(), kStoryKind, s.name);
  ASSERT_TRUE(d);
  EXPECT_EQ(story_from_text(d->body, "ws"), s);
  const auto all = io::list_documents(ws.string(), kStoryKind);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, s.name);
  // Survives a re-save of the workspace (documents are carried over).
  io::save_workspace(real_ws(), ws.string());
  d = io::get_document(ws.string(), kStoryKind, s.name);
  ASSERT_TRUE(d);
  EXPECT_EQ(story_from_text(d->body, "ws"), s);
  EXPECT_TRUE(io::delete_document(ws.string(), kStoryKind, s.name));
  EXPECT_TRUE(io::list_documents(ws.string(), kStoryKind).empty());
}

TEST(StoryStarter, OverviewBasinsCitiesAndGaps) {
  const Workspace& ws = real_ws();
  StarterOptions opt;
  opt.scenario = "services publics existants";
  opt.gaps = {{"commune:02001", "Abbécourt", 12.5, 8.2}};
  opt.largest_cities = 3;
  const Story s = starter_story(ws, opt);
  const auto zones = high_unemployment_zones(ws);
  ASSERT_FALSE(zones.empty());
  for (const auto* z : zones) EXPECT_GT(z->rate_latest, ws.rural_rule.threshold_rate);
  for (size_t i = 1; i < zones.size(); ++i) EXPECT_GE(zones[i - 1]->rate_latest, zones[i]->rate_latest);
  // overview + one view per high-unemployment zone + 3 cities + gaps
  ASSERT_EQ(s.views.size(), 1 + zones.size() + 3 + 1);
  EXPECT_EQ(s.views[0].extent, "region");
  for (size_t i = 0; i < zones.size(); ++i) {
    EXPECT_EQ(s.views[1 + i].extent, "zone:" + zones[i]->code);
    EXPECT_NE(s.views[1 + i].title.find(zones[i]->name), std::string::npos);
  }
  // The cities are the most populous communes holding a QPV, largest first.
  const auto& c0 = s.views[1 + zones.size()];
  EXPECT_EQ(c0.extent.rfind("commune:", 0), 0u);
  ASSERT_FALSE(c0.highlights.empty());
  EXPECT_EQ(c0.highlights[0].rfind("qpv:", 0), 0u);
  const auto& last = s.views.back();
  EXPECT_EQ(last.scenario, "services publics existants");
  EXPECT_EQ(last.highlights, std::vector<std::string>{"commune:02001"});
  EXPECT_NE(last.notes.find("Abbécourt"), std::string::npos);
  // Every view of the starter story is valid for its workspace.
  for (const auto& v : s.views) EXPECT_TRUE(view_problems(v, ws, [](const std::string&) { return true; }).empty()) << v.title;
  // And it survives the text format.
  EXPECT_EQ(story_from_text(story_to_text(s), "starter"), s);
}

TEST(StoryProblems, MissingLayerScenarioAndFeatureBecomeNotes) {
  const Workspace& ws = real_ws();
  StoryView v;
  v.title = "Ancienne vue";
  v.layers = {"zones", "routes_2019"};
  v.scenario = "scénario supprimé";
  v.highlights = {"qpv:QN99999X"};
  v.extent = "zone:9999";
  const auto p = view_problems(v, ws, [](const std::string& n) { return n == "services publics existants"; });
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NE(p[0].find("routes_2019"), std::string::npos);
  EXPECT_NE(p[1].find("scénario supprimé"), std::string::npos);
  EXPECT_NE(p[2].find("QN99999X"), std::string::npos);
  EXPECT_NE(p[3].find("zone:9999"), std::string::npos);
  EXPECT_TRUE(resolve_extent(ws, "zone:9999").empty());
  EXPECT_THROW(resolve_extent(ws, "nulle part"), Error);
  EXPECT_FALSE(resolve_extent(ws, "region").empty());
}

TEST(PdfAtlas, UnwritablePathIsAnOutputErrorAndAbandonedFilesAreRemoved) {
  const fs::path dir = test::temp_dir("atlas");
  try {
    io::check_output_writable((dir / "no" / "such" / "x.pdf").string());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(e.what_text().find("n'existe pas"), std::string::npos) << e.what_text();
  }
  EXPECT_THROW(io::check_output_writable(dir.string()), Error);  // a folder, not a file
  const fs::path out = dir / "atlas.pdf";
  {
    io::PdfAtlas atlas(out.string(), real_ws(), "test");
    io::AtlasPage p;
    p.title = "Une page";
    p.layers = default_story_layers();
    atlas.add_page(p);
    EXPECT_EQ(atlas.pages(), 1);
    // not finished: dropped
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::is_empty(dir));
  {
    io::PdfAtlas atlas(out.string(), real_ws(), "test");
    io::AtlasPage p;
    p.title = "Vue « é à ç œ »";
    p.extent = resolve_extent(real_ws(), "departement:80");
    p.layers = default_story_layers();
    p.figures = {{"Habitants", "1 234"}};
    p.warnings = {"La couche « x » n'existe plus."};
    atlas.add_page(p);
    atlas.add_page(p);
    atlas.finish();
  }
  ASSERT_TRUE(fs::exists(out));
  const std::string head = test::read_file(out).substr(0, 5);
  EXPECT_EQ(head, "%PDF-");
}
