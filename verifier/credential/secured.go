package credential

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// Format names how a credential is secured.
type Format string

const (
	// FormatJWT is a VC-JOSE-COSE compact JWS (application/vc+jwt).
	FormatJWT Format = "vc+jwt"
	// FormatDataIntegrity is a JSON credential with a Data Integrity proof.
	FormatDataIntegrity Format = "data-integrity"
)

// Secured is a credential together with what secures it, as read by Parse.
// Nothing in it has been verified until Verify returns nil.
type Secured struct {
	format       Format
	credential   *Credential
	method       string
	algorithm    string
	keyAlgorithm didsig.Algorithm

	jws *jwsCredential
	di  *dataIntegrityProof
}

// Parse reads a secured credential in either format: a compact JWS (three
// base64url parts separated by '.') or a JSON credential with a single Data
// Integrity proof. Surrounding whitespace is ignored.
func Parse(raw []byte) (*Secured, error) {
	if len(raw) > MaxCredentialSize {
		return nil, fmt.Errorf("%w: input is %d bytes, limit %d", ErrMalformed, len(raw), MaxCredentialSize)
	}
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("%w: input is empty", ErrMalformed)
	case trimmed[0] == '{':
		return parseDataIntegrity(trimmed)
	case isCompactJWS(trimmed):
		return parseJWS(string(trimmed))
	default:
		return nil, fmt.Errorf("%w: input is neither a JSON credential nor a compact JWS", ErrMalformed)
	}
}

// isCompactJWS reports three parts of base64url characters, the header and
// payload non-empty. An empty signature is let through so that an unsigned
// (alg "none") JWS is refused by name rather than as unreadable.
func isCompactJWS(b []byte) bool {
	if bytes.Count(b, []byte(".")) != 2 {
		return false
	}
	for i, part := range bytes.Split(b, []byte(".")) {
		if len(part) == 0 && i < 2 {
			return false
		}
		for _, c := range part {
			if !isBase64URL(c) {
				return false
			}
		}
	}
	return true
}

func isBase64URL(c byte) bool {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
}

// Format returns how the credential is secured.
func (s *Secured) Format() Format { return s.format }

// Credential returns a copy of the credential (without its proof, for Data
// Integrity; the JWS payload, for vc+jwt).
func (s *Secured) Credential() *Credential { return s.credential.clone() }

// VerificationMethod returns the JWS kid or the proof's verificationMethod.
func (s *Secured) VerificationMethod() string { return s.method }

// Algorithm returns the JWS alg (EdDSA, ES256, ES256K) or the cryptosuite
// (eddsa-jcs-2022, ecdsa-jcs-2019).
func (s *Secured) Algorithm() string { return s.algorithm }

// KeyAlgorithm returns the algorithm the verification method's key must have.
func (s *Secured) KeyAlgorithm() didsig.Algorithm { return s.keyAlgorithm }

// Created returns a Data Integrity proof's created time, if it has one
// (never for vc+jwt). It is read by Parse and checked by Verify.
func (s *Secured) Created() (time.Time, bool) {
	if s.di == nil || s.di.created.IsZero() {
		return time.Time{}, false
	}
	return s.di.created, true
}

// Verify checks what the securing mechanism itself can prove:
//
//   - the verification method is a DID URL of the credential's issuer;
//   - for Data Integrity, the proof options (type, cryptosuite,
//     proofPurpose assertionMethod, created, the @context rule);
//   - the key resolve returns for the method has the algorithm the JWS alg
//     or the cryptosuite needs;
//   - the signature, over exactly the bytes that were signed.
//
// It does not check whether the key was the issuer's assertionMethod at any
// time (resolve's job), the validity window against a clock, the issuer's
// accreditation, or any credentialStatus: those need chain state, which the
// caller's verifier holds.
func (s *Secured) Verify(ctx context.Context, resolve KeyResolver) error {
	if err := checkIssuer(s.credential, s.method); err != nil {
		return err
	}
	return s.verifyProof(ctx, resolve)
}

// verifyProof is Verify without the issuer binding: the W3C vectors'
// issuers are https URLs while their keys are did:key, so the tests check
// their proofs here.
func (s *Secured) verifyProof(ctx context.Context, resolve KeyResolver) error {
	switch s.format {
	case FormatJWT:
		return s.verifyJWS(ctx, resolve)
	case FormatDataIntegrity:
		return s.verifyDataIntegrity(ctx, resolve)
	default:
		return fmt.Errorf("%w: format %q", ErrUnsupported, s.format)
	}
}
