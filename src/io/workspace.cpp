#include "io/gdal_messages.h"
#include "io/workspace.h"

#include <new>
#include <stdexcept>

#include "core/plausibility.h"
#include "io/road_store.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <utility>

#include "core/error.h"
#include "core/text.h"
#include "core/atomic_file.h"
#include "io/ogr_convert.h"
#include "io/ogr_write.h"
#include "io/vector_source.h"
#include "io/workspace_lock.h"
#include "io/document_store.h"
#include "io/pg.h"
#include "io/workspace_internal.h"

namespace fs = std::filesystem;

namespace maraude::io {

using detail::kSchemaVersion;

namespace {

std::string sql_quote(const std::string& s) {
  std::string r = "'";
  for (char c : s) {
    if (c == '\'') r += '\'';
    r += c;
  }
  return r + "'";
}

}  // namespace

std::string detail::now_iso() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

OGRLayer* detail::make_workspace_layer(GDALDataset* ds, const char* name, OGRwkbGeometryType gt, const std::vector<Col>& cols) {
  std::unique_ptr<char*, decltype(&CSLDestroy)> opts(nullptr, &CSLDestroy);
  char** o = CSLSetNameValue(nullptr, "FID", "fid");
  const bool pg = std::string(ds->GetDriver()->GetDescription()) == "PostgreSQL";
  if (gt != wkbNone) o = CSLSetNameValue(o, "GEOMETRY_NAME", "geom");
  if (pg) {
    // text and double precision columns (no varchar(n) / numeric(w,p) guessed from widths)
    o = CSLSetNameValue(o, "PRECISION", "NO");
  } else if (gt == wkbNone) {
    o = CSLSetNameValue(o, "ASPATIAL_VARIANT", "GPKG_ATTRIBUTES");
  }
  opts.reset(o);
  return create_layer(ds, name, gt, 2154, cols, pg ? std::string("PostgreSQL") : std::string(ds->GetDescription()), opts.get());
}

namespace {
using detail::make_workspace_layer;
using detail::now_iso;
OGRLayer* make_layer(GDALDataset* ds, const char* name, OGRwkbGeometryType gt, const std::vector<Col>& cols) {
  return make_workspace_layer(ds, name, gt, cols);
}

const std::vector<Col> kDocumentCols = {{"kind", OFTString},     {"name", OFTString},    {"body", OFTString},
                                        {"updated", OFTString},  {"version", OFTInteger64}, {"author", OFTString}};

void set_mp(OGRFeature& f, const MultiPolygon& mp) {
  if (!mp.empty()) f.SetGeometryDirectly(to_ogr(mp).release());
}

std::string join_codes(const std::vector<std::string>& v) { return join(v, ","); }
std::vector<std::string> split_codes(const std::string& s) {
  std::vector<std::string> r;
  for (auto& x : split(s, ','))
    if (!trim(x).empty()) r.push_back(trim(x));
  return r;
}

Document document_of(OGRFeature& f) {
  Document d;
  d.kind = f.GetFieldAsString("kind");
  d.name = f.GetFieldAsString("name");
  d.body = f.GetFieldAsString("body");
  d.updated = f.GetFieldAsString("updated");
  // Files written before documents had versions: a stored document is version 1.
  const int v = f.GetFieldIndex("version"), a = f.GetFieldIndex("author");
  d.version = v >= 0 && f.IsFieldSetAndNotNull(v) ? f.GetFieldAsInteger64(v) : 1;
  if (a >= 0) d.author = f.GetFieldAsString(a);
  return d;
}

std::vector<Document> read_documents(GDALDataset* ds) {
  std::vector<Document> docs;
  OGRLayer* l = ds->GetLayerByName("documents");
  if (!l) return docs;
  l->ResetReading();
  for (auto& f : *l) docs.push_back(document_of(*f));
  return docs;
}

void set_document(OGRFeature& f, const Document& d) {
  f.SetField("kind", d.kind.c_str()); f.SetField("name", d.name.c_str());
  f.SetField("body", d.body.c_str()); f.SetField("updated", d.updated.c_str());
  f.SetField("version", static_cast<GIntBig>(d.version)); f.SetField("author", d.author.c_str());
}

GDALDatasetUniquePtr open_ws(const std::string& path, bool update) {
  ensure_gdal();
  if (pg::is_location(path)) return detail::open_pg_workspace_dataset(path, update);
  if (!fs::exists(path))
    throw Error(ErrorKind::Workspace, "espace de travail introuvable", path, "créez-le avec : maraude import --data DOSSIER --out " + path);
  CPLErrorReset();
  // SQLite waits (up to the lock bound) for another connection's transaction instead of
  // failing at once with "database is locked" (a reader while a writer commits).
  const std::string busy = "PRAGMA busy_timeout = " + std::to_string(static_cast<long>(WorkspaceLock::wait_seconds() * 1000));
  const std::string prelude = "PRELUDE_STATEMENTS=" + busy;
  const char* const oo[] = {prelude.c_str(), nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY),
                                            nullptr, oo, nullptr));
  if (!ds || std::string(ds->GetDriver()->GetDescription()) != "GPKG")
    throw Error(ErrorKind::Workspace, "pas un espace de travail GeoPackage lisible" +
                    (gdal_last_error().empty() ? std::string() : std::string(" : ") + gdal_last_error()),
                path, "le fichier est peut-être corrompu ou tronqué : recréez-le avec maraude import");
  return ds;
}

