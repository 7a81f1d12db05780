package params_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/app/params"
)

// The config scope is named once, so sdk.GetConfig stops deriving it from
// the executable and host name on every call, and the prefixes land in the
// config every later call returns.
func TestSetAddressPrefixesNamesTheConfigScope(t *testing.T) {
	t.Setenv(sdk.EnvConfigScope, "")
	params.SetAddressPrefixes()
	require.Equal(t, params.AppName, os.Getenv(sdk.EnvConfigScope))
	require.Equal(t, params.Bech32PrefixAccAddr, sdk.GetConfig().GetBech32AccountAddrPrefix())
}

// A scope the operator set is kept.
func TestSetAddressPrefixesKeepsAGivenScope(t *testing.T) {
	t.Setenv(sdk.EnvConfigScope, "operator-scope")
	params.SetAddressPrefixes()
	require.Equal(t, "operator-scope", os.Getenv(sdk.EnvConfigScope))
	require.Equal(t, params.Bech32PrefixValAddr, sdk.GetConfig().GetBech32ValidatorAddrPrefix())
}
