package authority_test

import (
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/internal/authority"
)

var errNotAuthority = errorsmod.Register("authority_test", 2, "signer is not the test authority")

const (
	gov       = "ndi10d07y265gmmuvt4z0w9aw880jnsr700jqsd5ep"
	consensus = "ndi1consensusauthority"
	mallory   = "ndi1mallory"
)

func TestCheckAcceptsOnlyTheModuleAuthority(t *testing.T) {
	ctx := sdk.Context{}
	require.NoError(t, authority.Check(ctx, gov, gov, errNotAuthority))
	require.ErrorIs(t, authority.Check(ctx, gov, mallory, errNotAuthority), errNotAuthority)
}

// When the consensus parameters name an authority, the SDK modules answer
// to it and no longer to their configured one; the NDI modules must do the
// same, or the old authority would keep control of them alone.
func TestCheckFollowsTheConsensusParamsAuthority(t *testing.T) {
	ctx := sdk.Context{}.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{Authority: consensus}})
	require.NoError(t, authority.Check(ctx, gov, consensus, errNotAuthority))
	err := authority.Check(ctx, gov, gov, errNotAuthority)
	require.ErrorIs(t, err, errNotAuthority, "the configured authority is superseded")
	require.ErrorContains(t, err, "expected "+consensus)
}
