package types

import (
	"google.golang.org/grpc/codes"

	errorsmod "cosmossdk.io/errors"
)

// x/accreditation errors. Codes are stable: clients match on them. Call
// sites wrap them with the field, the value and the limit.
//
// Reserved codes, never to be registered again (a client that matched the
// old meaning must not meet a new one), as the SDK leaves gaps for retired
// errors:
//   - 25: ErrNoParent, "accreditor is neither a trust anchor nor accredited",
//     returned while the node searched for the accreditor's parent; the
//     accreditor now names it (ErrParentNotFound, ErrParentNotHeld,
//     ErrNotTrustAnchor).
//
// Errors a query answers with are registered with their gRPC code
// (InvalidArgument, NotFound), which internal/grpcerr passes to the client.
var (
	ErrUnauthorized             = errorsmod.Register(ModuleName, 2, "signer is not the x/accreditation authority")
	ErrInvalidSubmitter         = errorsmod.Register(ModuleName, 3, "invalid submitter address")
	ErrInvalidParams            = errorsmod.Register(ModuleName, 4, "invalid x/accreditation params")
	ErrInvalidDid               = errorsmod.RegisterWithGRPCCode(ModuleName, 5, codes.InvalidArgument, "invalid DID")
	ErrDidNotFound              = errorsmod.Register(ModuleName, 6, "DID does not exist")
	ErrDidDeactivated           = errorsmod.Register(ModuleName, 7, "DID is deactivated")
	ErrInvalidName              = errorsmod.Register(ModuleName, 8, "invalid name")
	ErrInvalidCredentialType    = errorsmod.Register(ModuleName, 9, "invalid credential type")
	ErrInvalidSchemaDigest      = errorsmod.Register(ModuleName, 10, "invalid schema digest")
	ErrCredentialTypeExists     = errorsmod.Register(ModuleName, 11, "credential type already exists")
	ErrCredentialTypeNotFound   = errorsmod.RegisterWithGRPCCode(ModuleName, 12, codes.NotFound, "credential type not found")
	ErrCredentialTypeDeprecated = errorsmod.Register(ModuleName, 13, "credential type is deprecated")
	ErrNotTrustAnchor           = errorsmod.Register(ModuleName, 14, "DID is not an active trust anchor")
	ErrOutOfAnchorScope         = errorsmod.Register(ModuleName, 15, "credential type outside the trust anchor's scope")
	ErrInvalidTrustAnchor       = errorsmod.Register(ModuleName, 16, "invalid trust anchor")
	ErrInvalidScope             = errorsmod.Register(ModuleName, 17, "invalid scope")
	ErrInvalidWindow            = errorsmod.Register(ModuleName, 18, "invalid validity window")
	ErrInvalidRole              = errorsmod.Register(ModuleName, 19, "invalid role")
	ErrInvalidMaxDepth          = errorsmod.Register(ModuleName, 20, "invalid max_depth")
	ErrSelfAccreditation        = errorsmod.Register(ModuleName, 21, "a DID cannot accredit itself")
	ErrCycle                    = errorsmod.Register(ModuleName, 22, "accreditation would close a cycle")
	ErrAccreditationExists      = errorsmod.Register(ModuleName, 23, "accreditation already exists")
	ErrAccreditationNotFound    = errorsmod.RegisterWithGRPCCode(ModuleName, 24, codes.NotFound, "accreditation not found")
	ErrIssuerCannotAccredit     = errorsmod.Register(ModuleName, 26, "an issuer cannot accredit")
	ErrAccreditorInactive       = errorsmod.Register(ModuleName, 27, "accreditor's standing is not active")
	ErrWindowNotCovered         = errorsmod.Register(ModuleName, 28, "validity window outside the accreditor's window")
	ErrScopeNotCovered          = errorsmod.Register(ModuleName, 29, "scope wider than the accreditor's scope")
	ErrDepthExhausted           = errorsmod.Register(ModuleName, 30, "accreditor's max_depth allows no such level")
	ErrParentChainInvalid       = errorsmod.Register(ModuleName, 31, "accreditor's own chain is not valid")
	ErrRevoked                  = errorsmod.Register(ModuleName, 32, "accreditation is revoked")
	ErrInvalidTransition        = errorsmod.Register(ModuleName, 33, "accreditation is not in a status this change applies to")
	ErrVersionMismatch          = errorsmod.Register(ModuleName, 34, "expected_version is not the accreditation's current version")
	ErrActorNotAuthorized       = errorsmod.Register(ModuleName, 35, "actor is neither the accreditor nor an ancestor in the chain")
	ErrNotAccreditedIssuer      = errorsmod.Register(ModuleName, 36, "DID is not an accredited issuer")
	ErrInvalidReason            = errorsmod.Register(ModuleName, 37, "invalid reason")
	ErrInvalidID                = errorsmod.RegisterWithGRPCCode(ModuleName, 38, codes.InvalidArgument, "invalid identifier")
	ErrInvalidDescription       = errorsmod.Register(ModuleName, 39, "invalid description")
	ErrTrustAnchorNotFound      = errorsmod.RegisterWithGRPCCode(ModuleName, 40, codes.NotFound, "trust anchor not found")
	ErrInvalidGenesis           = errorsmod.Register(ModuleName, 41, "invalid x/accreditation genesis")
	ErrParentNotFound           = errorsmod.Register(ModuleName, 42, "parent accreditation not found")
	ErrParentNotHeld            = errorsmod.Register(ModuleName, 43, "parent accreditation is not held by the accreditor")
	ErrReinstateNotAllowed      = errorsmod.Register(ModuleName, 44, "only the suspender, an ancestor above it, or governance may reinstate")
)
