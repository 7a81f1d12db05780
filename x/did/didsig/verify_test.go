package didsig_test

import (
	"bytes"
	"crypto/elliptic"
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

var testMessage = []byte("did:ndi:local:sign-doc")

func TestSignThenVerifyForEveryAlgorithm(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg.String(), func(t *testing.T) {
			priv, pub := testKey(t, alg, "sign")
			sig, err := priv.Sign(testMessage)
			require.NoError(t, err)
			require.Len(t, sig, didsig.SignatureSize)
			require.NoError(t, pub.Verify(testMessage, sig))
		})
	}
}

func TestSignaturesAreDeterministic(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg.String(), func(t *testing.T) {
			priv, _ := testKey(t, alg, "deterministic")
			first, err := priv.Sign(testMessage)
			require.NoError(t, err)
			second, err := priv.Sign(testMessage)
			require.NoError(t, err)
			require.Equal(t, first, second)
		})
	}
}

func TestECDSASignaturesAreAlwaysLowS(t *testing.T) {
	curves := map[didsig.Algorithm]*big.Int{
		didsig.P256:      elliptic.P256().Params().N,
		didsig.Secp256k1: secp256k1.Params().N,
	}
	for _, alg := range []didsig.Algorithm{didsig.P256, didsig.Secp256k1} {
		t.Run(alg.String(), func(t *testing.T) {
			halfOrder := new(big.Int).Rsh(curves[alg], 1)
			priv, _ := testKey(t, alg, "low-s")
			for i := range 64 { // about half of raw ECDSA signatures are high-S
				sig, err := priv.Sign([]byte{byte(i)})
				require.NoError(t, err)
				s := new(big.Int).SetBytes(sig[32:])
				require.LessOrEqual(t, s.Cmp(halfOrder), 0, "message %d", i)
			}
		})
	}
}

// RFC 8032 section 7.1, TEST 1: empty message.
func TestRFC8032Ed25519VectorVerifies(t *testing.T) {
	seed, _ := hex.DecodeString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
	pubBytes, _ := hex.DecodeString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
	sig, _ := hex.DecodeString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")

	priv := didsig.PrivateKey{Algorithm: didsig.Ed25519, Bytes: seed}
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	require.Equal(t, pubBytes, pub.Bytes)

	got, err := priv.Sign(nil)
	require.NoError(t, err)
	require.Equal(t, sig, got)
	require.NoError(t, pub.Verify(nil, sig))
}

// RFC 7515 appendix A.3: ES256 is ECDSA P-256 over SHA-256 with r‖s, the
// form Verify checks for P-256.
func TestRFC7515ES256VectorVerifies(t *testing.T) {
	key, err := didsig.DecodeJWK(didsig.JWK{
		Kty: "EC", Crv: "P-256",
		X: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
		Y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
	})
	require.NoError(t, err)
	signingInput := []byte("eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ")
	sig := unb64(t, "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q")
	require.NoError(t, key.Verify(signingInput, sig))
}

// withS replaces the s half of an r‖s signature.
func withS(sig []byte, s *big.Int) []byte {
	out := bytes.Clone(sig)
	s.FillBytes(out[32:])
	return out
}

