//go:build upgraderehearsal

package app

import (
	"context"
	"fmt"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/cosmos/cosmos-sdk/types/module"
)

// setRehearsalUpgradeHandler registers UpgradeRehearsal: the module
// manager's migrations (none are due on a chain already at store version 2,
// but a real release runs them, so the rehearsal does too), then the
// parameter migration of x/revocation to RehearsalMaxIndicesPerUpdate.
func (app *App) setRehearsalUpgradeHandler() {
	app.UpgradeKeeper.SetUpgradeHandler(UpgradeRehearsal, func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		vm, err := app.ModuleManager.RunMigrations(ctx, app.configurator, fromVM)
		if err != nil {
			return nil, fmt.Errorf("upgrade %s: %w", UpgradeRehearsal, err)
		}
		params, err := app.RevocationKeeper.Params.Get(ctx)
		if err != nil {
			return nil, fmt.Errorf("upgrade %s: read x/revocation params: %w", UpgradeRehearsal, err)
		}
		params.MaxIndicesPerUpdate = RehearsalMaxIndicesPerUpdate
		if err := params.Validate(); err != nil {
			return nil, fmt.Errorf("upgrade %s: %w", UpgradeRehearsal, err)
		}
		if err := app.RevocationKeeper.Params.Set(ctx, params); err != nil {
			return nil, fmt.Errorf("upgrade %s: write x/revocation params: %w", UpgradeRehearsal, err)
		}
		return vm, nil
	})
}
