package types

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// DID Core JSON. The proto types name their fields the proto way
// (verification_method, public_key_jwk, ...); the structs below are the
// W3C DID Core representation. They are ordered structs rather than maps so
// one document always renders to the same bytes, and every optional member
// is omitted when empty: DID Core has no use for empty arrays or strings.

type didCoreDocument struct {
	Context              didCoreStringList     `json:"@context,omitempty"`
	ID                   string                `json:"id,omitempty"`
	Controller           didCoreStringList     `json:"controller,omitempty"`
	AlsoKnownAs          []string              `json:"alsoKnownAs,omitempty"`
	VerificationMethod   []didCoreMethod       `json:"verificationMethod,omitempty"`
	Authentication       []didCoreRelationship `json:"authentication,omitempty"`
	AssertionMethod      []didCoreRelationship `json:"assertionMethod,omitempty"`
	KeyAgreement         []didCoreRelationship `json:"keyAgreement,omitempty"`
	CapabilityInvocation []didCoreRelationship `json:"capabilityInvocation,omitempty"`
	CapabilityDelegation []didCoreRelationship `json:"capabilityDelegation,omitempty"`
	Service              []didCoreService      `json:"service,omitempty"`
}

type didCoreMethod struct {
	ID                 string      `json:"id,omitempty"`
	Type               string      `json:"type,omitempty"`
	Controller         string      `json:"controller,omitempty"`
	PublicKeyMultibase string      `json:"publicKeyMultibase,omitempty"`
	PublicKeyJwk       *didCoreJwk `json:"publicKeyJwk,omitempty"`
}

