package types

// DefaultMaxChainDepth is how many accreditation levels may sit between a
// trust anchor and an issuer by default.
const DefaultMaxChainDepth = 5

// MaxChainDepthLimit bounds the parameter itself: every verification walks
// at most this many links.
const MaxChainDepthLimit = 16

// DefaultParams returns the parameters of a new network.
func DefaultParams() Params {
	return Params{MaxChainDepth: DefaultMaxChainDepth}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.MaxChainDepth < 1 || p.MaxChainDepth > MaxChainDepthLimit {
		return ErrInvalidParams.Wrapf("max_chain_depth must be in [1, %d], got %d", MaxChainDepthLimit, p.MaxChainDepth)
	}
	return nil
}
