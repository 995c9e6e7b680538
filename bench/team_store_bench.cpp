// Team store benchmark (issue 16): the same region workspace as a GeoPackage and in
// PostgreSQL/PostGIS, side by side in one run, through the product's own io paths.
//
//  (1) Opening the region: io::load_workspace (what every CLI command and the window's
//      loader run first), each run in a fresh process (GDAL/libpq start-up and the first
//      read included, as when a planner opens the workspace); median of N, the child's
//      peak RSS (client side: the PostgreSQL server's memory is not counted).
//  (2) Saving a scenario: io::save_scenario_checked, the call the window's Save makes
//      (it opens the document store each time: a new connection for PostgreSQL), on the
//      region's default scenario (every service, a few tens of kB of text), each save
//      checked against the version before it; and the same versioned save through one
//      store kept open (io::DocumentStore::save on a held connection). Median and p95,
//      the two sides interleaved run by run.
//  (3) Concurrent edits: C clients (threads, each its own store: its own PostgreSQL
//      connection, or its own GeoPackage handle under the workspace lock) each make E
//      edits; an edit reads the document, appends one line naming the client and the
//      edit, and saves with the version read; on a conflict it reads again and retries.
//      Run with all clients on one document (every save contends), then with one document
//      per client. Edits/s, attempts, and the lost-update check: each document's final
//      version is 1 + the edits made on it, every edit's line is present exactly once,
//      and no version number was handed to two edits. A GeoPackage save refused because the
//      workspace lock stayed held past its wait bound (MARAUDE_LOCK_WAIT, 10 s) is counted
//      ("refus du verrou": the planner would see that message) and retried.
//
// Usage: team_store_bench --gpkg REGION.gpkg --pg LOCATION [--runs N] [--saves N]
//                         [--clients C] [--edits E] [--skip open,save,edits]
// bench/team_store.sh imports the region, starts a throw-away cluster and copies the
// workspace into it (maraude workspace copy) before running this.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "io/document_store.h"
#include "io/pg.h"
#include "io/scenario_store.h"
#include "io/workspace.h"

using namespace maraude;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double maxrss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(i == 0 ? 0 : i - 1, v.size() - 1)];
}
double median(const std::vector<double>& v) { return quantile(v, 0.5); }

