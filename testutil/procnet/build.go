package procnet

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// BinaryEnv names an environment variable that, when set, points at a
// prebuilt ndid binary; Build then uses it instead of compiling.
const BinaryEnv = "PROCNET_NDID"

var (
	buildMu   sync.Mutex
	buildPath string
	buildErr  error
)

// Build compiles ./cmd/ndid once per test process, with the flags of `make
// build` (-trimpath and scripts/ldflags.sh), into
// <repo>/build/test-bin/ndid and returns the binary's path. The build goes
// to a private file that is renamed into place, so concurrent test
// processes never see a half-written binary. If $PROCNET_NDID is set, that
// binary is used instead.
func Build(t testing.TB) string {
	t.Helper()
	path, err := build()
	if err != nil {
		t.Fatalf("procnet: %v", err)
	}
	return path
}

func build() (string, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if buildPath != "" || buildErr != nil {
		return buildPath, buildErr
	}
	buildPath, buildErr = buildOnce()
	return buildPath, buildErr
}

func buildOnce() (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("$%s=%q: %w", BinaryEnv, p, err)
		}
		if _, err := os.Stat(abs); err != nil {
			return "", fmt.Errorf("$%s: %w", BinaryEnv, err)
		}
		return abs, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "build", "test-bin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	return compile(root, filepath.Join(dir, "ndid"), "")
}

// compile builds ./cmd/ndid of the module at root with the given build tags
// (none if empty) into a private file renamed to out.
func compile(root, out, tags string) (string, error) {
	tmp := out + ".tmp-" + strconv.Itoa(os.Getpid())
	// The same flags as `make build` (scripts/ldflags.sh): the nodes report
	// a release and commit, and errors carry no build paths.
	flags, err := ldflags(root)
	if err != nil {
		return "", err
	}
	args := []string{"build", "-trimpath", "-ldflags", flags, "-o", tmp}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	args = append(args, "./cmd/ndid")
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("go %s: %w\n%s", shellJoin(args), err, b)
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("install %s: %w", out, err)
	}
	return out, nil
}

// BuildTagged compiles ./cmd/ndid with the given build tags into
// <repo>/build/test-bin/ndid-<tags> and returns its path: the "new" binary
// of an upgrade test, from the same tree as Build's. It is built on every
// call.
func BuildTagged(t testing.TB, tags string) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatalf("procnet: %v", err)
	}
	dir := filepath.Join(root, "build", "test-bin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("procnet: create %s: %v", dir, err)
	}
	path, err := compile(root, filepath.Join(dir, "ndid-"+strings.ReplaceAll(tags, ",", "-")), tags)
	if err != nil {
		t.Fatalf("procnet: %v", err)
	}
	return path
}

// CosmovisorBinary returns build/tools/cosmovisor, building it with
// `scripts/tools.sh cosmovisor` (the release pinned in
// tools/cosmovisor/go.mod) if it is missing or stale.
func CosmovisorBinary(t testing.TB) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatalf("procnet: %v", err)
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "tools.sh"), "cosmovisor")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("procnet: scripts/tools.sh cosmovisor: %v\n%s", err, out)
	}
	return filepath.Join(root, "build", "tools", "cosmovisor")
}

// ldflags returns the -ldflags of `make build`, from scripts/ldflags.sh.
func ldflags(root string) (string, error) {
	out, err := exec.Command("bash", filepath.Join(root, "scripts", "ldflags.sh")).Output()
	if err != nil {
		return "", fmt.Errorf("scripts/ldflags.sh: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// RepoRoot returns the directory holding the go.mod of the current module,
// found by walking up from the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repo root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("find repo root: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repo root: no go.mod above the working directory")
		}
		dir = parent
	}
}
