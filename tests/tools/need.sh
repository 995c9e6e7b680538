# Sourced by the CLI tests: `need TOOL PACKAGE` stops the test as failed when TOOL is missing.
# A check whose tool is missing never passes or skips: .ci/setup installs every PACKAGE by name.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "FAIL: $1 missing: apt-get install $2 (.ci/setup installs it)"
  echo "0 passed, 1 failed"
  exit 1
}
