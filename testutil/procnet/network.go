package procnet

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ndi-chain/ndi/internal/ports"
)

// DefaultChainID is the chain id Start uses unless Options.ChainID is set.
const DefaultChainID = "ndi-procnet-1"

const (
	startTimeout = 90 * time.Second // until every started node reaches height 2
	logTailLines = 40
)

// Options configures Start.
type Options struct {
	Validators     int           // genesis validators, power 100 each (default 1)
	FullNodes      int           // extra non-validator nodes, homes after the validators'
	StartFullNodes bool          // also start the full nodes (validators always start)
	VotingPeriod   time.Duration // gov voting period (0: the init-files default)
	TimeoutCommit  time.Duration // CometBFT timeout_commit (0: the init-files default)
	ChainID        string        // default DefaultChainID
	Cosmovisor     *Cosmovisor   // run every node under cosmovisor (nil: ndid itself)
	// SnapshotInterval sets app.toml [state-sync] snapshot-interval on
	// every node before it starts (0: the init-files default, none).
	SnapshotInterval int
}

// Cosmovisor has Start lay out each node home for cosmovisor and run the
// nodes through it, as docs/operations.md §4 tells operators to:
// HOME/cosmovisor/genesis/bin/ndid is the network's binary,
// HOME/cosmovisor/upgrades/<plan name>/bin/ndid each upgrade's, and
// HOME/cosmovisor/current the link cosmovisor moves at an upgrade. The
// binaries are symbolic links to the built ones (an operator copies them).
type Cosmovisor struct {
	Binary   string            // the cosmovisor binary (CosmovisorBinary)
	Upgrades map[string]string // plan name → the ndid binary that handles it
}

// cosmovisorName is DAEMON_NAME: the file name of the binaries cosmovisor runs.
const cosmovisorName = "ndid"

// layOut writes the cosmovisor folders of one node home.
func (c *Cosmovisor) layOut(home, genesisBin string) error {
	root := filepath.Join(home, "cosmovisor")
	bins := map[string]string{filepath.Join(root, "genesis"): genesisBin}
	for name, bin := range c.Upgrades {
		bins[filepath.Join(root, "upgrades", name)] = bin
	}
	for _, dir := range slices.Sorted(maps.Keys(bins)) {
		if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
			return fmt.Errorf("cosmovisor layout: %w", err)
		}
		if err := os.Symlink(bins[dir], filepath.Join(dir, "bin", cosmovisorName)); err != nil {
			return fmt.Errorf("cosmovisor layout: %w", err)
		}
	}
	// What `cosmovisor init` does: current starts at genesis.
	if err := os.Symlink(filepath.Join(root, "genesis"), filepath.Join(root, "current")); err != nil {
		return fmt.Errorf("cosmovisor layout: %w", err)
	}
	return nil
}

// env is the environment cosmovisor runs a node with: the binary never
// downloads (the upgrade's binary must already be in place), cosmovisor
// restarts the node on the new binary itself, and it takes no data backup
// (a test network; docs/operations.md §4 says to keep it in production).
func (c *Cosmovisor) env(home string) []string {
	return append(os.Environ(),
		"DAEMON_HOME="+home,
		"DAEMON_NAME="+cosmovisorName,
		"DAEMON_ALLOW_DOWNLOAD_BINARIES=false",
		"DAEMON_RESTART_AFTER_UPGRADE=true",
		"DAEMON_POLL_INTERVAL=300ms",
		"UNSAFE_SKIP_BACKUP=true",
		"COSMOVISOR_COLOR_LOGS=false",
	)
}

// Network is a set of ndid processes sharing one genesis.
type Network struct {
	ChainID    string
	Dir        string  // output dir of init-files: Dir/node0 …
	Binary     string  // ndid binary
	PortOffset int     // --port-offset given to init-files
	Nodes      []*Node // validators first, then full nodes
}

