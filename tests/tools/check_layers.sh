#!/usr/bin/env bash
# The dependency direction (README, issue 15): core ← io ← render ← app ← cli. Scans every
# #include of src/ and fails naming file:line when a layer includes a layer above it, or when
# core includes GDAL, OpenGL, GLFW, ImGui or cairo headers (core: std, GEOS, PROJ, POSIX).
#   tests/tools/check_layers.sh SOURCE_DIR
set -euo pipefail
SRC=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/src
[ -d "$SRC/core" ] || { echo "FAIL: no $SRC/core"; exit 1; }
bad=0
check() {  # check LAYER REGEX WHY
  local hits
  hits=$(grep -rnE --include='*.h' --include='*.hpp' --include='*.cpp' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$SRC/$1" || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $1 must not include $3:"
    echo "$hits" | sed "s|$SRC/|src/|"
    bad=1
  fi
}
check core 'io/|render/|app/|cli/' 'io, render, app or cli'
check core 'gdal|ogr_|ogrsf_|cpl_|GL/|GLFW/|glad|imgui|cairo' 'GDAL, OpenGL, GLFW, ImGui or cairo'
check io 'render/|app/|cli/' 'render, app or cli'
check render 'app/|cli/' 'app or cli'
check app 'cli/' 'cli'
n=$(find "$SRC" -name '*.cpp' -o -name '*.h' | wc -l)
[ "$bad" = 0 ] && echo "ok: $n files of src/ follow core <- io <- render <- app <- cli"
exit $bad
