// PostgreSQL workspaces: opening through GDAL's PostgreSQL driver, the atomic import (new
// schema switched in one transaction), the versioned document store (libpq), the team roles.
#include "io/pg_workspace.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <cstring>
#include <gdal_priv.h>

#include "core/error.h"
#include "core/text.h"
#include "io/document_store.h"
#include "io/gdal_messages.h"
#include "io/pg.h"
#include "io/vector_source.h"
#include "io/workspace_internal.h"

namespace maraude::io {

namespace {

using pg::qualified;
using pg::quote_ident;

const std::string kImportHint =
    "importez d’abord la région : maraude import --data DOSSIER --out PG:\"…\" (ou maraude workspace copy ESPACE.gpkg PG:\"…\")";

GDALDatasetUniquePtr open_pg(const std::string& location, const std::string& schema, bool update, const std::string& where) {
  const std::string name = pg::gdal_name(location);
  const std::string active = "ACTIVE_SCHEMA=" + schema, schemas = "SCHEMAS=" + schema;
  // LIST_ALL_TABLES: the attribute tables (metadata) too, not only the spatial ones.
  const char* const oo[] = {active.c_str(), schemas.c_str(), "LIST_ALL_TABLES=YES", nullptr};
  const char* const drivers[] = {"PostgreSQL", nullptr};
  CPLErrorReset();
  GDALDatasetUniquePtr ds(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY), drivers, oo, nullptr));
  if (!ds)
    throw Error(ErrorKind::Workspace, "GDAL ne peut pas ouvrir la base PostgreSQL : " + pg::masked(gdal_last_error()), where,
                "vérifiez que GDAL a son pilote PostgreSQL (ogrinfo --formats | grep PostgreSQL)");
  return ds;
}

// Columns read back by the store, `updated` as ISO 8601 UTC.
const char* kDocCols =
    "kind, name, body, to_char(updated AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), version, author";

Document doc_of(const pg::Result& r, int i) {
  Document d;
  d.kind = r.get(i, 0);
  d.name = r.get(i, 1);
  d.body = r.get(i, 2);
  d.updated = r.get(i, 3);
  d.version = std::stoll(r.get(i, 4));
  d.author = r.get(i, 5);
  return d;
}

// One stored document (kind, name), or nothing: the store's get() and the watcher's read.
std::optional<Document> read_document(pg::Conn& c, const std::string& kind, const std::string& name) {
  auto r = c.exec(std::string("SELECT ") + kDocCols + " FROM " + qualified(pg::kSchema, "documents") +
                      " WHERE kind = $1 AND name = $2",
                  {kind, name}, "lire le document « " + name + " »");
  if (r.rows() == 0) return std::nullopt;
  return doc_of(r, 0);
}

std::string documents_ddl(const std::string& schema) {
  // A one-column key (id) for GDAL and QGIS; (kind, name) unique.
  return "CREATE TABLE " + qualified(schema, "documents") +
         " (id bigserial PRIMARY KEY, kind text NOT NULL, name text NOT NULL, body text NOT NULL,"
         " updated timestamptz NOT NULL DEFAULT now(), version bigint NOT NULL DEFAULT 1,"
         " author text NOT NULL DEFAULT current_user, carrier text DEFAULT maraude_team.my_carrier(),"
         " UNIQUE (kind, name));\n"
         "CREATE TABLE " + qualified(schema, "road_network") +
         " (id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1), data bytea NOT NULL);\n";
}

