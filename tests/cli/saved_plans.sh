#!/usr/bin/env bash
# Saved plans on the command line (issue 11): `maraude plan ... --save NAME` stores the plan in
# the workspace, `plan list` / `plan show` read it back, `plan export` writes the same files
# from the stored result (planning.csv, planning.ics, rapport.txt byte for byte), an unknown
# name lists the known ones, and --add-to-scenario puts the served stops into a scenario
# (mobile_stop points) whose gaps are smaller.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -euo pipefail
M=$1
DATA=$2
TMP=$(mktemp -d /tmp/maraude-saved-plans-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMP"
"$M" import --data "$DATA" --out ws.gpkg >/dev/null 2>&1 || fail "import"
NAME=$'Saint-Quentin «déc.» ; 1/2'
"$M" plan ws.gpkg --base 02691 --days 3 --date 2026-12-07 --iterations 2000 --out a --save "$NAME" \
  --add-to-scenario "avec tournée" >plan.txt 2>&1 || fail "plan --save: $(tail -5 plan.txt)"
grep -qF "Plan enregistré sous « $NAME » (révision 1)" plan.txt || fail "no save message: $(tail -3 plan.txt)"
grep -q "arrêts de bureau mobile ajoutés au scénario « avec tournée »" plan.txt || fail "no add-to-scenario message"

"$M" plan list ws.gpkg >list.txt || fail "plan list"
grep -qF "$NAME" list.txt || fail "list lacks the plan: $(cat list.txt)"
grep -q "Saint-Quentin" list.txt || fail "list lacks the base"

"$M" plan show ws.gpkg "$NAME" >show.txt || fail "plan show"
grep -q "^Arrêts servis : " show.txt || fail "show: $(cat show.txt)"
grep -q "Jour 1 (lundi 7 décembre 2026)" show.txt || fail "show lacks day 1: $(cat show.txt)"

"$M" plan export ws.gpkg "$NAME" --out b >export.txt || fail "plan export"
for f in planning.csv planning.ics rapport.txt plan.gpx plan.geojson; do  # roadbook.pdf: cairo dates it
  cmp -s "a/$f" "b/$f" || fail "$f differs between plan --save and plan export"
done

set +e
"$M" plan show ws.gpkg "inconnu" >out.txt 2>err.txt
rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown name: exit $rc"
grep -qF "plan « inconnu » introuvable" err.txt || fail "unknown name message: $(cat err.txt)"
grep -qF "« $NAME »" err.txt || fail "unknown name does not list the known ones: $(cat err.txt)"

# Delete: gone from the list, the others stay.
"$M" plan ws.gpkg --base 02691 --days 2 --date 2026-12-07 --iterations 500 --out d --save "à supprimer" >/dev/null 2>&1 || fail "second save"
"$M" plan delete ws.gpkg "à supprimer" >/dev/null || fail "plan delete"
"$M" plan list ws.gpkg >list2.txt
grep -qF "à supprimer" list2.txt && fail "deleted plan still listed"
grep -qF "$NAME" list2.txt || fail "delete removed another plan"
set +e; "$M" plan delete ws.gpkg "à supprimer" 2>err.txt; rc=$?; set -e
[ "$rc" = 2 ] && grep -qF "aucun plan enregistré sous le nom" err.txt || fail "deleting twice: exit $rc $(cat err.txt)"

# An empty name is refused before any search or file.
set +e
"$M" plan ws.gpkg --base 02691 --days 2 --out empty --save " " >out.txt 2>err.txt
rc=$?
set -e
[ "$rc" = 2 ] || fail "empty --save: exit $rc"
grep -qF "nom de plan vide" err.txt || fail "empty --save message: $(cat err.txt)"
[ ! -e empty ] || fail "empty --save wrote files"

# The tour's stops in the scenario: fewer uncovered NEETs than the scenario it was planned on.
"$M" scenario show ws.gpkg "avec tournée" >sc.txt 2>&1 || fail "scenario show: $(head -5 sc.txt)"
grep -q "mobile_stop\|bureau mobile" sc.txt || fail "no mobile stop in the scenario: $(head -20 sc.txt)"
"$M" scenario compare ws.gpkg "services publics existants" "avec tournée" >cmp.txt 2>&1 || fail "compare: $(head -5 cmp.txt)"
row=$(grep -m1 "^NEET non couverts" cmp.txt) || fail "no NEET row: $(cat cmp.txt)"
read -r a b <<<"$(echo "$row" | awk '{print $(NF-2), $(NF-1)}')"
[ "$b" -lt "$a" ] || fail "the tour covers nothing: $row"
echo "NEET non couverts : $a sans la tournée, $b avec"
echo OK
