package network

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/ndi-chain/ndi/app/params"
)

// proposalDeposit is the deposit PassProposal puts down: the app genesis'
// minimum deposit (app/genesis.go), so voting starts at once.
const proposalDeposit = 10_000_000

// PassProposal submits a governance proposal of msgs from validator 0,
// votes yes with every validator, waits until the voting period (set by
// Options.VotingPeriod) is over and requires that it passed. It returns the
// proposal id.
func PassProposal(t testing.TB, n *sdknetwork.Network, title, summary string, msgs ...sdk.Msg) uint64 {
	t.Helper()
	val0 := n.Validators[0]
	proposal, err := govv1.NewMsgSubmitProposal(msgs,
		sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(proposalDeposit))),
		val0.Address.String(), "", title, summary, false)
	require.NoError(t, err)
	res := Broadcast(t, n, val0, proposal)
	require.Zero(t, res.Code, res.RawLog)

	ctx := context.Background()
	govQuery := govv1.NewQueryClient(val0.ClientCtx)
	proposals, err := govQuery.Proposals(ctx, &govv1.QueryProposalsRequest{})
	require.NoError(t, err)
	require.NotEmpty(t, proposals.Proposals)
	id := proposals.Proposals[len(proposals.Proposals)-1].Id

	// All votes go out before any is waited for, so they share a block.
	votes := make([]string, len(n.Validators))
	for i, v := range n.Validators {
		res := BroadcastNoWait(t, n, v, govv1.NewMsgVote(v.Address, id, govv1.OptionYes, ""))
		require.Zero(t, res.Code, res.RawLog)
		votes[i] = res.TxHash
	}
	for _, hash := range votes {
		res := WaitForTx(t, n, hash)
		require.Zero(t, res.Code, res.RawLog)
	}

	deadline := time.Now().Add(40 * time.Second)
	for {
		require.True(t, time.Now().Before(deadline), "proposal %d still in its voting period after 40s", id)
		require.NoError(t, n.WaitForNextBlock())
		p, err := govQuery.Proposal(ctx, &govv1.QueryProposalRequest{ProposalId: id})
		require.NoError(t, err)
		if p.Proposal.Status != govv1.StatusVotingPeriod {
			require.Equal(t, govv1.StatusPassed, p.Proposal.Status, p.Proposal.FailedReason)
			return id
		}
	}
}
