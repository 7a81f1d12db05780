// Package cli is `ndid credential issue|verify` and `ndid verifier init`:
// the command-line face of package verifier.
package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/ndi-chain/ndi/verifier"
	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
)

const (
	flagIssuer          = "issuer"
	flagType            = "type"
	flagSubject         = "subject"
	flagID              = "id"
	flagStatusList      = "status-list"
	flagStatusIndex     = "status-index"
	flagSuspensionList  = "suspension-list"
	flagSuspensionIndex = "suspension-index"
	flagValidFrom       = "valid-from"
	flagValidUntil      = "valid-until"
	flagFormat          = "format"
	flagCryptosuite     = "cryptosuite"
	flagOut             = "out"
	flagTrustNode       = "trust-node"
	flagStatusQuery     = "status-query"
)

// ExitError carries the exit code a command wants, with its message (empty
// when the command already printed what the user needs).
type ExitError struct {
	Code int
	Msg  string
}

func (e ExitError) Error() string { return e.Msg }

// ExitCode is the process exit code.
func (e ExitError) ExitCode() int { return e.Code }

// NewCredentialCmd is `ndid credential`.
func NewCredentialCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "credential",
		Short: "Issue W3C Verifiable Credentials and verify them against the chain",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(issueCmd(), verifyCmd())
	return cmd
}

func issueCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "issue",
		Short: "Issue a credential signed with an assertionMethod key of the issuer DID",
		Long: `Issue a W3C Verifiable Credential (VC Data Model 2.0) for a subject read from a JSON
file, signed with --key, an assertionMethod key of --issuer from the local DID key store.

The credential names its on-chain credential type in credentialSchema (type
NdiCredentialType) beside the type's JSON schema with its digest, carries the type's VC
types, validFrom (now unless --valid-from) and, when asked, validUntil, and one
BitstringStatusListEntry per list given (--status-list for revocation,
--suspension-list for suspension).

The node is asked first, and a credential that would not verify is refused: an issuer
not accredited for the type, a list that is not the issuer's own or has the wrong
purpose, an index out of range or already set, a key that is not an assertionMethod.

--format jwt gives a compact VC-JOSE-COSE JWS (application/vc+jwt; EdDSA, ES256 or
ES256K by the key); --format di a JSON credential with a Data Integrity proof
(eddsa-jcs-2022 for Ed25519 keys, ecdsa-jcs-2019 for P-256 keys).`,
		Example: `  ndid credential issue --issuer did:ndi:local:Uni... --key uni \
    --type did:ndi:local:Min.../types/degree --subject alice.json \
    --status-list did:ndi:local:Uni.../status/2026 --status-index 4242 --out alice.jwt`,
		Args: cobra.NoArgs,
		RunE: runIssue,
	}
	f := cmd.Flags()
	f.String(flagIssuer, "", "issuer DID (required)")
	f.String(flagType, "", "on-chain credential type id, <owner-did>/types/<name> (required)")
	f.String(flagSubject, "", "JSON file with the credentialSubject object, or - for stdin (required)")
	f.String(flagID, "", "credential id (a URI; optional)")
	f.String(flagStatusList, "", "revocation status list id of the issuer, <issuer-did>/status/<name>")
	f.Uint64(flagStatusIndex, 0, "index in --status-list (required with it)")
	f.String(flagSuspensionList, "", "suspension status list id of the issuer")
	f.Uint64(flagSuspensionIndex, 0, "index in --suspension-list (required with it)")
	f.String(flagValidFrom, "", "validFrom, RFC 3339 (default: the node's latest block time)")
	f.String(flagValidUntil, "", "validUntil, RFC 3339 (default: none)")
	f.String(flagFormat, verifier.FormatJWT, "jwt (VC-JOSE-COSE compact JWS) or di (Data Integrity proof)")
	f.String(flagCryptosuite, "", "Data Integrity cryptosuite (default by key: eddsa-jcs-2022 or ecdsa-jcs-2019)")
	f.String(flagOut, "", "write the credential to this file instead of stdout")
	didcli.AddKeyFlag(cmd, "the issuer's assertionMethod key")
	flags.AddQueryFlagsToCmd(cmd)
	return cmd
}