// The car graph as lines: one feature per segment, with the directions a car may take it.
void write_routes(GDALDataset* ds, const roads::Graph& g, const std::string& path) {
  OGRLayer* l = make_layer(ds, "routes", wkbLineString,
                           {{"classe", OFTString}, {"longueur_m", OFTReal}, {"sens_unique", OFTInteger},
                            {"vitesse_kmh", OFTReal}, {"temps_s", OFTReal}});
  // Per segment: time along its points (forward) and against them (backward), -1 when not allowed.
  std::vector<float> fwd(g.segs.size(), -1), bwd(g.segs.size(), -1);
  for (const auto& e : g.out) (e.reversed ? bwd : fwd)[e.seg] = e.time_s;
  for (size_t i = 0; i < g.segs.size(); ++i) {
    const auto& s = g.segs[i];
    const float t = fwd[i] >= 0 ? fwd[i] : bwd[i];
    add_feature(l, path, [&](OGRFeature& f) {
      f.SetField("classe", roads::road_class_id(s.cls));
      f.SetField("longueur_m", static_cast<double>(s.length_m));
      f.SetField("sens_unique", (fwd[i] >= 0) != (bwd[i] >= 0) ? 1 : 0);
      if (t > 0) f.SetField("vitesse_kmh", s.length_m / t * 3.6);
      if (t >= 0) f.SetField("temps_s", static_cast<double>(t));
      auto* ls = new OGRLineString;
      // One-way pieces are drawn in their driving direction.
      const bool rev = fwd[i] < 0 && bwd[i] >= 0;
      for (uint32_t k = 0; k < s.n_pts; ++k) {
        const Vec2 p = g.seg_pts[s.first_pt + (rev ? s.n_pts - 1 - k : k)];
        ls->addPoint(p.x, p.y);
      }
      f.SetGeometryDirectly(ls);
    });
  }
}

}  // namespace

namespace {
// The layers of a workspace as the readers see them, whatever holds them: a GeoPackage
// (GDAL), or a PostgreSQL schema read through one connection and one snapshot
// (detail::PgWorkspaceReader). Rows come in fid order on both sides.
class WorkspaceLayers {
 public:
  explicit WorkspaceLayers(const std::string& path) : path_(path) {
    ensure_gdal();
    if (pg::is_location(path)) pg_ = std::make_unique<detail::PgWorkspaceReader>(path);
    else ds_ = open_ws(path, false);
  }
  // The layer, reset to its first row; Error(Workspace) when absent. Valid while this lives.
  OGRLayer* get(const char* name) {
    OGRLayer* l = nullptr;
    if (pg_) {
      if (auto owned = pg_->layer(name)) {
        l = owned.get();
        owned_.push_back(std::move(owned));
      }
    } else {
      l = ds_->GetLayerByName(name);
    }
    if (!l) throw Error(ErrorKind::Workspace, std::string("la couche « ") + name + " » est absente", path_,
                        "le fichier n’est pas un espace de travail Maraude ou vient d’une version antérieure : relancez maraude import");
    l->ResetReading();
    return l;
  }
  // Announces the layers about to be read in this order (name, with its geometry or not):
  // PostgreSQL sends their queries at once (detail::PgWorkspaceReader::prefetch).
  void prefetch(const std::vector<std::pair<std::string, bool>>& names) {
    if (pg_) pg_->prefetch(names);
  }
  // The road network bytes of a PostgreSQL workspace (same snapshot).
  std::string pg_road_blob() { return pg_ ? pg_->road_blob() : std::string(); }

 private:
  std::string path_;
  GDALDatasetUniquePtr ds_;
  std::unique_ptr<detail::PgWorkspaceReader> pg_;
  std::vector<std::unique_ptr<OGRLayer>> owned_;
};

std::map<std::string, std::string> read_metadata(WorkspaceLayers& layers) {
  std::map<std::string, std::string> m;
  for (auto& f : *layers.get("metadata")) m[f->GetFieldAsString("key")] = f->GetFieldAsString("value");
  return m;
}
}  // namespace

