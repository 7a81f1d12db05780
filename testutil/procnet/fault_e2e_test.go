//go:build e2e

package procnet_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/procnet"
	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// The fault suite (DESIGN.md §7): real ndid processes on 127.0.0.1, killed
// with SIGKILL, frozen with SIGSTOP, restarted, and a chain exported and
// started again from its genesis. Run with:
//
//	go test -count=1 -tags e2e -run 'TestChainSurvives|TestChainHalts|TestStateAndAppHash|TestExportedGenesis' -v -timeout 30m ./testutil/procnet/

// Gas limits of the transactions built in-process (fees: gas/1000+1 undi,
// above the nodes' 0.001undi minimum gas price).
const (
	gasDidCreate = 300_000
	gasBankSend  = 150_000
)

// TestChainSurvivesAValidatorKilledUnderLoad sends a steady, bounded stream
// of DID creates and bank sends (4 operators, one tx each every 1.5s, 14
// rounds: 47 transactions over ~21s) while node3 is SIGKILLed mid-stream
// (right after a transaction was put in its mempool) and restarted six
// rounds later. The other three (300 of 400 power) keep committing; node3
// catches up and takes new transactions; every committed transaction is on
// every node at the same height with the same result, every DID resolves to
// the same version on every node, and all four hold the same chain.
func TestChainSurvivesAValidatorKilledUnderLoad(t *testing.T) {
	begin := time.Now()
	net := procnet.Start(t, procnet.Options{Validators: 4})
	victim := net.Nodes[3]
	live := net.Nodes[:3]
	ns := didNamespace(t, net.Nodes[0])
	t.Logf("4 validators up at height %d after %s", height(t, net), since(begin))

	senders := make([]*sender, len(net.Nodes))
	for i, n := range net.Nodes {
		senders[i] = newSender(t, n, n) // node i's operator, to node i
	}

	const (
		rounds       = 14
		interval     = 1500 * time.Millisecond
		killRound    = 4
		restartRound = 10
	)
	var (
		sent                  []*sentTx
		killedAt, restartAt   int64
		killTime, restartTime time.Time
	)
	streamStart := time.Now()
	for r := range rounds {
		next := time.Now().Add(interval)
		if r == restartRound {
			for _, n := range live {
				require.NoError(t, n.WaitForHeight(killedAt+3, blockTimeout), "chain stalled with %s killed", victim.Name)
			}
			restartAt = maxHeight(t, live)
			require.NoError(t, victim.Start())
			restartTime = time.Now()
			t.Logf("round %d: chain went from height %d to %d in %s with %s down; restarted %s",
				r, killedAt, restartAt, restartTime.Sub(killTime).Round(time.Millisecond), victim.Name, victim.Name)
		}
		for i, s := range senders {
			if i == victim.Index && r > killRound {
				continue // down, then catching up: its operator waits
			}
			sent = append(sent, s.sendMixed(t, r+i, ns))
		}
		if r == killRound {
			// node3's last transaction is in its mempool, maybe not yet
			// gossiped: it may be committed or lost with the process.
			killedAt = height(t, net.Nodes[0])
			require.NoError(t, victim.Kill())
			killTime = time.Now()
			t.Logf("round %d: SIGKILLed %s at height %d (%d txs sent so far)", r, victim.Name, killedAt, len(sent))
		}
		time.Sleep(time.Until(next))
	}
	t.Logf("stream done: %d txs broadcast over %s", len(sent), since(streamStart))

	// The restarted node catches up with the others and leaves block sync.
	target := maxHeight(t, live)
	require.NoError(t, victim.WaitForHeight(target, 90*time.Second), "restarted %s did not catch up", victim.Name)
	require.NoError(t, victim.WaitCaughtUp(60*time.Second))
	t.Logf("%s caught up to height %d %s after its restart", victim.Name, target, since(restartTime))

	// Every transaction a live node accepted is committed with code 0.
	committed := map[string]*procnet.CommittedTx{}
	deadline := time.Now().Add(60 * time.Second)
	for _, tx := range sent {
		if tx.to == victim {
			continue
		}
		c, err := live[0].WaitCommitted(context.Background(), tx.hash, time.Until(deadline))
		require.NoError(t, err, "%s tx %s accepted by %s was never committed", tx.kind, tx.hash, tx.to.Name)
		require.Zero(t, c.Code, "%s tx %s failed: %s", tx.kind, tx.hash, c.Log)
		committed[tx.hash] = c
	}
	// node3's transactions: committed, or lost with its mempool; nothing else.
	require.NoError(t, live[0].WaitForHeight(height(t, live[0])+2, blockTimeout))
	for _, tx := range sent {
		if tx.to != victim {
			continue
		}
		c, err := live[0].CommittedTx(context.Background(), tx.hash)
		if errors.Is(err, procnet.ErrTxNotFound) {
			t.Logf("%s tx %s (seq %d) sent to %s just before the kill was lost with its mempool (never committed)", tx.kind, tx.hash, tx.seq, victim.Name)
			tx.lost = true
			continue
		}
		require.NoError(t, err)
		require.Zero(t, c.Code, "%s tx %s failed: %s", tx.kind, tx.hash, c.Log)
		committed[tx.hash] = c
	}

	// The restarted node takes new transactions: its operator creates a DID
	// through it.
	s3 := newSender(t, victim, victim)
	post := s3.sendMixed(t, 0, ns)
	c, err := victim.WaitCommitted(context.Background(), post.hash, 60*time.Second)
	require.NoError(t, err, "DID create sent to the restarted %s", victim.Name)
	require.Zero(t, c.Code, c.Log)
	committed[post.hash] = c
	sent = append(sent, post)

	var inOutage int
	for _, c := range committed {
		if c.Height > killedAt && c.Height <= restartAt {
			inOutage++
		}
	}
	t.Logf("%d of %d txs committed, %d of them in blocks (%d, %d] made while %s was down",
		len(committed), len(sent), inOutage, killedAt, restartAt, victim.Name)
	require.Positive(t, inOutage, "no transaction was committed while %s was down", victim.Name)

	// All four at the same height, on one chain, with the same transactions
	// and the same DIDs.
	top := maxHeight(t, net.Nodes)
	require.NoError(t, net.WaitForHeight(top, 60*time.Second))
	requireSameChain(t, net.Nodes, 1, top)
	for _, tx := range sent {
		if tx.lost {
			continue
		}
		requireTxEverywhere(t, net.Nodes, committed[tx.hash])
	}
	var dids []string
	for _, tx := range sent {
		if tx.did != "" && !tx.lost {
			dids = append(dids, tx.did)
		}
	}
	for _, did := range dids {
		requireSameDIDEverywhere(t, net.Nodes, did, nil)
	}
	// The CLI agrees: `ndid query tx` and `ndid query did resolve` on every
	// node, for the first DID, one committed while node3 was down, and the
	// one sent through the restarted node.
	sample := []*sentTx{sent[0]}
	for _, tx := range sent {
		if c := committed[tx.hash]; tx.did != "" && c != nil && c.Height > killedAt && c.Height <= restartAt {
			sample = append(sample, tx)
			break
		}
	}
	sample = append(sample, post)
	for _, tx := range sample {
		want := committed[tx.hash]
		var versions []string
		for _, n := range net.Nodes {
			got := cliQueryTx(t, n, tx.hash)
			require.Equal(t, want.Height, got.Height, "%s: query tx %s", n.Name, tx.hash)
			require.Equal(t, want.Code, got.Code, "%s: query tx %s", n.Name, tx.hash)
			if tx.did != "" {
				versions = append(versions, cliVersionID(t, n, tx.did))
			}
		}
		if tx.did != "" {
			require.NotEmpty(t, versions[0])
			for i, v := range versions {
				require.Equal(t, versions[0], v, "%s: `query did resolve %s` version", net.Nodes[i].Name, tx.did)
			}
		}
	}
	t.Logf("verified %d txs and %d DIDs on all 4 nodes, blocks 1..%d identical; total %s", len(committed), len(dids), top, since(begin))
}

