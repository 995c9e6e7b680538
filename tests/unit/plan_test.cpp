// `maraude plan` on the real data: the Douai camping-car over the gaps of TOUR EMPLOI's
// territory (Douaisis, Cœur d'Ostrevent), checked by an independent schedule checker that
// reads planning.csv back, compared with a nearest-neighbour plan computed here, and the
// field exports read back by external tools (ogrinfo, xmllint, gpsbabel, pdfinfo).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/cartography.h"
#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "io/csv.h"
#include "io/plan_export.h"
#include "io/plan_setup.h"
#include "io/scenario_store.h"
#include "io/workspace.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;
using namespace maraude::test;

namespace {

constexpr double kService = 3 * 3600, kStart = 9 * 3600, kEnd = 17 * 3600, kLunchOpen = 12 * 3600,
                 kLunchClose = 14 * 3600, kLunch = 3600, kMaxDrive = 2 * 3600;
constexpr double kTol = 61;  // times are written to the minute

const std::string kPlanArgs =
    " --base 59178 --days 10 --territory laureate:tour_emploi --reach 3km --service 3h --start 09:00 --end 17:00"
    " --lunch 12:00-14:00/60 --max-drive 2h --date 2026-11-30";

struct Planned {
  RunResult run;
  fs::path dir;
};

const Planned& douai_plan() {
  static Planned p = [] {
    Planned r;
    r.dir = temp_dir("plan_douai");
    r.run = run_maraude("plan '" + real_workspace() + "'" + kPlanArgs + " --out '" + r.dir.string() + "'");
    return r;
  }();
  return p;
}

double clock_s(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  return std::stoi(s.substr(0, 2)) * 3600.0 + std::stoi(s.substr(3, 2)) * 60.0;
}

struct Event {
  std::string type, code, cible;
  int order = 0;
  double arrival = -1, start = -1, end = -1, drive_min = 0, value = 0;
};

// planning.csv read back: (team, day) -> events in order.
std::map<std::pair<std::string, int>, std::vector<Event>> read_planning(const fs::path& csv) {
  const auto t = io::CsvTable::read(csv.string());
  std::map<std::pair<std::string, int>, std::vector<Event>> days;
  const size_t jour = t.require("jour"), equipe = t.require("equipe"), ordre = t.require("ordre"), type = t.require("type"),
               code = t.require("code"), cible = t.require("cible"), arr = t.require("arrivee"), deb = t.require("debut"),
               dep = t.require("depart"), tmin = t.require("trajet_min"), val = t.require("valeur_neet");
  for (const auto& row : t.rows()) {
    Event e;
    e.type = t.get(row, type);
    e.code = t.get(row, code);
    e.cible = t.get(row, cible);
    e.order = std::stoi(t.get(row, ordre));
    e.arrival = clock_s(t.get(row, arr));
    e.start = clock_s(t.get(row, deb));
    e.end = clock_s(t.get(row, dep));
    e.drive_min = t.get(row, tmin).empty() ? 0 : std::stod(t.get(row, tmin));
    e.value = t.get(row, val).empty() ? 0 : std::stod(t.get(row, val));
    days[{t.get(row, equipe), std::stoi(t.get(row, jour))}].push_back(e);
  }
  for (auto& [k, v] : days) std::sort(v.begin(), v.end(), [](const Event& a, const Event& b) { return a.order < b.order; });
  return days;
}

// The candidates as the command defines them, rebuilt here from the coverage engine, and a
// nearest-neighbour plan over them under the same day rules.
struct Cand {
  Vec2 pos;
  double value;
};

double nearest_neighbour_value(int n_days, double* total_value, size_t* n_cands) {
  const Workspace ws = io::load_workspace(real_workspace());
  auto travel = coverage::default_travel(ws);
  coverage::Scenario sc = io::load_scenario(real_workspace(), ws, coverage::kDefaultScenarioName);
  sc.default_reach = coverage::Reach::km(3);
  coverage::CoverageEngine engine(&ws, coverage::build_targets(ws, {}), travel, {});
  engine.set_scenario(sc);
  std::set<std::string> terr;
  for (const auto& l : ws.laureates)
    if (l.id == "tour_emploi") terr.insert(l.communes.begin(), l.communes.end());
  std::vector<Cand> cands;
  for (const auto& g : engine.ranking()) {
    const auto& tg = engine.targets()[g.target];
    bool in = false;
    for (const auto& c : tg.communes) in = in || terr.count(c);
    const double v = engine.results()[g.target].uncovered_neet;
    if (!in || !tg.population_known || v <= 0) continue;
    Vec2 p = tg.anchor;
    if (tg.kind == coverage::TargetKind::RuralCommune)
      if (const Commune* c = ws.commune(tg.communes.front())) p = c->anchor;
    cands.push_back({p, v});
  }
  *n_cands = cands.size();
  *total_value = 0;
  for (const auto& c : cands) *total_value += c.value;
  const Vec2 base = ws.commune("59178")->anchor;
  std::vector<char> used(cands.size(), 0);
  double value = 0;
  for (int day = 0; day < n_days; ++day) {
    Vec2 at = base;
    double t = kStart, drive = 0;
    bool lunched = false;
    while (true) {
      int best = -1;
      double best_leg = 1e300, best_end = 0;
      bool best_lunched = false;
      for (size_t j = 0; j < cands.size(); ++j) {
        if (used[j]) continue;
        const double leg = travel->time_s(at, cands[j].pos), back = travel->time_s(cands[j].pos, base);
        if (leg >= best_leg || drive + leg + back > kMaxDrive) continue;
        for (int take = 0; take < 2; ++take) {
          if (take && lunched) break;
          const double t0 = take ? std::max(t, kLunchOpen) + kLunch : t;
          if (take && t0 > kLunchClose) continue;
          const double end = t0 + leg + kService;
          const bool l = lunched || take;
          if (!l && end > kLunchClose - kLunch) continue;
          if (end + back > kEnd) continue;
          best = static_cast<int>(j);
          best_leg = leg;
          best_end = end;
          best_lunched = l;
          break;
        }
      }
      if (best < 0) break;
      used[static_cast<size_t>(best)] = 1;
      value += cands[static_cast<size_t>(best)].value;
      drive += best_leg;
      t = best_end;
      lunched = best_lunched;
      at = cands[static_cast<size_t>(best)].pos;
    }
  }
  return value;
}

bool have(const std::string& tool) { return run("command -v " + tool).exit_code == 0; }

}  // namespace

