#include "io/gdal_messages.h"
#include "io/plan_export.h"

#include "core/atomic_file.h"
#include "core/cartography.h"
#include "io/ogr_write.h"
#include "io/cairo_text.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/error.h"
#include "core/projection.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace maraude::io {

using routing::DayPlan;

// ---------------------------------------------------------------- calendar / time

namespace {
long days_from_civil(int y, int m, int d) {  // days since 1970-01-01
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}
Date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}
const char* kDaysFr[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
const char* kMonthsFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                           "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
}  // namespace

Date add_days(Date d, int n) { return civil_from_days(days_from_civil(d.y, d.m, d.d) + n); }
int weekday(Date d) {
  const long z = days_from_civil(d.y, d.m, d.d);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((z % 7) + 7 + 3) % 7);
}
std::string date_fr(Date d) {
  return std::string(kDaysFr[weekday(d)]) + " " + std::to_string(d.d) + " " + kMonthsFr[d.m - 1] + " " +
         std::to_string(d.y);
}
std::string date_iso(Date d) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", d.y, d.m, d.d);
  return b;
}
std::string hhmm(double s) {
  const long m = std::lround(s / 60.0);
  char b[16];
  std::snprintf(b, sizeof b, "%02ld:%02ld", m / 60, m % 60);
  return b;
}

// ---------------------------------------------------------------- schedule rows

namespace {

struct Row {
  int team = 0, day = 0, order = 0;  // order: 0 = departure, 1..n stops, pause/return numbered in sequence
  std::string type;                  // depart, arret, pause, retour
  int place = 0;
  int stop = -1;
  double arrival = -1, start = -1, end = -1;
  double drive_s = 0, drive_m = 0;
  double value = 0;
};

Date day_date(const PlanExport& e, int day) { return add_days({e.start_year, e.start_month, e.start_day}, day); }

double leg_t(const PlanExport& e, int a, int b) {
  return e.input->time_s[static_cast<size_t>(a) * e.input->n_places + b];
}
double leg_d(const PlanExport& e, int a, int b) {
  return e.input->dist_m[static_cast<size_t>(a) * e.input->n_places + b];
}

// Events of one team-day in time order (empty for a day without visits).
std::vector<Row> day_rows(const PlanExport& e, const DayPlan& dp) {
  std::vector<Row> rows;
  if (dp.visits.empty()) return rows;
  const int base = e.input->teams[static_cast<size_t>(dp.team)].base;
  const double lunch_s = e.input->teams[static_cast<size_t>(dp.team)].lunch_s;
  Row r0;
  r0.team = dp.team;
  r0.day = dp.day;
  r0.type = "depart";
  r0.place = base;
  r0.end = dp.depart_s;
  rows.push_back(r0);
  bool lunch_done = dp.lunch_start_s < 0 || lunch_s <= 0;
  auto add_lunch = [&](int at_place) {
    Row p;
    p.team = dp.team;
    p.day = dp.day;
    p.type = "pause";
    p.place = at_place;
    p.arrival = p.start = dp.lunch_start_s;
    p.end = dp.lunch_start_s + lunch_s;
    rows.push_back(p);
    lunch_done = true;
  };
  int prev = base;
  for (const auto& v : dp.visits) {
    if (!lunch_done && dp.lunch_start_s < v.arrival_s - 1e-6 &&
        (rows.back().end <= dp.lunch_start_s + 1e-6))
      add_lunch(prev);
    const auto& st = e.input->stops[static_cast<size_t>(v.stop)];
    Row r;
    r.team = dp.team;
    r.day = dp.day;
    r.type = "arret";
    r.place = st.place;
    r.stop = v.stop;
    r.arrival = v.arrival_s;
    r.start = v.start_s;
    r.end = v.end_s;
    r.drive_s = leg_t(e, prev, st.place);
    r.drive_m = leg_d(e, prev, st.place);
    r.value = st.value;
    rows.push_back(r);
    prev = st.place;
  }
  if (!lunch_done && dp.lunch_start_s < dp.return_s - 1e-6) add_lunch(prev);
  Row rr;
  rr.team = dp.team;
  rr.day = dp.day;
  rr.type = "retour";
  rr.place = base;
  rr.arrival = dp.return_s;
  rr.drive_s = leg_t(e, prev, base);
  rr.drive_m = leg_d(e, prev, base);
  rows.push_back(rr);
  if (!lunch_done) add_lunch(base);  // break after coming back
  int order = 0;
  for (auto& r : rows) r.order = order++;
  return rows;
}

std::vector<Row> all_rows(const PlanExport& e) {
  std::vector<Row> out;
  for (const auto& dp : e.plan->days)
    for (auto& r : day_rows(e, dp)) out.push_back(std::move(r));
  return out;
}

int stop_number(const std::vector<Row>& rows, const Row& r) {
  int n = 0;
  for (const auto& x : rows) {
    if (x.type == "arret" && x.team == r.team && x.day == r.day) ++n;
    if (&x == &r) return n;
  }
  return n;
}

std::string team_name(const PlanExport& e, int t) {
  return t < static_cast<int>(e.team_names.size()) ? e.team_names[static_cast<size_t>(t)]
                                                   : "Équipe " + std::to_string(t + 1);
}

std::string type_label(const std::string& t) {
  if (t == "depart") return "départ de la base";
  if (t == "retour") return "retour à la base";
  if (t == "pause") return "pause déjeuner";
  return "arrêt";
}

// ---------------------------------------------------------------- GDAL helpers

// The exporters' temporary-then-rename file (atomic_file.h), refusing an empty result.
struct TmpFile {
  std::string final_path;
  AtomicFile file;
  std::string tmp_path;
  TmpFile(const std::string& dir, const std::string& name, const std::string&)
      : final_path((fs::path(dir) / name).string()), file(final_path), tmp_path(file.tmp()) {}
  std::string commit() {
    std::error_code ec;
    if (!fs::exists(tmp_path) || fs::file_size(tmp_path, ec) == 0)
      throw Error(ErrorKind::Io, "fichier vide ou absent après écriture", final_path);
    file.commit();
    return final_path;
  }
};

GDALDataset* create_ds(const char* driver, const std::string& path, char** options = nullptr) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
  if (!drv) throw Error(ErrorKind::Io, std::string("pilote GDAL ") + driver + " absent", path, "installez gdal-bin / libgdal");
  GDALDataset* ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, options);
  if (!ds)
    throw Error(ErrorKind::Io, std::string("impossible de créer le fichier : ") + gdal_last_error(), path,
                "vérifiez que le dossier existe et est accessible en écriture");
  return ds;
}

