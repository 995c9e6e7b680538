#!/usr/bin/env bash
# Monkey test of the window: thousands of random events (clicks, drags, wheel, keys, Ctrl
# combinations and absurd values typed into whatever field has the focus: 0, -5, 1e9,
# text, empty...) with fixed seeds on a copy of the real workspace. The window must stay
# alive to the last frame and the workspace must still open and compute afterwards.
# (The ASan stage runs the same monkey under AddressSanitizer + UBSan: tests/asan.)
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -uo pipefail
MARAUDE=$1
DATA=$2
TMP=$(mktemp -d /tmp/maraude-monkey-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
"$MARAUDE" import --data "$DATA" --out "$TMP/ws.gpkg" >"$TMP/import.log" 2>&1 || { echo "FAIL: import: $(tail -3 "$TMP/import.log")"; exit 1; }
FRAMES=${MARAUDE_MONKEY_FRAMES:-1200}
for seed in 1 2; do
  XDG_CONFIG_HOME="$TMP/cfg" timeout 900 "$MARAUDE" view "$TMP/ws.gpkg" --size 1400x900 --script-frames "$FRAMES" \
    --monkey $seed >"$TMP/run$seed.log" 2>&1
  rc=$?
  [ $rc -eq 0 ] || { fail "seed $seed: the window ended with code $rc"; tail -20 "$TMP/run$seed.log"; continue; }
  n=$(awk '$1 == "frames" {print $2}' "$TMP/run$seed.log")
  [ "${n:-0}" -ge "$FRAMES" ] || fail "seed $seed: $n frames of $FRAMES"
  echo "ok: seed $seed, $n frames of random input, window alive"
done
"$MARAUDE" info "$TMP/ws.gpkg" >/dev/null 2>&1 || fail "the workspace no longer opens after the monkey"
"$MARAUDE" scenario list "$TMP/ws.gpkg" >/dev/null 2>&1 || fail "scenarios unreadable after the monkey"
"$MARAUDE" story list "$TMP/ws.gpkg" >/dev/null 2>&1 || fail "stories unreadable after the monkey"
"$MARAUDE" plan list "$TMP/ws.gpkg" >/dev/null 2>&1 || fail "saved plans unreadable after the monkey"
"$MARAUDE" gaps "$TMP/ws.gpkg" --out "$TMP/g.csv" >/dev/null 2>&1 || fail "gaps fails on the workspace after the monkey"
if [ $FAILS -gt 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
echo "monkey: all checks passed"
