package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key and module account name.
	ModuleName = "poa"
	// StoreKey is the KV store of x/poa.
	StoreKey = ModuleName
	// TransientStoreKey holds per-block counters; it is emptied after every block.
	TransientStoreKey = "transient_" + ModuleName
)

var (
	// ParamsKey stores Params.
	ParamsKey = collections.NewPrefix(0)
	// PowerMovedKey counts, in the transient store, the consensus power x/poa
	// messages have moved in the current block.
	PowerMovedKey = collections.NewPrefix(1)
)