class PgDocumentStore : public DocumentStore {
 public:
  explicit PgDocumentStore(const std::string& location) : c_(location), table_(qualified(pg::kSchema, "documents")) {
    if (!c_.has_table(pg::kSchema, "documents"))
      throw Error(ErrorKind::Workspace, "aucun espace de travail Maraude dans la " + c_.where() + " (table maraude.documents absente)",
                  c_.where(), kImportHint);
  }
  std::vector<Document> list(const std::string& kind) override {
    auto r = c_.exec(std::string("SELECT ") + kDocCols + " FROM " + table_ + " WHERE $1 = '' OR kind = $1 ORDER BY kind, name", {kind},
                     "lire la table documents");
    std::vector<Document> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(doc_of(r, i));
    return out;
  }
  std::optional<Document> get(const std::string& kind, const std::string& name) override {
    return read_document(c_, kind, name);
  }
  Document save(const Document& doc, std::int64_t expected) override {
    const std::string what = "enregistrer « " + doc.name + " » (table maraude.documents)";
    const std::string ret = std::string(" RETURNING ") + kDocCols;
    std::optional<pg::Result> r;
    if (expected == kAnyVersion) {
      r.emplace(c_.exec("INSERT INTO " + table_ + " AS d (kind, name, body) VALUES ($1, $2, $3) ON CONFLICT (kind, name) DO UPDATE"
                        " SET body = EXCLUDED.body, version = d.version + 1, author = current_user, updated = now()" + ret,
                        {doc.kind, doc.name, doc.body}, what));
    } else if (expected == 0) {
      r.emplace(c_.exec("INSERT INTO " + table_ + " (kind, name, body) VALUES ($1, $2, $3) ON CONFLICT (kind, name) DO NOTHING" + ret,
                        {doc.kind, doc.name, doc.body}, what));
    } else {
      // One statement: a concurrent save of the same row makes this one wait, then re-check
      // the version on the row it committed — never both succeed.
      r.emplace(c_.exec("UPDATE " + table_ + " SET body = $3, version = version + 1, author = current_user, updated = now()"
                        " WHERE kind = $1 AND name = $2 AND version = $4" + ret,
                        {doc.kind, doc.name, doc.body, std::to_string(expected)}, what));
    }
    if (r->rows() == 1) return doc_of(*r, 0);
    auto theirs = get(doc.kind, doc.name);
    if (theirs && theirs->version == expected) {
      // Unchanged yet not updated: row-level security hid the row from this role.
      auto owner = c_.exec("SELECT coalesce(carrier, '(administration)') FROM " + table_ + " WHERE kind = $1 AND name = $2",
                           {doc.kind, doc.name}, what);
      throw Error(ErrorKind::Io,
                  "le rôle « " + c_.user() + " » n’a pas le droit de modifier « " + doc.name + " » : il appartient à la structure « " +
                      (owner.rows() ? owner.get(0, 0) : std::string("?")) + " »",
                  c_.where(), "enregistrez-le sous un autre nom (une copie à votre structure), ou demandez à un administrateur");
    }
    throw DocumentConflict(doc, theirs, c_.where());
  }
  bool remove(const std::string& kind, const std::string& name) override {
    return c_.exec("DELETE FROM " + table_ + " WHERE kind = $1 AND name = $2 RETURNING 1", {kind, name},
                   "supprimer « " + name + " » (table maraude.documents)")
               .rows() > 0;
  }
  bool remove_checked(const std::string& kind, const std::string& name, std::int64_t expected) override {
    return c_.exec("DELETE FROM " + table_ + " WHERE kind = $1 AND name = $2 AND version = $3 RETURNING 1",
                   {kind, name, std::to_string(expected)}, "supprimer « " + name + " » (table maraude.documents)")
               .rows() > 0;
  }
  std::string location() const override { return c_.where(); }
  std::string user() const override { return c_.user(); }

 private:
  pg::Conn c_;
  std::string table_;
};

}  // namespace

GDALDatasetUniquePtr detail::open_pg_workspace_dataset(const std::string& location, bool update) {
  std::string where;
  {
    pg::Conn c(location);
    where = c.where();
    c.require_postgis();
    if (!c.has_table(pg::kSchema, "metadata"))
      throw Error(ErrorKind::Workspace, "aucun espace de travail Maraude dans la " + c.where() + " (schéma maraude absent ou vide)", c.where(),
                  kImportHint);
  }
  return open_pg(location, pg::kSchema, update, where);
}

