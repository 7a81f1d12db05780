// Package cli holds `ndid tx revocation`: creating status lists and
// revoking, suspending and unsuspending credentials in signed batches, from
// arguments or from files of indices.
package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

const (
	flagPurpose = "purpose"
	flagSize    = "size"
	flagFile    = "file"
)

// GetTxCmd returns `ndid tx revocation`.
func GetTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   types.ModuleName,
		Short: "Create status lists and revoke, suspend or unsuspend credentials, signing with the issuer's DID key",
		Long: `Issuers sign list operations with an assertionMethod key of their DID (a key from "ndid did keys",
named by --key). The --from account only pays the fee.`,
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(
		newCreateListCmd(),
		newUpdateCmd(verbRevoke, "Revoke credentials: set their bits on a revocation list (final)"),
		newUpdateCmd(verbSuspend, "Suspend credentials: set their bits on a suspension list"),
		newUpdateCmd(verbUnsuspend, "Reinstate suspended credentials: clear their bits on a suspension list"),
	)
	return cmd
}

func newCreateListCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "create-list [issuer-did] [name]",
		Short:   "Create a status list <issuer-did>/status/<name> (the issuer needs an active ISSUER accreditation)",
		Example: "ndid tx revocation create-list did:ndi:local:Fh… degrees-2026 --purpose revocation --key university --from operator",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			purposeName, _ := cmd.Flags().GetString(flagPurpose)
			purpose, err := types.ParseW3CPurpose(purposeName)
			if err != nil {
				return fmt.Errorf("--%s must be revocation or suspension, got %q", flagPurpose, purposeName)
			}
			size, _ := cmd.Flags().GetUint64(flagSize)
			payload := &types.CreateStatusListPayload{IssuerDid: args[0], Name: args[1], Purpose: purpose, SizeBits: size}
			sigs, err := didcli.SignAsDID(cmd, clientCtx, args[0], payload)
			if err != nil {
				return err
			}
			msg := &types.MsgCreateStatusList{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	didcli.AddKeyFlag(cmd, "DID keys of the issuer, each in its assertionMethod")
	cmd.Flags().String(flagPurpose, "revocation", "revocation or suspension")
	cmd.Flags().Uint64(flagSize, types.MinSizeBits, "number of entries: a multiple of 8, at least 131072")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// The update verbs. Each acts on one purpose of list only: the chain sets
// a bit on either purpose, so "suspend" on a revocation list would revoke
// for good; the CLI refuses the mismatch before signing.
const (
	verbRevoke    = "revoke"
	verbSuspend   = "suspend"
	verbUnsuspend = "unsuspend"
)

// verbPurpose is the purpose of list a verb acts on, and whether it sets
// (true) or clears bits.
func verbPurpose(verb string) (types.StatusPurpose, bool) {
	switch verb {
	case verbRevoke:
		return types.STATUS_PURPOSE_REVOCATION, true
	case verbSuspend:
		return types.STATUS_PURPOSE_SUSPENSION, true
	default:
		return types.STATUS_PURPOSE_SUSPENSION, false
	}
}

// CheckVerbMatchesList refuses a verb that does not match the list's
// purpose: revoke only on revocation lists, suspend and unsuspend only on
// suspension lists.
func CheckVerbMatchesList(verb string, list types.StatusList) error {
	want, _ := verbPurpose(verb)
	if list.Purpose == want {
		return nil
	}
	hint := "revoke"
	if list.Purpose == types.STATUS_PURPOSE_SUSPENSION {
		hint = "suspend or unsuspend"
	}
	return fmt.Errorf("%s is a %s list, but %q acts on %s lists: nothing was signed or sent (use %s)",
		list.Id, list.Purpose.W3CPurpose(), verb, want.W3CPurpose(), hint)
}

func newUpdateCmd(use, short string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use + " [list-id] [index or start-end]...",
		Short: short,
		Long: short + `. Indices come as arguments (42 or an inclusive range 100-199) and/or from --file (one index
or range per line; blank lines and # comments skipped). More indices than one update allows
(max_indices_per_update) are sent in batches, one after the other, each waiting for the previous
to be included; progress goes to stderr and each included transaction's result to stdout. Each batch is
all-or-nothing; the command fails if a batch fails in its block.`,
		Example: "ndid tx revocation " + use + " did:ndi:local:Fh…/status/degrees-2026 42 100-199 --file revoked.txt --key university --from operator",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			ranges, err := collectIndices(cmd, args[1:])
			if err != nil {
				return err
			}
			return runBatches(cmd, clientCtx, use, args[0], ranges)
		},
	}
	didcli.AddKeyFlag(cmd, "DID keys of the issuer, each in its assertionMethod")
	cmd.Flags().String(flagFile, "", "file of indices, one index or start-end range per line")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func collectIndices(cmd *cobra.Command, args []string) ([]types.IndexRange, error) {
	var ranges []types.IndexRange
	for _, a := range args {
		r, err := types.ParseIndexSpec(a)
		if err != nil {
			return nil, err
		}
		ranges = append(ranges, r)
	}
	if path, _ := cmd.Flags().GetString(flagFile); path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		fromFile, err := types.ReadIndexFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		ranges = append(ranges, fromFile...)
	}
	if len(ranges) == 0 {
		return nil, fmt.Errorf("give indices as arguments or with --%s", flagFile)
	}
	return ranges, nil
}