// Independent feasibility check of planning.csv; returns the collected value and the stop count.
void check_planning(const fs::path& csv, double& value, int& stops) {
  const auto days = read_planning(csv);
  ASSERT_FALSE(days.empty());
  std::set<std::string> seen;
  value = 0;
  stops = 0;
  for (const auto& [key, ev] : days) {
    SCOPED_TRACE("jour " + std::to_string(key.second));
    ASSERT_GE(ev.size(), 3u);
    EXPECT_EQ(ev.front().type, "depart");
    EXPECT_GE(ev.front().end, kStart - kTol);
    const Event* ret = nullptr;
    int pauses = 0;
    double drive = 0;
    for (size_t i = 0; i < ev.size(); ++i) {
      const Event& e = ev[i];
      drive += e.drive_min * 60;
      if (i > 0 && e.type != "pause") {
        // Arrival after the previous event ended plus the drive.
        EXPECT_GE(e.arrival, ev[i - 1].end + e.drive_min * 60 - kTol) << e.type << " " << e.code;
      }
      if (e.type == "arret") {
        ++stops;
        value += e.value;
        EXPECT_TRUE(seen.insert(e.cible).second) << "served twice: " << e.cible;
        EXPECT_GE(e.start, e.arrival - kTol);
        EXPECT_GE(e.end - e.start, kService - kTol);
        EXPECT_LE(e.end, kEnd + kTol);
      } else if (e.type == "pause") {
        ++pauses;
        EXPECT_GE(e.start, kLunchOpen - kTol);
        EXPECT_LE(e.end, kLunchClose + kTol);
        EXPECT_GE(e.end - e.start, kLunch - kTol);
        if (i > 0) {
          EXPECT_GE(e.start, ev[i - 1].end - kTol);
        }
        // No visit overlaps the break.
        for (const Event& o : ev) {
          if (o.type == "arret") {
            EXPECT_TRUE(o.end <= e.start + kTol || o.start >= e.end - kTol) << o.code;
          }
        }
      } else if (e.type == "retour") {
        ret = &e;
      }
    }
    ASSERT_NE(ret, nullptr);
    EXPECT_LE(ret->arrival, kEnd + kTol);
    EXPECT_EQ(pauses, 1);
    EXPECT_LE(drive, kMaxDrive + 60 * 0.05 * static_cast<double>(ev.size()) + 1);
  }
}

