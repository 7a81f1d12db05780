package cli_test

import (
	"io"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	govcli "github.com/cosmos/cosmos-sdk/x/gov/client/cli"

	"github.com/ndi-chain/ndi/x/accreditation"
	"github.com/ndi-chain/ndi/x/accreditation/client/cli"
	"github.com/ndi-chain/ndi/x/accreditation/types"
)

// TestAccreditRequiresParentOrAnchor: the accreditor says where it stands,
// --parent or --as-anchor, exactly one; the command refuses before signing.
func TestAccreditRequiresParentOrAnchor(t *testing.T) {
	const (
		accreditor = "did:ndi:local:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
		subject    = "did:ndi:local:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG"
	)
	base := []string{"accredit", accreditor, "uni", subject, "--role", "issuer", "--scope", accreditor + "/types/degree"}
	cases := []struct {
		name  string
		extra []string
		want  string
	}{
		{"neither --parent nor --as-anchor is refused", nil, "--parent <accreditation-id> or --as-anchor is required"},
		{"both --parent and --as-anchor are refused", []string{"--parent", subject + "/accreditations/x", "--as-anchor"}, "not both"},
		{"a malformed --parent is refused", []string{"--parent", "regional"}, "--parent: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := cli.GetTxCmd()
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			cmd.SetArgs(append(append([]string{}, base...), tc.extra...))
			err := cmd.Execute()
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// TestLifecycleCommands: the CLI has one command per lifecycle action of
// the table in types, named by its verb, with the action's example reason.
func TestLifecycleCommands(t *testing.T) {
	root := cli.GetTxCmd()
	for _, act := range types.LifecycleActions {
		cmd, _, err := root.Find([]string{act.Verb()})
		require.NoError(t, err, act.Verb())
		require.Equal(t, act.Verb(), cmd.Name())
		require.Contains(t, cmd.Short, act.Summary())
		require.Contains(t, cmd.Example, `--reason "`+act.ExampleReason()+`"`)
	}
}

// TestTrustAnchorProposalsUseTheGovCLI: register-trust-anchor-proposal
// reads its proposal through the gov CLI's own flags, and the hand-written
// remove command is gone (autocli builds it as a GovProposal command, as
// x/poa's are).
func TestTrustAnchorProposalsUseTheGovCLI(t *testing.T) {
	root := cli.GetTxCmd()
	register, _, err := root.Find([]string{"register-trust-anchor-proposal"})
	require.NoError(t, err)
	govFlags := &cobra.Command{}
	govcli.AddGovPropFlagsToCmd(govFlags)
	govFlags.Flags().VisitAll(func(f *pflag.Flag) {
		got := register.Flags().Lookup(f.Name)
		require.NotNil(t, got, "--%s", f.Name)
		require.Equal(t, f.Usage, got.Usage, "--%s comes from the gov CLI", f.Name)
	})
	require.NotNil(t, register.Flags().Lookup("expedited"))

	for _, c := range root.Commands() {
		require.NotEqual(t, "remove-trust-anchor-proposal", c.Name(), "autocli builds it")
	}
	var remove *autocliv1.RpcCommandOptions
	for _, o := range (accreditation.AppModule{}).AutoCLIOptions().Tx.RpcCommandOptions {
		if o.RpcMethod == "RemoveTrustAnchor" {
			remove = o
		}
	}
	require.NotNil(t, remove)
	require.True(t, remove.GovProposal)
	require.False(t, remove.Skip)
	require.Equal(t, "remove-trust-anchor-proposal [did]", remove.Use)
}
