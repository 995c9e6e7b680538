// A throw-away PostgreSQL + PostGIS cluster for one test process (tests/tools/pg_cluster.sh):
// started on first use on a unix socket in a fresh temporary folder, stopped at exit. The
// Monaco fixture (data/geo/fixtures/monaco/manifest.ini) can be imported into it. No cluster
// (PostgreSQL or PostGIS missing): NEED_PG_CLUSTER() fails the test, it never skips.
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

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

}  // namespace maraude::test

#define NEED_PG_CLUSTER(c) ASSERT_TRUE((c).up) << (c).error
