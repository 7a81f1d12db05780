package keeper_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	"github.com/ndi-chain/ndi/x/revocation/keeper"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

// iteratorCounter counts the iterators the keeper opens on its store.
type iteratorCounter struct {
	inner store.KVStoreService
	n     *int
}

func (s iteratorCounter) OpenKVStore(ctx context.Context) store.KVStore {
	return countingStore{KVStore: s.inner.OpenKVStore(ctx), n: s.n}
}

type countingStore struct {
	store.KVStore
	n *int
}

func (s countingStore) Iterator(start, end []byte) (store.Iterator, error) {
	*s.n++
	return s.KVStore.Iterator(start, end)
}

func (s countingStore) ReverseIterator(start, end []byte) (store.Iterator, error) {
	*s.n++
	return s.KVStore.ReverseIterator(start, end)
}

// The SDK's cache store sorts every key written in the block each time an
// iterator is created, so an update that iterates slows with each batch
// before it in the block (issue 10). Creating and updating a list must open
// none.
func TestTheWritePathOpensNoIterator(t *testing.T) {
	var iterators int
	f := newFixtureWith(t, func(s store.KVStoreService) store.KVStoreService { return iteratorCounter{inner: s, n: &iterators} })
	iterators = 0
	id, err := f.create("no-iterators", types.STATUS_PURPOSE_SUSPENSION, types.DefaultMaxSizeBits)
	require.NoError(t, err)
	require.Zero(t, iterators, "create opened iterators")
	for seq := range uint64(3) {
		p := types.UpdateStatusListPayload{ListId: id, ExpectedSequence: seq, Set: scattered(4096, types.DefaultMaxSizeBits, seq)}
		if seq == 2 {
			p.Set, p.Clear = nil, scattered(4096, types.DefaultMaxSizeBits, 1)
		}
		_, err := f.update(p)
		require.NoError(t, err)
		require.Zero(t, iterators, "update %d opened iterators", seq+1)
	}
}

// A scattered update writes two keys per chunk it changes (its record and
// its head; the head only once) and one per update (its version; the
// list's record is overwritten), however many indices it changes.
func TestAScatteredUpdateWritesKeysPerChunkNotPerIndex(t *testing.T) {
	f := newFixture(t)
	const size = types.DefaultMaxSizeBits
	id, err := f.create("keys", types.STATUS_PURPOSE_SUSPENSION, size)
	require.NoError(t, err)
	set := scattered(65_536, size, 3)
	chunks := map[uint64]bool{}
	for _, i := range set {
		chunks[i/types.ChunkBits] = true
	}
	f.nextBlock()
	before := len(f.stored(t))
	_, err = f.update(types.UpdateStatusListPayload{ListId: id, Set: set})
	require.NoError(t, err)
	require.Equal(t, before+2*len(chunks)+1, len(f.stored(t)), "first write of %d chunks", len(chunks))

	f.nextBlock()
	before = len(f.stored(t))
	_, err = f.update(types.UpdateStatusListPayload{ListId: id, ExpectedSequence: 1, Clear: set})
	require.NoError(t, err)
	require.Equal(t, before+len(chunks)+1, len(f.stored(t)), "second write: heads are overwritten, not added")
}

// historyModel is what a list must answer: its bits after each sequence and
// the sequence of each index's last change.
type historyModel struct {
	bits       [][]byte            // by sequence
	lastChange []map[uint64]uint64 // by sequence: index → sequence of its last change
	times      []time.Time         // by sequence
}

func newHistoryModel(size uint64, created time.Time) *historyModel {
	return &historyModel{bits: [][]byte{make([]byte, size/8)}, lastChange: []map[uint64]uint64{{}}, times: []time.Time{created}}
}

// apply records update seq = len(bits) and returns which indices it flipped.
func (m *historyModel) apply(set, clear []uint64, at time.Time) []uint64 {
	seq := uint64(len(m.bits))
	bits := slices.Clone(m.bits[seq-1])
	last := map[uint64]uint64{}
	for i, s := range m.lastChange[seq-1] {
		last[i] = s
	}
	var flipped []uint64
	for _, op := range []struct {
		idx   []uint64
		value bool
	}{{set, true}, {clear, false}} {
		for _, i := range op.idx {
			if types.SetBit(bits, i, op.value) {
				last[i] = seq
				flipped = append(flipped, i)
			}
		}
	}
	m.bits, m.lastChange, m.times = append(m.bits, bits), append(m.lastChange, last), append(m.times, at)
	slices.Sort(flipped)
	return flipped
}

