package light

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

const (
	// DefaultTrustingPeriod is two thirds of the chain's default unbonding
	// time (21 days): a validator who signs a false header within it can
	// still be punished.
	DefaultTrustingPeriod = 14 * 24 * time.Hour
	// DefaultMaxRootAge bounds how old the newest state may be for Root to
	// stand for "now": many blocks at the chain's one-second block time, yet
	// too short for a primary to hide a revocation for long.
	DefaultMaxRootAge = time.Minute

	configFile = "light-client.json"
	storeName  = "light" // goleveldb directory <Home>/light.db
	// stagingName is where Init builds a new store before it replaces the
	// old one.
	stagingName = "light-init"
)

// Options configure a verifier's light client. Init stores all but Home and
// Force in <Home>/light-client.json, so Open needs only Home.
type Options struct {
	// Home is the directory for the state, e.g. <ndid home>/verifier.
	Home string
	// ChainID is the chain's id. With a genesis trust root it may be left
	// empty (the genesis names it); if given it must match.
	ChainID string
	// Primary is the CometBFT RPC URL headers are read from, e.g.
	// http://127.0.0.1:26657.
	Primary string
	// Witnesses are CometBFT RPC URLs of other nodes, ideally run by other
	// operators, that cross-check the primary's headers. With none, the
	// primary is its own witness (see Client.Warnings).
	Witnesses []string
	// TrustingPeriod is how long a verified header is trusted (default
	// DefaultTrustingPeriod); it must be shorter than the unbonding time.
	TrustingPeriod time.Duration
	// MaxRootAge is the oldest Client.Root accepts the newest header to be
	// (default DefaultMaxRootAge).
	MaxRootAge time.Duration
	// Force lets Init replace existing state.
	Force bool
}

// config is what Init writes next to the light store.
type config struct {
	ChainID        string    `json:"chain_id"`
	Primary        string    `json:"primary"`
	Witnesses      []string  `json:"witnesses,omitempty"`
	TrustingPeriod string    `json:"trusting_period"`
	MaxRootAge     string    `json:"max_root_age"`
	TrustRoot      rootEntry `json:"trust_root"`
}

// rootEntry records where the trust came from, for a person reading the
// file or the verifier's output.
type rootEntry struct {
	Height int64  `json:"height"`
	Hash   string `json:"hash"`
	// Source is "trust-hash" or "genesis sha256:<hex of the genesis file>".
	Source string `json:"source"`
}

// withDefaults fills defaults and checks every option.
func (o Options) withDefaults() (Options, error) {
	if o.Home == "" {
		return o, fmt.Errorf("%w: home directory is empty", ErrOptions)
	}
	if err := checkRPCURL("primary", o.Primary); err != nil {
		return o, err
	}
	for i, w := range o.Witnesses {
		if err := checkRPCURL(fmt.Sprintf("witness %d", i), w); err != nil {
			return o, err
		}
	}
	if o.TrustingPeriod == 0 {
		o.TrustingPeriod = DefaultTrustingPeriod
	}
	if o.TrustingPeriod < 0 {
		return o, fmt.Errorf("%w: trusting period %s is negative", ErrOptions, o.TrustingPeriod)
	}
	if o.MaxRootAge == 0 {
		o.MaxRootAge = DefaultMaxRootAge
	}
	if o.MaxRootAge < 0 {
		return o, fmt.Errorf("%w: max root age %s is negative", ErrOptions, o.MaxRootAge)
	}
	return o, nil
}

func checkRPCURL(what, raw string) error {
	if raw == "" {
		return fmt.Errorf("%w: %s RPC URL is empty", ErrOptions, what)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tcp") || u.Host == "" {
		return fmt.Errorf("%w: %s RPC URL %q is not http(s)://host:port", ErrOptions, what, raw)
	}
	return nil
}

func configPath(home string) string { return filepath.Join(home, configFile) }
func storePath(home string) string  { return filepath.Join(home, storeName+".db") }

// readConfig reads <home>/light-client.json.
func readConfig(home string) (config, Options, error) {
	bz, err := os.ReadFile(configPath(home))
	if errors.Is(err, os.ErrNotExist) {
		return config{}, Options{}, fmt.Errorf("%w: no %s in %s (run `ndid verifier init`)", ErrNotInitialised, configFile, home)
	}
	if err != nil {
		return config{}, Options{}, fmt.Errorf("%w: %w", ErrStore, err)
	}
	var cfg config
	if err := json.Unmarshal(bz, &cfg); err != nil {
		return config{}, Options{}, fmt.Errorf("%w: %s: %w", ErrStore, configPath(home), err)
	}
	opts := Options{Home: home, ChainID: cfg.ChainID, Primary: cfg.Primary, Witnesses: cfg.Witnesses}
	if opts.TrustingPeriod, err = time.ParseDuration(cfg.TrustingPeriod); err != nil {
		return config{}, Options{}, fmt.Errorf("%w: %s: trusting_period: %w", ErrStore, configPath(home), err)
	}
	if opts.MaxRootAge, err = time.ParseDuration(cfg.MaxRootAge); err != nil {
		return config{}, Options{}, fmt.Errorf("%w: %s: max_root_age: %w", ErrStore, configPath(home), err)
	}
	if opts, err = opts.withDefaults(); err != nil {
		return config{}, Options{}, fmt.Errorf("%s: %w", configPath(home), err)
	}
	if opts.ChainID == "" {
		return config{}, Options{}, fmt.Errorf("%w: %s: chain_id is empty", ErrStore, configPath(home))
	}
	return cfg, opts, nil
}

// writeConfig writes the config through a temporary file, so a crash never
// leaves half a file that Open would misread.
func writeConfig(opts Options, root rootEntry) error {
	cfg := config{
		ChainID:        opts.ChainID,
		Primary:        opts.Primary,
		Witnesses:      opts.Witnesses,
		TrustingPeriod: opts.TrustingPeriod.String(),
		MaxRootAge:     opts.MaxRootAge.String(),
		TrustRoot:      root,
	}
	bz, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	tmp := configPath(opts.Home) + ".tmp"
	if err := os.WriteFile(tmp, append(bz, '\n'), 0o600); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	if err := os.Rename(tmp, configPath(opts.Home)); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	return nil
}

// stateExists reports whether Init already left anything under home.
func stateExists(home string) bool {
	for _, p := range []string{configPath(home), storePath(home)} {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// removeState deletes the state Open reads under home, and nothing else
// there (Init removes its own staging store).
func removeState(home string) error {
	for _, p := range []string{configPath(home), configPath(home) + ".tmp", storePath(home)} {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("%w: %w", ErrStore, err)
		}
	}
	return nil
}
