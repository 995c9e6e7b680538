#!/usr/bin/env bash
# Behaviour of `maraude gaps`, `maraude services import` and `maraude scenario` on the
# real data: every output format, bad rows reported with their line, bad reach refused.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -euo pipefail
M=$1
DATA=$2
TMP=$(mktemp -d /tmp/maraude-coverage-cli-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMP"
"$M" import --data "$DATA" --out ws.gpkg >/dev/null 2>&1 || fail "import"

# Outputs by extension, parameters recorded in each.
"$M" gaps ws.gpkg --reach 15km --suggest 3 --out g.gpkg >out.txt || fail "gaps gpkg"
grep -q "Population des cibles couverte :" out.txt || fail "no headline (the share is the targets', said so)"
# info: the QPV line gives the QPV population estimate (with its source), not that of their communes.
"$M" info ws.gpkg >info.txt || fail "info"
grep -Eq '^qpv +[0-9]+ +≈ 753 ' info.txt || fail "info: QPV population is not the QPV estimate: $(grep '^qpv' info.txt)"
grep -q "Population des QPV : ≈ 753 .*INSEE Analyses" info.txt || fail "info: QPV population source"
grep -q "Nouveaux sites proposés" out.txt || fail "no suggestion"
"$M" gaps ws.gpkg --reach 20min --out g.geojson >/dev/null || fail "gaps geojson"
grep -q '"parametres"' g.geojson || fail "geojson without parametres"
grep -q 'Apprentis' g.geojson || fail "geojson without the NEET source"
"$M" gaps ws.gpkg --out g.csv >/dev/null || fail "gaps csv"
[ -s g_parametres.csv ] && [ -s g_totaux.csv ] || fail "csv side files missing"
head -1 g.csv | grep -q "neet_non_couverts" || fail "csv header"
"$M" gaps ws.gpkg --out g.xlsx >/dev/null || fail "gaps xlsx"
[ -s g.xlsx ] || fail "xlsx empty"

# Bad reach / scenario / extension: clear usage error (exit 2), never a crash.
for bad in "--reach 0km" "--reach -3km" "--reach 150km" "--reach 200min" "--reach abc" "--scenario nope"; do
  set +e; "$M" gaps ws.gpkg $bad --out x.gpkg 2>err.txt; rc=$?; set -e
  [ "$rc" = 2 ] || fail "gaps $bad: exit $rc"
  grep -q "erreur" err.txt || fail "gaps $bad: no message"
done
set +e; "$M" gaps ws.gpkg --out x.shp 2>err.txt; rc=$?; set -e
[ "$rc" = 2 ] || fail "unknown extension: exit $rc"

# Services import: good rows imported, each bad row named with its line.
cat >perms.csv <<'CSV'
id,nom,lat,lon,insee,portee
p1,Perm Guise,49.90,3.63,,
p2,Perm Marle,,,02468,10km
p3,Mauvaise,abc,3.1,,
p4,Vide,,,,
p5,Commune inconnue,,,99999,
p6,Paris,48.85,2.35,,
p7,Portee absurde,50.0,3.0,,250km
CSV
"$M" services import ws.gpkg perms.csv --scenario essai >out.txt 2>err.txt || fail "services import"
grep -q "2 point(s) importé(s)" out.txt || fail "import count: $(cat out.txt)"
for l in 4 5 6 7 8; do grep -q "perms.csv:$l:" err.txt || fail "line $l not reported"; done
printf 'nom;x;y\nParis;652000;6862000\n' >l93.csv
set +e; "$M" services import ws.gpkg l93.csv --scenario essai 2>err.txt; rc=$?; set -e
[ "$rc" = 4 ] || fail "point outside the region: exit $rc"
grep -q "hors de la région" err.txt || fail "outside the region not reported"

# Scenarios: list, copy, rename, delete, compare, gaps on a stored scenario.
"$M" scenario list ws.gpkg | grep -q "essai" || fail "list"
"$M" scenario copy ws.gpkg essai essai2 >/dev/null
"$M" scenario rename ws.gpkg essai2 essai3 >/dev/null
"$M" scenario list ws.gpkg | grep -q "essai3" || fail "rename"
"$M" scenario delete ws.gpkg essai3 >/dev/null
"$M" scenario list ws.gpkg | grep -q "essai3" && fail "delete"
set +e; "$M" scenario delete ws.gpkg essai3 2>/dev/null; rc=$?; set -e
[ "$rc" = 2 ] || fail "delete of a missing scenario: exit $rc"
"$M" scenario compare ws.gpkg "services publics existants" essai | grep -q "NEET non couverts" || fail "compare"
"$M" gaps ws.gpkg --scenario essai --out e.csv >/dev/null || fail "gaps on a stored scenario"
echo "OK"
