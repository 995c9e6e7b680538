#!/usr/bin/env bash
# Team store benchmark (issue 16), both sides in one run (bench/team_store_bench.cpp): the
# real region imported into a GeoPackage and copied into a throw-away PostgreSQL + PostGIS
# cluster (`maraude workspace copy`), then (1) opening the region from each (median of
# RUNS fresh processes, peak RSS), (2) scenario save latency (GeoPackage save under the
# workspace lock against PostgreSQL's versioned save; median and p95), (3) 20 clients × 50
# edits each with retry on conflict (edits/s, and the check that no update was lost), on
# one shared document and on one document per client. Prints a table with the ratios.
# The cluster runs with fsync on (pg_cluster.sh turns it off for tests), so that a commit is
# as durable as the GeoPackage's SQLite commit.
# Usage: bench/team_store.sh [BUILD_DIR] [RUNS] [extra team_store_bench options, e.g. --saves 100 --clients 20 --edits 50]
# Needs postgresql and postgresql-NN-postgis-3. About 2 to 4 minutes on 2 cores (mostly the
# GeoPackage side of (3)). Exits 1 when an update was lost or both sides read different content.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RUNS="${2:-7}"
shift $(( $# > 2 ? 2 : $# ))
DATA="${MARAUDE_DATA:-$ROOT/../shared/data/geo}"
source "$ROOT/tests/tools/pg_cluster.sh"
pg_has_extension postgis || { echo "installez postgresql et postgresql-NN-postgis-3"; exit 1; }

[ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target maraude team_store_bench >/dev/null
BIN="$BUILD/src/cli/maraude"
BENCH="$BUILD/bench/team_store_bench"

TMP=$(mktemp -d /tmp/maraude-team-bench-XXXXXX)
PORT=54333
cleanup() { pg_stop; rm -rf "$TMP"; }
trap cleanup EXIT
pg_start "$TMP" "$PORT" "-c fsync=on -c max_connections=100"
"${PSQL[@]}" -c "CREATE EXTENSION postgis"
PG="PG:host=$TMP port=$PORT user=postgres dbname=postgres"

t0=$(date +%s.%N)
"$BIN" import --quiet --data "$DATA" --out "$TMP/region.gpkg" >/dev/null 2>&1
t1=$(date +%s.%N)
"$BIN" workspace copy "$TMP/region.gpkg" "$PG" >/dev/null
t2=$(date +%s.%N)
"${PSQL[@]}" -c "VACUUM ANALYZE" >/dev/null
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "Région importée en GeoPackage en %.1f s, copiée dans PostgreSQL en %.1f s\n", b - a, c - b }'
echo "GeoPackage $(du -h "$TMP/region.gpkg" | cut -f1) ; schéma maraude $("${PSQL[@]}" -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'maraude' AND c.relkind = 'r'")"

"$BENCH" --gpkg "$TMP/region.gpkg" --pg "$PG" --runs "$RUNS" "$@"
