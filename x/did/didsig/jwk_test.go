package didsig_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func unb64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestJWKRoundTripsForEveryAlgorithm(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg.String(), func(t *testing.T) {
			_, pub := testKey(t, alg, "round-trip")
			jwk := pub.JWK()
			decoded, err := didsig.DecodeJWK(jwk)
			require.NoError(t, err)
			require.True(t, pub.Equal(decoded))
			require.Equal(t, jwk, decoded.JWK())
		})
	}
}

func TestJWKMembersFollowRFC7518And8037(t *testing.T) {
	cases := []struct {
		alg      didsig.Algorithm
		kty, crv string
		hasY     bool
	}{
		{alg: didsig.Ed25519, kty: "OKP", crv: "Ed25519"},
		{alg: didsig.P256, kty: "EC", crv: "P-256", hasY: true},
		{alg: didsig.Secp256k1, kty: "EC", crv: "secp256k1", hasY: true},
	}
	for _, tc := range cases {
		t.Run(tc.alg.String(), func(t *testing.T) {
			_, pub := testKey(t, tc.alg, "members")
			jwk := pub.JWK()
			require.Equal(t, tc.kty, jwk.Kty)
			require.Equal(t, tc.crv, jwk.Crv)
			require.Len(t, unb64(t, jwk.X), 32)
			if tc.hasY {
				require.Len(t, unb64(t, jwk.Y), 32)
			} else {
				require.Empty(t, jwk.Y)
			}
		})
	}
}

// RFC 8037 appendix A.2: the public half of the example Ed25519 key.
func TestRFC8037ExampleJWKDecodes(t *testing.T) {
	const x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
	key, err := didsig.DecodeJWK(didsig.JWK{Kty: "OKP", Crv: "Ed25519", X: x})
	require.NoError(t, err)
	require.Equal(t, didsig.Ed25519, key.Algorithm)
	require.Equal(t, unb64(t, x), key.Bytes)
}

func TestECDSAKeysAreNormalisedToCompressedPoints(t *testing.T) {
	for _, alg := range []didsig.Algorithm{didsig.P256, didsig.Secp256k1} {
		t.Run(alg.String(), func(t *testing.T) {
			for _, seed := range []string{"a", "b", "c", "d"} { // covers both y parities
				_, pub := testKey(t, alg, seed)
				require.Len(t, pub.Bytes, 33)

				jwk := pub.JWK()
				uncompressed := append(append([]byte{0x04}, unb64(t, jwk.X)...), unb64(t, jwk.Y)...)
				require.Equal(t, byte(0x02|uncompressed[64]&1), pub.Bytes[0], "prefix follows the parity of y")

				fromUncompressed, err := didsig.NewPublicKey(alg, uncompressed)
				require.NoError(t, err)
				require.Equal(t, pub.Bytes, fromUncompressed.Bytes)

				fromCompressed, err := didsig.NewPublicKey(alg, pub.Bytes)
				require.NoError(t, err)
				require.Equal(t, pub.Bytes, fromCompressed.Bytes)

				fromJWK, err := didsig.DecodeJWK(jwk)
				require.NoError(t, err)
				require.Equal(t, pub.Bytes, fromJWK.Bytes)
			}
		})
	}
}

func TestNewPublicKeyRejections(t *testing.T) {
	_, secp := testKey(t, didsig.Secp256k1, "reject")
	uncompressed := func() []byte {
		jwk := secp.JWK()
		return append(append([]byte{0x04}, unb64(t, jwk.X)...), unb64(t, jwk.Y)...)
	}
	hybrid := uncompressed()
	hybrid[0] = 0x06 | hybrid[64]&1

	cases := []struct {
		name string
		alg  didsig.Algorithm
		raw  []byte
		err  error
	}{
		{name: "unknown algorithm is refused", alg: didsig.Algorithm(9), raw: secp.Bytes, err: didsig.ErrUnsupportedKeyType},
		{name: "zero algorithm is refused", alg: 0, raw: secp.Bytes, err: didsig.ErrUnsupportedKeyType},
		{name: "ed25519 key must be 32 bytes", alg: didsig.Ed25519, raw: secp.Bytes, err: didsig.ErrInvalidPublicKey},
		{name: "secp256k1 hybrid encoding is refused", alg: didsig.Secp256k1, raw: hybrid, err: didsig.ErrInvalidPublicKey},
		{name: "secp256k1 key of 32 bytes is refused", alg: didsig.Secp256k1, raw: secp.Bytes[1:], err: didsig.ErrInvalidPublicKey},
		{name: "secp256k1 point is not a p256 point", alg: didsig.P256, raw: uncompressed(), err: didsig.ErrInvalidPublicKey},
		{name: "empty key is refused", alg: didsig.P256, raw: nil, err: didsig.ErrInvalidPublicKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := didsig.NewPublicKey(tc.alg, tc.raw)
			require.ErrorIs(t, err, tc.err)
		})
	}
}

