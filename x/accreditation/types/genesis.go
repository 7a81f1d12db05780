package types

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultGenesis returns the x/accreditation genesis of a new network: no
// anchors, no types, no accreditations.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis before it is applied: parameters, every
// record, version numbering and order, and references between records.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if err := validateGenesisAnchors(gs.TrustAnchors); err != nil {
		return err
	}
	types := make(map[string]bool, len(gs.CredentialTypes))
	for i, ct := range gs.CredentialTypes {
		if types[ct.Id] {
			return ErrInvalidGenesis.Wrapf("credential_types[%d]: %s is listed twice", i, ct.Id)
		}
		types[ct.Id] = true
		if err := ct.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("credential_types[%d]: %s", i, err)
		}
	}
	reg := genesisRegistry{
		types:          types,
		anchors:        make(map[string][]TrustAnchorVersion, len(gs.TrustAnchors)),
		accreditations: make(map[string][]AccreditationVersion, len(gs.Accreditations)),
	}
	for _, ga := range gs.TrustAnchors {
		reg.anchors[ga.Did] = ga.Versions
	}
	for _, a := range gs.Accreditations {
		if _, dup := reg.accreditations[a.Id]; dup {
			return ErrInvalidGenesis.Wrapf("accreditation %s is listed twice", a.Id)
		}
		reg.accreditations[a.Id] = a.Versions
	}
	for _, a := range gs.Accreditations {
		if err := validateGenesisAccreditation(a, reg); err != nil {
			return err
		}
	}
	return nil
}

// genesisRegistry indexes the genesis records an accreditation refers to.
type genesisRegistry struct {
	types          map[string]bool
	anchors        map[string][]TrustAnchorVersion
	accreditations map[string][]AccreditationVersion
}

func validateGenesisAnchors(anchors []GenesisTrustAnchor) error {
	seen := make(map[string]bool, len(anchors))
	for _, ga := range anchors {
		if seen[ga.Did] {
			return ErrInvalidGenesis.Wrapf("trust anchor %s is listed twice", ga.Did)
		}
		seen[ga.Did] = true
		if len(ga.Versions) == 0 {
			return ErrInvalidGenesis.Wrapf("trust anchor %s has no versions", ga.Did)
		}
		for i, v := range ga.Versions {
			if v.Anchor.Did != ga.Did {
				return ErrInvalidGenesis.Wrapf("trust anchor %s version %d holds %s", ga.Did, i, v.Anchor.Did)
			}
			if err := v.Anchor.Validate(); err != nil {
				return ErrInvalidGenesis.Wrapf("trust anchor %s version %d: %s", ga.Did, i, err)
			}
			if err := ValidateReason(v.Reason); err != nil {
				return ErrInvalidGenesis.Wrapf("trust anchor %s version %d: %s", ga.Did, i, err)
			}
			if i > 0 && v.Time.Before(ga.Versions[i-1].Time) {
				return ErrInvalidGenesis.Wrapf("trust anchor %s version %d is older than the version before it", ga.Did, i)
			}
		}
	}
	return nil
}

func validateGenesisAccreditation(ga GenesisAccreditation, reg genesisRegistry) error {
	if len(ga.Versions) == 0 {
		return ErrInvalidGenesis.Wrapf("accreditation %s has no versions", ga.Id)
	}
	first := ga.Versions[0].Record
	if err := validateGrant(first, reg); err != nil {
		return ErrInvalidGenesis.Wrapf("accreditation %s: %s", ga.Id, err)
	}
	for i, v := range ga.Versions {
		r := v.Record
		if r.Id != ga.Id || r.Version != uint64(i) {
			return ErrInvalidGenesis.Wrapf("accreditation %s version %d holds %s version %d", ga.Id, i, r.Id, r.Version)
		}
		if i > 0 {
			prev := ga.Versions[i-1]
			if v.Time.Before(prev.Time) {
				return ErrInvalidGenesis.Wrapf("accreditation %s version %d is older than the version before it", ga.Id, i)
			}
			if prev.Record.Status == STATUS_REVOKED {
				return ErrInvalidGenesis.Wrapf("accreditation %s has versions after its revocation", ga.Id)
			}
			if !sameGrant(first, r) {
				return ErrInvalidGenesis.Wrapf("accreditation %s version %d changes what was granted; only status and reason may change", ga.Id, i)
			}
		}
		if err := ValidateReason(r.Reason); err != nil {
			return ErrInvalidGenesis.Wrapf("accreditation %s version %d: %s", ga.Id, i, err)
		}
		if r.Status == STATUS_UNSPECIFIED {
			return ErrInvalidGenesis.Wrapf("accreditation %s version %d has no status", ga.Id, i)
		}
		if err := validateSuspendedBy(r, reg); err != nil {
			return ErrInvalidGenesis.Wrapf("accreditation %s version %d: %s", ga.Id, i, err)
		}
	}
	return nil
}

