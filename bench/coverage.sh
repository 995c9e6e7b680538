#!/usr/bin/env bash
# Coverage benchmark: Maraude's full gap computation vs the same in PostGIS (every
# service of the real workspace, 15 km reach, every target), then the per-frame
# drag update. PostGIS: ST_Buffer(quad_segs=8) of every point, GiST index, and for each
# target ST_Difference(target, ST_Union(reach areas meeting it)); timed with psql
# \timing, load excluded (as Maraude's workspace load is excluded).
# Usage: bench/coverage.sh [BUILD_DIR] [RUNS]
# Needs postgresql, postgis, gdal-bin (ogr2ogr).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RUNS="${2:-5}"
BIN="$BUILD/src/cli/maraude"
BENCH="$BUILD/bench/coverage_bench"
DATA="${MARAUDE_DATA:-$ROOT/../shared/data/geo}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] && command -v ogr2ogr >/dev/null || { echo "install postgresql postgis gdal-bin"; exit 1; }
TMP=$(mktemp -d /tmp/maraude-coverage-bench-XXXXXX); chmod 777 "$TMP"
AS=(); [ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
PORT=54331
cleanup() { "${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT

"$BIN" import --data "$DATA" --out "$TMP/ws.gpkg" >/dev/null 2>&1
"$BIN" gaps "$TMP/ws.gpkg" --reach 15km --out "$TMP/gaps.gpkg" >/dev/null
"${AS[@]}" "$PGBIN/initdb" -D "$TMP/pg" -U postgres -A trust >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/pg" -w -l "$TMP/pg.log" -o "-c listen_addresses='' -k $TMP -p $PORT -c fsync=off" start >/dev/null
PSQL=("$PGBIN/psql" -h "$TMP" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt)
"${PSQL[@]}" -c "CREATE EXTENSION postgis" >/dev/null
PG="PG:host=$TMP port=$PORT user=postgres dbname=postgres"
ogr2ogr -f PostgreSQL "$PG" "$TMP/gaps.gpkg" cibles -nln cibles -lco GEOMETRY_NAME=geom -nlt MULTIPOLYGON
ogr2ogr -f PostgreSQL "$PG" "$TMP/gaps.gpkg" points -nln points -lco GEOMETRY_NAME=geom
"${PSQL[@]}" -c "VACUUM ANALYZE" >/dev/null

times=()
for i in $(seq "$RUNS"); do
  out=$("${PSQL[@]}" <<'SQL'
DROP TABLE IF EXISTS reach, pg_gaps;
\timing on
CREATE TABLE reach AS SELECT id, ST_Buffer(geom, rayon_m, 'quad_segs=8') AS g FROM points;
CREATE INDEX ON reach USING gist (g);
CREATE TABLE pg_gaps AS
SELECT c.cible, c.population, ST_Area(c.geom) AS area,
       ST_Area(COALESCE(ST_Difference(c.geom,
         (SELECT ST_Union(r.g) FROM reach r WHERE ST_Intersects(r.g, c.geom))), c.geom)) AS gap
FROM cibles c;
SQL
)
  times+=("$(echo "$out" | awk '/^Time:/ {s += $2} END {print s}')")
done
PG_MS=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
read -r PG_GAP PG_POP < <("${PSQL[@]}" -F ' ' -c \
  "SELECT sum(gap), sum(population * gap / area) FILTER (WHERE population IS NOT NULL) FROM pg_gaps")
echo "PostGIS runs (ms): ${times[*]}"
"$BENCH" "$TMP/ws.gpkg" --runs "$RUNS" --pg-ms "$PG_MS" --pg-gap "$PG_GAP" --pg-pop "$PG_POP"
