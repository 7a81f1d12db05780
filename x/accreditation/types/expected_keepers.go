package types

import (
	"context"
	"time"

	"github.com/cosmos/gogoproto/proto"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// DidKeeper is what x/accreditation needs from x/did: the one place DID
// signatures are checked, and DIDs' state now and in the past.
type DidKeeper interface {
	// AuthorizeAssertion checks that did (existing, not deactivated) signed
	// payload on this chain with an assertionMethod key; x/did computes the
	// sign bytes.
	AuthorizeAssertion(ctx context.Context, did string, payload proto.Message, sigs []didtypes.DidSignature) error
	// CurrentDocument returns a DID's latest document and whether it is deactivated.
	CurrentDocument(ctx context.Context, did string) (didtypes.DidDocument, bool, error)
	// StateAt tells whether did existed at t and whether it was deactivated by then.
	StateAt(ctx context.Context, did string, t time.Time) (exists, deactivated bool, err error)
}
