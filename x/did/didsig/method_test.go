package didsig_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

func TestKeyFromMethodAcceptsWhatEachTypeAllows(t *testing.T) {
	_, ed := testKey(t, didsig.Ed25519, "method")
	_, p256 := testKey(t, didsig.P256, "method")
	_, secp := testKey(t, didsig.Secp256k1, "method")
	jwk := func(k didsig.PublicKey) *didsig.JWK {
		j := k.JWK()
		return &j
	}

	cases := []struct {
		name       string
		methodType string
		multibase  string
		jwk        *didsig.JWK
		want       didsig.PublicKey
	}{
		{name: "Multikey takes an Ed25519 multibase", methodType: "Multikey", multibase: ed.Multikey(), want: ed},
		{name: "Multikey takes a P-256 multibase", methodType: "Multikey", multibase: p256.Multikey(), want: p256},
		{name: "Multikey takes a secp256k1 multibase", methodType: "Multikey", multibase: secp.Multikey(), want: secp},
		{name: "Ed25519VerificationKey2020 takes an Ed25519 multibase", methodType: "Ed25519VerificationKey2020", multibase: ed.Multikey(), want: ed},
		{name: "JsonWebKey2020 takes an Ed25519 JWK", methodType: "JsonWebKey2020", jwk: jwk(ed), want: ed},
		{name: "JsonWebKey2020 takes a P-256 JWK", methodType: "JsonWebKey2020", jwk: jwk(p256), want: p256},
		{name: "JsonWebKey2020 takes a secp256k1 JWK", methodType: "JsonWebKey2020", jwk: jwk(secp), want: secp},
		{name: "JsonWebKey takes a P-256 JWK", methodType: "JsonWebKey", jwk: jwk(p256), want: p256},
		{name: "EcdsaSecp256k1VerificationKey2019 takes a secp256k1 JWK", methodType: "EcdsaSecp256k1VerificationKey2019", jwk: jwk(secp), want: secp},
		{name: "EcdsaSecp256k1VerificationKey2019 takes a secp256k1 multibase", methodType: "EcdsaSecp256k1VerificationKey2019", multibase: secp.Multikey(), want: secp},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := didsig.KeyFromMethod(tc.methodType, tc.multibase, tc.jwk)
			require.NoError(t, err)
			require.True(t, tc.want.Equal(got))
		})
	}
}

func TestKeyFromMethodRejections(t *testing.T) {
	_, ed := testKey(t, didsig.Ed25519, "method")
	_, p256 := testKey(t, didsig.P256, "method")
	_, secp := testKey(t, didsig.Secp256k1, "method")
	jwk := func(k didsig.PublicKey) *didsig.JWK {
		j := k.JWK()
		return &j
	}

	cases := []struct {
		name       string
		methodType string
		multibase  string
		jwk        *didsig.JWK
		err        error
	}{
		{name: "unknown method type is refused", methodType: "RsaVerificationKey2018", multibase: ed.Multikey(), err: didsig.ErrUnsupportedKeyType},
		{name: "method type is case-sensitive", methodType: "multikey", multibase: ed.Multikey(), err: didsig.ErrUnsupportedKeyType},
		{name: "empty method type is refused", methodType: "", multibase: ed.Multikey(), err: didsig.ErrUnsupportedKeyType},
		{name: "Ed25519VerificationKey2020 with a P-256 key is refused", methodType: "Ed25519VerificationKey2020", multibase: p256.Multikey(), err: didsig.ErrKeyTypeMismatch},
		{name: "Ed25519VerificationKey2020 with a secp256k1 key is refused", methodType: "Ed25519VerificationKey2020", multibase: secp.Multikey(), err: didsig.ErrKeyTypeMismatch},
		{name: "EcdsaSecp256k1VerificationKey2019 with an Ed25519 JWK is refused", methodType: "EcdsaSecp256k1VerificationKey2019", jwk: jwk(ed), err: didsig.ErrKeyTypeMismatch},
		{name: "EcdsaSecp256k1VerificationKey2019 with an Ed25519 multibase is refused", methodType: "EcdsaSecp256k1VerificationKey2019", multibase: ed.Multikey(), err: didsig.ErrKeyTypeMismatch},
		{name: "EcdsaSecp256k1VerificationKey2019 with a P-256 JWK is refused", methodType: "EcdsaSecp256k1VerificationKey2019", jwk: jwk(p256), err: didsig.ErrKeyTypeMismatch},
		{name: "Multikey with a JWK is refused", methodType: "Multikey", jwk: jwk(ed), err: didsig.ErrInvalidKeyMaterial},
		{name: "Multikey with both is refused", methodType: "Multikey", multibase: ed.Multikey(), jwk: jwk(ed), err: didsig.ErrInvalidKeyMaterial},
		{name: "Multikey with neither is refused", methodType: "Multikey", err: didsig.ErrInvalidKeyMaterial},
		{name: "Ed25519VerificationKey2020 with a JWK is refused", methodType: "Ed25519VerificationKey2020", jwk: jwk(ed), err: didsig.ErrInvalidKeyMaterial},
		{name: "JsonWebKey2020 with multibase is refused", methodType: "JsonWebKey2020", multibase: ed.Multikey(), err: didsig.ErrInvalidKeyMaterial},
		{name: "JsonWebKey2020 with both is refused", methodType: "JsonWebKey2020", multibase: ed.Multikey(), jwk: jwk(ed), err: didsig.ErrInvalidKeyMaterial},
		{name: "JsonWebKey2020 with neither is refused", methodType: "JsonWebKey2020", err: didsig.ErrInvalidKeyMaterial},
		{name: "JsonWebKey with multibase is refused", methodType: "JsonWebKey", multibase: p256.Multikey(), err: didsig.ErrInvalidKeyMaterial},
		{name: "EcdsaSecp256k1VerificationKey2019 with both is refused", methodType: "EcdsaSecp256k1VerificationKey2019", multibase: secp.Multikey(), jwk: jwk(secp), err: didsig.ErrInvalidKeyMaterial},
		{name: "EcdsaSecp256k1VerificationKey2019 with neither is refused", methodType: "EcdsaSecp256k1VerificationKey2019", err: didsig.ErrInvalidKeyMaterial},
		{name: "an empty JWK counts as present and is invalid", methodType: "JsonWebKey2020", jwk: &didsig.JWK{}, err: didsig.ErrInvalidJWK},
		{name: "a bad multibase is reported as such", methodType: "Multikey", multibase: "x" + ed.Multikey()[1:], err: didsig.ErrInvalidMultibase},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := didsig.KeyFromMethod(tc.methodType, tc.multibase, tc.jwk)
			require.ErrorIs(t, err, tc.err)
		})
	}
}
