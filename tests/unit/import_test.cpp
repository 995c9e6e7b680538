// Import of the real data (../shared/data/geo) and every bad-input case of the
// foundation issue: each must fail with a message naming the file (and layer,
// feature, field or line), a non-zero exit code, and leave the previous workspace
// byte-for-byte unchanged.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "core/projection.h"
#include "core/text.h"
#include "io/csv.h"
#include "io/workspace.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::test;

namespace {

const Workspace& real() {
  static Workspace ws = io::load_workspace(real_workspace());
  return ws;
}

// A data folder whose files are links to the real ones, so one file can be replaced.
fs::path linked_data_copy(const std::string& tag) {
  const fs::path dst = temp_dir(tag);
  for (const auto& e : fs::recursive_directory_iterator(data_dir())) {
    const fs::path rel = fs::relative(e.path(), data_dir());
    if (e.is_directory()) fs::create_directories(dst / rel);
    else fs::create_symlink(fs::absolute(e.path()), dst / rel);
  }
  return dst;
}

void replace_file(const fs::path& data, const std::string& rel, const std::string& content) {
  fs::remove(data / rel);
  write_file(data / rel, content);
}

struct BadCase {
  RunResult r;
  bool unchanged;
};

// Imports a good workspace, breaks the data with `mutate`, re-imports onto the same path.
BadCase import_after(const std::string& tag, const std::function<void(const fs::path&)>& mutate, const std::string& extra = "") {
  const fs::path data = linked_data_copy(tag);
  const fs::path out = temp_dir(tag + "-out") / "ws.gpkg";
  fs::copy_file(real_workspace(), out);
  const std::string before = read_file(out);
  mutate(data);
  BadCase b;
  b.r = run_maraude("import --data '" + data.string() + "' --out '" + out.string() + "' " + extra);
  b.unchanged = read_file(out) == before;
  // No temporary file left behind.
  for (const auto& e : fs::directory_iterator(out.parent_path()))
    EXPECT_EQ(e.path().filename(), "ws.gpkg") << "left over: " << e.path();
  return b;
}


std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

}  // namespace

TEST(ImportReal, CountsMatchTheSources) {
  const Workspace& ws = real();
  EXPECT_EQ(ws.communes.size(), 3782u);
  EXPECT_EQ(ws.zones.size(), 24u);
  EXPECT_EQ(ws.qpvs.size(), 204u);
  EXPECT_EQ(ws.departements.size(), 5u);
  size_t fs_fixed = 0, fs_bus = 0, ft = 0, ml = 0;
  for (const auto& s : ws.services) {
    if (s.kind == ServiceKind::FranceServices) ++fs_fixed;
    if (s.kind == ServiceKind::FranceServicesBus) ++fs_bus;
    if (s.kind == ServiceKind::FranceTravail) ++ft;
    if (s.kind == ServiceKind::MissionLocale) ++ml;
  }
  EXPECT_EQ(fs_fixed + fs_bus, 205u);
  // format_fs: Bus_équivalent 18 + Itinérante 1 (SOURCES.md).
  EXPECT_EQ(fs_bus, 19u);
  EXPECT_EQ(ft, 90u);
  EXPECT_EQ(ml, 43u);
  EXPECT_EQ(ws.laureates.size(), 18u);
}

TEST(ImportReal, PopulationEqualsSourceSum) {
  io::CsvTable t = io::CsvTable::read(data_dir() + "/insee/communes_cog2026_hdf_attributs.csv");
  const size_t cpop = t.require("population");
  long long src = 0;
  for (const auto& r : t.rows()) src += *parse_integer(t.get(r, cpop));
  long long ws_sum = 0;
  for (const auto& c : real().communes) ws_sum += c.population;
  EXPECT_EQ(ws_sum, src);
  EXPECT_EQ(src, 5992194);  // SOURCES.md
}

