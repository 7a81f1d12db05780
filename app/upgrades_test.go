package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/testutil/rawstore"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationkeeper "github.com/ndi-chain/ndi/x/revocation/keeper"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// The v2 upgrade handler runs the store migrations of x/did and
// x/revocation from version 1: a status list written in version 1's layout
// answers the same afterwards, from version 2's layout alone.
func TestUpgradeV2RunsTheStoreMigrations(t *testing.T) {
	f := apptest.Setup(t, 1, 0)
	ctx := f.Ctx()
	a := f.App
	k := a.RevocationKeeper

	// A chain at store version 1, with a list whose index 7 was revoked by
	// update 1, written as version 1 wrote it.
	vm, err := a.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[didtypes.ModuleName], vm[revocationtypes.ModuleName] = 1, 1
	require.NoError(t, a.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	issuer := "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF"
	list := revocationtypes.StatusList{
		Id: revocationtypes.ListID(issuer, "v1"), IssuerDid: issuer, Name: "v1", Purpose: revocationtypes.STATUS_PURPOSE_REVOCATION,
		SizeBits: revocationtypes.MinSizeBits, Number: 1, Sequence: 1, Created: ctx.BlockTime(), Updated: ctx.BlockTime(),
	}
	require.NoError(t, k.Lists.Set(ctx, list.Id, list))
	for seq := range uint64(2) {
		require.NoError(t, k.Versions.Set(ctx, collections.Join(list.Number, seq), revocationtypes.ListVersion{Sequence: seq, Time: ctx.BlockTime()}))
	}
	v1, err := revocationkeeper.NewV1Layout(k.StoreService())
	require.NoError(t, err)
	require.NoError(t, v1.VersionTimes.Set(ctx, collections.Join(list.Number, ctx.BlockTime().Unix()), uint64(1)))
	chunk := make([]byte, revocationtypes.ChunkBytes)
	revocationtypes.SetBit(chunk, 7, true)
	require.NoError(t, v1.Chunks.Set(ctx, collections.Join3(list.Number, uint64(0), uint64(1)), chunk))
	require.NoError(t, v1.Changes.Set(ctx, collections.Join3(list.Number, uint64(7), uint64(1))))

	require.NoError(t, a.UpgradeKeeper.ApplyUpgrade(ctx, upgradetypes.Plan{Name: app.UpgradeV2, Height: ctx.BlockHeight()}))

	vm, err = a.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(2), vm[didtypes.ModuleName])
	require.Equal(t, uint64(2), vm[revocationtypes.ModuleName])
	has, err := v1.Chunks.Has(ctx, collections.Join3(list.Number, uint64(0), uint64(1)))
	require.NoError(t, err)
	require.False(t, has, "version 1's chunk key is left")
	has, err = v1.VersionTimes.Has(ctx, collections.Join(list.Number, ctx.BlockTime().Unix()))
	require.NoError(t, err)
	require.False(t, has, "version 1's time index key is left")
	// Nothing is left under either module's retired time-index prefix.
	for store, prefix := range map[string][]byte{didtypes.StoreKey: didtypes.RetiredVersionTimesKey, revocationtypes.StoreKey: revocationtypes.V1VersionTimesKey} {
		require.Empty(t, rawstore.KeysUnder(t, ctx.KVStore(a.GetKey(store)), prefix), "%s store: keys under prefix %x", store, prefix)
	}
	q := revocationkeeper.NewQueryServerImpl(k)
	for index, want := range map[uint64]bool{7: true, 8: false} {
		res, err := q.CredentialStatus(ctx, revocationtypes.NewQueryCredentialStatusRequest(list.Id, index, nil))
		require.NoError(t, err)
		require.Equal(t, want, res.Set, "index %d", index)
		require.Equal(t, want, res.Changed, "index %d", index)
	}
}
