package types

import (
	"net/url"
	"time"

	errorsmod "cosmossdk.io/errors"
)

// TimeFormat is how times appear in messages: RFC 3339, UTC, whole seconds.
const TimeFormat = time.RFC3339

// FormatTime writes t as 2026-01-02T03:04:05Z.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// Validate checks a credential type without reading state. The id must be
// the one derived from owner and name.
func (c CredentialType) Validate() error {
	if err := ValidateDID("owner_did", c.OwnerDid); err != nil {
		return err
	}
	if err := ValidateName("name", c.Name); err != nil {
		return err
	}
	if want := CredentialTypeID(c.OwnerDid, c.Name); c.Id != want {
		return ErrInvalidID.Wrapf("credential type id must be %q (<owner_did>/types/<name>), got %q", want, c.Id)
	}
	if len(c.VcTypes) == 0 || len(c.VcTypes) > MaxVCTypes {
		return ErrInvalidCredentialType.Wrapf("vc_types must list 1 to %d types, got %d", MaxVCTypes, len(c.VcTypes))
	}
	for i, t := range c.VcTypes {
		if t == "" || len(t) > MaxVCTypeLength {
			return ErrInvalidCredentialType.Wrapf("vc_types[%d] must be 1 to %d bytes, got %d", i, MaxVCTypeLength, len(t))
		}
		for j := range i {
			if c.VcTypes[j] == t {
				return ErrInvalidCredentialType.Wrapf("vc_types[%d]: %q is listed twice", i, t)
			}
		}
	}
	if len(c.SchemaUri) > MaxSchemaURILength {
		return ErrInvalidCredentialType.Wrapf("schema_uri is %d bytes, at most %d allowed", len(c.SchemaUri), MaxSchemaURILength)
	}
	if u, err := url.Parse(c.SchemaUri); err != nil || u.Scheme == "" {
		return ErrInvalidCredentialType.Wrapf("schema_uri %q must be an absolute URI", c.SchemaUri)
	}
	if !digestSyntax.MatchString(c.SchemaDigest) {
		return ErrInvalidSchemaDigest.Wrapf("schema_digest must be the SHA-256 of the schema as %d lowercase hex digits, got %q", SchemaDigestLength, c.SchemaDigest)
	}
	return validateDescription(c.Description)
}

// Validate checks a trust anchor without reading state.
func (a TrustAnchor) Validate() error {
	if err := ValidateDID("did", a.Did); err != nil {
		return err
	}
	if a.AllTypes {
		if len(a.Scope) != 0 {
			return ErrInvalidTrustAnchor.Wrapf("scope must be empty when all_types is set, got %d entries", len(a.Scope))
		}
	} else if err := ValidateScope("scope", a.Scope); err != nil {
		return err
	}
	if a.ValidUntil != nil {
		if err := wholeSeconds("valid_until", *a.ValidUntil); err != nil {
			return err
		}
	}
	return validateDescription(a.Description)
}

// Covers reports whether the anchor's scope holds the credential type.
func (a TrustAnchor) Covers(typeID string) bool {
	return a.AllTypes || Contains(a.Scope, typeID)
}

// ActiveAt reports whether the anchor's registration is in force at t
// (its expiry, if any, is exclusive).
func (a TrustAnchor) ActiveAt(t time.Time) bool {
	return a.ValidUntil == nil || t.Before(*a.ValidUntil)
}

// Validate checks an accreditation payload without reading state, except
// for max_chain_depth, the parameter bounding max_depth.
func (p AccreditPayload) Validate(maxChainDepth uint32) error {
	if err := ValidateDID("accreditor_did", p.AccreditorDid); err != nil {
		return err
	}
	if err := ValidateDID("subject_did", p.SubjectDid); err != nil {
		return err
	}
	if err := ValidateName("name", p.Name); err != nil {
		return err
	}
	if p.AccreditorDid == p.SubjectDid {
		return ErrSelfAccreditation.Wrapf("subject_did %s is the accreditor_did", p.SubjectDid)
	}
	if p.Parent != "" {
		grantor, _, err := ParseAccreditationID(p.Parent)
		if err != nil {
			return errorsmod.Wrap(err, "parent")
		}
		// An accreditation the accreditor granted is held by someone else:
		// the parent must be one it holds.
		if grantor == p.AccreditorDid {
			return ErrParentNotHeld.Wrapf("parent %s was granted by the accreditor itself; name an accreditation %s holds, or leave parent empty to act as a trust anchor", p.Parent, p.AccreditorDid)
		}
	}
	if err := ValidateScope("scope", p.Scope); err != nil {
		return err
	}
	if p.ValidFrom != nil {
		if err := wholeSeconds("valid_from", *p.ValidFrom); err != nil {
			return err
		}
	}
	if p.ValidUntil != nil {
		if err := wholeSeconds("valid_until", *p.ValidUntil); err != nil {
			return err
		}
		if p.ValidFrom != nil && !p.ValidFrom.Before(*p.ValidUntil) {
			return ErrInvalidWindow.Wrapf("valid_from %s must be before valid_until %s", FormatTime(*p.ValidFrom), FormatTime(*p.ValidUntil))
		}
	}
	switch p.Role {
	case ROLE_ISSUER:
		if p.MaxDepth != 0 {
			return ErrInvalidMaxDepth.Wrapf("an issuer cannot accredit further: max_depth must be 0, got %d", p.MaxDepth)
		}
	case ROLE_ACCREDITOR:
		if p.MaxDepth < 1 || p.MaxDepth > maxChainDepth {
			return ErrInvalidMaxDepth.Wrapf("an accreditor's max_depth must be in [1, %d] (max_chain_depth), got %d", maxChainDepth, p.MaxDepth)
		}
	default:
		return ErrInvalidRole.Wrapf("role must be ROLE_ACCREDITOR or ROLE_ISSUER, got %s", p.Role)
	}
	return nil
}

// InWindow reports whether t lies in [valid_from, valid_until).
func (a Accreditation) InWindow(t time.Time) bool {
	return !t.Before(a.ValidFrom) && (a.ValidUntil == nil || t.Before(*a.ValidUntil))
}

// IsTopLink reports whether the accreditation was granted by a trust anchor.
func (a Accreditation) IsTopLink() bool { return a.ParentId == "" }

func wholeSeconds(field string, t time.Time) error {
	if t.Nanosecond() != 0 {
		return ErrInvalidWindow.Wrapf("%s %s must be whole seconds", field, t.UTC().Format(time.RFC3339Nano))
	}
	return nil
}
