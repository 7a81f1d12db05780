package cli_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/client/cli"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

// issuerWithEmbeddedAssertionKey is a resolved DID whose only assertion key
// is embedded in assertionMethod, as the chain accepts, and that key.
func issuerWithEmbeddedAssertionKey(t *testing.T) (*types.QueryDidResponse, cli.NamedKey, cli.NamedKey) {
	t.Helper()
	id := didtest.NewIdentity(t, types.DefaultNamespace)
	priv, err := didsig.GeneratePrivateKey(didsig.P256, nil)
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	doc := id.Doc
	doc.AssertionMethod = []types.VerificationRelationship{{Embedded: &types.VerificationMethod{
		Id: id.DID() + "#issuing", Type: didsig.MethodTypeMultikey, Controller: id.DID(), PublicKeyMultibase: pub.Multikey(),
	}}}
	require.NoError(t, types.ValidateDocument(&doc, types.DefaultParams()))
	first, err := id.Keys[0].PublicKey()
	require.NoError(t, err)
	res := &types.QueryDidResponse{Document: doc, Metadata: types.DidDocumentMetadata{VersionId: "v1"}}
	return res, cli.NamedKey{Name: "issuing", Priv: priv, Pub: pub}, cli.NamedKey{Name: "controller", Priv: id.Keys[0], Pub: first}
}

// The revocation CLI once looked for assertion keys in verificationMethod
// only, so an issuer whose assertion key is embedded could not sign a
// status-list operation the chain would accept. Every CLI now finds keys
// through LiveSigners.
func TestAssertionSignersFindAnEmbeddedAssertionKey(t *testing.T) {
	res, issuing, _ := issuerWithEmbeddedAssertionKey(t)
	signers, err := cli.LiveSigners(res, []cli.NamedKey{issuing}, types.RoleAssert)
	require.NoError(t, err)
	require.Equal(t, []types.Signer{{MethodID: res.Document.Id + "#issuing", Key: issuing.Priv, Source: types.KEY_SOURCE_CURRENT}}, signers)
}

func TestLiveSignersRefuseAKeyOutsideTheRole(t *testing.T) {
	res, issuing, controller := issuerWithEmbeddedAssertionKey(t)
	_, err := cli.LiveSigners(res, []cli.NamedKey{controller}, types.RoleAssert)
	require.ErrorIs(t, err, types.ErrMethodNotAuthorized, "key-1 is no longer in assertionMethod")
	_, err = cli.LiveSigners(res, []cli.NamedKey{issuing}, types.RoleAuthorize)
	require.ErrorIs(t, err, types.ErrMethodNotAuthorized, "an assertion key may not change the document")
}

func TestLiveSignersRefuseADeactivatedDID(t *testing.T) {
	res, issuing, _ := issuerWithEmbeddedAssertionKey(t)
	res.Metadata.Deactivated = true
	_, err := cli.LiveSigners(res, []cli.NamedKey{issuing}, types.RoleAssert)
	require.ErrorIs(t, err, types.ErrDidDeactivated)
}
