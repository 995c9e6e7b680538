#!/usr/bin/env bash
# The road network through the workspace: a [roads] section with two overlapping extracts
# (Monaco cut in two with osmium) is imported beside a small test region around Monaco;
# the stored graphs must equal the ones built from the whole extract, the `routes` layer
# must hold the car segments, `maraude info` must summarise the network, the sidecar
# must be refused when truncated, of another version or missing, a re-import without
# [roads] must drop it, and Monaco imported into the Hauts-de-France region must be
# refused because it does not overlap it.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -uo pipefail
MARAUDE=$1
DATA=$2
SRC=$3
PBF="$DATA/roads/monaco_osrm-testdata_2016-03-05.osm.pbf"
TMP=$(mktemp -d /tmp/maraude-roads-ws-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/tools/need.sh"
need osmium osmium-tool
need sqlite3 sqlite3

# Test region: one polygon around Monaco serving as region, departement, commune and zone.
cat >"$TMP/monaco.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature",
 "properties": {"code": "99", "nom": "Monaco", "departement": "99", "population": 38000, "ZE2020": "9999", "LIBZE2020": "Monaco"},
 "geometry": {"type": "Polygon", "coordinates": [[[7.40, 43.72], [7.44, 43.72], [7.44, 43.76], [7.40, 43.76], [7.40, 43.72]]]}}]}
JSON
manifest() {  # $1 = extra [roads] lines (empty: no section)
  cat <<EOF2
[region]
code = 99
name = Test Monaco
project_file = monaco.geojson
crs = EPSG:4326
[departements]
project_file = monaco.geojson
crs = EPSG:4326
[communes]
project_file = monaco.geojson
crs = EPSG:4326
[zones_emploi]
project_file = monaco.geojson
crs = EPSG:4326
EOF2
  if [ -n "$1" ]; then printf '[roads]\n%b\n' "$1"; fi
}
# Two overlapping halves of the extract (complete ways: a way crossing the cut is in both).
mkdir -p "$TMP/data/roads"
osmium extract -s complete_ways -b 7.349,43.71,7.43,43.77 -o "$TMP/data/roads/west.osm.pbf" "$PBF" >/dev/null 2>&1
osmium extract -s complete_ways -b 7.41,43.71,7.491,43.77 -o "$TMP/data/roads/east.osm.pbf" "$PBF" >/dev/null 2>&1
cp "$PBF" "$TMP/data/roads/monaco.osm.pbf"

manifest "file = roads/west.osm.pbf; roads/east.osm.pbf\nprofiles = road_profiles.ini" >"$TMP/manifest.ini"
cp "$SRC/data/geo/road_profiles.ini" "$TMP/road_profiles.ini"
"$MARAUDE" import --data "$TMP/data" --manifest "$TMP/manifest.ini" --out "$TMP/ws.gpkg" >"$TMP/import.log" 2>&1 ||
  { fail "import with [roads]: $(cat "$TMP/import.log")"; }
grep -F "réseau routier :" "$TMP/import.log" || fail "import: no road step: $(cat "$TMP/import.log")"
[ -f "$TMP/ws.roads" ] || fail "no sidecar ws.roads"

# Same graphs as from the whole extract (the region + 20 km covers it all).
for prof in car foot; do
  "$MARAUDE" roads info "$TMP/ws.gpkg" --profile $prof --json >"$TMP/ws_$prof.json" 2>&1 || fail "roads info ws $prof: $(cat "$TMP/ws_$prof.json")"
  "$MARAUDE" roads info "$PBF" --profile $prof --json >"$TMP/pbf_$prof.json"
  for key in nodes edges segments length_m oneway_segments components; do
    a=$(grep -o "\"$key\": [0-9.]*" "$TMP/ws_$prof.json"); b=$(grep -o "\"$key\": [0-9.]*" "$TMP/pbf_$prof.json")
    [ "$a" = "$b" ] || fail "$prof $key: workspace ($a) ≠ whole extract ($b)"
  done
  echo "ok: $prof graph from two extracts = whole extract: $(grep -o '"nodes": [0-9]*, "edges": [0-9]*' "$TMP/ws_$prof.json")"
