package types

import (
	"regexp"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// Default limits (DESIGN §3).
const (
	DefaultNamespace              = "local"
	DefaultMaxDocumentBytes       = 32 * 1024
	DefaultMaxVerificationMethods = 32
	DefaultMaxServices            = 32
	DefaultMaxIDLength            = 128
	DefaultMaxSignatures          = 8
)

// Default gas per DID signature verification, in proportion to measured
// verification time (BenchmarkVerify*, docs/benchmarks.md: P-256 about 1.4–1.5×
// and secp256k1 about 1.9–2.2× the time of Ed25519) and above the SDK's own
// prices (590 for Ed25519, 1,000 for secp256k1): our verification also
// decodes the key from its multibase/JWK form, and for ECDSA decompresses
// the point.
const (
	DefaultSigVerifyGasEd25519   = 1_000
	DefaultSigVerifyGasP256      = 1_500
	DefaultSigVerifyGasSecp256k1 = 2_200
)

// Absolute ceilings. Parameters can never exceed them, so anything stored
// under any past parameters (and therefore any exported history) stays
// within them; history is validated against these, not the current
// parameters, which governance may lower.
const (
	CeilingMaxDocumentBytes       = 1 << 20
	CeilingMaxVerificationMethods = 1024
	CeilingMaxServices            = 1024
	CeilingMaxIDLength            = 2048
	CeilingMaxSignatures          = 64
)

// Floors of the signature-verification gas: the SDK's own prices
// (secp256r1 is half of secp256k1 there).
var (
	minSigVerifyGasEd25519   = authtypes.DefaultSigVerifyCostED25519
	minSigVerifyGasSecp256K1 = authtypes.DefaultSigVerifyCostSecp256k1
	minSigVerifyGasP256      = authtypes.DefaultSigVerifyCostSecp256k1 / 2
)

var namespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// DefaultParams returns the parameters of a new network.
func DefaultParams() Params {
	return Params{
		Namespace:              DefaultNamespace,
		MaxDocumentBytes:       DefaultMaxDocumentBytes,
		MaxVerificationMethods: DefaultMaxVerificationMethods,
		MaxServices:            DefaultMaxServices,
		MaxIdLength:            DefaultMaxIDLength,
		MaxSignatures:          DefaultMaxSignatures,
		SigVerifyGasEd25519:    DefaultSigVerifyGasEd25519,
		SigVerifyGasP256:       DefaultSigVerifyGasP256,
		SigVerifyGasSecp256K1:  DefaultSigVerifyGasSecp256k1,
	}
}

// HistoryLimits are the limits a stored version is checked against when
// history is validated (genesis): the absolute ceilings, and the version's
// own namespace. A version was valid under the parameters in force when it
// was written; governance may since have lowered a limit or changed the
// namespace, and the chain's own export must still import.
func HistoryLimits(namespace string) Params {
	return Params{
		Namespace:              namespace,
		MaxDocumentBytes:       CeilingMaxDocumentBytes,
		MaxVerificationMethods: CeilingMaxVerificationMethods,
		MaxServices:            CeilingMaxServices,
		MaxIdLength:            CeilingMaxIDLength,
	}
}

// SigVerifyGas is the gas one verification by alg costs.
func (p Params) SigVerifyGas(alg didsig.Algorithm) uint64 {
	switch alg {
	case didsig.Ed25519:
		return p.SigVerifyGasEd25519
	case didsig.P256:
		return p.SigVerifyGasP256
	default:
		// secp256k1, and the most expensive price for anything else.
		return p.SigVerifyGasSecp256K1
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if !namespacePattern.MatchString(p.Namespace) {
		return ErrInvalidParams.Wrapf("namespace %q must match %s", p.Namespace, namespacePattern)
	}
	if p.MaxDocumentBytes < 1024 || p.MaxDocumentBytes > CeilingMaxDocumentBytes {
		return ErrInvalidParams.Wrapf("max_document_bytes must be in [1024, %d], got %d", CeilingMaxDocumentBytes, p.MaxDocumentBytes)
	}
	if p.MaxVerificationMethods < 1 || p.MaxVerificationMethods > CeilingMaxVerificationMethods {
		return ErrInvalidParams.Wrapf("max_verification_methods must be in [1, %d], got %d", CeilingMaxVerificationMethods, p.MaxVerificationMethods)
	}
	if p.MaxServices > CeilingMaxServices {
		return ErrInvalidParams.Wrapf("max_services must be at most %d, got %d", CeilingMaxServices, p.MaxServices)
	}
	if p.MaxIdLength < 32 || p.MaxIdLength > CeilingMaxIDLength {
		return ErrInvalidParams.Wrapf("max_id_length must be in [32, %d], got %d", CeilingMaxIDLength, p.MaxIdLength)
	}
	if p.MaxSignatures < 1 || p.MaxSignatures > CeilingMaxSignatures {
		return ErrInvalidParams.Wrapf("max_signatures must be in [1, %d], got %d", CeilingMaxSignatures, p.MaxSignatures)
	}
	for _, g := range []struct {
		name     string
		got, min uint64
	}{
		{"sig_verify_gas_ed25519", p.SigVerifyGasEd25519, minSigVerifyGasEd25519},
		{"sig_verify_gas_p256", p.SigVerifyGasP256, minSigVerifyGasP256},
		{"sig_verify_gas_secp256k1", p.SigVerifyGasSecp256K1, minSigVerifyGasSecp256K1},
	} {
		if g.got < g.min {
			return ErrInvalidParams.Wrapf("%s must be at least %d (the SDK's own price), got %d", g.name, g.min, g.got)
		}
	}
	return nil
}
