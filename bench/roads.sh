#!/usr/bin/env bash
# Road network benchmark (bench/roads_bench.cpp): union reach of 338 sites, 1000x1000
# time matrix on points (stored hierarchy / built on demand), drag step, region-size
# tour, sidecar memory, against pgRouting, on a synthetic network the size of
# Hauts-de-France's drivable graph (deterministic from the seed; the checksum it prints
# identifies the graph) and on the real Monaco extract (graph build beside osmium cat).
# pgRouting runs in a throw-away PostgreSQL cluster (temp dir, private socket and port).
# Usage: bench/roads.sh [BUILD_DIR] [SEED] [extra roads_bench options, e.g. --steps 50 --tour-iterations 1000]
# The tour runs per --tour-seeds at the iteration budget (default 20,000, maraude plan's)
# and with matrix + search within --tour-seconds (default 10), side by side, e.g.
#   bench/roads.sh build 1 --skip matrix,steps,monaco --tour-seeds 1,2,3
# Needs postgresql-15, postgresql-15-pgrouting and osmium-tool. About 5 minutes on 2 cores
# with --tour-iterations 1000 (mostly pgRouting and the two hierarchy builds).
# For iterating without PostgreSQL, run the binary itself:
#   BUILD/bench/roads_bench --work DIR --cache DIR/region.roads --skip matrix,tour,monaco
# (--cache keeps the region sidecar and reuses it: no generation nor hierarchy build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
SEED="${2:-1}"
shift $(( $# > 2 ? 2 : $# ))
source "$ROOT/tests/tools/pg_cluster.sh"
pg_has_extension pgrouting || { echo "installez postgresql et postgresql-NN-pgrouting"; exit 1; }

[ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target roads_bench >/dev/null
BENCH="$BUILD/bench/roads_bench"

TMP=$(mktemp -d /tmp/maraude-roads-bench-XXXXXX)
PORT=54332
cleanup() { pg_stop; rm -rf "$TMP"; }
trap cleanup EXIT
pg_start "$TMP" "$PORT" "-c work_mem=256MB -c shared_buffers=256MB"
PGBIN=$PG_BIN
"$PGBIN/psql" -h "$TMP" -p "$PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE EXTENSION postgis" -c "CREATE EXTENSION pgrouting" >/dev/null
"$PGBIN/psql" -h "$TMP" -p "$PORT" -U postgres -d postgres -X -qAt -c "SELECT 'pgRouting ' || pgr_version() || ', ' || version()"

"$BENCH" --seed "$SEED" --work "$TMP" --pg-bin "$PGBIN" --pg-socket "$TMP" --pg-port "$PORT" "$@"
