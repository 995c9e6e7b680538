#!/usr/bin/env bash
# Independent check of the road graph built from OpenStreetMap: tests/tools/osm_expected.py
# reads the raw extract with pyosmium (its own Lambert-93 formulas and profile rules, no
# Maraude code) and, per profile, the total length of the routable ways, the length and
# number of one-way pieces must match `maraude roads info --json` within 0.1 %; a sample
# of one-way ways must appear in `maraude roads export-edges` in their direction only.
# A negative control (the export with its directions swapped) must be caught.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
# Needs python3 with pyosmium (Debian python3-pyosmium). Under CI=true a missing tool fails.
set -euo pipefail
MARAUDE=$1
DATA=$2
SRC=$3
PBF="$DATA/roads/monaco_osrm-testdata_2016-03-05.osm.pbf"
PROFILES="$SRC/data/geo/road_profiles.ini"

PY=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null && "$p" -c "import osmium" 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  echo "FAIL: python3 with pyosmium missing: apt-get install python3-pyosmium (.ci/setup installs it)"; exit 1
fi
[ -f "$PBF" ] || { echo "FAIL: missing test extract $PBF"; exit 1; }

TMP=$(mktemp -d /tmp/maraude-roads-check-XXXXXX)
trap 'rm -rf "$TMP"' EXIT

"$PY" "$SRC/tests/tools/osm_expected.py" "$PBF" "$PROFILES" >"$TMP/expected.json"
for prof in car foot; do
  "$MARAUDE" roads info "$PBF" --profile "$prof" --profiles "$PROFILES" --json >"$TMP/$prof.json"
done
"$MARAUDE" roads export-edges "$PBF" --profile car --profiles "$PROFILES" --out "$TMP/edges.csv" >/dev/null
"$PY" "$SRC/tests/tools/osm_expected.py" "$PBF" "$PROFILES" --sample 400 --check-edges car "$TMP/edges.csv" >"$TMP/edges_check.json"
# Negative control: the same export with every segment's two directions swapped.
"$PY" - "$TMP/edges.csv" "$TMP/swapped.csv" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    for r in rows:
        r["cost"], r["reverse_cost"] = r["reverse_cost"], r["cost"]
        w.writerow(r)
PYEOF
"$PY" "$SRC/tests/tools/osm_expected.py" "$PBF" "$PROFILES" --sample 400 --check-edges car "$TMP/swapped.csv" >"$TMP/swapped_check.json"

"$PY" - "$TMP" <<'PYEOF'
import json, sys
d = sys.argv[1]
exp = json.load(open(f"{d}/expected.json"))
fail = []
def close(a, b, what):
    rel = abs(a - b) / max(abs(b), 1e-9)
    ok = rel <= 1e-3
    print(f"  {what:34s} expected {b:14.3f}  maraude {a:14.3f}  écart {100*rel:.4f} %  {'ok' if ok else 'ÉCHEC'}")
    if not ok: fail.append(what)
for prof in ("car", "foot"):
    got = json.load(open(f"{d}/{prof}.json"))
    e = exp[prof]
    print(f"{prof}: {e['ways']} routable ways (pyosmium)")
    close(got["length_m"], e["length_m"], f"{prof} length of routable ways (m)")
    close(got["segments"], e["pieces"], f"{prof} pieces between junctions")
    close(got["oneway_length_m"], e["oneway_length_m"], f"{prof} one-way length (m)")
    close(got["oneway_segments"], e["oneway_pieces"], f"{prof} one-way pieces")
    if got["missing_refs"] != exp["missing_refs"]:
        fail.append(f"missing refs {got['missing_refs']} vs {exp['missing_refs']}")
if exp["car"]["oneway_pieces"] < 100:
    fail.append("the extract should have one-way streets")
chk = json.load(open(f"{d}/edges_check.json"))["edge_check"]
print(f"one-way ways checked in the export: {chk['checked']}, errors: {len(chk['errors'])}")
for e in chk["errors"][:10]: print("  " + e)
if chk["checked"] < 100 or chk["errors"]: fail.append("one-way directions")
neg = json.load(open(f"{d}/swapped_check.json"))["edge_check"]
print(f"negative control (directions swapped): {len(neg['errors'])} errors of {neg['checked']}")
if len(neg["errors"]) != neg["checked"]: fail.append("the negative control was not caught")
if fail:
    print("FAIL: " + "; ".join(fail)); sys.exit(1)
print("PASS")
PYEOF
