// maraude workspace sync: an offline GeoPackage copy against the PostgreSQL base it was copied from.
#include "io/workspace_sync.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

#include "core/error.h"
#include "io/document_store.h"
#include "io/gdal_messages.h"
#include "io/pg.h"
#include "io/workspace.h"
#include "io/workspace_internal.h"
#include "io/workspace_lock.h"

namespace maraude::io {

namespace {

constexpr const char* kOriginLayer = "sync_origin";
constexpr const char* kBaseLayer = "sync_base";
const std::vector<Col> kOriginCols = {{"key", OFTString}, {"value", OFTString}};
const std::vector<Col> kBaseCols = {{"kind", OFTString}, {"name", OFTString}, {"version", OFTInteger64}, {"hash", OFTString}};

using Key = std::pair<std::string, std::string>;

std::string kind_label(const std::string& kind) {
  if (kind == "scenario") return "scénario";
  if (kind == "story") return "récit";
  if (kind == "plan") return "plan";
  return kind;
}

std::string shown(const Key& k) { return "« " + k.second + " » (" + kind_label(k.first) + ")"; }

// The server-side identity of a connection string: host (or socket folder), port, database,
// service — not the user (a colleague may sync a copy with their own role).
std::map<std::string, std::string> database_identity(const std::string& location) {
  const std::string ci = pg::conninfo(location);
  std::map<std::string, std::string> out;
  PQconninfoOption* opts = PQconninfoParse(ci.c_str(), nullptr);
  if (!opts) return out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    const std::string k = o->keyword;
    if (o->val && *o->val && (k == "host" || k == "hostaddr" || k == "port" || k == "dbname" || k == "service" || k == "user"))
      out[k] = o->val;
  }
  PQconninfoFree(opts);
  // libpq's defaults, so that "port=5432" and no port are the same database.
  auto env = [](const char* v, const char* def) {
    const char* e = std::getenv(v);
    return std::string(e && *e ? e : def);
  };
  if (!out.count("port")) out["port"] = env("PGPORT", "5432");
  if (!out.count("host") && !out.count("hostaddr")) out["host"] = env("PGHOST", "");
  if (!out.count("dbname")) out["dbname"] = out.count("user") ? out["user"] : env("PGDATABASE", "");
  out.erase("user");
  return out;
}

// One GeoPackage transaction: each (kind, name) gets `doc` (nullopt: removed) and its base
// (nullopt: forgotten).
struct LocalChange {
  Key key;
  std::optional<Document> doc;
  std::optional<SyncOrigin::Base> base;
  bool touch_doc = true;
};

// `ds`: the copy, opened for update on the first change (a sync with nothing to do never
// opens it for writing) and kept open for the others.
void apply_local(GDALDatasetUniquePtr& ds, const std::string& path, const std::vector<LocalChange>& changes) {
  if (!ds) ds = detail::open_workspace_dataset(path, true);
  OGRLayer* docs = detail::gpkg_documents_layer(ds.get());
  OGRLayer* base = ds->GetLayerByName(kBaseLayer);
  if (!base) throw Error(ErrorKind::Workspace, "table sync_base absente de la copie", path, "refaites la copie : maraude workspace copy PG:\"…\" " + path);
  if (ds->StartTransaction() != OGRERR_NONE)
    throw Error(ErrorKind::Io, "impossible de démarrer une transaction : " + gdal_last_error(), path);
  try {
    auto remove_rows = [&](OGRLayer* l, const Key& k) {
      l->SetAttributeFilter(("kind = " + detail::sql_literal(k.first) + " AND name = " + detail::sql_literal(k.second)).c_str());
      std::vector<GIntBig> fids;
      for (auto& f : *l) fids.push_back(f->GetFID());
      l->SetAttributeFilter(nullptr);
      for (auto fid : fids)
        if (l->DeleteFeature(fid) != OGRERR_NONE) throw Error(ErrorKind::Io, "écriture impossible dans la copie : " + gdal_last_error(), path);
    };
    for (const auto& c : changes) {
      if (c.touch_doc) {
        remove_rows(docs, c.key);
        if (c.doc) add_feature(docs, path, [&](OGRFeature& f) { detail::set_document_feature(f, *c.doc); });
      }
      remove_rows(base, c.key);
      if (c.base)
        add_feature(base, path, [&](OGRFeature& f) {
          f.SetField("kind", c.key.first.c_str());
          f.SetField("name", c.key.second.c_str());
          f.SetField("version", static_cast<GIntBig>(c.base->version));
          f.SetField("hash", c.base->hash.c_str());
        });
    }
  } catch (...) {
    ds->RollbackTransaction();
    throw;
  }
  if (ds->CommitTransaction() != OGRERR_NONE) throw Error(ErrorKind::Io, "impossible d’enregistrer dans la copie : " + gdal_last_error(), path);
}

bool same_meta(const Document& a, const Document& b) {
  return a.body == b.body && a.version == b.version && a.author == b.author && a.updated == b.updated;
}

}  // namespace

std::string body_hash(const std::string& body) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

bool detail::is_sync_layer(const std::string& name) { return name == kOriginLayer || name == kBaseLayer; }

