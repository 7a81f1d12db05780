package types

// Limits of DESIGN §5.
const (
	// MinSizeBits is the W3C minimum: 131,072 entries give herd privacy.
	MinSizeBits = 131_072
	// DefaultMaxSizeBits is the default largest list: 16,777,216 entries.
	DefaultMaxSizeBits = 16_777_216
	// DefaultMaxIndicesPerUpdate is the default batch limit. An update's
	// cost follows the chunks it writes more than its indices (store
	// version 2 writes no key per index), and a list has at most 1,024
	// chunks by default, so 262,144 scattered indices cost 1.4 to 2.2
	// times what 65,536 do: 104–216M gas, within a 300M block
	// (docs/revocation.md §3, §10).
	DefaultMaxIndicesPerUpdate = 262_144
	// MaxSizeBitsCeiling bounds max_size_bits itself (and so every list ever created).
	MaxSizeBitsCeiling = 1 << 27
	// MaxPageLimit bounds the page size of every list query: a larger
	// pagination.limit is answered with this many entries (and a next_key).
	MaxPageLimit = 200
)

// DefaultParams returns the parameters of a new network.
func DefaultParams() Params {
	return Params{MaxIndicesPerUpdate: DefaultMaxIndicesPerUpdate, MaxSizeBits: DefaultMaxSizeBits}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.MaxIndicesPerUpdate < 1 || p.MaxIndicesPerUpdate > 1<<20 {
		return ErrInvalidParams.Wrapf("max_indices_per_update must be in [1, 1048576], got %d", p.MaxIndicesPerUpdate)
	}
	if p.MaxSizeBits < MinSizeBits || p.MaxSizeBits%8 != 0 || p.MaxSizeBits > MaxSizeBitsCeiling {
		return ErrInvalidParams.Wrapf("max_size_bits must be a multiple of 8 in [%d, %d], got %d", MinSizeBits, MaxSizeBitsCeiling, p.MaxSizeBits)
	}
	return nil
}
