// Package keeper implements x/poa: governance-decided validators driven
// through x/staking, and the per-block bound on how much power may move.
package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/ndi-chain/ndi/x/poa/types"
)

// Keeper holds x/poa state and its dependencies.
type Keeper struct {
	cdc       codec.BinaryCodec
	authority string

	accountKeeper    types.AccountKeeper
	bankKeeper       types.BankKeeper
	stakingKeeper    types.StakingKeeper
	stakingMsgServer types.StakingMsgServer

	Schema collections.Schema
	Params collections.Item[types.Params]
	// PowerMoved is the consensus power moved by x/poa in the current block.
	// It lives in the transient store, which is emptied after every block.
	PowerMoved collections.Item[int64]
}

// NewKeeper builds the keeper. authority is the only address whose messages
// x/poa accepts (the gov module account on a real network).
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	transientService store.TransientStoreService,
	authority string,
	ak types.AccountKeeper,
	bk types.BankKeeper,
	sk types.StakingKeeper,
	stakingMsgServer types.StakingMsgServer,
) Keeper {
	if _, err := ak.AddressCodec().StringToBytes(authority); err != nil {
		panic("x/poa: invalid authority address: " + err.Error())
	}
	if ak.GetModuleAddress(types.ModuleName) == nil {
		panic("x/poa: module account is not set")
	}
	sb := collections.NewSchemaBuilder(storeService)
	tsb := collections.NewSchemaBuilderFromAccessor(transientService.OpenTransientStore)
	k := Keeper{
		cdc:              cdc,
		authority:        authority,
		accountKeeper:    ak,
		bankKeeper:       bk,
		stakingKeeper:    sk,
		stakingMsgServer: stakingMsgServer,
		Params:           collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		PowerMoved:       collections.NewItem(tsb, types.PowerMovedKey, "power_moved", collections.Int64Value),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	if _, err := tsb.Build(); err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the address allowed to send x/poa messages.
func (k Keeper) Authority() string { return k.authority }

// GetParams returns the current parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}
