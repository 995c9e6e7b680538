#!/usr/bin/env bash
# Saved plans on the command line (issue 11): `maraude plan ... --save NAME` stores the plan in
# the workspace, `plan list` / `plan show` read it back, `plan export` writes the same files
# from the stored result (planning.csv, planning.ics, rapport.txt byte for byte), an unknown
# name lists the known ones, and --add-to-scenario puts the served stops into a scenario
# (mobile_stop points) whose gaps are smaller; the same for a 2-week rotation (version 2 of
# the stored format) with each stop's slot and frequency; a plan made with stop rules (version 3)
# exports the same rapport.txt and exclus.csv.
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

# Stop rules (format version 3): a plan made with rules exports the same report and
# exclus.csv (the candidates the rules removed) as the original --out.
code=$(awk -F, 'NR>1 { gsub(/"/, "", $7); if ($7 ~ /^[0-9][0-9AB][0-9]+$/ && $7 != "02691") { print $7; exit } }' a/planning.csv)
[ -n "$code" ] || fail "no served commune code in planning.csv: $(head -3 a/planning.csv)"
"$M" plan ws.gpkg --base 02691 --days 3 --date 2026-12-07 --iterations 2000 --out e --save "avec règles" \
  --max-population 4999 --min-neet 1 --exclude "$code" >rules.txt 2>&1 || fail "plan with rules --save: $(tail -5 rules.txt)"
grep -q "^Règles des arrêts : " e/rapport.txt || fail "no rules in the report: $(head -20 e/rapport.txt)"
grep -q "^$code," e/exclus.csv || fail "the excluded $code is not in exclus.csv"
"$M" plan export ws.gpkg "avec règles" --out ex >/dev/null || fail "plan export of the plan with rules"
for f in planning.csv planning.ics rapport.txt exclus.csv plan.gpx plan.geojson; do
  cmp -s "e/$f" "ex/$f" || fail "$f differs between plan --save with rules and plan export: $(diff "e/$f" "ex/$f" | head -5)"
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

# A rotation (format version 2): the export of the saved rotation writes the same CSV, ICS
# (RRULEs), KML and report bytes, and a passages.pdf of the same text; list and show say
# it is a rotation; its stops go into a scenario with their slot and frequency.
"$M" plan ws.gpkg --base 02691 --cycle 2w --date 2026-12-07 --iterations 2000 --out r --save "rotation SQ" \
  --add-to-scenario "avec rotation" >rot.txt 2>&1 || fail "plan --cycle 2w --save: $(tail -5 rot.txt)"
"$M" plan export ws.gpkg "rotation SQ" --out rx >/dev/null || fail "plan export of the rotation"
for f in planning.csv planning.ics plan.kml rapport.txt plan.gpx plan.geojson; do
  cmp -s "r/$f" "rx/$f" || fail "$f differs between plan --cycle 2w --save and plan export"
done
[ -s rx/passages.pdf ] || fail "no passages.pdf from the saved rotation"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/tools/need.sh"
need pdftotext poppler-utils
pdftotext r/passages.pdf r.txt && pdftotext rx/passages.pdf rx.txt || fail "pdftotext"
cmp -s r.txt rx.txt || fail "passages.pdf text differs: $(diff r.txt rx.txt | head -5)"
grep -q "une semaine sur deux" rx.txt || fail "passages.pdf does not say the frequency"
ev=$(grep -c "^BEGIN:VEVENT" rx/planning.ics)
rr=$(grep -c "^RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=" rx/planning.ics)
[ "$ev" -ge 1 ] && [ "$rr" = "$ev" ] || fail "$rr RRULEs every 2 weeks for $ev events in the exported ICS"
used=$(sed -n 's/.*créneaux du cycle occupés : \([0-9]*\) sur.*/\1/p' r/rapport.txt)
[ -n "$used" ] || fail "no used slots in the report"
"$M" plan list ws.gpkg >list3.txt
grep "^rotation SQ" list3.txt | grep -qF "rotation 2 semaines, $used créneaux" || fail "list: $(cat list3.txt)"
grep -F "$NAME" list3.txt | grep -qF "ponctuel, 3 jours" || fail "list does not say one-off: $(cat list3.txt)"
"$M" plan show ws.gpkg "rotation SQ" >show2.txt || fail "plan show of the rotation"
grep -qF "Type : rotation 2 semaines, $used créneaux" show2.txt || fail "show: $(head -5 show2.txt)"
grep -qF "Type : ponctuel, 3 jours" show.txt || fail "show of the one-off: $(head -5 show.txt)"
"$M" scenario show ws.gpkg "avec rotation" >scr.txt 2>&1 || fail "scenario show: $(head -5 scr.txt)"
grep -qE "(lundi|mardi|mercredi|jeudi|vendredi) matin 09:30–12:30, une semaine sur deux, premier passage le 2026-12-" scr.txt ||
  fail "no slot and frequency in the scenario: $(grep tournee scr.txt | head -3)"
grep "tournee-" scr.txt | grep -q "passage unique" && fail "a rotation stop says « passage unique »"
n=$(grep -c "tournee-" scr.txt)
[ "$n" = "$(grep -c '^BEGIN:VEVENT' r/planning.ics)" ] || fail "$n scenario points for $(grep -c '^BEGIN:VEVENT' r/planning.ics) slots"

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
