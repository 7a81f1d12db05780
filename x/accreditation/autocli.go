package accreditation

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/ndi-chain/ndi/x/accreditation/types"
)

// AutoCLIOptions describes the autocli part of `ndid query accreditation`.
// verify-issuer is hand-written (it prints the chain one link a line), and
// so are the transactions signed with DID keys. remove-trust-anchor-proposal
// is an autocli GovProposal command, as x/poa's are; register-trust-anchor-
// proposal keeps its own ergonomics (--scope all) on the gov CLI's proposal
// flags (x/accreditation/client/cli).
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Query_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "VerifyIssuer", Skip: true},
				{
					RpcMethod:      "Accreditation",
					Use:            "accreditation [id]",
					Short:          "Show an accreditation now, or as it stood at --at-time (RFC 3339)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod:      "AccreditationHistory",
					Use:            "history [id]",
					Short:          "List every version of an accreditation, oldest first",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod:      "AccreditationsBySubject",
					Use:            "by-subject [did]",
					Short:          "List the accreditations a DID holds",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "did"}},
				},
				{
					RpcMethod:      "AccreditationsByAccreditor",
					Use:            "by-accreditor [did]",
					Short:          "List the accreditations a DID has granted",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "did"}},
				},
				{
					RpcMethod:      "TrustAnchor",
					Use:            "trust-anchor [did]",
					Short:          "Show a trust anchor's registration now or at --at-time, and whether it was active",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "did"}},
				},
				{
					RpcMethod: "TrustAnchors",
					Use:       "trust-anchors",
					Short:     "List the trust anchors registered now, or at --at-time",
				},
				{
					RpcMethod:      "CredentialType",
					Use:            "credential-type [id]",
					Short:          "Show a credential type",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "CredentialTypes",
					Use:       "credential-types",
					Short:     "List the credential types",
				},
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the x/accreditation parameters",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "RegisterCredentialType", Skip: true},
				{RpcMethod: "RegisterTrustAnchor", Skip: true},
				{
					RpcMethod:      "RemoveTrustAnchor",
					Use:            "remove-trust-anchor-proposal [did]",
					Short:          "Submit a governance proposal ending a DID's standing as a trust anchor (--reason says why)",
					Example:        `ndid tx accreditation remove-trust-anchor-proposal did:ndi:local:Ab… --reason "ministry merged" --title "Remove anchor" --summary "…" --deposit 10000000undi --from operator`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "did"}},
					GovProposal:    true,
				},
				{RpcMethod: "Accredit", Skip: true},
				{RpcMethod: "SuspendAccreditation", Skip: true},
				{RpcMethod: "ReinstateAccreditation", Skip: true},
				{RpcMethod: "RevokeAccreditation", Skip: true},
				{RpcMethod: "UpdateParams", Skip: true},
			},
		},
	}
}
