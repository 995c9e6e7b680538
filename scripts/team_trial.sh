#!/usr/bin/env bash
# A shared team workspace for a trial, in one command: starts a local PostgreSQL + PostGIS
# (Debian packages, installed when missing), creates the database `maraude`, the team roles
# (maraude_reader, maraude_editor, maraude_admin) and imports the region into it.
#
#   scripts/team_trial.sh [DOSSIER]     (default: ./equipe-maraude)
#   environment: PORT (default 5433), DATA (data folder, default ../shared/data/geo),
#                MANIFEST (default data/geo/manifest.ini), MARAUDE (default build/src/cli/maraude)
#   stop it:     scripts/team_trial.sh --stop [DOSSIER]
#
# The server listens on localhost:PORT (password authentication, scram-sha-256) and on a unix
# socket in DOSSIER (for this account only). Passwords are never put on a command line: set
# them with psql's \password and give them to the team, who store them in ~/.pgpass.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STOP=0
if [ "${1:-}" = "--stop" ]; then STOP=1; shift; fi
DIR="$(mkdir -p "${1:-equipe-maraude}" && cd "${1:-equipe-maraude}" && pwd)"
PORT="${PORT:-5433}"
DATA="${DATA:-$ROOT/../shared/data/geo}"
MANIFEST="${MANIFEST:-$ROOT/data/geo/manifest.ini}"
MARAUDE="${MARAUDE:-$ROOT/build/src/cli/maraude}"
AS=()
SUPER="$(id -un)"
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); SUPER=postgres; fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

if [ "$STOP" = 1 ]; then
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast stop
  exit 0
fi

# 1. The Debian packages (only the missing ones).
missing=()
for p in postgresql postgresql-15-postgis-3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== Installation de : ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
[ -x "$MARAUDE" ] || { echo "maraude introuvable ($MARAUDE) : construisez-le d'abord (cmake --build build)"; exit 1; }

# 2. The cluster (kept between runs) and the database.
if [ ! -f "$DIR/pg/PG_VERSION" ]; then
  echo "== Nouveau serveur PostgreSQL dans $DIR/pg (port $PORT)"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  "${AS[@]}" "$PG_BIN/initdb" -D "$DIR/pg" -U "$SUPER" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi
# PostGIS preloaded: each new connection (every open and save) saves the ~15 ms of loading it
# (bench/team_store.sh: opening the region 1.5x the GeoPackage without, about 1.05x with).
if ! "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1; then
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/pg" -w -l "$DIR/pg.log" \
    -o "-c listen_addresses=localhost -p $PORT -k $DIR -c unix_socket_permissions=0700 -c shared_preload_libraries=postgis-3" start >/dev/null
fi
PSQL=("$PG_BIN/psql" -h "$DIR" -p "$PORT" -U "$SUPER" -X -v ON_ERROR_STOP=1 -qAt)
"${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'maraude'" | grep -q 1 ||
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE maraude"
"${PSQL[@]}" -d maraude -c "CREATE EXTENSION IF NOT EXISTS postgis"

# 3. The region (the import also creates the team roles and their row-level security).
LOC="PG:host=$DIR port=$PORT dbname=maraude user=$SUPER"
"$MARAUDE" import --quiet --data "$DATA" --manifest "$MANIFEST" --out "$LOC"

cat <<MSG

Espace de travail d'équipe prêt : base « maraude » sur localhost:$PORT (schéma maraude).
  Sur ce poste :        maraude view '$LOC'
  Donner des droits :   maraude workspace grant '$LOC' --role alice --editor "Mission locale de Lens"
                        maraude workspace grant '$LOC' --role paul --reader
  Mot de passe :        ${PSQL[*]} -d maraude -c '\\password alice'   (jamais en ligne de commande)
  Poste d'un collègue : ~/.pgpass contient  HÔTE:$PORT:maraude:alice:MOT_DE_PASSE  (chmod 600),
                        puis maraude view 'PG:host=HÔTE port=$PORT dbname=maraude user=alice'
  QGIS :                nouvelle connexion PostgreSQL, base maraude, schéma maraude.
  Arrêter :             scripts/team_trial.sh --stop '$DIR'
MSG
