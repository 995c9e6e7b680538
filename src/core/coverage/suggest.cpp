// "Where to add the next permanences": greedy maximal covering (lazy greedy).
//
// Demand: the current gaps, sampled on a square grid of `grid_step_m` (cell centres
// inside a gap); each sample carries its target's uncovered NEETs divided by the
// number of samples of that target (areal weighting, as in the engine). A gap too
// small to hold a grid point gets one sample inside it.
// Objective f(S) = NEET weight of the samples inside the reach area of some site of S.
// f is monotone submodular (a weighted coverage function), so the greedy choice of k
// sites reaches at least (1 − 1/e) ≈ 63.2 % of the best k sites (Nemhauser, Wolsey &
// Fisher 1978); lazy evaluation (Minoux 1978) gives the same choice with fewer gain
// evaluations. Upper bound reported: min over the greedy steps i ∈ {0, k} of
// f(S_i) + sum of the k largest marginal gains w.r.t. S_i (valid by submodularity),
// and f(S_k)/(1 − 1/e). The gains are then recomputed exactly with polygons.
#include <algorithm>
#include <cmath>
#include <queue>
#include <unordered_map>

#include "core/coverage/engine.h"
#include "core/parallel.h"
#include "core/error.h"
#include "core/plausibility.h"
#include "core/text.h"

