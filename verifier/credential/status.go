package credential

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
)

// TypeBitstringStatusListEntry is the only credentialStatus type this
// package reads: the W3C Bitstring Status List entry, which is what
// x/revocation keeps.
const TypeBitstringStatusListEntry = "BitstringStatusListEntry"

// Status purposes NDI Chain's status lists carry.
const (
	StatusPurposeRevocation = "revocation"
	StatusPurposeSuspension = "suspension"
)

// Schema is a credentialSchema entry. DigestSRI (sha256-<base64>) and
// DigestMultibase are the VC Data Model 2.0 integrity members for a related
// resource; at most one is normally set.
type Schema struct {
	ID              string `json:"id"`
	Type            string `json:"type"`
	DigestSRI       string `json:"digestSRI,omitempty"`
	DigestMultibase string `json:"digestMultibase,omitempty"`
}

// StatusEntry is a credentialStatus entry of type BitstringStatusListEntry.
// StatusListIndex is a number here and a string of decimal digits in JSON,
// as the Bitstring Status List specification writes it. StatusSize is 0
// when absent, which means 1; NDI lists are 1-bit, so any other size is
// refused.
type StatusEntry struct {
	ID                   string          `json:"id,omitempty"`
	Type                 string          `json:"type"`
	StatusPurpose        string          `json:"statusPurpose"`
	StatusListIndex      uint64          `json:"statusListIndex,string"`
	StatusListCredential string          `json:"statusListCredential"`
	StatusSize           uint64          `json:"statusSize,omitempty"`
	StatusMessage        json.RawMessage `json:"statusMessage,omitempty"`
}

// SchemaDigestSRI turns the on-chain schema digest (SHA-256, 64 hex digits)
// into the digestSRI form a credentialSchema entry carries.
func SchemaDigestSRI(sha256Hex string) (string, error) {
	digest, err := hex.DecodeString(sha256Hex)
	if err != nil || len(digest) != 32 {
		return "", fmt.Errorf("%w: schema digest %q is not 64 hex digits of SHA-256", ErrMalformed, sha256Hex)
	}
	return "sha256-" + base64.StdEncoding.EncodeToString(digest), nil
}

func parseSchemas(raw json.RawMessage) ([]Schema, error) {
	entries, labels, err := objectOrList(memberSchema, raw)
	if err != nil {
		return nil, err
	}
	schemas := make([]Schema, len(entries))
	for i, entry := range entries {
		members, err := decodeObject(labels[i], entry)
		if err != nil {
			return nil, err
		}
		s := &schemas[i]
		if s.ID, err = requiredString(labels[i], "id", members); err != nil {
			return nil, err
		}
		if !isURL(s.ID) {
			return nil, fmt.Errorf("%w: %s.id %q is not a URL", ErrInvalidCredential, labels[i], s.ID)
		}
		if s.Type, err = requiredString(labels[i], "type", members); err != nil {
			return nil, err
		}
		if s.DigestSRI, err = optionalString(labels[i], "digestSRI", members); err != nil {
			return nil, err
		}
		if s.DigestMultibase, err = optionalString(labels[i], "digestMultibase", members); err != nil {
			return nil, err
		}
	}
	return schemas, nil
}

func parseStatuses(raw json.RawMessage) ([]StatusEntry, error) {
	entries, labels, err := objectOrList(memberStatus, raw)
	if err != nil {
		return nil, err
	}
	statuses := make([]StatusEntry, len(entries))
	for i, entry := range entries {
		if statuses[i], err = parseStatus(labels[i], entry); err != nil {
			return nil, err
		}
	}
	return statuses, nil
}

func parseStatus(label string, raw json.RawMessage) (StatusEntry, error) {
	members, err := decodeObject(label, raw)
	if err != nil {
		return StatusEntry{}, err
	}
	var s StatusEntry
	if s.Type, err = requiredString(label, "type", members); err != nil {
		return StatusEntry{}, err
	}
	if s.Type != TypeBitstringStatusListEntry {
		return StatusEntry{}, fmt.Errorf("%w: %s.type %q: only %s can be checked", ErrUnsupported, label, s.Type, TypeBitstringStatusListEntry)
	}
	if s.ID, err = optionalString(label, "id", members); err != nil {
		return StatusEntry{}, err
	}
	if s.StatusPurpose, err = requiredString(label, "statusPurpose", members); err != nil {
		return StatusEntry{}, err
	}
	if s.StatusListCredential, err = requiredString(label, "statusListCredential", members); err != nil {
		return StatusEntry{}, err
	}
	if !isURL(s.StatusListCredential) {
		return StatusEntry{}, fmt.Errorf("%w: %s.statusListCredential %q is not a URL", ErrInvalidCredential, label, s.StatusListCredential)
	}
	index, ok := members["statusListIndex"]
	if !ok {
		return StatusEntry{}, fmt.Errorf("%w: %s.statusListIndex is missing", ErrInvalidCredential, label)
	}
	if s.StatusListIndex, err = parseStatusListIndex(label, index); err != nil {
		return StatusEntry{}, err
	}
	if size, ok := members["statusSize"]; ok {
		if s.StatusSize, err = parseStatusSize(label, size); err != nil {
			return StatusEntry{}, err
		}
	}
	if msg, ok := members["statusMessage"]; ok {
		s.StatusMessage = msg
	}
	return s, nil
}

// parseStatusListIndex reads the spec's form: a JSON string of decimal
// digits. A JSON number is refused rather than guessed at, because numbers
// above 2^53 do not survive every JSON parser.
func parseStatusListIndex(label string, raw json.RawMessage) (uint64, error) {
	var digits string
	if !isJSONString(raw) || json.Unmarshal(raw, &digits) != nil {
		return 0, fmt.Errorf("%w: %s.statusListIndex must be a string of decimal digits, got %s", ErrInvalidCredential, label, raw)
	}
	if digits == "" {
		return 0, fmt.Errorf("%w: %s.statusListIndex is empty", ErrInvalidCredential, label)
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%w: %s.statusListIndex %q is not a string of decimal digits", ErrInvalidCredential, label, digits)
		}
	}
	index, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %s.statusListIndex %q does not fit in 64 bits", ErrInvalidCredential, label, digits)
	}
	return index, nil
}

func parseStatusSize(label string, raw json.RawMessage) (uint64, error) {
	size, err := strconv.ParseUint(string(raw), 10, 64)
	if err != nil || size == 0 {
		return 0, fmt.Errorf("%w: %s.statusSize must be a positive integer, got %s", ErrInvalidCredential, label, raw)
	}
	if size != 1 {
		return 0, fmt.Errorf("%w: %s.statusSize %d: NDI Chain status lists are 1-bit", ErrUnsupported, label, size)
	}
	return size, nil
}

func requiredString(label, name string, members map[string]json.RawMessage) (string, error) {
	raw, ok := members[name]
	if !ok {
		return "", fmt.Errorf("%w: %s.%s is missing", ErrInvalidCredential, label, name)
	}
	return nonEmptyString(label+"."+name, raw)
}

func optionalString(label, name string, members map[string]json.RawMessage) (string, error) {
	raw, ok := members[name]
	if !ok {
		return "", nil
	}
	return nonEmptyString(label+"."+name, raw)
}