void close_ds(GDALDataset* ds, const std::string& path) {
  CPLErrorReset();
  GDALClose(ds);
  if (CPLGetLastErrorType() >= CE_Failure)
    throw Error(ErrorKind::Io, std::string("écriture incomplète : ") + gdal_last_error(), path);
}

double r1(double v) { return std::round(v * 10) / 10; }

const std::vector<Col> kPlanningCols = {
    {"jour", OFTInteger},      {"date", OFTString},        {"equipe", OFTString},   {"ordre", OFTInteger},
    {"type", OFTString},       {"arret", OFTInteger},      {"code", OFTString},     {"commune", OFTString},
    {"cible", OFTString},      {"arrivee", OFTString},     {"debut", OFTString},    {"depart", OFTString},
    {"trajet_min", OFTReal},   {"trajet_km", OFTReal},     {"valeur_neet", OFTReal},
};

void fill_planning(OGRFeature& f, const PlanExport& e, const std::vector<Row>& rows, const Row& r) {
  const PlanPlace& pl = e.places[static_cast<size_t>(r.place)];
  f.SetField("jour", r.day + 1);
  f.SetField("date", date_iso(day_date(e, r.day)).c_str());
  f.SetField("equipe", team_name(e, r.team).c_str());
  f.SetField("ordre", r.order);
  f.SetField("type", r.type.c_str());
  if (r.type == "arret") f.SetField("arret", stop_number(rows, r));
  f.SetField("code", pl.code.c_str());
  f.SetField("commune", pl.label.c_str());
  if (r.type == "arret") f.SetField("cible", pl.target.c_str());
  if (r.arrival >= 0) f.SetField("arrivee", hhmm(r.arrival).c_str());
  if (r.start >= 0) f.SetField("debut", hhmm(r.start).c_str());
  if (r.end >= 0) f.SetField("depart", hhmm(r.end).c_str());
  if (r.type == "arret" || r.type == "retour") {
    f.SetField("trajet_min", r1(r.drive_s / 60));
    f.SetField("trajet_km", r1(r.drive_m / 1000));
  }
  if (r.type == "arret") f.SetField("valeur_neet", r1(r.value));
}

Vec2 ll(Vec2 p) { return l93_to_lonlat(p); }

std::string stop_desc(const PlanExport& e, const std::vector<Row>& rows, const Row& r) {
  std::string s = "Jour " + std::to_string(r.day + 1) + " (" + date_fr(day_date(e, r.day)) + "), " +
                  team_name(e, r.team) + ", arrêt " + std::to_string(stop_number(rows, r)) + " : arrivée " +
                  hhmm(r.arrival) + ", sur place " + hhmm(r.start) + "–" + hhmm(r.end) + ", " +
                  format_fr(r.value, 1) + " NEET estimés non couverts";
  return s;
}

}  // namespace

// ---------------------------------------------------------------- GPX

std::vector<std::vector<Vec2>> day_legs(const PlanExport& e, const routing::DayPlan& dp) {
  std::vector<int> seq{e.input->teams[static_cast<size_t>(dp.team)].base};
  for (const auto& v : dp.visits) seq.push_back(e.input->stops[static_cast<size_t>(v.stop)].place);
  seq.push_back(seq.front());
  std::vector<std::vector<Vec2>> out;
  for (size_t k = 0; k + 1 < seq.size(); ++k)
    out.push_back(routing::leg_line(e.legs, seq[k], seq[k + 1], e.places[static_cast<size_t>(seq[k])].pos,
                                    e.places[static_cast<size_t>(seq[k + 1])].pos));
  return out;
}

std::vector<Vec2> day_path(const PlanExport& e, const routing::DayPlan& dp) {
  std::vector<Vec2> out;
  for (const auto& l : day_legs(e, dp)) {
    for (size_t j = 0; j < l.size(); ++j)
      if (out.empty() || j > 0) out.push_back(l[j]);
  }
  return out;
}

