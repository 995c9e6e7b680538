#!/usr/bin/env bash
# Bounds and validation of the planning and coverage options (issue 15): nothing hangs,
# every absurd value is refused with exit 2 and a French message giving the allowed range,
# and `solve` says on stderr why it exits 7.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -euo pipefail
M=$1
DATA=$2
BENCH=$(cd "$DATA/../../bench" && pwd)
TMP=$(mktemp -d /tmp/maraude-bounds-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMP"
"$M" import --data "$DATA" --out ws.gpkg >/dev/null 2>&1 || fail "import"

# expect RC TEXT -- COMMAND...: runs under a 60 s timeout (a hang gives 124), checks the
# exit code and that stderr holds TEXT.
expect() {
  local want=$1 text=$2; shift 3
  set +e; timeout 60 "$M" "$@" >out.txt 2>err.txt; local rc=$?; set -e
  [ "$rc" = "$want" ] || fail "maraude $*: exit $rc (want $want): $(head -c 400 err.txt)"
  grep -qF -- "$text" err.txt || fail "maraude $*: stderr lacks « $text »: $(head -c 400 err.txt)"
}
PLAN=(plan ws.gpkg --base 59178 --days 5 --out tours)

# Search budgets and fleets: bounded, with the range in the refusal.
expect 2 "indiquez un entier entre 1 et 10 000 000" -- "${PLAN[@]}" --iterations 0
expect 2 "indiquez un entier entre 1 et 10 000 000" -- "${PLAN[@]}" --iterations 1000000000000
expect 2 "--iterations 1e12 hors limites" -- "${PLAN[@]}" --iterations 1e12
expect 2 "indiquez un entier entre 1 et 50" -- "${PLAN[@]}" --teams 1000
expect 2 "aucun véhicule" -- "${PLAN[@]}" --teams 0
expect 2 "plus de 0 et au plus 3 600" -- "${PLAN[@]}" --seconds 1e308
expect 2 "plus de 0 et au plus 3 600" -- solve "$BENCH/tsplib/eil51.tsp" --seconds 1e308
expect 2 "plus de 0 et au plus 3 600" -- solve "$BENCH/tsplib/eil51.tsp" --seconds -1
expect 2 "indiquez un entier entre 0 et 10 000 000" -- solve "$BENCH/tsplib/eil51.tsp" --iterations 1000000000000

# Calendar dates, lunch breaks.
expect 2 "date inexistante « 2024-02-30 » : ce mois a 29 jours" -- "${PLAN[@]}" --date 2024-02-30
expect 2 "date inexistante « 2023-02-29 » : ce mois a 28 jours" -- "${PLAN[@]}" --date 2023-02-29
expect 2 "date inexistante « 2024-04-31 »" -- "${PLAN[@]}" --date 2024-04-31
expect 2 "pause de 500 min : 180 min au plus" -- "${PLAN[@]}" --lunch 12:00-14:00/500
grep -q "00:-" err.txt && fail "negative clock printed: $(cat err.txt)"
expect 2 "la pause finit (12:00) avant de commencer (14:00)" -- "${PLAN[@]}" --lunch 14:00-12:00/60

# Reach: a minimum, and scientific notation read then refused as out of range.
expect 2 "trop petite" -- gaps ws.gpkg --reach 0.0001m --out g.csv
expect 2 "entre 0,1 km (100 m) et 100 km" -- gaps ws.gpkg --reach 0.0001m --out g.csv
expect 2 "absurde" -- gaps ws.gpkg --reach 1e9km --out g.csv
grep -q "unité" err.txt && fail "1e9km read as an unknown unit: $(cat err.txt)"
expect 2 "trop petite" -- gaps ws.gpkg --reach 0.5min --out g.csv
"$M" gaps ws.gpkg --reach 1.5e1km --out g.csv >/dev/null 2>err.txt || fail "1.5e1km refused: $(cat err.txt)"

# --candidates without --suggest was silently ignored.
printf 'nom,lat,lon\nA,50.0,3.0\n' >cands.csv
expect 2 "--candidates ne sert qu'avec --suggest" -- gaps ws.gpkg --candidates cands.csv --out g.csv

# solve with a customer no vehicle can carry (demand 500 > capacity 200): exit 7 and why.
awk 'NR==11 { $4 = 500 } { print }' "$BENCH/solomon/C101.txt" >c101-heavy.txt
expect 7 "client(s) non servi(s) (1)" -- solve c101-heavy.txt --iterations 200
grep -q "que faire" err.txt || fail "solve exit 7 without a hint: $(cat err.txt)"
echo "OK"
