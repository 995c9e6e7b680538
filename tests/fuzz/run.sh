#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz under ASan + UBSan, from seed corpora made at
# run time from the real files (the project's data/geo, ../shared/data/geo, ../shared/bench:
# small heads copied into a temporary folder, nothing committed) and from the program's own
# writers (a scenario and a story of the Monaco fixture). Prints per target: cases run,
# crashes (any sanitizer report, uncaught non-maraude exception or violated property) and
# hangs (an input taking more than 10 s). Exits 1 on any crash or hang.
#   tests/fuzz/run.sh BUILD_FUZZ_DIR [--seconds N | --runs N] [SHARED_DIR]
# --seconds N: each target runs N seconds (CI: 40); --runs N: each runs N cases (run_long.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=$(cd "$1" && pwd)
MODE=${2:---seconds}
AMOUNT=${3:-40}
SHARED=${4:-$ROOT/../shared}
TARGETS=(manifest csv laureates services instance story scenario options profiles plan)
WORK=$(mktemp -d /tmp/maraude-fuzz-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
GEO="$SHARED/data/geo"
[ -d "$GEO" ] || { echo "données introuvables : $GEO" >&2; exit 3; }

# --- Seeds ----------------------------------------------------------------------------
seed() {  # seed TARGET NAME PREFIX_BYTE FILE [BYTES]: PREFIX + the first BYTES of FILE
  local d="$WORK/seeds/$1"; mkdir -p "$d"
  { [ -n "$3" ] && printf "\\x$3"; head -c "${5:-8000}" "$4"; } >"$d/$2"
}
seedtext() { local d="$WORK/seeds/$1"; mkdir -p "$d"; printf "$3" >"$d/$2"; }
F="$ROOT/data/geo/fixtures/monaco"
seed manifest main "" "$ROOT/data/geo/manifest.ini" 100000
seed manifest monaco "" "$F/manifest.ini" 100000
seed profiles default "" "$ROOT/data/geo/road_profiles.ini" 100000
seed laureates catalogue "" "$ROOT/data/geo/laureates.csv" 100000
seed laureates head "" "$ROOT/data/geo/laureates.csv" 1500
i=0
for f in "$ROOT/data/geo/laureates.csv" "$F"/*.csv "$GEO"/insee/*.csv "$GEO"/services/*.csv "$GEO"/qpv/*.csv; do
  [ -f "$f" ] || continue
  i=$((i + 1))
  if head -1 "$f" | grep -q ';'; then p=01; else p=00; fi
  seed csv "c$i" "$p" "$f" 3000
done
seed services monaco 00 "$F/services.csv"
seedtext services latlon 'id,nom,lat,lon,portee\np1,Port,43.7350,7.4210,15km\np2,Gare,43.7395,7.4190,20min\n'
seedtext services xy '\x00id;nom;x;y;type\nq1;Permanence;1044000;6300000;permanence\n'
seedtext services insee 'id,nom,insee\nm1,Mairie,99003\n'
seedtext services geojson '\x01{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"g1","nom":"Arret","type":"mobile_stop"},"geometry":{"type":"Point","coordinates":[7.42,43.735]}}]}'
for f in "$SHARED"/bench/tsplib/*.tsp; do seed instance "$(basename "$f")" 00 "$f" 100000; done
for f in "$SHARED"/bench/solomon/*.txt; do seed instance "$(basename "$f")" 01 "$f" 100000; done
n=0
for s in '\x0015km' '\x0020min' '\x001,5 km' '\x01009:00' '\x0117h30' '\x022h30' '\x0290' '\x02150min' '\x03voiture' '\x03vol_oiseau' \
         '\x041,5' '\x04-3.25e2' '\x0542' '\x06050 km/h' '\x0630 mph' '\x06FR:urban' \
         '\x07lun-ven 09:30-12:30,13:30-16:00' '\x07lun,mer 09:00-12:00; ven 13:30-16:00' '\x0709:30-12:30' \
         '\x0802468, Marle;59178' '\x08code,nom\n02468,Marle\n# note\n' '\x095000' '\x09zone:3220,epci:200044618' '\x09france_travail,mission_locale'; do
  n=$((n + 1)); seedtext options "o$n" "$s"
done
# Inputs that once crashed a parser (tests/fuzz/regressions/TARGET/), replayed first every run.
for d in "$ROOT"/tests/fuzz/regressions/*/; do
  t=$(basename "$d"); mkdir -p "$WORK/seeds/$t"
  for f in "$d"*; do [ -f "$f" ] && cp "$f" "$WORK/seeds/$t/regression-$(basename "$f")"; done
done
mkdir -p "$WORK/seeds/story" "$WORK/seeds/scenario" "$WORK/seeds/plan"
FUZZ_WRITE_SEEDS="$WORK/seeds/story" "$BUILD/tests/fuzz/fuzz_story" -runs=0 "$WORK/seeds/story" >/dev/null 2>&1
FUZZ_WRITE_SEEDS="$WORK/seeds/scenario" "$BUILD/tests/fuzz/fuzz_scenario" -runs=0 "$WORK/seeds/scenario" >/dev/null 2>&1
FUZZ_WRITE_SEEDS="$WORK/seeds/plan" "$BUILD/tests/fuzz/fuzz_plan" -runs=0 "$WORK/seeds/plan" >/dev/null 2>&1
for t in story scenario plan; do
  [ -n "$(ls "$WORK/seeds/$t")" ] || { echo "FAIL: no $t seed written by the program" >&2; exit 1; }
done
# Saved plans of the format's version 1 (before rotations), as the old writer gave them.
seed plan v1-oneoff "" "$ROOT/tests/unit/data/plan_v1_oneoff.plan" 100000
seed plan v1-rotation "" "$ROOT/tests/unit/data/plan_v1_rotation.plan" 100000

# --- Runs -----------------------------------------------------------------------------
case $MODE in
  --seconds) LIMIT=(-max_total_time="$AMOUNT") ;;
  --runs) LIMIT=(-runs="$AMOUNT") ;;
  *) echo "usage: run.sh BUILD_FUZZ_DIR [--seconds N | --runs N] [SHARED_DIR]" >&2; exit 2 ;;
