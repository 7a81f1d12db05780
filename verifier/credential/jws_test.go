package credential_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/verifier/credential"
	"github.com/ndi-chain/ndi/x/did/didsig"
)

var jwsAlgs = []struct {
	key didsig.Algorithm
	alg string
}{
	{didsig.Ed25519, credential.AlgEdDSA},
	{didsig.P256, credential.AlgES256},
	{didsig.Secp256k1, credential.AlgES256K},
}

func TestJWTRoundTripForEveryAlgorithm(t *testing.T) {
	for _, a := range jwsAlgs {
		t.Run(a.alg, func(t *testing.T) {
			iss := newIssuer(t, a.key)
			c := degree(t)
			compact, err := credential.SignJWT(c, iss.signer)
			require.NoError(t, err)

			parts := strings.Split(compact, ".")
			require.Len(t, parts, 3)
			header := decodeSegment(t, parts[0])
			require.JSONEq(t, `{"alg":"`+a.alg+`","kid":"`+iss.vm+`","typ":"vc+jwt","cty":"vc"}`, string(header))
			want, err := c.MarshalJSON()
			require.NoError(t, err)
			require.Equal(t, string(want), string(decodeSegment(t, parts[1])), "the payload is the credential itself")

			s, err := credential.Parse([]byte(compact + "\n"))
			require.NoError(t, err)
			require.Equal(t, credential.FormatJWT, s.Format())
			require.Equal(t, a.alg, s.Algorithm())
			require.Equal(t, a.key, s.KeyAlgorithm())
			require.Equal(t, iss.vm, s.VerificationMethod())
			_, hasCreated := s.Created()
			require.False(t, hasCreated)
			require.Equal(t, c.Statuses(), s.Credential().Statuses())
			require.NoError(t, s.Verify(context.Background(), iss.keys.resolve))
		})
	}
}

func decodeSegment(t testing.TB, seg string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	require.NoError(t, err)
	return b
}

func encodeSegment(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// handJWS builds a compact JWS without go-jose, as another library would,
// signing with key (nil key: an empty signature).
func handJWS(t testing.TB, header map[string]any, payload []byte, key *didsig.PrivateKey) string {
	t.Helper()
	h, err := json.Marshal(header)
	require.NoError(t, err)
	input := encodeSegment(h) + "." + encodeSegment(payload)
	if key == nil {
		return input + "."
	}
	sig, err := key.Sign([]byte(input))
	require.NoError(t, err)
	return input + "." + encodeSegment(sig)
}

func degreeJSON(t testing.TB) []byte {
	t.Helper()
	b, err := degree(t).MarshalJSON()
	require.NoError(t, err)
	return b
}

func TestJWTHeaderVariantsAccepted(t *testing.T) {
	iss := newIssuer(t, didsig.Ed25519)
	for name, header := range map[string]map[string]any{
		"typ with the application/ prefix": {"alg": "EdDSA", "kid": iss.vm, "typ": "application/vc+jwt"},
		"typ in other letter case":         {"alg": "EdDSA", "kid": iss.vm, "typ": "VC+JWT"},
		"no cty":                           {"alg": "EdDSA", "kid": iss.vm, "typ": "vc+jwt"},
		"cty with the application/ prefix": {"alg": "EdDSA", "kid": iss.vm, "typ": "vc+jwt", "cty": "application/vc"},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := credential.Parse([]byte(handJWS(t, header, degreeJSON(t), &iss.key)))
			require.NoError(t, err)
			require.NoError(t, s.Verify(context.Background(), iss.keys.resolve))
		})
	}
}