// TestChainHaltsWithoutForkingWhenTwoValidatorsPauseAndResumes freezes
// node2 and node3 with SIGSTOP: node0 and node1 hold 200 of 400 power, not
// more than 2/3, so for 15s the chain must make at most the one block that
// may already have been in flight. A DID create sent to node0 meanwhile is
// accepted into its mempool. After SIGCONT the chain resumes, the
// transaction is committed, both resumed validators sign blocks again, and
// all four nodes have the same block hash at every height: no fork.
func TestChainHaltsWithoutForkingWhenTwoValidatorsPauseAndResumes(t *testing.T) {
	begin := time.Now()
	net := procnet.Start(t, procnet.Options{Validators: 4})
	live, frozen := net.Nodes[:2], net.Nodes[2:]
	ns := didNamespace(t, live[0])
	s0 := newSender(t, live[0], live[0])

	// The network carries transactions before the pause.
	before := s0.sendMixed(t, 0, ns)
	c, err := live[0].WaitCommitted(context.Background(), before.hash, blockTimeout)
	require.NoError(t, err)
	require.Zero(t, c.Code, c.Log)

	for _, n := range frozen {
		require.NoError(t, n.Pause())
	}
	pausedAt := maxHeight(t, live)
	t.Logf("SIGSTOPped %s and %s at height %d", frozen[0].Name, frozen[1].Name, pausedAt)

	during := s0.sendMixed(t, 0, ns)
	t.Logf("DID create %s accepted by %s during the pause", during.hash, live[0].Name)

	const observe = 15 * time.Second
	seen := pausedAt
	for end := time.Now().Add(observe); time.Now().Before(end); time.Sleep(500 * time.Millisecond) {
		seen = max(seen, maxHeight(t, live))
	}
	t.Logf("after %s paused: height %d (paused at %d)", observe, seen, pausedAt)
	require.LessOrEqual(t, seen, pausedAt+1,
		"the chain went from %d to %d with only 200 of 400 power online", pausedAt, seen)
	if c, err := live[0].CommittedTx(context.Background(), during.hash); err == nil {
		require.LessOrEqual(t, c.Height, pausedAt+1, "tx committed at %d during the halt", c.Height)
	} else {
		require.ErrorIs(t, err, procnet.ErrTxNotFound)
	}

	for _, n := range frozen {
		require.NoError(t, n.Resume())
	}
	resumed := time.Now()
	require.NoError(t, net.WaitForHeight(seen+3, 90*time.Second), "chain did not resume after SIGCONT")
	t.Logf("all 4 nodes at height %d %s after SIGCONT", seen+3, since(resumed))

	c, err = live[0].WaitCommitted(context.Background(), during.hash, 60*time.Second)
	require.NoError(t, err, "the tx sent during the pause was lost")
	require.Zero(t, c.Code, c.Log)
	require.Greater(t, c.Height, pausedAt, "tx sent during the pause committed at %d", c.Height)
	t.Logf("tx sent during the pause committed at height %d", c.Height)

	// Both resumed validators vote again.
	for _, n := range frozen {
		require.True(t, signedAny(t, net, n, seen+1, seen+8), "%s signed no block in [%d, %d] after SIGCONT", n.Name, seen+1, seen+8)
	}

	top := maxHeight(t, net.Nodes)
	require.NoError(t, net.WaitForHeight(top, 60*time.Second))
	requireSameChain(t, net.Nodes, 1, top)
	requireTxEverywhere(t, net.Nodes, c)
	requireSameDIDEverywhere(t, net.Nodes, during.did, nil)
	requireSameDIDEverywhere(t, net.Nodes, before.did, nil)
	t.Logf("blocks 1..%d identical on all 4 nodes; total %s", top, since(begin))
}

