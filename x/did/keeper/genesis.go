package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/did/types"
)

// InitGenesis stores the parameters and every DID with all its versions.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, d := range gs.Dids {
		for seq, v := range d.Versions {
			if err := k.setVersion(ctx, d.Id, uint64(seq), v); err != nil {
				return err
			}
		}
		last := d.Versions[len(d.Versions)-1]
		if err := k.Dids.Set(ctx, d.Id, types.DidState{Versions: uint64(len(d.Versions)), Deactivated: last.Deactivated}); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis is the exact inverse of InitGenesis: DIDs in id order, each
// with its versions oldest first.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	err = k.Dids.Walk(ctx, nil, func(id string, state types.DidState) (bool, error) {
		d := types.GenesisDid{Id: id, Versions: make([]types.DidVersion, 0, state.Versions)}
		err := k.Versions.Walk(ctx, collections.NewPrefixedPairRange[string, uint64](id), func(_ collections.Pair[string, uint64], v types.DidVersion) (bool, error) {
			d.Versions = append(d.Versions, v)
			return false, nil
		})
		gs.Dids = append(gs.Dids, d)
		return false, err
	})
	return gs, err
}
