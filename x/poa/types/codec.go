package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages for amino JSON signing
// (Ledger and older wallets sign governance messages this way).
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgAddValidator{}, "ndi/poa/MsgAddValidator")
	legacy.RegisterAminoMsg(cdc, &MsgRemoveValidator{}, "ndi/poa/MsgRemoveValidator")
	legacy.RegisterAminoMsg(cdc, &MsgSetValidatorPower{}, "ndi/poa/MsgSetValidatorPower")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "ndi/poa/MsgUpdateParams")
}

// RegisterInterfaces registers the messages so they can travel in txs and
// in governance proposals.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgAddValidator{},
		&MsgRemoveValidator{},
		&MsgSetValidatorPower{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
