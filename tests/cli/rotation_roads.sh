#!/usr/bin/env bash
# A rotation (`maraude plan --cycle`) on the road network: the Monaco test region imported
# with its [roads] section, a 2-week cycle of weekly stops. The calendar repeats every week,
# the KML follows the roads, passages.pdf has one page per stop and the report names the
# road model.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -uo pipefail
MARAUDE=$1
DATA=$2
SRC=$3
TMP=$(mktemp -d /tmp/maraude-rotation-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

"$MARAUDE" import --data "$DATA" --manifest "$SRC/data/geo/fixtures/monaco/manifest.ini" --out "$TMP/ws.gpkg" \
  >"$TMP/import.log" 2>&1 || { echo "FAIL: import: $(cat "$TMP/import.log")"; exit 1; }
"$MARAUDE" plan "$TMP/ws.gpkg" --base 99003 --reach 1km --cycle 2w --frequency weekly --date 2026-11-30 \
  --out "$TMP/rot" >"$TMP/rot.log" 2>&1 || fail "plan --cycle: $(cat "$TMP/rot.log")"
for f in planning.ics planning.csv planning.xlsx plan.gpx plan.kml plan.geojson roadbook.pdf passages.pdf rapport.txt; do
  [ -s "$TMP/rot/$f" ] || fail "$f missing"
done
n=$(grep -c "^BEGIN:VEVENT" "$TMP/rot/planning.ics")
[ "$n" -ge 1 ] || fail "no event in planning.ics"
r=$(grep -c "^RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=" "$TMP/rot/planning.ics")
[ "$r" -eq "$n" ] || fail "$r weekly RRULEs for $n events"
grep -q "^DTSTART;TZID=Europe/Paris:2026" "$TMP/rot/planning.ics" || fail "DTSTART without TZID"
grep -q "Temps et distances : par la route" "$TMP/rot/rapport.txt" || fail "report does not name the road model"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/tools/need.sh"
need xmllint libxml2-utils
need ogrinfo gdal-bin
need pdfinfo poppler-utils
xmllint --noout "$TMP/rot/plan.kml" || fail "plan.kml is not well-formed XML"
# GDAL's KML driver reads one placemark per stop in the folder « Arrêts ».
k=$(ogrinfo -so "$TMP/rot/plan.kml" "Arrêts" 2>/dev/null | awk -F': ' '/Feature Count/{print $2}')
[ "$k" = "$n" ] || fail "plan.kml has ${k:-no} stop placemarks for $n events"
# Route lines along the roads: far more vertices than stops.
pts=$(grep -o "<LineString>.*</LineString>" "$TMP/rot/plan.kml" | tr ' ' '\n' | grep -c ",0")
[ "$pts" -gt 50 ] || fail "KML route lines have $pts vertices"
pages=$(pdfinfo "$TMP/rot/passages.pdf" | awk '/^Pages:/{print $2}')
[ "$pages" -eq "$n" ] || fail "passages.pdf has $pages pages for $n stops"
pdftotext "$TMP/rot/passages.pdf" - | grep -q "chaque semaine" || fail "passages.pdf does not say how often"
# A frequency the cycle cannot hold is refused before any file is written.
"$MARAUDE" plan "$TMP/ws.gpkg" --base 99003 --cycle 1w --frequency 4weekly --out "$TMP/bad" >"$TMP/bad.log" 2>&1 &&
  fail "4weekly in a 1-week cycle accepted"
grep -q -- "--frequency" "$TMP/bad.log" || fail "frequency error does not name the option: $(cat "$TMP/bad.log")"

if [ $FAILS -gt 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
echo "rotation on roads: all checks passed"