std::map<std::string, std::string> read_workspace_metadata(const std::string& path) {
  WorkspaceLayers layers(path);
  return read_metadata(layers);
}

void detail::write_model_layers(GDALDataset* ds, const Workspace& ws, const std::string& path, const roads::Graph* routes) {
  OGRLayer* meta = make_layer(ds, "metadata", wkbNone, {{"key", OFTString}, {"value", OFTString}});
  std::map<std::string, std::string> m = ws.meta;
  m["schema_version"] = kSchemaVersion;
  for (const auto& kv : m)  // no structured binding: clang 14 cannot capture one
    add_feature(meta, path, [&](OGRFeature& f) { f.SetField("key", kv.first.c_str()); f.SetField("value", kv.second.c_str()); });

  OGRLayer* reg = make_layer(ds, "region", wkbMultiPolygon, {{"code", OFTString}, {"name", OFTString}});
  add_feature(reg, path, [&](OGRFeature& f) { f.SetField("code", ws.region.code.c_str()); f.SetField("name", ws.region.name.c_str()); set_mp(f, ws.region.geom); });

  OGRLayer* dep = make_layer(ds, "departements", wkbMultiPolygon, {{"code", OFTString}, {"name", OFTString}});
  for (const auto& d : ws.departements)
    add_feature(dep, path, [&](OGRFeature& f) { f.SetField("code", d.code.c_str()); f.SetField("name", d.name.c_str()); set_mp(f, d.geom); });

  OGRLayer* com = make_layer(ds, "communes", wkbMultiPolygon,
                             {{"code", OFTString}, {"name", OFTString}, {"departement", OFTString}, {"arrondissement", OFTString},
                              {"epci", OFTString}, {"epci_name", OFTString}, {"zone_emploi", OFTString},
                              {"population", OFTInteger64}, {"density_level", OFTInteger}, {"density_label", OFTString},
                              {"rural", OFTInteger}, {"in_rural_basin", OFTInteger}, {"pop_15_29_est", OFTReal},
                              {"anchor_x", OFTReal}, {"anchor_y", OFTReal}, {"area_m2", OFTReal}});
  for (const auto& c : ws.communes)
    add_feature(com, path, [&](OGRFeature& f) {
      f.SetField("code", c.code.c_str()); f.SetField("name", c.name.c_str());
      f.SetField("departement", c.departement.c_str()); f.SetField("arrondissement", c.arrondissement.c_str());
      f.SetField("epci", c.epci.c_str()); f.SetField("epci_name", c.epci_name.c_str());
      f.SetField("zone_emploi", c.zone_emploi.c_str());
      f.SetField("population", static_cast<GIntBig>(c.population));
      f.SetField("density_level", static_cast<int>(c.density));
      f.SetField("density_label", density_label_fr(c.density));
      f.SetField("rural", c.rural ? 1 : 0); f.SetField("in_rural_basin", c.in_rural_basin ? 1 : 0);
      f.SetField("pop_15_29_est", c.pop_15_29);
      f.SetField("anchor_x", c.anchor.x); f.SetField("anchor_y", c.anchor.y); f.SetField("area_m2", c.area_m2);
      set_mp(f, c.geom);
    });

  OGRLayer* ze = make_layer(ds, "zones_emploi", wkbMultiPolygon,
                            {{"code", OFTString}, {"name", OFTString}, {"rate_latest", OFTReal}, {"quarter_latest", OFTString},
                             {"rate_year_before", OFTReal}, {"quarter_year_before", OFTString}, {"interregional", OFTInteger},
                             {"population", OFTInteger64}, {"above_threshold", OFTInteger}});
  for (const auto& z : ws.zones)
    add_feature(ze, path, [&](OGRFeature& f) {
      f.SetField("code", z.code.c_str()); f.SetField("name", z.name.c_str());
      if (!z.quarter_latest.empty()) { f.SetField("rate_latest", z.rate_latest); f.SetField("quarter_latest", z.quarter_latest.c_str()); }
      if (!z.quarter_year_before.empty()) { f.SetField("rate_year_before", z.rate_year_before); f.SetField("quarter_year_before", z.quarter_year_before.c_str()); }
      f.SetField("interregional", z.interregional ? 1 : 0);
      f.SetField("population", static_cast<GIntBig>(z.population));
      f.SetField("above_threshold", (!z.quarter_latest.empty() && z.rate_latest > ws.rural_rule.threshold_rate) ? 1 : 0);
      set_mp(f, z.geom);
    });

  OGRLayer* q = make_layer(ds, "qpv", wkbMultiPolygon,
                           {{"code", OFTString}, {"name", OFTString}, {"communes", OFTString}, {"has_perimeter", OFTInteger},
                            {"geometry_level", OFTString}, {"population", OFTInteger64}, {"population_estimated", OFTInteger}});
  for (const auto& x : ws.qpvs)
    add_feature(q, path, [&](OGRFeature& f) {
      f.SetField("code", x.code.c_str()); f.SetField("name", x.name.c_str());
      f.SetField("communes", join_codes(x.communes).c_str());
      f.SetField("has_perimeter", x.has_perimeter ? 1 : 0);
      f.SetField("geometry_level", x.has_perimeter ? "perimetre" : "commune");
      if (x.population >= 0) f.SetField("population", static_cast<GIntBig>(x.population));
      f.SetField("population_estimated", x.population_estimated ? 1 : 0);
      if (x.has_perimeter) {
        set_mp(f, x.perimeter);
      } else {  // commune-level: the polygons of its communes, flagged by geometry_level
        MultiPolygon mp;
        for (const auto& code : x.communes)
          if (const Commune* c = ws.commune(code)) mp.polys.insert(mp.polys.end(), c->geom.polys.begin(), c->geom.polys.end());
        set_mp(f, mp);
      }
    });

  OGRLayer* rb = make_layer(ds, "rural_basins", wkbMultiPolygon,
                            {{"code", OFTString}, {"name", OFTString}, {"zone_emploi", OFTString}, {"zone_rate", OFTReal},
                             {"threshold_rate", OFTReal}, {"density_level", OFTInteger}, {"population", OFTInteger64},
                             {"pop_15_29_est", OFTReal}});
  for (const auto& c : ws.communes) {
    if (!c.in_rural_basin) continue;
    const ZoneEmploi* z = ws.zone(c.zone_emploi);
    add_feature(rb, path, [&](OGRFeature& f) {
      f.SetField("code", c.code.c_str()); f.SetField("name", c.name.c_str());
      f.SetField("zone_emploi", c.zone_emploi.c_str());
      if (z) f.SetField("zone_rate", z->rate_latest);
      f.SetField("threshold_rate", ws.rural_rule.threshold_rate);
      f.SetField("density_level", static_cast<int>(c.density));
      f.SetField("population", static_cast<GIntBig>(c.population));
      f.SetField("pop_15_29_est", c.pop_15_29);
      set_mp(f, c.geom);
    });
  }

  OGRLayer* sv = make_layer(ds, "services", wkbPoint,
                            {{"id", OFTString}, {"kind", OFTString}, {"kind_label", OFTString}, {"name", OFTString},
                             {"address", OFTString}, {"commune", OFTString}, {"hours", OFTString}, {"source", OFTString},
                             {"located_at_commune", OFTInteger}});
  for (const auto& s : ws.services)
    add_feature(sv, path, [&](OGRFeature& f) {
      f.SetField("id", s.id.c_str()); f.SetField("kind", service_kind_id(s.kind));
      f.SetField("kind_label", service_kind_label_fr(s.kind)); f.SetField("name", s.name.c_str());
      f.SetField("address", s.address.c_str()); f.SetField("commune", s.commune.c_str());
      f.SetField("hours", s.hours.c_str()); f.SetField("source", s.source.c_str());
      f.SetField("located_at_commune", s.located_at_commune ? 1 : 0);
      f.SetGeometryDirectly(new OGRPoint(s.pos.x, s.pos.y));
    });

  OGRLayer* la = make_layer(ds, "laureates", wkbMultiPolygon,
                            {{"id", OFTString}, {"carrier", OFTString}, {"project", OFTString}, {"territory_text", OFTString},
                             {"refs", OFTString}, {"focus", OFTString}, {"means", OFTString}, {"bases", OFTString},
                             {"resolution", OFTString}, {"communes", OFTString}, {"commune_count", OFTInteger},
                             {"population", OFTInteger64}});
  for (const auto& l : ws.laureates)
    add_feature(la, path, [&](OGRFeature& f) {
      std::vector<std::string> refs;
      for (const auto& r : l.refs) refs.push_back(r.kind + ":" + r.code + (r.label.empty() ? "" : " (" + r.label + ")"));
      f.SetField("id", l.id.c_str()); f.SetField("carrier", l.carrier.c_str()); f.SetField("project", l.project.c_str());
      f.SetField("territory_text", l.territory_text.c_str()); f.SetField("refs", join(refs, ";").c_str());
      f.SetField("focus", l.focus.c_str()); f.SetField("means", l.means.c_str());
      f.SetField("bases", join(l.bases, ";").c_str()); f.SetField("resolution", l.resolution.c_str());
      f.SetField("communes", join_codes(l.communes).c_str());
      f.SetField("commune_count", static_cast<int>(l.communes.size()));
      long long pop = 0;
      MultiPolygon mp;
      for (const auto& code : l.communes)
        if (const Commune* c = ws.commune(code)) {
          pop += c->population;
          mp.polys.insert(mp.polys.end(), c->geom.polys.begin(), c->geom.polys.end());
        }
      f.SetField("population", static_cast<GIntBig>(pop));
      set_mp(f, mp);
    });

  if (routes) write_routes(ds, *routes, path);
}

