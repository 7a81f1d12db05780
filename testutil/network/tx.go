package network

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	"github.com/ndi-chain/ndi/app/params"
)

// DefaultGas is the gas limit of test transactions.
const DefaultGas = 400_000

// TxOptions are what a test varies in the transactions it sends.
type TxOptions struct {
	// Gas is the gas limit; zero means DefaultGas. The fee follows it
	// (1 undi per 1,000 gas, rounded up), so a large limit is never
	// refused for its fee. Status-list updates, which write one key per
	// changed index, need far more than DefaultGas.
	Gas uint64
}

// Broadcast signs msgs with the key of validator from, broadcasts them
// through validator 0's RPC and waits until the transaction is in a block.
// It returns the block's result: Code 0 on success, the module's error code
// otherwise. A transaction refused at CheckTx is returned as it was refused.
func Broadcast(t testing.TB, n *sdknetwork.Network, from *sdknetwork.Validator, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	return BroadcastWith(t, n, from, TxOptions{}, msgs...)
}

// BroadcastWith is Broadcast with opts.
func BroadcastWith(t testing.TB, n *sdknetwork.Network, from *sdknetwork.Validator, opts TxOptions, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	clientCtx, txf := prepare(t, n, from, opts)
	res := signAndSend(t, clientCtx, txf, from, msgs...)
	if res.Code != 0 {
		return res
	}
	return WaitForTx(t, n, res.TxHash)
}

// BroadcastNoWait is Broadcast without waiting for the block: it returns
// the CheckTx answer, so several accounts can get transactions into the
// same block.
func BroadcastNoWait(t testing.TB, n *sdknetwork.Network, from *sdknetwork.Validator, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	clientCtx, txf := prepare(t, n, from, TxOptions{})
	return signAndSend(t, clientCtx, txf, from, msgs...)
}

// BroadcastEach signs one transaction per message, with consecutive
// account sequences of from, broadcasts them all, then waits for each and
// returns the block results in order. A message refused in the block still
// used its sequence, so refusals can share blocks with each other; one
// refused at CheckTx fails the test, since it would leave a gap in the
// sequences of those after it.
func BroadcastEach(t testing.TB, n *sdknetwork.Network, from *sdknetwork.Validator, opts TxOptions, msgs ...sdk.Msg) []*sdk.TxResponse {
	t.Helper()
	clientCtx, txf := prepare(t, n, from, opts)
	hashes := make([]string, len(msgs))
	for i, msg := range msgs {
		res := signAndSend(t, clientCtx, txf.WithSequence(txf.Sequence()+uint64(i)), from, msg)
		require.Zero(t, res.Code, "refused at CheckTx: %s", res.RawLog)
		hashes[i] = res.TxHash
	}
	out := make([]*sdk.TxResponse, len(msgs))
	for i, hash := range hashes {
		out[i] = WaitForTx(t, n, hash)
	}
	return out
}

// prepare returns validator 0's client context acting as from, and a
// transaction factory with from's keyring, account number and next
// sequence, and the gas and fee of opts.
func prepare(t testing.TB, n *sdknetwork.Network, from *sdknetwork.Validator, opts TxOptions) (client.Context, clienttx.Factory) {
	t.Helper()
	gas := opts.Gas
	if gas == 0 {
		gas = DefaultGas
	}
	clientCtx := n.Validators[0].ClientCtx.
		WithKeyring(from.ClientCtx.Keyring).
		WithFromAddress(from.Address).
		WithFromName(from.Moniker)
	fees := sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, int64(gas/1000+1)))
	txf := clienttx.Factory{}.
		WithChainID(n.Config.ChainID).
		WithKeybase(from.ClientCtx.Keyring).
		WithTxConfig(clientCtx.TxConfig).
		WithAccountRetriever(clientCtx.AccountRetriever).
		WithGas(gas).
		WithFees(fees.String())
	txf, err := txf.Prepare(clientCtx)
	require.NoError(t, err)
	return clientCtx, txf
}

// signAndSend signs msgs as one transaction with from's key and returns
// the CheckTx answer.
func signAndSend(t testing.TB, clientCtx client.Context, txf clienttx.Factory, from *sdknetwork.Validator, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	builder, err := txf.BuildUnsignedTx(msgs...)
	require.NoError(t, err)
	require.NoError(t, clienttx.Sign(context.Background(), txf, from.Moniker, builder, true))
	bz, err := clientCtx.TxConfig.TxEncoder()(builder.GetTx())
	require.NoError(t, err)
	res, err := clientCtx.BroadcastTxSync(bz)
	require.NoError(t, err)
	return res
}

// WaitForTx waits (at most 30s) until the transaction is in a block and
// returns its result. It asks before each wait for a block, so a
// transaction already in one costs no further block.
func WaitForTx(t testing.TB, n *sdknetwork.Network, hash string) *sdk.TxResponse {
	t.Helper()
	clientCtx := n.Validators[0].ClientCtx
	deadline := time.Now().Add(30 * time.Second)
	for {
		if res, err := authtx.QueryTx(clientCtx, hash); err == nil {
			return res
		}
		if !time.Now().Before(deadline) {
			require.NoError(t, errors.New("transaction "+hash+" not in a block after 30s"))
			return nil
		}
		require.NoError(t, n.WaitForNextBlock())
	}
}

// ExecTx runs the transaction command cmd with args (which carry its
// flags, --broadcast-mode sync and --output json among them) as
// validator 0's CLI would, requires that CheckTx accepted it, waits until
// it is in a block and returns the block result. What the command writes
// before its JSON answer (what it signs) is skipped.
func ExecTx(t testing.TB, n *sdknetwork.Network, cmd *cobra.Command, args ...string) *sdk.TxResponse {
	t.Helper()
	clientCtx := n.Validators[0].ClientCtx
	out, err := clitestutil.ExecTestCLICmd(clientCtx, cmd, args)
	require.NoError(t, err, out.String())
	answer := out.String()
	start := strings.Index(answer, "{")
	require.GreaterOrEqual(t, start, 0, "no JSON answer: %s", answer)
	var res sdk.TxResponse
	require.NoError(t, clientCtx.Codec.UnmarshalJSON([]byte(answer[start:]), &res), out.String())
	require.Zero(t, res.Code, "refused at CheckTx: %s", res.RawLog)
	return WaitForTx(t, n, res.TxHash)
}

// EventValues returns the values of key in every eventType event of a
// transaction result, in order.
func EventValues(res *sdk.TxResponse, eventType, key string) []string {
	var out []string
	for _, e := range res.Events {
		if e.Type != eventType {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				out = append(out, a.Value)
			}
		}
	}
	return out
}

// RequireOK requires that the transaction of res succeeded.
func RequireOK(t testing.TB, res *sdk.TxResponse) {
	t.Helper()
	require.Zero(t, res.Code, res.RawLog)
}

// RequireRefused requires that the transaction of res was refused with the
// registered error want of the module codespace.
func RequireRefused(t testing.TB, res *sdk.TxResponse, codespace string, want interface{ ABCICode() uint32 }) {
	t.Helper()
	require.Equal(t, codespace, res.Codespace, res.RawLog)
	require.Equal(t, want.ABCICode(), res.Code, res.RawLog)
}