// TestStateAndAppHashSurviveAFullRestart commits DID creates and bank
// sends, records each node's last committed height and app hash (ABCI
// info) and its block there, SIGKILLs all four at once and starts them
// again. They make new blocks; every recorded block has the same hash and
// app hash on every node, the next block's header carries the recorded app
// hash, the transactions and DIDs are unchanged, and a new DID create is
// committed.
func TestStateAndAppHashSurviveAFullRestart(t *testing.T) {
	begin := time.Now()
	net := procnet.Start(t, procnet.Options{Validators: 4})
	n0 := net.Nodes[0]
	ns := didNamespace(t, n0)
	s0 := newSender(t, n0, n0)

	var sent []*sentTx
	for i := range 8 {
		k := 0 // DID creates, and every fourth a bank send
		if i%4 == 3 {
			k = 1
		}
		sent = append(sent, s0.sendMixed(t, k, ns))
	}
	committed := map[string]*procnet.CommittedTx{}
	resolved := map[string][]byte{}
	for _, tx := range sent {
		c, err := n0.WaitCommitted(context.Background(), tx.hash, blockTimeout)
		require.NoError(t, err)
		require.Zero(t, c.Code, c.Log)
		committed[tx.hash] = c
		if tx.did != "" {
			resolved[tx.did] = resolveBytes(t, n0, tx.did)
		}
	}
	t.Logf("%d txs committed (%d DIDs)", len(committed), len(resolved))
	require.NoError(t, net.WaitForHeight(height(t, net)+2, blockTimeout))

	type snapshot struct {
		node    string
		height  int64  // the last height the node's application committed
		appHash string // the app hash after it: header.app_hash of height+1
		block   *procnet.Block
	}
	var snaps []snapshot
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, n := range net.Nodes {
		info, err := n.AppInfo(ctx)
		require.NoError(t, err)
		b, err := n.Block(ctx, info.LastBlockHeight)
		require.NoError(t, err)
		snaps = append(snaps, snapshot{node: n.Name, height: info.LastBlockHeight, appHash: info.LastBlockAppHash, block: b})
	}
	require.NoError(t, net.KillAll())
	for _, s := range snaps {
		t.Logf("before the kill: %s at height %d, block %s, app hash %s", s.node, s.height, short(s.block.Hash), short(s.appHash))
	}
	t.Logf("SIGKILLed all 4 nodes")

	restarted := time.Now()
	require.NoError(t, net.StartAll())
	top := int64(0)
	for _, s := range snaps {
		top = max(top, s.height)
	}
	require.NoError(t, net.WaitForHeight(top+3, 120*time.Second), "the network did not resume after a full restart")
	t.Logf("all 4 restarted and at height %d %s later", top+3, since(restarted))

	for _, s := range snaps {
		for _, n := range net.Nodes {
			b, err := n.Block(ctx, s.height)
			require.NoError(t, err)
			require.Equal(t, s.block.Hash, b.Hash, "%s: block %d changed across the restart (recorded on %s)", n.Name, s.height, s.node)
			require.Equal(t, s.block.AppHash, b.AppHash, "%s: header app hash of block %d changed", n.Name, s.height)
			next, err := n.Block(ctx, s.height+1)
			require.NoError(t, err)
			require.Equal(t, s.appHash, next.AppHash,
				"%s: app hash after block %d is %s, %s reported %s before the kill", n.Name, s.height, next.AppHash, s.node, s.appHash)
		}
	}
	requireSameChain(t, net.Nodes, 1, top+3)
	for _, tx := range sent {
		requireTxEverywhere(t, net.Nodes, committed[tx.hash])
	}
	for did, want := range resolved {
		requireSameDIDEverywhere(t, net.Nodes, did, want)
	}
	// And the restarted network takes new transactions.
	after := s0.sendMixed(t, 0, ns)
	c, err := n0.WaitCommitted(context.Background(), after.hash, blockTimeout)
	require.NoError(t, err, "DID create after the restart")
	require.Zero(t, c.Code, c.Log)
	requireSameDIDEverywhere(t, net.Nodes, after.did, nil)
	var heights []int64
	for _, s := range snaps {
		heights = append(heights, s.height)
	}
	t.Logf("app hashes at heights %v unchanged, %d txs and %d DIDs intact on all 4 nodes; total %s",
		heights, len(committed), len(resolved), since(begin))
}

