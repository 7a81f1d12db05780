package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/x/poa/types"
)

// minSelfDelegation is one token: removing the operator's whole
// self-delegation then jails the validator, so it leaves the set at once.
var minSelfDelegation = math.OneInt()

// AddValidator mints power×reduction upower to the operator and creates a
// validator bonded with it as self-delegation, through x/staking's own
// checks (allowed key type, key not used by another validator). The operator
// must not already run a validator, and the power counts against the
// per-block bound.
func (k Keeper) AddValidator(ctx context.Context, operator sdk.AccAddress, pubKey cryptotypes.PubKey, moniker string, power int64) error {
	if err := types.ValidatePower(power); err != nil {
		return err
	}
	valAddr := sdk.ValAddress(operator)
	if _, err := k.stakingKeeper.GetValidator(ctx, valAddr); err == nil {
		return types.ErrValidatorExists.Wrapf("operator %s already runs a validator", operator)
	} else if !errors.Is(err, stakingtypes.ErrNoValidatorFound) {
		return err
	}
	if err := k.spendPowerBudget(ctx, power); err != nil {
		return err
	}
	selfBond, err := k.mintTo(ctx, operator, power)
	if err != nil {
		return err
	}
	valAddrStr, err := k.stakingKeeper.ValidatorAddressCodec().BytesToString(valAddr)
	if err != nil {
		return err
	}
	pkAny, err := codectypes.NewAnyWithValue(pubKey)
	if err != nil {
		return types.ErrInvalidConsensusKey.Wrap(err.Error())
	}
	msg := &stakingtypes.MsgCreateValidator{
		Description:       stakingtypes.NewDescription(moniker, "", "", "", ""),
		Commission:        stakingtypes.NewCommissionRates(math.LegacyZeroDec(), math.LegacyZeroDec(), math.LegacyZeroDec()),
		MinSelfDelegation: minSelfDelegation,
		ValidatorAddress:  valAddrStr,
		Pubkey:            pkAny,
		Value:             selfBond,
	}
	if _, err := k.stakingMsgServer.CreateValidator(ctx, msg); err != nil {
		return errorsmod.Wrap(err, "create validator in x/staking")
	}
	return nil
}

// RemoveValidator unbonds the operator's whole self-delegation and burns it.
// The validator is jailed by x/staking (self-delegation below minimum), so
// it drops out of the consensus set at the end of this block.
func (k Keeper) RemoveValidator(ctx context.Context, operator sdk.AccAddress) error {
	validator, err := k.getValidator(ctx, operator)
	if err != nil {
		return err
	}
	delegation, err := k.stakingKeeper.GetDelegation(ctx, operator, sdk.ValAddress(operator))
	if errors.Is(err, stakingtypes.ErrNoDelegation) {
		return types.ErrUnknownValidator.Wrapf("validator of %s has no power left to remove", operator)
	} else if err != nil {
		return err
	}
	power := k.consensusPower(ctx, validator)
	if err := k.spendPowerBudget(ctx, power); err != nil {
		return err
	}
	return k.unbondAndBurn(ctx, operator, validator, delegation.Shares)
}

// SetValidatorPower mints or burns upower so the validator holds exactly
// power. The difference counts against the per-block bound.
func (k Keeper) SetValidatorPower(ctx context.Context, operator sdk.AccAddress, power int64) error {
	if err := types.ValidatePower(power); err != nil {
		return err
	}
	validator, err := k.getValidator(ctx, operator)
	if err != nil {
		return err
	}
	current := k.consensusPower(ctx, validator)
	delta := power - current
	switch {
	case delta == 0:
		return nil
	case delta > 0:
		if err := k.spendPowerBudget(ctx, delta); err != nil {
			return err
		}
		coin, err := k.mintTo(ctx, operator, delta)
		if err != nil {
			return err
		}
		_, err = k.stakingKeeper.Delegate(ctx, operator, coin.Amount, stakingtypes.Unbonded, validator, true)
		return errorsmod.Wrap(err, "bond minted power")
	default:
		if err := k.spendPowerBudget(ctx, -delta); err != nil {
			return err
		}
		coin, err := k.powerToCoin(ctx, -delta)
		if err != nil {
			return err
		}
		shares, err := validator.SharesFromTokens(coin.Amount)
		if err != nil {
			return errorsmod.Wrap(err, "convert power to shares")
		}
		return k.unbondAndBurn(ctx, operator, validator, shares)
	}
}

