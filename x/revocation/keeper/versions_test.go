package keeper_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// timeIndexScan is how a list's sequence at a time was found before it
// was read by points: the time index scanned backwards from t.
func (f *fixture) timeIndexScan(number uint64, at time.Time) (uint64, bool) {
	f.t.Helper()
	rng := new(collections.Range[collections.Pair[uint64, int64]]).
		StartInclusive(collections.Join(number, int64(-1)<<62)).
		EndInclusive(collections.Join(number, at.Unix())).
		Descending()
	iter, err := f.k.VersionTimes.Iterate(f.ctx, rng)
	require.NoError(f.t, err)
	defer func() { require.NoError(f.t, iter.Close()) }()
	if !iter.Valid() {
		return 0, false
	}
	seq, err := iter.Value()
	require.NoError(f.t, err)
	return seq, true
}

// A list's state at a time is the last update at or before that second,
// for random histories (several updates in one second, gaps), at every
// second around them: as the model says and as the reverse scan of the
// time index did, through both StatusList and CredentialStatus.
func TestListSequenceAtMatchesAModelOfRandomHistories(t *testing.T) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(11, 9))
	for trial := range 6 {
		created := f.now
		id, err := f.create("model-"+strconv.Itoa(trial), types.STATUS_PURPOSE_SUSPENSION, types.MinSizeBits)
		require.NoError(t, err)
		list, err := f.k.Lists.Get(f.ctx, id)
		require.NoError(t, err)
		times := []time.Time{created}
		setAt := []bool{false} // index 0's state after each sequence
		for seq := range uint64(1 + rng.IntN(10)) {
			if rng.IntN(3) > 0 { // a third of updates share the second before them
				f.now = f.now.Add(time.Duration(1+rng.IntN(3)) * time.Second)
			}
			f.ctx = f.ctx.WithBlockTime(f.now).WithBlockHeight(f.ctx.BlockHeight() + 1)
			p := types.UpdateStatusListPayload{ListId: id, ExpectedSequence: seq, Set: []uint64{0}}
			if setAt[len(setAt)-1] {
				p.Set, p.Clear = nil, []uint64{0}
			}
			_, err := f.update(p)
			require.NoError(t, err)
			times = append(times, f.now)
			setAt = append(setAt, !setAt[len(setAt)-1])
		}
		for sec := created.Unix() - 2; sec <= f.now.Unix()+2; sec++ {
			at := time.Unix(sec, int64(rng.IntN(1e9))).UTC()
			want, wantFound := uint64(0), false
			for seq, written := range times {
				if written.Unix() <= sec {
					want, wantFound = uint64(seq), true
				}
			}
			scanned, scanFound := f.timeIndexScan(list.Number, at)
			require.Equal(t, wantFound, scanFound, "model and time index disagree at %s", at)
			require.Equal(t, want, scanned, "model and time index disagree at %s", at)

			res, err := f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: id, AtTime: &at})
			status, statusErr := f.q.CredentialStatus(f.ctx, types.NewQueryCredentialStatusRequest(id, 0, &at))
			if !wantFound {
				require.ErrorIs(t, err, types.ErrListNotFound, at)
				require.ErrorIs(t, statusErr, types.ErrListNotFound, at)
				continue
			}
			require.NoError(t, err)
			require.Equal(t, want, res.Sequence, "%s at %s", id, at)
			require.Equal(t, times[want], res.AsOf, "%s at %s", id, at)
			require.Equal(t, want, res.List.Sequence, "%s at %s", id, at)
			require.NoError(t, statusErr)
			require.Equal(t, want, status.Sequence, "%s at %s", id, at)
			require.Equal(t, setAt[want], status.Set, "%s at %s", id, at)
		}
		f.nextBlock()
	}
}
