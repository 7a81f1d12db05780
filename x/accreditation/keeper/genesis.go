package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/accreditation/types"
)

// InitGenesis stores the parameters, every trust anchor with its history,
// every credential type and every accreditation with all its versions.
// DIDs are not looked up: genesis records were valid when written.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, ga := range gs.TrustAnchors {
		for seq, v := range ga.Versions {
			if err := k.TrustAnchorVersions.Set(ctx, collections.Join(ga.Did, uint64(seq)), v); err != nil {
				return err
			}
		}
		if err := k.TrustAnchors.Set(ctx, ga.Did, uint64(len(ga.Versions))); err != nil {
			return err
		}
	}
	for _, ct := range gs.CredentialTypes {
		if err := k.CredentialTypes.Set(ctx, ct.Id, ct); err != nil {
			return err
		}
	}
	for _, ga := range gs.Accreditations {
		for seq, v := range ga.Versions {
			if err := k.AccreditationVersions.Set(ctx, collections.Join(ga.Id, uint64(seq)), v); err != nil {
				return err
			}
		}
		if err := k.Accreditations.Set(ctx, ga.Id, ga.Versions[len(ga.Versions)-1].Record); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis is the exact inverse of InitGenesis: anchors in DID order,
// types and accreditations in id order, versions oldest first.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	err = k.TrustAnchors.Walk(ctx, nil, func(did string, n uint64) (bool, error) {
		ga := types.GenesisTrustAnchor{Did: did, Versions: make([]types.TrustAnchorVersion, 0, n)}
		err := k.TrustAnchorVersions.Walk(ctx, collections.NewPrefixedPairRange[string, uint64](did),
			func(_ collections.Pair[string, uint64], v types.TrustAnchorVersion) (bool, error) {
				ga.Versions = append(ga.Versions, v)
				return false, nil
			})
		gs.TrustAnchors = append(gs.TrustAnchors, ga)
		return false, err
	})
	if err != nil {
		return nil, err
	}
	err = k.CredentialTypes.Walk(ctx, nil, func(_ string, ct types.CredentialType) (bool, error) {
		gs.CredentialTypes = append(gs.CredentialTypes, ct)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.Accreditations.Walk(ctx, nil, func(id string, a types.Accreditation) (bool, error) {
		ga := types.GenesisAccreditation{Id: id, Versions: make([]types.AccreditationVersion, 0, a.Version+1)}
		err := k.AccreditationVersions.Walk(ctx, collections.NewPrefixedPairRange[string, uint64](id),
			func(_ collections.Pair[string, uint64], v types.AccreditationVersion) (bool, error) {
				ga.Versions = append(ga.Versions, v)
				return false, nil
			})
		gs.Accreditations = append(gs.Accreditations, ga)
		return false, err
	})
	return gs, err
}
