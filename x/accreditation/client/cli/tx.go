// Package cli holds the hand-written x/accreditation commands: credential
// types, accreditations and their lifecycle signed with DID keys from the
// x/did key store, governance proposals for trust anchors, and
// verify-issuer printed one chain link a line. Other queries come from
// autocli.
package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govcli "github.com/cosmos/cosmos-sdk/x/gov/client/cli"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
)

const (
	flagVCType          = "vc-type"
	flagSchemaURI       = "schema-uri"
	flagSchemaDigest    = "schema-digest"
	flagSchemaFile      = "schema-file"
	flagDescription     = "description"
	flagRole            = "role"
	flagScope           = "scope"
	flagValidFrom       = "valid-from"
	flagValidUntil      = "valid-until"
	flagMaxDepth        = "max-depth"
	flagActor           = "actor"
	flagReason          = "reason"
	flagExpectedVersion = "expected-version"
	flagExpedited       = "expedited"
	flagAuthority       = "authority"
	flagParent          = "parent"
	flagAsAnchor        = "as-anchor"
)

// GetTxCmd returns `ndid tx accreditation`.
func GetTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   types.ModuleName,
		Short: "Define credential types, accredit accreditors and issuers, suspend, reinstate and revoke, propose trust anchors",
		Long: `Accreditation transactions carry payloads signed with DID keys (see "ndid did keys"): --key names
assertionMethod keys of the acting DID. The account given by --from only pays the fee.
Trust anchors are registered and removed by governance: the *-proposal commands submit the proposal.`,
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(
		newRegisterTypeCmd(),
		newAccreditCmd(),
	)
	for _, act := range types.LifecycleActions {
		cmd.AddCommand(newLifecycleCmd(act))
	}
	cmd.AddCommand(
		newRegisterAnchorProposalCmd(),
	)
	return cmd
}

func newRegisterTypeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register-type [owner-did] [name]",
		Short: "Define the credential type <owner-did>/types/<name>; the owner must be a trust anchor whose scope holds it",
		Example: `ndid tx accreditation register-type did:ndi:local:Ab… degree \
  --vc-type VerifiableCredential,UniversityDegreeCredential \
  --schema-uri https://schemas.example.gov/degree.json --schema-file degree.json \
  --key ministry --from operator --fees 2000undi`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			vcTypes, _ := cmd.Flags().GetStringSlice(flagVCType)
			uri, _ := cmd.Flags().GetString(flagSchemaURI)
			description, _ := cmd.Flags().GetString(flagDescription)
			digest, err := schemaDigest(cmd)
			if err != nil {
				return err
			}
			ct := types.CredentialType{
				Id: types.CredentialTypeID(args[0], args[1]), OwnerDid: args[0], Name: args[1],
				VcTypes: vcTypes, SchemaUri: uri, SchemaDigest: digest, Description: description,
			}
			if err := ct.Validate(); err != nil {
				return err
			}
			payload := &types.RegisterCredentialTypePayload{CredentialType: ct}
			sigs, err := didcli.SignAsDID(cmd, clientCtx, ct.OwnerDid, payload)
			if err != nil {
				return err
			}
			cmd.PrintErrf("Registering credential type %s\n", ct.Id)
			msg := &types.MsgRegisterCredentialType{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().StringSlice(flagVCType, nil, "W3C VC type values credentials of this type carry (comma-separated or repeated)")
	cmd.Flags().String(flagSchemaURI, "", "where the credential schema is published (absolute URI)")
	cmd.Flags().String(flagSchemaDigest, "", "SHA-256 of the schema, 64 hex digits (or give --schema-file)")
	cmd.Flags().String(flagSchemaFile, "", "a local copy of the schema; its SHA-256 becomes the digest")
	cmd.Flags().String(flagDescription, "", "what the credential type is for")
	didcli.AddKeyFlag(cmd, "DID keys of the owner DID, each in its assertionMethod")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func schemaDigest(cmd *cobra.Command) (string, error) {
	digest, _ := cmd.Flags().GetString(flagSchemaDigest)
	file, _ := cmd.Flags().GetString(flagSchemaFile)
	switch {
	case file != "" && digest != "":
		return "", fmt.Errorf("give --%s or --%s, not both", flagSchemaDigest, flagSchemaFile)
	case file != "":
		bz, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("--%s: %w", flagSchemaFile, err)
		}
		sum := sha256.Sum256(bz)
		return hex.EncodeToString(sum[:]), nil
	case digest == "":
		return "", fmt.Errorf("--%s or --%s is required", flagSchemaDigest, flagSchemaFile)
	}
	return strings.ToLower(digest), nil
}

func newAccreditCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "accredit [accreditor-did] [name] [subject-did]",
		Short: "Accredit subject-did as an issuer or accreditor, creating <accreditor-did>/accreditations/<name>",
		Long: `Creates an accreditation signed by the accreditor, which says where it stands — exactly one of:
  --parent <accreditation-id>  an ACTIVE accreditor accreditation the accreditor holds, whose scope,
                               window and max_depth cover the new one; it becomes the parent;
  --as-anchor                  the accreditor acts as a trust anchor whose scope covers the new one.
The parent is part of what the accreditor signs: the chain never picks one. An issuer has max depth 0;
an accreditor 1 to the chain's max_chain_depth, below its parent's.`,
		Example: `ndid tx accreditation accredit did:ndi:local:Ab… universities did:ndi:local:Cd… --as-anchor \
  --role accreditor --scope did:ndi:local:Ab…/types/degree --max-depth 1 \
  --valid-until 2030-01-01T00:00:00Z --key ministry --from operator --fees 2000undi
ndid tx accreditation accredit did:ndi:local:Cd… uni-1 did:ndi:local:Ef… \
  --parent did:ndi:local:Ab…/accreditations/universities \
  --role issuer --scope did:ndi:local:Ab…/types/degree --valid-until 2029-01-01T00:00:00Z \
  --key agency --from operator --fees 2000undi`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Where the accreditor stands is checked before anything else:
			// neither or both is a mistake to catch before signing.
			parent, err := parentFlag(cmd)
			if err != nil {
				return err
			}
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			role, err := parseRole(cmd)
			if err != nil {
				return err
			}
			scope, _ := cmd.Flags().GetStringSlice(flagScope)
			maxDepth, _ := cmd.Flags().GetUint32(flagMaxDepth)
			from, err := timeFlag(cmd, flagValidFrom)
			if err != nil {
				return err
			}
			until, err := timeFlag(cmd, flagValidUntil)
			if err != nil {
				return err
			}
			payload := &types.AccreditPayload{
				AccreditorDid: args[0], Name: args[1], SubjectDid: args[2], Role: role, Scope: scope,
				ValidFrom: from, ValidUntil: until, MaxDepth: maxDepth, Parent: parent,
			}
			if err := payload.Validate(types.MaxChainDepthLimit); err != nil {
				return err
			}
			sigs, err := didcli.SignAsDID(cmd, clientCtx, payload.AccreditorDid, payload)
			if err != nil {
				return err
			}
			standing := "as trust anchor " + payload.AccreditorDid
			if parent != "" {
				standing = "under " + parent
			}
			cmd.PrintErrf("Accrediting %s as %s: %s, %s\n", payload.SubjectDid, strings.ToLower(strings.TrimPrefix(role.String(), "ROLE_")),
				types.AccreditationID(payload.AccreditorDid, payload.Name), standing)
			msg := &types.MsgAccredit{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagRole, "", "issuer or accreditor (required)")
	cmd.Flags().StringSlice(flagScope, nil, "credential type ids the subject is accredited for (comma-separated or repeated)")
	cmd.Flags().String(flagValidFrom, "", "start of validity, RFC 3339 whole seconds (default: the block time)")
	cmd.Flags().String(flagValidUntil, "", "end of validity (exclusive), RFC 3339 whole seconds (default: open-ended)")
	cmd.Flags().Uint32(flagMaxDepth, 0, "levels the subject may accredit below it: 0 for an issuer, at least 1 for an accreditor")
	cmd.Flags().String(flagParent, "", "the accreditation the accreditor holds and stands on (give this or --as-anchor)")
	cmd.Flags().Bool(flagAsAnchor, false, "the accreditor acts as a trust anchor (give this or --parent)")
	didcli.AddKeyFlag(cmd, "DID keys of the accreditor DID, each in its assertionMethod")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// parentFlag returns the parent the accreditor names: an accreditation id
