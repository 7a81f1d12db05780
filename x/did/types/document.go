package types

import (
	"bytes"
	"net/url"

	errorsmod "cosmossdk.io/errors"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// ContextDIDv1 must be the first @context entry of every document.
const ContextDIDv1 = "https://www.w3.org/ns/did/v1"

// Controllers returns the DIDs that control the document: its controller
// list, or the DID itself when the list is empty.
func (d *DidDocument) Controllers() []string {
	if len(d.Controller) == 0 {
		return []string{d.Id}
	}
	return d.Controller
}

// FindMethod returns the verification method with id, whether listed in
// verificationMethod or embedded in a relationship.
func (d *DidDocument) FindMethod(id string) (VerificationMethod, bool) {
	for _, vm := range d.VerificationMethod {
		if vm.Id == id {
			return vm, true
		}
	}
	for _, rel := range d.Relationships() {
		for _, r := range rel.Entries {
			if r.Embedded != nil && r.Embedded.Id == id {
				return *r.Embedded, true
			}
		}
	}
	return VerificationMethod{}, false
}

// CanAuthorize reports whether the method may authorize changes to the
// document: it is in authentication or capabilityInvocation.
func (d *DidDocument) CanAuthorize(methodID string) bool {
	return inRelationship(d.Authentication, methodID) || inRelationship(d.CapabilityInvocation, methodID)
}

// CanAssert reports whether the method may issue statements for the DID:
// it is in assertionMethod.
func (d *DidDocument) CanAssert(methodID string) bool {
	return inRelationship(d.AssertionMethod, methodID)
}

func inRelationship(entries []VerificationRelationship, methodID string) bool {
	for _, r := range entries {
		if r.Reference == methodID || (r.Embedded != nil && r.Embedded.Id == methodID) {
			return true
		}
	}
	return false
}

// SameAs reports whether two methods are identical (same id, type,
// controller and key material).
func (vm VerificationMethod) SameAs(o VerificationMethod) bool {
	a, errA := vm.Marshal()
	b, errB := o.Marshal()
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// MethodKey decodes the public key of a verification method under the
// rules of its type.
func MethodKey(vm VerificationMethod) (didsig.PublicKey, error) {
	var jwk *didsig.JWK
	if vm.PublicKeyJwk != nil {
		jwk = &didsig.JWK{Kty: vm.PublicKeyJwk.Kty, Crv: vm.PublicKeyJwk.Crv, X: vm.PublicKeyJwk.X, Y: vm.PublicKeyJwk.Y}
	}
	return didsig.KeyFromMethod(vm.Type, vm.PublicKeyMultibase, jwk)
}

// ValidateDocument checks a document against the parameters, without
// reading state: syntax of every id, key material, references, limits.
func ValidateDocument(d *DidDocument, p Params) error {
	if size := d.Size(); size > int(p.MaxDocumentBytes) {
		return ErrDocumentTooLarge.Wrapf("document is %d bytes encoded, limit max_document_bytes is %d", size, p.MaxDocumentBytes)
	}
	did, err := ParseDID(d.Id)
	if err != nil {
		return err
	}
	if did.Namespace != p.Namespace {
		return ErrWrongNamespace.Wrapf("%s: namespace %q, this chain serves %q", d.Id, did.Namespace, p.Namespace)
	}
	if err := checkIDLength("id", d.Id, p); err != nil {
		return err
	}
	if len(d.Context) == 0 || d.Context[0] != ContextDIDv1 {
		return ErrInvalidDocument.Wrapf("@context must start with %q", ContextDIDv1)
	}
	for i, c := range d.Context {
		if err := checkURI("@context", c); err != nil {
			return ErrInvalidDocument.Wrapf("@context[%d]: %s", i, err)
		}
	}
	if err := checkControllers(d.Controller, p); err != nil {
		return err
	}
	for i, aka := range d.AlsoKnownAs {
		if err := checkURI("alsoKnownAs", aka); err != nil {
			return ErrInvalidDocument.Wrapf("alsoKnownAs[%d]: %s", i, err)
		}
	}

	seen := map[string]bool{}
	methods := 0
	for i := range d.VerificationMethod {
		if err := checkMethod(d, &d.VerificationMethod[i], p, seen); err != nil {
			return errWithIndex(err, "verificationMethod", i)
		}
		methods++
	}
	if len(d.VerificationMethod) == 0 {
		return ErrInvalidDocument.Wrap("verificationMethod must list at least one key")
	}
	for _, rel := range d.Relationships() {
		for i, r := range rel.Entries {
			switch {
			case r.Reference != "" && r.Embedded != nil:
				return ErrInvalidDocument.Wrapf("%s[%d]: a reference or an embedded method, not both", rel.Name, i)
			case r.Reference != "":
				if !listed(d.VerificationMethod, r.Reference) {
					return ErrInvalidDocument.Wrapf("%s[%d]: %q is not in verificationMethod", rel.Name, i, r.Reference)
				}
			case r.Embedded != nil:
				if err := checkMethod(d, r.Embedded, p, seen); err != nil {
					return errWithIndex(err, rel.Name, i)
				}
				methods++
			default:
				return ErrInvalidDocument.Wrapf("%s[%d]: empty entry", rel.Name, i)
			}
		}
	}
	if methods > int(p.MaxVerificationMethods) {
		return ErrTooManyMethods.Wrapf("%d verification methods, limit max_verification_methods is %d", methods, p.MaxVerificationMethods)
	}

	if len(d.Service) > int(p.MaxServices) {
		return ErrTooManyServices.Wrapf("%d services, limit max_services is %d", len(d.Service), p.MaxServices)
	}
	for i, s := range d.Service {
		if err := checkService(d, s, p, seen); err != nil {
			return errWithIndex(err, "service", i)
		}
	}
	return nil
}

// FirstMethodKey is the key the unique-id is derived from.
func FirstMethodKey(d *DidDocument) (didsig.PublicKey, error) {
	if len(d.VerificationMethod) == 0 {
		return didsig.PublicKey{}, ErrInvalidDocument.Wrap("verificationMethod must list at least one key")
	}
	return MethodKey(d.VerificationMethod[0])
}

// CheckSelfCertifying checks that the unique-id of the document's DID is
// derived from the key of its first verification method.
func CheckSelfCertifying(d *DidDocument) error {
	key, err := FirstMethodKey(d)
	if err != nil {
		return err
	}
	did, err := ParseDID(d.Id)
	if err != nil {
		return err
	}
	if want := UniqueIDFromKey(key.Bytes); did.UniqueID != want {
		return ErrNotSelfCertifying.Wrapf("%s: unique-id must be %s, derived from %s", d.Id, want, d.VerificationMethod[0].Id)
	}
	return nil
}

func checkMethod(d *DidDocument, vm *VerificationMethod, p Params, seen map[string]bool) error {
	if err := checkIDLength("id", vm.Id, p); err != nil {
		return err
	}
	owner, _, err := SplitDIDURL(vm.Id)
	if err != nil {
		return err
	}
	if owner != d.Id {
		return ErrInvalidDocument.Wrapf("method id %q must start with %s#", vm.Id, d.Id)
	}
	if seen[vm.Id] {
		return ErrDuplicateID.Wrapf("%q appears twice", vm.Id)
	}
	seen[vm.Id] = true
	if _, err := ParseDID(vm.Controller); err != nil {
		return ErrInvalidDocument.Wrapf("controller of %s: %s", vm.Id, err)
	}
	if err := checkIDLength("controller", vm.Controller, p); err != nil {
		return err
	}
	if _, err := MethodKey(*vm); err != nil {
		return err
	}
	return nil
}

func checkService(d *DidDocument, s Service, p Params, seen map[string]bool) error {
	if err := checkIDLength("id", s.Id, p); err != nil {
		return err
	}
	if owner, _, err := SplitDIDURL(s.Id); err != nil || owner != d.Id {
		return ErrInvalidDocument.Wrapf("service id %q must be %s#<fragment>", s.Id, d.Id)
	}
	if seen[s.Id] {
		return ErrDuplicateID.Wrapf("%q appears twice", s.Id)
	}
	seen[s.Id] = true
	if len(s.Type) == 0 {
		return ErrInvalidDocument.Wrapf("service %s: type is required", s.Id)
	}
	for _, t := range s.Type {
		if t == "" || len(t) > int(p.MaxIdLength) {
			return ErrInvalidDocument.Wrapf("service %s: each type must be 1 to %d characters", s.Id, p.MaxIdLength)
		}
	}
	return checkServiceEndpoint(s.Id, s.ServiceEndpoint)
}

// checkServiceEndpoint accepts a DID Core serviceEndpoint in its one
// canonical form (CanonicalServiceEndpoint, the form DID Core JSON parsing
// stores), whose strings are URIs.
func checkServiceEndpoint(id, endpoint string) error {
	canonical, value, err := canonicalServiceEndpoint([]byte(endpoint))
	if err != nil {
		return ErrInvalidDocument.Wrapf("service %s: %s", id, err)
	}
	if canonical != endpoint {
		return ErrInvalidDocument.Wrapf("service %s: serviceEndpoint must be canonical JSON (docs/did-method.md: compact, keys sorted, no HTML escaping): %s", id, canonical)
	}
	switch e := value.(type) {
	case string:
		if err := checkURI("serviceEndpoint", e); err != nil {
			return ErrInvalidDocument.Wrapf("service %s: %s", id, err)
		}
	case []any:
		for i, item := range e {
			if s, ok := item.(string); ok {
				if err := checkURI("serviceEndpoint", s); err != nil {
					return ErrInvalidDocument.Wrapf("service %s: serviceEndpoint[%d]: %s", id, i, err)
				}
			}
		}
	}
	return nil
}

func checkControllers(controllers []string, p Params) error {
	seen := map[string]bool{}
	for i, c := range controllers {
		if _, err := ParseDID(c); err != nil {
			return ErrInvalidDocument.Wrapf("controller[%d]: %s", i, err)
		}
		if err := checkIDLength("controller", c, p); err != nil {
			return err
		}
		if seen[c] {
			return ErrDuplicateID.Wrapf("controller %q appears twice", c)
		}
		seen[c] = true
	}
	return nil
}

func checkIDLength(field, id string, p Params) error {
	if len(id) > int(p.MaxIdLength) {
		return ErrIDTooLong.Wrapf("%s %q is %d characters, limit max_id_length is %d", field, id, len(id), p.MaxIdLength)
	}
	return nil
}

func checkURI(field, s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return ErrInvalidDocument.Wrapf("%s %q must be an absolute URI", field, s)
	}
	return nil
}

func listed(methods []VerificationMethod, id string) bool {
	for _, vm := range methods {
		if vm.Id == id {
			return true
		}
	}
	return false
}

func errWithIndex(err error, field string, i int) error {
	return errorsmod.Wrapf(err, "%s[%d]", field, i)
}
