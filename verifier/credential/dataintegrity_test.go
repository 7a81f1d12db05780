package credential_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/verifier/credential"
	"github.com/ndi-chain/ndi/x/did/didsig"
)

var created = time.Date(2026, 1, 15, 9, 31, 7, 0, time.UTC)

var diSuites = []struct {
	key   didsig.Algorithm
	suite string
}{
	{didsig.Ed25519, credential.SuiteEdDSAJCS2022},
	{didsig.P256, credential.SuiteECDSAJCS2019},
}

func TestDataIntegrityRoundTripForEverySuite(t *testing.T) {
	for _, d := range diSuites {
		t.Run(d.suite, func(t *testing.T) {
			iss := newIssuer(t, d.key)
			c := degree(t)
			signed, err := credential.SignDataIntegrity(c, d.suite, iss.signer, created)
			require.NoError(t, err)

			var doc map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(signed, &doc))
			var proof map[string]any
			require.NoError(t, json.Unmarshal(doc["proof"], &proof))
			proofValue := proof["proofValue"].(string)
			require.True(t, strings.HasPrefix(proofValue, "z"))
			delete(proof, "proofValue")
			require.Equal(t, map[string]any{
				"type":               "DataIntegrityProof",
				"cryptosuite":        d.suite,
				"created":            "2026-01-15T09:31:07Z",
				"verificationMethod": iss.vm,
				"proofPurpose":       "assertionMethod",
				"@context":           []any{"https://www.w3.org/ns/credentials/v2"},
			}, proof)
			require.True(t, strings.HasSuffix(strings.TrimSpace(string(signed)), "}}"), "proof is the last member")

			s, err := credential.Parse(signed)
			require.NoError(t, err)
			require.Equal(t, credential.FormatDataIntegrity, s.Format())
			require.Equal(t, d.suite, s.Algorithm())
			require.Equal(t, d.key, s.KeyAlgorithm())
			require.Equal(t, iss.vm, s.VerificationMethod())
			at, ok := s.Created()
			require.True(t, ok)
			require.True(t, at.Equal(created))
			_, hasProof := s.Credential().Member("proof")
			require.False(t, hasProof, "the credential is the unsecured document")
			require.Equal(t, c.Statuses(), s.Credential().Statuses())
			require.NoError(t, s.Verify(context.Background(), iss.keys.resolve))
		})
	}
}

func TestDataIntegrityWithoutCreated(t *testing.T) {
	iss := newIssuer(t, didsig.Ed25519)
	signed, err := credential.SignDataIntegrity(degree(t), credential.SuiteEdDSAJCS2022, iss.signer, time.Time{})
	require.NoError(t, err)
	require.NotContains(t, string(signed), `"created"`)
	s, err := credential.Parse(signed)
	require.NoError(t, err)
	_, ok := s.Created()
	require.False(t, ok)
	require.NoError(t, s.Verify(context.Background(), iss.keys.resolve))
}

func TestUnknownMembersAreSigned(t *testing.T) {
	iss := newIssuer(t, didsig.Ed25519)
	c, err := credential.ParseCredential(editJSON(t, degreeJSON(t), func(m map[string]any) {
		m["evidence"] = []any{map[string]any{"type": "DocumentVerification", "verifier": "RUB registrar"}}
	}))
	require.NoError(t, err)
	signed, err := credential.SignDataIntegrity(c, credential.SuiteEdDSAJCS2022, iss.signer, created)
	require.NoError(t, err)
	s, err := credential.Parse(signed)
	require.NoError(t, err)
	require.NoError(t, s.Verify(context.Background(), iss.keys.resolve))

	s, err = credential.Parse(editJSON(t, signed, func(m map[string]any) { delete(m, "evidence") }))
	require.NoError(t, err)
	require.ErrorIs(t, s.Verify(context.Background(), iss.keys.resolve), credential.ErrBadSignature)
}

