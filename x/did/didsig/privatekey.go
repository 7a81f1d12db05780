package didsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"io"
	"math/big"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// maxScalarAttempts bounds the rejection sampling of ECDSA private keys. A
// uniformly random 32-byte string is outside [1, n-1] with probability below
// 2^-32 on both curves, so exhausting this means the reader is broken.
const maxScalarAttempts = 16

// PrivateKey is a signing key, for the CLI key store and for tests: the
// 32-byte seed for Ed25519, the 32-byte big-endian scalar for ECDSA.
type PrivateKey struct {
	Algorithm Algorithm
	Bytes     []byte
}

// String keeps key bytes out of logs and error messages.
func (p PrivateKey) String() string {
	return "didsig.PrivateKey{" + p.Algorithm.String() + ", <redacted>}"
}

// GoString keeps key bytes out of %#v output.
func (p PrivateKey) GoString() string {
	return p.String()
}

// GeneratePrivateKey makes a new key from random, or from crypto/rand when
// random is nil. The key depends only on the bytes read, so a fixed reader
// gives a fixed key.
func GeneratePrivateKey(alg Algorithm, random io.Reader) (PrivateKey, error) {
	if random == nil {
		random = rand.Reader
	}
	switch alg {
	case Ed25519:
		seed := make([]byte, ed25519.SeedSize)
		if _, err := io.ReadFull(random, seed); err != nil {
			return PrivateKey{}, err
		}
		return PrivateKey{Algorithm: Ed25519, Bytes: seed}, nil
	case P256, Secp256k1:
		for range maxScalarAttempts {
			scalar := make([]byte, coordinateSize)
			if _, err := io.ReadFull(random, scalar); err != nil {
				return PrivateKey{}, err
			}
			key := PrivateKey{Algorithm: alg, Bytes: scalar}
			if _, err := key.PublicKey(); err == nil {
				return key, nil
			}
		}
		return PrivateKey{}, ErrInvalidPrivateKey.Wrapf("no %s scalar in [1, n-1] after %d attempts", alg, maxScalarAttempts)
	default:
		return PrivateKey{}, ErrUnsupportedKeyType.Wrapf("algorithm %s", alg)
	}
}

// PublicKey returns the verification key of p, compressed for ECDSA.
func (p PrivateKey) PublicKey() (PublicKey, error) {
	switch p.Algorithm {
	case Ed25519:
		priv, err := p.ed25519()
		if err != nil {
			return PublicKey{}, err
		}
		return PublicKey{Algorithm: Ed25519, Bytes: bytes.Clone(priv.Public().(ed25519.PublicKey))}, nil
	case P256:
		priv, err := p.p256()
		if err != nil {
			return PublicKey{}, err
		}
		uncompressed, err := priv.PublicKey.Bytes()
		if err != nil {
			return PublicKey{}, ErrInvalidPrivateKey.Wrap("p256 public key cannot be encoded")
		}
		return PublicKey{Algorithm: P256, Bytes: compressPoint(uncompressed)}, nil
	case Secp256k1:
		priv, err := p.secp256k1()
		if err != nil {
			return PublicKey{}, err
		}
		return PublicKey{Algorithm: Secp256k1, Bytes: priv.PubKey().SerializeCompressed()}, nil
	default:
		return PublicKey{}, ErrUnsupportedKeyType.Wrapf("algorithm %s", p.Algorithm)
	}
}

// Sign signs msg in the form Verify checks. Signatures are deterministic:
// Ed25519 by construction, ECDSA by RFC 6979. ECDSA signatures are always
// low-S (s ≤ n/2), which secp256k1 verification requires.
func (p PrivateKey) Sign(msg []byte) ([]byte, error) {
	switch p.Algorithm {
	case Ed25519:
		priv, err := p.ed25519()
		if err != nil {
			return nil, err
		}
		return ed25519.Sign(priv, msg), nil
	case P256:
		return p.signP256(msg)
	case Secp256k1:
		priv, err := p.secp256k1()
		if err != nil {
			return nil, err
		}
		digest := sha256.Sum256(msg)
		// ecdsa.Sign uses RFC 6979 nonces and always returns low-S.
		sig := secpecdsa.Sign(priv, digest[:])
		r, s := sig.R(), sig.S()
		rBytes, sBytes := r.Bytes(), s.Bytes()
		return append(rBytes[:], sBytes[:]...), nil
	default:
		return nil, ErrUnsupportedKeyType.Wrapf("algorithm %s", p.Algorithm)
	}
}

func (p PrivateKey) signP256(msg []byte) ([]byte, error) {
	priv, err := p.p256()
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(msg)
	// A nil random source selects RFC 6979 deterministic nonces.
	der, err := priv.Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		return nil, err
	}
	var rs struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(der, &rs); err != nil || len(rest) != 0 {
		return nil, ErrInvalidSignature.Wrap("p256 signer returned malformed DER")
	}
	n := elliptic.P256().Params().N
	if rs.S.Cmp(new(big.Int).Rsh(n, 1)) > 0 {
		rs.S.Sub(n, rs.S)
	}
	sig := make([]byte, SignatureSize)
	rs.R.FillBytes(sig[:coordinateSize])
	rs.S.FillBytes(sig[coordinateSize:])
	return sig, nil
}

func (p PrivateKey) ed25519() (ed25519.PrivateKey, error) {
	if len(p.Bytes) != ed25519.SeedSize {
		return nil, ErrInvalidPrivateKey.Wrapf("ed25519 seed must be %d bytes, got %d", ed25519.SeedSize, len(p.Bytes))
	}
	return ed25519.NewKeyFromSeed(p.Bytes), nil
}

func (p PrivateKey) p256() (*ecdsa.PrivateKey, error) {
	if len(p.Bytes) != coordinateSize {
		return nil, ErrInvalidPrivateKey.Wrapf("p256 scalar must be %d bytes, got %d", coordinateSize, len(p.Bytes))
	}
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), p.Bytes)
	if err != nil {
		return nil, ErrInvalidPrivateKey.Wrap("p256 scalar must be in [1, n-1]")
	}
	return priv, nil
}

func (p PrivateKey) secp256k1() (*secp256k1.PrivateKey, error) {
	if len(p.Bytes) != coordinateSize {
		return nil, ErrInvalidPrivateKey.Wrapf("secp256k1 scalar must be %d bytes, got %d", coordinateSize, len(p.Bytes))
	}
	var scalar secp256k1.ModNScalar
	// PrivKeyFromBytes would silently reduce mod n; refuse instead.
	if overflow := scalar.SetByteSlice(p.Bytes); overflow || scalar.IsZero() {
		return nil, ErrInvalidPrivateKey.Wrap("secp256k1 scalar must be in [1, n-1]")
	}
	return secp256k1.NewPrivateKey(&scalar), nil
}
