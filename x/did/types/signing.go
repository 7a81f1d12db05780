package types

import (
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// Signer is one DID signature to make: the verification method it is made
// as, the private key of that method, and the document (new or current) the
// chain reads the method from.
type Signer struct {
	MethodID string
	Key      didsig.PrivateKey
	Source   KeySource
}

// Sign makes one DID signature per signer over payload's sign bytes on
// chainID (SignBytes). It refuses an empty chain id: a signature bound to no
// chain is refused by every chain, so it is a mistake to catch before
// anything is sent. Every CLI, the simulator and the tests sign through
// here, so the sign-doc rule is applied in one place.
func Sign(chainID string, payload proto.Message, signers ...Signer) ([]DidSignature, error) {
	if chainID == "" {
		return nil, ErrMissingChainID.Wrap("DID signatures are bound to a chain id; none was given")
	}
	bz, err := SignBytes(chainID, payload)
	if err != nil {
		return nil, fmt.Errorf("sign bytes of %s: %w", proto.MessageName(payload), err)
	}
	sigs := make([]DidSignature, 0, len(signers))
	for _, s := range signers {
		sig, err := s.Key.Sign(bz)
		if err != nil {
			return nil, fmt.Errorf("sign as %s: %w", s.MethodID, err)
		}
		sigs = append(sigs, DidSignature{VerificationMethodId: s.MethodID, Signature: sig, KeySource: s.Source})
	}
	return sigs, nil
}

// KeyRole is what a key may do for its DID, and the verification
// relationships that grant it.
type KeyRole struct {
	// Name names the relationships, for error messages.
	Name   string
	allows func(d *DidDocument, methodID string) bool
}

// Allows reports whether the method methodID of d holds the role.
func (r KeyRole) Allows(d *DidDocument, methodID string) bool { return r.allows(d, methodID) }

var (
	// RoleAuthorize: the keys that may create, update or deactivate a DID.
	RoleAuthorize = KeyRole{"authentication or capabilityInvocation", (*DidDocument).CanAuthorize}
	// RoleAssert: the keys that may issue statements for the DID, as
	// x/accreditation and x/revocation require.
	RoleAssert = KeyRole{"assertionMethod", (*DidDocument).CanAssert}
)

// Relationship is one of the five verification relationships of a document,
// by its DID Core name.
type Relationship struct {
	Name    string
	Entries []VerificationRelationship
}

// Relationships returns the document's five verification relationships in
// DID Core order. Code that walks every relationship goes through here, so
// none can be forgotten.
func (d *DidDocument) Relationships() []Relationship {
	return []Relationship{
		{"authentication", d.Authentication},
		{"assertionMethod", d.AssertionMethod},
		{"keyAgreement", d.KeyAgreement},
		{"capabilityInvocation", d.CapabilityInvocation},
		{"capabilityDelegation", d.CapabilityDelegation},
	}
}

// AllMethods returns every verification method of the document: those
// listed in verificationMethod, then those embedded in a relationship, in
// document order.
func (d *DidDocument) AllMethods() []VerificationMethod {
	methods := append([]VerificationMethod(nil), d.VerificationMethod...)
	for _, rel := range d.Relationships() {
		for _, r := range rel.Entries {
			if r.Embedded != nil {
				methods = append(methods, *r.Embedded)
			}
		}
	}
	return methods
}

// MethodForKey returns the first method of the document (referenced or
// embedded) that holds pub and has the role.
func (d *DidDocument) MethodForKey(pub didsig.PublicKey, role KeyRole) (VerificationMethod, bool) {
	for _, vm := range d.AllMethods() {
		key, err := MethodKey(vm)
		if err == nil && key.Equal(pub) && role.Allows(d, vm.Id) {
			return vm, true
		}
	}
	return VerificationMethod{}, false
}

// Clone returns a deep copy of the document: changing the copy (its
// methods, relationships, keys) leaves d as it was.
func (d *DidDocument) Clone() DidDocument {
	return *proto.Clone(d).(*DidDocument)
}
