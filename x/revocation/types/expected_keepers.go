package types

import (
	"context"

	"github.com/cosmos/gogoproto/proto"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// DidKeeper is what x/revocation needs from x/did: the one place DID
// signatures are checked.
type DidKeeper interface {
	// AuthorizeAssertion checks that did (existing, not deactivated) signed
	// payload on this chain with an assertionMethod key; x/did computes the
	// sign bytes.
	AuthorizeAssertion(ctx context.Context, did string, payload proto.Message, sigs []didtypes.DidSignature) error
}

// AccreditationKeeper is what x/revocation needs from x/accreditation.
type AccreditationKeeper interface {
	// CheckActiveIssuer returns nil when did holds an ISSUER accreditation
	// whose chain is valid now.
	CheckActiveIssuer(ctx context.Context, did string) error
}
