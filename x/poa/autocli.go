package poa

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ndi-chain/ndi/x/poa/types"
)

// AutoCLIOptions describes `ndid query poa` and `ndid tx poa`. The messages
// are authority-only, so their tx commands are meant for building governance
// proposals (`--generate-only`, then `ndid tx gov submit-proposal`).
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
					Short:          "Set a validator's power (authority only: submit as a governance proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}, {ProtoField: "power"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "RemoveValidator",
					Use:            "remove-validator [operator]",
					Short:          "Remove a validator (authority only: submit as a governance proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "AddValidator",
					Skip:      true, // needs a consensus key Any: see `ndid tx poa add-validator-proposal`
				},
				{
					RpcMethod: "UpdateParams",
					Skip:      true, // submit through `ndid tx gov submit-proposal`
				},
			},
		},
	}
}