TEST(ImportReal, RuralBasinsMatchAnIndependentComputation) {
  // Recomputed here from the CSVs only: density labels, commune→zone, zone rates,
  // regional rate weighted by the population of the region's communes.
  io::CsvTable dens = io::CsvTable::read(data_dir() + "/insee/grille_densite_7niveaux_communes_hdf.csv");
  io::CsvTable attr = io::CsvTable::read(data_dir() + "/insee/communes_cog2026_hdf_attributs.csv");
  io::CsvTable rates = io::CsvTable::read(data_dir() + "/insee/chomage_localise_ze2020_2003T1-2023T3_france.csv");
  std::map<std::string, std::string> label;
  for (const auto& r : dens.rows()) label[dens.get(r, 0)] = dens.get(r, 2);
  std::map<std::string, double> rate;
  const size_t cq = rates.require("2023-T3");
  for (const auto& r : rates.rows()) rate[rates.get(r, 0)] = *parse_number(rates.get(r, cq));
  double num = 0, den = 0;
  const size_t ccode = attr.require("code"), cze = attr.require("ZE2020"), cpop = attr.require("population");
  for (const auto& r : attr.rows()) {
    const double p = *parse_number(attr.get(r, cpop));
    num += p * rate.at(attr.get(r, cze));
    den += p;
  }
  const double regional = num / den;
  const std::set<std::string> rural_labels = {"Bourgs ruraux", "Rural à habitat dispersé", "Rural à habitat très dispersé"};
  std::set<std::string> expected;
  for (const auto& r : attr.rows()) {
    const std::string code = attr.get(r, ccode);
    if (rural_labels.count(label[code]) && rate.at(attr.get(r, cze)) > regional) expected.insert(code);
  }
  std::set<std::string> got;
  for (const auto& c : real().communes)
    if (c.in_rural_basin) got.insert(c.code);
  EXPECT_EQ(got, expected);
  EXPECT_NEAR(real().rural_rule.regional_rate, regional, 0.01);
  EXPECT_GT(expected.size(), 100u);
}

TEST(ImportReal, EveryLaureateResolvesToCommunes) {
  for (const auto& l : real().laureates) {
    EXPECT_GE(l.communes.size(), 1u) << l.id;
    for (const auto& c : l.communes) EXPECT_NE(real().commune(c), nullptr) << l.id << " " << c;
    EXPECT_FALSE(l.resolution.empty()) << l.id;
  }
}

TEST(ImportReal, YouthEstimateFollowsDepartmentStructure) {
  // Nord 2021: 512 413 aged 15-29 (SOURCES.md); the commune estimates of 59 must sum to
  // the department's share applied to the communes' population (same order of magnitude).
  double nord = 0;
  for (const auto& c : real().communes)
    if (c.departement == "59") nord += c.pop_15_29;
  EXPECT_NEAR(nord, 512413, 512413 * 0.03);
}

TEST(ImportReal, ReprojectionMatchesGdaltransform) {
  // First vertex of commune 02001 in the source file, transformed by GDAL's own tool.
  const std::string src = read_file(data_dir() + "/admin/communes_hdf_cog2026.geojson");
  const size_t at = src.find("\"code\": \"02001\"");
  ASSERT_NE(at, std::string::npos);
  const size_t c = src.find("[ [ [ ", at);
  std::istringstream in(src.substr(c + 6, 40));
  double lon, lat;
  char comma;
  in >> lon >> comma >> lat;
  auto r = run("echo '" + std::to_string(lon) + " " + std::to_string(lat) + "' | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:2154");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream out(r.out);
  double ex, ey;
  out >> ex >> ey;
  const Commune* com = real().commune("02001");
  ASSERT_NE(com, nullptr);
  double best = 1e18;
  for (const auto& p : com->geom.polys)
    for (const auto& ring : p.rings)
      for (auto v : ring) best = std::min(best, dist(v, {ex, ey}));
  EXPECT_LT(best, 0.01) << "expected " << ex << " " << ey;
  const Vec2 ours = lonlat_to_l93(lon, lat);
  EXPECT_NEAR(ours.x, ex, 0.01);
  EXPECT_NEAR(ours.y, ey, 0.01);
}