std::string write_plan_gpx(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "plan.gpx", ".gpx");
  const auto rows = all_rows(e);
  {
    GDALDataset* ds = create_ds("GPX", tf.tmp_path);
    try {
      OGRLayer* w = create_layer(ds, "waypoints", wkbPoint, 4326, {}, tf.tmp_path);
      const PlanPlace& b = e.places[0];
      add_feature(w, tf.tmp_path, [&](OGRFeature& f) {
        f.SetField("name", ("Base — " + b.label).c_str());
        f.SetField("desc", "Base de départ et de retour de chaque journée");
        f.SetField("sym", "Residence");
        const Vec2 p = ll(b.pos);
        f.SetGeometryDirectly(new OGRPoint(p.x, p.y));
      });
      for (const auto& r : rows) {
        if (r.type != "arret") continue;
        const PlanPlace& pl = e.places[static_cast<size_t>(r.place)];
        add_feature(w, tf.tmp_path, [&](OGRFeature& f) {
          f.SetField("name", ("J" + std::to_string(r.day + 1) + "-" + std::to_string(stop_number(rows, r)) + " " +
                              pl.label).c_str());
          f.SetField("desc", stop_desc(e, rows, r).c_str());
          f.SetField("sym", "Flag, Blue");
          f.SetField("type", "arret");
          const Vec2 p = ll(pl.pos);
          f.SetGeometryDirectly(new OGRPoint(p.x, p.y));
        });
      }
      OGRLayer* rl = create_layer(ds, "routes", wkbLineString, 4326, {}, tf.tmp_path);
      for (const auto& dp : e.plan->days) {
        if (dp.visits.empty()) continue;
        add_feature(rl, tf.tmp_path, [&](OGRFeature& f) {
          f.SetField("name", ("Jour " + std::to_string(dp.day + 1) + " — " + team_name(e, dp.team)).c_str());
          f.SetField("desc", (date_fr(day_date(e, dp.day)) + " : " + std::to_string(dp.visits.size()) +
                              " arrêts, " + format_fr(dp.distance_m / 1000, 1) + " km").c_str());
          auto* ls = new OGRLineString();
          const int base = e.input->teams[static_cast<size_t>(dp.team)].base;
          Vec2 p = ll(e.places[static_cast<size_t>(base)].pos);
          ls->addPoint(p.x, p.y);
          for (const auto& v : dp.visits) {
            p = ll(e.places[static_cast<size_t>(e.input->stops[static_cast<size_t>(v.stop)].place)].pos);
            ls->addPoint(p.x, p.y);
          }
          p = ll(e.places[static_cast<size_t>(base)].pos);
          ls->addPoint(p.x, p.y);
          f.SetGeometryDirectly(ls);
        });
      }
      if (e.legs && !e.legs->empty()) {
        // Along the roads: one track per day (the route above lists the stops only).
        OGRLayer* tl = create_layer(ds, "tracks", wkbMultiLineString, 4326, {}, tf.tmp_path);
        for (const auto& dp : e.plan->days) {
          if (dp.visits.empty()) continue;
          add_feature(tl, tf.tmp_path, [&](OGRFeature& f) {
            f.SetField("name", ("Jour " + std::to_string(dp.day + 1) + " — " + team_name(e, dp.team) + " (par la route)").c_str());
            auto* ml = new OGRMultiLineString();
            auto* ls = new OGRLineString();
            for (Vec2 q : day_path(e, dp)) {
              const Vec2 p = ll(q);
              ls->addPoint(p.x, p.y);
            }
            ml->addGeometryDirectly(ls);
            f.SetGeometryDirectly(ml);
          });
        }
      }
    } catch (...) {
      GDALClose(ds);
      throw;
    }
    close_ds(ds, tf.tmp_path);
  }
  return tf.commit();
}

// ---------------------------------------------------------------- GeoJSON / GPKG

namespace {

const std::vector<Col> kStopCols = {
    {"type", OFTString},     {"jour", OFTInteger},    {"date", OFTString},    {"equipe", OFTString},
    {"arret", OFTInteger},   {"code", OFTString},     {"commune", OFTString}, {"cible", OFTString},
    {"arrivee", OFTString},  {"depart", OFTString},   {"valeur_neet", OFTReal}, {"km", OFTReal},
    {"duree_conduite_min", OFTReal},
};

void write_geo_layers(GDALDataset* ds, const PlanExport& e, const std::string& path, bool wgs84, bool one_layer) {
  const auto rows = all_rows(e);
  auto pt = [&](Vec2 p) -> OGRPoint* {
    if (wgs84) p = ll(p);
    return new OGRPoint(p.x, p.y);
  };
  char** lopts = nullptr;
  OGRLayer* stops =
      create_layer(ds, one_layer ? "plan" : "arrets", one_layer ? wkbUnknown : wkbPoint, wgs84 ? 4326 : 2154, kStopCols, path);
  OGRLayer* lines = one_layer ? stops : create_layer(ds, "journees", wkbLineString, 2154, kStopCols, path, lopts);
  add_feature(stops, path, [&](OGRFeature& f) {
    f.SetField("type", "base");
    f.SetField("code", e.places[0].code.c_str());
    f.SetField("commune", e.places[0].label.c_str());
    f.SetGeometryDirectly(pt(e.places[0].pos));
  });
  for (const auto& r : rows) {
    if (r.type != "arret") continue;
    const PlanPlace& pl = e.places[static_cast<size_t>(r.place)];
    add_feature(stops, path, [&](OGRFeature& f) {
      f.SetField("type", "arret");
      f.SetField("jour", r.day + 1);
      f.SetField("date", date_iso(day_date(e, r.day)).c_str());
      f.SetField("equipe", team_name(e, r.team).c_str());
      f.SetField("arret", stop_number(rows, r));
      f.SetField("code", pl.code.c_str());
      f.SetField("commune", pl.label.c_str());
      f.SetField("cible", pl.target.c_str());
      f.SetField("arrivee", hhmm(r.arrival).c_str());
      f.SetField("depart", hhmm(r.end).c_str());
      f.SetField("valeur_neet", r1(r.value));
      f.SetGeometryDirectly(pt(pl.pos));
    });
  }
  for (const auto& dp : e.plan->days) {
    if (dp.visits.empty()) continue;
    double value = 0;
    for (const auto& v : dp.visits) value += e.input->stops[static_cast<size_t>(v.stop)].value;
    add_feature(lines, path, [&](OGRFeature& f) {
      f.SetField("type", "journee");
      f.SetField("jour", dp.day + 1);
      f.SetField("date", date_iso(day_date(e, dp.day)).c_str());
      f.SetField("equipe", team_name(e, dp.team).c_str());
      f.SetField("arrivee", hhmm(dp.return_s).c_str());
      f.SetField("depart", hhmm(dp.depart_s).c_str());
      f.SetField("valeur_neet", r1(value));
      f.SetField("km", r1(dp.distance_m / 1000));
      f.SetField("duree_conduite_min", r1(dp.drive_s / 60));
      auto* ls = new OGRLineString();
      for (Vec2 p : day_path(e, dp)) {
        if (wgs84) p = ll(p);
        ls->addPoint(p.x, p.y);
      }
      f.SetGeometryDirectly(ls);
    });
  }
}

void write_planning_layer(GDALDataset* ds, const PlanExport& e, const std::string& path, char** opts = nullptr) {
  const auto rows = all_rows(e);
  OGRLayer* l = create_layer(ds, "planning", wkbNone, 0, kPlanningCols, path, opts);
  for (const auto& r : rows) add_feature(l, path, [&](OGRFeature& f) { fill_planning(f, e, rows, r); });
}

}  // namespace