func TestSignDataIntegrityRefusals(t *testing.T) {
	ed := newIssuer(t, didsig.Ed25519)
	p256 := newIssuer(t, didsig.P256)
	k1 := newIssuer(t, didsig.Secp256k1)
	foreign, err := credential.NewSigner(otherDID+"#key-1", ed.key)
	require.NoError(t, err)
	cases := []struct {
		name   string
		suite  string
		signer credential.Signer
		want   error
	}{
		{"secp256k1 has no eddsa-jcs-2022", credential.SuiteEdDSAJCS2022, k1.signer, credential.ErrUnsupported},
		{"secp256k1 has no ecdsa-jcs-2019", credential.SuiteECDSAJCS2019, k1.signer, credential.ErrUnsupported},
		{"an RDFC suite is not supported", "eddsa-rdfc-2022", ed.signer, credential.ErrUnsupported},
		{"ecdsa-sd-2023 is not supported", "ecdsa-sd-2023", p256.signer, credential.ErrUnsupported},
		{"an Ed25519 key cannot make ecdsa-jcs-2019", credential.SuiteECDSAJCS2019, ed.signer, credential.ErrKeyMismatch},
		{"a P-256 key cannot make eddsa-jcs-2022", credential.SuiteEdDSAJCS2022, p256.signer, credential.ErrKeyMismatch},
		{"a key of another DID cannot sign for the issuer", credential.SuiteEdDSAJCS2022, foreign, credential.ErrIssuerMismatch},
		{"no signer", credential.SuiteEdDSAJCS2022, nil, credential.ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := credential.SignDataIntegrity(degree(t), tc.suite, tc.signer, created)
			require.ErrorIs(t, err, tc.want)
		})
	}
	_, err = credential.SignDataIntegrity(degree(t), credential.SuiteEdDSAJCS2022, k1.signer, created)
	require.ErrorContains(t, err, "eddsa-jcs-2022", "the error names the suite")
	require.ErrorContains(t, err, "secp256k1", "and the key algorithm")
}

