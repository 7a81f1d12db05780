package credential

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	jose "github.com/go-jose/go-jose/v4"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// JWS header values of a VC-JOSE-COSE credential.
const (
	// MediaTypeJWT is the media type of a compact-JWS credential.
	MediaTypeJWT = "application/vc+jwt"
	// headerTyp is written as typ; "application/vc+jwt" is accepted too
	// (RFC 7515 §4.1.9 lets the "application/" prefix be omitted).
	headerTyp = "vc+jwt"
	// headerCty is written as cty; "application/vc" is accepted too.
	headerCty = "vc"
)

// JWS algorithms, one per didsig key algorithm.
const (
	AlgEdDSA  = "EdDSA"
	AlgES256  = "ES256"
	AlgES256K = "ES256K"
)

// jwsAlgorithm is the JWS alg for a key algorithm.
func jwsAlgorithm(a didsig.Algorithm) (string, error) {
	switch a {
	case didsig.Ed25519:
		return AlgEdDSA, nil
	case didsig.P256:
		return AlgES256, nil
	case didsig.Secp256k1:
		return AlgES256K, nil
	default:
		return "", fmt.Errorf("%w: no JWS algorithm for key algorithm %s", ErrUnsupported, a)
	}
}

// jwsKeyAlgorithm is the key algorithm a JWS alg needs. "none" and every
// algorithm not listed are refused: NDI Chain keys are only these three.
func jwsKeyAlgorithm(alg string) (didsig.Algorithm, error) {
	switch alg {
	case AlgEdDSA:
		return didsig.Ed25519, nil
	case AlgES256:
		return didsig.P256, nil
	case AlgES256K:
		return didsig.Secp256k1, nil
	case "none", "":
		return 0, fmt.Errorf("%w: JWS alg %q: an unsigned JWS is never accepted", ErrUnsupported, alg)
	default:
		return 0, fmt.Errorf("%w: JWS alg %q: want %s, %s or %s", ErrUnsupported, alg, AlgEdDSA, AlgES256, AlgES256K)
	}
}

