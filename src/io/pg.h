// PostgreSQL workspaces: recognising a database location, and a thin libpq wrapper whose
// failures are French Error messages naming the database (password masked), the table and
// what to do.
//
// A location is `PG:"host=… dbname=… user=…"` (libpq keywords) or a `postgresql://…` URI.
// The workspace lives in the schema `maraude` of that database (PostGIS geometries in
// EPSG:2154, the GeoPackage's layer and table names); the team settings that must survive a
// re-import (who edits for which carrier) live in the schema `maraude_team`.
// Credentials come only from libpq's usual places (PGPASSFILE / ~/.pgpass, a service file,
// PGPASSWORD): a location carrying a password is refused, never echoed.
#pragma once
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace maraude::io::pg {

inline constexpr const char* kSchema = "maraude";
inline constexpr const char* kTeamSchema = "maraude_team";

// "PG:…", "postgresql://…", "postgres://…".
bool is_location(const std::string& s);
// The location with any password replaced by "***" (safe to print).
std::string masked(const std::string& location);
// The libpq keyword=value connection string of a location (URI converted, quotes removed).
// Throws Error(Usage) when it cannot be parsed or carries a password.
std::string conninfo(const std::string& location);
// The GDAL dataset name ("PG:" + conninfo).
std::string gdal_name(const std::string& location);
// "schema.table" quoted as an SQL identifier pair.
std::string qualified(const std::string& schema, const std::string& table);
std::string quote_ident(const std::string& s);

class Result {
 public:
  explicit Result(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  bool null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string get(int row, int col) const { return PQgetvalue(r_.get(), row, col); }
  PGresult* raw() const { return r_.get(); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> r_;
};

using Params = std::vector<std::optional<std::string>>;

class Conn {
 public:
  // Connects; throws Error(Workspace) in French (server not running, authentication
  // refused, no such database) naming the masked location.
  explicit Conn(const std::string& location);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs one statement (parameters bound as text, never spliced into the SQL). `what` says
  // in French what was being done ("enregistrer le scénario « x »") for the error message.
  Result exec(const std::string& sql, const Params& params = {}, const std::string& what = {});
  // Runs one statement whose last parameter ($N, N = params.size() + 1) is binary (bytea).
  Result exec_blob(const std::string& sql, const Params& params, const std::string& blob, const std::string& what);
  // Runs one statement whose result columns come in binary format (integers and floats
  // big-endian, text as UTF-8 bytes, bytea raw): no text conversion on either side.
  Result exec_binary(const std::string& sql, const Params& params, const std::string& what);
  // Runs several statements (no parameters).
  void exec_script(const std::string& sql, const std::string& what);
  // Throws the French Error for a failed result `r` (cleared), as exec does.
  [[noreturn]] void raise(PGresult* r, const std::string& what) { fail(r, what); }
  // Best effort: a ROLLBACK that never throws (for cleanup after an error).
  void rollback_quietly();

  bool has_schema(const std::string& schema);
  bool has_table(const std::string& schema, const std::string& table);
  // Throws Error(Workspace) when the database lacks the PostGIS extension.
  void require_postgis();

  const std::string& user() const { return user_; }
  const std::string& dbname() const { return dbname_; }
  const std::string& where() const { return where_; }  // "base « d » (masked location)"
  PGconn* raw() const { return c_; }
  int backend_pid() const { return PQbackendPID(c_); }

 private:
  [[noreturn]] void fail(PGresult* r, const std::string& what);
  // exec / exec_binary: text parameters, results in text (0) or binary (1) format.
  Result exec_params(const std::string& sql, const Params& params, int result_format, const std::string& what);
  PGconn* c_ = nullptr;
  std::string user_, dbname_, where_;
};

}  // namespace maraude::io::pg
