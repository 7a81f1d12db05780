package types

// DefaultGenesis returns the x/revocation genesis of a new network.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis before it is applied.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	ids := map[string]bool{}
	numbers := map[uint64]bool{}
	for _, gl := range gs.Lists {
		l := gl.List
		if ids[l.Id] || numbers[l.Number] {
			return ErrListExists.Wrapf("genesis lists %s (number %d) twice", l.Id, l.Number)
		}
		ids[l.Id], numbers[l.Number] = true, true
		issuer, name, err := ParseListID(l.Id)
		if err != nil {
			return err
		}
		if issuer != l.IssuerDid || name != l.Name {
			return ErrInvalidListID.Wrapf("genesis list %s names issuer %s and name %s", l.Id, l.IssuerDid, l.Name)
		}
		// A list keeps the size it was created with even if governance has
		// since lowered max_size_bits, so it is checked against the absolute
		// bound, not the current parameter.
		ceiling := Params{MaxIndicesPerUpdate: gs.Params.MaxIndicesPerUpdate, MaxSizeBits: MaxSizeBitsCeiling}
		if err := (CreateStatusListPayload{IssuerDid: l.IssuerDid, Name: l.Name, Purpose: l.Purpose, SizeBits: l.SizeBits}).ValidateCreate(ceiling); err != nil {
			return err
		}
		if uint64(len(gl.Versions)) != l.Sequence+1 {
			return ErrSequenceMismatch.Wrapf("genesis list %s: sequence %d needs %d versions (creation included), got %d", l.Id, l.Sequence, l.Sequence+1, len(gl.Versions))
		}
		for i, v := range gl.Versions {
			if v.Sequence != uint64(i) || (i > 0 && v.Time.Before(gl.Versions[i-1].Time)) {
				return ErrSequenceMismatch.Wrapf("genesis list %s: version %d must have sequence %d and a time no earlier than the one before", l.Id, i, i)
			}
		}
		for i, c := range gl.Chunks {
			if c.Chunk >= ChunkCount(l.SizeBits) || len(c.Bits) != ChunkLen(l.SizeBits, c.Chunk) || c.Sequence == 0 || c.Sequence > l.Sequence {
				return ErrInvalidSize.Wrapf("genesis list %s: bad chunk %d at sequence %d", l.Id, c.Chunk, c.Sequence)
			}
			// Each version's changed bits are the difference from the one
			// before it, so versions must come in (chunk, sequence) order.
			if i > 0 {
				p := gl.Chunks[i-1]
				if p.Chunk > c.Chunk || (p.Chunk == c.Chunk && p.Sequence >= c.Sequence) {
					return ErrSequenceMismatch.Wrapf("genesis list %s: chunk %d at sequence %d after chunk %d at sequence %d: want (chunk, sequence) ascending",
						l.Id, c.Chunk, c.Sequence, p.Chunk, p.Sequence)
				}
			}
		}
	}
	return nil
}
