#!/usr/bin/env bash
# Build the pinned developer tools from tools/go.mod into build/tools/.
#
#   scripts/tools.sh                      # build all tools
#   scripts/tools.sh buf protoc-gen-gocosmos
#   scripts/tools.sh chromium             # Debian's headless browser (not in ALL)
#
# A tool is rebuilt only when its binary is missing or older than its go.mod
# (or go.sum): tools/go.mod, or tools/cosmovisor/go.mod for cosmovisor. Only
# the Go module proxy is needed.
#
# chromium is not a Go tool: the explorer's browser tests (testutil/browser,
# testutil/procnet's explorer e2e) drive the distribution's Chromium, so it is
# installed with apt-get from Debian's packages when /usr/bin/chromium is
# missing (as root, or through sudo otherwise). It is asked for by name only
# (`make test-e2e` and testutil/browser's tests need it), so building the Go
# tools never needs apt.
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

CHROMIUM=/usr/bin/chromium

# install_chromium installs Debian's chromium package when the binary is
# missing. --no-install-recommends keeps it to the browser and its libraries.
install_chromium() {
  if [ -x "$CHROMIUM" ]; then
    echo "==> chromium: present ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
    return
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "tools.sh: $CHROMIUM is missing and apt-get is not available: install Chromium so that $CHROMIUM exists" >&2
    exit 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "tools.sh: installing chromium needs root, and sudo is not available" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  echo "==> chromium: installing Debian's chromium with apt-get"
  start=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
  if [ ! -x "$CHROMIUM" ]; then
    echo "tools.sh: apt-get installed chromium but $CHROMIUM is still missing" >&2
    exit 1
  fi
  echo "==> chromium: installed in $((SECONDS - start))s ($("$CHROMIUM" --version 2>/dev/null || true))"
}

if [ "$#" -eq 0 ]; then
  set -- "${ALL[@]}"
fi

for name in "$@"; do
  if [ "$name" = chromium ]; then
    continue
  fi
  if [ -z "${PKG[$name]+x}" ]; then
    echo "tools.sh: unknown tool '$name' (known: ${ALL[*]} chromium)" >&2
    exit 2
  fi
done

mkdir -p "$BIN_DIR"
for name in "$@"; do
  if [ "$name" = chromium ]; then
    install_chromium
    continue
  fi
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