func TestVerifyRejections(t *testing.T) {
	type fixture struct {
		pub, otherPub didsig.PublicKey
		sig           []byte
	}
	fixtures := map[didsig.Algorithm]fixture{}
	for _, alg := range allAlgorithms {
		priv, pub := testKey(t, alg, "verify")
		_, other := testKey(t, alg, "someone else")
		sig, err := priv.Sign(testMessage)
		require.NoError(t, err)
		fixtures[alg] = fixture{pub: pub, otherPub: other, sig: sig}
	}
	p256, secp := fixtures[didsig.P256], fixtures[didsig.Secp256k1]
	p256N, secpN := elliptic.P256().Params().N, secp256k1.Params().N
	s := func(sig []byte) *big.Int { return new(big.Int).SetBytes(sig[32:]) }
	flip := func(b []byte, i int) []byte {
		out := bytes.Clone(b)
		out[i] ^= 0x01
		return out
	}

	type verifyCase struct {
		name string
		key  didsig.PublicKey
		msg  []byte
		sig  []byte
		err  error
	}
	var cases []verifyCase
	for _, alg := range allAlgorithms {
		f := fixtures[alg]
		cases = append(cases,
			verifyCase{name: alg.String() + " signature under another key is refused", key: f.otherPub, msg: testMessage, sig: f.sig, err: didsig.ErrInvalidSignature},
			verifyCase{name: alg.String() + " signature with a flipped bit is refused", key: f.pub, msg: testMessage, sig: flip(f.sig, 10), err: didsig.ErrInvalidSignature},
			verifyCase{name: alg.String() + " signature over a changed message is refused", key: f.pub, msg: flip(testMessage, 0), sig: f.sig, err: didsig.ErrInvalidSignature},
			verifyCase{name: alg.String() + " signature of 63 bytes is refused", key: f.pub, msg: testMessage, sig: f.sig[:63], err: didsig.ErrInvalidSignature},
			verifyCase{name: alg.String() + " signature of 65 bytes is refused", key: f.pub, msg: testMessage, sig: append(bytes.Clone(f.sig), 0), err: didsig.ErrInvalidSignature},
			verifyCase{name: alg.String() + " empty signature is refused", key: f.pub, msg: testMessage, sig: nil, err: didsig.ErrInvalidSignature},
			verifyCase{name: alg.String() + " key with truncated bytes is refused", key: didsig.PublicKey{Algorithm: alg, Bytes: f.pub.Bytes[:20]}, msg: testMessage, sig: f.sig, err: didsig.ErrInvalidPublicKey},
		)
	}
	zero := make([]byte, 32)
	allOnes := new(big.Int).SetBytes(bytes.Repeat([]byte{0xff}, 32))
	cases = append(cases,
		verifyCase{name: "secp256k1 high-S signature is refused, not normalised", key: secp.pub, msg: testMessage,
			sig: withS(secp.sig, new(big.Int).Sub(secpN, s(secp.sig))), err: didsig.ErrHighS},
		verifyCase{name: "secp256k1 r of zero is refused", key: secp.pub, msg: testMessage, sig: append(bytes.Clone(zero), secp.sig[32:]...), err: didsig.ErrInvalidSignature},
		verifyCase{name: "secp256k1 s of zero is refused", key: secp.pub, msg: testMessage, sig: append(bytes.Clone(secp.sig[:32]), zero...), err: didsig.ErrInvalidSignature},
		verifyCase{name: "secp256k1 s equal to n is refused", key: secp.pub, msg: testMessage, sig: withS(secp.sig, secpN), err: didsig.ErrInvalidSignature},
		verifyCase{name: "p256 r of zero is refused", key: p256.pub, msg: testMessage, sig: append(bytes.Clone(zero), p256.sig[32:]...), err: didsig.ErrInvalidSignature},
		verifyCase{name: "p256 s of zero is refused", key: p256.pub, msg: testMessage, sig: append(bytes.Clone(p256.sig[:32]), zero...), err: didsig.ErrInvalidSignature},
		verifyCase{name: "p256 s equal to n is refused", key: p256.pub, msg: testMessage, sig: withS(p256.sig, p256N), err: didsig.ErrInvalidSignature},
		verifyCase{name: "p256 s of all ones, above n, is refused", key: p256.pub, msg: testMessage, sig: withS(p256.sig, allOnes), err: didsig.ErrInvalidSignature},
		verifyCase{name: "secp256k1 r of all ones, above n, is refused", key: secp.pub, msg: testMessage, sig: append(bytes.Repeat([]byte{0xff}, 32), secp.sig[32:]...), err: didsig.ErrInvalidSignature},
		verifyCase{name: "zero-value key verifies nothing", key: didsig.PublicKey{}, msg: testMessage, sig: p256.sig, err: didsig.ErrUnsupportedKeyType},
		verifyCase{name: "uncompressed p256 key bytes are refused", key: didsig.PublicKey{Algorithm: didsig.P256, Bytes: append([]byte{0x04}, make([]byte, 64)...)}, msg: testMessage, sig: p256.sig, err: didsig.ErrInvalidPublicKey},
		verifyCase{name: "secp256k1 signature checked as p256 is refused", key: didsig.PublicKey{Algorithm: didsig.P256, Bytes: secp.pub.Bytes}, msg: testMessage, sig: secp.sig, err: didsig.ErrInvalidSignature},
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, tc.key.Verify(tc.msg, tc.sig), tc.err)
		})
	}
}

