#!/usr/bin/env bash
# Import benchmark: `maraude import` (validation, joins, reprojection, workspace) against
# ogr2ogr converting the same input files into one GeoPackage in EPSG:2154, in one run.
# Prints both wall times (median of N runs), the ratio (goal ≤ 1.5) and peak memory.
# Usage: bench/import.sh [BUILD_DIR] [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RUNS="${2:-5}"
BIN="$BUILD/src/cli/maraude"
DATA="${MARAUDE_DATA:-$ROOT/../shared/data/geo}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
command -v /usr/bin/time >/dev/null || { echo "install GNU time (apt-get install time)"; exit 1; }

FILES=(admin/region_hdf.geojson admin/departements_hdf.geojson admin/communes_hdf_cog2026.geojson
       zones_emploi/zones_emploi_2020_hdf.geojson insee/grille_densite_7niveaux_communes_hdf.csv
       insee/estim_pop_dep_sexe_age_quinquennal_2015-2021_france.csv insee/chomage_localise_ze2020_2003T1-2023T3_france.csv
       qpv/qpv2024_communes_hdf.csv services/france_services_hdf_20240801.csv services/pole_emploi_agences_hdf_2019.csv
       services/missions_locales_structures_hdf_2023.csv)

ogr_all() {
  rm -f "$TMP/ogr.gpkg"
  for f in "${FILES[@]}"; do
    case "$f" in
      *.geojson) ogr2ogr -f GPKG -update -append -t_srs EPSG:2154 -nln "$(basename "$f" .geojson)" "$TMP/ogr.gpkg" "$DATA/$f" ;;
      *) ogr2ogr -f GPKG -update -append -nln "$(basename "$f" .csv)" "$TMP/ogr.gpkg" "$DATA/$f" ;;
    esac
  done
}
export -f ogr_all; export TMP DATA; export FILES_STR="${FILES[*]}"

measure() {  # prints "seconds peak_kb" of one run of "$@"
  /usr/bin/time -f "%e %M" -o "$TMP/t" "$@" >/dev/null 2>&1
  cat "$TMP/t"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

mt=(); mm=0; ot=(); om=0
for i in $(seq "$RUNS"); do
  read -r t m < <(measure "$BIN" import --data "$DATA" --out "$TMP/ws.gpkg" --quiet); mt+=("$t"); [ "$m" -gt "$mm" ] && mm=$m
  read -r t m < <(measure bash -c "$(declare -f ogr_all); FILES=($FILES_STR); ogr_all"); ot+=("$t"); [ "$m" -gt "$om" ] && om=$m
done
M=$(printf '%s\n' "${mt[@]}" | median); O=$(printf '%s\n' "${ot[@]}" | median)
printf '\nImport benchmark (%s runs, median wall time; peak RSS of one process)\n' "$RUNS"
printf '%-44s %8s %12s\n' "" "time (s)" "peak (MiB)"
printf '%-44s %8.2f %12.1f\n' "maraude import (validate, join, reproject)" "$M" "$(echo "$mm/1024" | bc -l)"
printf '%-44s %8.2f %12.1f\n' "ogr2ogr, same files -> GPKG EPSG:2154" "$O" "$(echo "$om/1024" | bc -l)"
printf 'ratio maraude / ogr2ogr = %.2f (goal <= 1.5)\n' "$(echo "$M/$O" | bc -l)"
