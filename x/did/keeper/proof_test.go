package keeper_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/merkle"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"

	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

// A verifier need not trust the node it asks (DESIGN §6): an ABCI store
// query with prove=true returns a Merkle proof of a DID's state against the
// app hash, which light clients get from signed headers.
func TestDidStateIsProvableAgainstTheAppHash(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	s.mustCreate(alice)

	key, err := collections.EncodeKeyWithPrefix(types.DidsKey, collections.StringKey, alice.DID())
	require.NoError(t, err)
	res, err := s.f.App.Query(s.f.Ctx(), &abci.RequestQuery{
		Path: "/store/" + types.StoreKey + "/key", Data: key, Height: s.f.App.LastBlockHeight(), Prove: true,
	})
	require.NoError(t, err)
	require.Zero(t, res.Code, res.Log)
	require.NotEmpty(t, res.Value)
	require.NotNil(t, res.ProofOps)

	var state types.DidState
	require.NoError(t, state.Unmarshal(res.Value))
	require.Equal(t, uint64(1), state.Versions)

	appHash := s.f.App.LastCommitID().Hash
	path := merkle.KeyPath{}.AppendKey([]byte(types.StoreKey), merkle.KeyEncodingURL).AppendKey(key, merkle.KeyEncodingHex)
	prt := rootmulti.DefaultProofRuntime()
	require.NoError(t, prt.VerifyValue(res.ProofOps, appHash, path.String(), res.Value))
	require.Error(t, prt.VerifyValue(res.ProofOps, appHash, path.String(), append([]byte{1}, res.Value...)), "a forged value fails the proof")
}
