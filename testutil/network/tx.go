package network

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	"github.com/ndi-chain/ndi/app/params"
)

// DefaultGas is the gas limit of test transactions.
const DefaultGas = 400_000

// Broadcast signs msgs with the key of validator from, broadcasts them
// through validator 0's RPC and waits until the transaction is in a block.
// It returns the block's result: Code 0 on success, the module's error code
// otherwise. A transaction refused at CheckTx is returned as it was refused.
func Broadcast(t testing.TB, n *sdknetwork.Network, from *sdknetwork.Validator, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	res := BroadcastNoWait(t, n, from, msgs...)
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
	clientCtx := n.Validators[0].ClientCtx.
		WithKeyring(from.ClientCtx.Keyring).
		WithFromAddress(from.Address).
		WithFromName(from.Moniker)
	fees := sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, DefaultGas/1000+1))
	txf := clienttx.Factory{}.
		WithChainID(n.Config.ChainID).
		WithKeybase(from.ClientCtx.Keyring).
		WithTxConfig(clientCtx.TxConfig).
		WithAccountRetriever(clientCtx.AccountRetriever).
		WithGas(DefaultGas).
		WithFees(fees.String())
	txf, err := txf.Prepare(clientCtx)
	require.NoError(t, err)
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
// returns its result.
func WaitForTx(t testing.TB, n *sdknetwork.Network, hash string) *sdk.TxResponse {
	t.Helper()
	clientCtx := n.Validators[0].ClientCtx
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		require.NoError(t, n.WaitForNextBlock())
		res, err := authtx.QueryTx(clientCtx, hash)
		if err == nil {
			return res
		}
	}
	require.NoError(t, errors.New("transaction "+hash+" not in a block after 30s"))
	return nil
}
