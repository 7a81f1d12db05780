//go:build !upgraderehearsal

package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/testutil/apptest"
)

// A normal build knows the v2 upgrade but not the rehearsal: a network that
// passed a v2-rehearsal plan halts on it, which is what the e2e upgrade
// test relies on for its "old" binary.
func TestNormalBuildHasNoRehearsalUpgradeHandler(t *testing.T) {
	a := apptest.Setup(t, 1, 0).App
	require.True(t, a.UpgradeKeeper.HasHandler(app.UpgradeV2))
	require.False(t, a.UpgradeKeeper.HasHandler(app.UpgradeRehearsal))
}