// TestExportedGenesisImportsIntoAFreshChain builds varied state on one
// validator — DIDs (created, key rotated, deactivated), a governance
// proposal that makes a trust anchor and changes the validator's power in
// x/poa, a credential type, an accreditation suspended and reinstated, a
// revocation list and a suspension list with set and cleared indices, a
// bank send — stops the node, exports its state with `ndid export`, starts
// a fresh home from that genesis (same chain id and validator key, the
// exported initial_height), checks it makes blocks and answers queries as
// the old chain did, exports it again and compares both exports module by
// module.
func TestExportedGenesisImportsIntoAFreshChain(t *testing.T) {
	begin := time.Now()
	const votingPeriod = 10 * time.Second
	net := procnet.Start(t, procnet.Options{Validators: 1, VotingPeriod: votingPeriod})
	v0 := net.Nodes[0]

	names := []string{"anchor", "issuer", "holder", "holder-2", "retired"}
	did := generateDIDs(t, v0, names...)
	for _, name := range []string{"anchor", "issuer", "holder", "retired"} {
		mustTx(t, v0, "did", "create", "--key", name)
	}
	mustTx(t, v0, "did", "rotate-key", did["holder"], "key-1", "holder-2", "--key", "holder")
	mustTx(t, v0, "did", "deactivate", did["retired"], "--key", "retired")
	t.Logf("DIDs created, rotated, deactivated (%s)", since(begin))

	// One proposal: the anchor becomes a trust anchor, and x/poa sets the
	// validator's power from 100 to 130 (a third is the per-block bound).
	gov := govAddress(t, v0)
	operator := strings.TrimSpace(string(mustCLI(t, v0, "keys", "show", "operator", "-a", "--keyring-backend", "test")))
	id := submitProposal(t, v0, "Anchor and power",
		trustAnchorMsg(t, v0, did["anchor"], "Ministry (procnet export test)"),
		map[string]any{
			"@type":     "/ndi.poa.v1.MsgSetValidatorPower",
			"authority": gov,
			"operator":  operator,
			"power":     "130",
		},
	)
	require.NoError(t, net.VoteYes(id))
	waitForPassed(t, net, v0, id, votingPeriod)

	typeID, accID := accreditIssuer(t, v0, did["anchor"], did["issuer"])
	for _, a := range []acctypes.LifecycleAction{acctypes.LifecycleSuspend, acctypes.LifecycleReinstate} {
		mustTx(t, v0, "accreditation", a.Verb(), accID, "--reason", a.ExampleReason(), "--key", "anchor")
	}

	revList := did["issuer"] + "/status/degrees"
	susList := did["issuer"] + "/status/holds"
	mustTx(t, v0, "revocation", "create-list", did["issuer"], "degrees", "--key", "issuer")
	mustTx(t, v0, "revocation", "create-list", did["issuer"], "holds", "--purpose", "suspension", "--key", "issuer")
	mustTx(t, v0, "revocation", "revoke", revList, "3", "5", "100-110", "--key", "issuer")
	mustTx(t, v0, "revocation", "revoke", revList, "131071", "--key", "issuer")
	mustTx(t, v0, "revocation", "suspend", susList, "1-4", "--key", "issuer")
	mustTx(t, v0, "revocation", "unsuspend", susList, "2", "--key", "issuer")
	mustTx(t, v0, "bank", "send", "operator", randomAddress(), "12345undi")
	t.Logf("trust registry, status lists and a bank send committed (%s)", since(begin))

	// What the old chain answers; the fresh chain must answer the same.
	queries := [][]string{
		{"did", "resolve", did["holder"]},
		{"did", "versions", did["holder"]},
		{"did", "resolve", did["retired"]},
		{"accreditation", "trust-anchor", did["anchor"]},
		{"accreditation", "credential-type", typeID},
		{"accreditation", "accreditation", accID},
		{"accreditation", "history", accID},
		{"revocation", "list", revList},
		{"revocation", "status", revList, "5"},
		{"revocation", "status", susList, "3"},
		{"revocation", "status", susList, "2"},
		{"poa", "validators"},
	}
	answers := make([][]byte, len(queries))
	for i, q := range queries {
		raw, err := v0.Query(q...)
		require.NoError(t, err)
		answers[i] = raw
	}
	// Stop the node and export its state.
	last := height(t, v0)
	require.NoError(t, v0.Stop())
	dir := t.TempDir()
	first := filepath.Join(dir, "export-1.json")
	mustCLI(t, v0, "export", "--output-document", first)
	exp1, err := procnet.ReadGenesis(first)
	require.NoError(t, err)
	t.Logf("exported %s at initial_height %d (node stopped after height ≥ %d): %d modules",
		first, exp1.InitialHeight, last, len(exp1.AppState))
	require.GreaterOrEqual(t, exp1.InitialHeight, last+1)
	require.Equal(t, net.ChainID, exp1.ChainID)
	mustCLI(t, v0, "genesis", "validate", first)
	for module, want := range map[string][]string{
		"did":           {did["holder"], did["retired"], did["anchor"]},
		"accreditation": {did["anchor"], typeID, accID},
		"revocation":    {revList, susList},
	} {
		for _, w := range want {
			require.Contains(t, string(exp1.AppState[module]), w, "the export's %s state lacks %s", module, w)
		}
	}
	var validators []struct {
		Power json.Number `json:"power"`
	}
	consensus, _ := exp1.Raw["consensus"].(map[string]any)
	vbz, _ := json.Marshal(consensus["validators"])
	require.NoError(t, json.Unmarshal(vbz, &validators))
	require.Len(t, validators, 1)
	require.Equal(t, "130", strings.Trim(validators[0].Power.String(), `"`), "the exported validator set carries the x/poa power change")

	// A fresh home: `ndid init`, the export as its genesis, node0's
	// validator key (the exported validator set must sign) and node0's
	// config (its ports; node0 is stopped).
	freshHome := filepath.Join(dir, "fresh0")
	mustCLI(t, v0, "init", "fresh0", "--home", freshHome, "--chain-id", net.ChainID)
	copyFile(t, first, filepath.Join(freshHome, "config", "genesis.json"))
	for _, f := range []string{"priv_validator_key.json", "config.toml", "app.toml", "client.toml"} {
		copyFile(t, filepath.Join(v0.Home, "config", f), filepath.Join(freshHome, "config", f))
	}
	fresh := net.AddNode("fresh0", freshHome, v0)
	require.NoError(t, fresh.Start())
	require.NoError(t, fresh.WaitForHeight(exp1.InitialHeight+2, 90*time.Second), "the fresh chain made no blocks")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := fresh.Block(ctx, exp1.InitialHeight)
	require.NoError(t, err)
	t.Logf("fresh chain made blocks %d..%d (first block %s) %s", exp1.InitialHeight, exp1.InitialHeight+2, short(b.Hash), since(begin))
	_, err = fresh.Block(ctx, exp1.InitialHeight-1)
	require.Error(t, err, "the fresh chain has a block below its initial height")

	for i, q := range queries {
		raw, err := fresh.Query(q...)
		require.NoError(t, err)
		require.JSONEq(t, string(answers[i]), string(raw), "query %s differs on the fresh chain", strings.Join(q, " "))
	}

	// Export the fresh chain and compare, module by module.
	require.NoError(t, fresh.Stop())
	second := filepath.Join(dir, "export-2.json")
	mustCLI(t, fresh, "export", "--output-document", second)
	exp2, err := procnet.ReadGenesis(second)
	require.NoError(t, err)
	t.Logf("exported the fresh chain at initial_height %d", exp2.InitialHeight)

	// Fields that legitimately differ between the two exports:
	//   - initial_height: the fresh chain has made blocks since;
	//   - slashing signing info index_offset: the validator's position in
	//     the missed-blocks window, which moves with every block signed.
	// Everything else — genesis_time, chain_id, consensus validators and
	// params, and every module's app_state — must be identical.
	ignored := []string{
		"initial_height",
		"app_state.slashing.signing_infos[*].validator_signing_info.index_offset",
	}
	require.Greater(t, exp2.InitialHeight, exp1.InitialHeight)
	diffs, skipped := procnet.DiffGenesis(exp1.Raw, exp2.Raw, ignored)
	for _, d := range skipped {
		t.Logf("ignored difference: %s", d)
	}
	if len(diffs) > 0 {
		t.Fatalf("the fresh chain's export differs from the export it started from at %d JSON paths:\n%s",
			len(diffs), strings.Join(diffs, "\n"))
	}
	modules := slices.Sorted(maps.Keys(exp1.AppState))
	t.Logf("both exports agree in every module (%s) but for %d ignored paths", strings.Join(modules, ", "), len(skipped))

	// The fresh chain goes on from the imported state: the issuer, still
	// accredited, revokes one more index on the imported list.
	require.NoError(t, fresh.Start())
	require.NoError(t, fresh.WaitForHeight(exp2.InitialHeight, 90*time.Second), "the fresh chain did not restart")
	res, err := fresh.Tx("revocation", "revoke", revList, "7", "--key", "issuer", "--home", v0.Home)
	require.NoError(t, err, "revoke on the fresh chain")
	var st struct {
		Set           bool        `json:"set"`
		ChangedHeight json.Number `json:"changed_height"`
	}
	mustQuery(t, fresh, &st, "revocation", "status", revList, "7")
	require.True(t, st.Set, "index 7 not revoked on the fresh chain")
	require.Equal(t, strconv.FormatInt(res.Height, 10), strings.Trim(st.ChangedHeight.String(), `"`))
	t.Logf("the fresh chain took a revocation at height %d; total %s", res.Height, since(begin))
}

