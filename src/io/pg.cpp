#include "io/pg.h"

#include <cstring>

#include "core/error.h"
#include "core/text.h"

namespace maraude::io::pg {

namespace {

bool starts_with(const std::string& s, const char* p) { return s.compare(0, std::strlen(p), p) == 0; }

// The text after "PG:" without surrounding quotes; URIs as they are.
std::string raw_conninfo(const std::string& location) {
  std::string s = starts_with(location, "PG:") || starts_with(location, "pg:") ? location.substr(3) : location;
  s = trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return s;
}

std::string quote_value(const std::string& v) {
  std::string r = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') r += '\\';
    r += c;
  }
  return r + "'";
}

const std::string kSetupHint =
    "démarrez un serveur local avec scripts/team_trial.sh, ou vérifiez host, port et dbname ; "
    "le mot de passe se met dans ~/.pgpass (PGPASSFILE) ou un fichier de service, jamais dans la commande";

}  // namespace

bool is_location(const std::string& s) {
  return starts_with(s, "PG:") || starts_with(s, "pg:") || starts_with(s, "postgresql://") || starts_with(s, "postgres://");
}

std::string masked(const std::string& location) {
  std::string s = location;
  // URI: scheme://user:password@host → scheme://user:***@host
  if (auto scheme = s.find("://"); scheme != std::string::npos) {
    // The user info ends at the last '@' of the authority (before any '/', '?').
    const auto end = s.find_first_of("/?", scheme + 3);
    const auto at = s.rfind('@', end == std::string::npos ? std::string::npos : end);
    const auto colon = s.find(':', scheme + 3);
    if (at != std::string::npos && at > scheme && colon != std::string::npos && colon < at) s = s.substr(0, colon + 1) + "***" + s.substr(at);
  }
  // URI parameter or keyword: password=… up to the next separator.
  for (size_t pos = 0; (pos = s.find("password", pos)) != std::string::npos;) {
    size_t eq = pos + 8;
    while (eq < s.size() && s[eq] == ' ') ++eq;
    if (eq >= s.size() || s[eq] != '=') { pos = eq; continue; }
    size_t v = eq + 1;
    while (v < s.size() && s[v] == ' ') ++v;
    size_t end = v;
    if (end < s.size() && s[end] == '\'') {
      ++end;
      while (end < s.size() && s[end] != '\'') end += s[end] == '\\' ? 2 : 1;
      end = std::min(end + 1, s.size());
    } else {
      while (end < s.size() && s[end] != ' ' && s[end] != '&' && s[end] != '"') ++end;
    }
    s = s.substr(0, v) + "***" + s.substr(end);
    pos = v + 3;
  }
  return s;
}

std::string conninfo(const std::string& location) {
  const std::string raw = raw_conninfo(location);
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(raw.c_str(), &err);
  if (!opts) {
    std::string why = err ? trim(err) : "syntaxe inconnue";
    if (err) PQfreemem(err);
    throw Error(ErrorKind::Usage, "chaîne de connexion PostgreSQL illisible : " + why, masked(location),
                "forme attendue : PG:\"host=… dbname=… user=…\" ou postgresql://utilisateur@hôte/base");
  }
  std::string out;
  bool password = false;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    if (std::strcmp(o->keyword, "password") == 0) { password = true; continue; }
    out += (out.empty() ? "" : " ") + std::string(o->keyword) + "=" + quote_value(o->val);
  }
  PQconninfoFree(opts);
  if (password)
    throw Error(ErrorKind::Usage, "la chaîne de connexion contient un mot de passe : refusé (il resterait dans l’historique)", masked(location),
                "retirez-le et mettez-le dans ~/.pgpass (ou PGPASSFILE), ou dans un fichier de service (service=…)");
  return out;
}

std::string gdal_name(const std::string& location) { return "PG:" + conninfo(location); }

std::string quote_ident(const std::string& s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"') r += '"';
    r += c;
  }
  return r + "\"";
}

std::string qualified(const std::string& schema, const std::string& table) { return quote_ident(schema) + "." + quote_ident(table); }

Conn::Conn(const std::string& location) {
  const std::string ci = conninfo(location);
  where_ = masked(location);
  c_ = PQconnectdb(ci.c_str());
  if (!c_ || PQstatus(c_) != CONNECTION_OK) {
    std::string msg = c_ ? trim(PQerrorMessage(c_)) : "mémoire insuffisante";
    if (c_) PQfinish(c_);
    c_ = nullptr;
    msg = masked(msg);
    std::string what = "connexion à PostgreSQL impossible : ";
    std::string hint = kSetupHint;
    if (msg.find("Connection refused") != std::string::npos || msg.find("No such file or directory") != std::string::npos)
      what = "connexion refusée : aucun serveur PostgreSQL ne répond à cette adresse (";
    else if (msg.find("password authentication failed") != std::string::npos || msg.find("no password supplied") != std::string::npos)
      what = "authentification refusée par PostgreSQL (", hint = "mettez le mot de passe dans ~/.pgpass (ou PGPASSFILE) ou un fichier de service";
    else if (msg.find("does not exist") != std::string::npos)
      what = "base ou rôle inexistant (", hint = "créez la base (createdb) ou le rôle, ou lancez scripts/team_trial.sh";
    else
      what += "(";
    throw Error(ErrorKind::Workspace, what + msg + ")", where_, hint);
  }
  user_ = PQuser(c_);
  dbname_ = PQdb(c_);
  where_ = "base « " + dbname_ + " » (" + where_ + ")";
  // Quiet: no NOTICE on stderr (CREATE … IF NOT EXISTS, DROP … CASCADE).
  PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
}

