package keeper_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/testutil/rawstore"
	"github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

// forwardWalk is an oracle independent of SeqAt's binary search: it walks
// every stored version of did oldest first and keeps the last one written
// at or before the second of at. The model test holds SeqAt's answer to it
// as well as to the history, so the stored versions are checked too.
func forwardWalk(t *testing.T, k keeper.Keeper, ctx context.Context, did string, at time.Time) (uint64, bool) {
	t.Helper()
	seq, found := uint64(0), false
	next := uint64(0)
	err := k.Versions.Walk(ctx, collections.NewPrefixedPairRange[string, uint64](did), func(key collections.Pair[string, uint64], v types.DidVersion) (bool, error) {
		require.Equal(t, next, key.K2(), "versions of %s are numbered without gaps", did)
		next++
		if v.Time.Unix() <= at.Unix() {
			seq, found = key.K2(), true
		}
		return false, nil
	})
	require.NoError(t, err)
	return seq, found
}

// SeqAt answers, for DIDs of random histories (several versions in one
// second, gaps, sub-second times), at every second around them, as a
// forward walk of the stored versions and as the history says: the last
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
			walkSeq, walkFound := forwardWalk(t, k, ctx, gd.Id, at)
			require.Equal(t, wantFound, walkFound, "model and stored versions disagree at %s", at)
			require.Equal(t, wantSeq, walkSeq, "model and stored versions disagree at %s", at)

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

// retiredPrefixKeys lists the raw keys of the x/did store under the
// retired `version_times` prefix (types.RetiredVersionTimesKey).
func (s *suite) retiredPrefixKeys(t *testing.T) []string {
	t.Helper()
	return rawstore.KeysUnder(t, s.f.Ctx().KVStore(s.f.App.GetKey(types.StoreKey)), types.RetiredVersionTimesKey)
}

// The time index is gone and must not come back: no x/did collection uses
// its prefix, and a create, an update, a deactivation and a genesis import
// put no key under it, while they do write versions.
func TestNoWriteUsesTheRetiredTimeIndexPrefix(t *testing.T) {
	s := newSuite(t)
	for _, c := range s.f.App.DidKeeper.Schema.ListCollections() {
		require.NotEqual(t, []byte(types.RetiredVersionTimesKey), c.GetPrefix(), "collection %s takes the retired prefix", c.GetName())
	}
	alice := didtest.NewIdentity(t, ns)
	version := s.mustCreate(alice)
	require.Empty(t, s.retiredPrefixKeys(t), "after a create")
	doc := alice.Doc.Clone()
	doc.AlsoKnownAs = []string{"https://alice.example"}
	version, err := s.update(doc, version, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
	require.Empty(t, s.retiredPrefixKeys(t), "after an update")
	_, err = s.deactivate(alice.DID(), version, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
	require.Empty(t, s.retiredPrefixKeys(t), "after a deactivation")
	state, err := s.f.App.DidKeeper.Dids.Get(s.f.Ctx(), alice.DID())
	require.NoError(t, err)
	require.Equal(t, uint64(3), state.Versions, "the writes were made")

	bob := didtest.NewIdentity(t, ns)
	ctx := s.f.Ctx()
	require.NoError(t, s.f.App.DidKeeper.InitGenesis(ctx, &types.GenesisState{Params: types.DefaultParams(), Dids: []types.GenesisDid{{
		Id: bob.DID(), Versions: []types.DidVersion{{Document: bob.Doc, VersionId: "v0", Time: ctx.BlockTime(), Height: ctx.BlockHeight()}},
	}}}))
	has, err := s.f.App.DidKeeper.Versions.Has(ctx, collections.Join(bob.DID(), uint64(0)))
	require.NoError(t, err)
	require.True(t, has)
	require.Empty(t, s.retiredPrefixKeys(t), "after a genesis import")
}
