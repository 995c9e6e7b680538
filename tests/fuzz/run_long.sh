#!/usr/bin/env bash
# The local long run (issue 15): 10,000 cases per parser, same seeds and checks as CI.
#   tests/fuzz/run_long.sh [BUILD_FUZZ_DIR] [CASES]
# Builds BUILD_FUZZ_DIR (default build-fuzz, clang + ASan + UBSan) when it has no targets.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
B=${1:-$ROOT/build-fuzz}
if [ ! -x "$B/tests/fuzz/fuzz_manifest" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMARAUDE_FUZZ=ON -DMARAUDE_GUI=OFF -DMARAUDE_TESTS=OFF >/dev/null
  cmake --build "$B" -j"$(nproc)" --target fuzz_all
fi
FUZZ_KEEP="${FUZZ_KEEP:-$ROOT/out/fuzz-artifacts}" exec bash "$ROOT/tests/fuzz/run.sh" "$B" --runs "${2:-10000}"
