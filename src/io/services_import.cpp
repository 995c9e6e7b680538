#include "io/gdal_messages.h"
#include "io/services_import.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/projection.h"
#include "core/text.h"
#include "io/csv.h"

namespace fs = std::filesystem;

namespace maraude::io {

namespace {

// One input row as field-name (folded) → value, plus an optional geometry point (lon/lat).
struct Row {
  int line = 0;
  std::map<std::string, std::string> f;
  bool has_geom = false;
  Vec2 lonlat;
};

const std::vector<std::vector<std::string>> kAliases = {
    {"id", "identifiant", "code_point"},
    {"nom", "name", "libelle", "lib"},
    {"type", "kind", "genre"},
    {"lat", "latitude", "y_wgs84"},
    {"lon", "lng", "long", "longitude", "x_wgs84"},
    {"x", "x_l93", "x_lambert93", "coord_x"},
    {"y", "y_l93", "y_lambert93", "coord_y"},
    {"insee", "code_insee", "commune", "insee_com", "code_commune", "cog"},
    {"porteur", "carrier", "laureat", "structure"},
    {"vehicule", "vehicle"},
    {"jours", "days", "jours_de_visite"},
    {"horaires", "hours", "heures"},
    {"portee", "reach", "portée"},
};

std::string canonical(const std::string& header) {
  const std::string h = fold_words(header);
  std::string u = h;
  std::replace(u.begin(), u.end(), ' ', '_');
  for (const auto& names : kAliases)
    for (const auto& n : names)
      if (u == fold_words(n) || u == n) return names[0];
  return u;
}

std::vector<Row> read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF) text.erase(0, 3);  // UTF-8 BOM
  const std::string first = text.substr(0, text.find('\n'));
  const char delim = std::count(first.begin(), first.end(), ';') > std::count(first.begin(), first.end(), ',') ? ';' : ',';
  const CsvTable t = CsvTable::parse(text, path, delim);
  std::vector<Row> rows;
  for (const auto& r : t.rows()) {
    Row row;
    row.line = r.line;
    for (size_t c = 0; c < t.header().size(); ++c) row.f[canonical(t.header()[c])] = trim(t.get(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Row> read_ogr(const std::string& path, bool geojson) {
  GDALAllRegister();
  const char* const xlsx_opts[] = {"HEADERS=FORCE", "FIELD_TYPES=STRING", nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                            geojson ? nullptr : xlsx_opts, nullptr));
  if (!ds || ds->GetLayerCount() == 0)
    throw Error(ErrorKind::BadInput, std::string("fichier illisible : ") + gdal_last_error(), path,
                geojson ? "une FeatureCollection GeoJSON est attendue" : "un classeur .xlsx avec une ligne d’en-tête est attendu");
  OGRLayer* l = ds->GetLayer(0);
  OGRCoordinateTransformation* ct = nullptr;
  std::unique_ptr<OGRCoordinateTransformation> ct_owner;
  if (geojson && l->GetSpatialRef()) {
    OGRSpatialReference wgs;
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference src(*l->GetSpatialRef());
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!src.IsSame(&wgs)) {
      ct_owner.reset(OGRCreateCoordinateTransformation(&src, &wgs));
      ct = ct_owner.get();
    }
  }
  std::vector<Row> rows;
  int n = 0;
  for (auto& feat : *l) {
    ++n;
    Row row;
    row.line = geojson ? n : n + 1;  // XLSX: the header is line 1
    OGRFeatureDefn* def = l->GetLayerDefn();
    for (int i = 0; i < def->GetFieldCount(); ++i)
      row.f[canonical(def->GetFieldDefn(i)->GetNameRef())] = feat->IsFieldSetAndNotNull(i) ? trim(feat->GetFieldAsString(i)) : "";
    if (const OGRGeometry* g = feat->GetGeometryRef(); g && wkbFlatten(g->getGeometryType()) == wkbPoint && !g->IsEmpty()) {
      double x = g->toPoint()->getX(), y = g->toPoint()->getY();
      if (!ct || ct->Transform(1, &x, &y)) {
        row.has_geom = true;
        row.lonlat = {x, y};
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

ImportedPoints read_service_points(const std::string& path, const Workspace& ws) {
  if (!fs::exists(path)) throw Error(ErrorKind::MissingFile, "fichier introuvable", path, "vérifiez le chemin");
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<Row> rows;
  if (ext == ".csv" || ext == ".txt") rows = read_csv(path);
  else if (ext == ".xlsx") rows = read_ogr(path, false);
  else if (ext == ".geojson" || ext == ".json") rows = read_ogr(path, true);
  else
    throw Error(ErrorKind::BadInput, "format non pris en charge « " + ext + " »", path, "utilisez un fichier .csv, .xlsx ou .geojson");

  ImportedPoints out;
  out.rows = static_cast<int>(rows.size());
  const std::string stem = fs::path(path).stem().string();
  std::set<std::string> ids;
  for (const auto& r : rows) {
    const std::string at = path + ":" + std::to_string(r.line);
    auto get = [&](const char* k) {
      auto it = r.f.find(k);
      return it == r.f.end() ? std::string() : it->second;
    };
    auto fail = [&](const std::string& msg, const std::string& hint) {
      out.errors.push_back(at + ": " + msg + (hint.empty() ? "" : " (" + hint + ")"));
    };
    bool all_empty = true;
    for (const auto& [k, v] : r.f) all_empty &= v.empty();
    if (all_empty && !r.has_geom) continue;  // blank line of a spreadsheet

    coverage::ServicePoint p;
    p.id = get("id");
    if (p.id.empty()) p.id = stem + "-" + std::to_string(r.line);
    p.name = get("nom");
    if (p.name.empty()) p.name = p.id;
    p.carrier = get("porteur");
    p.vehicle = get("vehicule");
    p.days = get("jours");
    p.hours = get("horaires");
    p.kind = p.vehicle.empty() ? ServiceKind::Permanence : ServiceKind::MobileStop;
    if (const std::string t = get("type"); !t.empty()) {
      auto k = parse_service_kind(fold(t));
      if (!k) {
        fail("type inconnu « " + t + " »", "permanence, mobile_stop, france_services, france_travail, mission_locale");
        continue;
      }
      p.kind = *k;
    }
    if (const std::string rs = get("portee"); !rs.empty()) {
      try {
        p.reach = coverage::Reach::parse(rs, at);
      } catch (const Error& e) {
        fail(e.what_text(), e.hint());
        continue;
      }
    }
    // Place: lat/lon, else x/y, else the geometry, else the commune.
    const std::string lat = get("lat"), lon = get("lon"), x = get("x"), y = get("y"), insee = get("insee");
    bool placed = false;
    if (!lat.empty() || !lon.empty()) {
      const auto la = parse_number(lat), lo = parse_number(lon);
      if (!la || !lo || !std::isfinite(*la) || !std::isfinite(*lo)) {
        fail("coordonnées non numériques ou vides (lat=« " + lat + " », lon=« " + lon + " »)",
             "degrés décimaux, par exemple lat 50.63 lon 3.06");
        continue;
      }
      if (std::fabs(*la) > 90 || std::fabs(*lo) > 180) {
        fail("latitude/longitude hors limites (lat=" + lat + ", lon=" + lon + ")", "les mètres Lambert-93 vont dans les colonnes x/y");
        continue;
      }
      p.pos = lonlat_to_l93(*lo, *la);
      placed = true;
    } else if (!x.empty() || !y.empty()) {
      const auto xv = parse_number(x), yv = parse_number(y);
      if (!xv || !yv || !std::isfinite(*xv) || !std::isfinite(*yv)) {
        fail("coordonnées non numériques ou vides (x=« " + x + " », y=« " + y + " »)", "mètres Lambert-93");
        continue;
      }
      p.pos = {*xv, *yv};
      placed = true;
    } else if (r.has_geom) {
      p.pos = lonlat_to_l93(r.lonlat.x, r.lonlat.y);
      placed = true;
    }
    if (!insee.empty()) {
      std::string code = insee;
      if (code.size() == 4 && std::all_of(code.begin(), code.end(), ::isdigit)) code = "0" + code;  // lost leading zero
      const Commune* c = ws.commune(code);
      if (!c && !placed) {
        fail("code commune inconnu « " + insee + " »", ws.communes.empty() ? std::string("un code INSEE à 5 caractères") : "un code INSEE à 5 caractères de la région, par exemple " + ws.communes.front().code);
        continue;
      }
      if (c) {
        p.commune = c->code;
        if (!placed) {
          p.pos = c->anchor;
          placed = true;
        }
      }
    }
    if (!placed) {
      fail("aucune position : ni lat/lon, ni x/y, ni code commune", "ajoutez des colonnes lat et lon, ou x/y, ou insee");
      continue;
    }
    if (!std::isfinite(p.pos.x) || !std::isfinite(p.pos.y) || !coverage::inside_region(ws, p.pos)) {
      fail("point hors de la région", "vérifiez les coordonnées (lat et lon inversées ?) ou le code commune");
      continue;
    }
    if (!ids.insert(p.id).second) {
      fail("identifiant en double « " + p.id + " »", "les identifiants doivent être uniques");
      continue;
    }
    out.points.push_back(std::move(p));
  }
  return out;
}

}  // namespace maraude::io