std::string write_plan_geojson(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "plan.geojson", ".geojson");
  GDALDataset* ds = create_ds("GeoJSON", tf.tmp_path);
  try {
    write_geo_layers(ds, e, tf.tmp_path, true, true);
  } catch (...) {
    GDALClose(ds);
    throw;
  }
  close_ds(ds, tf.tmp_path);
  return tf.commit();
}

std::string write_plan_gpkg(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "plan.gpkg", ".gpkg");
  GDALDataset* ds = create_ds("GPKG", tf.tmp_path);
  try {
    write_geo_layers(ds, e, tf.tmp_path, false, false);
    write_planning_layer(ds, e, tf.tmp_path);
  } catch (...) {
    GDALClose(ds);
    throw;
  }
  close_ds(ds, tf.tmp_path);
  return tf.commit();
}

// ---------------------------------------------------------------- CSV / XLSX

std::string write_planning_csv(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "planning.csv", ".csv");
  GDALDataset* ds = create_ds("CSV", tf.tmp_path);
  char** opts = CSLSetNameValue(nullptr, "STRING_QUOTING", "IF_NEEDED");
  try {
    write_planning_layer(ds, e, tf.tmp_path, opts);
    CSLDestroy(opts);
  } catch (...) {
    GDALClose(ds);
    throw;
  }
  close_ds(ds, tf.tmp_path);
  return tf.commit();
}

std::string write_planning_xlsx(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "planning.xlsx", ".xlsx");
  GDALDataset* ds = create_ds("XLSX", tf.tmp_path);
  try {
    write_planning_layer(ds, e, tf.tmp_path);
    OGRLayer* l = create_layer(ds, "resume", wkbNone, 0, {{"parametre", OFTString}, {"valeur", OFTString}}, tf.tmp_path);
    for (const auto& kv : e.parameters)  // no structured binding: clang 14 cannot capture one
      add_feature(l, tf.tmp_path, [&](OGRFeature& f) {
        f.SetField("parametre", kv.first.c_str());
        f.SetField("valeur", kv.second.c_str());
      });
  } catch (...) {
    GDALClose(ds);
    throw;
  }
  close_ds(ds, tf.tmp_path);
  return tf.commit();
}

// ---------------------------------------------------------------- ICS

std::string ics_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      o += '\\';
      o += c;
    } else if (c == '\n') {
      o += "\\n";
    } else if (c != '\r') {
      o += c;
    }
  }
  return o;
}