func runIssue(cmd *cobra.Command, _ []string) error {
	clientCtx, err := client.GetClientQueryContext(cmd)
	if err != nil {
		return err
	}
	f := cmd.Flags()
	req := verifier.IssueRequest{}
	req.Issuer, _ = f.GetString(flagIssuer)
	req.TypeID, _ = f.GetString(flagType)
	req.ID, _ = f.GetString(flagID)
	req.Format, _ = f.GetString(flagFormat)
	req.Cryptosuite, _ = f.GetString(flagCryptosuite)
	subjectPath, _ := f.GetString(flagSubject)
	for _, required := range []struct{ name, value string }{
		{flagIssuer, req.Issuer}, {flagType, req.TypeID}, {flagSubject, subjectPath},
	} {
		if required.value == "" {
			return fmt.Errorf("--%s is required", required.name)
		}
	}
	if req.Subject, err = readInput(cmd, subjectPath); err != nil {
		return fmt.Errorf("--%s: %w", flagSubject, err)
	}
	if req.ValidFrom, err = timeFlag(cmd, flagValidFrom); err != nil {
		return err
	}
	if until, err := timeFlag(cmd, flagValidUntil); err != nil {
		return err
	} else if !until.IsZero() {
		req.ValidUntil = &until
	}
	for _, s := range []struct{ list, index, purpose string }{
		{flagStatusList, flagStatusIndex, "revocation"}, {flagSuspensionList, flagSuspensionIndex, "suspension"},
	} {
		list, _ := f.GetString(s.list)
		if list == "" {
			if f.Changed(s.index) {
				return fmt.Errorf("--%s needs --%s", s.index, s.list)
			}
			continue
		}
		if !f.Changed(s.index) {
			return fmt.Errorf("--%s needs --%s: an entry without an index would silently be index 0", s.list, s.index)
		}
		idx, _ := f.GetUint64(s.index)
		req.Status = append(req.Status, verifier.StatusRequest{ListID: list, Index: idx, Purpose: s.purpose})
	}
	keys, err := didcli.LoadKeys(didcli.KeyStoreFromCmd(cmd, clientCtx.HomeDir), cmd, didcli.FlagKey)
	if err != nil {
		return err
	}
	if len(keys) != 1 {
		return fmt.Errorf("--%s: name exactly one DID key of %s to sign with (see `ndid did keys list`)", didcli.FlagKey, req.Issuer)
	}
	req.Key = keys[0].Priv
	src, err := nodeSource(cmd, clientCtx)
	if err != nil {
		return err
	}
	if req.ValidFrom.IsZero() {
		// The chain's time, not this machine's: a verifier judges validFrom
		// against block time, and a clock ahead of the chain would make a
		// fresh credential "not valid yet".
		req.ValidFrom = src.Trust().Time
	}
	issued, err := verifier.Issue(didcli.CmdContext(cmd), src, req)
	if err != nil {
		return err
	}
	out := issued.Credential
	if issued.MediaType == "application/vc+jwt" {
		out = append(out, '\n')
	}
	if path, _ := f.GetString(flagOut); path != "" {
		if err := os.WriteFile(path, out, 0o600); err != nil {
			return fmt.Errorf("--%s: %w", flagOut, err)
		}
		_, err = fmt.Fprintf(cmd.ErrOrStderr(), "issued %s signed by %s, written to %s\n", issued.MediaType, issued.VerificationMethod, path)
		return err
	}
	_, err = cmd.OutOrStdout().Write(out)
	return err
}

func verifyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify <file|->",
		Short: "Verify a credential: proof, validity, accreditation and status; exit 0 valid, 1 invalid, 2 undecided",
		Long: `Verify a W3C Verifiable Credential (a compact VC-JOSE-COSE JWS or a JSON credential
with an eddsa-jcs-2022 or ecdsa-jcs-2019 Data Integrity proof) against the chain, and
print each check and a verdict. Exit code: 0 valid, 1 invalid, 2 could not decide.

Checks: the proof against the issuer DID document as it was at validFrom (the key must
then be in assertionMethod); the validity period; the issuer's accreditation for the
credential type (VerifyIssuer) at validFrom and now; each credentialStatus entry now.

Trust: once 'ndid verifier init' has run, every chain answer is proven (ICS23 against
the app hash of a header verified by the CometBFT light client) before it is believed,
and a node that lies is refused. --trust-node takes the node's word instead and says so.

Status privacy: by default the whole status list is fetched and the bit read locally,
so the node cannot tell which credential is checked (herd privacy across the list's
entries, at least 131,072). --status-query index asks for the one index instead:
faster, but the node learns which credential you are checking.`,
		Args: cobra.ExactArgs(1),
		RunE: runVerify,
	}
	cmd.Flags().Bool(flagTrustNode, false, "take the node's answers without proof (the verdict says so)")
	cmd.Flags().String(flagStatusQuery, string(verifier.StatusWholeList),
		"list: fetch whole status lists (herd privacy); index: ask for the one index (the node learns which)")
	addVerifierHomeFlag(cmd)
	flags.AddQueryFlagsToCmd(cmd)
	return cmd
}

