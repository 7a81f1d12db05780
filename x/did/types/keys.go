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
	// RetiredVersionTimesKey (prefix 4) was the `version_times` index
	// (DID, block second) → sequence, written by development builds of store
	// version 2 and read by nothing once SeqAt read versions by point. No
	// release wrote it and no collection uses it: the prefix stays reserved
	// and must not be reused, and tests check that no write puts a key
	// under it.
	RetiredVersionTimesKey = collections.NewPrefix(4)
)
