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
}  // namespace

Date add_days(Date d, int n) { return civil_from_days(days_from_civil(d.y, d.m, d.d) + n); }
int weekday(Date d) {
  const long z = days_from_civil(d.y, d.m, d.d);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((z % 7) + 7 + 3) % 7);
}
std::string date_fr(Date d) {
  return std::string(kDaysFr[weekday(d)]) + " " + french_date(d.y, d.m, d.d);
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
    {"trajet_min", OFTReal},   {"trajet_km", OFTReal},     {"valeur_neet", OFTReal},  {"creneau", OFTString},
    {"frequence", OFTString},
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
  if (r.type == "arret")
    if (const routing::Passage* ps = passage_of(e, r.stop)) {
      f.SetField("creneau", slot_label(*ps).c_str());
      f.SetField("frequence", routing::frequency_label_fr(ps->period_weeks).c_str());
    }
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
  if (e.rotation) {
    line("X-WR-TIMEZONE:Europe/Paris");
    // Europe/Paris since 1996: CEST from the last Sunday of March 02:00, CET from the last
    // Sunday of October 03:00.
    for (const char* l : {"BEGIN:VTIMEZONE", "TZID:Europe/Paris", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
                          "TZNAME:CEST", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
                          "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
                          "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE"})
      line(l);
    static const char* const byday[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    for (const auto& ps : e.rotation->passages) {
      const auto& st = e.input->stops[static_cast<size_t>(ps.stop)];
      const PlanPlace& pl = e.places[static_cast<size_t>(st.place)];
      const Date d = day_date(e, 7 * ps.week + ps.weekday);
      const Vec2 g = ll(pl.pos);
      char geo[64];
      std::snprintf(geo, sizeof geo, "GEO:%.6f;%.6f", g.y, g.x);
      line("BEGIN:VEVENT");
      line("UID:rotation-" + date_iso(day_date(e, 0)) + "-e" + std::to_string(ps.team + 1) + "-s" + std::to_string(ps.week + 1) +
           "-" + byday[ps.weekday] + "-" + std::to_string(ps.half + 1) + "-" + (pl.code.empty() ? "x" : pl.code) + "@maraude");
      line(std::string("DTSTAMP:") + dtstamp);
      line("DTSTART;TZID=Europe/Paris:" + stamp(d, ps.start_s));
      line("DTEND;TZID=Europe/Paris:" + stamp(d, ps.end_s));
      line("RRULE:FREQ=WEEKLY;INTERVAL=" + std::to_string(ps.period_weeks) + ";BYDAY=" + byday[ps.weekday]);
      line("SUMMARY:" + ics_escape("Bureau mobile — " + pl.label));
      line("LOCATION:" + ics_escape(pl.label + (pl.code.empty() ? "" : " (commune " + pl.code + ")")));
      line(geo);
      line("DESCRIPTION:" + ics_escape("Créneau " + slot_label(ps) + ", " + routing::frequency_label_fr(ps.period_weeks) +
                                       ".\n" + format_fr(st.value, 1) + " NEET estimés non couverts.\nCible : " + pl.target +
                                       "\nÉquipe : " + team_name(e, ps.team)));
      line("CATEGORIES:" + ics_escape("Bureau mobile"));
      line("TRANSP:OPAQUE");
      line("END:VEVENT");
    }
  }
  for (const auto& r : rows) {
    if (e.rotation) break;
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

// An A4 PDF of the field documents (roadbook, passages) drawn into a temporary file and put in
// place by finish(); the cairo objects are released even when drawing throws.
struct PdfDoc {
  TmpFile tf;
  cairo_surface_t* surf = nullptr;
  cairo_t* cr = nullptr;
  PdfDoc(const std::string& dir, const std::string& name, const char* title) : tf(dir, name, ".pdf") {
    surf = cairo_pdf_surface_create(tf.tmp_path.c_str(), kPW, kPH);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
      throw Error(ErrorKind::Io, "impossible de créer le PDF", tf.final_path, "vérifiez que le dossier est accessible en écriture");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Maraude");
    cr = cairo_create(surf);
  }
  PdfDoc(const PdfDoc&) = delete;
  PdfDoc& operator=(const PdfDoc&) = delete;
  ~PdfDoc() {
    if (cr) cairo_destroy(cr);
    if (surf) cairo_surface_destroy(surf);
  }
  std::string finish() {
    cairo_destroy(cr);
    cr = nullptr;
    cairo_surface_finish(surf);
    const auto st = cairo_surface_status(surf);
    if (st != CAIRO_STATUS_SUCCESS)
      throw Error(ErrorKind::Io, std::string("écriture du PDF impossible : ") + cairo_status_to_string(st), tf.final_path);
    return tf.commit();
  }
};

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
  PdfDoc doc(dir, "roadbook.pdf", "Carnet de route — tournées du bureau mobile");
  cairo_t* cr = doc.cr;
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
    text_at(cr, kM, 30,
            (e.rotation ? "Semaine " + std::to_string(dp.day / 7 + 1) + " du cycle" : "Jour " + std::to_string(dp.day + 1)) + " — " +
                date_fr(d));
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
  return doc.finish();
}

// ---------------------------------------------------------------- rotation helpers

const routing::Passage* passage_of(const PlanExport& e, int stop) {
  if (!e.rotation) return nullptr;
  for (const auto& ps : e.rotation->passages)
    if (ps.stop == stop) return &ps;
  return nullptr;
}

namespace {
const char* const kJourFr[7] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
}

std::string slot_label(const routing::Passage& p) {
  return std::string(kJourFr[p.weekday % 7]) + " " + hhmm(p.start_s) + "-" + hhmm(p.end_s);
}

std::string heure_fr(double s) {
  const long m = std::lround(s / 60.0);
  // No-break spaces: "12 h 30" never splits across lines.
  return std::to_string(m / 60) + "\u00a0h" + (m % 60 ? "\u00a0" + std::string(m % 60 < 10 ? "0" : "") + std::to_string(m % 60) : "");
}

std::vector<Date> next_passages(const PlanExport& e, const routing::Passage& p, int n) {
  std::vector<Date> out;
  for (int i = 0; i < n; ++i) out.push_back(day_date(e, 7 * (p.week + i * p.period_weeks) + p.weekday));
  return out;
}

// ---------------------------------------------------------------- KML

namespace {

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string kml_coord(Vec2 l93) {
  const Vec2 g = l93_to_lonlat(l93);
  char b[64];
  std::snprintf(b, sizeof b, "%.6f,%.6f,0", g.x, g.y);
  return b;
}

}  // namespace

std::string write_plan_kml(const std::string& dir, const PlanExport& e) {
  TmpFile tf(dir, "plan.kml", ".kml");
  std::ostringstream k;
  k << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n";
  k << "<name>" << xml_escape(e.rotation ? "Rotation du bureau mobile" : "Tournées du bureau mobile") << "</name>\n";
  k << "<description>" << xml_escape(e.title) << "</description>\n";
  k << "<Style id=\"base\"><IconStyle><color>ff111111</color><scale>1.2</scale><Icon><href>"
       "http://maps.google.com/mapfiles/kml/shapes/homegardenbusiness.png</href></Icon></IconStyle></Style>\n";
  k << "<Style id=\"arret\"><IconStyle><color>ff2b39c0</color><Icon><href>"
       "http://maps.google.com/mapfiles/kml/paddle/red-circle.png</href></Icon></IconStyle></Style>\n";
  // One line colour per weekday (KML colours are aabbggrr).
  static const char* const kDayColour[7] = {"ff9c4e1f", "ff3c8e2e", "ff0f6fd8", "ff8e2d8e", "ff1f1fb0", "ff707070", "ff404040"};
  for (int d = 0; d < 7; ++d)
    k << "<Style id=\"route" << d << "\"><LineStyle><color>" << kDayColour[d] << "</color><width>3</width></LineStyle></Style>\n";
  const PlanPlace& base = e.places.front();
  k << "<Placemark><name>" << xml_escape("Base : " + base.label) << "</name><styleUrl>#base</styleUrl><Point><coordinates>"
    << kml_coord(base.pos) << "</coordinates></Point></Placemark>\n";
  k << "<Folder><name>Arrêts</name>\n";
  if (e.rotation) {
    for (const auto& ps : e.rotation->passages) {
      const auto& st = e.input->stops[static_cast<size_t>(ps.stop)];
      const PlanPlace& pl = e.places[static_cast<size_t>(st.place)];
      std::string desc = "Le " + std::string(kJourFr[ps.weekday]) + " de " + heure_fr(ps.start_s) + " à " + heure_fr(ps.end_s) +
                         ", " + routing::frequency_label_fr(ps.period_weeks) + ". Prochains passages : ";
      const auto dates = next_passages(e, ps, 4);
      for (size_t i = 0; i < dates.size(); ++i) desc += (i ? ", " : "") + date_fr(dates[i]);
      desc += ". " + format_fr(st.value, 1) + " NEET estimés non couverts. " + team_name(e, ps.team) + ".";
      k << "<Placemark><name>" << xml_escape(pl.label + " — " + slot_label(ps)) << "</name><description>" << xml_escape(desc)
        << "</description><styleUrl>#arret</styleUrl>"
        << "<ExtendedData><Data name=\"creneau\"><value>" << xml_escape(slot_label(ps)) << "</value></Data>"
        << "<Data name=\"frequence\"><value>" << xml_escape(routing::frequency_label_fr(ps.period_weeks)) << "</value></Data>"
        << "<Data name=\"cible\"><value>" << xml_escape(pl.target) << "</value></Data></ExtendedData>"
        << "<Point><coordinates>" << kml_coord(pl.pos) << "</coordinates></Point></Placemark>\n";
    }
  } else {
    for (const auto& dp : e.plan->days)
      for (const auto& v : dp.visits) {
        const auto& st = e.input->stops[static_cast<size_t>(v.stop)];
        const PlanPlace& pl = e.places[static_cast<size_t>(st.place)];
        const std::string when = date_fr(day_date(e, dp.day)) + ", " + hhmm(v.start_s) + "-" + hhmm(v.end_s);
        k << "<Placemark><name>" << xml_escape(pl.label) << "</name><description>"
          << xml_escape("Jour " + std::to_string(dp.day + 1) + " : " + when + ". " + format_fr(st.value, 1) +
                        " NEET estimés non couverts. " + team_name(e, dp.team) + ".")
          << "</description><styleUrl>#arret</styleUrl><Point><coordinates>" << kml_coord(pl.pos)
          << "</coordinates></Point></Placemark>\n";
      }
  }
  k << "</Folder>\n<Folder><name>Itinéraires</name>\n";
  for (const auto& dp : e.plan->days) {
    if (dp.visits.empty()) continue;
    const Date d = day_date(e, dp.day);
    std::string name = date_fr(d);
    if (e.rotation && e.rotation->cycle_weeks > 1) name += " (semaine " + std::to_string(dp.day / 7 + 1) + " du cycle)";
    if (e.team_names.size() > 1) name += ", " + team_name(e, dp.team);
    k << "<Placemark><name>" << xml_escape(name) << "</name><styleUrl>#route" << weekday(d) << "</styleUrl>"
      << "<LineString><tessellate>1</tessellate><coordinates>";
    const auto path = day_path(e, dp);
    for (size_t i = 0; i < path.size(); ++i) k << (i ? " " : "") << kml_coord(path[i]);
    k << "</coordinates></LineString></Placemark>\n";
  }
  k << "</Folder>\n</Document>\n</kml>\n";
  {
    std::ofstream f(tf.tmp_path, std::ios::binary);
    f << k.str();
    f.close();
    if (!f) throw Error(ErrorKind::Io, "écriture impossible", tf.final_path, "vérifiez l’espace libre et les droits d’accès");
  }
  return tf.commit();
}

// ---------------------------------------------------------------- passages PDF

namespace {

// Words of `s` in lines of at most `w` points at the current font.
std::vector<std::string> wrap(cairo_t* cr, const std::string& s, double w) {
  std::vector<std::string> lines;
  std::string cur;
  for (const std::string& word : split(s, ' ')) {
    if (word.empty()) continue;
    const std::string t = cur.empty() ? word : cur + " " + word;
    if (!cur.empty() && text_w(cr, t) > w) {
      lines.push_back(cur);
      cur = word;
    } else {
      cur = t;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

// Writes wrapped lines from `y` (baseline of the first), returns the baseline after the last.
double para(cairo_t* cr, const std::string& s, double x, double y, double w, double lead) {
  for (const auto& l : wrap(cr, s, w)) {
    text_at(cr, x, y, l);
    y += lead;
  }
  return y;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

std::string write_passages_pdf(const std::string& dir, const PlanExport& e) {
  PdfDoc doc(dir, "passages.pdf", "Passages du bureau mobile — affiches");
  cairo_t* cr = doc.cr;
  const double W = kPW - 2 * 48, X = 48;
  const std::string office = e.office_name.empty() ? e.places.front().label : e.office_name;
  std::vector<const routing::Passage*> order;
  if (e.rotation)
    for (const auto& ps : e.rotation->passages) order.push_back(&ps);
  if (order.empty()) {  // no stop served: one page that says so
    font(cr, 16, true);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text_at(cr, X, 120, "Aucun passage planifié.");
    cairo_show_page(cr);
  }
  for (const routing::Passage* ps : order) {
    const auto& st = e.input->stops[static_cast<size_t>(ps->stop)];
    const PlanPlace& pl = e.places[static_cast<size_t>(st.place)];
    std::string commune = pl.label, lieu;
    if (e.ws)
      if (const Commune* c = e.ws->commune(pl.code)) commune = c->name;
    const auto q = pl.label.find(" — QPV ");
    if (q != std::string::npos)
      lieu = "quartier " + pl.label.substr(q + std::string(" — QPV ").size());
    else
      lieu = "au centre de la commune";
    const std::string jour = kJourFr[ps->weekday];
    const std::string heures = "de " + heure_fr(ps->start_s) + " à " + heure_fr(ps->end_s);
    const std::string freq = routing::frequency_label_fr(ps->period_weeks);
    cairo_set_source_rgb(cr, 0, 0, 0);
    // Header: black band with white text (prints well in black and white).
    cairo_rectangle(cr, 0, 0, kPW, 92);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    font(cr, 30, true);
    text_at(cr, X, 58, "Bureau mobile");
    font(cr, 12);
    text_at(cr, X, 80, fit(cr, team_name(e, ps->team) + " · base : " + e.places.front().label, W));
    cairo_set_source_rgb(cr, 0, 0, 0);
    double y = 150;
    font(cr, 40, true);
    std::string big = commune;
    for (double fs = 40; fs > 22 && text_w(cr, big) > W; fs -= 2) font(cr, fs, true);
    y = para(cr, big, X, y, W, 46);
    y += 8;
    font(cr, 15);
    y = para(cr, "Le bureau mobile de " + office + " passe à " + commune + " le " + jour + " " + heures + ", " + freq + ", " + lieu +
                     ".",
             X, y, W, 21);
    // The slot, large, in a ruled box.
    y += 18;
    const double box_y = y;
    cairo_set_line_width(cr, 3);
    cairo_rectangle(cr, X, box_y, W, 176);
    cairo_stroke(cr);
    font(cr, 44, true);
    const std::string le = "Le " + jour;
    text_at(cr, X + (W - text_w(cr, le)) / 2, box_y + 62, le);
    font(cr, 32, true);
    text_at(cr, X + (W - text_w(cr, heures)) / 2, box_y + 110, heures);
    font(cr, 22);
    const std::string f2 = capitalised(freq);
    text_at(cr, X + (W - text_w(cr, f2)) / 2, box_y + 152, f2);
    y = box_y + 176 + 40;
    font(cr, 15, true);
    text_at(cr, X, y, "Où ?");
    font(cr, 15);
    y = para(cr, capitalised(lieu) + (q != std::string::npos ? ", " + commune : "") + ".", X + 60, y, W - 60, 21);
    y += 18;
    font(cr, 15, true);
    text_at(cr, X, y, "Prochains passages :");
    y += 30;
    const auto dates = next_passages(e, *ps, 6);
    for (size_t i = 0; i < dates.size(); ++i) {
      const double cx = X + 10, cy = y + static_cast<double>(i) * 32;
      cairo_set_line_width(cr, 1.5);
      cairo_rectangle(cr, cx, cy - 13, 15, 15);
      cairo_stroke(cr);
      font(cr, 16, true);
      text_at(cr, cx + 26, cy, capitalised(date_fr(dates[i])));
    }
    // Footer.
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, X, kPH - 62);
    cairo_line_to(cr, X + W, kPH - 62);
    cairo_stroke(cr);
    font(cr, 8.5);
    para(cr,
         "Le même créneau revient " + freq + " à partir du " + date_fr(day_date(e, 7 * ps->week + ps->weekday)) +
             ". En cas de changement, cette affiche est remplacée. " + team_name(e, ps->team) + ", base : " +
             e.places.front().label + ".",
         X, kPH - 46, W, 12);
    cairo_show_page(cr);
  }
  return doc.finish();
}

}  // namespace maraude::io
