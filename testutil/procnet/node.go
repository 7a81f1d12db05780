package procnet

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	cmtrpc "github.com/cometbft/cometbft/rpc/client/http"

	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
)

const (
	stopGrace  = 10 * time.Second // SIGTERM → SIGKILL
	cliTimeout = 2 * time.Minute  // one ndid CLI invocation
)

// Node is one ndid process of a Network: node homes are DIR/node0 …
// DIR/node{N-1}, validators first.
type Node struct {
	Index     int    // position in Network.Nodes
	Name      string // "node0", "node1", …
	Home      string // node home (config/, data/, keyring, node.log)
	LogPath   string // HOME/node.log; stdout and stderr of every run, appended
	Validator bool   // a genesis validator (false for full nodes)
	ChainID   string

	P2PAddr  string // host:port of the CometBFT p2p listener
	RPCAddr  string // host:port of the CometBFT RPC (HTTP)
	GRPCAddr string // host:port of the application's gRPC server
	APIAddr  string // host:port of the REST API
	// PrometheusAddr is host:port of CometBFT's Prometheus listener, which
	// also serves the SDK's and the ndi_ metrics (one process registry).
	PrometheusAddr string

	bin        string      // empty for a Remote node, which this package does not run
	cosmovisor *Cosmovisor // nil unless the node runs under cosmovisor

	mu    sync.Mutex
	proc  *process
	comet *cmtrpc.HTTP // made on first use by cometClient
}

// Remote returns a Node for an ndid process this package did not start
// (a `make localnet` node, as cmd/ndi-bench uses): its RPC-based methods,
// the wait helpers and Sender work; Start, Stop and the CLI do not.
func Remote(name, rpcAddr, chainID string) *Node {
	return &Node{Name: name, RPCAddr: rpcAddr, ChainID: chainID}
}

// cometClient returns the node's CometBFT RPC client, made once, for the
// SDK client code (account and gRPC-over-ABCI queries) a Sender uses.
func (n *Node) cometClient() (*cmtrpc.HTTP, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.comet == nil {
		c, err := cmtrpc.New(n.RPCURL(), "/websocket")
		if err != nil {
			return nil, fmt.Errorf("%s: RPC client: %w", n.Name, err)
		}
		n.comet = c
	}
	return n.comet, nil
}

// process is one run of `ndid start`.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	err  error         // cmd.Wait's result, set before done is closed
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// RPCURL is the node's CometBFT RPC as the CLI's --node flag wants it.
func (n *Node) RPCURL() string { return "tcp://" + n.RPCAddr }

// Start runs `ndid start --home HOME --log_no_color` in the background, appending its
// output to LogPath. It fails if the node is already running. Under
// cosmovisor it runs `cosmovisor run start …` instead: cosmovisor's output
// and the node's both go to LogPath, and the process group (cosmovisor and
// its ndid) is what Stop, Kill, Pause and Resume signal.
func (n *Node) Start() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.proc != nil && !n.proc.exited() {
		return fmt.Errorf("start %s: already running (pid %d)", n.Name, n.proc.cmd.Process.Pid)
	}
	logf, err := os.OpenFile(n.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("start %s: open log: %w", n.Name, err)
	}
	args := []string{"start", "--home", n.Home, "--log_no_color"}
	cmd := exec.Command(n.bin, args...)
	if c := n.cosmovisor; c != nil {
		cmd = exec.Command(c.Binary, append([]string{"run"}, args...)...)
		cmd.Env = c.env(n.Home)
	}
	fmt.Fprintf(logf, "=== procnet: %s %s\n", time.Now().Format(time.RFC3339Nano), shellJoin(cmd.Args))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return fmt.Errorf("start %s: %w", n.Name, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		fmt.Fprintf(logf, "=== procnet: %s exited: %v\n", time.Now().Format(time.RFC3339Nano), p.err)
		_ = logf.Close()
		close(p.done)
	}()
	n.proc = p
	return nil
}

// current returns the latest run, or nil if the node was never started.
func (n *Node) current() *process {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.proc
}

// Running reports whether the node's process has been started and has not
// exited (a paused process is running).
func (n *Node) Running() bool {
	p := n.current()
	return p != nil && !p.exited()
}

