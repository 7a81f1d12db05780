package grpcerr_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	errorsmod "cosmossdk.io/errors"

	"github.com/ndi-chain/ndi/internal/grpcerr"
)

var (
	errMissing  = errorsmod.RegisterWithGRPCCode("grpcerr_test", 2, codes.NotFound, "thing not found")
	errBadInput = errorsmod.RegisterWithGRPCCode("grpcerr_test", 3, codes.InvalidArgument, "invalid thing")
	errNoCode   = errorsmod.Register("grpcerr_test", 4, "registered without a gRPC code")
)

func TestQueryKeepsTheRegisteredErrorAndItsCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want codes.Code
	}{
		{errMissing.Wrap("thing-1"), codes.NotFound},
		{errorsmod.Wrap(errMissing.Wrap("thing-1"), "at 2026-01-01"), codes.NotFound},
		{errBadInput.Wrap("name"), codes.InvalidArgument},
	} {
		err := grpcerr.Query(tc.err)
		require.Equal(t, tc.want, status.Code(err), tc.err.Error())
		require.ErrorIs(t, err, tc.err, "in-process callers still match the registered error")
	}
}

func TestQueryMakesEverythingElseInternal(t *testing.T) {
	require.Equal(t, codes.Internal, status.Code(grpcerr.Query(errors.New("store: disk on fire"))))
	require.Equal(t, codes.Internal, status.Code(grpcerr.Query(errNoCode.Wrap("x"))))
	require.Equal(t, codes.InvalidArgument, status.Code(grpcerr.Query(status.Error(codes.InvalidArgument, "empty request"))))
	require.NoError(t, grpcerr.Query(nil))
}

func TestQueryKeepsTheErrorText(t *testing.T) {
	err := errMissing.Wrap("thing-1")
	got := grpcerr.Query(err)
	require.Equal(t, err.Error(), status.Convert(got).Message())
	require.Equal(t, err.Error(), got.Error())
}
