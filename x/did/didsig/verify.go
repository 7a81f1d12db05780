package didsig

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"math/big"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// SignatureSize is the length of every signature this package accepts:
// Ed25519 (RFC 8032) and ECDSA r‖s, 32 bytes each.
const SignatureSize = 64

// Verify checks sig over msg.
//
//   - Ed25519: sig is the 64-byte RFC 8032 signature over msg itself.
//   - P-256 and secp256k1: sig is r‖s (32 bytes each, big-endian) over
//     SHA-256(msg), with r and s in [1, n-1].
//   - secp256k1 only: s must also be at most n/2; a high-S signature is
//     refused with ErrHighS, not normalised, so that no signature has a
//     second accepted encoding.
func (k PublicKey) Verify(msg, sig []byte) error {
	switch k.Algorithm {
	case Ed25519:
		return verifyEd25519(k.Bytes, msg, sig)
	case P256:
		return verifyP256(k.Bytes, msg, sig)
	case Secp256k1:
		return verifySecp256k1(k.Bytes, msg, sig)
	default:
		return ErrUnsupportedKeyType.Wrapf("algorithm %s", k.Algorithm)
	}
}

func checkSignatureSize(alg Algorithm, sig []byte) error {
	if len(sig) != SignatureSize {
		return ErrInvalidSignature.Wrapf("%s signature must be %d bytes, got %d", alg, SignatureSize, len(sig))
	}
	return nil
}

func verifyEd25519(key, msg, sig []byte) error {
	// ed25519.Verify panics on a key of the wrong length.
	if len(key) != ed25519KeySize {
		return ErrInvalidPublicKey.Wrapf("ed25519 key must be %d bytes, got %d", ed25519KeySize, len(key))
	}
	if err := checkSignatureSize(Ed25519, sig); err != nil {
		return err
	}
	if !ed25519.Verify(key, msg, sig) {
		return ErrInvalidSignature.Wrap("ed25519 signature does not verify")
	}
	return nil
}

func verifyP256(key, msg, sig []byte) error {
	pub, err := p256PublicKey(key)
	if err != nil {
		return err
	}
	if err := checkSignatureSize(P256, sig); err != nil {
		return err
	}
	n := elliptic.P256().Params().N
	r := new(big.Int).SetBytes(sig[:coordinateSize])
	s := new(big.Int).SetBytes(sig[coordinateSize:])
	if r.Sign() == 0 || r.Cmp(n) >= 0 {
		return ErrInvalidSignature.Wrap("p256 signature r must be in [1, n-1]")
	}
	if s.Sign() == 0 || s.Cmp(n) >= 0 {
		return ErrInvalidSignature.Wrap("p256 signature s must be in [1, n-1]")
	}
	digest := sha256.Sum256(msg)
	if !ecdsa.Verify(pub, digest[:], r, s) {
		return ErrInvalidSignature.Wrap("p256 signature does not verify")
	}
	return nil
}

func verifySecp256k1(key, msg, sig []byte) error {
	pub, err := secp256k1PublicKey(key)
	if err != nil {
		return err
	}
	if err := checkSignatureSize(Secp256k1, sig); err != nil {
		return err
	}
	var r, s secp256k1.ModNScalar
	if overflow := r.SetByteSlice(sig[:coordinateSize]); overflow || r.IsZero() {
		return ErrInvalidSignature.Wrap("secp256k1 signature r must be in [1, n-1]")
	}
	if overflow := s.SetByteSlice(sig[coordinateSize:]); overflow || s.IsZero() {
		return ErrInvalidSignature.Wrap("secp256k1 signature s must be in [1, n-1]")
	}
	if s.IsOverHalfOrder() {
		return ErrHighS.Wrap("secp256k1 signature s must be at most n/2")
	}
	digest := sha256.Sum256(msg)
	if !secpecdsa.NewSignature(&r, &s).Verify(digest[:], pub) {
		return ErrInvalidSignature.Wrap("secp256k1 signature does not verify")
	}
	return nil
}
