package credential

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cosmos/btcutil/base58"
	"github.com/gowebpki/jcs"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// Data Integrity vocabulary (https://www.w3.org/TR/vc-data-integrity/).
const (
	// SuiteEdDSAJCS2022 is eddsa-jcs-2022 (https://www.w3.org/TR/vc-di-eddsa/).
	SuiteEdDSAJCS2022 = "eddsa-jcs-2022"
	// SuiteECDSAJCS2019 is ecdsa-jcs-2019 (https://www.w3.org/TR/vc-di-ecdsa/),
	// P-256 only here.
	SuiteECDSAJCS2019 = "ecdsa-jcs-2019"
	// ProofTypeDataIntegrity is the proof type both suites use.
	ProofTypeDataIntegrity = "DataIntegrityProof"
	// ProofPurposeAssertionMethod is the only purpose a credential's proof
	// may have: an issuer asserts the claims.
	ProofPurposeAssertionMethod = "assertionMethod"
)

// maxProofValueLen bounds proofValue before base58 decoding, whose cost
// grows with the square of the length. A 96-byte P-384 signature is about
// 132 characters; anything much longer is not a signature.
const maxProofValueLen = 256

// p384SignatureSize is the r‖s length of an ecdsa-jcs-2019 P-384 proof,
// recognised only to refuse it by name.
const p384SignatureSize = 96

// proofOrder is the order SignDataIntegrity writes proof members in, the
// order of the specifications' examples.
var proofOrder = []string{"type", "cryptosuite", "created", "verificationMethod", "proofPurpose", memberContext, "proofValue"}

// suiteKeyAlgorithm is the key algorithm a cryptosuite needs.
func suiteKeyAlgorithm(suite string) (didsig.Algorithm, error) {
	switch suite {
	case SuiteEdDSAJCS2022:
		return didsig.Ed25519, nil
	case SuiteECDSAJCS2019:
		return didsig.P256, nil
	default:
		return 0, fmt.Errorf("%w: cryptosuite %q: want %s or %s", ErrUnsupported, suite, SuiteEdDSAJCS2022, SuiteECDSAJCS2019)
	}
}

// SignDataIntegrity secures c with a Data Integrity proof of the given suite
// and returns the secured credential's JSON. It follows the suites' Create
// Proof algorithm: the proof configuration is {type, cryptosuite, created,
// verificationMethod, proofPurpose: assertionMethod, @context: the
// credential's @context}; hashData is SHA-256(JCS(proof configuration)) ‖
// SHA-256(JCS(credential)); Ed25519 signs hashData, ECDSA P-256 signs
// SHA-256(hashData). created is written in UTC to the second, and left out
// when zero.
//
// secp256k1 keys are refused: W3C defines no JCS cryptosuite for them (use
// SignJWT, ES256K).
func SignDataIntegrity(c *Credential, suite string, s Signer, created time.Time) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: no signer", ErrMalformed)
	}
	want, err := suiteKeyAlgorithm(suite)
	if err != nil {
		return nil, err
	}
	if s.Algorithm() == didsig.Secp256k1 {
		return nil, fmt.Errorf("%w: cryptosuite %s with a %s key: W3C defines no JCS Data Integrity suite for secp256k1; secure it as vc+jwt (ES256K)", ErrUnsupported, suite, s.Algorithm())
	}
	if s.Algorithm() != want {
		return nil, fmt.Errorf("%w: cryptosuite %s needs a %s key, %s is %s", ErrKeyMismatch, suite, want, s.VerificationMethod(), s.Algorithm())
	}
	if err := checkIssuable(c, s); err != nil {
		return nil, err
	}
	return createProof(c, suite, s, created)
}

// createProof is the suites' Create Proof algorithm, with the suite, the key
// and the credential already checked.
func createProof(c *Credential, suite string, s Signer, created time.Time) ([]byte, error) {
	proof := map[string]json.RawMessage{
		"type":               mustJSON(ProofTypeDataIntegrity),
		"cryptosuite":        mustJSON(suite),
		"verificationMethod": mustJSON(s.VerificationMethod()),
		"proofPurpose":       mustJSON(ProofPurposeAssertionMethod),
		// Always set, as the suites strongly advise, so the proof also holds
		// if it ever ends up in a proof set.
		memberContext: c.members[memberContext],
	}
	if !created.IsZero() {
		proof["created"] = mustJSON(created.UTC().Format(time.RFC3339))
	}
	hash, err := hashData(proof, c.members)
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(hash.data)
	if err != nil {
		return nil, fmt.Errorf("sign %s proof with %s: %w", suite, s.VerificationMethod(), err)
	}
	if len(sig) != didsig.SignatureSize {
		return nil, fmt.Errorf("%w: signer returned %d bytes, want %d", ErrBadSignature, len(sig), didsig.SignatureSize)
	}
	proof["proofValue"] = mustJSON("z" + base58.Encode(sig))
	proofJSON, err := marshalMembers(proof, proofOrder)
	if err != nil {
		return nil, err
	}

	doc := make(map[string]json.RawMessage, len(c.members)+1)
	for name, v := range c.members {
		doc[name] = v
	}
	doc[memberProof] = proofJSON
	order := append(append([]string{}, memberOrder...), sortedNamesExcept(c.members, memberOrder)...)
	return marshalMembers(doc, append(order, memberProof))
}

