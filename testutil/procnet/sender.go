package procnet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
)

// OperatorKey is the key of a node's operator account in the test keyring
// of every home `ndid testnet init-files` and `make localnet` write.
const OperatorKey = "operator"

type noAppOptions struct{}

func (noAppOptions) Get(string) any { return nil }

// encoding is the application on an in-memory database, made once: its
// codec and TxConfig are the only way this package encodes and signs
// transactions, so they are the chain's own.
var encoding = sync.OnceValue(func() *app.App {
	params.SetAddressPrefixes()
	return app.New(log.NewNopLogger(), dbm.NewMemDB(), false, noAppOptions{})
})

// Codec returns the application's codec, as keyrings want it.
func Codec() codec.Codec { return encoding().AppCodec() }

// TxConfig returns the application's TxConfig: its encoder and sign modes.
func TxConfig() client.TxConfig { return encoding().TxConfig() }

// Keyring opens the test-backend keyring of a node home, where the
// operator key is.
func Keyring(home string) (keyring.Keyring, error) {
	kr, err := keyring.New(sdk.KeyringServiceName(), keyring.BackendTest, home, nil, Codec())
	if err != nil {
		return nil, fmt.Errorf("keyring of %s: %w", home, err)
	}
	return kr, nil
}

// Sender signs transactions in-process for one key and broadcasts them to
// one node, so that one account's sequence numbers reach one mempool in
// order. It signs ahead of time: Sign takes the next sequence without
// asking the chain, and Refresh reads the account again. Fees are gas/1000+1
// undi, above the nodes' minimum gas price. A Sender is not safe for
// concurrent use.
type Sender struct {
	node      *Node
	keyName   string
	address   sdk.AccAddress
	clientCtx client.Context
	txf       clienttx.Factory
	sequence  uint64 // the next one Sign uses
}

// NewSender makes a Sender for key keyName of kr, sending to node (whose
// ChainID the transactions are signed for), and reads the account's number
// and sequence: the account must exist on the chain.
func NewSender(kr keyring.Keyring, keyName string, node *Node) (*Sender, error) {
	s, err := newSender(kr, keyName, node)
	if err != nil {
		return nil, err
	}
	if err := s.Refresh(); err != nil {
		return nil, err
	}
	return s, nil
}

// newSender is NewSender without reading the account.
func newSender(kr keyring.Keyring, keyName string, node *Node) (*Sender, error) {
	if node.ChainID == "" {
		return nil, fmt.Errorf("sender for %s: node %s has no chain id", keyName, node.Name)
	}
	rec, err := kr.Key(keyName)
	if err != nil {
		return nil, fmt.Errorf("sender for %s: %w", keyName, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, fmt.Errorf("sender for %s: %w", keyName, err)
	}
	rpc, err := node.cometClient()
	if err != nil {
		return nil, err
	}
	a := encoding()
	clientCtx := client.Context{}.
		WithCodec(a.AppCodec()).WithInterfaceRegistry(a.InterfaceRegistry()).WithTxConfig(a.TxConfig()).
		WithLegacyAmino(a.LegacyAmino()).WithAccountRetriever(authtypes.AccountRetriever{}).
		WithChainID(node.ChainID).WithClient(rpc).WithKeyring(kr).WithFromAddress(addr).WithFromName(keyName).
		WithBroadcastMode("sync")
	txf := clienttx.Factory{}.WithChainID(node.ChainID).WithKeybase(kr).WithTxConfig(a.TxConfig()).
		WithAccountRetriever(authtypes.AccountRetriever{})
	return &Sender{node: node, keyName: keyName, address: addr, clientCtx: clientCtx, txf: txf}, nil
}

// Address is the account that signs and pays.
func (s *Sender) Address() sdk.AccAddress { return s.address }

// Node is where the transactions go.
func (s *Sender) Node() *Node { return s.node }

// Sequence is the sequence number the next Sign uses.
func (s *Sender) Sequence() uint64 { return s.sequence }

// ClientContext is an SDK client context on the node's RPC, for gRPC
// queries over ABCI (e.g. govv1.NewQueryClient(s.ClientContext())).
func (s *Sender) ClientContext() client.Context { return s.clientCtx }

// Refresh reads the account's number and sequence from the chain.
func (s *Sender) Refresh() error {
	// Zero number and sequence make Prepare ask the chain again.
	txf, err := s.txf.WithAccountNumber(0).WithSequence(0).Prepare(s.clientCtx)
	if err != nil {
		return fmt.Errorf("account %s on %s: %w", s.address, s.node.Name, err)
	}
	s.txf = txf
	s.sequence = txf.Sequence()
	return nil
}

// Sign builds and signs one transaction with the next sequence number
// and returns it encoded.
func (s *Sender) Sign(gas uint64, msgs ...sdk.Msg) ([]byte, error) {
	fee := sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, int64(gas/1000+1)))
	txf := s.txf.WithSequence(s.sequence).WithGas(gas).WithFees(fee.String())
	b, err := txf.BuildUnsignedTx(msgs...)
	if err != nil {
		return nil, err
	}
	if err := clienttx.Sign(context.Background(), txf, s.keyName, b, true); err != nil {
		return nil, err
	}
	s.sequence++
	return s.clientCtx.TxConfig.TxEncoder()(b.GetTx())
}

