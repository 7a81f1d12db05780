package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// InitGenesis stores the parameters and every list with its history.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	var next uint64
	for _, gl := range gs.Lists {
		l := gl.List
		if err := k.Lists.Set(ctx, l.Id, l); err != nil {
			return err
		}
		if err := k.ListsByIssuer.Set(ctx, collections.Join(l.IssuerDid, l.Id)); err != nil {
			return err
		}
		for _, v := range gl.Versions {
			if err := k.recordVersion(ctx, l, v); err != nil {
				return err
			}
		}
		if err := k.importChunks(ctx, l, gl.Chunks); err != nil {
			return err
		}
		if l.Number >= next {
			next = l.Number + 1
		}
	}
	return k.ListNumbers.Set(ctx, next)
}

// ExportGenesis is the exact inverse of InitGenesis: lists in id order,
// each with its versions and its chunk versions in (chunk, sequence) order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	err = k.Lists.Walk(ctx, nil, func(_ string, l types.StatusList) (bool, error) {
		gl := types.GenesisList{List: l}
		err := k.Versions.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](l.Number), func(_ collections.Pair[uint64, uint64], v types.ListVersion) (bool, error) {
			gl.Versions = append(gl.Versions, v)
			return false, nil
		})
		if err != nil {
			return true, err
		}
		err = k.ChunkRecords.Walk(ctx, collections.NewPrefixedTripleRange[uint64, uint64, uint64](l.Number), func(key collections.Triple[uint64, uint64, uint64], rec types.ChunkRecord) (bool, error) {
			gl.Chunks = append(gl.Chunks, types.ChunkVersion{Chunk: key.K2(), Sequence: rec.Sequence, Bits: rec.Bits})
			return false, nil
		})
		gs.Lists = append(gs.Lists, gl)
		return err != nil, err
	})
	return gs, err
}

// importChunks stores a list's chunk versions, given in (chunk, sequence)
// order as Validate requires.
func (k Keeper) importChunks(ctx context.Context, l types.StatusList, chunks []types.ChunkVersion) error {
	w := chunkAppender{k: k, list: l}
	for _, cv := range chunks {
		if err := w.append(ctx, cv.Chunk, cv.Sequence, cv.Bits); err != nil {
			return err
		}
	}
	return nil
}
