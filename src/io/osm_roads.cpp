#include "io/osm_roads.h"

#include <osmium/io/any_input.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/osm/node.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_set>

#include "core/error.h"
#include "core/projection.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace maraude::io {

using roads::Profile;
using roads::RawWay;
using roads::WayAccess;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool any_dir(const WayAccess& a) { return a.forward || a.backward; }

// A way kept after the first pass: its node ids, class and the three access variants
// (car urban, car rural, foot); positions come from the second pass.
struct PendingWay {
  int64_t id = 0;
  uint32_t file = 0;
  std::vector<int64_t> nodes;
  roads::RoadClass cls = roads::RoadClass::Road;
  WayAccess car_urban, car_rural, foot;
};

// Runs `fn` on every buffer of `path` holding `entities`; libosmium's exceptions (truncated
// or corrupt PBF, malformed XML, unknown format) become Error(BadInput) naming the file.
template <class Fn>
void read_file(const std::string& path, osmium::osm_entity_bits::type entities, Fn&& fn) {
  try {
    osmium::io::Reader reader{osmium::io::File{path}, entities};
    while (osmium::memory::Buffer buf = reader.read()) fn(buf);
    reader.close();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::BadInput, std::string("extrait OpenStreetMap illisible (tronqué ou corrompu) : ") + e.what(), path,
                "téléchargez de nouveau l’extrait (.osm.pbf) et vérifiez-le avec « osmium fileinfo -e FICHIER »");
  }
}

}  // namespace

bool is_osm_file(const std::string& path) {
  const std::string p = lower(path);
  for (const char* ext : {".osm.pbf", ".pbf", ".osm", ".osm.gz", ".osm.bz2"})
    if (ends_with(p, ext)) return true;
  return false;
}

