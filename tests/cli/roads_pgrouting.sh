#!/usr/bin/env bash
# pgRouting oracle for the road router: the car graph Maraude builds from the Monaco
# extract (maraude roads export-edges) is loaded into a throw-away PostgreSQL cluster;
#  - on ≥ 200 random pairs of junctions, pgr_dijkstraCost (directed) on the time costs and
#    on the lengths must equal Maraude's `roads matrix` (--metric time / distance) within
#    0.01 %, and the unreachable pairs must be the same (empty cells, never 0);
#  - the junctions reached within 5 and 10 minutes from 5 sources (all seeded at once) must
#    be those of pgr_drivingDistance (directed; the nearest source's cost), within 0.01 %.
# The points given to Maraude are the junctions themselves, so snapping lands on them.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
# Needs postgresql (15) with postgresql-15-pgrouting and python3. Under CI=true a missing
# tool fails the test; otherwise it is skipped.
set -euo pipefail
MARAUDE=$1
DATA=$2
PBF="$DATA/roads/monaco_osrm-testdata_2016-03-05.osm.pbf"

source "$3/tests/tools/pg_cluster.sh"
have_pgrouting() { pg_has_extension pgrouting; }
PY=$(command -v /usr/bin/python3 || command -v python3 || true)
if ! have_pgrouting || [ -z "$PY" ]; then
  echo "FAIL: PostgreSQL with pgRouting or python3 missing: apt-get install postgresql postgresql-15-pgrouting (.ci/setup installs them)"
  exit 1
