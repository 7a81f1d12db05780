package app

import (
	"context"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/cosmos/cosmos-sdk/types/module"
)

// UpgradeV2 names the software upgrade that brings store version 2 of
// x/did (signature parameters and the versionTime index) and x/revocation
// (the chunk layout without per-index keys). A governance
// MsgSoftwareUpgrade with this plan name halts the old binary at the plan's
// height; the new binary runs these migrations at that height and goes on.
const UpgradeV2 = "v2"

// setUpgradeHandlers registers the x/upgrade handler of each named software
// upgrade (docs/operations.md has the runbook). No upgrade adds or removes a
// store yet, so none sets store loader upgrades.
func (app *App) setUpgradeHandlers() error {
	app.UpgradeKeeper.SetUpgradeHandler(UpgradeV2, func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		// The module manager runs each module's registered migrations from
		// the version in fromVM to its ConsensusVersion, in module order.
		return app.ModuleManager.RunMigrations(ctx, app.configurator, fromVM)
	})
	return nil
}