// Pid returns the process id of the current run, or 0 if it is not running.
func (n *Node) Pid() int {
	p := n.current()
	if p == nil || p.exited() {
		return 0
	}
	return p.cmd.Process.Pid
}

// ExitError returns how the last run ended: nil while running or never
// started, else cmd.Wait's error (nil for a clean exit).
func (n *Node) ExitError() error {
	p := n.current()
	if p == nil || !p.exited() {
		return nil
	}
	return p.err
}

// Stop sends SIGTERM (and SIGCONT, in case the node is paused) and waits
// for the process to exit, sending SIGKILL after 10s. Stopping a node that
// is not running is a no-op.
func (n *Node) Stop() error {
	p := n.current()
	if p == nil || p.exited() {
		return nil
	}
	if err := n.send(p, syscall.SIGTERM); err != nil && !p.exited() {
		return fmt.Errorf("stop %s: SIGTERM: %w", n.Name, err)
	}
	_ = n.send(p, syscall.SIGCONT)
	select {
	case <-p.done:
		return nil
	case <-time.After(stopGrace):
	}
	return n.kill(p, "did not exit 10s after SIGTERM")
}

// Kill sends SIGKILL and waits for the process to exit.
func (n *Node) Kill() error {
	p := n.current()
	if p == nil || p.exited() {
		return nil
	}
	return n.kill(p, "")
}

func (n *Node) kill(p *process, why string) error {
	if err := n.send(p, syscall.SIGKILL); err != nil && !p.exited() {
		return fmt.Errorf("kill %s: %w", n.Name, err)
	}
	select {
	case <-p.done:
		if why != "" {
			return fmt.Errorf("stop %s: %s; killed", n.Name, why)
		}
		return nil
	case <-time.After(stopGrace):
		return fmt.Errorf("kill %s: pid %d still running 10s after SIGKILL", n.Name, p.cmd.Process.Pid)
	}
}

// Pause freezes the node with SIGSTOP: its ports stay open but it neither
// answers nor votes, like a hung machine.
func (n *Node) Pause() error { return n.signal(syscall.SIGSTOP, "pause") }

// Resume continues a paused node with SIGCONT.
func (n *Node) Resume() error { return n.signal(syscall.SIGCONT, "resume") }

func (n *Node) signal(sig syscall.Signal, what string) error {
	p := n.current()
	if p == nil || p.exited() {
		return fmt.Errorf("%s %s: not running", what, n.Name)
	}
	if err := n.send(p, sig); err != nil {
		return fmt.Errorf("%s %s: %w", what, n.Name, err)
	}
	return nil
}

// send signals the process of run p; under cosmovisor, its process group
// (Start made cosmovisor a group leader), so that the ndid it runs gets the
// signal too: cosmovisor forwards only SIGTERM and SIGQUIT.
func (n *Node) send(p *process, sig syscall.Signal) error {
	if n.cosmovisor != nil {
		return syscall.Kill(-p.cmd.Process.Pid, sig)
	}
	return p.cmd.Process.Signal(sig)
}

// binary is the ndid the CLI runs: under cosmovisor the one it currently
// runs (HOME/cosmovisor/current/bin/ndid), so queries after an upgrade go
// through the new release.
func (n *Node) binary() string {
	if n.cosmovisor != nil {
		return filepath.Join(n.Home, "cosmovisor", "current", "bin", cosmovisorName)
	}
	return n.bin
}

// Height returns the node's latest block height from its RPC /status.
func (n *Node) Height(ctx context.Context) (int64, error) {
	st, err := n.Status(ctx)
	if err != nil {
		return 0, err
	}
	return st.Height, nil
}