done
printf 'id,lon,lat\na,7.4259518,43.7389494\nb,7.4190,43.7311\n' >"$TMP/pts.csv"
"$MARAUDE" roads matrix "$TMP/ws.gpkg" --from "$TMP/pts.csv" --to "$TMP/pts.csv" --out "$TMP/m_ws.csv" >/dev/null
"$MARAUDE" roads matrix "$PBF" --from "$TMP/pts.csv" --to "$TMP/pts.csv" --out "$TMP/m_pbf.csv" >/dev/null
cmp -s "$TMP/m_ws.csv" "$TMP/m_pbf.csv" || fail "matrix differs between workspace and extract"
grep -Eq "^a,b,[0-9]+\.[0-9]+,[0-9]+\.[0-9]+$" "$TMP/m_ws.csv" || fail "matrix a→b: $(cat "$TMP/m_ws.csv")"
"$MARAUDE" roads reach "$TMP/ws.gpkg" --from "7.4259518,43.7389494;7.4190,43.7311" --minutes 3 --out "$TMP/reach.gpkg" >/dev/null 2>&1 ||
  fail "reach on the workspace"
n=$(sqlite3 "$TMP/reach.gpkg" "SELECT count(*) FROM zones_atteintes WHERE surface_km2 > 0")
[ "$n" = 3 ] || fail "reach: expected 3 non-empty areas (union + 2 sites), got $n"

# routes layer: one line per car segment.
segs=$(grep -o '"segments": [0-9]*' "$TMP/ws_car.json" | grep -o '[0-9]*$')
nroutes=$(sqlite3 "$TMP/ws.gpkg" "SELECT count(*) FROM routes")
[ "$nroutes" = "$segs" ] || fail "routes layer: $nroutes features for $segs car segments"
oneway=$(sqlite3 "$TMP/ws.gpkg" "SELECT count(*) FROM routes WHERE sens_unique = 1")
exp_oneway=$(grep -o '"oneway_segments": [0-9]*' "$TMP/ws_car.json" | grep -o '[0-9]*$')
[ "$oneway" = "$exp_oneway" ] || fail "routes layer: $oneway one-way features, graph has $exp_oneway"
echo "ok: routes layer $nroutes lines, $oneway one-way"

"$MARAUDE" info "$TMP/ws.gpkg" >"$TMP/info.txt" 2>&1 || fail "info: $(cat "$TMP/info.txt")"
grep -A4 "Réseau routier" "$TMP/info.txt"
grep -q "voiture .* nœuds" "$TMP/info.txt" || fail "info: no road summary"

# Damaged sidecar: truncated, other version, missing → Error(Workspace), exit 5, "relancez".
cp "$TMP/ws.roads" "$TMP/ws.roads.ok"
head -c 100000 "$TMP/ws.roads.ok" >"$TMP/ws.roads"
"$MARAUDE" roads info "$TMP/ws.gpkg" >/dev/null 2>"$TMP/err"; rc=$?
{ [ $rc = 5 ] && grep -q "tronqué" "$TMP/err" && grep -q "relancez" "$TMP/err"; } || fail "truncated sidecar: exit $rc $(cat "$TMP/err")"
echo "ok: truncated — $(cat "$TMP/err")"
cp "$TMP/ws.roads.ok" "$TMP/ws.roads"
printf '\x63' | dd of="$TMP/ws.roads" bs=1 seek=8 conv=notrunc 2>/dev/null
"$MARAUDE" info "$TMP/ws.gpkg" >/dev/null 2>"$TMP/err"; rc=$?
{ [ $rc = 5 ] && grep -q "format 99" "$TMP/err"; } || fail "other version: exit $rc $(cat "$TMP/err")"
echo "ok: version — $(cat "$TMP/err")"
cp "$TMP/ws.roads.ok" "$TMP/ws.roads"
printf '\xff' | dd of="$TMP/ws.roads" bs=1 seek=5000 conv=notrunc 2>/dev/null
"$MARAUDE" roads info "$TMP/ws.gpkg" >/dev/null 2>"$TMP/err"; rc=$?
{ [ $rc = 5 ] && grep -q "corrompu" "$TMP/err"; } || fail "corrupt byte: exit $rc $(cat "$TMP/err")"
rm "$TMP/ws.roads"
"$MARAUDE" roads info "$TMP/ws.gpkg" >/dev/null 2>"$TMP/err"; rc=$?
{ [ $rc = 5 ] && grep -q "introuvable" "$TMP/err"; } || fail "missing sidecar: exit $rc $(cat "$TMP/err")"
# --if-stale: a workspace whose sidecar is missing is re-imported, not declared up to date.
"$MARAUDE" import --data "$TMP/data" --manifest "$TMP/manifest.ini" --out "$TMP/ws.gpkg" --if-stale >"$TMP/stale.log" 2>&1
grep -q "réimport" "$TMP/stale.log" || fail "--if-stale with the sidecar missing: $(head -2 "$TMP/stale.log")"
cmp -s "$TMP/ws.roads" "$TMP/ws.roads.ok" || fail "re-import: the sidecar differs from the first import (not reproducible)"
"$MARAUDE" import --data "$TMP/data" --manifest "$TMP/manifest.ini" --out "$TMP/ws.gpkg" --if-stale >"$TMP/stale.log" 2>&1
grep -q "à jour" "$TMP/stale.log" || fail "--if-stale on a fresh workspace: $(head -2 "$TMP/stale.log")"