func runVerify(cmd *cobra.Command, args []string) error {
	clientCtx, err := client.GetClientQueryContext(cmd)
	if err != nil {
		return err
	}
	raw, err := readInput(cmd, args[0])
	if err != nil {
		return ExitError{Code: 2, Msg: err.Error()}
	}
	q, _ := cmd.Flags().GetString(flagStatusQuery)
	opts := verifier.Options{StatusQuery: verifier.StatusQuery(q)}
	if opts.StatusQuery != verifier.StatusWholeList && opts.StatusQuery != verifier.StatusSingleIndex {
		return ExitError{Code: 2, Msg: fmt.Sprintf("--%s %q: want list or index", flagStatusQuery, q)}
	}
	var src verifier.Source
	if trust, _ := cmd.Flags().GetBool(flagTrustNode); trust {
		src, err = nodeSource(cmd, clientCtx)
	} else {
		src, err = lightSource(cmd, clientCtx)
	}
	if err != nil {
		return ExitError{Code: 2, Msg: err.Error()}
	}
	v := verifier.Verify(didcli.CmdContext(cmd), raw, src, opts)
	if clientCtx.OutputFormat == flags.OutputFormatJSON {
		bz, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz))
		if err != nil {
			return err
		}
	} else if err := printVerdict(cmd.OutOrStdout(), v); err != nil {
		return err
	}
	if code := v.ExitCode(); code != 0 {
		return ExitError{Code: code}
	}
	return nil
}

func printVerdict(w io.Writer, v verifier.Verdict) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if v.Issuer != "" {
		fmt.Fprintf(tw, "credential\t%s\n", orNone(v.CredentialID))
		fmt.Fprintf(tw, "issuer\t%s\n", v.Issuer)
	}
	for _, c := range v.Checks {
		mark := map[string]string{verifier.Passed: "ok", verifier.Failed: "FAILED", verifier.NotDecided: "UNDECIDED"}[c.Result]
		fmt.Fprintf(tw, "%s\t%s\t%s\n", mark, c.Name, c.Detail)
	}
	fmt.Fprintf(tw, "trust\t%s at height %d (%s)\n", v.Trust.Mode, v.Trust.Height, v.Trust.Time.UTC().Format(time.RFC3339))
	fmt.Fprintf(tw, "\t%s\n", v.Trust.Note)
	for _, warning := range v.Trust.Warnings {
		fmt.Fprintf(tw, "warning\t%s\n", warning)
	}
	fmt.Fprintf(tw, "verdict\t%s\n", strings.ToUpper(v.Verdict))
	return tw.Flush()
}

func orNone(s string) string {
	if s == "" {
		return "(no id)"
	}
	return s
}

// nodeSource takes the configured node's answers on its word, as of its
// latest block.
func nodeSource(cmd *cobra.Command, clientCtx client.Context) (*verifier.NodeSource, error) {
	node, err := clientCtx.GetNode()
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flags.FlagNode, err)
	}
	st, err := node.Status(didcli.CmdContext(cmd))
	if err != nil {
		return nil, fmt.Errorf("status of %s: %w", clientCtx.NodeURI, err)
	}
	return verifier.NewNodeSource(clientCtx, clientCtx.NodeURI, st.SyncInfo.LatestBlockHeight, st.SyncInfo.LatestBlockTime), nil
}

func readInput(cmd *cobra.Command, path string) ([]byte, error) {
	if path == "-" {
		bz, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), maxInput+1))
		if err == nil && len(bz) > maxInput {
			err = fmt.Errorf("standard input is over the limit of %d bytes", maxInput)
		}
		return bz, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxInput {
		return nil, fmt.Errorf("%s is %d bytes; the limit is %d", path, st.Size(), maxInput)
	}
	return os.ReadFile(path)
}

// maxInput bounds what a command reads: credentials and subjects are small.
const maxInput = 1 << 20

func timeFlag(cmd *cobra.Command, name string) (time.Time, error) {
	s, _ := cmd.Flags().GetString(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: want RFC 3339, such as 2026-01-02T03:04:05Z", name, s)
	}
	return t.UTC(), nil
}
