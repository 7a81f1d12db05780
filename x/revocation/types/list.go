package types

import (
	"regexp"
	"strings"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

var listNameSyntax = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ListID returns the id of an issuer's list: <issuer-did>/status/<name>.
func ListID(issuerDID, name string) string {
	return issuerDID + "/status/" + name
}

// ParseListID splits a list id into the issuer DID and the list name.
func ParseListID(id string) (issuerDID, name string, err error) {
	issuerDID, name, ok := strings.Cut(id, "/status/")
	if !ok {
		return "", "", ErrInvalidListID.Wrapf("%q is not <issuer-did>/status/<name>", id)
	}
	if _, err := didtypes.ParseDID(issuerDID); err != nil {
		return "", "", ErrInvalidListID.Wrapf("%q: %s", id, err)
	}
	if !listNameSyntax.MatchString(name) {
		return "", "", ErrInvalidListName.Wrapf("%q: name must match %s", id, listNameSyntax)
	}
	return issuerDID, name, nil
}

// ValidateCreate checks a create payload without reading state.
func (p CreateStatusListPayload) ValidateCreate(params Params) error {
	if _, err := didtypes.ParseDID(p.IssuerDid); err != nil {
		return err
	}
	if !listNameSyntax.MatchString(p.Name) {
		return ErrInvalidListName.Wrapf("name %q must be 1 to 64 of [a-z0-9._-], starting with a letter or digit", p.Name)
	}
	if p.Purpose != STATUS_PURPOSE_REVOCATION && p.Purpose != STATUS_PURPOSE_SUSPENSION {
		return ErrInvalidPurpose.Wrapf("purpose must be STATUS_PURPOSE_REVOCATION or STATUS_PURPOSE_SUSPENSION, got %s", p.Purpose)
	}
	if p.SizeBits < MinSizeBits || p.SizeBits%8 != 0 || p.SizeBits > params.MaxSizeBits {
		return ErrInvalidSize.Wrapf("size_bits must be a multiple of 8 in [%d, %d] (max_size_bits), got %d", MinSizeBits, params.MaxSizeBits, p.SizeBits)
	}
	return nil
}

// W3CPurpose is the statusPurpose string of the W3C spec.
func (p StatusPurpose) W3CPurpose() string {
	switch p {
	case STATUS_PURPOSE_REVOCATION:
		return "revocation"
	case STATUS_PURPOSE_SUSPENSION:
		return "suspension"
	default:
		return ""
	}
}

// ParseW3CPurpose reads a W3C statusPurpose: the inverse of W3CPurpose for
// the two purposes NDI Chain lists have.
func ParseW3CPurpose(s string) (StatusPurpose, error) {
	switch s {
	case "revocation":
		return STATUS_PURPOSE_REVOCATION, nil
	case "suspension":
		return STATUS_PURPOSE_SUSPENSION, nil
	}
	return STATUS_PURPOSE_UNSPECIFIED, ErrInvalidPurpose.Wrapf("statusPurpose must be revocation or suspension, got %q", s)
}

// StatusWord names a credential's status on a list of purpose p: "valid"
// when its bit is clear, else "revoked" or "suspended".
func (p StatusPurpose) StatusWord(set bool) string {
	switch {
	case !set:
		return "valid"
	case p == STATUS_PURPOSE_SUSPENSION:
		return "suspended"
	default:
		return "revoked"
	}
}

// ChunkCount is how many chunks hold a list of sizeBits.
func ChunkCount(sizeBits uint64) uint64 {
	return (sizeBits + ChunkBits - 1) / ChunkBits
}

// ChunkLen is the byte length of chunk c of a list of sizeBits (the last
// chunk may be shorter).
func ChunkLen(sizeBits, c uint64) int {
	total := sizeBits / 8
	start := c * ChunkBytes
	if total-start < ChunkBytes {
		return int(total - start)
	}
	return ChunkBytes
}