GDALDatasetUniquePtr detail::open_pg_schema_dataset(const std::string& location, const std::string& schema) {
  return open_pg(location, schema, true, pg::masked(location));
}

std::string team_setup_sql() {
  return R"SQL(
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'maraude_reader') THEN CREATE ROLE maraude_reader NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'maraude_editor') THEN CREATE ROLE maraude_editor NOLOGIN IN ROLE maraude_reader; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'maraude_admin') THEN CREATE ROLE maraude_admin NOLOGIN IN ROLE maraude_editor; END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS maraude_team;
CREATE TABLE IF NOT EXISTS maraude_team.editors (role_name text PRIMARY KEY, carrier text NOT NULL);
CREATE OR REPLACE FUNCTION maraude_team.my_carrier() RETURNS text LANGUAGE sql STABLE
  AS $f$ SELECT carrier FROM maraude_team.editors WHERE role_name = current_user $f$;
GRANT USAGE ON SCHEMA maraude_team TO maraude_reader;
GRANT SELECT ON maraude_team.editors TO maraude_reader;
GRANT ALL ON maraude_team.editors TO maraude_admin;
)SQL";
}

std::string team_policies_sql(const std::string& schema) {
  const std::string s = quote_ident(schema), docs = qualified(schema, "documents"), lau = qualified(schema, "laureates");
  const std::string mine = "carrier = maraude_team.my_carrier()";
  return "GRANT USAGE ON SCHEMA " + s + " TO maraude_reader;\n"
         "GRANT SELECT ON ALL TABLES IN SCHEMA " + s + " TO maraude_reader;\n"
         "GRANT ALL ON ALL TABLES IN SCHEMA " + s + " TO maraude_admin;\n"
         "GRANT USAGE ON ALL SEQUENCES IN SCHEMA " + s + " TO maraude_editor;\n"
         "GRANT INSERT, UPDATE, DELETE ON " + docs + " TO maraude_editor;\n"
         "GRANT UPDATE ON " + lau + " TO maraude_editor;\n"
         "ALTER TABLE " + docs + " ENABLE ROW LEVEL SECURITY;\n"
         "CREATE POLICY read_all ON " + docs + " FOR SELECT USING (true);\n"
         "CREATE POLICY editor_insert ON " + docs + " FOR INSERT TO maraude_editor WITH CHECK (" + mine + ");\n"
         "CREATE POLICY editor_update ON " + docs + " FOR UPDATE TO maraude_editor USING (" + mine + ") WITH CHECK (" + mine + ");\n"
         "CREATE POLICY editor_delete ON " + docs + " FOR DELETE TO maraude_editor USING (" + mine + ");\n"
         "CREATE POLICY admin_all ON " + docs + " TO maraude_admin USING (true) WITH CHECK (true);\n"
         // Every change announced to the open windows: op, kind, author, version, then the name.
         "CREATE FUNCTION " + qualified(schema, "notify_documents") + "() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
         "DECLARE r record; BEGIN\n"
         "  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;\n"
         "  PERFORM pg_notify('maraude_documents', TG_OP || E'\\t' || r.kind || E'\\t' || current_user || E'\\t' ||\n"
         "                   CASE WHEN TG_OP = 'DELETE' THEN 0 ELSE r.version END || E'\\t' || left(r.name, 1000));\n"
         "  RETURN NULL; END $f$;\n"
         "CREATE TRIGGER documents_notify AFTER INSERT OR UPDATE OR DELETE ON " + docs +
         " FOR EACH ROW EXECUTE FUNCTION " + qualified(schema, "notify_documents") + "();\n"
         "ALTER TABLE " + lau + " ENABLE ROW LEVEL SECURITY;\n"
         "CREATE POLICY read_all ON " + lau + " FOR SELECT USING (true);\n"
         "CREATE POLICY editor_update ON " + lau + " FOR UPDATE TO maraude_editor USING (" + mine + ") WITH CHECK (" + mine + ");\n"
         "CREATE POLICY admin_all ON " + lau + " TO maraude_admin USING (true) WITH CHECK (true);\n";
}

