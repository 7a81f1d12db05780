package light

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	cmtlight "github.com/cometbft/cometbft/light"
	"github.com/cometbft/cometbft/light/provider"
	lighthttp "github.com/cometbft/cometbft/light/provider/http"
	dbs "github.com/cometbft/cometbft/light/store/db"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	cmttypes "github.com/cometbft/cometbft/types"
)

// Root is a state the chain committed to, as proofs need it: the app hash
// of the state after block Height, and the time of block Height (the block
// time the keepers saw when they wrote that state).
type Root struct {
	ChainID string
	Height  int64
	AppHash []byte
	Time    time.Time
}

// TrustRoot is where Init's trust comes from: either a header the user
// vouches for (Height and Hash, `--trust-height/--trust-hash`) or a genesis
// file (Genesis, a path). Build one with TrustHeader or TrustGenesis.
type TrustRoot struct {
	Height  int64
	Hash    []byte
	Genesis string
}

// TrustHeader is a trust root of a header hash the user vouches for.
func TrustHeader(height int64, hash []byte) TrustRoot {
	return TrustRoot{Height: height, Hash: hash}
}

// TrustGenesis is a trust root derived from the genesis file at path.
func TrustGenesis(path string) TrustRoot { return TrustRoot{Genesis: path} }

// rpcTimeout bounds each /status call Root makes (the light provider has
// its own 5s timeout for /commit and /validators).
const rpcTimeout = 5 * time.Second

// Client is an opened verifier light client. Its methods are not safe for
// concurrent use; the on-disk store admits one process at a time.
type Client struct {
	opts      Options
	trust     rootEntry
	primary   string
	witnesses []string // the URLs headers are cross-checked against
	warnings  []string
	db        dbm.DB
	lc        *cmtlight.Client
	now       func() time.Time
}

// Init establishes the trust root, verifies the chain's newest header from
// it, and writes the light-client state under opts.Home. It refuses to
// replace existing state unless opts.Force is set. The new state is built
// aside and replaces the old only once complete: a failed Init, forced or
// not, leaves the home directory as it was.
func Init(ctx context.Context, opts Options, root TrustRoot) (err error) {
	var genesis *Genesis
	if root.Genesis != "" {
		if root.Height != 0 || len(root.Hash) != 0 {
			return fmt.Errorf("%w: give either a genesis file or a trusted height and hash, not both", ErrTrustRoot)
		}
		if genesis, err = ReadGenesis(root.Genesis); err != nil {
			return err
		}
		if opts.ChainID == "" {
			opts.ChainID = genesis.ChainID
		}
		if opts.ChainID != genesis.ChainID {
			return fmt.Errorf("%w: chain id %q is not the genesis chain id %q", ErrOptions, opts.ChainID, genesis.ChainID)
		}
	}
	if opts, err = opts.withDefaults(); err != nil {
		return err
	}
	if opts.ChainID == "" {
		return fmt.Errorf("%w: chain id is empty", ErrOptions)
	}
	if genesis != nil && genesis.UnbondingTime > 0 && opts.TrustingPeriod >= genesis.UnbondingTime {
		return fmt.Errorf("%w: trusting period %s is not shorter than the genesis unbonding time %s", ErrOptions, opts.TrustingPeriod, genesis.UnbondingTime)
	}
	exists := stateExists(opts.Home)
	if exists && !opts.Force {
		return fmt.Errorf("%w: %s holds light-client state (force to replace it)", ErrAlreadyInitialised, opts.Home)
	}
	trust, entry, err := trustOptions(ctx, opts, root, genesis)
	if err != nil {
		return err
	}
	// The new state is built beside the old one and moved into place only
	// when it is complete, so a failed Init (even forced) changes nothing.
	if err := os.MkdirAll(opts.Home, 0o700); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	staging := filepath.Join(opts.Home, stagingName+".db")
	if err := os.RemoveAll(staging); err != nil { // left by an Init that crashed
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(staging)
		}
	}()
	c, err := newClient(opts, entry, "", stagingName)
	if err != nil {
		return err
	}
	defer c.Close()
	c.lc, err = cmtlight.NewClient(ctx, opts.ChainID, trust, c.providerAt(0), c.providers()[1:], dbs.New(c.db, ""), clientOptions()...)
	if err != nil {
		return fmt.Errorf("%w: header at height %d with hash %X: %w", ErrTrustRoot, trust.Height, trust.Hash, err)
	}
	if root.Genesis == "" {
		lb, err := c.lc.TrustedLightBlock(trust.Height)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrStore, err)
		}
		if expires := lb.Time.Add(opts.TrustingPeriod); !c.now().Before(expires) {
			return fmt.Errorf("%w: trusted header at height %d (time %s) is older than the trusting period %s", ErrTrustRoot, trust.Height, lb.Time.UTC().Format(time.RFC3339), opts.TrustingPeriod)
		}
	}
	// Move the trust forward now, so later runs start from a recent header
	// rather than from one that may expire.
	latest, err := c.commonLatestHeight(ctx)
	if err != nil {
		return err
	}
	if latest > trust.Height {
		if _, err := c.verify(ctx, latest); err != nil {
			return err
		}
	}
	c.Close()
	if exists {
		if err := removeState(opts.Home); err != nil {
			return err
		}
	}
	if err := os.Rename(staging, storePath(opts.Home)); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	if err := writeConfig(opts, entry); err != nil {
		_ = removeState(opts.Home)
		return err
	}
	return nil
}

