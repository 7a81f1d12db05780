package light

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/lyingproxy"
)

// served starts an RPC server for chain.
func served(t *testing.T, chain *lyingproxy.FakeChain) string {
	t.Helper()
	srv := httptest.NewServer(chain)
	t.Cleanup(srv.Close)
	return srv.URL
}

func lyingPrimary(t *testing.T, upstream string, lie lyingproxy.Lie) *lyingproxy.Proxy {
	t.Helper()
	p, err := lyingproxy.Start(upstream, lie)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, p.Close()) })
	return p
}

func open(t *testing.T, home, primary string) *Client {
	t.Helper()
	c, err := Open(context.Background(), home, primary)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// initFromHeader initialises home from the chain's header 2.
func initFromHeader(t *testing.T, chain *lyingproxy.FakeChain, primary string, witnesses ...string) string {
	t.Helper()
	home := filepath.Join(t.TempDir(), "verifier")
	err := Init(context.Background(), Options{Home: home, ChainID: chain.ChainID(), Primary: primary, Witnesses: witnesses},
		TrustHeader(2, chain.LightBlock(2).Hash()))
	require.NoError(t, err)
	return home
}

// initFromGenesis initialises a home from a genesis file of the chain's
// validators (gen_txs) and returns the home and the file. No chain id is
// given: the genesis names it.
func initFromGenesis(t *testing.T, chain *lyingproxy.FakeChain, primary string) (home, genesis string) {
	t.Helper()
	genesis = writeGenesis(t, genesisSpec{chainID: chain.ChainID(), time: chain.GenesisTime(), genTxs: genTxsOf(chain.ValidatorSet())})
	home = filepath.Join(t.TempDir(), "verifier")
	require.NoError(t, Init(context.Background(), Options{Home: home, Primary: primary}, TrustGenesis(genesis)))
	return home, genesis
}

func requireRootOf(t *testing.T, chain *lyingproxy.FakeChain, root Root, height int64) {
	t.Helper()
	require.Equal(t, Root{
		ChainID: chain.ChainID(),
		Height:  height,
		AppHash: chain.LightBlock(height + 1).AppHash,
		Time:    chain.LightBlock(height).Time,
	}, root)
	require.Equal(t, lyingproxy.AppHash(height+1), root.AppHash)
}

func TestVerifierInitialisedFromATrustedHeaderGetsTheNewestCommittedState(t *testing.T) {
	chain := fakeChain(t, 20)
	url := served(t, chain)
	home := initFromHeader(t, chain, url, url)

	c := open(t, home, "")
	require.Empty(t, c.Warnings(), "a witness is configured")
	root, err := c.Root(context.Background())
	require.NoError(t, err)
	requireRootOf(t, chain, root, 19)

	require.NoError(t, chain.Extend(3))
	root, err = c.Root(context.Background())
	require.NoError(t, err)
	requireRootOf(t, chain, root, 22)

	root, err = c.RootAt(context.Background(), 7)
	require.NoError(t, err)
	requireRootOf(t, chain, root, 7)

	h, hash, source := c.TrustSource()
	require.Equal(t, int64(2), h)
	require.Equal(t, fmt.Sprintf("%x", []byte(chain.LightBlock(2).Hash())), hash)
	require.Equal(t, "trust-hash", source)
}

func TestVerifierInitialisedFromGenesisTrustsTheFirstBlockAndRecordsTheFile(t *testing.T) {
	chain := fakeChain(t, 10)
	url := served(t, chain)
	home, genesis := initFromGenesis(t, chain, url)

	c := open(t, home, "")
	require.Equal(t, chain.ChainID(), c.ChainID())
	require.Equal(t, []string{url}, c.Witnesses())
	require.Len(t, c.Warnings(), 1)
	require.Contains(t, c.Warnings()[0], "no independent witness")
	root, err := c.Root(context.Background())
	require.NoError(t, err)
	requireRootOf(t, chain, root, 9)

	g, err := ReadGenesis(genesis)
	require.NoError(t, err)
	h, hash, source := c.TrustSource()
	require.Equal(t, int64(1), h)
	require.Equal(t, fmt.Sprintf("%x", []byte(chain.LightBlock(1).Hash())), hash)
	require.Equal(t, fmt.Sprintf("genesis sha256:%x", g.FileSHA256), source)
}

func TestInitFromAGenesisTheChainDoesNotMatchLeavesNoState(t *testing.T) {
	chain := fakeChain(t, 5)
	other := fakeChain(t, 1)
	url := served(t, chain)
	home := filepath.Join(t.TempDir(), "verifier")
	genesis := writeGenesis(t, genesisSpec{chainID: chain.ChainID(), time: chain.GenesisTime(), genTxs: genTxsOf(other.ValidatorSet())})
	err := Init(context.Background(), Options{Home: home, Primary: url}, TrustGenesis(genesis))
	require.ErrorIs(t, err, ErrTrustRoot)
	require.ErrorContains(t, err, "is not the hash")
	require.False(t, stateExists(home))
	require.NoDirExists(t, filepath.Join(home, stagingName+".db"))
	_, err = Open(context.Background(), home, "")
	require.ErrorIs(t, err, ErrNotInitialised)
}

func TestInitRefusesWhatCannotBecomeATrustRoot(t *testing.T) {
	chain := fakeChain(t, 5)
	url := served(t, chain)
	genesis := writeGenesis(t, genesisSpec{chainID: chain.ChainID(), time: chain.GenesisTime(), genTxs: genTxsOf(chain.ValidatorSet())})
	cases := []struct {
		name string
		opts Options
		root TrustRoot
		want error
		msg  string
	}{
		{"a header hash the chain does not have", Options{ChainID: "fake-1"}, TrustHeader(2, chain.LightBlock(3).Hash()), ErrTrustRoot, "header at height 2"},
		{"a hash of the wrong size", Options{ChainID: "fake-1"}, TrustHeader(2, []byte{1, 2}), ErrTrustRoot, "hash size"},
		{"no height", Options{ChainID: "fake-1"}, TrustRoot{}, ErrTrustRoot, "zero or negative height"},
		{"both a genesis and a header", Options{}, TrustRoot{Genesis: genesis, Height: 2, Hash: chain.LightBlock(2).Hash()}, ErrTrustRoot, "not both"},
		{"a header older than the trusting period", Options{ChainID: "fake-1", TrustingPeriod: time.Second}, TrustHeader(2, chain.LightBlock(2).Hash()), ErrTrustRoot, "older than the trusting period"},
		{"a genesis older than the trusting period", Options{TrustingPeriod: time.Second}, TrustGenesis(genesis), ErrTrustRoot, "older than the trusting period"},
		{"a chain id the genesis does not name", Options{ChainID: "other-1"}, TrustGenesis(genesis), ErrOptions, `genesis chain id "fake-1"`},
		{"a trusting period not shorter than unbonding", Options{TrustingPeriod: 21 * 24 * time.Hour}, TrustGenesis(genesis), ErrOptions, "unbonding time"},
		{"no chain id with a header root", Options{}, TrustHeader(2, chain.LightBlock(2).Hash()), ErrOptions, "chain id is empty"},
		{"a negative trusting period", Options{ChainID: "fake-1", TrustingPeriod: -time.Hour}, TrustHeader(2, chain.LightBlock(2).Hash()), ErrOptions, "trusting period"},
		{"a negative max root age", Options{ChainID: "fake-1", MaxRootAge: -time.Hour}, TrustHeader(2, chain.LightBlock(2).Hash()), ErrOptions, "max root age"},
		{"a primary that is not a URL", Options{ChainID: "fake-1", Primary: "localhost:26657"}, TrustHeader(2, chain.LightBlock(2).Hash()), ErrOptions, "primary RPC URL"},
		{"a witness that is not a URL", Options{ChainID: "fake-1", Witnesses: []string{""}}, TrustHeader(2, chain.LightBlock(2).Hash()), ErrOptions, "witness 0 RPC URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Home = filepath.Join(t.TempDir(), "verifier")
			if tc.opts.Primary == "" {
				tc.opts.Primary = url
			}
			err := Init(context.Background(), tc.opts, tc.root)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.msg)
			require.False(t, stateExists(tc.opts.Home), "a refused Init leaves nothing behind")
			require.NoDirExists(t, filepath.Join(tc.opts.Home, stagingName+".db"))
		})
	}
	err := Init(context.Background(), Options{ChainID: "fake-1", Primary: url}, TrustHeader(2, chain.LightBlock(2).Hash()))
	require.ErrorIs(t, err, ErrOptions)
	require.ErrorContains(t, err, "home directory is empty")
}

