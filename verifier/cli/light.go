package cli

import (
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/ndi-chain/ndi/verifier"
	"github.com/ndi-chain/ndi/verifier/light"
	"github.com/ndi-chain/ndi/verifier/lightsource"
	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
)

const (
	flagVerifierHome   = "verifier-home"
	flagGenesis        = "genesis"
	flagTrustHeight    = "trust-height"
	flagTrustHash      = "trust-hash"
	flagWitness        = "witness"
	flagTrustingPeriod = "trusting-period"
	flagForce          = "force"
)

func addVerifierHomeFlag(cmd *cobra.Command) {
	cmd.Flags().String(flagVerifierHome, "", "light-client state directory (default: <home>/verifier)")
}

func verifierHome(cmd *cobra.Command, clientCtx client.Context) string {
	if dir, _ := cmd.Flags().GetString(flagVerifierHome); dir != "" {
		return dir
	}
	return filepath.Join(clientCtx.HomeDir, "verifier")
}

// rpcURL turns the SDK's --node form (tcp://host:port) into the HTTP URL
// the light client and its provider speak.
func rpcURL(node string) string {
	if rest, ok := strings.CutPrefix(node, "tcp://"); ok {
		return "http://" + rest
	}
	return node
}

// lightSource opens the light client set up by `ndid verifier init`; --node,
// when given, replaces the primary it was initialised with.
func lightSource(cmd *cobra.Command, clientCtx client.Context) (verifier.Source, error) {
	ctx := didcli.CmdContext(cmd)
	override := ""
	if cmd.Flags().Changed(flags.FlagNode) {
		override = rpcURL(clientCtx.NodeURI)
	}
	lc, err := light.Open(ctx, verifierHome(cmd, clientCtx), override)
	if err != nil {
		return nil, fmt.Errorf("%w\n(run `ndid verifier init` once to set a trust root, or pass --%s to take the node's word)", err, flagTrustNode)
	}
	defer lc.Close()
	return lightsource.New(ctx, lc)
}

// NewVerifierCmd is `ndid verifier`.
func NewVerifierCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verifier",
		Short: "Set up and inspect the light client that lets credential verification trust no node",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(initCmd(), statusCmd())
	return cmd
}

func initCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Set the light client's trust root, from the genesis file or a trusted header",
		Long: `Set the trust root every later 'ndid credential verify' starts from, and keep the
light client's state on disk (--verifier-home, default <home>/verifier).

--genesis FILE: the validator set of the first block must be the one the genesis file
defines (its validators, or the validators its gentxs create), and the first block must
be signed by it; then that block is the trust root. Get the genesis file from a source
you trust (your ministry's published copy), not from the node you are verifying against.

--trust-height N --trust-hash HEX: a header hash you obtained out of band (for example
from an operator you trust, or 'ndid query block N' on your own node).

--node is the primary the light client reads headers and proofs from; --witness adds
nodes run by other operators, which cross-check the primary's headers (fork detection).
With no witness, the primary is its own witness and verdicts warn so.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			genesis, _ := f.GetString(flagGenesis)
			height, _ := f.GetInt64(flagTrustHeight)
			hashHex, _ := f.GetString(flagTrustHash)
			var root light.TrustRoot
			switch {
			case genesis != "" && (height != 0 || hashHex != ""):
				return fmt.Errorf("--%s and --%s/--%s are two ways to set the trust root: give one", flagGenesis, flagTrustHeight, flagTrustHash)
			case genesis != "":
				root = light.TrustGenesis(genesis)
			case height > 0 && hashHex != "":
				hash, err := hex.DecodeString(hashHex)
				if err != nil {
					return fmt.Errorf("--%s: not hex: %w", flagTrustHash, err)
				}
				root = light.TrustHeader(height, hash)
			default:
				return fmt.Errorf("set a trust root: --%s FILE, or --%s N with --%s HEX", flagGenesis, flagTrustHeight, flagTrustHash)
			}
			witnesses, _ := f.GetStringSlice(flagWitness)
			for i, w := range witnesses {
				witnesses[i] = rpcURL(w)
			}
			period, _ := f.GetDuration(flagTrustingPeriod)
			force, _ := f.GetBool(flagForce)
			opts := light.Options{
				Home: verifierHome(cmd, clientCtx), ChainID: clientCtx.ChainID, Primary: rpcURL(clientCtx.NodeURI),
				Witnesses: witnesses, TrustingPeriod: period, Force: force,
			}
			if err := light.Init(didcli.CmdContext(cmd), opts, root); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "light client initialised in %s (primary %s)\n", opts.Home, opts.Primary)
			if err != nil {
				return err
			}
			return printLightStatus(cmd, clientCtx)
		},
	}
	f := cmd.Flags()
	f.String(flagGenesis, "", "genesis file to take the trust root from (the first block, checked against it)")
	f.Int64(flagTrustHeight, 0, "height of a trusted header")
	f.String(flagTrustHash, "", "hash (hex) of the trusted header at --trust-height")
	f.StringSlice(flagWitness, nil, "RPC URLs of witness nodes run by other operators")
	f.Duration(flagTrustingPeriod, light.DefaultTrustingPeriod, "how long a verified header is trusted; shorter than the unbonding time")
	f.Bool(flagForce, false, "replace existing light-client state")
	addVerifierHomeFlag(cmd)
	flags.AddQueryFlagsToCmd(cmd)
	// Query commands have no --chain-id, but init must name the chain: without
	// the flag, a client.toml written for another chain could not be
	// overridden. Added after the query flags, which would mark an existing
	// --chain-id required.
	f.String(flags.FlagChainID, "", "chain id (default: client.toml's; with --genesis, the genesis file's when client.toml has none)")
	return cmd
}

func statusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the trust root and the newest state the light client can verify",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			return printLightStatus(cmd, clientCtx)
		},
	}
	addVerifierHomeFlag(cmd)
	flags.AddQueryFlagsToCmd(cmd)
	return cmd
}

func printLightStatus(cmd *cobra.Command, clientCtx client.Context) error {
	ctx := didcli.CmdContext(cmd)
	lc, err := light.Open(ctx, verifierHome(cmd, clientCtx), "")
	if err != nil {
		return err
	}
	defer lc.Close()
	h, hash, source := lc.TrustSource()
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "chain id      %s\n", lc.ChainID())
	fmt.Fprintf(w, "trust root    height %d, hash %s (%s)\n", h, hash, source)
	fmt.Fprintf(w, "primary       %s\n", lc.Primary())
	fmt.Fprintf(w, "witnesses     %s\n", strings.Join(lc.Witnesses(), ", "))
	root, err := lc.Root(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "verified      state height %d (%s), app hash %X\n", root.Height, root.Time.UTC().Format(time.RFC3339), root.AppHash)
	for _, warning := range lc.Warnings() {
		fmt.Fprintf(w, "warning       %s\n", warning)
	}
	return nil
}
