// Shared helpers for the GoogleTest suites.
#pragma once
#include <filesystem>
#include <string>

namespace maraude::test {

// The real data folder (../shared/data/geo beside the checkout, or $MARAUDE_DATA).
std::string data_dir();
// The benchmark instances folder (../shared/bench).
std::string bench_dir();
// The repository root (for data/geo/ files the project authors).
std::string source_dir();
// Path of the built `maraude` executable.
std::string maraude_binary();
// A fresh empty temporary directory, removed at process exit.
std::filesystem::path temp_dir(const std::string& tag);

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs a shell command line, capturing stdout and stderr.
RunResult run(const std::string& command_line);
// Runs `maraude <args>` (args already shell-quoted where needed).
RunResult run_maraude(const std::string& args);
std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);
// A workspace imported once per test process from the real data (cached on disk in the build tree).
std::string real_workspace();
// A private copy of that workspace in a fresh temporary directory (for tests that write to it).
std::string real_workspace_copy(const std::string& tag);

}  // namespace maraude::test
