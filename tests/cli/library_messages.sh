#!/usr/bin/env bash
# GDAL/OGR/SQLite messages reach the user in French, the original text on a detail line:
# no "ERROR 1:" / "Warning 1:" lines from GDAL's default printer, no bare English error.
# Usage: bash library_messages.sh MARAUDE_BINARY DATA_DIR SOURCE_DIR
set -u
M="$1"
DATA="$2"
SRC="$3"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }
no_gdal_printer() { ! grep -Eq '^(ERROR|Warning) [0-9]+:' "$1"; }

# The test region without its road extract (not needed here).
cp -r "$SRC/data/geo/fixtures/monaco" "$TMP/m"
python3 - "$TMP/m/manifest.ini" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"\[roads\][^\[]*", "", s)
open(p, "w").write(s)
PY
"$M" import --data "$DATA" --manifest "$TMP/m/manifest.ini" --out "$TMP/ws.gpkg" >"$TMP/import.log" 2>&1
check "import of the test region" '[ -f "$TMP/ws.gpkg" ]'

# 1. A damaged GeoPackage (SQLite pages overwritten).
cp "$TMP/ws.gpkg" "$TMP/bad.gpkg"
python3 - "$TMP/bad.gpkg" <<'PY'
import os, sys
p = sys.argv[1]
size = os.path.getsize(p)
with open(p, "r+b") as f:
    for off in range(4096, size, 4096 * 2):
        f.seek(off)
        f.write(b"\xff" * 300)
PY
"$M" info "$TMP/bad.gpkg" >"$TMP/info.out" 2>"$TMP/info.err"
check "damaged workspace: error said in French" 'grep -q "endommagé\|n.est pas une base" "$TMP/info.err"'
check "damaged workspace: original text on a detail line" 'grep -q "texte d.origine" "$TMP/info.err"'
check "damaged workspace: no GDAL printer line" 'no_gdal_printer "$TMP/info.err"'

# 2. A truncated GeoJSON in the manifest.
head -c 1500 "$SRC/data/geo/fixtures/monaco/communes.geojson" >"$TMP/m/communes.geojson"
"$M" import --data "$DATA" --manifest "$TMP/m/manifest.ini" --out "$TMP/ws2.gpkg" >"$TMP/imp2.out" 2>"$TMP/imp2.err"
check "truncated GeoJSON: import fails" '[ ! -f "$TMP/ws2.gpkg" ]'
check "truncated GeoJSON: French message naming the file" 'grep -q "communes.geojson" "$TMP/imp2.err" && grep -q "GeoJSON impossible\|illisible" "$TMP/imp2.err"'
check "truncated GeoJSON: no GDAL printer line" 'no_gdal_printer "$TMP/imp2.err"'
check "truncated GeoJSON: English only on detail lines" '! grep -v "texte d.origine" "$TMP/imp2.err" | grep -q "Failed to read"'

# 3. A self-intersecting (bow-tie) commune polygon.
cp "$SRC/data/geo/fixtures/monaco/communes.geojson" "$TMP/m/communes.geojson"
python3 - "$TMP/m/communes.geojson" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
g = d["features"][0]["geometry"]
ring = (g["coordinates"][0] if g["type"] == "Polygon" else g["coordinates"][0][0])
xs = [c[0] for c in ring]; ys = [c[1] for c in ring]
x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
bow = [[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]
d["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [bow]}
json.dump(d, open(p, "w"))
PY
"$M" import --data "$DATA" --manifest "$TMP/m/manifest.ini" --out "$TMP/ws3.gpkg" >"$TMP/imp3.out" 2>"$TMP/imp3.err"
check "bow-tie polygon: no GDAL printer line" 'no_gdal_printer "$TMP/imp3.err"'
check "bow-tie polygon: no bare English" '! grep -v "texte d.origine" "$TMP/imp3.err" "$TMP/imp3.out" | grep -qi "self-intersection"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
