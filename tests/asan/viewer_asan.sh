#!/usr/bin/env bash
# The real window under AddressSanitizer + UBSan: an ASan build of `maraude` (GUI on,
# tests off) runs a few hundred frames of synthetic input on the real workspace under Xvfb.
#   tests/asan/viewer_asan.sh ROOT DATA [BUILD_DIR]
# Fails on any ASan/UBSan report and on any leak whose allocation stack passes through
# Maraude's code. Leaks allocated by the OpenGL driver alone (Mesa is unloaded at exit,
# so its frames show as "<unknown module>") are reported and tolerated.
set -euo pipefail
ROOT=${1:?usage: viewer_asan.sh ROOT DATA [BUILD_DIR]}
DATA=${2:?usage: viewer_asan.sh ROOT DATA [BUILD_DIR]}
BUILD=${3:-$ROOT/build-asan}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "== ASan + UBSan build ($BUILD)"
if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMARAUDE_GUI=ON -DMARAUDE_TESTS=OFF \
         -DMARAUDE_ASAN=ON && cmake --build "$BUILD" -j"$(nproc)" --target maraude; } >"$TMP/build.log" 2>&1; then
  tail -60 "$TMP/build.log" >&2
  echo "ÉCHEC : la construction ASan a échoué" >&2
  exit 1
fi
ASAN_OPTIONS=detect_leaks=0 "$BUILD/src/cli/maraude" import --data "$DATA" --out "$TMP/ws.gpkg" >/dev/null
set +e
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=exitcode=23 \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$BUILD/src/cli/maraude" view "$TMP/ws.gpkg" --size 1280x720 \
  --script-frames 300 >"$TMP/run.log" 2>&1
rc=$?
set -e
if grep -q "runtime error:" "$TMP/run.log"; then
  grep -A8 "runtime error:" "$TMP/run.log" >&2
  echo "ÉCHEC : UBSan signale un comportement indéfini" >&2
  exit 1
fi
if [ "$rc" -eq 23 ]; then
  # One block per leak: keep those with a frame in Maraude's code.
  ours=$(awk '/^(Direct|Indirect) leak/ { if (blk != "" && blk ~ /maraude::|src\/(core|io|render|app|cli)\//) n++; blk = "" } { blk = blk "\n" $0 }
              END { if (blk ~ /maraude::|src\/(core|io|render|app|cli)\//) n++; print n + 0 }' \
         <(sed -n '/LeakSanitizer/,/^SUMMARY/p' "$TMP/run.log" | grep -v '^SUMMARY'))
  summary=$(grep '^SUMMARY' "$TMP/run.log" || true)
  if [ "$ours" -gt 0 ]; then
    sed -n '/LeakSanitizer/,/^SUMMARY/p' "$TMP/run.log" >&2
    echo "ÉCHEC : $ours fuite(s) passent par le code de Maraude" >&2
    exit 1
  fi
  echo "fuites du pilote OpenGL seulement (module déchargé, tolérées) : ${summary#SUMMARY: AddressSanitizer: }"
elif [ "$rc" -ne 0 ]; then
  tail -40 "$TMP/run.log" >&2
  echo "ÉCHEC : la fenêtre sous ASan s'est terminée avec le code $rc" >&2
  exit 1
fi
grep -E "^frames|^first_frame_ms" "$TMP/run.log" || true

# One more window run without leak checking (done above): fails on any sanitizer report or
# a non-zero exit.  sanitized_view LOG LABEL ARGS...
sanitized_view() {
  local log=$1 label=$2 rc
  shift 2
  set +e
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=0 XDG_CONFIG_HOME="$TMP/cfg" \
    xvfb-run -a -s "-screen 0 1920x1080x24" "$BUILD/src/cli/maraude" view "$@" >"$log" 2>&1
  rc=$?
  set -e
  if grep -q "runtime error:\|ERROR: AddressSanitizer" "$log" || [ "$rc" -ne 0 ]; then
    grep -A12 "runtime error:\|ERROR: AddressSanitizer" "$log" >&2 || tail -40 "$log" >&2
    echo "ÉCHEC : $label sous ASan/UBSan (code $rc)" >&2
    exit 1
  fi
  echo "$label sous ASan + UBSan : $(grep -E '^frames' "$log" || echo ok)"
}

# The monkey: random clicks, drags, wheel, keys and absurd typed values; the workspace must
# still open afterwards.
sanitized_view "$TMP/monkey.log" "le test du singe (événements au hasard)" "$TMP/ws.gpkg" --size 1400x900 \
  --script-frames "${MARAUDE_ASAN_MONKEY_FRAMES:-1000}" --monkey 7
"$BUILD/src/cli/maraude" info "$TMP/ws.gpkg" >/dev/null 2>&1 || { echo "ÉCHEC : l'espace de travail ne s'ouvre plus après le singe" >&2; exit 1; }

# The road network: the Monaco test region (real OpenStreetMap extract) with coverage
# measured on the roads and a tour planned along them.
if [ -f "$DATA/roads/monaco_osrm-testdata_2016-03-05.osm.pbf" ]; then
  ASAN_OPTIONS=detect_leaks=0 "$BUILD/src/cli/maraude" import --data "$DATA" \
    --manifest "$ROOT/data/geo/fixtures/monaco/manifest.ini" --out "$TMP/roads.gpkg" >/dev/null 2>&1
  sanitized_view "$TMP/roads.log" "la fenêtre sur le réseau routier de Monaco" "$TMP/roads.gpkg" --size 1280x720 \
    --plan 99003 --script-frames 200
elif [ "${CI:-}" = true ]; then
  echo "ÉCHEC : l'extrait routier de Monaco manque dans $DATA/roads" >&2
  exit 1
fi
echo "ASan + UBSan : 300 images de la vraie fenêtre sans erreur"