func sortedNamesExcept(members map[string]json.RawMessage, except []string) []string {
	var out []string
	for _, name := range sortedNames(members) {
		if !slices.Contains(except, name) {
			out = append(out, name)
		}
	}
	return out
}

// dataIntegrityProof is a parsed proof: its options (the proof without
// proofValue, exactly as given) and the signature.
type dataIntegrityProof struct {
	options   map[string]json.RawMessage
	suite     string
	created   time.Time
	signature []byte
}

// proofHash holds the suites' intermediate values, kept apart so the tests
// can compare each with the W3C vectors.
type proofHash struct {
	canonicalProof    []byte
	canonicalDocument []byte
	data              []byte // SHA-256(canonicalProof) ‖ SHA-256(canonicalDocument)
}

// hashData runs the suites' transformation, proof configuration and hashing
// steps: JCS of each, SHA-256 of each, proof hash first.
func hashData(proofOptions, document map[string]json.RawMessage) (proofHash, error) {
	canonicalProof, err := canonicalJSON("proof configuration", proofOptions)
	if err != nil {
		return proofHash{}, err
	}
	canonicalDocument, err := canonicalJSON("credential", document)
	if err != nil {
		return proofHash{}, err
	}
	proofDigest := sha256.Sum256(canonicalProof)
	documentDigest := sha256.Sum256(canonicalDocument)
	return proofHash{
		canonicalProof:    canonicalProof,
		canonicalDocument: canonicalDocument,
		data:              append(proofDigest[:], documentDigest[:]...),
	}, nil
}

func canonicalJSON(what string, members map[string]json.RawMessage) ([]byte, error) {
	data, err := marshalMembers(members, nil)
	if err != nil {
		return nil, err
	}
	return canonicalValue(what, data)
}

func canonicalValue(what string, data []byte) ([]byte, error) {
	out, err := jcs.Transform(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s cannot be canonicalised (JCS): %v", ErrMalformed, what, err)
	}
	return out, nil
}

// parseDataIntegrity reads a JSON credential with one proof. Parsing checks
// only what is needed to know what the proof claims to be; Verify checks the
// rest.
func parseDataIntegrity(data []byte) (*Secured, error) {
	members, err := decodeObject("credential", data)
	if err != nil {
		return nil, err
	}
	proofRaw, ok := members[memberProof]
	if !ok {
		return nil, fmt.Errorf("%w: credential has no proof: it is not secured", ErrMalformed)
	}
	if firstByte(proofRaw) == '[' {
		return nil, fmt.Errorf("%w: proof is an array: proof sets are not accepted, exactly one proof is", ErrUnsupported)
	}
	if !isJSONObject(proofRaw) {
		return nil, fmt.Errorf("%w: proof must be an object", ErrMalformed)
	}
	delete(members, memberProof)
	cred, err := fromMembers(members)
	if err != nil {
		return nil, err
	}

	options, err := decodeObject("proof", proofRaw)
	if err != nil {
		return nil, err
	}
	proofValue, ok := options["proofValue"]
	if !ok {
		return nil, fmt.Errorf("%w: proof.proofValue is missing", ErrInvalidProof)
	}
	delete(options, "proofValue")
	proofType, err := proofString(options, "type")
	if err != nil {
		return nil, err
	}
	if proofType != ProofTypeDataIntegrity {
		return nil, fmt.Errorf("%w: proof.type %q: want %s", ErrUnsupported, proofType, ProofTypeDataIntegrity)
	}
	suite, err := proofString(options, "cryptosuite")
	if err != nil {
		return nil, err
	}
	keyAlg, err := suiteKeyAlgorithm(suite)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"previousProof", "expires"} {
		if _, ok := options[name]; ok {
			return nil, fmt.Errorf("%w: proof.%s: proof chains and expiring proofs are not accepted (use validUntil)", ErrUnsupported, name)
		}
	}
	vm, err := proofString(options, "verificationMethod")
	if err != nil {
		return nil, err
	}
	if _, err := methodDID(vm); err != nil {
		return nil, fmt.Errorf("proof.verificationMethod: %w", err)
	}
	signature, err := decodeProofValue(proofValue)
	if err != nil {
		return nil, err
	}
	switch {
	case suite == SuiteECDSAJCS2019 && len(signature) == p384SignatureSize:
		return nil, fmt.Errorf("%w: %s with P-384: NDI Chain keys are P-256", ErrUnsupported, suite)
	case len(signature) != didsig.SignatureSize:
		return nil, fmt.Errorf("%w: proof.proofValue decodes to %d bytes, want %d", ErrMalformed, len(signature), didsig.SignatureSize)
	}
	proof := &dataIntegrityProof{options: options, suite: suite, signature: signature}
	if raw, ok := options["created"]; ok {
		// A malformed created is kept as the zero time here and refused by
		// Verify, so Parse still shows what the credential claims.
		if s, err := nonEmptyString("proof.created", raw); err == nil {
			proof.created, _ = parseDateTime(s)
		}
	}
	return &Secured{
		format:       FormatDataIntegrity,
		credential:   cred,
		method:       vm,
		algorithm:    suite,
		keyAlgorithm: keyAlg,
		di:           proof,
	}, nil
}

