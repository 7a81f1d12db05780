#!/usr/bin/env bash
# Build the pinned developer tools from tools/go.mod into build/tools/.
#
#   scripts/tools.sh                      # build all tools
#   scripts/tools.sh buf protoc-gen-gocosmos
#
# A tool is rebuilt only when its binary is missing or older than its go.mod
# (or go.sum): tools/go.mod, or tools/cosmovisor/go.mod for cosmovisor. Only
# the Go module proxy is needed.
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
  [cosmovisor]=cosmossdk.io/tools/cosmovisor/cmd/cosmovisor
)
ALL=(buf protoc-gen-gocosmos protoc-gen-grpc-gateway golangci-lint gotestsum grpcurl cosmovisor)

# name -> module folder under tools/, for a tool whose dependencies cannot be
# resolved together with the others' (default: tools/ itself)
declare -A MODDIR=(
  [cosmovisor]=cosmovisor
)

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
  mod="$TOOLS_DIR"
  if [ -n "${MODDIR[$name]+x}" ]; then
    mod="$TOOLS_DIR/${MODDIR[$name]}"
  fi
  if [ -x "$out" ] && [ "$out" -nt "$mod/go.mod" ] && [ "$out" -nt "$mod/go.sum" ]; then
    echo "==> $name: up to date ($out)"
    continue
  fi
  echo "==> $name: building ${PKG[$name]}"
  start=$SECONDS
  # Build into a temp file so an interrupted build never leaves a "fresh" binary.
  (cd "$mod" && go build -trimpath -o "$out.tmp" "${PKG[$name]}")
  mv -f "$out.tmp" "$out"
  echo "==> $name: built in $((SECONDS - start))s"
done
