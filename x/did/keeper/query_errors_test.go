package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

// Query errors are registered errors with their gRPC code: a client tells
// "no such DID" from "malformed DID" by code, and in-process callers by
// errors.Is, never by reading the message.
func TestQueryErrorsCarryRegisteredErrorsAndCodes(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	s.mustCreate(alice)
	ghost := didtest.NewIdentity(t, ns)
	longAgo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

	for _, tc := range []struct {
		name string
		req  *types.QueryDidRequest
		err  error
		code codes.Code
	}{
		{"malformed DID", &types.QueryDidRequest{Id: "did:ndi:local:0OIl"}, types.ErrInvalidDid, codes.InvalidArgument},
		{"unknown DID", &types.QueryDidRequest{Id: ghost.DID()}, types.ErrDidNotFound, codes.NotFound},
		{"unknown version id", &types.QueryDidRequest{Id: alice.DID(), VersionId: "nope"}, types.ErrVersionNotFound, codes.NotFound},
		{"before its creation", &types.QueryDidRequest{Id: alice.DID(), VersionTime: &longAgo}, types.ErrVersionNotFound, codes.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.q.Did(s.f.Ctx(), tc.req)
			require.ErrorIs(t, err, tc.err)
			require.Equal(t, tc.code, status.Code(err), "%v", err)
		})
	}
}
