package types

import (
	"google.golang.org/grpc/codes"

	errorsmod "cosmossdk.io/errors"
)

// x/did errors. Codes 2–99 are x/did's; 100–119 belong to x/did/didsig
// (key decoding and signature checks) and 120–139 to the CLI key store
// (x/did/client/cli), in the same codespace.
//
// Reserved codes, never to be registered again, as the SDK leaves gaps for
// retired errors (a client that matched the old meaning must not meet a new
// one):
//   - 23: ErrUnknownKeyType, registered but never returned: key types are
//     decoded by x/did/didsig (ErrUnsupportedKeyType, code 100).
//
// Errors a query answers with are registered with their gRPC code
// (InvalidArgument, NotFound), which internal/grpcerr passes to the client.
var (
	ErrInvalidDid            = errorsmod.RegisterWithGRPCCode(ModuleName, 2, codes.InvalidArgument, "invalid DID")
	ErrWrongNamespace        = errorsmod.Register(ModuleName, 3, "DID namespace not served by this chain")
	ErrNotSelfCertifying     = errorsmod.Register(ModuleName, 4, "DID unique-id does not match the first verification method's key")
	ErrInvalidDocument       = errorsmod.Register(ModuleName, 5, "invalid DID document")
	ErrDocumentTooLarge      = errorsmod.Register(ModuleName, 6, "DID document too large")
	ErrTooManyMethods        = errorsmod.Register(ModuleName, 7, "too many verification methods")
	ErrTooManyServices       = errorsmod.Register(ModuleName, 8, "too many services")
	ErrIDTooLong             = errorsmod.Register(ModuleName, 9, "identifier too long")
	ErrDidExists             = errorsmod.Register(ModuleName, 10, "DID already exists")
	ErrDidNotFound           = errorsmod.RegisterWithGRPCCode(ModuleName, 11, codes.NotFound, "DID not found")
	ErrDidDeactivated        = errorsmod.Register(ModuleName, 12, "DID is deactivated")
	ErrVersionMismatch       = errorsmod.Register(ModuleName, 13, "expected_version_id is not the DID's latest version")
	ErrMissingSignature      = errorsmod.Register(ModuleName, 14, "a required DID has not signed")
	ErrInvalidSignature      = errorsmod.Register(ModuleName, 15, "invalid DID signature")
	ErrUnknownMethod         = errorsmod.Register(ModuleName, 16, "verification method not found")
	ErrMethodNotAuthorized   = errorsmod.Register(ModuleName, 17, "verification method not in a relationship that may authorize this change")
	ErrInvalidKeySource      = errorsmod.Register(ModuleName, 18, "invalid key_source")
	ErrVersionNotFound       = errorsmod.RegisterWithGRPCCode(ModuleName, 19, codes.NotFound, "DID version not found")
	ErrUnauthorized          = errorsmod.Register(ModuleName, 20, "signer is not the x/did authority")
	ErrInvalidParams         = errorsmod.Register(ModuleName, 21, "invalid x/did params")
	ErrIDMismatch            = errorsmod.Register(ModuleName, 22, "document id differs from the DID being changed")
	ErrInvalidSubmitter      = errorsmod.Register(ModuleName, 24, "invalid submitter address")
	ErrDuplicateID           = errorsmod.Register(ModuleName, 25, "duplicate identifier in DID document")
	ErrControllerDeactivated = errorsmod.Register(ModuleName, 26, "controller DID is deactivated")
	ErrNoProofOfPossession   = errorsmod.Register(ModuleName, 27, "a new DID must be signed by its first verification method, the key its id commits to")
	ErrTooManySignatures     = errorsmod.Register(ModuleName, 28, "too many DID signatures")
	ErrDuplicateSignature    = errorsmod.Register(ModuleName, 29, "duplicate DID signature")
	ErrMissingChainID        = errorsmod.Register(ModuleName, 30, "no chain id to bind DID signatures to")
)
