//go:build upgraderehearsal

package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/testutil/apptest"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// Run with: go test -tags upgraderehearsal -run Rehearsal ./app/
//
// The rehearsal upgrade changes x/revocation's max_indices_per_update and
// nothing else: the other parameter and every module version stay.
func TestRehearsalUpgradeMigratesTheRevocationParams(t *testing.T) {
	f := apptest.Setup(t, 1, 0)
	ctx := f.Ctx()
	a := f.App
	require.True(t, a.UpgradeKeeper.HasHandler(app.UpgradeRehearsal))
	before, err := a.RevocationKeeper.Params.Get(ctx)
	require.NoError(t, err)
	require.NotEqual(t, uint64(app.RehearsalMaxIndicesPerUpdate), before.MaxIndicesPerUpdate)
	vmBefore, err := a.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)

	require.NoError(t, a.UpgradeKeeper.ApplyUpgrade(ctx, upgradetypes.Plan{Name: app.UpgradeRehearsal, Height: ctx.BlockHeight()}))

	after, err := a.RevocationKeeper.Params.Get(ctx)
	require.NoError(t, err)
	want := before
	want.MaxIndicesPerUpdate = app.RehearsalMaxIndicesPerUpdate
	require.Equal(t, want, after)
	require.NoError(t, revocationtypes.Params(after).Validate())
	vmAfter, err := a.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	require.Equal(t, vmBefore, vmAfter)
}
