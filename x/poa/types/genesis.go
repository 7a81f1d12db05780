package types

// DefaultGenesis returns the x/poa genesis of a new network.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis state before it is applied.
func (gs GenesisState) Validate() error {
	return gs.Params.Validate()
}
