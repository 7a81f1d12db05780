package keeper_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

func (f *fixture) encoded(id string, at *time.Time) *types.QueryStatusListResponse {
	f.t.Helper()
	res, err := f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: id, AtTime: at})
	require.NoError(f.t, err)
	return res
}

// A second query for the same (list, sequence) is answered from the cache
// with the same bytes, and charges the same query gas as the first.
func TestListCacheHitReturnsIdenticalBytes(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("degrees", types.STATUS_PURPOSE_REVOCATION)
	_, err := f.update(types.UpdateStatusListPayload{ListId: id, Set: []uint64{3, 40_000}})
	require.NoError(t, err)
	f.nextBlock()
	cache := f.k.ListCache()
	require.Zero(t, cache.Len())

	gasOf := func() (*types.QueryStatusListResponse, uint64) {
		ctx := f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
		res, err := f.q.StatusList(ctx, &types.QueryStatusListRequest{ListId: id})
		require.NoError(t, err)
		return res, ctx.GasMeter().GasConsumed()
	}
	miss, missGas := gasOf()
	require.Equal(t, 1, cache.Len())
	hits, misses := cache.Stats()
	require.Equal(t, [2]uint64{0, 1}, [2]uint64{hits, misses}, "the first query misses")
	held := cache.Bytes()
	require.Greater(t, held, len(miss.EncodedList))
	hit, hitGas := gasOf()
	require.Equal(t, 1, cache.Len(), "a hit adds nothing")
	hits, misses = cache.Stats()
	require.Equal(t, [2]uint64{1, 1}, [2]uint64{hits, misses}, "the second query hits")
	require.Equal(t, held, cache.Bytes())
	require.Equal(t, miss.EncodedList, hit.EncodedList)
	require.Equal(t, miss, hit)
	require.Equal(t, missGas, hitGas, "a hit costs the query gas a miss does")

	bits, err := types.DecodeList(hit.EncodedList)
	require.NoError(t, err)
	require.True(t, types.Bit(bits, 3))
	require.True(t, types.Bit(bits, 40_000))
	require.Equal(t, 2, popcount(bits))
}

// Each sequence is its own entry: an update is seen at once, and a past
// time's answer is cached beside the latest and stays the old bits.
func TestListCacheNewSequenceIsANewEntry(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("degrees", types.STATUS_PURPOSE_REVOCATION)
	created := f.now
	f.nextBlock()
	first := f.encoded(id, nil)
	require.Equal(t, uint64(0), first.Sequence)

	_, err := f.update(types.UpdateStatusListPayload{ListId: id, Set: []uint64{7}})
	require.NoError(t, err)
	f.nextBlock()
	second := f.encoded(id, nil)
	require.Equal(t, uint64(1), second.Sequence)
	require.NotEqual(t, first.EncodedList, second.EncodedList)
	require.Equal(t, 2, f.k.ListCache().Len())
	require.True(t, types.Bit(f.bits(id, nil), 7))

	past := f.encoded(id, &created)
	require.Equal(t, uint64(0), past.Sequence)
	require.Equal(t, first.EncodedList, past.EncodedList, "the past answer is the cached sequence 0")
	require.Equal(t, 2, f.k.ListCache().Len())
	require.Zero(t, popcount(f.bits(id, &created)))
}

// Queries run in parallel, each on its own view of committed state as the
// gRPC server gives them; all get the same answer and the cache holds one
// entry per version. Run with -race.
func TestListCacheConcurrentReaders(t *testing.T) {
	f := newFixture(t)
	ids := []string{f.mustCreate("a", types.STATUS_PURPOSE_REVOCATION), f.mustCreate("b", types.STATUS_PURPOSE_SUSPENSION)}
	for i, id := range ids {
		_, err := f.update(types.UpdateStatusListPayload{ListId: id, Set: []uint64{uint64(i), 99_999}})
		require.NoError(t, err)
	}
	f.nextBlock()
	cms := f.cms.(interface {
		CacheMultiStore() storetypes.CacheMultiStore
	})

	const readers = 16
	answers := make([]string, readers)
	errs := make([]error, readers)
	var wg sync.WaitGroup
	for i := range readers {
		ctx := f.ctx.WithMultiStore(cms.CacheMultiStore()).WithGasMeter(storetypes.NewInfiniteGasMeter())
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := f.q.StatusList(ctx, &types.QueryStatusListRequest{ListId: ids[i%2]})
			if err == nil {
				answers[i] = res.EncodedList
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i := range readers {
		require.NoError(t, errs[i])
		require.Equal(t, answers[i%2], answers[i])
	}
	require.NotEqual(t, answers[0], answers[1], "each list has its own entry")
	require.Equal(t, 2, f.k.ListCache().Len())
}

// BenchmarkStatusListFullSize is the whole-list query on a 16,777,216-entry
// list holding 65,536 scattered set bits: the first fetch after an update
// (a miss: every chunk read, then encoded) and every later one (a hit).
func BenchmarkStatusListFullSize(b *testing.B) {
	f := newFixture(b)
	id, err := f.create("full", types.STATUS_PURPOSE_REVOCATION, types.DefaultMaxSizeBits)
	if err != nil {
		b.Fatal(err)
	}
	p := types.UpdateStatusListPayload{ListId: id, Set: scattered(65_536, types.DefaultMaxSizeBits, 11)}
	if _, err := f.update(p); err != nil {
		b.Fatal(err)
	}
	f.nextBlock()
	query := func(b *testing.B) {
		res, err := f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: id})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.EncodedList)), "bytes")
	}
	b.Run("miss", func(b *testing.B) {
		for b.Loop() {
			f.k.ListCache().Purge()
			query(b)
		}
	})
	b.Run("hit", func(b *testing.B) {
		for b.Loop() {
			query(b)
		}
	})
}