void detail::write_gpkg_documents(GDALDataset* ds, const std::vector<Document>& docs, const std::string& where) {
  OGRLayer* l = make_layer(ds, "documents", wkbNone, kDocumentCols);
  for (const auto& d : docs) add_feature(l, where, [&](OGRFeature& f) { set_document(f, d); });
}

std::vector<Document> detail::read_gpkg_documents(GDALDataset* ds) { return read_documents(ds); }

GDALDatasetUniquePtr detail::open_workspace_dataset(const std::string& location, bool update) { return open_ws(location, update); }
Document detail::document_of_feature(OGRFeature& f) { return document_of(f); }
void detail::set_document_feature(OGRFeature& f, const Document& d) { set_document(f, d); }
std::string detail::sql_literal(const std::string& s) { return sql_quote(s); }
OGRLayer* detail::gpkg_documents_layer(GDALDataset* ds) {
  if (OGRLayer* l = ds->GetLayerByName("documents")) return l;
  return make_layer(ds, "documents", wkbNone, kDocumentCols);
}

namespace {
// Writes a whole GeoPackage workspace atomically: `fill` writes the layers into a temporary
// file renamed over `path` once complete. `docs`: the documents to store; nullptr = those
// of the previous file at `path` (carried over).
void write_gpkg_workspace(const std::string& path, const std::function<void(GDALDataset*)>& fill, const std::vector<Document>* docs) {
  ensure_gdal();
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir))
    throw Error(ErrorKind::Io, "le dossier de sortie n’existe pas", dir.string(), "créez-le d’abord");
  // One writer at a time, from reading the documents to carry over until the rename: a
  // document written meanwhile by another command is either read here or waits for the rename.
  WorkspaceLock lock(path);
  // Documents of the previous workspace (scenarios, stories) are carried over.
  std::vector<Document> keep;
  if (docs) {
    keep = *docs;
  } else if (fs::exists(target)) {
    try {
      auto old = open_ws(path, false);
      keep = read_documents(old.get());
    } catch (const Error&) {
      // A corrupt previous file has nothing to keep; it is replaced.
    }
  }
  AtomicFile out(path);  // also removes the temporaries a killed import left here
  const fs::path tmp = out.tmp();

  // Reproducible output: GDAL stamps gpkg_contents with this date instead of "now".
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!drv) throw Error(ErrorKind::Internal, "GDAL n’a pas de pilote GPKG", "GDAL");
  GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(ErrorKind::Io, std::string("impossible de créer l’espace de travail : ") + gdal_last_error(), tmp.string(),
                       "vérifiez que le dossier est accessible en écriture et que le disque n’est pas plein");
  try {
    ds->StartTransaction();
    fill(ds.get());
    detail::write_gpkg_documents(ds.get(), keep, path);
    if (ds->CommitTransaction() != OGRERR_NONE)
      throw Error(ErrorKind::Io, std::string("impossible de valider l’espace de travail : ") + gdal_last_error(), tmp.string());
    ds.reset();  // close before rename
  } catch (...) {
    ds.reset();
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    throw;  // the AtomicFile removes the temporary
  }
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  out.commit();
}
}  // namespace

