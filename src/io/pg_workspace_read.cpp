// Reading a PostgreSQL workspace for a load (workspace_internal.h PgWorkspaceReader): one
// connection, one snapshot, one catalogue query, then one binary query per layer, the
// model's layers sent together in one libpq pipeline.
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

#include "core/error.h"
#include "io/pg.h"
#include "io/workspace_internal.h"

namespace maraude::io::detail {

namespace {

using pg::qualified;
using pg::quote_ident;

const std::string kImportHint =
    "importez d’abord la région : maraude import --data DOSSIER --out PG:\"…\" (ou maraude workspace copy ESPACE.gpkg PG:\"…\")";

// Built-in type oids (pg_type.dat): what a column is read as.
enum class Kind { Int16, Int32, Int64, Float32, Float64, Numeric, Bool, Text, Geometry, Other };
constexpr unsigned kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kFloat4 = 700, kFloat8 = 701, kBpchar = 1042,
                   kVarchar = 1043, kName = 19, kNumeric = 1700;

Kind kind_of(unsigned oid, const std::string& typname) {
  switch (oid) {
    case kInt2: return Kind::Int16;
    case kInt4: return Kind::Int32;
    case kInt8: return Kind::Int64;
    case kFloat4: return Kind::Float32;
    case kFloat8: return Kind::Float64;
    case kBool: return Kind::Bool;
    case kNumeric: return Kind::Numeric;
    case kText: case kVarchar: case kBpchar: case kName: return Kind::Text;
    default: return typname == "geometry" ? Kind::Geometry : Kind::Other;
  }
}

struct Column {
  std::string name;
  Kind kind;
  std::string type;  // format_type(), e.g. geometry(MultiPolygon,2154)
};

std::uint64_t be64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
std::uint32_t be32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// "geometry(MultiPolygon,2154)" → wkbMultiPolygon; wkbUnknown when untyped.
OGRwkbGeometryType geometry_type(const std::string& type) {
  const auto open = type.find('('), end = type.find_first_of(",)", open == std::string::npos ? 0 : open);
  if (open == std::string::npos || end == std::string::npos) return wkbUnknown;
  return OGRFromOGCGeomType(type.substr(open + 1, end - open - 1).c_str());
}

// The rows of one query (its whole result; a list so that a result could come in parts),
// kept until the reader closes so that a layer can be read again.
struct Rows {
  std::vector<pg::Result> chunks;
  bool done = false;
  PGresult* error = nullptr;  // owned until raised
};

}  // namespace

struct PgWorkspaceReader::Impl {
  explicit Impl(const std::string& location) : c(location) {}
  ~Impl() {
    for (auto& q : queries)
      if (q.second->error) PQclear(q.second->error);
  }
  pg::Conn c;
  std::map<std::string, std::vector<Column>> tables;
  // The pipeline: queries in the order sent; `current` the one whose results come next.
  std::vector<std::pair<std::string, std::unique_ptr<Rows>>> queries;
  size_t current = 0;
  bool pipeline = false;
  // Prefetched layer → its query's index and whether it holds the geometry.
  std::map<std::string, std::pair<size_t, bool>> prefetched;