type didCoreJwk struct {
	Kty string `json:"kty,omitempty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
}

type didCoreService struct {
	ID   string              `json:"id,omitempty"`
	Type didCoreStringOrList `json:"type,omitempty"`
	// ServiceEndpoint is the stored canonical JSON, emitted verbatim.
	ServiceEndpoint json.RawMessage `json:"serviceEndpoint,omitempty"`
}

// didCoreRelationship is one verification relationship entry: a DID URL
// string, or an embedded verification method object.
type didCoreRelationship struct {
	reference string
	embedded  *didCoreMethod
}

// didCoreStringList renders as an array and reads a string or an array
// (`@context`, `controller`).
type didCoreStringList []string

// didCoreStringOrList renders as a string when it holds one value and an
// array when it holds several (service `type`); it reads either form.
type didCoreStringOrList []string

// MarshalDIDCore renders the document as W3C DID Core JSON.
func (d DidDocument) MarshalDIDCore() ([]byte, error) {
	doc, err := didCoreFromDocument(d)
	if err != nil {
		return nil, err
	}
	return marshalDIDCoreJSON(doc)
}

// UnmarshalDIDCore reads a W3C DID Core JSON document. It is the inverse of
// MarshalDIDCore and also accepts the other forms DID Core allows:
// `@context` and `controller` as a string, a service `type` as a string or
// an array, a `serviceEndpoint` as a string, map or array (stored as
// canonical JSON, see CanonicalServiceEndpoint). A property the document
// cannot hold is refused rather than silently dropped.
func UnmarshalDIDCore(bz []byte) (DidDocument, error) {
	var in didCoreDocument
	if err := decodeDIDCoreStrict(bz, &in); err != nil {
		return DidDocument{}, ErrInvalidDocument.Wrapf("DID Core JSON: %v", err)
	}
	d := DidDocument{
		Context:     in.Context,
		Id:          in.ID,
		Controller:  in.Controller,
		AlsoKnownAs: in.AlsoKnownAs,
	}
	for _, m := range in.VerificationMethod {
		d.VerificationMethod = append(d.VerificationMethod, m.toProto())
	}
	d.Authentication = didCoreRelationshipsToProto(in.Authentication)
	d.AssertionMethod = didCoreRelationshipsToProto(in.AssertionMethod)
	d.KeyAgreement = didCoreRelationshipsToProto(in.KeyAgreement)
	d.CapabilityInvocation = didCoreRelationshipsToProto(in.CapabilityInvocation)
	d.CapabilityDelegation = didCoreRelationshipsToProto(in.CapabilityDelegation)
	for i, s := range in.Service {
		svc := Service{Id: s.ID, Type: s.Type}
		if len(s.ServiceEndpoint) > 0 {
			endpoint, err := CanonicalServiceEndpoint(s.ServiceEndpoint)
			if err != nil {
				return DidDocument{}, ErrInvalidDocument.Wrapf("DID Core JSON: service[%d] %q: %v", i, s.ID, err)
			}
			svc.ServiceEndpoint = endpoint
		}
		d.Service = append(d.Service, svc)
	}
	return d, nil
}

// MarshalDIDCore renders one verification method as DID Core JSON, as it
// appears in `verificationMethod` (used to dereference `did#fragment`).
func (m VerificationMethod) MarshalDIDCore() ([]byte, error) {
	return marshalDIDCoreJSON(didCoreMethodFromProto(m))
}

// MarshalDIDCore renders one service as DID Core JSON, as it appears in
// `service` (used to dereference `did#fragment`).
func (s Service) MarshalDIDCore() ([]byte, error) {
	svc, err := didCoreServiceFromProto(s)
	if err != nil {
		return nil, err
	}
	return marshalDIDCoreJSON(svc)
}

// didCoreMetadata is DID Core document metadata. Times are RFC 3339 UTC,
// whole seconds.
type didCoreMetadata struct {
	Created       string `json:"created,omitempty"`
	Updated       string `json:"updated,omitempty"`
	NextUpdate    string `json:"nextUpdate,omitempty"`
	VersionID     string `json:"versionId,omitempty"`
	NextVersionID string `json:"nextVersionId,omitempty"`
	Deactivated   bool   `json:"deactivated,omitempty"`
}

// MarshalDIDCore renders the metadata as DID Core document metadata:
// `created`, `updated`, `nextUpdate` as `2026-01-02T03:04:05Z`, `versionId`,
// `nextVersionId`, and `deactivated` only when true. Absent values are
// omitted.
func (m DidDocumentMetadata) MarshalDIDCore() ([]byte, error) {
	out := didCoreMetadata{
		Created:       didCoreTime(&m.Created),
		Updated:       didCoreTime(m.Updated),
		NextUpdate:    didCoreTime(m.NextUpdate),
		VersionID:     m.VersionId,
		NextVersionID: m.NextVersionId,
		Deactivated:   m.Deactivated,
	}
	return marshalDIDCoreJSON(out)
}

// CanonicalServiceEndpoint checks that raw is a DID Core serviceEndpoint (a
// non-empty string, a non-empty map, or a non-empty array of non-empty
// strings and maps) and returns it in the one canonical form the chain
// stores: compact JSON, map keys sorted at every depth, numbers as written,
// no HTML escaping ('&', '<' and '>' stay as they are). The keeper accepts
// exactly this form, so a document survives DID Core JSON → proto → DID
// Core JSON unchanged.
func CanonicalServiceEndpoint(raw []byte) (string, error) {
	canonical, _, err := canonicalServiceEndpoint(raw)
	return canonical, err
}

func canonicalServiceEndpoint(raw []byte) (string, any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var endpoint any
	if err := dec.Decode(&endpoint); err != nil {
		return "", nil, fmt.Errorf("serviceEndpoint is not JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "", nil, errors.New("serviceEndpoint has data after its JSON value")
	}
	switch v := endpoint.(type) {
	case string:
		if v == "" {
			return "", nil, errors.New("serviceEndpoint is an empty string")
		}
	case map[string]any:
		if len(v) == 0 {
			return "", nil, errors.New("serviceEndpoint is an empty map")
		}
	case []any:
		if len(v) == 0 {
			return "", nil, errors.New("serviceEndpoint is an empty array")
		}
		for i, item := range v {
			switch item := item.(type) {
			case string:
				if item == "" {
					return "", nil, fmt.Errorf("serviceEndpoint[%d] is an empty string", i)
				}
			case map[string]any:
			default:
				return "", nil, fmt.Errorf("serviceEndpoint[%d] must be a string or a map", i)
			}
		}
	default:
		return "", nil, errors.New("serviceEndpoint must be a string, a map or an array")
	}
	bz, err := CompactJSON(endpoint)
	if err != nil {
		return "", nil, fmt.Errorf("serviceEndpoint: %w", err)
	}
	return string(bz), endpoint, nil
}

func didCoreFromDocument(d DidDocument) (didCoreDocument, error) {
	out := didCoreDocument{
		Context:     d.Context,
		ID:          d.Id,
		Controller:  d.Controller,
		AlsoKnownAs: d.AlsoKnownAs,
	}
	for _, m := range d.VerificationMethod {
		out.VerificationMethod = append(out.VerificationMethod, didCoreMethodFromProto(m))
	}
	relationships := []struct {
		name string
		in   []VerificationRelationship
		out  *[]didCoreRelationship
	}{
		{"authentication", d.Authentication, &out.Authentication},
		{"assertionMethod", d.AssertionMethod, &out.AssertionMethod},
		{"keyAgreement", d.KeyAgreement, &out.KeyAgreement},
		{"capabilityInvocation", d.CapabilityInvocation, &out.CapabilityInvocation},
		{"capabilityDelegation", d.CapabilityDelegation, &out.CapabilityDelegation},
	}
	for _, rel := range relationships {
		for i, entry := range rel.in {
			switch {
			case entry.Embedded != nil && entry.Reference != "":
				return didCoreDocument{}, ErrInvalidDocument.Wrapf("%s[%d] has both a reference and an embedded method", rel.name, i)
			case entry.Embedded != nil:
				m := didCoreMethodFromProto(*entry.Embedded)
				*rel.out = append(*rel.out, didCoreRelationship{embedded: &m})
			case entry.Reference != "":
				*rel.out = append(*rel.out, didCoreRelationship{reference: entry.Reference})
			default:
				return didCoreDocument{}, ErrInvalidDocument.Wrapf("%s[%d] has neither a reference nor an embedded method", rel.name, i)
			}
		}
	}
	for _, s := range d.Service {
		svc, err := didCoreServiceFromProto(s)
		if err != nil {
			return didCoreDocument{}, err
		}
		out.Service = append(out.Service, svc)
	}
	return out, nil
}

func didCoreMethodFromProto(m VerificationMethod) didCoreMethod {
	out := didCoreMethod{
		ID:                 m.Id,
		Type:               m.Type,
		Controller:         m.Controller,
		PublicKeyMultibase: m.PublicKeyMultibase,
	}
	// A JWK that is present but empty renders as {}, not as nothing: it is
	// a different proto document from one without a JWK (and is refused by
	// ValidateDocument), so dropping it would break the round trip.
	if k := m.PublicKeyJwk; k != nil {
		out.PublicKeyJwk = &didCoreJwk{Kty: k.Kty, Crv: k.Crv, X: k.X, Y: k.Y}
	}
	return out
}

func didCoreServiceFromProto(s Service) (didCoreService, error) {
	out := didCoreService{ID: s.Id, Type: s.Type}
	if s.ServiceEndpoint != "" {
		if !json.Valid([]byte(s.ServiceEndpoint)) {
			return didCoreService{}, ErrInvalidDocument.Wrapf("service %q: serviceEndpoint is not JSON", s.Id)
		}
		out.ServiceEndpoint = json.RawMessage(s.ServiceEndpoint)
	}
	return out, nil
}

func (m didCoreMethod) toProto() VerificationMethod {
	out := VerificationMethod{
		Id:                 m.ID,
		Type:               m.Type,
		Controller:         m.Controller,
		PublicKeyMultibase: m.PublicKeyMultibase,
	}
	if k := m.PublicKeyJwk; k != nil {
		out.PublicKeyJwk = &Jwk{Kty: k.Kty, Crv: k.Crv, X: k.X, Y: k.Y}
	}
	return out
}

func didCoreRelationshipsToProto(in []didCoreRelationship) []VerificationRelationship {
	var out []VerificationRelationship
	for _, entry := range in {
		if entry.embedded != nil {
			m := entry.embedded.toProto()
			out = append(out, VerificationRelationship{Embedded: &m})
			continue
		}
		out = append(out, VerificationRelationship{Reference: entry.reference})
	}
	return out
}

// MarshalJSON renders a reference as a string and an embedded method as an
// object.
func (r didCoreRelationship) MarshalJSON() ([]byte, error) {
	if r.embedded != nil {
		return CompactJSON(r.embedded)
	}
	return CompactJSON(r.reference)
}

// UnmarshalJSON reads a DID URL string or a verification method object.
func (r *didCoreRelationship) UnmarshalJSON(bz []byte) error {
	switch didCoreFirstByte(bz) {
	case '"':
		var ref string
		if err := json.Unmarshal(bz, &ref); err != nil {
			return err
		}
		*r = didCoreRelationship{reference: ref}
		return nil
	case '{':
		var m didCoreMethod
		if err := decodeDIDCoreStrict(bz, &m); err != nil {
			return fmt.Errorf("embedded verification method: %w", err)
		}
		*r = didCoreRelationship{embedded: &m}
		return nil
	default:
		return errors.New("a verification relationship entry must be a DID URL string or a verification method object")
	}
}

// MarshalJSON renders the list as an array.
func (l didCoreStringList) MarshalJSON() ([]byte, error) {
	return CompactJSON([]string(l))
}

// UnmarshalJSON reads a string or an array of strings.
func (l *didCoreStringList) UnmarshalJSON(bz []byte) error {
	values, err := didCoreStringsFromJSON(bz)
	*l = values
	return err
}

// MarshalJSON renders one value as a string, several as an array.
func (l didCoreStringOrList) MarshalJSON() ([]byte, error) {
	if len(l) == 1 {
		return CompactJSON(l[0])
	}
	return CompactJSON([]string(l))
}

// UnmarshalJSON reads a string or an array of strings.
func (l *didCoreStringOrList) UnmarshalJSON(bz []byte) error {
	values, err := didCoreStringsFromJSON(bz)
	*l = values
	return err
}

func didCoreStringsFromJSON(bz []byte) ([]string, error) {
	switch didCoreFirstByte(bz) {
	case 'n': // null: absent
		return nil, nil
	case '"':
		var s string
		if err := json.Unmarshal(bz, &s); err != nil {
			return nil, err
		}
		return []string{s}, nil
	case '[':
		var list []string
		if err := json.Unmarshal(bz, &list); err != nil {
			return nil, errors.New("expected a string or an array of strings")
		}
		if len(list) == 0 {
			return nil, nil
		}
		return list, nil
	default:
		return nil, errors.New("expected a string or an array of strings")
	}
}

func didCoreFirstByte(bz []byte) byte {
	bz = bytes.TrimLeft(bz, " \t\r\n")
	if len(bz) == 0 {
		return 0
	}
	return bz[0]
}

// decodeDIDCoreStrict decodes exactly one JSON value into v, refusing
// members v has no field for and trailing data.
func decodeDIDCoreStrict(bz []byte, v any) error {
	if err := checkMemberNames(bz); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON value")
	}
	return nil
}

func marshalDIDCoreJSON(v any) ([]byte, error) {
	bz, err := CompactJSON(v)
	if err != nil {
		return nil, ErrInvalidDocument.Wrapf("DID Core JSON: %v", err)
	}
	return bz, nil
}

// CompactJSON is v as compact JSON without HTML escaping and without a
// trailing newline: DID URLs and endpoints carry '&', and "\u0026" would
// make the bytes differ from what other DID Core producers emit for the
// same document. Every MarshalJSON here uses it, since an outer encoder
// cannot undo an inner escape, and so does the resolver for its HTTP
// bodies, so a document it serves keeps the bytes MarshalDIDCore made.
func CompactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func didCoreTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return RecordedTime(*t).Format(time.RFC3339)
}