// --- transactions built in-process ---

// sender is a node operator's procnet.Sender: the key of owner's home,
// sending to one node.
type sender struct {
	*procnet.Sender
	owner *procnet.Node
}

// sentTx is one transaction a sender broadcast and a node accepted.
type sentTx struct {
	hash string
	kind string // "did-create" or "bank-send"
	did  string // the DID created
	to   *procnet.Node
	seq  uint64
	lost bool // never committed (only for a node killed right after)
}

func newSender(t *testing.T, owner, to *procnet.Node) *sender {
	t.Helper()
	kr, err := procnet.Keyring(owner.Home)
	require.NoError(t, err)
	s, err := procnet.NewSender(kr, procnet.OperatorKey, to)
	require.NoError(t, err)
	return &sender{Sender: s, owner: owner}
}

// sendMixed broadcasts a DID create (even k) or a bank send (odd k) and
// fails the test unless the node accepts it.
func (s *sender) sendMixed(t *testing.T, k int, namespace string) *sentTx {
	t.Helper()
	tx := &sentTx{to: s.Node()}
	var msg sdk.Msg
	var gas uint64
	if k%2 == 0 {
		id := didtest.NewIdentity(t, namespace)
		payload := didtypes.CreateDidPayload{Document: id.Doc}
		sigs := didtest.Sign(t, s.Node().ChainID, &payload, id.With(1, didtypes.KEY_SOURCE_NEW))
		msg = &didtypes.MsgCreateDid{Submitter: s.Address().String(), Payload: payload, Signatures: sigs}
		tx.kind, tx.did, gas = "did-create", id.DID(), gasDidCreate
	} else {
		to, err := sdk.AccAddressFromBech32(randomAddress())
		require.NoError(t, err)
		msg = banktypes.NewMsgSend(s.Address(), to, sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1000)))
		tx.kind, gas = "bank-send", gasBankSend
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	hash, seq, err := s.Send(ctx, gas, msg)
	require.NoError(t, err, "%s's operator %s to %s", s.owner.Name, tx.kind, s.Node().Name)
	tx.hash, tx.seq = hash, seq
	return tx
}