namespace maraude::coverage {

namespace {
struct Sample {
  Vec2 pos;
  double w;
};
}  // namespace

Suggestion CoverageEngine::suggest(int k, const std::vector<Candidate>& candidates, double step) const {
  if (k < 1 || k > 200)
    throw Error(ErrorKind::Usage, "nombre de sites à proposer hors limites (" + std::to_string(k) + ")", "--suggest",
                "demandez de 1 à 200 nouveaux sites");
  if (!(step > 0))
    throw Error(ErrorKind::Usage, "pas de grille de demande invalide", "couverture", "donnez un pas positif en mètres");
  if (candidates.empty())
    throw Error(ErrorKind::Infeasible, "aucun site candidat", "--suggest",
                "l’espace de travail n’a pas de points d’ancrage de communes ; donnez une liste de sites candidats");
  Suggestion out;
  out.grid_step_m = step;
  out.candidates = static_cast<int>(candidates.size());
  out.before_uncovered_neet = totals_.uncovered_neet;

  // 1. Demand samples from the current gaps.
  std::vector<Sample> samples;
  for (size_t t = 0; t < targets_.size(); ++t) {
    const TargetResult& r = results_[t];
    if (!(r.uncovered_neet > 0) || !(r.gap_area_m2 > 0)) continue;
    const MultiPolygon g = gap(t);
    const BBox b = bbox(g);
    std::vector<Vec2> pts;
    for (double x = (std::floor(b.minx / step) + 0.5) * step; x <= b.maxx; x += step)
      for (double y = (std::floor(b.miny / step) + 0.5) * step; y <= b.maxy; y += step)
        if (contains(g, {x, y})) pts.push_back({x, y});
    if (pts.empty()) pts.push_back(point_on_surface(g));
    const double w = r.uncovered_neet / static_cast<double>(pts.size());
    for (auto p : pts) samples.push_back({p, w});
  }

  // 2. Which samples each candidate covers (reach polygon of the default reach).
  const double cell = 10000;
  std::unordered_map<long long, std::vector<int>> grid;
  auto key = [&](double x, double y) {
    return (static_cast<long long>(std::floor(x / cell)) << 32) ^
           (static_cast<long long>(std::floor(y / cell)) & 0xffffffffLL);
  };
  for (size_t i = 0; i < samples.size(); ++i) grid[key(samples[i].pos.x, samples[i].pos.y)].push_back(static_cast<int>(i));
  std::vector<std::vector<int>> covers(candidates.size());
  // Built with the engine's construction (the travel model's reach area: a circle crow-fly,
  // the reached roads widened on the road network), in parallel.
  std::vector<MultiPolygon> areas(candidates.size());
  parallel_for(candidates.size(), threads(), [&](size_t c) {
    // A candidate outside the Lambert-93 domain covers nothing (and a coordinate so large
    // that x + cell == x would never end the scan below).
    if (plausible_l93(candidates[c].pos)) areas[c] = reach_shape(candidates[c].pos, scenario_.default_reach);
  });
  for (size_t c = 0; c < candidates.size(); ++c) {
    const BBox b = bbox(areas[c]);
    if (b.empty()) continue;  // off the road network: covers nothing
    for (double x = std::floor(b.minx / cell) * cell; x <= b.maxx; x += cell)
      for (double y = std::floor(b.miny / cell) * cell; y <= b.maxy; y += cell) {
        auto it = grid.find(key(x + cell / 2, y + cell / 2));
        if (it == grid.end()) continue;
        for (int s : it->second)
          if (b.contains(samples[s].pos) && contains(areas[c], samples[s].pos)) covers[c].push_back(s);
      }
  }

  // 3. Lazy greedy.
  std::vector<char> covered(samples.size(), 0);
  auto gain_of = [&](size_t c) {
    double g = 0;
    for (int s : covers[c])
      if (!covered[s]) g += samples[s].w;
    return g;
  };
  auto top_k_sum = [&]() {
    std::vector<double> gains(candidates.size());
    for (size_t c = 0; c < candidates.size(); ++c) gains[c] = gain_of(c);
    const size_t kk = std::min(gains.size(), static_cast<size_t>(k));
    std::partial_sort(gains.begin(), gains.begin() + static_cast<long>(kk), gains.end(), std::greater<>());
    double s = 0;
    for (size_t i = 0; i < kk; ++i) s += gains[i];
    return s;
  };
  double bound = top_k_sum();  // f(∅) = 0
  using Entry = std::pair<double, std::pair<int, size_t>>;  // gain, (-stamp, candidate) – ties: lower index first
  auto cmp = [](const Entry& a, const Entry& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.second.second > b.second.second;
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(cmp)> pq(cmp);
  for (size_t c = 0; c < candidates.size(); ++c) pq.push({gain_of(c), {0, c}});
  double f = 0;
  std::vector<size_t> chosen;
  int round = 0;
  while (static_cast<int>(chosen.size()) < k && !pq.empty()) {
    Entry e = pq.top();
    pq.pop();
    if (e.second.first != round) {  // stale: re-evaluate and push back
      pq.push({gain_of(e.second.second), {round, e.second.second}});
      continue;
    }
    if (!(e.first > 0)) break;  // nothing left to gain
    chosen.push_back(e.second.second);
    f += e.first;
    for (int s : covers[e.second.second]) covered[s] = 1;
    ++round;
  }
  out.grid_gain_neet = f;
  if (static_cast<int>(chosen.size()) == k || pq.empty()) bound = std::min(bound, f + top_k_sum());
  else bound = std::min(bound, f);  // stopped because every gain is 0: f is optimal
  bound = std::min(bound, f / (1 - 1 / std::exp(1.0)));
  out.upper_bound_gain_neet = bound;

  // 4. Exact figures: add the sites one by one to a copy of the engine.
  CoverageEngine exact(ws_, targets_, travel_, params_);
  exact.set_scenario(scenario_);
  double prev = exact.totals().uncovered_neet;
  for (size_t n = 0; n < chosen.size(); ++n) {
    const Candidate& c = candidates[chosen[n]];
    ServicePoint p;
    p.id = "suggestion-" + std::to_string(n + 1);
    p.kind = ServiceKind::Permanence;
    p.name = "Proposition " + std::to_string(n + 1) + " : " + c.label;
    p.commune = c.commune;
    p.pos = c.pos;
    const Update u = exact.add_point(p);
    out.sites.push_back({c.pos, c.label, c.commune, prev - u.totals.uncovered_neet});
    prev = u.totals.uncovered_neet;
  }
  out.after_uncovered_neet = prev;
  out.greedy_gain_neet = out.before_uncovered_neet - out.after_uncovered_neet;
  out.method = "glouton paresseux (lazy greedy) de couverture maximale sur une grille de demande de " +
               format_fr(step, 0) + " m, sites existants fixés, " + std::to_string(candidates.size()) +
               " candidats ; garantie : au moins (1 − 1/e) ≈ 63,2 % du meilleur choix de " + std::to_string(k) +
               " sites sur cette grille ; gain sur la grille " + format_fr(f, 1) + " NEET, borne supérieure " +
               format_fr(bound, 1) + " NEET (soit au moins " + format_fr(bound > 0 ? 100 * f / bound : 100, 1) +
               " % de l'optimum) ; gain exact recalculé sur les polygones : " + format_fr(out.greedy_gain_neet, 1) +
               " NEET";
  return out;
}

}  // namespace maraude::coverage
