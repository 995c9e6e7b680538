// A throw-away PostgreSQL + PostGIS cluster for one test process (tests/tools/pg_cluster.sh):
// started on first use on a unix socket in a fresh temporary folder, stopped at exit. The
// Monaco fixture (data/geo/fixtures/monaco/manifest.ini) can be imported into it. No cluster
// (PostgreSQL or PostGIS missing): NEED_PG_CLUSTER() fails the test, it never skips.
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>

#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include "core/model.h"
#include "io/pg_workspace.h"
#include "io/workspace.h"
#include "test_support.h"

namespace maraude::test {

struct PgCluster {
  std::string dir, error;
  int port = 0;
  bool up = false;
  explicit PgCluster(int port_) : port(port_) {
    char tmpl[] = "/tmp/maraude-pg-XXXXXX";
    if (!mkdtemp(tmpl)) {
      error = "mkdtemp";
      return;
    }
    dir = tmpl;
    const std::string src = source_dir() + "/tests/tools/pg_cluster.sh";
    const auto r = run("bash -c 'source \"" + src + "\"; pg_has_extension postgis || exit 3; pg_start \"" + dir + "\" " +
                       std::to_string(port) + " && \"${PSQL[@]}\" -c \"CREATE EXTENSION postgis\"'");
    if (r.exit_code == 3) {
      error = "PostgreSQL/PostGIS absent (apt-get install postgresql postgresql-15-postgis-3)";
      return;
    }
    if (r.exit_code != 0) {
      error = "démarrage du cluster impossible : " + r.out + r.err;
      return;
    }
    up = true;
  }
  ~PgCluster() {
    if (dir.empty()) return;
    const std::string src = source_dir() + "/tests/tools/pg_cluster.sh";
    run("bash -c 'source \"" + src + "\"; PG_DIR=\"" + dir +
        "\"; PG_BIN=$(pg_bin); PG_AS=(); [ $(id -u) = 0 ] && PG_AS=(runuser -u postgres --); pg_stop'");
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;
  std::string location(const std::string& user = "postgres", const std::string& db = "postgres") const {
    return "PG:host=" + dir + " port=" + std::to_string(port) + " user=" + user + " dbname=" + db;
  }
  // psql as postgres on that cluster, one SQL text; returns its result.
  RunResult psql(const std::string& sql, const std::string& db = "postgres") const {
    const std::string src = source_dir() + "/tests/tools/pg_cluster.sh";
    const std::string file = (temp_dir("psql") / "q.sql").string();
    write_file(file, sql);
    return run("bash -c 'source \"" + src + "\"; \"$(pg_bin)/psql\" -h \"" + dir + "\" -p " + std::to_string(port) + " -U postgres -d " + db +
               " -X -v ON_ERROR_STOP=1 -qAt -f \"" + file + "\"'");
  }
  // The Monaco fixture imported into database `db` (created when not "postgres").
  void import_monaco(const std::string& db = "postgres") const {
    if (db != "postgres") {
      const auto c = psql("CREATE DATABASE " + db + ";");
      ASSERT_EQ(c.exit_code, 0) << c.err;
      const auto e = psql("CREATE EXTENSION postgis;", db);
      ASSERT_EQ(e.exit_code, 0) << e.err;
    }
    const auto r = run_maraude("import --quiet --data '" + data_dir() + "' --manifest '" + source_dir() +
                               "/data/geo/fixtures/monaco/manifest.ini' --out '" + location("postgres", db) + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

// Two users of one team workspace: Monaco imported into the cluster's `postgres` database,
// seen as postgres (`db`) and as alice, another administrator (`alice`).
struct PgTeam {
  std::string db, alice;
  std::shared_ptr<const Workspace> ws;
};
inline PgTeam monaco_team(const PgCluster& c) {
  PgTeam t;
  c.import_monaco();
  t.db = c.location();
  io::team_grant(t.db, "alice", io::TeamRole::Admin, "");
  t.alice = c.location("alice");
  t.ws = std::make_shared<const Workspace>(io::load_workspace(t.db));
  return t;
}

// "2026-12-05T14:32:10Z" → "15:32" in local time: the « modifié par X à HH:MM » the user
// reads, computed here independently of io/document_store.
inline std::string local_hhmm(const std::string& iso_utc) {
  std::tm tm{};
  strptime(iso_utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  const std::time_t t = timegm(&tm);
  std::tm local{};
  localtime_r(&t, &local);
  char buf[8];
  std::strftime(buf, sizeof buf, "%H:%M", &local);
  return buf;
}

}  // namespace maraude::test

#define NEED_PG_CLUSTER(c) ASSERT_TRUE((c).up) << (c).error
