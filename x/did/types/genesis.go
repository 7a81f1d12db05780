package types

import errorsmod "cosmossdk.io/errors"

// DefaultGenesis returns the x/did genesis of a new network.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis before it is applied: parameters, every
// version's document (against the absolute ceilings, since the parameters
// may have been lowered after it was written), version order and
// uniqueness.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, d := range gs.Dids {
		if seen[d.Id] {
			return ErrDidExists.Wrapf("genesis lists %s twice", d.Id)
		}
		seen[d.Id] = true
		if len(d.Versions) == 0 {
			return ErrInvalidDocument.Wrapf("genesis DID %s has no versions", d.Id)
		}
		versionIDs := map[string]bool{}
		for i, v := range d.Versions {
			if v.Document.Id != d.Id {
				return ErrIDMismatch.Wrapf("genesis DID %s version %d holds document %s", d.Id, i, v.Document.Id)
			}
			did, err := ParseDID(v.Document.Id)
			if err != nil {
				return err
			}
			// History, not the current parameters: see HistoryLimits.
			if err := ValidateDocument(&v.Document, HistoryLimits(did.Namespace)); err != nil {
				return errorsmod.Wrapf(err, "genesis DID %s version %d", d.Id, i)
			}
			if v.VersionId == "" || versionIDs[v.VersionId] {
				return ErrInvalidDocument.Wrapf("genesis DID %s version %d: version_id missing or repeated", d.Id, i)
			}
			versionIDs[v.VersionId] = true
			if i > 0 && v.Time.Before(d.Versions[i-1].Time) {
				return ErrInvalidDocument.Wrapf("genesis DID %s version %d is older than the version before it", d.Id, i)
			}
			if v.Deactivated && i != len(d.Versions)-1 {
				return ErrDidDeactivated.Wrapf("genesis DID %s has versions after its deactivation", d.Id)
			}
		}
		if err := CheckSelfCertifying(&d.Versions[0].Document); err != nil {
			return err
		}
	}
	return nil
}