void save_workspace(const Workspace& ws, const std::string& path, const roads::Graph* routes) {
  if (pg::is_location(path)) return save_workspace_pg(ws, path, routes, nullptr);
  write_gpkg_workspace(path, [&](GDALDataset* ds) { detail::write_model_layers(ds, ws, path, routes); }, nullptr);
}

void detail::write_gpkg_workspace_with(const std::string& path, const std::function<void(GDALDataset*)>& fill,
                                       const std::vector<Document>& docs) {
  write_gpkg_workspace(path, fill, &docs);
}

namespace {
Workspace read_workspace(const std::string& path) {
  WorkspaceLayers layers(path);
  // Read below in this order; the laureates without their geometry (the union of their
  // communes, rebuilt from the communes).
  layers.prefetch({{"metadata", false}, {"region", true}, {"departements", true}, {"communes", true}, {"zones_emploi", true},
                   {"qpv", true}, {"services", true}, {"laureates", false}});
  auto layer = [&](const char* name) { return layers.get(name); };
  Workspace ws;
  ws.meta = read_metadata(layers);
  if (ws.meta["schema_version"] != kSchemaVersion)
    throw Error(ErrorKind::Workspace, "la version de schéma « " + ws.meta["schema_version"] + " » de l’espace de travail n’est pas " + kSchemaVersion, path,
                "relancez maraude import avec cette version de Maraude");
  for (auto& f : *layer("region")) {
    ws.region.code = f->GetFieldAsString("code");
    ws.region.name = f->GetFieldAsString("name");
    ogr_to_multipolygon(f->GetGeometryRef(), ws.region.geom);
  }
  for (auto& f : *layer("departements")) {
    Departement d{f->GetFieldAsString("code"), f->GetFieldAsString("name"), {}};
    ogr_to_multipolygon(f->GetGeometryRef(), d.geom);
    ws.departements.push_back(std::move(d));
  }
  for (auto& f : *layer("communes")) {
    Commune c;
    c.code = f->GetFieldAsString("code"); c.name = f->GetFieldAsString("name");
    c.departement = f->GetFieldAsString("departement"); c.arrondissement = f->GetFieldAsString("arrondissement");
    c.epci = f->GetFieldAsString("epci"); c.epci_name = f->GetFieldAsString("epci_name");
    c.zone_emploi = f->GetFieldAsString("zone_emploi");
    c.population = f->GetFieldAsInteger64("population");
    c.density = static_cast<Density>(f->GetFieldAsInteger("density_level"));
    c.rural = f->GetFieldAsInteger("rural") != 0; c.in_rural_basin = f->GetFieldAsInteger("in_rural_basin") != 0;
    c.pop_15_29 = f->GetFieldAsDouble("pop_15_29_est");
    c.anchor = {f->GetFieldAsDouble("anchor_x"), f->GetFieldAsDouble("anchor_y")};
    c.area_m2 = f->GetFieldAsDouble("area_m2");
    ogr_to_multipolygon(f->GetGeometryRef(), c.geom);
    ws.communes.push_back(std::move(c));
  }
  for (auto& f : *layer("zones_emploi")) {
    ZoneEmploi z;
    z.code = f->GetFieldAsString("code"); z.name = f->GetFieldAsString("name");
    z.rate_latest = f->GetFieldAsDouble("rate_latest"); z.quarter_latest = f->GetFieldAsString("quarter_latest");
    z.rate_year_before = f->GetFieldAsDouble("rate_year_before"); z.quarter_year_before = f->GetFieldAsString("quarter_year_before");
    z.interregional = f->GetFieldAsInteger("interregional") != 0;
    z.population = f->GetFieldAsInteger64("population");
    ogr_to_multipolygon(f->GetGeometryRef(), z.geom);
    ws.zones.push_back(std::move(z));
  }
  for (auto& f : *layer("qpv")) {
    Qpv q;
    q.code = f->GetFieldAsString("code"); q.name = f->GetFieldAsString("name");
    q.communes = split_codes(f->GetFieldAsString("communes"));
    q.has_perimeter = f->GetFieldAsInteger("has_perimeter") != 0;
    q.population = f->IsFieldSetAndNotNull(f->GetFieldIndex("population")) ? f->GetFieldAsInteger64("population") : -1;
    // Absent from workspaces written before the field existed.
    const int est = f->GetFieldIndex("population_estimated");
    q.population_estimated = est >= 0 && f->GetFieldAsInteger(est) != 0;
    if (q.has_perimeter) ogr_to_multipolygon(f->GetGeometryRef(), q.perimeter);
    ws.qpvs.push_back(std::move(q));
  }
  for (auto& f : *layer("services")) {
    Service s;
    s.id = f->GetFieldAsString("id");
    s.kind = parse_service_kind(f->GetFieldAsString("kind")).value_or(ServiceKind::FranceServices);
    s.name = f->GetFieldAsString("name"); s.address = f->GetFieldAsString("address");
    s.commune = f->GetFieldAsString("commune"); s.hours = f->GetFieldAsString("hours");
    s.source = f->GetFieldAsString("source"); s.located_at_commune = f->GetFieldAsInteger("located_at_commune") != 0;
    if (const OGRGeometry* g = f->GetGeometryRef(); g && wkbFlatten(g->getGeometryType()) == wkbPoint)
      s.pos = {g->toPoint()->getX(), g->toPoint()->getY()};
    ws.services.push_back(std::move(s));
  }
  {
    OGRLayer* l = layer("laureates");
    l->SetIgnoredFields(std::vector<const char*>{"OGR_GEOMETRY", nullptr}.data());
    for (auto& f : *l) {
      Laureate x;
      x.id = f->GetFieldAsString("id"); x.carrier = f->GetFieldAsString("carrier"); x.project = f->GetFieldAsString("project");
      x.territory_text = f->GetFieldAsString("territory_text"); x.focus = f->GetFieldAsString("focus");
      x.means = f->GetFieldAsString("means"); x.resolution = f->GetFieldAsString("resolution");
      for (const auto& b : split(f->GetFieldAsString("bases"), ';')) if (!trim(b).empty()) x.bases.push_back(trim(b));
      for (const auto& r : split(f->GetFieldAsString("refs"), ';')) {
        std::string ref = trim(r);
        if (ref.empty()) continue;
        TerritoryRef tr;
        const auto paren = ref.find(" (");
        if (paren != std::string::npos && ref.back() == ')') { tr.label = ref.substr(paren + 2, ref.size() - paren - 3); ref = ref.substr(0, paren); }
        const auto colon = ref.find(':');
        tr.kind = ref.substr(0, colon);
        if (colon != std::string::npos) tr.code = ref.substr(colon + 1);
        x.refs.push_back(tr);
      }
      x.communes = split_codes(f->GetFieldAsString("communes"));
      ws.laureates.push_back(std::move(x));
    }
  }
  auto num = [&](const char* key) { return parse_number(ws.meta[key]).value_or(0); };
  ws.rural_rule.regional_rate = num("rural.regional_rate");
  ws.rural_rule.threshold_rate = num("rural.threshold_rate");
  ws.rural_rule.min_density = static_cast<int>(num("rural.min_density"));
  ws.rural_rule.quarter = ws.meta["unemployment.quarter"];
  ws.build_indexes();
  // The road network built at import (sidecar file), read once: every travel question of
  // this workspace is then answered on the roads (core/travel_choice.h).
  if (auto net = load_roads(path, ws.meta, [&] { return layers.pg_road_blob(); })) ws.roads = std::make_shared<const RoadNetwork>(std::move(*net));
  return ws;
}
}  // namespace

