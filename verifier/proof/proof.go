// Package proof reads NDI Chain state without trusting the node that
// serves it. Every store read is an ABCI store query with prove=true whose
// ICS23 proof is checked against an app hash the caller trusts (a light
// client's verified header); the modules' own keepers and query servers run
// over those proven reads, so a verifier gets exactly the node's answer,
// proven, without a second copy of the chain's rules.
//
// A proof covers one key: its value, or its absence with its two
// neighbours. Point reads and ascending iteration (neighbour to neighbour)
// are therefore provable; reverse iteration is not, and the read paths of
// x/did, x/accreditation and x/revocation avoid it.
package proof

import (
	"context"
	"errors"
	"time"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
)

// Root is the state a Source proves against.
type Root struct {
	ChainID string
	// Height is the state height H the reads are for.
	Height int64
	// AppHash commits state H; it is carried by header H+1.
	AppHash []byte
	// Time is header H's time: the block time the queries at H see, so
	// "now" in an answer means this time.
	Time time.Time
}

// ABCIQuerier runs ABCI queries on a node; CometBFT's rpc/client/http
// client implements it.
type ABCIQuerier interface {
	ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error)
}

var (
	// ErrNotProven is a chain answer that did not prove against the app
	// hash: a wrong value, a missing or broken proof, an absence claimed
	// for a key that exists, an answer for another height, or a node that
	// could not be asked. The error names the store, the collection and
	// the key, and why.
	ErrNotProven = errors.New("chain answer not proven")
	// ErrNotProvable is a read a proof cannot cover: reverse iteration.
	ErrNotProvable = errors.New("read cannot be proven")
	// ErrReadOnly is a write to a proven store.
	ErrReadOnly = errors.New("proven store is read-only")
	// ErrInvalidRoot is a Root that cannot anchor proofs.
	ErrInvalidRoot = errors.New("invalid proof root")
)
