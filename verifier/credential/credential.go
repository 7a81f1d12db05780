package credential

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// ContextV2 is the VC Data Model 2.0 base context; it must come first in
// every credential's @context.
const ContextV2 = "https://www.w3.org/ns/credentials/v2"

// TypeVerifiableCredential is the type every credential carries.
const TypeVerifiableCredential = "VerifiableCredential"

// MaxCredentialSize bounds the input of ParseCredential and Parse. A
// credential with a few subjects, schemas and status entries is a few KiB;
// the bound leaves ample room and keeps hostile input cheap to refuse.
const MaxCredentialSize = 1 << 20

// Member names this package interprets. Every other member is kept as given.
const (
	memberContext    = "@context"
	memberID         = "id"
	memberType       = "type"
	memberIssuer     = "issuer"
	memberValidFrom  = "validFrom"
	memberValidUntil = "validUntil"
	memberSubject    = "credentialSubject"
	memberSchema     = "credentialSchema"
	memberStatus     = "credentialStatus"
	memberProof      = "proof"
)

// memberOrder is the order MarshalJSON writes the interpreted members in,
// the order of the VC Data Model's own examples; the rest follow by name.
var memberOrder = []string{
	memberContext, memberID, memberType, memberIssuer, memberValidFrom, memberValidUntil,
	memberSubject, memberSchema, memberStatus,
}

// Credential is a typed view over a VC Data Model 2.0 credential without
// its proof. It keeps every member as the raw JSON it was given, including
// members this package does not interpret, so that what is signed or
// canonicalised is exactly the credential and not a re-encoding of the
// fields known here. The typed accessors are read from those members.
type Credential struct {
	members map[string]json.RawMessage

	context    []json.RawMessage
	id         string
	types      []string
	issuer     string
	validFrom  time.Time
	validUntil time.Time
	subject    json.RawMessage
	schemas    []Schema
	statuses   []StatusEntry
}

// ParseCredential reads a credential and checks the VC Data Model 2.0 basics:
// the first @context is ContextV2, type contains VerifiableCredential, issuer
// and credentialSubject are present, validFrom and validUntil are RFC 3339
// date-times with validUntil after validFrom, and credentialSchema and
// credentialStatus are well formed (status entries 1-bit
// BitstringStatusListEntry). A proof member is kept as an unknown member;
// Parse is the entry point for secured credentials.
func ParseCredential(data []byte) (*Credential, error) {
	if len(data) > MaxCredentialSize {
		return nil, fmt.Errorf("%w: credential is %d bytes, limit %d", ErrMalformed, len(data), MaxCredentialSize)
	}
	members, err := decodeObject("credential", data)
	if err != nil {
		return nil, err
	}
	return fromMembers(members)
}

// New starts a credential for issuing: @context [ContextV2], type
// VerifiableCredential followed by types (VerifiableCredential is not
// repeated if given), the issuer DID, and the subject (a JSON object). The
// result is checked when it is signed, so a builder mistake surfaces there.
func New(issuer string, types []string, subject json.RawMessage) *Credential {
	allTypes := []string{TypeVerifiableCredential}
	for _, t := range types {
		if t != TypeVerifiableCredential {
			allTypes = append(allTypes, t)
		}
	}
	c := &Credential{members: map[string]json.RawMessage{}}
	c.set(memberContext, []string{ContextV2})
	c.set(memberType, allTypes)
	c.set(memberIssuer, issuer)
	c.members[memberSubject] = slices.Clone(subject)
	c.context = []json.RawMessage{mustJSON(ContextV2)}
	c.types = allTypes
	c.issuer = issuer
	c.subject = slices.Clone(subject)
	return c
}

// SetID sets the credential's id (a URL, typically urn:uuid:…).
func (c *Credential) SetID(id string) *Credential {
	c.set(memberID, id)
	c.id = id
	return c
}

// SetValidFrom sets validFrom, written in UTC to the second.
func (c *Credential) SetValidFrom(t time.Time) *Credential {
	t = t.UTC().Truncate(time.Second)
	c.set(memberValidFrom, t.Format(time.RFC3339))
	c.validFrom = t
	return c
}

// SetValidUntil sets validUntil, written in UTC to the second.
func (c *Credential) SetValidUntil(t time.Time) *Credential {
	t = t.UTC().Truncate(time.Second)
	c.set(memberValidUntil, t.Format(time.RFC3339))
	c.validUntil = t
	return c
}

