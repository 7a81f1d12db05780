package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers amino names for the messages (amino
// names are limited to 39 characters, hence "ndi/accr/").
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgRegisterCredentialType{}, "ndi/accr/MsgRegisterCredentialType")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterTrustAnchor{}, "ndi/accr/MsgRegisterTrustAnchor")
	legacy.RegisterAminoMsg(cdc, &MsgRemoveTrustAnchor{}, "ndi/accr/MsgRemoveTrustAnchor")
	legacy.RegisterAminoMsg(cdc, &MsgAccredit{}, "ndi/accr/MsgAccredit")
	legacy.RegisterAminoMsg(cdc, &MsgSuspendAccreditation{}, "ndi/accr/MsgSuspendAccreditation")
	legacy.RegisterAminoMsg(cdc, &MsgReinstateAccreditation{}, "ndi/accr/MsgReinstateAccreditation")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeAccreditation{}, "ndi/accr/MsgRevokeAccreditation")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "ndi/accr/MsgUpdateParams")
}

// RegisterInterfaces registers the messages so they can travel in txs and
// in governance proposals.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterCredentialType{},
		&MsgRegisterTrustAnchor{},
		&MsgRemoveTrustAnchor{},
		&MsgAccredit{},
		&MsgSuspendAccreditation{},
		&MsgReinstateAccreditation{},
		&MsgRevokeAccreditation{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
