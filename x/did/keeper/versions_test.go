package keeper_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

// timeIndexScan is how SeqAt answered before it read by points: the
// time index scanned backwards from t. The model test holds the new
// answer to it as well as to the history.
func timeIndexScan(t *testing.T, k keeper.Keeper, ctx context.Context, did string, at time.Time) (uint64, bool) {
	t.Helper()
	iter, err := k.VersionTimes.Iterate(ctx, collections.NewPrefixedPairRange[string, int64](did).EndInclusive(at.Unix()).Descending())
	require.NoError(t, err)
	defer func() { require.NoError(t, iter.Close()) }()
	if !iter.Valid() {
		return 0, false
	}
	seq, err := iter.Value()
	require.NoError(t, err)
	return seq, true
}

// SeqAt answers, for DIDs of random histories (several versions in one
// second, gaps, sub-second times), at every second around them, as the
// reverse scan of the time index did and as the history says: the last
// version written at or before the second asked.
func TestSeqAtMatchesAModelOfRandomHistories(t *testing.T) {
	s := newSuite(t)
	k := s.f.App.DidKeeper
	ctx := s.f.Ctx()
	rng := rand.New(rand.NewPCG(11, 5))
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	gs := &types.GenesisState{Params: types.DefaultParams()}
	var histories [][]time.Time
	for trial := range 24 {
		id := didtest.NewIdentity(t, ns)
		n := 1 + rng.IntN(12)
		times := make([]time.Time, n)
		at := base.Add(time.Duration(trial) * time.Hour)
		gd := types.GenesisDid{Id: id.DID()}
		for i := range n {
			if rng.IntN(3) > 0 { // a third of versions share the second before them
				at = at.Add(time.Duration(rng.IntN(4)) * time.Second)
			}
			times[i] = at.Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
			if i > 0 && times[i].Before(times[i-1]) {
				times[i] = times[i-1]
			}
			gd.Versions = append(gd.Versions, types.DidVersion{
				Document: id.Doc, VersionId: "v" + strconv.Itoa(i), Time: times[i], Height: int64(i + 1),
				Deactivated: i == n-1 && rng.IntN(2) == 0,
			})
		}
		gs.Dids = append(gs.Dids, gd)
		histories = append(histories, times)
	}
	require.NoError(t, k.InitGenesis(ctx, gs))

	for i, gd := range gs.Dids {
		times := histories[i]
		state, err := k.Dids.Get(ctx, gd.Id)
		require.NoError(t, err)
		first, last := times[0].Unix(), times[len(times)-1].Unix()
		for sec := first - 2; sec <= last+2; sec++ {
			at := time.Unix(sec, int64(rng.IntN(1e9))).UTC()
			wantSeq, wantFound := uint64(0), false
			for seq, written := range times {
				if written.Unix() <= sec {
					wantSeq, wantFound = uint64(seq), true
				}
			}
			scanSeq, scanFound := timeIndexScan(t, k, ctx, gd.Id, at)
			require.Equal(t, wantFound, scanFound, "model and time index disagree at %s", at)
			require.Equal(t, wantSeq, scanSeq, "model and time index disagree at %s", at)

			seq, found, err := k.SeqAt(ctx, gd.Id, state, at)
			require.NoError(t, err)
			require.Equal(t, wantFound, found, "%s at %s", gd.Id, at)
			require.Equal(t, wantSeq, seq, "%s at %s", gd.Id, at)

			exists, deactivated, err := k.StateAt(ctx, gd.Id, at)
			require.NoError(t, err)
			require.Equal(t, wantFound, exists, "%s at %s", gd.Id, at)
			require.Equal(t, wantFound && state.Deactivated && wantSeq == state.Versions-1, deactivated, "%s at %s", gd.Id, at)
		}
	}
}
