package proof

import (
	"bytes"
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/merkle"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	ics23 "github.com/cosmos/ics23/go"
	"github.com/stretchr/testify/require"

	corestore "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// provenView is the proven store name as a keeper would open it.
func provenView(t *testing.T, q ABCIQuerier, r Root, name string) corestore.KVStore {
	t.Helper()
	src, err := NewSource(q, r)
	require.NoError(t, err)
	for _, s := range src.stores {
		if s.name == name {
			return storeService{store: s}.OpenKVStore(context.Background())
		}
	}
	t.Fatalf("no proven store %s", name)
	return nil
}

type entry struct{ key, value string }

func collect(t *testing.T, it corestore.Iterator) []entry {
	t.Helper()
	var out []entry
	for ; it.Valid(); it.Next() {
		out = append(out, entry{string(it.Key()), string(it.Value())})
	}
	require.NoError(t, it.Error())
	require.NoError(t, it.Close())
	return out
}

// Walking neighbour to neighbour visits exactly the keys and values a
// node's own iterator does: whole stores, and a bounded range inside one.
func TestNeighbourIterationSeesExactlyTheStoresKeys(t *testing.T) {
	c := newChain(t)
	r := c.root()
	node := c.nodeContext(r)
	honest := &appQuerier{c: c}
	ranges := []struct {
		store      string
		start, end []byte
	}{
		{didtypes.StoreKey, nil, nil},
		{accreditationtypes.StoreKey, nil, nil},
		{revocationtypes.StoreKey, nil, nil},
		{didtypes.StoreKey, didtypes.VersionsKey, didtypes.VersionIndexKey},
		// The index of accreditations by subject: keys with empty values.
		{accreditationtypes.StoreKey, accreditationtypes.AccreditationsBySubject, accreditationtypes.AccreditationsByAccreditor},
	}
	for _, rg := range ranges {
		want := collect(t, node.KVStore(c.f.App.GetKey(rg.store)).Iterator(rg.start, rg.end))
		require.Greater(t, len(want), 1, "%s [%x, %x) holds several entries", rg.store, rg.start, rg.end)
		it, err := provenView(t, honest, r, rg.store).Iterator(rg.start, rg.end)
		require.NoError(t, err)
		require.Equal(t, want, collect(t, it), "%s [%x, %x)", rg.store, rg.start, rg.end)
	}
}

// ics23 will not hash an empty value, so the SDK's proof runtime cannot
// prove an index entry; proving by hashed value can, and the bytes hashed
// up to the app hash are the same.
func TestAnIndexEntryWithAnEmptyValueIsProven(t *testing.T) {
	c := newChain(t)
	r := c.root()
	key := append(bytes.Clone(accreditationtypes.AccreditationsBySubject.Bytes()), []byte(c.issuer.DID())...)
	it, err := provenView(t, &appQuerier{c: c}, r, accreditationtypes.StoreKey).Iterator(key, nil)
	require.NoError(t, err)
	key = bytes.Clone(it.Key())
	require.Empty(t, it.Value())

	res, err := c.f.App.Query(context.Background(), &abci.RequestQuery{
		Path: "/store/" + accreditationtypes.StoreKey + "/key", Data: key, Height: r.Height, Prove: true})
	require.NoError(t, err)
	path := merkle.KeyPath{}.AppendKey([]byte(accreditationtypes.StoreKey), merkle.KeyEncodingURL).AppendKey(key, merkle.KeyEncodingHex)
	require.ErrorContains(t, rootmulti.DefaultProofRuntime().VerifyValue(res.ProofOps, r.AppHash, path.String(), res.Value), "invalid proof")
	read, err := verifyResponse(proofRuntime(), accreditationtypes.StoreKey, key, r, res)
	require.NoError(t, err)
	require.True(t, read.exists)
	// Over RPC an empty value arrives as nil (JSON omits it).
	rpcLike := lyingQuerier{honest: &appQuerier{c: c}, lie: func(_ string, _ []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
		if len(res.Value) == 0 {
			res.Value = nil
		}
	}}
	view := provenView(t, rpcLike, r, accreditationtypes.StoreKey)
	value, err := view.Get(key)
	require.NoError(t, err)
	require.NotNil(t, value, "an entry with an empty value reads as present")
	has, err := view.Has(key)
	require.NoError(t, err)
	require.True(t, has)
	_, err = verifyResponse(proofRuntime(), accreditationtypes.StoreKey, key, r, withValue(res, []byte{0}))
	require.ErrorContains(t, err, "the value does not match the app hash", "an empty value is bound like any other")
}

func withValue(res *abci.ResponseQuery, v []byte) *abci.ResponseQuery {
	out := *res
	out.Value = v
	return &out
}

// A neighbour is believed only from a non-existence proof that verified in
// full: one altered in its key or its value is refused.
func TestATamperedNeighbourIsRefused(t *testing.T) {
	c := newChain(t)
	r := c.root()
	for name, tamper := range map[string]func(*ics23.ExistenceProof){
		"the neighbour's key": func(e *ics23.ExistenceProof) { e.Key = append(e.Key, 0) },
		"the neighbour's value": func(e *ics23.ExistenceProof) {
			e.Value = append([]byte{1}, e.Value...)
		},
	} {
		t.Run(name, func(t *testing.T) {
			tampered := 0
			liar := lyingQuerier{honest: &appQuerier{c: c}, lie: func(_ string, _ []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if res.ProofOps == nil {
					return
				}
				var proof ics23.CommitmentProof
				require.NoError(t, proof.Unmarshal(res.ProofOps.Ops[0].Data))
				if n := proof.GetNonexist(); n != nil && n.Right != nil {
					tamper(n.Right)
					bz, err := proof.Marshal()
					require.NoError(t, err)
					res.ProofOps.Ops[0].Data = bz
					tampered++
				}
			}}
			// The first DID's versions start after the versions prefix: the
			// prefix itself is absent and its right neighbour is the first version.
			_, err := provenView(t, liar, r, didtypes.StoreKey).Iterator(didtypes.VersionsKey, didtypes.VersionIndexKey)
			require.Equal(t, 1, tampered)
			require.ErrorIs(t, err, ErrNotProven)
			require.ErrorContains(t, err, "did store, collection versions")
			require.ErrorContains(t, err, "the absence does not match the app hash")
		})
	}
}

// A proof covers a key and its neighbours, not a descending scan, and a
// proven store takes no writes.
func TestReverseIterationAndWritesAreRefused(t *testing.T) {
	c := newChain(t)
	view := provenView(t, &appQuerier{c: c}, c.root(), didtypes.StoreKey)
	_, err := view.ReverseIterator(didtypes.VersionsKey, nil)
	require.ErrorIs(t, err, ErrNotProvable)
	require.ErrorContains(t, err, "did store, collection versions")
	require.ErrorIs(t, view.Set(didtypes.DidsKey, []byte{1}), ErrReadOnly)
	require.ErrorIs(t, view.Delete(didtypes.DidsKey), ErrReadOnly)
}