TEST(PlanCommand, DouaiCampingCarIsFeasibleAndBeatsNearestNeighbour) {
  const Planned& p = douai_plan();
  ASSERT_EQ(p.run.exit_code, 0) << p.run.err << p.run.out;
  double value = 0;
  int stops = 0;
  check_planning(p.dir / "planning.csv", value, stops);
  double total = 0;
  size_t n = 0;
  const double nn = nearest_neighbour_value(10, &total, &n);
  std::printf("[plan] Douai, 10 days: plan %d stops, %.1f NEET; nearest neighbour %.1f NEET; %zu candidates, %.1f NEET\n",
              stops, value, nn, n, total);
  EXPECT_GT(stops, 0);
  EXPECT_GE(value + 0.05 * stops, nn);  // planning.csv values are rounded to 0.1
  EXPECT_NE(p.run.out.find("Arrêts servis"), std::string::npos);
  EXPECT_TRUE(fs::exists(p.dir / "rapport.txt"));
}

TEST(PlanCommand, GpxReadsBackAndValidates) {
  const Planned& p = douai_plan();
  ASSERT_EQ(p.run.exit_code, 0) << p.run.err;
  const fs::path gpx = p.dir / "plan.gpx";
  const auto info = run("ogrinfo -ro -al -so '" + gpx.string() + "'");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("Layer name: waypoints"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Layer name: routes"), std::string::npos) << info.out;
  const std::string text = read_file(gpx);
  EXPECT_NE(text.find("version=\"1.1\""), std::string::npos);
  const auto days = read_planning(p.dir / "planning.csv");
  size_t rte = 0;
  for (size_t at = text.find("<rte>"); at != std::string::npos; at = text.find("<rte>", at + 1)) ++rte;
  EXPECT_EQ(rte, days.size());
  if (have("xmllint")) {
    const auto x = run("xmllint --noout '" + gpx.string() + "'");
    EXPECT_EQ(x.exit_code, 0) << x.err;
  }
  if (have("gpsbabel")) {
    const auto g = run("gpsbabel -i gpx -f '" + gpx.string() + "' -o csv -F /dev/null");
    EXPECT_EQ(g.exit_code, 0) << g.err;
  }
}

TEST(PlanCommand, IcsIsWellFormed) {
  const Planned& p = douai_plan();
  ASSERT_EQ(p.run.exit_code, 0) << p.run.err;
  const std::string ics = read_file(p.dir / "planning.ics");
  ASSERT_FALSE(ics.empty());
  ASSERT_GE(ics.size(), 2u);
  EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
  std::vector<std::string> stack;
  int events = 0, dtstart = 0, dtend = 0, location = 0;
  size_t pos = 0;
  std::string logical;
  std::vector<std::string> lines;
  while (pos < ics.size()) {
    const size_t eol = ics.find("\r\n", pos);
    ASSERT_NE(eol, std::string::npos) << "line without CRLF at byte " << pos;
    const std::string line = ics.substr(pos, eol - pos);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos);
    if (!line.empty() && line[0] == ' ')
      lines.back() += line.substr(1);  // unfold
    else
      lines.push_back(line);
    pos = eol + 2;
  }
  for (const auto& l : lines) {
    if (l.rfind("BEGIN:", 0) == 0) stack.push_back(l.substr(6));
    if (l.rfind("END:", 0) == 0) {
      ASSERT_FALSE(stack.empty()) << l;
      EXPECT_EQ(stack.back(), l.substr(4));
      stack.pop_back();
    }
    if (l == "BEGIN:VEVENT") ++events;
    if (l.rfind("DTSTART:", 0) == 0) ++dtstart;
    if (l.rfind("DTEND:", 0) == 0) ++dtend;
    if (l.rfind("LOCATION:", 0) == 0) ++location;
  }
  EXPECT_TRUE(stack.empty());
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  int stops = 0;
  for (const auto& [k, ev] : read_planning(p.dir / "planning.csv"))
    for (const auto& e : ev) stops += e.type == "arret";
  EXPECT_EQ(events, stops);
  EXPECT_EQ(dtstart, stops);
  EXPECT_EQ(dtend, stops);
  EXPECT_EQ(location, stops);
}