// trustOptions turns a trust root into the light client's TrustOptions,
// checking a genesis root against the primary's first block.
func trustOptions(ctx context.Context, opts Options, root TrustRoot, genesis *Genesis) (cmtlight.TrustOptions, rootEntry, error) {
	if genesis == nil {
		trust := cmtlight.TrustOptions{Period: opts.TrustingPeriod, Height: root.Height, Hash: root.Hash}
		if err := trust.ValidateBasic(); err != nil {
			return trust, rootEntry{}, fmt.Errorf("%w: trusted header: %w", ErrTrustRoot, err)
		}
		return trust, rootEntry{Height: root.Height, Hash: hex.EncodeToString(root.Hash), Source: "trust-hash"}, nil
	}
	primary, err := lighthttp.New(opts.ChainID, opts.Primary)
	if err != nil {
		return cmtlight.TrustOptions{}, rootEntry{}, fmt.Errorf("%w: primary %s: %w", ErrOptions, opts.Primary, err)
	}
	first, err := primary.LightBlock(ctx, genesis.InitialHeight)
	if err != nil {
		return cmtlight.TrustOptions{}, rootEntry{}, fmt.Errorf("%w: the primary did not serve the first block (height %d; a pruned or state-synced node has none, use --trust-height/--trust-hash): %w", ErrTrustRoot, genesis.InitialHeight, err)
	}
	if err := genesis.CheckFirstBlock(first, time.Now(), opts.TrustingPeriod); err != nil {
		return cmtlight.TrustOptions{}, rootEntry{}, err
	}
	trust := cmtlight.TrustOptions{Period: opts.TrustingPeriod, Height: first.Height, Hash: first.Hash()}
	return trust, rootEntry{
		Height: first.Height,
		Hash:   hex.EncodeToString(trust.Hash),
		Source: "genesis sha256:" + hex.EncodeToString(genesis.FileSHA256),
	}, nil
}

// Open reopens the state Init wrote under home. overridePrimary, if not
// empty, replaces the configured primary for this client only.
func Open(_ context.Context, home, overridePrimary string) (*Client, error) {
	cfg, opts, err := readConfig(home)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(storePath(home)); err != nil {
		return nil, fmt.Errorf("%w: no light store %s", ErrNotInitialised, storePath(home))
	}
	c, err := newClient(opts, cfg.TrustRoot, overridePrimary, storeName)
	if err != nil {
		return nil, err
	}
	trusted := dbs.New(c.db, "")
	if last, err := trusted.LastLightBlockHeight(); err != nil || last <= 0 {
		c.Close()
		return nil, fmt.Errorf("%w: light store %s holds no trusted header", ErrNotInitialised, storePath(home))
	}
	c.lc, err = cmtlight.NewClientFromTrustedStore(opts.ChainID, opts.TrustingPeriod, c.providerAt(0), c.providers()[1:], trusted, clientOptions()...)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	return c, nil
}