// WaitForHeight polls the node until its latest height is at least h. It
// fails early if the process exits (of a node this package runs).
func (n *Node) WaitForHeight(h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last int64
	var lastErr error
	for {
		if n.bin != "" && !n.Running() {
			return fmt.Errorf("%s: waiting for height %d: not running (last exit: %v)", n.Name, h, n.ExitError())
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		got, err := n.Height(ctx)
		cancel()
		if err == nil {
			if got >= h {
				return nil
			}
			last, lastErr = got, nil
		} else {
			lastErr = err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: height %d after %s, want ≥ %d (last error: %v)", n.Name, last, timeout, h, lastErr)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// commands that take --node
var nodeFlagCommands = []string{"query", "q", "tx", "status"}

// CLI runs the ndid binary with args, adding --home HOME and, for query, tx
// and status, --node tcp://RPC unless args already set them. It returns
// stdout; the error carries the exit status and the output.
func (n *Node) CLI(args ...string) ([]byte, error) {
	full := slices.Clone(args)
	if !hasFlag(args, "--home") {
		full = append(full, "--home", n.Home)
	}
	if len(args) > 0 && slices.Contains(nodeFlagCommands, args[0]) && !hasFlag(args, "--node") {
		full = append(full, "--node", n.RPCURL())
	}
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	home := n.Home
	if h, ok := flagValue(args, "--home"); ok {
		home = h
	}
	passphraseFile, err := didKeyPassphraseFile(home)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", n.Name, err)
	}
	cmd := exec.CommandContext(ctx, n.binary(), full...)
	// DID keys are encrypted as an operator's are; the CLI reads their
	// passphrase from the file this variable names.
	cmd.Env = append(os.Environ(), didcli.EnvPassphraseFile+"="+passphraseFile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("%s: ndid %s: %w\nstderr: %s\nstdout: %s",
			n.Name, shellJoin(full), err, bytes.TrimSpace(stderr.Bytes()), bytes.TrimSpace(stdout.Bytes()))
	}
	return stdout.Bytes(), nil
}

// passphraseMu keeps concurrent CLI calls from sealing the keys of one home
// under two different passphrases.
var passphraseMu sync.Mutex

// didKeyPassphraseFile returns HOME/did-key-passphrase, creating it (0600,
// a random passphrase) on first use. It belongs to the home, not to the
// node running the command: a node's CLI may sign with another home's keys.
func didKeyPassphraseFile(home string) (string, error) {
	passphraseMu.Lock()
	defer passphraseMu.Unlock()
	path := filepath.Join(home, "did-key-passphrase")
	// A command may be the one that makes the home (`ndid init --home`).
	if err := os.MkdirAll(home, 0o700); err != nil {
		return "", fmt.Errorf("DID key passphrase: %w", err)
	}
	if _, err := os.Stat(path); err == nil {
		return path, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("DID key passphrase: %w", err)
	}
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(secret)), 0o600); err != nil {
		return "", fmt.Errorf("DID key passphrase: %w", err)
	}
	return path, nil
}

// Query runs `ndid query ARGS -o json` against this node.
func (n *Node) Query(args ...string) ([]byte, error) {
	return n.CLI(append(append([]string{"query"}, args...), "-o", "json")...)
}

// ConsensusAddress returns the hex address of the node's consensus key
// (config/priv_validator_key.json), as CometBFT prints it in commits.
func (n *Node) ConsensusAddress() (string, error) {
	path := filepath.Join(n.Home, "config", "priv_validator_key.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: consensus address: %w", n.Name, err)
	}
	var key struct {
		Address string `json:"address"`
	}
	if err := jsonUnmarshal(raw, &key); err != nil || key.Address == "" {
		return "", fmt.Errorf("%s: consensus address: no address in %s (%v)", n.Name, path, err)
	}
	return normalizeHex(key.Address), nil
}

// flagValue returns the value of flag in args, given as "flag value" or
// "flag=value".
func flagValue(args []string, flag string) (string, bool) {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1], true
		}
		if v, ok := strings.CutPrefix(a, flag+"="); ok {
			return v, true
		}
	}
	return "", false
}

func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || len(a) > len(flag) && a[:len(flag)+1] == flag+"=" {
			return true
		}
	}
	return false
}

func shellJoin(args []string) string {
	var b bytes.Buffer
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a == "" || bytes.ContainsAny([]byte(a), " \t\n\"'\\$") {
			fmt.Fprintf(&b, "%q", a)
		} else {
			b.WriteString(a)
		}
	}
	return b.String()
}

// execOutput runs bin with args and returns its combined output.
func execOutput(ctx context.Context, bin string, args ...string) ([]byte, error) {
	return exec.CommandContext(ctx, bin, args...).CombinedOutput()
}
