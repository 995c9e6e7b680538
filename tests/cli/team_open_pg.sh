#!/usr/bin/env bash
# Opening the region from PostgreSQL gives what the GeoPackage gives (issue 16): the real
# region imported into a GeoPackage, copied into a throw-away PostgreSQL + PostGIS cluster
# (`maraude workspace copy`), then from both: `maraude render` PNG byte for byte identical,
# `maraude info` identical; and the French messages (exit 5) for a database without the
# maraude schema, without PostGIS, or with a layer missing.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
# Needs postgresql, postgresql-15-postgis-3 and xvfb (.ci/setup installs them).
set -euo pipefail
M=$1
DATA=$2
source "$3/tests/tools/pg_cluster.sh"
source "$3/tests/tools/need.sh"
need xvfb-run xvfb
pg_has_extension postgis || { echo "FAIL: PostgreSQL/PostGIS missing: apt-get install postgresql postgresql-15-postgis-3"; echo "0 passed, 1 failed"; exit 1; }
TMP=$(mktemp -d /tmp/maraude-team-open-XXXXXX)
cleanup() {
  pg_stop
  rm -rf "$TMP"
}
trap cleanup EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; fail=$((fail + 1)); }

"$M" import --quiet --data "$DATA" --out "$TMP/region.gpkg" >/dev/null 2>&1
pg_start "$TMP" 54335
"${PSQL[@]}" -c "CREATE EXTENSION postgis"
PG="PG:host=$TMP port=54335 user=postgres dbname=postgres"
"$M" workspace copy "$TMP/region.gpkg" "$PG" >/dev/null
# Rows no longer in fid order in their tables (an update moves a row to the end).
"${PSQL[@]}" -c "UPDATE maraude.communes SET name = name WHERE fid IN (1, 2, 3); UPDATE maraude.laureates SET fid = fid WHERE fid = 1"

# 1. The region's map from both, byte for byte.
xvfb-run -a -s "-screen 0 1280x1024x24" bash -c \
  "'$M' render '$TMP/region.gpkg' --out '$TMP/gpkg.png' --size 800x600 && '$M' render '$PG' --out '$TMP/pg.png' --size 800x600" \
  >"$TMP/render.log" 2>&1 || { cat "$TMP/render.log"; ko "render"; }
if [ -s "$TMP/gpkg.png" ] && cmp -s "$TMP/gpkg.png" "$TMP/pg.png"; then ok "PNG de la région identique (GeoPackage, PostgreSQL)"; else ko "PNG différent"; fi

# 2. maraude info: the same text but for the location.
"$M" info "$TMP/region.gpkg" 2>&1 | grep -v "$TMP" >"$TMP/info_gpkg.txt"
"$M" info "$PG" 2>&1 | grep -v "$TMP" >"$TMP/info_pg.txt"
if [ "$(wc -l <"$TMP/info_gpkg.txt")" -gt 5 ] && diff "$TMP/info_gpkg.txt" "$TMP/info_pg.txt"; then ok "maraude info identique"; else ko "maraude info diffère"; fi

# 3. Bad input: exit 5 and the French message.
expect_error() {  # $1 = what, $2 = location, $3 = expected text
  local rc=0
  "$M" info "$2" >"$TMP/out.txt" 2>&1 || rc=$?
  if [ "$rc" = 5 ] && grep -qF "$3" "$TMP/out.txt"; then ok "$1"; else ko "$1 (code $rc) : $(cat "$TMP/out.txt")"; fi
}
"${PSQL[@]}" -c "CREATE DATABASE vide" -c "CREATE DATABASE sans_postgis"
"$PG_BIN/psql" -h "$TMP" -p 54335 -U postgres -d vide -X -qAt -c "CREATE EXTENSION postgis"
expect_error "base sans schéma maraude" "PG:host=$TMP port=54335 user=postgres dbname=vide" \
  "aucun espace de travail Maraude dans la base « vide »"
expect_error "base sans PostGIS" "PG:host=$TMP port=54335 user=postgres dbname=sans_postgis" "l’extension PostGIS manque"
"${PSQL[@]}" -c "DROP TABLE maraude.zones_emploi"
expect_error "couche absente" "$PG" "la couche « zones_emploi » est absente"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
