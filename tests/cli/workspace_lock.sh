#!/usr/bin/env bash
# Concurrent writers of one workspace (issue 15, workspace_lock.h): three `scenario copy` at
# once all succeed; a `services import` racing an `import` of the same workspace never reports
# success and then loses its points; a writer waits for the lock (held here by flock(1), the
# same advisory lock) and, past MARAUDE_LOCK_WAIT, is refused in French with nothing written.
# Uses the small Monaco fixture (data/geo/fixtures/monaco) so that each import takes < 1 s.
# Args: $1 = maraude binary, $2 = data dir, $3 = source dir.
set -euo pipefail
M=$(realpath "$1")
DATA=$(realpath "$2")
SRC=$(realpath "$3")
TMP=$(mktemp -d /tmp/maraude-lock-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$TMP"
IMPORT=(import --data "$DATA" --manifest "$SRC/data/geo/fixtures/monaco/manifest.ini" --quiet)
"$M" "${IMPORT[@]}" --out base.gpkg >/dev/null 2>import.err || fail "import: $(cat import.err)"
DEFAULT="services publics existants"
fresh() { cp base.gpkg "$1.gpkg"; cp base.roads "$1.roads"; }

# 1. Three concurrent `scenario copy`, five rounds: all succeed, all three copies are there.
for round in 1 2 3 4 5; do
  fresh "c$round"
  pids=()
  for i in 1 2 3; do
    "$M" scenario copy "c$round.gpkg" "$DEFAULT" "copie $i" >"copy$i.out" 2>&1 & pids+=($!)
  done
  for i in 1 2 3; do
    wait "${pids[$((i - 1))]}" || fail "round $round: scenario copy $i failed: $(cat "copy$i.out")"
  done
  n=$("$M" scenario list "c$round.gpkg" | grep -c '^copie [123] ' || true)
  [ "$n" = 3 ] || fail "round $round: $n copies of 3 in the workspace"
done
! ls ./*.lock >/dev/null 2>&1 || fail "lock files left beside the workspaces: $(ls ./*.lock)"
echo "ok: 15 concurrent scenario copies, none refused, none lost, no lock file left"

# 2. `services import` while `import` rewrites the same workspace (the import renames a new
# file over it): if the services import says it succeeded, its points are in the final file.
printf 'id,nom,lat,lon\np1,Permanence port,43.7350,7.4210\np2,Permanence gare,43.7395,7.4190\n' >points.csv
ok=0
for delay in 0 0.05 0.1 0.15 0.2 0.25 0.3 0.35 0.4 0.5; do
  fresh race
  "$M" "${IMPORT[@]}" --out race.gpkg >imp.out 2>&1 & ipid=$!
  sleep "$delay"
  set +e; "$M" services import race.gpkg points.csv --scenario "ajouts" >svc.out 2>&1; src=$?; set -e
  wait "$ipid" || fail "delay $delay: import failed: $(cat imp.out)"
  if [ "$src" = 0 ]; then
    ok=$((ok + 1))
    "$M" scenario show race.gpkg "ajouts" >show.out 2>&1 || fail "delay $delay: services import said « $(cat svc.out) » but the scenario is gone: $(cat show.out)"
    grep -q "p1" show.out && grep -q "p2" show.out || fail "delay $delay: points lost after a reported success: $(cat show.out)"
  else
    grep -q "en cours d’écriture" svc.out || fail "delay $delay: services import failed without the lock message: $(cat svc.out)"
  fi
done
[ "$ok" -ge 5 ] || fail "only $ok of 10 services imports succeeded beside the import"
echo "ok: services import beside import: $ok/10 succeeded, all kept"

# 3. A writer waits while the lock is held (2 s), then writes.
fresh wait
hold() { (exec 9>"$1"; flock 9; exec sleep "$2") & hpid=$!; }  # $hpid holds the lock itself
hold wait.gpkg.lock 2
sleep 0.3
t0=$(date +%s.%N)
"$M" scenario copy wait.gpkg "$DEFAULT" "après attente" >w.out 2>&1 || fail "waiting writer failed: $(cat w.out)"
t1=$(date +%s.%N)
wait "$hpid"
waited=$(echo "$t1 - $t0" | bc)
[ "$(echo "$waited >= 1.4" | bc)" = 1 ] || fail "the writer did not wait for the lock (${waited}s)"
"$M" scenario show wait.gpkg "après attente" >/dev/null || fail "the waiting writer's copy is missing"
echo "ok: a writer waited ${waited}s for the lock, then wrote"

# 4. Held longer than MARAUDE_LOCK_WAIT: refused (exit 6) in French, the file unchanged.
for which in copy services story import; do
  fresh held
  before=$(md5sum <held.gpkg)
  case $which in
    copy) args=(scenario copy held.gpkg "$DEFAULT" "refusé") ;;
    services) args=(services import held.gpkg points.csv --scenario "refusé") ;;
    story) args=(story delete held.gpkg --story x) ;;
    import) args=("${IMPORT[@]}" --out held.gpkg) ;;
  esac
  hold held.gpkg.lock 6
  sleep 0.3
  set +e; MARAUDE_LOCK_WAIT=1 timeout 30 "$M" "${args[@]}" >r.out 2>r.err; rc=$?; set -e
  kill "$hpid" 2>/dev/null || true; wait "$hpid" 2>/dev/null || true
  [ "$rc" = 6 ] || fail "${args[*]}: exit $rc under a held lock (want 6): $(cat r.err)"
  grep -q "en cours d’écriture par un autre processus" r.err || fail "${args[*]}: no lock message: $(cat r.err)"
  [ "$(md5sum <held.gpkg)" = "$before" ] || fail "${args[*]}: the workspace changed although refused"
  ! ls -a | grep -q "^\.held\..*tmp" || fail "${args[*]}: temporaries left: $(ls -a)"
done
echo "ok: four writers refused under a held lock, nothing written"
