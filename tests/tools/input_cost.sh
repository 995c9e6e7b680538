#!/usr/bin/env bash
# CPU cost of one input event in the real window (bench, not run by ctest): `maraude view`
# on WORKSPACE in its own Xvfb, real X events sent with xdotool, the process's CPU time
# (utime + stime, /proc/PID/stat) read before and after each batch.
#   tests/tools/input_cost.sh MARAUDE WORKSPACE [SIZE]      (SIZE: 1400x900 by default)
# Prints, per kind of event, the CPU milliseconds per event, and the idle CPU over 3 s.
set -euo pipefail
MARAUDE=${1:?usage: input_cost.sh MARAUDE WORKSPACE [SIZE]}
WS=${2:?usage: input_cost.sh MARAUDE WORKSPACE [SIZE]}
SIZE=${3:-1400x900}
W=${SIZE%x*}
H=${SIZE#*x}
if [ -z "${INPUT_COST_INNER:-}" ]; then
  exec env INPUT_COST_INNER=1 xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$@"
fi
TMP=$(mktemp -d)
XDG_CONFIG_HOME="$TMP/cfg" "$MARAUDE" view "$WS" --size "$SIZE" >"$TMP/log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 120); do
  WID=$(xdotool search --pid $PID --name "Hauts-de-France" 2>/dev/null | head -1 || true)
  [ -n "$WID" ] && break
  sleep 0.5
done
[ -n "${WID:-}" ] || { echo "ÉCHEC : la fenêtre ne s'est pas ouverte" >&2; cat "$TMP/log" >&2; exit 1; }
xdotool windowmove "$WID" 0 0 windowfocus --sync "$WID" 2>/dev/null || true
sleep 8  # coverage computed, first frames drawn
TCK=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$TCK" '{ print ($14 + $15) * 1000 / t }' "/proc/$PID/stat"; }
measure() {  # LABEL N COMMAND...: N events, 0.4 s apart
  local label=$1 n=$2
  shift 2
  sleep 1
  local a b
  a=$(cpu_ms)
  for i in $(seq 1 "$n"); do
    "$@" "$i"
    sleep 0.4
  done
  sleep 1
  b=$(cpu_ms)
  awk -v a="$a" -v b="$b" -v n="$n" -v l="$label" 'BEGIN { printf "%-44s %7.1f ms CPU par événement (%d événements)\n", l, (b - a) / n, n }'
}
idle() {
  local a b
  a=$(cpu_ms)
  sleep 3
  b=$(cpu_ms)
  awk -v a="$a" -v b="$b" 'BEGIN { printf "%-44s %7.1f ms CPU en 3 s\n", "au repos", b - a }'
}
# Map centre (right of the 380 px side bar) and an empty part of the side bar.
MX=$(( (380 + W) / 2 )); MY=$(( H / 2 ))
move_map() { xdotool mousemove $((MX + ($1 % 2) * 40)) $((MY + ($1 % 3) * 20)); }
move_panel() { xdotool mousemove $((40 + ($1 % 2) * 30)) $((H - 200 + ($1 % 3) * 10)); }
click_map() { xdotool mousemove $((MX + ($1 % 4) * 30)) $MY click 1; }
wheel_map() { xdotool mousemove $MX $MY click $(( $1 % 2 ? 4 : 5 )); }
key_arrow() { xdotool mousemove $MX $MY key $( (( $1 % 2 )) && echo Left || echo Right ); }
idle
measure "déplacement de la souris sur la carte" 20 move_map
measure "déplacement de la souris sur le panneau" 20 move_panel
measure "clic sur la carte (sélection)" 10 click_map
measure "molette sur la carte (zoom)" 10 wheel_map
measure "flèche du clavier (déplacement de la vue)" 10 key_arrow
idle