// newClient opens the store and names the providers; the caller builds the
// light client.
func newClient(opts Options, trust rootEntry, overridePrimary, dbName string) (*Client, error) {
	c := &Client{opts: opts, trust: trust, primary: opts.Primary, now: time.Now}
	if overridePrimary != "" {
		if err := checkRPCURL("primary", overridePrimary); err != nil {
			return nil, err
		}
		c.primary = overridePrimary
	}
	c.witnesses = slices.Clone(opts.Witnesses)
	if len(c.witnesses) == 0 {
		// CometBFT's light client needs a witness. Without an independent
		// one the primary checks itself: fork detection then compares the
		// primary with itself and catches nothing.
		c.witnesses = []string{c.primary}
		c.warnings = append(c.warnings, "no independent witness: a lying primary is caught only by the validators' signatures, not by fork detection, and it can withhold newer headers up to the max root age")
	}
	db, err := dbm.NewGoLevelDB(dbName, opts.Home)
	if err != nil {
		return nil, fmt.Errorf("%w: open %s (is another verifier using it?): %w", ErrStore, filepath.Join(opts.Home, dbName+".db"), err)
	}
	c.db = db
	return c, nil
}

func clientOptions() []cmtlight.Option {
	return []cmtlight.Option{cmtlight.SkippingVerification(cmtlight.DefaultTrustLevel)}
}

// providers returns the primary then the witnesses as light providers.
func (c *Client) providers() []provider.Provider {
	out := make([]provider.Provider, 0, 1+len(c.witnesses))
	for i := range 1 + len(c.witnesses) {
		out = append(out, c.providerAt(i))
	}
	return out
}

// providerAt returns provider i: 0 the primary, then the witnesses. The
// URLs were checked, and lighthttp.New fails only on a bad URL.
func (c *Client) providerAt(i int) provider.Provider {
	addr := c.primary
	if i > 0 {
		addr = c.witnesses[i-1]
	}
	p, err := lighthttp.New(c.opts.ChainID, addr)
	if err != nil {
		panic(fmt.Sprintf("light provider for checked URL %s: %v", addr, err))
	}
	return p
}

// Close releases the on-disk store.
func (c *Client) Close() {
	if c.db != nil {
		_ = c.db.Close()
		c.db = nil
	}
}

// ChainID returns the chain the client follows.
func (c *Client) ChainID() string { return c.opts.ChainID }

// Primary returns the RPC URL headers are read from.
func (c *Client) Primary() string { return c.primary }

// Witnesses returns the RPC URLs headers are cross-checked against (the
// primary itself when none is configured).
func (c *Client) Witnesses() []string { return slices.Clone(c.witnesses) }

// TrustSource describes the trust root Init set: its height, hash and
// source ("trust-hash" or "genesis sha256:<hex>").
func (c *Client) TrustSource() (height int64, hash, source string) {
	return c.trust.Height, c.trust.Hash, c.trust.Source
}

// Warnings says what this client's configuration does not protect against.
func (c *Client) Warnings() []string { return slices.Clone(c.warnings) }

// Root returns the newest state the primary and witnesses all serve, at
// state height H = L-1 for the newest height L they all have: headers L and
// L-1 verified, AppHash from header L, Time from header L-1. It refuses
// (ErrStaleRoot) when header L is older than the max root age.
func (c *Client) Root(ctx context.Context) (Root, error) {
	latest, err := c.commonLatestHeight(ctx)
	if err != nil {
		return Root{}, err
	}
	if latest < 2 {
		return Root{}, fmt.Errorf("%w: the chain is at height %d, no state is committed by a later header yet", ErrUnavailable, latest)
	}
	root, next, err := c.rootAt(ctx, latest-1)
	if err != nil {
		return Root{}, err
	}
	if age := c.now().Sub(next.Time); age > c.opts.MaxRootAge {
		return Root{}, fmt.Errorf("%w: newest header (height %d, time %s) is %s old, more than the max root age %s", ErrStaleRoot, next.Height, next.Time.UTC().Format(time.RFC3339), age.Round(time.Second), c.opts.MaxRootAge)
	}
	return root, nil
}