TEST(ImportReal, ReimportGivesTheSameWorkspace) {
  const fs::path out = temp_dir("again") / "ws.gpkg";
  auto r = run_maraude("import --data '" + data_dir() + "' --out '" + out.string() + "' --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(read_file(out) == read_file(real_workspace()));
  auto again = run_maraude("import --data '" + data_dir() + "' --out '" + out.string() + "' --if-stale");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("à jour"), std::string::npos) << again.out;
}

TEST(ImportReal, InfoPrintsThePlannersFigures) {
  auto r = run_maraude("info '" + real_workspace() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* s : {"communes", "3782", "5 992 194", "QPV par département", "59 Nord", "Bassins ruraux", "Chômage localisé",
                        "Maubeuge", "tour_emploi", "Lauréats (18)"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
}

TEST(ImportReal, DocumentsSurviveAReimport) {
  const fs::path out = temp_dir("docs") / "ws.gpkg";
  fs::copy_file(real_workspace(), out);
  io::put_document(out.string(), {"scenario", "test «é»", "body'with quote", ""});
  auto r = run_maraude("import --data '" + data_dir() + "' --out '" + out.string() + "' --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto d = io::get_document(out.string(), "scenario", "test «é»");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->body, "body'with quote");
  EXPECT_TRUE(io::delete_document(out.string(), "scenario", "test «é»"));
  EXPECT_FALSE(io::get_document(out.string(), "scenario", "test «é»").has_value());
}

// ---------------------------------------------------------------------------------
// Bad input

TEST(ImportBad, MissingFilePrintsTheOfficialUrl) {
  auto b = import_after("missing", [](const fs::path& d) { fs::remove(d / "zones_emploi/zones_emploi_2020_hdf.geojson"); });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("zones_emploi_2020_hdf.geojson"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("https://www.insee.fr/fr/information/4652957"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, TruncatedGeoJson) {
  auto b = import_after("trunc", [](const fs::path& d) {
    const std::string full = read_file(data_dir() + "/admin/departements_hdf.geojson");
    replace_file(d, "admin/departements_hdf.geojson", full.substr(0, full.size() / 2));
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("departements_hdf.geojson"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("tronqué"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, CsvWithSemicolons) {
  auto b = import_after("semicolon", [](const fs::path& d) {
    replace_file(d, "insee/grille_densite_7niveaux_communes_hdf.csv",
                 replace_all(read_file(data_dir() + "/insee/grille_densite_7niveaux_communes_hdf.csv"), ",", ";"));
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("grille_densite_7niveaux_communes_hdf.csv:1"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("« ; »"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, CsvInLatin1) {
  auto b = import_after("latin1", [](const fs::path& d) {
    // "Abbécourt" in Latin-1: é = 0xE9.
    std::string s = read_file(data_dir() + "/insee/grille_densite_7niveaux_communes_hdf.csv");
    s = replace_all(s, "Abbécourt", std::string("Abb\xE9") + "court");
    replace_file(d, "insee/grille_densite_7niveaux_communes_hdf.csv", s);
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("pas encodé en UTF-8"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("ligne 2"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("iconv"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, MissingRequiredField) {
  auto b = import_after("field", [](const fs::path& d) {
    replace_file(d, "admin/communes_hdf_cog2026.geojson",
                 replace_all(read_file(data_dir() + "/admin/communes_hdf_cog2026.geojson"), "\"population\":", "\"pop\":"));
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("communes_hdf_cog2026.geojson, couche"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("« population »"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, WrongGeometryType) {
  auto b = import_after("geomtype", [](const fs::path& d) {
    // The zones layer replaced by a point layer.
    fs::remove(d / "zones_emploi/zones_emploi_2020_hdf.geojson");
    fs::copy_file(data_dir() + "/services/missions_locales_structures_hdf_2023.geojson", d / "zones_emploi/zones_emploi_2020_hdf.geojson");
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("type de géométrie inattendu"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("zones_emploi_2020_hdf.geojson"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, UnknownCrs) {
  auto b = import_after("crs", [](const fs::path& d) {
    std::string s = read_file(data_dir() + "/admin/departements_hdf.geojson");
      const size_t p = s.find("\"features\"");
    s.insert(p, "\"crs\": { \"type\": \"name\", \"properties\": { \"name\": \"urn:ogc:def:crs:EPSG::999999\" } },\n");
    replace_file(d, "admin/departements_hdf.geojson", s);
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("departements_hdf.geojson"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("CRS"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, MissingCrsForShapefileWithoutPrj) {
  // A shapefile with no .prj and a manifest section without crs = ... → error naming the layer.
  const fs::path data = linked_data_copy("noprj");
  fs::remove(data / "admin/departements_hdf.geojson");
  auto conv = run("ogr2ogr -f 'ESRI Shapefile' '" + (data / "admin/dep.shp").string() + "' '" + data_dir() +
                  "/admin/departements_hdf.geojson' -t_srs EPSG:2154 && rm '" + (data / "admin/dep.prj").string() + "'");
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  std::string manifest = read_file(source_dir() + "/data/geo/manifest.ini");
  const size_t sec = manifest.find("[departements]");
  const size_t end = manifest.find("[communes]");
  manifest.replace(sec, end - sec, "[departements]\nfile = admin/dep.shp\nfield.code = code\nfield.name = nom\n\n");
  const fs::path mdir = temp_dir("noprj-manifest");
  write_file(mdir / "manifest.ini", manifest);
  fs::copy_file(source_dir() + "/data/geo/laureates.csv", mdir / "laureates.csv");
  const fs::path out = temp_dir("noprj-out") / "ws.gpkg";
  auto r = run_maraude("import --data '" + data.string() + "' --manifest '" + (mdir / "manifest.ini").string() + "' --out '" + out.string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("n’a pas de CRS"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dep.shp"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(ImportBad, ProjectedCoordinatesDeclaredAsDegrees) {
  auto b = import_after("degrees", [](const fs::path& d) {
    auto r = run("ogr2ogr -f GeoJSON -lco RFC7946=NO '" + (d / "admin/dep_l93.geojson").string() + "' '" + data_dir() +
                 "/admin/departements_hdf.geojson' -t_srs EPSG:2154");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Strip the crs member: GeoJSON then defaults to WGS 84, which these metres cannot be.
    std::string s = read_file(d / "admin/dep_l93.geojson");
    const size_t a = s.find("\"crs\"");
    const size_t b2 = s.find("\"features\"");
    s.erase(a, b2 - a);
    replace_file(d, "admin/departements_hdf.geojson", s);
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("hors limites pour un CRS géographique"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, EmptyLayer) {
  auto b = import_after("empty", [](const fs::path& d) {
    replace_file(d, "admin/departements_hdf.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}");
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("vide"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("departements_hdf.geojson"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, DuplicateCodes) {
  auto b = import_after("dup", [](const fs::path& d) {
    replace_file(d, "admin/communes_hdf_cog2026.geojson",
                 replace_all(read_file(data_dir() + "/admin/communes_hdf_cog2026.geojson"), "\"code\": \"02002\"", "\"code\": \"02001\""));
  });
  EXPECT_NE(b.r.exit_code, 0);
  EXPECT_NE(b.r.err.find("code commune en double : 02001"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("entité"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, SelfIntersectingPolygonIsRepairedAndReported) {
  const fs::path data = linked_data_copy("bowtie");
  // Department 02's outline replaced by a bow-tie (self-intersecting) ring.
  // Department 02 keeps its attributes; its geometry becomes a bow-tie (ogr2ogr SQL, not hand-edited JSON).
  fs::remove(data / "admin/departements_hdf.geojson");
  auto conv = run("ogr2ogr -f GeoJSON '" + (data / "admin/departements_hdf.geojson").string() + "' '" + data_dir() +
                  "/admin/departements_hdf.geojson' -dialect SQLite -sql \"SELECT code, nom, CASE WHEN code = '02' THEN "
                  "ST_GeomFromText('POLYGON((3 49, 4 50, 4 49, 3 50, 3 49))', 4326) ELSE geometry END AS geometry FROM departements_hdf\"");
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  const fs::path out = temp_dir("bowtie-out") / "ws.gpkg";
  auto r = run_maraude("import --data '" + data.string() + "' --out '" + out.string() + "' --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("polygone invalide"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("réparé"), std::string::npos) << r.err;
  Workspace ws = io::load_workspace(out.string());
  bool found = false;
  for (const auto& d : ws.departements)
    if (d.code == "02") {
      found = true;
      EXPECT_GE(d.geom.polys.size(), 2u);  // the bow-tie becomes two triangles, not dropped
      EXPECT_GT(area(d.geom), 1e9);
    }
  EXPECT_TRUE(found);
}

TEST(ImportBad, CodesThatJoinNothingAreCountedAndListed) {
  const fs::path data = linked_data_copy("unjoined");
  std::string s = read_file(data_dir() + "/qpv/qpv2024_communes_hdf.csv");
  s += "QN09999X,Quartier fantôme,99999,Nulle part,Nulle part\n";
  s += "QN09998X,Autre fantôme,99998,Nulle part,Nulle part\n";
  replace_file(data, "qpv/qpv2024_communes_hdf.csv", s);
  const fs::path out = temp_dir("unjoined-out") / "ws.gpkg";
  auto r = run_maraude("import --data '" + data.string() + "' --out '" + out.string() + "' --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2 code(s) commune de QPV ne correspondant à aucune commune"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("QN09999X→99999"), std::string::npos) << r.err;
}

TEST(ImportBad, CorruptWorkspaceIsReportedNotCrashed) {
  const fs::path p = temp_dir("corrupt") / "ws.gpkg";
  write_file(p, "this is not a geopackage");
  auto r = run_maraude("info '" + p.string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("ws.gpkg"), std::string::npos) << r.err;
  auto r2 = run_maraude("info '" + (p.parent_path() / "absent.gpkg").string() + "'");
  EXPECT_NE(r2.exit_code, 0);
  EXPECT_NE(r2.err.find("maraude import"), std::string::npos) << r2.err;
}

TEST(ImportBad, UnknownOptionAndMissingOut) {
  auto r = run_maraude("import --data '" + data_dir() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--out"), std::string::npos);
  auto r2 = run_maraude("import --bogus 1 --out x.gpkg");
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_NE(r2.err.find("--bogus"), std::string::npos);
}

TEST(ImportOtherRegion, QpvPerimetersTakeThePolygonPath) {
  // Nothing about Hauts-de-France is hard-coded: a manifest whose QPV come from another
  // region's perimeter file (Occitanie 2015, real polygons) imports through the same code.
  std::string manifest = read_file(source_dir() + "/data/geo/manifest.ini");
  const size_t sec = manifest.find("[qpv_list]");
  const size_t end = manifest.find("[services.france_services]");
  ASSERT_NE(sec, std::string::npos);
  manifest.replace(sec, end - sec,
                   "[qpv_perimeters]\nfile = qpv/occitanie_2015/qpv2015_occitanie_hackaviz2021.geojson\ncrs = EPSG:4326\n"
                   "field.code = code_qp\nfield.name = nom_qp\nfield.commune = code_commune\n\n");
  const fs::path mdir = temp_dir("occitanie-manifest");
  write_file(mdir / "manifest.ini", manifest);
  fs::copy_file(source_dir() + "/data/geo/laureates.csv", mdir / "laureates.csv");
  const fs::path out = temp_dir("occitanie-out") / "ws.gpkg";
  auto r = run_maraude("import --data '" + data_dir() + "' --manifest '" + (mdir / "manifest.ini").string() + "' --out '" +
                       out.string() + "' --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Occitanie communes are not in this workspace: counted and listed, not fatal.
  EXPECT_NE(r.err.find("code(s) commune de QPV ne correspondant à aucune commune"), std::string::npos) << r.err;
  Workspace ws = io::load_workspace(out.string());
  ASSERT_EQ(ws.qpvs.size(), 105u);
  double total = 0;
  for (const auto& q : ws.qpvs) {
    EXPECT_TRUE(q.has_perimeter) << q.code;
    EXPECT_EQ(q.code.substr(0, 2), "QP");
    total += area(q.perimeter);
    // Lambert-93 metres: Occitanie lies south of y = 6 400 000.
    EXPECT_LT(bbox(q.perimeter).maxy, 6.45e6) << q.code;
  }
  EXPECT_GT(total, 1e7);  // 105 neighbourhoods: tens of km²
  auto info = run_maraude("info '" + out.string() + "'");
  EXPECT_NE(info.out.find("Périmètres chargés pour 105 QPV sur 105"), std::string::npos) << info.out;
}

// --- Silently wrong inputs (issue 15): each refused, naming the file and what is wrong ---

namespace {
const char* kCommunes = "admin/communes_hdf_cog2026.geojson";
std::string communes_text() { return read_file(data_dir() + "/" + kCommunes); }

// Imports with a private manifest whose laureate catalogue is `laureates` (the real one
// otherwise): the catalogue's path is relative to the manifest.
RunResult import_with_laureates(const std::string& tag, const std::string& laureates) {
  const fs::path mdir = temp_dir(tag + "-manifest");
  write_file(mdir / "manifest.ini", read_file(source_dir() + "/data/geo/manifest.ini"));
  write_file(mdir / "laureates.csv", laureates);
  const fs::path out = temp_dir(tag + "-out") / "ws.gpkg";
  RunResult r = run_maraude("import --data '" + data_dir() + "' --manifest '" + (mdir / "manifest.ini").string() + "' --out '" +
                            out.string() + "'");
  EXPECT_FALSE(fs::exists(out)) << "a refused import wrote " << out;
  return r;
}
}  // namespace

TEST(ImportBad, CommuneVertexInTheSouthernOcean) {
  // One vertex of Abbécourt (02001) moved to lon 170, lat -80: the import accepted it, and
  // gaps / render / view then hung on grids sized by the extent.
  auto b = import_after("far", [](const fs::path& d) {
    const std::string s = communes_text();
    ASSERT_NE(s.find("[ 3.16952, 49.61456 ]"), std::string::npos);
    replace_file(d, kCommunes, replace_all(s, "[ 3.16952, 49.61456 ]", "[ 170.0, -80.0 ]"));
  });
  EXPECT_EQ(b.r.exit_code, 4) << b.r.err;
  EXPECT_NE(b.r.err.find("coordonnées invraisemblables"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("communes_hdf_cog2026.geojson, couche communes_hdf_cog2026, entité 0"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, CommuneFarOutsideTheRegion) {
  // Inside France (a valid Lambert-93 position) but 2° south of the region: beyond its
  // envelope plus the 50 km margin.
  auto b = import_after("outside", [](const fs::path& d) {
    replace_file(d, kCommunes, replace_all(communes_text(), "[ 3.16952, 49.61456 ]", "[ 3.16952, 47.61456 ]"));
  });
  EXPECT_EQ(b.r.exit_code, 4) << b.r.err;
  EXPECT_NE(b.r.err.find("commune 02001 « Abbécourt »"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("à plus de 50 km de l'enveloppe de la région"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, DegreesInALayerDeclaredLambert93) {
  // The communes file (degrees) given a crs member naming EPSG:2154: it imported with
  // communes at x 1-4 m.
  auto b = import_after("deg2154", [](const fs::path& d) {
    std::string s = communes_text();
    const size_t at = s.find("\"features\"");
    ASSERT_NE(at, std::string::npos);
    s.insert(at, "\"crs\": { \"type\": \"name\", \"properties\": { \"name\": \"urn:ogc:def:crs:EPSG::2154\" } },\n");
    replace_file(d, kCommunes, s);
  });
  EXPECT_EQ(b.r.exit_code, 4) << b.r.err;
  EXPECT_NE(b.r.err.find("coordonnées en degrés"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("Lambert-93"), std::string::npos) << b.r.err;  // the declared CRS, by name
  EXPECT_NE(b.r.err.find("communes_hdf_cog2026.geojson, couche"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, GeoJsonInLatin1) {
  auto b = import_after("geojson-latin1", [](const fs::path& d) {
    replace_file(d, kCommunes, replace_all(communes_text(), "Abbécourt", std::string("Abb\xE9") + "court"));
  });
  EXPECT_EQ(b.r.exit_code, 4) << b.r.err;
  EXPECT_NE(b.r.err.find("UTF-8"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("« nom »"), std::string::npos) << b.r.err;
  EXPECT_NE(b.r.err.find("communes_hdf_cog2026.geojson"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}

TEST(ImportBad, LaureateCatalogueWithOnlyItsHeader) {
  const std::string real = read_file(source_dir() + "/data/geo/laureates.csv");
  auto r = import_with_laureates("laureates-header", real.substr(0, real.find('\n') + 1));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("aucun lauréat"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("laureates.csv"), std::string::npos) << r.err;
}

TEST(ImportBad, UnterminatedQuoteInTheLaureateCatalogue) {
  // Line 2's last quoted field (its resolution) loses its closing quote: the next row was
  // swallowed into it (18 laureates → 17) without a word.
  std::string s = read_file(source_dir() + "/data/geo/laureates.csv");
  const size_t eol = s.find('\n', s.find('\n') + 1);
  ASSERT_EQ(s[eol - 1], '"');
  s.erase(eol - 1, 1);
  auto r = import_with_laureates("laureates-quote", s);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("guillemet ouvert à la ligne 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("laureates.csv:2"), std::string::npos) << r.err;
}

TEST(ImportBad, CsvQuotedLineBreakWithTheRightFieldCountIsKept) {
  const io::CsvTable t = io::CsvTable::parse("a,b\n1,\"deux\nlignes\"\n3,4\n", "t.csv");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.get(t.rows()[0], 1), "deux\nlignes");
}

TEST(ImportBad, NegativeOrTextPopulation) {
  for (const auto& [value, why] : std::vector<std::pair<std::string, std::string>>{
           {"-518", "est invraisemblable (négative)"}, {"\"beaucoup\"", "n’est pas un nombre"}, {"1e12", "plus de 100 millions"}}) {
    auto b = import_after("pop", [&](const fs::path& d) {
      const std::string s = communes_text();
      ASSERT_NE(s.find("\"population\": 518,"), std::string::npos);
      replace_file(d, kCommunes, replace_all(s, "\"population\": 518,", "\"population\": " + value + ","));
    });
    EXPECT_EQ(b.r.exit_code, 4) << value << ": " << b.r.err;
    EXPECT_NE(b.r.err.find(why), std::string::npos) << value << ": " << b.r.err;
    EXPECT_NE(b.r.err.find("commune 02001"), std::string::npos) << b.r.err;
    EXPECT_NE(b.r.err.find("champ population"), std::string::npos) << b.r.err;
    EXPECT_TRUE(b.unchanged);
  }
}

TEST(ImportBad, SpikeInACommuneOutline) {
  // One vertex of Abbécourt moved 65 km north, still inside the region: a spike.
  auto b = import_after("spike", [](const fs::path& d) {
    replace_file(d, kCommunes, replace_all(communes_text(), "[ 3.16952, 49.61456 ]", "[ 3.16952, 50.2 ]"));
  });
  EXPECT_EQ(b.r.exit_code, 4) << b.r.err;
  EXPECT_NE(b.r.err.find("commune 02001 « Abbécourt » : un sommet en pic"), std::string::npos) << b.r.err;
  EXPECT_TRUE(b.unchanged);
}
