package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
)

// run executes `credential …` or `verifier …` with a client context that
// points at no node: every case here must be refused before a node is
// asked.
func run(t *testing.T, newCmd func() *cobra.Command, args ...string) error {
	t.Helper()
	cmd := newCmd()
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetArgs(args)
	ctx := context.WithValue(context.Background(), client.ClientContextKey, &client.Context{HomeDir: t.TempDir()})
	return cmd.ExecuteContext(ctx)
}

func TestIssueRefusesIncompleteFlagsBeforeAskingTheNode(t *testing.T) {
	subject := filepath.Join(t.TempDir(), "subject.json")
	require.NoError(t, os.WriteFile(subject, []byte(`{"id":"did:example:alice"}`), 0o600))
	base := []string{"issue", "--issuer", "did:ndi:local:x", "--type", "did:ndi:local:y/types/degree", "--subject", subject}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no issuer", []string{"issue", "--type", "t", "--subject", subject}, "--issuer is required"},
		{"no subject", []string{"issue", "--issuer", "i", "--type", "t"}, "--subject is required"},
		{"nothing: the first missing flag is named", []string{"issue"}, "--issuer is required"},
		{"a subject file that does not exist", []string{"issue", "--issuer", "i", "--type", "t", "--subject", subject + ".missing"}, "--subject: "},
		{"a list without an index", append(base, "--status-list", "did:ndi:local:x/status/l"), "--status-list needs --status-index: an entry without an index would silently be index 0"},
		{"an index without a list", append(base, "--suspension-index", "4"), "--suspension-index needs --suspension-list"},
		{"a validFrom that is not RFC 3339", append(base, "--valid-from", "yesterday"), `--valid-from "yesterday": want RFC 3339`},
		{"no key", base, "--key: name exactly one DID key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(t, NewCredentialCmd, tc.args...)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestVerifyWithoutATrustRootIsUndecided(t *testing.T) {
	cred := filepath.Join(t.TempDir(), "c.jwt")
	require.NoError(t, os.WriteFile(cred, []byte("a.b.c"), 0o600))
	err := run(t, NewCredentialCmd, "verify", cred, "--verifier-home", filepath.Join(t.TempDir(), "none"))
	var exit ExitError
	require.ErrorAs(t, err, &exit)
	require.Equal(t, 2, exit.ExitCode())
	require.Contains(t, err.Error(), "run `ndid verifier init` once to set a trust root, or pass --trust-node")

	err = run(t, NewCredentialCmd, "verify", cred, "--status-query", "bit")
	require.ErrorAs(t, err, &exit)
	require.Equal(t, 2, exit.ExitCode())
	require.Contains(t, err.Error(), `--status-query "bit": want list or index`)
}

func TestVerifierInitNeedsExactlyOneTrustRoot(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"none", []string{"init"}, "set a trust root: --genesis FILE, or --trust-height N with --trust-hash HEX"},
		{"both", []string{"init", "--genesis", "g.json", "--trust-height", "3"}, "two ways to set the trust root: give one"},
		{"a hash that is not hex", []string{"init", "--trust-height", "3", "--trust-hash", "zz"}, "--trust-hash: not hex"},
		{"a height without a hash", []string{"init", "--trust-height", "3"}, "set a trust root"},
		// --chain-id is accepted (and optional), so a client.toml of another
		// chain can be overridden.
		{"a chain id, still no root", []string{"init", "--chain-id", "ndi-other-1"}, "set a trust root"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(t, NewVerifierCmd, tc.args...)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}