namespace {

std::string pg_type(OGRFieldType t) {
  switch (t) {
    case OFTInteger: return "integer";
    case OFTInteger64: return "bigint";
    case OFTReal: return "double precision";
    default: return "text";
  }
}

// COPY text format: backslash, tab, newline and carriage return escaped.
void copy_text(std::string& out, const char* s) {
  for (; *s; ++s) switch (*s) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += *s;
    }
}

// Hex EWKB with SRID 2154 (what PostGIS reads for a geometry(T, 2154) column).
void copy_geometry(std::string& out, const OGRGeometry& g) {
  std::vector<unsigned char> wkb(g.WkbSize());
  g.exportToWkb(wkbNDR, wkb.data(), wkbVariantOldOgc);
  std::vector<unsigned char> e;
  e.reserve(wkb.size() + 4);
  e.push_back(wkb[0]);
  uint32_t type;
  std::memcpy(&type, wkb.data() + 1, 4);
  type |= 0x20000000u;  // SRID follows
  const uint32_t srid = 2154;
  e.insert(e.end(), reinterpret_cast<unsigned char*>(&type), reinterpret_cast<unsigned char*>(&type) + 4);
  e.insert(e.end(), reinterpret_cast<const unsigned char*>(&srid), reinterpret_cast<const unsigned char*>(&srid) + 4);
  e.insert(e.end(), wkb.begin() + 5, wkb.end());
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char b : e) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
}

void put_copy(pg::Conn& c, const std::string& data, const std::string& what) {
  if (PQputCopyData(c.raw(), data.data(), static_cast<int>(data.size())) != 1)
    throw Error(ErrorKind::Io, "connexion à PostgreSQL perdue pendant : " + what + " (" + pg::masked(PQerrorMessage(c.raw())) + ")", c.where(),
                "vérifiez le serveur et relancez : la version précédente est intacte");
}

// Every layer of `ds` as a table of `schema` (fid primary key, typed columns, geometry with
// its type and SRID 2154, GiST index), sent with COPY.
void copy_layers_to_pg(GDALDataset* ds, pg::Conn& c, const std::string& schema) {
  for (int i = 0; i < ds->GetLayerCount(); ++i) {
    OGRLayer* l = ds->GetLayer(i);
    const std::string name = l->GetName();
    if (name == "documents") continue;
    OGRFeatureDefn* defn = l->GetLayerDefn();
    const bool spatial = defn->GetGeomFieldCount() > 0 && l->GetGeomType() != wkbNone;
    const std::string table = qualified(schema, name);
    // fid: kept from the source, then numbered on from the largest (QGIS adds rows).
    std::string ddl = "CREATE TABLE " + table + " (fid bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", cols = "fid";
    for (int k = 0; k < defn->GetFieldCount(); ++k) {
      const OGRFieldDefn* f = defn->GetFieldDefn(k);
      ddl += ", " + quote_ident(f->GetNameRef()) + " " + pg_type(f->GetType());
      cols += ", " + quote_ident(f->GetNameRef());
    }
    if (spatial) {
      ddl += std::string(", geom geometry(") + OGRToOGCGeomType(wkbFlatten(l->GetGeomType())) + ", 2154)";
      cols += ", geom";
    }
    c.exec(ddl + ")", {}, "créer la table " + name);
    const std::string what = "écrire la table " + name;
    {
      pg::Result start(PQexec(c.raw(), ("COPY " + table + " (" + cols + ") FROM STDIN").c_str()));
      if (PQresultStatus(start.raw()) != PGRES_COPY_IN)
        throw Error(ErrorKind::Io, "PostgreSQL refuse de " + what + " : " + std::string(PQresultErrorMessage(start.raw())), c.where());
    }
    std::string buf;
    char num[40];
    l->ResetReading();
    for (auto& f : *l) {
      buf += std::to_string(f->GetFID());
      for (int k = 0; k < defn->GetFieldCount(); ++k) {
        buf += '\t';
        if (!f->IsFieldSetAndNotNull(k)) { buf += "\\N"; continue; }
        switch (defn->GetFieldDefn(k)->GetType()) {
          case OFTInteger: buf += std::to_string(f->GetFieldAsInteger(k)); break;
          case OFTInteger64: buf += std::to_string(f->GetFieldAsInteger64(k)); break;
          case OFTReal:
            std::snprintf(num, sizeof num, "%.17g", f->GetFieldAsDouble(k));
            buf += num;
            break;
          default: copy_text(buf, f->GetFieldAsString(k));
        }
      }
      if (spatial) {
        buf += '\t';
        if (const OGRGeometry* g = f->GetGeometryRef()) copy_geometry(buf, *g);
        else buf += "\\N";
      }
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        put_copy(c, buf, what);
        buf.clear();
      }
    }
    if (!buf.empty()) put_copy(c, buf, what);
    if (PQputCopyEnd(c.raw(), nullptr) != 1) put_copy(c, "", what);
    PGresult* r = PQgetResult(c.raw());
    pg::Result res(r);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      throw Error(ErrorKind::Io, "PostgreSQL refuse de " + what + " : " + std::string(PQresultErrorMessage(r)), c.where());
    while (PGresult* more = PQgetResult(c.raw())) PQclear(more);
    c.exec("SELECT setval(pg_get_serial_sequence($1, 'fid'), coalesce(max(fid), 0) + 1, false) FROM " + table, {table},
           "numéroter la table " + name);
    if (spatial) c.exec("CREATE INDEX ON " + table + " USING gist (geom)", {}, "indexer la table " + name);
  }
}

}  // namespace