// from --parent, or "" for --as-anchor. Exactly one must be given, so an
// accreditor never stands somewhere by omission.
func parentFlag(cmd *cobra.Command) (string, error) {
	parent, _ := cmd.Flags().GetString(flagParent)
	asAnchor, _ := cmd.Flags().GetBool(flagAsAnchor)
	switch {
	case parent != "" && asAnchor:
		return "", fmt.Errorf("give --%s or --%s, not both: an accreditation has one parent", flagParent, flagAsAnchor)
	case parent == "" && !asAnchor:
		return "", fmt.Errorf("--%s <accreditation-id> or --%s is required: name the accreditation the accreditor holds, or say it acts as a trust anchor", flagParent, flagAsAnchor)
	case parent != "":
		if _, _, err := types.ParseAccreditationID(parent); err != nil {
			return "", fmt.Errorf("--%s: %w", flagParent, err)
		}
	}
	return parent, nil
}

func parseRole(cmd *cobra.Command) (types.Role, error) {
	role, _ := cmd.Flags().GetString(flagRole)
	switch strings.ToLower(role) {
	case "issuer":
		return types.ROLE_ISSUER, nil
	case "accreditor":
		return types.ROLE_ACCREDITOR, nil
	default:
		return 0, fmt.Errorf("--%s must be issuer or accreditor, got %q", flagRole, role)
	}
}

// timeFlag parses an optional RFC 3339 time; the chain keeps whole seconds.
func timeFlag(cmd *cobra.Command, name string) (*time.Time, error) {
	s, _ := cmd.Flags().GetString(name)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("--%s %q: want RFC 3339, e.g. 2030-01-01T00:00:00Z", name, s)
	}
	if t.Nanosecond() != 0 {
		return nil, fmt.Errorf("--%s %q: the chain keeps whole seconds; drop the fraction", name, s)
	}
	t = t.UTC()
	return &t, nil
}

