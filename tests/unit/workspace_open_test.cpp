// Opening a workspace (issue 15): a damaged or implausible workspace is refused with
// Error(Workspace) in French saying what to do, instead of hanging (a far vertex sizing the
// spatial grids), tripping UBSan (an empty communes table) or exiting 70 with English text.
// The bad workspaces are copies of the real one, altered with ogrinfo's SQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <new>
#include <stdexcept>

#include "core/error.h"
#include "io/workspace.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::test;

namespace {
// A copy of the real workspace with `sql` applied (GDAL's SQLite dialect, spatial functions).
std::string altered(const std::string& tag, const std::string& sql) {
  const std::string path = real_workspace_copy(tag);
  const RunResult r = run("ogrinfo -q '" + path + "' -sql \"" + sql + "\"");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

// The Error(Workspace) load_workspace throws, its formatted text ("" when it loads).
std::string open_error(const std::string& path) {
  try {
    io::load_workspace(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Workspace) << e.format();
    return e.format();
  }
  return "";
}
}  // namespace

TEST(WorkspaceOpen, TheRealWorkspaceIsPlausible) { EXPECT_EQ(open_error(real_workspace()), ""); }

TEST(WorkspaceOpen, AFarVertexIsRefusedAndGapsFinishes) {
  // Abbécourt (02001) given an outline with one vertex at x = 1e15: gaps hung (grids sized
  // by the extent), so did view and render.
  const std::string ws = altered("far", "UPDATE communes SET geom = ST_GeomFromText('MULTIPOLYGON(((712000 6946000,1e15 6946000,712000 6950000,712000 6946000)))', 2154) WHERE code = '02001'");
  const std::string e = open_error(ws);
  EXPECT_NE(e.find("commune 02001 « Abbécourt »"), std::string::npos) << e;
  EXPECT_NE(e.find("hors du domaine du Lambert-93"), std::string::npos) << e;
  EXPECT_NE(e.find("maraude import"), std::string::npos) << e;
  // The command that hung: it now refuses (exit 5; the timeout would turn a hang into 124).
  const RunResult r = run("timeout 60 '" + maraude_binary() + "' gaps '" + ws + "' --out '" +
                          (fs::path(ws).parent_path() / "gaps.csv").string() + "'");
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("espace de travail invalide"), std::string::npos) << r.err;
}

TEST(WorkspaceOpen, ACommuneOutsideTheRegionIsRefused) {
  const std::string ws = altered("outside", "UPDATE communes SET geom = ST_Translate(geom, 0, -300000, 0) WHERE code = '02001'");
  const std::string e = open_error(ws);
  EXPECT_NE(e.find("à plus de 50 km de l'enveloppe de la région"), std::string::npos) << e;
}

TEST(WorkspaceOpen, AnEmptyCommunesTableIsRefused) {
  const std::string ws = altered("empty", "DELETE FROM communes");
  const std::string e = open_error(ws);
  EXPECT_NE(e.find("la table des communes est vide"), std::string::npos) << e;
  const RunResult r = run_maraude("info '" + ws + "'");
  EXPECT_EQ(r.exit_code, 5) << r.out;
  EXPECT_NE(r.err.find("la table des communes est vide"), std::string::npos) << r.err;
}

TEST(WorkspaceOpen, DuplicateCommuneCodesAreRefused) {
  const std::string e = open_error(altered("dup", "UPDATE communes SET code = '02001' WHERE code = '02002'"));
  EXPECT_NE(e.find("code de commune en double : commune 02001"), std::string::npos) << e;
}

TEST(WorkspaceOpen, NegativePopulationIsRefused) {
  const std::string e = open_error(altered("negpop", "UPDATE communes SET population = -518 WHERE code = '02001'"));
  EXPECT_NE(e.find("population négative (-518)"), std::string::npos) << e;
}

TEST(WorkspaceOpen, DensityLevelOutsideTheGridIsRefused) {
  const std::string e = open_error(altered("density", "UPDATE communes SET density_level = 2000000000 WHERE code = '02001'"));
  EXPECT_NE(e.find("niveau de densité 2000000000 hors de la grille"), std::string::npos) << e;
}

// What a damaged file can make the readers throw becomes Error(Workspace), in French, with
// what to do — instead of exit 70 and "cannot create std::vector larger than max_size()".
TEST(WorkspaceOpen, StandardExceptionsBecomeWorkspaceErrors) {
  auto as_error = [](auto thrown) {
    try {
      try {
        throw thrown;
      } catch (...) {
        io::rethrow_as_workspace_error("abime.gpkg");
      }
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Workspace);
      return e.format();
    }
    return std::string("(rien)");
  };
  const std::string len = as_error(std::length_error("cannot create std::vector larger than max_size()"));
  EXPECT_NE(len.find("espace de travail corrompu : une table annonce une taille impossible"), std::string::npos) << len;
  EXPECT_NE(len.find("abime.gpkg"), std::string::npos) << len;
  EXPECT_NE(len.find("maraude import --data DOSSIER --out abime.gpkg"), std::string::npos) << len;
  EXPECT_EQ(len.find("max_size"), std::string::npos) << len;
  EXPECT_NE(as_error(std::bad_alloc()).find("la mémoire manque"), std::string::npos);
  EXPECT_NE(as_error(std::runtime_error("x")).find("espace de travail illisible"), std::string::npos);
}