esac
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
printf "%-10s %9s %8s %6s %8s %7s\n" cible cas crashs blocs secondes seeds
total_t0=$(date +%s)
for t in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$t"; art="$WORK/artifacts/$t/"; mkdir -p "$corpus" "$art"
  leaks=1; [ "$t" = services ] && leaks=0  # GDAL keeps driver caches alive between inputs
  t0=$(date +%s)
  set +e
  "$BUILD/tests/fuzz/fuzz_$t" "${LIMIT[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -detect_leaks=$leaks \
    -artifact_prefix="$art" -print_final_stats=1 "$corpus" "$WORK/seeds/$t" >"$WORK/$t.log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - t0 ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$WORK/$t.log" | grep -o '[0-9]*$' | tail -1)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$WORK/$t.log" | tail -1 | tr -d '#')
  crashes=$(find "$art" -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' | wc -l)
  hangs=$(find "$art" -name 'timeout-*' | wc -l)
  [ "$rc" -ne 0 ] && [ "$crashes" = 0 ] && [ "$hangs" = 0 ] && crashes=1
  printf "%-10s %9s %8s %6s %8s %7s\n" "$t" "${runs:-0}" "$crashes" "$hangs" "$secs" "$(ls "$WORK/seeds/$t" | wc -l)"
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "---- fuzz_$t: exit $rc; end of its log:"; tail -40 "$WORK/$t.log"
    if [ -n "${FUZZ_KEEP:-}" ]; then mkdir -p "$FUZZ_KEEP"; cp -r "$art" "$FUZZ_KEEP/$t"; echo "artefacts copied to $FUZZ_KEEP/$t"; fi
  fi
done
echo "total : $(( $(date +%s) - total_t0 )) s"
exit $status
