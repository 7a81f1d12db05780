//go:build e2e

package procnet_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/procnet"
)

const (
	jsClientVotingPeriod = 10 * time.Second
	// npm ci on a cold cache, then the client's tests.
	jsClientTimeout = 10 * time.Minute
)

// TestJavaScriptClientAgainstARealChain runs the example JavaScript client
// (clients/js, CosmJS and the chain's .proto files) against one validator:
// it creates a DID with a DID signature made in JavaScript, rotates its key
// with expected_version_id in a transaction signed in amino-JSON mode, and
// reads a credential's status from the whole W3C status list, compared with
// the chain's CredentialStatus. The test prepares what the client reads (an
// accredited issuer with a revocation list and revoked indices) with the
// CLI, funds a fresh account for it, and requires `node --test` to pass.
// scripts/node.sh installs Node.js with apt-get where it is missing.
func TestJavaScriptClientAgainstARealChain(t *testing.T) {
	begin := time.Now()
	net := procnet.Start(t, procnet.Options{Validators: 1, VotingPeriod: jsClientVotingPeriod})
	v0 := net.Nodes[0]
	root, err := procnet.RepoRoot()
	require.NoError(t, err)

	// An issuer accredited by a trust anchor, so that it may keep a status list.
	did := generateDIDs(t, v0, "anchor", "issuer")
	for _, name := range []string{"anchor", "issuer"} {
		mustTx(t, v0, "did", "create", "--key", name)
	}
	passProposal(t, net, v0, "Anchor for the JavaScript client", jsClientVotingPeriod,
		trustAnchorMsg(t, v0, did["anchor"], "Ministry (procnet JS client test)"))
	accreditIssuer(t, v0, did["anchor"], did["issuer"])
	listID := did["issuer"] + "/status/degrees"
	mustTx(t, v0, "revocation", "create-list", did["issuer"], "degrees", "--key", "issuer")
	mustTx(t, v0, "revocation", "revoke", listID, "3", "5", "4096", "131071", "--key", "issuer")

	// A fresh account for the client, funded by the validator's operator.
	var key struct {
		Address  string `json:"address"`
		Mnemonic string `json:"mnemonic"`
	}
	out := mustCLI(t, v0, "keys", "add", "jsclient", "--keyring-backend", "test", "--output", "json")
	require.NoError(t, json.Unmarshal(out, &key), "%s", out)
	require.NotEmpty(t, key.Mnemonic)
	mustTx(t, v0, "bank", "send", "operator", key.Address, "10000000undi")
	t.Logf("issuer, status list and funded account ready (%s)", since(begin))

	ctx, cancel := context.WithTimeout(context.Background(), jsClientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, "scripts", "node.sh"), "test")
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"NDI_REST=http://"+v0.APIAddr,
		"NDI_CHAIN_ID="+net.ChainID,
		"NDI_MNEMONIC="+key.Mnemonic,
		"NDI_STATUS_LIST="+listID,
		"NDI_REVOKED=3,5,4096,131071",
		"NDI_PROTO_DIR="+filepath.Join(root, "proto"),
	)
	cmd.WaitDelay = 10 * time.Second
	var output lockedBuffer
	cmd.Stdout, cmd.Stderr = &output, &output
	start := time.Now()
	err = cmd.Run()
	if err != nil {
		why := err.Error()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			why = "timed out after " + jsClientTimeout.String()
		}
		t.Fatalf("scripts/node.sh test failed after %s: %s\n%s", since(start), why, output.String())
	}
	// node --test closes with "# pass N" and "# fail 0"; require both, so
	// a run that found no test cannot pass.
	require.Contains(t, output.String(), "\n# fail 0\n", output.String())
	require.NotContains(t, output.String(), "\n# pass 0\n", output.String())
	for _, line := range strings.Split(output.String(), "\n") {
		if strings.HasPrefix(line, "ok ") || strings.HasPrefix(line, "not ok ") || strings.HasPrefix(line, "# pass") {
			t.Log("js: " + line)
		}
	}
	t.Logf("JavaScript client passed in %s (total %s)", since(start), since(begin))
}
