package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// Migrator holds x/revocation's store migrations, run by the upgrade
// module (app/upgrades.go).
type Migrator struct {
	keeper Keeper
}

// NewMigrator returns the migrations of k's store.
func NewMigrator(k Keeper) Migrator { return Migrator{keeper: k} }

// V1Layout is what store version 1 held and version 2 does not: every
// chunk version keyed (list number, chunk, sequence), found with a reverse
// iterator, one key per changed index (list number, index, sequence), and
// the time index (list number, block second) → last sequence written in
// that second, which nothing reads any more.
type V1Layout struct {
	Chunks       collections.Map[collections.Triple[uint64, uint64, uint64], []byte]
	Changes      collections.KeySet[collections.Triple[uint64, uint64, uint64]]
	VersionTimes collections.Map[collections.Pair[uint64, int64], uint64]
}

// NewV1Layout opens version 1's collections on a store.
func NewV1Layout(ss store.KVStoreService) (V1Layout, error) {
	sb := collections.NewSchemaBuilder(ss)
	triple := collections.TripleKeyCodec(collections.Uint64Key, collections.Uint64Key, collections.Uint64Key)
	l := V1Layout{
		Chunks:  collections.NewMap(sb, types.V1ChunksKey, "chunks", triple, collections.BytesValue),
		Changes: collections.NewKeySet(sb, types.V1ChangesKey, "changes", triple),
		VersionTimes: collections.NewMap(sb, types.V1VersionTimesKey, "version_times",
			collections.PairKeyCodec(collections.Uint64Key, collections.Int64Key), collections.Uint64Value),
	}
	_, err := sb.Build()
	return l, err
}

// Migrate1to2 moves every list's chunks to version 2's layout (chunks.go):
// each chunk's versions, oldest first, become ordinals 1, 2, … with the
// bits they changed (the difference from the version before, which is
// exactly what version 1's per-index change keys recorded) and their
// Fenwick spans. Version 1's keys are then deleted, time index included, so
// the store holds one layout. Answers do not change:
// TestMigrationKeepsEveryAnswer.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	v1, err := NewV1Layout(m.keeper.storeService)
	if err != nil {
		return err
	}
	var lists []types.StatusList
	err = m.keeper.Lists.Walk(ctx, nil, func(_ string, l types.StatusList) (bool, error) {
		lists = append(lists, l)
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, l := range lists {
		if err := m.migrateList(ctx, v1, l); err != nil {
			return fmt.Errorf("migrate status list %s: %w", l.Id, err)
		}
	}
	return nil
}

func (m Migrator) migrateList(ctx context.Context, v1 V1Layout, l types.StatusList) error {
	// Keys first, then reads and writes: nothing is written while an
	// iterator is open.
	rng := collections.NewPrefixedTripleRange[uint64, uint64, uint64](l.Number)
	chunkIter, err := v1.Chunks.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	chunkKeys, err := chunkIter.Keys() // Keys closes the iterator
	if err != nil {
		return err
	}
	w := chunkAppender{k: m.keeper, list: l}
	for _, key := range chunkKeys {
		bits, err := v1.Chunks.Get(ctx, key)
		if err != nil {
			return err
		}
		if err := w.append(ctx, key.K2(), key.K3(), bits); err != nil {
			return err
		}
		if err := v1.Chunks.Remove(ctx, key); err != nil {
			return err
		}
	}
	if err := v1.Changes.Clear(ctx, rng); err != nil {
		return err
	}
	return v1.VersionTimes.Clear(ctx, collections.NewPrefixedPairRange[uint64, int64](l.Number))
}
