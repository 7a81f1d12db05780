package keeper

import "context"

// SpendRotationBudget counts a consensus-key rotation of a validator with
// the given consensus power against the block's power bound. A rotation
// hands that power to a key no light client has seen, which is the same
// trust change as moving the power to a new validator.
func (k Keeper) SpendRotationBudget(ctx context.Context, power int64) error {
	return k.spendPowerBudget(ctx, power)
}