// randomOps picks distinct indices of pool to set and to clear.
func randomOps(r *rand.Rand, pool []uint64) (set, clear []uint64) {
	for _, j := range r.Perm(len(pool))[:1+r.IntN(6)] {
		if r.IntN(2) == 0 {
			set = append(set, pool[j])
		} else {
			clear = append(clear, pool[j])
		}
	}
	if len(set) == 0 {
		set, clear = clear[:1], clear[1:]
	}
	return set, clear
}

// A pool of indices in few chunks, toggled by 70 updates, gives chunks up
// to 70 versions: every Fenwick shape. Every answer at every past time must
// equal the model's.
func TestEveryPastAnswerMatchesAModel(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("history", types.STATUS_PURPOSE_SUSPENSION)
	m := newHistoryModel(types.MinSizeBits, f.now)
	pool := []uint64{0, 1, 2, 7, 8, 100, 16383, 16384, 16385, 20000, 32767, 50000, types.MinSizeBits - 1}
	r := rand.New(rand.NewPCG(7, 11))
	for seq := range uint64(70) {
		f.nextBlock()
		set, clear := randomOps(r, pool)
		_, err := f.update(types.UpdateStatusListPayload{ListId: id, ExpectedSequence: seq, Set: set, Clear: clear})
		require.NoError(t, err)
		m.apply(set, clear, f.now)
	}
	requireModelAnswers(t, f, id, m, append(slices.Clone(pool), 3, 16386, 99999))
}

func requireModelAnswers(t *testing.T, f *fixture, id string, m *historyModel, probes []uint64) {
	t.Helper()
	for seq := range m.bits {
		at := m.times[seq]
		require.Equal(t, m.bits[seq], f.bits(id, &at), "whole list at sequence %d", seq)
		for _, i := range probes {
			st := f.status(id, i, &at)
			require.Equal(t, uint64(seq), st.Sequence)
			require.Equal(t, types.Bit(m.bits[seq], i), st.Set, "index %d at sequence %d", i, seq)
			changedAt, changed := m.lastChange[seq][i]
			require.Equal(t, changed, st.Changed, "index %d at sequence %d: changed", i, seq)
			if changed {
				require.Equal(t, m.times[changedAt], st.ChangedTime, "index %d at sequence %d: last change at sequence %d", i, seq, changedAt)
			}
		}
	}
}

// v1Answer is what store version 1's code answered for an index: the
// chunk's latest version at or before seq by reverse iteration, and the
// index's last change from its per-index keys.
func v1Answer(t *testing.T, ctx context.Context, v1 keeper.V1Layout, list types.StatusList, index, seq uint64) (set bool, changedAt uint64, changed bool) {
	t.Helper()
	c := index / types.ChunkBits
	iter, err := v1.Chunks.Iterate(ctx, new(collections.Range[collections.Triple[uint64, uint64, uint64]]).
		StartInclusive(collections.Join3(list.Number, c, uint64(0))).EndInclusive(collections.Join3(list.Number, c, seq)).Descending())
	require.NoError(t, err)
	if iter.Valid() {
		bits, err := iter.Value()
		require.NoError(t, err)
		set = types.Bit(bits, index%types.ChunkBits)
	}
	require.NoError(t, iter.Close())
	ch, err := v1.Changes.Iterate(ctx, new(collections.Range[collections.Triple[uint64, uint64, uint64]]).
		StartInclusive(collections.Join3(list.Number, index, uint64(0))).EndInclusive(collections.Join3(list.Number, index, seq)).Descending())
	require.NoError(t, err)
	defer func() { require.NoError(t, ch.Close()) }()
	if !ch.Valid() {
		return set, 0, false
	}
	key, err := ch.Key()
	require.NoError(t, err)
	return set, key.K3(), true
}