func randomAddress() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	params.SetAddressPrefixes()
	return sdk.AccAddress(b).String()
}

// --- checks ---

// requireTxEverywhere checks that every node has the transaction at the
// same height and index with the same result (code, data, log, gas, events).
func requireTxEverywhere(t *testing.T, nodes []*procnet.Node, want *procnet.CommittedTx) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, n := range nodes {
		got, err := n.CommittedTx(ctx, want.Hash)
		require.NoError(t, err, "%s lost tx %s (committed at height %d)", n.Name, want.Hash, want.Height)
		require.Equal(t, want.Height, got.Height, "%s: height of tx %s", n.Name, want.Hash)
		require.Equal(t, want.Index, got.Index, "%s: index of tx %s", n.Name, want.Hash)
		require.JSONEq(t, string(want.Result), string(got.Result), "%s: result of tx %s", n.Name, want.Hash)
	}
}

// requireSameChain checks that all nodes have the same block hash at every
// height in [from, to], and that each block names the previous one as its
// parent: one chain, no fork.
func requireSameChain(t *testing.T, nodes []*procnet.Node, from, to int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var prev string
	for h := from; h <= to; h++ {
		var first *procnet.Block
		for _, n := range nodes {
			b, err := n.Block(ctx, h)
			require.NoError(t, err)
			if first == nil {
				first = b
				continue
			}
			require.Equal(t, first.Hash, b.Hash, "fork at height %d: %s has %s, %s has %s", h, nodes[0].Name, first.Hash, n.Name, b.Hash)
			require.Equal(t, first.AppHash, b.AppHash, "height %d: app hashes differ between %s and %s", h, nodes[0].Name, n.Name)
		}
		if prev != "" {
			require.Equal(t, prev, first.LastBlockHash, "block %d does not extend block %d", h, h-1)
		}
		prev = first.Hash
	}
}

