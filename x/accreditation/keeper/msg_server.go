package keeper

import (
	"context"
	"strconv"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/internal/authority"
	"github.com/ndi-chain/ndi/x/accreditation/types"
)

type msgServer struct {
	Keeper
	addressCodec address.Codec
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/accreditation message service; ac decodes
// the submitter's account address.
func NewMsgServerImpl(k Keeper, ac address.Codec) types.MsgServer {
	return msgServer{Keeper: k, addressCodec: ac}
}

func (m msgServer) checkSubmitter(submitter string) error {
	if _, err := m.addressCodec.StringToBytes(submitter); err != nil {
		return types.ErrInvalidSubmitter.Wrapf("submitter %q: %s", submitter, err)
	}
	return nil
}

// checkAuthority accepts the chain's effective authority, as the SDK
// modules do (internal/authority).
func (m msgServer) checkAuthority(ctx context.Context, signer string) error {
	return authority.Check(ctx, m.authority, signer, types.ErrUnauthorized)
}

func (m msgServer) RegisterCredentialType(ctx context.Context, msg *types.MsgRegisterCredentialType) (*types.MsgRegisterCredentialTypeResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	ct, err := m.Keeper.RegisterCredentialType(ctx, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	emit(ctx, types.EventTypeRegisterCredentialType,
		sdk.NewAttribute(types.AttributeKeyID, ct.Id),
		sdk.NewAttribute(types.AttributeKeyDid, ct.OwnerDid))
	return &types.MsgRegisterCredentialTypeResponse{Id: ct.Id}, nil
}

func (m msgServer) RegisterTrustAnchor(ctx context.Context, msg *types.MsgRegisterTrustAnchor) (*types.MsgRegisterTrustAnchorResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := m.Keeper.RegisterTrustAnchor(ctx, msg.Anchor); err != nil {
		return nil, err
	}
	emit(ctx, types.EventTypeRegisterTrustAnchor, sdk.NewAttribute(types.AttributeKeyDid, msg.Anchor.Did))
	return &types.MsgRegisterTrustAnchorResponse{}, nil
}

func (m msgServer) RemoveTrustAnchor(ctx context.Context, msg *types.MsgRemoveTrustAnchor) (*types.MsgRemoveTrustAnchorResponse, error) {
	if err := m.checkAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := m.Keeper.RemoveTrustAnchor(ctx, msg.Did, msg.Reason); err != nil {
		return nil, err
	}
	emit(ctx, types.EventTypeRemoveTrustAnchor, sdk.NewAttribute(types.AttributeKeyDid, msg.Did))
	return &types.MsgRemoveTrustAnchorResponse{}, nil
}

func (m msgServer) Accredit(ctx context.Context, msg *types.MsgAccredit) (*types.MsgAccreditResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	a, err := m.Keeper.Accredit(ctx, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	parent := a.ParentId
	if parent == "" {
		parent = types.TrustAnchorLinkID(a.AnchorDid)
	}
	emit(ctx, types.EventTypeAccredit,
		sdk.NewAttribute(types.AttributeKeyID, a.Id),
		sdk.NewAttribute(types.AttributeKeyAccreditorDid, a.AccreditorDid),
		sdk.NewAttribute(types.AttributeKeySubjectDid, a.SubjectDid),
		sdk.NewAttribute(types.AttributeKeyRole, a.Role.String()),
		sdk.NewAttribute(types.AttributeKeyParentID, parent))
	return &types.MsgAccreditResponse{Id: a.Id}, nil
}

func (m msgServer) SuspendAccreditation(ctx context.Context, msg *types.MsgSuspendAccreditation) (*types.MsgSuspendAccreditationResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	a, err := m.Keeper.SuspendAccreditation(ctx, msg.Submitter, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	emitStatusChange(ctx, types.EventTypeSuspend, a)
	return &types.MsgSuspendAccreditationResponse{Version: a.Version}, nil
}

func (m msgServer) ReinstateAccreditation(ctx context.Context, msg *types.MsgReinstateAccreditation) (*types.MsgReinstateAccreditationResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	a, err := m.Keeper.ReinstateAccreditation(ctx, msg.Submitter, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	emitStatusChange(ctx, types.EventTypeReinstate, a)
	return &types.MsgReinstateAccreditationResponse{Version: a.Version}, nil
}

func (m msgServer) RevokeAccreditation(ctx context.Context, msg *types.MsgRevokeAccreditation) (*types.MsgRevokeAccreditationResponse, error) {
	if err := m.checkSubmitter(msg.Submitter); err != nil {
		return nil, err
	}
	a, err := m.Keeper.RevokeAccreditation(ctx, msg.Submitter, msg.Payload, msg.Signatures)
	if err != nil {
		return nil, err
	}
	emitStatusChange(ctx, types.EventTypeRevoke, a)
	return &types.MsgRevokeAccreditationResponse{Version: a.Version}, nil
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

func emitStatusChange(ctx context.Context, eventType string, a types.Accreditation) {
	emit(ctx, eventType,
		sdk.NewAttribute(types.AttributeKeyID, a.Id),
		sdk.NewAttribute(types.AttributeKeyActor, a.ChangedBy),
		sdk.NewAttribute(types.AttributeKeyVersion, strconv.FormatUint(a.Version, 10)))
}

func emit(ctx context.Context, eventType string, attrs ...sdk.Attribute) {
	sdk.UnwrapSDKContext(ctx).EventManager().EmitEvent(sdk.NewEvent(eventType, attrs...))
}