// Only secp256k1 requires low-S (DESIGN §3); P-256 follows plain ECDSA, so
// the mirrored signature still verifies.
func TestP256AcceptsHighS(t *testing.T) {
	priv, pub := testKey(t, didsig.P256, "high-s")
	sig, err := priv.Sign(testMessage)
	require.NoError(t, err)
	n := elliptic.P256().Params().N
	highS := withS(sig, new(big.Int).Sub(n, new(big.Int).SetBytes(sig[32:])))
	require.NoError(t, pub.Verify(testMessage, highS))
}

func TestGeneratePrivateKeyIsReproducibleFromItsReader(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg.String(), func(t *testing.T) {
			first, _ := testKey(t, alg, "same")
			second, _ := testKey(t, alg, "same")
			other, _ := testKey(t, alg, "other")
			require.Equal(t, first, second)
			require.NotEqual(t, first.Bytes, other.Bytes)
			require.Len(t, first.Bytes, 32)
		})
	}
}

func TestGeneratePrivateKeyWithNilReaderUsesCryptoRand(t *testing.T) {
	for _, alg := range allAlgorithms {
		priv, err := didsig.GeneratePrivateKey(alg, nil)
		require.NoError(t, err)
		_, err = priv.PublicKey()
		require.NoError(t, err)
	}
}

// constantReader always yields the same byte.
type constantReader byte

func (r constantReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func TestPrivateKeyRejections(t *testing.T) {
	secpN := secp256k1.Params().N.FillBytes(make([]byte, 32))
	p256N := elliptic.P256().Params().N.FillBytes(make([]byte, 32))

	t.Run("generation refuses an unknown algorithm", func(t *testing.T) {
		_, err := didsig.GeneratePrivateKey(didsig.Algorithm(0), nil)
		require.ErrorIs(t, err, didsig.ErrUnsupportedKeyType)
	})
	t.Run("generation gives up on a reader that only yields scalars above n", func(t *testing.T) {
		_, err := didsig.GeneratePrivateKey(didsig.Secp256k1, constantReader(0xff))
		require.ErrorIs(t, err, didsig.ErrInvalidPrivateKey)
	})

	cases := []struct {
		name string
		key  didsig.PrivateKey
		err  error
	}{
		{name: "ed25519 seed of 64 bytes is refused", key: didsig.PrivateKey{Algorithm: didsig.Ed25519, Bytes: make([]byte, 64)}, err: didsig.ErrInvalidPrivateKey},
		{name: "p256 scalar of 31 bytes is refused", key: didsig.PrivateKey{Algorithm: didsig.P256, Bytes: make([]byte, 31)}, err: didsig.ErrInvalidPrivateKey},
		{name: "p256 scalar of zero is refused", key: didsig.PrivateKey{Algorithm: didsig.P256, Bytes: make([]byte, 32)}, err: didsig.ErrInvalidPrivateKey},
		{name: "p256 scalar equal to n is refused", key: didsig.PrivateKey{Algorithm: didsig.P256, Bytes: p256N}, err: didsig.ErrInvalidPrivateKey},
		{name: "secp256k1 scalar of zero is refused", key: didsig.PrivateKey{Algorithm: didsig.Secp256k1, Bytes: make([]byte, 32)}, err: didsig.ErrInvalidPrivateKey},
		{name: "secp256k1 scalar equal to n is refused, not reduced", key: didsig.PrivateKey{Algorithm: didsig.Secp256k1, Bytes: secpN}, err: didsig.ErrInvalidPrivateKey},
		{name: "unknown algorithm is refused", key: didsig.PrivateKey{Algorithm: didsig.Algorithm(7), Bytes: make([]byte, 32)}, err: didsig.ErrUnsupportedKeyType},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.key.PublicKey()
			require.ErrorIs(t, err, tc.err)
			_, err = tc.key.Sign(testMessage)
			require.ErrorIs(t, err, tc.err)
		})
	}
}

func TestPrivateKeyFormattingHidesKeyBytes(t *testing.T) {
	priv := didsig.PrivateKey{Algorithm: didsig.Ed25519, Bytes: bytes.Repeat([]byte{0xab}, 32)}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmtSprintf(format, priv)
		require.NotContains(t, out, "ab")
		require.NotContains(t, out, "171")
		require.Contains(t, out, "redacted")
	}
}
