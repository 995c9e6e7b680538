#!/usr/bin/env bash
# Presenting territory gaps: stories (list, starter, export) and the dossier atlas.
# Usage: bash presenting.sh MARAUDE_BINARY DATA_DIR SOURCE_DIR
# Needs pdfinfo and pdftotext (poppler-utils).
set -u
M="$1"
DATA="$2"
TMP="$(mktemp -d)"
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

for tool in pdfinfo pdftotext; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install poppler-utils)"; echo "0 passed, 1 failed"; exit 1; }
done

"$M" import --data "$DATA" --out "$TMP/ws.gpkg" >"$TMP/import.log" 2>&1
check "import a workspace" '[ -f "$TMP/ws.gpkg" ]'
WS="$TMP/ws.gpkg"
STARTER="Récit de départ — Hauts-de-France"

# --- story list / create-starter ---------------------------------------------------
out=$("$M" story list "$WS")
check "story list on a fresh workspace prints nothing" '[ -z "$out" ]'
"$M" story create-starter "$WS" >"$TMP/starter.log" 2>&1
check "story create-starter succeeds" '[ $? -eq 0 ]'
out=$("$M" story list "$WS")
check "story list prints the starter story" '[ "$out" = "$STARTER" ]'
views=$(grep -c '^vue	' <("$M" story show "$WS" --story "$STARTER"))
check "starter story has views ($views)" '[ "$views" -ge 5 ]'
check "starter story covers the region overview" 'grep -q "vue d.ensemble" "$TMP/starter.log"'
check "starter story has a high-unemployment basin view" 'grep -q "Bassin de .*: chômage" "$TMP/starter.log"'
check "starter story has the biggest gaps view" 'grep -q "plus grandes lacunes" "$TMP/starter.log"'

# --- story export --------------------------------------------------------------------
"$M" story export "$WS" --story "$STARTER" --pdf "$TMP/recit.pdf" >"$TMP/export.log" 2>&1
check "story export succeeds" '[ $? -eq 0 ] && [ -f "$TMP/recit.pdf" ]'
check "handout has one page per view ($(pages "$TMP/recit.pdf") vs $views)" '[ "$(pages "$TMP/recit.pdf")" = "$views" ]'
pdftotext "$TMP/recit.pdf" "$TMP/recit.txt"
check "handout text has the overview title" 'grep -q "Hauts-de-France : vue d.ensemble" "$TMP/recit.txt"'
check "handout text has a basin title with its rate" 'grep -Eq "Bassin de .* : chômage [0-9]+,[0-9] %" "$TMP/recit.txt"'
check "handout text has the key figures" 'grep -q "Chiffres clés" "$TMP/recit.txt" && grep -q "5 992 194\|Habitants" "$TMP/recit.txt"'
check "handout text has the legend and credits in French" 'grep -q "Taux de chômage localisé" "$TMP/recit.txt" && grep -q "Licence Ouverte" "$TMP/recit.txt"'
check "handout keeps French characters" 'grep -q "Récit de départ" "$TMP/recit.txt"'
check "handout text is never cut short with an ellipsis (notes fitted)" '! grep -q "…" "$TMP/recit.txt"'

# A story naming a layer and a scenario that no longer exist: exported with a note.
cat >"$TMP/old.story" <<'EOF'
# maraude-story 1
nom	Ancien récit
vue	Vue avec une couche disparue
etendue	zone:9999
couches	zones,routes_2019,qpv
scenario	scénario supprimé
surbrillance	qpv:QN99999X
note	Cette vue date d'avant la mise à jour.
EOF
"$M" story import "$WS" "$TMP/old.story" >/dev/null 2>&1
check "story import stores a hand-written story" '[ $? -eq 0 ]'
if "$M" story list "$WS" | grep -q "Ancien récit"; then
  "$M" story export "$WS" --story "Ancien récit" --pdf "$TMP/ancien.pdf" >"$TMP/ancien.log" 2>&1
  check "story with a missing layer/scenario still exports" '[ $? -eq 0 ] && [ "$(pages "$TMP/ancien.pdf")" = 1 ]'
  pdftotext "$TMP/ancien.pdf" "$TMP/ancien.txt"
  check "the page notes the missing layer" 'grep -q "routes_2019" "$TMP/ancien.txt"'
  check "the page notes the missing scenario" 'grep -q "scénario supprimé" "$TMP/ancien.txt"'
else
  ko "the imported story is listed"
fi