// RootAt returns the state at height (headers height+1 and height
// verified). It does not check the age of the state.
func (c *Client) RootAt(ctx context.Context, height int64) (Root, error) {
	root, _, err := c.rootAt(ctx, height)
	return root, err
}

func (c *Client) rootAt(ctx context.Context, height int64) (Root, *cmttypes.LightBlock, error) {
	if height < 1 {
		return Root{}, nil, fmt.Errorf("%w: %d", ErrInvalidHeight, height)
	}
	next, err := c.verify(ctx, height+1)
	if err != nil {
		return Root{}, nil, err
	}
	cur, err := c.verify(ctx, height)
	if err != nil {
		return Root{}, nil, err
	}
	// Both are verified; that header H+1 names H as its parent is what
	// makes H+1's app hash the state of the block whose time is H's.
	if !bytes.Equal(next.LastBlockID.Hash, cur.Hash()) {
		return Root{}, nil, &HeaderError{Height: height + 1, Kind: ErrHeaderNotVerified,
			Reason: fmt.Errorf("its parent %X is not the verified header %X at height %d", next.LastBlockID.Hash, cur.Hash(), height)}
	}
	return Root{
		ChainID: c.opts.ChainID,
		Height:  height,
		AppHash: bytes.Clone(next.AppHash),
		Time:    cur.Time,
	}, next, nil
}

// verify has the light client verify the header at height (from the store
// if it already has) and classifies a failure.
func (c *Client) verify(ctx context.Context, height int64) (*cmttypes.LightBlock, error) {
	lb, err := c.lc.VerifyLightBlockAtHeight(ctx, height, c.now())
	if err == nil {
		return lb, nil
	}
	herr := &HeaderError{Height: height, Kind: ErrHeaderNotVerified, Reason: err}
	var expired cmtlight.ErrOldHeaderExpired
	var urlErr *url.Error
	switch {
	case errors.As(err, &expired):
		herr.Expired = true
	case errors.Is(err, cmtlight.ErrNoWitnesses):
		// CometBFT's wording ("please reset light client") hides what
		// happened: the primary was dropped and its only witness promoted.
		herr.Reason = fmt.Errorf("the primary was dropped (it failed or served a bad light block) and no witness was left to cross-check its replacement; configure two or more witnesses: %w", err)
	case errors.Is(err, provider.ErrNoResponse), errors.Is(err, provider.ErrLightBlockNotFound),
		errors.Is(err, provider.ErrHeightTooHigh), errors.Is(err, context.Canceled),
		errors.Is(err, context.DeadlineExceeded), errors.As(err, &urlErr):
		herr.Kind = ErrUnavailable
	}
	return nil, herr
}

// commonLatestHeight returns the lowest of the latest heights the primary
// and the witnesses report: verifying a height a witness does not have yet
// would make the light client wait (2×clock drift + block lag, 30s) for it.
// The reports are not trusted: a provider that understates its height can
// only make the state older, which the max root age bounds; one that
// overstates it makes verification fail.
func (c *Client) commonLatestHeight(ctx context.Context) (int64, error) {
	var lowest int64
	for i, addr := range append([]string{c.primary}, c.witnesses...) {
		if i > 0 && addr == c.primary {
			continue
		}
		h, err := latestHeight(ctx, addr)
		if err != nil {
			return 0, fmt.Errorf("%w: %s /status: %w", ErrUnavailable, addr, err)
		}
		if lowest == 0 || h < lowest {
			lowest = h
		}
	}
	return lowest, nil
}

func latestHeight(ctx context.Context, addr string) (int64, error) {
	rpc, err := rpchttp.NewWithTimeout(addr, "/websocket", uint(rpcTimeout/time.Second))
	if err != nil {
		return 0, err
	}
	st, err := rpc.Status(ctx)
	if err != nil {
		return 0, err
	}
	return st.SyncInfo.LatestBlockHeight, nil
}
