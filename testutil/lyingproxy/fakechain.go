package lyingproxy

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/p2p"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
)

// FakeChain is a synthetic CometBFT chain: blocks one BlockInterval apart
// from a genesis time, each committed by all of a fixed set of mock
// validators (power 10 each), and answered over CometBFT's JSON-RPC (POST,
// batch, GET URI) for the calls a light client and a proving reader make:
// status, commit, validators and abci_query (values set with SetValue,
// with a stand-in proof op so proof-stripping can be observed). It is safe
// for concurrent use; Extend grows it while it serves.
type FakeChain struct {
	chainID     string
	genesisTime time.Time
	privVals    []cmttypes.PrivValidator // in validator-set order, as commits index them
	valSet      *cmttypes.ValidatorSet

	mu     sync.Mutex
	blocks []*cmttypes.LightBlock // blocks[h-1] is height h
	values map[string][]byte      // store + "/" + hex(key) → value
}

// BlockInterval is the time between a FakeChain's blocks.
const BlockInterval = time.Second

// FakeValidatorPower is the voting power of each FakeChain validator.
const FakeValidatorPower = 10

// NewFakeChain returns a chain of `blocks` blocks (at least 1), the first
// at genesisTime, signed by `validators` fresh mock validators.
func NewFakeChain(chainID string, validators, blocks int, genesisTime time.Time) (*FakeChain, error) {
	if validators < 1 || blocks < 1 {
		return nil, fmt.Errorf("fake chain: need at least one validator and one block, got %d and %d", validators, blocks)
	}
	vals := make([]*cmttypes.Validator, validators)
	byAddress := map[string]cmttypes.PrivValidator{}
	for i := range vals {
		pv := cmttypes.NewMockPV()
		vals[i] = pv.ExtractIntoValidator(FakeValidatorPower)
		byAddress[string(vals[i].Address)] = pv
	}
	c := &FakeChain{
		chainID:     chainID,
		genesisTime: genesisTime.UTC(),
		valSet:      cmttypes.NewValidatorSet(vals),
		values:      map[string][]byte{},
	}
	for _, v := range c.valSet.Validators {
		c.privVals = append(c.privVals, byAddress[string(v.Address)])
	}
	return c, c.Extend(blocks)
}

// ChainID returns the chain's id.
func (c *FakeChain) ChainID() string { return c.chainID }

// GenesisTime returns the time of block 1.
func (c *FakeChain) GenesisTime() time.Time { return c.genesisTime }

// ValidatorSet returns a copy of the validators of every block.
func (c *FakeChain) ValidatorSet() *cmttypes.ValidatorSet { return c.valSet.Copy() }

// Height returns the latest height.
func (c *FakeChain) Height() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int64(len(c.blocks))
}

// LightBlock returns the block at height (nil if there is none).
func (c *FakeChain) LightBlock(height int64) *cmttypes.LightBlock {
	c.mu.Lock()
	defer c.mu.Unlock()
	if height < 1 || height > int64(len(c.blocks)) {
		return nil
	}
	return c.blocks[height-1]
}

// AppHash returns the app hash header `height` carries: the state after
// block height-1, a hash of that height.
func AppHash(height int64) []byte {
	sum := sha256.Sum256(binary.BigEndian.AppendUint64([]byte("app state after "), uint64(height-1)))
	return sum[:]
}

// Extend adds n blocks.
func (c *FakeChain) Extend(n int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for range n {
		if err := c.extend(false); err != nil {
			return err
		}
	}
	return nil
}

// ExtendUnlinked adds one block whose parent (LastBlockID) is not the
// previous block, signed all the same: the chain validators who all
// misbehave would sign, which light-client verification alone (signatures
// and validator-set hashes) does not notice.
func (c *FakeChain) ExtendUnlinked() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.extend(true)
}

func (c *FakeChain) extend(unlinked bool) error {
	h := int64(len(c.blocks)) + 1
	var last cmttypes.BlockID
	if h > 1 {
		last = c.blocks[h-2].Commit.BlockID
	}
	if unlinked {
		last.Hash = sha256Of("no such parent")
	}
	header := &cmttypes.Header{
		Version:            cmtversion.Consensus{Block: version.BlockProtocol},
		ChainID:            c.chainID,
		Height:             h,
		Time:               c.genesisTime.Add(time.Duration(h-1) * BlockInterval),
		LastBlockID:        last,
		ValidatorsHash:     c.valSet.Hash(),
		NextValidatorsHash: c.valSet.Hash(),
		ConsensusHash:      sha256Of("consensus params"),
		AppHash:            AppHash(h),
		ProposerAddress:    c.valSet.GetProposer().Address,
	}
	blockID := cmttypes.BlockID{
		Hash:          header.Hash(),
		PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: sha256Of("parts of " + strconv.FormatInt(h, 10))},
	}
	votes := cmttypes.NewVoteSet(c.chainID, h, 0, cmtproto.PrecommitType, c.valSet)
	ext, err := cmttypes.MakeExtCommit(blockID, h, 0, votes, c.privVals, header.Time, false)
	if err != nil {
		return fmt.Errorf("fake chain: commit %d: %w", h, err)
	}
	c.blocks = append(c.blocks, &cmttypes.LightBlock{
		SignedHeader: &cmttypes.SignedHeader{Header: header, Commit: ext.ToCommit()},
		ValidatorSet: c.valSet,
	})
	return nil
}

// SetValue makes abci_query of store's key answer value at every height.
func (c *FakeChain) SetValue(store string, key, value []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[store+"/"+hex.EncodeToString(key)] = bytes.Clone(value)
}

