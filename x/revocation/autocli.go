package revocation

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// privacyNote is repeated in the CLI help so verifiers choose knowingly.
const privacyNote = `Privacy: asking for one index tells the node which credential you check. Fetching the whole list
(` + "`ndid query revocation list`" + `) hides it among all the list's entries (herd privacy).`

// AutoCLIOptions describes `ndid query revocation`. Updates need DID-key
// signatures and index files, so `ndid tx revocation` is hand-written.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "CredentialStatus",
					Use:            "status [list-id] [index]",
					Short:          "A credential's status (set = revoked or suspended), now or --at-time RFC 3339",
					Long:           privacyNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "list_id"}, {ProtoField: "index"}},
				},
				{
					RpcMethod:      "StatusList",
					Use:            "list [list-id]",
					Short:          "A status list's metadata and W3C encodedList, now or --at-time RFC 3339",
					Long:           privacyNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "list_id"}},
				},
				{
					RpcMethod:      "StatusListsByIssuer",
					Use:            "lists-by-issuer [issuer-did]",
					Short:          "The status lists of an issuer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "issuer_did"}},
				},
				{
					RpcMethod:      "StatusListHistory",
					Use:            "history [list-id]",
					Short:          "A status list's versions, oldest first: sequence, time, height, bits set and cleared",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "list_id"}},
				},
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the x/revocation parameters",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "CreateStatusList", Skip: true},
				{RpcMethod: "UpdateStatusList", Skip: true},
				{RpcMethod: "UpdateParams", Skip: true},
			},
		},
	}
}
