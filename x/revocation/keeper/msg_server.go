package keeper

import (
	"context"
	"strconv"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/internal/authority"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

type msgServer struct {
	Keeper
	addressCodec address.Codec
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/revocation message service; ac decodes the
// submitter's account address.
func NewMsgServerImpl(k Keeper, ac address.Codec) types.MsgServer {
	return msgServer{Keeper: k, addressCodec: ac}
}

func (m msgServer) checkSubmitter(submitter string) error {
	if _, err := m.addressCodec.StringToBytes(submitter); err != nil {
		return types.ErrInvalidSubmitter.Wrapf("submitter %q: %s", submitter, err)
	}
	return nil
}

func (m msgServer) CreateStatusList(ctx context.Context, msg *types.MsgCreateStatusList) (*types.MsgCreateStatusListResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	list, err := m.Keeper.CreateStatusList(ctx, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(sdk.NewEvent(types.EventTypeCreateStatusList,
		sdk.NewAttribute(types.AttributeKeyListID, list.Id),
		sdk.NewAttribute(types.AttributeKeyIssuer, list.IssuerDid),
		sdk.NewAttribute(types.AttributeKeyPurpose, list.Purpose.W3CPurpose()),
		sdk.NewAttribute(types.AttributeKeySizeBits, strconv.FormatUint(list.SizeBits, 10)),
	))
	return &types.MsgCreateStatusListResponse{ListId: list.Id}, nil
}

func (m msgServer) UpdateStatusList(ctx context.Context, msg *types.MsgUpdateStatusList) (*types.MsgUpdateStatusListResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	res, err := m.Keeper.UpdateStatusList(ctx, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(sdk.NewEvent(types.EventTypeUpdateStatusList,
		sdk.NewAttribute(types.AttributeKeyListID, res.List.Id),
		sdk.NewAttribute(types.AttributeKeyPurpose, res.List.Purpose.W3CPurpose()),
		sdk.NewAttribute(types.AttributeKeySequence, strconv.FormatUint(res.List.Sequence, 10)),
		sdk.NewAttribute(types.AttributeKeySetCount, strconv.FormatUint(res.SetCount, 10)),
		sdk.NewAttribute(types.AttributeKeyClearedCount, strconv.FormatUint(res.ClearedCount, 10)),
		sdk.NewAttribute(types.AttributeKeyFirstIndex, strconv.FormatUint(res.FirstIndex, 10)),
		sdk.NewAttribute(types.AttributeKeyLastIndex, strconv.FormatUint(res.LastIndex, 10)),
		sdk.NewAttribute(types.AttributeKeyChunks, strconv.FormatUint(res.ChunksWritten, 10)),
	))
	return &types.MsgUpdateStatusListResponse{Sequence: res.List.Sequence, SetCount: res.SetCount, ClearedCount: res.ClearedCount}, nil
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := authority.Check(ctx, m.authority, msg.Authority, types.ErrUnauthorized); err != nil {
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