  // Receives the next result of the pipeline (a row of the current query, or its end).
  void pump() {
    PGconn* pc = c.raw();
    Rows& q = *queries[current].second;
    PGresult* r = PQgetResult(pc);
    if (!r) {
      if (PQstatus(pc) != CONNECTION_OK && !q.error) q.error = PQmakeEmptyPGresult(pc, PGRES_FATAL_ERROR);
      q.done = true;  // the current query is complete
      if (++current == queries.size() || PQstatus(pc) != CONNECTION_OK) {  // then the pipeline's sync point
        for (size_t i = current; i < queries.size(); ++i) {  // connection lost: the rest never comes
          Rows& rest = *queries[i].second;
          rest.done = true;
          if (!rest.error) rest.error = PQmakeEmptyPGresult(pc, PGRES_FATAL_ERROR);
        }
        current = queries.size();
        if (PQstatus(pc) == CONNECTION_OK) {
          if (PGresult* sync = PQgetResult(pc)) PQclear(sync);
          PQexitPipelineMode(pc);
        }
        pipeline = false;
      }
      return;
    }
    switch (PQresultStatus(r)) {
      case PGRES_SINGLE_TUPLE: case PGRES_TUPLES_OK: q.chunks.emplace_back(r); break;
      default:  // an error, or aborted after an earlier error: kept for the layer's reader
        if (!q.error) q.error = r;
        else PQclear(r);
    }
  }
  // Receives until query `q` has more than `have` chunks, or is complete.
  void wait_for(const Rows& q, size_t have) {
    while (pipeline && !q.done && q.chunks.size() <= have) pump();
  }
  // Receives everything still pending and leaves pipeline mode (before any other statement).
  void finish() {
    while (pipeline) pump();
  }
};

namespace {

// One table of the schema, rows by fid, served feature by feature: from its own query run at
// the first read, or streamed from the reader's pipeline.
class PgTableLayer : public OGRLayer {
 public:
  PgTableLayer(PgWorkspaceReader::Impl& reader, const std::string& schema, const std::string& table, const std::vector<Column>& cols)
      : reader_(reader), table_(table), sql_table_(qualified(schema, table)), defn_(new OGRFeatureDefn(table.c_str())) {
    defn_->Reference();
    defn_->SetGeomType(wkbNone);
    for (const Column& col : cols) {
      if (col.name == "fid" && (col.kind == Kind::Int32 || col.kind == Kind::Int64)) {
        has_fid_ = true;
        fid64_ = col.kind == Kind::Int64;
        continue;
      }
      if (col.kind == Kind::Geometry) {
        if (geom_col_.empty()) {
          geom_col_ = col.name;
          OGRGeomFieldDefn g(col.name.c_str(), geometry_type(col.type));
          defn_->AddGeomFieldDefn(&g);
        }
        continue;
      }
      OGRFieldType t = OFTString;
      switch (col.kind) {
        case Kind::Int16: case Kind::Int32: case Kind::Bool: t = OFTInteger; break;
        case Kind::Int64: t = OFTInteger64; break;
        case Kind::Float32: case Kind::Float64: case Kind::Numeric: t = OFTReal; break;
        default: t = OFTString;
      }
      OGRFieldDefn f(col.name.c_str(), t);
      defn_->AddFieldDefn(&f);
      fields_.push_back(col);
    }
    SetDescription(table.c_str());
  }
  ~PgTableLayer() override { defn_->Release(); }

  // The query reading this layer now: the fields ignored so far left out, the geometry when
  // `geometry` and not ignored. Fixes which columns the rows hold.
  std::string select_sql(bool geometry) {
    std::string cols = has_fid_ ? "fid" : "";
    auto add = [&](const std::string& e) { cols += (cols.empty() ? "" : ", ") + e; };
    selected_.assign(fields_.size(), false);
    for (size_t k = 0; k < fields_.size(); ++k) {
      if (defn_->GetFieldDefn(static_cast<int>(k))->IsIgnored()) continue;
      selected_[k] = true;
      const std::string q = quote_ident(fields_[k].name);
      switch (fields_[k].kind) {
        case Kind::Numeric: add(q + "::float8"); break;
        case Kind::Other: add(q + "::text"); break;  // dates, json...: as PostgreSQL prints them
        default: add(q);
      }
    }
    geom_selected_ = geometry && !geom_col_.empty() && !defn_->IsGeometryIgnored();
    if (geom_selected_) add("ST_AsBinary(" + quote_ident(geom_col_) + ")");
    if (cols.empty()) add("NULL");
    return "SELECT " + cols + " FROM " + sql_table_ + (has_fid_ ? " ORDER BY fid" : "");
  }
  void stream_from(Rows* rows) { rows_ = rows; }

  void ResetReading() override { chunk_ = 0, row_ = 0, count_ = 0; }
  OGRFeatureDefn* GetLayerDefn() override { return defn_; }
  int TestCapability(const char*) override { return FALSE; }
  const char* GetName() override { return table_.c_str(); }

