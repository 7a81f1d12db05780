package types

import (
	"crypto/sha256"
	"regexp"
	"strings"

	"github.com/cosmos/btcutil/base58"
)

// uniqueIDBytes is how many bytes of SHA-256 form the unique-id.
const uniqueIDBytes = 16

var (
	namespaceSyntax = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	base58Syntax    = regexp.MustCompile(`^[1-9A-HJ-NP-Za-km-z]+$`)
	fragmentSyntax  = regexp.MustCompile(`^[A-Za-z0-9._~!$&'()*+,;=:@/?-]+$`)
)

// DID is a parsed did:ndi:<namespace>:<unique-id>.
type DID struct {
	Namespace string
	UniqueID  string
}

// String returns the DID.
func (d DID) String() string {
	return "did:" + Method + ":" + d.Namespace + ":" + d.UniqueID
}

// ParseDID parses a did:ndi DID strictly: lowercase method and namespace, a
// unique-id that is base58btc of exactly 16 bytes, nothing after it.
func ParseDID(s string) (DID, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 4 || parts[0] != "did" {
		return DID{}, ErrInvalidDid.Wrapf("%q is not did:%s:<namespace>:<unique-id>", s, Method)
	}
	if parts[1] != Method {
		return DID{}, ErrInvalidDid.Wrapf("%q: method must be %q, got %q", s, Method, parts[1])
	}
	if !namespaceSyntax.MatchString(parts[2]) {
		return DID{}, ErrInvalidDid.Wrapf("%q: namespace must match %s", s, namespaceSyntax)
	}
	if !base58Syntax.MatchString(parts[3]) {
		return DID{}, ErrInvalidDid.Wrapf("%q: unique-id must be base58btc", s)
	}
	if n := len(base58.Decode(parts[3])); n != uniqueIDBytes {
		return DID{}, ErrInvalidDid.Wrapf("%q: unique-id must encode %d bytes, got %d", s, uniqueIDBytes, n)
	}
	return DID{Namespace: parts[2], UniqueID: parts[3]}, nil
}

// UniqueIDFromKey derives the self-certifying unique-id: base58btc of the
// first 16 bytes of SHA-256 over the raw public key (Ed25519: 32 bytes;
// ECDSA: the 33-byte compressed point).
func UniqueIDFromKey(rawKey []byte) string {
	sum := sha256.Sum256(rawKey)
	return base58.Encode(sum[:uniqueIDBytes])
}

// SplitDIDURL splits "<did>#<fragment>" into the DID and the fragment. The
// DID is not validated here; the fragment must be non-empty and use only
// URI fragment characters.
func SplitDIDURL(s string) (did, fragment string, err error) {
	did, fragment, ok := strings.Cut(s, "#")
	if !ok || did == "" {
		return "", "", ErrInvalidDocument.Wrapf("%q is not a DID URL of the form <did>#<fragment>", s)
	}
	if !fragmentSyntax.MatchString(fragment) {
		return "", "", ErrInvalidDocument.Wrapf("%q: fragment must be non-empty URI fragment characters", s)
	}
	return did, fragment, nil
}
