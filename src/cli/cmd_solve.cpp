// `maraude solve`: runs the route planner's engine on a benchmark instance
// (TSPLIB EUC_2D or Solomon VRPTW) and prints / writes the solution.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/routing/instance.h"
#include "core/text.h"

namespace {

using namespace maraude;

const char* kUsage =
    "Usage : maraude solve FICHIER.tsp|FICHIER.txt [--seconds S] [--seed N] [--iterations N] [--out SOLUTION.json]\n"
    "\n"
    "Résout une instance de référence du planificateur de tournées :\n"
    "  - TSPLIB (EUC_2D, distances arrondies à l'entier) : une tournée passant par tous les nœuds ;\n"
    "  - Solomon VRPTW (capacité, fenêtres horaires) : d'abord le nombre de véhicules, puis la distance.\n"
    "\n"
    "Options :\n"
    "  --seconds S     limite de temps (mode « anytime » : la meilleure solution trouvée est rendue) ;\n"
    "                  sans elle, un budget d'itérations fixe rend le résultat reproductible\n"
    "  --iterations N  budget d'itérations (défaut : 3000 TSPLIB, 40000 Solomon)\n"
    "  --seed N        graine du générateur pseudo-aléatoire (défaut 1)\n"
    "  --out F.json    écrit {\"instance\", \"objective\", \"vehicles\", \"routes\"} (identifiants du fichier)\n";

std::atomic<bool> g_stop{false};
extern "C" void on_sigint(int) { g_stop.store(true); }

long long parse_count(const cli::Args& a, const std::string& key, long long def) {
  const auto v = a.get(key);
  if (!v) return def;
  const auto n = parse_integer(*v);
  if (!n || *n < 0)
    throw Error(ErrorKind::Usage, "--" + key + " attend un entier positif, pas « " + *v + " »", "ligne de commande");
  return *n;
}

int run(const std::vector<std::string>& args) {
  cli::Args a(args);
  a.check_known({"seconds", "seed", "out", "iterations"});
  if (a.positionals().size() != 1)
    throw Error(ErrorKind::Usage, "un fichier d'instance est attendu", "ligne de commande",
                "maraude solve eil51.tsp --out eil51.json");
  const std::string path = a.positionals()[0];
  if (auto out = a.get("out")) check_output_path(*out, {path});
  // The time asked covers reading the file and preparing the problem too.
  const auto t_start = std::chrono::steady_clock::now();
  const routing::Instance in = routing::read_instance(path);
  const routing::Problem p = routing::to_problem(in);
  routing::SolveOptions opt = routing::default_options(in);
  opt.seed = static_cast<std::uint64_t>(parse_count(a, "seed", 1));
  if (a.get("seconds")) {
    opt.seconds = cli::seconds_option(a, "seconds", 3600);
    opt.max_iterations = 0;
  }
  if (a.has("iterations")) opt.max_iterations = cli::count_option(a, "iterations", opt.max_iterations, 0, 10000000);
  if (opt.max_iterations <= 0 && opt.seconds <= 0)
    throw Error(ErrorKind::Usage, "--iterations 0 sans --seconds : aucune limite", "ligne de commande", "indiquez --seconds S");
  opt.stop = &g_stop;
  std::signal(SIGINT, on_sigint);

  const auto t0 = std::chrono::steady_clock::now();
  const double setup = std::chrono::duration<double>(t0 - t_start).count();
  if (opt.seconds > 0) opt.seconds = std::max(0.01, 0.98 * opt.seconds - setup);  // 2 %: writing the result
  const routing::Solution sol = routing::solve(p, opt);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();

  const bool tsp = in.kind == routing::InstanceKind::Tsplib;
  std::printf("Instance : %s (%s, %zu %s)\n", in.name.c_str(), tsp ? "TSPLIB EUC_2D" : "Solomon VRPTW",
              tsp ? in.pts.size() : in.pts.size() - 1, tsp ? "nœuds" : "clients");
  if (tsp) std::printf("Objectif : longueur %.0f\n", sol.distance);
  else std::printf("Objectif : %d véhicules, distance %.2f\n", sol.vehicles, sol.distance);
  if (!sol.unassigned.empty()) {
    std::printf("Non servis : %zu client(s)\n", sol.unassigned.size());
    // The exit code 7 (infeasible) says it to scripts; stderr says why to whoever reads it.
    std::string ids;
    for (size_t k = 0; k < sol.unassigned.size() && k < 10; ++k) ids += (k ? ", " : "") + std::to_string(in.ids[static_cast<size_t>(p.jobs[static_cast<size_t>(sol.unassigned[k])].node)]);
    if (sol.unassigned.size() > 10) ids += ", …";
    std::fprintf(stderr,
                 "maraude solve: %zu client(s) non servi(s) (%s) : aucune tournée trouvée ne les visite dans leur fenêtre "
                 "horaire avec la capacité des véhicules ; la solution écrite les laisse de côté (code de sortie 7)\n"
                 "  (que faire : laissez chercher plus longtemps avec --seconds ou --iterations, ou vérifiez leurs fenêtres "
                 "et demandes dans %s)\n",
                 sol.unassigned.size(), ids.c_str(), path.c_str());
  }
  std::printf("Temps : %.2f s (lecture et préparation %.2f s comprises)\n", secs, setup);
  if (auto out = a.get("out")) {
    AtomicFile file(*out);
    {
      std::ofstream f(file.tmp(), std::ios::binary);
      if (!f) throw Error(ErrorKind::Io, "impossible d'écrire le fichier", *out, "vérifiez que le dossier existe");
      f << routing::solution_json(in, p, sol);
      f.close();
      if (!f) throw Error(ErrorKind::Io, "écriture interrompue", *out, "vérifiez l’espace libre sur le disque");
    }
    file.commit();
  }
  return sol.unassigned.empty() ? 0 : exit_code(ErrorKind::Infeasible);
}

static maraude::cli::Registrar reg{{"solve", "résout une instance TSPLIB / Solomon (planificateur de tournées)", kUsage, run}};

}  // namespace
