package didsig_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/ in go's corpus format.

// requireOwnError fails unless err is one of this package's registered
// errors: callers rely on errors.Is, so nothing may escape unclassified.
func requireOwnError(t *testing.T, err error) {
	t.Helper()
	for _, own := range []error{
		didsig.ErrUnsupportedKeyType, didsig.ErrInvalidMultibase, didsig.ErrInvalidMulticodec,
		didsig.ErrInvalidPublicKey, didsig.ErrInvalidJWK, didsig.ErrKeyTypeMismatch,
		didsig.ErrInvalidKeyMaterial, didsig.ErrInvalidSignature, didsig.ErrHighS,
		didsig.ErrInvalidPrivateKey,
	} {
		if errors.Is(err, own) {
			return
		}
	}
	t.Fatalf("error outside the didsig codespace: %v", err)
}

// requireRepresentationsAgree checks that a decoded key survives both
// encodings unchanged.
func requireRepresentationsAgree(t *testing.T, key didsig.PublicKey) {
	t.Helper()
	fromMultikey, err := didsig.DecodeMultikey(key.Multikey())
	require.NoError(t, err)
	require.True(t, key.Equal(fromMultikey))
	fromJWK, err := didsig.DecodeJWK(key.JWK())
	require.NoError(t, err)
	require.True(t, key.Equal(fromJWK))
}

func FuzzDecodeMultikey(f *testing.F) {
	f.Fuzz(func(t *testing.T, multibase string) {
		key, err := didsig.DecodeMultikey(multibase)
		if err != nil {
			requireOwnError(t, err)
			return
		}
		// Only canonical encodings decode, so re-encoding gives the input back.
		require.Equal(t, multibase, key.Multikey())
		requireRepresentationsAgree(t, key)
	})
}

func FuzzDecodeJWK(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var jwk didsig.JWK
		if json.Unmarshal(data, &jwk) != nil {
			return
		}
		key, err := didsig.DecodeJWK(jwk)
		if err != nil {
			requireOwnError(t, err)
			return
		}
		// Only canonical coordinates decode, so re-encoding gives the input back.
		require.Equal(t, jwk, key.JWK())
		requireRepresentationsAgree(t, key)
	})
}

func FuzzVerify(f *testing.F) {
	halfOrder := new(big.Int).Rsh(secp256k1.Params().N, 1)
	f.Fuzz(func(t *testing.T, alg uint, key, msg, sig []byte) {
		pub := didsig.PublicKey{Algorithm: didsig.Algorithm(alg % 4), Bytes: key}
		err := pub.Verify(msg, sig)
		if err != nil {
			requireOwnError(t, err)
			return
		}
		// Whatever verifies was made with a canonical key, a 64-byte
		// signature and, for secp256k1, a low s.
		normalised, err := didsig.NewPublicKey(pub.Algorithm, key)
		require.NoError(t, err)
		require.Equal(t, key, normalised.Bytes)
		require.Len(t, sig, didsig.SignatureSize)
		if pub.Algorithm == didsig.Secp256k1 {
			require.LessOrEqual(t, new(big.Int).SetBytes(sig[32:]).Cmp(halfOrder), 0)
		}
	})
}
