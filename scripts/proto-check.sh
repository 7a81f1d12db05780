#!/usr/bin/env bash
# Regenerate protobuf code and fail if the committed generated files are stale
# (modified, deleted or untracked *.pb.go / *.pb.gw.go after generation).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/protocgen.sh"

echo "==> checking generated files against git"
changes="$(git status --porcelain --untracked-files=all -- '*.pb.go' '*.pb.gw.go')"
if [ -n "$changes" ]; then
  echo "proto-check: generated code is stale; run scripts/protocgen.sh and commit:" >&2
  echo "$changes" >&2
  exit 1
fi
echo "==> generated code is up to date"
