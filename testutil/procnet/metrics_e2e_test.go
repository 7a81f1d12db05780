//go:build e2e

package procnet_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"

	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/testutil/procnet"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// TestNodeExportsMetricsAndReportsItsVersion creates DIDs, accredits an
// issuer by governance, revokes an index, resolves over HTTP and fetches a
// status list twice, then scrapes the node's Prometheus endpoint and finds
// every ndi_ metric (with the counts the steps imply) beside CometBFT's. It
// also checks that the binary, the ABCI info and gRPC GetNodeInfo report
// the release, commit and Go version, and that CLI errors carry no source
// paths.
func TestNodeExportsMetricsAndReportsItsVersion(t *testing.T) {
	const votingPeriod = 10 * time.Second
	net := procnet.Start(t, procnet.Options{Validators: 1, VotingPeriod: votingPeriod})
	v0 := net.Nodes[0]

	did := map[string]string{}
	for _, name := range []string{"anchor", "issuer", "never-created"} {
		mustCLI(t, v0, "did", "keys", "generate", name)
		var doc struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal(mustCLI(t, v0, "did", "document", name), &doc))
		did[name] = doc.ID
	}
	mustTx(t, v0, "did", "create", "--key", "anchor")
	mustTx(t, v0, "did", "create", "--key", "issuer")
	passProposal(t, net, v0, "Anchor", votingPeriod, trustAnchorMsg(t, v0, did["anchor"], "Ministry (metrics test)"))
	digest := sha256.Sum256([]byte(`{"title":"degree"}`))
	mustTx(t, v0, "accreditation", "register-type", did["anchor"], "degree",
		"--vc-type", "VerifiableCredential,UniversityDegreeCredential",
		"--schema-uri", "https://schemas.example.org/degree.json",
		"--schema-digest", hex.EncodeToString(digest[:]), "--key", "anchor")
	mustTx(t, v0, "accreditation", "accredit", did["anchor"], "uni", did["issuer"],
		"--role", "issuer", "--scope", did["anchor"]+"/types/degree", "--as-anchor", "--key", "anchor")

	list := did["issuer"] + "/status/degrees"
	mustTx(t, v0, "revocation", "create-list", did["issuer"], "degrees", "--key", "issuer")
	mustTx(t, v0, "revocation", "revoke", list, "3", "100-109", "--key", "issuer")

	// The DID Resolution binding: one 200, one 404.
	var resolved map[string]any
	network.GetJSON(t, "http://"+v0.APIAddr+"/1.0/identifiers/"+did["issuer"], "", http.StatusOK, &resolved)
	resp, err := http.Get("http://" + v0.APIAddr + "/1.0/identifiers/" + did["never-created"])
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)

	// The status list twice over gRPC: the second is served from the cache
	// (the first may be too, if the CLI asked for this version already).
	conn, err := grpc.NewClient(v0.GRPCAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer func() { _ = conn.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rq := revocationtypes.NewQueryClient(conn)
	first, err := rq.StatusList(ctx, &revocationtypes.QueryStatusListRequest{ListId: list})
	require.NoError(t, err)
	before := scrape(t, "http://"+v0.PrometheusAddr+"/metrics")
	second, err := rq.StatusList(ctx, &revocationtypes.QueryStatusListRequest{ListId: list})
	require.NoError(t, err)
	require.Equal(t, first.EncodedList, second.EncodedList)

	m := scrape(t, "http://"+v0.PrometheusAddr+"/metrics")
	for name, want := range map[string]float64{
		`ndi_did_operations_total{op="created"}`:                                          2,
		`ndi_did_operations_total{op="updated"}`:                                          0,
		`ndi_did_operations_total{op="deactivated"}`:                                      0,
		`ndi_accreditation_changes_total{kind="register_trust_anchor"}`:                   1,
		`ndi_accreditation_changes_total{kind="register_credential_type"}`:                1,
		`ndi_accreditation_changes_total{kind="accredit"}`:                                1,
		`ndi_accreditation_changes_total{kind="revoke"}`:                                  0,
		`ndi_revocation_status_bits_changed_total{change="set",purpose="revocation"}`:     11,
		`ndi_revocation_status_bits_changed_total{change="cleared",purpose="revocation"}`: 0,
		`ndi_resolver_requests_total{code="200"}`:                                         1,
		`ndi_resolver_requests_total{code="404"}`:                                         1,
		`ndi_resolver_request_duration_seconds_count{code="200"}`:                         1,
		`ndi_revocation_query_duration_seconds_count{code="OK",method="StatusList"}`:      2,
	} {
		got, ok := m[name]
		if assert.True(t, ok, "metric %s not exported", name) {
			assert.Equal(t, want, got, name)
		}
	}
	hit, miss := `ndi_revocation_list_cache_requests_total{result="hit"}`, `ndi_revocation_list_cache_requests_total{result="miss"}`
	assert.Equal(t, 1.0, m[hit]-before[hit], "the second fetch is a cache hit")
	assert.Equal(t, 0.0, m[miss]-before[miss], "the second fetch is a cache hit")
	assert.Positive(t, m[miss], "the list was encoded once")
	prefixes := map[string]bool{}
	var cometHeight float64
	for series, v := range m {
		prefixes[strings.SplitN(series, "_", 2)[0]] = true
		if strings.HasPrefix(series, "cometbft_consensus_height{") {
			cometHeight = v
		}
	}
	require.Positive(t, cometHeight, "CometBFT's metrics are served beside ours")
	t.Logf("metric name prefixes served: %v", prefixes)

	checkVersion(t, net, v0, conn)
}

// checkVersion checks the release, commit and Go version wherever a node
// reports them, and that a CLI error names no source file.
func checkVersion(t *testing.T, net *procnet.Network, v0 *procnet.Node, conn *grpc.ClientConn) {
	t.Helper()
	root, err := procnet.RepoRoot()
	require.NoError(t, err)
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	require.NoError(t, err)
	commit := strings.TrimSpace(string(head))

	out, err := exec.Command(net.Binary, "version", "--long", "--output", "json").Output()
	require.NoError(t, err)
	var long struct {
		Name, ServerName, Version, Commit, Go string
	}
	var raw map[string]any
	require.NoError(t, json.Unmarshal(out, &raw), "%s", out)
	long.Name, _ = raw["name"].(string)
	long.ServerName, _ = raw["server_name"].(string)
	long.Version, _ = raw["version"].(string)
	long.Commit, _ = raw["commit"].(string)
	long.Go, _ = raw["go"].(string)
	assert.Equal(t, "ndi", long.Name)
	assert.Equal(t, "ndid", long.ServerName)
	assert.NotEmpty(t, long.Version)
	assert.Equal(t, commit, long.Commit)
	assert.Contains(t, long.Go, runtime.Version())

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	info, err := cmtservice.NewServiceClient(conn).GetNodeInfo(ctx, &cmtservice.GetNodeInfoRequest{})
	require.NoError(t, err)
	av := info.ApplicationVersion
	assert.Equal(t, []string{"ndi", "ndid", long.Version, commit},
		[]string{av.Name, av.AppName, av.Version, av.GitCommit})
	assert.Contains(t, av.GoVersion, runtime.Version())

	var abciInfo struct {
		Result struct {
			Response struct {
				Version string `json:"version"`
			} `json:"response"`
		} `json:"result"`
	}
	res, err := http.Get("http://" + v0.RPCAddr + "/abci_info")
	require.NoError(t, err)
	defer func() { _ = res.Body.Close() }()
	require.NoError(t, json.NewDecoder(res.Body).Decode(&abciInfo))
	assert.Equal(t, long.Version, abciInfo.Result.Response.Version, "RPC /abci_info carries the release")

	// An errorsmod error from the keyring: the message, no "[file.go:line]".
	cmd := exec.Command(net.Binary, "tx", "bank", "send", "nosuch", "ndi1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "1undi",
		"--home", v0.Home, "--keyring-backend", "test", "--chain-id", net.ChainID, "--node", v0.RPCURL())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.Error(t, cmd.Run())
	assert.Contains(t, stderr.String(), "key not found")
	assert.NotContains(t, stderr.String(), ".go:", "no source paths in CLI errors")
}

// scrape returns every series of a Prometheus text exposition by its name
// and labels as printed (labels in the exporter's order, sorted by name).
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer func() { _ = res.Body.Close() }()
	require.Equal(t, http.StatusOK, res.StatusCode)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	series := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		require.Positive(t, i, "malformed line %q", line)
		v, err := strconv.ParseFloat(line[i+1:], 64)
		require.NoError(t, err, "line %q", line)
		series[line[:i]] = v
	}
	require.NoError(t, sc.Err())
	return series
}