// Start writes a network with `ndid testnet init-files` into t.TempDir() on a
// free block of 127.0.0.1 ports, starts its validators (and full nodes if
// opts.StartFullNodes) and waits up to 90s until each reaches height 2. A
// t.Cleanup stops every process; if the test failed, it first logs the
// last 40 lines of each node's log.
func Start(t testing.TB, opts Options) *Network {
	t.Helper()
	if opts.Validators == 0 {
		opts.Validators = 1
	}
	if opts.Validators < 0 || opts.FullNodes < 0 {
		t.Fatalf("procnet: invalid Options %+v", opts)
	}
	if opts.ChainID == "" {
		opts.ChainID = DefaultChainID
	}
	bin := Build(t)
	dir := t.TempDir()
	total := opts.Validators + opts.FullNodes

	offset, err := pickPortOffset(total)
	if err != nil {
		t.Fatalf("procnet: %v", err)
	}
	args := []string{"testnet", "init-files",
		"--validator-count", strconv.Itoa(opts.Validators),
		"--full-node-count", strconv.Itoa(opts.FullNodes),
		"--output-dir", dir,
		"--chain-id", opts.ChainID,
		"--port-offset", strconv.Itoa(offset),
	}
	if opts.VotingPeriod > 0 {
		args = append(args, "--voting-period", opts.VotingPeriod.String())
	}
	if opts.TimeoutCommit > 0 {
		args = append(args, "--timeout-commit", opts.TimeoutCommit.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	if out, err := execOutput(ctx, bin, args...); err != nil {
		t.Fatalf("procnet: ndid %s: %v\n%s", shellJoin(args), err, out)
	}

	n := &Network{ChainID: opts.ChainID, Dir: dir, Binary: bin, PortOffset: offset}
	for i := range total {
		name := "node" + strconv.Itoa(i)
		home := filepath.Join(dir, name)
		if _, err := os.Stat(filepath.Join(home, "config", "genesis.json")); err != nil {
			t.Fatalf("procnet: init-files did not write %s: %v", name, err)
		}
		p := ports.For(offset, i)
		n.Nodes = append(n.Nodes, &Node{
			Index:          i,
			Name:           name,
			Home:           home,
			LogPath:        filepath.Join(home, "node.log"),
			Validator:      i < opts.Validators,
			ChainID:        opts.ChainID,
			P2PAddr:        hostPort(p.P2P),
			RPCAddr:        hostPort(p.RPC),
			GRPCAddr:       hostPort(p.GRPC),
			APIAddr:        hostPort(p.API),
			PrometheusAddr: hostPort(p.Prometheus),
			bin:            bin,
		})
		if opts.SnapshotInterval > 0 {
			if err := SetConfig(filepath.Join(home, "config", "app.toml"), "state-sync", "snapshot-interval", strconv.Itoa(opts.SnapshotInterval)); err != nil {
				t.Fatalf("procnet: %v", err)
			}
		}
		if c := opts.Cosmovisor; c != nil {
			if err := c.layOut(home, bin); err != nil {
				t.Fatalf("procnet: %s: %v", name, err)
			}
			n.Nodes[i].cosmovisor = c
		}
	}
	t.Cleanup(func() {
		err := n.Stop()
		if t.Failed() {
			n.logTails(t)
		}
		if err != nil {
			t.Errorf("procnet: %v", err)
		}
	})

	for _, node := range n.Nodes {
		if node.Validator || opts.StartFullNodes {
			if err := node.Start(); err != nil {
				t.Fatalf("procnet: %v", err)
			}
		}
	}
	if err := n.WaitForHeight(2, startTimeout); err != nil {
		t.Fatalf("procnet: network did not start: %v", err)
	}
	return n
}

// Validators returns the genesis validators' nodes.
func (n *Network) Validators() []*Node {
	return slices.DeleteFunc(slices.Clone(n.Nodes), func(x *Node) bool { return !x.Validator })
}

// FullNodes returns the non-validator nodes.
func (n *Network) FullNodes() []*Node {
	return slices.DeleteFunc(slices.Clone(n.Nodes), func(x *Node) bool { return x.Validator })
}

// Running returns the nodes whose process is running.
func (n *Network) Running() []*Node {
	return slices.DeleteFunc(slices.Clone(n.Nodes), func(x *Node) bool { return !x.Running() })
}

// WaitForHeight waits until every running node has reached height h, all
// within timeout.
func (n *Network) WaitForHeight(h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	running := n.Running()
	if len(running) == 0 {
		return errors.New("wait for height: no node is running")
	}
	for _, node := range running {
		if err := node.WaitForHeight(h, time.Until(deadline)); err != nil {
			return err
		}
	}
	return nil
}

// Height returns the highest latest height among the running nodes.
func (n *Network) Height(ctx context.Context) (int64, error) {
	var best int64
	var errs []error
	for _, node := range n.Running() {
		h, err := node.Height(ctx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		best = max(best, h)
	}
	if best == 0 {
		return 0, fmt.Errorf("network height: no running node answered: %w", errors.Join(errs...))
	}
	return best, nil
}

// Signed reports whether v's consensus key signed the block at height,
// judged by the commit for that height as served by a running node.
func (n *Network) Signed(ctx context.Context, v *Node, height int64) (bool, error) {
	addr, err := v.ConsensusAddress()
	if err != nil {
		return false, err
	}
	var errs []error
	for _, node := range n.Running() {
		signers, err := node.Signers(ctx, height)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		return slices.Contains(signers, addr), nil
	}
	return false, fmt.Errorf("signed(%s, %d): no running node served the commit: %w", v.Name, height, errors.Join(errs...))
}

// Stop stops every node (in parallel, SIGTERM then SIGKILL after 10s). It
// is safe to call more than once.
func (n *Network) Stop() error { return n.eachAtOnce((*Node).Stop) }

// eachAtOnce runs f on every node in parallel and joins the errors: a
// network is stopped or killed all at once, not one node after another.
func (n *Network) eachAtOnce(f func(*Node) error) error {
	var wg sync.WaitGroup
	errs := make([]error, len(n.Nodes))
	for i, node := range n.Nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f(node)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (n *Network) logTails(t testing.TB) {
	for _, node := range n.Nodes {
		lines, err := tail(node.LogPath, logTailLines)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				t.Logf("procnet: %s: read log: %v", node.Name, err)
			}
			continue
		}
		t.Logf("procnet: last %d lines of %s:\n%s", len(lines), node.LogPath, strings.Join(lines, "\n"))
	}
}

// tail returns up to the last n lines of a file.
func tail(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return lines, sc.Err()
}

func hostPort(p int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(p)) }
