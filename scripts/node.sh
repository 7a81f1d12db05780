#!/usr/bin/env bash
# Node.js for the JavaScript client (clients/js):
#
#   scripts/node.sh          # make sure node and npm are here, then npm ci
#   scripts/node.sh test     # the same, then run the client's tests
#                            # (node --test; the chain test needs the
#                            # NDI_* variables of clients/js/test/chain.test.js)
#
# A machine with only Go and apt gets Node.js from Debian (apt-get install
# nodejs npm, as root). npm ci runs only when clients/js/node_modules is
# missing or older than package-lock.json, so repeated test runs reuse it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENT="$ROOT/clients/js"
MIN_NODE_MAJOR=18

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    echo "node.sh: node and npm are needed and there is no apt-get to install them; install Node.js >= $MIN_NODE_MAJOR" >&2
    exit 1
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
  fi
  echo "==> node.sh: installing nodejs and npm with apt-get"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq nodejs npm >/dev/null
fi

major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt "$MIN_NODE_MAJOR" ]; then
  echo "node.sh: node $(node --version) is too old; the client needs Node.js >= $MIN_NODE_MAJOR" >&2
  exit 1
fi

stamp="$CLIENT/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$CLIENT/package-lock.json" -nt "$stamp" ]; then
  echo "==> node.sh: npm ci in clients/js (node $(node --version), npm $(npm --version))"
  (cd "$CLIENT" && npm ci --no-audit --no-fund)
fi

case "${1:-}" in
"") ;;
test)
  cd "$CLIENT"
  exec node --test test/
  ;;
*)
  echo "node.sh: unknown command '$1' (known: test)" >&2
  exit 2
  ;;
esac