func TestDataIntegrityRefusals(t *testing.T) {
	iss := newIssuer(t, didsig.Ed25519)
	signed, err := credential.SignDataIntegrity(degree(t), credential.SuiteEdDSAJCS2022, iss.signer, created)
	require.NoError(t, err)
	p256 := newIssuer(t, didsig.P256)
	p256Signed, err := credential.SignDataIntegrity(degree(t), credential.SuiteECDSAJCS2019, p256.signer, created)
	require.NoError(t, err)
	other := testKey(t, didsig.Ed25519, 9)

	onProof := func(edit func(p map[string]any)) func(map[string]any) {
		return func(m map[string]any) { edit(m["proof"].(map[string]any)) }
	}
	// A proofValue that is a valid signature, by another key, over the
	// same hashData: tampering the proofValue rather than garbling it.
	otherSigner, err := credential.NewSigner(iss.vm, other)
	require.NoError(t, err)
	otherSigned, err := credential.SignDataIntegrity(degree(t), credential.SuiteEdDSAJCS2022, otherSigner, created)
	require.NoError(t, err)
	var otherDoc struct {
		Proof struct {
			ProofValue string `json:"proofValue"`
		} `json:"proof"`
	}
	require.NoError(t, json.Unmarshal(otherSigned, &otherDoc))

	cases := []struct {
		name     string
		doc      []byte
		edit     func(map[string]any)
		keys     credential.KeyResolver
		parseErr error
		err      error
	}{
		{name: "a changed subject does not verify",
			edit: func(m map[string]any) { m["credentialSubject"].(map[string]any)["degree"] = "PhD" },
			err:  credential.ErrBadSignature},
		{name: "a changed validUntil does not verify",
			edit: func(m map[string]any) { m["validUntil"] = "2099-01-01T00:00:00Z" },
			err:  credential.ErrBadSignature},
		{name: "a removed status entry does not verify",
			edit: func(m map[string]any) { delete(m, "credentialStatus") },
			err:  credential.ErrBadSignature},
		{name: "an added member does not verify",
			edit: func(m map[string]any) { m["name"] = "Forged" },
			err:  credential.ErrBadSignature},
		{name: "another key's proofValue does not verify",
			edit: onProof(func(p map[string]any) { p["proofValue"] = otherDoc.Proof.ProofValue }),
			err:  credential.ErrBadSignature},
		{name: "a changed created does not verify",
			edit: onProof(func(p map[string]any) { p["created"] = "2026-01-15T09:31:08Z" }),
			err:  credential.ErrBadSignature},
		{name: "an added proof option does not verify",
			edit: onProof(func(p map[string]any) { p["domain"] = "example.org" }),
			err:  credential.ErrBadSignature},
		{name: "a signature by a different key does not verify",
			keys: keyring{iss.vm: publicKey(t, other)}.resolve,
			err:  credential.ErrBadSignature},
		{name: "the issuer changed to another DID is refused",
			edit: func(m map[string]any) { m["issuer"] = otherDID },
			err:  credential.ErrIssuerMismatch},
		{name: "a verification method of another DID is refused",
			edit: onProof(func(p map[string]any) { p["verificationMethod"] = otherDID + "#key-1" }),
			keys: keyring{otherDID + "#key-1": publicKey(t, iss.key)}.resolve,
			err:  credential.ErrIssuerMismatch},
		{name: "proofPurpose authentication is refused",
			edit: onProof(func(p map[string]any) { p["proofPurpose"] = "authentication" }),
			err:  credential.ErrInvalidProof},
		{name: "a missing proofPurpose is refused",
			edit: onProof(func(p map[string]any) { delete(p, "proofPurpose") }),
			err:  credential.ErrInvalidProof},
		{name: "a malformed created is refused",
			edit: onProof(func(p map[string]any) { p["created"] = "yesterday" }),
			err:  credential.ErrInvalidProof},
		{name: "a created without a time zone is refused",
			edit: onProof(func(p map[string]any) { p["created"] = "2026-01-15T09:31:07" }),
			err:  credential.ErrInvalidProof},
		{name: "a created that is not a string is refused",
			edit: onProof(func(p map[string]any) { p["created"] = 1 }),
			err:  credential.ErrInvalidProof},
		{name: "a context added to the credential after signing is refused",
			edit: func(m map[string]any) {
				m["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://evil.example/v1"}
			},
			err: credential.ErrInvalidProof},
		{name: "a proof @context that differs from the credential's is refused",
			edit: onProof(func(p map[string]any) {
				p["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://x.example"}
			}),
			err: credential.ErrInvalidProof},
		{name: "the suite switched to ecdsa-jcs-2019 needs a P-256 key",
			edit: onProof(func(p map[string]any) { p["cryptosuite"] = credential.SuiteECDSAJCS2019 }),
			err:  credential.ErrKeyMismatch},
		{name: "an ecdsa-jcs-2019 proof switched to eddsa-jcs-2022 needs an Ed25519 key",
			doc:  editJSON(t, p256Signed, onProof(func(p map[string]any) { p["cryptosuite"] = credential.SuiteEdDSAJCS2022 })),
			keys: p256.keys.resolve,
			err:  credential.ErrKeyMismatch},
		{name: "an unknown verification method is not resolved",
			keys: keyring{}.resolve,
			err:  credential.ErrKeyResolution},
		{name: "an unknown cryptosuite is refused",
			edit:     onProof(func(p map[string]any) { p["cryptosuite"] = "eddsa-rdfc-2022" }),
			parseErr: credential.ErrUnsupported},
		{name: "a proof type other than DataIntegrityProof is refused",
			edit:     onProof(func(p map[string]any) { p["type"] = "Ed25519Signature2020" }),
			parseErr: credential.ErrUnsupported},
		{name: "a missing proof type is refused",
			edit:     onProof(func(p map[string]any) { delete(p, "type") }),
			parseErr: credential.ErrInvalidProof},
		{name: "a missing cryptosuite is refused",
			edit:     onProof(func(p map[string]any) { delete(p, "cryptosuite") }),
			parseErr: credential.ErrInvalidProof},
		{name: "a missing verification method is refused",
			edit:     onProof(func(p map[string]any) { delete(p, "verificationMethod") }),
			parseErr: credential.ErrInvalidProof},
		{name: "a proof set is refused",
			edit:     func(m map[string]any) { m["proof"] = []any{m["proof"], m["proof"]} },
			parseErr: credential.ErrUnsupported},
		{name: "a proof chain is refused",
			edit:     onProof(func(p map[string]any) { p["previousProof"] = "urn:uuid:1" }),
			parseErr: credential.ErrUnsupported},
		{name: "an expiring proof is refused",
			edit:     onProof(func(p map[string]any) { p["expires"] = "2030-01-01T00:00:00Z" }),
			parseErr: credential.ErrUnsupported},
		{name: "a proof that is not an object is refused",
			edit:     func(m map[string]any) { m["proof"] = "z3abc" },
			parseErr: credential.ErrMalformed},
		{name: "a credential without a proof is refused",
			edit:     func(m map[string]any) { delete(m, "proof") },
			parseErr: credential.ErrMalformed},
		{name: "a missing proofValue is refused",
			edit:     onProof(func(p map[string]any) { delete(p, "proofValue") }),
			parseErr: credential.ErrInvalidProof},
		{name: "an empty proofValue is refused",
			edit:     onProof(func(p map[string]any) { p["proofValue"] = "" }),
			parseErr: credential.ErrInvalidProof},
		{name: "a proofValue that is not a string is refused",
			edit:     onProof(func(p map[string]any) { p["proofValue"] = 5 }),
			parseErr: credential.ErrMalformed},
		{name: "a proofValue that is not base58btc multibase is refused",
			edit:     onProof(func(p map[string]any) { p["proofValue"] = "u" + p["proofValue"].(string)[1:] }),
			parseErr: credential.ErrMalformed},
		{name: "a proofValue with a non-base58 character is refused",
			edit:     onProof(func(p map[string]any) { p["proofValue"] = "z0OIl" }),
			parseErr: credential.ErrMalformed},
		{name: "a proofValue with a non-ASCII character is refused",
			edit:     onProof(func(p map[string]any) { p["proofValue"] = "zཀ" }),
			parseErr: credential.ErrMalformed},
		{name: "a proofValue of the wrong length is refused",
			edit:     onProof(func(p map[string]any) { p["proofValue"] = p["proofValue"].(string)[:40] }),
			parseErr: credential.ErrMalformed},
		{name: "an over-long proofValue is refused",
			edit:     onProof(func(p map[string]any) { p["proofValue"] = "z" + strings.Repeat("2", 300) }),
			parseErr: credential.ErrMalformed},
		{name: "a verification method that is not a DID URL is refused",
			edit:     onProof(func(p map[string]any) { p["verificationMethod"] = "https://rub.edu.bt/keys/1" }),
			parseErr: credential.ErrMalformed},
		{name: "the unsecured document must still be a valid credential",
			edit:     func(m map[string]any) { delete(m, "credentialSubject") },
			parseErr: credential.ErrInvalidCredential},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc
			if doc == nil {
				doc = signed
			}
			if tc.edit != nil {
				doc = editJSON(t, doc, tc.edit)
			}
			requireRefused(t, doc, tc.keys, iss.keys.resolve, tc.parseErr, tc.err)
		})
	}
}