// runBatches sends the indices in batches of at most max_indices_per_update,
// each after the previous one is in a block (the next batch must name the
// list's new sequence).
func runBatches(cmd *cobra.Command, clientCtx client.Context, verb, listID string, ranges []types.IndexRange) error {
	q := types.NewQueryClient(clientCtx)
	_, set := verbPurpose(verb)
	// The list's purpose is read from the chain before anything is signed:
	// a mistyped list id must not turn a suspension into a revocation.
	current, err := q.StatusList(didcli.CmdContext(cmd), &types.QueryStatusListRequest{ListId: listID})
	if err != nil {
		return fmt.Errorf("read %s: %w", listID, err)
	}
	if err := CheckVerbMatchesList(verb, current.List); err != nil {
		return err
	}
	params, err := q.Params(didcli.CmdContext(cmd), &types.QueryParamsRequest{})
	if err != nil {
		return fmt.Errorf("read x/revocation params: %w", err)
	}
	if err := types.CheckRangesFit(ranges, current.List.SizeBits); err != nil {
		return fmt.Errorf("%s: %w; nothing was signed or sent", listID, err)
	}
	batches := types.SplitIntoBatches(ranges, params.Params.MaxIndicesPerUpdate)
	if len(batches) > 1 && clientCtx.GenerateOnly {
		return fmt.Errorf("--%s builds one transaction, but these indices need %d batches", flags.FlagGenerateOnly, len(batches))
	}
	issuer, _, err := types.ParseListID(listID)
	if err != nil {
		return err
	}
	// The issuer's keys are found once; each batch is signed with them.
	signers, err := didcli.AssertionSigners(cmd, clientCtx, issuer)
	if err != nil {
		return err
	}
	for i, batch := range batches {
		list, err := q.StatusList(didcli.CmdContext(cmd), &types.QueryStatusListRequest{ListId: listID})
		if err != nil {
			return fmt.Errorf("read %s: %w", listID, err)
		}
		var count uint64
		for _, r := range batch {
			count += r.End - r.Start + 1
		}
		update, err := types.NewUpdatePayload(listID, list.List.Sequence, set, batch)
		if err != nil {
			return err
		}
		payload := &update
		sigs, err := didcli.Sign(clientCtx, payload, signers...)
		if err != nil {
			return err
		}
		msg := &types.MsgUpdateStatusList{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
		if clientCtx.GenerateOnly || clientCtx.Offline {
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		}
		cmd.PrintErrf("batch %d/%d: %d indices (list sequence %d) ... ", i+1, len(batches), count, payload.ExpectedSequence)
		res, err := broadcastAndWait(cmd, clientCtx, msg)
		if err != nil {
			cmd.PrintErrln("failed")
			return fmt.Errorf("batch %d/%d: %w (batches before it are applied)", i+1, len(batches), err)
		}
		cmd.PrintErrf("included at height %d (tx %s)\n", res.Height, res.TxHash)
		if err := clientCtx.PrintProto(res); err != nil {
			return err
		}
	}
	return nil
}

func broadcastAndWait(cmd *cobra.Command, clientCtx client.Context, msg sdk.Msg) (*sdk.TxResponse, error) {
	txf, err := tx.NewFactoryCLI(clientCtx, cmd.Flags())
	if err != nil {
		return nil, err
	}
	if txf, err = txf.Prepare(clientCtx); err != nil {
		return nil, err
	}
	if txf.SimulateAndExecute() {
		_, adjusted, err := tx.CalculateGas(clientCtx, txf, msg)
		if err != nil {
			return nil, err
		}
		txf = txf.WithGas(adjusted)
	}
	unsigned, err := txf.BuildUnsignedTx(msg)
	if err != nil {
		return nil, err
	}
	if err := tx.Sign(didcli.CmdContext(cmd), txf, clientCtx.FromName, unsigned, true); err != nil {
		return nil, err
	}
	bz, err := clientCtx.TxConfig.TxEncoder()(unsigned.GetTx())
	if err != nil {
		return nil, err
	}
	res, err := clientCtx.BroadcastTxSync(bz)
	if err != nil {
		return nil, err
	}
	if res.Code != 0 {
		return res, fmt.Errorf("refused at CheckTx: %s", res.RawLog)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
		if included, err := authtx.QueryTx(clientCtx, res.TxHash); err == nil {
			if included.Code != 0 {
				return included, fmt.Errorf("failed in block %d: %s", included.Height, included.RawLog)
			}
			return included, nil
		}
	}
	return res, fmt.Errorf("tx %s not in a block after 60s", res.TxHash)
}