func TestDecodeJWKRejections(t *testing.T) {
	_, ed := testKey(t, didsig.Ed25519, "reject")
	_, p256 := testKey(t, didsig.P256, "reject")
	_, secp := testKey(t, didsig.Secp256k1, "reject")
	edJWK, p256JWK, secpJWK := ed.JWK(), p256.JWK(), secp.JWK()

	with := func(j didsig.JWK, edit func(*didsig.JWK)) didsig.JWK {
		edit(&j)
		return j
	}
	flipLastBit := func(s string) string {
		b := unb64(t, s)
		b[len(b)-1] ^= 1
		return b64(b)
	}

	cases := []struct {
		name string
		jwk  didsig.JWK
		err  error
	}{
		{name: "empty JWK is refused", jwk: didsig.JWK{}, err: didsig.ErrInvalidJWK},
		{name: "kty RSA is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.Kty = "RSA" }), err: didsig.ErrInvalidJWK},
		{name: "kty is case-sensitive", jwk: with(p256JWK, func(j *didsig.JWK) { j.Kty = "ec" }), err: didsig.ErrInvalidJWK},
		{name: "OKP with X25519 is refused", jwk: with(edJWK, func(j *didsig.JWK) { j.Crv = "X25519" }), err: didsig.ErrInvalidJWK},
		{name: "OKP with P-256 is refused", jwk: with(edJWK, func(j *didsig.JWK) { j.Crv = "P-256" }), err: didsig.ErrInvalidJWK},
		{name: "EC with Ed25519 is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.Crv = "Ed25519" }), err: didsig.ErrInvalidJWK},
		{name: "EC with P-384 is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.Crv = "P-384" }), err: didsig.ErrInvalidJWK},
		{name: "Ed25519 with a y is refused", jwk: with(edJWK, func(j *didsig.JWK) { j.Y = j.X }), err: didsig.ErrInvalidJWK},
		{name: "Ed25519 without x is refused", jwk: with(edJWK, func(j *didsig.JWK) { j.X = "" }), err: didsig.ErrInvalidJWK},
		{name: "Ed25519 x of 31 bytes is refused", jwk: with(edJWK, func(j *didsig.JWK) { j.X = b64(ed.Bytes[:31]) }), err: didsig.ErrInvalidJWK},
		{name: "P-256 without y is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.Y = "" }), err: didsig.ErrInvalidJWK},
		{name: "secp256k1 without y is refused", jwk: with(secpJWK, func(j *didsig.JWK) { j.Y = "" }), err: didsig.ErrInvalidJWK},
		{name: "P-256 without x is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.X = "" }), err: didsig.ErrInvalidJWK},
		{name: "P-256 x of 33 bytes is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.X = b64(p256.Bytes) }), err: didsig.ErrInvalidJWK},
		{name: "padded base64url is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.X += "=" }), err: didsig.ErrInvalidJWK},
		{name: "standard base64 alphabet is refused", jwk: with(edJWK, func(j *didsig.JWK) {
			j.X = base64.RawStdEncoding.EncodeToString(append([]byte{0xfb, 0xff}, ed.Bytes[2:]...))
		}), err: didsig.ErrInvalidJWK},
		{name: "non-zero trailing bits are refused", jwk: with(edJWK, func(j *didsig.JWK) {
			last := strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", j.X[42])
			j.X = j.X[:42] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[last|1])
		}), err: didsig.ErrInvalidJWK},
		{name: "line break inside x is refused", jwk: with(edJWK, func(j *didsig.JWK) { j.X = j.X[:20] + "\n" + j.X[21:] }), err: didsig.ErrInvalidJWK},
		{name: "P-256 point off the curve is refused", jwk: with(p256JWK, func(j *didsig.JWK) { j.Y = flipLastBit(j.Y) }), err: didsig.ErrInvalidPublicKey},
		{name: "secp256k1 point off the curve is refused", jwk: with(secpJWK, func(j *didsig.JWK) { j.Y = flipLastBit(j.Y) }), err: didsig.ErrInvalidPublicKey},
		{name: "secp256k1 point labelled P-256 is refused", jwk: with(secpJWK, func(j *didsig.JWK) { j.Crv = "P-256" }), err: didsig.ErrInvalidPublicKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := didsig.DecodeJWK(tc.jwk)
			require.ErrorIs(t, err, tc.err)
		})
	}
}

func TestInvalidPublicKeyEncodesToNothing(t *testing.T) {
	require.Empty(t, didsig.PublicKey{}.Multikey())
	require.Equal(t, didsig.JWK{}, didsig.PublicKey{}.JWK())
	require.Equal(t, didsig.JWK{}, didsig.PublicKey{Algorithm: didsig.P256, Bytes: []byte{2}}.JWK())
}