std::string fmt(const char* f, double v) {
  char b[96];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

// Results table: both sides and the ratio PostgreSQL / GeoPackage.
struct Row {
  std::string what, gpkg, pg, ratio;
};
std::vector<Row> g_rows;
bool g_failed = false;  // a lost update or different content: the run exits 1
void add_row(const std::string& what, const std::string& gpkg, const std::string& pg, const std::string& ratio = "") {
  g_rows.push_back({what, gpkg, pg, ratio});
}
std::string ratio(double pg, double gpkg) { return gpkg > 0 ? fmt("%.2f", pg / gpkg) : "-"; }
// `s` padded with spaces to `width` characters (UTF-8: continuation bytes do not count).
std::string pad(const std::string& s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}
void print_rows() {
  std::printf("\n%s | %s | %s | %s\n", pad("mesure", 64).c_str(), pad("GeoPackage", 22).c_str(), pad("PostgreSQL", 22).c_str(),
              "ratio PG/GPKG");
  std::printf("%s\n", std::string(130, '-').c_str());
  for (const Row& r : g_rows)
    std::printf("%s | %s | %s | %s\n", pad(r.what, 64).c_str(), pad(r.gpkg, 22).c_str(), pad(r.pg, 22).c_str(), r.ratio.c_str());
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// ---------------------------------------------------------------------------------------
// (1) Opening the region, each run in a fresh process.

struct OpenRun {
  double ms = 0, rss_mb = 0;
  size_t communes = 0, services = 0, qpv = 0;
};

OpenRun open_in_child(const std::string& self, const std::string& location) {
  const std::string cmd = shell_quote(self) + " --open-only " + shell_quote(location);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw Error(ErrorKind::Io, "impossible de lancer le processus de mesure", cmd, "");
  OpenRun r;
  const int n = std::fscanf(p, "%lf %lf %zu %zu %zu", &r.ms, &r.rss_mb, &r.communes, &r.services, &r.qpv);
  const int rc = pclose(p);
  if (n != 5 || rc != 0)
    throw Error(ErrorKind::Workspace, "l’ouverture de l’espace de travail a échoué dans le processus de mesure", location,
                "lancez : team_store_bench --open-only " + location);
  return r;
}

int open_only(const std::string& location) {
  try {
    const auto t0 = Clock::now();
    const Workspace ws = io::load_workspace(location);
    const double ms = ms_since(t0);
    std::printf("%.3f %.1f %zu %zu %zu\n", ms, maxrss_mb(), ws.communes.size(), ws.services.size(), ws.qpvs.size());
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "%s\n", e.format().c_str());
    return 1;
  }
}

void bench_open(const std::string& self, const std::string& gpkg, const std::string& pg, int runs) {
  std::vector<double> tg, tp;
  double rg = 0, rp = 0;
  OpenRun lg, lp;
  for (int i = 0; i < runs; ++i) {  // interleaved, so a drift of the machine hits both sides
    lg = open_in_child(self, gpkg);
    lp = open_in_child(self, pg);
    tg.push_back(lg.ms);
    tp.push_back(lp.ms);
    rg = std::max(rg, lg.rss_mb);
    rp = std::max(rp, lp.rss_mb);
  }
  std::printf("(1) ouverture, %d processus neufs par côté : GeoPackage %s ms ; PostgreSQL %s ms\n", runs,
              join([&] { std::vector<std::string> s; for (double t : tg) s.push_back(fmt("%.0f", t)); return s; }(), " ").c_str(),
              join([&] { std::vector<std::string> s; for (double t : tp) s.push_back(fmt("%.0f", t)); return s; }(), " ").c_str());
  const bool same = lg.communes == lp.communes && lg.services == lp.services && lg.qpv == lp.qpv;
  std::printf("    contenu lu : GeoPackage %zu communes, %zu services, %zu QPV ; PostgreSQL %zu, %zu, %zu%s\n", lg.communes,
              lg.services, lg.qpv, lp.communes, lp.services, lp.qpv, same ? " (identiques)" : " — DIFFÉRENTS");
  add_row("(1) ouverture de la région (load_workspace), médiane", fmt("%.0f ms", median(tg)), fmt("%.0f ms", median(tp)),
          ratio(median(tp), median(tg)));
  add_row("(1) pic mémoire du processus qui ouvre (client)", fmt("%.0f Mo", rg), fmt("%.0f Mo", rp), ratio(rp, rg));
  if (!same) {
    add_row("(1) CONTENU DIFFÉRENT entre les deux côtés", "", "", "");
    g_failed = true;
  }
}

// ---------------------------------------------------------------------------------------
// (2) Save latency.

void bench_save(const std::string& gpkg, const std::string& pg, int saves) {
  const Workspace ws = io::load_workspace(gpkg);
  coverage::Scenario s = io::load_stored_scenario(gpkg, ws, coverage::kDefaultScenarioName).scenario;
  s.name = "bench latence";
  const size_t bytes = coverage::to_text(s).size();
  const std::vector<std::string> locs{gpkg, pg};
  // Product path: save_scenario_checked, as the window's Save (a store opened per save).
  std::vector<std::int64_t> version(2, 0);
  for (int side = 0; side < 2; ++side) {
    if (io::scenario_exists(locs[side], s.name)) io::delete_scenario(locs[side], s.name);
    version[side] = io::save_scenario_checked(locs[side], s, 0);  // first save: not timed
  }
  std::vector<std::vector<double>> t(2);
  for (int i = 0; i < saves; ++i)
    for (int side = 0; side < 2; ++side) {
      s.description = "enregistrement " + std::to_string(i);
      const auto t0 = Clock::now();
      version[side] = io::save_scenario_checked(locs[side], s, version[side]);
      t[side].push_back(ms_since(t0));
    }
  for (int side = 0; side < 2; ++side)
    if (version[side] != saves + 1)
      throw Error(ErrorKind::Internal, "version finale " + std::to_string(version[side]) + " au lieu de " + std::to_string(saves + 1),
                  locs[side], "");
  std::printf("(2) scénario « %s » : %zu points, %zu octets de texte, %d enregistrements versionnés par côté\n", s.name.c_str(),
              s.points.size(), bytes, saves);
  add_row("(2) enregistrer un scénario (save_scenario_checked), médiane", fmt("%.1f ms", median(t[0])), fmt("%.1f ms", median(t[1])),
          ratio(median(t[1]), median(t[0])));
  add_row("(2) idem, p95", fmt("%.1f ms", quantile(t[0], 0.95)), fmt("%.1f ms", quantile(t[1], 0.95)),
          ratio(quantile(t[1], 0.95), quantile(t[0], 0.95)));

  // One store kept open (PostgreSQL: the connection held), versioned saves of the same text.
  std::vector<std::unique_ptr<io::DocumentStore>> stores;
  for (const auto& l : locs) stores.push_back(io::open_document_store(l));
  std::vector<std::vector<double>> th(2);
  for (int i = 0; i < saves; ++i)
    for (int side = 0; side < 2; ++side) {
      s.description = "connexion gardée " + std::to_string(i);
      const io::Document d{coverage::kScenarioKind, s.name, coverage::to_text(s), ""};
      const auto t0 = Clock::now();
      version[side] = stores[side]->save(d, version[side]).version;
      th[side].push_back(ms_since(t0));
    }
  add_row("(2) même enregistrement, magasin gardé ouvert, médiane", fmt("%.1f ms", median(th[0])), fmt("%.1f ms", median(th[1])),
          ratio(median(th[1]), median(th[0])));
  add_row("(2) idem, p95", fmt("%.1f ms", quantile(th[0], 0.95)), fmt("%.1f ms", quantile(th[1], 0.95)),
          ratio(quantile(th[1], 0.95), quantile(th[0], 0.95)));
  for (int side = 0; side < 2; ++side) io::delete_scenario(locs[side], s.name);
}

// ---------------------------------------------------------------------------------------
// (3) C clients × E edits.

struct EditRun {
  double ms = 0;
  long attempts = 0, conflicts = 0, refusals = 0;
  double get_ms = 0, save_ms = 0;  // summed over every attempt of every client
  bool lost = false;
  std::string problem;
};

// The line edit `e` of client `c` appends ("c3e17").
std::string line_of(int c, int e) {
  char b[32];
  std::snprintf(b, sizeof b, "c%de%d\n", c, e);
  return b;
}

EditRun run_clients(const std::string& loc, int clients, int edits, int docs, const std::string& tag) {
  const std::string kind = "bench";
  auto doc_name = [&](int d) { return tag + std::to_string(d); };
  {
    auto store = io::open_document_store(loc);
    for (int d = 0; d < docs; ++d) {
      store->remove(kind, doc_name(d));
      store->save({kind, doc_name(d), "", ""}, 0);  // version 1, empty
    }
  }
  EditRun r;
  std::atomic<long> attempts{0}, conflicts{0}, refusals{0};
  std::vector<std::vector<std::pair<int, std::int64_t>>> versions(clients);
  std::mutex err_m;
  std::vector<double> get_ms(clients, 0), save_ms(clients, 0);
  std::string first_error;
  std::atomic<int> ready{0};
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      try {
        auto store = io::open_document_store(loc);  // one connection (or handle) per client
        ++ready;
        while (ready < clients) std::this_thread::yield();
        const int d = c % docs;
        for (int e = 0; e < edits; ++e)
          for (;;) {  // read, change, save with the version read; again on conflict
            ++attempts;
            auto t = Clock::now();
            auto doc = store->get(kind, doc_name(d));
            get_ms[c] += ms_since(t);
            if (!doc) throw Error(ErrorKind::Internal, "document disparu", loc, "");
            const std::int64_t from = doc->version;
            doc->body += line_of(c, e);
            t = Clock::now();
            try {
              versions[c].push_back({d, store->save(*doc, from).version});
              save_ms[c] += ms_since(t);
              break;
            } catch (const io::DocumentConflict&) {
              save_ms[c] += ms_since(t);
              ++conflicts;
            } catch (const Error& err) {
              save_ms[c] += ms_since(t);
              // The GeoPackage's workspace lock refused after its wait bound: counted, retried.
              if (err.kind() != ErrorKind::Io) throw;
              ++refusals;
            }
          }
      } catch (const Error& e) {
        std::lock_guard<std::mutex> l(err_m);
        if (first_error.empty()) first_error = e.format();
      }
    });
  for (auto& t : threads) t.join();
  r.ms = ms_since(t0);
  r.attempts = attempts;
  r.conflicts = conflicts;
  r.refusals = refusals;
  for (int c = 0; c < clients; ++c) {
    r.get_ms += get_ms[c];
    r.save_ms += save_ms[c];
  }
  if (!first_error.empty()) {
    r.lost = true;
    r.problem = "client en erreur : " + first_error;
    return r;
  }
  // The lost-update check: the final state is the serialised history.
  auto store = io::open_document_store(loc);
  std::set<std::string> lines;
  size_t total = 0;
  for (int d = 0; d < docs; ++d) {
    const auto doc = store->get(kind, doc_name(d));
    int on_doc = 0;
    for (int c = 0; c < clients; ++c)
      if (c % docs == d) on_doc += edits;
    if (!doc || doc->version != on_doc + 1) {
      r.lost = true;
      r.problem = doc_name(d) + " : version " + (doc ? std::to_string(doc->version) : "absente") + " au lieu de " + std::to_string(on_doc + 1);
    }
    if (doc)
      for (const auto& l : split(doc->body, '\n'))
        if (!l.empty()) {
          lines.insert(l);
          ++total;
        }
    store->remove(kind, doc_name(d));
  }
  const size_t want = static_cast<size_t>(clients) * static_cast<size_t>(edits);
  if (total != want || lines.size() != want) {
    r.lost = true;
    r.problem = std::to_string(total) + " lignes (" + std::to_string(lines.size()) + " distinctes) au lieu de " + std::to_string(want);
  }
  std::set<std::pair<int, std::int64_t>> seen;
  for (const auto& v : versions)
    for (const auto& dv : v)
      if (!seen.insert(dv).second) {
        r.lost = true;
        r.problem = "version " + std::to_string(dv.second) + " donnée à deux modifications";
      }
  return r;
}

