package keeper

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
)

// descendingScan is how versionAt answered before it read by points: the
// history scanned from its newest version down to the first written at or
// before t.
func descendingScan(t *testing.T, ctx context.Context, history collections.Map[collections.Pair[string, uint64], int64], id string, at time.Time) (int64, bool) {
	t.Helper()
	iter, err := history.Iterate(ctx, collections.NewPrefixedPairRange[string, uint64](id).Descending())
	require.NoError(t, err)
	defer func() { require.NoError(t, iter.Close()) }()
	for ; iter.Valid(); iter.Next() {
		written, err := iter.Value()
		require.NoError(t, err)
		if !time.Unix(0, written).After(at) {
			return written, true
		}
	}
	return 0, false
}

// versionAt answers, for random histories (several versions at the same
// instant, gaps), at every version's time and just around it, as the
// descending scan did and as the history says; searching fewer versions
// (the latest excluded, as AnchorAt does once it knows the latest was
// written after t) gives the same answer whenever the latest is after t.
func TestVersionAtMatchesAModelOfRandomHistories(t *testing.T) {
	key := storetypes.NewKVStoreKey("history_test")
	ctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_history_test")).Ctx
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	// Values are the versions' write times in Unix nanoseconds.
	history := collections.NewMap(sb, collections.NewPrefix(0), "history",
		collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), collections.Int64Value)
	_, err := sb.Build()
	require.NoError(t, err)
	writtenAt := func(ns int64) time.Time { return time.Unix(0, ns) }

	rng := rand.New(rand.NewPCG(11, 7))
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for trial := range 40 {
		id := "history-" + strconv.Itoa(trial)
		n := 1 + rng.IntN(15)
		times := make([]time.Time, n)
		at := base.Add(time.Duration(trial) * time.Hour)
		for i := range n {
			if rng.IntN(3) > 0 { // a third of versions share the instant before them
				at = at.Add(time.Duration(1+rng.IntN(3000)) * time.Millisecond)
			}
			times[i] = at
			require.NoError(t, history.Set(ctx, collections.Join(id, uint64(i)), at.UnixNano()))
		}
		var queries []time.Time
		for _, written := range times {
			queries = append(queries, written.Add(-time.Nanosecond), written, written.Add(time.Nanosecond))
		}
		queries = append(queries, times[0].Add(-time.Hour), times[n-1].Add(time.Hour))
		for _, q := range queries {
			want, wantFound := int64(0), false
			for _, written := range times {
				if !written.After(q) {
					want, wantFound = written.UnixNano(), true
				}
			}
			scanned, scanFound := descendingScan(t, ctx, history, id, q)
			require.Equal(t, wantFound, scanFound, "model and scan disagree at %s", q)
			require.Equal(t, want, scanned, "model and scan disagree at %s", q)

			got, found, err := versionAt(ctx, history, id, uint64(n), q, writtenAt)
			require.NoError(t, err)
			require.Equal(t, wantFound, found, "%s at %s", id, q)
			require.Equal(t, want, got, "%s at %s", id, q)
			if times[n-1].After(q) {
				got, found, err = versionAt(ctx, history, id, uint64(n-1), q, writtenAt)
				require.NoError(t, err)
				require.Equal(t, wantFound, found, "%s at %s without the latest", id, q)
				require.Equal(t, want, got, "%s at %s without the latest", id, q)
			}
		}
	}
}