Conn::~Conn() {
  if (c_) PQfinish(c_);
}

void Conn::fail(PGresult* r, const std::string& what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* table = r ? PQresultErrorField(r, PG_DIAG_TABLE_NAME) : nullptr;
  std::string msg = trim(r ? PQresultErrorMessage(r) : PQerrorMessage(c_));
  if (msg.empty()) msg = trim(PQerrorMessage(c_));
  const std::string code = state ? state : "";
  const std::string doing = what.empty() ? "exécuter cette requête" : what;
  if (r) PQclear(r);
  if (PQstatus(c_) != CONNECTION_OK || code.rfind("57P", 0) == 0 || code.rfind("08", 0) == 0)
    throw Error(ErrorKind::Io, "connexion à PostgreSQL perdue pendant : " + doing + " (" + msg + ") ; rien n’a été enregistré", where_,
                "vérifiez le serveur et relancez : la version précédente est intacte");
  if (code == "42501")
    throw Error(ErrorKind::Io,
                "le rôle « " + user_ + " » n’a pas le droit de " + doing +
                    (msg.find("row-level security") != std::string::npos ? " (la ligne appartient à une autre structure)" : "") +
                    (table ? std::string(" ; table ") + table : std::string()),
                where_, "demandez à l’administrateur de l’espace : maraude workspace grant … (" + msg + ")");
  if (code == "42P01" || code == "3F000")
    throw Error(ErrorKind::Workspace, "table ou schéma absent de la " + where_ + " pour " + doing + " (" + msg + ")", where_,
                "importez d’abord la région : maraude import --data DOSSIER --out PG:\"…\" (ou maraude workspace copy ws.gpkg PG:\"…\")");
  if (code == "42704" && msg.find("geometry") != std::string::npos)
    throw Error(ErrorKind::Workspace, "l’extension PostGIS manque dans la " + where_, where_,
                "un administrateur doit lancer : CREATE EXTENSION postgis; (paquet Debian postgresql-15-postgis-3)");
  throw Error(ErrorKind::Io, "PostgreSQL refuse de " + doing + " : " + msg, where_, "SQLSTATE " + code);
}

Result Conn::exec_params(const std::string& sql, const Params& params, int result_format, const std::string& what) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r =
      PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, result_format);
  const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, what);
  return Result(r);
}

Result Conn::exec(const std::string& sql, const Params& params, const std::string& what) {
  return exec_params(sql, params, 0, what);
}

Result Conn::exec_blob(const std::string& sql, const Params& params, const std::string& blob, const std::string& what) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const auto& p : params) {
    values.push_back(p ? p->c_str() : nullptr);
    lengths.push_back(0);
    formats.push_back(0);
  }
  values.push_back(blob.data());
  lengths.push_back(static_cast<int>(blob.size()));
  formats.push_back(1);
  PGresult* r = PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), lengths.data(), formats.data(), 1);
  const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, what);
  return Result(r);
}

Result Conn::exec_binary(const std::string& sql, const Params& params, const std::string& what) {
  return exec_params(sql, params, 1, what);
}

void Conn::exec_script(const std::string& sql, const std::string& what) {
  PGresult* r = PQexec(c_, sql.c_str());
  const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, what);
  PQclear(r);
}

void Conn::rollback_quietly() {
  if (!c_ || PQstatus(c_) != CONNECTION_OK) return;
  if (PQtransactionStatus(c_) == PQTRANS_IDLE || PQpipelineStatus(c_) != PQ_PIPELINE_OFF) return;  // pipeline: closing rolls back
  PQclear(PQexec(c_, "ROLLBACK"));
}

bool Conn::has_schema(const std::string& schema) {
  return exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}, "lire la liste des schémas").rows() > 0;
}

bool Conn::has_table(const std::string& schema, const std::string& table) {
  return exec("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2", {schema, table}, "lire la liste des tables").rows() > 0;
}

void Conn::require_postgis() {
  if (exec("SELECT 1 FROM pg_extension WHERE extname = 'postgis'", {}, "vérifier l’extension PostGIS").rows() == 0)
    throw Error(ErrorKind::Workspace, "l’extension PostGIS manque dans la " + where_, where_,
                "un administrateur doit lancer dans cette base : CREATE EXTENSION postgis; (paquet Debian postgresql-15-postgis-3)");
}

}  // namespace maraude::io::pg