func TestInitDoesNotReplaceExistingStateUnlessForced(t *testing.T) {
	chain := fakeChain(t, 5)
	url := served(t, chain)
	home := initFromHeader(t, chain, url)
	before, err := os.ReadFile(configPath(home))
	require.NoError(t, err)

	opts := Options{Home: home, ChainID: chain.ChainID(), Primary: url}
	err = Init(context.Background(), opts, TrustHeader(3, chain.LightBlock(3).Hash()))
	require.ErrorIs(t, err, ErrAlreadyInitialised)
	after, err := os.ReadFile(configPath(home))
	require.NoError(t, err)
	require.Equal(t, before, after)

	opts.Force = true
	require.NoError(t, Init(context.Background(), opts, TrustHeader(3, chain.LightBlock(3).Hash())))
	h, _, _ := open(t, home, "").TrustSource()
	require.Equal(t, int64(3), h)
}

func TestOpenWithoutStateSaysNotInitialised(t *testing.T) {
	home := t.TempDir()
	_, err := Open(context.Background(), home, "")
	require.ErrorIs(t, err, ErrNotInitialised)

	// A config without a store is not initialised either.
	chain := fakeChain(t, 5)
	initialised := initFromHeader(t, chain, served(t, chain))
	require.NoError(t, os.RemoveAll(storePath(initialised)))
	_, err = Open(context.Background(), initialised, "")
	require.ErrorIs(t, err, ErrNotInitialised)

	require.NoError(t, os.WriteFile(configPath(home), []byte("{"), 0o600))
	_, err = Open(context.Background(), home, "")
	require.ErrorIs(t, err, ErrStore)
}

