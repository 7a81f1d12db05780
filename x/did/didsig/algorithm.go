package didsig

import (
	"fmt"
	"strings"
)

// Algorithm names a signature algorithm. The zero value is invalid, so a
// PublicKey that was never filled in cannot verify anything.
type Algorithm int

const (
	// Ed25519 is EdDSA over edwards25519 (RFC 8032).
	Ed25519 Algorithm = iota + 1
	// P256 is ECDSA over NIST P-256 with SHA-256.
	P256
	// Secp256k1 is ECDSA over secp256k1 with SHA-256, low-S only.
	Secp256k1
)

// String returns the name ParseAlgorithm accepts.
func (a Algorithm) String() string {
	switch a {
	case Ed25519:
		return "ed25519"
	case P256:
		return "p256"
	case Secp256k1:
		return "secp256k1"
	default:
		return fmt.Sprintf("Algorithm(%d)", int(a))
	}
}

// ParseAlgorithm reads an algorithm name, case-insensitively: "ed25519",
// "p256" or "p-256", "secp256k1".
func ParseAlgorithm(s string) (Algorithm, error) {
	switch strings.ToLower(s) {
	case "ed25519":
		return Ed25519, nil
	case "p256", "p-256":
		return P256, nil
	case "secp256k1":
		return Secp256k1, nil
	default:
		return 0, ErrUnsupportedKeyType.Wrapf("algorithm %q: want ed25519, p256 or secp256k1", s)
	}
}
