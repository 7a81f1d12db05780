package app_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/apptest"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// createsPerBlock is how many DID creates each benchmark block carries:
// cmd/ndi-bench's 2,000 creates land in two or three blocks.
const createsPerBlock = 500

// benchSubmitters spreads the creates over accounts as cmd/ndi-bench does.
const benchSubmitters = 100

// BenchmarkDidCreateTx runs signed MsgCreateDid transactions through the
// application the way CometBFT drives one validator: CheckTx for each
// (mempool admission), then FinalizeBlock of createsPerBlock of them and
// Commit. It is the per-node cost behind the localnet's DID-create tx/s:
// tx decoding, the ante chain (fees, account signature), the x/did
// message, and the IAVL commit. Transactions are built and signed before
// the timer starts.
func BenchmarkDidCreateTx(b *testing.B) {
	f := apptest.Setup(b, 1, benchSubmitters)
	txCfg := f.App.TxConfig()
	ctx := f.Ctx()

	type submitter struct {
		acc      apptest.Account
		num, seq uint64
	}
	subs := make([]*submitter, len(f.Users))
	for i, u := range f.Users {
		acc := f.App.AccountKeeper.GetAccount(ctx, u.Address)
		require.NotNil(b, acc)
		subs[i] = &submitter{acc: u, num: acc.GetAccountNumber()}
	}
	txs := make([][]byte, b.N)
	for i := range txs {
		s := subs[i%len(subs)]
		id := didtest.NewIdentity(b, didtypes.DefaultNamespace)
		payload := didtypes.CreateDidPayload{Document: id.Doc}
		msg := &didtypes.MsgCreateDid{
			Submitter: s.acc.Address.String(), Payload: payload,
			Signatures: didtest.Sign(b, apptest.ChainID, &payload, id.With(1, didtypes.KEY_SOURCE_NEW)),
		}
		txs[i] = signTx(b, txCfg, s.acc, s.num, s.seq, msg)
		s.seq++
	}

	b.ReportAllocs()
	b.ResetTimer()
	start, cpuStart := time.Now(), processCPU(b)
	for from := 0; from < len(txs); from += createsPerBlock {
		block := txs[from:min(from+createsPerBlock, len(txs))]
		for _, tx := range block {
			res, err := f.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
			if err != nil || res.Code != 0 {
				b.Fatalf("CheckTx: %v %s", err, res.GetLog())
			}
		}
		h := f.App.LastBlockHeight() + 1
		res, err := f.App.FinalizeBlock(&abci.RequestFinalizeBlock{
			Height: h, Txs: block,
			Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * 5 * time.Second),
		})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res.TxResults {
			if r.Code != 0 {
				b.Fatalf("block %d: %s", h, r.Log)
			}
		}
		if _, err := f.App.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tx/s")
	// CPU time, not wall time, is what four validators sharing two cores
	// divide between them; it also moves less when other processes load
	// the machine.
	b.ReportMetric(float64((processCPU(b)-cpuStart).Microseconds())/float64(b.N), "cpu-µs/tx")
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	require.NoError(b, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// signTx is the one-message transaction of acc at seq, signed in
// SIGN_MODE_DIRECT as cmd/ndi-bench signs.
func signTx(b testing.TB, txCfg client.TxConfig, acc apptest.Account, num, seq uint64, msg sdk.Msg) []byte {
	b.Helper()
	builder := txCfg.NewTxBuilder()
	require.NoError(b, builder.SetMsgs(msg))
	builder.SetGasLimit(1_000_000)
	builder.SetFeeAmount(sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1_000)))
	pub := acc.Key.PubKey()
	mode := signing.SignMode_SIGN_MODE_DIRECT
	// First round: the signer info, so the sign bytes cover it.
	require.NoError(b, builder.SetSignatures(signing.SignatureV2{
		PubKey: pub, Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: seq,
	}))
	sig, err := clienttx.SignWithPrivKey(context.Background(), mode, authsigning.SignerData{
		Address: acc.Address.String(), ChainID: apptest.ChainID, AccountNumber: num, Sequence: seq, PubKey: pub,
	}, builder, acc.Key, txCfg, seq)
	require.NoError(b, err)
	require.NoError(b, builder.SetSignatures(sig))
	bz, err := txCfg.TxEncoder()(builder.GetTx())
	require.NoError(b, err)
	return bz
}
