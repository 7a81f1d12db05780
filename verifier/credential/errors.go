package credential

import "errors"

// Sentinel errors. Every error this package returns wraps exactly one of
// them (a key-resolution failure also wraps the resolver's own error), so a
// caller tells an invalid credential from one it could not check with
// errors.Is, never by message.
var (
	// ErrMalformed: the input is not the syntax it claims to be — not JSON,
	// not a JWS compact serialisation, bad base64url or multibase, a member of
	// the wrong JSON type, a duplicate member name, or over a size bound.
	ErrMalformed = errors.New("malformed credential")
	// ErrInvalidCredential: well-formed JSON that breaks a VC Data Model 2.0
	// rule (the @context, type, issuer, credentialSubject, validity window,
	// credentialSchema or credentialStatus members).
	ErrInvalidCredential = errors.New("invalid credential")
	// ErrInvalidHeader: a JWS protected header this package does not accept
	// (typ, cty, kid).
	ErrInvalidHeader = errors.New("invalid JWS header")
	// ErrInvalidProof: a Data Integrity proof whose options are wrong (type,
	// proofPurpose, created, verificationMethod, the @context rule).
	ErrInvalidProof = errors.New("invalid data integrity proof")
	// ErrUnsupported: a well-formed construct this package deliberately does
	// not handle — alg "none" or any algorithm but EdDSA/ES256/ES256K, a
	// cryptosuite but eddsa-jcs-2022/ecdsa-jcs-2019, P-384, secp256k1 with a
	// Data Integrity suite, proof sets and chains, crit headers, status
	// entries other than 1-bit BitstringStatusListEntry.
	ErrUnsupported = errors.New("unsupported")
	// ErrKeyMismatch: the key behind the verification method is not of the
	// algorithm the JWS alg or the cryptosuite requires.
	ErrKeyMismatch = errors.New("key algorithm does not match")
	// ErrKeyResolution: the KeyResolver failed. The resolver's own error is
	// wrapped too, so callers can tell "no such key" from "could not ask".
	ErrKeyResolution = errors.New("verification method could not be resolved")
	// ErrBadSignature: the signature does not verify with the resolved key.
	ErrBadSignature = errors.New("signature does not verify")
	// ErrIssuerMismatch: the verification method belongs to a DID other than
	// the credential's issuer.
	ErrIssuerMismatch = errors.New("verification method is not the issuer's")
)