void detail::write_sync_origin(GDALDataset* ds, const std::string& source, const std::vector<Document>& docs) {
  const std::string where = ds->GetDescription();
  OGRLayer* o = make_workspace_layer(ds, kOriginLayer, wkbNone, kOriginCols);
  const std::pair<std::string, std::string> rows[] = {{"source", pg::conninfo(source)}, {"copied", now_iso()}};
  for (const auto& row : rows)  // not a structured binding: clang 14 cannot capture one in the lambda
    add_feature(o, where, [&](OGRFeature& f) {
      f.SetField("key", row.first.c_str());
      f.SetField("value", row.second.c_str());
    });
  OGRLayer* b = make_workspace_layer(ds, kBaseLayer, wkbNone, kBaseCols);
  for (const auto& d : docs)
    add_feature(b, where, [&](OGRFeature& f) {
      f.SetField("kind", d.kind.c_str());
      f.SetField("name", d.name.c_str());
      f.SetField("version", static_cast<GIntBig>(d.version));
      f.SetField("hash", body_hash(d.body).c_str());
    });
}

std::optional<SyncOrigin> read_sync_origin(const std::string& gpkg) {
  auto ds = detail::open_workspace_dataset(gpkg, false);
  OGRLayer* o = ds->GetLayerByName(kOriginLayer);
  OGRLayer* b = ds->GetLayerByName(kBaseLayer);
  if (!o || !b) return std::nullopt;
  SyncOrigin out;
  o->ResetReading();
  for (auto& f : *o) {
    const std::string k = f->GetFieldAsString("key");
    if (k == "source") out.source = f->GetFieldAsString("value");
    if (k == "copied") out.copied = f->GetFieldAsString("value");
  }
  if (out.source.empty()) return std::nullopt;
  b->ResetReading();
  for (auto& f : *b)
    out.base[{f->GetFieldAsString("kind"), f->GetFieldAsString("name")}] = {f->GetFieldAsInteger64("version"), f->GetFieldAsString("hash")};
  return out;
}

