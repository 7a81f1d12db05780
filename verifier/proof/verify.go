package proof

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"unicode"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/merkle"
	cmtprotocrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	ics23 "github.com/cosmos/ics23/go"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
)

// provenRead is what one verified store query established about a key at
// the root: its value when it exists, otherwise the first key after it
// (with that key's value), if any. Neighbours come only from a
// non-existence proof verified in full against the app hash, whose
// adjacency check (ics23 VerifyNonMembership) says no key lies between.
type provenRead struct {
	exists    bool
	value     []byte
	hasNext   bool
	next      []byte
	nextValue []byte
}

// The IAVL leaf of a key hashes sha256(value), length-prefixed. ics23
// refuses to hash an empty value ("leaf op needs value"), yet collections
// key sets and secondary indexes store exactly that, and such keys are
// also the neighbours of many absent keys. The store proof is therefore
// checked with every value replaced by its sha256 and a leaf spec that no
// longer pre-hashes values: the leaf bytes, and so every hash up to the app
// hash, are the same, and a value is still bound by its hash.
var iavlHashedValueSpec = func() *ics23.ProofSpec {
	spec := *ics23.IavlSpec
	leaf := *spec.LeafSpec
	leaf.PrehashValue = ics23.HashOp_NO_HASH
	spec.LeafSpec = &leaf
	return &spec
}()

// proofRuntime verifies the two proof ops of a store query: the key in
// the module's IAVL store (by hashed value, above), then the store's root
// in the multistore (the SDK's own operator).
func proofRuntime() *merkle.ProofRuntime {
	prt := merkle.NewProofRuntime()
	prt.RegisterOpDecoder(storetypes.ProofOpIAVLCommitment, decodeIAVLOp)
	prt.RegisterOpDecoder(storetypes.ProofOpSimpleMerkleCommitment, storetypes.CommitmentOpDecoder)
	return prt
}

// hashedValueOp is an IAVL commitment op checked by hashed value.
type hashedValueOp struct {
	storetypes.CommitmentOp
}

// Run proves the key's value (one arg) or absence (none) and returns the
// store root. Its errors are its own: the SDK's would name the hashed
// value and print the raw key bytes.
func (op hashedValueOp) Run(args [][]byte) ([][]byte, error) {
	if len(args) != 1 {
		root, err := op.CommitmentOp.Run(args)
		if err != nil {
			return nil, errors.New("the store proof does not prove the key absent")
		}
		return root, nil
	}
	h := sha256.Sum256(args[0])
	root, err := op.CommitmentOp.Run([][]byte{h[:]})
	if err != nil {
		return nil, errors.New("the store proof does not prove this value for the key")
	}
	return root, nil
}

func decodeIAVLOp(pop cmtprotocrypto.ProofOp) (merkle.ProofOperator, error) {
	proof, err := decodeCommitmentProof(pop)
	if err != nil {
		return nil, err
	}
	hashed, err := hashValues(proof)
	if err != nil {
		return nil, err
	}
	return hashedValueOp{storetypes.CommitmentOp{Type: pop.Type, Spec: iavlHashedValueSpec, Key: pop.Key, Proof: hashed}}, nil
}

// decodeCommitmentProof decodes an IAVL op's ics23 proof, decompressed.
func decodeCommitmentProof(pop cmtprotocrypto.ProofOp) (*ics23.CommitmentProof, error) {
	if pop.Type != storetypes.ProofOpIAVLCommitment {
		return nil, fmt.Errorf("store proof op is %q, want %q", pop.Type, storetypes.ProofOpIAVLCommitment)
	}
	proof := &ics23.CommitmentProof{}
	if err := proof.Unmarshal(pop.Data); err != nil {
		return nil, fmt.Errorf("store proof op does not decode: %s", printable(err))
	}
	return ics23.Decompress(proof), nil
}

