package procnet

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Helpers for load and fault tests: raw CometBFT RPC calls (broadcast, a
// committed transaction, a block, the application's last commit) that need
// no ndid CLI process, so a test can send and check many transactions
// quickly; killing all nodes at once; and a node run from another home.

// BroadcastResult is CometBFT's answer to /broadcast_tx_sync: the CheckTx
// result of the node the transaction was sent to.
type BroadcastResult struct {
	Hash      string // upper-case hex SHA-256 of the transaction
	Code      uint32 // 0: accepted into the mempool
	Codespace string
	Log       string
}

// BroadcastTxSync sends a signed, encoded transaction to the node's mempool
// (RPC broadcast_tx_sync, POSTed) and returns the CheckTx result. A non-zero Code
// is not an error; failing to reach the node is.
func (n *Node) BroadcastTxSync(ctx context.Context, tx []byte) (*BroadcastResult, error) {
	var res struct {
		Code      jsonInt `json:"code"`
		Codespace string  `json:"codespace"`
		Log       string  `json:"log"`
		Hash      string  `json:"hash"`
	}
	// CometBFT's JSON-RPC takes the bytes as base64, as encoding/json
	// writes a []byte.
	if err := n.rpcPost(ctx, "broadcast_tx_sync", map[string]any{"tx": tx}, &res); err != nil {
		return nil, err
	}
	return &BroadcastResult{Hash: normalizeHex(res.Hash), Code: uint32(res.Code), Codespace: res.Codespace, Log: res.Log}, nil
}

// CommittedTx is a transaction as the node's RPC /tx reports it once it is
// in a block.
type CommittedTx struct {
	Hash   string
	Height int64
	Index  uint32
	Code   uint32
	Log    string
	// Result is the whole tx_result object (code, data, log, gas, events)
	// exactly as the node served it.
	Result json.RawMessage
}

// ErrTxNotFound is returned by CommittedTx for a transaction the node does
// not have in a block.
var ErrTxNotFound = errors.New("transaction not found")

// CommittedTx looks a transaction up by hash (hex) in the node's tx index
// (RPC /tx). It returns an error wrapping ErrTxNotFound if the node does
// not know it.
func (n *Node) CommittedTx(ctx context.Context, hash string) (*CommittedTx, error) {
	var res struct {
		Hash     string          `json:"hash"`
		Height   jsonInt         `json:"height"`
		Index    jsonInt         `json:"index"`
		TxResult json.RawMessage `json:"tx_result"`
	}
	err := n.rpcGet(ctx, "/tx?hash=0x"+strings.TrimPrefix(hash, "0x"), &res)
	if err != nil {
		if strings.Contains(err.Error(), "not found") {
			return nil, fmt.Errorf("%s: tx %s: %w", n.Name, hash, ErrTxNotFound)
		}
		return nil, err
	}
	var result struct {
		Code jsonInt `json:"code"`
		Log  string  `json:"log"`
	}
	if err := json.Unmarshal(res.TxResult, &result); err != nil {
		return nil, fmt.Errorf("%s: tx %s: decode tx_result: %w", n.Name, hash, err)
	}
	return &CommittedTx{
		Hash:   normalizeHex(res.Hash),
		Height: int64(res.Height),
		Index:  uint32(res.Index),
		Code:   uint32(result.Code),
		Log:    result.Log,
		Result: res.TxResult,
	}, nil
}

// Block is the part of a block (RPC /block) that identifies it.
type Block struct {
	Height        int64
	ChainID       string
	Hash          string    // block_id.hash, upper-case hex
	LastBlockHash string    // header.last_block_id.hash: the parent's hash
	AppHash       string    // header.app_hash: the state after the parent block
	Time          time.Time // header.time: when the block was proposed
	NumTxs        int
}

// Block reads the block at height from the node's RPC /block.
func (n *Node) Block(ctx context.Context, height int64) (*Block, error) {
	var res struct {
		BlockID struct {
			Hash string `json:"hash"`
		} `json:"block_id"`
		Block struct {
			Header struct {
				ChainID     string  `json:"chain_id"`
				Height      jsonInt `json:"height"`
				LastBlockID struct {
					Hash string `json:"hash"`
				} `json:"last_block_id"`
				AppHash string    `json:"app_hash"`
				Time    time.Time `json:"time"`
			} `json:"header"`
			Data struct {
				Txs []string `json:"txs"`
			} `json:"data"`
		} `json:"block"`
	}
	if err := n.rpcGet(ctx, "/block?height="+strconv.FormatInt(height, 10), &res); err != nil {
		return nil, err
	}
	h := res.Block.Header
	if int64(h.Height) != height {
		return nil, fmt.Errorf("%s: /block?height=%d returned height %d", n.Name, height, h.Height)
	}
	return &Block{
		Height:        height,
		ChainID:       h.ChainID,
		Hash:          normalizeHex(res.BlockID.Hash),
		LastBlockHash: normalizeHex(h.LastBlockID.Hash),
		AppHash:       normalizeHex(h.AppHash),
		Time:          h.Time,
		NumTxs:        len(res.Block.Data.Txs),
	}, nil
}

// AppInfo is the application's view of its last commit (RPC /abci_info).
type AppInfo struct {
	LastBlockHeight  int64
	LastBlockAppHash string // upper-case hex; what header.app_hash of the next block must carry
}

// AppInfo asks the node's application for its last committed height and
// app hash (RPC /abci_info).
func (n *Node) AppInfo(ctx context.Context) (*AppInfo, error) {
	var res struct {
		Response struct {
			LastBlockHeight  jsonInt `json:"last_block_height"`
			LastBlockAppHash string  `json:"last_block_app_hash"`
		} `json:"response"`
	}
	if err := n.rpcGet(ctx, "/abci_info", &res); err != nil {
		return nil, err
	}
	// cmtjson writes []byte as base64.
	raw, err := base64.StdEncoding.DecodeString(res.Response.LastBlockAppHash)
	if err != nil {
		return nil, fmt.Errorf("%s: /abci_info: app hash %q: %w", n.Name, res.Response.LastBlockAppHash, err)
	}
	return &AppInfo{
		LastBlockHeight:  int64(res.Response.LastBlockHeight),
		LastBlockAppHash: strings.ToUpper(hex.EncodeToString(raw)),
	}, nil
}

// KillAll sends SIGKILL to every running node at once and waits for all of
// them to exit.
func (n *Network) KillAll() error { return n.eachAtOnce((*Node).Kill) }

// StartAll starts every node that is not running.
func (n *Network) StartAll(nodes ...*Node) error {
	if len(nodes) == 0 {
		nodes = n.Nodes
	}
	var errs []error
	for _, node := range nodes {
		if node.Running() {
			continue
		}
		errs = append(errs, node.Start())
	}
	return errors.Join(errs...)
}

// AddNode adds to the network a node named name that runs from home with
// the binary, chain id and addresses of like. home must already hold a
// config listening on like's ports (e.g. like's config.toml and app.toml),
// so like must not be running when the new node starts. The node is not
// started; the network's cleanup stops it like the others.
func (n *Network) AddNode(name, home string, like *Node) *Node {
	node := &Node{
		Index:     len(n.Nodes),
		Name:      name,
		Home:      home,
		LogPath:   filepath.Join(home, "node.log"),
		Validator: like.Validator,
		ChainID:   like.ChainID,
		P2PAddr:   like.P2PAddr,
		RPCAddr:   like.RPCAddr,
		GRPCAddr:  like.GRPCAddr,
		APIAddr:   like.APIAddr,

		PrometheusAddr: like.PrometheusAddr,
		bin:            like.bin,
	}
	n.Nodes = append(n.Nodes, node)
	return node
}