func TestAReopenedClientAnswersVerifiedHeightsFromDisk(t *testing.T) {
	chain := fakeChain(t, 12)
	srv := httptest.NewServer(chain)
	home := initFromHeader(t, chain, srv.URL)
	c := open(t, home, "")
	root, err := c.Root(context.Background())
	require.NoError(t, err)
	c.Close()

	srv.Close() // no provider answers from here on
	again := open(t, home, "")
	stored, err := again.RootAt(context.Background(), root.Height)
	require.NoError(t, err)
	require.Equal(t, root, stored)

	_, err = again.Root(context.Background())
	require.ErrorIs(t, err, ErrUnavailable)
	_, err = again.RootAt(context.Background(), root.Height+3)
	require.ErrorIs(t, err, ErrUnavailable)
	var herr *HeaderError
	require.ErrorAs(t, err, &herr)
	require.Equal(t, root.Height+4, herr.Height)
	require.ErrorContains(t, err, fmt.Sprintf("header at height %d could not be fetched", root.Height+4))
}

func TestAForgedHeaderFailsVerificationNamingItsHeight(t *testing.T) {
	cases := []struct {
		name string
		lie  lyingproxy.Lie
	}{
		{"a forged app hash", lyingproxy.ForgeAppHash(0)},
		{"a forged validators hash", lyingproxy.ForgeValidatorsHash(0)},
	}
	for _, tc := range cases {
		for _, witness := range []string{"no witness", "an honest witness"} {
			t.Run(tc.name+" with "+witness, func(t *testing.T) {
				chain := fakeChain(t, 10)
				url := served(t, chain)
				var witnesses []string
				if witness == "an honest witness" {
					witnesses = []string{served(t, chain)}
				}
				home := initFromHeader(t, chain, url, witnesses...)
				require.NoError(t, chain.Extend(2))

				p := lyingPrimary(t, url, tc.lie)
				c := open(t, home, p.URL)
				_, err := c.Root(context.Background())
				require.Positive(t, p.Told(), "the proxy forged a header")
				t.Logf("refused: %v", err)
				require.ErrorIs(t, err, ErrHeaderNotVerified)
				var herr *HeaderError
				require.ErrorAs(t, err, &herr)
				require.Equal(t, chain.Height(), herr.Height)
				require.ErrorContains(t, err, fmt.Sprintf("header at height %d failed verification", chain.Height()))
				if witness == "an honest witness" && tc.name == "a forged validators hash" {
					require.ErrorContains(t, err, "no witness was left")
				}

				// The forged header was not stored: an honest primary
				// serves the real one.
				c.Close()
				root, err := open(t, home, url).Root(context.Background())
				require.NoError(t, err)
				requireRootOf(t, chain, root, chain.Height()-1)
			})
		}
	}
}

