// Offline work on a shared team workspace (issue 16, item 5; io/workspace_sync.h), against a
// real throw-away PostgreSQL cluster holding the Monaco fixture
// (data/geo/fixtures/monaco/manifest.ini, imported through test::data_dir()): a GeoPackage
// copy edited offline while a colleague (role « alice ») edits the base, then
// `maraude workspace sync`. The same scenario edited on both sides: the conflict is reported
// (who, when), both versions kept on both sides; disjoint edits (changes, new documents,
// deletions): both sides equal after the sync; a second sync changes nothing; a connection
// dropped midway leaves both sides consistent and the next sync finishes; bad input (a
// target that is not the copy's source, a GeoPackage that is no copy) changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <tuple>
#include <filesystem>
#include <stdexcept>

#include "core/error.h"
#include "io/document_store.h"
#include "io/pg.h"
#include "io/pg_workspace.h"
#include "io/workspace.h"
#include "io/workspace_sync.h"
#include "pg_test_cluster.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace maraude;

namespace {

test::PgCluster& cluster() {
  static test::PgCluster c(54361);
  return c;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

// A database `db` holding Monaco and the documents `docs` (name → body, kind scenario), and
// alice, an administrator.
std::string team_db(const std::string& db, const std::map<std::string, std::string>& docs) {
  cluster().import_monaco(db);
  const std::string loc = cluster().location("postgres", db);
  io::team_grant(loc, "alice", io::TeamRole::Admin, "");
  auto store = io::open_document_store(loc);
  for (const auto& [name, body] : docs) store->save({"scenario", name, body, ""}, 0);
  return loc;
}

std::string alice(const std::string& db) { return cluster().location("alice", db); }

// `maraude workspace copy BASE COPY.gpkg`.
std::string offline_copy(const std::string& loc, const std::string& tag) {
  const std::string path = (test::temp_dir(tag) / "copie.gpkg").string();
  const auto r = test::run_maraude("workspace copy " + q(loc) + " " + q(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

// A save on one side, on top of what is stored there.
void edit(const std::string& where, const std::string& name, const std::string& body) {
  auto s = io::open_document_store(where);
  const auto d = s->get("scenario", name);
  s->save({"scenario", name, body, ""}, d ? d->version : 0);
}

std::string body(const std::string& where, const std::string& name) {
  const auto d = io::get_document(where, "scenario", name);
  return d ? d->body : "(absent)";
}

// Both sides hold the same documents: names, bodies, versions, authors, times.
void expect_same_documents(const std::string& local, const std::string& remote) {
  auto a = io::list_documents(local, ""), b = io::list_documents(remote, "");
  auto by_name = [](const io::Document& x, const io::Document& y) { return std::tie(x.kind, x.name) < std::tie(y.kind, y.name); };
  std::sort(a.begin(), a.end(), by_name);  // a GeoPackage lists in table order
  std::sort(b.begin(), b.end(), by_name);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].body, b[i].body) << a[i].name;
    EXPECT_EQ(a[i].version, b[i].version) << a[i].name;
    EXPECT_EQ(a[i].author, b[i].author) << a[i].name;
    EXPECT_EQ(a[i].updated, b[i].updated) << a[i].name;
  }
}

std::vector<std::pair<std::string, std::int64_t>> versions(const std::string& where) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& d : io::list_documents(where, "")) out.emplace_back(d.name, d.version);
  std::sort(out.begin(), out.end());
  return out;
}

// A second sync: nothing sent, received or deleted, and nothing written on either side.
void expect_noop_sync(const std::string& local, const std::string& remote) {
  const std::string bytes = test::read_file(local);
  const auto before = versions(remote);
  const auto r = test::run_maraude("workspace sync " + q(local));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 envoyé(s), 0 reçu(s), 0 suppression(s), 0 conflit(s)"), std::string::npos) << r.out;
  EXPECT_TRUE(test::read_file(local) == bytes) << "the copy was rewritten by a sync with nothing to do";
  EXPECT_EQ(versions(remote), before);
}

}  // namespace