void bench_edits(const std::string& gpkg, const std::string& pg, int clients, int edits) {
  const int total = clients * edits;
  for (int docs : {1, clients}) {
    const std::string label = docs == 1 ? "tous sur un document" : "un document chacun";
    std::printf("(3) %d clients × %d modifications, %s…\n", clients, edits, label.c_str());
    const EditRun g = run_clients(gpkg, clients, edits, docs, "bench-edit-");
    const EditRun p = run_clients(pg, clients, edits, docs, "bench-edit-");
    for (const auto* r : {&g, &p})
      std::printf("    %s : %.0f ms, %ld tentatives (lecture %.1f ms, enregistrement %.1f ms en moyenne, attente comprise), %ld conflits, "
                  "%ld refus du verrou ; %s\n",
                  r == &g ? "GeoPackage" : "PostgreSQL", r->ms, r->attempts, r->get_ms / r->attempts, r->save_ms / r->attempts,
                  r->conflicts, r->refusals, r->lost ? ("PERTE : " + r->problem).c_str() : "aucune perte");
    g_failed = g_failed || g.lost || p.lost;
    const double eg = total / (g.ms / 1000), ep = total / (p.ms / 1000);
    add_row("(3) " + std::to_string(clients) + "×" + std::to_string(edits) + " modifications, " + label + " : débit",
            fmt("%.0f modif/s", eg), fmt("%.0f modif/s", ep), ratio(ep, eg));
    auto counts = [](const EditRun& r) {
      return std::to_string(r.attempts) + " / " + std::to_string(r.refusals) + (r.lost ? " / PERTE" : " / aucune");
    };
    add_row("(3)   tentatives / refus du verrou / perte de mise à jour", counts(g), counts(p), "");
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress visible through a pipe
  if (argc == 3 && std::string(argv[1]) == "--open-only") return open_only(argv[2]);
  std::string gpkg, pg, skip;
  int runs = 7, saves = 50, clients = 20, edits = 50;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "valeur manquante après %s\n", k.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&]() {
      const std::string v = next();
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (!end || *end || n < 1 || n > 100000) {
        std::fprintf(stderr, "%s : nombre entier de 1 à 100000 attendu, pas « %s »\n", k.c_str(), v.c_str());
        std::exit(2);
      }
      return static_cast<int>(n);
    };
    if (k == "--gpkg") gpkg = next();
    else if (k == "--pg") pg = next();
    else if (k == "--runs") runs = number();
    else if (k == "--saves") saves = number();
    else if (k == "--clients") clients = number();
    else if (k == "--edits") edits = number();
    else if (k == "--skip") skip = next();
    else {
      std::fprintf(stderr, "option inconnue : %s\nusage : team_store_bench --gpkg REGION.gpkg --pg LOCATION [--runs N] [--saves N] "
                           "[--clients C] [--edits E] [--skip open,save,edits]\n", k.c_str());
      return 2;
    }
  }
  if (gpkg.empty() || pg.empty() || !io::pg::is_location(pg)) {
    std::fprintf(stderr, "usage : team_store_bench --gpkg REGION.gpkg --pg PG:\"host=… dbname=…\" (bench/team_store.sh prépare les deux)\n");
    return 2;
  }
  auto skipped = [&](const std::string& part) { return ("," + skip + ",").find("," + part + ",") != std::string::npos; };
  try {
    {
      io::pg::Conn c(pg);
      std::printf("PostgreSQL : %s\n", c.exec("SELECT version()").get(0, 0).c_str());
      std::printf("  fsync=%s, synchronous_commit=%s ; région GeoPackage %s\n", c.exec("SHOW fsync").get(0, 0).c_str(),
                  c.exec("SHOW synchronous_commit").get(0, 0).c_str(), gpkg.c_str());
    }
    if (!skipped("open")) bench_open(argv[0], gpkg, pg, runs);
    if (!skipped("save")) bench_save(gpkg, pg, saves);
    if (!skipped("edits")) bench_edits(gpkg, pg, clients, edits);
  } catch (const Error& e) {
    std::fprintf(stderr, "%s\n", e.format().c_str());
    return 1;
  }
  print_rows();
  std::printf("(pic mémoire du banc entier : %.0f Mo ; PostgreSQL : mémoire du client seulement, le serveur n’est pas compté)\n",
              maxrss_mb());
  if (g_failed) std::printf("ÉCHEC : mise à jour perdue ou contenu différent (voir ci-dessus)\n");
  return g_failed ? 1 : 0;
}