fi
TMP=$(mktemp -d /tmp/maraude-pgrouting-XXXXXX)
cleanup() {
  pg_stop
  [ -n "${KEEP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT

# 1. Maraude's graph, random junction pairs and sources, Maraude's answers.
"$MARAUDE" roads export-edges "$PBF" --profile car --out "$TMP/edges.csv" --nodes "$TMP/nodes.csv" >/dev/null
"$PY" - "$TMP" <<'PYEOF'
import csv, random, sys
d = sys.argv[1]
nodes = list(csv.DictReader(open(f"{d}/nodes.csv")))
rng = random.Random(42)
pick = rng.sample(nodes, 40)
def write(name, rows):
    with open(f"{d}/{name}", "w") as f:
        f.write("id,lon,lat\n")
        for n in rows: f.write(f"{n['id']},{n['lon']},{n['lat']}\n")
write("from.csv", pick[:20])   # 20 × 15 = 300 pairs
write("to.csv", pick[20:35])
write("sources.csv", pick[35:40])
with open(f"{d}/sources.txt", "w") as f:
    f.write(";".join(f"{n['lon']},{n['lat']}" for n in pick[35:40]))
PYEOF
"$MARAUDE" roads matrix "$PBF" --from "$TMP/from.csv" --to "$TMP/to.csv" --metric time --out "$TMP/m_time.csv" >/dev/null
"$MARAUDE" roads matrix "$PBF" --from "$TMP/from.csv" --to "$TMP/to.csv" --metric distance --out "$TMP/m_dist.csv" >/dev/null
for m in 5 10; do
  "$MARAUDE" roads reach "$PBF" --from "$(cat "$TMP/sources.txt")" --minutes $m --out "$TMP/reach$m.gpkg" \
    --nodes-out "$TMP/reach$m.csv" >/dev/null
done

# 2. A private cluster on a unix socket in the temp dir.
pg_start "$TMP" 54331
PSQL+=(-F,)
"${PSQL[@]}" -c "CREATE EXTENSION pgrouting CASCADE" >/dev/null
"${PSQL[@]}" <<SQL
CREATE TABLE edges (id bigint, source bigint, target bigint, cost float8, reverse_cost float8,
                    length float8, reverse_length float8, class text, wkt text);
\copy edges FROM '$TMP/edges.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE pts (role text, id bigint);
SQL
for r in from to sources; do
  tail -n +2 "$TMP/$r.csv" | cut -d, -f1 | sed "s/^/$r,/" >"$TMP/$r.ids"
  "${PSQL[@]}" -c "\\copy pts FROM '$TMP/$r.ids' WITH (FORMAT csv)"
done
# pgRouting vertex ids are Maraude's node indices + 1 (pgRouting wants them > 0).
"${PSQL[@]}" >"$TMP/pg_time.csv" <<'SQL'
SELECT start_vid - 1, end_vid - 1, agg_cost FROM pgr_dijkstraCost(
  'SELECT id, source + 1 AS source, target + 1 AS target, cost, reverse_cost FROM edges',
  (SELECT array_agg(id + 1) FROM pts WHERE role = 'from'), (SELECT array_agg(id + 1) FROM pts WHERE role = 'to'), directed => true);
SQL
"${PSQL[@]}" >"$TMP/pg_dist.csv" <<'SQL'
SELECT start_vid - 1, end_vid - 1, agg_cost FROM pgr_dijkstraCost(
  'SELECT id, source + 1 AS source, target + 1 AS target, length AS cost, reverse_length AS reverse_cost FROM edges',
  (SELECT array_agg(id + 1) FROM pts WHERE role = 'from'), (SELECT array_agg(id + 1) FROM pts WHERE role = 'to'), directed => true);
SQL
# The union of the service areas: every junction within the budget of some source, at the
# cost of the nearest one. pgr_drivingDistance(equicost => false) gives each source's area;
# the minimum over the sources is the oracle. equicost => true is printed for information
# only: pgRouting 3.4.2 assigns some junctions to a farther source there (see the report).
for m in 5 10; do
  for eq in false true; do
    "${PSQL[@]}" >"$TMP/pg_reach${m}_$eq.csv" <<SQL
SELECT node - 1, min(agg_cost) FROM pgr_drivingDistance(
  'SELECT id, source + 1 AS source, target + 1 AS target, cost, reverse_cost FROM edges',
  (SELECT array_agg(id + 1) FROM pts WHERE role = 'sources'), $((m * 60)), directed => true, equicost => $eq)
GROUP BY node;
SQL
  done
done

# 3. Comparison.
"$PY" - "$TMP" <<'PYEOF'
import csv, sys
d = sys.argv[1]
fail = []
def pg(name):
    r = {}
    for line in open(f"{d}/{name}"):
        a, b, c = line.strip().split(",")
        r[(a, b)] = float(c)
    return r
for metric, col, pgfile in (("time", "seconds", "pg_time.csv"), ("distance", "metres", "pg_dist.csv")):
    ref = pg(pgfile)
    rows = list(csv.DictReader(open(f"{d}/m_{'time' if metric == 'time' else 'dist'}.csv")))
    compared = reach = worst = 0.0
    bad = []
    for r in rows:
        key = (r["from_id"], r["to_id"])
        if key[0] == key[1]:
            continue
        compared += 1
        mine = float(r[col]) if r[col] != "" else None
        theirs = ref.get(key)
        if mine is None or theirs is None:
            if (mine is None) != (theirs is None):
                bad.append(f"{key}: maraude {mine} pgRouting {theirs}")
            continue
        reach += 1
        rel = abs(mine - theirs) / max(theirs, 1e-9)
        worst = max(worst, rel)
        if rel > 1e-4 and abs(mine - theirs) > 1e-3:
            bad.append(f"{key}: maraude {mine} pgRouting {theirs} ({100*rel:.4f} %)")
    print(f"{metric}: {int(compared)} pairs, {int(reach)} reachable in both, largest gap {100*worst:.6f} %, {len(bad)} disagreement(s)")
    for b in bad[:10]: print("  " + b)
    if compared < 200 or reach < 150 or bad: fail.append(metric)
for m in (5, 10):
    budget = m * 60
    mine = {r["node"]: float(r["cost"]) for r in csv.DictReader(open(f"{d}/reach{m}.csv"))}
    def load(name):
        r = {}
        for line in open(f"{d}/{name}"):
            n, c = line.strip().split(",")
            r[n] = float(c)
        return r
    theirs = load(f"pg_reach{m}_false.csv")
    eq = load(f"pg_reach{m}_true.csv")
    eq_gaps = sum(1 for n in mine if n not in eq or abs(eq[n] - mine[n]) > max(1e-4 * mine[n], 1e-3))
    print(f"  (information: pgr_drivingDistance equicost => true differs on {eq_gaps} of {len(mine)} junctions)")
    # A junction within float rounding of the budget may fall on either side.
    edge = lambda c: abs(c - budget) <= 1e-6 * budget
    only_m = [n for n in mine if n not in theirs and not edge(mine[n])]
    only_p = [n for n in theirs if n not in mine and not edge(theirs[n])]
    costs = [n for n in mine if n in theirs and abs(mine[n] - theirs[n]) > max(1e-4 * theirs[n], 1e-3)]
    print(f"reach {m} min from 5 sources: maraude {len(mine)} junctions, pgRouting {len(theirs)}; "
          f"only maraude {len(only_m)}, only pgRouting {len(only_p)}, cost gaps {len(costs)}")
    for n in (only_m + only_p + costs)[:10]: print(f"  node {n}: maraude {mine.get(n)} pgRouting {theirs.get(n)}")
    if only_m or only_p or costs or len(theirs) < 20: fail.append(f"reach {m} min")
if fail:
    print("FAIL: " + ", ".join(fail)); sys.exit(1)
print("PASS")
PYEOF
