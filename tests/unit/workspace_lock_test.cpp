// The workspace lock (io/workspace_lock.h) in one process: nesting, a second thread waiting
// then writing, a holder kept past the bound refused in French. Uses the authored Monaco
// fixture without roads (data/geo/fixtures/monaco/manifest_sans_routes.ini): no ../shared.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/error.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"
#include "test_support.h"

using namespace maraude;
namespace fs = std::filesystem;

namespace {

std::string fixture_workspace(const std::string& tag) {
  const fs::path dir = test::temp_dir(tag);
  fs::create_directories(dir / "vide");
  const std::string out = (dir / "ws.gpkg").string();
  const auto r = test::run_maraude("import --quiet --data '" + (dir / "vide").string() + "' --manifest '" + test::source_dir() +
                                   "/data/geo/fixtures/monaco/manifest_sans_routes.ini' --out '" + out + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct LockWait {  // MARAUDE_LOCK_WAIT for one test
  explicit LockWait(const char* v) { setenv("MARAUDE_LOCK_WAIT", v, 1); }
  ~LockWait() { unsetenv("MARAUDE_LOCK_WAIT"); }
};

}  // namespace

TEST(WorkspaceLock, FixtureImportsWithoutTheDataFolder) {
  const std::string ws = fixture_workspace("lock_fixture");
  EXPECT_EQ(io::load_workspace(ws).communes.size(), 6u);
  EXPECT_FALSE(fs::exists(io::WorkspaceLock::lock_path_for(ws)));  // nothing left beside the workspace
  {
    io::WorkspaceLock held(ws);
    EXPECT_TRUE(fs::exists(io::WorkspaceLock::lock_path_for(ws)));
  }
  EXPECT_FALSE(fs::exists(io::WorkspaceLock::lock_path_for(ws)));
}

TEST(WorkspaceLock, NestedInOneThreadDoesNotBlock) {
  const std::string ws = fixture_workspace("lock_nested");
  LockWait w("0.2");
  io::WorkspaceLock outer(ws);
  const auto t0 = std::chrono::steady_clock::now();
  io::put_document(ws, {"scenario", "dans le verrou", "# maraude-scenario 1\nnom\tdans le verrou\n", ""});
  EXPECT_LT(since(t0), 0.2);
  EXPECT_TRUE(io::get_document(ws, "scenario", "dans le verrou"));
}

TEST(WorkspaceLock, AnotherThreadWaitsThenWrites) {
  const std::string ws = fixture_workspace("lock_wait");
  LockWait w("5");
  auto holder = std::make_unique<io::WorkspaceLock>(ws);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    holder.reset();
  });
  const auto t0 = std::chrono::steady_clock::now();
  std::thread writer([&] { io::put_document(ws, {"story", "attendu", "x", ""}); });
  writer.join();
  release.join();
  EXPECT_GE(since(t0), 0.5);  // it waited for the holder
  EXPECT_LT(since(t0), 5.0);
  EXPECT_TRUE(io::get_document(ws, "story", "attendu"));
}

TEST(WorkspaceLock, HeldPastTheBoundIsRefusedInFrenchAndNothingIsWritten) {
  const std::string ws = fixture_workspace("lock_refused");
  LockWait w("0.3");
  io::WorkspaceLock holder(ws);
  std::string message;
  ErrorKind kind = ErrorKind::Internal;
  const auto t0 = std::chrono::steady_clock::now();
  std::thread writer([&] {
    try {
      io::put_document(ws, {"story", "refusé", "x", ""});
    } catch (const Error& e) {
      message = e.format();
      kind = e.kind();
    }
  });
  writer.join();
  EXPECT_GE(since(t0), 0.3);
  EXPECT_LT(since(t0), 3.0);
  EXPECT_EQ(kind, ErrorKind::Io);
  EXPECT_NE(message.find("en cours d’écriture par un autre processus (PID "), std::string::npos) << message;
  EXPECT_NE(message.find("depuis plus de 0,3 s"), std::string::npos) << message;
  EXPECT_FALSE(io::get_document(ws, "story", "refusé"));
}

TEST(WorkspaceLock, WaitBoundComesFromTheEnvironmentWithinLimits) {
  { LockWait w("2.5"); EXPECT_DOUBLE_EQ(io::WorkspaceLock::wait_seconds(), 2.5); }
  { LockWait w("-1"); EXPECT_DOUBLE_EQ(io::WorkspaceLock::wait_seconds(), 10); }
  { LockWait w("1e9"); EXPECT_DOUBLE_EQ(io::WorkspaceLock::wait_seconds(), 10); }
  { LockWait w("abc"); EXPECT_DOUBLE_EQ(io::WorkspaceLock::wait_seconds(), 10); }
  EXPECT_DOUBLE_EQ(io::WorkspaceLock::wait_seconds(), 10);
}
