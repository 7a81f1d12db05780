// Package testutil builds DIDs, keys and signatures for x/did tests and for
// the modules that authorize through DID keys.
package testutil

import (
	"fmt"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/types"
)

// Identity is a DID with the private keys of its methods #key-1, #key-2, ...
type Identity struct {
	Doc  types.DidDocument
	Keys []didsig.PrivateKey
}

// NewIdentity makes a DID in namespace with one key per algorithm given
// (Ed25519 when none is given).
func NewIdentity(t testing.TB, namespace string, algs ...didsig.Algorithm) *Identity {
	t.Helper()
	if len(algs) == 0 {
		algs = []didsig.Algorithm{didsig.Ed25519}
	}
	id := &Identity{}
	var pubs []didsig.PublicKey
	for _, alg := range algs {
		priv, err := didsig.GeneratePrivateKey(alg, nil)
		require.NoError(t, err)
		pub, err := priv.PublicKey()
		require.NoError(t, err)
		id.Keys = append(id.Keys, priv)
		pubs = append(pubs, pub)
	}
	doc, err := types.NewDocument(namespace, pubs...)
	require.NoError(t, err)
	id.Doc = doc
	return id
}

// DID returns the identity's DID.
func (id *Identity) DID() string { return id.Doc.Id }

// MethodID returns the id of method #key-<n> (1-based).
func (id *Identity) MethodID(n int) string { return fmt.Sprintf("%s#key-%d", id.Doc.Id, n) }

// Signer is the kit's signer (types.Signer), named here so tests read
// didtest.Signer beside didtest.Sign.
type Signer = types.Signer

// With returns a signer using key n (1-based) of the identity.
func (id *Identity) With(n int, source types.KeySource) Signer {
	return Signer{MethodID: id.MethodID(n), Key: id.Keys[n-1], Source: source}
}

// Sign is types.Sign for tests: it fails the test instead of returning an
// error.
func Sign(t testing.TB, chainID string, payload proto.Message, signers ...Signer) []types.DidSignature {
	t.Helper()
	sigs, err := types.Sign(chainID, payload, signers...)
	require.NoError(t, err)
	return sigs
}
