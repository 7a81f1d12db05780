package types_test

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/types"
)

// The example in docs/did-method.md §4, byte for byte: a wallet in another
// language can check its encoder against it.
func TestSignBytesMatchTheMethodSpecExample(t *testing.T) {
	payload := &types.DeactivateDidPayload{
		Id:                "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF",
		ExpectedVersionId: "a5a38a7f9ab71c45392872c0b32a62f7",
	}
	bz, err := types.SignBytes("ndi-localnet-1", payload)
	require.NoError(t, err)
	want := "0a0e" + hex.EncodeToString([]byte("ndi-localnet-1")) +
		"1220" + hex.EncodeToString([]byte("/ndi.did.v1.DeactivateDidPayload")) +
		"1a48" +
		"0a24" + hex.EncodeToString([]byte("did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF")) +
		"1220" + hex.EncodeToString([]byte("a5a38a7f9ab71c45392872c0b32a62f7"))
	require.Equal(t, want, hex.EncodeToString(bz))
}

func TestSignBytesBindChainAndType(t *testing.T) {
	doc := types.DidDocument{Id: "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF"}
	a, err := types.SignBytes("chain-a", &types.CreateDidPayload{Document: doc})
	require.NoError(t, err)
	b, err := types.SignBytes("chain-b", &types.CreateDidPayload{Document: doc})
	require.NoError(t, err)
	c, err := types.SignBytes("chain-a", &types.UpdateDidPayload{Document: doc})
	require.NoError(t, err)
	require.NotEqual(t, a, b)
	require.NotEqual(t, a, c)
}