func TestParseRefusesWhatIsNeitherFormat(t *testing.T) {
	for name, raw := range map[string]string{
		"empty":             "",
		"whitespace":        " \n\t",
		"a word":            "credential",
		"two parts":         "eyJhbGciOiJFZERTQSJ9.eyJ9",
		"non-base64url JWS": "eyJ+.eyJ9.abc",
		"empty header":      ".eyJ9.abc",
		"a JSON array":      "[{}]",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := credential.Parse([]byte(raw))
			require.ErrorIs(t, err, credential.ErrMalformed)
		})
	}
	_, err := credential.Parse([]byte(strings.Repeat(" ", credential.MaxCredentialSize+1)))
	require.ErrorIs(t, err, credential.ErrMalformed)
}

func TestSecuredCredentialIsACopy(t *testing.T) {
	iss := newIssuer(t, didsig.Ed25519)
	signed, err := credential.SignDataIntegrity(degree(t), credential.SuiteEdDSAJCS2022, iss.signer, created)
	require.NoError(t, err)
	s, err := credential.Parse(signed)
	require.NoError(t, err)
	s.Credential().SetValidUntil(validFrom.AddDate(50, 0, 0))
	until, _ := s.Credential().ValidUntil()
	require.True(t, until.Equal(validFrom.AddDate(5, 0, 0)))
	require.NoError(t, s.Verify(context.Background(), iss.keys.resolve))
}