// validateSuspendedBy checks that suspended_by is set exactly while r is
// suspended, and that a DID there is an accreditor in r's chain: only then
// can reinstatement precedence be decided from it. Anything else recorded
// there is the authority address (governance suspended).
func validateSuspendedBy(r Accreditation, reg genesisRegistry) error {
	switch {
	case r.Status != STATUS_SUSPENDED && r.SuspendedBy != "":
		return fmt.Errorf("suspended_by %q is set but the status is %s", r.SuspendedBy, r.Status)
	case r.Status == STATUS_SUSPENDED && r.SuspendedBy == "":
		return errors.New("a SUSPENDED version must record suspended_by")
	case r.Status != STATUS_SUSPENDED || !strings.HasPrefix(r.SuspendedBy, "did:"):
		return nil
	}
	for _, actor := range reg.chainActors(r) {
		if actor == r.SuspendedBy {
			return nil
		}
	}
	return fmt.Errorf("suspended_by %s is not the accreditor of %s nor of any link above it", r.SuspendedBy, r.Id)
}

// chainActors lists the accreditor of r and of every link above it, as
// the keeper does, bounded by the largest chain depth there can be.
func (reg genesisRegistry) chainActors(r Accreditation) []string {
	actors := []string{r.AccreditorDid}
	for link, n := r, 0; link.ParentId != "" && n <= MaxChainDepthLimit; n++ {
		versions := reg.accreditations[link.ParentId]
		if len(versions) == 0 {
			break
		}
		link = versions[0].Record
		actors = append(actors, link.AccreditorDid)
	}
	return actors
}

// validateGrant checks what an accreditation grants, as stored, and the
// link to its parent (or to its accreditor as trust anchor) as it stood
// when the accreditation was created.
func validateGrant(r Accreditation, reg genesisRegistry) error {
	accreditor, name, err := ParseAccreditationID(r.Id)
	if err != nil {
		return err
	}
	if accreditor != r.AccreditorDid || name != r.Name {
		return ErrInvalidID.Wrapf("id %s does not match accreditor_did %s and name %s", r.Id, r.AccreditorDid, r.Name)
	}
	p := AccreditPayload{
		AccreditorDid: r.AccreditorDid, Name: r.Name, SubjectDid: r.SubjectDid, Role: r.Role, Scope: r.Scope,
		ValidFrom: &r.ValidFrom, ValidUntil: r.ValidUntil, MaxDepth: r.MaxDepth, Parent: r.ParentId,
	}
	if err := p.Validate(MaxChainDepthLimit); err != nil {
		return err
	}
	for _, t := range r.Scope {
		if !reg.types[t] {
			return ErrCredentialTypeNotFound.Wrapf("scope names %s, which genesis does not define", t)
		}
	}
	switch {
	case r.ParentId == "" && r.AnchorDid != r.AccreditorDid:
		return ErrInvalidGenesis.Wrapf("a link without parent_id must name its accreditor as anchor_did, got %q", r.AnchorDid)
	case r.ParentId != "" && r.AnchorDid != "":
		return ErrInvalidGenesis.Wrap("a link has either a parent_id or an anchor_did, not both")
	case r.ParentId == "":
		return reg.validateAnchorLink(r)
	}
	return reg.validateParentLink(r)
}