// AddSchema appends a credentialSchema entry.
func (c *Credential) AddSchema(s Schema) *Credential {
	c.schemas = append(c.schemas, s)
	c.members[memberSchema] = listJSON(c.schemas)
	return c
}

// AddStatus appends a credentialStatus entry. Its Type defaults to
// BitstringStatusListEntry.
func (c *Credential) AddStatus(s StatusEntry) *Credential {
	if s.Type == "" {
		s.Type = TypeBitstringStatusListEntry
	}
	c.statuses = append(c.statuses, s)
	c.members[memberStatus] = listJSON(c.statuses)
	return c
}

// MarshalJSON writes the credential: the members this package interprets in
// the VC Data Model's order, then every other member by name. Values are the
// raw JSON given, compacted.
func (c *Credential) MarshalJSON() ([]byte, error) {
	return marshalMembers(c.members, memberOrder)
}

// Context returns the @context entries (strings or inline context objects)
// as raw JSON.
func (c *Credential) Context() []json.RawMessage { return cloneRaws(c.context) }

// ID returns the credential's id, or "" when it has none.
func (c *Credential) ID() string { return c.id }

// Types returns the credential's type values in the order given.
func (c *Credential) Types() []string { return slices.Clone(c.types) }

// Issuer returns the issuer's id, whether issuer was a string or an object.
func (c *Credential) Issuer() string { return c.issuer }

// ValidFrom returns validFrom and whether the credential has one.
func (c *Credential) ValidFrom() (time.Time, bool) { return c.validFrom, !c.validFrom.IsZero() }

// ValidUntil returns validUntil and whether the credential has one.
func (c *Credential) ValidUntil() (time.Time, bool) { return c.validUntil, !c.validUntil.IsZero() }

// Subject returns credentialSubject as raw JSON (an object, or an array of
// objects).
func (c *Credential) Subject() json.RawMessage { return slices.Clone(c.subject) }

// Schemas returns the credentialSchema entries, in order.
func (c *Credential) Schemas() []Schema { return slices.Clone(c.schemas) }

// Statuses returns the credentialStatus entries, in order.
func (c *Credential) Statuses() []StatusEntry { return slices.Clone(c.statuses) }

// Member returns the raw JSON of any top-level member, interpreted here or
// not.
func (c *Credential) Member(name string) (json.RawMessage, bool) {
	v, ok := c.members[name]
	return slices.Clone(v), ok
}

// clone returns a deep copy, so a Secured's credential and the document its
// proof was checked over cannot drift apart through a caller's setter.
func (c *Credential) clone() *Credential {
	members := make(map[string]json.RawMessage, len(c.members))
	for name, v := range c.members {
		members[name] = slices.Clone(v)
	}
	out := *c
	out.members = members
	out.context = cloneRaws(c.context)
	out.types = slices.Clone(c.types)
	out.subject = slices.Clone(c.subject)
	out.schemas = slices.Clone(c.schemas)
	out.statuses = slices.Clone(c.statuses)
	return &out
}

// validate re-reads the credential from its own JSON, so issuing applies
// exactly the rules verifying does.
func (c *Credential) validate() error {
	data, err := c.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = ParseCredential(data)
	return err
}

func (c *Credential) set(name string, v any) {
	c.members[name] = mustJSON(v)
}

// listJSON writes one entry as an object and several as an array, the form
// the VC Data Model's examples use for credentialSchema and credentialStatus.
func listJSON[T any](entries []T) json.RawMessage {
	if len(entries) == 1 {
		return mustJSON(entries[0])
	}
	return mustJSON(entries)
}

// mustJSON marshals values built here from strings, times and the entry
// structs, none of which can fail to marshal.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("credential: marshal %T: %v", v, err))
	}
	return b
}

func cloneRaws(in []json.RawMessage) []json.RawMessage {
	out := make([]json.RawMessage, len(in))
	for i, v := range in {
		out[i] = slices.Clone(v)
	}
	return out
}

func sortedNames(members map[string]json.RawMessage) []string {
	return slices.Sorted(maps.Keys(members))
}

