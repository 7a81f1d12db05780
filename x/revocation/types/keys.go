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
	V1ChunksKey     = collections.NewPrefix(4)
	V1ChangesKey    = collections.NewPrefix(5)
	VersionsKey     = collections.NewPrefix(6)
	VersionTimesKey = collections.NewPrefix(7)
	ChunkHeadsKey   = collections.NewPrefix(8)
	ChunkRecordsKey = collections.NewPrefix(9)
)