# Bad input.
"$M" story export "$WS" --story "nulle part" --pdf "$TMP/x.pdf" >"$TMP/err1.log" 2>&1
rc=$?
check "unknown story: usage error (exit 2) listing the stories" '[ $rc -eq 2 ] && grep -q "introuvable" "$TMP/err1.log" && grep -q "Récit de départ" "$TMP/err1.log"'
"$M" story export "$WS" --story "$STARTER" --pdf "$TMP/no/such/dir/x.pdf" >"$TMP/err2.log" 2>&1
rc=$?
check "missing output folder: output error (exit 6) with a clear message" '[ $rc -eq 6 ] && grep -q "impossible d.écrire le PDF" "$TMP/err2.log"'
mkdir -p "$TMP/ro" && chmod a-w "$TMP/ro"
if [ "$(id -u)" != 0 ]; then
  "$M" dossier "$WS" --by zone --pdf "$TMP/ro/x.pdf" >"$TMP/err3.log" 2>&1
  rc=$?
  check "read-only folder: output error (exit 6)" '[ $rc -eq 6 ] && grep -q "impossible d.écrire le PDF" "$TMP/err3.log"'
fi
"$M" dossier "$WS" --by zone --pdf "$TMP" >"$TMP/err4.log" 2>&1
rc=$?
check "output path is a folder: output error (exit 6)" '[ $rc -eq 6 ] && grep -q "est un dossier" "$TMP/err4.log"'
"$M" dossier "$WS" --by canton --pdf "$TMP/x.pdf" >"$TMP/err5.log" 2>&1
check "unknown --by: usage error" '[ $? -eq 2 ]'

# --- dossier ---------------------------------------------------------------------------
"$M" dossier "$WS" --by zone --pdf "$TMP/zones.pdf" >"$TMP/dz.log" 2>&1
check "dossier --by zone succeeds" '[ $? -eq 0 ]'
check "zone dossier has 24 pages (one per zone d'emploi)" '[ "$(pages "$TMP/zones.pdf")" = 24 ]'
pdftotext "$TMP/zones.pdf" "$TMP/zones.txt"
check "zone dossier names its zones" 'grep -q "Zone d.emploi Lens" "$TMP/zones.txt" && grep -q "Zone d.emploi Amiens" "$TMP/zones.txt"'
check "zone dossier text is never cut short with an ellipsis" '! grep -q "…" "$TMP/zones.txt"'
check "zone dossier has gap figures" 'grep -q "NEET estimés non couverts" "$TMP/zones.txt" && grep -q "Taux de chômage" "$TMP/zones.txt"'
"$M" dossier "$WS" --by departement --pdf "$TMP/dep.pdf" >/dev/null 2>&1
check "departement dossier has 5 pages" '[ "$(pages "$TMP/dep.pdf")" = 5 ]'
pdftotext "$TMP/dep.pdf" "$TMP/dep.txt"
check "departement dossier names Pas-de-Calais" 'grep -q "Pas-de-Calais (62)" "$TMP/dep.txt"'
"$M" dossier "$WS" --by epci --pdf "$TMP/epci.pdf" >/dev/null 2>&1
n_epci=$(sqlite3 "$WS" "SELECT COUNT(DISTINCT epci) FROM communes WHERE epci <> ''" 2>/dev/null || echo "")
if [ -n "$n_epci" ]; then
  check "epci dossier has one page per EPCI ($n_epci)" '[ "$(pages "$TMP/epci.pdf")" = "$n_epci" ]'
else
  check "epci dossier has many pages" '[ "$(pages "$TMP/epci.pdf")" -gt 50 ]'
fi

# --- edit: reorder, duplicate, remove, copy ----------------------------------------------
first=$("$M" story show "$WS" --story "$STARTER" | awk -F'\t' '$1=="vue" {print $2; exit}')
"$M" story edit "$WS" --story "$STARTER" --duplicate 1 >/dev/null 2>&1
check "duplicate adds a view" '[ "$(grep -c "^vue	" <("$M" story show "$WS" --story "$STARTER"))" = $((views + 1)) ]'
"$M" story edit "$WS" --story "$STARTER" --move 1:$((views + 1)) >/dev/null 2>&1
last=$("$M" story show "$WS" --story "$STARTER" | awk -F'\t' '$1=="vue" {t=$2} END {print t}')
check "move puts the first view last" '[ "$last" = "$first" ]'
"$M" story edit "$WS" --story "$STARTER" --remove $((views + 1)) >/dev/null 2>&1
check "remove drops a view" '[ "$(grep -c "^vue	" <("$M" story show "$WS" --story "$STARTER"))" = "$views" ]'
"$M" story edit "$WS" --story "$STARTER" --remove 999 >/dev/null 2>&1
check "remove of a view out of range: usage error" '[ $? -eq 2 ]'
"$M" story edit "$WS" --story "$STARTER" --copy-to "Copie" >/dev/null 2>&1
check "copy-to stores a second story" '"$M" story list "$WS" | grep -qx "Copie"'

# --- delete ----------------------------------------------------------------------------
"$M" story delete "$WS" --story "$STARTER" >/dev/null 2>&1
check "story delete removes it" '! "$M" story list "$WS" | grep -q "Récit de départ"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
