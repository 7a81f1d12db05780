//go:build e2e

package procnet_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/procnet"
)

// Run with: go test -tags e2e ./testutil/procnet/...

const blockTimeout = 30 * time.Second // generous wait for a few 1s blocks

// TestNetworkStartsAndProducesBlocks checks the harness: four validators
// make blocks, survive one SIGKILLed validator, and the restarted
// validator (and a paused-then-resumed one) catches up.
func TestNetworkStartsAndProducesBlocks(t *testing.T) {
	net := procnet.Start(t, procnet.Options{Validators: 4})
	if got := len(net.Validators()); got != 4 || len(net.FullNodes()) != 0 {
		t.Fatalf("got %d validators and %d full nodes, want 4 and 0", got, len(net.FullNodes()))
	}
	if err := net.WaitForHeight(3, blockTimeout); err != nil {
		t.Fatal(err)
	}
	if !signedAny(t, net, net.Nodes[0], 2, 3) {
		t.Fatal("node0 signed neither block 2 nor 3")
	}

	// 300 of 400 power is still more than 2/3: the chain must go on.
	victim := net.Nodes[3]
	if err := victim.Kill(); err != nil {
		t.Fatal(err)
	}
	if victim.Running() {
		t.Fatal("node3 still running after Kill")
	}
	h := height(t, net)
	if err := net.WaitForHeight(h+3, blockTimeout); err != nil {
		t.Fatalf("chain stalled with node3 killed: %v", err)
	}

	if err := victim.Start(); err != nil {
		t.Fatal(err)
	}
	h = height(t, net)
	if err := victim.WaitForHeight(h+1, 60*time.Second); err != nil {
		t.Fatalf("restarted node3 did not catch up: %v", err)
	}

	// A paused (SIGSTOP) validator: the others keep going, it catches up
	// after SIGCONT.
	if err := victim.Pause(); err != nil {
		t.Fatal(err)
	}
	h = height(t, net.Nodes[0])
	if err := net.Nodes[0].WaitForHeight(h+3, blockTimeout); err != nil {
		_ = victim.Resume()
		t.Fatalf("chain stalled with node3 paused: %v", err)
	}
	if err := victim.Resume(); err != nil {
		t.Fatal(err)
	}
	if err := victim.WaitForHeight(h+4, 60*time.Second); err != nil {
		t.Fatalf("resumed node3 did not catch up: %v", err)
	}
}

// TestGovernanceAddsAndRemovesAValidator adds a running full node to the
// validator set by a governance proposal carrying x/poa MsgAddValidator,
// checks that it signs blocks, then removes it with MsgRemoveValidator and
// checks that it stops signing while the chain goes on.
func TestGovernanceAddsAndRemovesAValidator(t *testing.T) {
	const votingPeriod = 20 * time.Second
	net := procnet.Start(t, procnet.Options{Validators: 4, FullNodes: 1, StartFullNodes: true, VotingPeriod: votingPeriod})
	v0 := net.Nodes[0]
	candidate := net.FullNodes()[0]
	if err := candidate.WaitForHeight(2, 60*time.Second); err != nil {
		t.Fatal(err)
	}

	gov := govAddress(t, v0)
	operator := strings.TrimSpace(string(mustCLI(t, candidate, "keys", "show", "operator", "-a", "--keyring-backend", "test")))
	valoper := strings.TrimSpace(string(mustCLI(t, candidate, "keys", "show", "operator", "--bech", "val", "-a", "--keyring-backend", "test")))
	consPubKey := json.RawMessage(strings.TrimSpace(string(mustCLI(t, candidate, "comet", "show-validator"))))
	if !json.Valid(consPubKey) {
		t.Fatalf("comet show-validator printed %q, want JSON", consPubKey)
	}
	if v := findValidator(t, v0, valoper); v != nil {
		t.Fatalf("%s is a validator before the proposal: %+v", valoper, v)
	}

	// Add the full node with power 10.
	addID := submitProposal(t, v0, "Add node4", map[string]any{
		"@type":            "/ndi.poa.v1.MsgAddValidator",
		"authority":        gov,
		"operator":         operator,
		"consensus_pubkey": consPubKey,
		"moniker":          candidate.Name,
		"power":            "10",
	})
	require.NoError(t, net.VoteYes(addID))
	passedAt := waitForPassed(t, net, v0, addID, votingPeriod)

	// Validator-set changes take effect two blocks after the block that made
	// them; allow a few more.
	if !signedAny(t, net, candidate, passedAt+1, passedAt+10) {
		t.Fatalf("%s signed no block in [%d, %d] after the add proposal passed", candidate.Name, passedAt+1, passedAt+10)
	}
	v := findValidator(t, v0, valoper)
	if v == nil || v.Status != "BOND_STATUS_BONDED" || v.Power != "10" || v.Jailed {
		t.Fatalf("poa validators entry for %s = %+v, want bonded with power 10", valoper, v)
	}

	// Remove it again.
	removeID := submitProposal(t, v0, "Remove node4", map[string]any{
		"@type":     "/ndi.poa.v1.MsgRemoveValidator",
		"authority": gov,
		"operator":  operator,
	})
	require.NoError(t, net.VoteYes(removeID))
	removedAt := waitForPassed(t, net, v0, removeID, votingPeriod)

	// From removedAt+3 on the node must be out of the commits, while the
	// chain keeps making blocks and the node keeps running as a full node.
	first, last := removedAt+3, removedAt+5
	if err := net.WaitForHeight(last+1, blockTimeout); err != nil {
		t.Fatalf("chain stalled after the remove proposal: %v", err)
	}
	for h := first; h <= last; h++ {
		if signed(t, net, candidate, h) {
			t.Fatalf("%s still signed block %d after the remove proposal passed by height %d", candidate.Name, h, removedAt)
		}
	}
	if v := findValidator(t, v0, valoper); v != nil && v.Status == "BOND_STATUS_BONDED" {
		t.Fatalf("%s still bonded after removal: %+v", valoper, v)
	}
}