func newLifecycleCmd(act types.LifecycleAction) *cobra.Command {
	verb, short := act.Verb(), act.Summary()
	cmd := &cobra.Command{
		Use:   verb + " [accreditation-id]",
		Short: short + "; the accreditor or any accreditor above it in the chain signs",
		Long: short + `. The actor (--actor, default: the accreditation's accreditor) must be the accreditor of the
accreditation or of any link above it, the trust anchor included, and signs with --key. A suspension is
lifted only by whoever imposed it (see suspended_by), an accreditor above it in the chain, or governance.
The expected version is read from the chain unless --expected-version is given; a stale version is refused.`,
		Example: fmt.Sprintf(`ndid tx accreditation %s did:ndi:local:Ab…/accreditations/uni --reason "%s" --key ministry --from operator --fees 2000undi`, verb, act.ExampleReason()),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id := args[0]
			accreditor, _, err := types.ParseAccreditationID(id)
			if err != nil {
				return err
			}
			actor, _ := cmd.Flags().GetString(flagActor)
			if actor == "" {
				actor = accreditor
			}
			reason, _ := cmd.Flags().GetString(flagReason)
			expected, err := expectedVersion(cmd, clientCtx, id)
			if err != nil {
				return err
			}
			payload := act.Payload(id, actor, expected, reason)
			sigs, err := didcli.SignAsDID(cmd, clientCtx, actor, payload)
			if err != nil {
				return err
			}
			cmd.PrintErrf("%s %s as %s (expected version %d)\n", act.Gerund(), id, actor, expected)
			msg := payload.Msg(clientCtx.GetFromAddress().String(), sigs)
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagActor, "", "the DID acting (default: the accreditation's accreditor)")
	cmd.Flags().String(flagReason, "", fmt.Sprintf("why (recorded in the accreditation's history, at most %d bytes)", types.MaxReasonLength))
	cmd.Flags().Int64(flagExpectedVersion, -1, "the version the actor saw (default: the current one, read from the chain)")
	didcli.AddKeyFlag(cmd, "DID keys of the actor DID, each in its assertionMethod")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func expectedVersion(cmd *cobra.Command, clientCtx client.Context, id string) (uint64, error) {
	if v, _ := cmd.Flags().GetInt64(flagExpectedVersion); v >= 0 {
		return uint64(v), nil
	}
	res, err := types.NewQueryClient(clientCtx).Accreditation(didcli.CmdContext(cmd), &types.QueryAccreditationRequest{Id: id})
	if err != nil {
		return 0, fmt.Errorf("read %s to learn its current version (or pass --%s): %w", id, flagExpectedVersion, err)
	}
	return res.Accreditation.Version, nil
}

func newRegisterAnchorProposalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register-trust-anchor-proposal [did]",
		Short: "Submit a governance proposal making a DID a trust anchor (or replacing its scope and expiry)",
		Example: `ndid tx accreditation register-trust-anchor-proposal did:ndi:local:Ab… --scope all \
  --title "Ministry of Education" --summary "Root of trust for education credentials" \
  --deposit 10000000undi --from validator --fees 2000undi`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			scope, _ := cmd.Flags().GetStringSlice(flagScope)
			anchor := types.TrustAnchor{Did: args[0]}
			switch {
			case len(scope) == 1 && scope[0] == "all":
				anchor.AllTypes = true
			case len(scope) == 0:
				return fmt.Errorf("--%s is required: all, or credential type ids", flagScope)
			default:
				anchor.Scope = scope
			}
			if anchor.ValidUntil, err = timeFlag(cmd, flagValidUntil); err != nil {
				return err
			}
			anchor.Description, _ = cmd.Flags().GetString(flagDescription)
			if err := anchor.Validate(); err != nil {
				return err
			}
			return submitProposal(cmd, clientCtx, func(authority string) sdk.Msg {
				return &types.MsgRegisterTrustAnchor{Authority: authority, Anchor: anchor}
			})
		},
	}
	cmd.Flags().StringSlice(flagScope, nil, `"all", or the credential type ids the anchor governs (comma-separated or repeated)`)
	cmd.Flags().String(flagValidUntil, "", "end of the anchor's standing (exclusive), RFC 3339 (default: none)")
	cmd.Flags().String(flagDescription, "", "who the anchor is")
	addProposalFlags(cmd)
	return cmd
}

// addProposalFlags adds the gov CLI's proposal flags (title, summary,
// deposit, metadata) and the two it leaves out: --expedited and
// --authority.
func addProposalFlags(cmd *cobra.Command) {
	govcli.AddGovPropFlagsToCmd(cmd)
	cmd.Flags().Bool(flagExpedited, false, "submit as an expedited proposal")
	cmd.Flags().String(flagAuthority, "", "the module authority (default: the gov module account)")
	flags.AddTxFlagsToCmd(cmd)
}

// submitProposal wraps the message build makes for the authority in a
// proposal read by the gov CLI's own flag reader.
func submitProposal(cmd *cobra.Command, clientCtx client.Context, build func(authority string) sdk.Msg) error {
	proposal, err := govcli.ReadGovPropCmdFlags(clientCtx.GetFromAddress().String(), cmd.Flags())
	if err != nil {
		return err
	}
	if proposal.Title == "" || proposal.Summary == "" {
		return fmt.Errorf("--%s and --%s are required", govcli.FlagTitle, govcli.FlagSummary)
	}
	proposal.Expedited, _ = cmd.Flags().GetBool(flagExpedited)
	authority, _ := cmd.Flags().GetString(flagAuthority)
	if authority == "" {
		authority = authtypes.NewModuleAddress(govtypes.ModuleName).String()
	}
	if err := proposal.SetMsgs([]sdk.Msg{build(authority)}); err != nil {
		return err
	}
	return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), proposal)
}