func TestAStateOlderThanTheMaxRootAgeIsStale(t *testing.T) {
	chain := fakeChain(t, 10)
	url := served(t, chain)
	c := open(t, initFromHeader(t, chain, url), "")
	c.now = func() time.Time { return chain.LightBlock(10).Time.Add(DefaultMaxRootAge + time.Second) }
	_, err := c.Root(context.Background())
	require.ErrorIs(t, err, ErrStaleRoot)
	require.ErrorContains(t, err, "newest header (height 10")

	// A specific height is not "now": RootAt does not judge its age.
	_, err = c.RootAt(context.Background(), 5)
	require.NoError(t, err)
}

func TestATrustedStateOlderThanTheTrustingPeriodHasExpired(t *testing.T) {
	chain := fakeChain(t, 10)
	url := served(t, chain)
	c := open(t, initFromHeader(t, chain, url), "")
	require.NoError(t, chain.Extend(2))
	c.now = func() time.Time { return chain.LightBlock(10).Time.Add(DefaultTrustingPeriod + time.Hour) }
	_, err := c.Root(context.Background())
	require.ErrorIs(t, err, ErrTrustExpired)
	require.ErrorIs(t, err, ErrHeaderNotVerified)
	require.ErrorContains(t, err, "initialise the verifier again")
}

func TestRootAtRefusesAHeightBelowOne(t *testing.T) {
	chain := fakeChain(t, 5)
	c := open(t, initFromHeader(t, chain, served(t, chain)), "")
	_, err := c.RootAt(context.Background(), 0)
	require.ErrorIs(t, err, ErrInvalidHeight)
}

func TestOpenRefusesAnOverridePrimaryThatIsNotAURL(t *testing.T) {
	chain := fakeChain(t, 5)
	home := initFromHeader(t, chain, served(t, chain))
	_, err := Open(context.Background(), home, "not a url")
	require.ErrorIs(t, err, ErrOptions)
}

func TestHeaderErrorKinds(t *testing.T) {
	reason := errors.New("boom")
	unavailable := &HeaderError{Height: 4, Kind: ErrUnavailable, Reason: reason}
	require.ErrorIs(t, unavailable, ErrUnavailable)
	require.NotErrorIs(t, unavailable, ErrHeaderNotVerified)
	require.ErrorIs(t, unavailable, reason)
	require.Equal(t, "header at height 4 could not be fetched: boom", unavailable.Error())
}

func TestTwoClientsCannotShareAStore(t *testing.T) {
	chain := fakeChain(t, 5)
	home := initFromHeader(t, chain, served(t, chain))
	open(t, home, "")
	_, err := Open(context.Background(), home, "")
	require.ErrorIs(t, err, ErrStore)
	require.ErrorContains(t, err, "another verifier")
}

func TestAChainWithoutACommittedStateHasNoRoot(t *testing.T) {
	chain := fakeChain(t, 1)
	home, _ := initFromGenesis(t, chain, served(t, chain))
	_, err := open(t, home, "").Root(context.Background())
	require.ErrorIs(t, err, ErrUnavailable)
	require.ErrorContains(t, err, "chain is at height 1")
}

func TestAHeaderWhoseParentIsNotTheVerifiedHeaderIsRefused(t *testing.T) {
	chain := fakeChain(t, 10)
	c := open(t, initFromHeader(t, chain, served(t, chain)), "")
	// Signed by every validator, so the light client verifies both
	// headers; only the parent link betrays the break.
	require.NoError(t, chain.ExtendUnlinked())
	require.NoError(t, chain.Extend(1))
	_, err := c.RootAt(context.Background(), 10)
	require.ErrorIs(t, err, ErrHeaderNotVerified)
	var herr *HeaderError
	require.ErrorAs(t, err, &herr)
	require.Equal(t, int64(11), herr.Height)
	require.ErrorContains(t, err, "header at height 11 failed verification: its parent")
}

func TestAForcedInitWithABadRootKeepsTheOldState(t *testing.T) {
	chain := fakeChain(t, 5)
	url := served(t, chain)
	home := initFromHeader(t, chain, url)
	err := Init(context.Background(), Options{Home: home, ChainID: chain.ChainID(), Primary: url, Force: true},
		TrustHeader(3, chain.LightBlock(4).Hash()))
	require.ErrorIs(t, err, ErrTrustRoot)
	require.NoDirExists(t, filepath.Join(home, stagingName+".db"))
	h, _, _ := open(t, home, "").TrustSource()
	require.Equal(t, int64(2), h)
}
