# A throw-away PostgreSQL cluster for the oracles (PostGIS, pgRouting) and the benchmarks:
# sourced by tests/cli/coverage_postgis.sh, tests/cli/roads_pgrouting.sh and bench/roads.sh.
#   pg_bin                   the newest /usr/lib/postgresql/N/bin, or nothing
#   pg_has_extension NAME    true when that server has the extension (NAME.control)
#   pg_start DIR PORT [OPTS] initdb and start a cluster in DIR/pg on a unix socket in DIR
#                            (no TCP port to collide with; as `postgres` when run as root);
#                            sets PG_BIN and PSQL (psql on it, ON_ERROR_STOP, quiet);
#                            extra server options OPTS ("-c work_mem=256MB ...")
#   pg_stop                  stops it (call it from the caller's EXIT trap)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
pg_has_extension() {
  local b v
  b=$(pg_bin)
  [ -n "$b" ] || return 1
  v=$(basename "$(dirname "$b")")
  ls /usr/share/postgresql/"$v"/extension/"$1".control >/dev/null 2>&1
}
pg_start() {
  PG_DIR=$1
  local port=$2 opts=${3:-}
  PG_BIN=$(pg_bin)
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then PG_AS=(runuser -u postgres --); fi
  chmod 777 "$PG_DIR"
  "${PG_AS[@]}" "$PG_BIN/initdb" -N -D "$PG_DIR/pg" -U postgres -A trust >/dev/null  # -N: no fsync (throw-away)
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/pg" -w -l "$PG_DIR/pg.log" \
    -o "-c listen_addresses='' -k $PG_DIR -p $port -c fsync=off $opts" start >/dev/null
  PSQL=("$PG_BIN/psql" -h "$PG_DIR" -p "$port" -U postgres -d postgres -X -v ON_ERROR_STOP=1 -qAt)
}
pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -n "${PG_BIN:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
}