// proofString reads a required string proof option.
func proofString(options map[string]json.RawMessage, name string) (string, error) {
	raw, ok := options[name]
	if !ok {
		return "", fmt.Errorf("%w: proof.%s is missing", ErrInvalidProof, name)
	}
	return stringValue("proof."+name, raw, ErrInvalidProof)
}

// decodeProofValue reads multibase base58btc: 'z' then base58.
func decodeProofValue(raw json.RawMessage) ([]byte, error) {
	value, err := stringValue("proof.proofValue", raw, ErrInvalidProof)
	if err != nil {
		return nil, err
	}
	if len(value) > maxProofValueLen {
		return nil, fmt.Errorf("%w: proof.proofValue is %d characters, limit %d", ErrMalformed, len(value), maxProofValueLen)
	}
	if value[0] != 'z' {
		return nil, fmt.Errorf("%w: proof.proofValue must be multibase base58btc ('z…'), got prefix %q", ErrMalformed, value[:1])
	}
	encoded := value[1:]
	// The base58 decoder indexes a 256-entry table by rune and panics past
	// it, and maps other bad characters to an empty result; check first.
	for i := 0; i < len(encoded); i++ {
		if strings.IndexByte(base58Alphabet, encoded[i]) < 0 {
			return nil, fmt.Errorf("%w: proof.proofValue has a non-base58btc character at offset %d", ErrMalformed, i+1)
		}
	}
	return base58.Decode(encoded), nil
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// checkOptions applies the suites' proof-option rules that need no key.
func (p *dataIntegrityProof) checkOptions(cred *Credential) error {
	var purpose string
	if raw, ok := p.options["proofPurpose"]; !ok || !isJSONString(raw) || json.Unmarshal(raw, &purpose) != nil {
		return fmt.Errorf("%w: proof.proofPurpose is missing or not a string", ErrInvalidProof)
	}
	if purpose != ProofPurposeAssertionMethod {
		return fmt.Errorf("%w: proof.proofPurpose %q: a credential's proof must be %s", ErrInvalidProof, purpose, ProofPurposeAssertionMethod)
	}
	if raw, ok := p.options["created"]; ok {
		var s string
		if !isJSONString(raw) || json.Unmarshal(raw, &s) != nil {
			return fmt.Errorf("%w: proof.created must be a string", ErrInvalidProof)
		}
		if _, err := parseDateTime(s); err != nil {
			return fmt.Errorf("%w: proof.created %q is not an RFC 3339 date-time with a time zone", ErrInvalidProof, s)
		}
	}
	// The @context rule. The suites let the document's @context extend the
	// proof's (for proofs added to a document later) and then hash the
	// document with the proof's @context. With exactly one proof, extra
	// entries can only have been added after signing, and they would change
	// what the signed terms mean, so they must be equal here.
	if proofContext, ok := p.options[memberContext]; ok {
		a, err := canonicalValue("proof.@context", proofContext)
		if err != nil {
			return err
		}
		b, err := canonicalValue("@context", cred.members[memberContext])
		if err != nil {
			return err
		}
		if !bytes.Equal(a, b) {
			return fmt.Errorf("%w: proof.@context %s differs from the credential's @context %s", ErrInvalidProof, a, b)
		}
	}
	return nil
}

func (s *Secured) verifyDataIntegrity(ctx context.Context, resolve KeyResolver) error {
	if err := s.di.checkOptions(s.credential); err != nil {
		return err
	}
	key, err := resolveKey(ctx, resolve, s.method, s.keyAlgorithm, "cryptosuite "+s.algorithm)
	if err != nil {
		return err
	}
	hash, err := hashData(s.di.options, s.credential.members)
	if err != nil {
		return err
	}
	// Ed25519 verifies hashData itself; didsig's P-256 verification hashes
	// it with SHA-256 first, which is what ecdsa-jcs-2019 specifies.
	if err := key.Verify(hash.data, s.di.signature); err != nil {
		return fmt.Errorf("%w: %s proof by %s: %v", ErrBadSignature, s.algorithm, s.method, err)
	}
	return nil
}