  OGRFeature* GetNextFeature() override {
    if (!rows_) {
      own_.chunks.emplace_back(reader_.c.exec_binary(select_sql(true), {}, "lire la table " + table_));
      own_.done = true;
      rows_ = &own_;
    }
    // The next row: in the chunk at hand, else in the next one (received now if need be).
    while (chunk_ >= rows_->chunks.size() || row_ >= rows_->chunks[chunk_].rows()) {
      if (chunk_ < rows_->chunks.size()) {
        ++chunk_, row_ = 0;
        continue;
      }
      reader_.wait_for(*rows_, chunk_);
      if (rows_->error) {
        PGresult* e = rows_->error;
        rows_->error = nullptr;
        reader_.finish();
        reader_.c.raise(e, "lire la table " + table_);
      }
      if (chunk_ >= rows_->chunks.size()) return nullptr;
    }
    PGresult* r = rows_->chunks[chunk_].raw();
    const int row = row_++;
    ++count_;
    auto f = std::make_unique<OGRFeature>(defn_);
    int col = 0;
    if (has_fid_) {
      if (!PQgetisnull(r, row, col)) {
        const char* v = PQgetvalue(r, row, col);
        f->SetFID(fid64_ ? static_cast<GIntBig>(be64(v)) : static_cast<GIntBig>(static_cast<std::int32_t>(be32(v))));
      }
      ++col;
    } else {
      f->SetFID(count_);
    }
    for (size_t k = 0; k < fields_.size(); ++k) {
      if (!selected_[k]) continue;
      const int c = col++;
      const int i = static_cast<int>(k);
      if (defn_->GetFieldDefn(i)->IsIgnored()) continue;
      if (PQgetisnull(r, row, c)) {
        f->SetFieldNull(i);
        continue;
      }
      const char* v = PQgetvalue(r, row, c);
      switch (fields_[k].kind) {
        case Kind::Int16:
          f->SetField(i, static_cast<int>(static_cast<std::int16_t>((static_cast<unsigned char>(v[0]) << 8) | static_cast<unsigned char>(v[1]))));
          break;
        case Kind::Int32: f->SetField(i, static_cast<int>(static_cast<std::int32_t>(be32(v)))); break;
        case Kind::Bool: f->SetField(i, v[0] ? 1 : 0); break;
        case Kind::Int64: f->SetField(i, static_cast<GIntBig>(be64(v))); break;
        case Kind::Float32: {
          const std::uint32_t bits = be32(v);
          float x;
          std::memcpy(&x, &bits, 4);
          f->SetField(i, static_cast<double>(x));
          break;
        }
        case Kind::Float64: case Kind::Numeric: {
          const std::uint64_t bits = be64(v);
          double x;
          std::memcpy(&x, &bits, 8);
          f->SetField(i, x);
          break;
        }
        default: f->SetField(i, v);  // text (NUL-terminated by libpq), or another type sent as text
      }
    }
    if (geom_selected_ && !defn_->IsGeometryIgnored() && !PQgetisnull(r, row, col)) {
      OGRGeometry* g = nullptr;
      if (OGRGeometryFactory::createFromWkb(PQgetvalue(r, row, col), nullptr, &g, PQgetlength(r, row, col)) != OGRERR_NONE || !g)
        throw Error(ErrorKind::Workspace, "géométrie illisible dans la table " + table_ + " (entité " + std::to_string(f->GetFID()) + ")",
                    reader_.c.where(), kImportHint);
      f->SetGeometryDirectly(g);
    }
    return f.release();
  }

