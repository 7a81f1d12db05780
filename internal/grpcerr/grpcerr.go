// Package grpcerr gives the NDI modules' query errors one style: a
// registered error carries its gRPC code (errorsmod.RegisterWithGRPCCode:
// InvalidArgument for bad input, NotFound for a missing record), so a
// client tells the cases apart by code, never by message text.
package grpcerr

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Query returns err as a query answers it. An error that already has a
// gRPC code (a registered error with one, wrapped or not, or a status) is
// returned unchanged, so in-process callers can still errors.Is the
// registered error and gRPC callers get its code. Anything else (a store
// failure) becomes codes.Internal.
func Query(err error) error {
	if err == nil {
		return nil
	}
	if s, ok := status.FromError(err); ok && s.Code() != codes.Unknown {
		return err
	}
	return status.Error(codes.Internal, err.Error())
}