std::string ics_fold(const std::string& line) {
  std::string out;
  size_t i = 0;
  size_t limit = 75;  // first line: 75 octets; continuation: 1 space + 74 octets
  while (true) {
    if (line.size() - i <= limit) {
      out.append(line, i, std::string::npos);
      out += "\r\n";
      return out;
    }
    size_t cut = i + limit;
    while (cut > i && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    out.append(line, i, cut - i);
    out += "\r\n ";
    i = cut;
    limit = 74;
  }
}

std::string write_planning_ics(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "planning.ics", ".ics");
  const auto rows = all_rows(e);
  std::string s;
  auto line = [&](const std::string& l) { s += ics_fold(l); };
  auto stamp = [](Date d, double secs) {
    const long m = std::lround(secs / 60.0);
    char b[32];
    std::snprintf(b, sizeof b, "%04d%02d%02dT%02ld%02ld00", d.y, d.m, d.d, m / 60, m % 60);
    return std::string(b);
  };
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char dtstamp[32];
  std::strftime(dtstamp, sizeof dtstamp, "%Y%m%dT%H%M%SZ", &utc);
  if (!e.dtstamp.empty()) std::snprintf(dtstamp, sizeof dtstamp, "%s", e.dtstamp.substr(0, 31).c_str());
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//Maraude//Planificateur de tournees//FR");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:" + ics_escape(e.title.empty() ? "Tournées du bureau mobile" : e.title));
  for (const auto& r : rows) {
    if (r.type != "arret") continue;
    const PlanPlace& pl = e.places[static_cast<size_t>(r.place)];
    const Date d = day_date(e, r.day);
    const int n = stop_number(rows, r);
    const Vec2 g = ll(pl.pos);
    char geo[64];
    std::snprintf(geo, sizeof geo, "GEO:%.6f;%.6f", g.y, g.x);
    line("BEGIN:VEVENT");
    line("UID:" + date_iso(d) + "-e" + std::to_string(r.team + 1) + "-" + std::to_string(n) + "-" +
         (pl.code.empty() ? "x" : pl.code) + "@maraude");
    line(std::string("DTSTAMP:") + dtstamp);
    line("DTSTART:" + stamp(d, r.start));
    line("DTEND:" + stamp(d, r.end));
    line("SUMMARY:" + ics_escape("Bureau mobile — " + pl.label + " (jour " + std::to_string(r.day + 1) + ", arrêt " +
                                 std::to_string(n) + ")"));
    line("LOCATION:" + ics_escape(pl.label + (pl.code.empty() ? "" : " (commune " + pl.code + ")")));
    line(geo);
    line("DESCRIPTION:" + ics_escape(stop_desc(e, rows, r) + "\nTrajet depuis l'étape précédente : " +
                                     format_fr(r.drive_s / 60, 0) + " min, " + format_fr(r.drive_m / 1000, 1) +
                                     " km.\nCible : " + pl.target + "\nÉquipe : " + team_name(e, r.team)));
    line("CATEGORIES:" + ics_escape("Bureau mobile"));
    line("TRANSP:OPAQUE");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  {
    std::ofstream f(tf.tmp_path, std::ios::binary);
    f << s;
    f.close();
    if (!f) throw Error(ErrorKind::Io, "écriture impossible", tf.final_path, "vérifiez l’espace libre et les droits d’accès");
  }
  return tf.commit();
}

// ---------------------------------------------------------------- roadbook PDF

namespace {

using namespace draw;

constexpr double kPW = 595.28, kPH = 841.89, kM = 32;

// What the roadbook map shares with every other map (outside, land, commune lines, labels,
// QPV) comes from the one palette (core/cartography.h), so a commune or a QPV looks the same
// on the screen, the dossier, the handout and the roadbook. The route, stops, base and the
// day's communes are the roadbook's own.
namespace pal = carto::palette;
constexpr Rgb rgb_of(carto::Rgba c) { return {c.r / 255.0, c.g / 255.0, c.b / 255.0}; }
// A palette colour with its own alpha (times `a`).
void setc(cairo_t* cr, carto::Rgba c, double a = 1) { cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0 * a); }
const Rgb kText = rgb_of(pal::kText), kMuted = rgb_of(pal::kTextMuted), kRoute = hex(0x1f4e9c), kStop = hex(0xc0392b),
          kBase = hex(0x111111), kTarget = hex(0xfbe3c8), kRule = hex(0xcccccc), kBand = hex(0xeef2f8), kLunch = hex(0x2e7d32);

// Text with a white halo (map labels).
void halo_text(cairo_t* cr, double x, double y, const std::string& s, Rgb c) {
  cairo_move_to(cr, x, y);
  cairo_text_path(cr, s.c_str());
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 2.6);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  set(cr, c);
  text_at(cr, x, y, s);
}
std::string fit(cairo_t* cr, std::string s, double w) {
  if (text_w(cr, s) <= w) return s;
  size_t n = utf8_length(s);
  while (n > 1) {
    --n;
    std::string t = utf8_fit(s, n);
    if (text_w(cr, t) <= w) return t;
  }
  return s;
}

struct MapFrame {
  double x, y, w, h;  // page rectangle
  double scale;       // points per metre
  Vec2 origin;        // L93 of the rectangle's top-left
  Vec2 to_page(Vec2 p) const { return {x + (p.x - origin.x) * scale, y + (origin.y - p.y) * scale}; }
};

MapFrame frame_for(const std::vector<Vec2>& pts, double x, double y, double w, double h) {
  double minx = 1e18, miny = 1e18, maxx = -1e18, maxy = -1e18;
  for (const auto& p : pts) {
    minx = std::min(minx, p.x);
    miny = std::min(miny, p.y);
    maxx = std::max(maxx, p.x);
    maxy = std::max(maxy, p.y);
  }
  double cw = std::max(maxx - minx, 8000.0), ch = std::max(maxy - miny, 8000.0);
  const double cx = (minx + maxx) / 2, cy = (miny + maxy) / 2;
  cw *= 1.3;
  ch *= 1.3;
  const double scale = std::min(w / cw, h / ch);
  MapFrame f{x, y, w, h, scale, {cx - w / 2 / scale, cy + h / 2 / scale}};
  return f;
}

void ring_path(cairo_t* cr, const MapFrame& f, const Ring& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    const Vec2 p = f.to_page(r[i]);
    if (i == 0)
      cairo_move_to(cr, p.x, p.y);
    else
      cairo_line_to(cr, p.x, p.y);
  }
  cairo_close_path(cr);
}

void mp_path(cairo_t* cr, const MapFrame& f, const MultiPolygon& mp) {
  for (const auto& poly : mp.polys)
    for (const auto& r : poly.rings) ring_path(cr, f, r);
}

