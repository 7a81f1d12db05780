package credential_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/verifier/credential"
	"github.com/ndi-chain/ndi/x/did/didsig"
)

const (
	issuerDID   = "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk"
	otherDID    = "did:ndi:local:9xQh3m2fFZbXk7cQ2aDqPe"
	statusList  = issuerDID + "/status/degrees-revocation"
	degreeType  = "BhutanDegreeCredential"
	schemaURI   = "https://schemas.ndi.bt/degree/v1.json"
	subjectJSON = `{"id":"did:ndi:local:holder1","degree":{"type":"BachelorDegree","name":"B.Sc. Computer Science"}}`
)

var validFrom = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)

// testKey is a fixed key of alg, different for each seed byte.
func testKey(t testing.TB, alg didsig.Algorithm, seed byte) didsig.PrivateKey {
	t.Helper()
	key, err := didsig.GeneratePrivateKey(alg, bytes.NewReader(bytes.Repeat([]byte{seed}, 64)))
	require.NoError(t, err)
	return key
}

func publicKey(t testing.TB, key didsig.PrivateKey) didsig.PublicKey {
	t.Helper()
	pub, err := key.PublicKey()
	require.NoError(t, err)
	return pub
}

// keyring is a KeyResolver over a fixed set of methods.
type keyring map[string]didsig.PublicKey

var errNoSuchMethod = errors.New("no such verification method")

func (k keyring) resolve(_ context.Context, vm string) (didsig.PublicKey, error) {
	key, ok := k[vm]
	if !ok {
		return didsig.PublicKey{}, fmt.Errorf("%w: %s", errNoSuchMethod, vm)
	}
	return key, nil
}

// issuerSetup is an issuer key, its signer and a resolver that knows it.
type issuerSetup struct {
	vm     string
	key    didsig.PrivateKey
	signer credential.Signer
	keys   keyring
}

func newIssuer(t testing.TB, alg didsig.Algorithm) issuerSetup {
	t.Helper()
	vm := issuerDID + "#key-" + alg.String()
	key := testKey(t, alg, 7)
	signer, err := credential.NewSigner(vm, key)
	require.NoError(t, err)
	return issuerSetup{vm: vm, key: key, signer: signer, keys: keyring{vm: publicKey(t, key)}}
}

// degree is a credential with every member NDI Chain issues.
func degree(t testing.TB) *credential.Credential {
	t.Helper()
	digest, err := credential.SchemaDigestSRI("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	require.NoError(t, err)
	return credential.New(issuerDID, []string{degreeType}, json.RawMessage(subjectJSON)).
		SetID("urn:uuid:0b8c3a1e-4f2d-4a7b-9c1e-2d3f4a5b6c7d").
		SetValidFrom(validFrom).
		SetValidUntil(validFrom.AddDate(5, 0, 0)).
		AddSchema(credential.Schema{ID: schemaURI, Type: "JsonSchema", DigestSRI: digest}).
		AddStatus(credential.StatusEntry{
			ID:                   statusList + "#42",
			StatusPurpose:        credential.StatusPurposeRevocation,
			StatusListIndex:      42,
			StatusListCredential: statusList,
		})
}

// editJSON decodes a JSON object, lets edit change it and re-encodes it.
func editJSON(t testing.TB, data []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m))
	edit(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// sentinels lists every exported error; each error this package returns
// must wrap one.
var sentinels = []error{
	credential.ErrMalformed, credential.ErrInvalidCredential, credential.ErrInvalidHeader,
	credential.ErrInvalidProof, credential.ErrUnsupported, credential.ErrKeyMismatch,
	credential.ErrKeyResolution, credential.ErrBadSignature, credential.ErrIssuerMismatch,
}

func wrapsSentinel(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// requireRefused parses raw and, when parseErr is nil, verifies it with keys
// (defaultKeys when nil): the one that refuses must refuse with its
// sentinel.
func requireRefused(t *testing.T, raw []byte, keys, defaultKeys credential.KeyResolver, parseErr, verifyErr error) {
	t.Helper()
	s, err := credential.Parse(raw)
	if parseErr != nil {
		require.ErrorIs(t, err, parseErr)
		return
	}
	require.NoError(t, err)
	if keys == nil {
		keys = defaultKeys
	}
	require.ErrorIs(t, s.Verify(context.Background(), keys), verifyErr)
}
