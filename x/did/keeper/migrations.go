package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/did/types"
)

// Migrator holds x/did's store migrations, run by the upgrade module.
type Migrator struct {
	keeper Keeper
}

// NewMigrator returns the migrations of k's store.
func NewMigrator(k Keeper) Migrator { return Migrator{keeper: k} }

// Migrate1to2 brings a version-1 store to version 2:
//   - the signature parameters that version 2 added (max_signatures and the
//     per-algorithm verification gas) take their defaults, since zero would
//     refuse every DID-signed message.
//
// Stored versions are not touched: versionTime lookups read them by point
// (versions.go SeqAt), so no time index is built (prefix 4 stays reserved,
// types.RetiredVersionTimesKey).
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	params, err := m.keeper.Params.Get(ctx)
	if err != nil {
		return err
	}
	defaults := types.DefaultParams()
	if params.MaxSignatures == 0 {
		params.MaxSignatures = defaults.MaxSignatures
	}
	if params.SigVerifyGasEd25519 == 0 {
		params.SigVerifyGasEd25519 = defaults.SigVerifyGasEd25519
	}
	if params.SigVerifyGasP256 == 0 {
		params.SigVerifyGasP256 = defaults.SigVerifyGasP256
	}
	if params.SigVerifyGasSecp256K1 == 0 {
		params.SigVerifyGasSecp256K1 = defaults.SigVerifyGasSecp256K1
	}
	if err := params.Validate(); err != nil {
		return err
	}
	return m.keeper.Params.Set(ctx, params)
}