// SignJWT secures c as a VC-JOSE-COSE compact JWS: protected header
// {alg, kid: the signer's verification method, typ: "vc+jwt", cty: "vc"},
// payload the credential's JSON itself (not wrapped in a "vc" claim). It
// refuses a credential that would not verify: one that breaks the data
// model, already carries a proof, or whose issuer is not the signer's DID.
func SignJWT(c *Credential, s Signer) (string, error) {
	if err := checkIssuable(c, s); err != nil {
		return "", err
	}
	alg, err := jwsAlgorithm(s.Algorithm())
	if err != nil {
		return "", err
	}
	payload, err := c.MarshalJSON()
	if err != nil {
		return "", err
	}
	opts := (&jose.SignerOptions{}).
		WithType(headerTyp).
		WithContentType(headerCty).
		WithHeader(jose.HeaderKey("kid"), s.VerificationMethod())
	signer, err := jose.NewSigner(jose.SigningKey{
		Algorithm: jose.SignatureAlgorithm(alg),
		Key:       opaqueSigner{signer: s, alg: jose.SignatureAlgorithm(alg)},
	}, opts)
	if err != nil {
		return "", fmt.Errorf("JWS signer for %s: %w", alg, err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("JWS sign with %s: %w", s.VerificationMethod(), err)
	}
	return obj.CompactSerialize()
}

// checkIssuable is what both signing paths refuse before signing.
func checkIssuable(c *Credential, s Signer) error {
	if c == nil || s == nil {
		return fmt.Errorf("%w: nothing to sign or no signer", ErrMalformed)
	}
	if _, ok := c.members[memberProof]; ok {
		return fmt.Errorf("%w: credential already carries a proof; sign the unsecured credential", ErrInvalidCredential)
	}
	if err := c.validate(); err != nil {
		return err
	}
	return checkIssuer(c, s.VerificationMethod())
}

// opaqueSigner lets go-jose build the header and the serialisation while
// didsig does the arithmetic, for all three algorithms alike: go-jose has no
// ES256K, and going through one path keeps the three from drifting apart.
type opaqueSigner struct {
	signer Signer
	alg    jose.SignatureAlgorithm
}

// Public returns nil so that go-jose writes no key of its own into the
// header; the kid is set explicitly.
func (o opaqueSigner) Public() *jose.JSONWebKey        { return nil }
func (o opaqueSigner) Algs() []jose.SignatureAlgorithm { return []jose.SignatureAlgorithm{o.alg} }

func (o opaqueSigner) SignPayload(payload []byte, alg jose.SignatureAlgorithm) ([]byte, error) {
	if alg != o.alg {
		return nil, fmt.Errorf("%w: signer for %s asked to sign %s", ErrKeyMismatch, o.alg, alg)
	}
	sig, err := o.signer.Sign(payload)
	if err != nil {
		return nil, err
	}
	if len(sig) != didsig.SignatureSize {
		return nil, fmt.Errorf("%w: signer returned %d bytes, want %d (r‖s or Ed25519)", ErrBadSignature, len(sig), didsig.SignatureSize)
	}
	return sig, nil
}

// jwsCredential is a parsed compact JWS.
type jwsCredential struct {
	object *jose.JSONWebSignature
}

func parseJWS(compact string) (*Secured, error) {
	encodedHeader, _, _ := strings.Cut(compact, ".")
	headerJSON, err := base64.RawURLEncoding.Strict().DecodeString(encodedHeader)
	if err != nil {
		return nil, fmt.Errorf("%w: JWS protected header is not base64url: %v", ErrMalformed, err)
	}
	header, err := decodeObject("JWS protected header", headerJSON)
	if err != nil {
		return nil, err
	}
	alg, err := headerString(header, "alg")
	if err != nil {
		return nil, err
	}
	keyAlg, err := jwsKeyAlgorithm(alg)
	if err != nil {
		return nil, err
	}
	kid, err := headerString(header, "kid")
	if err != nil {
		return nil, err
	}
	if _, err := methodDID(kid); err != nil {
		return nil, fmt.Errorf("%w: kid: %v", ErrInvalidHeader, err)
	}
	typ, err := headerString(header, "typ")
	if err != nil {
		return nil, err
	}
	if !mediaTypeIs(typ, headerTyp) {
		return nil, fmt.Errorf("%w: typ %q: want %q", ErrInvalidHeader, typ, headerTyp)
	}
	if _, ok := header["cty"]; ok {
		cty, err := headerString(header, "cty")
		if err != nil {
			return nil, err
		}
		if !mediaTypeIs(cty, headerCty) {
			return nil, fmt.Errorf("%w: cty %q: want %q", ErrInvalidHeader, cty, headerCty)
		}
	}
	// crit names extensions a verifier must understand; none is understood
	// here. b64=false (RFC 7797) would change what the signature covers.
	for _, name := range []string{"crit", "b64"} {
		if _, ok := header[name]; ok {
			return nil, fmt.Errorf("%w: JWS header %q", ErrUnsupported, name)
		}
	}

	object, err := jose.ParseSignedCompact(compact, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
	if err != nil {
		return nil, fmt.Errorf("%w: JWS: %v", ErrMalformed, err)
	}
	payload := object.UnsafePayloadWithoutVerification()
	cred, err := ParseCredential(payload)
	if err != nil {
		return nil, fmt.Errorf("JWS payload: %w", err)
	}
	if _, ok := cred.members[memberProof]; ok {
		return nil, fmt.Errorf("%w: JWS payload carries a Data Integrity proof too; one securing mechanism at a time", ErrInvalidCredential)
	}
	return &Secured{
		format:       FormatJWT,
		credential:   cred,
		method:       kid,
		algorithm:    alg,
		keyAlgorithm: keyAlg,
		jws:          &jwsCredential{object: object},
	}, nil
}

func headerString(header map[string]json.RawMessage, name string) (string, error) {
	raw, ok := header[name]
	if !ok {
		return "", fmt.Errorf("%w: JWS header has no %q", ErrInvalidHeader, name)
	}
	s, err := nonEmptyString(name, raw)
	if err != nil {
		return "", fmt.Errorf("%w: JWS header %q must be a non-empty string", ErrInvalidHeader, name)
	}
	return s, nil
}

// mediaTypeIs compares a typ/cty value with a media subtype: media types are
// case-insensitive and "application/" may be omitted (RFC 7515 §4.1.9).
func mediaTypeIs(value, subtype string) bool {
	value = strings.ToLower(value)
	return value == subtype || value == "application/"+subtype
}

func (s *Secured) verifyJWS(ctx context.Context, resolve KeyResolver) error {
	key, err := resolveKey(ctx, resolve, s.method, s.keyAlgorithm, "JWS alg "+s.algorithm)
	if err != nil {
		return err
	}
	verifier := &opaqueVerifier{key: key}
	if _, err := s.jws.object.Verify(verifier); err != nil {
		// go-jose reports every failure as ErrCryptoFailure; the verifier
		// kept the reason.
		if verifier.err != nil {
			err = verifier.err
		}
		return fmt.Errorf("%w: JWS by %s: %v", ErrBadSignature, s.method, err)
	}
	return nil
}

// opaqueVerifier checks a JWS signature with didsig and remembers why it
// failed.
type opaqueVerifier struct {
	key didsig.PublicKey
	err error
}

func (v *opaqueVerifier) VerifyPayload(payload, sig []byte, alg jose.SignatureAlgorithm) error {
	if v.key.Algorithm == didsig.Secp256k1 && alg == AlgES256K {
		sig = lowS(sig)
	}
	v.err = v.key.Verify(payload, sig)
	return v.err
}

// lowS maps a secp256k1 r‖s signature with s > n/2 to its r‖(n−s) twin.
//
// JOSE (RFC 8812) does not require low-S, and common JOSE libraries emit
// high-S ES256K signatures about half the time; refusing those would refuse
// valid credentials at random. didsig refuses high-S because on-chain
// signatures must have one encoding; a credential's JWS is not a chain
// identifier, so accepting both encodings here costs nothing. Signing still
// always produces low-S.
func lowS(sig []byte) []byte {
	if len(sig) != didsig.SignatureSize {
		return sig
	}
	var s secp256k1.ModNScalar
	if overflow := s.SetByteSlice(sig[32:]); overflow || !s.IsOverHalfOrder() {
		return sig
	}
	s.Negate()
	out := make([]byte, didsig.SignatureSize)
	copy(out, sig[:32])
	sBytes := s.Bytes()
	copy(out[32:], sBytes[:])
	return out
}
