package app

import (
	"context"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/module"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app/params"
	poakeeper "github.com/ndi-chain/ndi/x/poa/keeper"
	poatypes "github.com/ndi-chain/ndi/x/poa/types"
)

// stakingModule is x/staking with its Msg service replaced by
// rotationMsgServer; everything else is the SDK module unchanged.
type stakingModule struct {
	staking.AppModule
	keeper    *stakingkeeper.Keeper
	msgServer stakingtypes.MsgServer
}

// RegisterServices registers what staking.AppModule registers, with our
// Msg server in place of the SDK's.
func (m stakingModule) RegisterServices(cfg module.Configurator) {
	stakingtypes.RegisterMsgServer(cfg.MsgServer(), m.msgServer)
	stakingtypes.RegisterQueryServer(cfg.QueryServer(), stakingkeeper.Querier{Keeper: m.keeper})
	mig := stakingkeeper.NewMigrator(m.keeper)
	if err := cfg.RegisterMigration(stakingtypes.ModuleName, 5, mig.Migrate5to6); err != nil {
		panic(fmt.Sprintf("failed to migrate x/%s from version 5 to 6: %v", stakingtypes.ModuleName, err))
	}
}

// rotationMsgServer lets an operator rotate its validator's consensus key
// although x/poa bonds all of its upower: x/staking insists on charging
// key_rotation_fee in the bond denom, so the operator pays the same amount
// in undi (burned) and x/poa lends the upower fee that the SDK handler burns
// straight away. The upower supply and every validator's bond are unchanged.
// The rotation also counts the validator's power against x/poa's per-block
// bound. The message runs in its own cached context, so when the SDK
// handler refuses it none of this is kept.
type rotationMsgServer struct {
	stakingtypes.MsgServer
	staking *stakingkeeper.Keeper
	bank    bankkeeper.Keeper
	poa     poakeeper.Keeper
}

// RotateConsPubKey charges the fee in undi, then runs x/staking's handler,
// which checks the new key and the one-rotation-per-unbonding-period limit.
// The signer is the validator's operator (the message's signer field is
// validator_address), so nobody else can rotate a validator's key.
func (s rotationMsgServer) RotateConsPubKey(ctx context.Context, msg *stakingtypes.MsgRotateConsPubKey) (*stakingtypes.MsgRotateConsPubKeyResponse, error) {
	valAddr, err := s.staking.ValidatorAddressCodec().StringToBytes(msg.ValidatorAddress)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("validator_address %q: %s", msg.ValidatorAddress, err)
	}
	validator, err := s.staking.GetValidator(ctx, valAddr)
	if err != nil {
		return nil, fmt.Errorf("rotate consensus key of %s: %w", msg.ValidatorAddress, err)
	}
	if err := s.poa.SpendRotationBudget(ctx, validator.ConsensusPower(s.staking.PowerReduction(ctx))); err != nil {
		return nil, err
	}
	fee, err := s.staking.KeyRotationFee(ctx)
	if err != nil {
		return nil, err
	}
	operator := sdk.AccAddress(valAddr)
	feeCoins := sdk.NewCoins(sdk.NewCoin(params.FeeDenom, fee.Amount))
	if err := s.bank.SendCoinsFromAccountToModule(ctx, operator, stakingtypes.KeyRotationFeePoolName, feeCoins); err != nil {
		return nil, fmt.Errorf("key rotation fee %s from operator %s: %w", feeCoins, operator, err)
	}
	if err := s.bank.BurnCoins(ctx, stakingtypes.KeyRotationFeePoolName, feeCoins); err != nil {
		return nil, err
	}
	lent := sdk.NewCoins(fee)
	if err := s.bank.MintCoins(ctx, poatypes.ModuleName, lent); err != nil {
		return nil, err
	}
	if err := s.bank.SendCoinsFromModuleToAccount(ctx, poatypes.ModuleName, operator, lent); err != nil {
		return nil, err
	}
	return s.MsgServer.RotateConsPubKey(ctx, msg)
}
