#include "io/road_store.h"
#include "io/pg.h"
#include "io/pg_workspace.h"

#include "core/atomic_file.h"
#include "core/coverage/engine.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/model.h"
#include "core/roads/ch.h"
#include "core/text.h"
#include "io/osm_roads.h"
#include "io/workspace.h"

namespace fs = std::filesystem;

namespace maraude::io {

using roads::Graph;
using roads::Profile;

namespace {

constexpr char kMagic[8] = {'M', 'R', 'D', 'R', 'O', 'A', 'D', 'S'};
// 2: the time-metric contraction hierarchy of each graph follows the graphs.
constexpr uint32_t kFormatVersion = 2;
constexpr const char* kReimport = "relancez « maraude import » pour reconstruire le réseau routier de l’espace de travail";

uint64_t fnv1a(const char* p, size_t n, uint64_t h = 1469598103934665603ull) {
  for (size_t i = 0; i < n; ++i) { h ^= static_cast<unsigned char>(p[i]); h *= 1099511628211ull; }
  return h;
}

class Writer {
 public:
  template <class T> void pod(const T& v) { buf_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(const std::string& s) { pod(static_cast<uint32_t>(s.size())); buf_.append(s); }
  void count(size_t n) { pod(static_cast<uint64_t>(n)); }
  void u32s(const std::vector<uint32_t>& v) {
    count(v.size());
    buf_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(uint32_t));
  }
  std::string& data() { return buf_; }
 private:
  std::string buf_;
};

class Reader {
 public:
  Reader(const char* p, size_t n, const std::string& path) : p_(p), n_(n), path_(path) {}
  template <class T> T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_ + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string str() {
    const uint32_t n = pod<uint32_t>();
    need(n);
    std::string s(p_ + at_, n);
    at_ += n;
    return s;
  }
  // An item count, checked against the bytes left (each item taking at least `item_size`).
  size_t count(size_t item_size) {
    const uint64_t n = pod<uint64_t>();
    if (item_size && n > (n_ - at_) / item_size) bad("nombre d’éléments incohérent");
    return static_cast<size_t>(n);
  }
  std::vector<uint32_t> u32s() {
    std::vector<uint32_t> v(count(4));
    need(v.size() * 4);
    if (!v.empty()) std::memcpy(v.data(), p_ + at_, v.size() * 4);
    at_ += v.size() * 4;
    return v;
  }
  bool done() const { return at_ == n_; }
  [[noreturn]] void bad(const std::string& why) const {
    throw Error(ErrorKind::Workspace, "fichier du réseau routier corrompu (" + why + ")", path_, kReimport);
  }
 private:
  void need(size_t k) { if (k > n_ - at_) bad("données tronquées"); }
  const char* p_;
  size_t n_, at_ = 0;
  std::string path_;
};

void write_graph(Writer& w, const Graph& g) {
  w.pod(static_cast<uint8_t>(g.profile));
  w.count(g.node.size());
  for (const auto& v : g.node) { w.pod(v.x); w.pod(v.y); }
  w.count(g.first_out.size());
  for (uint32_t x : g.first_out) w.pod(x);
  w.count(g.out.size());
  for (const auto& e : g.out) {
    w.pod(e.to); w.pod(e.seg); w.pod(e.length_m); w.pod(e.time_s); w.pod(static_cast<uint8_t>(e.reversed));
  }
  w.count(g.segs.size());
  for (const auto& s : g.segs) {
    w.pod(s.a); w.pod(s.b); w.pod(s.first_pt); w.pod(s.n_pts); w.pod(static_cast<uint8_t>(s.cls)); w.pod(s.length_m);
  }
  w.count(g.seg_pts.size());
  for (const auto& v : g.seg_pts) { w.pod(v.x); w.pod(v.y); }
}

Graph read_graph(Reader& r) {
  Graph g;
  const uint8_t prof = r.pod<uint8_t>();
  if (prof > 1) r.bad("profil inconnu");
  g.profile = static_cast<Profile>(prof);
  g.node.resize(r.count(16));
  for (auto& v : g.node) { v.x = r.pod<double>(); v.y = r.pod<double>(); }
  g.first_out.resize(r.count(4));
  for (auto& x : g.first_out) x = r.pod<uint32_t>();
  g.out.resize(r.count(17));
  for (auto& e : g.out) {
    e.to = r.pod<uint32_t>(); e.seg = r.pod<uint32_t>(); e.length_m = r.pod<float>(); e.time_s = r.pod<float>();
    e.reversed = r.pod<uint8_t>() != 0;
  }
  g.segs.resize(r.count(21));
  for (auto& s : g.segs) {
    s.a = r.pod<uint32_t>(); s.b = r.pod<uint32_t>(); s.first_pt = r.pod<uint32_t>(); s.n_pts = r.pod<uint32_t>();
    const uint8_t c = r.pod<uint8_t>();
    if (c >= static_cast<uint8_t>(roads::RoadClass::Count)) r.bad("classe de voie inconnue");
    s.cls = static_cast<roads::RoadClass>(c);
    s.length_m = r.pod<float>();
  }
  g.seg_pts.resize(r.count(16));
  for (auto& v : g.seg_pts) { v.x = r.pod<double>(); v.y = r.pod<double>(); }
  // Consistency: every index in range, so a damaged file can never send a search out of bounds.
  const size_t n = g.node.size();
  if (g.first_out.size() != n + 1 || g.first_out.front() != 0 || g.first_out.back() != g.out.size()) r.bad("adjacence incohérente");
  for (size_t i = 0; i < n; ++i)
    if (g.first_out[i] > g.first_out[i + 1]) r.bad("adjacence incohérente");
  for (const auto& e : g.out)
    if (e.to >= n || e.seg >= g.segs.size()) r.bad("arc hors limites");
  for (const auto& s : g.segs)
    if (s.a >= n || s.b >= n || s.n_pts < 2 || s.first_pt > g.seg_pts.size() || s.n_pts > g.seg_pts.size() - s.first_pt)
      r.bad("tronçon hors limites");
  g.build_reverse();
  return g;
}

// A hierarchy: u8 present, then u8 metric, the numbering, and both upward graphs.
void write_ch(Writer& w, const roads::ContractionHierarchy* ch) {
  w.pod(static_cast<uint8_t>(ch != nullptr));
  if (!ch) return;
  const roads::ContractionHierarchy::Data d = ch->data();
  w.pod(static_cast<uint8_t>(d.metric));
  w.u32s(d.id_of_node);
  w.u32s(d.node_of_id);
  for (const auto* part : {&d.first_up, &d.first_down}) w.u32s(*part);
  for (const auto* arcs : {&d.up, &d.down}) {
    w.count(arcs->size());
    for (const auto& a : *arcs) { w.pod(a.to); w.pod(a.mid); w.pod(a.cost); w.pod(a.other); }
  }
}

std::shared_ptr<const roads::ContractionHierarchy> read_ch(Reader& r, const Graph& g) {
  if (r.pod<uint8_t>() == 0) return nullptr;
  roads::ContractionHierarchy::Data d;
  const uint8_t metric = r.pod<uint8_t>();
  if (metric > 1) r.bad("métrique de hiérarchie inconnue");
  d.metric = static_cast<roads::Metric>(metric);
  d.id_of_node = r.u32s();
  d.node_of_id = r.u32s();
  d.first_up = r.u32s();
  d.first_down = r.u32s();
  for (auto* arcs : {&d.up, &d.down}) {
    arcs->resize(r.count(24));
    for (auto& a : *arcs) { a.to = r.pod<uint32_t>(); a.mid = r.pod<uint32_t>(); a.cost = r.pod<double>(); a.other = r.pod<double>(); }
  }
  if (d.id_of_node.size() != g.n_nodes()) r.bad("hiérarchie de contraction d’un autre graphe");
  try {
    return std::make_shared<const roads::ContractionHierarchy>(std::move(d), 2);
  } catch (const Error& e) {
    r.bad(e.what_text());
  }
}

std::string serialize(const RoadNetwork& net) {
  Writer w;
  w.str(net.signature);
  w.count(net.files.size());
  for (const auto& f : net.files) w.str(f);
  w.count(net.info.size());
  for (const auto& [k, v] : net.info) { w.str(k); w.str(v); }
  w.str(net.table.source);
  w.str(net.table.to_text());
  write_graph(w, net.car);
  write_graph(w, net.foot);
  write_ch(w, net.ch_car.get());
  write_ch(w, net.ch_foot.get());
  std::string out(kMagic, sizeof kMagic);
  Writer head;
  head.pod(kFormatVersion);
  head.pod(static_cast<uint64_t>(w.data().size()));
  out += head.data();
  out += w.data();
  const uint64_t h = fnv1a(w.data().data(), w.data().size());
  out.append(reinterpret_cast<const char*>(&h), sizeof h);
  return out;
}

void write_all(int fd, const std::string& data, const std::string& where) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t k = ::write(fd, data.data() + done, data.size() - done);
    if (k < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::Io, std::string("écriture impossible : ") + std::strerror(errno), where,
                  "vérifiez que le disque n’est pas plein");
    }
    done += static_cast<size_t>(k);
  }
}

