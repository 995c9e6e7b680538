#!/usr/bin/env bash
# What --out (and --pdf) may name (issue 15): never an input of the command (the workspace
# being read, the manifest, a data file, the instance), never a special file (/dev/null, a
# FIFO) nor a folder; the writes go through a temporary file renamed at the end, and the
# temporaries a killed process left beside the workspace are cleaned up.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -euo pipefail
M=$1
DATA=$2
SRC=$3
BENCH=$(cd "$DATA/../../bench" && pwd)
TMP=$(mktemp -d /tmp/maraude-outputs-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMP"
# A private copy of the data and the manifest: a failing check must not touch the real files.
cp -r "$DATA" data
mkdir m && cp "$SRC/data/geo/manifest.ini" "$SRC/data/geo/laureates.csv" m/
IMPORT=(import --data data --manifest m/manifest.ini)
"$M" "${IMPORT[@]}" --out ws.gpkg >/dev/null 2>&1 || fail "import"

# refused RC TEXT FILE -- COMMAND...: exit RC, TEXT on stderr, FILE byte for byte unchanged.
refused() {
  local want=$1 text=$2 keep=$3; shift 4
  local before=""
  [ -f "$keep" ] && before=$(md5sum <"$keep")
  set +e; timeout 120 "$M" "$@" >out.txt 2>err.txt; local rc=$?; set -e
  [ "$rc" = "$want" ] || fail "maraude $*: exit $rc (want $want): $(head -c 400 err.txt)"
  grep -qF -- "$text" err.txt || fail "maraude $*: stderr lacks « $text »: $(head -c 400 err.txt)"
  grep -q "Success" err.txt && fail "maraude $*: « Success » in an error: $(cat err.txt)"
  if [ -f "$keep" ]; then [ "$(md5sum <"$keep")" = "$before" ] || fail "maraude $*: $keep was changed"; fi
}

# Inputs.
refused 2 "est un fichier d'entrée de cette commande" ws.gpkg -- gaps ws.gpkg --out ws.gpkg
refused 2 "est un fichier d'entrée de cette commande" m/manifest.ini -- "${IMPORT[@]}" --out m/manifest.ini
refused 2 "est un fichier d'entrée de cette commande" data/admin/region_hdf.geojson -- "${IMPORT[@]}" --out data/admin/region_hdf.geojson
refused 2 "est un fichier d'entrée de cette commande" m/laureates.csv -- "${IMPORT[@]}" --out m/laureates.csv
cp "$BENCH/tsplib/eil51.tsp" .
refused 2 "est un fichier d'entrée de cette commande" eil51.tsp -- solve eil51.tsp --iterations 100 --out eil51.tsp
ln -s ws.gpkg link.gpkg
refused 2 "est un fichier d'entrée de cette commande" ws.gpkg -- gaps ws.gpkg --out link.gpkg
[ -L link.gpkg ] || fail "the link was replaced"

# Special files and folders.
refused 6 "ce n'est pas un fichier ordinaire" /dev/null -- gaps ws.gpkg --out /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
mkfifo pipe.csv
refused 6 "ce n'est pas un fichier ordinaire" pipe.csv -- gaps ws.gpkg --out pipe.csv
[ -p pipe.csv ] || fail "the FIFO was replaced"
mkdir folder.gpkg
refused 6 "est un dossier" ws.gpkg -- gaps ws.gpkg --out folder.gpkg
refused 6 "est un dossier" ws.gpkg -- "${IMPORT[@]}" --out folder.gpkg
refused 6 "le dossier « absent » n'existe pas" ws.gpkg -- gaps ws.gpkg --out absent/g.csv

# Temporaries of a dead process (kill -9 during an import) are removed by the next write.
dead=999999
while kill -0 "$dead" 2>/dev/null; do dead=$((dead - 1)); done
touch ".ws.tmp-$dead.gpkg" ".ws.tmp-$dead.gpkg-journal" ".ws.tmp-$$.gpkg"
"$M" "${IMPORT[@]}" --out ws.gpkg >/dev/null 2>&1 || fail "re-import"
[ ! -e ".ws.tmp-$dead.gpkg" ] && [ ! -e ".ws.tmp-$dead.gpkg-journal" ] || fail "stale temporaries left: $(ls -a)"
[ -e ".ws.tmp-$$.gpkg" ] || fail "the temporary of a live process was removed"
rm ".ws.tmp-$$.gpkg"

# Outputs still written where they should, and nothing left beside them.
"$M" gaps ws.gpkg --out g.gpkg >/dev/null || fail "gaps gpkg"
"$M" solve eil51.tsp --iterations 100 --out eil51.json >/dev/null || fail "solve --out"
[ -s g.gpkg ] && [ -s eil51.json ] || fail "outputs missing"
left=$(ls -a | grep -c '\.tmp' || true)
[ "$left" = 0 ] || fail "temporaries left: $(ls -a | grep '\.tmp')"
echo "OK"
