package keeper_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/testutil/rawstore"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

// forwardWalk is an oracle independent of versionAt's binary search: it
// walks every stored version of list number oldest first and keeps the
// last one written at or before the second of at.
func (f *fixture) forwardWalk(number uint64, at time.Time) (uint64, bool) {
	f.t.Helper()
	seq, found := uint64(0), false
	next := uint64(0)
	err := f.k.Versions.Walk(f.ctx, collections.NewPrefixedPairRange[uint64, uint64](number), func(key collections.Pair[uint64, uint64], v types.ListVersion) (bool, error) {
		require.Equal(f.t, next, key.K2(), "versions of list %d are numbered without gaps", number)
		require.Equal(f.t, key.K2(), v.Sequence)
		next++
		if v.Time.Unix() <= at.Unix() {
			seq, found = key.K2(), true
		}
		return false, nil
	})
	require.NoError(f.t, err)
	return seq, found
}

// A list's state at a time is the last update at or before that second,
// for random histories (several updates in one second, gaps), at every
// second around them: as the model says and as a forward walk of the
// stored versions finds, through both StatusList and CredentialStatus.
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
			walked, walkFound := f.forwardWalk(list.Number, at)
			require.Equal(t, wantFound, walkFound, "model and stored versions disagree at %s", at)
			require.Equal(t, want, walked, "model and stored versions disagree at %s", at)

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

// retiredPrefixKeys lists the raw keys of the store under the retired
// `version_times` prefix (types.V1VersionTimesKey).
func (f *fixture) retiredPrefixKeys(t *testing.T) []string {
	t.Helper()
	return rawstore.KeysUnder(t, f.ctx.KVStore(f.key), types.V1VersionTimesKey)
}

// The time index is gone and must not come back: no collection of the
// keeper uses its prefix, and creating a list, updating it (in a later
// block and again in the same second) and importing it from genesis put no
// key under it, while they do write versions.
func TestNoWriteUsesTheRetiredTimeIndexPrefix(t *testing.T) {
	f := newFixture(t)
	for _, c := range f.k.Schema.ListCollections() {
		require.NotEqual(t, []byte(types.V1VersionTimesKey), c.GetPrefix(), "collection %s takes the retired prefix", c.GetName())
	}
	id := f.mustCreate("no-time-index", types.STATUS_PURPOSE_SUSPENSION)
	require.Empty(t, f.retiredPrefixKeys(t), "after a create")
	f.nextBlock()
	_, err := f.update(types.UpdateStatusListPayload{ListId: id, Set: []uint64{3, 70_000}})
	require.NoError(t, err)
	require.Empty(t, f.retiredPrefixKeys(t), "after an update")
	_, err = f.update(types.UpdateStatusListPayload{ListId: id, ExpectedSequence: 1, Clear: []uint64{3}})
	require.NoError(t, err)
	require.Empty(t, f.retiredPrefixKeys(t), "after a second update in the same second")
	list, err := f.k.Lists.Get(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, uint64(2), list.Sequence, "the updates were made")
	for seq := range uint64(3) {
		has, err := f.k.Versions.Has(f.ctx, collections.Join(list.Number, seq))
		require.NoError(t, err)
		require.True(t, has, "version %d", seq)
	}

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	fresh := newFixture(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx, exported))
	require.Empty(t, fresh.retiredPrefixKeys(t), "after a genesis import")
	has, err := fresh.k.Versions.Has(fresh.ctx, collections.Join(list.Number, uint64(2)))
	require.NoError(t, err)
	require.True(t, has, "the import wrote the versions")
}