// A list written in store version 1's layout answers the same after the
// 1→2 migration as before it, for every probed index at every sequence,
// and version 1's keys are gone.
func TestMigrationKeepsEveryAnswer(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("migrated", types.STATUS_PURPOSE_SUSPENSION)
	list, err := f.k.Lists.Get(f.ctx, id)
	require.NoError(t, err)
	v1, err := keeper.NewV1Layout(f.k.StoreService())
	require.NoError(t, err)
	// Version 1 indexed the creation by time too.
	require.NoError(t, v1.VersionTimes.Set(f.ctx, collections.Join(list.Number, list.Created.Unix()), uint64(0)))

	// Write 40 updates as version 1 did: the whole chunk under (list,
	// chunk, sequence) for each chunk changed, a key per changed index.
	m := newHistoryModel(list.SizeBits, f.now)
	pool := []uint64{0, 5, 9, 16383, 16384, 40000, 40001, 131071}
	r := rand.New(rand.NewPCG(3, 5))
	for seq := uint64(1); seq <= 40; seq++ {
		f.nextBlock()
		set, clear := randomOps(r, pool)
		flipped := m.apply(set, clear, f.now)
		written := map[uint64]bool{}
		for _, i := range flipped {
			require.NoError(t, v1.Changes.Set(f.ctx, collections.Join3(list.Number, i, seq)))
			c := i / types.ChunkBits
			if !written[c] {
				written[c] = true
				chunk := m.bits[seq][c*types.ChunkBytes : c*types.ChunkBytes+uint64(types.ChunkLen(list.SizeBits, c))]
				require.NoError(t, v1.Chunks.Set(f.ctx, collections.Join3(list.Number, c, seq), slices.Clone(chunk)))
			}
		}
		list.Sequence, list.Updated, list.UpdatedHeight = seq, f.now, f.ctx.BlockHeight()
		require.NoError(t, f.k.Lists.Set(f.ctx, id, list))
		require.NoError(t, f.k.Versions.Set(f.ctx, collections.Join(list.Number, seq), types.ListVersion{Sequence: seq, Time: f.now, Height: f.ctx.BlockHeight()}))
		require.NoError(t, v1.VersionTimes.Set(f.ctx, collections.Join(list.Number, f.now.Unix()), seq))
	}

	type answer struct {
		set, changed bool
		changedAt    uint64
	}
	for seq := range uint64(41) {
		for _, i := range append(slices.Clone(pool), 1, 70000) {
			set, at, changed := v1Answer(t, f.ctx, v1, list, i, seq)
			// Version 1's answers are the model's, so comparing with the
			// model after the migration compares with version 1.
			wantAt, wantChanged := m.lastChange[seq][i]
			require.Equal(t, answer{types.Bit(m.bits[seq], i), wantChanged, wantAt}, answer{set, changed, at}, "v1: index %d at sequence %d", i, seq)
		}
	}

	require.NoError(t, keeper.NewMigrator(f.k).Migrate1to2(f.ctx))

	requireModelAnswers(t, f, id, m, append(slices.Clone(pool), 1, 70000))
	chunksLeft, err := v1.Chunks.Iterate(f.ctx, nil)
	require.NoError(t, err)
	keys, err := chunksLeft.Keys()
	require.NoError(t, err)
	require.Empty(t, keys, "version 1 chunk keys left")
	changesLeft, err := v1.Changes.Iterate(f.ctx, nil)
	require.NoError(t, err)
	changeKeys, err := changesLeft.Keys()
	require.NoError(t, err)
	require.Empty(t, changeKeys, "version 1 change keys left")
	timesLeft, err := v1.VersionTimes.Iterate(f.ctx, nil)
	require.NoError(t, err)
	timeKeys, err := timesLeft.Keys()
	require.NoError(t, err)
	require.Empty(t, timeKeys, "version 1 time index keys left")

	// The migrated list takes updates as any other.
	f.nextBlock()
	_, err = f.update(types.UpdateStatusListPayload{ListId: id, ExpectedSequence: 40, Set: []uint64{77}})
	require.NoError(t, err)
	require.True(t, f.status(id, 77, nil).Set)
}
