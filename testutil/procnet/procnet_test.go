package procnet

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ndi-chain/ndi/internal/ports"
)

// Unit tests of the harness that need no ndid binary; the network tests
// are in governance_e2e_test.go (build tag e2e).

func fakeNode(t *testing.T, rpc string) *Node {
	t.Helper()
	home := t.TempDir()
	return &Node{Name: "node0", Home: home, LogPath: filepath.Join(home, "node.log"), RPCAddr: rpc}
}

func TestStatusAndSignersParseCometRPC(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/status":
			_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":-1,"result":{"node_info":{"moniker":"node0"},
				"sync_info":{"latest_block_height":"42","catching_up":false},
				"validator_info":{"address":"abcdef01","voting_power":"100"}}}`))
		case "/commit":
			if r.URL.Query().Get("height") != "7" {
				_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":-1,"error":{"code":-32603,"message":"height too high"}}`))
				return
			}
			_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":-1,"result":{"signed_header":{"commit":{"height":"7","signatures":[
				{"block_id_flag":2,"validator_address":"AAAA"},
				{"block_id_flag":1,"validator_address":""},
				{"block_id_flag":3,"validator_address":"CCCC"},
				{"block_id_flag":2,"validator_address":"dddd"}]}},"canonical":true}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	n := fakeNode(t, strings.TrimPrefix(srv.URL, "http://"))
	ctx := context.Background()

	st, err := n.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Height != 42 || st.Moniker != "node0" || st.ValidatorAddress != "ABCDEF01" || st.VotingPower != 100 {
		t.Fatalf("status = %+v", st)
	}
	signers, err := n.Signers(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"AAAA", "DDDD"}; !slices.Equal(signers, want) {
		t.Fatalf("signers = %v, want %v", signers, want)
	}
	if _, err := n.Signers(ctx, 8); err == nil || !strings.Contains(err.Error(), "height too high") {
		t.Fatalf("Signers(8) error = %v, want the RPC error", err)
	}
}

// A home's DID keys are sealed under one passphrase, whichever node's CLI
// opens them (a fresh node signs with another home's keys), and its file is
// private to the owner.
func TestDIDKeyPassphraseFileBelongsToTheHome(t *testing.T) {
	home := t.TempDir()
	first, err := didKeyPassphraseFile(home)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	again, err := didKeyPassphraseFile(home)
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if again != first || string(after) != string(before) || len(before) < 12 {
		t.Fatalf("passphrase file changed or too short: %s %q, then %s %q", first, before, again, after)
	}
	info, err := os.Stat(first)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("passphrase file mode %04o, want 0600", info.Mode().Perm())
	}
}

// A command that makes its home (`ndid init --home <new>`) gets a
// passphrase file there too, in a home private to the owner.
func TestDIDKeyPassphraseFileForAHomeNotYetMade(t *testing.T) {
	home := filepath.Join(t.TempDir(), "fresh0")
	path, err := didKeyPassphraseFile(home)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(home, "did-key-passphrase") {
		t.Fatalf("passphrase file at %s", path)
	}
	info, err := os.Stat(home)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Fatalf("new home mode %04o, want 0700", info.Mode().Perm())
	}
}

