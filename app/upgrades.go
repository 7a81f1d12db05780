package app

import (
	"context"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/cosmos/cosmos-sdk/types/module"
)

// UpgradeV2 names the software upgrade that brings store version 2 of
// x/did (signature parameters) and x/revocation (the chunk layout without
// per-index keys, and without version 1's time index, which it deletes).
// Neither module has a time index in version 2: versionTime answers read
// versions by point, and the old `version_times` prefixes (x/did 4,
// x/revocation 7) are reserved. A governance
// MsgSoftwareUpgrade with this plan name halts the old binary at the plan's
// height; the new binary runs these migrations at that height and goes on.
const UpgradeV2 = "v2"

// UpgradeRehearsal names the upgrade that only a binary built with the
// `upgraderehearsal` build tag registers (upgrades_rehearsal.go). It lets
// the e2e test and operators rehearse a governance upgrade under cosmovisor
// with two binaries from one tree: the normal build halts at the plan's
// height with UPGRADE "v2-rehearsal" NEEDED, the tagged build takes over and
// runs the migration. A normal build never registers it, so a normal
// network that passed such a plan would halt until a tagged binary is
// installed: never propose it outside a rehearsal.
const UpgradeRehearsal = "v2-rehearsal"

// RehearsalMaxIndicesPerUpdate is the x/revocation max_indices_per_update
// the rehearsal upgrade sets (twice the default of new networks): a
// parameter migration whose result a query shows, changing no answer about
// any DID, accreditation or status.
const RehearsalMaxIndicesPerUpdate = 524_288

// setUpgradeHandlers registers the x/upgrade handler of each named software
// upgrade (docs/operations.md has the runbook). No upgrade adds or removes a
// store yet, so none sets store loader upgrades.
func (app *App) setUpgradeHandlers() error {
	app.UpgradeKeeper.SetUpgradeHandler(UpgradeV2, func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		// The module manager runs each module's registered migrations from
		// the version in fromVM to its ConsensusVersion, in module order.
		return app.ModuleManager.RunMigrations(ctx, app.configurator, fromVM)
	})
	app.setRehearsalUpgradeHandler()
	return nil
}
