#!/usr/bin/env bash
# Build the pinned developer tools from tools/go.mod into build/tools/.
#
#   scripts/tools.sh                      # build all tools
#   scripts/tools.sh buf protoc-gen-gocosmos
#
# A tool is rebuilt only when its binary is missing or older than tools/go.mod
# (or tools/go.sum). Only the Go module proxy is needed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/tools"
BIN_DIR="$ROOT/build/tools"

# name -> Go package (resolved through tools/go.mod)
declare -A PKG=(
  [buf]=github.com/bufbuild/buf/cmd/buf
  [protoc-gen-gocosmos]=github.com/cosmos/gogoproto/protoc-gen-gocosmos
  [protoc-gen-grpc-gateway]=github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway
  [golangci-lint]=github.com/golangci/golangci-lint/v2/cmd/golangci-lint
  [gotestsum]=gotest.tools/gotestsum
  [grpcurl]=github.com/fullstorydev/grpcurl/cmd/grpcurl
)
ALL=(buf protoc-gen-gocosmos protoc-gen-grpc-gateway golangci-lint gotestsum grpcurl)

if [ "$#" -eq 0 ]; then
  set -- "${ALL[@]}"
fi

for name in "$@"; do
  if [ -z "${PKG[$name]+x}" ]; then
    echo "tools.sh: unknown tool '$name' (known: ${ALL[*]})" >&2
    exit 2
  fi
done

mkdir -p "$BIN_DIR"
for name in "$@"; do
  out="$BIN_DIR/$name"
  if [ -x "$out" ] && [ "$out" -nt "$TOOLS_DIR/go.mod" ] && [ "$out" -nt "$TOOLS_DIR/go.sum" ]; then
    echo "==> $name: up to date ($out)"
    continue
  fi
  echo "==> $name: building ${PKG[$name]}"
  start=$SECONDS
  # Build into a temp file so an interrupted build never leaves a "fresh" binary.
  (cd "$TOOLS_DIR" && go build -trimpath -o "$out.tmp" "${PKG[$name]}")
  mv -f "$out.tmp" "$out"
  echo "==> $name: built in $((SECONDS - start))s"
done
