package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/procnet"
)

// newSenders returns one procnet.Sender per localnet validator: that node's
// operator key, sending to that node, so its sequence numbers arrive in
// order. The chain id is node0's.
func newSenders(ctx context.Context, cfg config) ([]*procnet.Sender, string, error) {
	var senders []*procnet.Sender
	var chainID string
	for i, home := range cfg.homes {
		node := procnet.Remote(fmt.Sprintf("node%d", i), cfg.rpcs[i], chainID)
		if chainID == "" {
			st, err := node.Status(ctx)
			if err != nil {
				return nil, "", fmt.Errorf("node%d at %s: %w (is `make localnet` running?)", i, cfg.rpcs[i], err)
			}
			chainID = st.Network
			node.ChainID = chainID
		}
		kr, err := procnet.Keyring(home)
		if err != nil {
			return nil, "", err
		}
		s, err := procnet.NewSender(kr, procnet.OperatorKey, node)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", home, err)
		}
		senders = append(senders, s)
	}
	return senders, chainID, nil
}

// fundLoadAccounts makes n fresh accounts in an in-memory keyring, funds
// them with undi from funder in one MultiSend, and returns a sender for
// each, spread over the nodes. Many accounts with few transactions each
// keep every account's transactions in order across the nodes' mempools.
func fundLoadAccounts(ctx context.Context, funder *procnet.Sender, nodes []*procnet.Node, n int) ([]*procnet.Sender, error) {
	kr := keyring.NewInMemory(procnet.Codec())
	amount := sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1_000_000_000))
	var outputs []banktypes.Output
	var names []string
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
		names = append(names, name)
	}
	total := sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1_000_000_000*int64(n)))
	msg := banktypes.NewMsgMultiSend(banktypes.NewInput(funder.Address(), total), outputs)
	if _, err := funder.SendAndWait(ctx, 200_000+uint64(n)*30_000, msg); err != nil {
		return nil, fmt.Errorf("fund %d load accounts: %w", n, err)
	}
	// The accounts exist now: each sender reads its number and sequence.
	out := make([]*procnet.Sender, 0, n)
	for i, name := range names {
		s, err := procnet.NewSender(kr, name, nodes[i%len(nodes)])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// blockTimes returns the header time of each height in [from, to].
func blockTimes(ctx context.Context, node *procnet.Node, from, to int64) ([]time.Time, error) {
	out := make([]time.Time, 0, to-from+1)
	for h := from; h <= to; h++ {
		b, err := node.Block(ctx, h)
		if err != nil {
			return nil, err
		}
		out = append(out, b.Time)
	}
	return out, nil
}

// blockMaxGas reads the consensus block gas limit from a node's RPC; -1
// means unlimited.
func blockMaxGas(ctx context.Context, rpc string) (int64, error) {
	var out struct {
		Result struct {
			ConsensusParams struct {
				Block struct {
					MaxGas string `json:"max_gas"`
				} `json:"block"`
			} `json:"consensus_params"`
		} `json:"result"`
	}
	if err := getJSON(ctx, "http://"+rpc+"/consensus_params", &out); err != nil {
		return 0, fmt.Errorf("consensus params: %w", err)
	}
	g, err := strconv.ParseInt(out.Result.ConsensusParams.Block.MaxGas, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("consensus params: max_gas %q: %w", out.Result.ConsensusParams.Block.MaxGas, err)
	}
	return g, nil
}

func getJSON(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// gasUsed reads gas_used from a committed transaction's result.
func gasUsed(c *procnet.CommittedTx) (uint64, error) {
	var r struct {
		GasUsed string `json:"gas_used"`
	}
	if err := json.Unmarshal(c.Result, &r); err != nil {
		return 0, err
	}
	return strconv.ParseUint(r.GasUsed, 10, 64)
}
