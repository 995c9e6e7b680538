#!/usr/bin/env bash
# `maraude import --check`: the real manifest passes (exit 0) in seconds; broken copies (a
# wrong column name, a missing file, an unknown key or section, a required section absent)
# exit 4 with a French line naming what is wrong and what was found.
# Usage: bash manifest_check.sh MARAUDE_BINARY DATA_DIR SOURCE_DIR
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

MAN="$SRC/data/geo/manifest.ini"
# The real manifest: all in order, quickly, without writing anything.
start=$(date +%s%N)
"$M" import --check --data "$DATA" --manifest "$MAN" >"$TMP/ok.out" 2>"$TMP/ok.err"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "real manifest: exit 0 (got $rc)" '[ $rc -eq 0 ]'
check "real manifest: says all is in order" 'grep -q "tout est en ordre" "$TMP/ok.out"'
check "real manifest: no problem line" '! grep -q "problème" "$TMP/ok.err"'
echo "real manifest checked in $ms ms (a figure, not a check: the machine may be busy)"
check "real manifest: each file section listed" '[ "$(grep -c "ok : \[" "$TMP/ok.out")" -ge 12 ]'
check "nothing written in the data folder" '[ -z "$(find "$DATA" -newer "$TMP/ok.out" -print -quit)" ]'
"$M" import --check --data "$DATA" --manifest "$SRC/data/geo/fixtures/monaco/manifest.ini" >"$TMP/mc.out" 2>&1
check "Monaco fixture manifest: exit 0" '[ $? -eq 0 ]'

# Broken copies (beside a copy of the laureate catalogue, which is relative to the manifest).
broken() {  # broken NAME SED-EXPRESSION: writes $TMP/NAME/manifest.ini, runs the check
  mkdir -p "$TMP/$1"
  cp "$SRC/data/geo/laureates.csv" "$TMP/$1/"
  sed -e "$2" "$MAN" >"$TMP/$1/manifest.ini"
  "$M" import --check --data "$DATA" --manifest "$TMP/$1/manifest.ini" >"$TMP/$1.out" 2>"$TMP/$1.err"
  echo $?
}
rc=$(broken column 's/^field.population = population$/field.population = populaton/')
check "wrong column: exit 4 (got $rc)" '[ "$rc" -eq 4 ]'
check "wrong column: names the column, the key and the section" 'grep -q "\[communes\] : field.population : la colonne « populaton » est absente" "$TMP/column.err"'
check "wrong column: lists the columns found and suggests the right one" 'grep -q "colonnes trouvées : .*population" "$TMP/column.err" && grep -q "vouliez-vous dire « population »" "$TMP/column.err"'

rc=$(broken file 's#^file = insee/grille_densite_7niveaux_communes_hdf.csv#file = insee/grille_absente.csv#')
check "missing file: exit 4 (got $rc)" '[ "$rc" -eq 4 ]'
check "missing file: names the path and the official URL" 'grep -q "\[density\] : fichier introuvable : .*insee/grille_absente.csv ; téléchargez-le depuis https://www.insee.fr/fr/information/6439600" "$TMP/file.err"'

rc=$(broken key 's/^field.lat = latitude$/field.latt = latitude/')
check "unknown key: exit 4 (got $rc)" '[ "$rc" -eq 4 ]'
check "unknown key: names it with its line and the closest known key" 'grep -q "manifest.ini:[0-9]* \[services.france_services\] : clé inconnue « field.latt » (vouliez-vous dire « field.lat » ?)" "$TMP/key.err"'

rc=$(broken section 's/^\[density\]$/[densite]/')
check "unknown section: exit 4 (got $rc)" '[ "$rc" -eq 4 ]'
check "unknown section: suggests [density]" 'grep -q "\[densite\] : section inconnue (vouliez-vous dire \[density\] ?)" "$TMP/section.err"'

rc=$(broken required 's/^\[zones_emploi\]$/[zones_emploi_old]/')
check "required section absent: exit 4" '[ "$rc" -eq 4 ]'
check "required section absent: said" 'grep -q "la section obligatoire \[zones_emploi\] est absente" "$TMP/required.err"'

rc=$(broken kind 's/^kind = france_travail$/kind = pole_emploi/')
check "unknown service kind: exit 4 and the allowed kinds listed" '[ "$rc" -eq 4 ] && grep -q "type de service inconnu « pole_emploi » (utilisez france_services, france_travail" "$TMP/kind.err"'

rc=$(broken neet 's/^# neet_share = 0.128$/neet_share = 12.8/')
check "neet_share given in % : exit 4, told to write a fraction" '[ "$rc" -eq 4 ] && grep -q "neet_share « 12.8 » n’est pas une part entre 0 et 1" "$TMP/neet.err"'

# Every problem at once, and the usual error line with the BadInput kind.
rc=$(broken many 's/^field.population = population$/field.population = populaton/; s/^field.lat = latitude$/field.latt = latitude/')
# (field.lat is in two services sections: three problems)
check "several problems: all reported" '[ "$(grep -c "^problème" "$TMP/many.err")" -eq 3 ] && grep -q "le manifeste a 3 problème(s)" "$TMP/many.err"'
check "several problems: a section with a problem is not listed as ok" '! grep -q "ok : \[communes\]" "$TMP/many.out" && grep -q "ok : \[density\]" "$TMP/many.out"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