void rethrow_as_workspace_error(const std::string& path) {
  const std::string redo = "relancez l'import : maraude import --data DOSSIER --out " + path;
  try {
    throw;
  } catch (const Error&) {
    throw;
  } catch (const std::length_error&) {
    throw Error(ErrorKind::Workspace, "espace de travail corrompu : une table annonce une taille impossible", path, redo);
  } catch (const std::bad_alloc&) {
    throw Error(ErrorKind::Workspace, "espace de travail corrompu ou trop grand : la mémoire manque pour le lire", path, redo);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Workspace, std::string("espace de travail illisible (détail : ") + e.what() + ")", path, redo);
  } catch (...) {
    throw Error(ErrorKind::Workspace, "espace de travail illisible", path, redo);
  }
}

Workspace load_workspace(const std::string& path) {
  // A damaged file can make GDAL or the readers throw anything (a table announcing an
  // impossible size, memory exhausted...): one French message saying what to do.
  Workspace ws;
  try {
    ws = read_workspace(path);
  } catch (...) {
    rethrow_as_workspace_error(path);
  }
  const std::string why = workspace_problem(ws);
  if (!why.empty())
    throw Error(ErrorKind::Workspace, "espace de travail invalide : " + why, path,
                "relancez l'import : maraude import --data DOSSIER --out " + path);
  return ws;
}

