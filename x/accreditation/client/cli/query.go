package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
)

const flagAtTime = "at-time"

// GetQueryCmd returns `ndid query accreditation` holding verify-issuer;
// autocli adds the other queries beside it.
func GetQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   types.ModuleName,
		Short: "Query the trust registry: verify an issuer, read accreditations, anchors and credential types",
		RunE:  client.ValidateCmd,
	}
	cmd.AddCommand(newVerifyIssuerCmd())
	return cmd
}

func newVerifyIssuerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify-issuer [issuer-did] [credential-type-id]",
		Short: "Was a DID accredited to issue a credential type (now, or --at-time a past time)? Prints the chain up to the trust anchor",
		Long: `Answers the verifier's question and prints the accreditation chain from the issuer up to its trust
anchor, one link a line, each as it stood at that time: its status, the accreditor and subject, its
window and, for a link that was not valid, why. Use --output json for the full answer.`,
		Example: `ndid query accreditation verify-issuer did:ndi:local:Un… did:ndi:local:Ab…/types/degree
ndid query accreditation verify-issuer did:ndi:local:Un… did:ndi:local:Ab…/types/degree --at-time 2026-03-01T00:00:00Z`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			req := &types.QueryVerifyIssuerRequest{IssuerDid: args[0], CredentialTypeId: args[1]}
			if req.AtTime, err = atFlag(cmd); err != nil {
				return err
			}
			res, err := types.NewQueryClient(clientCtx).VerifyIssuer(didcli.CmdContext(cmd), req)
			if err != nil {
				return err
			}
			if output, _ := cmd.Flags().GetString(flags.FlagOutput); output == flags.OutputFormatJSON {
				return clientCtx.PrintProto(res)
			}
			WriteVerification(cmd.OutOrStdout(), req, res)
			return nil
		},
	}
	cmd.Flags().String(flagAtTime, "", "the time to answer for, RFC 3339 (default: the latest block time)")
	flags.AddQueryFlagsToCmd(cmd)
	return cmd
}

func atFlag(cmd *cobra.Command) (*time.Time, error) {
	s, _ := cmd.Flags().GetString(flagAtTime)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("--%s %q: want RFC 3339, e.g. 2026-03-01T00:00:00Z", flagAtTime, s)
	}
	t = t.UTC()
	return &t, nil
}

// WriteVerification prints a VerifyIssuer answer for a person: the verdict,
// then one line per chain link from the issuer up to the trust anchor.
func WriteVerification(w io.Writer, req *types.QueryVerifyIssuerRequest, res *types.QueryVerifyIssuerResponse) {
	at := types.FormatTime(res.AtTime)
	if res.Accredited {
		fmt.Fprintf(w, "ACCREDITED: %s may issue %s at %s\n", req.IssuerDid, req.CredentialTypeId, at)
	} else {
		fmt.Fprintf(w, "NOT ACCREDITED: %s may not issue %s at %s\n", req.IssuerDid, req.CredentialTypeId, at)
		fmt.Fprintf(w, "reason: %s\n", res.Reason)
	}
	for i, l := range res.Chain {
		verdict := "ok"
		if !l.ValidAtTime {
			verdict = "PROBLEM: " + l.Problem
		}
		if l.TrustAnchor {
			fmt.Fprintf(w, "%d. %-9s trust anchor %s  until %s  %s\n", i+1, statusName(l.Status), l.SubjectDid, until(l.ValidUntil), verdict)
			continue
		}
		fmt.Fprintf(w, "%d. %-9s %-10s %s (v%d)  %s -> %s  [%s, %s)  %s\n", i+1, statusName(l.Status), roleName(l.Role),
			l.AccreditationId, l.Version, l.AccreditorDid, l.SubjectDid, from(l.ValidFrom), until(l.ValidUntil), verdict)
	}
}

func statusName(s types.Status) string {
	if s == types.STATUS_UNSPECIFIED {
		return "-"
	}
	return strings.TrimPrefix(s.String(), "STATUS_")
}

func roleName(r types.Role) string { return strings.TrimPrefix(r.String(), "ROLE_") }

func from(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return types.FormatTime(*t)
}

func until(t *time.Time) string {
	if t == nil {
		return "open-ended"
	}
	return types.FormatTime(*t)
}
