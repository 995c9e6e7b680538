#!/usr/bin/env bash
# Region plan benchmark: `maraude plan` on the real workspace from Saint-Quentin (02691,
# reach 5 km: about 1,000 gap candidates), 1 team × 10 days and 3 teams × 20 days.
# For each: the first plan (construction and one search step, --iterations 1: 0 is refused),
# the plan after 1 s and 5 s
# of search (--seconds, whole planning call included), and a long run of the same code
# (default LONG=60 s) as the reference. Prints value collected, stops served and the
# planning time reported by `plan` (preparation excluded), and the gap to the long run.
# Usage: bench/planner.sh [BUILD_DIR] [LONG_SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
LONG="${2:-60}"
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target maraude >/dev/null
M="$BUILD/src/cli/maraude"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$M" import --data "$ROOT/../shared/data/geo" --out "$TMP/ws.gpkg" >/dev/null 2>&1
echo "Region plan benchmark (load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
printf '%-16s | %-22s | %7s | %8s | %12s | %s\n' "setting" "budget" "served" "value" "planning s" "vs long run"
echo "-----------------+------------------------+---------+----------+--------------+------------"
run() {  # label teams days budget-args...
  local label=$1 teams=$2 days=$3; shift 3
  local out="$TMP/o$RANDOM"
  local line
  line=$("$M" plan "$TMP/ws.gpkg" --base 02691 --days "$days" --teams "$teams" --reach 5km --out "$out" "$@" 2>&1 | tail -1)
  local ms served value
  ms=$(sed -n 's/.*planification \([0-9]*\) ms.*/\1/p' <<<"$line")
  if [ ! -f "$out/rapport.txt" ]; then  # a refused run is a failure of the bench, not an empty row
    echo "ÉCHEC : plan $* : $line" >&2
    touch "$TMP/failed"
  fi
  served=$(sed -n 's/^Arrêts servis : \([0-9]*\) sur.*/\1/p' "$out/rapport.txt")
  value=$(sed -n 's/^Valeur collectée : \([0-9, ]*\) NEET.*/\1/p' "$out/rapport.txt" | tr -d ' ' | tr ',' '.')
  echo "$label|$*|$served|$value|$ms"
}
for cfg in "1 10" "3 20"; do
  set -- $cfg
  teams=$1 days=$2
  label="$teams team(s) × $days d"
  rows=()
  rows+=("$(run "$label" "$teams" "$days" --iterations 1)")
  rows+=("$(run "$label" "$teams" "$days" --seconds 1)")
  rows+=("$(run "$label" "$teams" "$days" --seconds 5)")
  long=$(run "$label" "$teams" "$days" --seconds "$LONG")
  rows+=("$long")
  ref=$(cut -d'|' -f4 <<<"$long")
  for r in "${rows[@]}"; do
    IFS='|' read -r l b s v ms <<<"$r"
    gap=$(awk -v v="$v" -v r="$ref" 'BEGIN{ if (r > 0) printf "%+.2f %%", 100 * (v - r) / r; else print "-" }')
    printf '%-16s | %-22s | %7s | %8s | %12.2f | %s\n' "$l" "$b" "$s" "$v" "$(awk -v m="$ms" 'BEGIN{print m/1000}')" "$gap"
  done
done
[ ! -e "$TMP/failed" ] || { echo "ÉCHEC : un calcul au moins a été refusé (voir ci-dessus)" >&2; exit 1; }