std::vector<RawWay> read_osm_roads(const std::vector<std::string>& files, const roads::ProfileTable& table,
                                   const OsmReadOptions& opt, OsmReadStats* stats_out) {
  OsmReadStats st;
  st.files = files.size();
  if (files.empty()) throw Error(ErrorKind::Usage, "aucun extrait OpenStreetMap indiqué", "réseau routier");
  const std::string all_names = join(files, ", ");
  for (const auto& f : files) {
    if (!fs::exists(f))
      throw Error(ErrorKind::MissingFile, "extrait OpenStreetMap introuvable", f,
                  "téléchargez l’extrait de la région (.osm.pbf, par exemple sur download.geofabrik.de) et indiquez son chemin");
    if (!is_osm_file(f))
      throw Error(ErrorKind::BadInput, "format de fichier non reconnu (attendu : .osm.pbf ou .osm)", f,
                  "convertissez-le avec « osmium cat FICHIER -o extrait.osm.pbf »");
  }

  // Pass 1: the ways with a known highway class, routable by at least one profile.
  std::vector<PendingWay> ways;
  std::unordered_set<int64_t> seen;
  for (uint32_t fi = 0; fi < files.size(); ++fi) {
    read_file(files[fi], osmium::osm_entity_bits::way, [&](osmium::memory::Buffer& buf) {
      for (const auto& w : buf.select<osmium::Way>()) {
        const osmium::TagList& tags = w.tags();
        roads::TagFn tag = [&tags](const char* k) -> const char* { return tags[k]; };
        roads::RoadClass cls;
        if (!roads::way_class(tag, cls)) continue;
        if (!seen.insert(w.id()).second) { ++st.ways_duplicate; continue; }
        ++st.ways_read;
        PendingWay p;
        p.id = w.id();
        p.file = fi;
        p.cls = cls;
        p.car_urban = roads::way_access(table, Profile::Car, cls, tag, false);
        p.car_rural = roads::way_access(table, Profile::Car, cls, tag, true);
        p.foot = roads::way_access(table, Profile::Foot, cls, tag, false);
        if (!any_dir(p.car_urban) && !any_dir(p.car_rural) && !any_dir(p.foot)) continue;
        p.nodes.reserve(w.nodes().size());
        for (const auto& nr : w.nodes()) p.nodes.push_back(nr.ref());
        if (p.nodes.size() < 2) continue;
        ways.push_back(std::move(p));
      }
    });
  }
  if (ways.empty())
    throw Error(ErrorKind::BadInput, "aucune voie routable (ni en voiture ni à pied) dans l’extrait", all_names,
                "l’extrait doit contenir les voies « highway=* » d’OpenStreetMap : vérifiez qu’il n’a pas été filtré "
                "(osmium tags-filter) et qu’il couvre bien le territoire voulu");

  // Pass 2: the positions of the nodes those ways use (nodes of every extract; a node
  // present in two extracts is the same node).
  std::vector<int64_t> ids;
  for (const auto& w : ways) ids.insert(ids.end(), w.nodes.begin(), w.nodes.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<Vec2> lonlat(ids.size(), Vec2{NAN, NAN});
  for (const auto& f : files) {
    read_file(f, osmium::osm_entity_bits::node, [&](osmium::memory::Buffer& buf) {
      for (const auto& n : buf.select<osmium::Node>()) {
        auto it = std::lower_bound(ids.begin(), ids.end(), n.id());
        if (it == ids.end() || *it != n.id() || !n.location().valid()) continue;
        lonlat[static_cast<size_t>(it - ids.begin())] = {n.location().lon(), n.location().lat()};
      }
    });
  }
  std::vector<Vec2> pos(ids.size(), Vec2{NAN, NAN});
  for (size_t i = 0; i < ids.size(); ++i)
    if (std::isfinite(lonlat[i].x)) pos[i] = lonlat_to_l93(lonlat[i].x, lonlat[i].y);
  auto index_of = [&](int64_t id) { return static_cast<size_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin()); };

  // Assemble: cut at missing nodes, clip, choose the urban or rural car speeds.
  std::vector<RawWay> out;
  out.reserve(ways.size());
  std::vector<char> used(ids.size(), 0);
  std::string missing_example;
  for (const auto& w : ways) {
    std::vector<size_t> idx(w.nodes.size());
    size_t missing = 0;
    bool inside = !opt.clip;
    for (size_t k = 0; k < w.nodes.size(); ++k) {
      idx[k] = index_of(w.nodes[k]);
      const Vec2 p = pos[idx[k]];
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
        ++missing;
        if (missing_example.empty())
          missing_example = "voie " + std::to_string(w.id) + ", nœud " + std::to_string(w.nodes[k]) + " (" + files[w.file] + ")";
        continue;
      }
      if (!inside && opt.clip->contains(p)) inside = true;
    }
    if (missing) { st.missing_refs += missing; ++st.ways_with_missing; }
    if (!inside) { ++st.ways_clipped_out; continue; }
    // Car speeds: urban or rural by where the way's middle node lies.
    WayAccess car = w.car_urban;
    if (opt.rural && (w.car_urban.forward != w.car_rural.forward || w.car_urban.backward != w.car_rural.backward ||
                      w.car_urban.speed_kmh != w.car_rural.speed_kmh)) {
      Vec2 mid{NAN, NAN};
      for (size_t d = 0; d <= w.nodes.size() / 2 && !std::isfinite(mid.x); ++d)  // nearest present node to the middle
        for (size_t k : {w.nodes.size() / 2 + d, w.nodes.size() / 2 - d})
          if (k < w.nodes.size() && std::isfinite(pos[idx[k]].x)) { mid = pos[idx[k]]; break; }
      if (std::isfinite(mid.x) && opt.rural(mid)) car = w.car_rural;
    }
    // One RawWay per run of present nodes (the whole way when none is missing).
    bool counted = false;
    for (size_t k = 0; k < w.nodes.size();) {
      while (k < w.nodes.size() && !std::isfinite(pos[idx[k]].x)) ++k;
      size_t e = k;
      while (e < w.nodes.size() && std::isfinite(pos[idx[e]].x)) ++e;
      if (e - k >= 2) {
        RawWay r;
        r.osm_id = w.id;
        r.cls = w.cls;
        r.access[static_cast<int>(Profile::Car)] = car;
        r.access[static_cast<int>(Profile::Foot)] = w.foot;
        for (size_t j = k; j < e; ++j) {
          r.node_ids.push_back(w.nodes[j]);
          r.pts.push_back(pos[idx[j]]);
          used[idx[j]] = 1;
        }
        out.push_back(std::move(r));
        if (!counted) { ++st.ways_routable; counted = true; }
      }
      k = e;
    }
  }
  for (char u : used) st.nodes += u;
  if (st.missing_refs)
    st.warnings.push_back(all_names + " : " + std::to_string(st.missing_refs) + " référence(s) à des nœuds absents de l’extrait ; " +
                          std::to_string(st.ways_with_missing) + " voie(s) coupée(s) à ces nœuds ou écartée(s) (p. ex. " + missing_example +
                          ") — l’extrait a sans doute été découpé sans « --strategy complete_ways »");
  if (out.empty()) {
    if (opt.clip && st.ways_clipped_out > 0)
      throw Error(ErrorKind::BadInput, "l’extrait ne recouvre pas " + opt.clip_label + " : aucune de ses " + std::to_string(st.ways_clipped_out) +
                      " voies routables n’y passe", all_names,
                  "utilisez l’extrait OpenStreetMap de ce territoire (par exemple sur download.geofabrik.de)");
    throw Error(ErrorKind::BadInput, "aucune voie routable utilisable : les nœuds des voies manquent dans l’extrait", all_names,
                "l’extrait est incomplet : téléchargez-le de nouveau");
  }
  if (stats_out) *stats_out = std::move(st);
  return out;
}

}  // namespace maraude::io
