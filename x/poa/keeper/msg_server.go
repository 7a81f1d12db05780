package keeper

import (
	"context"
	"strconv"

	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/internal/authority"
	"github.com/ndi-chain/ndi/x/poa/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/poa message service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

// checkAuthority accepts the chain's effective authority, as the SDK
// modules do (internal/authority).
func (m msgServer) checkAuthority(ctx context.Context, signer string) error {
	return authority.Check(ctx, m.authority, signer, types.ErrUnauthorized)
}

func (m msgServer) AddValidator(ctx context.Context, msg *types.MsgAddValidator) (*types.MsgAddValidatorResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(m.accountKeeper.AddressCodec()); err != nil {
		return nil, err
	}
	operator, _ := m.accountKeeper.AddressCodec().StringToBytes(msg.Operator)
	pk := msg.ConsensusPubkey.GetCachedValue().(cryptotypes.PubKey)
	if err := m.Keeper.AddValidator(ctx, operator, pk, msg.Moniker, msg.Power); err != nil {
		return nil, err
	}
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(sdk.NewEvent(types.EventTypeAddValidator,
		sdk.NewAttribute(types.AttributeKeyOperator, msg.Operator),
		sdk.NewAttribute(types.AttributeKeyPower, strconv.FormatInt(msg.Power, 10)),
	))
	return &types.MsgAddValidatorResponse{}, nil
}

func (m msgServer) RemoveValidator(ctx context.Context, msg *types.MsgRemoveValidator) (*types.MsgRemoveValidatorResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(m.accountKeeper.AddressCodec()); err != nil {
		return nil, err
	}
	operator, _ := m.accountKeeper.AddressCodec().StringToBytes(msg.Operator)
	if err := m.Keeper.RemoveValidator(ctx, operator); err != nil {
		return nil, err
	}
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(sdk.NewEvent(types.EventTypeRemoveValidator,
		sdk.NewAttribute(types.AttributeKeyOperator, msg.Operator),
	))
	return &types.MsgRemoveValidatorResponse{}, nil
}

func (m msgServer) SetValidatorPower(ctx context.Context, msg *types.MsgSetValidatorPower) (*types.MsgSetValidatorPowerResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(m.accountKeeper.AddressCodec()); err != nil {
		return nil, err
	}
	operator, _ := m.accountKeeper.AddressCodec().StringToBytes(msg.Operator)
	if err := m.Keeper.SetValidatorPower(ctx, operator, msg.Power); err != nil {
		return nil, err
	}
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(sdk.NewEvent(types.EventTypeSetValidatorPower,
		sdk.NewAttribute(types.AttributeKeyOperator, msg.Operator),
		sdk.NewAttribute(types.AttributeKeyPower, strconv.FormatInt(msg.Power, 10)),
	))
	return &types.MsgSetValidatorPowerResponse{}, nil
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
