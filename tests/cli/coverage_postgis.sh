#!/usr/bin/env bash
# Independent check of `maraude gaps` with PostGIS: the same targets and service
# points are loaded into a throw-away PostgreSQL cluster, gaps are computed there with
# ST_Buffer(quad_segs=8) / ST_Union / ST_Difference, and the gap areas and uncovered
# populations must agree within 0.1 %.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
# Needs the Debian packages postgresql, postgresql-15-postgis-3 (the extension itself:
# `postgis` without its recommends does not bring it) and gdal-bin (ogr2ogr); installs them
# with apt-get when run as root. When they cannot be installed: FAIL under CI (CI=true: a
# check that cannot run must not pass).
set -euo pipefail
MARAUDE=$1
DATA=$2

source "$3/tests/tools/pg_cluster.sh"
have_postgis() { pg_has_extension postgis; }
if ! have_postgis || ! command -v ogr2ogr >/dev/null; then
  echo "FAIL: PostgreSQL/PostGIS or ogr2ogr missing: apt-get install postgresql postgresql-15-postgis-3 gdal-bin (.ci/setup installs them)"
  exit 1
fi
TMP=$(mktemp -d /tmp/maraude-postgis-XXXXXX)
cleanup() {
  pg_stop
  rm -rf "$TMP"
}
trap cleanup EXIT

# 1. Maraude's computation (it also writes its inputs: layers cibles and points).
"$MARAUDE" import --data "$DATA" --out "$TMP/ws.gpkg" >/dev/null
"$MARAUDE" gaps "$TMP/ws.gpkg" --reach 15km --out "$TMP/gaps.gpkg" >"$TMP/gaps.log"

# 2. A private cluster on a unix socket in the temp dir (no TCP port to collide with).
pg_start "$TMP" 54329
"${PSQL[@]}" -c "CREATE EXTENSION postgis" >/dev/null
PG="PG:host=$TMP port=54329 user=postgres dbname=postgres"
ogr2ogr -f PostgreSQL "$PG" "$TMP/gaps.gpkg" cibles -nln cibles -lco GEOMETRY_NAME=geom -nlt MULTIPOLYGON
ogr2ogr -f PostgreSQL "$PG" "$TMP/gaps.gpkg" points -nln points -lco GEOMETRY_NAME=geom

# 3. The same computation in SQL, then the comparison.
RESULT=$("${PSQL[@]}" <<'SQL'
CREATE TABLE reach AS SELECT id, ST_Buffer(geom, rayon_m, 'quad_segs=8') AS g FROM points;
CREATE INDEX ON reach USING gist (g);
CREATE TABLE pg_gaps AS
SELECT c.cible, c.population, ST_Area(c.geom) AS area,
       ST_Area(COALESCE(ST_Difference(c.geom,
         (SELECT ST_Union(r.g) FROM reach r WHERE ST_Intersects(r.g, c.geom))), c.geom)) AS gap
FROM cibles c;
SELECT count(*),
       sum(p.gap), sum(c.surface_lacune_m2),
       sum(c.population * p.gap / p.area) FILTER (WHERE c.population IS NOT NULL),
       sum(c.pop_non_couverte) FILTER (WHERE c.population IS NOT NULL),
       max(abs(p.gap - c.surface_lacune_m2) / p.area),
       count(*) FILTER (WHERE abs(p.gap - c.surface_lacune_m2) > 0.001 * p.area + 1)
FROM pg_gaps p JOIN cibles c USING (cible);
SQL
)
IFS='|' read -r N PG_GAP MA_GAP PG_POP MA_POP MAX_REL BAD <<<"$RESULT"
echo "targets: $N"
echo "gap area:        PostGIS $PG_GAP m²  Maraude $MA_GAP m²"
echo "uncovered pop.:  PostGIS $PG_POP  Maraude $MA_POP"
echo "largest per-target difference: $MAX_REL of the target's area; targets off by > 0.1 %: $BAD"
awk -v a="$PG_GAP" -v b="$MA_GAP" -v c="$PG_POP" -v d="$MA_POP" -v bad="$BAD" -v n="$N" 'BEGIN {
  if (n < 100) { print "FAIL: too few targets (" n ")"; exit 1 }
  if (a <= 0) { print "FAIL: PostGIS found no gap at all"; exit 1 }
  rg = (a - b) / a; if (rg < 0) rg = -rg
  rp = (c - d) / c; if (rp < 0) rp = -rp
  printf "relative difference: gap area %.6f %%, uncovered population %.6f %%\n", 100 * rg, 100 * rp
  if (rg > 0.001 || rp > 0.001 || bad > 0) { print "FAIL: disagreement above 0.1 %"; exit 1 }
  print "OK: Maraude and PostGIS agree within 0.1 %"
}'
