package types

import "cosmossdk.io/collections"

const (
	// ModuleName is x/did's name and store key.
	ModuleName = "did"
	// StoreKey is the KV store of x/did.
	StoreKey = ModuleName
	// Method is the DID method name: did:ndi:...
	Method = "ndi"
)

var (
	ParamsKey       = collections.NewPrefix(0)
	DidsKey         = collections.NewPrefix(1)
	VersionsKey     = collections.NewPrefix(2)
	VersionIndexKey = collections.NewPrefix(3)
	VersionTimesKey = collections.NewPrefix(4)
)