SyncReport sync_workspace(const std::string& local, const std::string& remote_arg, const SyncOptions& opt) {
  const std::string copy_hint = "créez la copie avec : maraude workspace copy PG:\"host=… dbname=…\" " + local + ", travaillez dessus, puis synchronisez-la";
  if (pg::is_location(local))
    throw Error(ErrorKind::Usage, "le premier argument doit être la copie locale (un fichier GeoPackage), pas une base", pg::masked(local),
                "maraude workspace sync COPIE.gpkg [PG:\"…\"]");
  if (!remote_arg.empty() && !pg::is_location(remote_arg))
    throw Error(ErrorKind::Usage, "la cible d’une synchronisation est une base PostgreSQL, pas un fichier", remote_arg,
                "maraude workspace sync COPIE.gpkg PG:\"host=… dbname=…\" (ou sans cible : la base d’origine de la copie)");
  WorkspaceLock lock(local);  // no save into the copy while it is synchronised
  const auto origin = read_sync_origin(local);
  if (!origin)
    throw Error(ErrorKind::Usage, "ce GeoPackage n’est pas une copie d’un espace partagé : il ne sait pas de quelle base il vient", local,
                copy_hint);
  const std::string remote = remote_arg.empty() ? "PG:" + origin->source : remote_arg;
  if (database_identity(remote) != database_identity("PG:" + origin->source))
    throw Error(ErrorKind::Usage,
                "la base « " + pg::masked(remote) + " » n’est pas celle d’où vient cette copie (« " + pg::masked(origin->source) +
                    " ») : rien n’a été synchronisé",
                local, "maraude workspace sync " + local + " (sans cible : la base d’origine), ou refaites une copie de l’autre base");

  auto remote_store = open_document_store(remote);  // one connection for the whole sync
  GDALDatasetUniquePtr lds;                          // the copy, opened on the first local change
  SyncReport rep;
  rep.source = remote_store->location();
  const std::string me = remote_store->user();

  std::map<Key, Document> L, R;
  for (auto& d : open_document_store(local)->list("")) L[{d.kind, d.name}] = std::move(d);
  for (auto& d : remote_store->list("")) R[{d.kind, d.name}] = std::move(d);
  std::set<Key> keys;
  for (const auto& [k, _] : L) keys.insert(k);
  for (const auto& [k, _] : R) keys.insert(k);
  for (const auto& [k, _] : origin->base) keys.insert(k);

  auto base_of = [](const Document& d) { return SyncOrigin::Base{d.version, body_hash(d.body)}; };
  auto written = [&](const std::string& kind, const std::string& name) {
    if (opt.after_remote_write) opt.after_remote_write(kind, name);
  };
  // Mine kept as « NOM (copie de MOI) » in the base (a free name, or an earlier sync's copy of
  // the same text, after a dropped connection); returns it as stored.
  auto keep_copy = [&](const Document& mine) {
    for (int i = 1; i < 100; ++i) {
      Document copy = mine;
      copy.name = conflict_copy_name(mine.name, me, i);
      const Key ck{copy.kind, copy.name};
      if (auto there = remote_store->get(copy.kind, copy.name)) {
        if (there->body == mine.body) return *there;
        continue;
      }
      if (auto l = L.find(ck); l != L.end() && l->second.body != mine.body) continue;
      try {
        Document stored = remote_store->save(copy, 0);
        written(stored.kind, stored.name);
        return stored;
      } catch (const DocumentConflict&) {
      }
    }
    throw Error(ErrorKind::Io, "aucun nom libre pour garder votre version de « " + mine.name + " »", rep.source,
                "supprimez d’anciennes copies « " + conflict_copy_name(mine.name, me, 1) + " … », puis relancez");
  };
  // Both sides changed `k`: theirs (nullopt: deleted in the base) under the name here, mine as a copy.
  auto conflict = [&](const Key& k, const Document& mine, const std::optional<Document>& theirs) {
    if (!theirs) {
      // Deleted in the base, edited here: stored again (nothing of theirs to lose).
      const Document stored = remote_store->save(Document{k.first, k.second, mine.body, ""}, 0);
      written(k.first, k.second);
      apply_local(lds, local, {{k, stored, base_of(stored)}});
      rep.pushed.push_back(shown(k));
      rep.conflicts.push_back(shown(k) + " a été supprimé dans la base mais modifié ici : votre version y est enregistrée de nouveau");
      return;
    }
    const Document copy = keep_copy(mine);
    apply_local(lds, local, {{k, *theirs, base_of(*theirs)}, {{copy.kind, copy.name}, copy, base_of(copy)}});
    rep.pulled.push_back(shown(k));
    rep.conflicts.push_back(shown(k) + " a été " + changed_by_text(theirs) + " dans la base et modifié ici : rien n’est écrasé ; la version de la base est reprise ici, la vôtre est gardée sous « " +
                            copy.name + " » (des deux côtés)");
  };

  for (const Key& k : keys) {
    const Document* l = L.count(k) ? &L.at(k) : nullptr;
    const Document* r = R.count(k) ? &R.at(k) : nullptr;
    const auto bi = origin->base.find(k);
    const SyncOrigin::Base* b = bi == origin->base.end() ? nullptr : &bi->second;
    const bool l_changed = l && (!b || body_hash(l->body) != b->hash);
    const bool l_deleted = !l && b;
    const bool r_changed = r && (!b || r->version != b->version);
    const bool r_deleted = !r && b;
    bool did = true;
    if (l && r && l->body == r->body) {
      // Same text (nothing changed, or an earlier sync cut short): align the copy's record.
      if (!same_meta(*l, *r) || !b || b->version != r->version || b->hash != body_hash(r->body)) apply_local(lds, local, {{k, *r, base_of(*r)}});
      else did = false;
      ++rep.unchanged;
    } else if (!l && !r) {
      apply_local(lds, local, {{k, std::nullopt, std::nullopt}});  // deleted on both sides: forget it
      did = false;
    } else if (l_changed && !r_changed && !r_deleted) {
      try {
        const Document stored = remote_store->save(Document{k.first, k.second, l->body, ""}, b && r ? b->version : 0);
        written(k.first, k.second);
        apply_local(lds, local, {{k, stored, base_of(stored)}});
        rep.pushed.push_back(shown(k));
      } catch (const DocumentConflict& c) {  // saved by someone else since the list above
        conflict(k, *l, c.theirs());
      }
    } else if (l_changed && (r_changed || r_deleted)) {
      conflict(k, *l, r ? std::optional<Document>(*r) : std::nullopt);
    } else if (r_changed) {
      // Unchanged here (or deleted here while edited there: their edit wins, it is newer work).
      apply_local(lds, local, {{k, *r, base_of(*r)}});
      rep.pulled.push_back(shown(k));
      if (l_deleted)
        rep.conflicts.push_back(shown(k) + " a été supprimé ici mais " + changed_by_text(*r) + " dans la base : sa version est reprise ici");
    } else if (l_deleted && r) {
      if (remote_store->remove_checked(k.first, k.second, b->version)) {
        written(k.first, k.second);
        apply_local(lds, local, {{k, std::nullopt, std::nullopt}});
        rep.deleted.push_back(shown(k) + " supprimé dans la base");
      } else if (auto now = remote_store->get(k.first, k.second)) {  // saved meanwhile: theirs kept
        apply_local(lds, local, {{k, *now, base_of(*now)}});
        rep.pulled.push_back(shown(k));
        rep.conflicts.push_back(shown(k) + " a été supprimé ici mais " + changed_by_text(*now) + " dans la base : sa version est reprise ici");
      } else {
        apply_local(lds, local, {{k, std::nullopt, std::nullopt}});
      }
    } else if (r_deleted && l) {
      apply_local(lds, local, {{k, std::nullopt, std::nullopt}});
      rep.deleted.push_back(shown(k) + " supprimé dans la copie (supprimé dans la base)");
    } else {
      did = false;
      ++rep.unchanged;
    }
    if (did && opt.after_document) opt.after_document(k.first, k.second);
  }
  return rep;
}

}  // namespace maraude::io
