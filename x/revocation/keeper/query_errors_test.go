package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// Query errors are registered errors with their gRPC code, as in x/did and
// x/accreditation (internal/grpcerr): no client matches message text.
func TestQueryErrorsCarryRegisteredErrorsAndCodes(t *testing.T) {
	f := newFixture(t)
	rev := f.mustCreate("degrees", types.STATUS_PURPOSE_REVOCATION)
	longAgo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

	_, err := f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: types.ListID(issuerDID, "nope")})
	require.ErrorIs(t, err, types.ErrListNotFound)
	require.Equal(t, codes.NotFound, status.Code(err))

	_, err = f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: rev, AtTime: &longAgo})
	require.ErrorIs(t, err, types.ErrListNotFound, "the list did not exist then")
	require.Equal(t, codes.NotFound, status.Code(err))

	_, err = f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: "degrees"})
	require.ErrorIs(t, err, types.ErrInvalidListID)
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	_, err = f.q.CredentialStatus(f.ctx, types.NewQueryCredentialStatusRequest(rev, types.MinSizeBits, nil))
	require.ErrorIs(t, err, types.ErrIndexOutOfRange)
	require.Equal(t, codes.InvalidArgument, status.Code(err))
}
