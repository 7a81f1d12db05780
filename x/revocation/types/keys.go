package types

import "cosmossdk.io/collections"

const (
	// ModuleName is x/revocation's name and store key.
	ModuleName = "revocation"
	// StoreKey is the KV store of x/revocation.
	StoreKey = ModuleName

	// ChunkBytes is the size of a stored chunk: 16,384 status bits. An
	// update writes only the chunks it touches.
	ChunkBytes = 2048
	// ChunkBits is the number of status bits in a chunk.
	ChunkBits = ChunkBytes * 8
)

var (
	ParamsKey     = collections.NewPrefix(0)
	ListsKey      = collections.NewPrefix(1)
	ListsByIssuer = collections.NewPrefix(2)
	ListNumberSeq = collections.NewPrefix(3)
	// V1ChunksKey and V1ChangesKey held store version 1's chunk versions
	// (list, chunk, sequence) and per-index changes (list, index, sequence).
	// Only the 1→2 migration reads them, and it empties them.
	V1ChunksKey  = collections.NewPrefix(4)
	V1ChangesKey = collections.NewPrefix(5)
	VersionsKey  = collections.NewPrefix(6)
	// V1VersionTimesKey (prefix 7) held the `version_times` index (list
	// number, block second) → sequence of store version 1. Nothing reads it
	// (answers at a past time binary-search Versions by point reads) and
	// store version 2 does not write it: the 1→2 migration empties it. The
	// prefix stays reserved and must not be reused; tests check that no
	// write puts a key under it.
	V1VersionTimesKey = collections.NewPrefix(7)
	ChunkHeadsKey     = collections.NewPrefix(8)
	ChunkRecordsKey   = collections.NewPrefix(9)
)
