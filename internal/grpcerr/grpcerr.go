// Package grpcerr gives the NDI modules' query errors one style: a
// registered error carries its gRPC code (errorsmod.RegisterWithGRPCCode:
// InvalidArgument for bad input, NotFound for a missing record), so a
// client tells the cases apart by code, never by message text.
package grpcerr

import (
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	errorsmod "cosmossdk.io/errors"
)

// Query returns err as a query answers it: with the gRPC code registered
// with the error in its chain, or that of a status it already is, and
// codes.Internal for anything else (a store failure). The message is
// err's own text, and in-process callers can still errors.Is the
// registered error.
func Query(err error) error {
	if err == nil {
		return nil
	}
	var registered *errorsmod.Error
	if errors.As(err, &registered) {
		if code := registered.GRPCStatus().Code(); code != codes.Unknown {
			return queryError{err: err, code: code}
		}
		return queryError{err: err, code: codes.Internal}
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	return status.Error(codes.Internal, err.Error())
}

// queryError is a keeper error with the gRPC code a client sees.
type queryError struct {
	err  error
	code codes.Code
}

func (e queryError) Error() string { return e.err.Error() }

func (e queryError) Unwrap() error { return e.err }

// GRPCStatus is what gRPC servers and the SDK's query router read.
func (e queryError) GRPCStatus() *status.Status { return status.New(e.code, e.err.Error()) }
