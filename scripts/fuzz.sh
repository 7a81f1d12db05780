#!/usr/bin/env bash
# Runs every Go fuzz target in the module for a fixed number of executions on
# top of its committed seed corpus.
#
# Budgets are counts (-fuzztime Nx), never durations: a duration-based run on a
# loaded machine can end in Go's fuzz-coordinator race (golang/go#75804) with a
# bare "context deadline exceeded" and no crasher, which is not a finding. A
# count-based budget does the same work on any machine and has no deadline.
#
# The script fails only on a real finding:
#   - a seed-corpus input fails (run first, as an ordinary test), or
#   - the fuzzer writes a new failing input under testdata/fuzz/<Target>/.
# A fuzz-engine error with no failing input written is retried; if it
# persists it is reported loudly (with the log) but is not a finding.
#
# Usage: scripts/fuzz.sh [scale]   (scale multiplies every budget; default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-1}"
case "$scale" in
  '' | *[!0-9]*) echo "fuzz.sh: scale must be a whole number, got '$scale'" >&2; exit 2 ;;
esac

# Executions per target, sized so each target runs a few seconds on 2 cores.
# Parsers are cheap; signature verification and gzip decoding are not.
budget() {
  case "$1" in
    FuzzVerify) echo 3000 ;;
    FuzzDecodeList | FuzzDocument) echo 5000 ;;
    *) echo 20000 ;;
  esac
}

# The failing inputs the fuzzer has written for a target (none in a clean tree
# beyond the committed seeds, which are listed by git).
new_inputs() {
  local dir="$1/testdata/fuzz/$2"
  [ -d "$dir" ] || return 0
  git ls-files --others --exclude-standard -- "$dir"
}

found=0
findings=0
engine_errors=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
while IFS= read -r file; do
  pkgdir="$(dirname "$file")"
  pkg="./$pkgdir"
  while IFS= read -r target; do
    found=$((found + 1))
    execs=$(( $(budget "$target") * scale ))

    echo "==> seeds $pkg $target"
    go test -count=1 -run "^${target}\$" "$pkg"

    before="$(new_inputs "$pkgdir" "$target")"
    for attempt in 1 2; do
      echo "==> fuzz $pkg $target (${execs}x, attempt $attempt)"
      if go test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" "$pkg" >"$log" 2>&1; then
        tail -n 3 "$log"
        break
      fi
      after="$(new_inputs "$pkgdir" "$target")"
      if [ "$after" != "$before" ]; then
        cat "$log"
        echo "fuzz.sh: FINDING in $target: failing input written to:" >&2
        comm -13 <(echo "$before") <(echo "$after") >&2
        findings=$((findings + 1))
        break
      fi
      cat "$log"
      if [ "$attempt" = 2 ]; then
        echo "fuzz.sh: WARNING: $target: the fuzz engine failed twice without writing a failing input (not a finding)" >&2
        engine_errors=$((engine_errors + 1))
      else
        echo "fuzz.sh: $target: fuzz engine error without a failing input; retrying" >&2
      fi
    done
  done < <(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/')
done < <(grep -rlE '^func Fuzz[A-Za-z0-9_]+\(' --include='*_test.go' . | grep -v '^./build/' | sed 's|^\./||' | sort)

echo "==> $found fuzz target(s) run; $findings finding(s); $engine_errors engine error(s) without a finding"
[ "$found" -gt 0 ] || { echo "fuzz.sh: no fuzz targets found" >&2; exit 1; }
[ "$findings" -eq 0 ]
