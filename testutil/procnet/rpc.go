package procnet

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rpcClient is shared by every node: cmd/ndi-bench broadcasts from a
// hundred goroutines to four nodes, and the default transport would keep
// only two idle connections per node, opening a new one for almost every
// call.
var rpcClient = &http.Client{Transport: &http.Transport{
	Proxy:               http.ProxyFromEnvironment,
	MaxIdleConns:        256,
	MaxIdleConnsPerHost: 64,
	IdleConnTimeout:     90 * time.Second,
}}

// Status is the part of CometBFT's /status a test needs.
type Status struct {
	Moniker          string
	Network          string // the chain id
	Height           int64
	EarliestHeight   int64 // the lowest block the node stores: above 1 after state sync or pruning
	CatchingUp       bool
	ValidatorAddress string // hex consensus address, upper case
	VotingPower      int64  // 0 unless the node is in the active set
}

// Status reads the node's CometBFT RPC /status.
func (n *Node) Status(ctx context.Context) (*Status, error) {
	var res struct {
		NodeInfo struct {
			Moniker string `json:"moniker"`
			Network string `json:"network"`
		} `json:"node_info"`
		SyncInfo struct {
			LatestBlockHeight   jsonInt `json:"latest_block_height"`
			EarliestBlockHeight jsonInt `json:"earliest_block_height"`
			CatchingUp          bool    `json:"catching_up"`
		} `json:"sync_info"`
		ValidatorInfo struct {
			Address     string  `json:"address"`
			VotingPower jsonInt `json:"voting_power"`
		} `json:"validator_info"`
	}
	if err := n.rpcGet(ctx, "/status", &res); err != nil {
		return nil, err
	}
	return &Status{
		Moniker:          res.NodeInfo.Moniker,
		Network:          res.NodeInfo.Network,
		Height:           int64(res.SyncInfo.LatestBlockHeight),
		EarliestHeight:   int64(res.SyncInfo.EarliestBlockHeight),
		CatchingUp:       res.SyncInfo.CatchingUp,
		ValidatorAddress: normalizeHex(res.ValidatorInfo.Address),
		VotingPower:      int64(res.ValidatorInfo.VotingPower),
	}, nil
}

// blockIDFlagCommit marks a commit signature for the block itself (1 is
// absent, 3 a vote for nil).
const blockIDFlagCommit = 2

// Signers returns the hex consensus addresses whose commit signatures for
// block height are for that block, read from this node's RPC /commit.
func (n *Node) Signers(ctx context.Context, height int64) ([]string, error) {
	var res struct {
		SignedHeader struct {
			Commit struct {
				Height     jsonInt `json:"height"`
				Signatures []struct {
					BlockIDFlag      jsonInt `json:"block_id_flag"`
					ValidatorAddress string  `json:"validator_address"`
				} `json:"signatures"`
			} `json:"commit"`
		} `json:"signed_header"`
	}
	if err := n.rpcGet(ctx, "/commit?height="+strconv.FormatInt(height, 10), &res); err != nil {
		return nil, err
	}
	if got := int64(res.SignedHeader.Commit.Height); got != height {
		return nil, fmt.Errorf("%s: /commit?height=%d returned the commit of height %d", n.Name, height, got)
	}
	var out []string
	for _, s := range res.SignedHeader.Commit.Signatures {
		if s.BlockIDFlag == blockIDFlagCommit && s.ValidatorAddress != "" {
			out = append(out, normalizeHex(s.ValidatorAddress))
		}
	}
	return out, nil
}

// rpcGet GETs path from the node's CometBFT RPC and decodes the JSON-RPC
// result into out.
func (n *Node) rpcGet(ctx context.Context, path string, out any) error {
	url := "http://" + n.RPCAddr + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("%s: GET %s: %w", n.Name, url, err)
	}
	return n.rpcDo(req, "GET "+url, out)
}

// rpcPost calls method with params as a JSON-RPC POST: a transaction of
// a megabyte (a large status-list update) does not fit in a GET's URL.
func (n *Node) rpcPost(ctx context.Context, method string, params any, out any) error {
	url := "http://" + n.RPCAddr
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	if err != nil {
		return fmt.Errorf("%s: %s: %w", n.Name, method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s: %s: %w", n.Name, method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	return n.rpcDo(req, method, out)
}

// rpcDo sends req and decodes the JSON-RPC result into out; what names the
// call in errors.
func (n *Node) rpcDo(req *http.Request, what string, out any) error {
	resp, err := rpcClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %s: %w", n.Name, what, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("%s: %s: read body: %w", n.Name, what, err)
	}
	var envelope struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return fmt.Errorf("%s: %s: %s: %w: %.200s", n.Name, what, resp.Status, err, body)
	}
	if len(envelope.Error) > 0 && string(envelope.Error) != "null" {
		return fmt.Errorf("%s: %s: RPC error: %s", n.Name, what, envelope.Error)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s: %.200s", n.Name, what, resp.Status, body)
	}
	result := envelope.Result
	if len(result) == 0 {
		result = body // a server that does not wrap results
	}
	if err := json.Unmarshal(result, out); err != nil {
		return fmt.Errorf("%s: %s: decode result: %w", n.Name, what, err)
	}
	return nil
}

// jsonInt decodes an integer written either as a JSON number or as a
// string, as amino/cmtjson and gogoproto JSON write 64-bit integers.
type jsonInt int64

func (i *jsonInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*i = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	*i = jsonInt(v)
	return nil
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func normalizeHex(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
