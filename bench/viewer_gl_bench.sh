#!/bin/sh
# Viewer benchmark driver: Maraude's figures (viewer_gl_bench) next to a peer: GDAL
# rasterizing the same polygon layers (communes, zones, departments) of the same
# workspace to a 1920x1080 image, and a 4K `maraude render` end to end.
#   bench/viewer_gl_bench.sh BUILD_DIR [WORKSPACE.gpkg]
set -eu
BUILD=${1:?usage: viewer_gl_bench.sh BUILD_DIR [WORKSPACE.gpkg]}
WS=${2:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ -z "$WS" ]; then
  WS="$TMP/ws.gpkg"
  "$BUILD/src/cli/maraude" import --out "$WS" >/dev/null
fi
RUN="xvfb-run -a -s \"-screen 0 1920x1080x24\""
echo "== Maraude (llvmpipe, $(nproc) cores)"
eval $RUN "$BUILD/bench/viewer_gl_bench" "$WS" 60
echo "== maraude render --size 3840x2160 (process start to PNG written)"
start=$(date +%s.%N)
eval $RUN "$BUILD/src/cli/maraude" render "$WS" --out "$TMP/4k.png" --size 3840x2160
end=$(date +%s.%N)
echo "4K render end to end: $(echo "($end - $start) * 1000" | bc | cut -d. -f1) ms   goal <= 3000 ms"
if command -v gdal_rasterize >/dev/null 2>&1; then
  echo "== Peer: gdal_rasterize of communes + zones + departements, 1920x1080 (no anti-aliasing, no symbols, no text)"
  start=$(date +%s.%N)
  gdal_rasterize -q -of GTiff -ts 1920 1080 -ot Byte -burn 200 -l communes "$WS" "$TMP/peer.tif"
  gdal_rasterize -q -burn 120 -l zones_emploi "$WS" "$TMP/peer.tif"
  gdal_rasterize -q -burn 40 -l departements "$WS" "$TMP/peer.tif"
  end=$(date +%s.%N)
  echo "gdal_rasterize (3 layers, 1920x1080): $(echo "($end - $start) * 1000" | bc | cut -d. -f1) ms"
else
  echo "== Peer: gdal_rasterize not installed (apt-get install gdal-bin)"
fi
