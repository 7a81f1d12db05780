package types

import (
	"regexp"
	"strings"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// Limits on what a message may carry. They bound the state a message can
// write and the work a verification does.
const (
	MaxNameLength        = 64
	MaxScopeEntries      = 64
	MaxVCTypes           = 16
	MaxVCTypeLength      = 128
	MaxSchemaURILength   = 512
	MaxDescriptionLength = 1024
	MaxReasonLength      = 512
	SchemaDigestLength   = 64
)

const (
	credentialTypeSegment = "/types/"
	accreditationSegment  = "/accreditations/"
	// TrustAnchorLinkPrefix names the top link of a chain: trust-anchor:<did>.
	TrustAnchorLinkPrefix = "trust-anchor:"
)

var (
	nameSyntax   = regexp.MustCompile(`^[a-z0-9._-]{1,64}$`)
	digestSyntax = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// CredentialTypeID is the id of owner's credential type name.
func CredentialTypeID(ownerDID, name string) string {
	return ownerDID + credentialTypeSegment + name
}

// AccreditationID is the id of accreditor's accreditation name.
func AccreditationID(accreditorDID, name string) string {
	return accreditorDID + accreditationSegment + name
}

// TrustAnchorLinkID is the accreditation_id of the top link of a chain.
func TrustAnchorLinkID(did string) string {
	return TrustAnchorLinkPrefix + did
}

// ParseCredentialTypeID splits <owner-did>/types/<name>, checking both parts.
func ParseCredentialTypeID(id string) (ownerDID, name string, err error) {
	return parseID(id, credentialTypeSegment, "credential type id")
}

// ParseAccreditationID splits <accreditor-did>/accreditations/<name>,
// checking both parts.
func ParseAccreditationID(id string) (accreditorDID, name string, err error) {
	return parseID(id, accreditationSegment, "accreditation id")
}

func parseID(id, segment, what string) (string, string, error) {
	did, name, ok := strings.Cut(id, segment)
	if !ok {
		return "", "", ErrInvalidID.Wrapf("%s %q is not <did>%s<name>", what, id, segment)
	}
	if _, err := didtypes.ParseDID(did); err != nil {
		return "", "", ErrInvalidID.Wrapf("%s %q: %s", what, id, err)
	}
	if !nameSyntax.MatchString(name) {
		return "", "", ErrInvalidID.Wrapf("%s %q: name must match %s", what, id, nameSyntax)
	}
	return did, name, nil
}

// ValidateDID checks that field holds a well-formed did:ndi DID.
func ValidateDID(field, did string) error {
	if _, err := didtypes.ParseDID(did); err != nil {
		return ErrInvalidDid.Wrapf("%s: %s", field, err)
	}
	return nil
}

// ValidateName checks a credential type or accreditation name.
func ValidateName(field, name string) error {
	if !nameSyntax.MatchString(name) {
		return ErrInvalidName.Wrapf("%s %q must be 1 to %d characters of a-z, 0-9, '.', '_' or '-'", field, name, MaxNameLength)
	}
	return nil
}

// ValidateScope checks a list of credential type ids: 1 to MaxScopeEntries
// well-formed ids, none repeated.
func ValidateScope(field string, scope []string) error {
	if len(scope) == 0 {
		return ErrInvalidScope.Wrapf("%s must list at least one credential type id", field)
	}
	if len(scope) > MaxScopeEntries {
		return ErrInvalidScope.Wrapf("%s lists %d credential types, at most %d allowed", field, len(scope), MaxScopeEntries)
	}
	seen := make(map[string]bool, len(scope))
	for i, id := range scope {
		if _, _, err := ParseCredentialTypeID(id); err != nil {
			return ErrInvalidScope.Wrapf("%s[%d]: %s", field, i, err)
		}
		if seen[id] {
			return ErrInvalidScope.Wrapf("%s[%d]: %s is listed twice", field, i, id)
		}
		seen[id] = true
	}
	return nil
}

// ValidateReason checks the free-text reason of a change.
func ValidateReason(reason string) error {
	if len(reason) > MaxReasonLength {
		return ErrInvalidReason.Wrapf("reason is %d bytes, at most %d allowed", len(reason), MaxReasonLength)
	}
	return nil
}

func validateDescription(description string) error {
	if len(description) > MaxDescriptionLength {
		return ErrInvalidDescription.Wrapf("description is %d bytes, at most %d allowed", len(description), MaxDescriptionLength)
	}
	return nil
}

// Contains reports whether scope lists id.
func Contains(scope []string, id string) bool {
	for _, s := range scope {
		if s == id {
			return true
		}
	}
	return false
}

// Missing returns the first entry of want not in have, and whether there is one.
func Missing(have, want []string) (string, bool) {
	for _, w := range want {
		if !Contains(have, w) {
			return w, true
		}
	}
	return "", false
}
