package didsig

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"math/big"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

const (
	// ed25519KeySize is the length of an Ed25519 public key.
	ed25519KeySize = ed25519.PublicKeySize
	// compressedKeySize is the length of a compressed P-256 or secp256k1
	// point: a 0x02/0x03 parity byte, then the 32-byte x coordinate.
	compressedKeySize = 33
	// uncompressedKeySize is the length of an uncompressed P-256 or secp256k1
	// point: 0x04, then x and y of 32 bytes each.
	uncompressedKeySize = 65
	// coordinateSize is the length of one field element (x, y), a scalar
	// (r, s, a private key) of either ECDSA curve.
	coordinateSize = 32
)

// PublicKey is a verification key. Bytes holds the 32-byte key for Ed25519
// and the 33-byte compressed point for P-256 and secp256k1; the constructors
// of this package (NewPublicKey, DecodeMultikey, DecodeJWK, KeyFromMethod)
// only return keys in that form.
type PublicKey struct {
	Algorithm Algorithm
	Bytes     []byte
}

// NewPublicKey checks raw key bytes and normalises them: an Ed25519 key must
// be 32 bytes; an ECDSA key may be a 33-byte compressed or a 65-byte
// uncompressed point, must lie on its curve, and is returned compressed.
func NewPublicKey(alg Algorithm, raw []byte) (PublicKey, error) {
	switch alg {
	case Ed25519:
		if len(raw) != ed25519KeySize {
			return PublicKey{}, ErrInvalidPublicKey.Wrapf("ed25519 key must be %d bytes, got %d", ed25519KeySize, len(raw))
		}
		return PublicKey{Algorithm: Ed25519, Bytes: bytes.Clone(raw)}, nil
	case P256:
		compressed, err := p256Normalise(raw)
		if err != nil {
			return PublicKey{}, err
		}
		return PublicKey{Algorithm: P256, Bytes: compressed}, nil
	case Secp256k1:
		pub, err := secp256k1Parse(raw)
		if err != nil {
			return PublicKey{}, err
		}
		return PublicKey{Algorithm: Secp256k1, Bytes: pub.SerializeCompressed()}, nil
	default:
		return PublicKey{}, ErrUnsupportedKeyType.Wrapf("algorithm %s", alg)
	}
}

// Equal reports whether k and o are the same key.
func (k PublicKey) Equal(o PublicKey) bool {
	return k.Algorithm == o.Algorithm && bytes.Equal(k.Bytes, o.Bytes)
}

// checkPointEncoding refuses anything but a 33-byte compressed or a 65-byte
// uncompressed point, so hybrid (0x06/0x07) and other encodings never reach
// the curve libraries.
func checkPointEncoding(alg Algorithm, raw []byte) error {
	switch {
	case len(raw) == compressedKeySize && (raw[0] == 0x02 || raw[0] == 0x03):
		return nil
	case len(raw) == uncompressedKeySize && raw[0] == 0x04:
		return nil
	case len(raw) == compressedKeySize || len(raw) == uncompressedKeySize:
		return ErrInvalidPublicKey.Wrapf("%s point has prefix 0x%02x: want 0x02 or 0x03 (33 bytes) or 0x04 (65 bytes)", alg, raw[0])
	default:
		return ErrInvalidPublicKey.Wrapf("%s key must be a %d-byte compressed or %d-byte uncompressed point, got %d bytes",
			alg, compressedKeySize, uncompressedKeySize, len(raw))
	}
}

// p256Normalise validates a compressed or uncompressed P-256 point and
// returns it compressed.
func p256Normalise(raw []byte) ([]byte, error) {
	if err := checkPointEncoding(P256, raw); err != nil {
		return nil, err
	}
	if len(raw) == compressedKeySize {
		if x, _ := elliptic.UnmarshalCompressed(elliptic.P256(), raw); x == nil {
			return nil, ErrInvalidPublicKey.Wrap("p256 point is not on the curve")
		}
		return bytes.Clone(raw), nil
	}
	if _, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw); err != nil {
		return nil, ErrInvalidPublicKey.Wrap("p256 point is not on the curve")
	}
	return compressPoint(raw), nil
}

// p256Uncompressed returns the 65-byte uncompressed form of a compressed
// P-256 point.
func p256Uncompressed(compressed []byte) ([]byte, error) {
	if len(compressed) != compressedKeySize || (compressed[0] != 0x02 && compressed[0] != 0x03) {
		return nil, ErrInvalidPublicKey.Wrapf("p256 key must be a %d-byte compressed point, got %d bytes", compressedKeySize, len(compressed))
	}
	x, y := elliptic.UnmarshalCompressed(elliptic.P256(), compressed)
	if x == nil {
		return nil, ErrInvalidPublicKey.Wrap("p256 point is not on the curve")
	}
	return uncompressedPoint(x, y), nil
}

// p256PublicKey turns a compressed P-256 point into a crypto/ecdsa key.
func p256PublicKey(compressed []byte) (*ecdsa.PublicKey, error) {
	uncompressed, err := p256Uncompressed(compressed)
	if err != nil {
		return nil, err
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), uncompressed)
	if err != nil {
		return nil, ErrInvalidPublicKey.Wrap("p256 point is not on the curve")
	}
	return pub, nil
}

// secp256k1Parse validates a compressed or uncompressed secp256k1 point.
func secp256k1Parse(raw []byte) (*secp256k1.PublicKey, error) {
	if err := checkPointEncoding(Secp256k1, raw); err != nil {
		return nil, err
	}
	pub, err := secp256k1.ParsePubKey(raw)
	if err != nil {
		return nil, ErrInvalidPublicKey.Wrap("secp256k1 point is not on the curve")
	}
	return pub, nil
}

// secp256k1PublicKey parses the canonical (compressed) form held in a
// PublicKey.
func secp256k1PublicKey(compressed []byte) (*secp256k1.PublicKey, error) {
	if len(compressed) != compressedKeySize {
		return nil, ErrInvalidPublicKey.Wrapf("secp256k1 key must be a %d-byte compressed point, got %d bytes", compressedKeySize, len(compressed))
	}
	return secp256k1Parse(compressed)
}

// compressPoint turns a 65-byte uncompressed point into its 33-byte
// compressed form: the parity of y selects the prefix.
func compressPoint(uncompressed []byte) []byte {
	out := make([]byte, compressedKeySize)
	out[0] = 0x02 | uncompressed[uncompressedKeySize-1]&1
	copy(out[1:], uncompressed[1:1+coordinateSize])
	return out
}

// uncompressedPoint encodes affine coordinates as 0x04 ‖ x ‖ y.
func uncompressedPoint(x, y *big.Int) []byte {
	out := make([]byte, uncompressedKeySize)
	out[0] = 0x04
	x.FillBytes(out[1 : 1+coordinateSize])
	y.FillBytes(out[1+coordinateSize:])
	return out
}
