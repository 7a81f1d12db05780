// Package keeper implements x/revocation: W3C Bitstring Status Lists kept
// in fixed-size chunks, updated in batches under the issuer DID's
// signature, with every version kept so status can be asked for any time.
package keeper

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

// Keeper holds x/revocation state.
type Keeper struct {
	cdc       codec.BinaryCodec
	authority string

	didKeeper           types.DidKeeper
	accreditationKeeper types.AccreditationKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Lists holds each list's metadata by id.
	Lists collections.Map[string, types.StatusList]
	// ListsByIssuer indexes lists by (issuer DID, list id).
	ListsByIssuer collections.KeySet[collections.Pair[string, string]]
	// ListNumbers hands out the compact numbers that key chunks and changes.
	ListNumbers collections.Sequence
	// Chunks holds chunk contents, keyed (list number, chunk, sequence of the
	// update that wrote it). An absent chunk is all zeros; a chunk's value at
	// sequence S is its latest version at or before S.
	Chunks collections.Map[collections.Triple[uint64, uint64, uint64], []byte]
	// Changes records (list number, index, sequence) for every bit an update
	// changed, so a status answer can say when its bit last changed.
	Changes collections.KeySet[collections.Triple[uint64, uint64, uint64]]
	// Versions holds each list version (0 = creation) by (list number, sequence).
	Versions collections.Map[collections.Pair[uint64, uint64], types.ListVersion]
	// VersionTimes maps (list number, unix second) to the last sequence
	// written in that second, for answers at a past time.
	VersionTimes collections.Map[collections.Pair[uint64, int64], uint64]

	// listCache serves StatusList queries; shared by the keeper's copies.
	listCache *ListCache
}

// NewKeeper builds the keeper; authority may change the parameters.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, authority string,
	didKeeper types.DidKeeper, accreditationKeeper types.AccreditationKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:                 cdc,
		authority:           authority,
		didKeeper:           didKeeper,
		accreditationKeeper: accreditationKeeper,
		listCache:           NewListCache(DefaultListCacheBytes),
		Params:              collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Lists:               collections.NewMap(sb, types.ListsKey, "lists", collections.StringKey, codec.CollValue[types.StatusList](cdc)),
		ListsByIssuer: collections.NewKeySet(sb, types.ListsByIssuer, "lists_by_issuer",
			collections.PairKeyCodec(collections.StringKey, collections.StringKey)),
		ListNumbers: collections.NewSequence(sb, types.ListNumberSeq, "list_numbers"),
		Chunks: collections.NewMap(sb, types.ChunksKey, "chunks",
			collections.TripleKeyCodec(collections.Uint64Key, collections.Uint64Key, collections.Uint64Key), collections.BytesValue),
		Changes: collections.NewKeySet(sb, types.ChangesKey, "changes",
			collections.TripleKeyCodec(collections.Uint64Key, collections.Uint64Key, collections.Uint64Key)),
		Versions: collections.NewMap(sb, types.VersionsKey, "versions",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key), codec.CollValue[types.ListVersion](cdc)),
		VersionTimes: collections.NewMap(sb, types.VersionTimesKey, "version_times",
			collections.PairKeyCodec(collections.Uint64Key, collections.Int64Key), collections.Uint64Value),
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
