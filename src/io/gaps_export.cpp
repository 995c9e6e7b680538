#include "io/gdal_messages.h"
#include "io/gaps_export.h"

#include "core/atomic_file.h"
#include "io/ogr_write.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "io/ogr_convert.h"

namespace fs = std::filesystem;

namespace maraude::io {

using namespace coverage;

namespace {

std::string lower_ext(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

GDALDatasetUniquePtr create(const char* driver, const std::string& path) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
  if (!drv) throw Error(ErrorKind::Io, std::string("pilote GDAL ") + driver + " absent", path, "installez gdal-bin / libgdal");
  std::error_code ec;
  fs::remove(path, ec);
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds)
    throw Error(ErrorKind::Io, std::string("impossible de créer le fichier : ") + gdal_last_error(), path,
                "vérifiez que le dossier existe et est accessible en écriture");
  return ds;
}

double r1(double v) { return std::round(v * 10) / 10; }
double r3(double v) { return std::round(v * 1000) / 1000; }

const std::vector<Col> kGapCols = {
    {"rang", OFTInteger},          {"cible", OFTString},          {"type", OFTString},
    {"code", OFTString},           {"nom", OFTString},            {"communes", OFTString},
    {"population", OFTReal},       {"pop_15_29", OFTReal},        {"neet", OFTReal},
    {"part_couverte", OFTReal},    {"pop_non_couverte", OFTReal}, {"p15_29_non_couverts", OFTReal},
    {"neet_non_couverts", OFTReal}, {"surface_m2", OFTReal},      {"surface_lacune_m2", OFTReal},
    {"point_proche", OFTString},   {"point_proche_nom", OFTString}, {"distance_km", OFTReal},
    {"temps_min", OFTReal},        {"raison", OFTString},         {"signalements", OFTString},
    {"scenario", OFTString},       {"portee", OFTString},
};

void fill_target(OGRFeature& f, const CoverageEngine& e, size_t t, int rank, const std::string& reason) {
  const Target& tg = e.targets()[t];
  const TargetResult& r = e.results()[t];
  if (rank > 0) f.SetField("rang", rank);
  f.SetField("cible", tg.id.c_str());
  f.SetField("type", target_kind_id(tg.kind));
  f.SetField("code", tg.code.c_str());
  f.SetField("nom", tg.name.c_str());
  f.SetField("communes", join(tg.communes, ",").c_str());
  if (tg.population_known) {
    f.SetField("population", tg.population);
    f.SetField("pop_15_29", r1(tg.pop_15_29));
    f.SetField("neet", r1(tg.neet));
    f.SetField("pop_non_couverte", r1(r.uncovered_pop));
    f.SetField("p15_29_non_couverts", r1(r.uncovered_15_29));
    f.SetField("neet_non_couverts", r1(r.uncovered_neet));
  }  // unknown population: fields left null (never a silent zero), see "signalements"
  f.SetField("part_couverte", r3(r.covered_share));
  f.SetField("surface_m2", std::round(tg.area_m2));
  f.SetField("surface_lacune_m2", std::round(r.gap_area_m2));
  if (r.nearest >= 0) {
    const auto& p = e.scenario().points[static_cast<size_t>(r.nearest)];
    f.SetField("point_proche", p.id.c_str());
    f.SetField("point_proche_nom", p.name.c_str());
    f.SetField("distance_km", std::round(r.nearest_m / 100) / 10);
    f.SetField("temps_min", std::round(r.nearest_s / 6) / 10);
  }
  f.SetField("raison", reason.c_str());
  f.SetField("signalements", join(tg.flags, " ; ").c_str());
  f.SetField("scenario", e.scenario().name.c_str());
  f.SetField("portee", e.scenario().default_reach.label().c_str());
}

const std::vector<Col> kTotalCols = {
    {"niveau", OFTString},          {"code", OFTString},          {"nom", OFTString},
    {"cibles", OFTInteger},         {"cibles_sans_population", OFTInteger}, {"cibles_non_couvertes", OFTInteger},
    {"population", OFTReal},        {"pop_15_29", OFTReal},       {"neet", OFTReal},
    {"pop_non_couverte", OFTReal},  {"p15_29_non_couverts", OFTReal}, {"neet_non_couverts", OFTReal},
    {"pct_pop_couverte", OFTReal},  {"pct_neet_couverts", OFTReal}, {"pct_surface_couverte", OFTReal},
    {"surface_m2", OFTReal},        {"surface_lacune_m2", OFTReal},
};

void fill_totals(OGRFeature& f, const GroupTotals& g) {
  const Totals& t = g.totals;
  f.SetField("niveau", g.level.c_str());
  f.SetField("code", g.code.c_str());
  f.SetField("nom", g.name.c_str());
  f.SetField("cibles", t.targets);
  f.SetField("cibles_sans_population", t.targets_without_population);
  f.SetField("cibles_non_couvertes", t.targets_fully_uncovered);
  f.SetField("population", std::round(t.population));
  f.SetField("pop_15_29", r1(t.pop_15_29));
  f.SetField("neet", r1(t.neet));
  f.SetField("pop_non_couverte", r1(t.uncovered_pop));
  f.SetField("p15_29_non_couverts", r1(t.uncovered_15_29));
  f.SetField("neet_non_couverts", r1(t.uncovered_neet));
  f.SetField("pct_pop_couverte", r1(t.pct_pop_covered()));
  f.SetField("pct_neet_couverts", r1(t.pct_neet_covered()));
  f.SetField("pct_surface_couverte", r1(t.pct_area_covered()));
  f.SetField("surface_m2", std::round(t.area_m2));
  f.SetField("surface_lacune_m2", std::round(t.gap_area_m2));
}

std::vector<GroupTotals> all_totals(const CoverageEngine& e) {
  std::vector<GroupTotals> all;
  for (const char* level : {"region", "departement", "zone_emploi", "epci", "laureat"})
    for (auto& g : e.group_totals(level)) all.push_back(std::move(g));
  return all;
}

const std::vector<Col> kSugCols = {{"ordre", OFTInteger},     {"libelle", OFTString}, {"commune", OFTString},
                                   {"gain_neet", OFTReal},    {"x_l93", OFTReal},     {"y_l93", OFTReal},
                                   {"methode", OFTString}};

void write_suggestions(OGRLayer* l, const Suggestion& s, const std::string& path, bool geometry) {
  for (size_t i = 0; i < s.sites.size(); ++i)
    add_feature(l, path, [&](OGRFeature& f) {
      f.SetField("ordre", static_cast<int>(i + 1));
      f.SetField("libelle", s.sites[i].label.c_str());
      f.SetField("commune", s.sites[i].commune.c_str());
      f.SetField("gain_neet", r1(s.sites[i].gain_neet));
      f.SetField("x_l93", std::round(s.sites[i].pos.x));
      f.SetField("y_l93", std::round(s.sites[i].pos.y));
      f.SetField("methode", s.method.c_str());
      if (geometry) f.SetGeometryDirectly(new OGRPoint(s.sites[i].pos.x, s.sites[i].pos.y));
    });
}

std::vector<std::pair<std::string, std::string>> all_parameters(const GapsOutput& o) {
  auto p = o.parameters;
  const Totals& t = o.engine->totals();
  p.emplace_back("cibles", std::to_string(t.targets));
  p.emplace_back("cibles_sans_population", std::to_string(t.targets_without_population));
  p.emplace_back("pct_population_couverte", format_fr(t.pct_pop_covered(), 1));
  p.emplace_back("pct_neet_couverts", format_fr(t.pct_neet_covered(), 1));
  p.emplace_back("pct_surface_couverte", format_fr(t.pct_area_covered(), 1));
  p.emplace_back("neet_non_couverts", format_fr(t.uncovered_neet, 0));
  if (o.suggestion) {
    p.emplace_back("propositions_methode", o.suggestion->method);
    p.emplace_back("propositions_gain_neet", format_fr(o.suggestion->greedy_gain_neet, 1));
    p.emplace_back("propositions_borne_sup_neet", format_fr(o.suggestion->upper_bound_gain_neet, 1));
  }
  return p;
}

void write_parameters(OGRLayer* l, const std::vector<std::pair<std::string, std::string>>& params, const std::string& path) {
  for (const auto& kv : params)  // no structured binding: clang 14 (fuzz build) cannot capture one
    add_feature(l, path, [&](OGRFeature& f) {
      f.SetField("cle", kv.first.c_str());
      f.SetField("valeur", kv.second.c_str());
    });
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o;
}

void write_gap_rows(OGRLayer* l, const GapsOutput& o, const std::string& path, bool geometry) {
  const CoverageEngine& e = *o.engine;
  for (const auto& g : o.ranking)
    add_feature(l, path, [&](OGRFeature& f) {
      fill_target(f, e, g.target, g.rank, g.reason);
      if (geometry) f.SetGeometryDirectly(to_ogr(e.gap(g.target)).release());
    });
}

}  // namespace

