// Package authority checks the signer of a governance message the way the
// SDK modules do, so the NDI modules answer to the same authority as x/bank
// and x/gov.
package authority

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Check accepts msgAuthority when it is the chain's effective authority:
// the authority in the consensus parameters when one is set there, the
// module's configured authority otherwise (sdk.ValidateAuthority, as x/bank
// and x/gov call it). A refusal is reported as moduleErr, the module's own
// registered "not the authority" error, with the SDK's explanation.
func Check(ctx context.Context, keeperAuthority, msgAuthority string, moduleErr *errorsmod.Error) error {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), keeperAuthority, msgAuthority); err != nil {
		return errorsmod.Wrap(moduleErr, err.Error())
	}
	return nil
}