func sha256Of(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// fakeParams are the params of every call FakeChain answers, read from a
// JSON-RPC object or a GET URI query.
type fakeParams struct {
	Height int64
	Page   int
	Path   string
	Data   []byte
}

// ServeHTTP answers JSON-RPC over POST (single or batch) and GET URI calls.
func (c *FakeChain) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodGet {
		params, err := fakeURIParams(r)
		if err != nil {
			_ = json.NewEncoder(w).Encode(rpctypes.RPCInvalidParamsError(rpctypes.JSONRPCIntID(-1), err))
			return
		}
		_ = json.NewEncoder(w).Encode(respond(c.answer(strings.TrimPrefix(r.URL.Path, "/"), params)))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	body = bytes.TrimSpace(body)
	if !bytes.HasPrefix(body, []byte("[")) {
		_ = json.NewEncoder(w).Encode(c.call(body))
		return
	}
	var calls []json.RawMessage
	if err := json.Unmarshal(body, &calls); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	answers := make([]rpctypes.RPCResponse, 0, len(calls))
	for _, raw := range calls {
		answers = append(answers, c.call(raw))
	}
	_ = json.NewEncoder(w).Encode(answers)
}

func (c *FakeChain) call(raw []byte) rpctypes.RPCResponse {
	var req rpctypes.RPCRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return rpctypes.RPCParseError(err)
	}
	var named struct {
		Height json.RawMessage `json:"height"`
		Page   json.RawMessage `json:"page"`
		Path   string          `json:"path"`
		Data   string          `json:"data"`
	}
	if len(req.Params) > 0 {
		if err := json.Unmarshal(req.Params, &named); err != nil {
			return rpctypes.RPCInvalidParamsError(req.ID, err)
		}
	}
	height, err1 := flexInt(named.Height)
	page, err2 := flexInt(named.Page)
	data, err3 := hex.DecodeString(named.Data)
	if err := firstErr(err1, err2, err3); err != nil {
		return rpctypes.RPCInvalidParamsError(req.ID, err)
	}
	res := respond(c.answer(req.Method, fakeParams{Height: height, Page: int(page), Path: named.Path, Data: data}))
	res.ID = req.ID // of a type the rpc package keeps unexported
	return res
}

func fakeURIParams(r *http.Request) (fakeParams, error) {
	q := r.URL.Query()
	height, err := flexInt(json.RawMessage(q.Get("height")))
	if err != nil {
		return fakeParams{}, err
	}
	page, err := flexInt(json.RawMessage(q.Get("page")))
	if err != nil {
		return fakeParams{}, err
	}
	path, err := uriBytes(q.Get("path"))
	if err != nil {
		return fakeParams{}, err
	}
	data, err := uriBytes(q.Get("data"))
	if err != nil {
		return fakeParams{}, err
	}
	return fakeParams{Height: height, Page: int(page), Path: string(path), Data: data}, nil
}

// flexInt reads an integer written as a JSON number or string (absent: 0).
func flexInt(raw json.RawMessage) (int64, error) {
	s := strings.Trim(string(raw), `"`)
	if s == "" || s == "null" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// respond wraps an answer in a JSON-RPC response; the caller sets its id.
func respond(result any, err error) rpctypes.RPCResponse {
	if err != nil {
		return rpctypes.RPCInternalError(rpctypes.JSONRPCIntID(-1), err)
	}
	return rpctypes.NewRPCSuccessResponse(rpctypes.JSONRPCIntID(-1), result)
}

func (c *FakeChain) answer(method string, p fakeParams) (any, error) {
	latest := c.Height()
	height := p.Height
	if height == 0 {
		height = latest
	}
	if height > latest {
		// The wording CometBFT uses, which its light provider matches.
		return nil, fmt.Errorf("height %d must be less than or equal to the current blockchain height %d", height, latest)
	}
	if height < 0 {
		return nil, fmt.Errorf("height %d is not available", height)
	}
	switch method {
	case "status":
		lb := c.LightBlock(latest)
		return &ctypes.ResultStatus{
			NodeInfo: p2p.DefaultNodeInfo{Network: c.chainID},
			SyncInfo: ctypes.SyncInfo{
				LatestBlockHash:     lb.Hash(),
				LatestBlockHeight:   latest,
				LatestBlockTime:     lb.Time,
				EarliestBlockHeight: 1,
			},
		}, nil
	case "commit":
		lb := c.LightBlock(height)
		return ctypes.NewResultCommit(lb.Header, lb.Commit, true), nil
	case "validators":
		if p.Page > 1 {
			return nil, fmt.Errorf("page should be within [1, 1] range, given %d", p.Page)
		}
		vals := c.ValidatorSet().Validators
		return &ctypes.ResultValidators{
			BlockHeight: height, Validators: vals, Count: len(vals), Total: len(vals),
		}, nil
	case "abci_query":
		return &ctypes.ResultABCIQuery{Response: c.query(p.Path, p.Data, height)}, nil
	default:
		return nil, fmt.Errorf("method %q not found", method)
	}
}

func (c *FakeChain) query(path string, key []byte, height int64) abci.ResponseQuery {
	store, ok := strings.CutPrefix(path, "/store/")
	store, ok2 := strings.CutSuffix(store, "/key")
	if !ok || !ok2 {
		return abci.ResponseQuery{Code: 1, Log: "fake chain answers only /store/<name>/key", Height: height}
	}
	c.mu.Lock()
	value := slices.Clone(c.values[store+"/"+hex.EncodeToString(key)])
	c.mu.Unlock()
	return abci.ResponseQuery{
		Key:    key,
		Value:  value,
		Height: height,
		ProofOps: &cmtcrypto.ProofOps{Ops: []cmtcrypto.ProofOp{
			{Type: "fake", Key: key, Data: sha256Of(fmt.Sprintf("%s/%X=%X@%d", store, key, value, height))},
		}},
	}
}
