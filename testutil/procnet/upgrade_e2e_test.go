//go:build e2e

package procnet_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/testutil/procnet"
	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
)

const (
	upgradeVotingPeriod = 15 * time.Second
	// upgradePlanDelay is how far past the proposal's height the plan is:
	// blocks are at least timeout_commit (1s) apart, so the 15s voting
	// period ends within 16 blocks of the proposal and the plan is still
	// in the future when the proposal executes.
	upgradePlanDelay = 25
	upgradeTimeout   = 3 * time.Minute // halt, switch and the first blocks of the new binary
)

// TestSoftwareUpgradeByGovernanceUnderCosmovisor runs four validators under
// cosmovisor with two binaries built from this tree: the normal build as
// genesis binary and an `upgraderehearsal` build, the only one that handles
// the plan app.UpgradeRehearsal, installed for it. After DIDs, a trust
// registry and status lists are written, a governance MsgSoftwareUpgrade
// passes; every node halts at the plan's height with UPGRADE NEEDED,
// cosmovisor switches to the new binary, which runs the migration (a
// parameter of x/revocation) and the chain goes on. Every answer recorded
// before the upgrade is the same after it.
func TestSoftwareUpgradeByGovernanceUnderCosmovisor(t *testing.T) {
	begin := time.Now()
	newBin := procnet.BuildTagged(t, "upgraderehearsal")
	cv := &procnet.Cosmovisor{
		Binary:   procnet.CosmovisorBinary(t),
		Upgrades: map[string]string{app.UpgradeRehearsal: newBin},
	}
	net := procnet.Start(t, procnet.Options{Validators: 4, VotingPeriod: upgradeVotingPeriod, Cosmovisor: cv})
	v0 := net.Nodes[0]
	t.Logf("4 validators under cosmovisor (%s)", since(begin))

	reg := writeRegistry(t, net, v0, upgradeVotingPeriod)
	t.Logf("DIDs, trust registry and status lists written (%s)", since(begin))
	before := make([][]byte, len(reg.queries))
	for i, q := range reg.queries {
		raw, err := v0.Query(q...)
		require.NoError(t, err)
		before[i] = raw
	}
	var params struct {
		Params struct {
			MaxIndicesPerUpdate json.Number `json:"max_indices_per_update"`
		} `json:"params"`
	}
	mustQuery(t, v0, &params, "revocation", "params")
	require.NotEqual(t, strconv.Itoa(app.RehearsalMaxIndicesPerUpdate), params.Params.MaxIndicesPerUpdate.String())

	// The upgrade proposal.
	h := height(t, net)
	planHeight := h + upgradePlanDelay
	id := submitProposal(t, v0, "Upgrade "+app.UpgradeRehearsal, map[string]any{
		"@type":     "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade",
		"authority": govAddress(t, v0),
		"plan":      map[string]any{"name": app.UpgradeRehearsal, "height": strconv.FormatInt(planHeight, 10), "info": ""},
	})
	require.NoError(t, net.VoteYes(id))
	passedAt := waitForPassed(t, net, v0, id, upgradeVotingPeriod)
	require.Less(t, passedAt, planHeight, "the proposal passed after its plan's height")
	t.Logf("upgrade %s planned for height %d (%s)", app.UpgradeRehearsal, planHeight, since(begin))

	// The old binary halts at the plan's height; cosmovisor restarts each
	// node on the new one, which applies the upgrade at that height.
	require.NoError(t, net.WaitForHeight(planHeight+2, upgradeTimeout), "the chain did not go on past the upgrade")
	t.Logf("height %d reached on every node (%s)", planHeight+2, since(begin))
	for _, n := range net.Nodes {
		log, err := os.ReadFile(n.LogPath)
		require.NoError(t, err)
		require.Contains(t, string(log), `UPGRADE "`+app.UpgradeRehearsal+`" NEEDED at height: `+strconv.FormatInt(planHeight, 10),
			"%s: the genesis binary did not halt at the plan", n.Name)
		var info struct {
			Name   string      `json:"name"`
			Height json.Number `json:"height"`
		}
		raw, err := os.ReadFile(filepath.Join(n.Home, "data", "upgrade-info.json"))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(raw, &info))
		require.Equal(t, app.UpgradeRehearsal, info.Name, n.Name)
		require.Equal(t, strconv.FormatInt(planHeight, 10), strings.Trim(info.Height.String(), `"`), n.Name)
		current, err := os.Readlink(filepath.Join(n.Home, "cosmovisor", "current"))
		require.NoError(t, err)
		require.Equal(t, filepath.Join(n.Home, "cosmovisor", "upgrades", app.UpgradeRehearsal), current,
			"%s: cosmovisor did not switch to the upgrade's binary", n.Name)
		var applied struct {
			Height json.Number `json:"height"`
		}
		mustQuery(t, n, &applied, "upgrade", "applied", app.UpgradeRehearsal)
		require.Equal(t, strconv.FormatInt(planHeight, 10), strings.Trim(applied.Height.String(), `"`), n.Name)
	}

	// The migration's result, and every answer as before, on every node.
	mustQuery(t, v0, &params, "revocation", "params")
	require.Equal(t, strconv.Itoa(app.RehearsalMaxIndicesPerUpdate), strings.Trim(params.Params.MaxIndicesPerUpdate.String(), `"`))
	for _, n := range net.Nodes {
		for i, q := range reg.queries {
			raw, err := n.Query(q...)
			require.NoError(t, err)
			require.JSONEq(t, string(before[i]), string(raw), "%s: query %s differs after the upgrade", n.Name, strings.Join(q, " "))
		}
	}

	// The new binary takes writes: one more revocation.
	res := mustTx(t, v0, "revocation", "revoke", reg.revList, "7", "--key", "issuer")
	var st struct {
		Set           bool        `json:"set"`
		ChangedHeight json.Number `json:"changed_height"`
	}
	mustQuery(t, v0, &st, "revocation", "status", reg.revList, "7")
	require.True(t, st.Set, "index 7 not revoked after the upgrade")
	require.Equal(t, strconv.FormatInt(res.Height, 10), strings.Trim(st.ChangedHeight.String(), `"`))
	t.Logf("upgrade rehearsed: %d answers identical on 4 nodes, a revocation at height %d; total %s",
		len(reg.queries), res.Height, since(begin))
}

