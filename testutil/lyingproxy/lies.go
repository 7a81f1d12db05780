package lyingproxy

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
)

// FlipValueBit flips the lowest bit of the last byte of the value answered
// for a key of store with keyPrefix (a flipped status bit, a changed
// document). The proof is left as it was.
func FlipValueBit(store string, keyPrefix []byte) Lie {
	return Lie{
		Name: fmt.Sprintf("flip a value bit in store %s under %X", store, keyPrefix),
		QueryResult: func(asked ABCIQuery, res *abci.ResponseQuery) bool {
			if !asked.StoreKeyQuery(store, keyPrefix) || len(res.Value) == 0 {
				return false
			}
			res.Value = bytes.Clone(res.Value)
			res.Value[len(res.Value)-1] ^= 1
			return true
		},
	}
}

// AnswerFromHeight answers queries of store's keys with keyPrefix from
// `back` blocks before the height asked, and says the answer is for the
// height asked: real values with real proofs, for the wrong state (an older
// DID document, an accreditation link since removed, a bit before its
// revocation). Queries for the latest height (0), or a height not above
// back, are answered honestly: there is no older height to lie from.
//
// Only state that changed between the two heights makes a lie; a test
// changes it first.
func AnswerFromHeight(store string, keyPrefix []byte, back int64) Lie {
	return Lie{
		Name: fmt.Sprintf("answer store %s under %X from %d blocks back", store, keyPrefix, back),
		Query: func(q *ABCIQuery) bool {
			if !q.StoreKeyQuery(store, keyPrefix) || q.Height <= back {
				return false
			}
			q.Height -= back
			return true
		},
		QueryResult: func(asked ABCIQuery, res *abci.ResponseQuery) bool {
			if !asked.StoreKeyQuery(store, keyPrefix) || asked.Height <= back {
				return false
			}
			res.Height = asked.Height
			return true
		},
	}
}

// ClaimAbsent drops the value answered for a key of store with keyPrefix,
// claiming the key does not exist (a removed accreditation link); the
// existence proof the node sent is left in place.
func ClaimAbsent(store string, keyPrefix []byte) Lie {
	return Lie{
		Name: fmt.Sprintf("claim keys of store %s under %X are absent", store, keyPrefix),
		QueryResult: func(asked ABCIQuery, res *abci.ResponseQuery) bool {
			if !asked.StoreKeyQuery(store, keyPrefix) || len(res.Value) == 0 {
				return false
			}
			res.Value = nil
			return true
		},
	}
}

// StripProofs removes the proof from answers for keys of store with
// keyPrefix, leaving the value.
func StripProofs(store string, keyPrefix []byte) Lie {
	return Lie{
		Name: fmt.Sprintf("strip proofs of store %s under %X", store, keyPrefix),
		QueryResult: func(asked ABCIQuery, res *abci.ResponseQuery) bool {
			if !asked.StoreKeyQuery(store, keyPrefix) || res.ProofOps == nil {
				return false
			}
			res.ProofOps = nil
			return true
		},
	}
}

// ForgeAppHash changes the app hash in every signed header at or above
// minHeight (0: all) and points the commit at the forged header's hash, so
// the light block is well formed and only the validators' signatures (over
// the real header) betray it.
func ForgeAppHash(minHeight int64) Lie {
	return forgeHeader(fmt.Sprintf("forge the app hash of headers from height %d", minHeight), minHeight,
		func(h *cmttypes.Header) { h.AppHash = forged(h.AppHash) })
}

// ForgeValidatorsHash changes the validators hash in every signed header at
// or above minHeight (0: all) and points the commit at the forged header's
// hash: the header no longer matches the validator set the node serves.
func ForgeValidatorsHash(minHeight int64) Lie {
	return forgeHeader(fmt.Sprintf("forge the validators hash of headers from height %d", minHeight), minHeight,
		func(h *cmttypes.Header) { h.ValidatorsHash = forged(h.ValidatorsHash) })
}

// forgeHeader alters /commit headers at or above minHeight with forge and
// re-points the commit's block id at the altered header, as a forger would
// to get past the provider's basic checks.
func forgeHeader(name string, minHeight int64, forge func(*cmttypes.Header)) Lie {
	return Lie{
		Name: name,
		Commit: func(res *ctypes.ResultCommit) bool {
			if res.Height < minHeight {
				return false
			}
			h := *res.Header
			forge(&h)
			res.Header = &h
			res.Commit.BlockID.Hash = h.Hash()
			return true
		},
	}
}

// forged returns a different hash of the same size (a SHA-256 if the
// original is empty).
func forged(hash []byte) []byte {
	if len(hash) == 0 {
		sum := sha256.Sum256([]byte("lyingproxy"))
		return sum[:]
	}
	out := bytes.Clone(hash)
	out[0] ^= 0x80
	return out
}
