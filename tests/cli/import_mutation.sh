#!/usr/bin/env bash
# Mutation test of `import` through GDAL: N mutated copies (default 500, fixed seeds) of the
# authored Monaco test region (data/geo/fixtures/monaco, manifest_sans_routes.ini: nothing
# from ../shared) — byte flips, truncations, degrees declared as metres, far vertices,
# spikes, negative or text populations, duplicate codes, Latin-1 text, unbalanced quotes,
# header-only or empty CSVs... Each import must end within 30 s with exit 0 or a documented
# code (2-6) and a French message naming what to do; never a crash, a hang, exit 70 or an
# English library message; the silently-wrong classes must be refused; an accepted import
# must leave a workspace that opens.
# Args: $1 = maraude binary, $2 = data dir (unused), $3 = source dir.
set -uo pipefail
MARAUDE=$1
SRC=$3
N=${MARAUDE_MUTATIONS:-500}
TMP=$(mktemp -d /tmp/maraude-mutation-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FIX="$SRC/data/geo/fixtures/monaco"
FAILS=0
declare -A SEEN
accepted=0; refused=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
for ((i = 1; i <= N; i++)); do
  read -r kind file must <<<"$(python3 "$SRC/tests/tools/mutate_inputs.py" "$FIX" "$TMP/in" "$i")"
  SEEN[$kind]=$(( ${SEEN[$kind]:-0} + 1 ))
  rm -f "$TMP/ws.gpkg"
  timeout 30 "$MARAUDE" import --data "$TMP/in" --manifest "$TMP/in/manifest_sans_routes.ini" --out "$TMP/ws.gpkg" \
    >"$TMP/out.log" 2>"$TMP/err.log"
  rc=$?
  case $rc in
    0)
      accepted=$((accepted + 1))
      [ "$must" = 1 ] && fail "case $i ($kind on $file): silently accepted"
      "$MARAUDE" info "$TMP/ws.gpkg" >/dev/null 2>"$TMP/info.log" || fail "case $i ($kind on $file): imported but does not open: $(head -3 "$TMP/info.log")"
      ;;
    2|3|4|5|6)
      refused=$((refused + 1))
      grep -q "que faire" "$TMP/err.log" || fail "case $i ($kind on $file): refused without saying what to do: $(head -3 "$TMP/err.log")"
      ;;
    124) fail "case $i ($kind on $file): import still running after 30 s" ;;
    *) fail "case $i ($kind on $file): exit $rc: $(head -5 "$TMP/err.log")" ;;
  esac
  if grep -Eq "^(ERROR|Warning) [0-9]+:|terminate called|std::|what\(\)" "$TMP/err.log"; then
    fail "case $i ($kind on $file): library or C++ text on stderr: $(grep -Em2 "^(ERROR|Warning) [0-9]+:|terminate called|std::|what\(\)" "$TMP/err.log")"
  fi
  [ $FAILS -gt 20 ] && break
done
summary=""
for k in "${!SEEN[@]}"; do summary+="$k=${SEEN[$k]} "; done
echo "mutations: $N cases, $accepted imported, $refused refused; classes: $summary"
if [ $FAILS -gt 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
echo "import mutation: all checks passed"
