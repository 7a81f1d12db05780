package credential

import (
	"context"
	"fmt"
	"strings"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// Signer signs for one verification method of an issuer DID. Sign must
// produce what didsig.PublicKey.Verify accepts: Ed25519 over msg, or ECDSA
// r‖s (64 bytes) over SHA-256(msg).
type Signer interface {
	// VerificationMethod is the DID URL of the key (did:…#fragment); it
	// becomes the JWS kid or the proof's verificationMethod.
	VerificationMethod() string
	Algorithm() didsig.Algorithm
	Sign(msg []byte) ([]byte, error)
}

// KeyResolver returns the public key of a verification method. The verifier
// that calls Verify decides what "the key" means (for NDI Chain: the
// issuer's DID document as of validFrom, the method listed under
// assertionMethod); this package only checks signatures with what it gets.
type KeyResolver func(ctx context.Context, verificationMethod string) (didsig.PublicKey, error)

// NewSigner makes a Signer from a key held in memory (the CLI key store,
// tests). vm must be a DID URL with a fragment.
func NewSigner(vm string, key didsig.PrivateKey) (Signer, error) {
	if _, err := methodDID(vm); err != nil {
		return nil, err
	}
	// Deriving the public key checks the private key's length and range, so
	// a bad key fails here rather than at the first signature.
	if _, err := key.PublicKey(); err != nil {
		return nil, fmt.Errorf("%w: signing key for %s: %w", ErrUnsupported, vm, err)
	}
	return keySigner{vm: vm, key: key}, nil
}

type keySigner struct {
	vm  string
	key didsig.PrivateKey
}

func (s keySigner) VerificationMethod() string      { return s.vm }
func (s keySigner) Algorithm() didsig.Algorithm     { return s.key.Algorithm }
func (s keySigner) Sign(msg []byte) ([]byte, error) { return s.key.Sign(msg) }

// MethodDID returns the DID a verification-method DID URL belongs to: the
// part before its path, query or fragment. A DID cannot contain '/', '?' or
// '#', so the first of them ends it. The URL must name a fragment, because a
// verification method is always one key of a document, never the whole DID.
func MethodDID(vm string) (string, error) { return methodDID(vm) }

func methodDID(vm string) (string, error) {
	if !strings.HasPrefix(vm, "did:") {
		return "", fmt.Errorf("%w: verification method %q is not a DID URL", ErrMalformed, vm)
	}
	did := vm
	if i := strings.IndexAny(vm, "/?#"); i >= 0 {
		did = vm[:i]
	}
	parts := strings.SplitN(did, ":", 3)
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
		return "", fmt.Errorf("%w: verification method %q does not start with a DID (did:method:id)", ErrMalformed, vm)
	}
	if _, fragment, ok := strings.Cut(vm, "#"); !ok || fragment == "" {
		return "", fmt.Errorf("%w: verification method %q has no #fragment naming a key", ErrMalformed, vm)
	}
	return did, nil
}

// checkIssuer binds the key to the credential: the verification method must
// be one of the issuer DID's own, or anyone's key could vouch for anyone.
func checkIssuer(c *Credential, vm string) error {
	did, err := methodDID(vm)
	if err != nil {
		return err
	}
	if did != c.Issuer() {
		return fmt.Errorf("%w: verification method %s belongs to %s, the issuer is %s", ErrIssuerMismatch, vm, did, c.Issuer())
	}
	return nil
}

// resolveKey calls the resolver and checks the key is of the algorithm the
// JWS alg or cryptosuite (named by scheme) requires.
func resolveKey(ctx context.Context, resolve KeyResolver, vm string, want didsig.Algorithm, scheme string) (didsig.PublicKey, error) {
	if resolve == nil {
		return didsig.PublicKey{}, fmt.Errorf("%w: %s: no key resolver", ErrKeyResolution, vm)
	}
	key, err := resolve(ctx, vm)
	if err != nil {
		return didsig.PublicKey{}, fmt.Errorf("%w: %s: %w", ErrKeyResolution, vm, err)
	}
	if key.Algorithm != want {
		return didsig.PublicKey{}, fmt.Errorf("%w: %s needs a %s key, %s is %s", ErrKeyMismatch, scheme, want, vm, key.Algorithm)
	}
	return key, nil
}
