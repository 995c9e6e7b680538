#!/usr/bin/env bash
# Times `maraude workspace sync` on a throw-away PostgreSQL + PostGIS cluster holding the Monaco
# fixture and N extra documents of 3 kB (default 300): a copy made with `workspace copy`, then a
# third of the documents edited in the copy, a third (plus 10) in the base, 10 on both sides
# (conflicts); the first sync settles them, the second has nothing to do.
#   scripts/team_sync_timing.sh BUILD_DIR [N]
# Needs python3 (edits the copy's SQLite directly) and tests/tools/pg_cluster.sh's packages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
M=$(cd "$1" && pwd)/src/cli/maraude
N=${2:-300}
D=$(mktemp -d /tmp/maraude-sync-timing-XXXX)
source "$root/tests/tools/pg_cluster.sh"
pg_start "$D" 54379
trap 'pg_stop; rm -rf "$D"' EXIT
"${PSQL[@]}" -c "CREATE EXTENSION postgis"
LOC="PG:host=$D port=54379 user=postgres dbname=postgres"
"$M" import --quiet --data "$root/../shared/data/geo" --manifest "$root/data/geo/fixtures/monaco/manifest.ini" --out "$LOC" >/dev/null 2>&1
"${PSQL[@]}" -c "INSERT INTO maraude.documents (kind, name, body) SELECT 'note', 'n' || g, repeat('corps ', 500) || g FROM generate_series(1, $N) g"
"$M" workspace copy "$LOC" "$D/copie.gpkg" | tail -1
third=$((N / 3))
python3 - "$D/copie.gpkg" "$third" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); t = int(sys.argv[2])
c.execute("UPDATE documents SET body = body || ' local', version = version + 1 WHERE kind = 'note' AND "
          "(CAST(substr(name, 2) AS INTEGER) <= ? OR CAST(substr(name, 2) AS INTEGER) BETWEEN ? AND ?)", (t, 2 * t + 1, 2 * t + 10))
c.commit()
EOF
"${PSQL[@]}" -c "UPDATE maraude.documents SET body = body || ' base', version = version + 1 WHERE kind = 'note' AND substr(name, 2)::int BETWEEN $((third + 1)) AND $((2 * third + 10))"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$M" workspace sync "$D/copie.gpkg" 2>/dev/null | tail -1 || true
"$M" workspace sync "$D/copie.gpkg" | tail -1
