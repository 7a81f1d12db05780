package procnet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ndi-chain/ndi/app/params"
)

// Unit tests of Sender and the genesis diff against a fake CometBFT RPC:
// no ndid process, no network.

// checkTx is one answer of the fake node to broadcast_tx_sync.
type checkTx struct {
	code      uint32
	codespace string
	log       string
}

// fakeRPC answers broadcast_tx_sync (POST) with answers in turn (the last
// one again once they run out) and /tx with txResult; it records the
// transactions it was sent.
type fakeRPC struct {
	mu       sync.Mutex
	answers  []checkTx
	txResult string
	received [][]byte
}

func (f *fakeRPC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Method == http.MethodGet && r.URL.Path == "/tx" {
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":-1,"result":%s}`, f.txResult)
		return
	}
	var req struct {
		Method string `json:"method"`
		Params struct {
			Tx []byte `json:"tx"`
		} `json:"params"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Method != "broadcast_tx_sync" {
		http.Error(w, "unexpected request", http.StatusBadRequest)
		return
	}
	f.received = append(f.received, req.Params.Tx)
	a := f.answers[min(len(f.received), len(f.answers))-1]
	sum := sha256.Sum256(req.Params.Tx)
	res, _ := json.Marshal(map[string]any{"code": a.code, "codespace": a.codespace, "log": a.log, "hash": hex.EncodeToString(sum[:])})
	fmt.Fprintf(w, `{"jsonrpc":"2.0","id":1,"result":%s}`, res)
}

func (f *fakeRPC) sent() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.received
}

var wrongSeq = checkTx{code: 32, codespace: "sdk", log: "account sequence mismatch, expected 7, got 5: incorrect account sequence"}

// testSender is a Sender of a fresh in-memory key at account number 3,
// sequence 5, sending to a fake node.
func testSender(t *testing.T, f *fakeRPC) *Sender {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	kr := keyring.NewInMemory(Codec())
	_, _, err := kr.NewMnemonic("k", keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err)
	s, err := newSender(kr, "k", Remote("fake", strings.TrimPrefix(srv.URL, "http://"), "ndi-test-1"))
	require.NoError(t, err)
	s.txf, s.sequence = s.txf.WithAccountNumber(3), 5
	return s
}

func bankSend(s *Sender) sdk.Msg {
	return banktypes.NewMsgSend(s.Address(), s.Address(), sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1)))
}

// signedSequence decodes a transaction and returns its signer's sequence.
func signedSequence(t *testing.T, bz []byte) uint64 {
	t.Helper()
	tx, err := TxConfig().TxDecoder()(bz)
	require.NoError(t, err)
	sigs, err := tx.(authsigning.SigVerifiableTx).GetSignaturesV2()
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	return sigs[0].Sequence
}

func TestSenderSendTakesTheSequenceTheNodeExpects(t *testing.T) {
	f := &fakeRPC{answers: []checkTx{wrongSeq, {}}}
	s := testSender(t, f)
	hash, seq, err := s.Send(context.Background(), 100_000, bankSend(s))
	require.NoError(t, err)
	require.Equal(t, uint64(7), seq)
	require.Equal(t, uint64(8), s.Sequence())
	sent := f.sent()
	require.Len(t, sent, 2)
	require.Equal(t, uint64(5), signedSequence(t, sent[0]))
	require.Equal(t, uint64(7), signedSequence(t, sent[1]))
	sum := sha256.Sum256(sent[1])
	require.Equal(t, strings.ToUpper(hex.EncodeToString(sum[:])), hash)
}

func TestSenderSendResynchronizesOnlyOnce(t *testing.T) {
	f := &fakeRPC{answers: []checkTx{wrongSeq}}
	s := testSender(t, f)
	_, _, err := s.Send(context.Background(), 100_000, bankSend(s))
	require.ErrorIs(t, err, errCheckTx)
	require.Len(t, f.sent(), 2)
	// The refused transaction gives its sequence back.
	require.Equal(t, uint64(7), s.Sequence())
}

func TestSenderBroadcastRetryWaitsOutAWrongSequence(t *testing.T) {
	f := &fakeRPC{answers: []checkTx{wrongSeq, wrongSeq, {}}}
	s := testSender(t, f)
	tx, err := s.Sign(100_000, bankSend(s))
	require.NoError(t, err)
	require.Equal(t, uint64(6), s.Sequence())
	hash, err := s.BroadcastRetry(context.Background(), tx)
	require.NoError(t, err)
	require.NotEmpty(t, hash)
	sent := f.sent()
	require.Len(t, sent, 3)
	for _, bz := range sent {
		require.Equal(t, tx, bz, "a retry sends the same bytes")
	}
}

func TestSenderBroadcastRetryGivesUpOnOtherRefusals(t *testing.T) {
	f := &fakeRPC{answers: []checkTx{{code: 13, codespace: "sdk", log: "insufficient fee"}}}
	s := testSender(t, f)
	tx, err := s.Sign(100_000, bankSend(s))
	require.NoError(t, err)
	_, err = s.BroadcastRetry(context.Background(), tx)
	require.ErrorIs(t, err, errCheckTx)
	require.Len(t, f.sent(), 1)
	_, err = s.Broadcast(context.Background(), tx)
	require.ErrorIs(t, err, errCheckTx)
}

func TestSenderSendAndWaitGivesTheSequenceBackOnRefusal(t *testing.T) {
	f := &fakeRPC{answers: []checkTx{wrongSeq}}
	s := testSender(t, f)
	_, err := s.SendAndWait(context.Background(), 100_000, bankSend(s))
	require.ErrorIs(t, err, errCheckTx)
	require.Len(t, f.sent(), 1, "SendAndWait does not resynchronize")
	require.Equal(t, uint64(5), s.Sequence())
}

func TestSenderWaitTxFailsOnAFailedTransaction(t *testing.T) {
	f := &fakeRPC{txResult: `{"hash":"ABCD","height":"9","index":0,"tx_result":{"code":5,"log":"insufficient funds"}}`}
	s := testSender(t, f)
	h, err := s.WaitTx(context.Background(), "ABCD", time.Second)
	require.ErrorContains(t, err, "code 5: insufficient funds")
	require.Equal(t, int64(9), h)
}

func TestReadGenesisAndDiffGenesis(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	a, err := ReadGenesis(write("a.json", `{"chain_id":"c-1","initial_height":"12","app_state":{"bank":{"supply":[1,2]},
		"slashing":{"signing_infos":[{"index_offset":"3"}]}}}`))
	require.NoError(t, err)
	require.Equal(t, "c-1", a.ChainID)
	require.Equal(t, int64(12), a.InitialHeight)
	require.Contains(t, a.AppState, "bank")
	b, err := ReadGenesis(write("b.json", `{"chain_id":"c-1","initial_height":20,"app_state":{"bank":{"supply":[1,3]},
		"slashing":{"signing_infos":[{"index_offset":"9"}]},"extra":{}}}`))
	require.NoError(t, err)
	require.Equal(t, int64(20), b.InitialHeight)

	diffs, skipped := DiffGenesis(a.Raw, b.Raw, []string{"initial_height", "app_state.slashing.signing_infos[*].index_offset"})
	require.Equal(t, []string{"app_state.bank.supply[1]: 2 != 3", "app_state.extra: absent != {}"}, diffs)
	require.Equal(t, []string{`app_state.slashing.signing_infos[0].index_offset: "3" != "9"`, `initial_height: "12" != 20`}, skipped)

	_, err = ReadGenesis(write("empty.json", `{"chain_id":"c-1","initial_height":"1","app_state":{}}`))
	require.ErrorIs(t, err, errNoAppState)
}
