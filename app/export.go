package app

import (
	"encoding/json"
	"errors"
	"fmt"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
)

// ErrZeroHeightExport is returned for `ndid export --for-zero-height`: NDI
// Chain restarts from exports at their own height (with the next initial
// height), which keeps every version history and status-list height intact.
var ErrZeroHeightExport = errors.New("export --for-zero-height is not supported: export at the current height and start the new chain with initial_height set to the next height")

// ExportAppStateAndValidators exports every module's state and the current
// validator set at the last committed height.
func (app *App) ExportAppStateAndValidators(forZeroHeight bool, _ []string, modulesToExport []string) (servertypes.ExportedApp, error) {
	if forZeroHeight {
		return servertypes.ExportedApp{}, ErrZeroHeightExport
	}
	ctx := app.NewContextLegacy(true, cmtproto.Header{Height: app.LastBlockHeight()})
	height := app.LastBlockHeight() + 1

	genState, err := app.ModuleManager.ExportGenesisForModules(ctx, app.appCodec, modulesToExport)
	if err != nil {
		return servertypes.ExportedApp{}, fmt.Errorf("export module genesis: %w", err)
	}
	appState, err := json.MarshalIndent(genState, "", "  ")
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	validators, err := staking.WriteValidators(ctx, app.StakingKeeper)
	if err != nil {
		return servertypes.ExportedApp{}, fmt.Errorf("export validators: %w", err)
	}
	return servertypes.ExportedApp{
		AppState:        appState,
		Validators:      validators,
		Height:          height,
		ConsensusParams: app.GetConsensusParams(ctx),
	}, nil
}