func TestJWTRefusals(t *testing.T) {
	iss := newIssuer(t, didsig.Ed25519)
	compact, err := credential.SignJWT(degree(t), iss.signer)
	require.NoError(t, err)
	parts := strings.Split(compact, ".")
	header := func(edit func(h map[string]any)) map[string]any {
		h := map[string]any{"alg": "EdDSA", "kid": iss.vm, "typ": "vc+jwt", "cty": "vc"}
		edit(h)
		return h
	}
	signed := func(h map[string]any, payload []byte) string { return handJWS(t, h, payload, &iss.key) }
	other := testKey(t, didsig.Ed25519, 8)
	p256 := testKey(t, didsig.P256, 7)

	cases := []struct {
		name     string
		jws      string
		keys     credential.KeyResolver
		parseErr error // refused by Parse
		err      error // refused by Verify
	}{
		{name: "a changed payload does not verify",
			jws: parts[0] + "." + encodeSegment(editJSON(t, decodeSegment(t, parts[1]), func(m map[string]any) {
				m["credentialSubject"].(map[string]any)["degree"] = "PhD"
			})) + "." + parts[2],
			err: credential.ErrBadSignature},
		{name: "a changed protected header does not verify",
			jws: encodeSegment(editJSON(t, decodeSegment(t, parts[0]), func(m map[string]any) { m["x"] = 1 })) + "." + parts[1] + "." + parts[2],
			err: credential.ErrBadSignature},
		{name: "a changed signature does not verify",
			jws: parts[0] + "." + parts[1] + "." + flipLastChar(parts[2]),
			err: credential.ErrBadSignature},
		{name: "a payload re-signed for another issuer is refused",
			jws: signed(header(func(map[string]any) {}), editJSON(t, degreeJSON(t), func(m map[string]any) { m["issuer"] = otherDID })),
			err: credential.ErrIssuerMismatch},
		{name: "a kid of another DID is refused",
			jws:  signed(header(func(h map[string]any) { h["kid"] = otherDID + "#key-1" }), degreeJSON(t)),
			keys: keyring{otherDID + "#key-1": publicKey(t, iss.key)}.resolve,
			err:  credential.ErrIssuerMismatch},
		{name: "a signature by a different key does not verify",
			jws: handJWS(t, header(func(map[string]any) {}), degreeJSON(t), &other),
			err: credential.ErrBadSignature},
		{name: "an alg that does not match the key's algorithm is refused",
			jws: signed(header(func(h map[string]any) { h["alg"] = "ES256" }), degreeJSON(t)),
			err: credential.ErrKeyMismatch},
		{name: "a key of another algorithm under the kid is refused",
			jws:  compact,
			keys: keyring{iss.vm: publicKey(t, p256)}.resolve,
			err:  credential.ErrKeyMismatch},
		{name: "an unknown kid is not resolved",
			jws:  compact,
			keys: keyring{}.resolve,
			err:  credential.ErrKeyResolution},
		{name: "alg none with an empty signature is refused",
			jws:      handJWS(t, header(func(h map[string]any) { h["alg"] = "none" }), degreeJSON(t), nil),
			parseErr: credential.ErrUnsupported},
		{name: "alg none with a signature is refused",
			jws:      signed(header(func(h map[string]any) { h["alg"] = "none" }), degreeJSON(t)),
			parseErr: credential.ErrUnsupported},
		{name: "alg HS256 is refused",
			jws:      signed(header(func(h map[string]any) { h["alg"] = "HS256" }), degreeJSON(t)),
			parseErr: credential.ErrUnsupported},
		{name: "alg ES384 is refused",
			jws:      signed(header(func(h map[string]any) { h["alg"] = "ES384" }), degreeJSON(t)),
			parseErr: credential.ErrUnsupported},
		{name: "a missing alg is refused",
			jws:      signed(header(func(h map[string]any) { delete(h, "alg") }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "a missing kid is refused",
			jws:      signed(header(func(h map[string]any) { delete(h, "kid") }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "a kid that is not a DID URL is refused",
			jws:      signed(header(func(h map[string]any) { h["kid"] = "key-1" }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "a kid without a fragment is refused",
			jws:      signed(header(func(h map[string]any) { h["kid"] = issuerDID }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "a missing typ is refused",
			jws:      signed(header(func(h map[string]any) { delete(h, "typ") }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "typ JWT is refused",
			jws:      signed(header(func(h map[string]any) { h["typ"] = "JWT" }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "typ vp+jwt is refused",
			jws:      signed(header(func(h map[string]any) { h["typ"] = "vp+jwt" }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "a typ that is not a string is refused",
			jws:      signed(header(func(h map[string]any) { h["typ"] = 1 }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "cty other than vc is refused",
			jws:      signed(header(func(h map[string]any) { h["cty"] = "json" }), degreeJSON(t)),
			parseErr: credential.ErrInvalidHeader},
		{name: "a crit header is refused",
			jws:      signed(header(func(h map[string]any) { h["crit"] = []string{"exp"}; h["exp"] = 1 }), degreeJSON(t)),
			parseErr: credential.ErrUnsupported},
		{name: "b64 is refused",
			jws:      signed(header(func(h map[string]any) { h["b64"] = true }), degreeJSON(t)),
			parseErr: credential.ErrUnsupported},
		{name: "a header with a duplicate member is refused",
			jws:      encodeSegment([]byte(`{"alg":"EdDSA","alg":"none","kid":"`+iss.vm+`","typ":"vc+jwt"}`)) + "." + parts[1] + "." + parts[2],
			parseErr: credential.ErrMalformed},
		{name: "a header that is not base64url is refused",
			jws:      "eyJ=." + parts[1] + "." + parts[2],
			parseErr: credential.ErrMalformed},
		{name: "a payload that is not JSON is refused",
			jws:      signed(header(func(map[string]any) {}), []byte("not json")),
			parseErr: credential.ErrMalformed},
		{name: "a payload that is not a valid credential is refused",
			jws:      signed(header(func(map[string]any) {}), editJSON(t, degreeJSON(t), func(m map[string]any) { delete(m, "issuer") })),
			parseErr: credential.ErrInvalidCredential},
		{name: "a payload wrapped in a vc claim is refused",
			jws:      signed(header(func(map[string]any) {}), []byte(`{"vc":`+string(degreeJSON(t))+`,"iss":"`+issuerDID+`"}`)),
			parseErr: credential.ErrInvalidCredential},
		{name: "a payload that also carries a proof is refused",
			jws:      signed(header(func(map[string]any) {}), editJSON(t, degreeJSON(t), func(m map[string]any) { m["proof"] = map[string]any{} })),
			parseErr: credential.ErrInvalidCredential},
		{name: "four parts are not a compact JWS",
			jws:      compact + ".x",
			parseErr: credential.ErrMalformed},
		{name: "the JSON serialisation of a JWS is not a secured credential",
			jws:      `{"protected":"` + parts[0] + `","payload":"` + parts[1] + `","signature":"` + parts[2] + `"}`,
			parseErr: credential.ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireRefused(t, []byte(tc.jws), tc.keys, iss.keys.resolve, tc.parseErr, tc.err)
		})
	}
}

func TestJWTResolverErrorIsKept(t *testing.T) {
	iss := newIssuer(t, didsig.P256)
	compact, err := credential.SignJWT(degree(t), iss.signer)
	require.NoError(t, err)
	s, err := credential.Parse([]byte(compact))
	require.NoError(t, err)
	err = s.Verify(context.Background(), keyring{}.resolve)
	require.ErrorIs(t, err, credential.ErrKeyResolution)
	require.ErrorIs(t, err, errNoSuchMethod, "the caller can tell why the key was not found")
	require.ErrorIs(t, s.Verify(context.Background(), nil), credential.ErrKeyResolution)
}

// flipLastChar changes the last base64url character, and so the signature's
// last bits, keeping the encoding valid.
func flipLastChar(s string) string {
	last := s[len(s)-1]
	repl := byte('A')
	if last == 'A' {
		repl = 'Q'
	}
	return s[:len(s)-1] + string(repl)
}

// An ES256K JWS with a high S, as JOSE libraries that do not normalise
// produce half the time, verifies: JOSE does not require low S. The same
// signature is refused by didsig, which is what makes this test meaningful.
func TestES256KHighSIsAccepted(t *testing.T) {
	iss := newIssuer(t, didsig.Secp256k1)
	compact, err := credential.SignJWT(degree(t), iss.signer)
	require.NoError(t, err)
	parts := strings.Split(compact, ".")
	sig := decodeSegment(t, parts[2])

	var s secp256k1.ModNScalar
	require.False(t, s.SetByteSlice(sig[32:]))
	require.False(t, s.IsOverHalfOrder(), "SignJWT writes low S")
	s.Negate()
	high := s.Bytes()
	highSig := append(append([]byte{}, sig[:32]...), high[:]...)

	pub := publicKey(t, iss.key)
	require.ErrorIs(t, pub.Verify([]byte(parts[0]+"."+parts[1]), highSig), didsig.ErrHighS)

	parsed, err := credential.Parse([]byte(parts[0] + "." + parts[1] + "." + encodeSegment(highSig)))
	require.NoError(t, err)
	require.NoError(t, parsed.Verify(context.Background(), iss.keys.resolve))

	// The normalisation does not make an invalid signature valid.
	s.SetByteSlice(sig[32:])
	s.Add(new(secp256k1.ModNScalar).SetInt(1))
	s.Negate()
	wrong := s.Bytes()
	parsed, err = credential.Parse([]byte(parts[0] + "." + parts[1] + "." + encodeSegment(append(append([]byte{}, sig[:32]...), wrong[:]...))))
	require.NoError(t, err)
	require.ErrorIs(t, parsed.Verify(context.Background(), iss.keys.resolve), credential.ErrBadSignature)
}

func TestSignJWTRefusesWhatWouldNotVerify(t *testing.T) {
	iss := newIssuer(t, didsig.Ed25519)
	other, err := credential.NewSigner(otherDID+"#key-1", iss.key)
	require.NoError(t, err)

	_, err = credential.SignJWT(degree(t), other)
	require.ErrorIs(t, err, credential.ErrIssuerMismatch)

	_, err = credential.SignJWT(credential.New(issuerDID, nil, json.RawMessage(`"a string"`)), iss.signer)
	require.ErrorIs(t, err, credential.ErrMalformed)

	_, err = credential.SignJWT(degree(t).SetValidUntil(validFrom.AddDate(-1, 0, 0)), iss.signer)
	require.ErrorIs(t, err, credential.ErrInvalidCredential)

	_, err = credential.SignJWT(degree(t).AddStatus(credential.StatusEntry{
		StatusPurpose: "revocation", StatusListCredential: statusList, StatusSize: 2,
	}), iss.signer)
	require.ErrorIs(t, err, credential.ErrUnsupported)

	withProof, err := credential.ParseCredential(editJSON(t, degreeJSON(t), func(m map[string]any) { m["proof"] = map[string]any{} }))
	require.NoError(t, err)
	_, err = credential.SignJWT(withProof, iss.signer)
	require.ErrorIs(t, err, credential.ErrInvalidCredential)
}

func TestNewSignerRefusals(t *testing.T) {
	key := testKey(t, didsig.Ed25519, 1)
	_, err := credential.NewSigner(issuerDID, key)
	require.ErrorIs(t, err, credential.ErrMalformed, "a DID without a key fragment")
	_, err = credential.NewSigner(issuerDID+"#k", didsig.PrivateKey{Algorithm: didsig.Ed25519, Bytes: []byte{1}})
	require.ErrorIs(t, err, credential.ErrUnsupported)
	require.ErrorIs(t, err, didsig.ErrInvalidPrivateKey)
}