// didCoreMembers are the member names of every DID Core object this
// package reads (document, verification method, JWK, service), spelled
// exactly. encoding/json matches names case-insensitively and lets a
// repeated member overwrite the first; DID Core JSON is case-sensitive, and
// a document with "ID" or two "id" members must be refused, not read as
// something its author may not have meant.
var didCoreMembers = map[string]bool{
	"@context": true, "id": true, "controller": true, "alsoKnownAs": true, "verificationMethod": true,
	"authentication": true, "assertionMethod": true, "keyAgreement": true, "capabilityInvocation": true,
	"capabilityDelegation": true, "service": true, "type": true, "publicKeyMultibase": true,
	"publicKeyJwk": true, "kty": true, "crv": true, "x": true, "y": true, "serviceEndpoint": true,
}

// checkMemberNames refuses, anywhere in bz, an object with a repeated
// member, and outside serviceEndpoint values (which are free-form maps) a
// member name that is not spelled exactly as DID Core spells it.
func checkMemberNames(bz []byte) error {
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.UseNumber()
	return walkMembers(dec, true)
}

// walkMembers reads one JSON value from dec. strict says whether object
// member names must be DID Core names.
func walkMembers(dec *json.Decoder, strict bool) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := keyTok.(string)
			if seen[key] {
				return fmt.Errorf("member %q appears twice in one object", key)
			}
			seen[key] = true
			if strict && !didCoreMembers[key] {
				return fmt.Errorf("unknown member %q (DID Core member names are case-sensitive)", key)
			}
			if err := walkMembers(dec, strict && key != "serviceEndpoint"); err != nil {
				return err
			}
		}
		_, err = dec.Token() // '}'
		return err
	case json.Delim('['):
		for dec.More() {
			if err := walkMembers(dec, strict); err != nil {
				return err
			}
		}
		_, err = dec.Token() // ']'
		return err
	default:
		return nil
	}
}
