#include "core/roads/ch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <string>
#include <thread>
#include <utility>

#include "core/error.h"

namespace maraude::roads {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Settled-node limits of the witness searches: while simulating a contraction to rate a
// node, and when contracting it. A search stopped by the limit adds a shortcut that a
// longer search might have found useless (never a wrong one).
constexpr int kSimulateSettled = 20;
constexpr int kContractSettled = 600;

// Arc of the graph still being contracted (graph node ids).
struct DArc {
  uint32_t to, mid;
  double cost, other;
};

struct Shortcut {
  uint32_t from, to, mid;
  double cost, other;
};

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Min-heap of (cost, node) with lazy deletion (stale entries are skipped when popped).
struct Heap {
  std::vector<std::pair<double, uint32_t>> h;
  void clear() { h.clear(); }
  bool empty() const { return h.empty(); }
  void push(double d, uint32_t v) {
    h.emplace_back(d, v);
    std::push_heap(h.begin(), h.end(), std::greater<>());
  }
  std::pair<double, uint32_t> pop() {
    std::pop_heap(h.begin(), h.end(), std::greater<>());
    auto top = h.back();
    h.pop_back();
    return top;
  }
};

// Bounded Dijkstra used to look for witnesses (paths that make a shortcut useless).
struct WitnessSearch {
  std::vector<double> dist;
  std::vector<uint32_t> stamp, target;
  uint32_t cur = 0, target_tag = 0;
  Heap heap;

  explicit WitnessSearch(size_t n) : dist(n, kInf), stamp(n, 0), target(n, 0) {}
  double at(uint32_t v) const { return stamp[v] == cur ? dist[v] : kInf; }

  // Marks the nodes the next searches look for; they stop once all are settled.
  void set_targets(const std::vector<DArc>& outs) {
    if (++target_tag == 0) {
      std::fill(target.begin(), target.end(), 0);
      target_tag = 1;
    }
    for (const DArc& b : outs) target[b.to] = target_tag;
  }

