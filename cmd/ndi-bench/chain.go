package main

import (
	"context"
	"fmt"
	"time"

	cmtrpc "github.com/cometbft/cometbft/rpc/client/http"
	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
)

const operatorKey = "operator"

// sender signs transactions ahead of time for one operator account and
// sends them to one node, so its sequence numbers arrive in order.
type sender struct {
	clientCtx client.Context
	txf       clienttx.Factory
	rpc       *cmtrpc.HTTP
	address   sdk.AccAddress
	keyName   string
	sequence  uint64
}

type emptyOptions struct{}

func (emptyOptions) Get(string) any { return nil }

func newSenders(cfg config) ([]*sender, string, error) {
	params.SetAddressPrefixes()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, emptyOptions{})
	var senders []*sender
	var chainID string
	for i, home := range cfg.homes {
		rpc, err := cmtrpc.New(cfg.rpcs[i], "/websocket")
		if err != nil {
			return nil, "", err
		}
		if chainID == "" {
			st, err := rpc.Status(context.Background())
			if err != nil {
				return nil, "", fmt.Errorf("node%d at %s: %w (is `make localnet` running?)", i, cfg.rpcs[i], err)
			}
			chainID = st.NodeInfo.Network
		}
		kr, err := keyring.New(sdk.KeyringServiceName(), keyring.BackendTest, home, nil, a.AppCodec())
		if err != nil {
			return nil, "", err
		}
		rec, err := kr.Key(operatorKey)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", home, err)
		}
		addr, err := rec.GetAddress()
		if err != nil {
			return nil, "", err
		}
		clientCtx := client.Context{}.
			WithCodec(a.AppCodec()).WithInterfaceRegistry(a.InterfaceRegistry()).WithTxConfig(a.TxConfig()).
			WithLegacyAmino(a.LegacyAmino()).WithAccountRetriever(authtypes.AccountRetriever{}).
			WithChainID(chainID).WithClient(rpc).WithKeyring(kr).WithFromAddress(addr).WithFromName(operatorKey).
			WithBroadcastMode("sync")
		txf := clienttx.Factory{}.WithChainID(chainID).WithKeybase(kr).WithTxConfig(a.TxConfig()).
			WithAccountRetriever(authtypes.AccountRetriever{})
		s := &sender{clientCtx: clientCtx, txf: txf, rpc: rpc, address: addr, keyName: operatorKey}
		if err := s.refresh(); err != nil {
			return nil, "", err
		}
		senders = append(senders, s)
	}
	return senders, chainID, nil
}

// fundLoadAccounts makes n fresh accounts in an in-memory keyring, funds
// them with undi from funder in one MultiSend, and returns a sender for
// each, spread over the nodes. Many accounts with few transactions each
// keep every account's transactions in order across the nodes' mempools.
func fundLoadAccounts(ctx context.Context, funder *sender, rpcs []*cmtrpc.HTTP, n int) ([]*sender, error) {
	kr := keyring.NewInMemory(funder.clientCtx.Codec)
	amount := sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1_000_000_000))
	var outputs []banktypes.Output
	var out []*sender
	for i := range n {
		name := fmt.Sprintf("load-%d", i)
		rec, _, err := kr.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
		if err != nil {
			return nil, err
		}
		addr, err := rec.GetAddress()
		if err != nil {
			return nil, err
		}
		outputs = append(outputs, banktypes.NewOutput(addr, amount))
		rpc := rpcs[i%len(rpcs)]
		clientCtx := funder.clientCtx.WithKeyring(kr).WithFromAddress(addr).WithFromName(name).WithClient(rpc)
		out = append(out, &sender{clientCtx: clientCtx, txf: funder.txf.WithKeybase(kr), rpc: rpc, address: addr, keyName: name})
	}
	total := sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1_000_000_000*int64(n)))
	msg := banktypes.NewMsgMultiSend(banktypes.NewInput(funder.address, total), outputs)
	if _, err := funder.sendAndWait(ctx, 200_000+uint64(n)*30_000, msg); err != nil {
		return nil, fmt.Errorf("fund %d load accounts: %w", n, err)
	}
	for _, s := range out {
		if err := s.refresh(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// refresh reads the account's number and sequence from the chain.
func (s *sender) refresh() error {
	// Zero number and sequence make Prepare ask the chain again.
	txf, err := s.txf.WithAccountNumber(0).WithSequence(0).Prepare(s.clientCtx)
	if err != nil {
		return err
	}
	s.txf = txf
	s.sequence = txf.Sequence()
	return nil
}

// sign builds and signs one transaction with the next sequence number.
func (s *sender) sign(gas uint64, msgs ...sdk.Msg) ([]byte, error) {
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

// broadcast sends a signed transaction and returns its hash; CheckTx
// refusals are errors.
func (s *sender) broadcast(ctx context.Context, tx []byte) (string, error) {
	res, err := s.rpc.BroadcastTxSync(ctx, tx)
	if err != nil {
		return "", err
	}
	if res.Code != 0 {
		return "", fmt.Errorf("CheckTx code %d: %s", res.Code, res.Log)
	}
	return res.Hash.String(), nil
}

// broadcastRetry is broadcast that waits out the moment after each block
// when the node is still rechecking its mempool: a transaction whose
// predecessors are not rechecked yet is refused with a sequence mismatch
// (code 32) though it is valid a moment later.
func (s *sender) broadcastRetry(ctx context.Context, tx []byte) (string, error) {
	for attempt := 0; ; attempt++ {
		res, err := s.rpc.BroadcastTxSync(ctx, tx)
		if err != nil {
			return "", err
		}
		if res.Code == 0 {
			return res.Hash.String(), nil
		}
		if res.Code != sdkerrors.ErrWrongSequence.ABCICode() || attempt == 50 {
			return "", fmt.Errorf("CheckTx code %d: %s", res.Code, res.Log)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitCommittedSequence waits until the account's committed sequence
// reaches seq (no wait when seq wrapped below zero).
func (s *sender) waitCommittedSequence(ctx context.Context, seq uint64) error {
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

// waitTx waits for a transaction and fails on a non-zero result.
func (s *sender) waitTx(ctx context.Context, hash string, timeout time.Duration) (int64, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		res, err := s.clientCtx.WithCmdContext(ctx).Client.(*cmtrpc.HTTP).Tx(ctx, mustHex(hash), false)
		if err == nil {
			if res.TxResult.Code != 0 {
				return res.Height, fmt.Errorf("tx %s failed at height %d: %s", hash, res.Height, res.TxResult.Log)
			}
			return res.Height, nil
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
	return 0, fmt.Errorf("tx %s not in a block after %s", hash, timeout)
}

// sendAndWait signs, sends and waits for one transaction.
func (s *sender) sendAndWait(ctx context.Context, gas uint64, msgs ...sdk.Msg) (int64, error) {
	tx, err := s.sign(gas, msgs...)
	if err != nil {
		return 0, err
	}
	hash, err := s.broadcast(ctx, tx)
	if err != nil {
		s.sequence--
		return 0, err
	}
	return s.waitTx(ctx, hash, 60*time.Second)
}

// blockTimes returns the header time of each height in [from, to].
func blockTimes(ctx context.Context, rpc *cmtrpc.HTTP, from, to int64) ([]time.Time, error) {
	out := make([]time.Time, 0, to-from+1)
	for h := from; h <= to; h++ {
		hh := h
		b, err := rpc.Block(ctx, &hh)
		if err != nil {
			return nil, err
		}
		out = append(out, b.Block.Time)
	}
	return out, nil
}