std::string profiles_path(const Manifest& m, const ManifestSection& s) {
  auto p = s.get("profiles");
  if (!p || p->empty()) return {};
  const std::string path = (fs::path(m.folder()) / *p).string();
  if (!fs::exists(path))
    throw Error(ErrorKind::MissingFile, "fichier des profils de déplacement introuvable", path,
                "corrigez « profiles = » dans la section [roads] du manifeste " + m.path() + " (chemin relatif au dossier du manifeste)");
  return path;
}

}  // namespace

std::string roads_path_for(const std::string& workspace_path) {
  fs::path p(workspace_path);
  p.replace_extension(".roads");
  return p.string();
}

std::unique_ptr<AtomicFile> write_roads_temp(const RoadNetwork& net, const std::string& path) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) throw Error(ErrorKind::Io, "le dossier de sortie n’existe pas", dir.string(), "créez-le d’abord");
  const std::string data = serialize(net);
  auto file = std::make_unique<AtomicFile>(path);  // its temporary is removed unless committed
  const int fd = ::open(file->tmp().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw Error(ErrorKind::Io, std::string("impossible de créer le fichier du réseau routier : ") + std::strerror(errno),
                file->tmp(), "vérifiez que le dossier est accessible en écriture");
  try {
    write_all(fd, data, file->tmp());
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0)
    throw Error(ErrorKind::Io, std::string("écriture impossible : ") + std::strerror(errno), file->tmp(),
                "vérifiez que le disque n’est pas plein");
  return file;
}