# Clipping: no margin and a smaller region keeps fewer ways.
manifest "file = roads/monaco.osm.pbf\nmargin_km = 0" >"$TMP/manifest0.ini"
sed -i 's/monaco.geojson/small.geojson/' "$TMP/manifest0.ini"
sed 's/7.40, 43.72\], \[7.44, 43.72\], \[7.44, 43.76\], \[7.40, 43.76\], \[7.40, 43.72/7.41, 43.73], [7.42, 43.73], [7.42, 43.74], [7.41, 43.74], [7.41, 43.73/' \
  "$TMP/monaco.geojson" >"$TMP/small.geojson"
"$MARAUDE" import --data "$TMP/data" --manifest "$TMP/manifest0.ini" --out "$TMP/small.gpkg" >"$TMP/import0.log" 2>&1 ||
  fail "import margin 0: $(cat "$TMP/import0.log")"
small=$("$MARAUDE" roads info "$TMP/small.gpkg" --json | grep -o '"nodes": [0-9]*' | grep -o '[0-9]*$')
full=$(grep -o '"nodes": [0-9]*' "$TMP/ws_car.json" | grep -o '[0-9]*$')
{ [ -n "$small" ] && [ "$small" -gt 0 ] && [ "$small" -lt "$full" ]; } || fail "clipped graph: $small nodes vs $full"
echo "ok: clipped to the region without margin: $small car junctions of $full"

# Re-import without [roads]: no network any more (crow-fly), the sidecar is removed.
manifest "" >"$TMP/manifest_none.ini"
"$MARAUDE" import --data "$TMP/data" --manifest "$TMP/manifest_none.ini" --out "$TMP/ws.gpkg" >/dev/null 2>&1 || fail "import without roads"
[ ! -e "$TMP/ws.roads" ] || fail "the sidecar of the previous import is still there"
"$MARAUDE" info "$TMP/ws.gpkg" | grep -q "Réseau routier : aucun" || fail "info without roads"
"$MARAUDE" roads info "$TMP/ws.gpkg" >/dev/null 2>"$TMP/err"; rc=$?
{ [ $rc = 5 ] && grep -q "pas de réseau routier" "$TMP/err"; } || fail "roads info without roads: exit $rc $(cat "$TMP/err")"

# Monaco into the Hauts-de-France region: refused, the region named.
cp "$SRC/data/geo/manifest.ini" "$TMP/hdf.ini"
sed -i "s|^\(project_file = \)|\1$SRC/data/geo/|" "$TMP/hdf.ini"
printf '\n[roads]\nfile = roads/monaco_osrm-testdata_2016-03-05.osm.pbf\n' >>"$TMP/hdf.ini"
"$MARAUDE" import --data "$DATA" --manifest "$TMP/hdf.ini" --out "$TMP/hdf.gpkg" >/dev/null 2>"$TMP/err"; rc=$?
{ [ $rc = 4 ] && grep -q "ne recouvre pas la région Hauts-de-France" "$TMP/err" && grep -q "monaco_osrm" "$TMP/err"; } ||
  fail "Monaco in Hauts-de-France: exit $rc $(cat "$TMP/err")"
[ ! -e "$TMP/hdf.gpkg" ] || fail "a workspace was written despite the error"
echo "ok: not overlapping — $(cat "$TMP/err")"

if [ $FAILS -gt 0 ]; then echo "FAIL: $FAILS case(s)"; exit 1; fi
echo PASS
