#!/usr/bin/env bash
# Another region's workspace never names Hauts-de-France: the Monaco test region
# (data/geo/fixtures/monaco) is imported and every text output is searched — CLI outputs,
# the text of the dossier, handout and poster PDFs (pdftotext), the window title, story names.
# Usage: bash region_texts.sh MARAUDE_BINARY DATA_DIR SOURCE_DIR
# Needs pdftotext (poppler-utils); the window and poster parts need xvfb-run (skipped without).
set -u
M="$1"
DATA="$2"
SRC="$3"
TMP="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT; [ -n "${KEEP:-}" ] && echo "outputs in $TMP"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }
command -v pdftotext >/dev/null || { echo "missing pdftotext (apt-get install poppler-utils)"; echo "0 passed, 1 failed"; exit 1; }

OUT="$TMP/out"
mkdir -p "$OUT"
run() {  # run NAME ARGS...: keeps stdout+stderr in $OUT/NAME.txt
  local name="$1"
  shift
  "$M" "$@" >"$OUT/$name.txt" 2>&1
}
run import import --data "$DATA" --manifest "$SRC/data/geo/fixtures/monaco/manifest.ini" --out "$TMP/ws.gpkg"
WS="$TMP/ws.gpkg"
check "import of the test region" '[ -f "$WS" ]'
run help --help
run info info "$WS"
run gaps gaps "$WS" --out "$TMP/gaps.gpkg"
run starter story create-starter "$WS"
run stories story list "$WS"
STORY="$(head -1 "$OUT/stories.txt")"
run show story show "$WS" --story "$STORY"
run handout story export "$WS" --story "$STORY" --pdf "$TMP/handout.pdf"
run dossier dossier "$WS" --by zone --pdf "$TMP/dossier.pdf"
run scenarios scenario list "$WS"
run badview render "$WS" --out "$TMP/x.png" --view commune:00000
for c in dossier gaps import info plan render scenario services story view; do run "help_$c" "$c" --help; done
check "story name from the region" '[ "$STORY" = "Récit de départ — Test Monaco" ]'
check "handout written" '[ -s "$TMP/handout.pdf" ]'
check "dossier written" '[ -s "$TMP/dossier.pdf" ]'
pdftotext "$TMP/handout.pdf" "$OUT/handout_pdf.txt"
pdftotext "$TMP/dossier.pdf" "$OUT/dossier_pdf.txt"
check "handout names the test region" 'grep -q "Test Monaco" "$OUT/handout_pdf.txt"'
check "the NEET share comes from the manifest (11,0 %)" 'grep -q "11,0 %" "$OUT/gaps.txt"'
check "the NEET source comes from the manifest" 'grep -q "région d.essai" "$OUT/gaps.txt"'

source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/tools/need.sh"
need xvfb-run xvfb
xvfb-run -a -s "-screen 0 1280x800x24" "$M" render "$WS" --poster A4 --dpi 40 --pdf "$TMP/poster.pdf" --out "$TMP/poster.png" \
  >"$OUT/poster.txt" 2>&1
check "poster written" '[ -s "$TMP/poster.pdf" ]'
pdftotext "$TMP/poster.pdf" "$OUT/poster_pdf.txt"
check "poster titled with the test region" 'grep -q "Test Monaco" "$OUT/poster_pdf.txt"'
check "poster subtitle names no QPV (none imported)" '! grep -q "ne va pas : QPV" "$OUT/poster_pdf.txt"'
check "poster names no France Travail (none imported)" '! grep -q "France Travail" "$OUT/poster_pdf.txt"'
xvfb-run -a -s "-screen 0 1280x800x24" "$M" view "$WS" --size 800x600 --screenshot "$TMP/view.png" >"$OUT/view.txt" 2>&1
check "window title from the region" 'grep -q "^window_title Maraude — Test Monaco$" "$OUT/view.txt"'

hits=$(grep -l "Hauts-de-France" "$OUT"/*.txt 2>/dev/null)
check "no output names Hauts-de-France ($(echo $hits | tr '\n' ' '))" '[ -z "$hits" ]'
[ -n "$hits" ] && grep -n "Hauts-de-France" $hits | head -20
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