func TestConsensusAddressReadsPrivValidatorKey(t *testing.T) {
	n := fakeNode(t, "")
	if err := os.MkdirAll(filepath.Join(n.Home, "config"), 0o755); err != nil {
		t.Fatal(err)
	}
	key := `{"address":"0a1b2c","pub_key":{"type":"tendermint/PubKeyEd25519","value":"x"}}`
	if err := os.WriteFile(filepath.Join(n.Home, "config", "priv_validator_key.json"), []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := n.ConsensusAddress()
	if err != nil || got != "0A1B2C" {
		t.Fatalf("ConsensusAddress() = %q, %v", got, err)
	}
}

func TestProcessLifecycle(t *testing.T) {
	n := fakeNode(t, "")
	n.bin = filepath.Join(t.TempDir(), "fake-ndid")
	script := "#!/bin/sh\necho started \"$@\"\nexec sleep 60\n"
	if err := os.WriteFile(n.bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if n.Running() || n.Stop() != nil || n.Kill() != nil {
		t.Fatal("a never-started node must be stopped, and Stop/Kill no-ops")
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = n.Kill() })
	if !n.Running() || n.Pid() == 0 {
		t.Fatal("not running after Start")
	}
	if err := n.Start(); err == nil {
		t.Fatal("second Start succeeded")
	}
	waitForLog(t, n, 1)
	if err := n.Pause(); err != nil {
		t.Fatal(err)
	}
	// Stop must reach a paused process too.
	start := time.Now()
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	if n.Running() || time.Since(start) > 5*time.Second {
		t.Fatalf("Stop of a paused node: running=%v after %s", n.Running(), time.Since(start))
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	waitForLog(t, n, 2)
	if err := n.Kill(); err != nil {
		t.Fatal(err)
	}
	if n.Running() || n.ExitError() == nil {
		t.Fatalf("after Kill: running=%v exit=%v", n.Running(), n.ExitError())
	}
	if err := n.Resume(); err == nil {
		t.Fatal("Resume of a stopped node succeeded")
	}
}

// waitForLog waits until the fake node has logged its start `want` times.
func waitForLog(t *testing.T, n *Node, want int) {
	t.Helper()
	var log []byte
	for range 100 {
		log, _ = os.ReadFile(n.LogPath)
		if strings.Count(string(log), "started start --home "+n.Home) == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("log does not show %d starts:\n%s", want, log)
}

func TestPickPortOffsetFindsBindablePorts(t *testing.T) {
	k, err := pickPortOffset(5)
	if err != nil {
		t.Fatal(err)
	}
	if k < minOffset || k%100 != 0 || ports.For(k, 4).Prometheus > maxPort {
		t.Fatalf("offset %d out of range", k)
	}
	if !portsFree(k, 5) {
		t.Fatalf("ports at offset %d are not free", k)
	}
	if _, err := pickPortOffset(1000); err == nil {
		t.Fatal("1000 nodes fit below the ephemeral range?")
	}
}

func TestCLIFlagHelpers(t *testing.T) {
	if !hasFlag([]string{"a", "--node=tcp://x"}, "--node") || hasFlag([]string{"--gas-prices", "1"}, "--gas") {
		t.Fatal("hasFlag")
	}
	for _, args := range [][]string{{"tx", "--home", "/h", "--key", "k"}, {"tx", "--home=/h"}} {
		if home, ok := flagValue(args, "--home"); !ok || home != "/h" {
			t.Fatalf("flagValue(%q) = %q, %v", args, home, ok)
		}
	}
	if _, ok := flagValue([]string{"tx", "--home"}, "--home"); ok {
		t.Fatal("flagValue found a value after the last argument")
	}
	var i jsonInt
	for _, in := range []string{`"12"`, `12`} {
		if err := i.UnmarshalJSON([]byte(in)); err != nil || i != 12 {
			t.Fatalf("jsonInt(%s) = %d, %v", in, i, err)
		}
	}
	if got := lastJSONObject([]byte("gas estimate: 5\n{\"txhash\":\"A\"}\n")); string(got) != `{"txhash":"A"}` {
		t.Fatalf("lastJSONObject = %s", got)
	}
}

// The harness builds with the release, commit and names `make build` sets.
func TestLdflagsNameTheReleaseAndCommit(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	flags, err := ldflags(root)
	if err != nil {
		t.Fatal(err)
	}
	const pkg = "github.com/cosmos/cosmos-sdk/version."
	for _, want := range []string{
		"-X " + pkg + "Name=ndi ",
		"-X " + pkg + "AppName=ndid ",
		"-X " + pkg + "Commit=" + strings.TrimSpace(string(head)),
	} {
		if !strings.Contains(flags, want) {
			t.Errorf("ldflags %q lack %q", flags, want)
		}
	}
	if !regexp.MustCompile(`-X ` + regexp.QuoteMeta(pkg) + `Version=\S+ `).MatchString(flags) {
		t.Errorf("ldflags %q set no release", flags)
	}
}

// The cosmovisor layout is what docs/operations.md §4 gives operators: the
// genesis binary, one per plan name, and current at genesis; and the CLI
// runs the binary current points at.
func TestCosmovisorLayoutAndCurrentBinary(t *testing.T) {
	home := t.TempDir()
	bins := t.TempDir()
	old, next := filepath.Join(bins, "ndid"), filepath.Join(bins, "ndid-next")
	c := &Cosmovisor{Binary: filepath.Join(bins, "cosmovisor"), Upgrades: map[string]string{"v9": next}}
	if err := c.layOut(home, old); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(home, "cosmovisor")
	for link, want := range map[string]string{
		filepath.Join(root, "genesis", "bin", "ndid"):        old,
		filepath.Join(root, "upgrades", "v9", "bin", "ndid"): next,
		filepath.Join(root, "current"):                       filepath.Join(root, "genesis"),
	} {
		got, err := os.Readlink(link)
		if err != nil || got != want {
			t.Fatalf("%s -> %q (%v), want %q", link, got, err, want)
		}
	}
	n := &Node{Home: home, bin: old, cosmovisor: c}
	if got, want := n.binary(), filepath.Join(root, "current", "bin", "ndid"); got != want {
		t.Fatalf("binary() = %q, want %q", got, want)
	}
	env := c.env(home)
	for _, want := range []string{"DAEMON_HOME=" + home, "DAEMON_NAME=ndid", "DAEMON_ALLOW_DOWNLOAD_BINARIES=false", "DAEMON_RESTART_AFTER_UPGRADE=true"} {
		if !slices.Contains(env, want) {
			t.Fatalf("cosmovisor env lacks %s", want)
		}
	}
	if err := c.layOut(home, old); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("a second layout over the first: %v, want %v", err, fs.ErrExist)
	}
}
