#!/usr/bin/env bash
# Road network benchmark: Maraude's contraction hierarchy (1000x1000 time matrix) and
# multi-source reach (338 sites, 20 min) against pgRouting on a synthetic network the
# size of Hauts-de-France's drivable graph (bench/roads_bench.cpp, deterministic from
# the seed; the checksum it prints identifies the graph).
# pgRouting runs in a throw-away PostgreSQL cluster (temp dir, private socket and port).
# Usage: bench/roads.sh [BUILD_DIR] [SEED] [extra roads_bench options, e.g. --pg-points 200]
# Needs postgresql-15 and postgresql-15-pgrouting. Takes about 3-6 minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
SEED="${2:-1}"
shift $(( $# > 2 ? 2 : $# ))
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] && ls /usr/share/postgresql/*/extension/pgrouting.control >/dev/null 2>&1 || {
  echo "installez postgresql et postgresql-NN-pgrouting"; exit 1; }

[ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target roads_bench >/dev/null
BENCH="$BUILD/bench/roads_bench"

TMP=$(mktemp -d /tmp/maraude-roads-bench-XXXXXX); chmod 777 "$TMP"
AS=(); [ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
PORT=54332
cleanup() { "${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT

"${AS[@]}" "$PGBIN/initdb" -D "$TMP/pg" -U postgres -A trust >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/pg" -w -l "$TMP/pg.log" \
  -o "-c listen_addresses='' -k $TMP -p $PORT -c fsync=off -c work_mem=256MB -c shared_buffers=256MB" start >/dev/null
"$PGBIN/psql" -h "$TMP" -p "$PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE EXTENSION postgis" -c "CREATE EXTENSION pgrouting" >/dev/null
"$PGBIN/psql" -h "$TMP" -p "$PORT" -U postgres -d postgres -X -qAt -c "SELECT 'pgRouting ' || pgr_version() || ', ' || version()"

"$BENCH" --seed "$SEED" --work "$TMP" --pg-bin "$PGBIN" --pg-socket "$TMP" --pg-port "$PORT" "$@"
