#!/usr/bin/env bash
# Benchmark of the print poster (issue 6): `maraude render --poster A0 --dpi 300`
# (9933 x 14043 px, tiled GL render streamed into one image, overlay and PNG with cairo).
# Prints the wall time (goal <= 30 s on 2 cores with Mesa), the split reported by the
# command (map / text / PNG writing) and the peak resident memory.
#
# Usage: bash bench/poster.sh [MARAUDE_BINARY] [DATA_DIR] [FORMAT] [DPI]
# Needs a display: run under xvfb-run -a -s "-screen 0 1920x1080x24" when headless.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
M="${1:-$HERE/../build/src/cli/maraude}"
DATA="${2:-${MARAUDE_DATA:-$HERE/../../shared/data/geo}}"
FORMAT="${3:-A0}"
DPI="${4:-300}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
WS="${MARAUDE_WORKSPACE:-}"
if [ -z "$WS" ] || [ ! -f "$WS" ]; then
  WS="$TMP/ws.gpkg"
  "$M" import --data "$DATA" --out "$WS" >/dev/null 2>&1
fi
t0=$(date +%s.%N)
if command -v /usr/bin/time >/dev/null; then
  /usr/bin/time -f "%M" -o "$TMP/mem" "$M" render "$WS" --poster "$FORMAT" --dpi "$DPI" \
    --title "Hauts-de-France — où l’« aller vers » ne va pas" --out "$TMP/poster.png" 2>"$TMP/err"
  peak_kb=$(tail -1 "$TMP/mem")
else
  "$M" render "$WS" --poster "$FORMAT" --dpi "$DPI" --out "$TMP/poster.png" 2>"$TMP/err"
  peak_kb="?"
fi
t1=$(date +%s.%N)
grep "affiche" "$TMP/err" || cat "$TMP/err"
size=$(stat -c %s "$TMP/poster.png")
awk -v a="$t0" -v b="$t1" -v f="$FORMAT" -v d="$DPI" -v kb="$peak_kb" -v sz="$size" 'BEGIN {
  t = b - a
  printf "poster %s %s dpi: %.1f s wall (goal <= 30 s: %s), peak memory %s MB, PNG %.0f MB\n",
         f, d, t, (t <= 30 ? "met" : "missed"), (kb == "?" ? "?" : sprintf("%.0f", kb / 1024)), sz / 1048576 }'