 private:
  PgWorkspaceReader::Impl& reader_;
  std::string table_, sql_table_, geom_col_;
  OGRFeatureDefn* defn_;
  std::vector<Column> fields_;
  std::vector<bool> selected_;
  bool has_fid_ = false, fid64_ = true, geom_selected_ = false;
  Rows own_;              // rows of its own query (not prefetched)
  Rows* rows_ = nullptr;  // the rows read: own_, or the reader's pipeline's
  size_t chunk_ = 0;
  int row_ = 0;
  GIntBig count_ = 0;
};

}  // namespace

PgWorkspaceReader::PgWorkspaceReader(const std::string& location) : impl_(std::make_unique<Impl>(location)) {
  pg::Conn& c = impl_->c;
  // One snapshot for every table: an import switching schemas meanwhile is seen whole or not at all.
  c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}, "ouvrir une transaction de lecture");
  c.require_postgis();
  auto r = c.exec(
      "SELECT c.relname, a.attname, a.atttypid::int, t.typname, format_type(a.atttypid, a.atttypmod)"
      " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
      " JOIN pg_type t ON t.oid = a.atttypid"
      " WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname, a.attnum",
      {std::string(pg::kSchema)}, "lire la liste des tables");
  for (int i = 0; i < r.rows(); ++i) {
    const std::string table = r.get(i, 0);
    impl_->tables[table].push_back({r.get(i, 1), kind_of(static_cast<unsigned>(std::stoul(r.get(i, 2))), r.get(i, 3)), r.get(i, 4)});
  }
  if (!impl_->tables.count("metadata"))
    throw Error(ErrorKind::Workspace, "aucun espace de travail Maraude dans la " + c.where() + " (schéma maraude absent ou vide)", c.where(),
                kImportHint);
}

PgWorkspaceReader::~PgWorkspaceReader() {
  if (impl_ && !impl_->pipeline) impl_->c.rollback_quietly();  // read only: nothing to commit (in a pipeline: closing ends it)
}

void PgWorkspaceReader::prefetch(const std::vector<std::pair<std::string, bool>>& layers) {
  Impl& m = *impl_;
  m.finish();
  m.prefetched.clear();  // earlier queries' rows stay with the layers reading them
  PGconn* pc = m.c.raw();
  auto lost = [&] {
    throw Error(ErrorKind::Io, "connexion à PostgreSQL perdue pendant la lecture de l’espace de travail (" + pg::masked(PQerrorMessage(pc)) + ")",
                m.c.where(), "vérifiez le serveur et relancez");
  };
  const size_t first = m.queries.size();
  for (const auto& [name, geometry] : layers) {
    auto it = m.tables.find(name);
    if (it == m.tables.end() || m.prefetched.count(name)) continue;
    if (!m.pipeline) {
      if (PQenterPipelineMode(pc) != 1) lost();
      m.pipeline = true;
    }
    PgTableLayer plan(m, pg::kSchema, name, it->second);
    if (PQsendQueryParams(pc, plan.select_sql(geometry).c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1) != 1) lost();
    m.prefetched[name] = {m.queries.size(), geometry};
    m.queries.emplace_back(name, std::make_unique<Rows>());
  }
  if (!m.pipeline) return;
  if (PQpipelineSync(pc) != 1) lost();
  m.current = first;
}

std::unique_ptr<OGRLayer> PgWorkspaceReader::layer(const std::string& name) {
  Impl& m = *impl_;
  auto it = m.tables.find(name);
  if (it == m.tables.end()) return nullptr;
  auto l = std::make_unique<PgTableLayer>(m, pg::kSchema, name, it->second);
  if (auto p = m.prefetched.find(name); p != m.prefetched.end()) {
    l->select_sql(p->second.second);  // the columns of the query sent
    l->stream_from(m.queries[p->second.first].second.get());
    m.prefetched.erase(p);  // another layer of that name runs its own query
  } else {
    m.finish();
  }
  return l;
}

std::string PgWorkspaceReader::road_blob() {
  impl_->finish();
  if (!impl_->tables.count("road_network")) return {};
  auto r = impl_->c.exec_binary("SELECT data FROM " + qualified(pg::kSchema, "road_network"), {}, "lire le réseau routier (table road_network)");
  if (r.rows() == 0 || r.null(0, 0)) return {};
  return std::string(PQgetvalue(r.raw(), 0, 0), static_cast<size_t>(PQgetlength(r.raw(), 0, 0)));
}

}  // namespace maraude::io::detail
