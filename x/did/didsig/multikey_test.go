package didsig_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/cosmos/btcutil/base58"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

const (
	multikeyVectorPath = "testdata/multikey-ed25519.json"
)

type multikeyVector struct {
	PublicKeyMultibase  string `json:"publicKeyMultibase"`
	DecodedLength       int    `json:"decodedLength"`
	MulticodecPrefixHex string `json:"multicodecPrefixHex"`
	DecodedHex          string `json:"decodedHex"`
}

func TestSharedMultikeyVectorDecodesToItsKeyBytes(t *testing.T) {
	raw, err := os.ReadFile(multikeyVectorPath)
	require.NoError(t, err)
	var vector multikeyVector
	require.NoError(t, json.Unmarshal(raw, &vector))

	decoded, err := hex.DecodeString(vector.DecodedHex)
	require.NoError(t, err)
	require.Len(t, decoded, vector.DecodedLength)
	require.Equal(t, vector.MulticodecPrefixHex, hex.EncodeToString(decoded[:2]))

	key, err := didsig.DecodeMultikey(vector.PublicKeyMultibase)
	require.NoError(t, err)
	require.Equal(t, didsig.Ed25519, key.Algorithm)
	require.Equal(t, decoded[2:], key.Bytes)

	reencoded, err := didsig.DecodeMultikey(key.Multikey())
	require.NoError(t, err)
	require.Equal(t, decoded[2:], reencoded.Bytes)
}

// did:key test vectors published with the did:key method specification.
func TestPublishedMultikeysDecode(t *testing.T) {
	cases := []struct {
		name      string
		multibase string
		alg       didsig.Algorithm
	}{
		{name: "ed25519 did:key", multibase: "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", alg: didsig.Ed25519},
		{name: "p256 did:key", multibase: "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", alg: didsig.P256},
		{name: "secp256k1 did:key", multibase: "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", alg: didsig.Secp256k1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key, err := didsig.DecodeMultikey(tc.multibase)
			require.NoError(t, err)
			require.Equal(t, tc.alg, key.Algorithm)
			require.Equal(t, tc.multibase, key.Multikey())
		})
	}
}

func TestMultikeyRoundTripsForEveryAlgorithm(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg.String(), func(t *testing.T) {
			_, pub := testKey(t, alg, "round-trip")
			decoded, err := didsig.DecodeMultikey(pub.Multikey())
			require.NoError(t, err)
			require.True(t, pub.Equal(decoded))
		})
	}
}

func TestMultikeyPrefixesFollowMulticodec(t *testing.T) {
	cases := []struct {
		alg    didsig.Algorithm
		prefix string // multibase prefix every key of this type shares
		codec  string // varint multicodec, hex
	}{
		{alg: didsig.Ed25519, prefix: "z6Mk", codec: "ed01"},
		{alg: didsig.P256, prefix: "zDn", codec: "8024"},
		{alg: didsig.Secp256k1, prefix: "zQ3s", codec: "e701"},
	}
	for _, tc := range cases {
		t.Run(tc.alg.String(), func(t *testing.T) {
			_, pub := testKey(t, tc.alg, "prefix")
			encoded := pub.Multikey()
			require.True(t, strings.HasPrefix(encoded, tc.prefix), encoded)
			raw := base58.Decode(encoded[1:])
			require.Equal(t, tc.codec, hex.EncodeToString(raw[:2]))
			require.Equal(t, pub.Bytes, raw[2:])
		})
	}
}

// multikeyOf encodes arbitrary bytes after a varint codec, to build invalid keys.
func multikeyOf(codecHex string, key []byte) string {
	codec, err := hex.DecodeString(codecHex)
	if err != nil {
		panic(err)
	}
	return "z" + base58.Encode(append(codec, key...))
}

func TestDecodeMultikeyRejections(t *testing.T) {
	_, ed := testKey(t, didsig.Ed25519, "reject")
	_, p256 := testKey(t, didsig.P256, "reject")
	p256Uncompressed := append([]byte{0x04}, make([]byte, 64)...)
	xAboveFieldPrime := append([]byte{0x02}, []byte(strings.Repeat("\xff", 32))...)

	cases := []struct {
		name      string
		multibase string
		err       error
	}{
		{name: "empty value is refused", multibase: "", err: didsig.ErrInvalidMultibase},
		{name: "base64url multibase prefix 'u' is refused", multibase: "u7QEub8zjZwHceRSI4NCxdFzB4zpMHJ_MQcY700PbvglwSA", err: didsig.ErrInvalidMultibase},
		{name: "base58 without the 'z' prefix is refused", multibase: ed.Multikey()[1:], err: didsig.ErrInvalidMultibase},
		{name: "'0' is not in the base58 alphabet", multibase: "z6Mk0aXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", err: didsig.ErrInvalidMultibase},
		{name: "non-ASCII character is refused, not a panic", multibase: "z6Mk\u0100", err: didsig.ErrInvalidMultibase},
		{name: "invalid UTF-8 is refused, not a panic", multibase: "z6Mk\xff", err: didsig.ErrInvalidMultibase},
		{name: "value above the length limit is refused", multibase: "z" + strings.Repeat("2", 128), err: didsig.ErrInvalidMultibase},
		{name: "'z' alone has no multicodec", multibase: "z", err: didsig.ErrInvalidMulticodec},
		{name: "truncated varint is refused", multibase: multikeyOf("80", nil), err: didsig.ErrInvalidMulticodec},
		{name: "non-minimal varint for ed25519-pub is refused", multibase: multikeyOf("ed8100", ed.Bytes), err: didsig.ErrInvalidMulticodec},
		{name: "x25519-pub is not a signature key", multibase: multikeyOf("ec01", ed.Bytes), err: didsig.ErrInvalidMulticodec},
		{name: "bls12_381-g1-pub is unknown", multibase: multikeyOf("ea01", make([]byte, 48)), err: didsig.ErrInvalidMulticodec},
		{name: "ed25519 key of 31 bytes is refused", multibase: multikeyOf("ed01", ed.Bytes[:31]), err: didsig.ErrInvalidPublicKey},
		{name: "ed25519 key of 33 bytes is refused", multibase: multikeyOf("ed01", append(ed.Bytes, 0)), err: didsig.ErrInvalidPublicKey},
		{name: "p256 key must be compressed, 65 bytes are refused", multibase: multikeyOf("8024", p256Uncompressed), err: didsig.ErrInvalidPublicKey},
		{name: "p256 key of 32 bytes is refused", multibase: multikeyOf("8024", p256.Bytes[1:]), err: didsig.ErrInvalidPublicKey},
		{name: "p256 point with prefix 0x04 at 33 bytes is refused", multibase: multikeyOf("8024", append([]byte{0x04}, p256.Bytes[1:]...)), err: didsig.ErrInvalidPublicKey},
		{name: "p256 x at or above the field prime is refused", multibase: multikeyOf("8024", xAboveFieldPrime), err: didsig.ErrInvalidPublicKey},
		{name: "secp256k1 x at or above the field prime is refused", multibase: multikeyOf("e701", xAboveFieldPrime), err: didsig.ErrInvalidPublicKey},
		{name: "secp256k1 x with no point on the curve is refused", multibase: multikeyOf("e701", offCurvePoint(t, didsig.Secp256k1)), err: didsig.ErrInvalidPublicKey},
		{name: "p256 x with no point on the curve is refused", multibase: multikeyOf("8024", offCurvePoint(t, didsig.P256)), err: didsig.ErrInvalidPublicKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := didsig.DecodeMultikey(tc.multibase)
			require.ErrorIs(t, err, tc.err)
		})
	}
}