void draw_map(cairo_t* cr, const PlanExport& e, const DayPlan& dp, const MapFrame& f) {
  cairo_save(cr);
  cairo_rectangle(cr, f.x, f.y, f.w, f.h);
  cairo_clip(cr);
  setc(cr, pal::kBackground);
  cairo_paint(cr);
  const Vec2 tl = f.origin, br = {f.origin.x + f.w / f.scale, f.origin.y - f.h / f.scale};
  std::vector<std::string> stop_codes;
  for (const auto& v : dp.visits)
    stop_codes.push_back(e.places[static_cast<size_t>(e.input->stops[static_cast<size_t>(v.stop)].place)].code);
  std::vector<const Commune*> shown;
  if (e.ws) {
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (const auto& c : e.ws->communes) {
      const BBox cb = bbox(c.geom);
      if (cb.maxx < tl.x || cb.minx > br.x || cb.maxy < br.y || cb.miny > tl.y) continue;
      shown.push_back(&c);
      mp_path(cr, f, c.geom);
      const bool visited = std::find(stop_codes.begin(), stop_codes.end(), c.code) != stop_codes.end();
      if (visited)
        set(cr, kTarget);
      else
        setc(cr, pal::kLand);
      cairo_fill_preserve(cr);
      setc(cr, pal::kCommuneLine);
      cairo_set_line_width(cr, 0.4);
      cairo_stroke(cr);
    }
    // Names of the larger communes (context), small and muted.
    font(cr, 6.5);
    for (const Commune* c : shown) {
      const bool visited = std::find(stop_codes.begin(), stop_codes.end(), c->code) != stop_codes.end();
      if (visited || c->population < 3000) continue;
      const Vec2 p = f.to_page(c->anchor);
      const std::string n = c->name;
      halo_text(cr, p.x - text_w(cr, n) / 2, p.y + 2, n, kMuted);
    }
  }
  // QPV perimeters of the day's stops.
  for (const auto& v : dp.visits) {
    const PlanPlace& pl = e.places[static_cast<size_t>(e.input->stops[static_cast<size_t>(v.stop)].place)];
    if (pl.area.empty()) continue;
    cairo_new_path(cr);
    mp_path(cr, f, pl.area);
    setc(cr, pal::kQpvFill);
    cairo_fill_preserve(cr);
    setc(cr, pal::kQpvLine);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
  }
  // Route legs: along the roads when the plan was made on the road network, else straight.
  const int base = e.input->teams[static_cast<size_t>(dp.team)].base;
  std::vector<Vec2> seq{e.places[static_cast<size_t>(base)].pos};
  for (const auto& v : dp.visits) seq.push_back(e.places[static_cast<size_t>(e.input->stops[static_cast<size_t>(v.stop)].place)].pos);
  seq.push_back(seq.front());
  const auto legs = day_legs(e, dp);
  cairo_new_path(cr);
  cairo_set_line_width(cr, 2.2);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  set(cr, kRoute, 0.85);
  for (size_t i = 0; i + 1 < seq.size(); ++i) {
    const auto& line = legs[i];
    if (line.size() > 2) {
      const Vec2 s0 = f.to_page(line[0]);
      cairo_move_to(cr, s0.x, s0.y);
      for (size_t j = 1; j < line.size(); ++j) {
        const Vec2 q = f.to_page(line[j]);
        cairo_line_to(cr, q.x, q.y);
      }
      cairo_stroke(cr);
      continue;  // no chevron on a winding road: the stop numbers give the order
    }
    const Vec2 a = f.to_page(seq[i]), b = f.to_page(seq[i + 1]);
    cairo_move_to(cr, a.x, a.y);
    cairo_line_to(cr, b.x, b.y);
    cairo_stroke(cr);
    // Direction arrow at the middle of the leg.
    const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
    if (len > 40) {
      const double ux = dx / len, uy = dy / len, mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      cairo_move_to(cr, mx + ux * 5, my + uy * 5);
      cairo_line_to(cr, mx - ux * 4 - uy * 4, my - uy * 4 + ux * 4);
      cairo_line_to(cr, mx - ux * 4 + uy * 4, my - uy * 4 - ux * 4);
      cairo_close_path(cr);
      cairo_fill(cr);
    }
  }
  // Base.
  const Vec2 bp = f.to_page(seq.front());
  cairo_new_path(cr);
  cairo_rectangle(cr, bp.x - 8, bp.y - 8, 16, 16);
  set(cr, kBase);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 1.5);
  cairo_stroke(cr);
  font(cr, 9, true);
  cairo_set_source_rgb(cr, 1, 1, 1);
  text_at(cr, bp.x - text_w(cr, "B") / 2, bp.y + 3.3, "B");
  font(cr, 8, true);
  halo_text(cr, bp.x + 11, bp.y + 14, "Base : " + e.places[0].label, kBase);
  // Stops. Stops at the same spot (two QPVs known only by their commune) are fanned out
  // to the right with a leader line; labels are pushed down until they overlap nothing.
  struct Box {
    double x0, y0, x1, y1;
    bool hits(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  };
  std::vector<Box> taken{{bp.x - 9, bp.y - 9, bp.x + 9, bp.y + 9}};
  std::vector<Vec2> circles;
  for (size_t i = 0; i < dp.visits.size(); ++i) {
    const int place = e.input->stops[static_cast<size_t>(dp.visits[i].stop)].place;
    const Vec2 at = f.to_page(e.places[static_cast<size_t>(place)].pos);
    Vec2 p = at;
    for (int k = 0; k < 12; ++k) {
      bool clash = false;
      clash = dist(bp, p) < 19;  // never hide the base square
      for (const Vec2& c : circles) clash = clash || dist(c, p) < 19;
      if (!clash) break;
      p = {p.x + 20, p.y};
    }
    if (dist(p, at) > 1) {
      cairo_new_path(cr);
      set(cr, kStop);
      cairo_set_line_width(cr, 1);
      cairo_move_to(cr, at.x, at.y);
      cairo_line_to(cr, p.x, p.y);
      cairo_stroke(cr);
    }
    circles.push_back(p);
    taken.push_back({p.x - 9, p.y - 9, p.x + 9, p.y + 9});
    cairo_new_path(cr);  // show_text leaves a current point: no stray segment to the circle
    cairo_arc(cr, p.x, p.y, 9, 0, 2 * M_PI);
    set(cr, kStop);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    const std::string n = std::to_string(i + 1);
    font(cr, 9, true);
    cairo_set_source_rgb(cr, 1, 1, 1);
    text_at(cr, p.x - text_w(cr, n) / 2, p.y + 3.3, n);
  }
  font(cr, 8.5, true);
  for (size_t i = 0; i < dp.visits.size(); ++i) {
    const int place = e.input->stops[static_cast<size_t>(dp.visits[i].stop)].place;
    const Vec2 p = circles[i];
    const std::string lab = std::to_string(i + 1) + ". " + fit(cr, e.places[static_cast<size_t>(place)].label, 190);
    const double w = text_w(cr, lab);
    double lx = p.x + 12;
    if (lx + w > f.x + f.w - 4) lx = p.x - 12 - w;
    double ly = p.y - 6;
    for (int k = 0; k < 10; ++k) {
      const Box b{lx - 1, ly - 9, lx + w + 1, ly + 3};
      bool clash = false;
      for (const Box& t : taken) clash = clash || b.hits(t);
      if (!clash) break;
      ly += 12;
    }
    taken.push_back({lx - 1, ly - 9, lx + w + 1, ly + 3});
    halo_text(cr, lx, ly, lab, kText);
  }
  cairo_restore(cr);
  // Frame, scale bar, north.
  cairo_rectangle(cr, f.x, f.y, f.w, f.h);
  set(cr, kText);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
  const double nice[] = {1, 2, 5, 10, 20, 50};
  double km = 1;
  for (double n : nice)
    if (n * 1000 * f.scale <= f.w / 4) km = n;
  const double sx = f.x + 10, sy = f.y + f.h - 12, sw = km * 1000 * f.scale;
  cairo_rectangle(cr, sx - 4, sy - 12, sw + 40, 18);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill(cr);
  set(cr, kText);
  cairo_set_line_width(cr, 1.5);
  cairo_move_to(cr, sx, sy);
  cairo_line_to(cr, sx + sw, sy);
  cairo_stroke(cr);
  font(cr, 7);
  text_at(cr, sx + sw + 4, sy + 2.5, format_fr(km, 0) + " km");
  font(cr, 9, true);
  text_at(cr, f.x + f.w - 16, f.y + 16, "N");
  cairo_move_to(cr, f.x + f.w - 12.5, f.y + 20);
  cairo_line_to(cr, f.x + f.w - 16, f.y + 30);
  cairo_line_to(cr, f.x + f.w - 9, f.y + 30);
  cairo_close_path(cr);
  cairo_fill(cr);
}

}  // namespace