TEST(TeamSync, OneScenarioEditedOfflineAndInTheBaseIsAConflictAndBothAreKept) {
  NEED_PG_CLUSTER(cluster());
  const std::string db = team_db("sync_conflit", {{"Commun", "version de départ"}, {"Autre", "autre"}});
  const std::string local = offline_copy(db, "sync-conflit");
  edit(local, "Commun", "ma version hors ligne");
  edit(alice("sync_conflit"), "Commun", "la version d'alice");
  const auto theirs = io::get_document(db, "scenario", "Commun");
  const auto r = test::run_maraude("workspace sync " + q(local) + " " + q(db));
  EXPECT_EQ(r.exit_code, 9) << r.out << r.err;
  EXPECT_NE(r.out.find("conflit : « Commun » (scénario) a été modifié par alice à " + test::local_hhmm(theirs->updated)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("« Commun (copie de postgres) »"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 conflit(s)"), std::string::npos) << r.err;
  // Both versions kept, on both sides: theirs under the name, mine as the copy.
  for (const std::string& side : {local, db}) {
    EXPECT_EQ(body(side, "Commun"), "la version d'alice") << side;
    EXPECT_EQ(body(side, "Commun (copie de postgres)"), "ma version hors ligne") << side;
    EXPECT_EQ(body(side, "Autre"), "autre") << side;
  }
  EXPECT_EQ(io::get_document(db, "scenario", "Commun")->version, theirs->version);  // theirs not rewritten
  expect_same_documents(local, db);
  expect_noop_sync(local, db);
}

TEST(TeamSync, DisjointEditsLeaveBothSidesEqualAndASecondSyncIsANoOp) {
  NEED_PG_CLUSTER(cluster());
  const std::string db = team_db("sync_disjoint", {{"A", "a0"}, {"B", "b0"}, {"C", "c0"}, {"D", "d0"}, {"x'); DROP TABLE communes; --", "h0"}});
  const std::string local = offline_copy(db, "sync-disjoint");
  // Offline: A changed, E created, C deleted, the hostile name changed.
  edit(local, "A", "a1 hors ligne");
  edit(local, "E", "e nouveau hors ligne");
  edit(local, "x'); DROP TABLE communes; --", "h1");
  ASSERT_TRUE(io::delete_document(local, "scenario", "C"));
  // In the base, by alice: B changed, F created, D deleted.
  const std::string al = alice("sync_disjoint");
  edit(al, "B", "b1 par alice");
  edit(al, "F", "f nouveau par alice");
  ASSERT_TRUE(io::delete_document(al, "scenario", "D"));
  const auto r = test::run_maraude("workspace sync " + q(local));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 envoyé(s), 2 reçu(s), 2 suppression(s), 0 conflit(s)"), std::string::npos) << r.out;
  for (const std::string& side : {local, db}) {
    EXPECT_EQ(body(side, "A"), "a1 hors ligne") << side;
    EXPECT_EQ(body(side, "B"), "b1 par alice") << side;
    EXPECT_EQ(body(side, "C"), "(absent)") << side;
    EXPECT_EQ(body(side, "D"), "(absent)") << side;
    EXPECT_EQ(body(side, "E"), "e nouveau hors ligne") << side;
    EXPECT_EQ(body(side, "F"), "f nouveau par alice") << side;
    EXPECT_EQ(body(side, "x'); DROP TABLE communes; --"), "h1") << side;
  }
  EXPECT_EQ(io::get_document(db, "scenario", "A")->author, "postgres");
  EXPECT_EQ(io::get_document(local, "scenario", "B")->author, "alice");
  expect_same_documents(local, db);
  expect_noop_sync(local, db);
  // Work goes on: an edit on each side, another sync, equal again.
  edit(local, "A", "a2");
  edit(al, "F", "f2");
  const auto again = test::run_maraude("workspace sync " + q(local));
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("1 envoyé(s), 1 reçu(s)"), std::string::npos) << again.out;
  expect_same_documents(local, db);
}

TEST(TeamSync, ADroppedConnectionLeavesBothSidesConsistentAndTheNextSyncFinishes) {
  NEED_PG_CLUSTER(cluster());
  std::map<std::string, std::string> docs;
  for (int i = 0; i < 6; ++i) docs["doc" + std::to_string(i)] = "base " + std::to_string(i);
  const std::string db = team_db("sync_coupure", docs);
  const std::string local = offline_copy(db, "sync-coupure");
  for (int i = 0; i < 6; ++i) edit(local, "doc" + std::to_string(i), "hors ligne " + std::to_string(i));
  edit(alice("sync_coupure"), "doc5", "alice 5");  // and one conflict to settle after the cut
  // First a crash between the base's commit and the copy's: doc1 is in the base, the copy does
  // not know it yet.
  {
    io::SyncOptions crash;
    int writes = 0;
    crash.after_remote_write = [&](const std::string&, const std::string&) {
      if (++writes == 2) throw std::runtime_error("arrêt brutal simulé");
    };
    EXPECT_THROW(io::sync_workspace(local, db, crash), std::runtime_error);
    EXPECT_EQ(body(db, "doc1"), "hors ligne 1");
    EXPECT_EQ(body(db, "doc2"), "base 2");
    EXPECT_EQ(io::read_sync_origin(local)->base.at({"scenario", "doc1"}).version, 1);  // not recorded
  }
  // Then the server drops the connection after two more documents.
  io::SyncOptions opt;
  int settled = 0;
  opt.after_document = [&](const std::string&, const std::string&) {
    if (++settled == 3) {  // doc0 (aligned), doc1 (already sent: aligned), doc2 sent
      io::pg::Conn admin(db);
      admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                 " AND backend_type = 'client backend'");
    }
  };
  try {
    io::sync_workspace(local, db, opt);
    FAIL() << "the sync went on without its connection";
  } catch (const Error& e) {
    EXPECT_FALSE(e.what_text().empty());
  }
  // Each document is either settled or untouched, on each side; nothing lost.
  for (int i = 0; i < 6; ++i) {
    const std::string n = "doc" + std::to_string(i);
    EXPECT_EQ(body(local, n), i == 5 ? "hors ligne 5" : "hors ligne " + std::to_string(i)) << n;
    const std::string b = body(db, n);
    EXPECT_TRUE(b == "base " + std::to_string(i) || b == "hors ligne " + std::to_string(i) || (i == 5 && b == "alice 5")) << n << " : " << b;
  }
  EXPECT_EQ(body(db, "doc2"), "hors ligne 2");  // settled before the cut
  EXPECT_EQ(body(db, "doc4"), "base 4");        // not reached
  // A crash right after the conflicting doc5 was kept as a copy in the base, before the copy
  // recorded anything: the next sync must reuse that copy, not make a second one.
  {
    io::SyncOptions crash;
    crash.after_remote_write = [&](const std::string&, const std::string& name) {
      if (name == "doc5 (copie de postgres)") throw std::runtime_error("arrêt brutal simulé");
    };
    EXPECT_THROW(io::sync_workspace(local, db, crash), std::runtime_error);
    EXPECT_EQ(body(db, "doc5 (copie de postgres)"), "hors ligne 5");
    EXPECT_EQ(body(local, "doc5"), "hors ligne 5");
  }
  // The next sync finishes: no spurious conflict (nor copy) for the documents already sent.
  const auto r = test::run_maraude("workspace sync " + q(local));
  EXPECT_EQ(r.exit_code, 9) << r.out << r.err;  // doc5's conflict, and only it
  EXPECT_NE(r.out.find("1 conflit(s)"), std::string::npos) << r.out;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(body(db, "doc" + std::to_string(i)), "hors ligne " + std::to_string(i));
  EXPECT_EQ(body(db, "doc5"), "alice 5");
  EXPECT_EQ(body(db, "doc5 (copie de postgres)"), "hors ligne 5");
  for (const auto& d : io::list_documents(db, ""))
    EXPECT_TRUE(d.name.find("copie") == std::string::npos || d.name == "doc5 (copie de postgres)") << d.name;
  expect_same_documents(local, db);
  expect_noop_sync(local, db);
}

TEST(TeamSync, BadTargetsAndNonCopiesAreRefusedChangingNothing) {
  NEED_PG_CLUSTER(cluster());
  const std::string db = team_db("sync_refus", {{"S", "s0"}});
  const std::string other = team_db("sync_autre", {{"S", "autre"}});
  const std::string local = offline_copy(db, "sync-refus");
  edit(local, "S", "s1 hors ligne");
  const std::string bytes = test::read_file(local);
  const auto before = versions(other);
  // Another database than the copy's source.
  auto r = test::run_maraude("workspace sync " + q(local) + " " + q(other));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("n’est pas celle d’où vient cette copie"), std::string::npos) << r.err;
  EXPECT_TRUE(test::read_file(local) == bytes);
  EXPECT_EQ(versions(other), before);
  EXPECT_EQ(body(db, "S"), "s0");
  // A file as target; the base as first argument.
  r = test::run_maraude("workspace sync " + q(local) + " " + q(local));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("pas un fichier"), std::string::npos) << r.err;
  r = test::run_maraude("workspace sync " + q(db));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // A GeoPackage that was never copied from a base, and a copy of the copy (not one either).
  const std::string plain = (test::temp_dir("sync-plain") / "m.gpkg").string();
  ASSERT_EQ(test::run_maraude("workspace copy " + q(local) + " " + q(plain)).exit_code, 0);
  const std::string plain_bytes = test::read_file(plain);
  r = test::run_maraude("workspace sync " + q(plain) + " " + q(db));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("n’est pas une copie d’un espace partagé"), std::string::npos) << r.err;
  EXPECT_TRUE(test::read_file(plain) == plain_bytes);
  EXPECT_EQ(body(db, "S"), "s0");
  r = test::run_maraude("workspace sync " + q((fs::path(plain).parent_path() / "absent.gpkg").string()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("introuvable"), std::string::npos) << r.err;
  // The copy remembers its base without any password; a password is refused on the command line.
  const auto origin = io::read_sync_origin(local);
  ASSERT_TRUE(origin);
  EXPECT_EQ(origin->source.find("password"), std::string::npos);
  r = test::run_maraude("workspace sync " + q(local) + " " + q(db + " password=secret123"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.find("secret123"), std::string::npos) << r.err;
  // Then the right base: the offline edit goes through.
  r = test::run_maraude("workspace sync " + q(local));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(body(db, "S"), "s1 hors ligne");
}
