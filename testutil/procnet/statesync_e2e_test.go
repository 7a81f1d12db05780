//go:build e2e

package procnet_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/procnet"
	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
)

// snapshotInterval is small so the test reaches a snapshot within seconds;
// production uses 1000 (docs/operations.md §3).
const snapshotInterval = 20

// TestNodesJoinAndRecoverByStateSync runs 2 validators taking a snapshot
// every 20 blocks. It writes DIDs (one updated), a trust anchor by
// governance, an accreditation (suspended later), a status list with
// revocations, then:
//
//   - a new full node joins by state sync (its earliest block is above 1:
//     it replayed no block before the snapshot) and answers every query as
//     the validators do, now and at a time before the later changes and
//     before the snapshot; blocks and transactions before the snapshot are
//     not on it;
//   - a validator loses its disk as docs/operations.md §3.1 describes: its
//     data/ is deleted but for priv_validator_state.json, it is restored by
//     state sync with its own consensus key, signs blocks again and answers
//     the same queries.
func TestNodesJoinAndRecoverByStateSync(t *testing.T) {
	begin := time.Now()
	const votingPeriod = 10 * time.Second
	net := procnet.Start(t, procnet.Options{
		Validators: 2, FullNodes: 1,
		VotingPeriod: votingPeriod, TimeoutCommit: 500 * time.Millisecond,
		SnapshotInterval: snapshotInterval,
	})
	v0, v1, fresh := net.Nodes[0], net.Nodes[1], net.Nodes[2]

	did := generateDIDs(t, v0, "anchor", "issuer", "holder", "holder-2")
	for _, name := range []string{"anchor", "issuer", "holder"} {
		mustTx(t, v0, "did", "create", "--key", name)
	}
	passProposal(t, net, v0, "Anchor", votingPeriod, trustAnchorMsg(t, v0, did["anchor"], "Ministry (procnet state sync test)"))
	typeID, accID := accreditIssuer(t, v0, did["anchor"], did["issuer"])
	revList := did["issuer"] + "/status/degrees"
	mustTx(t, v0, "revocation", "create-list", did["issuer"], "degrees", "--key", "issuer")
	first := mustTx(t, v0, "revocation", "revoke", revList, "3", "5", "--key", "issuer")

	// past is a time after the writes above and before the changes below:
	// the proposal time of the block after the last write, which itself
	// carries none of ours.
	require.NoError(t, v0.WaitForHeight(first.Height+1, blockTimeout))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := v0.Block(ctx, first.Height+1)
	require.NoError(t, err)
	past := b.Time.UTC().Format(time.RFC3339Nano)
	require.NoError(t, v0.WaitForHeight(first.Height+2, blockTimeout))

	mustTx(t, v0, "did", "rotate-key", did["holder"], "key-1", "holder-2", "--key", "holder")
	mustTx(t, v0, "revocation", "revoke", revList, "7", "--key", "issuer")
	last := mustTx(t, v0, "accreditation", acctypes.LifecycleSuspend.Verb(), accID,
		"--reason", acctypes.LifecycleSuspend.ExampleReason(), "--key", "anchor")
	t.Logf("DIDs, anchor, accreditation, status list written by height %d; past = %s (%s)", last.Height, past, since(begin))

	queries := [][]string{
		{"did", "resolve", did["holder"]},
		{"did", "versions", did["holder"]},
		{"did", "resolve", did["holder"], "--version-time", past},
		{"accreditation", "trust-anchor", did["anchor"]},
		{"accreditation", "credential-type", typeID},
		{"accreditation", "accreditation", accID},
		{"accreditation", "accreditation", accID, "--at-time", past},
		{"accreditation", "history", accID},
		{"revocation", "list", revList},
		{"revocation", "list", revList, "--at-time", past},
		{"revocation", "status", revList, "5"},
		{"revocation", "status", revList, "7"},
		{"revocation", "status", revList, "7", "--at-time", past},
	}
	answers := make([][]byte, len(queries))
	for i, q := range queries {
		raw, err := v0.Query(q...)
		require.NoError(t, err)
		answers[i] = raw
	}
	// The past answers must be history, not today's state.
	require.NotEqual(t, string(answers[0]), string(answers[2]), "the holder's DID has no earlier version")
	require.NotEqual(t, string(answers[11]), string(answers[12]), "index 7 has no earlier status")

	// Wait for a snapshot taken after every write, and two blocks more for
	// the light client to verify it.
	snapshot := (last.Height/snapshotInterval + 1) * snapshotInterval
	require.NoError(t, v0.WaitForHeight(snapshot+3, 2*time.Minute))
	t.Logf("snapshot height %d reached (%s)", snapshot, since(begin))

	// A new full node joins by state sync.
	stateSync(t, fresh, v0, v1)
	require.NoError(t, fresh.Start())
	requireStateSynced(t, fresh, snapshot)
	requireSameAnswers(t, fresh, queries, answers)
	_, err = fresh.Block(ctx, first.Height)
	require.Error(t, err, "%s has a block from before its snapshot", fresh.Name)
	_, err = fresh.Query("tx", first.Hash)
	require.Error(t, err, "%s finds a transaction from before its snapshot", fresh.Name)
	t.Logf("%s joined by state sync and answers as the validators, now and at %s (%s)", fresh.Name, past, since(begin))

	// v1 loses its disk. Its keys are kept, and so is
	// priv_validator_state.json: the last height, round and step it signed.
	require.NoError(t, v1.Stop())
	state := filepath.Join(v1.Home, "data", "priv_validator_state.json")
	signedState, err := os.ReadFile(state)
	require.NoError(t, err)
	require.NoError(t, os.RemoveAll(filepath.Join(v1.Home, "data")))
	require.NoError(t, os.MkdirAll(filepath.Join(v1.Home, "data"), 0o700))
	require.NoError(t, os.WriteFile(state, signedState, 0o600))
	// With one of two validators down the chain halts; the restore from
	// the snapshots of v0 and the new node brings it back.
	stateSync(t, v1, v0, fresh)
	require.NoError(t, v1.Start())
	requireStateSynced(t, v1, snapshot)
	from := height(t, v0)
	require.True(t, signedAny(t, net, v1, from, from+20), "%s restored by state sync signs no block in %d..%d", v1.Name, from, from+20)
	requireSameAnswers(t, v1, queries, answers)
	t.Logf("%s restored by state sync, signs again and answers the same; total %s", v1.Name, since(begin))
}

