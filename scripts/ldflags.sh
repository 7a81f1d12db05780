#!/usr/bin/env bash
# Print the -ldflags every ndid build uses (make build, scripts/localnet.sh,
# the process test harness), so that `ndid version --long` and the node's
# GetNodeInfo report the same name, release, commit and build tags wherever
# the binary was built. VERSION overrides the release (default: git describe).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
pkg=github.com/cosmos/cosmos-sdk/version
printf -- '-X %s.Name=ndi -X %s.AppName=ndid -X %s.Version=%s -X %s.Commit=%s\n' \
	"$pkg" "$pkg" "$pkg" "$version" "$pkg" "$commit"
