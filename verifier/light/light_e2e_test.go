//go:build e2e

package light_test

import (
	"context"
	"encoding/hex"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/merkle"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"

	"github.com/ndi-chain/ndi/testutil/lyingproxy"
	"github.com/ndi-chain/ndi/testutil/procnet"
	"github.com/ndi-chain/ndi/verifier/light"
)

// stakingParamsKey is x/staking's params key: present on every chain, so a
// proof of it exercises the app hash without setting any state up.
var stakingParamsKey = []byte{0x51}

// A verifier initialised from the genesis file, or from a header hash a
// person vouches for, gets roots whose app hash is the one the nodes
// committed and against which a real ICS23 proof verifies; reopened from
// disk it still does; and through a lying proxy a forged header is refused
// with the height that failed.
func TestVerifierTrustsTheChainFromGenesisOrAHeaderAndRefusesAForgedHeader(t *testing.T) {
	net := procnet.Start(t, procnet.Options{Validators: 2})
	rpc0, rpc1 := "http://"+net.Nodes[0].RPCAddr, "http://"+net.Nodes[1].RPCAddr
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// Trust from genesis, node 1 witnessing node 0.
	fromGenesis := filepath.Join(t.TempDir(), "verifier")
	start := time.Now()
	require.NoError(t, light.Init(ctx, light.Options{Home: fromGenesis, Primary: rpc0, Witnesses: []string{rpc1}},
		light.TrustGenesis(filepath.Join(net.Nodes[0].Home, "config", "genesis.json"))))
	t.Logf("Init from genesis: %s", time.Since(start))

	start = time.Now()
	c, err := light.Open(ctx, fromGenesis, "")
	require.NoError(t, err)
	t.Logf("Open: %s", time.Since(start))
	require.Empty(t, c.Warnings())
	var root light.Root
	var took []time.Duration
	for range 5 {
		// Each call verifies two headers it has not seen: a new block
		// first, else Root answers from the store.
		require.NoError(t, net.WaitForHeight(root.Height+3, time.Minute))
		start = time.Now()
		root, err = c.Root(ctx)
		require.NoError(t, err)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.Logf("Root() of a new height, 2 validators, 1 witness, 5 calls: min %s, median %s, max %s", took[0], took[2], took[4])
	start = time.Now()
	_, err = c.Root(ctx)
	require.NoError(t, err)
	t.Logf("Root() again at once (headers already verified): %s", time.Since(start))
	require.Equal(t, net.ChainID, root.ChainID)
	requireCommittedAppHash(ctx, t, rpc1, root)
	requireProofVerifies(ctx, t, rpc1, root)

	// Trust from a header hash, read from node 1, node 0 its own witness.
	fromHeader := filepath.Join(t.TempDir(), "verifier")
	h := int64(2)
	commit, err := rpcClient(t, rpc1).Commit(ctx, &h)
	require.NoError(t, err)
	require.NoError(t, light.Init(ctx, light.Options{Home: fromHeader, ChainID: net.ChainID, Primary: rpc0}, light.TrustHeader(2, commit.Hash())))
	byHeader, err := light.Open(ctx, fromHeader, "")
	require.NoError(t, err)
	require.Len(t, byHeader.Warnings(), 1)
	same, err := byHeader.RootAt(ctx, root.Height)
	require.NoError(t, err)
	require.Equal(t, root, same)
	start = time.Now()
	_, err = byHeader.Root(ctx)
	require.NoError(t, err)
	t.Logf("Root() on 2 validators, primary its own witness: %s", time.Since(start))
	byHeader.Close()

	// Reopened from disk.
	c.Close()
	c, err = light.Open(ctx, fromGenesis, "")
	require.NoError(t, err)
	again, err := c.RootAt(ctx, root.Height)
	require.NoError(t, err)
	require.Equal(t, root, again)
	c.Close()

	// A forged header from a lying primary: with the honest witness, and
	// with none.
	for _, lie := range []lyingproxy.Lie{lyingproxy.ForgeAppHash(0), lyingproxy.ForgeValidatorsHash(0)} {
		for home, witness := range map[string]string{fromGenesis: "an honest witness", fromHeader: "no witness"} {
			t.Run(lie.Name+" with "+witness, func(t *testing.T) {
				p, err := lyingproxy.Start(rpc0, lie)
				require.NoError(t, err)
				defer func() { require.NoError(t, p.Close()) }()
				// A height no client has verified yet, so it is fetched.
				latest, err := net.Height(ctx)
				require.NoError(t, err)
				require.NoError(t, net.WaitForHeight(latest+2, time.Minute))

				lying, err := light.Open(ctx, home, p.URL)
				require.NoError(t, err)
				defer lying.Close()
				_, err = lying.Root(ctx)
				require.Positive(t, p.Told(), "the proxy forged a header")
				require.ErrorIs(t, err, light.ErrHeaderNotVerified)
				require.Regexp(t, `^header at height \d+ failed verification: `, err.Error())
				t.Logf("refused: %v", err)
			})
		}
	}

	// The proxy's query lies against a real node: a flipped value no
	// longer verifies against the root.
	p, err := lyingproxy.Start(rpc0, lyingproxy.FlipValueBit("staking", stakingParamsKey))
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Close()) }()
	res, err := rpcClient(t, p.URL).ABCIQueryWithOptions(ctx, "/store/staking/key", stakingParamsKey, rpcclient.ABCIQueryOptions{Height: root.Height, Prove: true})
	require.NoError(t, err)
	require.Equal(t, 1, p.Told())
	require.Error(t, verifyProof(root, res.Response.Value, res.Response.ProofOps))
}

func rpcClient(t *testing.T, addr string) *rpchttp.HTTP {
	t.Helper()
	c, err := rpchttp.New(addr, "/websocket")
	require.NoError(t, err)
	return c
}

// requireCommittedAppHash compares root with the app hash the node's
// application returned for block root.Height (FinalizeBlock), read from
// /block_results rather than from a header.
func requireCommittedAppHash(ctx context.Context, t *testing.T, addr string, root light.Root) {
	t.Helper()
	h := root.Height
	res, err := rpcClient(t, addr).BlockResults(ctx, &h)
	require.NoError(t, err)
	require.Equal(t, hex.EncodeToString(res.AppHash), hex.EncodeToString(root.AppHash))
}

// requireProofVerifies checks an ICS23 proof of x/staking's params at the
// root's height against the root's app hash.
func requireProofVerifies(ctx context.Context, t *testing.T, addr string, root light.Root) {
	t.Helper()
	res, err := rpcClient(t, addr).ABCIQueryWithOptions(ctx, "/store/staking/key", stakingParamsKey, rpcclient.ABCIQueryOptions{Height: root.Height, Prove: true})
	require.NoError(t, err)
	require.Equal(t, root.Height, res.Response.Height)
	require.NotEmpty(t, res.Response.Value)
	require.NoError(t, verifyProof(root, res.Response.Value, res.Response.ProofOps))
}

func verifyProof(root light.Root, value []byte, proofOps *cmtcrypto.ProofOps) error {
	if proofOps == nil {
		return errors.New("no proof")
	}
	var path merkle.KeyPath
	path = path.AppendKey([]byte("staking"), merkle.KeyEncodingURL)
	path = path.AppendKey(stakingParamsKey, merkle.KeyEncodingURL)
	return rootmulti.DefaultProofRuntime().VerifyValue(proofOps, root.AppHash, path.String(), value)
}
