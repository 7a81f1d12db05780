package keeper_test

import (
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/types"
)

// When the consensus parameters name the chain's authority, x/bank and
// x/gov answer to it (sdk.ValidateAuthority). x/did must too: otherwise the
// authority the chain replaced would keep control of the DID parameters.
func TestUpdateParamsAnswersToTheConsensusParamsAuthority(t *testing.T) {
	s := newSuite(t)
	successor := s.submitter()
	ctx := s.f.Ctx()
	ctx = ctx.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{Authority: successor}})

	_, err := s.srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: s.f.GovAddress, Params: types.DefaultParams()})
	require.ErrorIs(t, err, types.ErrUnauthorized, "the replaced authority no longer governs x/did")
	_, err = s.srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: successor, Params: types.DefaultParams()})
	require.NoError(t, err)
}
