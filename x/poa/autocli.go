package poa

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ndi-chain/ndi/x/poa/types"
)

// AutoCLIOptions describes `ndid query poa` and `ndid tx poa`.
//
// The x/poa messages are authority-only (the gov module account), so
// `ndid tx poa set-validator-power` and `remove-validator` are autocli
// GovProposal commands: each fills in the gov authority, wraps the message
// in a MsgSubmitProposal signed by --from with the gov proposal flags
// (--deposit, --title, --summary, --metadata, --expedited) and broadcasts it;
// the proposal then passes or fails like any other. The ante gate lets only
// an active validator's operator submit it (docs/architecture.md).
// MsgAddValidator carries the consensus key as an Any, which autocli cannot
// take as an argument, and MsgUpdateParams a whole params message: both are
// proposed with a JSON file and `ndid tx gov submit-proposal` (README,
// "Adding a validator through governance").
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Validators",
					Use:       "validators",
					Short:     "List the validator allowlist with each validator's power and status",
				},
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the x/poa parameters",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "SetValidatorPower",
					Use:            "set-validator-power [operator] [power]",
					Short:          "Submit a governance proposal that sets a validator's power (minting or burning upower)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}, {ProtoField: "power"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "RemoveValidator",
					Use:            "remove-validator [operator]",
					Short:          "Submit a governance proposal that removes a validator (its upower is unbonded and burned)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "AddValidator",
					Skip:      true, // the consensus key is an Any: a proposal JSON file and `ndid tx gov submit-proposal`
				},
				{
					RpcMethod: "UpdateParams",
					Skip:      true, // a whole params message: a proposal JSON file and `ndid tx gov submit-proposal`
				},
			},
		},
	}
}
