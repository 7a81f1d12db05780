package didsig

import (
	"bytes"
	"encoding/binary"
	"strings"

	"github.com/cosmos/btcutil/base58"
)

// Multicodec codes of the public-key types a Multikey may carry
// (https://github.com/multiformats/multicodec/blob/master/table.csv).
const (
	codecEd25519Pub   uint64 = 0xed
	codecP256Pub      uint64 = 0x1200
	codecSecp256k1Pub uint64 = 0xe7
)

// maxMultibaseLen bounds publicKeyMultibase before base58 decoding, whose
// cost grows with the square of the length. The longest valid Multikey here
// (2-byte codec + 33-byte key) is 48 characters after the 'z'; the limit
// leaves room for an uncompressed point (92 characters), so that one is
// refused with a message about its length in bytes.
const maxMultibaseLen = 128

// base58Alphabet is the Bitcoin base58 alphabet used by multibase 'z'.
const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// DecodeMultikey reads a Multikey publicKeyMultibase value: 'z', then
// base58btc of the unsigned-varint multicodec code followed by the key —
// ed25519-pub (0xed) with a 32-byte key, p256-pub (0x1200) or secp256k1-pub
// (0xe7) with a 33-byte compressed point.
func DecodeMultikey(multibase string) (PublicKey, error) {
	switch {
	case multibase == "":
		return PublicKey{}, ErrInvalidMultibase.Wrap("publicKeyMultibase is empty")
	case len(multibase) > maxMultibaseLen:
		return PublicKey{}, ErrInvalidMultibase.Wrapf("publicKeyMultibase is %d characters, limit %d", len(multibase), maxMultibaseLen)
	case multibase[0] != 'z':
		return PublicKey{}, ErrInvalidMultibase.Wrapf("publicKeyMultibase must start with 'z' (base58btc), got %q", multibase[:1])
	}
	encoded := multibase[1:]
	// The base58 library indexes its alphabet table by rune and panics on
	// anything above 0xff, so every character is checked before decoding.
	for i := 0; i < len(encoded); i++ {
		if !isBase58(encoded[i]) {
			return PublicKey{}, ErrInvalidMultibase.Wrapf("publicKeyMultibase has a non-base58btc character at offset %d", i+1)
		}
	}
	decoded := base58.Decode(encoded)

	codec, n := binary.Uvarint(decoded)
	if n <= 0 {
		return PublicKey{}, ErrInvalidMulticodec.Wrap("multicodec prefix is missing or not a valid unsigned varint")
	}
	if !bytes.Equal(binary.AppendUvarint(nil, codec), decoded[:n]) {
		return PublicKey{}, ErrInvalidMulticodec.Wrapf("multicodec 0x%x is not minimally encoded", codec)
	}
	key := decoded[n:]

	var alg Algorithm
	var size int
	switch codec {
	case codecEd25519Pub:
		alg, size = Ed25519, ed25519KeySize
	case codecP256Pub:
		alg, size = P256, compressedKeySize
	case codecSecp256k1Pub:
		alg, size = Secp256k1, compressedKeySize
	default:
		return PublicKey{}, ErrInvalidMulticodec.Wrapf("multicodec 0x%x: want ed25519-pub (0xed), p256-pub (0x1200) or secp256k1-pub (0xe7)", codec)
	}
	if len(key) != size {
		return PublicKey{}, ErrInvalidPublicKey.Wrapf("%s Multikey must carry a %d-byte key, got %d", alg, size, len(key))
	}
	return NewPublicKey(alg, key)
}

// Multikey encodes k as a publicKeyMultibase value. k must be a key returned
// by this package; for any other algorithm the result is empty.
func (k PublicKey) Multikey() string {
	var codec uint64
	switch k.Algorithm {
	case Ed25519:
		codec = codecEd25519Pub
	case P256:
		codec = codecP256Pub
	case Secp256k1:
		codec = codecSecp256k1Pub
	default:
		return ""
	}
	return "z" + base58.Encode(append(binary.AppendUvarint(nil, codec), k.Bytes...))
}

func isBase58(c byte) bool {
	return strings.IndexByte(base58Alphabet, c) >= 0
}