void detail::write_pg_workspace(const std::string& location, const std::function<void(GDALDataset*)>& fill,
                                const std::vector<Document>* docs, const std::string* road_blob) {
  ensure_gdal();
  pg::Conn c(location);
  c.require_postgis();
  // One import at a time per database (held until this connection closes).
  c.exec("SELECT pg_advisory_lock(hashtext('maraude.import'))", {}, "attendre la fin d’un autre import");
  // Schemas left by an import killed before its switch (no other import runs now).
  auto left = c.exec("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'maraude\\_build\\_%' OR nspname LIKE 'maraude\\_old\\_%'", {},
                     "lire la liste des schémas");
  for (int i = 0; i < left.rows(); ++i)
    c.exec("DROP SCHEMA " + quote_ident(left.get(i, 0)) + " CASCADE", {}, "supprimer le schéma abandonné " + left.get(i, 0));
  c.exec_script(team_setup_sql(), "créer les rôles de l’équipe (maraude_reader, maraude_editor, maraude_admin)");
  const std::string tmp = "maraude_build_" + std::to_string(c.backend_pid());
  const std::string old = "maraude_old_" + std::to_string(c.backend_pid());
  c.exec("CREATE SCHEMA " + quote_ident(tmp), {}, "créer le schéma " + tmp);
  try {
    {
      // The layers are written by GDAL into an in-memory GeoPackage, then sent with COPY:
      // GDAL's PostgreSQL driver prints reals with 15 digits, COPY here with 17 (exact).
      const std::string mem = "/vsimem/maraude_pg_" + std::to_string(c.backend_pid()) + ".gpkg";
      GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
      GDALDatasetUniquePtr ds(drv ? drv->Create(mem.c_str(), 0, 0, 0, GDT_Unknown, nullptr) : nullptr);
      if (!ds) throw Error(ErrorKind::Internal, "GeoPackage en mémoire impossible : " + gdal_last_error(), mem);
      struct Unlink {
        std::string p;
        ~Unlink() { VSIUnlink(p.c_str()); }
      } unlink{mem};
      try {
        ds->StartTransaction();
        fill(ds.get());
        ds->CommitTransaction();
        copy_layers_to_pg(ds.get(), c, tmp);
      } catch (...) {
        ds.reset();
        throw;
      }
      ds.reset();
    }
    c.exec_script(documents_ddl(tmp), "créer la table documents");
    if (road_blob && !road_blob->empty())
      c.exec_blob("INSERT INTO " + qualified(tmp, "road_network") + " (data) VALUES ($1)", {}, *road_blob, "écrire le réseau routier");
    c.exec("BEGIN");
    const std::string new_docs = qualified(tmp, "documents");
    if (docs) {
      for (const auto& d : *docs)
        c.exec("INSERT INTO " + new_docs + " (kind, name, body, updated, version, author) VALUES ($1, $2, $3, coalesce(nullif($4, '')::timestamptz, now()), $5, coalesce(nullif($6, ''), current_user))",
               {d.kind, d.name, d.body, d.updated, std::to_string(std::max<std::int64_t>(d.version, 1)), d.author},
               "copier le document « " + d.name + " »");
    } else if (c.has_table(pg::kSchema, "documents")) {
      // Writers of documents wait from here to the switch; they then fail (the table is
      // gone) rather than write into the schema being dropped.
      const std::string cur = qualified(pg::kSchema, "documents");
      c.exec("LOCK TABLE " + cur + " IN SHARE ROW EXCLUSIVE MODE", {}, "verrouiller les documents pendant la bascule");
      c.exec("INSERT INTO " + new_docs + " (kind, name, body, updated, version, author, carrier)"
             " SELECT kind, name, body, updated, version, author, carrier FROM " + cur, {},
             "reprendre les documents (scénarios, récits)");
    }
    c.exec_script(team_policies_sql(tmp), "appliquer les droits et la sécurité par ligne");
    if (c.has_schema(pg::kSchema)) c.exec("ALTER SCHEMA " + quote_ident(pg::kSchema) + " RENAME TO " + quote_ident(old), {}, "écarter l’ancien schéma");
    c.exec("ALTER SCHEMA " + quote_ident(tmp) + " RENAME TO " + quote_ident(pg::kSchema), {}, "basculer sur le nouveau schéma");
    c.exec("DROP SCHEMA IF EXISTS " + quote_ident(old) + " CASCADE", {}, "supprimer l’ancien schéma");
    c.exec("COMMIT", {}, "valider la bascule");
  } catch (...) {
    c.rollback_quietly();
    try {
      c.exec("DROP SCHEMA IF EXISTS " + quote_ident(tmp) + " CASCADE");
    } catch (const Error&) {
      // Connection gone: the next import removes it.
    }
    throw;
  }
}