// fromMembers interprets the VC Data Model 2.0 members and checks its rules.
func fromMembers(members map[string]json.RawMessage) (*Credential, error) {
	c := &Credential{members: members}
	var err error
	if c.context, err = parseContext(members[memberContext]); err != nil {
		return nil, err
	}
	if raw, ok := members[memberID]; ok {
		if c.id, err = nonEmptyString(memberID, raw); err != nil {
			return nil, err
		}
	}
	if c.types, err = parseTypes(members[memberType]); err != nil {
		return nil, err
	}
	if c.issuer, err = parseIssuer(members[memberIssuer]); err != nil {
		return nil, err
	}
	if c.validFrom, err = parseOptionalTime(memberValidFrom, members); err != nil {
		return nil, err
	}
	if c.validUntil, err = parseOptionalTime(memberValidUntil, members); err != nil {
		return nil, err
	}
	if !c.validFrom.IsZero() && !c.validUntil.IsZero() && !c.validUntil.After(c.validFrom) {
		return nil, fmt.Errorf("%w: validUntil %s is not after validFrom %s", ErrInvalidCredential,
			c.validUntil.Format(time.RFC3339), c.validFrom.Format(time.RFC3339))
	}
	if c.subject, err = parseSubject(members[memberSubject]); err != nil {
		return nil, err
	}
	if raw, ok := members[memberSchema]; ok {
		if c.schemas, err = parseSchemas(raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := members[memberStatus]; ok {
		if c.statuses, err = parseStatuses(raw); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func parseContext(raw json.RawMessage) ([]json.RawMessage, error) {
	if raw == nil {
		return nil, fmt.Errorf("%w: @context is missing", ErrInvalidCredential)
	}
	var entries []json.RawMessage
	if isJSONString(raw) {
		entries = []json.RawMessage{raw}
	} else if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("%w: @context must be a string or an array", ErrMalformed)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%w: @context is empty", ErrInvalidCredential)
	}
	var first string
	if err := json.Unmarshal(entries[0], &first); err != nil || first != ContextV2 {
		return nil, fmt.Errorf("%w: @context must start with %s, got %s", ErrInvalidCredential, ContextV2, entries[0])
	}
	for i, e := range entries {
		if !isJSONString(e) && !isJSONObject(e) {
			return nil, fmt.Errorf("%w: @context[%d] must be a string or an object", ErrMalformed, i)
		}
	}
	return entries, nil
}

func parseTypes(raw json.RawMessage) ([]string, error) {
	if raw == nil {
		return nil, fmt.Errorf("%w: type is missing", ErrInvalidCredential)
	}
	types, err := stringOrStrings(memberType, raw)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(types, TypeVerifiableCredential) {
		return nil, fmt.Errorf("%w: type %q does not contain %s", ErrInvalidCredential, types, TypeVerifiableCredential)
	}
	return types, nil
}

func parseIssuer(raw json.RawMessage) (string, error) {
	if raw == nil {
		return "", fmt.Errorf("%w: issuer is missing", ErrInvalidCredential)
	}
	var issuer string
	switch {
	case isJSONString(raw):
		if err := json.Unmarshal(raw, &issuer); err != nil {
			return "", fmt.Errorf("%w: issuer: %v", ErrMalformed, err)
		}
	case isJSONObject(raw):
		var obj struct {
			ID *json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil || obj.ID == nil || !isJSONString(*obj.ID) {
			return "", fmt.Errorf("%w: issuer object must have a string id", ErrInvalidCredential)
		}
		_ = json.Unmarshal(*obj.ID, &issuer) // a JSON string, checked above
	default:
		return "", fmt.Errorf("%w: issuer must be a string or an object with an id", ErrMalformed)
	}
	if !isURL(issuer) {
		return "", fmt.Errorf("%w: issuer %q is not a URL", ErrInvalidCredential, issuer)
	}
	return issuer, nil
}

func parseOptionalTime(name string, members map[string]json.RawMessage) (time.Time, error) {
	raw, ok := members[name]
	if !ok {
		return time.Time{}, nil
	}
	s, err := nonEmptyString(name, raw)
	if err != nil {
		return time.Time{}, err
	}
	t, err := parseDateTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %s %q is not an RFC 3339 date-time with a time zone", ErrInvalidCredential, name, s)
	}
	return t, nil
}

// parseDateTime reads an RFC 3339 date-time (the xsd:dateTimeStamp the VC
// Data Model requires: a time zone is mandatory), fractional seconds allowed.
func parseDateTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	if t.IsZero() {
		// The zero time is this package's "absent"; 0001-01-01 is no real
		// validity bound.
		return time.Time{}, fmt.Errorf("date-time %q is the year-1 zero time", s)
	}
	return t, nil
}

func parseSubject(raw json.RawMessage) (json.RawMessage, error) {
	if raw == nil {
		return nil, fmt.Errorf("%w: credentialSubject is missing", ErrInvalidCredential)
	}
	if isJSONObject(raw) {
		return raw, nil
	}
	var subjects []json.RawMessage
	if err := json.Unmarshal(raw, &subjects); err != nil {
		return nil, fmt.Errorf("%w: credentialSubject must be an object or an array of objects", ErrMalformed)
	}
	if len(subjects) == 0 {
		return nil, fmt.Errorf("%w: credentialSubject is an empty array", ErrInvalidCredential)
	}
	for i, s := range subjects {
		if !isJSONObject(s) {
			return nil, fmt.Errorf("%w: credentialSubject[%d] must be an object", ErrMalformed, i)
		}
	}
	return raw, nil
}

// objectOrList reads a member that holds one object or a non-empty array of
// them (credentialSchema, credentialStatus), naming each entry for errors.
func objectOrList(name string, raw json.RawMessage) ([]json.RawMessage, []string, error) {
	if isJSONObject(raw) {
		return []json.RawMessage{raw}, []string{name}, nil
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, nil, fmt.Errorf("%w: %s must be an object or an array of objects", ErrMalformed, name)
	}
	if len(entries) == 0 {
		return nil, nil, fmt.Errorf("%w: %s is an empty array", ErrInvalidCredential, name)
	}
	labels := make([]string, len(entries))
	for i, e := range entries {
		labels[i] = fmt.Sprintf("%s[%d]", name, i)
		if !isJSONObject(e) {
			return nil, nil, fmt.Errorf("%w: %s must be an object", ErrMalformed, labels[i])
		}
	}
	return entries, labels, nil
}

func stringOrStrings(name string, raw json.RawMessage) ([]string, error) {
	var values []string
	if isJSONString(raw) {
		var s string
		_ = json.Unmarshal(raw, &s) // a JSON string: cannot fail
		values = []string{s}
	} else if err := json.Unmarshal(raw, &values); err != nil {
		return nil, fmt.Errorf("%w: %s must be a string or an array of strings", ErrMalformed, name)
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("%w: %s is empty", ErrInvalidCredential, name)
	}
	for i, v := range values {
		if v == "" {
			return nil, fmt.Errorf("%w: %s[%d] is empty", ErrInvalidCredential, name, i)
		}
	}
	return values, nil
}

func nonEmptyString(name string, raw json.RawMessage) (string, error) {
	return stringValue(name, raw, ErrInvalidCredential)
}

// stringValue reads a member that must be a non-empty JSON string: another
// JSON type is malformed, an empty string breaks the rule of whatever holds
// it (ifEmpty).
func stringValue(name string, raw json.RawMessage, ifEmpty error) (string, error) {
	var s string
	if !isJSONString(raw) || json.Unmarshal(raw, &s) != nil {
		return "", fmt.Errorf("%w: %s must be a string", ErrMalformed, name)
	}
	if s == "" {
		return "", fmt.Errorf("%w: %s is empty", ifEmpty, name)
	}
	return s, nil
}

// isURL is the light check the VC Data Model's "URL" members get here: an
// absolute URI has a scheme followed by ':' and no whitespace.
func isURL(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || rest == "" || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	for i, r := range scheme {
		alpha := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		other := (r >= '0' && r <= '9') || r == '+' || r == '-' || r == '.'
		if !alpha && (i == 0 || !other) {
			return false
		}
	}
	return true
}

func isJSONString(raw json.RawMessage) bool { return firstByte(raw) == '"' }
func isJSONObject(raw json.RawMessage) bool { return firstByte(raw) == '{' }

// firstByte is the first non-space byte of a raw value; json.RawMessage
// values from json.Unmarshal carry no leading space, but a caller's may.
func firstByte(raw json.RawMessage) byte {
	for _, b := range raw {
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		default:
			return b
		}
	}
	return 0
}