// unbondAndBurn removes shares of the operator's self-delegation and burns
// the tokens where x/staking holds them, so no unbonding entry is created and
// no upower ever returns to an account.
func (k Keeper) unbondAndBurn(ctx context.Context, operator sdk.AccAddress, validator stakingtypes.Validator, shares math.LegacyDec) error {
	amount, err := k.stakingKeeper.Unbond(ctx, operator, sdk.ValAddress(operator), shares)
	if err != nil {
		return errorsmod.Wrap(err, "unbond validator power")
	}
	if !amount.IsPositive() {
		return nil
	}
	denom, err := k.stakingKeeper.BondDenom(ctx)
	if err != nil {
		return err
	}
	pool := stakingtypes.NotBondedPoolName
	if validator.IsBonded() {
		pool = stakingtypes.BondedPoolName
	}
	if err := k.bankKeeper.BurnCoins(ctx, pool, sdk.NewCoins(sdk.NewCoin(denom, amount))); err != nil {
		return errorsmod.Wrap(err, "burn validator power")
	}
	return nil
}

func (k Keeper) getValidator(ctx context.Context, operator sdk.AccAddress) (stakingtypes.Validator, error) {
	validator, err := k.stakingKeeper.GetValidator(ctx, sdk.ValAddress(operator))
	if errors.Is(err, stakingtypes.ErrNoValidatorFound) {
		return validator, types.ErrUnknownValidator.Wrapf("operator %s runs no validator", operator)
	}
	return validator, err
}

func (k Keeper) consensusPower(ctx context.Context, v stakingtypes.Validator) int64 {
	return v.PotentialConsensusPower(k.stakingKeeper.PowerReduction(ctx))
}

// mintTo creates power×reduction upower and gives it to addr.
func (k Keeper) mintTo(ctx context.Context, addr sdk.AccAddress, power int64) (sdk.Coin, error) {
	coin, err := k.powerToCoin(ctx, power)
	if err != nil {
		return sdk.Coin{}, err
	}
	coins := sdk.NewCoins(coin)
	if err := k.bankKeeper.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return sdk.Coin{}, errorsmod.Wrap(err, "mint validator power")
	}
	if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, coins); err != nil {
		return sdk.Coin{}, errorsmod.Wrap(err, "give minted power to operator")
	}
	return coin, nil
}

func (k Keeper) powerToCoin(ctx context.Context, power int64) (sdk.Coin, error) {
	denom, err := k.stakingKeeper.BondDenom(ctx)
	if err != nil {
		return sdk.Coin{}, err
	}
	return sdk.NewCoin(denom, k.stakingKeeper.PowerReduction(ctx).MulRaw(power)), nil
}

// spendPowerBudget records that power moves in this block and refuses the
// change when the block's total would exceed the bound, a fraction of the
// total power committed before the block.
func (k Keeper) spendPowerBudget(ctx context.Context, power int64) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	total, err := k.stakingKeeper.GetLastTotalPower(ctx)
	if err != nil {
		return err
	}
	moved, err := k.PowerMoved.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	limit := params.MaxPowerChangePerBlock.MulInt(total).TruncateInt()
	after := math.NewInt(moved).AddRaw(power)
	if after.GT(limit) {
		return types.ErrPowerChangeTooLarge.Wrapf(
			"moving %d power brings this block's change to %s, above the bound %s (%s of total power %s); make the change in steps over several blocks",
			power, after, limit, params.MaxPowerChangePerBlock, total)
	}
	return k.PowerMoved.Set(ctx, after.Int64())
}
