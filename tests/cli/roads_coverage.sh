#!/usr/bin/env bash
# Coverage, plans and maps measured on the road network, through the command line: the
# Monaco test region (data/geo/fixtures/monaco, hand-made communes over the real extract)
# is imported with its [roads] section; `gaps`, `plan` and `render` then use the roads by
# default, say so in every output, and `--travel crowfly` gives the old estimate for
# comparison. A permanence at sea is reported as unreachable, never silently snapped.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -uo pipefail
MARAUDE=$1
DATA=$2
SRC=$3
TMP=$(mktemp -d /tmp/maraude-roads-cov-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

"$MARAUDE" import --data "$DATA" --manifest "$SRC/data/geo/fixtures/monaco/manifest.ini" --out "$TMP/ws.gpkg" \
  >"$TMP/import.log" 2>&1 || { echo "FAIL: import: $(cat "$TMP/import.log")"; exit 1; }
"$MARAUDE" info "$TMP/ws.gpkg" | grep -qi "réseau routier" || fail "info does not mention the road network"

# Gaps by each model; the parameters name it.
for t in car foot crowfly; do
  "$MARAUDE" gaps "$TMP/ws.gpkg" --reach 1km --travel $t --out "$TMP/gaps_$t.csv" >"$TMP/gaps_$t.log" 2>&1 ||
    fail "gaps --travel $t: $(cat "$TMP/gaps_$t.log")"
done
grep -q "mesure_de_la_portee,\"1,0 km en voiture par la route (OpenStreetMap, profil voiture)\"" "$TMP/gaps_car_parametres.csv" ||
  fail "car parameters: $(grep mesure "$TMP/gaps_car_parametres.csv")"
grep -q "à pied par la route" "$TMP/gaps_foot_parametres.csv" || fail "foot parameters: $(grep mesure "$TMP/gaps_foot_parametres.csv")"
grep -q "1,0 km de route estimée = 0,8 km à vol d'oiseau" "$TMP/gaps_crowfly_parametres.csv" ||
  fail "crowfly parameters: $(grep mesure "$TMP/gaps_crowfly_parametres.csv")"
# The default is the road network; the figures differ between models.
"$MARAUDE" gaps "$TMP/ws.gpkg" --reach 1km --out "$TMP/gaps_default.csv" >/dev/null 2>&1
cmp -s "$TMP/gaps_default.csv" "$TMP/gaps_car.csv" || fail "default gaps are not the car road network's"
cmp -s "$TMP/gaps_car_totaux.csv" "$TMP/gaps_crowfly_totaux.csv" && fail "car and crow-fly totals are identical"
# --circuity only makes sense crow-fly.
"$MARAUDE" gaps "$TMP/ws.gpkg" --circuity 1.4 --out "$TMP/x.csv" >"$TMP/circ.log" 2>&1 && fail "--circuity accepted on roads"
grep -q "vol d'oiseau" "$TMP/circ.log" || fail "--circuity refusal: $(cat "$TMP/circ.log")"
"$MARAUDE" gaps "$TMP/ws.gpkg" --travel bus --out "$TMP/x.csv" >"$TMP/bus.log" 2>&1 && fail "--travel bus accepted"
grep -q "mode de déplacement inconnu" "$TMP/bus.log" || fail "--travel bus: $(cat "$TMP/bus.log")"

# A permanence at sea (1.1 km from the nearest road): reported, covers nothing.
printf 'id,nom,lat,lon\nmer,Permanence en mer,43.726,7.439\n' >"$TMP/pts.csv"
"$MARAUDE" services import "$TMP/ws.gpkg" "$TMP/pts.csv" --scenario "en mer" --reach 1km >"$TMP/svc.log" 2>&1 ||
  fail "services import: $(cat "$TMP/svc.log")"
"$MARAUDE" gaps "$TMP/ws.gpkg" --scenario "en mer" --out "$TMP/mer.csv" >"$TMP/mer.log" 2>&1 || fail "gaps en mer: $(cat "$TMP/mer.log")"
grep -q "Permanence en mer.*route la plus proche, injoignable par la route" "$TMP/mer.log" ||
  fail "no unreachable warning for the point at sea: $(cat "$TMP/mer.log")"
grep -q "points_injoignables,\"1\"" "$TMP/mer_parametres.csv" || fail "parameters do not count the unreachable point"

# Tours along the roads: GPX track, report and roadbook say so.
"$MARAUDE" plan "$TMP/ws.gpkg" --base 99003 --days 2 --reach 1km --out "$TMP/plan" >"$TMP/plan.log" 2>&1 ||
  fail "plan: $(cat "$TMP/plan.log")"
n=$(grep -c "<trkpt" "$TMP/plan/plan.gpx")
[ "$n" -gt 50 ] || fail "GPX has $n track points along the roads"
grep -q "<rtept" "$TMP/plan/plan.gpx" || fail "GPX lost its route of stops"
grep -q "Temps et distances : par la route (OpenStreetMap, profil voiture)" "$TMP/plan/rapport.txt" || fail "report does not name the model"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/tools/need.sh"
need pdftotext poppler-utils
pdftotext "$TMP/plan/roadbook.pdf" - | grep -q "le long des routes" || fail "roadbook does not say the lines follow the roads"
"$MARAUDE" plan "$TMP/ws.gpkg" --base 99003 --days 2 --reach 1km --travel crowfly --out "$TMP/plan_crow" >/dev/null 2>&1 ||
  fail "plan --travel crowfly"
grep -q "<trkpt" "$TMP/plan_crow/plan.gpx" && fail "crow-fly plan has a road track"

if [ $FAILS -gt 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
echo "roads coverage: all checks passed"