std::string write_roadbook_pdf(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "roadbook.pdf", ".pdf");
  cairo_surface_t* surf = cairo_pdf_surface_create(tf.tmp_path.c_str(), kPW, kPH);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    throw Error(ErrorKind::Io, "impossible de créer le PDF", tf.final_path, "vérifiez que le dossier est accessible en écriture");
  }
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "Carnet de route — tournées du bureau mobile");
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Maraude");
  cairo_t* cr = cairo_create(surf);
  const int pages = static_cast<int>(e.plan->days.size());
  int page = 0;
  for (const auto& dp : e.plan->days) {
    ++page;
    const Date d = day_date(e, dp.day);
    // Header band.
    set(cr, kBand);
    cairo_rectangle(cr, 0, 0, kPW, 64);
    cairo_fill(cr);
    set(cr, kText);
    font(cr, 16, true);
    text_at(cr, kM, 30, "Jour " + std::to_string(dp.day + 1) + " — " + date_fr(d));
    font(cr, 8.5);
    set(cr, kMuted);
    text_at(cr, kM, 48, fit(cr, team_name(e, dp.team) + " · " + e.title, kPW - 2 * kM));
    font(cr, 9);
    text_right(cr, kPW - kM, 30, "Page " + std::to_string(page) + " / " + std::to_string(pages));
    const double my = 76;
    const double table_h = 70 + 19.0 * (2.0 * dp.visits.size() + 3);
    const double mh = std::clamp(kPH - my - table_h - 60, 300.0, 560.0);
    if (dp.visits.empty()) {
      font(cr, 13, true);
      set(cr, kText);
      text_at(cr, kM, my + 30, "Pas de tournée prévue ce jour.");
      font(cr, 10);
      set(cr, kMuted);
      text_at(cr, kM, my + 50, "Aucun arrêt n'a été placé sur cette journée (voir le rapport pour les arrêts écartés).");
      cairo_show_page(cr);
      continue;
    }
    const std::vector<Vec2> pts = day_path(e, dp);  // the frame holds the roads followed too
    const MapFrame f = frame_for(pts, kM, my, kPW - 2 * kM, mh);
    draw_map(cr, e, dp, f);
    // Summary line.
    double value = 0;
    for (const auto& v : dp.visits) value += e.input->stops[static_cast<size_t>(v.stop)].value;
    double y = my + mh + 22;
    font(cr, 10.5, true);
    set(cr, kText);
    text_at(cr, kM, y,
            std::to_string(dp.visits.size()) + (dp.visits.size() > 1 ? " arrêts" : " arrêt") + " · départ " +
                hhmm(dp.depart_s) + ", retour " + hhmm(dp.return_s) + " · " + format_fr(dp.distance_m / 1000, 0) +
                " km, " + format_fr(dp.drive_s / 60, 0) + " min de route · " + format_fr(value, 1) +
                " NEET estimés");
    // Table.
    y += 20;
    const double cx[] = {kM, kM + 26, kM + 250, kM + 300, kM + 350, kM + 400, kM + 470};
    const char* heads[] = {"N°", "Lieu", "Arrivée", "Début", "Départ", "Trajet", "NEET est."};
    font(cr, 8.5, true);
    set(cr, kMuted);
    for (int i = 0; i < 7; ++i) text_at(cr, cx[i], y, heads[i]);
    y += 5;
    set(cr, kRule);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, kM, y);
    cairo_line_to(cr, kPW - kM, y);
    cairo_stroke(cr);
    const auto rows = day_rows(e, dp);
    const double rh = std::min(19.0, (kPH - 60 - y) / std::max<size_t>(rows.size(), 1));
    int n = 0;
    for (const auto& r : rows) {
      y += rh;
      const PlanPlace& pl = e.places[static_cast<size_t>(r.place)];
      const bool stop = r.type == "arret";
      if (stop) {
        ++n;
        cairo_new_path(cr);
        cairo_arc(cr, cx[0] + 8, y - 3.5, 7.5, 0, 2 * M_PI);
        set(cr, kStop);
        cairo_fill(cr);
        font(cr, 8.5, true);
        cairo_set_source_rgb(cr, 1, 1, 1);
        const std::string ns = std::to_string(n);
        text_at(cr, cx[0] + 8 - text_w(cr, ns) / 2, y - 0.5, ns);
      } else if (r.type == "depart" || r.type == "retour") {
        cairo_rectangle(cr, cx[0] + 1.5, y - 10, 13, 13);
        set(cr, kBase);
        cairo_fill(cr);
        font(cr, 8, true);
        cairo_set_source_rgb(cr, 1, 1, 1);
        text_at(cr, cx[0] + 8 - text_w(cr, "B") / 2, y - 0.5, "B");
      }
      font(cr, 9.5, stop);
      set(cr, r.type == "pause" ? kLunch : kText);
      std::string what = stop ? pl.label : (r.type == "pause" ? "Pause déjeuner (" + pl.label + ")"
                                                                : (r.type == "depart" ? "Départ de la base, " : "Retour à la base, ") + pl.label);
      // Long names (QPV) shrink before being cut.
      for (double fs = 9.5; fs >= 7.5 && text_w(cr, what) > cx[2] - cx[1] - 8; fs -= 0.5) font(cr, fs, stop);
      text_at(cr, cx[1], y, fit(cr, what, cx[2] - cx[1] - 8));
      font(cr, 9.5);
      set(cr, kText);
      if (r.arrival >= 0) text_at(cr, cx[2], y, hhmm(r.arrival));
      if (r.start >= 0 && r.type != "pause") text_at(cr, cx[3], y, hhmm(r.start));
      if (r.type == "pause") text_at(cr, cx[3], y, hhmm(r.start));
      if (r.end >= 0) text_at(cr, cx[4], y, hhmm(r.end));
      if (r.type == "arret" || r.type == "retour")
        text_at(cr, cx[5], y, format_fr(r.drive_s / 60, 0) + " min · " + format_fr(r.drive_m / 1000, 0) + " km");
      if (stop) text_right(cr, kPW - kM, y, format_fr(r.value, 1));
      set(cr, kRule);
      cairo_set_line_width(cr, 0.3);
      cairo_move_to(cr, kM, y + 5);
      cairo_line_to(cr, kPW - kM, y + 5);
      cairo_stroke(cr);
    }
    // Footer: legend and method.
    font(cr, 7);
    set(cr, kMuted);
    text_at(cr, kM, kPH - 44,
            "Carte : B = base ; cercles rouges = arrêts dans l'ordre de passage ; en orange, communes des arrêts ; en rose, "
            "périmètres QPV visités.");
    text_at(cr, kM, kPH - 34,
 e.legs && !e.legs->empty()
                ? "Temps et distances " + e.travel_label + " ; tracés le long des routes, suivre la signalisation."
                : std::string("Temps et distances estimés (vol d'oiseau × détour, vitesses selon la densité) : tracés en "
                              "ligne droite, suivre la signalisation."));
    text_at(cr, kM, kPH - 24,
            "NEET est. : jeunes de 16-29 ans ni en emploi, ni en études, ni en formation, estimés non couverts dans la "
            "lacune visitée.");
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  const auto st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorKind::Io, std::string("écriture du PDF impossible : ") + cairo_status_to_string(st), tf.final_path);
  return tf.commit();
}

}  // namespace maraude::io