// registry is what writeRegistry wrote and the queries that read it back.
type registry struct {
	did              map[string]string // key name → DID
	typeID, accID    string
	revList, susList string
	queries          [][]string // `ndid query` arguments, one answer each
}

// writeRegistry writes, from n's home, DIDs (created, one with a rotated
// key, one deactivated), a trust anchor by governance (with extra messages
// in the same proposal), a credential type, an accreditation suspended and
// reinstated, a revocation and a suspension status list with changes.
func writeRegistry(t *testing.T, net *procnet.Network, n *procnet.Node, votingPeriod time.Duration, extra ...map[string]any) registry {
	t.Helper()
	r := registry{did: map[string]string{}}
	for _, name := range []string{"anchor", "issuer", "holder", "holder-2", "retired"} {
		mustCLI(t, n, "did", "keys", "generate", name)
		var doc struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal(mustCLI(t, n, "did", "document", name), &doc))
		r.did[name] = doc.ID
	}
	for _, name := range []string{"anchor", "issuer", "holder", "retired"} {
		mustTx(t, n, "did", "create", "--key", name)
	}
	mustTx(t, n, "did", "rotate-key", r.did["holder"], "key-1", "holder-2", "--key", "holder")
	mustTx(t, n, "did", "deactivate", r.did["retired"], "--key", "retired")

	passProposal(t, net, n, "Trust anchor", votingPeriod,
		append([]map[string]any{trustAnchorMsg(t, n, r.did["anchor"], "Ministry (procnet)")}, extra...)...)

	digest := sha256.Sum256([]byte(`{"title":"degree"}`))
	mustTx(t, n, "accreditation", "register-type", r.did["anchor"], "degree",
		"--vc-type", "VerifiableCredential,UniversityDegreeCredential",
		"--schema-uri", "https://schemas.example.org/degree.json",
		"--schema-digest", hex.EncodeToString(digest[:]), "--key", "anchor")
	r.typeID = r.did["anchor"] + "/types/degree"
	mustTx(t, n, "accreditation", "accredit", r.did["anchor"], "uni", r.did["issuer"],
		"--role", "issuer", "--scope", r.typeID, "--as-anchor", "--key", "anchor")
	r.accID = r.did["anchor"] + "/accreditations/uni"
	for _, a := range []acctypes.LifecycleAction{acctypes.LifecycleSuspend, acctypes.LifecycleReinstate} {
		mustTx(t, n, "accreditation", a.Verb(), r.accID, "--reason", a.ExampleReason(), "--key", "anchor")
	}

	r.revList = r.did["issuer"] + "/status/degrees"
	r.susList = r.did["issuer"] + "/status/holds"
	mustTx(t, n, "revocation", "create-list", r.did["issuer"], "degrees", "--key", "issuer")
	mustTx(t, n, "revocation", "create-list", r.did["issuer"], "holds", "--purpose", "suspension", "--key", "issuer")
	mustTx(t, n, "revocation", "revoke", r.revList, "3", "5", "100-110", "--key", "issuer")
	mustTx(t, n, "revocation", "revoke", r.revList, "131071", "--key", "issuer")
	mustTx(t, n, "revocation", "suspend", r.susList, "1-4", "--key", "issuer")
	mustTx(t, n, "revocation", "unsuspend", r.susList, "2", "--key", "issuer")

	r.queries = [][]string{
		{"did", "resolve", r.did["holder"]},
		{"did", "versions", r.did["holder"]},
		{"did", "resolve", r.did["retired"]},
		{"did", "resolve", r.did["issuer"]},
		{"accreditation", "trust-anchor", r.did["anchor"]},
		{"accreditation", "credential-type", r.typeID},
		{"accreditation", "accreditation", r.accID},
		{"accreditation", "history", r.accID},
		{"revocation", "list", r.revList},
		{"revocation", "list", r.susList},
		{"revocation", "status", r.revList, "3"},
		{"revocation", "status", r.revList, "5"},
		{"revocation", "status", r.revList, "105"},
		{"revocation", "status", r.revList, "131071"},
		{"revocation", "status", r.revList, "7"},
		{"revocation", "status", r.susList, "3"},
		{"revocation", "status", r.susList, "2"},
		{"poa", "validators"},
	}
	return r
}
