package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

func TestSignRefusesAnEmptyChainID(t *testing.T) {
	id := didtest.NewIdentity(t, "local")
	payload := &types.DeactivateDidPayload{Id: id.DID(), ExpectedVersionId: "v1"}
	_, err := types.Sign("", payload, id.With(1, types.KEY_SOURCE_CURRENT))
	require.ErrorIs(t, err, types.ErrMissingChainID)
}

func TestSignMakesOneVerifyingSignaturePerSigner(t *testing.T) {
	id := didtest.NewIdentity(t, "local", didsig.Ed25519, didsig.P256)
	payload := &types.DeactivateDidPayload{Id: id.DID(), ExpectedVersionId: "v1"}
	sigs, err := types.Sign("ndi-test-1", payload, id.With(1, types.KEY_SOURCE_CURRENT), id.With(2, types.KEY_SOURCE_NEW))
	require.NoError(t, err)
	require.Len(t, sigs, 2)
	bz, err := types.SignBytes("ndi-test-1", payload)
	require.NoError(t, err)
	for i, sig := range sigs {
		require.Equal(t, id.MethodID(i+1), sig.VerificationMethodId)
		vm, ok := id.Doc.FindMethod(sig.VerificationMethodId)
		require.True(t, ok)
		key, err := types.MethodKey(vm)
		require.NoError(t, err)
		require.NoError(t, key.Verify(bz, sig.Signature))
	}
	require.Equal(t, types.KEY_SOURCE_CURRENT, sigs[0].KeySource)
	require.Equal(t, types.KEY_SOURCE_NEW, sigs[1].KeySource)
}

// embedded returns a document whose second key is embedded in
// assertionMethod only, and the private key of that embedded method.
func embedded(t *testing.T) (types.DidDocument, didsig.PrivateKey, didsig.PublicKey) {
	t.Helper()
	id := didtest.NewIdentity(t, "local")
	priv, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	doc := id.Doc
	doc.AssertionMethod = append(doc.AssertionMethod, types.VerificationRelationship{Embedded: &types.VerificationMethod{
		Id: id.DID() + "#assert", Type: didsig.MethodTypeMultikey, Controller: id.DID(), PublicKeyMultibase: pub.Multikey(),
	}})
	require.NoError(t, types.ValidateDocument(&doc, types.DefaultParams()))
	return doc, priv, pub
}

func TestAllMethodsListsReferencedAndEmbedded(t *testing.T) {
	doc, _, _ := embedded(t)
	var ids []string
	for _, vm := range doc.AllMethods() {
		ids = append(ids, vm.Id)
	}
	require.Equal(t, []string{doc.Id + "#key-1", doc.Id + "#assert"}, ids)
}

func TestMethodForKeyHonoursTheRole(t *testing.T) {
	doc, _, pub := embedded(t)
	vm, ok := doc.MethodForKey(pub, types.RoleAssert)
	require.True(t, ok, "an embedded assertionMethod key asserts")
	require.Equal(t, doc.Id+"#assert", vm.Id)
	_, ok = doc.MethodForKey(pub, types.RoleAuthorize)
	require.False(t, ok, "an assertion-only key may not change the document")

	first, err := types.FirstMethodKey(&doc)
	require.NoError(t, err)
	vm, ok = doc.MethodForKey(first, types.RoleAuthorize)
	require.True(t, ok)
	require.Equal(t, doc.Id+"#key-1", vm.Id)
}

func TestRelationshipsNameAllFive(t *testing.T) {
	doc, _, _ := embedded(t)
	var names []string
	for _, rel := range doc.Relationships() {
		names = append(names, rel.Name)
	}
	require.Equal(t, []string{"authentication", "assertionMethod", "keyAgreement", "capabilityInvocation", "capabilityDelegation"}, names)
}

func TestCloneIsDeep(t *testing.T) {
	doc, _, _ := embedded(t)
	want, err := doc.Marshal()
	require.NoError(t, err)
	c := doc.Clone()
	got, err := c.Marshal()
	require.NoError(t, err)
	require.Equal(t, want, got)

	c.VerificationMethod[0].PublicKeyMultibase = "z-changed"
	c.AssertionMethod[1].Embedded.Id = doc.Id + "#changed"
	c.Context[0] = "changed"
	after, err := doc.Marshal()
	require.NoError(t, err)
	require.Equal(t, want, after, "changing the clone leaves the original as it was")
}