// requireSameDIDEverywhere resolves did over gRPC on every node and checks
// the answers (document and metadata, version id included) are identical,
// and equal to want if given.
func requireSameDIDEverywhere(t *testing.T, nodes []*procnet.Node, did string, want []byte) {
	t.Helper()
	require.NotEmpty(t, did)
	for _, n := range nodes {
		got := resolveBytes(t, n, did)
		if want == nil {
			want = got
			continue
		}
		require.True(t, bytes.Equal(want, got), "%s resolves %s differently", n.Name, did)
	}
}

// resolveBytes resolves did over the node's gRPC and returns the answer
// marshalled (deterministic protobuf bytes).
func resolveBytes(t *testing.T, n *procnet.Node, did string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := didtypes.NewQueryClient(grpcConn(t, n)).Did(ctx, &didtypes.QueryDidRequest{Id: did})
	require.NoError(t, err, "%s: resolve %s", n.Name, did)
	require.NotEmpty(t, res.Metadata.VersionId, "%s: %s has no version id", n.Name, did)
	bz, err := res.Marshal()
	require.NoError(t, err)
	return bz
}

var (
	grpcMu    sync.Mutex
	grpcConns = map[string]*grpc.ClientConn{}
)

func grpcConn(t *testing.T, n *procnet.Node) *grpc.ClientConn {
	t.Helper()
	grpcMu.Lock()
	defer grpcMu.Unlock()
	if c, ok := grpcConns[n.GRPCAddr]; ok {
		return c
	}
	c, err := grpc.NewClient(n.GRPCAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	grpcConns[n.GRPCAddr] = c
	t.Cleanup(func() {
		grpcMu.Lock()
		delete(grpcConns, n.GRPCAddr)
		grpcMu.Unlock()
		_ = c.Close()
	})
	return c
}

func didNamespace(t *testing.T, n *procnet.Node) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := didtypes.NewQueryClient(grpcConn(t, n)).Params(ctx, &didtypes.QueryParamsRequest{})
	require.NoError(t, err)
	return res.Params.Namespace
}

