#!/usr/bin/env bash
# Generate Go code (gogoproto + gRPC + grpc-gateway) for proto/ndi/**.
# Works offline apart from the Go module proxy: no Buf Schema Registry.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

GO_MODULE=github.com/ndi-chain/ndi
THIRD_PARTY="$ROOT/build/proto-third-party"
BUF="$ROOT/build/tools/buf"

echo "==> building tools"
"$ROOT/scripts/tools.sh" buf protoc-gen-gocosmos protoc-gen-grpc-gateway

# Module directory in the Go module cache (downloads it if needed), resolved
# through tools/go.mod so the versions pinned there are used.
moddir() {
  local dir
  dir="$(cd "$ROOT/tools" && go list -m -f '{{.Dir}}' "$1")"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    (cd "$ROOT/tools" && go mod download "$1")
    dir="$(cd "$ROOT/tools" && go list -m -f '{{.Dir}}' "$1")"
  fi
  [ -d "$dir" ] || { echo "protocgen.sh: cannot locate module $1" >&2; exit 1; }
  echo "$dir"
}

# copy SRC_DIR REL_PATH...: copy each file keeping its import path.
copy() {
  local src="$1"; shift
  local f
  for f in "$@"; do
    [ -f "$src/$f" ] || { echo "protocgen.sh: missing $src/$f" >&2; exit 1; }
    mkdir -p "$THIRD_PARTY/$(dirname "$f")"
    cp "$src/$f" "$THIRD_PARTY/$f"
  done
}

echo "==> collecting third-party .proto files into ${THIRD_PARTY#"$ROOT"/}"
GOGOPROTO_DIR="$(moddir github.com/cosmos/gogoproto)"
COSMOS_PROTO_DIR="$(moddir github.com/cosmos/cosmos-proto)"
GATEWAY_DIR="$(moddir github.com/grpc-ecosystem/grpc-gateway)"
SDK_DIR="$(moddir github.com/cosmos/cosmos-sdk)"

if [ -d "$THIRD_PARTY" ]; then chmod -R u+w "$THIRD_PARTY"; fi
rm -rf "$THIRD_PARTY"
mkdir -p "$THIRD_PARTY"
copy "$GOGOPROTO_DIR" gogoproto/gogo.proto
copy "$COSMOS_PROTO_DIR/proto" cosmos_proto/cosmos.proto
copy "$GATEWAY_DIR/third_party/googleapis" google/api/annotations.proto google/api/http.proto
copy "$SDK_DIR/proto" \
  cosmos/msg/v1/msg.proto \
  cosmos/query/v1/query.proto \
  amino/amino.proto \
  cosmos/base/query/v1beta1/pagination.proto \
  cosmos/base/v1beta1/coin.proto
chmod -R u+w "$THIRD_PARTY"   # the module cache is read-only

OUT="$(mktemp -d)"
trap 'chmod -R u+w "$OUT" 2>/dev/null || true; rm -rf "$OUT"' EXIT

echo "==> buf generate proto (template proto/buf.gen.gogo.yaml)"
"$BUF" generate proto --template proto/buf.gen.gogo.yaml -o "$OUT"

if [ ! -d "$OUT/$GO_MODULE" ]; then
  echo "protocgen.sh: nothing generated under $GO_MODULE" >&2
  exit 1
fi

echo "==> copying generated files into place"
(cd "$OUT/$GO_MODULE" && find . -type f | sed 's|^\./|    |' | sort)
cp -r "$OUT/$GO_MODULE/." "$ROOT/"

echo "==> done"
