#!/usr/bin/env bash
# Runs every Go fuzz target in the module for a short time (default 10s each)
# on top of its committed seed corpus. Usage: scripts/fuzz.sh [duration]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10s}"
found=0
while IFS= read -r file; do
  pkg="./$(dirname "$file")"
  while IFS= read -r target; do
    found=$((found + 1))
    echo "==> fuzz $pkg $target ($duration)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$duration" "$pkg"
  done < <(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/')
done < <(grep -rlE '^func Fuzz[A-Za-z0-9_]+\(' --include='*_test.go' . | grep -v '^./build/' | sort)
echo "==> $found fuzz target(s) run"