  // From `src`, never through `skip` nor a node flagged in `blocked`, settling nodes up to
  // cost `bound` and at most `limit` of them, until `n_targets` marked targets are settled.
  void run(const std::vector<std::vector<DArc>>& out, uint32_t src, uint32_t skip, const std::vector<uint8_t>* blocked,
           double bound, int limit, int n_targets) {
    if (++cur == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      cur = 1;
    }
    heap.clear();
    stamp[src] = cur;
    dist[src] = 0;
    heap.push(0, src);
    int settled = 0;
    while (!heap.empty()) {
      auto [d, x] = heap.pop();
      if (d > dist[x]) continue;
      if (d > bound || ++settled > limit) break;
      if (target[x] == target_tag && x != src && --n_targets <= 0) break;
      for (const DArc& a : out[x]) {
        if (a.to == skip || (blocked && (*blocked)[a.to])) continue;
        double nd = d + a.cost;
        if (stamp[a.to] != cur) {
          stamp[a.to] = cur;
          dist[a.to] = nd;
          heap.push(nd, a.to);
        } else if (nd < dist[a.to]) {
          dist[a.to] = nd;
          heap.push(nd, a.to);
        }
      }
    }
  }
};

// The shortcuts contracting v needs (appended to `sc`, or only counted when sc is null).
// Returns their count.
int shortcuts_of(const std::vector<std::vector<DArc>>& out, const std::vector<std::vector<DArc>>& in, uint32_t v,
                 const std::vector<uint8_t>* blocked, int limit, WitnessSearch& ws, std::vector<Shortcut>* sc) {
  int added = 0;
  const auto& ins = in[v];
  const auto& outs = out[v];
  if (ins.empty() || outs.empty()) return 0;
  ws.set_targets(outs);
  for (const DArc& a : ins) {
    uint32_t u = a.to;
    double max_out = 0;
    int n_targets = 0;
    for (const DArc& b : outs)
      if (b.to != u) {
        max_out = std::max(max_out, b.cost);
        ++n_targets;
      }
    if (n_targets == 0) continue;
    ws.run(out, u, v, blocked, a.cost + max_out, limit, n_targets);
    for (const DArc& b : outs) {
      if (b.to == u) continue;
      double via = a.cost + b.cost;
      if (ws.at(b.to) <= via) continue;
      ++added;
      if (sc) sc->push_back({u, b.to, v, via, a.other + b.other});
    }
  }
  return added;
}

// Adds u -> w (or lowers an existing u -> w arc) in an adjacency list.
void merge_arc(std::vector<DArc>& list, const DArc& a) {
  for (DArc& e : list)
    if (e.to == a.to) {
      if (a.cost < e.cost || (a.cost == e.cost && a.other < e.other)) e = a;
      return;
    }
  list.push_back(a);
}

void erase_to(std::vector<DArc>& list, uint32_t v) {
  list.erase(std::remove_if(list.begin(), list.end(), [v](const DArc& a) { return a.to == v; }), list.end());
}

// Runs f(i) for i in [0, n) on `threads` threads, each taking contiguous chunks.
void parallel_for(size_t n, int threads, const std::function<void(size_t begin, size_t end, int worker)>& f) {
  threads = std::max(1, threads);
  if (threads == 1 || n < 64) {
    f(0, n, 0);
    return;
  }
  std::atomic<size_t> next{0};
  const size_t chunk = std::max<size_t>(16, n / (threads * 16));
  auto work = [&](int worker) {
    for (;;) {
      size_t b = next.fetch_add(chunk);
      if (b >= n) break;
      f(b, std::min(n, b + chunk), worker);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Build

ContractionHierarchy::ContractionHierarchy(const Graph& g, Metric metric, int threads)
    : metric_(metric), threads_(std::max(1, threads)) {
  auto t0 = std::chrono::steady_clock::now();
  const size_t n = g.node.size();
  n_ = n;
  stats_.nodes = n;
  if (n >= kNoNode) throw Error(ErrorKind::Internal, "graphe routier trop grand pour la hiérarchie de contraction");
  if (g.first_out.size() != n + 1 || g.first_out.back() != g.out.size())
    throw Error(ErrorKind::Internal,
                "graphe routier incohérent : " + std::to_string(g.first_out.size()) + " débuts de listes pour " +
                    std::to_string(n) + " nœuds et " + std::to_string(g.out.size()) + " arcs",
                "hiérarchie de contraction");

  // Dynamic graph without self loops, parallel edges merged (lowest cost kept).
  std::vector<std::vector<DArc>> out(n), in(n);
  for (uint32_t v = 0; v < n; ++v) {
    if (g.first_out[v] > g.first_out[v + 1])
      throw Error(ErrorKind::Internal, "graphe routier incohérent : listes d'arcs non croissantes au nœud " + std::to_string(v),
                  "hiérarchie de contraction");
    for (uint32_t e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
      const Edge& ed = g.out[e];
      if (ed.to >= n)
        throw Error(ErrorKind::Internal, "graphe routier incohérent : l'arc " + std::to_string(e) + " mène au nœud " +
                                             std::to_string(ed.to) + " inexistant",
                    "hiérarchie de contraction");
      double c = metric == Metric::Time ? ed.time_s : ed.length_m;
      double o = metric == Metric::Time ? ed.length_m : ed.time_s;
      if (!(c >= 0) || !std::isfinite(c) || !(o >= 0) || !std::isfinite(o))
        throw Error(ErrorKind::Internal, "graphe routier incohérent : l'arc " + std::to_string(e) +
                                             " a une longueur ou un temps négatif ou non défini",
                    "hiérarchie de contraction");
      if (ed.to == v) continue;
      merge_arc(out[v], {ed.to, kNoNode, c, o});
    }
  }
  for (uint32_t v = 0; v < n; ++v)
    for (const DArc& a : out[v]) in[a.to].push_back({v, kNoNode, a.cost, a.other});
  for (uint32_t v = 0; v < n; ++v) stats_.edges += out[v].size();

  std::vector<WitnessSearch> ws;
  for (int t = 0; t < threads_; ++t) ws.emplace_back(n);

  std::vector<int> deleted(n, 0), depth(n, 0);
  std::vector<int> prio(n, 0);
  auto rate = [&](uint32_t v, WitnessSearch& w) {
    int added = shortcuts_of(out, in, v, nullptr, kSimulateSettled, w, nullptr);
    int removed = static_cast<int>(out[v].size() + in[v].size());
    return 2 * (added - removed) + deleted[v] + depth[v];
  };
  std::vector<uint32_t> remaining(n);
  for (uint32_t v = 0; v < n; ++v) remaining[v] = v;
  auto tr = std::chrono::steady_clock::now();
  parallel_for(n, threads_, [&](size_t b, size_t e, int t) {
    for (size_t i = b; i < e; ++i) prio[i] = rate(static_cast<uint32_t>(i), ws[t]);
  });
  stats_.rate_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - tr).count();

  std::vector<uint32_t> rank(n, kNoNode);
  uint32_t next_rank = 0;
  std::vector<uint8_t> selected(n, 0), touched(n, 0);
  // Arcs of each node at its contraction: all lead to nodes contracted later.
  struct Rec {
    uint32_t owner;
    DArc arc;
  };
  std::vector<Rec> up_rec, down_rec;
  up_rec.reserve(stats_.edges * 2);
  down_rec.reserve(stats_.edges * 2);

  auto before = [&](uint32_t a, uint32_t b) {  // a contracted before b when both are candidates
    if (prio[a] != prio[b]) return prio[a] < prio[b];
    uint64_t ha = mix(a), hb = mix(b);
    return ha != hb ? ha < hb : a < b;
  };

  std::vector<std::vector<Shortcut>> sc(threads_);
  std::vector<Shortcut> all_sc;
  std::vector<uint32_t> chosen, neighbours;
  while (!remaining.empty()) {
    ++stats_.rounds;
    // Independent set: nodes that come before every neighbour.
    std::vector<uint8_t> pick(remaining.size(), 0);
    parallel_for(remaining.size(), threads_, [&](size_t b, size_t e, int) {
      for (size_t i = b; i < e; ++i) {
        uint32_t v = remaining[i];
        bool ok = true;
        for (const DArc& a : out[v])
          if (!before(v, a.to)) { ok = false; break; }
        if (ok)
          for (const DArc& a : in[v])
            if (!before(v, a.to)) { ok = false; break; }
        pick[i] = ok;
      }
    });
    chosen.clear();
    for (size_t i = 0; i < remaining.size(); ++i)
      if (pick[i]) {
        chosen.push_back(remaining[i]);
        selected[remaining[i]] = 1;
      }

    // Shortcuts of every chosen node; witnesses avoid all chosen nodes, so contracting
    // them together keeps every distance among the others.
    for (auto& s : sc) s.clear();
    auto tc = std::chrono::steady_clock::now();
    parallel_for(chosen.size(), threads_, [&](size_t b, size_t e, int t) {
      for (size_t i = b; i < e; ++i) shortcuts_of(out, in, chosen[i], &selected, kContractSettled, ws[t], &sc[t]);
    });
    stats_.contract_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - tc).count();

    // Contract: record the arcs, detach the nodes, add the shortcuts.
    neighbours.clear();
    for (uint32_t v : chosen) {
      rank[v] = next_rank++;
      for (const DArc& a : out[v]) {
        up_rec.push_back({v, a});
        erase_to(in[a.to], v);
        if (!touched[a.to]) { touched[a.to] = 1; neighbours.push_back(a.to); }
        ++deleted[a.to];
        depth[a.to] = std::max(depth[a.to], depth[v] + 1);
      }
      for (const DArc& a : in[v]) {
        down_rec.push_back({v, a});
        erase_to(out[a.to], v);
        if (!touched[a.to]) { touched[a.to] = 1; neighbours.push_back(a.to); }
        ++deleted[a.to];
        depth[a.to] = std::max(depth[a.to], depth[v] + 1);
      }
      std::vector<DArc>().swap(out[v]);
      std::vector<DArc>().swap(in[v]);
    }
    // Merged in one fixed order whatever thread found them, so that the same graph always
    // gives the same hierarchy (the stored sidecar is reproducible).
    all_sc.clear();
    for (auto& list : sc) all_sc.insert(all_sc.end(), list.begin(), list.end());
    std::sort(all_sc.begin(), all_sc.end(), [](const Shortcut& a, const Shortcut& b) {
      if (a.from != b.from) return a.from < b.from;
      if (a.to != b.to) return a.to < b.to;
      return a.mid < b.mid;
    });
    for (const Shortcut& s : all_sc) {
      merge_arc(out[s.from], {s.to, s.mid, s.cost, s.other});
      merge_arc(in[s.to], {s.from, s.mid, s.cost, s.other});
      ++stats_.shortcuts;
    }
    for (uint32_t v : chosen) selected[v] = 0;

    // Neighbours' priorities changed; the others did not.
    tr = std::chrono::steady_clock::now();
    parallel_for(neighbours.size(), threads_, [&](size_t b, size_t e, int t) {
      for (size_t i = b; i < e; ++i) prio[neighbours[i]] = rate(neighbours[i], ws[t]);
    });
    stats_.rate_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - tr).count();
    for (uint32_t v : neighbours) touched[v] = 0;
    size_t k = 0;
    for (uint32_t v : remaining)
      if (rank[v] == kNoNode) remaining[k++] = v;
    remaining.resize(k);
  }
  ws.clear();

  // Search graphs in internal ids: most important node first.
  id_of_node_.resize(n);
  node_of_id_.resize(n);
  for (uint32_t v = 0; v < n; ++v) {
    uint32_t id = static_cast<uint32_t>(n - 1 - rank[v]);
    id_of_node_[v] = id;
    node_of_id_[id] = v;
  }
  auto to_csr = [&](const std::vector<Rec>& rec, std::vector<uint32_t>& first, std::vector<Arc>& arcs) {
    first.assign(n + 1, 0);
    for (const Rec& r : rec) ++first[id_of_node_[r.owner] + 1];
    for (size_t i = 0; i < n; ++i) first[i + 1] += first[i];
    arcs.resize(rec.size());
    std::vector<uint32_t> pos(first.begin(), first.end() - 1);
    for (const Rec& r : rec) {
      uint32_t mid = r.arc.mid == kNoNode ? kNoNode : id_of_node_[r.arc.mid];
      arcs[pos[id_of_node_[r.owner]]++] = {id_of_node_[r.arc.to], mid, r.arc.cost, r.arc.other};
    }
  };
  to_csr(up_rec, first_up_, up_);
  std::vector<Rec>().swap(up_rec);
  to_csr(down_rec, first_down_, down_);
  stats_.up_arcs = up_.size();
  stats_.down_arcs = down_.size();
  stats_.memory_bytes = (up_.size() + down_.size()) * sizeof(Arc) + (first_up_.size() + first_down_.size()) * 4 +
                        (id_of_node_.size() + node_of_id_.size()) * 4;
  stats_.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

ContractionHierarchy::ContractionHierarchy(Data d, int threads) : metric_(d.metric), threads_(std::max(1, threads)) {
  auto bad = [](const std::string& why) {
    throw Error(ErrorKind::Internal, "hiérarchie de contraction enregistrée incohérente : " + why,
                "hiérarchie de contraction");
  };
  if (d.metric != Metric::Time && d.metric != Metric::Distance) bad("métrique inconnue");
  const size_t n = d.id_of_node.size();
  if (n >= kNoNode) bad("trop de nœuds");
  if (d.node_of_id.size() != n) bad("numérotations de tailles différentes");
  for (size_t v = 0; v < n; ++v)
    if (d.id_of_node[v] >= n || d.node_of_id[d.id_of_node[v]] != v) bad("numérotation des nœuds non bijective");
  // Upward graphs: at internal id x, arcs to more important ids (smaller), shortcut middles
  // less important than x (larger), so unpacking always ends.
  auto check = [&](const std::vector<uint32_t>& first, const std::vector<Arc>& arcs, const char* what) {
    if (first.size() != n + 1 || first.front() != 0 || first.back() != arcs.size())
      bad(std::string("début des listes d’arcs ") + what);
    for (size_t x = 0; x < n; ++x) {
      if (first[x] > first[x + 1]) bad(std::string("listes d’arcs ") + what + " non croissantes");
      for (uint32_t i = first[x]; i < first[x + 1]; ++i) {
        const Arc& a = arcs[i];
        if (a.to >= x) bad(std::string("arc ") + what + " " + std::to_string(i) + " non montant");
        if (a.mid != kNoNode && (a.mid >= n || a.mid <= x)) bad(std::string("raccourci ") + what + " " + std::to_string(i));
        if (!(a.cost >= 0) || !std::isfinite(a.cost) || !(a.other >= 0) || !std::isfinite(a.other))
          bad(std::string("coût de l’arc ") + what + " " + std::to_string(i));
      }
    }
  };
  if (n > 0) {
    check(d.first_up, d.up, "montant");
    check(d.first_down, d.down, "descendant");
  } else if (!d.up.empty() || !d.down.empty()) {
    bad("arcs sans nœuds");
  } else {
    d.first_up.assign(1, 0);
    d.first_down.assign(1, 0);
  }
  n_ = n;
  id_of_node_ = std::move(d.id_of_node);
  node_of_id_ = std::move(d.node_of_id);
  first_up_ = std::move(d.first_up);
  up_ = std::move(d.up);
  first_down_ = std::move(d.first_down);
  down_ = std::move(d.down);
  stats_.nodes = n;
  stats_.up_arcs = up_.size();
  stats_.down_arcs = down_.size();
  for (const Arc& a : up_) stats_.shortcuts += a.mid != kNoNode;
  for (const Arc& a : down_) stats_.shortcuts += a.mid != kNoNode;
  stats_.edges = up_.size() + down_.size() - stats_.shortcuts;
  stats_.memory_bytes = (up_.size() + down_.size()) * sizeof(Arc) + (first_up_.size() + first_down_.size()) * 4 +
                        (id_of_node_.size() + node_of_id_.size()) * 4;
}

ContractionHierarchy::Data ContractionHierarchy::data() const {
  Data d;
  d.metric = metric_;
  d.id_of_node = id_of_node_;
  d.node_of_id = node_of_id_;
  d.first_up = first_up_;
  d.up = up_;
  d.first_down = first_down_;
  d.down = down_;
  return d;
}

// ---------------------------------------------------------------------------------------
// Queries

// Upward search workspace: costs per internal id, stamped so that it is reset in O(1).
struct ContractionHierarchy::Search {
  std::vector<double> dist, other;
  std::vector<uint32_t> stamp, done, parent;
  uint32_t cur = 0;
  Heap heap;
  explicit Search(size_t n, bool parents = false) : dist(n), other(n), stamp(n, 0), done(n, 0) {
    if (parents) parent.assign(n, kNoNode);
  }
  void reset() {
    if (++cur == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      std::fill(done.begin(), done.end(), 0);
      cur = 1;
    }
    heap.clear();
  }
  bool seen(uint32_t x) const { return stamp[x] == cur; }
  void offer(uint32_t x, double d, double o, uint32_t from) {
    if (stamp[x] != cur || d < dist[x]) {
      stamp[x] = cur;
      dist[x] = d;
      other[x] = o;
      if (!parent.empty()) parent[x] = from;
      heap.push(d, x);
    }
  }
  // Settles nodes upward along (first, arcs); a node that a more important seen node
  // reaches more cheaply through (sfirst, sarcs) is stalled (neither expanded nor reported).
  template <class F>
  void run(const std::vector<uint32_t>& first, const std::vector<Arc>& arcs, const std::vector<uint32_t>& sfirst,
           const std::vector<Arc>& sarcs, F&& on_settle) {
    while (!heap.empty()) {
      auto [d, x] = heap.pop();
      if (d > dist[x] || done[x] == cur) continue;
      done[x] = cur;
      bool stalled = false;
      for (uint32_t i = sfirst[x]; i < sfirst[x + 1]; ++i) {
        const Arc& a = sarcs[i];
        if (stamp[a.to] == cur && dist[a.to] + a.cost < d) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      on_settle(x, d, other[x]);
      for (uint32_t i = first[x]; i < first[x + 1]; ++i) {
        const Arc& a = arcs[i];
        offer(a.to, d + a.cost, other[x] + a.other, x);
      }
    }
  }
};

void ContractionHierarchy::check_seeds(const std::vector<std::vector<Seed>>& ends, const char* what) const {
  for (size_t i = 0; i < ends.size(); ++i)
    for (const Seed& s : ends[i])
      if (s.node >= n_ || !(s.cost >= 0) || std::isnan(s.other))
        throw Error(ErrorKind::Internal,
                    std::string("point d'accès invalide (") + what + " " + std::to_string(i) + ", nœud " +
                        std::to_string(s.node) + " sur " + std::to_string(n_) + ")",
                    "hiérarchie de contraction");
}

void ContractionHierarchy::many_to_many(const std::vector<std::vector<Seed>>& sources,
                                        const std::vector<std::vector<Seed>>& targets, std::vector<double>& cost,
                                        std::vector<double>& other, int threads) const {
  check_seeds(sources, "départ");
  check_seeds(targets, "arrivée");
  const size_t S = sources.size(), T = targets.size();
  cost.assign(S * T, kInf);
  other.assign(S * T, kInf);
  if (S == 0 || T == 0 || n_ == 0) return;
  int nt = std::max(1, threads > 0 ? threads : threads_);
  nt = static_cast<int>(std::min<size_t>(nt, std::max(S, T)));

  // Backward searches: bucket entries (node, target, cost, other), one list per thread
  // over a contiguous block of targets so the bucket order does not depend on timing.
  struct Entry {
    uint32_t node, target;
    double cost, other;
  };
  std::vector<std::vector<Entry>> found(nt);
  auto run_blocks = [&](size_t count, const std::function<void(size_t, size_t, int)>& f) {
    std::vector<std::thread> pool;
    for (int t = 0; t < nt; ++t) {
      size_t b = count * t / nt, e = count * (t + 1) / nt;
      if (t == nt - 1) f(b, e, t);
      else pool.emplace_back(f, b, e, t);
    }
    for (auto& th : pool) th.join();
  };
  run_blocks(T, [&](size_t b, size_t e, int t) {
    Search s(n_);
    for (size_t j = b; j < e; ++j) {
      s.reset();
      for (const Seed& sd : targets[j]) s.offer(id_of_node_[sd.node], sd.cost, sd.other, kNoNode);
      s.run(first_down_, down_, first_up_, up_, [&](uint32_t x, double d, double o) {
        found[t].push_back({x, static_cast<uint32_t>(j), d, o});
      });
    }
  });
  struct Bucket {
    uint32_t target;
    double cost, other;
  };
  std::vector<uint32_t> first(n_ + 1, 0);
  size_t total = 0;
  for (auto& f : found) {
    total += f.size();
    for (const Entry& en : f) ++first[en.node + 1];
  }
  for (size_t i = 0; i < n_; ++i) first[i + 1] += first[i];
  std::vector<Bucket> bucket(total);
  {
    std::vector<uint32_t> pos(first.begin(), first.end() - 1);
    for (auto& f : found) {
      for (const Entry& en : f) bucket[pos[en.node]++] = {en.target, en.cost, en.other};
      std::vector<Entry>().swap(f);
    }
  }

  // Forward searches: each source scans the buckets of the nodes it settles.
  run_blocks(S, [&](size_t b, size_t e, int) {
    Search s(n_);
    for (size_t i = b; i < e; ++i) {
      double* rc = cost.data() + i * T;
      double* ro = other.data() + i * T;
      s.reset();
      for (const Seed& sd : sources[i]) s.offer(id_of_node_[sd.node], sd.cost, sd.other, kNoNode);
      s.run(first_up_, up_, first_down_, down_, [&](uint32_t x, double d, double o) {
        for (uint32_t k = first[x]; k < first[x + 1]; ++k) {
          const Bucket& bk = bucket[k];
          double c = d + bk.cost;
          if (c < rc[bk.target]) {
            rc[bk.target] = c;
            ro[bk.target] = o + bk.other;
          }
        }
      });
    }
  });
}

double ContractionHierarchy::query(const std::vector<Seed>& source, const std::vector<Seed>& target,
                                   double* other_out) const {
  std::vector<double> c, o;
  many_to_many({source}, {target}, c, o, 1);
  if (other_out) *other_out = o[0];
  return c[0];
}

void ContractionHierarchy::unpack(uint32_t from, uint32_t to, double cost, std::vector<uint32_t>& out) const {
  // The arc from -> to (internal ids) is the cheapest one between them; find its middle.
  uint32_t mid = kNoNode;
  bool found = false;
  auto scan = [&](const std::vector<uint32_t>& first, const std::vector<Arc>& arcs, uint32_t at, uint32_t other_end) {
    for (uint32_t i = first[at]; i < first[at + 1]; ++i)
      if (arcs[i].to == other_end) {
        mid = arcs[i].mid;
        found = true;
        return;
      }
  };
  if (to < from) scan(first_up_, up_, from, to);    // `to` more important: an upward arc of `from`
  else scan(first_down_, down_, to, from);         // `from` more important: a downward arc into `to`
  if (!found || mid == kNoNode) {
    out.push_back(node_of_id_[to]);
    return;
  }
  unpack(from, mid, 0, out);
  unpack(mid, to, 0, out);
}

std::vector<uint32_t> ContractionHierarchy::path(uint32_t from, uint32_t to) const {
  std::vector<uint32_t> result;
  if (from >= n_ || to >= n_) return result;
  if (from == to) return {from};
  Search f(n_, true), b(n_, true);
  f.reset();
  b.reset();
  f.offer(id_of_node_[from], 0, 0, kNoNode);
  b.offer(id_of_node_[to], 0, 0, kNoNode);
  f.run(first_up_, up_, first_down_, down_, [](uint32_t, double, double) {});
  double best = kInf;
  uint32_t meet = kNoNode;
  b.run(first_down_, down_, first_up_, up_, [&](uint32_t x, double d, double) {
    if (f.done[x] == f.cur && f.seen(x) && f.dist[x] + d < best) {
      best = f.dist[x] + d;
      meet = x;
    }
  });
  if (meet == kNoNode) return result;
  // Upward chain from the source to the meeting node, then down to the target.
  std::vector<uint32_t> up_chain;
  for (uint32_t x = meet; x != kNoNode; x = f.parent[x]) up_chain.push_back(x);
  std::reverse(up_chain.begin(), up_chain.end());
  std::vector<uint32_t> chain = up_chain;
  for (uint32_t x = b.parent[meet]; x != kNoNode; x = b.parent[x]) chain.push_back(x);
  result.push_back(node_of_id_[chain[0]]);
  for (size_t i = 0; i + 1 < chain.size(); ++i) unpack(chain[i], chain[i + 1], 0, result);
  return result;
}

}  // namespace maraude::roads
