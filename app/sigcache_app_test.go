package app_test

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/apptest"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// sigCacheFixture is a chain with two funded users and a way to run one tx
// through the ante handler on a throwaway branch of the committed state.
type sigCacheFixture struct {
	f   *apptest.Fixture
	num uint64 // account number of Users[0]
}

func newSigCacheFixture(t *testing.T) *sigCacheFixture {
	t.Helper()
	f := apptest.Setup(t, 1, 2)
	acc := f.App.AccountKeeper.GetAccount(f.Ctx(), f.Users[0].Address)
	require.NotNil(t, acc)
	return &sigCacheFixture{f: f, num: acc.GetAccountNumber()}
}

// send is a signed bank send from Users[0] at seq, with account number num.
func (sf *sigCacheFixture) send(t *testing.T, num, seq uint64) []byte {
	t.Helper()
	msg := banktypes.NewMsgSend(sf.f.Users[0].Address, sf.f.Users[1].Address,
		sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 7)))
	return signTx(t, sf.f.App.TxConfig(), sf.f.Users[0], num, seq, msg)
}

// ante runs the app's ante handler on tx in a branch of the next block's
// state that is then dropped, and returns the gas it used.
func (sf *sigCacheFixture) ante(t *testing.T, tx []byte) (uint64, error) {
	t.Helper()
	decoded, err := sf.f.App.TxConfig().TxDecoder()(tx)
	require.NoError(t, err)
	ctx, _ := sf.f.Ctx().CacheContext()
	newCtx, err := sf.f.App.AnteHandler()(ctx, decoded, false)
	if newCtx.IsZero() {
		return 0, err
	}
	return newCtx.GasMeter().GasConsumed(), err
}

// A transaction verified once is accepted from the cache the second time
// with the same result and exactly the same gas.
func TestAccountSignatureCacheHitEqualsMiss(t *testing.T) {
	sf := newSigCacheFixture(t)
	tx := sf.send(t, sf.num, 0)
	require.Zero(t, sf.f.App.SigCacheLen())

	missGas, err := sf.ante(t, tx)
	require.NoError(t, err)
	require.Equal(t, 1, sf.f.App.SigCacheLen(), "the first run verifies and remembers")

	hitGas, err := sf.ante(t, tx)
	require.NoError(t, err)
	require.Equal(t, 1, sf.f.App.SigCacheLen(), "the second run is a hit")
	require.Equal(t, missGas, hitGas)
	require.NotZero(t, hitGas)
}

// The cache holds the valid signature of a tx; the same signature on an
// altered tx, or made for another account number, is still refused with
// the SDK's error, and nothing is added to the cache.
func TestAccountSignatureCacheRefusesForgeries(t *testing.T) {
	sf := newSigCacheFixture(t)
	tx := sf.send(t, sf.num, 0)
	_, err := sf.ante(t, tx)
	require.NoError(t, err)
	require.Equal(t, 1, sf.f.App.SigCacheLen())

	txCfg := sf.f.App.TxConfig()
	decoded, err := txCfg.TxDecoder()(tx)
	require.NoError(t, err)
	b, err := txCfg.WrapTxBuilder(decoded)
	require.NoError(t, err)
	b.SetMemo("changed after signing")
	altered, err := txCfg.TxEncoder()(b.GetTx())
	require.NoError(t, err)

	for _, c := range []struct {
		name string
		tx   []byte
	}{
		{"body altered after signing", altered},
		{"signed for another account number", sf.send(t, sf.num+1000, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			for range 2 { // cold, then again after the first refusal
				_, err := sf.ante(t, c.tx)
				require.ErrorIs(t, err, sdkerrors.ErrUnauthorized)
			}
			require.Equal(t, 1, sf.f.App.SigCacheLen())
		})
	}
}

// A cache hit skips only the elliptic-curve check: the SDK's other rules
// still apply, so a transaction replayed after its sequence was used is
// refused even though its signature is cached.
func TestAccountSignatureCacheKeepsSequenceCheck(t *testing.T) {
	sf := newSigCacheFixture(t)
	tx := sf.send(t, sf.num, 0)
	res, err := sf.f.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	require.Zero(t, res.Code, res.Log)
	sf.finalize(t, tx)

	_, err = sf.ante(t, tx)
	require.ErrorIs(t, err, sdkerrors.ErrWrongSequence)
	res, err = sf.f.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	require.Equal(t, sdkerrors.ErrWrongSequence.ABCICode(), res.Code, res.Log)
}

// The path the cache exists for: CheckTx verifies a DID create's account
// signature, FinalizeBlock finds it in the cache, and the block's result
// is what it is without the cache.
func TestCheckedTxIsNotVerifiedAgainInBlock(t *testing.T) {
	sf := newSigCacheFixture(t)
	id := didtest.NewIdentity(t, didtypes.DefaultNamespace)
	payload := didtypes.CreateDidPayload{Document: id.Doc}
	msg := &didtypes.MsgCreateDid{
		Submitter: sf.f.Users[0].Address.String(), Payload: payload,
		Signatures: didtest.Sign(t, apptest.ChainID, &payload, id.With(1, didtypes.KEY_SOURCE_NEW)),
	}
	tx := signTx(t, sf.f.App.TxConfig(), sf.f.Users[0], sf.num, 0, msg)

	res, err := sf.f.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	require.Zero(t, res.Code, res.Log)
	require.Equal(t, 1, sf.f.App.SigCacheLen())

	result := sf.finalize(t, tx)
	require.Zero(t, result.Code, result.Log)
	require.Equal(t, 1, sf.f.App.SigCacheLen(), "FinalizeBlock found the signature CheckTx verified")
	_, _, err = sf.f.App.DidKeeper.CurrentDocument(sf.f.Ctx(), id.DID())
	require.NoError(t, err)
}

// finalize puts tx alone in the next block, commits it and returns its
// result.
func (sf *sigCacheFixture) finalize(t *testing.T, tx []byte) *abci.ExecTxResult {
	t.Helper()
	h := sf.f.App.LastBlockHeight() + 1
	res, err := sf.f.App.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: h, Txs: [][]byte{tx},
		Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * 5 * time.Second),
	})
	require.NoError(t, err)
	_, err = sf.f.App.Commit()
	require.NoError(t, err)
	require.Len(t, res.TxResults, 1)
	return res.TxResults[0]
}