// hashValues returns a copy of an existence or non-existence proof with
// every leaf's value replaced by its sha256 (iavlHashedValueSpec).
func hashValues(proof *ics23.CommitmentProof) (*ics23.CommitmentProof, error) {
	switch p := proof.Proof.(type) {
	case *ics23.CommitmentProof_Exist:
		e, err := hashValue(p.Exist)
		return &ics23.CommitmentProof{Proof: &ics23.CommitmentProof_Exist{Exist: e}}, err
	case *ics23.CommitmentProof_Nonexist:
		n := &ics23.NonExistenceProof{Key: p.Nonexist.Key}
		var err error
		if n.Left, err = hashValue(p.Nonexist.Left); err != nil {
			return nil, err
		}
		if n.Right, err = hashValue(p.Nonexist.Right); err != nil {
			return nil, err
		}
		return &ics23.CommitmentProof{Proof: &ics23.CommitmentProof_Nonexist{Nonexist: n}}, nil
	default:
		return nil, fmt.Errorf("store proof is %T, want an existence or non-existence proof", proof.Proof)
	}
}

func hashValue(e *ics23.ExistenceProof) (*ics23.ExistenceProof, error) {
	if e == nil {
		return nil, nil
	}
	if e.Leaf == nil || e.Leaf.PrehashValue != ics23.IavlSpec.LeafSpec.PrehashValue {
		return nil, fmt.Errorf("leaf of key %x is not an IAVL leaf", e.Key)
	}
	leaf := *e.Leaf
	leaf.PrehashValue = ics23.HashOp_NO_HASH
	h := sha256.Sum256(e.Value)
	return &ics23.ExistenceProof{Key: e.Key, Value: h[:], Leaf: &leaf, Path: e.Path}, nil
}

// verifyResponse checks a store query's answer for key in store against
// root and says what it proves, or why it proves nothing.
func verifyResponse(prt *merkle.ProofRuntime, store string, key []byte, root Root, res *abci.ResponseQuery) (provenRead, error) {
	if res.Code != 0 {
		return provenRead{}, fmt.Errorf("the node refused the query (code %d, %s): %s", res.Code, res.Codespace, res.Log)
	}
	if res.Height != root.Height {
		return provenRead{}, fmt.Errorf("the answer is for height %d, not the proven height %d", res.Height, root.Height)
	}
	if res.ProofOps == nil || len(res.ProofOps.Ops) == 0 {
		return provenRead{}, fmt.Errorf("the answer carries no proof")
	}
	ops := res.ProofOps.Ops
	if len(ops) != 2 {
		return provenRead{}, fmt.Errorf("the proof has %d ops, want 2 (key in store, store in app state)", len(ops))
	}
	// Each op is checked under its own spec, so the kinds are fixed: a
	// store proof and then the multistore's simple Merkle proof.
	if ops[1].Type != storetypes.ProofOpSimpleMerkleCommitment {
		return provenRead{}, fmt.Errorf("app state proof op is %q, want %q", ops[1].Type, storetypes.ProofOpSimpleMerkleCommitment)
	}
	proof, err := decodeCommitmentProof(ops[0])
	if err != nil {
		return provenRead{}, err
	}
	path := merkle.KeyPath{}.AppendKey([]byte(store), merkle.KeyEncodingURL).AppendKey(key, merkle.KeyEncodingHex).String()
	switch p := proof.Proof.(type) {
	case *ics23.CommitmentProof_Exist:
		if err := prt.VerifyValue(res.ProofOps, root.AppHash, path, res.Value); err != nil {
			return provenRead{}, fmt.Errorf("the value does not match the app hash: %s", printable(err))
		}
		return provenRead{exists: true, value: bytes.Clone(res.Value)}, nil
	case *ics23.CommitmentProof_Nonexist:
		if len(res.Value) != 0 {
			return provenRead{}, fmt.Errorf("the answer carries a value with a proof of absence")
		}
		if err := prt.VerifyAbsence(res.ProofOps, root.AppHash, path); err != nil {
			return provenRead{}, fmt.Errorf("the absence does not match the app hash: %s", printable(err))
		}
		read := provenRead{}
		if r := p.Nonexist.Right; r != nil {
			read.hasNext, read.next, read.nextValue = true, bytes.Clone(r.Key), bytes.Clone(r.Value)
		}
		return read, nil
	default:
		return provenRead{}, fmt.Errorf("the store proof is %T, want an existence or non-existence proof", proof.Proof)
	}
}

// printable is an error's text with what a terminal would not show (raw
// key bytes quoted by the merkle package) replaced by '.'.
func printable(err error) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsGraphic(r) {
			return r
		}
		return '.'
	}, err.Error())
}