// Broadcast sends a signed transaction once and returns its hash; a
// CheckTx refusal is an error.
func (s *Sender) Broadcast(ctx context.Context, tx []byte) (string, error) {
	res, err := s.node.BroadcastTxSync(ctx, tx)
	if err != nil {
		return "", err
	}
	return accepted(s.node, res, tx)
}

// broadcastRetries and broadcastRetryWait bound BroadcastRetry: 5s of
// waiting for the mempool recheck, several block times.
const (
	broadcastRetries   = 50
	broadcastRetryWait = 100 * time.Millisecond
)

// BroadcastRetry is Broadcast that waits out the moment after each block
// when the node is still rechecking its mempool: a transaction whose
// predecessors are not rechecked yet is refused with a sequence mismatch
// (code 32) though it is valid a moment later. The same bytes are sent
// again every 100ms, at most 50 times.
func (s *Sender) BroadcastRetry(ctx context.Context, tx []byte) (string, error) {
	for attempt := 0; ; attempt++ {
		res, err := s.node.BroadcastTxSync(ctx, tx)
		if err != nil {
			return "", err
		}
		if res.Code == 0 || !wrongSequence(res) || attempt == broadcastRetries {
			return accepted(s.node, res, tx)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(broadcastRetryWait):
		}
	}
}

var expectedSequence = regexp.MustCompile(`expected (\d+)`)

// Send signs and broadcasts msgs and returns the accepted transaction's
// hash and the sequence it was signed with. If the node refuses it for a
// wrong sequence (the account moved on without this Sender, or a node lost
// its mempool) it takes the sequence the node expects and tries once more.
// A refused transaction leaves the sequence for the next one to use.
func (s *Sender) Send(ctx context.Context, gas uint64, msgs ...sdk.Msg) (string, uint64, error) {
	for attempt := 0; ; attempt++ {
		seq := s.sequence
		tx, err := s.Sign(gas, msgs...)
		if err != nil {
			return "", 0, err
		}
		res, err := s.node.BroadcastTxSync(ctx, tx)
		if err != nil {
			s.sequence = seq
			return "", 0, err
		}
		if res.Code == 0 {
			hash, err := accepted(s.node, res, tx)
			return hash, seq, err
		}
		s.sequence = seq
		if m := expectedSequence.FindStringSubmatch(res.Log); attempt == 0 && wrongSequence(res) && m != nil {
			if s.sequence, err = strconv.ParseUint(m[1], 10, 64); err != nil {
				return "", 0, fmt.Errorf("%s: expected sequence in %q: %w", s.node.Name, res.Log, err)
			}
			continue
		}
		_, err = accepted(s.node, res, tx)
		return "", 0, err
	}
}

// SendAndWait signs, broadcasts (once) and waits up to a minute for one
// transaction, and returns its height; a refused or failed transaction is
// an error. A refused one gives its sequence back.
func (s *Sender) SendAndWait(ctx context.Context, gas uint64, msgs ...sdk.Msg) (int64, error) {
	tx, err := s.Sign(gas, msgs...)
	if err != nil {
		return 0, err
	}
	hash, err := s.Broadcast(ctx, tx)
	if err != nil {
		s.sequence--
		return 0, err
	}
	return s.WaitTx(ctx, hash, 60*time.Second)
}

// WaitTx waits for a transaction to be in a block and returns its height;
// a non-zero result code is an error.
func (s *Sender) WaitTx(ctx context.Context, hash string, timeout time.Duration) (int64, error) {
	c, err := s.node.WaitCommitted(ctx, hash, timeout)
	if err != nil {
		return 0, err
	}
	if c.Code != 0 {
		return c.Height, fmt.Errorf("tx %s failed at height %d: code %d: %s", hash, c.Height, c.Code, c.Log)
	}
	return c.Height, nil
}

// WaitCommittedSequence waits until the account's committed sequence
// reaches seq; a seq that wrapped below zero (a caller's "seq - n" for
// the first n) needs no wait.
func (s *Sender) WaitCommittedSequence(ctx context.Context, seq uint64) error {
	if int64(seq) < 0 {
		return nil
	}
	for {
		_, committed, err := s.clientCtx.AccountRetriever.GetAccountNumberSequence(s.clientCtx, s.address)
		if err != nil {
			return err
		}
		if committed >= seq {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// wrongSequence reports a CheckTx refusal for an account sequence
// mismatch.
func wrongSequence(res *BroadcastResult) bool {
	return res.Codespace == sdkerrors.ErrWrongSequence.Codespace() && res.Code == sdkerrors.ErrWrongSequence.ABCICode()
}

// errCheckTx marks a transaction the node refused at CheckTx.
var errCheckTx = errors.New("refused at CheckTx")

// accepted returns the hash of a transaction the node took into its
// mempool, checked against the bytes sent, or the refusal as an error.
func accepted(n *Node, res *BroadcastResult, tx []byte) (string, error) {
	if res.Code != 0 {
		return "", fmt.Errorf("%s: %w: %s code %d: %s", n.Name, errCheckTx, res.Codespace, res.Code, res.Log)
	}
	sum := sha256.Sum256(tx)
	if want := strings.ToUpper(hex.EncodeToString(sum[:])); res.Hash != want {
		return "", fmt.Errorf("%s: broadcast returned hash %s, want %s", n.Name, res.Hash, want)
	}
	return res.Hash, nil
}
