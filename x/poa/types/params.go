package types

import (
	"cosmossdk.io/math"
)

// DefaultMaxPowerChangePerBlock is one third: a single block (and so a single
// proposal) can move at most a third of the power, never a majority.
var DefaultMaxPowerChangePerBlock = math.LegacyNewDecWithPrec(333333333333333333, 18)

// DefaultParams returns the parameters of a new network.
func DefaultParams() Params {
	return Params{MaxPowerChangePerBlock: DefaultMaxPowerChangePerBlock}
}

// Validate checks the parameters are usable.
func (p Params) Validate() error {
	f := p.MaxPowerChangePerBlock
	if f.IsNil() || !f.IsPositive() || f.GT(math.LegacyOneDec()) {
		return ErrInvalidParams.Wrapf("max_power_change_per_block must be in (0, 1], got %s", f)
	}
	return nil
}
