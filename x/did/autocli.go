package did

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ndi-chain/ndi/x/did/types"
)

// AutoCLIOptions describes `ndid query did`. Transactions need DID-key
// signatures, so `ndid tx did` is hand-written (x/did/client/cli).
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "Did",
					Use:            "resolve [did]",
					Short:          "Resolve a DID: its latest document and metadata, or the version given by --version-id or --version-time (RFC 3339)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod:      "DidVersion",
					Use:            "version [did] [version-id]",
					Short:          "Show one version of a DID",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "version_id"}},
				},
				{
					RpcMethod:      "DidVersions",
					Use:            "versions [did]",
					Short:          "List every version of a DID, oldest first",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the x/did parameters (namespace and limits)",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "CreateDid", Skip: true},
				{RpcMethod: "UpdateDid", Skip: true},
				{RpcMethod: "DeactivateDid", Skip: true},
				{RpcMethod: "UpdateParams", Skip: true},
			},
		},
	}
}
