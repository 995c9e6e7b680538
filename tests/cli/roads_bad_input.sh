#!/usr/bin/env bash
# Bad input to the road network: each case must end with its own exit code and a French
# message naming the file, never a crash or a made-up figure.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -uo pipefail
MARAUDE=$1
DATA=$2
PBF="$DATA/roads/monaco_osrm-testdata_2016-03-05.osm.pbf"
TMP=$(mktemp -d /tmp/maraude-roads-bad-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
# expect CODE "text in stderr" -- command...: runs it, checks the exit code and the message.
expect() {
  local code=$1 text=$2; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  if [ "$rc" != "$code" ]; then fail "$* → exit $rc, expected $code: $(cat "$TMP/err")"; return; fi
  if ! grep -qF -- "$text" "$TMP/err"; then fail "$* → message without « $text »: $(cat "$TMP/err")"; return; fi
  echo "ok: exit $rc — $(head -c 220 "$TMP/err" | tr '\n' ' ')"
}

# 1. Missing file, unknown format.
expect 3 "introuvable" "$MARAUDE" roads info "$TMP/absent.osm.pbf"
echo "x" >"$TMP/roads.txt"
expect 2 "ni un extrait OpenStreetMap" "$MARAUDE" roads info "$TMP/roads.txt"

# 2. Truncated PBF (the first 300 kB of the real extract).
head -c 300000 "$PBF" >"$TMP/truncated.osm.pbf"
expect 4 "truncated.osm.pbf" "$MARAUDE" roads info "$TMP/truncated.osm.pbf"
grep -qF "tronqué ou corrompu" "$TMP/err" || fail "truncated PBF: no « tronqué ou corrompu »"
# Garbage with a .pbf name.
head -c 5000 /dev/urandom >"$TMP/garbage.osm.pbf"
expect 4 "garbage.osm.pbf" "$MARAUDE" roads info "$TMP/garbage.osm.pbf"

# 3. An extract with no routable way (only the buildings of Monaco).
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/tools/need.sh"
need osmium osmium-tool
osmium tags-filter -o "$TMP/buildings.osm.pbf" "$PBF" w/building >/dev/null 2>&1
expect 4 "aucune voie routable" "$MARAUDE" roads info "$TMP/buildings.osm.pbf"
cat >"$TMP/no_roads.osm" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="43.73" lon="7.42"/><node id="2" lat="43.731" lon="7.421"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="waterway" v="stream"/></way>
  <way id="11"><nd ref="1"/><nd ref="2"/><tag k="highway" v="motorway"/><tag k="access" v="no"/></way>
</osm>
XML
expect 4 "aucune voie routable" "$MARAUDE" roads info "$TMP/no_roads.osm"

# 4. Missing node references: way 20 lacks node 4 (cut into two pieces), way 21 has only
#    missing nodes (dropped); the rest is built and the missing count is reported.
cat >"$TMP/missing.osm" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="43.7300" lon="7.4200"/><node id="2" lat="43.7310" lon="7.4200"/>
  <node id="3" lat="43.7320" lon="7.4200"/><node id="5" lat="43.7340" lon="7.4200"/>
  <node id="6" lat="43.7350" lon="7.4200"/>
  <way id="20"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><tag k="highway" v="residential"/></way>
  <way id="21"><nd ref="7"/><nd ref="8"/><tag k="highway" v="residential"/></way>
</osm>
XML
"$MARAUDE" roads info "$TMP/missing.osm" --json >"$TMP/missing.json" 2>"$TMP/missing.err"
rc=$?
if [ $rc != 0 ]; then fail "missing refs: exit $rc $(cat "$TMP/missing.err")"; fi
grep -q '"missing_refs": 3' "$TMP/missing.json" || fail "missing refs: expected 3 in $(cat "$TMP/missing.json")"
grep -q '"segments": 2' "$TMP/missing.json" || fail "missing refs: expected 2 pieces in $(cat "$TMP/missing.json")"
grep -qF "nœuds absents" "$TMP/missing.err" || fail "missing refs: no warning: $(cat "$TMP/missing.err")"
echo "ok: missing refs — $(head -c 200 "$TMP/missing.err")"

# 5. A site at sea off Monaco: unreachable, with a warning naming it and its distance.
printf 'id,lon,lat\nport,7.4246,43.7350\nlarge,7.4600,43.7000\n' >"$TMP/sea.csv"
printf 'id,lon,lat\ncasino,7.4280,43.7396\n' >"$TMP/casino.csv"
"$MARAUDE" roads matrix "$PBF" --from "$TMP/sea.csv" --to "$TMP/casino.csv" --out "$TMP/sea_m.csv" >/dev/null 2>"$TMP/sea.err" ||
  fail "sea: exit $? $(cat "$TMP/sea.err")"
grep -q "^large,casino,,$" "$TMP/sea_m.csv" || fail "sea: the point at sea should be unreachable: $(cat "$TMP/sea_m.csv")"
grep -Eq "^port,casino,[0-9.]+,[0-9.]+$" "$TMP/sea_m.csv" || fail "sea: the port point should be reachable: $(cat "$TMP/sea_m.csv")"
grep -Eq "point large est à [0-9  ]+ m de la route" "$TMP/sea.err" || fail "sea: no warning with the distance: $(cat "$TMP/sea.err")"
echo "ok: at sea — $(cat "$TMP/sea.err")"

# 6. Two islands (two road pieces 5 km apart, no link): cells between them are empty, never 0.
cat >"$TMP/islands.osm" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="43.7000" lon="7.4000"/><node id="2" lat="43.7050" lon="7.4000"/>
  <node id="3" lat="43.7000" lon="7.4600"/><node id="4" lat="43.7050" lon="7.4600"/>
  <way id="30"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
  <way id="31"><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
</osm>
XML
printf 'id,lon,lat\nwest,7.4000,43.7000\n' >"$TMP/west.csv"
printf 'id,lon,lat\nwest_n,7.4000,43.7050\neast,7.4600,43.7050\n' >"$TMP/targets.csv"
"$MARAUDE" roads matrix "$TMP/islands.osm" --from "$TMP/west.csv" --to "$TMP/targets.csv" --out "$TMP/isl.csv" >/dev/null 2>&1 ||
  fail "islands: exit $?"
grep -q "^west,east,,$" "$TMP/isl.csv" || fail "islands: the other island must be an empty cell: $(cat "$TMP/isl.csv")"
grep -Eq "^west,west_n,[1-9][0-9.]*,5[0-9][0-9]\.[0-9]+$" "$TMP/isl.csv" || fail "islands: same island must be reachable (~556 m): $(cat "$TMP/isl.csv")"
echo "ok: islands — $(tr '\n' ' ' <"$TMP/isl.csv")"
"$MARAUDE" roads info "$TMP/islands.osm" >"$TMP/isl_info.txt" 2>&1
grep -q "Composantes connexes : 2" "$TMP/isl_info.txt" || fail "islands: 2 components expected: $(cat "$TMP/isl_info.txt")"

# 7. --out naming an input is refused and the input left intact.
cp "$TMP/sea.csv" "$TMP/sea_copy.csv"
expect 2 "fichier d’entrée" "$MARAUDE" roads matrix "$PBF" --from "$TMP/sea.csv" --to "$TMP/casino.csv" --out "$TMP/sea.csv"
cmp -s "$TMP/sea.csv" "$TMP/sea_copy.csv" || fail "--out = input: the input was modified"
expect 2 "fichier d’entrée" "$MARAUDE" roads export-edges "$TMP/islands.osm" --out "$TMP/islands.osm"
expect 2 "pas un point lon,lat" "$MARAUDE" roads reach "$PBF" --from "7.42" --minutes 5 --out "$TMP/r.gpkg"
printf 'id,lon,lat\nx,abc,43.7\n' >"$TMP/badcoord.csv"
expect 4 "badcoord.csv:2" "$MARAUDE" roads matrix "$PBF" --from "$TMP/badcoord.csv" --to "$TMP/casino.csv" --out "$TMP/m.csv"

if [ $FAILS -gt 0 ]; then echo "FAIL: $FAILS case(s)"; exit 1; fi
echo PASS