// --- helpers ---

func height(t *testing.T, h interface {
	Height(context.Context) (int64, error)
}) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got, err := h.Height(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func signed(t *testing.T, net *procnet.Network, v *procnet.Node, h int64) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ok, err := net.Signed(ctx, v, h)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// signedAny reports whether v signed any block in [from, to], waiting for
// the blocks to be committed (the commit of h is final at h+1).
func signedAny(t *testing.T, net *procnet.Network, v *procnet.Node, from, to int64) bool {
	t.Helper()
	for h := from; h <= to; h++ {
		if err := net.Nodes[0].WaitForHeight(h+1, blockTimeout); err != nil {
			t.Fatal(err)
		}
		if signed(t, net, v, h) {
			t.Logf("%s signed block %d", v.Name, h)
			return true
		}
	}
	return false
}

func mustCLI(t *testing.T, n *procnet.Node, args ...string) []byte {
	t.Helper()
	out, err := n.CLI(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustQuery(t *testing.T, n *procnet.Node, out any, args ...string) {
	t.Helper()
	raw, err := n.Query(args...)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("query %s: decode: %v\n%s", strings.Join(args, " "), err, raw)
	}
}

func govAddress(t *testing.T, n *procnet.Node) string {
	t.Helper()
	// Printed either flat or amino-style {"type", "value"}.
	var res struct {
		Account struct {
			Address string `json:"address"`
			Value   struct {
				Address string `json:"address"`
			} `json:"value"`
		} `json:"account"`
	}
	mustQuery(t, n, &res, "auth", "module-account", "gov")
	if a := res.Account.Address; a != "" {
		return a
	}
	if a := res.Account.Value.Address; a != "" {
		return a
	}
	t.Fatal("gov module account has no address")
	return ""
}

type poaValidator struct {
	Operator string `json:"operator"`
	Moniker  string `json:"moniker"`
	Power    string `json:"power"`
	Status   string `json:"status"`
	Jailed   bool   `json:"jailed"`
}

func findValidator(t *testing.T, n *procnet.Node, valoper string) *poaValidator {
	t.Helper()
	var res struct {
		Validators []poaValidator `json:"validators"`
	}
	mustQuery(t, n, &res, "poa", "validators")
	for i := range res.Validators {
		if res.Validators[i].Operator == valoper {
			return &res.Validators[i]
		}
	}
	return nil
}

// submitProposal submits a proposal carrying msgs from n's operator and
// returns its id.
func submitProposal(t *testing.T, n *procnet.Node, title string, msgs ...map[string]any) string {
	t.Helper()
	id, res, err := n.SubmitProposal(title, msgs...)
	require.NoError(t, err)
	t.Logf("proposal %s (%q) submitted at height %d", id, title, res.Height)
	return id
}

// trustAnchorMsg is the governance message that makes did a trust anchor
// for every credential type.
func trustAnchorMsg(t *testing.T, n *procnet.Node, did, description string) map[string]any {
	t.Helper()
	return map[string]any{
		"@type":     "/ndi.accreditation.v1.MsgRegisterTrustAnchor",
		"authority": govAddress(t, n),
		"anchor":    map[string]any{"did": did, "all_types": true, "description": description},
	}
}

// passProposal submits msgs as one proposal from n's operator, has every
// validator vote yes, waits until it passes and returns its id.
func passProposal(t *testing.T, net *procnet.Network, n *procnet.Node, title string, votingPeriod time.Duration, msgs ...map[string]any) string {
	t.Helper()
	id := submitProposal(t, n, title, msgs...)
	require.NoError(t, net.VoteYes(id))
	waitForPassed(t, net, n, id, votingPeriod)
	return id
}

// waitForPassed waits until the proposal passes, at most a minute past
// its voting period, and returns the height at which it was seen passed.
func waitForPassed(t *testing.T, net *procnet.Network, n *procnet.Node, id string, votingPeriod time.Duration) int64 {
	t.Helper()
	h, err := net.WaitForPassed(n, id, votingPeriod+time.Minute)
	require.NoError(t, err)
	t.Logf("proposal %s passed (seen at height %d)", id, h)
	return h
}