void save_workspace_pg(const Workspace& ws, const std::string& location, const roads::Graph* routes, const std::string* road_blob) {
  detail::write_pg_workspace(location, [&](GDALDataset* ds) { detail::write_model_layers(ds, ws, pg::masked(location), routes); }, nullptr,
                             road_blob);
}

namespace {
class PgDocumentWatcher : public DocumentWatcher {
 public:
  explicit PgDocumentWatcher(const std::string& location) : c_(location) {
    c_.exec("LISTEN maraude_documents", {}, "écouter les changements des documents");
  }
  std::vector<DocumentChange> poll() override {
    std::vector<DocumentChange> out;
    if (!PQconsumeInput(c_.raw())) return out;  // connection lost: nothing more will come
    while (PGnotify* n = PQnotifies(c_.raw())) {
      const std::string payload = n->extra ? n->extra : "";
      PQfreemem(n);
      DocumentChange ch;
      size_t pos = 0;
      auto field = [&]() {
        const size_t tab = payload.find('\t', pos);
        std::string f = payload.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos);
        pos = tab == std::string::npos ? payload.size() : tab + 1;
        return f;
      };
      ch.op = field();
      ch.kind = field();
      ch.author = field();
      ch.version = parse_integer(field()).value_or(0);
      ch.name = payload.substr(pos);  // last: may itself hold tabs
      if (ch.op != "DELETE") try {
          ch.stored = read_document(c_, ch.kind, ch.name);
        } catch (const Error&) {
          // the notice stands without the stored time
        }
      out.push_back(std::move(ch));
    }
    return out;
  }

