package procnet_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/testutil/procnet"
)

// Sender against a real CometBFT node: the in-process network of
// testutil/network, reached as a Remote node as cmd/ndi-bench reaches a
// localnet. No ndid binary is needed.
func TestSenderAgainstARealNode(t *testing.T) {
	n := network.New(t, network.Options{Validators: 1})
	val := n.Validators[0]
	node := procnet.Remote("val0", strings.TrimPrefix(val.RPCAddress, "tcp://"), n.Config.ChainID)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	st, err := node.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, n.Config.ChainID, st.Network)

	s, err := procnet.NewSender(val.ClientCtx.Keyring, val.Moniker, node)
	require.NoError(t, err)
	sent := int64(0)
	send := func(s *procnet.Sender) sdk.Msg {
		sent++ // a different amount each time: no two transactions are the same bytes
		return banktypes.NewMsgSend(s.Address(), s.Address(), sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, sent)))
	}
	first := s.Sequence()

	height, err := s.SendAndWait(ctx, network.DefaultGas, send(s))
	require.NoError(t, err)
	require.Positive(t, height)

	// Signed ahead of time, sent in order.
	tx1, err := s.Sign(network.DefaultGas, send(s))
	require.NoError(t, err)
	tx2, err := s.Sign(network.DefaultGas, send(s))
	require.NoError(t, err)
	for _, tx := range [][]byte{tx1, tx2} {
		hash, err := s.BroadcastRetry(ctx, tx)
		require.NoError(t, err)
		_, err = s.WaitTx(ctx, hash, time.Minute)
		require.NoError(t, err)
	}
	require.NoError(t, s.WaitCommittedSequence(ctx, first+3))

	// Another sender of the same account moves the sequence on; the first
	// one, now behind, resynchronizes from the node's refusal.
	other, err := procnet.NewSender(val.ClientCtx.Keyring, val.Moniker, node)
	require.NoError(t, err)
	require.Equal(t, first+3, other.Sequence())
	_, _, err = other.Send(ctx, network.DefaultGas, send(other))
	require.NoError(t, err)
	hash, seq, err := s.Send(ctx, network.DefaultGas, send(s))
	require.NoError(t, err)
	require.Equal(t, first+4, seq)
	c, err := node.WaitCommitted(ctx, hash, time.Minute)
	require.NoError(t, err)
	require.Zero(t, c.Code, c.Log)

	b, err := node.Block(ctx, c.Height)
	require.NoError(t, err)
	require.False(t, b.Time.IsZero())
	require.NoError(t, s.Refresh())
	require.Equal(t, first+5, s.Sequence())
}