namespace {

// The file's identity, to notice a workspace replaced (renamed over) while it was open.
std::pair<dev_t, ino_t> file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

// Runs `write` (open, transaction, commit) under the workspace lock. A writer that does not
// take the lock (another program) could still replace the file meanwhile: the write then went
// to the replaced file and is done again on the new one, at most three times, then refused.
template <class F>
auto locked_write(const std::string& path, F&& write) {
  if (!fs::exists(path)) open_ws(path, true);  // "espace de travail introuvable", before any lock file
  WorkspaceLock lock(path);
  for (int attempt = 0;; ++attempt) {
    const auto before = file_id(path);
    auto r = write();
    if (file_id(path) == before) return r;
    if (attempt == 2)
      throw Error(ErrorKind::Io, "l’espace de travail a été remplacé pendant l’écriture, trois fois de suite : rien n’est sûr d’avoir été enregistré",
                  path, "un autre programme réécrit ce fichier : attendez qu’il ait fini, puis relancez");
  }
}


// The GeoPackage side of io/document_store.h: every call opens the file (readers take no
// lock; writers hold the workspace lock from the version check to the commit).
class GpkgDocumentStore : public DocumentStore {
 public:
  explicit GpkgDocumentStore(std::string path) : path_(std::move(path)) {
    if (!fs::exists(path_)) open_ws(path_, false);  // "espace de travail introuvable"
  }
  std::vector<Document> list(const std::string& kind) override {
    auto ds = open_ws(path_, false);
    std::vector<Document> r;
    for (auto& d : read_documents(ds.get()))
      if (kind.empty() || d.kind == kind) r.push_back(std::move(d));
    return r;
  }
  std::optional<Document> get(const std::string& kind, const std::string& name) override {
    for (auto& d : list(kind))
      if (d.name == name) return d;
    return std::nullopt;
  }
  Document save(const Document& doc, std::int64_t expected) override {
    return locked_write(path_, [&] {
      auto ds = open_ws(path_, true);
      OGRLayer* l = ds->GetLayerByName("documents");
      if (!l) l = make_layer(ds.get(), "documents", wkbNone, kDocumentCols);
      // Files written before documents had versions get the two columns.
      for (const char* col : {"version", "author"})
        if (l->GetLayerDefn()->GetFieldIndex(col) < 0) {
          OGRFieldDefn fd(col, std::string(col) == "version" ? OFTInteger64 : OFTString);
          if (l->CreateField(&fd) != OGRERR_NONE)
            throw Error(ErrorKind::Io, std::string("impossible d’ajouter la colonne ") + col + " : " + gdal_last_error(), path_ + ", table documents");
        }
      if (ds->StartTransaction() != OGRERR_NONE)
        throw Error(ErrorKind::Io, std::string("impossible de démarrer une transaction : ") + gdal_last_error(), path_);
      l->SetAttributeFilter(("kind = " + sql_quote(doc.kind) + " AND name = " + sql_quote(doc.name)).c_str());
      std::vector<GIntBig> old;
      std::optional<Document> stored;
      for (auto& f : *l) {
        old.push_back(f->GetFID());
        stored = document_of(*f);
      }
      l->SetAttributeFilter(nullptr);
      const std::int64_t current = stored ? stored->version : 0;
      if (expected != kAnyVersion && expected != current) {
        ds->RollbackTransaction();
        throw DocumentConflict(doc, stored, path_);
      }
      for (auto fid : old)
        if (l->DeleteFeature(fid) != OGRERR_NONE)
          throw Error(ErrorKind::Io, std::string("impossible de remplacer le document : ") + gdal_last_error(), path_);
      Document out = doc;
      out.version = current + 1;
      out.updated = now_iso();
      out.author = local_author();
      add_feature(l, path_, [&](OGRFeature& f) { set_document(f, out); });
      if (ds->CommitTransaction() != OGRERR_NONE)
        throw Error(ErrorKind::Io, std::string("impossible d’enregistrer le document : ") + gdal_last_error(), path_);
      ds.reset();
      return out;
    });
  }
  bool remove(const std::string& kind, const std::string& name) override {
    return locked_write(path_, [&] {
      auto ds = open_ws(path_, true);
      OGRLayer* l = ds->GetLayerByName("documents");
      if (!l) return false;
      l->SetAttributeFilter(("kind = " + sql_quote(kind) + " AND name = " + sql_quote(name)).c_str());
      std::vector<GIntBig> old;
      for (auto& f : *l) old.push_back(f->GetFID());
      l->SetAttributeFilter(nullptr);
      if (ds->StartTransaction() != OGRERR_NONE)
        throw Error(ErrorKind::Io, std::string("impossible de démarrer une transaction : ") + gdal_last_error(), path_);
      for (auto fid : old)
        if (l->DeleteFeature(fid) != OGRERR_NONE)
          throw Error(ErrorKind::Io, std::string("impossible de supprimer le document : ") + gdal_last_error(), path_);
      if (ds->CommitTransaction() != OGRERR_NONE)
        throw Error(ErrorKind::Io, std::string("impossible de supprimer le document : ") + gdal_last_error(), path_);
      ds.reset();
      return !old.empty();
    });
  }
  bool remove_checked(const std::string& kind, const std::string& name, std::int64_t expected) override {
    WorkspaceLock lock(path_);  // the version read stays the stored one until removed
    const auto d = get(kind, name);
    return d && d->version == expected && remove(kind, name);
  }
  std::string location() const override { return path_; }
  std::string user() const override { return local_author(); }

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<DocumentStore> detail::open_gpkg_document_store(const std::string& path) {
  return std::make_unique<GpkgDocumentStore>(path);
}

std::vector<Document> list_documents(const std::string& path, const std::string& kind) {
  return open_document_store(path)->list(kind);
}

std::optional<Document> get_document(const std::string& path, const std::string& kind, const std::string& name) {
  return open_document_store(path)->get(kind, name);
}

void put_document(const std::string& path, const Document& doc) { open_document_store(path)->save(doc, kAnyVersion); }

bool delete_document(const std::string& path, const std::string& kind, const std::string& name) {
  return open_document_store(path)->remove(kind, name);
}

bool workspace_exists(const std::string& location) {
  if (!pg::is_location(location)) return fs::exists(location);
  pg::Conn c(location);
  return c.has_table(pg::kSchema, "metadata");
}

}  // namespace maraude::io