// validateAnchorLink checks that r's accreditor was, when r was created, a
// trust anchor whose scope and expiry covered r.
func (reg genesisRegistry) validateAnchorLink(r Accreditation) error {
	versions := reg.anchors[r.AnchorDid]
	for i, v := range versions {
		if !mayHaveBeenInForce(i, len(versions), func(j int) time.Time { return versions[j].Time }, r.Created) {
			continue
		}
		anchor := v.Anchor
		if v.Removed || !anchor.ActiveAt(r.Created) {
			continue
		}
		if anchor.ValidUntil != nil && (r.ValidUntil == nil || r.ValidUntil.After(*anchor.ValidUntil)) {
			continue
		}
		if slices.IndexFunc(r.Scope, func(t string) bool { return !anchor.Covers(t) }) < 0 {
			return nil
		}
	}
	return ErrNotTrustAnchor.Wrapf("anchor_did %s was not a trust anchor covering this scope and window at %s", r.AnchorDid, FormatTime(r.Created))
}

// validateParentLink checks the stored parent link as the keeper checked
// it when r was created: the parent is in genesis, its subject is r's
// accreditor, it is an ACCREDITOR accreditation whose scope, window and
// depth cover r, and it was ACTIVE and in its window then.
func (reg genesisRegistry) validateParentLink(r Accreditation) error {
	versions := reg.accreditations[r.ParentId]
	if len(versions) == 0 {
		return ErrParentNotFound.Wrapf("parent_id %s is not in genesis", r.ParentId)
	}
	parent := versions[0].Record
	switch {
	case parent.SubjectDid != r.AccreditorDid:
		return ErrParentNotHeld.Wrapf("parent_id %s accredits %s, not the accreditor %s", parent.Id, parent.SubjectDid, r.AccreditorDid)
	case parent.Role != ROLE_ACCREDITOR:
		return ErrIssuerCannotAccredit.Wrapf("parent_id %s is an issuer's accreditation", parent.Id)
	case parent.MaxDepth <= r.MaxDepth:
		return ErrDepthExhausted.Wrapf("parent_id %s has max_depth %d, not above %d", parent.Id, parent.MaxDepth, r.MaxDepth)
	case r.ValidFrom.Before(parent.ValidFrom):
		return ErrWindowNotCovered.Wrapf("valid_from is before parent_id %s's valid_from", parent.Id)
	case parent.ValidUntil != nil && (r.ValidUntil == nil || r.ValidUntil.After(*parent.ValidUntil)):
		return ErrWindowNotCovered.Wrapf("valid_until is later than parent_id %s's valid_until", parent.Id)
	}
	if missing, ok := Missing(parent.Scope, r.Scope); ok {
		return ErrScopeNotCovered.Wrapf("credential type %s is not in the scope of parent_id %s", missing, parent.Id)
	}
	for i, v := range versions {
		if mayHaveBeenInForce(i, len(versions), func(j int) time.Time { return versions[j].Time }, r.Created) &&
			v.Record.Status == STATUS_ACTIVE && v.Record.InWindow(r.Created) {
			return nil
		}
	}
	return ErrAccreditorInactive.Wrapf("parent_id %s was not ACTIVE in its window at %s", parent.Id, FormatTime(r.Created))
}

// mayHaveBeenInForce reports whether version i of a history of n versions
// (written at written(i), oldest first) may have been the one in force at
// t: written at or before t, and not replaced before t. Block times are
// whole seconds, so a version written in the same second as t may come
// before or after it.
func mayHaveBeenInForce(i, n int, written func(int) time.Time, t time.Time) bool {
	return !written(i).After(t) && (i+1 == n || !written(i+1).Before(t))
}

// sameGrant reports whether two versions grant the same thing: only
// status, reason, changed_by and updated may change between versions.
func sameGrant(a, b Accreditation) bool {
	return a.AccreditorDid == b.AccreditorDid && a.Name == b.Name && a.SubjectDid == b.SubjectDid &&
		a.Role == b.Role && slices.Equal(a.Scope, b.Scope) && a.ValidFrom.Equal(b.ValidFrom) &&
		sameTime(a.ValidUntil, b.ValidUntil) && a.MaxDepth == b.MaxDepth && a.ParentId == b.ParentId &&
		a.AnchorDid == b.AnchorDid && a.Created.Equal(b.Created)
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