// cliQueryTx is `ndid query tx HASH` on node n.
func cliQueryTx(t *testing.T, n *procnet.Node, hash string) *procnet.TxResult {
	t.Helper()
	res, err := n.WaitForTx(hash, 10*time.Second)
	require.NoError(t, err, "%s: query tx %s", n.Name, hash)
	return res
}

// cliVersionID is the version id `ndid query did resolve DID` prints.
func cliVersionID(t *testing.T, n *procnet.Node, did string) string {
	t.Helper()
	var res struct {
		Metadata map[string]any `json:"metadata"`
	}
	mustQuery(t, n, &res, "did", "resolve", did)
	for _, k := range []string{"version_id", "versionId"} {
		if v, ok := res.Metadata[k].(string); ok {
			return v
		}
	}
	t.Fatalf("%s: query did resolve %s: no version id in %v", n.Name, did, res.Metadata)
	return ""
}

func maxHeight(t *testing.T, nodes []*procnet.Node) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	top, err := procnet.MaxHeight(ctx, nodes)
	require.NoError(t, err)
	return top
}

func mustTx(t *testing.T, n *procnet.Node, args ...string) *procnet.TxResult {
	t.Helper()
	res, err := n.Tx(args...)
	require.NoError(t, err)
	return res
}

// generateDIDs generates a DID key on n under each name and returns each
// name's DID, as `ndid did document` derives it (the DIDs are not created).
func generateDIDs(t *testing.T, n *procnet.Node, names ...string) map[string]string {
	t.Helper()
	did := make(map[string]string, len(names))
	for _, name := range names {
		mustCLI(t, n, "did", "keys", "generate", name)
		var doc struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal(mustCLI(t, n, "did", "document", name), &doc))
		did[name] = doc.ID
	}
	return did
}

// accreditIssuer has the trust anchor anchor (its key named "anchor" on n)
// register the credential type "degree" and accredit issuer as "uni", an
// ISSUER of that type, from the CLI. It returns the type's and the
// accreditation's ids.
func accreditIssuer(t *testing.T, n *procnet.Node, anchor, issuer string) (typeID, accreditationID string) {
	t.Helper()
	digest := sha256.Sum256([]byte(`{"title":"degree"}`))
	mustTx(t, n, "accreditation", "register-type", anchor, "degree",
		"--vc-type", "VerifiableCredential,UniversityDegreeCredential",
		"--schema-uri", "https://schemas.example.org/degree.json",
		"--schema-digest", hex.EncodeToString(digest[:]), "--key", "anchor")
	typeID = anchor + "/types/degree"
	mustTx(t, n, "accreditation", "accredit", anchor, "uni", issuer,
		"--role", "issuer", "--scope", typeID, "--as-anchor", "--key", "anchor")
	return typeID, anchor + "/accreditations/uni"
}

// --- genesis exports ---

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	bz, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, bz, 0o600))
}

// --- small things ---

func since(t time.Time) time.Duration { return time.Since(t).Round(100 * time.Millisecond) }

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12] + "…"
	}
	return hash
}
