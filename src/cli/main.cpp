// maraude: entry point. Dispatches to registered subcommands and turns typed
// errors into a message on stderr and an exit code per error kind.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "core/error.h"
#include "core/text.h"
#include "io/gdal_messages.h"

namespace maraude::cli {

std::vector<Command>& registry() {
  static std::vector<Command> r;
  return r;
}

Args::Args(const std::vector<std::string>& args, const std::vector<std::string>& flags) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (starts_with(a, "--") && a.size() > 2) {
      const auto eq = a.find('=');
      if (eq != std::string::npos) {
        opts_.emplace_back(a.substr(2, eq - 2), a.substr(eq + 1));
      } else {
        const std::string key = a.substr(2);
        const bool is_flag = std::find(flags.begin(), flags.end(), key) != flags.end();
        if (!is_flag && i + 1 < args.size() && !(starts_with(args[i + 1], "--") && args[i + 1].size() > 2)) {
          opts_.emplace_back(key, args[++i]);
        } else {
          opts_.emplace_back(key, "");
        }
      }
    } else {
      positionals_.push_back(a);
    }
  }
}

std::optional<std::string> Args::get(const std::string& key) const {
  for (auto it = opts_.rbegin(); it != opts_.rend(); ++it)
    if (it->first == key) return it->second;
  return std::nullopt;
}
std::string Args::get_or(const std::string& key, const std::string& def) const { return get(key).value_or(def); }
bool Args::has(const std::string& key) const { return get(key).has_value(); }

void Args::check_known(const std::vector<std::string>& known) const {
  for (const auto& [k, v] : opts_)
    if (std::find(known.begin(), known.end(), k) == known.end())
      throw Error(ErrorKind::Usage, "option inconnue --" + k, "ligne de commande",
                  "options reconnues : --" + join(known, ", --"));
}

namespace {
std::string plain(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.15g", v);
  std::string t = b;
  if (t.find_first_of("e.") != std::string::npos) return t;
  // thousands separated by a space (French), e.g. 1 000 000
  std::string o;
  const size_t first = t[0] == '-' ? 1 : 0;
  for (size_t i = 0; i < t.size(); ++i) {
    o += t[i];
    const size_t left = t.size() - 1 - i;
    if (i >= first && left > 0 && left % 3 == 0) o += ' ';
  }
  return o;
}
}  // namespace

long long count_option(const Args& a, const std::string& key, long long def, long long lo, long long hi) {
  const auto v = a.get(key);
  if (!v) return def;
  const std::string range = "un entier entre " + plain(static_cast<double>(lo)) + " et " + plain(static_cast<double>(hi));
  auto n = parse_integer(*v);
  if (!n) {  // 1e6, 2.0: read as a number, taken when whole and in range
    const auto d = parse_number(*v);
    if (!d || *d != std::floor(*d))
      throw Error(ErrorKind::Usage, "--" + key + " attend " + range + ", pas « " + *v + " »", "--" + key);
    if (*d < static_cast<double>(lo) || *d > static_cast<double>(hi))
      throw Error(ErrorKind::Usage, "--" + key + " " + *v + " hors limites", "--" + key, "indiquez " + range);
    n = static_cast<long long>(*d);
  }
  if (*n < lo || *n > hi) throw Error(ErrorKind::Usage, "--" + key + " " + *v + " hors limites", "--" + key, "indiquez " + range);
  return *n;
}

double seconds_option(const Args& a, const std::string& key, double hi) {
  const auto v = a.get(key);
  if (!v) return 0;
  const std::string range = "une durée en secondes, plus de 0 et au plus " + plain(hi);
  const auto d = parse_number(*v);
  if (!d) throw Error(ErrorKind::Usage, "--" + key + " attend " + range + ", pas « " + *v + " »", "--" + key);
  if (!(*d > 0) || *d > hi) throw Error(ErrorKind::Usage, "--" + key + " " + *v + " hors limites", "--" + key, "indiquez " + range);
  return *d;
}

std::string resolve_data_dir(const Args& a) {
  if (auto d = a.get("data")) return *d;
  if (const char* env = std::getenv("MARAUDE_DATA"); env && *env) return env;
  // Developer default: the shared data beside the checkout.
  for (const char* cand : {"../shared/data/geo", "../../shared/data/geo", "../../../shared/data/geo"})
    if (std::filesystem::is_directory(cand)) return cand;
  throw Error(ErrorKind::Usage, "aucun dossier de données indiqué", "ligne de commande",
              "indiquez --data DOSSIER ou définissez MARAUDE_DATA : le dossier qui contient admin/, insee/, qpv/, services/ (voir README.md, « Data »)");
}

}  // namespace maraude::cli

using namespace maraude;

static void print_help() {
  std::cout << "maraude — couverture « aller vers » et tournées des bureaux mobiles\n\n"
               "Usage : maraude <commande> [options]\n\nCommandes :\n";
  auto cmds = cli::registry();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (const auto& c : cmds) {
    std::printf("  %-10s %s\n", c.name.c_str(), c.summary.c_str());
  }
  std::cout << "\n`maraude <commande> --help` détaille une commande.\n"
               "Données : --data DIR ou la variable MARAUDE_DATA.\n";
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "maraude 0.1.0\n";
    return 0;
  }
  const std::string name = args[0];
  args.erase(args.begin());
  // GDAL/SQLite messages reach the user in French (the original on a detail line).
  io::install_gdal_message_handler();
  for (const auto& c : cli::registry()) {
    if (c.name != name) continue;
    if (std::find(args.begin(), args.end(), "--help") != args.end()) {
      std::cout << c.usage << "\n";
      return 0;
    }
    try {
      return c.run(args);
    } catch (const Error& e) {
      std::cerr << "maraude " << name << ": erreur (" << kind_name(e.kind()) << ") — " << e.format() << "\n";
      // Every refusal says what to do: a generic line when the thrower gave none.
      if (e.hint().empty()) {
        const char* what_to_do = "";
        switch (e.kind()) {
          case ErrorKind::Usage: what_to_do = "voir `maraude " ; break;
          case ErrorKind::MissingFile: what_to_do = "vérifiez le chemin du fichier nommé (et --data / MARAUDE_DATA)"; break;
          case ErrorKind::BadInput: what_to_do = "corrigez la donnée nommée dans ce fichier, puis relancez la commande"; break;
          case ErrorKind::Workspace: what_to_do = "relancez `maraude import` pour refaire l'espace de travail"; break;
          case ErrorKind::Io: what_to_do = "vérifiez que le dossier existe, qu'il reste de la place et que vous pouvez y écrire"; break;
          case ErrorKind::Infeasible: what_to_do = "assouplissez les contraintes (horaires, jours, portée) et relancez"; break;
          case ErrorKind::Graphics: what_to_do = "lancez sous un affichage avec OpenGL 3.3 (xvfb-run en l'absence d'écran)"; break;
          case ErrorKind::Conflict: what_to_do = "relisez la version enregistrée par l'autre personne, puis refaites vos changements"; break;
          case ErrorKind::Internal: what_to_do = "signalez-le avec la commande et les fichiers utilisés"; break;
        }
        if (e.kind() == ErrorKind::Usage)
          std::cerr << "  (que faire : voir `maraude " << name << " --help`)\n";
        else
          std::cerr << "  (que faire : " << what_to_do << ")\n";
      }
      return exit_code(e.kind());
    } catch (const std::exception& e) {
      std::cerr << "maraude " << name << ": erreur interne — " << e.what() << "\n";
      return 70;
    }
  }
  std::cerr << "maraude: commande inconnue « " << name << " »\n\n";
  print_help();
  return 2;
}
