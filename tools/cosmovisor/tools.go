//go:build tools

// Package cosmovisor pins the cosmovisor release the upgrade runbook
// (docs/operations.md §4) and the e2e upgrade test use. It is a module of
// its own: resolved together with the other tools in tools/go.mod, its
// dependencies would be raised to versions it does not build with.
package cosmovisor

import _ "cosmossdk.io/tools/cosmovisor/cmd/cosmovisor"
