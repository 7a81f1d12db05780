package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// StatusListHistory answers one row per version, creation first, each with
// the block it was written in and the bits that update really changed
// (an index set twice counts once; a clear of a clear bit counts nothing).
func TestStatusListHistoryRowsMatchUpdates(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("history", types.STATUS_PURPOSE_SUSPENSION)
	other := f.mustCreate("other", types.STATUS_PURPOSE_REVOCATION)
	want := []types.ListVersion{{Sequence: 0, Time: f.now, Height: f.ctx.BlockHeight()}}

	updates := []struct {
		payload      types.UpdateStatusListPayload
		set, cleared uint64
	}{
		{payload: types.UpdateStatusListPayload{Set: []uint64{1, 2, 3}}, set: 3},
		{payload: types.UpdateStatusListPayload{Set: []uint64{4}, Clear: []uint64{1, 2}}, set: 1, cleared: 2},
		{payload: types.UpdateStatusListPayload{SetRanges: []types.IndexRange{{Start: 3, End: 9}}}, set: 5},
	}
	for i, u := range updates {
		f.nextBlock()
		p := u.payload
		p.ListId, p.ExpectedSequence = id, uint64(i)
		_, err := f.update(p)
		require.NoError(t, err)
		want = append(want, types.ListVersion{Sequence: uint64(i + 1), Time: f.now, Height: f.ctx.BlockHeight(), SetCount: u.set, ClearedCount: u.cleared})
		// The other list's updates must not appear in this list's history.
		_, err = f.update(types.UpdateStatusListPayload{ListId: other, ExpectedSequence: uint64(i), Set: []uint64{uint64(10 + i)}})
		require.NoError(t, err)
	}

	res, err := f.q.StatusListHistory(f.ctx, &types.QueryStatusListHistoryRequest{ListId: id})
	require.NoError(t, err)
	require.Len(t, res.Versions, len(want))
	for i := range want {
		require.Equal(t, want[i].Sequence, res.Versions[i].Sequence)
		require.True(t, want[i].Time.Equal(res.Versions[i].Time), "version %d time %s, want %s", i, res.Versions[i].Time, want[i].Time)
		require.Equal(t, want[i].Height, res.Versions[i].Height, "version %d height", i)
		require.Equal(t, want[i].SetCount, res.Versions[i].SetCount, "version %d set_count", i)
		require.Equal(t, want[i].ClearedCount, res.Versions[i].ClearedCount, "version %d cleared_count", i)
	}

	// Pages follow each other in sequence order.
	first, err := f.q.StatusListHistory(f.ctx, &types.QueryStatusListHistoryRequest{ListId: id, Pagination: &query.PageRequest{Limit: 3}})
	require.NoError(t, err)
	require.Len(t, first.Versions, 3)
	require.NotEmpty(t, first.Pagination.NextKey)
	rest, err := f.q.StatusListHistory(f.ctx, &types.QueryStatusListHistoryRequest{ListId: id, Pagination: &query.PageRequest{Key: first.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, rest.Versions, 1)
	require.Equal(t, uint64(3), rest.Versions[0].Sequence)
}

// A page never holds more than types.MaxPageLimit versions, whatever the
// caller asks for.
func TestStatusListHistoryPageIsCapped(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("long", types.STATUS_PURPOSE_SUSPENSION)
	for seq := range uint64(types.MaxPageLimit + 1) {
		p := types.UpdateStatusListPayload{ListId: id, ExpectedSequence: seq, Set: []uint64{0}}
		if seq%2 == 1 {
			p.Set, p.Clear = nil, []uint64{0}
		}
		_, err := f.update(p)
		require.NoError(t, err)
	}
	res, err := f.q.StatusListHistory(f.ctx, &types.QueryStatusListHistoryRequest{ListId: id, Pagination: &query.PageRequest{Limit: 1000}})
	require.NoError(t, err)
	require.Len(t, res.Versions, types.MaxPageLimit)
	require.NotEmpty(t, res.Pagination.NextKey)
}

// Every rejection is a registered error with its gRPC code.
func TestStatusListHistoryErrors(t *testing.T) {
	f := newFixture(t)

	_, err := f.q.StatusListHistory(f.ctx, nil)
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	_, err = f.q.StatusListHistory(f.ctx, &types.QueryStatusListHistoryRequest{})
	require.ErrorIs(t, err, types.ErrInvalidListID)
	require.Equal(t, codes.InvalidArgument, status.Code(err))
	require.ErrorContains(t, err, "list_id is required")

	_, err = f.q.StatusListHistory(f.ctx, &types.QueryStatusListHistoryRequest{ListId: "degrees"})
	require.ErrorIs(t, err, types.ErrInvalidListID)
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	_, err = f.q.StatusListHistory(f.ctx, &types.QueryStatusListHistoryRequest{ListId: types.ListID(issuerDID, "nope")})
	require.ErrorIs(t, err, types.ErrListNotFound)
	require.Equal(t, codes.NotFound, status.Code(err))
}