// stateSync sets n's config.toml to join by state sync from the snapshots
// of the nodes serving, trusting a recent header of the first of them, as
// docs/operations.md §3 tells an operator.
func stateSync(t *testing.T, n *procnet.Node, serving ...*procnet.Node) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	trust := height(t, serving[0]) - 2
	b, err := serving[0].Block(ctx, trust)
	require.NoError(t, err)
	servers := make([]string, len(serving))
	for i, s := range serving {
		servers[i] = "http://" + s.RPCAddr
	}
	cfg := filepath.Join(n.Home, "config", "config.toml")
	for _, kv := range [][2]string{
		{"enable", "true"},
		{"rpc_servers", strconv.Quote(strings.Join(servers, ","))},
		{"trust_height", strconv.FormatInt(trust, 10)},
		{"trust_hash", strconv.Quote(b.Hash)},
		{"trust_period", `"168h0m0s"`},
		{"discovery_time", `"5s"`},
	} {
		require.NoError(t, procnet.SetConfig(cfg, "statesync", kv[0], kv[1]))
	}
}

// requireStateSynced waits until n has restored a snapshot and caught up
// (during the restore /status shows no blocks and may not show catching
// up), then checks that it restored a snapshot rather than replaying the
// chain: its first block is the one after a snapshot at or above
// minSnapshot.
func requireStateSynced(t *testing.T, n *procnet.Node, minSnapshot int64) {
	t.Helper()
	var st *procnet.Status
	deadline := time.Now().Add(3 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		got, err := n.Status(ctx)
		cancel()
		if err == nil && got.EarliestHeight > 0 && !got.CatchingUp {
			st = got
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not restore a snapshot and catch up within 3m (last status %+v, error %v)", n.Name, got, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	require.Greater(t, st.EarliestHeight, minSnapshot, "%s replayed blocks from %d", n.Name, st.EarliestHeight)
	logBytes, err := os.ReadFile(n.LogPath)
	require.NoError(t, err)
	require.Contains(t, string(logBytes), "Snapshot restored", "%s's log shows no snapshot restore", n.Name)
	t.Logf("%s state-synced: earliest block %d, height %d", n.Name, st.EarliestHeight, st.Height)
}

func requireSameAnswers(t *testing.T, n *procnet.Node, queries [][]string, answers [][]byte) {
	t.Helper()
	for i, q := range queries {
		raw, err := n.Query(q...)
		require.NoError(t, err)
		require.JSONEq(t, string(answers[i]), string(raw), "%s answers query %s differently", n.Name, strings.Join(q, " "))
	}
}
