// Package keeper implements x/did: DIDs created, updated and deactivated
// under DID-key authorization, every version kept, resolution at any
// version or time.
package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/ndi-chain/ndi/x/did/types"
)

// Keeper holds x/did state.
type Keeper struct {
	cdc       codec.BinaryCodec
	authority string

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Dids holds, per DID, how many versions it has and whether it is
	// deactivated. A DID once written is never removed, so its id can never
	// be created again.
	Dids collections.Map[string, types.DidState]
	// Versions holds every version of every DID, keyed by (DID, sequence).
	Versions collections.Map[collections.Pair[string, uint64], types.DidVersion]
	// VersionIndex finds a version's sequence by its version id.
	VersionIndex collections.Map[collections.Pair[string, string], uint64]
	// There is no time index: the version in force at a time is found by
	// point reads of Versions (versions.go SeqAt), which a verifier can
	// prove. Prefix 4, the former `version_times`, is reserved
	// (types.RetiredVersionTimesKey).
}

// NewKeeper builds the keeper; authority may change the parameters.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, authority string) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:       cdc,
		authority: authority,
		Params:    collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Dids:      collections.NewMap(sb, types.DidsKey, "dids", collections.StringKey, codec.CollValue[types.DidState](cdc)),
		Versions: collections.NewMap(sb, types.VersionsKey, "versions",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), codec.CollValue[types.DidVersion](cdc)),
		VersionIndex: collections.NewMap(sb, types.VersionIndexKey, "version_index",
			collections.PairKeyCodec(collections.StringKey, collections.StringKey), collections.Uint64Value),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the address that may change the parameters.
func (k Keeper) Authority() string { return k.authority }

// GetParams returns the parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}
