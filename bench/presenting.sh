#!/usr/bin/env bash
# Benchmark of issue 6 "Presenting territory gaps": wall time of
#   1. the handout of the starter story (`maraude story export`, one PDF page per view),
#   2. the 24-page atlas by zone d'emploi (`maraude dossier --by zone`),
# each the median of N runs, against the goal (≤ 60 s) and the reference users give
# for QGIS: about a minute for a 21-page atlas (print layout + atlas, same kind of page:
# map, legend, title, table). The QGIS figure is a reported order of magnitude, not a
# measurement on this machine (QGIS is not installed here).
#
# Usage: bash bench/presenting.sh [MARAUDE_BINARY] [DATA_DIR] [RUNS]
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
M="${1:-$HERE/../build/src/cli/maraude}"
DATA="${2:-${MARAUDE_DATA:-$HERE/../../shared/data/geo}}"
RUNS="${3:-3}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
STARTER="Récit de départ — Hauts-de-France"
QGIS_REF_S=60
QGIS_REF_PAGES=21

"$M" import --data "$DATA" --out "$TMP/ws.gpkg" >/dev/null 2>&1
"$M" story create-starter "$TMP/ws.gpkg" >/dev/null

now() { date +%s.%N; }
# median of the wall times (seconds) of RUNS runs of the command; prints "median pages peak_kb"
measure() {
  local out="$1"; shift
  local times=() peak=0
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(now)
    if command -v /usr/bin/time >/dev/null; then
      /usr/bin/time -f "%M" -o "$TMP/mem" "$@" >/dev/null
      local kb; kb=$(tail -1 "$TMP/mem")
      [ "$kb" -gt "$peak" ] && peak=$kb
    else
      "$@" >/dev/null
    fi
    t1=$(now)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  local med
  med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local pages; pages=$(pdfinfo "$out" | awk '/^Pages:/ {print $2}')
  echo "$med $pages $peak"
}

read -r t1 p1 m1 < <(measure "$TMP/recit.pdf" "$M" story export "$TMP/ws.gpkg" --story "$STARTER" --pdf "$TMP/recit.pdf")
read -r t2 p2 m2 < <(measure "$TMP/zones.pdf" "$M" dossier "$TMP/ws.gpkg" --by zone --pdf "$TMP/zones.pdf")
s1=$(stat -c %s "$TMP/recit.pdf"); s2=$(stat -c %s "$TMP/zones.pdf")

echo "Présentation des lacunes — médiane de $RUNS exécutions (temps total de la commande : chargement"
echo "de l'espace de travail, calcul des lacunes du scénario, dessin vectoriel, écriture du PDF)"
# Labels padded by hand: printf pads bytes, not characters.
printf '%-44s %6s %9s %9s %8s %11s\n' "" "pages" "total s" "s/page" "Mo PDF" "mémoire Mo"
printf '%-46s %6d %9.2f %9.3f %8.1f %10.0f\n' "Maraude : récit de départ (story export)" "$p1" "$t1" "$(echo "$t1/$p1" | bc -l)" "$(echo "$s1/1048576" | bc -l)" "$(echo "$m1/1024" | bc -l)"
printf '%-44s %6d %9.2f %9.3f %8.1f %10.0f\n' "Maraude : dossier par zone d'emploi" "$p2" "$t2" "$(echo "$t2/$p2" | bc -l)" "$(echo "$s2/1048576" | bc -l)" "$(echo "$m2/1024" | bc -l)"
printf '%-47s %6d %9s %9.3f %8s %10s\n' "QGIS atlas (référence rapportée, ~1 min)" "$QGIS_REF_PAGES" "~$QGIS_REF_S" "$(echo "$QGIS_REF_S/$QGIS_REF_PAGES" | bc -l)" "-" "-"
echo "Objectif : ≤ 60 s par document. Dossier 24 pages : $(echo "$t2 <= 60" | bc -l | sed 's/1/atteint/;s/0/MANQUÉ/')" \
  "($(awk -v r="$QGIS_REF_S" -v rp="$QGIS_REF_PAGES" -v t="$t2" -v p="$p2" 'BEGIN {printf "%.1f", (r / rp) / (t / p)}')× plus rapide par page que la référence QGIS)."