std::vector<std::string> write_gaps(const std::string& path, const GapsOutput& o) {
  if (!o.engine) throw Error(ErrorKind::Internal, "write_gaps sans moteur de couverture", path);
  const CoverageEngine& e = *o.engine;
  const std::string ext = lower_ext(path);
  const auto params = all_parameters(o);
  const std::vector<Col> param_cols = {{"cle", OFTString}, {"valeur", OFTString}};
  std::vector<std::string> written;

  if (ext == ".gpkg") {
    AtomicFile af(path);
    const std::string tmp = af.tmp();
    {
      auto ds = create("GPKG", tmp);
      for (const auto& [k, v] : params) ds->SetMetadataItem(("MARAUDE_" + k).c_str(), v.c_str());
      ds->StartTransaction();
      write_gap_rows(create_layer(ds.get(), "lacunes", wkbMultiPolygon, 2154, kGapCols, path), o, path, true);
      OGRLayer* cib = create_layer(ds.get(), "cibles", wkbMultiPolygon, 2154, kGapCols, path);
      for (size_t t = 0; t < e.targets().size(); ++t)
        add_feature(cib, path, [&](OGRFeature& f) {
          fill_target(f, e, t, 0, "");
          f.SetGeometryDirectly(to_ogr(e.targets()[t].geom).release());
        });
      OGRLayer* pts = create_layer(ds.get(), "points", wkbPoint, 2154,
                            {{"id", OFTString}, {"type", OFTString}, {"nom", OFTString}, {"porteur", OFTString},
                             {"vehicule", OFTString}, {"jours", OFTString}, {"horaires", OFTString},
                             {"commune", OFTString}, {"portee", OFTString}, {"rayon_m", OFTReal}},
                            path);
      for (size_t i = 0; i < e.scenario().points.size(); ++i) {
        const auto& p = e.scenario().points[i];
        const Ring ring = e.reach_area(i).polys[0].rings[0];
        add_feature(pts, path, [&](OGRFeature& f) {
          f.SetField("id", p.id.c_str());
          f.SetField("type", service_kind_id(p.kind));
          f.SetField("nom", p.name.c_str());
          f.SetField("porteur", p.carrier.c_str());
          f.SetField("vehicule", p.vehicle.c_str());
          f.SetField("jours", p.days.c_str());
          f.SetField("horaires", p.hours.c_str());
          f.SetField("commune", p.commune.c_str());
          f.SetField("portee", e.scenario().reach_of(p).token().c_str());
          // Straight-line radius of the reach polygon (its first vertex, due east).
          f.SetField("rayon_m", dist(ring[0], p.pos));
          f.SetGeometryDirectly(new OGRPoint(p.pos.x, p.pos.y));
        });
      }
      OGRLayer* sug = create_layer(ds.get(), "propositions", wkbPoint, 2154, kSugCols, path);
      if (o.suggestion) write_suggestions(sug, *o.suggestion, path, true);
      OGRLayer* tot = create_layer(ds.get(), "totaux", wkbNone, 2154, kTotalCols, path);
      for (const auto& g : all_totals(e)) add_feature(tot, path, [&](OGRFeature& f) { fill_totals(f, g); });
      write_parameters(create_layer(ds.get(), "parametres", wkbNone, 2154, param_cols, path), params, path);
      if (ds->CommitTransaction() != OGRERR_NONE)
        throw Error(ErrorKind::Io, std::string("écriture impossible : ") + gdal_last_error(), path);
    }
    af.commit();
    written.push_back(path);
  } else if (ext == ".geojson" || ext == ".json") {
    AtomicFile af(path);
    const std::string tmp = af.tmp();
    {
      auto ds = create("GeoJSON", tmp);
      char** opts = nullptr;
      opts = CSLSetNameValue(opts, "RFC7946", "YES");
      opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "7");
      OGRLayer* l = create_layer(ds.get(), "lacunes", wkbMultiPolygon, 2154, kGapCols, path, opts);
      CSLDestroy(opts);
      write_gap_rows(l, o, path, true);
    }
    // Top-level member "parametres" (GDAL 3.6 cannot write foreign members itself).
    std::ifstream in(tmp, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    in.close();
    std::string text = ss.str();
    std::string member = "\"parametres\": {";
    for (size_t i = 0; i < params.size(); ++i)
      member += (i ? ", " : "") + std::string("\"") + json_escape(params[i].first) + "\": \"" + json_escape(params[i].second) + "\"";
    member += "},\n";
    const auto pos = text.find("\"type\": \"FeatureCollection\",");
    if (pos == std::string::npos) throw Error(ErrorKind::Internal, "structure GeoJSON inattendue produite par GDAL", path);
    text.insert(pos, member);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw Error(ErrorKind::Io, "écriture impossible", path);
    af.commit();
    written.push_back(path);
  } else if (ext == ".csv") {
    const fs::path p(path);
    auto sibling = [&](const std::string& suffix) {
      return (p.parent_path() / (p.stem().string() + "_" + suffix + ".csv")).string();
    };
    auto csv = [&](const std::string& file, const std::string& name, const std::vector<Col>& cols,
                   const std::function<void(OGRLayer*)>& fill) {
      AtomicFile af(file);
    const std::string tmp = af.tmp();
      {
        auto ds = create("CSV", tmp);
        fill(create_layer(ds.get(), name, wkbNone, 0, cols, file));
      }
      af.commit();
      written.push_back(file);
    };
    csv(path, "lacunes", kGapCols, [&](OGRLayer* l) { write_gap_rows(l, o, path, false); });
    csv(sibling("parametres"), "parametres", param_cols, [&](OGRLayer* l) { write_parameters(l, params, path); });
    csv(sibling("totaux"), "totaux", kTotalCols, [&](OGRLayer* l) {
      for (const auto& g : all_totals(e)) add_feature(l, path, [&](OGRFeature& f) { fill_totals(f, g); });
    });
    if (o.suggestion)
      csv(sibling("propositions"), "propositions", kSugCols,
          [&](OGRLayer* l) { write_suggestions(l, *o.suggestion, path, false); });
  } else if (ext == ".xlsx") {
    AtomicFile af(path);
    const std::string tmp = af.tmp();
    {
      auto ds = create("XLSX", tmp);
      write_gap_rows(create_layer(ds.get(), "lacunes", wkbNone, 2154, kGapCols, path), o, path, false);
      OGRLayer* tot = create_layer(ds.get(), "totaux", wkbNone, 2154, kTotalCols, path);
      for (const auto& g : all_totals(e)) add_feature(tot, path, [&](OGRFeature& f) { fill_totals(f, g); });
      OGRLayer* sug = create_layer(ds.get(), "propositions", wkbNone, 2154, kSugCols, path);
      if (o.suggestion) write_suggestions(sug, *o.suggestion, path, false);
      write_parameters(create_layer(ds.get(), "parametres", wkbNone, 2154, param_cols, path), params, path);
    }
    af.commit();
    written.push_back(path);
  } else {
    throw Error(ErrorKind::Usage, "format de sortie inconnu « " + ext + " »", path,
                "donnez un nom de fichier en .gpkg, .geojson, .csv ou .xlsx");
  }
  return written;
}

}  // namespace maraude::io
