package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/internal/authority"
	"github.com/ndi-chain/ndi/x/did/types"
)

type msgServer struct {
	Keeper
	addressCodec interface{ StringToBytes(string) ([]byte, error) }
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/did message service; ac decodes the
// submitter's account address.
func NewMsgServerImpl(k Keeper, ac interface{ StringToBytes(string) ([]byte, error) }) types.MsgServer {
	return msgServer{Keeper: k, addressCodec: ac}
}

func (m msgServer) checkSubmitter(submitter string) error {
	if _, err := m.addressCodec.StringToBytes(submitter); err != nil {
		return types.ErrInvalidSubmitter.Wrapf("submitter %q: %s", submitter, err)
	}
	return nil
}

func (m msgServer) CreateDid(ctx context.Context, msg *types.MsgCreateDid) (*types.MsgCreateDidResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	versionID, err := m.Keeper.CreateDid(ctx, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	emit(ctx, types.EventTypeCreateDid, msg.Payload.Document.Id, versionID)
	return &types.MsgCreateDidResponse{VersionId: versionID}, nil
}

func (m msgServer) UpdateDid(ctx context.Context, msg *types.MsgUpdateDid) (*types.MsgUpdateDidResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	versionID, err := m.Keeper.UpdateDid(ctx, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	emit(ctx, types.EventTypeUpdateDid, msg.Payload.Document.Id, versionID)
	return &types.MsgUpdateDidResponse{VersionId: versionID}, nil
}

func (m msgServer) DeactivateDid(ctx context.Context, msg *types.MsgDeactivateDid) (*types.MsgDeactivateDidResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	versionID, err := m.Keeper.DeactivateDid(ctx, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	emit(ctx, types.EventTypeDeactivateDid, msg.Payload.Id, versionID)
	return &types.MsgDeactivateDidResponse{VersionId: versionID}, nil
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

func emit(ctx context.Context, eventType, did, versionID string) {
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(sdk.NewEvent(eventType,
		sdk.NewAttribute(types.AttributeKeyDid, did),
		sdk.NewAttribute(types.AttributeKeyVersionID, versionID),
	))
}
