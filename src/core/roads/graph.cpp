#include "core/roads/graph.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"

namespace maraude::roads {

namespace {
constexpr const char* kClassIds[] = {
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
    "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
    "service", "road", "footway", "path", "pedestrian", "steps", "track", "cycleway"};
static_assert(sizeof(kClassIds) / sizeof(kClassIds[0]) == static_cast<size_t>(RoadClass::Count));

// Union-find with path halving, on dense indices.
struct UnionFind {
  std::vector<uint32_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  void unite(uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a < b) std::swap(a, b);
    parent[a] = b;  // the smaller index is the root: deterministic
  }
};
// Position of cell (x, y) of a 65536×65536 grid along the Hilbert curve.
uint64_t hilbert_index(uint32_t x, uint32_t y) {
  constexpr uint32_t n = 1u << 16;
  uint64_t d = 0;
  for (uint32_t s = n / 2; s > 0; s /= 2) {
    const uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
    d += static_cast<uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {  // rotate the quadrant
      if (rx == 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

}  // namespace

const char* profile_id(Profile p) { return p == Profile::Car ? "car" : "foot"; }
const char* profile_label_fr(Profile p) { return p == Profile::Car ? "voiture" : "à pied"; }

Profile parse_profile(const std::string& s) {
  if (s == "car" || s == "voiture") return Profile::Car;
  if (s == "foot" || s == "pied" || s == "a_pied" || s == "à_pied") return Profile::Foot;
  throw Error(ErrorKind::Usage, "profil de déplacement inconnu « " + s + " »", "",
              "utilisez « voiture » (car) ou « pied » (foot)");
}

const char* road_class_id(RoadClass c) {
  const int i = static_cast<int>(c);
  if (i < 0 || i >= static_cast<int>(RoadClass::Count)) return "?";
  return kClassIds[i];
}

bool parse_road_class(const std::string& osm_value, RoadClass& out) {
  for (int i = 0; i < static_cast<int>(RoadClass::Count); ++i)
    if (osm_value == kClassIds[i]) {
      out = static_cast<RoadClass>(i);
      return true;
    }
  return false;
}

BBox Graph::extent() const {
  BBox b;
  for (const Vec2& p : node) b.extend(p);
  for (const Vec2& p : seg_pts) b.extend(p);
  return b;
}

void Graph::build_reverse() {
  const size_t n = node.size();
  first_in.assign(n + 1, 0);
  for (const Edge& e : out) ++first_in[e.to + 1];
  for (size_t v = 0; v < n; ++v) first_in[v + 1] += first_in[v];
  in.assign(out.size(), Edge{});
  std::vector<uint32_t> fill(first_in.begin(), first_in.end() - 1);
  for (uint32_t u = 0; u < n; ++u)
    for (uint32_t k = first_out[u]; k < first_out[u + 1]; ++k) {
      Edge e = out[k];
      const uint32_t head = e.to;
      e.to = u;  // in the reverse adjacency, `to` is the tail
      in[fill[head]++] = e;
    }
}

Graph build_graph(const std::vector<RawWay>& ways, Profile profile, BuildStats* stats) {
  const int pi = static_cast<int>(profile);
  BuildStats st;
  st.ways_read = ways.size();

  auto routable = [&](const RawWay& w) {
    const WayAccess& a = w.access[pi];
    return (a.forward || a.backward) && a.speed_kmh > 0 && w.node_ids.size() >= 2 &&
           w.pts.size() == w.node_ids.size();
  };

  // 1. Junctions: every way end, and every node id seen twice or more among routable ways
  //    (shared by two ways, or repeated within one way).
  std::vector<int64_t> ids;
  {
    size_t total = 0;
    for (const RawWay& w : ways)
      if (routable(w)) total += w.node_ids.size();
    ids.reserve(total);
  }
  std::vector<int64_t> junction_ids;
  for (const RawWay& w : ways) {
    if (!routable(w)) continue;
    ++st.ways_routable;
    ids.insert(ids.end(), w.node_ids.begin(), w.node_ids.end());
    junction_ids.push_back(w.node_ids.front());
    junction_ids.push_back(w.node_ids.back());
  }
  std::sort(ids.begin(), ids.end());
  for (size_t i = 1; i < ids.size(); ++i)
    if (ids[i] == ids[i - 1] && (junction_ids.empty() || junction_ids.back() != ids[i])) junction_ids.push_back(ids[i]);
  std::vector<int64_t>().swap(ids);
  std::sort(junction_ids.begin(), junction_ids.end());
  junction_ids.erase(std::unique(junction_ids.begin(), junction_ids.end()), junction_ids.end());
  auto junction_of = [&](int64_t id) -> uint32_t {
    auto it = std::lower_bound(junction_ids.begin(), junction_ids.end(), id);
    if (it == junction_ids.end() || *it != id) return kNoNode;
    return static_cast<uint32_t>(it - junction_ids.begin());
  };

  // 2. Pieces between consecutive junctions of each way. A zero-length piece is dropped;
  //    when it joins two distinct junctions (duplicate OSM nodes at one spot) the two
  //    junctions are merged so the network stays connected.
  struct Piece {
    uint32_t way, first, last;  // point range [first, last] of the way
    uint32_t ja, jb;            // junction indices (into junction_ids)
    double length;
  };
  std::vector<Piece> pieces;
  UnionFind uf(junction_ids.size());
  for (uint32_t wi = 0; wi < ways.size(); ++wi) {
    const RawWay& w = ways[wi];
    if (!routable(w)) continue;
    size_t made = 0;
    uint32_t start = 0;
    uint32_t ja = junction_of(w.node_ids[0]);
    double len = 0;
    for (uint32_t k = 1; k < w.node_ids.size(); ++k) {
      len += dist(w.pts[k - 1], w.pts[k]);
      const uint32_t jk = junction_of(w.node_ids[k]);
      if (jk == kNoNode) continue;
      if (len > 0) {
        pieces.push_back({wi, start, k, ja, jk, len});
        ++made;
      } else if (ja != jk) {
        uf.unite(ja, jk);
      }
      start = k;
      ja = jk;
      len = 0;
    }
    if (made == 0) ++st.ways_dropped_short;
  }

  // 3. Node numbering along a Hilbert curve over the nodes' positions (ties: first appearance
  //    along the pieces), so nodes near each other on the map sit near each other in memory
  //    and searches touch fewer cache lines.
  Graph g;
  g.profile = profile;
  std::vector<uint32_t> node_of(junction_ids.size(), kNoNode);
  {
    std::vector<uint32_t> roots;  // distinct junctions, by first appearance
    std::vector<Vec2> pos;
    auto visit = [&](uint32_t j, Vec2 p) {
      const uint32_t r = uf.find(j);
      if (node_of[r] != kNoNode) return;
      node_of[r] = static_cast<uint32_t>(roots.size());
      roots.push_back(r);
      pos.push_back(p);
    };
    for (const Piece& pc : pieces) {
      visit(pc.ja, ways[pc.way].pts[pc.first]);
      visit(pc.jb, ways[pc.way].pts[pc.last]);
    }
    BBox box;
    for (const Vec2& p : pos) box.extend(p);
    const double side = std::max({box.width(), box.height(), 1.0});
    std::vector<std::pair<uint64_t, uint32_t>> order(roots.size());
    for (uint32_t i = 0; i < roots.size(); ++i) {
      const auto qx = static_cast<uint32_t>(std::clamp((pos[i].x - box.minx) / side, 0.0, 1.0) * 65535.0);
      const auto qy = static_cast<uint32_t>(std::clamp((pos[i].y - box.miny) / side, 0.0, 1.0) * 65535.0);
      order[i] = {hilbert_index(qx, qy), i};
    }
    std::sort(order.begin(), order.end());
    g.node.resize(roots.size());
    for (uint32_t k = 0; k < order.size(); ++k) {
      const uint32_t i = order[k].second;
      node_of[roots[i]] = k;
      g.node[k] = pos[i];
    }
  }
  auto node_for = [&](uint32_t j, Vec2) { return node_of[uf.find(j)]; };

  // 4. Segments with their shape points, and the directed edges of each.
  struct RawEdge {
    uint32_t from;
    Edge e;
  };
  std::vector<RawEdge> edges;
  g.segs.reserve(pieces.size());
  for (const Piece& pc : pieces) {
    const RawWay& w = ways[pc.way];
    const WayAccess& acc = w.access[pi];
    Segment s;
    s.a = node_for(pc.ja, w.pts[pc.first]);
    s.b = node_for(pc.jb, w.pts[pc.last]);
    s.first_pt = static_cast<uint32_t>(g.seg_pts.size());
    s.n_pts = pc.last - pc.first + 1;
    s.cls = w.cls;
    s.length_m = static_cast<float>(pc.length);
    g.seg_pts.insert(g.seg_pts.end(), w.pts.begin() + pc.first, w.pts.begin() + pc.last + 1);
    // Junction positions are the node's (merged duplicates may sit a hair apart).
    g.seg_pts[s.first_pt] = g.node[s.a];
    g.seg_pts[s.first_pt + s.n_pts - 1] = g.node[s.b];
    const uint32_t si = static_cast<uint32_t>(g.segs.size());
    g.segs.push_back(s);
    const float t = static_cast<float>(pc.length / (acc.speed_kmh / 3.6));
    if (acc.forward) edges.push_back({s.a, Edge{s.b, si, s.length_m, t, false}});
    if (acc.backward) edges.push_back({s.b, Edge{s.a, si, s.length_m, t, true}});
    const int ci = static_cast<int>(s.cls);
    if (ci >= 0 && ci < static_cast<int>(RoadClass::Count)) st.km_per_class[ci] += pc.length / 1000.0;
  }
  st.segments = g.segs.size();

  // 5. CSR by tail node; edges of one node keep segment order (stable counting sort).
  const size_t n = g.node.size();
  g.first_out.assign(n + 1, 0);
  for (const RawEdge& re : edges) ++g.first_out[re.from + 1];
  for (size_t v = 0; v < n; ++v) g.first_out[v + 1] += g.first_out[v];
  g.out.resize(edges.size());
  {
    std::vector<uint32_t> fill(g.first_out.begin(), g.first_out.end() - 1);
    for (const RawEdge& re : edges) g.out[fill[re.from]++] = re.e;
  }
  g.build_reverse();
  if (stats) *stats = st;
  return g;
}

std::vector<uint32_t> components(const Graph& g, uint32_t* n_components) {
  const size_t n = g.n_nodes();
  UnionFind uf(n);
  for (uint32_t u = 0; u < n; ++u)
    for (uint32_t k = g.first_out[u]; k < g.first_out[u + 1]; ++k) uf.unite(u, g.out[k].to);
  std::vector<uint32_t> comp(n, kNoNode);
  uint32_t count = 0;
  std::vector<uint32_t> label(n, kNoNode);
  for (uint32_t v = 0; v < n; ++v) {
    const uint32_t r = uf.find(v);
    if (label[r] == kNoNode) label[r] = count++;
    comp[v] = label[r];
  }
  if (n_components) *n_components = count;
  return comp;
}

}  // namespace maraude::roads