TEST(PlanCommand, IcsFoldingKeepsUtf8Intact) {
  const std::string line = "DESCRIPTION:" + std::string(40, 'a') + "é" + std::string(100, 'b') + "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€";
  const std::string f = io::ics_fold(line);
  std::string unfolded;
  size_t pos = 0;
  while (pos < f.size()) {
    const size_t eol = f.find("\r\n", pos);
    ASSERT_NE(eol, std::string::npos);
    const std::string l = f.substr(pos, eol - pos);
    EXPECT_LE(l.size(), 75u);
    if (!l.empty()) {
      EXPECT_NE(static_cast<unsigned char>(l[l[0] == ' ' ? 1 : 0]) & 0xC0, 0x80) << "cut inside a UTF-8 sequence";
    }
    unfolded += pos == 0 ? l : l.substr(1);
    pos = eol + 2;
  }
  EXPECT_EQ(unfolded, line);
  EXPECT_EQ(io::ics_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
}

TEST(PlanCommand, RoadbookHasOnePagePerDay) {
  const Planned& p = douai_plan();
  ASSERT_EQ(p.run.exit_code, 0) << p.run.err;
  const auto info = run("pdfinfo '" + (p.dir / "roadbook.pdf").string() + "'");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto at = info.out.find("Pages:");
  ASSERT_NE(at, std::string::npos) << info.out;
  EXPECT_EQ(std::stoi(info.out.substr(at + 6)), 10) << info.out;  // one page per working day
}

// The roadbook map draws communes with the one palette of every map (core/cartography.h):
// page 1 rasterized, its land pixels are the palette's land colour, and the roadbook's former
// own land colour (#f7f5ef) is gone.
TEST(PlanCommand, RoadbookDrawsCommunesWithTheSharedPalette) {
  const Planned& p = douai_plan();
  ASSERT_EQ(p.run.exit_code, 0) << p.run.err;
  const fs::path ppm = p.dir / "page";
  const auto r = run("pdftoppm -r 40 -f 1 -l 1 -singlefile '" + (p.dir / "roadbook.pdf").string() + "' '" + ppm.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string img = read_file(ppm.string() + ".ppm");
  // P6 header: "P6\n<w> <h>\n255\n" then RGB bytes.
  std::istringstream head(img);
  std::string magic;
  int w = 0, h = 0, maxv = 0;
  head >> magic >> w >> h >> maxv;
  ASSERT_EQ(magic, "P6");
  const size_t off = static_cast<size_t>(head.tellg()) + 1;
  ASSERT_EQ(img.size(), off + static_cast<size_t>(w) * h * 3);
  std::map<uint32_t, size_t> count;
  for (size_t i = off; i + 2 < img.size(); i += 3)
    count[uint32_t(uint8_t(img[i])) << 16 | uint32_t(uint8_t(img[i + 1])) << 8 | uint8_t(img[i + 2])]++;
  const size_t land = count[carto::palette::kLand.hex()], old_land = count[0xf7f5ef];
  std::printf("[roadbook] page 1 at 40 dpi: %zu pixels of the palette land #%06x, %zu of the former #f7f5ef\n", land,
              carto::palette::kLand.hex(), old_land);
  EXPECT_GT(land, static_cast<size_t>(w) * h / 20);  // the map is mostly land
  EXPECT_EQ(old_land, 0u);
}

TEST(PlanCommand, GeoJsonGpkgXlsxReadBack) {
  const Planned& p = douai_plan();
  ASSERT_EQ(p.run.exit_code, 0) << p.run.err;
  const auto gj = run("ogrinfo -ro -al -so '" + (p.dir / "plan.geojson").string() + "'");
  ASSERT_EQ(gj.exit_code, 0) << gj.err;
  // WGS 84 longitudes/latitudes of the Douaisis.
  const auto ext = gj.out.find("Extent: (");
  ASSERT_NE(ext, std::string::npos) << gj.out;
  const double lon = std::stod(gj.out.substr(ext + 9));
  EXPECT_GT(lon, 2.5);
  EXPECT_LT(lon, 4.0);
  const auto gp = run("ogrinfo -ro -q '" + (p.dir / "plan.gpkg").string() + "'");
  ASSERT_EQ(gp.exit_code, 0) << gp.err;
  for (const char* l : {"arrets", "journees", "planning"}) EXPECT_NE(gp.out.find(l), std::string::npos) << gp.out;
  const auto x = run("ogrinfo -ro -q '" + (p.dir / "planning.xlsx").string() + "'");
  ASSERT_EQ(x.exit_code, 0) << x.err;
  EXPECT_NE(x.out.find("planning"), std::string::npos) << x.out;
}

TEST(PlanCommand, BadInputIsExplainedAndWritesNothing) {
  const std::string ws = "'" + real_workspace() + "'";
  struct Case {
    std::string args, expect;
  };
  const fs::path file = temp_dir("plan_bad_file") / "not_a_dir";
  write_file(file, "x");
  const std::vector<Case> cases = {
      {" --base 2.3522,48.8566 --days 5", "hors de la région"},
      {" --base 59178 --days 5 --service 9h", "ne tient pas dans une journée"},
      {" --base 59178 --days 5 --teams 0", "aucun véhicule"},
      {" --base 59178 --days 0", "horizon de 0 jour"},
      {" --base 99999 --days 5", "ni un code INSEE"},
  };
  for (const auto& c : cases) {
    const fs::path dir = temp_dir("plan_bad");
    const auto r = run_maraude("plan " + ws + c.args + " --territory laureate:tour_emploi --out '" + dir.string() + "'");
    EXPECT_NE(r.exit_code, 0) << c.args;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_FALSE(fs::exists(dir / "planning.csv")) << c.args;
    EXPECT_FALSE(fs::exists(dir / "plan.gpx")) << c.args;
  }
  const auto r = run_maraude("plan " + ws + " --base 59178 --days 5 --out '" + (file / "sub").string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("dossier de sortie"), std::string::npos) << r.err;
}

TEST(PlanCommand, MustVisitThatCannotBeServedIsRefused) {
  const Planned& p = douai_plan();
  ASSERT_EQ(p.run.exit_code, 0) << p.run.err;
  std::string code;
  for (const auto& [k, ev] : read_planning(p.dir / "planning.csv"))
    for (const auto& e : ev)
      if (e.type == "arret" && code.empty()) code = e.cible;
  ASSERT_FALSE(code.empty());
  const fs::path dir = temp_dir("plan_must");
  write_file(dir / "stops.csv", "code,must,window\n" + code + ",1,05:00-06:00\n");
  const auto r = run_maraude("plan '" + real_workspace() + "'" + kPlanArgs + " --stops '" + (dir / "stops.csv").string() +
                             "' --out '" + (dir / "out").string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("obligatoire"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out" / "planning.csv"));
  // The same stop as a plain must-visit (no window) is served.
  write_file(dir / "stops2.csv", "code,must,window\n" + code + ",1,\n");
  const auto ok = run_maraude("plan '" + real_workspace() + "'" + kPlanArgs + " --stops '" + (dir / "stops2.csv").string() +
                              "' --out '" + (dir / "out2").string() + "'");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

// Six days for nineteen candidates: the plan must leave some out (with reasons in French)
// and still collect at least what the nearest-neighbour plan collects.
TEST(PlanCommand, ShortHorizonLeavesOutWithReasonsAndBeatsNearestNeighbour) {
  const fs::path dir = temp_dir("plan_short");
  std::string args = kPlanArgs;
  args.replace(args.find("--days 10"), 9, "--days 6");
  const auto r = run_maraude("plan '" + real_workspace() + "'" + args + " --out '" + dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  double value = 0;
  int stops = 0;
  check_planning(dir / "planning.csv", value, stops);
  double total = 0;
  size_t n = 0;
  const double nn = nearest_neighbour_value(6, &total, &n);
  std::printf("[plan] Douai, 6 days: plan %d stops, %.1f NEET; nearest neighbour %.1f NEET; %zu candidates, %.1f NEET\n",
              stops, value, nn, n, total);
  EXPECT_LT(static_cast<size_t>(stops), n);
  EXPECT_GE(value + 0.05 * stops, nn);
  const std::string report = read_file(dir / "rapport.txt");
  EXPECT_NE(report.find("Candidats écartés"), std::string::npos) << report;
  EXPECT_NE(report.find("aucune journée n'a la place"), std::string::npos) << report;
}


TEST(PlanOptions, ClockStaysWithinTheDay) {
  EXPECT_DOUBLE_EQ(io::parse_clock("09:00", "start"), 9 * 3600.0);
  EXPECT_DOUBLE_EQ(io::parse_clock("24:00", "end"), 24 * 3600.0);
  // 24:04 was taken as a time after midnight (found by the fuzzer).
  for (const char* bad : {"24:04", "25:00", "9:60", "-1:00", "12", ""})
    EXPECT_THROW(io::parse_clock(bad, "start"), Error) << bad;
}
