package types

import (
	"fmt"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// NewDocument builds the document of a new DID from its keys, the way the
// CLI does: the DID's unique-id comes from the first key; every key is a
// Multikey method #key-<n> controlled by the DID and listed in
// authentication, assertionMethod and capabilityInvocation.
func NewDocument(namespace string, keys ...didsig.PublicKey) (DidDocument, error) {
	if len(keys) == 0 {
		return DidDocument{}, ErrInvalidDocument.Wrap("a DID needs at least one key")
	}
	id := DID{Namespace: namespace, UniqueID: UniqueIDFromKey(keys[0].Bytes)}.String()
	doc := DidDocument{Context: []string{ContextDIDv1, ContextMultikeyV1}, Id: id}
	for i, k := range keys {
		methodID := fmt.Sprintf("%s#key-%d", id, i+1)
		doc.VerificationMethod = append(doc.VerificationMethod, VerificationMethod{
			Id: methodID, Type: didsig.MethodTypeMultikey, Controller: id, PublicKeyMultibase: k.Multikey(),
		})
		ref := VerificationRelationship{Reference: methodID}
		doc.Authentication = append(doc.Authentication, ref)
		doc.AssertionMethod = append(doc.AssertionMethod, ref)
		doc.CapabilityInvocation = append(doc.CapabilityInvocation, ref)
	}
	return doc, nil
}

// ContextMultikeyV1 is the JSON-LD context that defines Multikey.
const ContextMultikeyV1 = "https://w3id.org/security/multikey/v1"
