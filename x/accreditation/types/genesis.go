package types

import (
	"slices"
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
	ids := make(map[string]bool, len(gs.Accreditations))
	for _, a := range gs.Accreditations {
		if ids[a.Id] {
			return ErrInvalidGenesis.Wrapf("accreditation %s is listed twice", a.Id)
		}
		ids[a.Id] = true
	}
	for _, a := range gs.Accreditations {
		if err := validateGenesisAccreditation(a, types, ids); err != nil {
			return err
		}
	}
	return nil
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

func validateGenesisAccreditation(ga GenesisAccreditation, types, ids map[string]bool) error {
	if len(ga.Versions) == 0 {
		return ErrInvalidGenesis.Wrapf("accreditation %s has no versions", ga.Id)
	}
	first := ga.Versions[0].Record
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
	}
	if err := validateGrant(first, types, ids); err != nil {
		return ErrInvalidGenesis.Wrapf("accreditation %s: %s", ga.Id, err)
	}
	return nil
}

// validateGrant checks what an accreditation grants, as stored.
func validateGrant(r Accreditation, types, ids map[string]bool) error {
	accreditor, name, err := ParseAccreditationID(r.Id)
	if err != nil {
		return err
	}
	if accreditor != r.AccreditorDid || name != r.Name {
		return ErrInvalidID.Wrapf("id %s does not match accreditor_did %s and name %s", r.Id, r.AccreditorDid, r.Name)
	}
	p := AccreditPayload{
		AccreditorDid: r.AccreditorDid, Name: r.Name, SubjectDid: r.SubjectDid, Role: r.Role, Scope: r.Scope,
		ValidFrom: &r.ValidFrom, ValidUntil: r.ValidUntil, MaxDepth: r.MaxDepth,
	}
	if err := p.Validate(MaxChainDepthLimit); err != nil {
		return err
	}
	for _, t := range r.Scope {
		if !types[t] {
			return ErrCredentialTypeNotFound.Wrapf("scope names %s, which genesis does not define", t)
		}
	}
	switch {
	case r.ParentId == "" && r.AnchorDid != r.AccreditorDid:
		return ErrInvalidGenesis.Wrapf("a link without parent_id must name its accreditor as anchor_did, got %q", r.AnchorDid)
	case r.ParentId != "" && r.AnchorDid != "":
		return ErrInvalidGenesis.Wrap("a link has either a parent_id or an anchor_did, not both")
	case r.ParentId != "" && !ids[r.ParentId]:
		return ErrInvalidGenesis.Wrapf("parent_id %s is not in genesis", r.ParentId)
	}
	return nil
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
