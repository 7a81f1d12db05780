package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers amino names for the messages.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgCreateDid{}, "ndi/did/MsgCreateDid")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateDid{}, "ndi/did/MsgUpdateDid")
	legacy.RegisterAminoMsg(cdc, &MsgDeactivateDid{}, "ndi/did/MsgDeactivateDid")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "ndi/did/MsgUpdateParams")
}

// RegisterInterfaces registers the messages.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgCreateDid{},
		&MsgUpdateDid{},
		&MsgDeactivateDid{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