 private:
  pg::Conn c_;
};
}  // namespace

std::unique_ptr<DocumentWatcher> detail::watch_pg_documents(const std::string& location) {
  return std::make_unique<PgDocumentWatcher>(location);
}

std::unique_ptr<DocumentStore> detail::open_pg_document_store(const std::string& location) {
  return std::make_unique<PgDocumentStore>(location);
}

std::string read_pg_road_blob(const std::string& location) {
  pg::Conn c(location);
  if (!c.has_table(pg::kSchema, "road_network")) return {};
  PGresult* r = PQexecParams(c.raw(), ("SELECT data FROM " + qualified(pg::kSchema, "road_network")).c_str(), 0, nullptr, nullptr, nullptr,
                             nullptr, 1);
  pg::Result res(r);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    throw Error(ErrorKind::Workspace, "réseau routier illisible : " + std::string(PQresultErrorMessage(r)), c.where(), kImportHint);
  if (res.rows() == 0) return {};
  return std::string(PQgetvalue(r, 0, 0), static_cast<size_t>(PQgetlength(r, 0, 0)));
}

void team_grant(const std::string& location, const std::string& role, TeamRole what, const std::string& carrier) {
  if (role.empty()) throw Error(ErrorKind::Usage, "nom de rôle vide", "ligne de commande", "--role NOM");
  if (what == TeamRole::Editor && carrier.empty())
    throw Error(ErrorKind::Usage, "un éditeur doit avoir sa structure", "ligne de commande", "--editor \"Mission locale de …\"");
  pg::Conn c(location);
  c.exec_script(team_setup_sql(), "créer les rôles de l’équipe");
  const std::string r = quote_ident(role);
  if (c.exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {role}, "lire les rôles").rows() == 0)
    c.exec("CREATE ROLE " + r + " LOGIN", {}, "créer le rôle « " + role + " »");
  c.exec("BEGIN");
  try {
    c.exec("REVOKE maraude_reader, maraude_editor, maraude_admin FROM " + r, {}, "retirer les rôles de « " + role + " »");
    const char* group = what == TeamRole::Reader ? "maraude_reader" : what == TeamRole::Editor ? "maraude_editor" : "maraude_admin";
    c.exec(std::string("GRANT ") + group + " TO " + r, {}, std::string("donner le rôle ") + group + " à « " + role + " »");
    if (what == TeamRole::Editor)
      c.exec("INSERT INTO maraude_team.editors VALUES ($1, $2) ON CONFLICT (role_name) DO UPDATE SET carrier = EXCLUDED.carrier", {role, carrier},
             "noter la structure de « " + role + " »");
    else
      c.exec("DELETE FROM maraude_team.editors WHERE role_name = $1", {role}, "retirer la structure de « " + role + " »");
    c.exec("COMMIT", {}, "valider les droits");
  } catch (...) {
    c.rollback_quietly();
    throw;
  }
}

std::vector<TeamMember> team_members(const std::string& location) {
  pg::Conn c(location);
  auto r = c.exec(
      "SELECT m.rolname, g.rolname, coalesce(e.carrier, '') FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
      "JOIN pg_roles m ON m.oid = a.member LEFT JOIN maraude_team.editors e ON e.role_name = m.rolname "
      "WHERE g.rolname IN ('maraude_reader', 'maraude_editor', 'maraude_admin') AND m.rolname NOT LIKE 'maraude\\_%' ORDER BY 1",
      {}, "lire les membres de l’équipe");
  std::vector<TeamMember> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.get(i, 0), r.get(i, 1), r.get(i, 2)});
  return out;
}

}  // namespace maraude::io
