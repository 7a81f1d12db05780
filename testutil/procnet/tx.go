package procnet

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// DefaultFees is what Tx pays unless the arguments carry --fees.
const DefaultFees = "2000undi"

const txInclusionTimeout = 30 * time.Second

// TxResult is a transaction as `ndid query tx` reports it once included.
type TxResult struct {
	Hash   string
	Height int64
	Code   uint32
	RawLog string
	Events []Event
	JSON   json.RawMessage // the full `query tx` output
}

// Event is an ABCI event of a transaction.
type Event struct {
	Type       string      `json:"type"`
	Attributes []Attribute `json:"attributes"`
}

// Attribute is one key/value of an Event.
type Attribute struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Attribute returns the value of the first attribute key of an event of
// type eventType.
func (r *TxResult) Attribute(eventType, key string) (string, bool) {
	for _, e := range r.Events {
		if e.Type != eventType {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				return a.Value, true
			}
		}
	}
	return "", false
}

type txJSON struct {
	TxHash string  `json:"txhash"`
	Height jsonInt `json:"height"`
	Code   jsonInt `json:"code"`
	RawLog string  `json:"raw_log"`
	Events []Event `json:"events"`
}

// Tx runs `ndid tx ARGS` signed by the node's `operator` key (test keyring)
// and broadcast to this node, then waits up to 30s for the transaction to
// be included. It adds --from operator, --fees 2000undi (unless --gas-prices), --gas auto
// --gas-adjustment 1.5, --keyring-backend test, --chain-id, --yes and -o
// json unless ARGS set them. It fails if CheckTx or DeliverTx returns a
// non-zero code; the result is returned whenever the tx was included.
func (n *Node) Tx(args ...string) (*TxResult, error) {
	full := append([]string{"tx"}, args...)
	defaults := [][]string{
		{"--from", "operator"},
		{"--fees", DefaultFees},
		{"--gas", "auto", "--gas-adjustment", "1.5"},
		{"--keyring-backend", "test"},
		{"--chain-id", n.ChainID},
		{"--yes"},
		{"--output", "json"},
	}
	for _, d := range defaults {
		switch {
		case hasFlag(args, d[0]),
			d[0] == "--yes" && hasFlag(args, "-y"),
			d[0] == "--output" && hasFlag(args, "-o"),
			d[0] == "--fees" && hasFlag(args, "--gas-prices"):
			continue
		}
		full = append(full, d...)
	}
	out, err := n.CLI(full...)
	if err != nil {
		return nil, err
	}
	var broadcast txJSON
	if err := json.Unmarshal(lastJSONObject(out), &broadcast); err != nil {
		return nil, fmt.Errorf("%s: ndid %s: decode broadcast result: %w: %s", n.Name, shellJoin(full), err, out)
	}
	if broadcast.Code != 0 {
		return nil, fmt.Errorf("%s: ndid %s: rejected by CheckTx: code %d: %s", n.Name, shellJoin(full), broadcast.Code, broadcast.RawLog)
	}
	if broadcast.TxHash == "" {
		return nil, fmt.Errorf("%s: ndid %s: no txhash in %s", n.Name, shellJoin(full), out)
	}
	res, err := n.WaitForTx(broadcast.TxHash, txInclusionTimeout)
	if err != nil {
		return nil, fmt.Errorf("%s: ndid %s: %w", n.Name, shellJoin(full), err)
	}
	if res.Code != 0 {
		return res, fmt.Errorf("%s: ndid %s: tx %s failed at height %d: code %d: %s",
			n.Name, shellJoin(full), res.Hash, res.Height, res.Code, res.RawLog)
	}
	return res, nil
}

// WaitForTx polls `ndid query tx HASH` until the transaction is found.
func (n *Node) WaitForTx(hash string, timeout time.Duration) (*TxResult, error) {
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		out, err := n.Query("tx", hash)
		if err == nil {
			var tx txJSON
			if err := json.Unmarshal(out, &tx); err != nil {
				return nil, fmt.Errorf("query tx %s: decode: %w: %.300s", hash, err, out)
			}
			return &TxResult{
				Hash:   tx.TxHash,
				Height: int64(tx.Height),
				Code:   uint32(tx.Code),
				RawLog: tx.RawLog,
				Events: tx.Events,
				JSON:   json.RawMessage(out),
			}, nil
		}
		lastErr = err
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("tx %s not included after %s: %w", hash, timeout, lastErr)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// lastJSONObject trims anything before the JSON object the CLI printed last
// (e.g. a "gas estimate: N" line if it ever lands on stdout).
func lastJSONObject(out []byte) []byte {
	s := strings.TrimSpace(string(out))
	if i := strings.LastIndex(s, "\n{"); i >= 0 {
		s = s[i+1:]
	}
	return []byte(s)
}
