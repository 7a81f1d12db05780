package types

import (
	"google.golang.org/grpc/codes"

	errorsmod "cosmossdk.io/errors"
)

// x/revocation errors.
// Errors a query answers with are registered with their gRPC code
// (InvalidArgument, NotFound), which internal/grpcerr passes to the client.
var (
	ErrInvalidListName    = errorsmod.Register(ModuleName, 2, "invalid status list name")
	ErrInvalidPurpose     = errorsmod.Register(ModuleName, 3, "invalid status purpose")
	ErrInvalidSize        = errorsmod.Register(ModuleName, 4, "invalid status list size")
	ErrListExists         = errorsmod.Register(ModuleName, 5, "status list already exists")
	ErrListNotFound       = errorsmod.RegisterWithGRPCCode(ModuleName, 6, codes.NotFound, "status list not found")
	ErrIndexOutOfRange    = errorsmod.RegisterWithGRPCCode(ModuleName, 7, codes.InvalidArgument, "status index out of range")
	ErrDuplicateIndex     = errorsmod.Register(ModuleName, 8, "status index given twice")
	ErrClearOnRevocation  = errorsmod.Register(ModuleName, 9, "revocation bits can never be cleared")
	ErrBatchTooLarge      = errorsmod.Register(ModuleName, 10, "too many indices in one update")
	ErrSequenceMismatch   = errorsmod.Register(ModuleName, 11, "expected_sequence is not the list's sequence")
	ErrEmptyUpdate        = errorsmod.Register(ModuleName, 12, "update changes no index")
	ErrInvalidRange       = errorsmod.Register(ModuleName, 13, "invalid index range")
	ErrInvalidSubmitter   = errorsmod.Register(ModuleName, 14, "invalid submitter address")
	ErrUnauthorized       = errorsmod.Register(ModuleName, 15, "signer is not the x/revocation authority")
	ErrInvalidParams      = errorsmod.Register(ModuleName, 16, "invalid x/revocation params")
	ErrInvalidListID      = errorsmod.RegisterWithGRPCCode(ModuleName, 17, codes.InvalidArgument, "invalid status list id")
	ErrInvalidEncodedList = errorsmod.Register(ModuleName, 18, "invalid encodedList")
	ErrInvalidPacked      = errorsmod.Register(ModuleName, 19, "invalid packed indices")
)
