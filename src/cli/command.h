// Subcommand registry of the `maraude` executable. Each cmd_*.cpp registers itself:
//   static maraude::cli::Registrar reg{{"info", "résumé d'un espace de travail", usage, run_info}};
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace maraude::cli {

struct Command {
  std::string name;
  std::string summary;  // one line, French first
  std::string usage;    // full usage text
  std::function<int(const std::vector<std::string>& args)> run;
};

std::vector<Command>& registry();
struct Registrar {
  explicit Registrar(Command c) { registry().push_back(std::move(c)); }
};

// Simple argument parser: "--key value", "--key=value", "--flag", positionals.
class Args {
 public:
  Args(const std::vector<std::string>& args, const std::vector<std::string>& flags_without_value = {});
  std::optional<std::string> get(const std::string& key) const;
  std::string get_or(const std::string& key, const std::string& def) const;
  bool has(const std::string& key) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  // Throws a Usage error naming any option not in `known`.
  void check_known(const std::vector<std::string>& known) const;

 private:
  std::vector<std::pair<std::string, std::string>> opts_;
  std::vector<std::string> positionals_;
};

// A whole-number option --KEY within [lo, hi] (`def` when absent). Anything else — text, a
// fraction, 1e12, a value out of the range — is refused (Error(Usage)) with the range.
long long count_option(const Args& a, const std::string& key, long long def, long long lo, long long hi);
// A duration option --KEY in seconds, within (0, hi]; refused (Error(Usage)) with the range.
double seconds_option(const Args& a, const std::string& key, double hi);

// The data folder: --data, else $MARAUDE_DATA, else ../shared/data/geo next to the source tree.
std::string resolve_data_dir(const Args& a);

}  // namespace maraude::cli