void save_roads(const RoadNetwork& net, const std::string& path) { write_roads_temp(net, path)->commit(); }

std::string serialize_roads(const RoadNetwork& net) { return serialize(net); }

RoadNetwork read_roads(const std::string& path) {
  if (!fs::exists(path))
    throw Error(ErrorKind::Workspace, "fichier du réseau routier introuvable", path, kReimport);
  std::ifstream f(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (!f.good() && !f.eof()) throw Error(ErrorKind::Workspace, "fichier du réseau routier illisible", path, kReimport);
  return parse_roads(data, path);
}

RoadNetwork parse_roads(const std::string& data, const std::string& path) {
  if (data.size() < sizeof kMagic + 12 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    throw Error(ErrorKind::Workspace, "ce fichier n’est pas un réseau routier Maraude (ou il est tronqué)", path, kReimport);
  uint32_t version;
  uint64_t size;
  std::memcpy(&version, data.data() + 8, 4);
  std::memcpy(&size, data.data() + 12, 8);
  if (version != kFormatVersion)
    throw Error(ErrorKind::Workspace,
                "le réseau routier est au format " + std::to_string(version) + ", cette version de Maraude lit le format " +
                    std::to_string(kFormatVersion),
                path, kReimport);
  const size_t head = sizeof kMagic + 12;
  if (size > data.size() - head || data.size() - head - size != 8)
    throw Error(ErrorKind::Workspace, "fichier du réseau routier tronqué (" + std::to_string(data.size()) + " octets)", path, kReimport);
  uint64_t h;
  std::memcpy(&h, data.data() + head + size, 8);
  if (h != fnv1a(data.data() + head, size))
    throw Error(ErrorKind::Workspace, "fichier du réseau routier corrompu (somme de contrôle fausse)", path, kReimport);
  Reader r(data.data() + head, size, path);
  RoadNetwork net;
  net.signature = r.str();
  net.files.resize(r.count(4));
  for (auto& s : net.files) s = r.str();
  const size_t ninfo = r.count(8);
  for (size_t i = 0; i < ninfo; ++i) {
    std::string k = r.str();
    net.info[k] = r.str();
  }
  const std::string source = r.str();
  try {
    net.table = roads::ProfileTable::parse(r.str(), path);
  } catch (const Error& e) {
    r.bad("table des profils : " + e.what_text());
  }
  net.table.source = source;
  net.car = read_graph(r);
  net.foot = read_graph(r);
  if (net.car.profile != Profile::Car || net.foot.profile != Profile::Foot) r.bad("profils inversés");
  net.ch_car = read_ch(r, net.car);
  net.ch_foot = read_ch(r, net.foot);
  if (!r.done()) r.bad("données en trop");
  return net;
}

std::optional<RoadNetwork> load_roads(const std::string& workspace_path) {
  return load_roads(workspace_path, read_workspace_metadata(workspace_path), [&] { return read_pg_road_blob(workspace_path); });
}

std::optional<RoadNetwork> load_roads(const std::string& workspace_path, const std::map<std::string, std::string>& meta,
                                      const std::function<std::string()>& read_pg_blob) {
  auto it = meta.find("roads.signature");
  if (it == meta.end() || it->second.empty()) return std::nullopt;
  if (pg::is_location(workspace_path)) {
    const std::string where = pg::masked(workspace_path) + ", table maraude.road_network";
    const std::string blob = read_pg_blob();
    if (blob.empty()) throw Error(ErrorKind::Workspace, "l’espace de travail a un réseau routier mais la table road_network est vide", where, kReimport);
    RoadNetwork net = parse_roads(blob, where);
    if (net.signature != it->second)
      throw Error(ErrorKind::Workspace, "le réseau routier ne correspond pas à l’espace de travail", where, kReimport);
    return net;
  }
  const std::string path = roads_path_for(workspace_path);
  if (!fs::exists(path))
    throw Error(ErrorKind::Workspace, "l’espace de travail a un réseau routier mais son fichier est introuvable", path, kReimport);
  RoadNetwork net = read_roads(path);
  if (net.signature != it->second)
    throw Error(ErrorKind::Workspace,
                "le fichier du réseau routier ne correspond pas à l’espace de travail (signature " + net.signature + " au lieu de " + it->second + ")",
                path, kReimport);
  return net;
}

std::vector<std::string> roads_inputs(const Manifest& m, const std::string& data_dir) {
  const ManifestSection* s = m.section("roads");
  if (!s) return {};
  std::vector<std::string> files;
  for (const auto& part : split(s->get_or("file", ""), ';')) {
    const std::string name = trim(part);
    if (name.empty()) continue;
    const std::string path = (fs::path(data_dir) / name).string();
    if (!fs::exists(path)) {
      std::string hint = "téléchargez l’extrait OpenStreetMap";
      if (auto url = s->get("url")) hint += " depuis " + *url;
      hint += " et enregistrez-le sous " + path + " (ou modifiez [roads] dans le manifeste " + m.path() + ")";
      throw Error(ErrorKind::MissingFile, "extrait OpenStreetMap de [roads] introuvable", path, hint);
    }
    files.push_back(path);
  }
  if (files.empty())
    throw Error(ErrorKind::BadInput, "la section [roads] ne désigne aucun extrait", m.path() + ":" + std::to_string(s->line),
                "ajoutez « file = region.osm.pbf » (plusieurs : séparés par « ; », relatifs au dossier des données)");
  return files;
}

std::string roads_signature(const Manifest& m, const std::string& data_dir) {
  const ManifestSection* s = m.section("roads");
  if (!s) return {};
  std::string text = "roads-v" + std::to_string(kFormatVersion) + "\n";
  for (const auto& [k, v] : s->values) text += k + "=" + v + "\n";
  for (const auto& f : roads_inputs(m, data_dir)) {
    std::error_code ec;
    const auto size = fs::file_size(f, ec);
    const auto t = fs::last_write_time(f, ec).time_since_epoch().count();
    text += fs::path(f).filename().string() + " " + std::to_string(size) + " " + std::to_string(t) + "\n";
  }
  if (const std::string p = profiles_path(m, *s); !p.empty()) {
    std::ifstream f(p, std::ios::binary);
    text += std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  }
  char out[32];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(fnv1a(text.data(), text.size())));
  return out;
}

std::optional<RoadNetwork> build_roads(const Manifest& m, const std::string& data_dir, const Workspace& ws, ImportReport& rep) {
  const ManifestSection* s = m.section("roads");
  if (!s) return std::nullopt;
  RoadNetwork net;
  net.files = roads_inputs(m, data_dir);
  const std::string prof = profiles_path(m, *s);
  net.table = prof.empty() ? roads::ProfileTable::defaults() : roads::ProfileTable::load(prof);
  const auto margin_km = parse_number(s->get_or("margin_km", "20"));
  if (!margin_km || *margin_km < 0)
    throw Error(ErrorKind::BadInput, "margin_km « " + s->get_or("margin_km", "") + " » n’est pas un nombre positif ou nul",
                m.path() + ":" + std::to_string(s->lines.count("margin_km") ? s->lines.at("margin_km") : s->line),
                "donnez une marge en kilomètres, par exemple margin_km = 20");
  OsmReadOptions opt;
  const BBox region = bbox(ws.region.geom);
  if (!region.empty()) {
    opt.clip = region.inflated(*margin_km * 1000);
    opt.clip_label = "la région " + (ws.region.name.empty() ? ws.region.code : ws.region.name) + " (marge " + format_fr(*margin_km, 0) + " km)";
  }
  // Rural where the commune containing the point is (the import's rule: density level at
  // least rural_min_density), looked up as the crow-fly model looks up speeds.
  const auto density = coverage::density_lookup(ws);
  const int min_density = ws.rural_rule.min_density > 0 ? ws.rural_rule.min_density : 5;
  opt.rural = [density, min_density](Vec2 p) { return density(p) >= min_density; };
  OsmReadStats st;
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<roads::RawWay> ways = read_osm_roads(net.files, net.table, opt, &st);
  roads::BuildStats bc, bf;
  net.car = roads::build_graph(ways, Profile::Car, &bc);
  net.foot = roads::build_graph(ways, Profile::Foot, &bf);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // The time hierarchies, once, so that no table ever waits for one (about 20 s per graph
  // at region size on 2 cores; stored in the sidecar).
  const auto tc = std::chrono::steady_clock::now();
  net.ch_car = std::make_shared<const roads::ContractionHierarchy>(net.car, roads::Metric::Time, 2);
  net.ch_foot = std::make_shared<const roads::ContractionHierarchy>(net.foot, roads::Metric::Time, 2);
  const double ch_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - tc).count();
  for (const auto& w : st.warnings) rep.warnings.push_back(w);
  net.signature = roads_signature(m, data_dir);
  net.info["ways_read"] = std::to_string(st.ways_read);
  net.info["ways_routable"] = std::to_string(st.ways_routable);
  net.info["ways_clipped_out"] = std::to_string(st.ways_clipped_out);
  net.info["nodes"] = std::to_string(st.nodes);
  net.info["missing_refs"] = std::to_string(st.missing_refs);
  net.info["margin_km"] = format_fr(*margin_km, 1);
  rep.steps.push_back("réseau routier : " + std::to_string(st.ways_routable) + " voies routables sur " + std::to_string(st.ways_read) + " lues (" +
                      std::to_string(st.ways_clipped_out) + " hors de la région + " + format_fr(*margin_km, 0) + " km), voiture " +
                      std::to_string(net.car.n_nodes()) + " nœuds / " + std::to_string(net.car.n_edges()) + " arcs, à pied " +
                      std::to_string(net.foot.n_nodes()) + " nœuds / " + std::to_string(net.foot.n_edges()) + " arcs, profils : " +
                      net.table.source + ", depuis " + join(net.files, ", ") + " (" + format_fr(secs, 1) + " s ; hiérarchies de contraction " +
                      format_fr(ch_secs, 1) + " s)");
  if (net.car.n_edges() == 0 && net.foot.n_edges() == 0)
    throw Error(ErrorKind::BadInput, "aucune voie routable dans la région", join(net.files, ", "));
  return net;
}

}  // namespace maraude::io
